"""Folding closed documents' journals into their snapshots, in the background.

A save appends to the document's journal; the journal is folded into the snapshot past a size
(``files.DocumentFiles.commit``). ``Folds`` also folds a document once it is closed (the reader
left it, or the app quits), so that the next open reads one file and the journal starts empty,
without the user waiting for it: one thread of its own does the folds, one document at a time,
under the store's lock like any other change.

A fold never loses an acknowledged change, wherever it is cut off (a kill, a power cut, the app
quitting while it runs): the new snapshot is written beside the old one and renamed over it only
once durable, and the journal is emptied only after that; replaying a journal over a snapshot
that already holds it changes nothing. So quitting waits for a fold for at most ``finish``'s
timeout and then simply goes: a fold cut off is done again at the next close.
"""

from __future__ import annotations

import queue
import threading

from marginote.annotations.store.core import AnnotationStore
from marginote.annotations.store.files import StoreError

#: Seconds quitting waits for folds under way.
QUIT_WAIT = 1.0
#: Seconds between a document's closing and its fold: what the interface does on closing it
#: (the library's row counted again, say, under the store's lock) comes first.
DELAY = 0.5
_DONE = ""


class Folds:
    """Documents to fold, folded one by one by a daemon thread started on the first one."""

    def __init__(self, store: AnnotationStore) -> None:
        self.store = store
        self._queue: queue.Queue[str] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._hurry = threading.Event()  # set by ``finish``: no more waiting before a fold
        #: Documents folded, in order, and the errors met (the journal then stays: nothing lost).
        self.folded: list[str] = []
        self.errors: list[StoreError] = []

    def closed(self, doc: str) -> None:
        """The document was closed: fold its journal soon, if it holds anything."""
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name="marginote-folds", daemon=True
                )
                self._thread.start()
        self._queue.put(doc)

    def finish(self, timeout: float = QUIT_WAIT) -> bool:
        """Let the folds asked for so far finish, waiting ``timeout`` seconds at most (the app
        quits anyway: a fold cut off loses nothing). True when they all finished."""
        with self._lock:
            thread = self._thread
        if thread is None:
            return True
        self._hurry.set()
        self._queue.put(_DONE)
        thread.join(timeout)
        return not thread.is_alive()

    def _run(self) -> None:
        while (doc := self._queue.get()) != _DONE:
            self._hurry.wait(DELAY)
            try:
                if self.store.compact(doc, if_needed=True):
                    self.folded.append(doc)
            except StoreError as error:  # a full disk, say: the journal keeps every change
                self.errors.append(error)
