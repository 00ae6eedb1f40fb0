"""Opening a document whose text must be extracted (an e-book, a Word file... not yet cached)
never blocks the library's keys: the extraction runs in a thread while the title line says so; a
repeated enter is ignored, escape or another document stops waiting, and errors give today's
messages. (A PDF not yet cached opens a preview instead: tests/tui/test_pdf_preview.py.)"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Label

from marginote.annotations import formats
from marginote.annotations.formats.base import Extracted
from marginote.tui.app import MarginoteApp
from marginote.tui.screens.library import LibraryScreen
from marginote.tui.screens.reader import ReaderScreen
from tests import format_fixtures as fx
from tests.tui.helpers import SIZE, notifications, rules_app, wait_for


class SlowExtraction:
    """Extraction held until ``release()``; counts the extractions that finished."""

    def __init__(self) -> None:
        self.gate = threading.Event()
        self.started = 0
        self.finished = 0
        self._lock = threading.Lock()
        self._run = formats.extract

    def run(self, *args: Any) -> Extracted:
        with self._lock:
            self.started += 1
        self.gate.wait(30)
        try:
            return self._run(*args)
        finally:
            with self._lock:
                self.finished += 1

    def release(self) -> None:
        self.gate.set()


@pytest.fixture
def slow(monkeypatch: pytest.MonkeyPatch) -> Iterator[SlowExtraction]:
    slow = SlowExtraction()
    monkeypatch.setattr(formats, "extract", slow.run)
    try:
        yield slow
    finally:
        slow.release()


def library(tmp_path: Path, data: bytes, name: str = "report.epub") -> Path:
    folder = tmp_path / "library"
    folder.mkdir()
    (folder / "notes.txt").write_text("Short notes about the report.\n")
    (folder / name).write_bytes(data)
    return folder


def title_line(app: MarginoteApp) -> str:
    return str(app.screen.query_one("#library-title", Label).render())


def readers(app: MarginoteApp) -> list[ReaderScreen]:
    return [s for s in app.screen_stack if isinstance(s, ReaderScreen)]


async def test_keys_work_while_an_ebook_is_extracted_and_a_repeated_enter_opens_it_once(
    tmp_path: Path, slow: SlowExtraction
) -> None:
    app = rules_app([library(tmp_path, fx.epub_bytes())])
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one(DataTable)
        await wait_for(pilot, lambda: table.row_count == 2)
        # The library's own read of the e-book under way (it starts once the list is drawn).
        await wait_for(pilot, lambda: slow.started == 1)
        await pilot.press("j", "enter")  # notes.txt, report.epub
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert "Opening report.epub … (extracting text" in title_line(app)
        await pilot.press("k")  # the keys still work while it is read
        assert table.cursor_row == 0
        await pilot.press("j", "enter", "enter")  # enter again on it: ignored
        assert table.cursor_row == 1
        assert slow.finished == 0
        slow.release()
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await wait_for(pilot, lambda: slow.finished >= 2)
        await pilot.pause(0.3)
        assert slow.finished == 2  # the library's row and one opening
        [reader] = readers(app)
        assert reader.document.path.name == "report.epub"
        assert fx.CLAIM in reader.document.text
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))
        assert "Opening" not in title_line(app)


async def test_escape_or_another_document_stops_waiting_for_the_ebook(
    tmp_path: Path, slow: SlowExtraction
) -> None:
    app = rules_app([library(tmp_path, fx.epub_bytes())])
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one(DataTable)
        await wait_for(pilot, lambda: table.row_count == 2)
        # The library's own read of the e-book under way (it starts once the list is drawn).
        await wait_for(pilot, lambda: slow.started == 1)
        await pilot.press("j", "enter")
        await pilot.pause()
        assert "Opening report.epub" in title_line(app)
        await pilot.press("escape")
        assert "Opening" not in title_line(app)
        await pilot.press("enter", "k", "enter")  # the e-book again, then the notes instead
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
        assert app.screen.document.path.name == "notes.txt"
        slow.release()
        await wait_for(pilot, lambda: slow.finished == 3)  # the row, and the e-book twice
        await pilot.pause(0.2)
        [reader] = readers(app)  # the e-book read meanwhile did not open over the notes
        assert reader.document.path.name == "notes.txt"


async def test_a_damaged_file_gives_its_message_after_extraction(
    tmp_path: Path, slow: SlowExtraction
) -> None:
    app = rules_app([library(tmp_path, fx.docx_bytes()[:2000], "report.epub")])
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one(DataTable)
        await wait_for(pilot, lambda: table.row_count == 2)
        await pilot.press("j", "enter")
        await pilot.pause()
        assert "Opening report.epub" in title_line(app)
        slow.release()
        await wait_for(pilot, lambda: "report.epub: damaged e-book" in notifications(app))
        assert isinstance(app.screen, LibraryScreen)
        assert "Opening" not in title_line(app)
