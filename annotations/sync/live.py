"""Syncing by itself while the app is open: on start, after each local change (``poke``), when
the server announces a teammate's push (LISTEN/NOTIFY), and every ``interval`` seconds anyway.

One background thread does all the database work; the app hears of results through
``on_report`` (called in that thread: the UI must hop to its own thread). A lost connection is
retried with a growing pause, and ``status`` always says where things stand, in words safe to
show (no password); ``state`` says the same as data (``status.SyncStatus``, for the status
widget), with the count of changes waiting while offline and of conflicts, and ``conflicts`` the
annotations in conflict, by document (one of each pair).
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from marginote.annotations.model import Annotation
from marginote.annotations.store import AnnotationStore, StoreError
from marginote.annotations.sync import status as st
from marginote.annotations.sync.engine import (
    CONFLICT_TAG,
    SyncError,
    SyncReport,
    connect,
    sync,
    waiting,
)
from marginote.annotations.sync.schema import CHANNEL
from marginote.annotations.sync.state import Stamp, file_stamps, saved_servers
from marginote.annotations.sync.url import ServerAddress

#: How long the thread waits for a notification before checking for a poke or a stop.
SLICE = 0.2


class LiveSync:
    def __init__(
        self,
        store: AnnotationStore,
        address: ServerAddress,
        on_report: Callable[[SyncReport], None] = lambda report: None,
        *,
        interval: float = 5.0,
        on_status: Callable[[str], None] = lambda status: None,
    ) -> None:
        self.store, self.address = store, address
        self.on_report, self.on_status = on_report, on_status
        self.interval = interval
        self.status = f"sync: connecting to {address.shown}"
        self.state = st.SyncStatus(since=time.monotonic())
        #: Annotations tagged conflict, by document (the one of each pair that is not the copy).
        self.conflicts: dict[str, list[Annotation]] = {}
        self._conflict_stamps: dict[str, Stamp] = {}
        self._server = ""
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="marginote-sync", daemon=True)
        self._conn: Any = None
        self._listener: Any = None

    def start(self) -> None:
        self._thread.start()

    def poke(self) -> None:
        """A local change was saved: sync soon."""
        self._wake.set()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout)

    def _set_status(self, status: str) -> None:
        self.status = status
        self.on_status(status)

    def _connect(self) -> None:
        if self._conn is None or self._conn.closed:
            self._conn = connect(self.address)
        if self._listener is None or self._listener.closed:
            self._listener = connect(self.address)
            self._listener.autocommit = True
            self._listener.execute(f"LISTEN {CHANNEL}")

    def _close(self) -> None:
        for conn in (self._conn, self._listener):
            if conn is not None:
                with contextlib.suppress(Exception):
                    conn.close()
        self._conn = self._listener = None

    def _set_state(self, state: str, **changes: str | int | float | None) -> None:
        """Replace ``state`` whole (read from other threads at any time)."""
        now = replace(self.state, state=state, since=time.monotonic())
        self.state = replace(
            now,
            synced_at=_float(changes.get("synced_at", now.synced_at)),
            waiting=_int(changes.get("waiting", now.waiting)),
            conflicts=_int(changes.get("conflicts", now.conflicts)) or 0,
            message=str(changes.get("message", "")),
        )

    def sync_once(self) -> SyncReport:
        self._set_state(st.SYNCING)
        self._connect()
        report = sync(self.store, self.address, conn=self._conn)
        self._server = report.server
        self._set_status(f"synced {time.strftime('%H:%M:%S')}: {report.summary()}")
        self._set_state(st.SYNCED, synced_at=time.time(), waiting=0)
        return report

    def _count_conflicts(self) -> int:
        """Annotations in conflict: each document whose files changed since is read again."""
        stamps = file_stamps(self.store.root)
        found = {doc: v for doc, v in self.conflicts.items() if doc in stamps}
        for doc, stamp in stamps.items():
            if self._conflict_stamps.get(doc) == stamp:
                continue
            try:
                annotations = self.store.annotations(doc)
            except StoreError:
                continue
            tagged = {a.id: a for a in annotations if CONFLICT_TAG in a.tags}
            heads = [a for a in tagged.values() if a.attrs.get("conflict_of") not in tagged]
            if heads:
                found[doc] = heads
            else:
                found.pop(doc, None)
        self._conflict_stamps = stamps
        self.conflicts = found
        return sum(len(heads) for heads in found.values())

    def _waiting(self) -> int | None:
        """This folder's changes not pushed yet (None when it cannot tell which server)."""
        servers = [self._server] if self._server else saved_servers(self.store.root)
        if len(servers) != 1:
            return None
        try:
            return waiting(self.store, servers[0])
        except (StoreError, OSError):
            return None

    def _offline(self, error: SyncError) -> None:
        """Say so, with the count of this folder's changes waiting for the server."""
        state = st.OFFLINE if error.offline else st.ERROR
        self._set_state(state, waiting=self._waiting(), message=str(error))

    def _pause(self, seconds: float) -> None:
        """Wait before trying again. A local change meanwhile tries again at once if the last
        try is at least ``interval`` old (the server may be back); else it only updates the
        count of changes waiting."""
        began = time.monotonic()
        deadline = began + seconds
        while not self._stop.is_set():
            left = deadline - time.monotonic()
            if left <= 0 or not self._wake.wait(left):
                return
            if time.monotonic() - began >= self.interval:
                return  # the poke stays set: the next sync runs now
            self._wake.clear()
            if not self._stop.is_set() and self.state.state == st.OFFLINE:
                self._set_state(st.OFFLINE, waiting=self._waiting(), message=self.state.message)

    def _run(self) -> None:
        pause = self.interval
        while not self._stop.is_set():
            self._wake.clear()  # a poke during the sync that follows makes another one
            try:
                report = self.sync_once()
            except SyncError as error:
                self._close()
                self._offline(error)
                self._set_status(f"sync offline: {error}")
                self._pause(pause)
                pause = min(pause * 2, 60.0)
                continue
            except Exception as error:  # a bug must not kill the app; say so and go on
                self._close()
                self._set_state(st.ERROR, message=type(error).__name__)
                self._set_status(f"sync stopped: {type(error).__name__}")
                self._pause(pause)
                continue
            pause = self.interval
            if report.documents or report.conflicts:
                self.on_report(report)
            conflicts = self._count_conflicts()  # after the report: what arrived shows first
            if self.state.state == st.SYNCED:
                self.state = replace(self.state, conflicts=conflicts)
            self._wait()
        self._close()

    def _wait(self) -> None:
        """Until a notification, a poke, a stop, or the interval has passed."""
        deadline = time.monotonic() + self.interval
        while not self._stop.is_set() and not self._wake.is_set():
            left = deadline - time.monotonic()
            if left <= 0:
                return
            try:
                for _ in self._listener.notifies(timeout=min(SLICE, left), stop_after=1):
                    return
            except Exception:  # the listening connection dropped: the next sync reconnects
                self._close()
                return


def _float(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def _int(value: object) -> int | None:
    return value if isinstance(value, int) else None
