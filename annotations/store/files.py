"""One document's annotation files: a TinyDB snapshot and an append-only journal beside it.

- ``<doc>.json`` is a TinyDB JSON file (tables ``annotations`` and ``history``, records keyed by
  TinyDB's ids), replaced atomically (temporary file, fsync, rename, fsync of the folder).
- ``<doc>.journal`` holds the changes made since the snapshot was written: one JSON line per
  acknowledged transaction, ``{"ops": [[table, key, record-or-null], ...]}``, appended and
  fsynced before the change is acknowledged (and the folder fsynced when the journal is created).
  A line that does not end in a newline was never acknowledged (its writer died mid-write): it is
  ignored, and the next writer cuts it off before appending.
- Folding writes the whole state as a new snapshot, then empties the journal. Every operation
  sets or removes one record by key, so replaying a journal over a snapshot that already holds it
  (a crash between the two steps) changes nothing.

``DocumentFiles`` keeps the document's state in memory and catches up with the files by their
stamps: an unchanged snapshot is not read again, and only the journal's new lines are. It is a
TinyDB ``Storage``, so a plain ``TinyDB(storage=...)`` over it sees the journal's changes too.
The caller holds the store's lock around every call that reads or writes.
"""

from __future__ import annotations

import contextlib
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from marginote.annotations.atomic import fsync_dir, write_atomic
from marginote.annotations.model import Annotation, RecordError, check_record
from marginote.annotations.sanitise import json_text

TABLE = "annotations"
HISTORY = "history"
TABLES = frozenset({TABLE, HISTORY})
JOURNAL_SUFFIX = ".journal"
#: Fold the journal into the snapshot once it is larger than FOLD_AT_LEAST bytes and than
#: FOLD_FRACTION of the snapshot: saves stay appends (a fold rewrites the document once per half
#: a document's worth of changes), and opening never replays more than half the document again.
FOLD_AT_LEAST = 256 * 1024
FOLD_FRACTION = 0.5

Tables = dict[str, dict[str, Any]]
Stamp = tuple[int, int, int]
#: One operation of a transaction: set (record) or remove (None) the record under a key.
Op = tuple[str, str, Any]


class StoreError(Exception):
    """A problem with the annotation files, in words a user can act on."""


def quarantine(
    path: Path, why: str, kept: str = "this document's annotations start afresh"
) -> StoreError:
    """Rename a damaged file aside, untouched, and describe what happened."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    aside = path.with_name(f"{path.name}.damaged-{stamp}")
    try:
        path.rename(aside)
    except FileNotFoundError:  # another reader (or instance) moved it aside first
        return StoreError(
            f"{path.name} was damaged ({why}). It has been moved aside untouched "
            f"({path.name}.damaged-*, in {path.parent}); {kept}."
        )
    except OSError as error:
        return StoreError(f"{path} is damaged ({why}) and could not be moved aside: {error}")
    return StoreError(
        f"{path.name} was damaged ({why}). It was moved aside untouched to {aside}; "
        f"{kept}, all other documents are safe."
    )


def not_saved(error: OSError, where: Path) -> StoreError:
    return StoreError(f"not saved: {error.strerror or error} (in {where})")


def stamp_of(st: os.stat_result) -> Stamp:
    return st.st_ino, st.st_size, st.st_mtime_ns


def file_stamp(path: Path) -> Stamp | None:
    """The file's identity, size and modification time; None when it does not exist."""
    try:
        return stamp_of(os.stat(path))
    except FileNotFoundError:
        return None
    except OSError as error:
        raise StoreError(f"cannot read {path}: {error.strerror or error}") from None


def layout_problem(data: Any, tables: frozenset[str]) -> str:
    """Why ``data`` is not a marginote file with these tables, or "" when it is one."""
    if not isinstance(data, dict):
        return "not a marginote annotation file"
    for name, table in data.items():
        if name not in tables or not isinstance(table, dict):
            return f"not a marginote annotation file (unexpected {name!r})"
        if not all(key.isdigit() for key in table):
            return f"not a marginote annotation file (a key of {name!r} is not a number)"
    for record in data.get(TABLE, {}).values():
        try:
            check_record(record)
        except RecordError as error:
            return f"a record is not an annotation: {error}"
    return ""


def _ops_of(line: bytes) -> list[Op]:
    """The operations of one journal line; ValueError when it is not one of ours."""
    entry = json.loads(line)
    ops = entry.get("ops") if isinstance(entry, dict) else None
    if not isinstance(ops, list):
        raise ValueError("not a journal entry")
    found: list[Op] = []
    for op in ops:
        if not (isinstance(op, list) and len(op) == 3 and op[0] in TABLES):
            raise ValueError("not a journal operation")
        table, key, value = op
        if not (isinstance(key, str) and key.isdigit()):
            raise ValueError("not a journal operation")
        if not (value is None or isinstance(value, dict)):
            raise ValueError("not a journal operation")
        if table == TABLE and value is not None:
            check_record(value)
        found.append((table, key, value))
    return found


