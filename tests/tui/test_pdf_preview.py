"""A long PDF not yet extracted opens in a read-only preview that shows its pages as they are
read: its first page's words before the extraction ends, keys live, tagging refused with the
reason; when the text is complete the reader replaces it, caret on the same words, and tagging
works. The extraction is held after its first page (``HeldPages``), so nothing here depends on
timings."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from textual.widgets import DataTable, Label

from marginote.annotations import formats
from marginote.annotations.documents import load_document
from marginote.annotations.formats import bounded
from marginote.annotations.formats.base import Extracted, Streaming
from marginote.tui.app import MarginoteApp
from marginote.tui.screens import preview as preview_module
from marginote.tui.screens.library import LibraryScreen
from marginote.tui.screens.preview import PreviewScreen
from marginote.tui.screens.reader import ReaderScreen
from tests import format_fixtures as fx
from tests.tui.helpers import (
    SIZE,
    notifications,
    rules_app,
    stored_records,
    typed_at_once,
    wait_for,
)

PAGES = 300
HELD_AFTER = 3


class HeldPages:
    """Extractions held until ``release()``: a streamed one after its first three pages (the
    preview then shows them, page 3 of 300, and waits), any other (the library's row) from the
    start."""

    def __init__(self) -> None:
        self.gate = threading.Event()
        self.streamed_pages = 0
        self._run = bounded.run

    def run(
        self,
        module: str,
        data: bytes,
        title: str,
        what: str,
        streaming: Streaming | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> Extracted:
        if streaming is None:  # the library's row (which gives way to the preview's)
            self.gate.wait(60)
            return self._run(module, data, title, what, None, cancelled)

        def on_page(number: int, count: int, text: str) -> None:
            if number == HELD_AFTER + 1:
                self.gate.wait(60)
            self.streamed_pages = number
            streaming.on_page(number, count, text)

        return self._run(module, data, title, what, Streaming(on_page, streaming.cancelled))

    def release(self) -> None:
        self.gate.set()


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> Iterator[HeldPages]:
    held = HeldPages()
    monkeypatch.setattr(bounded, "run", held.run)
    try:
        yield held
    finally:
        held.release()


@pytest.fixture(scope="module")
def long_pdf() -> bytes:
    return fx.pdf_bytes(pages=PAGES, claim_page=1)


def library(tmp_path: Path, pdf: bytes) -> Path:
    folder = tmp_path / "library"
    folder.mkdir()
    (folder / "report.pdf").write_bytes(pdf)
    return folder


def progress(app: MarginoteApp) -> str:
    return str(app.screen.query_one("#preview-progress", Label).render())


async def test_the_first_page_shows_before_the_rest_is_read_then_the_reader_takes_over(
    tmp_path: Path, held: HeldPages, long_pdf: bytes
) -> None:
    app = rules_app([library(tmp_path, long_pdf)])
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one(DataTable)
        await wait_for(pilot, lambda: table.row_count == 1)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PreviewScreen))
        preview = app.screen
        assert isinstance(preview, PreviewScreen)
        await wait_for(pilot, lambda: "page 3 of 300" in progress(app))
        text = preview.view.document.text
        assert "This is body line 1 of page 1" in text
        assert fx.CLAIM in text
        assert "page 3," in text and "page 4," not in text  # the rest is not read yet
        assert held.streamed_pages == HELD_AFTER
        first_row = "".join(segment.text for segment in preview.view.render_line(0))
        assert first_row.strip().startswith("This is body line 1 of page 1")  # on screen

        # Keys are live: the caret moves; a tag key tags nothing and says why.
        await pilot.press("down", "down", "w")
        caret = preview.view.cursor
        assert caret > 0
        words = text[caret : caret + 20]
        await pilot.press("s", "1")
        assert (
            "Still extracting: page 3 of 300; tagging opens when the text is complete"
            in notifications(app)
        )
        assert stored_records() == []
        # Search works on the pages read so far.
        await pilot.press("slash", *"Peskov", "enter")
        assert preview.search_bar.searching.matches is not None
        assert preview.search_bar.searching.matches.count == 1
        await pilot.press("escape")  # clears the selection the search made... or the search
        preview.view.move_to(caret)

        held.release()
        await wait_for(
            pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.is_mounted, 60
        )
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        full = reader.document.text
        assert "body line 1 of page 300" in full
        assert "Quarterly Report" not in full  # the running header is gone from the final text
        await wait_for(pilot, lambda: reader.view.cursor != 0)
        assert full[reader.view.cursor : reader.view.cursor + 20] == words

        # Tagging works in the reader.
        await pilot.press("slash", *"Peskov said", "enter", "s", "1")
        await wait_for(pilot, lambda: len(stored_records()) == 1)
        [record] = stored_records()
        assert record["quote"].startswith("Putin spokesman Dmitry Peskov said")
        assert record["attrs"]["page"] == 1


async def test_escape_leaves_the_preview_and_stops_the_extraction(
    tmp_path: Path, held: HeldPages, long_pdf: bytes
) -> None:
    app = rules_app([library(tmp_path, long_pdf)])
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one(DataTable)
        await wait_for(pilot, lambda: table.row_count == 1)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PreviewScreen))
        await wait_for(pilot, lambda: "page 3 of 300" in progress(app))
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen)
        held.release()
        await pilot.pause(1.0)
        assert isinstance(app.screen, LibraryScreen)  # the cancelled extraction opened nothing
        assert not [s for s in app.screen_stack if isinstance(s, ReaderScreen)]
        assert held.streamed_pages <= HELD_AFTER + 1  # the child was stopped, not read to its end


async def test_a_pdf_without_text_leaves_the_preview_with_its_reason(tmp_path: Path) -> None:
    app = rules_app([library(tmp_path, fx.image_only_pdf())])
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one(DataTable)
        await wait_for(pilot, lambda: table.row_count == 1)
        await pilot.press("enter")
        await wait_for(pilot, lambda: "no text layer; OCR it first" in notifications(app))
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))
        assert not [s for s in app.screen_stack if isinstance(s, PreviewScreen | ReaderScreen)]


def heading(app: MarginoteApp) -> str:
    return str(app.screen.query_one("#reader-title", Label).render())


async def test_the_preview_names_the_file_as_the_reader_does(
    tmp_path: Path, held: HeldPages, long_pdf: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(library(tmp_path, long_pdf))
    app = rules_app([Path(".")])  # `marginote` run in the folder: the paths are relative
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one(DataTable)
        await wait_for(pilot, lambda: table.row_count == 1)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PreviewScreen))
        shown = heading(app)
        assert shown.startswith("Report  report.pdf  preview: read-only")  # no "." for a folder
        held.release()
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen), 60)
        title, path, _ = heading(app).split("  ", 2)
        assert path == "report.pdf"
        assert title == "Peace poll report"  # the PDF's own title, read with its text


async def test_on_a_narrow_terminal_the_previews_path_gives_way_as_the_readers_does(
    tmp_path: Path, held: HeldPages, long_pdf: bytes
) -> None:
    deep = tmp_path / ("deeply-nested-folder-" * 3)
    deep.mkdir()
    folder = library(deep, long_pdf)
    app = rules_app([folder])
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.screen.query_one(DataTable)
        await wait_for(pilot, lambda: table.row_count == 1)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PreviewScreen))
        shown = heading(app)
        assert len(shown) <= 78  # one line (the heading's padding aside)
        assert shown.startswith("Report  …") and "/library/report.pdf  preview" in shown
        assert shown.endswith("preview: read-only while the text is extracted")
        held.release()


class HeldCheck:
    """The check "is this PDF's text cached?" (it reads and hashes the whole file: 64 MB at
    most) held until ``release()``."""

    def __init__(self) -> None:
        self.gate = threading.Event()
        self.calls = 0
        self._is_cached = formats.is_cached

    def is_cached(self, fmt: formats.Format, data: bytes, cache_root: Path) -> bool:
        self.calls += 1
        self.gate.wait(30)
        return self._is_cached(fmt, data, cache_root)

    def release(self) -> None:
        self.gate.set()


def title_line(app: MarginoteApp) -> str:
    return str(app.screen.query_one("#library-title", Label).render())


async def test_keys_work_while_a_big_pdf_is_checked_and_escape_stops_it(
    tmp_path: Path, held: HeldPages, long_pdf: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    check = HeldCheck()
    monkeypatch.setattr(formats, "is_cached", check.is_cached)
    folder = library(tmp_path, long_pdf)
    (folder / "notes.txt").write_text("Short notes about the report.\n")
    app = rules_app([folder])
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one(DataTable)
        await wait_for(pilot, lambda: table.row_count == 2)
        try:
            await pilot.press("j", "enter")  # notes.txt, report.pdf
            assert "Opening report.pdf" in title_line(app)
            await pilot.press("k")  # the keys work while the file is read and hashed
            assert table.cursor_row == 0
            await pilot.press("j", "enter", "enter")  # enter again on it: ignored
            assert check.calls == 1
            await pilot.press("escape")
            assert "Opening" not in title_line(app)
        finally:
            check.release()
        await pilot.pause(0.5)
        assert app.screen_stack[1:] == []  # the check ended after escape: nothing opened
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PreviewScreen))
        assert "Opening" not in str(app.screen_stack[0].query_one("#library-title").render())
        held.release()


async def test_a_pdf_read_before_opens_straight_in_the_reader(
    tmp_path: Path, long_pdf: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = library(tmp_path, long_pdf)
    load_document(folder / "report.pdf")  # extracted once: its text is in the cache
    previews: list[PreviewScreen] = []
    monkeypatch.setattr(preview_module.PreviewScreen, "on_mount", previews.append)
    app = rules_app([folder])
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one(DataTable)
        await wait_for(pilot, lambda: table.row_count == 1)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
        assert "body line 1 of page 300" in app.screen.document.text
        assert previews == []


async def test_cannot_open_names_a_hostile_file_the_same_way_from_the_preview_and_the_library(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "library"
    folder.mkdir()
    (folder / "scan\x1b]0;PWN\x07.pdf").write_bytes(fx.image_only_pdf())  # the preview's failure
    (folder / "picture\x1b[2J.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))  # the library's
    app = rules_app([folder])
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one(DataTable)
        await wait_for(pilot, lambda: table.row_count == 2)
        await pilot.press("enter")  # picture, first
        await wait_for(pilot, lambda: len(app._notifications) == 1)
        await pilot.press("down", "enter")  # the PDF: its preview, then why it does not open
        await wait_for(pilot, lambda: len(app._notifications) == 2)
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))
        picture, scan = app._notifications
        assert (picture.title, picture.severity) == (scan.title, scan.severity) == (
            "Cannot open",
            "error",
        )
        assert picture.message == "picture␛[2J.png: not a text file: a PNG image"
        assert scan.message.startswith("scan␛]0;PWN␇.pdf: no text layer; OCR it first")


async def test_keys_typed_right_after_slash_go_into_the_previews_search(
    tmp_path: Path, held: HeldPages, long_pdf: bytes
) -> None:
    app = rules_app([library(tmp_path, long_pdf)])
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one(DataTable)
        await wait_for(pilot, lambda: table.row_count == 1)
        await pilot.press("enter")
        await wait_for(pilot, lambda: "page 3 of 300" in progress(app))
        preview = app.screen
        assert isinstance(preview, PreviewScreen)
        typed_at_once(app, "slash", *"said 1")  # s (a sentence), 1 (a tag: refused)
        await wait_for(pilot, lambda: preview.search_bar.value == "said 1")
        assert preview.view.selection is None
        assert "Still extracting" not in notifications(app)  # no key reached the text
        held.release()
