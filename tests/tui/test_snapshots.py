"""SVG snapshots of each screen (after a deliberate change: `pytest --snapshot-update`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from marginote.tui.app import MarginoteApp
from tests.conftest import ROOT
from tests.tui.helpers import SIZE, open_first_document, wait_for


@pytest.fixture(autouse=True)
def in_project_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # paths on screen are relative, so snapshots match on any clone


def app() -> MarginoteApp:
    return MarginoteApp([Path("seeds")])


def test_library_screen(snap_compare) -> None:
    async def listed(pilot: Pilot) -> None:
        def described() -> bool:
            tables = pilot.app.screen.query("DataTable")
            return (
                bool(tables)
                and tables.first().row_count > 0
                and str(tables.first().get_row_at(0)[1]) != "…"
            )

        await wait_for(pilot, described)

    assert snap_compare(app(), terminal_size=SIZE, run_before=listed)


def test_reader_screen_with_entities_and_a_claim(snap_compare) -> None:
    async def tagged(pilot: Pilot) -> None:
        await open_first_document(pilot)
        await pilot.press(")", ")", "s", "1")
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(app(), terminal_size=SIZE, run_before=tagged)


def test_edit_dialog(snap_compare) -> None:
    async def editing(pilot: Pilot) -> None:
        await open_first_document(pilot)
        await pilot.press(")", "s", "1", "enter")
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(app(), terminal_size=SIZE, run_before=editing)


def test_help_screen(snap_compare) -> None:
    async def helping(pilot: Pilot) -> None:
        await open_first_document(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(app(), terminal_size=SIZE, run_before=helping)


def test_entities_panel(snap_compare) -> None:
    async def grouped(pilot: Pilot) -> None:
        await open_first_document(pilot)
        await pilot.press("g", "space")  # the panel, and the first type opened on its names
        await pilot.pause()

    assert snap_compare(app(), terminal_size=SIZE, run_before=grouped)
