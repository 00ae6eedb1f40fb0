"""Export then import gives back the records, in every format marginote reads; the files written
parse with the formats' own readers (pybrat for brat, csv, the W3C model's MUST rules)."""

from __future__ import annotations

import csv
import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pybrat.parser import BratParser

from marginote.annotations.documents import Document, load_document
from marginote.annotations.exchange import Exported, detect_format, formats
from marginote.annotations.exchange.merge import LibraryIndex, merge
from marginote.annotations.exchange.spreadsheet import cell
from marginote.annotations.model import VERDICTS, Annotation
from marginote.annotations.store import AnnotationStore
from tests.conftest import SEED

PIECES = [
    "The ",
    "minister ",
    "said ",
    "42% ",
    "of ",
    "voters ",
    "agreed. ",
    "Zelensky ",
    "\n",
    "\r\n",
    "\n\n",
    "漢字 ",
    "かな。",
    "👍🏽 ",
    "🇺🇦 ",
    "👩\u200d👩\u200d👧 ",
    "e\u0301te\u0301 ",
    "naïve ",
    "“quoted” ",
]
texts = st.lists(st.sampled_from(PIECES), min_size=3, max_size=60).map("".join)
LABELS = ["claim", "evidence", "quote", "opinion", "needs-source"]
NOTES = st.sampled_from(
    ["", "Check the transcript.", "Source: https://example.org/a?b=1", "≠ what was said 👀"]
)


def spans_of(text: str, picks: list[tuple[float, float]]) -> list[tuple[int, int]]:
    """Spans over whole words (trimmed of spaces, as tagging does), from random fractions."""
    starts = [
        i for i, c in enumerate(text) if not c.isspace() and (i == 0 or text[i - 1].isspace())
    ]
    ends = [
        i + 1
        for i, c in enumerate(text)
        if not c.isspace() and (i + 1 == len(text) or text[i + 1].isspace())
    ]
    found = set()
    for a, b in picks:
        if not starts:
            break
        start = starts[int(a * len(starts)) % len(starts)]
        after = [e for e in ends if e > start]
        end = after[int(b * len(after)) % len(after)]
        found.add((start, end))
    return sorted(found)


@st.composite
def documents_with_annotations(draw: st.DrawFn) -> tuple[str, list[dict[str, Any]]]:
    text = draw(texts)
    picks = draw(
        st.lists(st.tuples(st.floats(0, 0.999), st.floats(0, 0.999)), min_size=1, max_size=6)
    )
    specs = []
    for start, end in spans_of(text.replace("\r\n", "\n"), picks):
        specs.append(
            {
                "start": start,
                "end": end,
                "label": draw(st.sampled_from(LABELS)),
                "note": draw(NOTES),
                "verdict": draw(st.sampled_from(["", *VERDICTS])),
                "tags": tuple(
                    draw(
                        st.lists(
                            st.sampled_from(["economy", "war", "poll"]), max_size=2, unique=True
                        )
                    )
                ),
            }
        )
    return text, specs


def stored_annotations(doc: Document, specs: list[dict[str, Any]]) -> list[Annotation]:
    found = []
    for spec in specs:
        attrs = {"verdict": spec["verdict"]} if spec["verdict"] else {}
        found.append(
            Annotation.of_span(
                doc.text,
                spec["start"],
                spec["end"],
                spec["label"],
                doc=doc.sha256,
                path=str(doc.path),
                note=spec["note"],
                tags=spec["tags"],
                attrs=attrs,
            )
        )
    return found


#: What each format carries, compared after the round trip.
def without_author(a: Annotation) -> dict[str, Any]:
    """The record less its author: exports name no login name (here the author's)."""
    return {**a.to_record(), "author": None}


CARRIED = {
    "jsonl": without_author,
    "w3c": without_author,
    "brat": lambda a: (a.start, a.end, a.label, " ".join(a.note.split()), a.verdict),
    "doccano": lambda a: (a.start, a.end, a.label),
    "prodigy": lambda a: (a.start, a.end, a.label),
    "label-studio": lambda a: (a.start, a.end, a.label, a.note, a.verdict),
}