def encoded(data: Tables) -> bytes:
    """The tables as one JSON object (as ``json_text`` writes it), encoded record by record: one
    ``json.dumps`` of a whole document holds the interpreter's lock for a tenth of a second at
    10,000 annotations, which a fold in a background thread would take from the interface;
    between records the interface runs."""
    for ascii_only in (False, True):  # escaped only when a file name is not UTF-8
        encode = json.JSONEncoder(ensure_ascii=ascii_only, separators=(",", ":")).encode
        tables = []
        for name, table in data.items():
            records = ",".join(f"{encode(key)}:{encode(record)}" for key, record in table.items())
            tables.append(f"{encode(name)}:{{{records}}}")
        try:
            return ("{" + ",".join(tables) + "}").encode("utf-8")
        except UnicodeEncodeError:
            continue
    raise AssertionError("ASCII JSON always encodes")


class DocumentFiles(Storage):
    """The snapshot and journal of one document, and its state as of the last look at them."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.journal = path.with_suffix(JOURNAL_SUFFIX)
        self.data: Tables = {TABLE: {}, HISTORY: {}}
        #: Annotation id -> its key in the annotations table.
        self.ids: dict[str, str] = {}
        self._objects: dict[str, Annotation] = {}
        self._next: dict[str, int] = {TABLE: 1, HISTORY: 1}
        self._loaded = False
        self._snapshot: Stamp | None = None
        self._snapshot_size = 0
        self._journal: Stamp | None = None
        self._journal_ino: int | None = None
        self._offset = 0  # the end of the last complete journal line taken in
        self._pending: list[Op] = []

    # -- reading ----------------------------------------------------------------------------------

    def revision(self) -> tuple[Stamp | None, Stamp | None]:
        """The files as they are now (two stats): differs from ``seen`` once anyone wrote."""
        return file_stamp(self.path), file_stamp(self.journal)

    @property
    def seen(self) -> tuple[Stamp | None, Stamp | None]:
        """The files as they were when this state was last brought up to date."""
        return self._snapshot, self._journal

    def refresh(self) -> None:
        """Bring the state up to date with the files (reading only what changed)."""
        if not self._loaded or file_stamp(self.path) != self._snapshot:
            self._load_snapshot()
        if not self._catch_up():  # the journal was replaced under a snapshot we kept
            self._load_snapshot()
            self._catch_up()

    def _reset(self, data: Tables) -> None:
        data.setdefault(TABLE, {})
        data.setdefault(HISTORY, {})
        self.data = data
        self.ids = {record["id"]: key for key, record in data[TABLE].items()}
        self._objects = {}
        self._next = {name: max(map(int, table), default=0) + 1 for name, table in data.items()}
        self._journal_ino, self._journal, self._offset = None, None, 0

    def _load_snapshot(self) -> None:
        self._loaded = False
        self._reset({})
        try:
            with open(self.path, "rb") as handle:
                self._snapshot = stamp_of(os.fstat(handle.fileno()))
                raw = handle.read()
        except FileNotFoundError:
            self._snapshot, self._snapshot_size, self._loaded = None, 0, True
            return
        except OSError as error:
            raise StoreError(f"cannot read {self.path}: {error.strerror or error}") from None
        self._snapshot_size = len(raw)
        data: Any = None
        if raw.strip():
            try:
                data = json.loads(raw)
            except (ValueError, UnicodeDecodeError):
                raise quarantine(self.path, "not valid JSON: truncated or corrupt") from None
            problem = layout_problem(data, TABLES)
            if problem:
                raise quarantine(self.path, problem)
        self._reset(data or {})
        self._loaded = True

    def _catch_up(self) -> bool:
        """Take in the journal's new complete lines; False when it was replaced or cut short
        under what was already taken in (the snapshot must then be read again)."""
        try:
            fd = os.open(self.journal, os.O_RDONLY)
        except FileNotFoundError:
            if self._offset:
                return False
            self._journal_ino, self._journal = None, None
            return True
        except OSError as error:
            raise StoreError(f"cannot read {self.journal}: {error.strerror or error}") from None
        try:
            st = os.fstat(fd)
            if self._offset and (st.st_ino != self._journal_ino or st.st_size < self._offset):
                return False
            tail = os.pread(fd, st.st_size - self._offset, self._offset)
        finally:
            os.close(fd)
        self._journal_ino, self._journal = st.st_ino, stamp_of(st)
        # Past the last newline: a torn line, never acknowledged (its writer died mid-line).
        complete = tail[: tail.rfind(b"\n") + 1]
        position = 0
        for line in complete.splitlines(keepends=True):
            try:
                ops = _ops_of(line)
            except (ValueError, RecordError, UnicodeDecodeError):
                self._set_journal_aside(self._offset + position)
                return True
            for table, key, value in ops:
                self._set(table, key, value)
            position += len(line)
        self._offset += position
        return True

    def _set_journal_aside(self, good: int) -> None:
        """A damaged line inside the journal: keep what came before it (folded into the
        snapshot), move the journal aside untouched and say so."""
        self._offset = good
        self._write_snapshot()  # the snapshot now holds what the journal held up to the damage
        self._journal_ino, self._journal, self._offset = None, None, 0
        kept = "the annotations saved before the damaged line are kept"
        raise quarantine(self.journal, "a line is not a marginote change", kept)

    @property
    def journal_bytes(self) -> int:
        """How much of the journal (complete lines) this state has taken in."""
        return self._offset

    def annotation(self, key: str) -> Annotation:
        found = self._objects.get(key)
        if found is None:
            found = self._objects[key] = Annotation.from_record(self.data[TABLE][key])
        return found

    def annotations(self) -> list[Annotation]:
        return [self.annotation(key) for key in self.data[TABLE]]

    # -- TinyDB's Storage interface (for plain TinyDB over these files) ---------------------------

    def read(self) -> Tables | None:
        self.refresh()
        copied: Tables = json.loads(json.dumps(self.data))  # TinyDB changes what it reads
        return copied if any(copied.values()) else None

    def write(self, data: Tables) -> None:
        self._reset(json.loads(json.dumps(data)))
        self._loaded = True
        self.fold()

    # -- changing ---------------------------------------------------------------------------------

    def next_key(self, table: str) -> str:
        key = self._next[table]
        self._next[table] = key + 1
        return str(key)

    def set(self, table: str, key: str, value: dict[str, Any] | None) -> None:
        """Set (or with None remove) one record, in memory; ``commit`` makes it durable."""
        self._set(table, key, value)
        self._pending.append((table, key, value))

    def _set(self, table: str, key: str, value: dict[str, Any] | None) -> None:
        records = self.data[table]
        if table == TABLE:
            self._objects.pop(key, None)
            old = records.get(key)
            if old is not None and self.ids.get(old["id"]) == key:
                del self.ids[old["id"]]
            if value is not None:
                self.ids[value["id"]] = key
        if value is None:
            records.pop(key, None)
        else:
            records[key] = value
            self._next[table] = max(self._next[table], int(key) + 1)

    def discard(self) -> None:
        """Forget changes not committed (the files are read again on next use)."""
        self._pending = []
        self._loaded = False

    def commit(self) -> None:
        """Append the pending changes to the journal as one line, durable when this returns."""
        if not self._pending:
            return
        line = json_text({"ops": self._pending}, separators=(",", ":")).encode("utf-8")
        self._pending = []
        self._append(line + b"\n")
        if self._offset > max(FOLD_AT_LEAST, self._snapshot_size * FOLD_FRACTION):
            self.fold()

    def _append(self, line: bytes) -> None:
        folder = self.journal.parent
        created = False
        try:
            try:
                fd = os.open(
                    self.journal, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_EXCL, 0o644
                )
                created = True
            except FileExistsError:
                fd = os.open(self.journal, os.O_WRONLY | os.O_APPEND)
        except OSError as error:
            self.discard()
            raise not_saved(error, folder) from None
        try:
            st = os.fstat(fd)
            if st.st_ino != self._journal_ino:
                self._offset = 0  # a journal this state has not read: a new one
            if st.st_size != self._offset:
                os.ftruncate(fd, self._offset)  # a torn line left by a killed writer
            view = memoryview(line)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
            if created:
                fsync_dir(folder)
        except OSError as error:
            with contextlib.suppress(OSError):  # never leave a change that was not acknowledged
                if created:
                    os.unlink(self.journal)
                else:
                    os.ftruncate(fd, self._offset)
            self.discard()
            raise not_saved(error, folder) from None
        finally:
            os.close(fd)
        self._offset += len(line)
        self._journal_ino = st.st_ino
        self._journal = file_stamp(self.journal)

    def fold(self) -> None:
        """Write the whole state as the snapshot, then empty the journal it now holds (emptied,
        not removed: the next save appends without creating a file)."""
        self._write_snapshot()
        try:
            fd = os.open(self.journal, os.O_WRONLY)
        except FileNotFoundError:
            self._journal_ino, self._journal, self._offset = None, None, 0
            return
        except OSError as error:  # the journal stays: replaying it over the snapshot is harmless
            self._loaded = False
            raise not_saved(error, self.journal.parent) from None
        try:
            os.ftruncate(fd, 0)
            os.fsync(fd)
            st = os.fstat(fd)
        except OSError as error:
            self._loaded = False
            raise not_saved(error, self.journal.parent) from None
        finally:
            os.close(fd)
        self._journal_ino, self._journal, self._offset = st.st_ino, stamp_of(st), 0

    def _write_snapshot(self) -> None:
        raw = encoded(self.data)
        try:
            write_atomic(self.path, raw)
        except OSError as error:
            self._loaded = False
            raise not_saved(error, self.path.parent) from None
        self._snapshot, self._snapshot_size = file_stamp(self.path), len(raw)
