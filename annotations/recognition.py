"""Entity recognition in worker processes: spaCy runs beside the app, never inside it.

One worker per core loads the recogniser once (``configured_recognizer``); texts are sent in
batches and come back as (start, end, label) triples with the number of tokens read. The app's
own process never imports spaCy, so its keys stay answered (no GIL contention) and its memory
stays that of the text, and a big document is recognised on every core.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Sequence
from typing import Any

from marginote.annotations.entities import Recognizer

#: Workers run at a lower priority than the app, so keys are answered first on a busy machine.
WORKER_NICENESS = 10

Loader = Callable[[], tuple[Recognizer, "str | None"]]
Triples = list[list[tuple[int, int, str]]]

_recognizer: Recognizer | None = None
_why: str | None = None


def _start(loader: Loader) -> None:
    global _recognizer, _why
    with contextlib.suppress(OSError):  # yield the cores to the interface when both are busy
        os.nice(WORKER_NICENESS)
    _recognizer, _why = loader()


def _about() -> tuple[str, str, str | None]:
    assert _recognizer is not None
    return _recognizer.id, _recognizer.description, _why


def _recognize(texts: Sequence[str]) -> tuple[Triples, int]:
    assert _recognizer is not None
    before = getattr(_recognizer, "tokens_read", 0)
    results = _recognizer.recognize(texts)
    tokens = getattr(_recognizer, "tokens_read", 0) - before
    return [[(e.start, e.end, e.label) for e in found] for found in results], tokens


def prepare() -> None:
    """Start multiprocessing's helper process (the resource tracker) with the real stderr: it
    passes stderr's descriptor on, and the one a UI puts in its place (Textual's) has none ("bad
    value(s) in fds_to_keep"). Called when the first pool starts, so not at start-up."""
    from multiprocessing import resource_tracker

    redirected = sys.stderr
    try:
        if sys.__stderr__ is not None:
            sys.stderr = sys.__stderr__
        resource_tracker.ensure_running()
    finally:
        sys.stderr = redirected


class RecognitionPool:
    """Worker processes with a recogniser each. ``loader`` must be a module-level function."""

    def __init__(self, loader: Loader, workers: int | None = None) -> None:
        prepare()
        self.workers = workers or os.cpu_count() or 1
        self._executor = cf.ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start,
            initargs=(loader,),
        )

    def warm(self) -> None:
        """Start every worker now (each loads its model), so the first document finds them ready."""
        for _ in range(self.workers):
            self._executor.submit(_about)

    def about(self) -> tuple[str, str, str | None]:
        """(recogniser id, description, why it is a fallback or None); waits for a worker."""
        return self._executor.submit(_about).result()

    def recognize(self, texts: Sequence[str]) -> cf.Future[tuple[Triples, int]]:
        """Entities of each text as (start, end, label) triples, and the tokens spaCy read."""
        return self._executor.submit(_recognize, list(texts))

    def submit(self, fn: Callable[..., Any], *args: Any) -> cf.Future[Any]:
        """Run a module-level function in a worker (the claim assistant's attribution)."""
        return self._executor.submit(fn, *args)

    def close(self) -> None:
        """Stop at once: pending batches are dropped and the workers are ended."""
        self._executor.shutdown(wait=False, cancel_futures=True)
        for child in multiprocessing.active_children():
            child.terminate()


#: (recogniser id, description) of the recogniser a loader would give, known without loading it.
Guess = Callable[[], "tuple[str, str] | None"]


class Recognition:
    """Which recogniser is in use, and where it runs: worker processes for the configured one
    (spaCy stays out of the app's process), a thread of this process for one given in code
    (tests: it cannot be sent to another process). Shared by every document the app opens."""

    def __init__(self, loader: Loader, guess: Guess | None = None, *, processes: bool) -> None:
        self._loader = loader
        self._guess: Guess = guess or (lambda: None)
        self.uses_processes = processes
        self._likely: tuple[tuple[str, str] | None] | None = None
        self._recognizer: tuple[Recognizer, str | None] | None = None
        self._pool: RecognitionPool | None = None
        self._lock = threading.Lock()

    def pool(self) -> RecognitionPool:
        """The worker processes, started (and warmed) on first use."""
        with self._lock:
            if self._pool is None:
                self._pool = RecognitionPool(self._loader)
                self._pool.warm()
            return self._pool

    def recognizer(self) -> tuple[Recognizer, str | None]:
        """The in-process recogniser, and why it is a fallback. Loaded once; call from a worker."""
        with self._lock:
            if self._recognizer is None:
                self._recognizer = self._loader()
            return self._recognizer

    def likely(self) -> tuple[str, str] | None:
        """(id, description) of the recogniser in use or about to be, without loading it (from
        package metadata, read once)."""
        if self._recognizer is not None:
            return self._recognizer[0].id, self._recognizer[0].description
        if self._likely is None:
            self._likely = (self._guess(),)
        return self._likely[0]

    @property
    def knows_likely(self) -> bool:
        """True once ``likely`` answers at once (its first call reads package metadata)."""
        return self._recognizer is not None or self._likely is not None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
