"""Closing a document folds its journal into its snapshot in the background (issue 19): on going
back to the library, and on quitting with the document open."""

from __future__ import annotations

import os
from pathlib import Path

from marginote.annotations.documents import load_document
from marginote.tui.screens.library import LibraryScreen
from tests.conftest import SEED
from tests.tui.helpers import SIZE, open_first_document, rules_app, wait_for


def files_of(sha256: str) -> tuple[Path, Path]:
    folder = Path(os.environ["MARGINOTE_DATA_DIR"]) / "annotations"
    return folder / f"{sha256}.json", folder / f"{sha256}.journal"


def text(path: Path) -> str:
    return path.read_text() if path.exists() else ""


async def test_going_back_to_the_library_folds_the_document() -> None:
    snapshot, journal = files_of(load_document(SEED).sha256)
    app = rules_app([SEED])
    async with app.run_test(size=SIZE) as pilot:
        await open_first_document(pilot)
        await pilot.press(")", "s", "1")
        tagged = app.screen.annotations[0]
        assert journal.stat().st_size > 0 and tagged.id not in text(snapshot)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))
        await wait_for(pilot, lambda: journal.stat().st_size == 0, 10)
        assert tagged.id in snapshot.read_text()


async def test_quitting_with_the_document_open_folds_it() -> None:
    snapshot, journal = files_of(load_document(SEED).sha256)
    app = rules_app([SEED])
    async with app.run_test(size=SIZE) as pilot:
        await open_first_document(pilot)
        await pilot.press(")", "s", "1", ")", "s", "2")
        made = [a.id for a in app.screen.annotations]
        assert len(made) == 2 and journal.stat().st_size > 0
    assert journal.read_bytes() == b""
    assert all(i in snapshot.read_text() for i in made)
