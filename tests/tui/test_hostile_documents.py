"""Each odd file, as a user meets it on screen: refused in the library with a reason, or opened
safely, with nothing in it reaching the terminal as a control sequence or as markup."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.drivers.headless_driver import HeadlessDriver
from textual.widgets import DataTable

from marginote.tui.screens.library import LibraryScreen
from marginote.tui.screens.reader import ReaderScreen
from marginote.tui.widgets.layout import joins_previous
from tests.hostile import MARKUP, write_corpus
from tests.tui.helpers import (
    SIZE,
    notifications,
    open_first_document,
    rules_app,
    stored_records,
    wait_for,
)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("corpus"))


def row(app, name: str) -> list[str]:
    table = app.screen.query_one(DataTable)
    key = next(k.value for k in table.rows if k.value.endswith("/" + name))
    return [str(cell) for cell in table.get_row(key)]


async def described(pilot, app) -> None:
    def done() -> bool:
        table = app.screen.query(DataTable)
        return bool(table) and all(
            "…" not in str(table.first().get_row(k)[1]) for k in table.first().rows
        )

    await wait_for(pilot, done)


async def test_library_refuses_what_is_not_text_and_lists_the_rest(corpus: Path) -> None:
    app = rules_app([corpus])
    async with app.run_test(size=SIZE) as pilot:
        await described(pilot, app)
        assert "not a text file: a PNG image" in row(app, "picture.png")[0]
        assert "not a text file: a zip archive" in row(app, "archive.zip")[0]
        assert "NUL bytes" in row(app, "nul-bytes.txt")[0]
        assert "too big to open (200 MB; the limit is 64 MB)" in row(app, "huge-200mb.txt")[0]
        assert row(app, "windows-1252.txt")[0].endswith("Windows-1252")  # the detected encoding
        assert row(app, "utf8.txt")[1] == "4"
        # A title taken from a heading line: its escape sequences shown as placeholders.
        assert row(app, "escape-heading.txt")[0].startswith("Budget ␛]0;PWNED␇ report ␛]52;c;")
        table = app.screen.query_one(DataTable)
        assert table.row_count == len(list(corpus.iterdir()))
        table.move_cursor(row=[k.value for k in table.rows].index(str(corpus / "picture.png")))
        await pilot.press("enter")
        assert isinstance(app.screen, LibraryScreen)
        assert "picture.png: not a text file: a PNG image" in notifications(app)


@pytest.mark.parametrize(
    "name",
    ["empty.txt", "whitespace.txt", "one-line-2mb.txt", "invalid-utf8.txt", "utf16.txt", "cr.txt"],
)
async def test_odd_shapes_open_and_every_key_is_safe(corpus: Path, name: str) -> None:
    app = rules_app([corpus / name])
    async with app.run_test(size=SIZE) as pilot:
        view = await open_first_document(pilot)
        keys = [
            "end",
            "pageup",
            "pagedown",
            "home",
            "down",
            "right",
            "w",
            ")",
            "e",
            "s",
            "v",
            "b",
            "1",
        ]
        await pilot.press(*keys, "slash", *"on", "enter", "n", "N")
        assert isinstance(app.screen, ReaderScreen) and app.is_running
        records = stored_records()
        assert bool(records) == bool(view.document.text.strip())  # a text with words is tagged
        for record in records:  # and what was tagged is exactly the text selected
            assert record["quote"] == view.document.text[record["start"] : record["end"]]


async def test_control_sequences_never_reach_the_terminal(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    written: list[str] = []
    app = rules_app([corpus / "escapes.txt"])
    async with app.run_test(size=SIZE) as pilot:
        await open_first_document(pilot)
        await pilot.press("s", "1")  # the quote is in the text, the panel and the caret box
        # From here the headless driver acts as a terminal: record every byte of full repaints.
        monkeypatch.setattr(HeadlessDriver, "is_headless", property(lambda self: False))
        monkeypatch.setattr(HeadlessDriver, "write", lambda self, data: written.append(data))
        app.refresh(repaint=True, layout=True)
        await pilot.pause(0.2)
        await pilot.press("enter")  # and in the edit dialog
        app.refresh(repaint=True, layout=True)
        await pilot.pause(0.2)
        monkeypatch.undo()
    output = "".join(written)
    assert "␛]0;PWNED␇" in output  # shown, as visible placeholders
    # Each control character of the document, in its context (Textual's own sequences, such as
    # its pointer-shape OSC ending in BEL, are not the document's and may appear).
    payloads = [
        "\x1b]0;PWNED",
        "PWNED\x07",
        "\x1b[2J",
        "\x1b[31mred",
        "bell\x07",
        "back\x08",
        "cr\r",
    ]
    payloads += ["nul\x00", "c1\x9b", "del\x7f", "bidi \u202e", "evil\u202c"]
    for sequence in payloads:
        assert sequence not in output, repr(sequence)
    for placeholder in [
        "␛[2J",
        "bell␇",
        "back␈space",
        "nul␀",
        "c1�csi",
        "del␡",
        "bidi �evil�",
    ]:
        assert placeholder in output, placeholder
    # A lone CR is a line ending (old Mac files): the loader turns it into a line break.


async def test_markup_in_a_document_shows_literally_and_does_nothing(corpus: Path) -> None:
    app = rules_app([corpus / "markup-heading.txt"])
    literal = MARKUP.strip()
    async with app.run_test(size=SIZE) as pilot:
        await described(pilot, app)
        assert row(app, "markup-heading.txt")[0] == literal  # the title, from the heading line
        view = await open_first_document(pilot)
        shown = "".join(view.render_line(y).text.rstrip() for y in range(3))  # the line wraps
        assert literal.replace(" ", "") in shown.replace(" ", "")
        assert literal in str(app.screen.query_one("#reader-title").render())
        assert "[link=" in view.render_line(0).text and "[@click=" in view.render_line(1).text
        for y in (0, 1):  # the line wraps: [link=…] on the first row, [@click=…] on the second
            await pilot.click(view, offset=(1, y))
            first = view.cursor
            for column in range(5, 50 if y == 0 else 21, 4):  # a click only moves the caret
                await pilot.click(view, offset=(column, y))
                assert view.cursor == first + column - 1, (y, column)
                assert isinstance(app.screen, ReaderScreen)
        await pilot.press("home", "s", "1")
        [record] = stored_records()
        assert record["quote"].startswith("[bold]x[/bold]")


async def test_wide_characters_emoji_and_combining_marks_are_selected_whole(corpus: Path) -> None:
    app = rules_app([corpus / "unicode.txt"])
    async with app.run_test(size=(40, 30)) as pilot:  # narrow: the line wraps
        view = await open_first_document(pilot)
        text = view.document.text
        for _ in range(len(text)):  # walk the whole line: the caret only stops between characters
            await pilot.press("right")
            assert not joins_previous(text, view.cursor)
        await pilot.press("home")
        view.move_to(text.index("👍🏽"))
        await pilot.press("v", "right", "right", "right", "2")
        view.move_to(text.index("👩") + 2)  # inside the ZWJ family: snapped to its start
        assert view.cursor == text.index("👩")
        await pilot.press("shift+right", "3")
        view.move_to(text.index("café (e") + 6)
        await pilot.press("shift+right", "4")  # one character: e + combining acute
        quotes = {r["label"]: r["quote"] for r in stored_records()}
        assert quotes == {"evidence": "👍🏽 f", "quote": "👩\u200d👩\u200d👧", "opinion": "e\u0301"}
        for record in stored_records():
            assert text[record["start"] : record["end"]] == record["quote"]


@pytest.mark.parametrize("change", ["edited", "truncated", "replaced", "deleted"])
async def test_a_file_changing_under_the_reader_is_noticed_and_nothing_is_lost(
    tmp_path: Path, change: str
) -> None:
    doc = tmp_path / "report.txt"
    doc.write_text(
        "The minister said exports rose by twelve percent. Critics disagreed. More text follows.\n"
    )
    app = rules_app([doc])
    async with app.run_test(size=SIZE) as pilot:
        await open_first_document(pilot)
        await pilot.press("s", "1")
        if change == "edited":
            doc.write_text(
                "Preface.\n\nThe minister said exports rose by twelve percent. Critics disagreed.\n"
            )
        elif change == "truncated":
            doc.write_text("")
        elif change == "replaced":
            other = tmp_path / "new.txt"
            other.write_text(
                "A different report entirely. The minister said exports rose by twelve percent.\n"
            )
            os.replace(other, doc)
        else:
            doc.unlink()
        app.screen.check_file()
        await pilot.pause()
        message = notifications(app)
        assert ("deleted or moved" if change == "deleted" else "changed on disk") in message
        assert "changed on disk" in str(app.screen.query_one("#reader-title").render())
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await pilot.pause()
        records = stored_records()
        assert len(records) == 1  # never lost
        [record] = records
        if change in ("edited", "replaced"):
            text = doc.read_text()
            assert (
                record["placement"] == "exact"
                and text[record["start"] : record["end"]] == record["quote"]
            )
        elif change == "truncated":
            assert record["placement"] == "orphan"
        else:
            assert "no such file" in notifications(app)


async def test_thousands_of_files_list_at_once_and_stay_responsive(tmp_path: Path) -> None:
    for i in range(2_000):
        (tmp_path / f"doc-{i:04}.txt").write_text(
            f"Document number {i}. It has a sentence or two.\n"
        )
    app = rules_app([tmp_path])
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one(DataTable)
        assert table.row_count == 2_000  # listed before any file is read
        await pilot.press("down", "down", "down")  # keys are answered while files are described
        assert table.cursor_row == 3
        await described(pilot, app)
        assert row(app, "doc-1999.txt")[1] == "9"
