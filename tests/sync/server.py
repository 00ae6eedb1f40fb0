"""A throwaway PostgreSQL (the ``pgserver`` wheel) for the sync tests and ``benchmarks/sync.py``:
started in a temporary folder, stopped at once at the end (its data is thrown away), or an
existing server named by an environment variable."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def running_postgres(given_by: str) -> Iterator[str]:
    """The URL of a PostgreSQL server: ``$given_by`` when set, else one started for the block."""
    given = os.environ.get(given_by)
    if given:
        yield given
        return
    import pgserver
    import psutil

    # Not under pytest's own temporary folder: run as root, pgserver runs PostgreSQL as its
    # own user, which must be able to enter every folder above the data; pytest sets its
    # folder back to owner-only whenever any pytest starts.
    folder = Path(tempfile.mkdtemp(prefix="marginote-pg-"))
    server = pgserver.get_server(folder, cleanup_mode="stop")
    try:
        yield server.get_uri()
    finally:
        pid = server.get_pid()
        if pid:  # its data is thrown away: stop at once, skipping the shutdown checkpoint
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGQUIT)
            with contextlib.suppress(Exception):
                psutil.Process(pid).wait(10)
        server.cleanup()
        shutil.rmtree(folder, ignore_errors=True)
