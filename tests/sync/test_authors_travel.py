"""Who made an annotation survives export and import (marginote's JSON Lines, W3C, CSV)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from marginote.annotations.documents import load_document
from marginote.annotations.model import Annotation
from marginote.annotations.paths import data_dir
from marginote.annotations.store import AnnotationStore
from marginote.tui.cli import main
from tests.conftest import library_with_seed


@pytest.mark.parametrize("fmt", ["jsonl", "w3c"])
def test_authors_survive_a_round_trip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    library = library_with_seed(tmp_path)
    document = load_document(next(library.iterdir()))
    store = AnnotationStore(data_dir())
    for start, author in ((0, "alice"), (40, "bob")):
        store.save(
            Annotation.of_span(
                document.text,
                start,
                start + 20,
                "claim",
                doc=document.sha256,
                path=str(document.path),
                author=author,
            )
        )
    out = tmp_path / f"all.{fmt}"
    assert main(["export", "-f", fmt, "-o", str(out), str(library)]) == 0
    monkeypatch.setenv("MARGINOTE_DATA_DIR", str(tmp_path / "someone-else"))
    monkeypatch.setenv("MARGINOTE_AUTHOR", "carol")  # the importer is not the author
    assert main(["import", str(out), "-f", fmt, "--library", str(library)]) == 0
    imported = AnnotationStore(data_dir()).annotations(document.sha256)
    assert sorted(a.author for a in imported) == ["alice", "bob"]


def test_the_spreadsheet_names_each_author(tmp_path: Path) -> None:
    library = library_with_seed(tmp_path)
    document = load_document(next(library.iterdir()))
    AnnotationStore(data_dir()).save(
        Annotation.of_span(
            document.text, 0, 20, "claim", doc=document.sha256, path="x", author="alice"
        )
    )
    out = tmp_path / "all.csv"
    assert main(["export", "-f", "csv", "-o", str(out), str(library)]) == 0
    with out.open(encoding="utf-8-sig") as handle:
        (row,) = csv.DictReader(handle)
    assert row["author"] == "alice"
