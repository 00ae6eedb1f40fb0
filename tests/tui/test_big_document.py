"""A big document read by its keys: search across the whole text, jumps, and a resize that keeps
the reader's place, while the rows far from the screen are wrapped lazily."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Label

from marginote.tui.app import MarginoteApp
from tests.tui.helpers import SIZE, open_first_document, rules_app, wait_for

PARAGRAPH = (
    "The committee met in Geneva on 3 March 2021 and heard from many witnesses about the "
    "budget, the schedule and the risks that were raised in the earlier reports. "
) * 4


def big_text(paragraphs: int = 3_000) -> str:
    """About 1 MB: numbered paragraphs, with "needle" in every hundredth one."""
    parts = []
    for i in range(paragraphs):
        extra = " The needle was found here." if i % 100 == 0 else ""
        parts.append(f"Paragraph {i}. {PARAGRAPH}{extra}")
    return "\n\n".join(parts) + "\n"


def screen_text(app: MarginoteApp) -> str:
    view = app.screen.view
    return "\n".join(view.render_line(y).text for y in range(view.scrollable_content_region.height))


async def test_search_counts_every_match_of_a_big_document_and_n_wraps_round(
    tmp_path: Path,
) -> None:
    path = tmp_path / "big.txt"
    text = big_text()
    path.write_text(text)
    app = rules_app([path])
    async with app.run_test(size=SIZE) as pilot:
        view = await open_first_document(pilot)
        await pilot.press("slash", *"NEEDLE")
        status = app.screen.query_one("#search-status", Label)
        await wait_for(pilot, lambda: "30 matches" in str(status.render()))
        await pilot.press("enter")
        assert view.cursor == text.index("needle")
        assert "match 1 of 30" in str(status.render())
        await pilot.press("N")  # back from the first: round to the last, far down the text
        assert view.cursor == text.rindex("needle")
        assert "match 30 of 30" in str(status.render())
        assert "The needle was found here." in screen_text(app)
        await pilot.press("n")
        assert view.cursor == text.index("needle")


async def test_end_home_and_a_resize_keep_the_reader_in_place(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    text = big_text()
    path.write_text(text)
    app = rules_app([path])
    async with app.run_test(size=SIZE) as pilot:
        view = await open_first_document(pilot)
        await pilot.press("end")
        assert view.cursor == len(text)
        assert "Paragraph 2999." in screen_text(app)
        for _ in range(40):
            await pilot.press("pageup")
        await pilot.click(view, offset=(1, 0))  # the caret on the top row
        top = view.layout_rows.start_of(round(view.scroll_y))
        assert view.cursor == top
        await pilot.resize_terminal(90, 40)
        await pilot.pause()
        layout = view.layout_rows
        assert layout.width < 100
        start, end = layout.row_range(round(view.scroll_y))
        assert start <= top < end  # the text that was at the top is still on the top row
        shown = screen_text(app)
        await wait_for(pilot, lambda: view.layout_rows.exact)  # the rest is wrapped when idle
        assert view.virtual_size.height == view.layout_rows.row_count
        assert screen_text(app).splitlines()[0] == shown.splitlines()[0]
        await pilot.press("home")
        assert view.cursor == 0 and "Paragraph 0." in screen_text(app)
