"""doccano JSONL for sequence labelling: one line per document, ``{"text": ..., "label":
[[start, end, label], ...]}``, with the document's hash and path under ``meta``."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from annotations.documents import normalise_newlines
from annotations.exchange import Exported, FormatError, Incoming, json_lines, span_annotation


def write(items: Sequence[Exported], out: Path) -> list[Path]:
    with out.open("w", encoding="utf-8") as handle:
        for item in items:
            doc = item.document
            line = {
                "text": doc.text,
                "label": [[a.start, a.end, a.label] for a in item.annotations],
                "meta": {"doc": doc.sha256, "path": str(doc.path), "title": doc.title},
            }
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    return [out]


def read(path: Path) -> list[Incoming]:
    found = []
    for number, line in json_lines(path):
        text = line.get("text")
        labels = line.get("label", line.get("labels", []))
        if not isinstance(text, str) or not isinstance(labels, list):
            raise FormatError(f"line {number}: needs a text and a list of labels")
        text = normalise_newlines(text)
        meta = line.get("meta") if isinstance(line.get("meta"), dict) else {}
        annotations = []
        for entry in labels:
            try:
                start, end, label = int(entry[0]), int(entry[1]), str(entry[2])
                annotations.append(span_annotation(text, start, end, label))
            except (IndexError, TypeError, ValueError, FormatError) as error:
                raise FormatError(f"line {number}: bad label {entry!r} ({error})") from None
        found.append(Incoming(annotations, text=text, path=meta.get("path")))
    return found
