"""Helpers shared by the Pilot and snapshot tests."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

from textual import events
from textual.pilot import Pilot
from textual.widgets import ProgressBar

from marginote.annotations.entities import RuleRecognizer
from marginote.annotations.store import DocumentFiles
from marginote.tui.app import MarginoteApp
from marginote.tui.screens.reader import ReaderScreen
from marginote.tui.widgets.document_view import DocumentView

SIZE = (120, 40)


def rules_app(paths: list[Path]) -> MarginoteApp:
    """An app whose recogniser is the rule-based one (fast to load, for tests of other things)."""
    return MarginoteApp(paths, recognizer_loader=lambda: (RuleRecognizer(), None))


async def wait_for(pilot: Pilot, condition, timeout: float = 30.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise TimeoutError("condition not met in time")
        await pilot.pause(0.05)


async def open_first_document(pilot: Pilot) -> DocumentView:
    """From the library, press enter and wait until entity recognition has finished."""
    app = pilot.app
    await wait_for(
        pilot, lambda: app.screen.query("DataTable") and app.screen.query_one("DataTable").row_count
    )
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
    await wait_for(
        pilot, lambda: app.screen.query_one("#ner-progress", ProgressBar).has_class("done")
    )
    await pilot.pause()
    return app.screen.query_one(DocumentView)


def notifications(app: MarginoteApp) -> str:
    """Every notification the app has shown, one per line."""
    return "\n".join(n.message for n in app._notifications)


def stored_records() -> list[dict[str, Any]]:
    """Every annotation record in the store's files under $MARGINOTE_DATA_DIR (each document's
    TinyDB snapshot and the journal of changes since), read from disk."""
    records: list[dict[str, Any]] = []
    folder = Path(os.environ["MARGINOTE_DATA_DIR"]) / "annotations"
    names = {p.stem for p in folder.glob("*.json")} | {p.stem for p in folder.glob("*.journal")}
    for name in sorted(names) if folder.exists() else []:
        files = DocumentFiles(folder / f"{name}.json")
        files.refresh()
        records.extend(files.data["annotations"].values())
    return records


def typed_at_once(app: MarginoteApp, *keys: str) -> None:
    """Keys queued all at once, as a fast typist (or a paste) sends them while the app is
    busy: none is handled before the next one arrives."""
    assert app._driver is not None
    for key in keys:
        event = events.Key(key, "/" if key == "slash" else key if len(key) == 1 else None)
        event.set_sender(app)
        app._driver.send_message(event)
