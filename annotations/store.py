"""The annotation store: TinyDB, one file per document, every write atomic, durable and locked.

Promises, each kept by one mechanism:

- **Crash safety.** TinyDB's own JSONStorage rewrites its file in place. Here every write goes
  through ``AtomicJSONStorage`` (temporary file, fsync, rename, fsync of the folder): a save
  returns only when it is on disk, and a crash leaves the old file or the new one, never half.
- **Speed at 100,000.** TinyDB rewrites a whole file per write, so each document's annotations
  live in their own file, ``<data dir>/annotations/<document sha256>.json``.
- **Two instances.** Every change is one read-modify-write of the document's TinyDB data under an
  exclusive lock (``annotations/.lock``, flock), and reads notice a file replaced by another
  process (inode, size, mtime), so two running marginotes merge record by record and never
  overwrite each other. Reads go through TinyDB's tables; a change edits the same TinyDB data
  through its storage, so that the record and its undo entry land in one atomic write.
- **Damaged files.** A file that is not valid JSON or not marginote's layout is renamed aside
  untouched (``<name>.damaged-<time>``), ``StoreError`` names both files, and the document starts
  a fresh file; every other document is unaffected.
- **Failed writes** (read-only folder, full disk) raise ``StoreError`` ("not saved: ..."); the file
  on disk and the in-memory view keep what was saved before.
- **Identity.** Records are keyed by their uuid (``id``), never by TinyDB's integer ids.
- **Undo.** Each change also appends to the document's ``history`` table (before/after records),
  so ``undo``/``redo`` work across restarts.
- **Changed documents.** ``documents.json`` maps each path to the hash of its text when last
  annotated; ``open_document`` re-anchors the annotations of an older text of the same path.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from marginote.annotations.anchoring import Selector, locate, select
from marginote.annotations.atomic import write_atomic
from marginote.annotations.model import (
    ENTITY_CORRECTION,
    Annotation,
    RecordError,
    check_record,
    now_iso,
)

TABLE = "annotations"
HISTORY = "history"
TABLES = frozenset({TABLE, HISTORY})
INDEX_TABLES = frozenset({"documents", "progress"})
#: Undo steps kept per document.
HISTORY_LIMIT = 500


@dataclass(frozen=True)
class Summary:
    """What the library lists of a document's annotations."""

    count: int
    #: Claims by verdict; "" counts claims without one yet.
    verdicts: dict[str, int]


@dataclass(frozen=True)
class Progress:
    offset: int  # the caret when the document was last closed
    furthest: int  # the furthest offset shown on screen
    length: int

    @property
    def fraction(self) -> float:
        return min(1.0, self.furthest / self.length) if self.length else 1.0


class StoreError(Exception):
    """A problem with the annotation files, in words a user can act on."""


