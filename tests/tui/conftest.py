"""Fixtures for the Pilot tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from marginote.tui.app import MarginoteApp


@pytest.fixture
def shown_notifications(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Keep every notification an app shows (``app.shown``), also after it timed out: on a
    loaded machine a 3-second toast can be gone before a test looks for it."""
    notify = MarginoteApp.notify

    def recording(self: MarginoteApp, message: str, **options: Any) -> None:
        self.__dict__.setdefault("shown", []).append(message)
        notify(self, message, **options)

    monkeypatch.setattr(MarginoteApp, "notify", recording)
    yield