@pytest.mark.parametrize("name", list(CARRIED))
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(case=documents_with_annotations())
def test_export_then_import_gives_the_same_records(
    name: str, case: tuple[str, list[dict[str, Any]]]
) -> None:
    raw, specs = case
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "library").mkdir()
        path = root / "library" / "doc.txt"
        path.write_bytes(raw.encode())  # CRLF and all: the library shows it with \n
        doc = load_document(path)
        original = stored_annotations(doc, specs)
        fmt = formats()[name]
        out = root / f"export{fmt.suffix or ''}"
        fmt.write([Exported(doc, original)], out)
        assert detect_format(out) == name
        assert fmt.read is not None
        store = AnnotationStore(root / "data")
        report = merge(
            store, fmt.read(out), LibraryIndex([root / "library"]), by_id=name in ("jsonl", "w3c")
        )
        assert report.added == len(original) and not report.conflicts and not report.left_out
        back = store.annotations(doc.sha256)
        key = CARRIED[name]
        assert sorted(map(key, back), key=str) == sorted(map(key, original), key=str)
        again = merge(
            store, fmt.read(out), LibraryIndex([root / "library"]), by_id=name in ("jsonl", "w3c")
        )
        assert again.added == 0 and again.unchanged == len(original)  # importing twice adds nothing


def seed_export(tmp_path: Path, name: str) -> tuple[Document, list[Annotation], Path]:
    doc = load_document(SEED)
    start = doc.text.index("Dmitry Peskov")
    sentence = doc.sentence_at(start)
    assert sentence is not None
    annotations = stored_annotations(
        doc,
        [
            {
                "start": sentence[0],
                "end": sentence[1],
                "label": "claim",
                "note": "Check Interfax.",
                "verdict": "mostly false",
                "tags": ("kremlin",),
            },
            {
                "start": start,
                "end": start + len("Dmitry Peskov"),
                "label": "quote",
                "note": "",
                "verdict": "",
                "tags": (),
            },
        ],
    )
    fmt = formats()[name]
    out = tmp_path / f"export{fmt.suffix or ''}"
    fmt.write([Exported(doc, annotations)], out)
    return doc, annotations, out


def test_brat_files_load_in_a_brat_parser_with_every_span_text_matching(tmp_path: Path) -> None:
    doc, annotations, out = seed_export(tmp_path, "brat")
    examples = BratParser(error="raise").parse(str(out))
    assert len(examples) == 1
    entities = examples[0].entities
    assert len(entities) == len(annotations)
    for entity in entities:
        pieces = [doc.text[span.start : span.end] for span in entity.spans]
        assert entity.mention == " ".join(pieces)
    ann = next(out.glob("*.ann")).read_text()
    assert "A1\tVerdict T1 mostly_false" in ann and "#1\tAnnotatorNotes T1\tCheck Interfax." in ann


def test_a_span_across_lines_is_written_as_brat_fragments(tmp_path: Path) -> None:
    path = tmp_path / "two-lines.txt"
    path.write_text("First line ends\nsecond line starts here.\n")
    doc = load_document(path)
    [annotation] = stored_annotations(
        doc, [{"start": 6, "end": 22, "label": "claim", "note": "", "verdict": "", "tags": ()}]
    )
    formats()["brat"].write([Exported(doc, [annotation])], tmp_path / "brat")
    assert (
        "T1\tclaim 6 15;16 22\tline ends second"
        in (tmp_path / "brat" / "two-lines.ann").read_text()
    )
    [entity] = BratParser(error="raise").parse(str(tmp_path / "brat"))[0].entities
    assert [(s.start, s.end) for s in entity.spans] == [(6, 15), (16, 22)]


W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def check_w3c_must_rules(annotation: dict[str, Any]) -> None:
    """The Web Annotation Data Model's MUST rules for what marginote writes."""
    assert annotation["@context"] == W3C_CONTEXT
    assert isinstance(annotation["id"], str) and ":" in annotation["id"]  # exactly one IRI
    assert annotation["type"] == "Annotation"
    target = annotation["target"]
    assert isinstance(target["source"], str) and not target["source"].startswith(("/", "file:"))
    assert isinstance(target["state"]["id"], str) and target["state"]["id"].startswith(
        "urn:sha256:"
    )
    kinds = {s["type"]: s for s in target["selector"]}
    quote, position = kinds["TextQuoteSelector"], kinds["TextPositionSelector"]
    assert isinstance(quote["exact"], str)
    assert all(isinstance(quote[k], str) for k in ("prefix", "suffix") if k in quote)
    for key in ("start", "end"):
        assert isinstance(position[key], int) and position[key] >= 0
    assert position["start"] <= position["end"]
    for body in annotation["body"]:
        assert body["type"] == "TextualBody" and isinstance(body["value"], str)
        assert body["purpose"] in {"tagging", "commenting", "assessing"}