def _quarantine(path: Path, why: str) -> StoreError:
    """Rename a damaged file aside, untouched, and describe what happened."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    aside = path.with_name(f"{path.name}.damaged-{stamp}")
    try:
        path.rename(aside)
    except FileNotFoundError:  # another reader (or instance) moved it aside first
        return StoreError(
            f"{path.name} was damaged ({why}). It has been moved aside untouched "
            f"({path.name}.damaged-*, in {path.parent}); this document's annotations start afresh."
        )
    except OSError as error:
        return StoreError(f"{path} is damaged ({why}) and could not be moved aside: {error}")
    return StoreError(
        f"{path.name} was damaged ({why}). It was moved aside untouched to {aside}; "
        "this document's annotations start afresh, all others are safe."
    )


class AtomicJSONStorage(Storage):
    """A TinyDB storage that never leaves a half-written file and never overwrites a bad one."""

    def __init__(self, path: str | Path, tables: frozenset[str] = TABLES, **_: Any) -> None:
        self.path = Path(path)
        self.tables = tables
        self._raw: bytes | None = None
        self._stamp: tuple[int, int, int] | None = None

    def _current_stamp(self) -> tuple[int, int, int] | None:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return None
        except OSError as error:
            raise StoreError(f"cannot read {self.path}: {error.strerror or error}") from None
        return st.st_ino, st.st_size, st.st_mtime_ns

    def read(self) -> dict[str, dict[str, Any]] | None:
        stamp = self._current_stamp()
        if stamp is None:
            self._raw, self._stamp = None, None
            return None
        if stamp != self._stamp or self._raw is None:  # changed on disk (maybe by another process)
            try:
                self._raw = self.path.read_bytes()
            except FileNotFoundError:
                return None
            except OSError as error:
                raise StoreError(f"cannot read {self.path}: {error.strerror or error}") from None
            self._stamp = stamp
        return self._parse(self._raw)

    def _parse(self, raw: bytes) -> dict[str, dict[str, Any]] | None:
        if not raw.strip():
            return None
        try:
            data = json.loads(raw)  # a fresh copy each time: TinyDB mutates what it reads
        except (ValueError, UnicodeDecodeError):
            self._raw = None
            raise _quarantine(self.path, "not valid JSON: truncated or corrupt") from None
        problem = _layout_problem(data, self.tables)
        if problem:
            self._raw = None
            raise _quarantine(self.path, problem)
        layout: dict[str, dict[str, Any]] = data  # checked just above
        return layout

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        try:
            write_atomic(self.path, raw)
        except OSError as error:
            where = self.path.parent
            raise StoreError(f"not saved: {error.strerror or error} (in {where})") from None
        self._raw, self._stamp = raw, self._current_stamp()

    def close(self) -> None:
        pass


def _layout_problem(data: Any, tables: frozenset[str]) -> str:
    """Why ``data`` is not a marginote file with these tables, or "" when it is one."""
    if not isinstance(data, dict):
        return "not a marginote annotation file"
    for name, table in data.items():
        if name not in tables or not isinstance(table, dict):
            return f"not a marginote annotation file (unexpected {name!r})"
    for record in data.get(TABLE, {}).values():
        try:
            check_record(record)
        except RecordError as error:
            return f"a record is not an annotation: {error}"
    return ""


@dataclass
class OpenedDocument:
    """What ``open_document`` found: the annotations, and what re-anchoring did."""

    annotations: list[Annotation]
    moved: int = 0
    fuzzy: list[Annotation] = field(default_factory=list)
    orphans: list[Annotation] = field(default_factory=list)


@dataclass(frozen=True)
class Change:
    """One undoable step: the record before and after (None for creation/deletion)."""

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

    @property
    def before(self) -> Annotation | None:
        return self.changes[0].before

    @property
    def after(self) -> Annotation | None:
        return self.changes[0].after

    @property
    def subject(self) -> Annotation:
        return self.changes[0].subject


class AnnotationStore:
    """All annotations, grouped by document (the sha256 of its text)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._storages: dict[str, AtomicJSONStorage] = {}
        self._swept = False

    # -- files and locking ----------------------------------------------------------------------

    def shard_path(self, doc: str) -> Path:
        return self.root / "annotations" / f"{doc}.json"

    def _storage(self, doc: str) -> AtomicJSONStorage:
        storage = self._storages.get(doc)
        if storage is None:
            storage = self._storages[doc] = AtomicJSONStorage(self.shard_path(doc))
        return storage

    def _table(self, doc: str, name: str = TABLE) -> Table:
        """A TinyDB table over the document's file, for reading. The storage (and its read cache,
        checked against the file on every read) is kept; the TinyDB around it is not."""
        storage = self._storage(doc)
        return TinyDB(storage=lambda: storage).table(name, cache_size=0)

    @contextlib.contextmanager
    def _transaction(self, doc: str) -> Iterator[dict[str, dict[str, Any]]]:
        """The document's TinyDB data (tables of records keyed by TinyDB's ids) to change in place;
        written back in one atomic write, under the lock, when the block ends without error."""
        with self._locked():
            storage = self._storage(doc)
            data = storage.read() or {}
            data.setdefault(TABLE, {})
            data.setdefault(HISTORY, {})
            yield data
            storage.write(data)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """Exclusive across processes for the duration of one read-modify-write."""
        folder = self.root / "annotations"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            handle = open(folder / ".lock", "a+b")  # noqa: SIM115 - held for the block
        except OSError as error:
            raise StoreError(f"not saved: {error.strerror or error} (in {folder})") from None
        with handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                if not self._swept:
                    self._swept = True
                    _sweep_temporary_files(folder)
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    # -- reading --------------------------------------------------------------------------------

    def annotations(self, doc: str) -> list[Annotation]:
        """The document's annotations in reading order."""
        found = [Annotation.from_record(dict(record)) for record in self._table(doc).all()]
        return sorted(found, key=lambda a: (a.start, -a.end, a.created))

    def count(self, doc: str) -> int:
        """How many annotations the document has; reads the file afresh, so safe from any thread."""
        return self.summary(doc).count

    def summary(self, doc: str) -> Summary:
        """The document's count of annotations and of claims by verdict (read afresh)."""
        data = AtomicJSONStorage(self.shard_path(doc)).read() or {}
        records = [
            r
            for r in data.get(TABLE, {}).values()
            if not (isinstance(r, dict) and r.get("label") == ENTITY_CORRECTION)
        ]
        verdicts = Counter(
            str((r.get("attrs") or {}).get("verdict") or "")
            for r in records
            if isinstance(r, dict) and r.get("label") == "claim"
        )
        return Summary(len(records), dict(verdicts))

    # -- reading progress -------------------------------------------------------------------------

    def _progress(self) -> Table:
        db = TinyDB(self.root / "documents.json", storage=AtomicJSONStorage, tables=INDEX_TABLES)
        return db.table("progress", cache_size=0)

    def reading_positions(self) -> dict[str, Progress]:
        """Where the reader left each document, and how far into it they have read (one read,
        for a whole library)."""
        found = {}
        for entry in self._progress().all():
            try:
                found[str(entry["doc"])] = Progress(
                    int(entry["offset"]), int(entry["furthest"]), int(entry["length"])
                )
            except (KeyError, TypeError, ValueError):
                continue  # a damaged entry: that document shows no progress
        return found

    def reading_position(self, doc: str) -> Progress | None:
        return self.reading_positions().get(doc)

    def save_reading_position(self, doc: str, offset: int, furthest: int, length: int) -> None:
        before = self.reading_position(doc)
        furthest = max(furthest, before.furthest if before else 0)
        with self._locked():
            self._progress().upsert(
                {"doc": doc, "offset": offset, "furthest": furthest, "length": length},
                Query().doc == doc,
            )

    # -- changing, with history -----------------------------------------------------------------

    def save(self, annotation: Annotation) -> None:
        """Insert or replace (by id) one annotation; durable when this returns."""
        with self._transaction(annotation.doc) as data:
            before = _put(data[TABLE], annotation)
            _log(data[HISTORY], Change(before, annotation))

    def delete(self, annotation: Annotation) -> None:
        with self._transaction(annotation.doc) as data:
            before = _remove(data[TABLE], annotation.id)
            if before is None:
                raise StoreError(f"annotation {annotation.id} is not in the store")
            _log(data[HISTORY], Change(before, None))

    def apply(
        self,
        doc: str,
        save: Sequence[Annotation] = (),
        delete: Sequence[Annotation] = (),
        *,
        description: str = "",
    ) -> None:
        """Save (insert or replace by id) and delete many annotations of one document in one
        transaction: the document's file is written once, and the whole is one undo step.
        Deleting an annotation that is not stored is not an error (it is already gone)."""
        for annotation in (*save, *delete):
            if annotation.doc != doc:
                raise ValueError(f"annotation {annotation.id} belongs to another document")
        with self._transaction(doc) as data:
            table = data[TABLE]
            keys = {record.get("id"): key for key, record in table.items()}
            fresh = int(_next_key(table))
            changes = []
            for annotation in save:
                key = keys.get(annotation.id)
                before = Annotation.from_record(table[key]) if key else None
                if key is None:
                    key = keys[annotation.id] = str(fresh)
                    fresh += 1
                table[key] = annotation.to_record()
                changes.append(Change(before, annotation))
            for annotation in delete:
                key = keys.pop(annotation.id, None)
                if key is not None:
                    changes.append(Change(Annotation.from_record(table.pop(key)), None))
            if changes:
                _log(data[HISTORY], *changes, description=description)

    def _step(self, doc: str, undo: bool) -> Step | None:
        with self._transaction(doc) as data:
            history = data[HISTORY]
            keys = [key for key, entry in history.items() if entry["undone"] != undo]
            if not keys:
                return None
            # Undo the newest step still done; redo the oldest step undone.
            key = (max if undo else min)(keys, key=int)
            entry = history[key]
            changes = _changes_of(entry)
            for change in reversed(changes) if undo else changes:
                target, gone = change.before, change.after
                if not undo:
                    target, gone = gone, target
                if target is not None:
                    _put(data[TABLE], target)
                elif gone is not None:
                    _remove(data[TABLE], gone.id)
            entry["undone"] = undo
            return Step(tuple(changes), str(entry.get("description") or ""))

    def undo(self, doc: str) -> Step | None:
        """Reverse the document's latest change; returns it, or None when there is nothing."""
        return self._step(doc, undo=True)

    def redo(self, doc: str) -> Step | None:
        return self._step(doc, undo=False)

    # -- documents whose text changed -----------------------------------------------------------

    def _index(self) -> Table:
        db = TinyDB(self.root / "documents.json", storage=AtomicJSONStorage, tables=INDEX_TABLES)
        return db.table("documents", cache_size=0)

    def open_document(self, doc: str, path: Path, text: str) -> OpenedDocument:
        """The annotations of the text ``doc`` at ``path``, re-anchoring those made on an older
        text of the same path. Annotations are moved to the new text's file, never dropped."""
        key = str(path.resolve())
        opened = OpenedDocument(self.annotations(doc))
        index = self._index()
        entry = index.get(Query().path == key)
        old_doc = entry["doc"] if entry else None
        if old_doc is not None and old_doc != doc and self.shard_path(old_doc).exists():
            self._reanchor(old_doc, doc, text, opened)
        if old_doc != doc and (opened.annotations or old_doc is not None):
            with self._locked():
                index.upsert({"path": key, "doc": doc, "seen": now_iso()}, Query().path == key)
        return opened

    def remember_path(self, doc: str, path: Path) -> None:
        """Record that ``path`` holds the text ``doc`` (called when a document gets annotated)."""
        key = str(path.resolve())
        index = self._index()
        entry = index.get(Query().path == key)
        if entry is None or entry["doc"] != doc:
            with self._locked():
                index.upsert({"path": key, "doc": doc, "seen": now_iso()}, Query().path == key)

    def _reanchor(self, old_doc: str, doc: str, text: str, opened: OpenedDocument) -> None:
        present = {a.id for a in opened.annotations}
        for old in self.annotations(old_doc):
            if old.id not in present:
                placed = reanchored(old, doc, text)
                with self._transaction(doc) as data:  # into the new file, then out of the old
                    _put(data[TABLE], placed)
                opened.annotations.append(placed)
                if placed.placement == "fuzzy":
                    opened.fuzzy.append(placed)
                elif placed.is_orphan:
                    opened.orphans.append(placed)
                else:
                    opened.moved += 1
            with self._transaction(old_doc) as data:
                _remove(data[TABLE], old.id)
        opened.annotations.sort(key=lambda a: (a.start, -a.end, a.created))

    def confirm(self, annotation: Annotation) -> Annotation:
        """The user accepts a fuzzy placement."""
        attrs = {k: v for k, v in annotation.attrs.items() if k != "previous_quote"}
        confirmed = annotation.edited(placement="exact", attrs=attrs)
        self.save(confirmed)
        return confirmed

    def each_document(self) -> Iterator[str]:
        """The hash of every document that has an annotation file."""
        folder = self.root / "annotations"
        if folder.exists():
            for path in sorted(folder.glob("*.json")):
                yield path.stem


