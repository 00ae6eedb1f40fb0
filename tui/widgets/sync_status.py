"""Where sync stands, in a few words on the reader's status line and under the library's list:
"synced 12 s ago", "syncing…", "offline: 3 changes waiting", "conflict: 2 (Sync conflicts in
ctrl+p)", "sync error: ...". Hidden when no server is configured.

The words come from ``marginote.annotations.sync.status``; the widget only reads the sync
thread's latest ``SyncStatus`` (replaced whole by that thread) once a second, so it never waits
for the network and never holds up a key. Without a sync it has no timer at all: the app's live
view starts the sync half a second after start-up (the config is read then, once) and then tells
the labels already mounted (``follow_sync``); a label mounted later finds the sync running.
Messages come from outside (the server, the network):
shown as ``Text``, never parsed as markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Label

from marginote.annotations.sync import status as st

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.timer import Timer

    from marginote.annotations.sync.live import LiveSync

#: How often the words are brought up to date (seconds): "12 s ago" moves on by itself.
REFRESH = 1.0


class SyncStatusLabel(Label):
    DEFAULT_CSS = """
    SyncStatusLabel { width: auto; max-width: 70; height: 1; padding: 0 2 0 0; color: $text-muted; }
    SyncStatusLabel.-offline { color: $warning; text-style: bold; }
    SyncStatusLabel.-error { color: $error; text-style: bold; }
    SyncStatusLabel.-conflict { color: $warning; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.display = False  # until a sync is running
        self.words = ""
        self._timer: Timer | None = None  # none until a sync is running

    def on_mount(self) -> None:
        if self._sync() is not None:
            self.follow_sync()

    def follow_sync(self) -> None:
        """Show the sync's status from now on, once a second (once: later calls do nothing)."""
        if self._timer is None:
            self.refresh_words()
            self._timer = self.set_interval(REFRESH, self.refresh_words)

    def _sync(self) -> LiveSync | None:
        running: Callable[[], LiveSync | None] | None = getattr(self.app, "running_sync", None)
        return running() if running is not None else None

    def refresh_words(self) -> None:
        sync = self._sync()
        if sync is None:
            self.display = False
            return
        status = sync.state
        words = st.words(status)
        self.display = True
        if words == self.words:
            return
        self.words = words
        self.set_class(status.state == st.OFFLINE, "-offline")
        self.set_class(status.state == st.ERROR, "-error")
        self.set_class(bool(status.conflicts), "-conflict")
        self.update(Text(words))
