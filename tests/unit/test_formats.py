"""Each format opens as the text a reader expects, with its metadata and position maps."""

from __future__ import annotations

from pathlib import Path

import pytest

from marginote.annotations.documents import load_document
from marginote.annotations.formats import cache as extracted_cache
from marginote.annotations.formats.pdf import PagePreview, assemble
from marginote.annotations.library import describe, find_documents
from tests import format_fixtures as fx


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    return fx.write_all(tmp_path / "library")


def test_web_page_shows_the_article_without_boilerplate_and_keeps_its_metadata(
    files: dict[str, Path],
) -> None:
    doc = load_document(files["html"])
    assert fx.CLAIM in doc.text
    assert "Reaction" in doc.text.split("\n\n")
    for boilerplate in ("cookies", "World news", "Copyright", "SCRIPT RAN", "color: red", "<p>"):
        assert boilerplate not in doc.text
    assert doc.source is not None
    assert (doc.title, doc.source.author, doc.source.date) == (
        "Musk's peace poll draws Kremlin praise",
        "Jane Reporter",
        fx.DATE,
    )
    assert (doc.source.url, doc.source.site, doc.format) == (fx.URL, "Example News", "html")


def test_pdf_text_is_page_by_page_without_running_headers_footers_or_page_numbers(
    files: dict[str, Path],
) -> None:
    doc = load_document(files["pdf"])
    assert doc.source is not None
    assert "Quarterly Report" not in doc.text
    assert "Page 2 of 3" not in doc.text and "of 3" not in doc.text
    assert len(doc.source.pages) == 3
    claim = doc.text.index(fx.CLAIM)
    assert doc.source.page_at(claim) == 2
    assert doc.source.page_at(0) == 1
    assert doc.source.page_at(len(doc.text) - 1) == 3
    assert doc.text[doc.source.pages[2] :].startswith("This is body line 1 of page 3")
    assert (doc.title, doc.source.author) == ("Peace poll report", "Research Desk")


def test_pdf_paragraphs_join_hyphenated_words_and_keep_page_starts() -> None:
    pages = [
        "Running head\nThe quick brown fox jumps over the lazy dog and then it con-\ntinues.\n1",
        "Running head\nSecond page text.\n2",
        "Running head\nThird page text.\n3",
    ]
    text, starts = assemble(pages)
    assert "continues." in text
    assert "Running head" not in text
    assert text[starts[1] : starts[2]].strip() == "Second page text."


def test_pdf_ligatures_are_spelt_out_so_search_finds_the_word() -> None:
    """LaTeX PDFs set "fl" and "fi" as one glyph (U+FB02, U+FB01): searching "Oberfläche" and
    "finite" must find them, in the final text and in the preview of a long PDF alike."""
    pages = ["Die Kugeloberﬂäche ist ﬁnite, eﬀective and aﬄicted.", "Page two.", "Page three."]
    text, _ = assemble(pages)
    assert "Kugeloberfläche ist finite, effective and afflicted." in text
    preview = PagePreview()
    shown = "".join(preview.add(page) for page in pages)
    assert "Kugeloberfläche" in shown and "ﬂ" not in shown


def test_word_document_keeps_headings_lists_and_tables_as_text(files: dict[str, Path]) -> None:
    doc = load_document(files["docx"])
    blocks = doc.text.split("\n\n")
    assert blocks[0] == "Musk's peace poll"
    assert fx.CLAIM in blocks
    assert "• First point\n• Second point" in blocks
    assert "who | said\nPeskov | positive" in blocks
    assert (doc.title, doc.source and doc.source.author) == ("Peace poll memo", "Jane Reporter")


def test_a_table_nested_in_a_word_table_cell_keeps_its_text(tmp_path: Path) -> None:
    """python-docx's own test file blk-paras-and-tables.docx nests a table in a cell: its words
    ("Table", "Between") must not vanish from the reader."""
    import docx

    document = docx.Document()
    cell = document.add_table(rows=1, cols=1).cell(0, 0)
    cell.text = "Text before"
    inner = cell.add_table(rows=2, cols=1)
    inner.cell(0, 0).text, inner.cell(1, 0).text = "Table", "Between"
    cell.add_paragraph("Text after")
    document.save(tmp_path / "nested.docx")
    assert load_document(tmp_path / "nested.docx").text.strip() == (
        "Text before Table Between Text after"
    )


