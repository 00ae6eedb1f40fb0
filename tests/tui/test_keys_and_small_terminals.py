"""Keys that mean one thing, shown where the user looks, and a reader that fits an 80x24
terminal: escape closes the innermost thing first and the footer says so; digits are named by
their labels; the footer keeps Help and Quit at 80 columns; the side panel folds away on a narrow
terminal and comes back over the text; keys can be rebound in the config file."""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

from marginote.tui.app import MarginoteApp
from marginote.tui.screens.library import LibraryScreen
from marginote.tui.screens.reader import ReaderScreen
from tests.conftest import SEED, library_with_seed
from tests.tui.helpers import SIZE, open_first_document, rules_app, stored_records, wait_for

SMALL = (80, 24)


def screen_rows(app: MarginoteApp) -> list[str]:
    """The terminal's rows as text, as a user sees them."""
    rows: dict[float, list[str]] = {}
    for y, text in re.findall(
        r'<text[^>]*y="([0-9.]+)"[^>]*>([^<]*)</text>', app.export_screenshot()
    ):
        rows.setdefault(float(y), []).append(html.unescape(text).replace("\xa0", " "))
    return ["".join(parts) for _, parts in sorted(rows.items())]


def footer(app: MarginoteApp) -> str:
    return " ".join(screen_rows(app)[-1].split())


async def test_escape_closes_the_innermost_thing_and_the_footer_says_what_it_will_do() -> None:
    app = rules_app([SEED])
    async with app.run_test(size=SIZE) as pilot:
        view = await open_first_document(pilot)
        assert "esc Library" in footer(app)
        await pilot.press("v", "right", "right")
        assert view.selection is not None
        assert "esc Clear selection" in footer(app)
        await pilot.press("escape")
        assert view.selection is None and isinstance(app.screen, ReaderScreen)

        await pilot.press("g")  # the entities panel has the focus
        assert "esc Back to text" in footer(app)
        await pilot.press("escape")
        assert view.has_focus and isinstance(app.screen, ReaderScreen)

        await pilot.press("slash", *"Musk")
        assert "esc Close search" in footer(app)
        await pilot.press("escape")
        assert view.has_focus and isinstance(app.screen, ReaderScreen)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))


async def test_digits_are_named_by_their_labels_and_help_and_quit_fit_80_columns() -> None:
    app = rules_app([SEED])
    async with app.run_test(size=SMALL) as pilot:
        await open_first_document(pilot)
        shown = footer(app)
        assert "1 claim" in shown and "Tag 1" not in shown
        assert "? Help" in shown and "^q Quit" in shown
        await pilot.resize_terminal(*SIZE)
        await pilot.pause()
        shown = footer(app)
        assert "1 claim" in shown and "2 evidence" in shown
        assert "? Help" in shown and "^q Quit" in shown


async def test_the_side_panel_folds_away_on_a_narrow_terminal_and_comes_back_over_the_text() -> (
    None
):
    app = rules_app([SEED])
    async with app.run_test(size=SMALL) as pilot:
        view = await open_first_document(pilot)
        side = app.screen.query_one("#side")
        assert not side.display or side.region.width == 0
        assert view.region.width >= 78  # the text has the whole width
        await pilot.press(")", "s", "1", "a")  # a: the annotations, over the text
        await pilot.pause()
        assert side.display and side.region.width > 0 and side.has_focus_within
        assert any("claim" in row for row in screen_rows(app))
        assert view.region.width >= 78  # laid over the text, which keeps its width
        await pilot.press("escape")
        await pilot.pause()
        assert side.region.width == 0 and view.has_focus


async def test_a_key_rebound_in_the_config_file_does_the_action(tmp_path: Path) -> None:
    Path(os.environ["MARGINOTE_CONFIG"]).write_text('[keys]\n"reader.undo" = "z"\n')
    app = rules_app([SEED])
    async with app.run_test(size=SIZE) as pilot:
        await open_first_document(pilot)
        await pilot.press(")", "s", "1")
        assert len(stored_records()) == 1
        assert "z Undo" in footer(app)
        await pilot.press("z")
        await wait_for(pilot, lambda: not stored_records())


async def test_an_unknown_key_binding_in_the_config_is_named_and_the_rest_work() -> None:
    Path(os.environ["MARGINOTE_CONFIG"]).write_text('[keys]\n"reader.nope" = "z"\n')
    app = rules_app([SEED])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert any("reader.nope" in n.message for n in app._notifications)


async def test_reloading_a_changed_file_keeps_a_word_count_in_the_header(tmp_path: Path) -> None:
    library = library_with_seed(tmp_path)
    app = MarginoteApp([library])
    async with app.run_test(size=SIZE) as pilot:
        # The words come from the library's description of the file (read in a thread).
        await wait_for(pilot, lambda: all(i.size >= 0 for i in app.screen.infos.values()))
        await open_first_document(pilot)
        assert "462 words" in screen_rows(app)[0]
        with (library / SEED.name).open("a", encoding="utf-8") as file:
            file.write("\nTwo more.\n")
        app.screen.check_file()
        await pilot.press("r")
        await wait_for(pilot, lambda: "464 words" in screen_rows(app)[0])
