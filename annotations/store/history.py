"""Undo history: each step records who made it (author) and in which window (session).

A history entry (a record of the document's ``history`` table) is::

    {"at": ..., "author": "alice", "session": "<uuid>", "description": "import of 20 annotations",
     "changes": [{"before": ..., "after": ...}, ...], "undone": false}

Of each change, the side that is in the annotations table now (``after`` while the step is done,
``before`` once undone) is kept as a reference, ``{"id": ..., "digest": ...}``, and the other
side in full (or null, for a creation or deletion): the history does not hold a second copy of
what the table holds (an import of 10,000 annotations would otherwise double the file), and the
digest tells whether someone changed the record since.

Entries written before sessions existed hold one change as full ``before``/``after`` records and
no author or session; they are read as one-change steps by the author of their record, from a
session that has ended.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from marginote.annotations.model import Annotation, now_iso
from marginote.annotations.sanitise import json_text

#: Undo steps kept per document (all sessions together).
HISTORY_LIMIT = 500

Entry = dict[str, Any]


@dataclass(frozen=True)
class Change:
    """One record before and after (None for creation/deletion)."""

    before: Annotation | None
    after: Annotation | None

    @property
    def subject(self) -> Annotation:
        subject = self.after or self.before
        assert subject is not None
        return subject


@dataclass(frozen=True)
class Step:
    """One undo step as undo/redo return it: every change it made (one, or many for a bulk
    ``apply``). ``before``/``after``/``subject`` are those of its first change."""

    changes: tuple[Change, ...]
    description: str = ""
    author: str = ""

    @property
    def before(self) -> Annotation | None:
        return self.changes[0].before

    @property
    def after(self) -> Annotation | None:
        return self.changes[0].after

    @property
    def subject(self) -> Annotation:
        return self.changes[0].subject


def new_entry(
    changes: Iterable[tuple[dict[str, Any] | None, dict[str, Any] | None]],
    *,
    author: str,
    session: str,
    description: str,
) -> Entry:
    """A history entry for changes given as (record before, record after)."""
    return {
        "at": now_iso(),
        "author": author,
        "session": session,
        "description": description,
        "changes": [{"before": before, "after": reference(after)} for before, after in changes],
        "undone": False,
    }


def digest(record: dict[str, Any]) -> str:
    canonical = json_text(record, sort_keys=True, separators=(",", ":"))
    return hashlib.blake2b(canonical.encode("utf-8"), digest_size=16).hexdigest()


def reference(record: dict[str, Any] | None) -> dict[str, Any] | None:
    """What a change keeps of a record that is in the table: its id and digest."""
    return None if record is None else {"id": record["id"], "digest": digest(record)}


def matches(current: dict[str, Any] | None, kept: Any) -> bool:
    """Whether the table's record is still the one the history kept (in full or by reference)."""
    if current is None or kept is None:
        return current is None and kept is None
    if isinstance(kept, dict) and set(kept) == {"id", "digest"}:
        return bool(kept["digest"] == digest(current))
    return bool(current == kept)


def record_id(change: dict[str, Any]) -> str:
    record = change.get("before") or change.get("after")
    return str(record["id"]) if isinstance(record, dict) else ""


def raw_changes(entry: Entry) -> list[dict[str, Any]]:
    """The entry's changes as stored: ``{"before": ..., "after": ...}`` records."""
    found = entry.get("changes")
    return found if isinstance(found, list) else [entry]


def author_of(entry: Entry) -> str:
    """Who made the step (for an entry from before authors were recorded: its record's author)."""
    if entry.get("author"):
        return str(entry["author"])
    for change in raw_changes(entry):
        record = change.get("after") or change.get("before")
        if isinstance(record, dict) and record.get("author"):
            return str(record["author"])
    return ""


def session_of(entry: Entry) -> str:
    return str(entry.get("session") or "")


def pick(history: dict[str, Entry], undo: bool, mine: Callable[[Entry], bool]) -> str | None:
    """The key of the step to undo (the newest of mine still done) or to redo (of mine undone,
    the one undone last)."""
    if undo:
        keys = sorted((k for k, e in history.items() if not e.get("undone")), key=int)[::-1]
    else:  # entries undone before undo_order existed were undone newest first: redo the oldest
        keys = sorted(
            (k for k, e in history.items() if e.get("undone")),
            key=lambda k: (int(history[k].get("undone_order") or 0), -int(k)),
            reverse=True,
        )
    return next((key for key in keys if mine(history[key])), None)


def undone_order(history: dict[str, Entry]) -> int:
    """The order of an undo now: after every undo still undone."""
    return 1 + max((int(e.get("undone_order") or 0) for e in history.values()), default=0)


def superseded(history: dict[str, Entry], mine: Callable[[Entry], bool]) -> list[str]:
    """Keys a new step of mine makes obsolete: my undone steps (what I could have redone), and
    the oldest steps past the limit."""
    dropped = [key for key, entry in history.items() if entry.get("undone") and mine(entry)]
    gone = set(dropped)
    kept = sorted((key for key in history if key not in gone), key=int)
    return dropped + kept[: max(0, len(kept) + 1 - HISTORY_LIMIT)]
