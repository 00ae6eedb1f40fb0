"""The reader's search as a fast typist uses it: every key typed right after / goes into the
search field, never to the text (where x deletes the annotation at the caret), however busy the
app is; a / typed in the field is a /."""

from __future__ import annotations

from marginote.tui.screens.reader import ReaderScreen
from tests.conftest import SEED
from tests.tui.helpers import (
    SIZE,
    open_first_document,
    rules_app,
    stored_records,
    typed_at_once,
    wait_for,
)


async def test_keys_typed_right_after_slash_go_into_the_search() -> None:
    app = rules_app([SEED])
    async with app.run_test(size=SIZE) as pilot:
        view = await open_first_document(pilot)
        await pilot.press(")", "s", "1")  # a tagged sentence, the caret on it
        await wait_for(pilot, lambda: len(stored_records()) == 1)
        caret = view.cursor
        typed_at_once(app, "slash", *"xu/a")
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        await wait_for(pilot, lambda: reader.search_bar.value == "xu/a")
        assert reader.search_bar.has_focus
        assert view.cursor == caret
        await pilot.pause(0.3)
        assert len(stored_records()) == 1  # x did not delete it, u did not undo it
