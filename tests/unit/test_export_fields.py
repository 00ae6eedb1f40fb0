"""Exports carry no local path nor login name, every claim field reaches every format that can
hold it, the CSV file is formula-safe by default (raw on request), and brat and Label Studio get
their configuration beside the data."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from marginote.annotations.documents import load_document
from marginote.annotations.exchange import login_name
from marginote.annotations.model import Annotation
from marginote.annotations.store import AnnotationStore
from marginote.tui.cli import main

TEXT = "-5 per cent, said the minister.\n\n=SUM(A1) was the cell.\n\r\nThe end."
CLAIM_FIELDS = {
    "verdict": "mostly false",
    "claimant": "Jane Minister",
    "claimant_type": "PERSON",
    "check_worthiness": 4,
    "evidence": ["https://example.org/a", "https://example.org/b"],
}


@pytest.fixture
def library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("MARGINOTE_AUTHOR", raising=False)  # the author is the login name
    folder = tmp_path / "home" / login_name() / "library"
    folder.mkdir(parents=True)
    (folder / "minister.txt").write_bytes(TEXT.encode())
    doc = load_document(folder / "minister.txt")
    store = AnnotationStore(tmp_path / "data")
    for start, end, label, attrs in [
        (0, 11, "claim", CLAIM_FIELDS),
        (doc.text.index("=SUM"), doc.text.index(" was"), "evidence", {}),
        (doc.text.index("The end"), doc.text.index(" end"), "quote", {"claimant": "\r=1+1"}),
    ]:
        store.save(
            Annotation.of_span(
                doc.text, start, end, label, doc=doc.sha256, path=str(doc.path), attrs=attrs
            )
        )
    return folder


def export(tmp_path: Path, library: Path, fmt: str, *options: str) -> Path:
    out = tmp_path / f"out-{fmt}"
    assert main(["export", "-f", fmt, "-o", str(out), str(library), *options]) == 0
    return out


def written_text(out: Path) -> str:
    if out.is_dir():
        return "".join(p.read_text() for p in sorted(out.iterdir()))
    return "".join(p.read_text() for p in sorted(out.parent.glob(out.name + "*")))


@pytest.mark.parametrize(
    "fmt", ["jsonl", "w3c", "brat", "doccano", "prodigy", "label-studio", "csv", "claimreview"]
)
def test_no_export_carries_the_local_folder_or_the_login_name(
    tmp_path: Path, library: Path, fmt: str
) -> None:
    text = written_text(export(tmp_path, library, fmt))
    assert str(tmp_path) not in text and "/home/" not in text
    assert f'"{login_name()}"' not in text and f",{login_name()}," not in text


def test_paths_are_relative_by_default_absolute_or_left_out_on_request(
    tmp_path: Path, library: Path
) -> None:
    def paths(*options: str) -> list[object]:
        out = export(tmp_path, library, "doccano", *options)
        return [json.loads(line)["meta"].get("path") for line in out.read_text().splitlines()]

    assert paths() == ["minister.txt"]
    assert paths("--paths", "absolute") == [str((library / "minister.txt").resolve())]
    assert paths("--paths", "none") == [None]


def test_the_reviewer_is_the_configured_user_never_the_login_name(
    tmp_path: Path, library: Path
) -> None:
    [review] = json.loads(export(tmp_path, library, "claimreview").read_text())
    assert "author" not in review  # no name configured: left out
    assert review["citation"] == CLAIM_FIELDS["evidence"]
    (library / ".marginote.toml").write_text('[user]\nname = "Ana Checker"\n')
    [review] = json.loads(export(tmp_path, library, "claimreview").read_text())
    assert review["author"] == {"@type": "Person", "name": "Ana Checker"}
    (library / ".marginote.toml").write_text(
        '[user]\nname = "Ana Checker"\norganisation = "Fact Desk"\n'
    )
    [review] = json.loads(export(tmp_path, library, "claimreview").read_text())
    assert review["author"] == {"@type": "Organization", "name": "Fact Desk"}
    out = export(tmp_path, library, "w3c")
    creators = [a.get("creator") for a in json.loads(out.read_text())["first"]["items"]]
    assert creators == [{"type": "Person", "name": "Ana Checker"}] * 3


def test_the_claimreview_summary_says_how_many_reviews_were_written(
    tmp_path: Path, library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Of three annotations only the claim with a verdict is a review: the summary must not let
    the user believe three were written."""
    capsys.readouterr()
    assert len(json.loads(export(tmp_path, library, "claimreview").read_text())) == 1
    said = capsys.readouterr().err
    assert "1 claim review written; 2 annotations left out" in said


def rows(out: Path) -> list[dict[str, str]]:
    with out.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_csv_file_is_formula_safe_and_has_every_claim_field(
    tmp_path: Path, library: Path
) -> None:
    found = rows(export(tmp_path, library, "csv"))
    first = next(iter(found[0]))
    assert first == "document (formula-safe: ' added)"  # the header says which
    assert sorted(r["quote"] for r in found) == ["'-5 per cent", "'=SUM(A1)", "The"]
    assert [r["claimant"] for r in found if r["label"] == "quote"] == ["'\r=1+1"]
    claim = next(r for r in found if r["label"] == "claim")
    assert claim["verdict"] == "mostly false" and claim["claimant"] == "Jane Minister"
    assert claim["check_worthiness"] == "4" and claim["claimant_type"] == "PERSON"
    assert claim["evidence"] == "https://example.org/a https://example.org/b"


def test_the_raw_csv_quotes_are_the_text(tmp_path: Path, library: Path) -> None:
    doc = load_document(library / "minister.txt")
    found = rows(export(tmp_path, library, "csv", "--raw"))
    assert "document" in found[0]
    for row in found:
        assert row["quote"] == doc.text[int(row["start"]) : int(row["end"])]


def test_brat_and_label_studio_carry_claim_fields_and_their_configs(
    tmp_path: Path, library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    brat = export(tmp_path, library, "brat")
    conf = (brat / "annotation.conf").read_text()
    assert "[entities]\nclaim\nevidence\nquote\nopinion\nneeds-source\n" in conf
    assert "<OVL-TYPE>:<ANY>" in conf and "Value:true|mostly_true|mixed|" in conf
    ann = (brat / "minister.ann").read_text()
    assert "\tClaimant T1\tJane Minister" in ann and "CheckWorthiness T1 4" in ann
    studio = export(tmp_path, library, "label-studio")
    config = studio.with_name(f"{studio.stem}.config.xml").read_text()
    assert '<Label value="needs-source"/>' in config and 'name="check_worthiness"' in config
    for fmt, out in [("brat", brat), ("label-studio", studio)]:
        fresh = tmp_path / f"data-{fmt}"
        monkeypatch.setenv("MARGINOTE_DATA_DIR", str(fresh))
        assert main(["import", str(out), "-f", fmt, "--library", str(library)]) == 0
        doc = load_document(library / "minister.txt")
        [claim] = [a for a in AnnotationStore(fresh).annotations(doc.sha256) if a.label == "claim"]
        assert {k: claim.attrs.get(k) for k in CLAIM_FIELDS if k != "claimant_type"} == {
            k: v for k, v in CLAIM_FIELDS.items() if k != "claimant_type"
        }
        # importing it again changes nothing and reports no conflict
        assert main(["import", str(out), "-f", fmt, "--library", str(library)]) == 0
