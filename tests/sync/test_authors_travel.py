"""Who made an annotation survives every export and import (marginote's JSON Lines, W3C, brat,
doccano, Prodigy, Label Studio; CSV and ClaimReview name them), so that agreement works on the
files of several annotators imported into one library."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from marginote.annotations.documents import load_document
from marginote.annotations.model import Annotation
from marginote.annotations.paths import data_dir
from marginote.annotations.store import AnnotationStore
from marginote.tui.cli import main
from tests.conftest import library_with_seed

#: Every format marginote reads, and the name of what its export writes.
READABLE = {
    "jsonl": "all.jsonl",
    "w3c": "all.jsonld",
    "brat": "brat",
    "doccano": "all.jsonl",
    "prodigy": "all.jsonl",
    "label-studio": "all.json",
}


def tag(library: Path, spans: list[tuple[int, str]], **fields: object) -> str:
    """Save a 20-character claim at each (start, author) in the current data folder."""
    document = load_document(next(library.iterdir()))
    store = AnnotationStore(data_dir())
    for start, author in spans:
        store.save(
            Annotation.of_span(
                document.text,
                start,
                start + 20,
                "claim",
                doc=document.sha256,
                path=str(document.path),
                author=author,
                **fields,
            )
        )
    return document.sha256


@pytest.mark.parametrize("fmt", sorted(READABLE))
def test_authors_survive_a_round_trip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    library = library_with_seed(tmp_path)
    # alice and bob both tagged the first span: two annotations, not one.
    doc = tag(library, [(0, "alice"), (0, "bob"), (40, "bob")])
    out = tmp_path / READABLE[fmt]
    assert main(["export", "-f", fmt, "-o", str(out), str(library)]) == 0
    monkeypatch.setenv("MARGINOTE_DATA_DIR", str(tmp_path / "someone-else"))
    monkeypatch.setenv("MARGINOTE_AUTHOR", "carol")  # the importer is not the author
    assert main(["import", str(out), "-f", fmt, "--library", str(library)]) == 0
    imported = AnnotationStore(data_dir()).annotations(doc)
    assert sorted((a.start, a.author) for a in imported) == [(0, "alice"), (0, "bob"), (40, "bob")]
    # Imported again: all already there (matched by span, label and author).
    assert main(["import", str(out), "-f", fmt, "--library", str(library)]) == 0
    assert len(AnnotationStore(data_dir()).annotations(doc)) == 3


def test_a_file_without_authors_is_signed_by_the_importer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = library_with_seed(tmp_path)
    document = load_document(next(library.iterdir()))
    path = tmp_path / "plain.jsonl"
    path.write_text(json.dumps({"text": document.text, "label": [[0, 20, "claim"]]}) + "\n")
    monkeypatch.setenv("MARGINOTE_AUTHOR", "carol")
    assert main(["import", str(path), "-f", "doccano", "--library", str(library)]) == 0
    (imported,) = AnnotationStore(data_dir()).annotations(document.sha256)
    assert imported.author == "carol"


def test_a_label_studio_owner_is_read_from_its_export(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = library_with_seed(tmp_path)
    document = load_document(next(library.iterdir()))

    def region(start: int) -> dict[str, object]:
        value = {"start": start, "end": start + 20, "labels": ["claim"]}
        return {"id": f"r{start}", "from_name": "label", "type": "labels", "value": value}

    tasks = [
        {
            "data": {"text": document.text},
            "annotations": [
                {"completed_by": 10, "result": [region(0)]},
                {"completed_by": {"id": 11, "email": "ed@desk.example"}, "result": [region(0)]},
                {"completed_by": {"first_name": "Fay\x1b[31m", "last_name": "Lo"}, "result": []},
            ],
        }
    ]
    path = tmp_path / "studio.json"
    path.write_text(json.dumps(tasks), encoding="utf-8")
    assert main(["import", str(path), "-f", "label-studio", "--library", str(library)]) == 0
    found = AnnotationStore(data_dir()).annotations(document.sha256)
    assert sorted(a.author for a in found) == ["ed@desk.example", "label-studio user 10"]


def test_replacing_from_a_teammates_file_keeps_ones_own_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = library_with_seed(tmp_path)
    doc = tag(library, [(0, "bob")])
    out = tmp_path / "bob.jsonl"
    assert main(["export", "-f", "doccano", "-o", str(out), str(library)]) == 0
    tag(library, [(40, "carol")])
    monkeypatch.setenv("MARGINOTE_AUTHOR", "carol")
    args = ["import", str(out), "-f", "doccano", "--library", str(library), "--mode", "replace"]
    assert main(args) == 0
    found = AnnotationStore(data_dir()).annotations(doc)
    assert sorted((a.start, a.author) for a in found) == [(0, "bob"), (40, "carol")]


@pytest.mark.parametrize("fmt", ["doccano", "label-studio"])
def test_agreement_of_two_annotators_exports_imported_into_one_library(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    fmt: str,
) -> None:
    library = library_with_seed(tmp_path)
    files = []
    for person, starts in (("alice", [0, 40]), ("bob", [0, 80])):
        monkeypatch.setenv("MARGINOTE_DATA_DIR", str(tmp_path / person))
        monkeypatch.setenv("MARGINOTE_AUTHOR", person)
        tag(library, [(start, person) for start in starts])
        files.append(tmp_path / f"{person}.{fmt}.json")
        assert main(["export", "-f", fmt, "-o", str(files[-1]), str(library)]) == 0
    monkeypatch.setenv("MARGINOTE_DATA_DIR", str(tmp_path / "carol"))
    monkeypatch.setenv("MARGINOTE_AUTHOR", "carol")
    for path in files:
        assert main(["import", str(path), "-f", fmt, "--library", str(library)]) == 0
    capsys.readouterr()
    assert main(["agreement", str(library), "--json"]) == 0
    (pair,) = json.loads(capsys.readouterr().out)["pairs"]
    assert (pair["a"], pair["b"], pair["documents"]) == ("alice", "bob", 1)
    assert pair["f1_exact"] == pytest.approx(0.5)  # one of two spans each in common


def test_the_spreadsheet_names_each_author(tmp_path: Path) -> None:
    library = library_with_seed(tmp_path)
    tag(library, [(0, "alice")])
    out = tmp_path / "all.csv"
    assert main(["export", "-f", "csv", "-o", str(out), str(library)]) == 0
    with out.open(encoding="utf-8-sig") as handle:
        (row,) = csv.DictReader(handle)
    assert row["author"] == "alice"


def test_a_claimreview_names_the_reviewer(tmp_path: Path) -> None:
    """The review's author is the desk (``[claimreview] author``) when configured, else the
    annotator who gave the verdict."""
    library = library_with_seed(tmp_path)
    tag(library, [(0, "alice")], attrs={"verdict": "false"})
    out = tmp_path / "reviews.jsonld"
    assert main(["export", "-f", "claimreview", "-o", str(out), str(library)]) == 0
    (review,) = json.loads(out.read_text(encoding="utf-8"))
    assert review["author"] == {"@type": "Person", "name": "alice"}


def test_naming_oneself_later_does_not_duplicate_on_reimport(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Annotations signed with the login name (before ``[user] name`` was set) are exported
    under the configured name; importing that file back matches them, adds nothing."""
    from marginote.annotations.exchange import login_name

    library = library_with_seed(tmp_path)
    monkeypatch.delenv("MARGINOTE_AUTHOR", raising=False)
    doc = tag(library, [(0, login_name())])
    (tmp_path / "config.toml").write_text('[user]\nname = "Sam Ng"\n', encoding="utf-8")
    out = tmp_path / "mine.jsonl"
    assert main(["export", "-f", "doccano", "-o", str(out), str(library)]) == 0
    assert '"author": "Sam Ng"' in out.read_text(encoding="utf-8")
    assert main(["import", str(out), "-f", "doccano", "--library", str(library)]) == 0
    assert len(AnnotationStore(data_dir()).annotations(doc)) == 1
