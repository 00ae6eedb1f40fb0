from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest

from marginote.annotations.documents import load_document
from marginote.annotations.entities import (
    Entity,
    EntityCache,
    EntitySpans,
    RecognizerUnavailable,
    RuleRecognizer,
    SpacyRecognizer,
    batched,
    chunks,
    clean_span,
    in_reading_order_from,
    load_recognizer,
)
from tests.conftest import SEED


def recognise_document(recognizer, text: str, paragraph_starts: list[int]) -> set[tuple[str, str]]:
    pieces = list(chunks(text, paragraph_starts))
    results = recognizer.recognize([piece for _, piece in pieces])
    found = set()
    for (offset, _), entities in zip(pieces, results, strict=True):
        for e in entities:
            found.add((text[offset + e.start : offset + e.end], e.label))
    return found


@pytest.fixture(scope="module")
def spacy_recognizer() -> SpacyRecognizer:
    return SpacyRecognizer.load()


def test_spacy_finds_the_seed_articles_people_places_and_percentages(spacy_recognizer) -> None:
    doc = load_document(SEED)
    found = recognise_document(spacy_recognizer, doc.text, doc.paragraph_starts)
    assert {
        ("Dmitry Peskov", "PERSON"),
        ("Zelensky", "PERSON"),
        ("Moscow", "GPE"),
        ("40.9%", "PERCENT"),
    } <= found
    # spans are cleaned: no possessive, no leading bullet
    assert ("Elon Musk", "PERSON") in found
    assert not any(text.endswith("’s") or text.startswith("•") for text, _ in found)


def test_load_recognizer_prefers_spacy_and_says_nothing_is_wrong() -> None:
    recognizer, why = load_recognizer()
    assert recognizer.id.startswith("spacy-") and why is None


def test_missing_spacy_model_is_reported_for_the_fallback() -> None:
    with pytest.raises(RecognizerUnavailable, match="no-such-model"):
        SpacyRecognizer.load(models=("no-such-model",))


def test_rule_recogniser_finds_numbers_dates_and_names() -> None:
    doc = load_document(SEED)
    found = recognise_document(RuleRecognizer(), doc.text, doc.paragraph_starts)
    assert {
        ("40.9%", "PERCENT"),
        ("59.1%", "PERCENT"),
        ("Tuesday", "DATE"),
        ("1783", "DATE"),
    } <= found
    assert ("Dmitry Peskov", "NAME") in found and ("Hu Xijin", "NAME") in found


@pytest.mark.parametrize(
    ("span", "cleaned"),
    [
        ("Elon Musk’s", "Elon Musk"),
        ("• Crimea", "Crimea"),
        ("“Peskov,", "Peskov"),
        ("the Smiths'", "the Smiths"),
    ],
)
def test_clean_span_trims_possessives_bullets_and_punctuation(span: str, cleaned: str) -> None:
    start, end = clean_span(span, 0, len(span))
    assert span[start:end] == cleaned


def test_chunks_cover_every_non_blank_character_once() -> None:
    text = ("word " * 9000 + "\n\n") * 3
    pieces = list(chunks(text, [0, 45002, 90004], limit=20_000))
    assert all(len(piece) <= 20_000 for _, piece in pieces)
    covered = sorted((offset, offset + len(piece)) for offset, piece in pieces)
    for (_, end), (start, _) in pairwise(covered):
        assert end == start
    assert covered[0][0] == 0 and covered[-1][1] == len(text)


def test_visible_text_is_recognised_first() -> None:
    spans = [(0, 10), (10, 20), (20, 30)]
    assert in_reading_order_from(spans, 15) == [(10, 20), (20, 30), (0, 10)]


def test_the_first_screenful_is_split_between_the_workers_and_the_rest_batched() -> None:
    spans = [(i * 100, i * 100 + 100) for i in range(100)]  # 10,000 characters
    groups = batched(spans, first=2_000, size=3_000, firsts=2)
    sizes = [sum(end - start for start, end in group) for group in groups]
    assert sizes == [2_000, 2_000, 3_000, 3_000]
    assert [span for group in groups for span in group] == spans


def test_entity_cache_round_trip(tmp_path: Path) -> None:
    cache = EntityCache(tmp_path)
    assert cache.get("abc", "spacy-x") is None
    cache.put("abc", "spacy-x", EntitySpans.from_triples([(5, 9, "GPE"), (0, 3, "PERSON")]))
    assert list(cache.get("abc", "spacy-x")) == [Entity(0, 3, "PERSON"), Entity(5, 9, "GPE")]
    assert cache.get("abc", "rules-1") is None
    path = cache.path("abc", "spacy-x")
    whole = path.read_bytes()
    path.write_bytes(whole[:-3])  # cut short (a crash while copying, a full disk): ignored
    assert cache.get("abc", "spacy-x") is None
    path.write_bytes(whole[:-4] + b"\x09\x00\x00\x00")  # a label index out of range: ignored
    assert cache.get("abc", "spacy-x") is None
    path.write_text('{"starts": [1], "ends": []}')  # an older or foreign file: ignored
    assert cache.get("abc", "spacy-x") is None


def test_entity_batches_are_spliced_in_order_whatever_order_they_arrive_in() -> None:
    spans = EntitySpans()
    for batch in (
        [(50, 55, "GPE"), (60, 62, "DATE")],
        [(0, 4, "PERSON")],
        [(20, 30, "ORG"), (31, 33, "GPE")],
    ):
        spans.merge(EntitySpans.from_triples(batch))
    assert [(e.start, e.label) for e in spans] == [
        (0, "PERSON"),
        (20, "ORG"),
        (31, "GPE"),
        (50, "GPE"),
        (60, "DATE"),
    ]
    assert [spans.label(i) for i in spans.overlapping(29, 52)] == ["ORG", "GPE", "GPE"]
