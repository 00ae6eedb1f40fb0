"""What the caret jumps to is seen whole, with a margin, and a reopened document is drawn
where the reader left it."""

from __future__ import annotations

from pathlib import Path

from marginote.tui.screens.library import LibraryScreen
from marginote.tui.screens.reader import ReaderScreen
from marginote.tui.widgets.document_view import DocumentView
from marginote.tui.widgets.scrolling import SCROLLOFF, top_row_for
from tests.conftest import SEED
from tests.tui.helpers import open_first_document, rules_app, wait_for

SMALL = (80, 24)


def long_document(tmp_path: Path) -> Path:
    path = tmp_path / "long.txt"
    path.write_text("\n\n".join([SEED.read_text(encoding="utf-8")] * 6), encoding="utf-8")
    return path


def on_screen(view: DocumentView, start: int, end: int) -> tuple[int, int, int]:
    """(rows above the span, rows below it, screen height): both margins >= 0 when it is seen."""
    layout = view.layout_rows
    assert layout is not None
    top = round(view.scroll_y)
    height = view.scrollable_content_region.height
    first, last = layout.row_of(start), layout.row_of(end - 1)
    return first - top, top + height - 1 - last, height


def test_a_step_keeps_a_margin_and_a_jump_centres() -> None:
    # Stepping down past the margin scrolls one row; a jump far below centres a 3-row span.
    assert top_row_for(16, 16, 16, top=0, height=20, rows=500) == 0
    assert top_row_for(17, 17, 17, top=0, height=20, rows=500) == 1
    assert top_row_for(200, 200, 202, top=0, height=20, rows=500) == 200 - 8
    assert top_row_for(2, 2, 2, top=10, height=20, rows=500) == 0  # never above the start
    assert top_row_for(490, 490, 499, top=0, height=20, rows=500) == 480  # nor past the end


async def test_next_annotation_entity_and_match_are_shown_whole_with_a_margin(
    tmp_path: Path,
) -> None:
    app = rules_app([long_document(tmp_path)])
    async with app.run_test(size=SMALL) as pilot:
        view = await open_first_document(pilot)
        text = view.document.text
        far = text.index("After more than 2.7 million votes", len(text) // 2)
        view.move_to(far)
        await pilot.press("s", "1", "home")
        await pilot.pause()
        assert round(view.scroll_y) == 0
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert view.cursor == far
        above, below, _ = on_screen(view, *view.selection or (far, text.index("side.", far) + 5))
        assert above >= SCROLLOFF and below >= SCROLLOFF
        await pilot.press("home", "e")
        start = view.cursor
        assert start > 0
        for _ in range(40):  # step through entities: each one stays clear of the edges
            await pilot.press("e")
            above, below, _ = on_screen(view, view.cursor, view.cursor + 1)
            assert above >= SCROLLOFF or round(view.scroll_y) == 0
            assert below >= SCROLLOFF


async def test_reopening_a_document_draws_it_where_the_reader_left_off(tmp_path: Path) -> None:
    app = rules_app([long_document(tmp_path)])
    async with app.run_test(size=SMALL) as pilot:
        view = await open_first_document(pilot)
        text = view.document.text
        place = text.index("Meanwhile Chinese state media", len(text) // 2)
        view.move_to(place)
        await pilot.pause()
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))
        view = await open_first_document(pilot)
        assert isinstance(app.screen, ReaderScreen)
        await pilot.pause()
        assert view.cursor == place
        above, below, _ = on_screen(view, place, place + 1)
        assert above >= 0 and below >= 0  # the caret is on screen at once
        assert round(view.scroll_y) > 0
        await pilot.press("down")
        above_after, _, _ = on_screen(view, view.cursor, view.cursor + 1)
        assert abs(above_after - above) <= 1  # the first arrow key does not jump
