"""What this data folder knows of one server, kept in ``<data dir>/sync/<server id>.json``.

- ``cursor``: the highest ``seq`` pulled and applied (saved only after the store has the
  changes, so a sync cut off mid-way pulls them again; applying twice changes nothing).
- ``known``: per annotation id, the server revision last seen, the content hash at that
  revision ("" when it was deleted) and its document. An annotation whose local content differs
  from its known hash was changed here; a known id missing from the store was deleted here
  (these records are the tombstones' local half: the store itself need not remember deletions).
- ``stamps``: each document's annotation files (snapshot and journal: inode, size and
  modification time of each) as last read or written by sync, so a sync reads only the documents
  whose files changed since. A document sync wrote keeps the stamp the store saw right after the
  write, under its lock (``AnnotationStore.seen``): exact, so it is not read again.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from marginote.annotations.atomic import write_atomic


@dataclass
class Known:
    rev: int
    hash: str  # "" when the annotation is deleted at that revision
    doc: str


#: One file: (inode, size, modification time in ns), as the store stamps its files.
FileStamp = tuple[int, int, int]
#: A document's files: (snapshot, journal), None for a file that does not exist.
Stamp = tuple[FileStamp | None, FileStamp | None]


def as_stamp(value: object) -> Stamp | None:
    """A stamp from the store's ``seen`` or from the state file (lists), or None when the
    value is not one (a stamp of an older marginote: the document is read once more)."""
    if not isinstance(value, tuple | list) or len(value) != 2:
        return None
    parts: list[FileStamp | None] = []
    for part in value:
        if part is None:
            parts.append(None)
        elif (
            isinstance(part, tuple | list)
            and len(part) == 3
            and all(isinstance(x, int) and not isinstance(x, bool) for x in part)
        ):
            parts.append((part[0], part[1], part[2]))
        else:
            return None
    return parts[0], parts[1]


@dataclass
class SyncState:
    """Kept as a snapshot (``<server id>.json``) and a journal of changes since
    (``<server id>.log``, one JSON line per save): a sync of ten changes appends ten entries
    instead of rewriting every known id. A torn last line is ignored (its sync is redone)."""

    path: Path
    cursor: int = 0
    known: dict[str, Known] = field(default_factory=dict)
    stamps: dict[str, Stamp] = field(default_factory=dict)
    generation: int = 0
    journal_lines: int = 0
    #: What the files hold (to write only what changed since).
    saved: tuple[int, dict[str, Known], dict[str, Stamp]] = (0, {}, {})

    @property
    def journal(self) -> Path:
        return self.path.with_suffix(".log")

    @classmethod
    def load(cls, data_dir: Path, server_id: str) -> SyncState:
        path = data_dir / "sync" / f"{server_id}.json"
        cached = _cache.get(path)
        if cached is not None and cached[0] == _stamps_of(path):
            return cached[1].copy()  # what was saved last, unchanged on disk since
        state = cls(path)
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            state.generation = int(raw.get("generation", 0))
            state._take(raw)
            for line in state.journal.read_bytes().splitlines():
                entry = json.loads(line)
                if entry.get("generation") == state.generation:
                    state._take(entry)
                    state.journal_lines += 1
        except FileNotFoundError:
            pass
        except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
            # Unreadable (a torn last line, a damaged file): keep what was read. Safe: every
            # record is compared by content, so pulling again only confirms what the store has.
            pass
        state.saved = (state.cursor, dict(state.known), dict(state.stamps))
        return state

    def _take(self, raw: dict[str, Any]) -> None:
        self.cursor = int(raw["cursor"])
        for k, v in raw.get("known", {}).items():
            self.known[k] = Known(int(v[0]), str(v[1]), str(v[2]))
        for k, v in raw.get("stamps", {}).items():
            stamp = as_stamp(v)
            if stamp is None:
                self.stamps.pop(k, None)
            else:
                self.stamps[k] = stamp

    def save(self) -> None:
        cursor, known, stamps = self.saved
        changed = {k: v for k, v in self.known.items() if known.get(k) is not v}
        restamped: dict[str, list[FileStamp | None] | None] = {
            k: list(v) for k, v in self.stamps.items() if stamps.get(k) != v
        }
        restamped.update({k: None for k in stamps if k not in self.stamps})
        if not (changed or restamped or cursor != self.cursor):
            return
        if not self.path.exists() or self.journal_lines >= JOURNAL_LIMIT:
            self._snapshot()
        else:
            entry = {
                "generation": self.generation,
                "cursor": self.cursor,
                "known": {k: [v.rev, v.hash, v.doc] for k, v in changed.items()},
                "stamps": restamped,
            }
            _append(self.journal, json.dumps(entry, separators=(",", ":")).encode() + b"\n")
            self.journal_lines += 1
        self.saved = (self.cursor, dict(self.known), dict(self.stamps))
        _cache[self.path] = (_stamps_of(self.path), self.copy())

    def _snapshot(self) -> None:
        self.generation += 1
        data = {
            "generation": self.generation,
            "cursor": self.cursor,
            "known": {k: [v.rev, v.hash, v.doc] for k, v in self.known.items()},
            "stamps": {k: list(v) for k, v in self.stamps.items()},
        }
        write_atomic(self.path, json.dumps(data, separators=(",", ":")).encode("utf-8"))
        write_atomic(self.journal, b"")  # older lines would be ignored anyway (generation)
        self.journal_lines = 0

    def copy(self) -> SyncState:
        """A copy to change freely (entries are replaced, never changed in place)."""
        return replace(self, known=dict(self.known), stamps=dict(self.stamps))


def saved_servers(data_dir: Path) -> list[str]:
    """The ids of the servers this data folder has synced with (by their state files)."""
    try:
        return sorted(p.stem for p in (data_dir / "sync").glob("*.json"))
    except OSError:
        return []


#: Journal lines before the snapshot is written afresh.
JOURNAL_LIMIT = 200


def _append(path: Path, line: bytes) -> None:
    with open(path, "ab") as handle:
        handle.write(line)
        handle.flush()
        os.fsync(handle.fileno())


#: The state each process saved last, by file, with the file's stamp then: a long-running app
#: does not parse its state again at every sync.
_cache: dict[Path, tuple[tuple[tuple[int, int, int] | None, ...], SyncState]] = {}


def _stamps_of(path: Path) -> tuple[tuple[int, int, int] | None, ...]:
    found: list[tuple[int, int, int] | None] = []
    for each in (path, path.with_suffix(".log")):
        try:
            st = each.stat()
        except OSError:
            found.append(None)
            continue
        found.append((st.st_ino, st.st_size, st.st_mtime_ns))
    return tuple(found)


#: The suffixes of a document's files (``<hash>.json``, ``<hash>.journal``), by slot.
_SLOTS = {".json": 0, ".journal": 1}


def file_stamps(store_root: Path) -> dict[str, Stamp]:
    """Per document hash, the stamp of its annotation files, read with one pass over the folder.
    Take stamps before reading the files they describe.

    Inode, size and time of each file, not of the pair: a write appends to the journal (its size
    grows) and a fold replaces the snapshot (a new inode), so a write within the file system's
    clock tick of the stamp still changes it."""
    found: dict[str, list[FileStamp | None]] = {}
    try:
        entries = list(os.scandir(store_root / "annotations"))
    except OSError:
        return {}
    for entry in entries:
        name = entry.name
        slot = _SLOTS.get(name[64:])
        if slot is None or name.startswith("."):
            continue  # not a document's file (the lock, temporary and damaged copies)
        try:
            st = entry.stat()
        except OSError:
            continue
        found.setdefault(name[:64], [None, None])[slot] = (st.st_ino, st.st_size, st.st_mtime_ns)
    return {doc: (pair[0], pair[1]) for doc, pair in found.items()}
