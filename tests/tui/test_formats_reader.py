"""Each format opens in the reader; a tagged claim carries its page or cue time, and the W3C
and ClaimReview exports carry the page, the canonical URL and the publication date."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from textual.widgets import Label

from marginote.annotations.documents import load_document
from marginote.annotations.store import AnnotationStore
from marginote.tui.cli import main
from marginote.tui.widgets.source_position import ChapterDialog, SourcePosition
from tests import format_fixtures as fx
from tests.tui.helpers import SIZE, open_first_document, rules_app, stored_records, wait_for

FORMATS = ["html", "pdf", "docx", "epub", "markdown", "subtitles"]


async def _tag_the_claim(tmp_path: Path, kind: str) -> tuple[Path, Path, str]:
    """Open the one file of ``kind`` in a library, find the claim, tag its sentence; the
    library, the file and what the status line showed at the caret."""
    library = tmp_path / "library"
    path = fx.write_all(tmp_path / "all")[kind]
    library.mkdir()
    (library / path.name).write_bytes(path.read_bytes())
    app = rules_app([library])
    async with app.run_test(size=SIZE) as pilot:
        await open_first_document(pilot)
        await pilot.press("slash", *"Peskov said", "enter", "s", "1")
        await wait_for(pilot, lambda: len(stored_records()) == 1)
        shown = str(app.screen.query_one(SourcePosition).render())
    return library, library / path.name, shown


@pytest.mark.parametrize("kind", FORMATS)
async def test_each_format_opens_tags_and_exports_with_its_source_fields(
    tmp_path: Path, kind: str
) -> None:
    library, path, shown = await _tag_the_claim(tmp_path, kind)
    [record] = stored_records()
    assert record["quote"].startswith("Putin spokesman Dmitry Peskov said")
    document = load_document(path)
    assert document.text[record["start"] : record["end"]] == record["quote"]
    if kind == "pdf":
        assert record["attrs"]["page"] == 2
        assert shown == "page 2 of 3"
    if kind == "subtitles":
        assert (record["attrs"]["cue"], shown) == ("1:02", "cue 1:02")
    if kind == "epub":
        assert record["attrs"]["chapter"] == "The Reaction"
        assert shown == "chapter 2 of 2: The Reaction"

    store = AnnotationStore(Path(os.environ["MARGINOTE_DATA_DIR"]))
    [annotation] = store.annotations(document.sha256)
    store.save(annotation.edited(attrs={**annotation.attrs, "verdict": "false"}))
    w3c, review = tmp_path / "out.jsonld", tmp_path / "review.jsonld"
    assert main(["export", "-f", "w3c", "-o", str(w3c), str(library)]) == 0
    assert main(["export", "-f", "claimreview", "-o", str(review), str(library)]) == 0
    [item] = json.loads(w3c.read_text())["first"]["items"]
    selectors = {s["type"]: s for s in item["target"]["selector"]}
    [claim] = json.loads(review.read_text())
    appearance = claim["itemReviewed"]["appearance"]
    if kind == "pdf":
        assert selectors["FragmentSelector"]["value"] == "page=2"
    else:
        assert "FragmentSelector" not in selectors
    if kind == "html":
        assert item["target"]["source"] == fx.URL
        assert (appearance["url"], appearance["datePublished"]) == (fx.URL, fx.DATE)
    else:  # the file, as the export names it
        assert item["target"]["source"].endswith(path.name)
        assert appearance["url"].endswith(path.name)
    if kind in ("markdown", "epub"):
        assert appearance["datePublished"] == fx.DATE


async def test_the_chapter_jump_moves_the_caret_to_the_chapter_chosen(tmp_path: Path) -> None:
    library = tmp_path / "library"
    library.mkdir()
    (library / "book.epub").write_bytes(fx.epub_bytes())
    app = rules_app([library])
    async with app.run_test(size=SIZE) as pilot:
        view = await open_first_document(pilot)
        assert str(app.screen.query_one(SourcePosition).render()).startswith("chapter 1 of 2")
        await pilot.press("J")
        await wait_for(pilot, lambda: isinstance(app.screen, ChapterDialog))
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, ChapterDialog))
        await pilot.pause()
        assert view.document.text[view.cursor :].startswith("The Reaction")
        assert str(app.screen.query_one(SourcePosition).render()) == (
            "chapter 2 of 2: The Reaction"
        )


async def test_a_page_number_typed_in_the_page_jump_goes_to_that_page(tmp_path: Path) -> None:
    """A long PDF has hundreds of pages: typing "1", "2" picks page 12 without 11 downs."""
    library = tmp_path / "library"
    library.mkdir()
    (library / "long.pdf").write_bytes(fx.pdf_bytes(pages=14, claim_page=2))
    app = rules_app([library])
    async with app.run_test(size=SIZE) as pilot:
        view = await open_first_document(pilot)
        source = view.document.source
        assert source is not None and len(source.pages) == 14
        await pilot.press("J")
        await wait_for(pilot, lambda: isinstance(app.screen, ChapterDialog))
        await pilot.press("1", "2", "enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, ChapterDialog))
        await pilot.pause()
        assert view.cursor == source.pages[11]
        assert str(app.screen.query_one(SourcePosition).render()).startswith("page 12 of 14")
        await pilot.press("J")  # past the last page, a digit starts a new number: 9, then 3
        await wait_for(pilot, lambda: isinstance(app.screen, ChapterDialog))
        await pilot.press("9", "3", "enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, ChapterDialog))
        await pilot.pause()
        assert view.cursor == source.pages[2]


async def test_the_library_shows_each_format_with_its_author_and_date(tmp_path: Path) -> None:
    from textual.widgets import DataTable

    paths = fx.write_all(tmp_path / "library")
    app = rules_app([tmp_path / "library"])
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one(DataTable)
        await wait_for(pilot, lambda: table.row_count == len(paths))
        keys = [str(path) for path in paths.values()]
        await wait_for(pilot, lambda: all(str(table.get_row(k)[1]) != "…" for k in keys))
        rows = {kind: str(table.get_row(str(path))[0]) for kind, path in paths.items()}
    assert rows["html"].startswith("Musk's peace poll draws Kremlin praise  HTML")
    assert f"Jane Reporter · {fx.DATE}" in rows["html"]
    assert rows["pdf"].startswith("Peace poll report  PDF  Research Desk")
    assert rows["epub"].startswith("The Peace Poll Book  EPUB  Jane Reporter")
    assert rows["text"] == "Plain"


async def test_the_jump_key_in_subtitles_goes_to_the_cue_at_or_before_a_typed_time(
    tmp_path: Path,
) -> None:
    from marginote.tui.widgets.source_position import CueTimeDialog

    library = tmp_path / "library"
    library.mkdir()
    (library / "hearing.srt").write_text(fx.SRT)
    app = rules_app([library])
    async with app.run_test(size=SIZE) as pilot:
        view = await open_first_document(pilot)

        async def jump(typed: str) -> str:
            await pilot.press("J")
            await wait_for(pilot, lambda: isinstance(app.screen, CueTimeDialog))
            await pilot.press(*typed, "enter")
            await pilot.pause()
            return str(app.screen.query_one(SourcePosition).render())

        assert await jump("1:05") == "cue 1:02"  # the cue at or before 1:05 (from 1:02.5)
        assert view.document.text[view.cursor :].startswith(fx.CLAIM)
        assert await jump("1:00:00") == "cue 1:00:00"
        assert view.document.text[view.cursor :].startswith("Thank you.")
        assert await jump("0:00") == "cue 0:01"  # before the first cue: the first one
        await pilot.press("J")
        await wait_for(pilot, lambda: isinstance(app.screen, CueTimeDialog))
        await pilot.press(*"soon", "enter")  # not a time: the dialog stays and says so
        assert isinstance(app.screen, CueTimeDialog)
        assert "Not a time" in str(app.screen.query_one("#cue-error", Label).render())
        await pilot.press("escape")
        assert not isinstance(app.screen, CueTimeDialog)
        assert str(app.screen.query_one(SourcePosition).render()) == "cue 0:01"
