"""Which windows (sessions) are still running: each holds a lock on its own file while it lives.

A session claims ``annotations/.sessions/<id>`` (flock, exclusive) before its first change and
keeps it until it closes or its process ends (a killed process releases it too). A session whose
file is not locked has ended: its owner may undo its steps from a later window.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from pathlib import Path
from typing import BinaryIO


class Sessions:
    def __init__(self, folder: Path, own: str) -> None:
        self.folder = folder / ".sessions"
        self.own = own
        self._lock: BinaryIO | None = None  # closed (so released) with the store, at the latest

    def claim(self) -> None:
        """Mark this session as running (once; failures only make its steps look ended)."""
        if self._lock is not None:
            return
        with contextlib.suppress(OSError):
            self.folder.mkdir(exist_ok=True)
            lock = open(self.folder / self.own, "ab")  # noqa: SIM115 - held while the session runs
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                lock.close()
                raise
            self._lock = lock

    def running(self, session: str) -> bool:
        """Whether the window of ``session`` is still open (in any process)."""
        if not session:
            return False
        if session == self.own:
            return True
        path = self.folder / session
        try:
            fd = os.open(path, os.O_RDWR)
        except OSError:
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        except OSError:
            return False
        else:
            with contextlib.suppress(OSError):
                path.unlink()  # an ended session's file: nobody will claim it again
            return False
        finally:
            os.close(fd)

    def sweep(self) -> None:
        """Remove the files of sessions that have ended (``running`` removes what it finds)."""
        with contextlib.suppress(OSError):
            for path in self.folder.iterdir():
                self.running(path.name)

    def close(self) -> None:
        if self._lock is not None:
            with contextlib.suppress(OSError):
                (self.folder / self.own).unlink()
            self._lock.close()
            self._lock = None
