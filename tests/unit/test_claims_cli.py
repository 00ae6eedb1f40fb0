"""`marginote claims`: suggest, learn, forget and similar, as scripts use them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from marginote.annotations.documents import load_document
from marginote.annotations.paths import data_dir
from marginote.tui.cli import main
from tests.conftest import SEED
from tests.unit.test_claims_scoring import NEGATIVES, POSITIVES
from tests.unit.test_report_cli import annotate


def test_suggest_json_lists_every_sentence_in_text_order(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["claims", "suggest", str(SEED), "--json"]) == 0
    scored = json.loads(capsys.readouterr().out)
    text = load_document(SEED).text
    assert len(scored) > 20
    assert all(set(s) == {"start", "end", "text", "score"} for s in scored)
    assert [s["start"] for s in scored] == sorted(s["start"] for s in scored)
    assert all(text[s["start"] : s["end"]] == s["text"] for s in scored)
    best = max(scored, key=lambda s: s["score"])
    assert any(ch.isdigit() for ch in best["text"])


def test_learn_reports_bad_rows_by_line_and_learns_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "labels.tsv"
    bad.write_text("text\tlabel\nTaxes rose.\t1\nHello\tmaybe\n", encoding="utf-8")
    assert main(["claims", "learn", str(bad)]) == 2
    error = capsys.readouterr().err
    assert "line 3" in error and "nothing learnt" in error and "Traceback" not in error
    assert not (data_dir() / "claims" / "learned.jsonl").exists()
    assert main(["claims", "learn", str(tmp_path / "missing.csv")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_learn_changes_the_scores_and_forget_restores_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = tmp_path / "valley.txt"
    doc.write_text(
        "The lynx population of the valley is counted by the wardens each spring.\n", "utf-8"
    )

    def score() -> float:
        assert main(["claims", "suggest", str(doc), "--json"]) == 0
        return float(json.loads(capsys.readouterr().out)[0]["score"])

    before = score()
    labelled = tmp_path / "labels.csv"
    rows = [f"{t},1" for t in POSITIVES] + [f"{t},0" for t in NEGATIVES]
    labelled.write_text("text,label\n" + "\n".join(rows) + "\n", encoding="utf-8")
    assert main(["claims", "learn", str(labelled)]) == 0
    assert "Learnt 16 sentences (8 check-worthy)" in capsys.readouterr().out
    assert score() > before
    assert main(["claims", "forget"]) == 0
    capsys.readouterr()
    assert score() == pytest.approx(before)


def test_similar_finds_a_claim_tagged_before(capsys: pytest.CaptureFixture[str]) -> None:
    phrase = "The final results were 40.9% “yes” on the Ukraine-Russia peace poll"
    annotate(SEED, phrase, "claim", "true")
    assert (
        main(["claims", "similar", "final results of the Ukraine Russia peace poll", "--json"]) == 0
    )
    found = json.loads(capsys.readouterr().out)
    assert found[0]["quote"] == phrase and found[0]["verdict"] == "true"
    assert found[0]["document"] == str(SEED) and 0 < found[0]["similarity"] <= 1
    assert main(["claims", "similar", "final results of the peace poll"]) == 0
    assert "[true]" in capsys.readouterr().out


def test_similar_does_not_quote_a_quotation_twice(capsys: pytest.CaptureFixture[str]) -> None:
    phrase = "“We consider it very positive that a man like Musk is looking for a peaceful way"
    annotate(SEED, phrase, "claim", "mostly true")
    assert main(["claims", "similar", "Musk is looking for a peaceful way, Kremlin says"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "[mostly true] “We consider it" in out and "““" not in out


def test_similar_shows_paths_relative_to_the_library_else_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """One claim stored with a relative path (an import run from the library's parent, before
    imports stored absolute paths), one with an absolute path (tagged in the reader): both are
    shown relative to the library folder; a claim of a file outside the library, in full."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "500")  # a line per claim, however long the temporary path
    library, elsewhere = tmp_path / "seeds", tmp_path / "elsewhere"
    library.mkdir()
    elsewhere.mkdir()
    texts = {
        Path("seeds/a.txt"): "Exports grew by 12 percent in 2021, the minister said.\n",
        library / "b.txt": "Exports grew by 12 percent in 2022, the ministry said.\n",
        elsewhere / "c.txt": "Exports grew by 12 percent in 2020, the bank said.\n",
    }
    for path, text in texts.items():
        path.write_text(text, encoding="utf-8")
        annotate(path, text.split(",")[0], "claim")
    assert main(["claims", "similar", "Exports grew by 12 percent"]) == 0
    shown = [line.rsplit("— ", 1)[1] for line in capsys.readouterr().out.splitlines()]
    assert sorted(shown) == sorted(["a.txt", "b.txt", str(elsewhere / "c.txt")])


def test_an_import_stores_absolute_document_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An import given the library as a relative folder stores the documents' absolute paths,
    as the reader does: the claims seen before then name them one way."""
    monkeypatch.chdir(tmp_path)
    library = tmp_path / "library"
    library.mkdir()
    (library / "a.txt").write_text("Exports grew by 12 percent in 2021.\n", encoding="utf-8")
    annotate(library / "a.txt", "Exports grew by 12 percent", "claim")
    exported = tmp_path / "claims.jsonl"
    assert main(["export", "-o", str(exported), "library"]) == 0
    (tmp_path / "data").rename(tmp_path / "old-data")  # a teammate's empty store
    assert main(["import", str(exported), "--library", "library"]) == 0
    capsys.readouterr()
    assert main(["claims", "similar", "Exports grew", "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert [m["document"] for m in found] == [str(library / "a.txt")]
