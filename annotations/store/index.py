"""The library-wide index, ``documents.json``: which text each path held when last annotated
(table ``documents``) and where the reader left each document (table ``progress``). Small and
rarely written, so each change rewrites it atomically through TinyDB."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from marginote.annotations.atomic import write_atomic
from marginote.annotations.sanitise import json_text
from marginote.annotations.store.files import (
    Stamp,
    StoreError,
    Tables,
    file_stamp,
    layout_problem,
    not_saved,
    quarantine,
)

INDEX_TABLES = frozenset({"documents", "progress"})


@dataclass(frozen=True)
class Progress:
    offset: int  # the caret when the document was last closed
    furthest: int  # the furthest offset shown on screen
    length: int

    @property
    def fraction(self) -> float:
        return min(1.0, self.furthest / self.length) if self.length else 1.0


class IndexStorage(Storage):
    """A TinyDB storage that never leaves a half-written file and never overwrites a bad one."""

    def __init__(self, path: str | Path, **_: Any) -> None:
        self.path = Path(path)
        self._raw: bytes | None = None
        self._stamp: Stamp | None = None

    def read(self) -> Tables | None:
        stamp = file_stamp(self.path)
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
        if not self._raw.strip():
            return None
        try:
            data = json.loads(self._raw)  # a fresh copy each time: TinyDB mutates what it reads
        except (ValueError, UnicodeDecodeError):
            self._raw = None
            raise quarantine(self.path, "not valid JSON: truncated or corrupt", _KEPT) from None
        problem = layout_problem(data, INDEX_TABLES)
        if problem:
            self._raw = None
            raise quarantine(self.path, problem, _KEPT)
        result: Tables = data
        return result

    def write(self, data: Tables) -> None:
        raw = json_text(data, separators=(",", ":")).encode("utf-8")  # names not UTF-8 too
        try:
            write_atomic(self.path, raw)
        except OSError as error:
            raise not_saved(error, self.path.parent) from None
        self._raw, self._stamp = raw, file_stamp(self.path)

    def close(self) -> None:
        pass


_KEPT = "reading places and renamed texts start afresh (annotations are safe)"