def test_w3c_export_follows_the_model_with_code_point_offsets(tmp_path: Path) -> None:
    path = tmp_path / "emoji.txt"
    path.write_text("👍🏽 Musk said 漢字 polls were 40.9% fake.\n")
    doc = load_document(path)
    start = doc.text.index("Musk")
    [annotation] = stored_annotations(
        doc,
        [
            {
                "start": start,
                "end": start + 4,
                "label": "claim",
                "note": "n",
                "verdict": "false",
                "tags": (),
            }
        ],
    )
    formats()["w3c"].write([Exported(doc, [annotation])], tmp_path / "out.jsonld")
    collection = json.loads((tmp_path / "out.jsonld").read_text())
    assert collection["type"] == "AnnotationCollection" and collection["total"] == 1
    [written] = collection["first"]["items"]
    check_w3c_must_rules(written)
    position = next(s for s in written["target"]["selector"] if s["type"] == "TextPositionSelector")
    assert position == {
        "type": "TextPositionSelector",
        "start": 3,
        "end": 7,
    }  # 👍🏽 is 2 code points
    purposes = {b["purpose"]: b["value"] for b in written["body"]}
    assert purposes == {"tagging": "claim", "commenting": "n", "assessing": "false"}


def test_csv_rows_parse_back_and_formulas_are_neutralised(tmp_path: Path) -> None:
    _, annotations, out = seed_export(tmp_path, "csv")
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert [r["quote"] for r in rows] == [a.quote for a in annotations]
    assert rows[0]["verdict"] == "mostly false" and rows[0]["tags"] == "kremlin"
    assert [cell(v) for v in ("=HYPERLINK(1)", "+1", "-2", "@SUM", "\tx", "plain")] == [
        "'=HYPERLINK(1)",
        "'+1",
        "'-2",
        "'@SUM",
        "'\tx",
        "plain",
    ]


def test_claimreview_has_rating_claim_author_and_appearance(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[claimreview]\nauthor = "Fact Desk"\nurl = "https://factdesk.example"\n')
    monkeypatch.setenv("MARGINOTE_CONFIG", str(config))
    doc = load_document(SEED)
    start = doc.text.index("Dmitry Peskov")
    sentence = doc.sentence_at(start)
    assert sentence is not None
    [claim] = stored_annotations(
        doc,
        [
            {
                "start": sentence[0],
                "end": sentence[1],
                "label": "claim",
                "note": "",
                "verdict": "mostly false",
                "tags": (),
            }
        ],
    )
    claim = claim.edited(attrs={**claim.attrs, "claimant": "Dmitry Peskov"})
    unrated = stored_annotations(
        doc, [{"start": 0, "end": 4, "label": "claim", "note": "", "verdict": "", "tags": ()}]
    )
    formats()["claimreview"].write([Exported(doc, [claim, *unrated])], tmp_path / "cr.jsonld")
    [review] = json.loads((tmp_path / "cr.jsonld").read_text())  # only the claim with a verdict
    assert review["@type"] == "ClaimReview" and review["claimReviewed"] == claim.quote
    assert review["reviewRating"]["alternateName"] == "mostly false"
    assert review["reviewRating"]["ratingValue"] == 2 and review["reviewRating"]["bestRating"] == 5
    assert review["itemReviewed"]["@type"] == "Claim"
    assert review["itemReviewed"]["author"] == {"@type": "Person", "name": "Dmitry Peskov"}
    assert review["itemReviewed"]["appearance"]["url"] == SEED.name  # no local folder in it
    assert review["author"] == {
        "@type": "Organization",
        "name": "Fact Desk",
        "url": "https://factdesk.example",
    }


def test_import_merges_by_id_and_reports_conflicting_edits(tmp_path: Path) -> None:
    doc, annotations, out = seed_export(tmp_path, "jsonl")
    store = AnnotationStore(tmp_path / "data")
    first = annotations[0]
    store.save(first.edited(note="our own, later note"))
    read = formats()["jsonl"].read
    assert read is not None
    report = merge(store, read(out), LibraryIndex([SEED]), by_id=True)
    assert report.added == 1 and len(report.conflicts) == 1
    assert {a.id: a.note for a in store.annotations(doc.sha256)}[first.id] == "our own, later note"


def test_import_re_anchors_on_a_changed_text(tmp_path: Path) -> None:
    doc, annotations, out = seed_export(tmp_path, "doccano")
    library = tmp_path / "library"
    library.mkdir()
    (library / SEED.name).write_text("A new first paragraph was added.\n\n" + doc.text)
    store = AnnotationStore(tmp_path / "data")
    read = formats()["doccano"].read
    assert read is not None
    report = merge(store, read(out), LibraryIndex([library]), by_id=False)
    assert report.added == 2 and report.moved == 2
    changed = load_document(library / SEED.name)
    assert sorted(a.quote for a in store.annotations(changed.sha256)) == sorted(
        a.quote for a in annotations
    )
