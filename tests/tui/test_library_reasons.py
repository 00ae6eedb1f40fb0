"""Why a file cannot be opened, readable in the library without opening it: its cell is cut at
the column's width, so the selected row's whole reason is shown under the list (and wraps on a
narrow terminal)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable

from marginote.tui.app import MarginoteApp
from tests import format_fixtures as fx
from tests.tui.helpers import SIZE, rules_app, wait_for
from tests.tui.test_keys_and_small_terminals import SMALL, screen_rows

REASON = "scan-of-the-annual-report-2025.pdf cannot be opened: no text layer; OCR it first (the PDF holds only images)"  # noqa: E501


def library(tmp_path: Path) -> Path:
    folder = tmp_path / "library"
    folder.mkdir()
    (folder / "notes.txt").write_text("Short notes about the report.\n")
    (folder / "scan-of-the-annual-report-2025.pdf").write_bytes(fx.image_only_pdf())
    return folder


def screen_text(app: MarginoteApp) -> str:
    return " ".join(" ".join(row.split()) for row in screen_rows(app))


async def test_the_selected_files_whole_reason_shows_under_the_list(tmp_path: Path) -> None:
    app = rules_app([library(tmp_path)])
    async with app.run_test(size=SIZE) as pilot:
        infos = app.screen.infos
        await wait_for(pilot, lambda: all(info.size >= 0 for info in infos.values()))
        await pilot.pause()
        assert REASON not in screen_text(app)  # notes.txt is selected: it opens
        await pilot.press("down")
        await pilot.pause()
        assert REASON in screen_text(app)
        table = app.screen.query_one(DataTable)
        cell = "".join(s.text for s in table.render_line(2))  # its row: the reason cut short
        assert cell.startswith(" scan-of-the") and "holds only images" not in cell
        await pilot.press("up")
        await pilot.pause()
        assert "cannot be opened" not in screen_text(app)


async def test_the_reason_wraps_on_a_narrow_terminal(tmp_path: Path) -> None:
    app = rules_app([library(tmp_path)])
    async with app.run_test(size=SMALL) as pilot:
        infos = app.screen.infos
        await wait_for(pilot, lambda: all(info.size >= 0 for info in infos.values()))
        await pilot.press("end")
        await pilot.pause()
        assert REASON in screen_text(app)  # on two rows
