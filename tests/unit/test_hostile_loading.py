"""Each odd file is loaded correctly or refused with a plain reason (the loader's side)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marginote.annotations.documents import DocumentError, load_document
from marginote.annotations.library import describe, find_documents
from marginote.tui.cli import main
from tests.hostile import write_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("picture.png", "not a text file: a PNG image"),
        ("archive.zip", "not a text file: a zip archive"),
        ("nul-bytes.txt", "not a text file: it contains NUL bytes"),
        ("huge-200mb.txt", "too big to open (200 MB; the limit is 64 MB)"),
    ],
)
def test_files_that_cannot_be_read_as_text_are_refused_with_a_reason(
    corpus: Path, name: str, reason: str
) -> None:
    with pytest.raises(DocumentError) as caught:
        load_document(corpus / name)
    assert caught.value.reason.startswith(reason)
    assert describe(corpus / name).error.startswith(reason)


@pytest.mark.parametrize(
    ("name", "encoding", "text"),
    [
        ("utf8.txt", "UTF-8", "Plain UTF-8: café “quotes”.\n"),
        ("utf8-bom.txt", "UTF-8 (BOM)", "With a BOM: café.\n"),
        ("utf16.txt", "UTF-16 (BOM)", "UTF-16 with BOM: café.\n"),
        ("windows-1252.txt", "Windows-1252", "Smart “quotes” and café – cp1252.\n"),
        ("latin1.txt", "Latin-1", "Latin-1 only: café \x81 ÿ.\n"),
        ("crlf.txt", "UTF-8", "First line.\nSecond line.\n"),
        ("cr.txt", "UTF-8", "Old Mac line.\nAnother line.\n"),
        ("mixed-endings.txt", "UTF-8", "One.\nTwo.\nThree.\nFour.\n"),
        ("empty.txt", "UTF-8", ""),
        ("whitespace.txt", "UTF-8", "   \n\t\n  \n"),
    ],
)
def test_encodings_and_line_endings_are_detected(
    corpus: Path, name: str, encoding: str, text: str
) -> None:
    doc = load_document(corpus / name)
    assert (doc.encoding, doc.text) == (encoding, text)


def test_invalid_bytes_are_replaced_visibly(corpus: Path) -> None:
    doc = load_document(corpus / "invalid-utf8.txt")
    assert doc.text.startswith("Mostly fine: naïve résumé ") and doc.text.count("\ufffd") == 3
    assert doc.encoding == "UTF-8 (3 invalid bytes replaced)"


def test_a_folder_lists_everything_even_with_symlink_loops_and_unreadable_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "missing.txt")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "secret.txt").write_text("s")
    real_scandir = os.scandir

    def scandir(path: object = ".") -> object:
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    names = sorted(p.name for p in find_documents([tmp_path]))
    assert names == ["a.txt", "dangling.txt"]  # the loop is not followed, the locked folder skipped
    assert describe(tmp_path / "dangling.txt").error == "no such file"


def test_command_line_refuses_missing_paths_and_special_files_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for path, message in [
        (tmp_path / "nope.txt", "no such file or folder"),
        (fifo, "not a regular file"),
    ]:
        assert main([str(path)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and message in err and "Traceback" not in err


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=400))
def test_any_bytes_load_or_are_refused_never_crash(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "x.txt"
    path.write_bytes(data)
    try:
        doc = load_document(path)
    except DocumentError as error:
        assert error.reason
        return
    assert "\r" not in doc.text and doc.sha256 and doc.encoding


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=300))
def test_utf8_text_round_trips_with_only_newlines_normalised(
    tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    path = tmp_path_factory.mktemp("text") / "x.txt"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    try:
        doc = load_document(path)
    except DocumentError:
        assert "\x00" in text  # only NUL bytes make text refused as binary
        return
    expected = text.replace("\r\n", "\n").replace("\r", "\n")
    if any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        return  # lone surrogates are not valid UTF-8: replaced, covered by the bytes test
    assert doc.text == expected.removeprefix("\ufeff")
