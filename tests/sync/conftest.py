"""A real PostgreSQL for the sync tests: one server per test session (the ``pgserver`` wheel,
started in a temporary folder, stopped at the end), and a fresh database for each test.
``$MARGINOTE_TEST_POSTGRES`` (a URL) uses an existing server instead."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from marginote.annotations.sync.url import ServerAddress, with_database


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    given = os.environ.get("MARGINOTE_TEST_POSTGRES")
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


@pytest.fixture
def server(postgres_url: str) -> ServerAddress:
    """An empty database on the test server."""
    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return ServerAddress(with_database(postgres_url, name), "the test")


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    """Two members' data folders."""
    return tmp_path / "alice", tmp_path / "bob"
