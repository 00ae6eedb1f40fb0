"""One document's entity recognition: the cache first, then the text from the caret on in batches
(the first ones a screenful, one per worker), each yielded as it is recognised; cancelled by the
caller at any batch. Free of any interface: the reader runs ``batches`` in a thread worker and
turns each batch into a message; a command or a test can simply iterate it.
"""

from __future__ import annotations

import concurrent.futures as cf
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from marginote.annotations.documents import Document
from marginote.annotations.entities import (
    EntityCache,
    EntitySpans,
    Recognizer,
    Span,
    batched,
    chunk_spans,
    in_reading_order_from,
)
from marginote.annotations.recognition import Recognition, RecognitionPool, Triples

#: Characters recognised in the first batch (about a screenful), then in each later batch.
FIRST_BATCH = 4_000
BATCH = 50_000


@dataclass(frozen=True)
class EntityBatch:
    """Entities of one stretch of text, and how far recognition has come."""

    entities: EntitySpans
    done: int  # characters recognised so far (with this batch)
    total: int
    note: str  # which recogniser, and whether from the cache ("Entities: spaCy … (cached)")

    @property
    def finished(self) -> bool:
        return self.done >= self.total


class RecognitionSession:
    """Recognises one document's entities with the app's ``Recognition``."""

    def __init__(self, recognition: Recognition, cache_root: Path, document: Document) -> None:
        self.recognition = recognition
        self.cache = EntityCache(cache_root)
        self.document = document
        #: Tokens the recogniser read for this document, and the seconds it took (throughput).
        self.tokens_read = 0
        self.seconds = 0.0

    def cached(self, recognizer: tuple[str, str] | None, note: str = "") -> EntityBatch | None:
        """Every entity cached for ``recognizer`` (id, description), as one batch; None if none."""
        if recognizer is None:
            return None
        found = self.cache.get(self.document.sha256, recognizer[0])
        if found is None:
            return None
        return EntityBatch(found, 1, 1, note or f"Entities: {recognizer[1]} (cached)")

    def at_once(self) -> EntityBatch | None:
        """The cached entities, when the likely recogniser is already known (a few milliseconds
        even for a book: no thread needed). None: run ``batches``."""
        if not self.recognition.knows_likely:
            return None
        return self.cached(self.recognition.likely())

    def batches(
        self, caret: int, cancelled: Callable[[], bool], *, likely_checked: bool = False
    ) -> Iterator[EntityBatch]:
        """Entities batch by batch, the text from ``caret`` first (blocking: run in a thread).
        ``likely_checked``: the likely recogniser's cache was already looked up (``at_once``)."""
        recognition = self.recognition
        likely = recognition.likely()
        if not likely_checked and (hit := self.cached(likely)) is not None:
            yield hit
            return
        pool: RecognitionPool | None = None
        recognizer: Recognizer | None = None
        if recognition.uses_processes:
            pool = recognition.pool()
            recognizer_id, description, why = pool.about()
        else:
            recognizer, why = recognition.recognizer()
            recognizer_id, description = recognizer.id, recognizer.description
        note = f"Entities: {description}" + (f" (spaCy unavailable: {why})" if why else "")
        if (recognizer_id, description) != likely and (
            hit := self.cached((recognizer_id, description), f"{note} (cached)")
        ) is not None:
            yield hit
            return
        text = self.document.text
        spans = in_reading_order_from(chunk_spans(text, self.document.paragraph_starts), caret)
        workers = pool.workers if pool is not None else 1
        groups = batched(spans, FIRST_BATCH // workers, BATCH, firsts=workers)
        total = sum(end - start for start, end in spans)
        if not groups:  # nothing to recognise (an empty or blank document)
            yield EntityBatch(EntitySpans(), 0, 0, note)
            return
        found = EntitySpans()
        done = 0
        started = time.perf_counter()
        results = (
            self._in_processes(pool, groups, cancelled)
            if pool is not None
            else self._in_thread(recognizer, groups, cancelled)
        )
        for group, triples, tokens in results:
            self.tokens_read += tokens
            self.seconds = time.perf_counter() - started
            new = EntitySpans.from_triples(
                (offset + start, offset + end, label)
                for (offset, _), found_here in zip(group, triples, strict=True)
                for start, end, label in found_here
            )
            found.merge(new)
            done += sum(end - start for start, end in group)
            if cancelled():
                return
            yield EntityBatch(new, done, total, note)
        if not cancelled():
            self.cache.put(self.document.sha256, recognizer_id, found)

    def _in_processes(
        self, pool: RecognitionPool, groups: list[list[Span]], cancelled: Callable[[], bool]
    ) -> Iterator[tuple[list[Span], Triples, int]]:
        """A few batches in flight per worker, the rest queued here as spans: memory stays that
        of the text, and closing the document leaves little work to cancel."""
        text = self.document.text
        queue = iter(groups)
        in_flight: dict[cf.Future[tuple[Triples, int]], list[Span]] = {}

        def submit_next() -> None:
            group = next(queue, None)
            if group is not None:
                in_flight[pool.recognize([text[s:e] for s, e in group])] = group

        for _ in range(2 * pool.workers):
            submit_next()
        try:
            while in_flight:
                finished, _ = cf.wait(in_flight, return_when=cf.FIRST_COMPLETED)
                for future in finished:
                    group = in_flight.pop(future)
                    if cancelled():
                        return
                    yield (group, *future.result())
                    submit_next()
        finally:  # cancelled, or the caller stopped iterating
            for pending in in_flight:
                pending.cancel()

    def _in_thread(
        self, recognizer: Recognizer | None, groups: list[list[Span]], cancelled: Callable[[], bool]
    ) -> Iterator[tuple[list[Span], Triples, int]]:
        assert recognizer is not None
        text = self.document.text
        for group in groups:
            if cancelled():
                return
            before = getattr(recognizer, "tokens_read", 0)
            results = recognizer.recognize([text[s:e] for s, e in group])
            tokens = getattr(recognizer, "tokens_read", 0) - before
            yield group, [[(e.start, e.end, e.label) for e in r] for r in results], tokens