def _sweep_temporary_files(folder: Path, older_than: float = 600.0) -> None:
    """Remove temporary files left by writers that were killed mid-write (never a live one:
    only files untouched for ten minutes)."""
    cutoff = time.time() - older_than
    for leftover in folder.glob(".*.tmp"):
        with contextlib.suppress(OSError):
            if leftover.stat().st_mtime < cutoff:
                leftover.unlink()


def _key_of(table: dict[str, Any], annotation_id: str) -> str | None:
    return next((key for key, record in table.items() if record.get("id") == annotation_id), None)


def _next_key(table: dict[str, Any]) -> str:
    return str(max((int(key) for key in table), default=0) + 1)


def _put(table: dict[str, Any], annotation: Annotation) -> Annotation | None:
    """Insert or replace by uuid; returns the record it replaced."""
    key = _key_of(table, annotation.id)
    before = Annotation.from_record(table[key]) if key else None
    table[key or _next_key(table)] = annotation.to_record()
    return before


def _remove(table: dict[str, Any], annotation_id: str) -> Annotation | None:
    key = _key_of(table, annotation_id)
    return Annotation.from_record(table.pop(key)) if key else None


def _log(history: dict[str, Any], *changes: Change, description: str = "") -> None:
    """Append a step to the undo history; a new step forgets the steps that were undone."""
    for key in [key for key, entry in history.items() if entry["undone"]]:
        del history[key]
    history[_next_key(history)] = {
        "at": now_iso(),
        "description": description,
        "changes": [
            {
                "before": change.before.to_record() if change.before else None,
                "after": change.after.to_record() if change.after else None,
            }
            for change in changes
        ],
        "undone": False,
    }
    for key in sorted(history, key=int)[:-HISTORY_LIMIT]:
        del history[key]