def test_a_web_page_table_reads_as_rows_like_the_other_formats() -> None:
    """Wikipedia's infobox came out as "| Machine learning |", "|---|", ... paragraphs: a table
    is one block of rows "who | said", without the markdown rule, as from Word or Markdown."""
    from marginote.annotations.formats.html import extract

    prose = "A paragraph long enough for the extractor to keep it as the article. " * 4
    page = (
        f"<html><body><article><p>{prose}</p><table><tr><th>who</th><th>said</th></tr>"
        f"<tr><td>Peskov</td><td>positive</td></tr></table><p>{prose}</p></article></body></html>"
    )
    text = extract(page.encode(), "page").text
    assert "\n\nwho | said\nPeskov | positive\n\n" in text
    assert "|-" not in text and "| who" not in text


def test_epub_chapters_follow_the_spine_with_titles_and_offsets(files: dict[str, Path]) -> None:
    doc = load_document(files["epub"])
    assert doc.source is not None
    titles = [c.title for c in doc.source.chapters]
    assert titles == ["The Poll", "The Reaction"]  # spine order, not manifest order
    reaction = doc.source.chapters[1]
    assert doc.text[reaction.start :].startswith("The Reaction")
    chapter = doc.source.chapter_at(doc.text.index(fx.CLAIM))
    assert chapter is not None and chapter.title == "The Reaction"
    assert "x()" not in doc.text  # scripts are not text
    assert "More.\nLines." in doc.text  # <br/> is a line break
    assert (doc.title, doc.source.author, doc.source.date) == (
        "The Peace Poll Book",
        "Jane Reporter",
        fx.DATE,
    )


def test_markdown_is_rendered_without_its_syntax(files: dict[str, Path]) -> None:
    doc = load_document(files["markdown"])
    for syntax in ("#", "**", "](", "`", "---", "title:"):
        assert syntax not in doc.text
    assert doc.text.startswith("Musk's peace poll\n\n")
    assert "billionaire Elon Musk's" in doc.text
    assert "• First point\n• Second point" in doc.text
    assert doc.source is not None
    assert (doc.title, doc.source.author, doc.source.date) == (
        "The peace poll",
        "Jane Reporter",
        fx.DATE,
    )


@pytest.mark.parametrize(("name", "content"), [("hearing.srt", fx.SRT), ("hearing.vtt", fx.VTT)])
def test_subtitle_cues_are_paragraphs_with_their_times(
    tmp_path: Path, name: str, content: str
) -> None:
    (tmp_path / name).write_text(content)
    doc = load_document(tmp_path / name)
    assert doc.source is not None
    assert doc.text.startswith("The Russian Presidency's office has responded.\n\n")
    assert "<i>" not in doc.text and "<v" not in doc.text and "NOTE" not in doc.text
    cue = doc.source.cue_at(doc.text.index(fx.CLAIM))
    assert cue is not None and cue.seconds == 62.5
    assert [c.seconds for c in doc.source.cues][:2] == [1.0, 62.5]
    if name.endswith(".vtt"):
        assert "Anchor: " + fx.CLAIM in doc.text


def test_plain_text_is_read_as_before(files: dict[str, Path]) -> None:
    doc = load_document(files["text"])
    assert (doc.format, doc.source, doc.encoding) == ("text", None, "UTF-8")
    assert doc.text == f"Plain\n\n{fx.CLAIM}\n"


