"""marginote's own JSON Lines: a ``document`` line per document, then its annotations, every
field of every record (including fields a newer marginote added). Lossless; for backups and for
merging two people's work (import merges by id)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from marginote.annotations.exchange import (
    Exported,
    Incoming,
    WriteOptions,
    document_meta,
    json_lines,
    write_json_lines,
)
from marginote.annotations.model import Annotation, RecordError


def lines(items: Sequence[Exported]) -> Iterator[dict[str, Any]]:
    """A ``document`` line for each document, then a line for each of its annotations."""
    for item in items:
        yield {"kind": "document", **document_meta(item)}
        for annotation in item.annotations:
            # the document line says where the text is: the record keeps no local path, and
            # names its author as the config does, never by the login name
            record = {**annotation.to_record(), "path": item.path or ""}
            record["author"] = item.author_of(annotation) or ""
            yield {"kind": "annotation", **record}


def write(items: Sequence[Exported], out: Path, options: WriteOptions | None = None) -> list[Path]:
    return write_json_lines(out, lines(items))


def read(path: Path) -> list[Incoming]:
    by_doc: dict[str, Incoming] = {}
    left_out: list[str] = []
    for number, value in json_lines(path):
        if isinstance(value, str):
            left_out.append(f"{path}:{number}: {value}")
            continue
        kind = value.pop("kind", "annotation")
        if kind == "document":
            doc = str(value.get("doc", ""))
            incoming = by_doc.setdefault(doc, Incoming([], doc=doc, where=f"{path}:{number}"))
            incoming.path = str(value.get("path", ""))
            continue
        try:
            annotation = Annotation.from_record(value)
        except (RecordError, TypeError) as error:
            left_out.append(f"{path}:{number}: {error}")
            continue
        incoming = by_doc.setdefault(
            annotation.doc, Incoming([], doc=annotation.doc, where=f"{path}:{number}")
        )
        incoming.path = incoming.path or annotation.path
        incoming.annotations.append(annotation)
    found = list(by_doc.values())
    if left_out:
        found.append(Incoming([], where=str(path), left_out=left_out))
    return found
