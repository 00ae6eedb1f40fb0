"""Exports a model can train on: Prodigy tokens are spaCy's, the DocBin loads back in spaCy span
by span, CoNLL is BIO, spans off token boundaries are reported, splits are by document and
reproducible, and only done documents (with negatives) can be taken."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from marginote.annotations.documents import load_document
from marginote.annotations.entities import Entity
from marginote.annotations.exchange import Exported, WriteOptions, formats
from marginote.annotations.model import ENTITY_CORRECTION, Annotation
from marginote.annotations.status import StatusBook
from marginote.annotations.store import AnnotationStore
from marginote.tui.cli import main

TEXT = (
    "GDP grew 4.2% to 12,000 jobs, says https://stats.example/q?y=2024 and Ana Lopez.\n\n"
    "Paris denied it."
)


def span(doc_text: str, quote: str, label: str, **fields: object) -> Annotation:
    start = doc_text.index(quote)
    return Annotation.of_span(
        doc_text, start, start + len(quote), label, doc="d", path="p", **fields
    )


@pytest.fixture
def item(tmp_path: Path) -> Exported:
    path = tmp_path / "gdp.txt"
    path.write_text(TEXT)
    doc = load_document(path)
    annotations = [
        span(TEXT, "GDP grew 4.2%", "claim", attrs={"verdict": "false", "check_worthiness": 5}),
        span(TEXT, "4.2%", "statistic"),  # nested in the claim
        span(TEXT, "12,000 jobs", "statistic", note="from the survey"),
        span(TEXT, "https://stats.example/q?y=2024", "evidence"),
        span(TEXT, "aris denied", "quote"),  # starts inside a token
    ]
    entities = [Entity(TEXT.index("Ana"), TEXT.index("Ana") + len("Ana Lopez"), "ORG")]
    entities.append(Entity(TEXT.index("Paris"), TEXT.index("Paris") + 5, "GPE"))
    relabel = span(
        TEXT,
        "Ana Lopez",
        ENTITY_CORRECTION,
        attrs={"correction": "relabel", "entity_label": "PERSON", "model_label": "ORG"},
    )
    return Exported(doc, annotations, entities=entities, recognizer="test", corrections=[relabel])


def test_prodigy_tokens_are_spacys(tmp_path: Path, item: Exported) -> None:
    out = tmp_path / "p.jsonl"
    options = WriteOptions()
    formats()["prodigy"].write([item], out, options)
    [task] = [json.loads(line) for line in out.read_text().splitlines()]
    texts = [t["text"] for t in task["tokens"]]
    assert "4.2" in texts and "12,000" in texts and "https://stats.example/q?y=2024" in texts
    for s in task["spans"]:
        first, last = task["tokens"][s["token_start"]], task["tokens"][s["token_end"]]
        if s["label"] != "quote":
            assert (first["start"], last["end"]) == (s["start"], s["end"])
    assert len(options.notes) == 1 and "“aris denied”" in options.notes[0]


def test_the_docbin_loads_back_in_spacy_span_by_span(tmp_path: Path, item: Exported) -> None:
    import spacy
    from spacy.tokens import DocBin

    from marginote.annotations.exchange.docbin import register_extensions

    out = tmp_path / "train.spacy"
    options = WriteOptions()
    formats()["spacy"].write([item], out, options)
    register_extensions()
    [doc] = DocBin(store_user_data=True).from_disk(out).get_docs(spacy.blank("en").vocab)
    assert doc.text == TEXT
    assert [(e.text, e.label_) for e in doc.ents] == [("Ana Lopez", "PERSON"), ("Paris", "GPE")]
    got = [(s.start_char, s.end_char, s.label_) for s in doc.spans["marginote"]]
    wanted = [(a.start, a.end, a.label) for a in item.annotations if a.label != "quote"]
    assert got == wanted  # overlaps kept; the misaligned one left out, and said
    claim = doc.spans["marginote"][0]
    assert claim._.verdict == "false" and claim._.check_worthiness == 5
    assert claim._.id == item.annotations[0].id
    assert doc.spans["marginote"][2]._.note == "from the survey"
    assert doc.cats == {"annotated": 1.0}
    assert ["“aris denied”" in note for note in options.notes] == [True]


def test_conll_is_bio_and_reports_what_it_cannot_hold(tmp_path: Path, item: Exported) -> None:
    out = tmp_path / "c.conll"
    options = WriteOptions()
    formats()["conll"].write([item], out, options)
    lines = out.read_text().splitlines()
    assert lines[:6] == [
        "-DOCSTART-\tO",
        "",
        "GDP\tB-claim",
        "grew\tI-claim",
        "4.2\tI-claim",
        "%\tI-claim",
    ]
    assert "12,000\tB-statistic" in lines and "jobs\tI-statistic" in lines
    assert "Paris\tO" in lines and lines[lines.index("Paris\tO") - 1] == ""  # a paragraph break
    assert any("“4.2%”" in n and "BIO cannot nest" in n for n in options.notes)
    assert any("“aris denied”" in n for n in options.notes)


def library_of(tmp_path: Path, count: int) -> tuple[Path, list[str]]:
    folder = tmp_path / "library"
    folder.mkdir()
    store = AnnotationStore(tmp_path / "data")
    hashes = []
    for n in range(count):
        (folder / f"doc{n:02}.txt").write_text(f"Document {n} says {n} things.")
        doc = load_document(folder / f"doc{n:02}.txt")
        hashes.append(doc.sha256)
        if n % 2 == 0:
            store.save(
                Annotation.of_span(doc.text, 0, 8, "claim", doc=doc.sha256, path=str(doc.path))
            )
    return folder, hashes


def parts(out: Path) -> dict[str, list[str]]:
    return {
        name: sorted(
            json.loads(line)["meta"]["path"]
            for line in (out.with_name(f"{out.stem}-{name}.jsonl").read_text().splitlines())
        )
        for name in ("train", "dev", "test")
    }


def test_split_is_by_document_and_reproducible(tmp_path: Path) -> None:
    folder, _ = library_of(tmp_path, 20)
    out = tmp_path / "set.jsonl"
    split = ["--split", "train=0.8,dev=0.1,test=0.1", "-o", str(out), str(folder)]
    assert main(["export", "-f", "doccano", *split, "--seed", "7"]) == 0
    first = parts(out)
    assert [len(first[n]) for n in ("train", "dev", "test")] == [8, 1, 1]  # 10 annotated
    assert sorted(p for part in first.values() for p in part) == sorted(
        f"doc{n:02}.txt" for n in range(0, 20, 2)
    )
    assert main(["export", "-f", "doccano", *split, "--seed", "7"]) == 0
    assert parts(out) == first
    assert main(["export", "-f", "doccano", *split, "--seed", "8"]) == 0
    assert parts(out) != first


def test_only_done_documents_with_negatives(tmp_path: Path) -> None:
    folder, hashes = library_of(tmp_path, 4)
    book = StatusBook(tmp_path / "data")
    book.set(hashes[0], "done")  # annotated
    book.set(hashes[1], "done")  # no annotation: a negative
    book.set(hashes[2], "in progress")
    out = tmp_path / "done.jsonl"

    def exported(*options: str) -> list[str]:
        assert main(["export", "-f", "doccano", "-o", str(out), str(folder), *options]) == 0
        return [json.loads(line)["meta"]["path"] for line in out.read_text().splitlines()]

    assert exported() == ["doc00.txt", "doc02.txt"]
    assert exported("--done") == ["doc00.txt"]
    assert exported("--done", "--negatives") == ["doc00.txt", "doc01.txt"]


def test_label_studio_says_when_entities_were_not_recognised(
    tmp_path: Path, item: Exported
) -> None:
    out = tmp_path / "ls.json"
    bare = Exported(item.document, item.annotations)
    options = WriteOptions()
    formats()["label-studio"].write([item, bare], out, options)
    with_entities, without = json.loads(out.read_text())
    assert [r["value"]["labels"] for r in with_entities["predictions"][0]["result"]] == [
        ["PERSON"],
        ["GPE"],
    ]
    assert "predictions" not in without
    assert options.notes == [
        "entities were not recognised in 1 document (open them in marginote first): "
        "no predictions for them"
    ]


def test_recognise_gives_predictions_to_documents_never_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MARGINOTE_RECOGNIZER", "rules")  # quick and deterministic
    folder, _ = library_of(tmp_path, 2)
    out = tmp_path / "ls.json"
    assert main(["export", "-f", "label-studio", "-o", str(out), str(folder)]) == 0
    assert "entities were not recognised in 1 document" in capsys.readouterr().err
    assert "predictions" not in json.loads(out.read_text())[0]
    runs = []
    for _ in range(2):
        assert (
            main(["export", "-f", "label-studio", "--recognise", "-o", str(out), str(folder)]) == 0
        )
        assert "not recognised" not in capsys.readouterr().err
        runs.append(json.loads(out.read_text())[0]["predictions"])
    assert runs[0] == runs[1] and runs[0][0]["result"]  # the same entities each time
