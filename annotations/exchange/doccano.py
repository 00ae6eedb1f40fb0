"""doccano JSONL for sequence labelling: one line per document, ``{"text": ..., "label":
[[start, end, label], ...]}``, with the document's hash and path under ``meta``.

Authors: doccano keeps each annotator's labels of a text apart (its export of a project without
collaborative annotation gives each user's labels separately). So a document annotated by several
people is one line per author, and the line's ``meta`` names the author (``"author": "alice"``);
doccano keeps ``meta`` through its own import and export. A line without one is the importer's."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from marginote.annotations.exchange import (
    Exported,
    Incoming,
    WriteOptions,
    by_author,
    document_meta,
    read_span_tasks,
    write_json_lines,
)


def lines(item: Exported) -> list[dict[str, Any]]:
    """One document's lines: one per author of its annotations."""
    found = []
    for author, theirs in by_author(item):
        meta: dict[str, str] = document_meta(item)
        if author:
            meta["author"] = author
        found.append(
            {
                "text": item.document.text,
                "label": [[a.start, a.end, a.label] for a in theirs],
                "meta": meta,
            }
        )
    return found


def write(items: Sequence[Exported], out: Path, options: WriteOptions | None = None) -> list[Path]:
    return write_json_lines(out, (line for item in items for line in lines(item)))


def _label(entry: Any) -> tuple[int, int, str]:
    return int(entry[0]), int(entry[1]), str(entry[2])


def _author(task: dict[str, Any]) -> object:
    meta = task.get("meta")
    return meta.get("author") if isinstance(meta, dict) else None


def read(path: Path) -> list[Incoming]:
    return read_span_tasks(
        path,
        lambda task: task.get("label", task.get("labels", [])),
        _label,
        noun="label",
        missing="needs a text and a list of labels",
        author=_author,
    )
