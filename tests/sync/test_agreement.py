"""Agreement figures against values worked out by hand for a small case."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from marginote.annotations.documents import load_document
from marginote.annotations.model import VERDICTS, Annotation
from marginote.annotations.paths import data_dir
from marginote.annotations.store import AnnotationStore
from marginote.annotations.sync.agreement import SharedDocument, agreement, pair_agreement
from marginote.tui.cli import main

S1 = "Crime fell by forty percent last year."
S2 = "The police report shows a rise instead."
S3 = "The mayor repeated the figure twice on radio."
S4 = "Voters seemed unconvinced by either side."
TEXT = " ".join([S1, S2, S3, S4])
SCALE = [v for v in VERDICTS if v != "unverifiable"]  # true .. false, ranks 0 .. 4


def span(text: str, part: str, label: str, author: str, verdict: str = "") -> Annotation:
    start = TEXT.index(part)
    attrs = {"verdict": verdict} if verdict else {}
    return Annotation.of_span(
        TEXT, start, start + len(part), label, doc="d" * 64, path="", author=author, attrs=attrs
    )


A = [
    span(TEXT, S1, "claim", "ann", "false"),
    span(TEXT, S2, "evidence", "ann"),
    span(TEXT, "repeated the figure", "claim", "ann", "mostly true"),
]
B = [
    span(TEXT, S1, "claim", "ben", "mostly false"),
    span(TEXT, S2, "claim", "ben", "true"),
    span(TEXT, "the figure twice", "claim", "ben", "mostly true"),
    span(TEXT, S4, "opinion", "ben"),
]


def shared() -> SharedDocument:
    starts = [TEXT.index(s) for s in (S1, S2, S3, S4)]
    sentences = [(s, s + len(t)) for s, t in zip(starts, (S1, S2, S3, S4), strict=True)]
    return SharedDocument("d" * 64, sentences, {"ann": A, "ben": B})


def test_figures_match_the_hand_computed_values() -> None:
    pair = pair_agreement([shared()], "ann", "ben", SCALE)
    # Exact: only S1/claim matches: 2·1 / (3 + 4).
    assert pair.f1_exact == pytest.approx(2 / 7)
    # Overlap, same label: B's found 2 of 4 (S1, the figure), A's 2 of 3: F1 = 2·½·⅔ / (½ + ⅔).
    assert pair.f1_overlap == pytest.approx(4 / 7)
    # Sentences: ann claim/evidence/claim/none, ben claim/claim/claim/opinion.
    # po = 2/4; pe = (2/4)(3/4) (claim only) = 0.375; kappa = 0.125 / 0.625.
    assert pair.sentences == 4 and pair.kappa == pytest.approx(0.2)
    # Verdict units: (false 4, mostly false 3), (mostly true 1, mostly true 1); ben's "true" on
    # S2 pairs with nothing. Ordinal: n1=2, n3=1, n4=1; Do = 2·δ34/4 = 0.5 with δ34 = 1;
    # De = 2(2·δ13 + 2·δ14 + δ34)/12 = 2(4.5 + 12.5 + 1)/12 = 3; alpha = 1 - 0.5/3.
    assert pair.rated_units == 2 and pair.alpha == pytest.approx(5 / 6)


def test_identical_work_agrees_fully_and_lonely_authors_are_left_out() -> None:
    twin = [Annotation.from_record({**a.to_record(), "author": "cat", "id": a.id + "x"}) for a in A]
    document = shared()
    document.by_author["cat"] = twin
    other = SharedDocument("e" * 64, [(0, 5)], {"dan": [span(TEXT, S1, "claim", "dan")]})
    pairs = {(p.a, p.b): p for p in agreement([document, other], SCALE)}
    assert set(pairs) == {("ann", "ben"), ("ann", "cat"), ("ben", "cat")}
    same = pairs[("ann", "cat")]
    assert (same.f1_exact, same.f1_overlap, same.kappa, same.alpha) == (1.0, 1.0, 1.0, 1.0)


def test_agreement_command(private_dirs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    library = private_dirs / "library"
    library.mkdir()
    (library / "speech.txt").write_text(TEXT + "\n", encoding="utf-8")
    document = load_document(library / "speech.txt")
    store = AnnotationStore(data_dir())
    for a in (*A, *B):
        store.save(Annotation.from_record({**a.to_record(), "doc": document.sha256}))
    assert main(["agreement", str(library), "--json"]) == 0
    (pair,) = json.loads(capsys.readouterr().out)["pairs"]
    assert (pair["a"], pair["b"], pair["documents"]) == ("ann", "ben", 1)
    assert pair["kappa"] == pytest.approx(0.2) and pair["alpha"] == pytest.approx(5 / 6)
    assert main(["agreement", str(library)]) == 0
    out = capsys.readouterr().out
    assert "ann" in out and "ben" in out and "0.29" in out and "0.83" in out


async def test_the_palette_shows_the_agreement_table(private_dirs: Path) -> None:
    from textual.widgets import DataTable

    from marginote.tui.agreement_view import AgreementScreen
    from tests.tui.helpers import SIZE, rules_app, wait_for

    library = private_dirs / "library"
    library.mkdir()
    (library / "speech.txt").write_text(TEXT + "\n", encoding="utf-8")
    document = load_document(library / "speech.txt")
    store = AnnotationStore(data_dir())
    for a in (*A, *B):
        store.save(Annotation.from_record({**a.to_record(), "doc": document.sha256}))
    app = rules_app([library])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p", *"inter-annotator agreement", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, AgreementScreen))
        table = app.screen.query_one(DataTable)
        await wait_for(pilot, lambda: table.row_count == 1)
        row = [str(cell) for cell in table.get_row_at(0)]
        assert row[0] == "ann / ben" and row[3] == "0.29" and row[5].startswith("0.20")
        assert row[6].startswith("0.83")
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, AgreementScreen))


def test_one_text_under_two_file_names_counts_once(
    private_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A report downloaded twice ("speech.txt", "speech (1).txt") shares one annotation file:
    its spans are compared once, so identical work still agrees fully."""
    library = private_dirs / "library"
    library.mkdir()
    for name in ("speech.txt", "speech (1).txt", "speech (2).txt"):
        (library / name).write_text(TEXT + "\n", encoding="utf-8")
    (library / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    document = load_document(library / "speech.txt")
    store = AnnotationStore(data_dir())
    for a in A:
        store.save(Annotation.from_record({**a.to_record(), "doc": document.sha256}))
        twin = {**a.to_record(), "doc": document.sha256, "author": "cat", "id": a.id + "x"}
        store.save(Annotation.from_record(twin))
    assert main(["agreement", str(library), "--json"]) == 0
    out, err = capsys.readouterr()
    (pair,) = json.loads(out)["pairs"]
    assert (pair["documents"], pair["spans_a"], pair["spans_b"]) == (1, 3, 3)
    assert err.count("broken.pdf") == 1  # named once, then why
    assert pair["f1_exact"] == 1.0 and pair["sentences"] == 4
