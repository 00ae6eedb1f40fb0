"""Imports honour the source tool's decisions, name every line they leave out, match texts that
differ only in line endings, final newline or Unicode normalisation, and can replace."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from marginote.annotations.documents import load_document
from marginote.annotations.exchange import formats
from marginote.annotations.exchange.merge import LibraryIndex, merge
from marginote.annotations.model import Annotation
from marginote.annotations.store import AnnotationStore
from marginote.tui.cli import main

TEXT = "Café owners said prices rose 12% in May.\n\nThe mayor denied it."


def library(tmp_path: Path, text: str = TEXT) -> Path:
    folder = tmp_path / "library"
    folder.mkdir()
    (folder / "cafe.txt").write_text(text, encoding="utf-8")
    return folder


def write_lines(path: Path, *records: object) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def run_import(path: Path, lib: Path, *options: str) -> int:
    return main(["import", str(path), "--library", str(lib), *options])


def store_of(tmp_path: Path) -> AnnotationStore:
    return AnnotationStore(tmp_path / "data")  # the folder MARGINOTE_DATA_DIR names


def spans(tmp_path: Path, lib: Path) -> list[tuple[int, int, str]]:
    doc = load_document(lib / "cafe.txt")
    return sorted((a.start, a.end, a.label) for a in store_of(tmp_path).annotations(doc.sha256))


def test_prodigy_rejected_and_ignored_tasks_are_counted_not_imported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lib = library(tmp_path)
    span = {"start": 0, "end": 4, "label": "claim"}
    path = write_lines(
        tmp_path / "prodigy.jsonl",
        {"text": TEXT, "spans": [span], "answer": "accept"},
        {"text": TEXT, "spans": [{**span, "end": 12}], "answer": "reject"},
        {"text": TEXT, "spans": [{**span, "end": 16}], "answer": "ignore"},
    )
    assert run_import(path, lib) == 0
    out = capsys.readouterr().out
    assert "1 added" in out
    assert "1 rejected in the source, not imported" in out
    assert "1 ignored in the source, not imported" in out
    assert spans(tmp_path, lib) == [(0, 4, "claim")]


def test_label_studio_cancelled_annotations_are_counted_not_imported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lib = library(tmp_path)

    def region(ident: str, end: int) -> dict[str, object]:
        value = {"start": 0, "end": end, "labels": ["claim"]}
        return {"id": ident, "from_name": "label", "type": "labels", "value": value}

    tasks = [
        {
            "data": {"text": TEXT},
            "annotations": [
                {"result": [region("a", 4)]},
                {"was_cancelled": True, "result": [region("b", 12)]},
            ],
        },
        {"data": {"text": TEXT}, "annotations": [{"was_cancelled": True, "result": []}]},
    ]
    path = tmp_path / "ls.json"
    path.write_text(json.dumps(tasks))
    assert run_import(path, lib) == 0
    out = capsys.readouterr().out
    assert "1 added" in out and "2 cancelled in the source, not imported" in out
    assert spans(tmp_path, lib) == [(0, 4, "claim")]


@pytest.mark.parametrize(
    "variant",
    [
        TEXT + "\n",  # a final newline
        TEXT.replace("\n", "\r\n"),  # Windows line endings
        unicodedata.normalize("NFD", TEXT),  # é as e + combining accent
    ],
    ids=["final-newline", "crlf", "nfd"],
)
def test_texts_differing_in_newlines_or_normalisation_are_matched(
    tmp_path: Path, variant: str
) -> None:
    lib = library(tmp_path)
    at = variant.index("prices")
    path = write_lines(
        tmp_path / "doccano.jsonl",
        {"text": variant, "label": [[at, at + len("prices rose 12%"), "claim"]]},
    )
    assert run_import(path, lib) == 0
    [(start, end, label)] = spans(tmp_path, lib)
    assert TEXT[start:end] == "prices rose 12%" and label == "claim"


def test_every_line_left_out_is_named_and_the_rest_imported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lib = library(tmp_path)
    path = tmp_path / "doccano.jsonl"
    path.write_text(
        json.dumps({"text": TEXT, "label": [[0, 4, "claim"], [20, 10, "claim"]]})
        + "\n{not json\n"
        + json.dumps({"text": "Another text entirely.", "label": [[0, 7, "claim"]]})
        + "\n"
    )
    assert run_import(path, lib) == 1  # something was left out: a script can tell
    captured = capsys.readouterr()
    assert "1 added" in captured.out and "3 left out" in captured.out
    assert (
        f'{path}:1: label [20, 10, "claim"] left out: reversed span: its start 20 is '
        "after its end 10" in captured.err
    )
    assert f"{path}:2: not JSON" in captured.err
    assert f"{path}:3: its text is not in the library (1 annotations)" in captured.err
    assert spans(tmp_path, lib) == [(0, 4, "claim")]


def test_strict_and_dry_run_write_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lib = library(tmp_path)
    path = tmp_path / "doccano.jsonl"
    path.write_text(json.dumps({"text": TEXT, "label": [[0, 4, "claim"]]}) + "\n{bad\n")
    assert run_import(path, lib, "--strict") == 1
    assert "nothing written (--strict)" in capsys.readouterr().err
    assert spans(tmp_path, lib) == []
    good = write_lines(tmp_path / "good.jsonl", {"text": TEXT, "label": [[0, 4, "claim"]]})
    assert run_import(good, lib, "--dry-run") == 0
    assert "1 would be added" in capsys.readouterr().out
    assert spans(tmp_path, lib) == []
    assert run_import(good, lib, "--strict") == 0
    assert spans(tmp_path, lib) == [(0, 4, "claim")]


def tag(tmp_path: Path, lib: Path, start: int, end: int, label: str, **fields: object) -> None:
    doc = load_document(lib / "cafe.txt")
    store_of(tmp_path).save(
        Annotation.of_span(
            doc.text, start, end, label, doc=doc.sha256, path=str(doc.path), **fields
        )
    )


def test_re_importing_a_doccano_export_reports_no_conflict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lib = library(tmp_path)
    tag(tmp_path, lib, 0, 4, "claim", note="checked", attrs={"verdict": "false"})
    out = tmp_path / "out.jsonl"
    assert main(["export", "-f", "doccano", "-o", str(out), str(lib)]) == 0
    assert run_import(out, lib) == 0
    assert "1 already there" in capsys.readouterr().out  # note and verdict: not in doccano


def test_replace_makes_the_store_agree_with_the_file_keeping_what_it_cannot_carry(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lib = library(tmp_path)
    tag(tmp_path, lib, 0, 4, "claim", note="keep me", attrs={"verdict": "false"})
    tag(tmp_path, lib, 5, 11, "evidence")
    path = write_lines(
        tmp_path / "doccano.jsonl",
        {"text": TEXT, "label": [[0, 4, "opinion"], [17, 23, "claim"]]},  # relabel, delete, add
    )
    assert run_import(path, lib, "--mode", "replace", "--dry-run") == 0
    assert "1 would be added; 1 would be updated; 1 would be removed" in capsys.readouterr().out
    assert len(spans(tmp_path, lib)) == 2
    assert run_import(path, lib, "--mode", "replace") == 0
    assert spans(tmp_path, lib) == [(0, 4, "opinion"), (17, 23, "claim")]
    doc = load_document(lib / "cafe.txt")
    relabelled = next(a for a in store_of(tmp_path).annotations(doc.sha256) if a.start == 0)
    assert relabelled.note == "keep me" and relabelled.verdict == "false"
    store_of(tmp_path).undo(doc.sha256)  # the whole import is one undo step
    assert spans(tmp_path, lib) == [(0, 4, "claim"), (5, 11, "evidence")]


def test_merge_mode_adds_beside_and_removes_nothing(tmp_path: Path) -> None:
    lib = library(tmp_path)
    tag(tmp_path, lib, 5, 11, "evidence")
    path = write_lines(tmp_path / "d.jsonl", {"text": TEXT, "label": [[0, 4, "claim"]]})
    reader = formats()["doccano"].read
    assert reader is not None
    report = merge(store_of(tmp_path), reader(path), LibraryIndex([lib]), by_id=False, carries=())
    assert report.added == 1 and report.removed == 0
    assert spans(tmp_path, lib) == [(0, 4, "claim"), (5, 11, "evidence")]


def test_an_unknown_label_is_imported_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lib = library(tmp_path)
    path = write_lines(tmp_path / "d.jsonl", {"text": TEXT, "label": [[0, 4, "claims"]]})
    assert run_import(path, lib) == 0
    err = capsys.readouterr().err
    assert "warning: label 'claims' (1 annotations) is not in the label scheme" in err
    assert "known: claim, evidence, quote, opinion, needs-source" in err


def test_the_format_of_each_tool_is_guessed(tmp_path: Path) -> None:
    from marginote.annotations.exchange import detect_format

    doccano = write_lines(tmp_path / "a.jsonl", {"text": TEXT, "label": [[0, 4, "claim"]]})
    prodigy = write_lines(tmp_path / "b.jsonl", {"text": TEXT, "spans": [], "answer": "accept"})
    studio = tmp_path / "c.json"
    studio.write_text(json.dumps([{"data": {"text": TEXT}, "annotations": []}]))
    assert [detect_format(p) for p in (doccano, prodigy, studio)] == [
        "doccano",
        "prodigy",
        "label-studio",
    ]


def test_replace_from_a_format_without_entity_corrections_keeps_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from marginote.annotations.model import ENTITY_CORRECTION

    lib = library(tmp_path)
    tag(tmp_path, lib, 0, 4, "claim")
    tag(tmp_path, lib, 5, 11, ENTITY_CORRECTION, attrs={"correction": "reject"})
    out = tmp_path / "out.jsonld"
    assert main(["export", "-f", "w3c", "-o", str(out), str(lib)]) == 0
    assert run_import(out, lib, "--mode", "replace") == 0
    assert "1 already there" in capsys.readouterr().out
    assert spans(tmp_path, lib) == [(0, 4, "claim"), (5, 11, ENTITY_CORRECTION)]
