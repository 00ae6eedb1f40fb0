"""The app kept in step with annotations written elsewhere: by the sync thread (a teammate's work,
pulled from the shared server when ``[sync] url`` is set) or by a second marginote on this
machine. An open reader shows them within a second or so; the library's counts follow.

The app makes it once its first frame is out (it notes the data files then) and calls
``LiveView.start`` half a second later, ``stop`` when unmounted; nothing else here
needs the reader's cooperation beyond its ``reload_annotations``, and telling ``reader_closed``
when it closes its document: the document's journal is then folded into its snapshot in the
background (``store.folding.Folds``); ``stop`` folds the ones still open, waiting a second at
most.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

from marginote.annotations.config import load_config
from marginote.annotations.store.folding import Folds
from marginote.annotations.sync.state import Stamp, file_stamps

if TYPE_CHECKING:
    from textual.app import App
    from textual.timer import Timer

    from marginote.annotations.store import AnnotationStore
    from marginote.annotations.sync.engine import SyncReport
    from marginote.annotations.sync.live import LiveSync
    from marginote.tui.screens.library import LibraryScreen

#: Seconds after a reader closes before what it left is collected (the library drawn first).
COLLECT_AFTER_CLOSE = 1.0
#: How often the open document's annotation files are checked (seconds).
WATCH_INTERVAL = 0.5
DEFAULT_SYNC_INTERVAL = 3.0


class LiveView:
    def __init__(self, app: App[None], store: AnnotationStore) -> None:
        self.app, self.store = app, store
        self.sync: LiveSync | None = None
        # Taken now (one listing of the folder), not when watching starts after the first
        # frame: a write made in between is then still seen as a change.
        self._stamps: dict[str, Stamp] = file_stamps(self.store.root)
        self._told_offline = False
        #: Documents changed while the library was covered by a reader: counted again once it
        #: shows (not after each save in the reader: a count reads every annotation).
        self._library_behind: set[str] = set()
        #: Readers tell it when they close their document (``reader_closed``).
        self.folds = Folds(store)
        self._collect_timer: Timer | None = None

    def start(self) -> None:
        self.app.set_interval(WATCH_INTERVAL, self.check)
        self._start_sync()

    def reader_closed(self, doc: str) -> None:
        """A reader closed ``doc`` (called from its ``on_unmount``): fold the document's journal
        in the background, and a second later, in the library, collect what the reader left
        and freeze the rest out of the collector's sight. The reader hands its objects back to
        the collector as it closes; the full collection that follows would otherwise fall in
        the next document's opening (a quarter of a second with 10,000 annotations held)."""
        self.folds.closed(doc)
        if self._collect_timer is not None:
            self._collect_timer.stop()
        self._collect_timer = self.app.set_timer(COLLECT_AFTER_CLOSE, self._collect)

    def _collect(self) -> None:
        from marginote.tui.screens.reader_frame import ReaderFrame

        self._collect_timer = None
        if not isinstance(self.app.screen, ReaderFrame):  # a reader opened since: it freezes
            gc.collect()
            gc.freeze()

    def stop(self) -> None:
        if self.sync is not None:
            self.sync.stop(timeout=2.0)
        from marginote.tui.screens.reader_frame import ReaderFrame

        for screen in self.app.screen_stack:  # still open as the app quits
            if isinstance(screen, ReaderFrame):
                self.folds.closed(screen.document.sha256)
        self.folds.finish()

    def _start_sync(self) -> None:
        from marginote.annotations.sync.live import LiveSync
        from marginote.annotations.sync.url import SyncSetupError, find_address

        try:
            address = find_address()
        except SyncSetupError as error:
            self.app.notify(str(error), title="Sync", severity="error", timeout=20, markup=False)
            return
        if address is None:
            return
        interval = load_config().section("sync").get("interval", DEFAULT_SYNC_INTERVAL)
        if isinstance(interval, bool) or not isinstance(interval, int | float) or interval <= 0:
            interval = DEFAULT_SYNC_INTERVAL
        self.sync = LiveSync(
            self.store,
            address,
            lambda report: self.app.call_from_thread(self._arrived, report),
            interval=float(interval),
            on_status=lambda status: self.app.call_from_thread(self._status, status),
        )
        self.sync.start()
        from marginote.tui.widgets.sync_status import SyncStatusLabel

        for screen in self.app.screen_stack:  # the labels already there start showing it
            for label in screen.query(SyncStatusLabel):
                label.follow_sync()

    def _status(self, status: str) -> None:
        offline = status.startswith("sync offline") or status.startswith("sync stopped")
        if offline and not self._told_offline:  # once per outage, not at every retry
            self.app.notify(status, title="Sync", severity="warning", timeout=10, markup=False)
        self._told_offline = offline

    def _arrived(self, report: SyncReport) -> None:
        from marginote.annotations.sync.shown import shown

        self.check()
        for copy in report.conflicts:
            self.app.notify(
                f"{shown(copy.author, 30)} changed {shown(copy.quote, 40)!r} too: both versions "
                "are kept, tagged #conflict; delete the one to drop",
                title="Sync conflict",
                severity="warning",
                timeout=15,
                markup=False,
            )
        for problem in report.rejected[:3]:
            self.app.notify(shown(problem), title="Sync: bad server record", markup=False)

    def check(self) -> None:
        """Reload what changed on disk: the open readers' annotations, the library's counts."""
        stamps = file_stamps(self.store.root)
        changed = {doc for doc, stamp in stamps.items() if self._stamps.get(doc) != stamp}
        self._stamps = stamps
        if changed:
            if self.sync is not None:
                self.sync.poke()  # a change made here (or pulled): push it now
            self._refresh(changed)
        if self._library_behind:
            self._catch_up_library()

    def _refresh(self, docs: set[str]) -> None:
        from marginote.tui.screens.reader import ReaderScreen

        for screen in self.app.screen_stack:
            # A reader's own saves are not news to it (``Editing.stale``: two stats); what
            # another window, an import or sync wrote is taken in, only what differs.
            if not isinstance(screen, ReaderScreen) or screen.document.sha256 not in docs:
                continue
            if screen.editing.stale():
                screen.reload_annotations()
        self._library_behind |= docs

    def _catch_up_library(self) -> None:
        """The count and verdict columns of the rows showing changed texts, once the library
        is the screen shown."""
        from marginote.tui.screens.library import LibraryScreen

        screen = self.app.screen
        if isinstance(screen, LibraryScreen):
            _refresh_library(screen, self._library_behind)
            self._library_behind = set()
        elif not any(isinstance(s, LibraryScreen) for s in self.app.screen_stack):
            self._library_behind = set()


def _refresh_library(screen: LibraryScreen, docs: set[str]) -> None:
    """The count and verdict columns of the rows showing these texts."""
    infos = [info for info in screen.infos.values() if info.sha256 in docs]
    if not infos:
        return
    positions = screen._positions()
    for info in infos:
        if info.sha256:
            screen._summarise(info.sha256, positions)
        screen._update_row(info)
