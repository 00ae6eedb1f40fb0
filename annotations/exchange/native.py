"""marginote's own JSON Lines: a ``document`` line per document, then its annotations, every
field of every record (including fields a newer marginote added). Lossless; for backups and for
merging two people's work (import merges by id)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from annotations.exchange import Exported, FormatError, Incoming, json_lines
from annotations.model import Annotation, RecordError


def write(items: Sequence[Exported], out: Path) -> list[Path]:
    with out.open("w", encoding="utf-8") as handle:
        for item in items:
            doc = item.document
            line = {
                "kind": "document",
                "doc": doc.sha256,
                "path": str(doc.path),
                "title": doc.title,
            }
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
            for annotation in item.annotations:
                record = {"kind": "annotation", **annotation.to_record()}
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return [out]


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
