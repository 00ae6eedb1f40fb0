"""Undo history: each step records who made it (author) and in which window (session).

A history entry (a record of the document's ``history`` table) is::

    {"at": ..., "author": "alice", "session": "<uuid>", "description": "import of 20 annotations",
     "changes": [{"before": record-or-null, "after": record-or-null}, ...], "undone": false}

Entries written before sessions existed hold one change as ``before``/``after`` and no author or
session; they are read as one-change steps by the author of their record, from a session that
has ended.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from marginote.annotations.model import Annotation, now_iso

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
        "changes": [{"before": before, "after": after} for before, after in changes],
        "undone": False,
    }


def raw_changes(entry: Entry) -> list[dict[str, Any]]:
    """The entry's changes as stored: ``{"before": ..., "after": ...}`` records."""
    found = entry.get("changes")
    return found if isinstance(found, list) else [entry]


def step_of(entry: Entry) -> Step:
    changes = tuple(
        Change(
            Annotation.from_record(c["before"]) if c.get("before") else None,
            Annotation.from_record(c["after"]) if c.get("after") else None,
        )
        for c in raw_changes(entry)
    )
    return Step(changes, str(entry.get("description") or ""), author_of(entry))


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
    the one undone last: the oldest)."""
    keys = [key for key, entry in history.items() if bool(entry.get("undone")) != undo]
    for key in sorted(keys, key=int, reverse=undo):
        if mine(history[key]):
            return key
    return None


def superseded(history: dict[str, Entry], mine: Callable[[Entry], bool]) -> list[str]:
    """Keys a new step of mine makes obsolete: my undone steps (what I could have redone), and
    the oldest steps past the limit."""
    dropped = [key for key, entry in history.items() if entry.get("undone") and mine(entry)]
    gone = set(dropped)
    kept = sorted((key for key in history if key not in gone), key=int)
    return dropped + kept[: max(0, len(kept) + 1 - HISTORY_LIMIT)]
