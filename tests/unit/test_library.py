from __future__ import annotations

from pathlib import Path

from marginote.annotations.library import describe, find_documents
from tests.conftest import SEED


def test_folders_are_walked_sorted_without_hidden_files(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("bee")
    (tmp_path / "a.txt").write_text("ay")
    (tmp_path / ".hidden.txt").write_text("no")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.md").write_text("sea")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref")
    names = [p.relative_to(tmp_path).as_posix() for p in find_documents([tmp_path])]
    assert names == ["a.txt", "b.txt", "sub/c.md"]


def test_files_given_directly_are_listed_once(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("ay")
    assert find_documents([tmp_path / "a.txt", tmp_path]) == [tmp_path / "a.txt"]


def test_describe_gives_title_words_and_hash() -> None:
    info = describe(SEED)
    assert (info.title, info.words, info.error) == ("Musk peace poll", 462, "")
    assert info.size == SEED.stat().st_size and len(info.sha256) == 64


def test_describe_reports_unreadable_files_instead_of_failing(tmp_path: Path) -> None:
    png = tmp_path / "picture.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    info = describe(png)
    assert info.error == "not a text file: a PNG image"
    assert info.sha256 == ""
