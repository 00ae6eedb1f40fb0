"""What the reader's first frame shows: the document's text (not an empty text area that fills
a frame later), and, for a document read before, the place where the reader left it (not the
top of the text for a frame, then a jump), however the reader left it (ctrl+q included)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot

from marginote.tui.screens.reader import ReaderScreen
from marginote.tui.widgets.document_view import DocumentView
from tests.tui.helpers import SIZE, open_first_document, rules_app, wait_for


class Frames:
    """The document view of every reader frame the app sends to the terminal: the rows it drew
    and where it was scrolled."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.shown: list[tuple[str, float]] = []
        self.watching = False
        display = App._display

        def record(app: App[Any], screen: Any, renderable: Any) -> None:
            if self.watching and isinstance(screen, ReaderScreen):
                view = screen.query_one(DocumentView)
                rows = "".join(
                    segment.text
                    for y in range(view.scrollable_content_region.height)
                    for segment in view.render_line(y)
                )
                self.shown.append((rows, view.scroll_y))
            display(app, screen, renderable)

        monkeypatch.setattr(App, "_display", record)

    async def first_after_enter(self, pilot: Pilot[None]) -> tuple[str, float]:
        """The first reader frame after ``enter``: its rows and its scroll position."""
        self.watching = True
        await pilot.press("enter")
        await wait_for(pilot, lambda: bool(self.shown))
        return self.shown[0]


def long_text(tmp_path: Path) -> Path:
    library = tmp_path / "library"
    library.mkdir()
    said = "the minister said {n} percent of voters agreed."
    paragraphs = [f"Paragraph {n}: " + said.format(n=n) for n in range(400)]
    (library / "long.txt").write_text("Long report\n\n" + "\n\n".join(paragraphs) + "\n")
    return library


async def test_the_first_frame_of_the_reader_shows_the_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    frames = Frames(monkeypatch)
    app = rules_app([long_text(tmp_path)])
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.query("DataTable"))
        first_rows, _ = await frames.first_after_enter(pilot)
        assert "Paragraph 0: the minister said" in first_rows


async def test_a_document_read_before_opens_at_its_place_from_the_first_frame(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    frames = Frames(monkeypatch)
    app = rules_app([long_text(tmp_path)])
    async with app.run_test(size=SIZE) as pilot:
        view = await open_first_document(pilot)
        for _ in range(8):
            await pilot.press("pagedown")
        await pilot.pause()
        left_at = view.scroll_y
        assert left_at > 100
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, ReaderScreen))
        first_rows, first_scroll = await frames.first_after_enter(pilot)
        assert first_scroll > 100, "the first frame showed the top of the text"
        assert "Paragraph 0:" not in first_rows


async def test_quitting_from_the_reader_keeps_where_it_was_read(tmp_path: Path) -> None:
    """ctrl+q in the reader (not q back to the library first): the next start opens the text
    where it was left, not where an earlier visit left it."""
    app = rules_app([long_text(tmp_path)])
    async with app.run_test(size=SIZE) as pilot:
        view = await open_first_document(pilot)
        for _ in range(5):
            await pilot.press("pagedown")
        await pilot.pause()
        caret = view.cursor
        sha256 = view.document.sha256
        assert caret > 0
        await pilot.press("ctrl+q")
    position = rules_app([]).store.reading_position(sha256)
    assert position is not None and position.offset == caret
