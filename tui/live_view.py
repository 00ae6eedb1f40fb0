"""The app kept in step with annotations written elsewhere: by the sync thread (a teammate's work,
pulled from the shared server when ``[sync] url`` is set) or by a second marginote on this
machine. An open reader shows them within a second or so; the library's counts follow.

The app calls ``LiveView.start`` when mounted and ``stop`` when unmounted; nothing else here
needs the reader's cooperation beyond its ``reload_annotations``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from marginote.annotations.config import load_config
from marginote.annotations.sync.state import Stamp, file_stamps

if TYPE_CHECKING:
    from textual.app import App

    from marginote.annotations.store import AnnotationStore
    from marginote.annotations.sync.engine import SyncReport
    from marginote.annotations.sync.live import LiveSync
    from marginote.tui.screens.library import LibraryScreen

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

    def start(self) -> None:
        self.app.set_interval(WATCH_INTERVAL, self.check)
        self._start_sync()

    def stop(self) -> None:
        if self.sync is not None:
            self.sync.stop(timeout=2.0)

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

    def _refresh(self, docs: set[str]) -> None:
        from marginote.tui.screens.library import LibraryScreen
        from marginote.tui.screens.reader import ReaderScreen

        for screen in self.app.screen_stack:
            if isinstance(screen, ReaderScreen) and screen.document.sha256 in docs:
                doc = screen.document.sha256
                stored = sorted(self.store.annotations(doc), key=lambda a: a.id)
                if stored != sorted(screen.annotations, key=lambda a: a.id):
                    screen.reload_annotations()
            elif isinstance(screen, LibraryScreen):
                _refresh_library(screen, docs)


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
