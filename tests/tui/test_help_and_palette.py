"""The help screen lists every key of the screen in use; the palette reaches every action,
document and annotation."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console
from textual.widgets import Static

from marginote.tui.app import MarginoteApp
from marginote.tui.screens.help_screen import HelpScreen
from marginote.tui.screens.reader import ReaderScreen
from tests.conftest import SEED, library_with_seed
from tests.tui.helpers import SIZE, open_first_document, rules_app, wait_for


def help_text(app: MarginoteApp) -> str:
    """What the help screen's widgets hold, as plain text."""
    console = Console(width=100, record=True, file=io.StringIO())
    for static in app.screen.query(Static):
        console.print(static.content)
    return console.export_text()


async def test_question_mark_lists_every_key_of_the_reader() -> None:
    app = rules_app([SEED])
    async with app.run_test(size=SIZE) as pilot:
        await open_first_document(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        shown = help_text(app)
        for expected in ("Next paragraph", "Snap selection to words", "claim", "Delete", "Search"):
            assert expected in shown
        assert "Reading and selecting" in shown and "Reader" in shown and "Everywhere" in shown
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen)


async def test_palette_jumps_to_an_annotation_and_opens_another_document(tmp_path: Path) -> None:
    library = library_with_seed(tmp_path, "a-seed.txt")
    (library / "b-notes.txt").write_text("Second document about Kyiv.\n")
    app = rules_app([library])
    async with app.run_test(size=SIZE) as pilot:
        view = await open_first_document(pilot)
        await pilot.press(")", ")", "s", "1", "home")
        assert view.cursor == 0
        await pilot.press("ctrl+p", *"go to claim", "enter")
        await wait_for(pilot, lambda: view.cursor == view.document.text.index("Putin spokesman"))
        await pilot.press("ctrl+p", *"open b-notes", "enter")
        await wait_for(
            pilot,
            lambda: (
                isinstance(app.screen, ReaderScreen)
                and app.screen.document.path.name == "b-notes.txt"
            ),
        )


async def test_palette_finds_an_annotation_by_a_word_at_the_end_of_its_quote_or_note() -> None:
    app = rules_app([SEED])
    async with app.run_test(size=SIZE) as pilot:
        view = await open_first_document(pilot)
        text = view.document.text
        start = text.index("After more than 2.7 million votes")
        view.move_to(start)
        await pilot.press("s", "1", "home")  # the sentence ends "...given sizeable groups..."
        assert text.index("bots") - start > 60  # past what the palette shows of the quote
        await pilot.press("ctrl+p", *"bots attempting")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await wait_for(pilot, lambda: view.cursor == start)
