"""The tables marginote keeps on the server, created and migrated by marginote itself.

One row per annotation id: the record as JSONB, with its document hash, author and modification
time beside it as indexed columns (for queries and for other tools), a revision number that
grows with each change (how concurrent edits are detected), a tombstone flag for deletions, and
``seq``, a number every change takes from one sequence, in commit order (how each member knows
what it has already pulled). Every writer holds one advisory lock for its transaction, so
changes commit in ``seq`` order and a pull never skips a slower writer's change.
"""

from __future__ import annotations

from typing import Any

#: Key of the transaction-level advisory lock every writer takes (b"mrgnote" as a number).
LOCK_KEY = 0x6D72676E6F7465
TABLE = "marginote_annotations"
CHANNEL = "marginote_changes"

#: MIGRATIONS[n] brings the schema from version n to n + 1 (0: nothing yet).
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        "CREATE SEQUENCE IF NOT EXISTS marginote_seq",
        f"""CREATE TABLE IF NOT EXISTS {TABLE} (
            id text PRIMARY KEY,
            doc text NOT NULL,
            author text NOT NULL,
            modified timestamptz NOT NULL,
            rev integer NOT NULL,
            seq bigint NOT NULL DEFAULT nextval('marginote_seq'),
            deleted boolean NOT NULL DEFAULT false,
            pushed_by text NOT NULL,
            record jsonb NOT NULL
        )""",
        f"CREATE INDEX IF NOT EXISTS {TABLE}_seq ON {TABLE} (seq)",
        f"CREATE INDEX IF NOT EXISTS {TABLE}_doc ON {TABLE} (doc)",
        f"CREATE INDEX IF NOT EXISTS {TABLE}_author ON {TABLE} (author)",
        f"CREATE INDEX IF NOT EXISTS {TABLE}_modified ON {TABLE} (modified)",
    ),
)
VERSION = len(MIGRATIONS)


class SchemaError(RuntimeError):
    """The server's tables were made by a newer marginote."""


def _ready(conn: Any) -> str | None:
    """The server's id when its tables are already at this version (no DDL, so a member
    without the right to create tables can sync), else None."""
    import psycopg

    try:
        with conn.transaction():
            rows = dict(
                conn.execute(
                    "SELECT key, value FROM marginote_meta WHERE key IN ('schema', 'server_id')"
                ).fetchall()
            )
    except psycopg.errors.UndefinedTable:
        return None
    if rows.get("schema") == str(VERSION) and rows.get("server_id"):
        return str(rows["server_id"])
    return None


def prepare(conn: Any) -> str:
    """Create or migrate the tables; returns the server's id (fixed when the tables were made).
    ``conn`` is a psycopg connection (not typed here, so psycopg loads only when syncing)."""
    if (ready := _ready(conn)) is not None:
        return ready
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
        conn.execute(
            "CREATE TABLE IF NOT EXISTS marginote_meta (key text PRIMARY KEY, value text NOT NULL)"
        )
        row = conn.execute("SELECT value FROM marginote_meta WHERE key = 'schema'").fetchone()
        version = int(row[0]) if row else 0
        if version > VERSION:
            raise SchemaError(
                f"the server's tables are version {version}; this marginote knows up to "
                f"{VERSION}: update marginote"
            )
        for steps in MIGRATIONS[version:]:
            for statement in steps:
                conn.execute(statement)
        conn.execute(
            "INSERT INTO marginote_meta VALUES ('schema', %s) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (str(VERSION),),
        )
        conn.execute(
            "INSERT INTO marginote_meta VALUES ('server_id', gen_random_uuid()::text) "
            "ON CONFLICT (key) DO NOTHING"
        )
        server = conn.execute("SELECT value FROM marginote_meta WHERE key = 'server_id'").fetchone()
    return str(server[0])
