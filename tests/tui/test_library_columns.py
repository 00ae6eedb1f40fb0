"""The library's File column is whole while the titles leave room, and long titles are cut
with an ellipsis, at 120 and at 80 columns."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.console import Console
from rich.text import Text
from textual.widgets import DataTable

from marginote.tui.screens.library_columns import share_widths
from marginote.tui.widgets.heading import cut_path, fit_heading
from tests.tui.helpers import rules_app, wait_for

LONG_TITLE = "A hearing on disinformation, foreign influence and the integrity of elections"


def test_title_and_file_share_the_room() -> None:
    assert share_widths(60, 15, 30) == (30, 30)  # both whole; the titles take what is left
    assert share_widths(60, 70, 30) == (30, 30)  # the file name keeps its share
    assert share_widths(60, 70, 50) == (30, 30)  # both too long: half each
    assert cut_path("library/sub/hearing.txt", 12) == "…hearing.txt"


def cells(app, key: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The row's cells as drawn (cut to their columns' widths)."""
    table = app.screen.query_one(DataTable)
    widths = [column.width for column in table.ordered_columns]
    console = Console(width=200)
    out = []
    for cell, width in zip(table.get_row(key), widths, strict=True):
        lines = console.render_lines(cell, console.options.update_width(width), pad=False)
        out.append("".join(segment.text for segment in lines[0]).rstrip())
    return out


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_file_names_whole_while_titles_have_room_and_long_titles_end_with_an_ellipsis(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "poll.txt").write_text("Poll\n\nShort text.\n")
    (tmp_path / "lib" / "hearing.txt").write_text(f"{LONG_TITLE}\n\nText.\n")
    app = rules_app([Path("lib")])
    async with app.run_test(size=size) as pilot:
        # Once both files are described (their titles read: the table is refitted then).
        await wait_for(pilot, lambda: all(i.size >= 0 for i in app.screen.infos.values()))
        await pilot.pause()
        poll, hearing = cells(app, "lib/poll.txt"), cells(app, "lib/hearing.txt")
        if size == (120, 40):
            assert poll[0] == "Poll" and poll[-1] == "lib/poll.txt"
            assert hearing[-1] == "lib/hearing.txt"
        else:
            assert hearing[-1].endswith(".txt")
        assert hearing[0].endswith("…") and LONG_TITLE.startswith(hearing[0][:-1])
        table = app.screen.query_one(DataTable)
        assert table.virtual_size.width <= table.size.width  # nothing cut off on the right


def test_a_heading_keeps_its_word_count_whatever_the_title_and_path_in_cells() -> None:
    """Titles and paths in Chinese or with emoji take two cells a character: the heading's path,
    then its title, give way so that the word count stays on the line."""
    tail = Text("  462 words · UTF-8")
    for name, path in [
        ("報告" * 30, "library/" + "路径" * 40 + ".txt"),
        ("Short title", "library/" + "🙂" * 60 + ".txt"),
        ("A very long English title " * 6, "library/report.txt"),
    ]:
        line = fit_heading(name, path, tail, 80)
        assert line.cell_len <= 80 - 2
        assert line.plain.endswith("462 words · UTF-8")
    assert cut_path("資料/報告.txt", 7) == "…告.txt"
    assert cut_path("library/sub/hearing.txt", 40) == "library/sub/hearing.txt"
