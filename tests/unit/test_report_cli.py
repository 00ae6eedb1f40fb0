"""`marginote show` and `marginote stats`: the workflow's results, printed for scripts."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from marginote.annotations.documents import load_document
from marginote.annotations.model import Annotation
from marginote.annotations.paths import data_dir
from marginote.annotations.store import AnnotationStore
from marginote.tui.cli import main
from tests.conftest import SEED, library_with_seed


def annotate(
    path: Path, phrase: str, label: str, verdict: str = "", **fields: str
) -> Annotation:
    """``phrase`` of the document at ``path`` tagged and stored (``fields``: note, author...)."""
    doc = load_document(path)
    start = doc.text.index(phrase)
    annotation = Annotation.of_span(
        doc.text,
        start,
        start + len(phrase),
        label,
        doc=doc.sha256,
        path=str(path),
        attrs={"verdict": verdict} if verdict else {},
        **fields,
    )
    AnnotationStore(data_dir()).save(annotation)
    return annotation


def test_show_json_has_the_text_entities_and_annotations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MARGINOTE_RECOGNIZER", "rules")
    annotation = annotate(SEED, "Dmitry Peskov", "quote")
    assert main(["show", str(SEED), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["text"] == load_document(SEED).text
    assert [a["id"] for a in shown["annotations"]] == [annotation.id]
    assert any(shown["text"][s:e] == "Dmitry Peskov" for s, e, _ in shown["entities"])


def test_show_prints_hostile_text_as_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "hostile.txt"
    path.write_text("Title [bold]not bold[/bold]\x1b[2J and \x1b]0;pwned\x07 end.\nsecond line\n")
    annotate(path, "not bold", "claim", "false")
    assert main(["show", str(path), "--no-entities"]) == 0
    out = capsys.readouterr().out
    assert "[bold]not bold[/bold]" in out and "\x1b" not in out and "\x07" not in out
    assert "second line" in out.splitlines()[2]  # lines stay lines
    assert "claim" in out and "[false]" in out
    assert main(["show", str(tmp_path / "missing.txt")]) == 2


def test_stats_counts_labels_and_claim_verdicts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    library = library_with_seed(tmp_path, "seed.txt")
    (library / "other.txt").write_text("Nothing tagged here.\n")
    annotate(library / "seed.txt", "Dmitry Peskov", "claim", "false")
    annotate(library / "seed.txt", "Elon Musk", "claim")
    annotate(library / "seed.txt", "Interfax", "evidence")
    assert main(["stats", str(library), "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats == {
        "documents": 2,
        "annotated": 1,
        "labels": {"claim": 2, "evidence": 1},
        "claim_verdicts": {"false": 1, "(none)": 1},
        "same_text_as": {},
    }
    assert main(["stats", str(library)]) == 0
    assert "2 documents, 1 with annotations" in capsys.readouterr().out


def library_with_a_copy(root: Path) -> Path:
    """A library of a.txt (the seed, one claim rated false) and b.txt, a copy of it."""
    library = library_with_seed(root, "a.txt")
    shutil.copy(library / "a.txt", library / "b.txt")
    annotate(library / "a.txt", "Dmitry Peskov", "claim", "false")
    return library


def test_stats_counts_a_text_under_two_file_names_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """b.txt is a copy of a.txt: the store keeps the text's annotations once, so the counts are
    those of one document, and the output says which file was left out."""
    library = library_with_a_copy(tmp_path)
    annotate(library / "a.txt", "Interfax", "evidence")
    assert main(["stats", str(library), "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["documents"] == 1 and stats["annotated"] == 1
    assert stats["labels"] == {"claim": 1, "evidence": 1}
    assert stats["claim_verdicts"] == {"false": 1}
    assert stats["same_text_as"] == {str(library / "b.txt"): str(library / "a.txt")}
    assert main(["stats", str(library)]) == 0
    out = capsys.readouterr().out
    assert "1 document, 1 with annotations" in out
    assert "b.txt: the same text as " in out and "counted once" in out


def test_export_writes_a_text_under_two_file_names_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    library = library_with_a_copy(tmp_path)
    out = tmp_path / "out.csv"
    assert main(["export", "-f", "csv", "-o", str(out), str(library)]) == 0
    rows = out.read_text(encoding="utf-8-sig").splitlines()
    assert len(rows) == 2  # the header and one claim, not one per file name
    err = capsys.readouterr().err
    assert "1 annotation of 1 document written" in err
    assert "b.txt: the same text as " in err and "written once" in err


def test_stats_prints_a_verdict_as_written_never_as_markup(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    library = library_with_seed(tmp_path, "seed.txt")
    annotate(library / "seed.txt", "Dmitry Peskov", "claim", "[red]false[/red]\x1b[2J")
    assert main(["stats", str(library)]) == 0
    out = capsys.readouterr().out
    assert "[red]false[/red]" in out and "\x1b" not in out


def test_help_lists_every_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    for command in ("export", "import", "show", "stats"):
        assert f"\n  {command} " in out, command


def test_export_to_dash_writes_standard_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["export", "-f", "csv", "-o", "-", str(library_with_seed(tmp_path))]) == 0
    assert capsys.readouterr().out.startswith("document")
    assert not (tmp_path / "-").exists()
