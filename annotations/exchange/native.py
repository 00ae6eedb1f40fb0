"""marginote's own JSON Lines: a ``document`` line per document, then its annotations, every
field of every record (including fields a newer marginote added). Lossless; for backups and for
merging two people's work (import merges by id)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from marginote.annotations.exchange import (
    Exported,
    FormatError,
    Incoming,
    document_meta,
    json_lines,
    write_json_lines,
)
from marginote.annotations.model import Annotation, RecordError


def lines(items: Sequence[Exported]) -> Iterator[dict[str, Any]]:
    """A ``document`` line for each document, then a line for each of its annotations."""
    for item in items:
        yield {"kind": "document", **document_meta(item.document)}
        for annotation in item.annotations:
            yield {"kind": "annotation", **annotation.to_record()}


def write(items: Sequence[Exported], out: Path) -> list[Path]:
    return write_json_lines(out, lines(items))


def read(path: Path) -> list[Incoming]:
    by_doc: dict[str, Incoming] = {}
    for number, value in json_lines(path):
        kind = value.pop("kind", "annotation")
        if kind == "document":
            doc = str(value.get("doc", ""))
            by_doc.setdefault(doc, Incoming([], doc=doc)).path = str(value.get("path", ""))
            continue
        try:
            annotation = Annotation.from_record(value)
        except (RecordError, TypeError) as error:
            raise FormatError(f"line {number}: {error}") from None
        incoming = by_doc.setdefault(annotation.doc, Incoming([], doc=annotation.doc))
        incoming.path = incoming.path or annotation.path
        incoming.annotations.append(annotation)
    return list(by_doc.values())
