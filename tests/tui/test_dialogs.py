"""The edit dialog loses nothing typed and shows everything it holds: escape and ctrl+q ask
before dropping changes, the claimant saved is the one shown, and at 80x24 the focused field
and the buttons are on screen."""

from __future__ import annotations

from textual.widgets import Button, TextArea

from marginote.tui.screens.discard_dialog import DiscardChanges
from marginote.tui.screens.edit_dialog import EditDialog
from marginote.tui.screens.reader import ReaderScreen
from tests.conftest import SEED
from tests.tui.helpers import SIZE, open_first_document, rules_app, stored_records, wait_for

SMALL = (80, 24)


async def test_escape_with_a_typed_note_asks_and_saving_keeps_it() -> None:
    app = rules_app([SEED])
    async with app.run_test(size=SIZE) as pilot:
        await open_first_document(pilot)
        await pilot.press(")", "s", "1", "enter")
        assert isinstance(app.screen, EditDialog)
        await pilot.press("tab", *"Checked FDA briefing p.42", "escape")
        assert isinstance(app.screen, DiscardChanges)  # asked, not closed
        await pilot.press("escape")  # keep editing
        assert isinstance(app.screen, EditDialog)
        assert app.screen.query_one("#edit-note", TextArea).text == "Checked FDA briefing p.42"
        await pilot.press("escape", "s")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
        [record] = stored_records()
        assert record["note"] == "Checked FDA briefing p.42"


async def test_escape_can_discard_and_without_changes_closes_at_once() -> None:
    app = rules_app([SEED])
    async with app.run_test(size=SIZE) as pilot:
        await open_first_document(pilot)
        await pilot.press(")", "s", "1", "enter", "escape")
        assert isinstance(app.screen, ReaderScreen)  # nothing typed: nothing to ask
        await pilot.press("enter", "tab", *"draft", "escape", "d")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
        [record] = stored_records()
        assert record["note"] == ""


async def test_ctrl_q_with_changes_in_a_dialog_asks_before_quitting() -> None:
    app = rules_app([SEED])
    async with app.run_test(size=SIZE) as pilot:
        await open_first_document(pilot)
        await pilot.press(")", "s", "1", "enter", "tab", *"half a thought", "ctrl+q")
        assert isinstance(app.screen, DiscardChanges)
        await pilot.press("escape")
        assert isinstance(app.screen, EditDialog) and app.is_running
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
        assert stored_records()[0]["note"] == "half a thought"
        await pilot.press("ctrl+q")  # nothing unsaved: quits at once
        await wait_for(pilot, lambda: not app.is_running)


async def test_the_claimant_saved_is_the_completion_shown() -> None:
    app = rules_app([SEED])
    async with app.run_test(size=SIZE) as pilot:
        view = await open_first_document(pilot)
        view.move_to(view.document.text.index("Putin spokesman"))
        await pilot.press("s", "1", "enter")
        dialog = app.screen
        assert isinstance(dialog, EditDialog)
        dialog.query_one("#edit-claimant").focus()
        await pilot.press("D", "m")
        await pilot.pause(0.3)  # the suggester answers in a worker
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
        assert stored_records()[0]["attrs"]["claimant"] == "Dmitry Peskov"


async def test_at_80x24_every_focused_field_and_the_buttons_are_on_screen() -> None:
    app = rules_app([SEED])
    async with app.run_test(size=SMALL) as pilot:
        await open_first_document(pilot)
        await pilot.press(")", "s", "1", "enter")
        dialog = app.screen
        assert isinstance(dialog, EditDialog)
        screen_region = dialog.region
        for _ in range(10):  # every field in turn, and round again
            focused = app.focused
            assert focused is not None
            assert focused.region.area and screen_region.contains_region(focused.region)
            for button in dialog.query(Button):
                assert button.region.area and screen_region.contains_region(button.region)
            await pilot.press("tab")
            await pilot.pause()
        title = str(dialog.query_one("#edit-heading").render())
        assert "claim" in title and "Musk pushed back" in title and "–" not in title


async def test_a_verdict_in_one_keypress_and_from_the_palette() -> None:
    from marginote.tui.screens.verdict_picker import VerdictPicker

    app = rules_app([SEED])
    async with app.run_test(size=SMALL) as pilot:
        await open_first_document(pilot)
        await pilot.press(")", "s", "1", "V")
        assert isinstance(app.screen, VerdictPicker)
        await pilot.press("4")  # the default scale's fourth: mostly false
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
        assert stored_records()[0]["attrs"]["verdict"] == "mostly false"
        await pilot.press("ctrl+p", *"verdict")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, VerdictPicker))
        await pilot.press("0")  # clears it
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
        assert "verdict" not in stored_records()[0]["attrs"]


async def test_toasts_cut_quotes_at_word_boundaries() -> None:
    from tests.tui.helpers import notifications

    app = rules_app([SEED])
    async with app.run_test(size=SIZE) as pilot:
        await open_first_document(pilot)
        await pilot.press(")", "s", "1", "x")
        deleted = notifications(app).splitlines()[-1]
        quote = deleted.split("“", 1)[1].rstrip("”")
        assert quote.endswith("…")
        words = quote[:-1].split()
        sentence = "Musk pushed back against the avalanche of detractors, explaining that he’s"
        assert sentence.startswith(" ".join(words))
        assert sentence[len(" ".join(words))] == " "  # cut between words
