"""A real PostgreSQL for the sync tests: one server per test session (the ``pgserver`` wheel,
started in a temporary folder, stopped at the end), and a fresh database for each test.
``$MARGINOTE_TEST_POSTGRES`` (a URL) uses an existing server instead."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from marginote.annotations.sync.url import ServerAddress, with_database
from tests.sync.server import running_postgres


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    with running_postgres("MARGINOTE_TEST_POSTGRES") as url:
        yield url


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
