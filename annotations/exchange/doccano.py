"""doccano JSONL for sequence labelling: one line per document, ``{"text": ..., "label":
[[start, end, label], ...]}``, with the document's hash and path under ``meta``."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from marginote.annotations.exchange import (
    Exported,
    Incoming,
    WriteOptions,
    document_meta,
    read_span_tasks,
    write_json_lines,
)


def write(items: Sequence[Exported], out: Path, options: WriteOptions | None = None) -> list[Path]:
    return write_json_lines(
        out,
        (
            {
                "text": item.document.text,
                "label": [[a.start, a.end, a.label] for a in item.annotations],
                "meta": document_meta(item),
            }
            for item in items
        ),
    )


def _label(entry: Any) -> tuple[int, int, str]:
    return int(entry[0]), int(entry[1]), str(entry[2])


def read(path: Path) -> list[Incoming]:
    return read_span_tasks(
        path,
        lambda task: task.get("label", task.get("labels", [])),
        _label,
        noun="label",
        missing="needs a text and a list of labels",
    )
