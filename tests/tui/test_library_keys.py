"""The library's keys as a user types them: home and end go to the first and the last document
(and can be rebound), and every key typed right after / lands in the filter, however fast it is
typed and however busy the app is."""

from __future__ import annotations

import os
from pathlib import Path

from textual.widgets import DataTable, Input

from marginote.tui.app import MarginoteApp
from marginote.tui.screens.help_screen import HelpScreen
from tests.tui.helpers import SIZE, rules_app, typed_at_once, wait_for
from tests.tui.test_help_and_palette import help_text

DOCUMENTS = 80


def library(tmp_path: Path) -> Path:
    folder = tmp_path / "library"
    folder.mkdir()
    for number in range(DOCUMENTS):
        (folder / f"doc{number:02}.txt").write_text(f"Report {number}\n\nSome words {number}.\n")
    return folder


def selected(app: MarginoteApp) -> str:
    table = app.screen.query_one(DataTable)
    return Path(str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)).name


async def test_home_and_end_go_to_the_first_and_the_last_document(tmp_path: Path) -> None:
    app = rules_app([library(tmp_path)])
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one(DataTable)
        await wait_for(pilot, lambda: table.row_count == DOCUMENTS)
        await pilot.press("end")
        assert selected(app) == "doc79.txt"
        await pilot.press("home")
        assert selected(app) == "doc00.txt"
        await pilot.press("pagedown")  # a page further, and back
        assert selected(app) not in ("doc00.txt", "doc01.txt")
        await pilot.press("pageup")
        assert selected(app) == "doc00.txt"
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        shown = help_text(app)
        assert "First document" in shown and "Last document" in shown


async def test_home_and_end_move_in_the_filter_while_it_is_typed_in(tmp_path: Path) -> None:
    app = rules_app([library(tmp_path)])
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one(DataTable)
        await wait_for(pilot, lambda: table.row_count == DOCUMENTS)
        await pilot.press("slash", *"oc7", "home", "d", "end", "/")
        assert app.screen.query_one("#library-filter", Input).value == "doc7/"


async def test_first_and_last_can_be_rebound_in_the_config(tmp_path: Path) -> None:
    Path(os.environ["MARGINOTE_CONFIG"]).write_text(
        '[keys]\n"library.first" = "g"\n"library.last" = "G"\n'
    )
    app = rules_app([library(tmp_path)])
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one(DataTable)
        await wait_for(pilot, lambda: table.row_count == DOCUMENTS)
        await pilot.press("G")
        assert selected(app) == "doc79.txt"
        await pilot.press("g")
        assert selected(app) == "doc00.txt"


async def test_every_key_typed_right_after_slash_reaches_the_filter(tmp_path: Path) -> None:
    app = rules_app([library(tmp_path)])
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one(DataTable)
        await wait_for(pilot, lambda: table.row_count == DOCUMENTS)
        await pilot.press("down")
        typed_at_once(app, "slash", *"doc7", "k", "j")
        field = app.screen.query_one("#library-filter", Input)
        await wait_for(pilot, lambda: field.value == "doc7kj")
        assert field.has_focus
        await pilot.press("backspace", "backspace")
        await wait_for(pilot, lambda: table.row_count == 10)  # doc70 to doc79
        await pilot.press("enter")  # back to the list, on its first row
        assert table.has_focus and selected(app) == "doc70.txt"
