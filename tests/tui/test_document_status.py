"""A document's status (new, in progress, done, skipped) is set by a key in the library and the
reader, shown in the library, and kept."""

from __future__ import annotations

import os
from pathlib import Path

from textual.widgets import DataTable, TextArea

from marginote.annotations.documents import load_document
from marginote.annotations.status import StatusBook
from marginote.tui.app import MarginoteApp
from marginote.tui.screens.library import LibraryScreen
from tests.conftest import SEED, library_with_seed
from tests.tui.helpers import SIZE, notifications, open_first_document, rules_app, wait_for


def title_cell(app: MarginoteApp) -> str:
    table = app.screen.query_one(DataTable)
    return str(table.get_row_at(0)[0])


async def test_the_status_key_sets_and_shows_the_status(tmp_path: Path) -> None:
    library = library_with_seed(tmp_path)
    doc = load_document(SEED)
    app = rules_app([library])
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: title_cell(app).startswith(doc.title[:10]))
        await pilot.press("D")
        await wait_for(pilot, lambda: title_cell(app).startswith("◐ "))
        assert "in progress" in notifications(app)
        await open_first_document(pilot)
        await pilot.press("D")  # in the reader: done
        await wait_for(pilot, lambda: "done" in notifications(app))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))
        await wait_for(pilot, lambda: title_cell(app).startswith("✓ "))
    book = StatusBook(Path(os.environ["MARGINOTE_DATA_DIR"]))
    assert book.get(doc.sha256) == "done"


async def test_the_annotation_at_the_caret_grows_and_shrinks_a_word_at_a_time() -> None:
    from tests.tui.helpers import stored_records

    app = rules_app([SEED])
    async with app.run_test(size=SIZE) as pilot:
        view = await open_first_document(pilot)
        text = view.document.text
        start = text.index("Presidency")
        view.move_to(start)
        await pilot.press(*["shift+right"] * len("Presidency"), "4")
        [record] = stored_records()
        assert record["quote"] == "Presidency"
        await pilot.press("enter")  # give it a note, which resizing keeps
        await pilot.pause()
        app.screen.query_one("#edit-note", TextArea).text = "mine"
        await pilot.press("ctrl+s")
        await pilot.pause()
        view.move_to(start + 2)
        await pilot.press("greater_than_sign")  # the rest of the word
        await wait_for(pilot, lambda: stored_records()[0]["quote"] == "Presidency’s")
        await pilot.press("greater_than_sign")  # a word more at the end
        await wait_for(pilot, lambda: stored_records()[0]["quote"] == "Presidency’s office")
        assert stored_records()[0]["note"] == "mine"
        await pilot.press("full_stop")  # a word less: each press one step
        await wait_for(pilot, lambda: stored_records()[0]["quote"] == "Presidency’s")
        await pilot.press("u")  # undo takes back that step only
        await wait_for(pilot, lambda: stored_records()[0]["quote"] == "Presidency’s office")