def test_reopening_reads_the_cache_and_gives_the_same_text(
    files: dict[str, Path], private_dirs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load_document(files["pdf"])
    assert first.source is not None
    cached = extracted_cache.cache_path(
        private_dirs / "cache", first.source.source_sha256, first.source.extractor
    )
    assert cached.exists()

    def no_extraction(data: bytes, fallback_title: str) -> None:
        raise AssertionError("extracted again")

    monkeypatch.setattr("marginote.annotations.formats.bounded.run", no_extraction)
    again = load_document(files["pdf"])
    assert (again.text, again.sha256, again.source) == (first.text, first.sha256, first.source)


def test_a_damaged_cache_file_is_ignored_and_extracted_again(
    files: dict[str, Path], private_dirs: Path
) -> None:
    first = load_document(files["epub"])
    assert first.source is not None
    cached = extracted_cache.cache_path(
        private_dirs / "cache", first.source.source_sha256, first.source.extractor
    )
    cached.write_bytes(cached.read_bytes()[:-5] + b"XXXXX")
    assert load_document(files["epub"]).text == first.text


def test_the_library_lists_every_format_with_title_author_and_date(
    files: dict[str, Path],
) -> None:
    infos = {p.suffix: describe(p) for p in find_documents([files["html"].parent])}
    assert {suffix: info.format for suffix, info in infos.items()} == {
        ".html": "html",
        ".pdf": "pdf",
        ".docx": "docx",
        ".epub": "epub",
        ".md": "markdown",
        ".srt": "subtitles",
        ".txt": "text",
    }
    assert not any(info.error for info in infos.values())
    assert (infos[".html"].author, infos[".html"].date) == ("Jane Reporter", fx.DATE)
    assert infos[".epub"].title == "The Peace Poll Book"


def test_a_new_extractor_version_re_anchors_the_annotations_made_on_the_old_text(
    files: dict[str, Path], private_dirs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from marginote.annotations import formats
    from marginote.annotations.formats import epub
    from marginote.annotations.formats.base import Extracted
    from marginote.annotations.model import Annotation
    from marginote.annotations.store import AnnotationStore

    store = AnnotationStore(private_dirs / "data")
    old = load_document(files["epub"])
    start = old.text.index(fx.CLAIM)
    store.open_document(old.sha256, old.path, old.text)
    claim = Annotation.of_span(
        old.text, start, start + len(fx.CLAIM), "claim", doc=old.sha256, path=str(old.path)
    )
    store.save(claim)
    store.remember_path(old.sha256, old.path)

    original = epub.extract

    def with_a_preface(data: bytes, fallback_title: str) -> Extracted:
        found = original(data, fallback_title)
        return Extracted("Preface.\n\n" + found.text, found.info)

    monkeypatch.setattr(epub, "VERSION", epub.VERSION + 1)
    monkeypatch.setattr(epub, "extract", with_a_preface)
    formats._extractor_id.cache_clear()
    try:
        new = load_document(files["epub"])
    finally:
        formats._extractor_id.cache_clear()
    assert new.source is not None and old.source is not None
    assert new.source.extractor != old.source.extractor
    assert new.source.source_sha256 == old.source.source_sha256
    opened = store.open_document(new.sha256, new.path, new.text)
    [moved] = opened.annotations
    assert (moved.start, moved.quote, opened.moved) == (start + 10, fx.CLAIM, 1)


def test_lone_page_numbers_at_a_page_edge_are_dropped_arabic_or_roman() -> None:
    pages = [f"{number}\nThe text of page {number}.\n" for number in ("iii", "iv", "- 5 -")]
    pages.append("The text of the last page.\nPage 6 of 9")
    text, _ = assemble(pages)
    assert text.split("\n\n") == [
        "The text of page iii.",
        "The text of page iv.",
        "The text of page - 5 -.",
        "The text of the last page.",
    ]


@pytest.mark.parametrize(
    ("typed", "seconds"),
    [("12:34", 754.0), ("1:02:03", 3723.0), ("95", 95.0), ("1:02,5", 62.5), (" 0:05 ", 5.0)],
)
def test_a_typed_cue_time_is_read_in_seconds(typed: str, seconds: float) -> None:
    from marginote.annotations.formats.subtitles import parse_clock

    assert parse_clock(typed) == seconds


@pytest.mark.parametrize("typed", ["", "soon", "1:60", "-3", "1:2:3:4", "nan", "٣"])
def test_what_is_not_a_time_is_refused(typed: str) -> None:
    from marginote.annotations.formats.subtitles import parse_clock

    assert parse_clock(typed) is None
