"""Two people's changes to one annotation, merged field by field when they do not collide.

When both sides changed an annotation since the revision they last agreed on, the sync compares
each field of both versions with that revision's record (the *base*): a field only one side
changed takes that side's value, a field both changed to the same value keeps it, and only a
field both changed differently is a conflict (then both versions are kept, as before). Alice's
verdict and Bob's note on the same claim thus make one annotation with both.

Fields are compared as the record holds them, with ``attrs`` (verdict, claimant, evidence, ...)
key by key, and the span (start, end, quote and context, placement) as one field: two different
new spans are one conflict, not a mix of both. Where the file lives (``path``) is this machine's;
``modified`` is the later of the two.

The base records are kept in ``<data dir>/sync/<server id>.bases``, one JSON line per record the
server and this folder agreed on, appended at each sync without an fsync: a line lost in a crash,
torn, or of another revision (its content hash does not match the known one) only means this
merge is not made and both versions are kept, as they were before merging existed.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from marginote.annotations.sync.records import LOCAL_FIELDS

#: Fields of the record that move together: a span is one thing.
SPAN = ("start", "end", "quote", "prefix", "suffix", "placement")
#: Fields not compared: where the file lives here, and when it was last changed.
_SKIPPED = {*LOCAL_FIELDS, "modified"}
#: The bases file is rewritten, keeping the newest line of each id, past this size.
COMPACT_AT = 32 * 1024 * 1024
_MISSING = object()


def _fields(record: dict[str, Any]) -> dict[str, Any]:
    """The record as compared: the span as one value, each of ``attrs`` as its own."""
    found: dict[str, Any] = {"span": tuple(record.get(k) for k in SPAN)}
    for key, value in record.items():
        if key in SPAN or key in _SKIPPED or key == "attrs":
            continue
        found[key] = value
    attrs = record.get("attrs")
    for key, value in (attrs if isinstance(attrs, dict) else {}).items():
        found[f"attrs.{key}"] = value
    return found


def three_way(
    base: dict[str, Any], mine: dict[str, Any], theirs: dict[str, Any]
) -> dict[str, Any] | None:
    """``mine`` with the fields only ``theirs`` changed since ``base`` taken from it; None when
    some field was changed differently on both sides (a real conflict)."""
    b, m, t = _fields(base), _fields(mine), _fields(theirs)
    merged: dict[str, Any] = {}
    for key in {*b, *m, *t}:
        was, ours, their = b.get(key, _MISSING), m.get(key, _MISSING), t.get(key, _MISSING)
        if ours == their or their == was:
            value = ours
        elif ours == was:
            value = their
        else:
            return None
        if value is not _MISSING:
            merged[key] = value
    record: dict[str, Any] = {
        k: v for k, v in merged.items() if k != "span" and not k.startswith("attrs.")
    }
    record.update(zip(SPAN, merged["span"], strict=True))
    record["attrs"] = {k[6:]: v for k, v in merged.items() if k.startswith("attrs.")}
    record["path"] = mine.get("path", "")
    record["modified"] = max(str(mine.get("modified", "")), str(theirs.get("modified", "")))
    return record


class Bases:
    """The records this folder and a server agreed on, by id (see the module's note)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._pending: list[bytes] = []

    def add(self, ident: str, content_hash: str, record: Any) -> None:
        """Remember ``record`` (a dict, or its JSON text) as agreed at ``content_hash``."""
        text = record if isinstance(record, str) else json.dumps(record, ensure_ascii=False)
        line = f'{{"id":{json.dumps(ident)},"hash":{json.dumps(content_hash)},"record":{text}}}'
        self._pending.append(line.encode("utf-8") + b"\n")

    def flush(self) -> None:
        """Append what was added (no fsync: see the module's note)."""
        if not self._pending:
            return
        data, self._pending = b"".join(self._pending), []
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(self.path, "ab") as handle:
                handle.write(data)
                size = handle.tell()
            if size > COMPACT_AT:
                self._compact()
        except OSError:
            return  # only merges not made later

    def find(self, ident: str, content_hash: str) -> dict[str, Any] | None:
        """The record of ``ident`` agreed at ``content_hash``, if kept."""
        needle = json.dumps(ident).encode("utf-8")
        found = None
        try:
            with open(self.path, "rb") as handle:
                for line in handle:
                    if needle not in line:
                        continue
                    try:
                        entry = json.loads(line)
                    except ValueError:
                        continue  # a torn line
                    if (
                        isinstance(entry, dict)
                        and entry.get("id") == ident
                        and entry.get("hash") == content_hash
                        and isinstance(entry.get("record"), dict)
                    ):
                        found = entry["record"]
        except OSError:
            return None
        return found

    def _compact(self) -> None:
        newest: dict[str, bytes] = {}
        with open(self.path, "rb") as handle:
            for line in handle:
                try:
                    newest[str(json.loads(line)["id"])] = line
                except (ValueError, KeyError, TypeError):
                    continue
        temporary = self.path.with_suffix(".compacting")
        temporary.write_bytes(b"".join(newest.values()))
        os.replace(temporary, self.path)
