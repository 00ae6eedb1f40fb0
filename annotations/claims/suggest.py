"""Every sentence of a document with its check-worthiness score, and the ones to suggest."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate

from marginote.annotations.documents import Document
from marginote.annotations.model import Annotation

#: A sentence is suggested when its score reaches this (and it is among the strongest).
THRESHOLD = 0.5
#: At most this share of a document's sentences is suggested (the strongest first).
SHARE = 0.2
#: Characters of text per batch of sentences scored (after those on screen).
BATCH_CHARS = 10_000
#: Characters of text segmented between two calls of ``sentence_batches``' ``pause`` (at least
#: a paragraph: a few milliseconds of pySBD).
STEP_CHARS = 500

Span = tuple[int, int]
Scorer = Callable[[str], float]


@dataclass(frozen=True)
class Scored:
    """A sentence of a document and how check-worthy it looks."""

    start: int
    end: int
    text: str
    score: float

    def to_json(self) -> dict[str, object]:
        return {"start": self.start, "end": self.end, "text": self.text, "score": self.score}


def sentence_spans(document: Document, start: int = 0, end: int | None = None) -> list[Span]:
    """The (start, end) of every sentence of the document between ``start`` and ``end``, in
    text order (the sentences the reader's ``)`` and ``(`` move by)."""
    end = len(document.text) if end is None else end
    spans: list[Span] = []
    offset = document.paragraph_at(start)[0] if document.text else 0
    while offset < end:
        p_start, p_end = document.paragraph_at(offset)
        spans.extend(
            s for s in document.sentences_in(p_start, p_end) if s[1] > start and s[0] < end
        )
        following = document.next_paragraph_start(offset)
        if following <= offset:
            break
        offset = following
    return spans


def sentence_batches(
    document: Document,
    first: Span,
    *,
    batch_chars: int = BATCH_CHARS,
    step_chars: int = STEP_CHARS,
    pause: Callable[[], None] = lambda: None,
) -> Iterator[tuple[list[Span], int]]:
    """The document's sentences in batches of whole paragraphs: those of the paragraphs touching
    ``first`` (the screen) at once, then the ones after, then the ones before, about
    ``batch_chars`` of text a batch; each with the characters of text covered so far.
    ``pause()`` is called before every ``step_chars`` or so of text is segmented (the caller's
    chance to give way: segmenting is pure Python, a few milliseconds per paragraph)."""
    size = len(document.text)
    if not size:
        return
    starts = document.paragraph_starts
    begin = document.paragraph_at(min(first[0], size - 1))[0]
    end = document.next_paragraph_start(max(begin, min(first[1], size) - 1))
    order = [
        (begin, end),
        *_stretches(starts, end, size, batch_chars),
        *_stretches(starts, 0, begin, batch_chars),
    ]
    covered = 0
    for start, stop in order:
        spans: list[Span] = []
        for a, b in _stretches(starts, start, stop, step_chars):
            pause()
            spans.extend(sentence_spans(document, a, b))
        covered += stop - start
        yield spans, covered


def _stretches(starts: Sequence[int], start: int, end: int, size: int) -> list[Span]:
    """``[start, end)`` (both paragraph starts, or the text's end) cut at paragraph starts into
    stretches of about ``size`` characters (a longer paragraph is a stretch of its own)."""
    stretches: list[Span] = []
    while start < end:
        i = bisect_left(starts, start + size)
        stop = min(starts[i] if i < len(starts) else end, end)
        stretches.append((start, stop))
        start = stop
    return stretches


def score_spans(document: Document, spans: Iterable[Span], scorer: Scorer) -> list[Scored]:
    text = document.text
    return [Scored(s, e, text[s:e], round(scorer(text[s:e]), 4)) for s, e in spans]


def score_document(document: Document, scorer: Scorer) -> list[Scored]:
    """Every sentence of the document with its score, in text order."""
    return score_spans(document, sentence_spans(document), scorer)


def overlaps(span: Span, annotations: Iterable[Annotation]) -> bool:
    return any(a.start < span[1] and span[0] < a.end for a in annotations)


class _Covered:
    """The spans of some annotations, asked whether any overlaps a span in O(log n): sorted by
    start, with the furthest end reached so far (``pick`` asks it once per scored sentence)."""

    def __init__(self, annotations: Iterable[Annotation]) -> None:
        spans = sorted((a.start, a.end) for a in annotations)
        self.starts = [s for s, _ in spans]
        self.reach = list(accumulate((e for _, e in spans), max))

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_left(self.starts, end)  # those starting before ``end``
        return i > 0 and self.reach[i - 1] > start


def pick(
    scored: Sequence[Scored],
    *,
    rejected: Collection[str] = (),
    tagged: Sequence[Annotation] = (),
    threshold: float = THRESHOLD,
    share: float = SHARE,
) -> list[Scored]:
    """The sentences to suggest, in text order: scored at least ``threshold``, among the
    strongest ``share`` of the document, not rejected before (by their text) and not already
    covered by an annotation of the document."""
    covered = _Covered(a for a in tagged if not a.is_entity_correction)
    candidates = [
        s
        for s in scored
        if s.score >= threshold and s.text not in rejected and not covered.overlaps(s.start, s.end)
    ]
    limit = max(1, int(len(scored) * share))
    strongest = sorted(candidates, key=lambda s: -s.score)[:limit]
    return sorted(strongest, key=lambda s: s.start)


class Suggester:
    """``pick``'s answer kept up to date as claims are tagged, edited and deleted (issue 19: a
    change costs what it changes). Built once from the scored sentences (in text order, not
    overlapping) and the claims; then each claim added or removed (``change``) touches only the
    sentences it overlaps, and ``suggestions`` walks the candidates, strongest first, only until
    it has found as many as ``pick`` would suggest. Gives what ``pick`` gives for the same
    sentences, rejections and claims."""

    def __init__(
        self,
        scored: Sequence[Scored],
        claims: Iterable[Annotation] = (),
        *,
        rejected: Collection[str] = (),
        threshold: float = THRESHOLD,
        share: float = SHARE,
    ) -> None:
        self.scored = list(scored)
        self.starts = [s.start for s in self.scored]
        self.ends = [s.end for s in self.scored]
        # Sentences follow each other without overlapping (their ends sorted too): a claim's
        # sentences are found by bisection. Otherwise every sentence is looked at.
        self._disjoint = all(e <= s for e, s in zip(self.ends, self.starts[1:], strict=False))
        #: Per sentence, how many claims overlap it (covered: not suggested).
        self.cover = [0] * len(self.scored)
        wanted = [
            i for i, s in enumerate(self.scored) if s.score >= threshold and s.text not in rejected
        ]
        #: The candidates in the order ``pick`` prefers them: higher score, then earlier.
        self.order = sorted(wanted, key=lambda i: -self.scored[i].score)
        self.limit = max(1, int(len(self.scored) * share))
        self.change(new=claims)

    def change(self, gone: Iterable[Annotation] = (), new: Iterable[Annotation] = ()) -> None:
        """Claims taken away (``gone``) and added or edited in (``new``), as ``pick``'s
        ``tagged`` (entity corrections are left out, like there)."""
        for delta, changed in ((-1, gone), (1, new)):
            for a in changed:
                if not a.is_entity_correction:
                    self._touch(a.start, a.end, delta)

    def _touch(self, start: int, end: int, delta: int) -> None:
        """Count a claim over ``[start, end)`` in (1) or out (-1) of the sentences it overlaps."""
        i = bisect_right(self.ends, start) if self._disjoint else 0  # the first to end after it
        while i < len(self.starts) and (self.starts[i] < end or not self._disjoint):
            if self.starts[i] < end and start < self.ends[i]:
                self.cover[i] += delta
            i += 1

    def suggestions(self) -> list[Scored]:
        chosen = []
        for i in self.order:
            if not self.cover[i]:
                chosen.append(i)
                if len(chosen) == self.limit:
                    break
        return [self.scored[i] for i in sorted(chosen)]
