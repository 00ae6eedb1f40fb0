"""Where the app's sync stands, in data (``SyncStatus``, replaced whole by the sync thread, read by
the screen's status widget at any time) and in the few words the widget shows:

- "synced 12 s ago" (and "syncing…" while a sync has run for more than a moment);
- "offline: 3 changes waiting": the server cannot be reached; the count is of this folder's
  changes (new, edited, deleted annotations) not yet pushed;
- "conflict: 2": annotations kept in two versions (tagged ``conflict``), listed by the palette's
  "Sync conflicts" command;
- "sync error: ...": the server refused or something went wrong; the message never holds the
  password (``url.scrub``) and is made safe to show (``sanitise``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from marginote.annotations.sanitise import sanitise
from marginote.annotations.words import plural

CONNECTING, SYNCING, SYNCED, OFFLINE, ERROR = "connecting", "syncing", "synced", "offline", "error"
#: A sync shorter than this is not shown as "syncing…" (it would only flicker).
SYNCING_SHOWN_AFTER = 0.5
#: Longest error message shown (the whole one is in the notification).
MESSAGE_WIDTH = 60
#: What to type in the palette to list the conflicts.
CONFLICTS_COMMAND = "Sync conflicts"


@dataclass(frozen=True)
class SyncStatus:
    state: str = CONNECTING
    #: When the last sync completed (``time.time()``), None before the first.
    synced_at: float | None = None
    #: This folder's changes not pushed yet (None: not known, e.g. never connected).
    waiting: int | None = None
    #: Annotations tagged ``conflict`` in this folder.
    conflicts: int = 0
    #: Why it is offline or failed: safe to show (no password).
    message: str = ""
    #: When the current state began (``time.monotonic()``).
    since: float = 0.0


def ago(seconds: float) -> str:
    if seconds < 2:
        return "just now"
    if seconds < 60:
        return f"{int(seconds)} s ago"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    return f"{int(seconds // 3600)} h ago"


def words(status: SyncStatus, wall: float | None = None, clock: float | None = None) -> str:
    """What the status widget says (``wall``: ``time.time()``, ``clock``: ``time.monotonic()``,
    given by tests)."""
    wall = time.time() if wall is None else wall
    clock = time.monotonic() if clock is None else clock
    if status.state == OFFLINE:
        main = "offline"
        if status.waiting:
            main += f": {plural(status.waiting, 'change')} waiting"
    elif status.state == ERROR:
        message = " ".join(sanitise(status.message).split())
        if len(message) > MESSAGE_WIDTH:
            message = message[: MESSAGE_WIDTH - 1] + "…"
        main = f"sync error: {message}"
    elif status.state == SYNCING and clock - status.since >= SYNCING_SHOWN_AFTER:
        main = "syncing…"
    elif status.synced_at is not None:
        main = f"synced {ago(max(0.0, wall - status.synced_at))}"
    else:
        main = "connecting…"
    if status.conflicts:
        main += f" · conflict: {status.conflicts} ({CONFLICTS_COMMAND} in ctrl+p)"
    return main
