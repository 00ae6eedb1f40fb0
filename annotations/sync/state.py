"""What this data folder knows of one server, kept in ``<data dir>/sync/<server id>.json``.

- ``cursor``: the highest ``seq`` pulled and applied (saved only after the store has the
  changes, so a sync cut off mid-way pulls them again; applying twice changes nothing).
- ``known``: per annotation id, the server revision last seen, the content hash at that
  revision ("" when it was deleted) and its document. An annotation whose local content differs
  from its known hash was changed here; a known id missing from the store was deleted here
  (these records are the tombstones' local half: the store itself need not remember deletions).
- ``stamps``: each document's annotation files as last read (size and modification time), so a
  sync reads only the documents whose files changed since.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from marginote.annotations.atomic import write_atomic


@dataclass
class Known:
    rev: int
    hash: str  # "" when the annotation is deleted at that revision
    doc: str


Stamp = tuple[int, int]


@dataclass
class SyncState:
    path: Path
    cursor: int = 0
    known: dict[str, Known] = field(default_factory=dict)
    stamps: dict[str, Stamp] = field(default_factory=dict)

    @classmethod
    def load(cls, data_dir: Path, server_id: str) -> SyncState:
        path = data_dir / "sync" / f"{server_id}.json"
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            known = {k: Known(int(v[0]), str(v[1]), str(v[2])) for k, v in raw["known"].items()}
            stamps = {k: (int(v[0]), int(v[1])) for k, v in raw.get("stamps", {}).items()}
            return cls(path, int(raw["cursor"]), known, stamps)
        except FileNotFoundError:
            return cls(path)
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            # Unreadable: start again from nothing. Safe: every record is compared by content,
            # so pulling everything again only confirms what the store already has.
            return cls(path)

    def save(self) -> None:
        data = {
            "cursor": self.cursor,
            "known": {k: [v.rev, v.hash, v.doc] for k, v in self.known.items()},
            "stamps": {k: list(v) for k, v in self.stamps.items()},
        }
        write_atomic(self.path, json.dumps(data, separators=(",", ":")).encode("utf-8"))


def file_stamps(store_root: Path) -> dict[str, Stamp]:
    """Per document hash, a stamp of its annotation files (any file named after the hash), read
    with one pass over the folder."""
    stamps: dict[str, Stamp] = {}
    try:
        entries = list(os.scandir(store_root / "annotations"))
    except OSError:
        return stamps
    for entry in entries:
        name = entry.name
        if len(name) < 64 or name.startswith(".") or ".damaged-" in name:
            continue
        try:
            st = entry.stat()
        except OSError:
            continue
        doc = name[:64]
        size, mtime = stamps.get(doc, (0, 0))
        stamps[doc] = (size + st.st_size, max(mtime, st.st_mtime_ns))
    return stamps
