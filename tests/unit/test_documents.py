from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from marginote.annotations.documents import DocumentError, load_document
from tests.conftest import SEED


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_seed_article_loads_with_title_words_and_hash() -> None:
    doc = load_document(SEED)
    assert doc.title == "Musk peace poll"
    assert doc.word_count == len(SEED.read_text(encoding="utf-8").split()) == 462
    assert doc.encoding == "UTF-8"
    assert len(doc.sha256) == 64


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("café “quoted”".encode(), "UTF-8"),
        (codecs.BOM_UTF8 + "café “quoted”".encode(), "UTF-8 (BOM)"),
        ("café “quoted”".encode("utf-16"), "UTF-16 (BOM)"),
        ("café “quoted”".encode("cp1252"), "Windows-1252"),
    ],
)
def test_encodings_are_detected_and_decoded(tmp_path: Path, data: bytes, encoding: str) -> None:
    doc = load_document(write(tmp_path, "a.txt", data))
    assert doc.text == "café “quoted”"
    assert doc.encoding == encoding


def test_line_endings_are_normalised_so_offsets_do_not_depend_on_them(tmp_path: Path) -> None:
    crlf = load_document(write(tmp_path, "crlf.txt", b"one\r\ntwo\rthree\n"))
    lf = load_document(write(tmp_path, "lf.txt", b"one\ntwo\nthree\n"))
    assert crlf.text == lf.text == "one\ntwo\nthree\n"
    assert crlf.sha256 == lf.sha256


def test_mostly_utf8_file_with_a_bad_byte_is_read_with_a_visible_replacement(
    tmp_path: Path,
) -> None:
    doc = load_document(write(tmp_path, "bad.txt", "naïve résumé ".encode() + b"\xff end"))
    assert "\ufffd" in doc.text and doc.text.startswith("naïve résumé")
    assert "replaced" in doc.encoding


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "PNG"),
        (b"PK\x03\x04" + bytes(100), "zip"),
        (b"text\x00with\x00nul", "NUL"),
    ],
)
def test_binary_files_are_refused_with_a_reason(tmp_path: Path, data: bytes, reason: str) -> None:
    with pytest.raises(DocumentError) as caught:
        load_document(write(tmp_path, "x.bin", data))
    assert reason in caught.value.reason


def test_missing_file_and_folder_give_plain_reasons(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="no such file"):
        load_document(tmp_path / "nope.txt")
    with pytest.raises(DocumentError, match="folder"):
        load_document(tmp_path)


def test_title_comes_from_a_heading_line_when_there_is_one(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path, "x.md", b"# Hearing transcript\n\nBody text here.\n"))
    assert doc.title == "Hearing transcript"


def test_sentence_at_caret_in_seed_article() -> None:
    doc = load_document(SEED)
    start, end = doc.sentence_at(doc.text.index("Dmitry Peskov"))
    assert doc.text[start:end].startswith("Putin spokesman Dmitry Peskov on Tuesday")
    assert doc.text[start:end].endswith("according\xa0to Interfax.")


def test_sentences_stop_at_paragraph_breaks_and_list_items() -> None:
    doc = load_document(SEED)
    said = doc.text.index("he said")
    start, end = doc.sentence_at(said)
    assert "\n" not in doc.text[start:end]
    bullet = doc.text.index("Ukraine remains neutral.")
    assert doc.text[slice(*doc.sentence_at(bullet))] == "Ukraine remains neutral."


def test_abbreviations_and_initials_do_not_end_sentences(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path, "a.txt", b"Mr. J. K. Smith met Dr. Who. Then he left."))
    assert [doc.text[s:e] for s, e in doc.sentences_in(0, len(doc.text))] == [
        "Mr. J. K. Smith met Dr. Who.",
        "Then he left.",
    ]


def test_word_and_sentence_moves() -> None:
    doc = load_document(SEED)
    at = doc.text.index("Dmitry")
    assert doc.text[doc.next_word_start(at) :].startswith("Peskov")
    assert doc.text[doc.previous_word_start(at) :].startswith("spokesman")
    nxt = doc.next_sentence_start(at)
    assert doc.text[nxt:].startswith("Musk had floated")
    assert doc.text[doc.previous_sentence_start(nxt) :].startswith("Putin spokesman")


def test_a_selection_snaps_to_whole_words_and_paragraphs_are_stepped() -> None:
    from marginote.annotations.documents import Document

    doc = Document(
        path=Path("x.txt"),
        text="First para here.\n\nSecond one, née Smith.\n",
        encoding="UTF-8",
        title="x",
    )
    start = doc.text.index("cond")
    assert doc.text[slice(*doc.snap_to_words(start, start + 6))] == "Second one"
    assert (
        doc.text[slice(*doc.snap_to_words(doc.text.index("ée"), doc.text.index("ée") + 1))] == "née"
    )
    assert doc.next_paragraph_start(0) == doc.text.index("Second")
    assert doc.previous_paragraph_start(doc.text.index("one")) == doc.text.index("Second")
    assert doc.previous_paragraph_start(doc.text.index("Second")) == 0
