"""The annotation store: TinyDB, one file per document, every write atomic and durable.

TinyDB's own JSONStorage rewrites its file in place (a crash mid-write leaves a broken file) and
rewrites the whole database on every insert. Here each document's annotations live in their own
small TinyDB file, ``<data dir>/annotations/<document sha256>.json``, written through
``AtomicJSONStorage`` (temporary file, fsync, rename). A save returns only when it is on disk;
when it fails, ``StoreError`` says why in plain words and nothing already saved is touched.
Records are keyed by their uuid (``id``), never by TinyDB's integer ids, which TinyDB reuses.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB
from tinydb.storages import Storage

from annotations.atomic import write_atomic
from annotations.model import Annotation

TABLE = "annotations"


class StoreError(Exception):
    """A problem with the annotation files, in words a user can act on."""


class AtomicJSONStorage(Storage):
    """A TinyDB storage that never leaves a half-written file and never overwrites a bad one."""

    def __init__(self, path: str | Path, **_: Any) -> None:
        self.path = Path(path)
        self._raw: bytes | None = None

    def read(self) -> dict[str, dict[str, Any]] | None:
        if self._raw is None:
            try:
                self._raw = self.path.read_bytes()
            except FileNotFoundError:
                return None
            except OSError as error:
                raise StoreError(f"cannot read {self.path}: {error.strerror or error}") from None
        if not self._raw.strip():
            return None
        try:
            data = json.loads(self._raw)  # a fresh copy each time: TinyDB mutates what it reads
        except (ValueError, UnicodeDecodeError):
            raise StoreError(
                f"{self.path} is damaged (not valid JSON); it was left untouched"
            ) from None
        if not isinstance(data, dict):
            raise StoreError(
                f"{self.path} is not a marginote annotation file; it was left untouched"
            )
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        try:
            write_atomic(self.path, raw)
        except OSError as error:
            raise StoreError(f"not saved: {error.strerror or error} ({self.path.parent})") from None
        self._raw = raw

    def close(self) -> None:
        pass


class AnnotationStore:
    """All annotations, grouped by document (the sha256 of its text)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._shards: dict[str, TinyDB] = {}

    def shard_path(self, doc: str) -> Path:
        return self.root / "annotations" / f"{doc}.json"

    def _table(self, doc: str):
        db = self._shards.get(doc)
        if db is None:
            db = TinyDB(self.shard_path(doc), storage=AtomicJSONStorage)
            self._shards[doc] = db
        return db.table(TABLE, cache_size=0)

    def annotations(self, doc: str) -> list[Annotation]:
        """The document's annotations in reading order."""
        found = [Annotation.from_record(dict(record)) for record in self._table(doc).all()]
        return sorted(found, key=lambda a: (a.start, -a.end, a.created))

    def count(self, doc: str) -> int:
        """How many annotations the document has; reads the file afresh, so safe from any thread."""
        data = AtomicJSONStorage(self.shard_path(doc)).read() or {}
        return len(data.get(TABLE, {}))

    def save(self, annotation: Annotation) -> None:
        """Insert or replace (by id) one annotation; durable when this returns."""
        self._table(annotation.doc).upsert(annotation.to_record(), Query().id == annotation.id)

    def delete(self, annotation: Annotation) -> None:
        removed = self._table(annotation.doc).remove(Query().id == annotation.id)
        if not removed:
            raise StoreError(f"annotation {annotation.id} is not in the store")
