"""Hostile files of the supported formats get a plain reason; the library lists the rest."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from marginote.annotations.documents import DocumentError, load_document
from marginote.annotations.library import describe, find_documents
from tests import format_fixtures as fx


def _reason(path: Path) -> str:
    with pytest.raises(DocumentError) as caught:
        load_document(path)
    return caught.value.reason


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("truncated.pdf", lambda: fx.pdf_bytes()[:700], "damaged PDF"),
        ("garbage.pdf", lambda: b"%PDF-1.7\n" + bytes(range(256)) * 20, "damaged PDF"),
        ("scan.pdf", fx.image_only_pdf, "no text layer; OCR it first"),
        ("locked.pdf", fx.encrypted_pdf, "encrypted PDF: it needs a password"),
        (
            "bomb.docx",
            lambda: fx.zip_bomb("word/document.xml", base=fx.docx_bytes()),
            "refused: the Word document expands",
        ),
        (
            "bomb.epub",
            lambda: fx.zip_bomb("OEBPS/text/one.xhtml", base=fx.epub_bytes()),
            "refused: the e-book expands",
        ),
        ("notzip.docx", lambda: b"PK\x03\x04 this is not really a zip", "damaged Word document"),
        (
            "laughs.epub",
            lambda: fx.epub_bytes(chapter_xml=fx.BILLION_LAUGHS),
            "refused: the e-book's chapter",
        ),
        ("empty.srt", lambda: b"no cues in here\n", "no subtitle cues found"),
        (
            "script-only.html",
            lambda: b"<html><head><script>alert(1)</script></head><body></body></html>",
            "no article text",
        ),
    ],
)
def test_hostile_files_are_refused_with_a_plain_reason(
    tmp_path: Path, name: str, data: Callable[[], bytes], reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data())
    assert reason in _reason(path)
    assert reason in describe(path).error


def test_billion_laughs_in_a_word_document_is_not_expanded(tmp_path: Path) -> None:
    import io
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(fx.docx_bytes()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = fx.BILLION_LAUGHS.encode()
            out.writestr(item, data)
    (tmp_path / "laughs.docx").write_bytes(buffer.getvalue())
    try:
        doc = load_document(tmp_path / "laughs.docx")
    except DocumentError as error:
        assert "Word document" in error.reason
    else:
        assert "lollol" not in doc.text


def test_a_plain_zip_and_other_binaries_are_still_refused(tmp_path: Path) -> None:
    (tmp_path / "archive.zip").write_bytes(fx.zip_bomb("a.txt", size=2**20))
    assert _reason(tmp_path / "archive.zip").startswith("not a text file: a zip archive")
    (tmp_path / "x.bin").write_bytes(b"\x7fELF" + bytes(100))
    assert _reason(tmp_path / "x.bin").startswith("not a text file: a program")


def test_the_library_lists_the_good_files_beside_the_hostile_ones(tmp_path: Path) -> None:
    paths = fx.write_all(tmp_path / "lib")
    (tmp_path / "lib" / "bomb.epub").write_bytes(
        fx.zip_bomb("OEBPS/text/one.xhtml", base=fx.epub_bytes())
    )
    (tmp_path / "lib" / "broken.pdf").write_bytes(fx.pdf_bytes()[:500])
    infos = [describe(p) for p in find_documents([tmp_path / "lib"])]
    assert sorted(i.path.name for i in infos if i.error) == ["bomb.epub", "broken.pdf"]
    assert len([i for i in infos if not i.error]) == len(paths)


def test_a_failed_extraction_is_remembered_not_repeated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(fx.image_only_pdf())
    first = _reason(path)

    def no_extraction(data: bytes, fallback_title: str) -> None:
        raise AssertionError("extracted again")

    monkeypatch.setattr("marginote.annotations.formats.bounded.run", no_extraction)
    assert _reason(path) == first


def test_a_pdf_that_takes_too_long_is_stopped_with_a_message_and_tried_again_later(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from marginote.annotations.formats import bounded

    path = tmp_path / "slow.pdf"
    path.write_bytes(fx.pdf_bytes(pages=200))
    monkeypatch.setattr(bounded, "BASE_SECONDS", 0.0)
    monkeypatch.setattr(bounded, "SECONDS_PER_MB", 0.0)
    assert "took over 0 s" in _reason(path)
    monkeypatch.undo()
    assert fx.CLAIM in load_document(path).text  # the time-out was not remembered


def test_a_pathological_markdown_file_is_stopped_at_the_time_limit_and_the_rest_is_listed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every format, not only PDF, is extracted in the bounded child once large enough: this
    Markdown (1.2 MB of nested link brackets, about ten seconds of markdown-it) is stopped."""
    from marginote.annotations.formats import bounded

    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "brackets.md").write_bytes(b"![[]()" * 200_000)
    (folder / "notes.md").write_text("# Notes\n\nA *short* note.\n")
    monkeypatch.setattr(bounded, "BASE_SECONDS", 1.0)
    monkeypatch.setattr(bounded, "SECONDS_PER_MB", 0.0)
    assert _reason(folder / "brackets.md") == "refused: reading this Markdown took over 1 s"
    infos = {i.path.name: i for i in (describe(p) for p in find_documents([folder]))}
    assert "took over 1 s" in infos["brackets.md"].error
    assert not infos["notes.md"].error and infos["notes.md"].words == 4


def test_a_word_table_that_expands_large_is_read_in_the_bounded_child() -> None:
    """The size that decides is what the zip's text part declares once expanded, not the
    compressed file's (a huge table compresses to almost nothing)."""
    import io

    import docx

    from marginote.annotations import formats

    document = docx.Document()
    table = document.add_table(rows=400, cols=40)
    for cell in table._cells:
        cell.text = "cell"
    buffer = io.BytesIO()
    document.save(buffer)
    data = buffer.getvalue()
    assert len(data) < formats.DOCX.child_from  # small on disk
    assert formats.in_child(formats.DOCX, data)
    assert not formats.in_child(formats.DOCX, fx.docx_bytes())  # a memo stays in-process
