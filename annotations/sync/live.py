"""Syncing by itself while the app is open: on start, after each local change (``poke``), when
the server announces a teammate's push (LISTEN/NOTIFY), and every ``interval`` seconds anyway.

One background thread does all the database work; the app hears of results through
``on_report`` (called in that thread: the UI must hop to its own thread). A lost connection is
retried with a growing pause, and ``status`` always says where things stand, in words safe to
show (no password).
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from typing import Any

from marginote.annotations.store import AnnotationStore
from marginote.annotations.sync.engine import SyncError, SyncReport, connect, sync
from marginote.annotations.sync.schema import CHANNEL
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

    def sync_once(self) -> SyncReport:
        self._connect()
        report = sync(self.store, self.address, conn=self._conn)
        self._set_status(f"synced {time.strftime('%H:%M:%S')}: {report.summary()}")
        return report

    def _run(self) -> None:
        pause = self.interval
        while not self._stop.is_set():
            self._wake.clear()  # a poke during the sync that follows makes another one
            try:
                report = self.sync_once()
            except SyncError as error:
                self._close()
                self._set_status(f"sync offline: {error}")
                self._stop.wait(pause)
                pause = min(pause * 2, 60.0)
                continue
            except Exception as error:  # a bug must not kill the app; say so and go on
                self._close()
                self._set_status(f"sync stopped: {type(error).__name__}")
                self._stop.wait(pause)
                continue
            pause = self.interval
            if report.documents or report.conflicts:
                self.on_report(report)
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
