"""SVG snapshots of each screen and every dialog, at 120x40 and at 80x24 (after a deliberate
change: `pytest --snapshot-update`, then look at the new pictures)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from textual.command import CommandList
from textual.pilot import Pilot

from marginote.tui.app import MarginoteApp
from marginote.tui.screens.import_dialog import ImportDialog
from marginote.tui.widgets.key_footer import KeyFooter
from tests.conftest import ROOT
from tests.tui.helpers import SIZE, open_first_document, wait_for


@pytest.fixture(autouse=True)
def in_project_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # paths on screen are relative, so snapshots match on any clone


#: The sizes every screen and dialog is checked at: a roomy terminal and the classic one.
SIZES = pytest.mark.parametrize("size", [SIZE, (80, 24)], ids=["120x40", "80x24"])


def offered(pilot: Pilot, prompt: str) -> bool:
    """Whether the command palette's highlighted command starts with ``prompt``."""
    lists = pilot.app.screen.query(CommandList)
    if not lists or (index := lists.first().highlighted) is None:
        return False
    return str(lists.first().get_option_at_index(index).prompt).startswith(prompt)


def app() -> MarginoteApp:
    return MarginoteApp([Path("seeds")])


@SIZES
def test_library_screen(snap_compare, size: tuple[int, int]) -> None:
    async def listed(pilot: Pilot) -> None:
        def described() -> bool:
            tables = pilot.app.screen.query("DataTable")
            return (
                bool(tables)
                and tables.first().row_count > 0
                and str(tables.first().get_row_at(0)[1]) != "…"
            )

        await wait_for(pilot, described)

    assert snap_compare(app(), terminal_size=size, run_before=listed)


@SIZES
def test_reader_screen_with_entities_and_a_claim(snap_compare, size: tuple[int, int]) -> None:
    async def tagged(pilot: Pilot) -> None:
        await open_first_document(pilot)
        await pilot.press(")", ")", "s", "1")
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(app(), terminal_size=size, run_before=tagged)


@SIZES
def test_edit_dialog(snap_compare, size: tuple[int, int]) -> None:
    async def editing(pilot: Pilot) -> None:
        await open_first_document(pilot)
        await pilot.press(")", "s", "1")
        pilot.app.clear_notifications()
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(app(), terminal_size=size, run_before=editing)


@SIZES
def test_help_screen(snap_compare, size: tuple[int, int]) -> None:
    async def helping(pilot: Pilot) -> None:
        await open_first_document(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(app(), terminal_size=size, run_before=helping)


@SIZES
def test_entities_panel(snap_compare, size: tuple[int, int]) -> None:
    async def grouped(pilot: Pilot) -> None:
        await open_first_document(pilot)
        await pilot.press("g", "space")  # the panel, and the first type opened on its names
        await pilot.pause()

    assert snap_compare(app(), terminal_size=size, run_before=grouped)


@SIZES
def test_edit_dialog_asking_before_discarding(snap_compare, size: tuple[int, int]) -> None:
    async def asking(pilot: Pilot) -> None:
        await open_first_document(pilot)
        await pilot.press(")", "s", "1")
        pilot.app.clear_notifications()
        await pilot.press("enter", "tab", *"Checked FDA briefing", "escape")
        await pilot.pause()

    assert snap_compare(app(), terminal_size=size, run_before=asking)


@SIZES
def test_verdict_picker(snap_compare, size: tuple[int, int]) -> None:
    async def picking(pilot: Pilot) -> None:
        await open_first_document(pilot)
        await pilot.press(")", "s", "1")
        pilot.app.clear_notifications()
        await pilot.press("V")
        await pilot.pause()

    assert snap_compare(app(), terminal_size=size, run_before=picking)


@SIZES
def test_annotation_picker(
    snap_compare, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Enter on a sentence tagged by the user and, in an import, by a teammate."""
    monkeypatch.setenv("MARGINOTE_AUTHOR", "me")

    async def asking(pilot: Pilot) -> None:
        from marginote.annotations.paths import data_dir
        from marginote.annotations.store import AnnotationStore

        view = await open_first_document(pilot)
        await pilot.press(")", "s", "1")
        await wait_for(pilot, lambda: bool(pilot.app.screen.annotations))
        [mine] = pilot.app.screen.annotations
        theirs = replace(mine, id="alice-1", author="alice", note="Kremlin transcript, 4 Oct")
        AnnotationStore(data_dir()).save(theirs)
        pilot.app.screen.reload_annotations()
        view.move_to(mine.start)
        pilot.app.clear_notifications()
        await pilot.press("enter")
        footer = pilot.app.screen_stack[-2].query_one(KeyFooter)  # the reader's, under it
        await wait_for(pilot, lambda: footer.settled)

    assert snap_compare(app(), terminal_size=size, run_before=asking)


@SIZES
def test_entity_type_dialog(snap_compare, size: tuple[int, int]) -> None:
    async def relabelling(pilot: Pilot) -> None:
        view = await open_first_document(pilot)
        view.move_to(view.document.text.index("Dmitry Peskov"))
        await pilot.press("L")
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(app(), terminal_size=size, run_before=relabelling)


@SIZES
def test_import_dialog(snap_compare, size: tuple[int, int]) -> None:
    async def importing(pilot: Pilot) -> None:
        await open_first_document(pilot)
        await pilot.press("ctrl+p", *"import annotations")
        await wait_for(pilot, lambda: offered(pilot, "Import annotations"))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ImportDialog))
        pilot.app.clear_notifications()
        # The reader's footer under the dialog is rebuilt once the dialog is up: a picture taken
        # before that passed or failed with the machine's load.
        footer = pilot.app.screen_stack[-2].query_one(KeyFooter)
        await wait_for(pilot, lambda: footer.settled)

    assert snap_compare(app(), terminal_size=size, run_before=importing)
