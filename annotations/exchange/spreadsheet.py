"""CSV for spreadsheets: one row per annotation, every field of it in a column of its own.

By default a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
prefixed with ``'`` so that a spreadsheet shows it as text instead of running it as a formula
(CSV injection); the header's first cell then says ``document (formula-safe: ' added)``. With
``raw`` the cells are exactly the text (``quote == text[start:end]``, for pandas and scripts), and
the header's first cell is plain ``document``."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path

from marginote.annotations.exchange import Exported, WriteOptions
from marginote.annotations.model import Annotation

COLUMNS = [
    "document",
    "path",
    "id",
    "start",
    "end",
    "label",
    "quote",
    "verdict",
    "claimant",
    "claimant_type",
    "check_worthiness",
    "evidence",
    "note",
    "tags",
    "author",
    "created",
    "modified",
    "placement",
    "other",
]
SAFE_MARK = "document (formula-safe: ' added)"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: The fields of ``attrs`` that have a column of their own.
_OWN_COLUMNS = ("verdict", "claimant", "claimant_type", "check_worthiness", "evidence")


def cell(value: object) -> str:
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def row(item: Exported, a: Annotation) -> list[object]:
    attrs = a.attrs
    other = {k: v for k, v in attrs.items() if k not in _OWN_COLUMNS}
    evidence = attrs.get("evidence") or []
    return [
        item.document.title,
        item.path or "",
        a.id,
        a.start,
        a.end,
        a.label,
        a.quote,
        a.verdict,
        attrs.get("claimant", ""),
        attrs.get("claimant_type", ""),
        attrs.get("check_worthiness", ""),
        " ".join(map(str, evidence)) if isinstance(evidence, list) else str(evidence),
        a.note,
        "; ".join(a.tags),
        item.author_of(a) or "",
        a.created,
        a.modified,
        a.placement,
        json.dumps(other, ensure_ascii=False, sort_keys=True) if other else "",
    ]


def write(items: Sequence[Exported], out: Path, options: WriteOptions | None = None) -> list[Path]:
    raw = options is not None and options.raw
    shown = str if raw else cell
    # The BOM: Excel reads UTF-8. A file name that is not UTF-8 is written as its own bytes.
    with out.open("w", encoding="utf-8-sig", newline="", errors="surrogateescape") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS if raw else [SAFE_MARK, *COLUMNS[1:]])
        for item in items:
            for a in item.annotations:
                writer.writerow([shown(value) for value in row(item, a)])
    return [out]