def _changes_of(entry: dict[str, Any]) -> list[Change]:
    """The changes of a history entry (entries written before bulk steps hold one change)."""
    found = entry.get("changes")
    raw = found if isinstance(found, list) else [entry]
    return [
        Change(
            Annotation.from_record(c["before"]) if c.get("before") else None,
            Annotation.from_record(c["after"]) if c.get("after") else None,
        )
        for c in raw
    ]


def reanchored(annotation: Annotation, doc: str, text: str) -> Annotation:
    """``annotation`` placed in a new text ``doc``: moved, fuzzily placed, or kept as an orphan.

    A placed annotation takes its quote and context from the new text; a fuzzy one keeps the old
    quote in ``attrs["previous_quote"]`` for the user to compare. An orphan keeps everything.
    """
    selector = Selector(annotation.quote, annotation.prefix, annotation.suffix)
    anchor = locate(text, annotation.start, annotation.end, selector)
    if anchor.placement == "orphan":
        return replace(annotation, doc=doc, placement="orphan", modified=now_iso())
    fresh = select(text, anchor.start, anchor.end)
    attrs = dict(annotation.attrs)
    if anchor.placement == "fuzzy":
        attrs["previous_quote"] = annotation.quote
    return replace(
        annotation,
        doc=doc,
        start=anchor.start,
        end=anchor.end,
        quote=fresh.quote,
        prefix=fresh.prefix,
        suffix=fresh.suffix,
        attrs=attrs,
        placement="fuzzy" if anchor.placement == "fuzzy" else "exact",
        modified=now_iso(),
    )
