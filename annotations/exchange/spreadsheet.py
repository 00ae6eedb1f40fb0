"""CSV for spreadsheets: one row per annotation. A cell that starts with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return is prefixed with ``'`` so that a spreadsheet shows it as text
instead of running it as a formula (CSV injection)."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from marginote.annotations.exchange import Exported

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
    "note",
    "tags",
    "author",
    "created",
    "modified",
    "placement",
]
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> str:
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def write(items: Sequence[Exported], out: Path) -> list[Path]:
    with out.open(
        "w", encoding="utf-8-sig", newline="", errors="surrogateescape"
    ) as handle:  # the BOM: Excel reads UTF-8
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for item in items:
            for a in item.annotations:
                row = [
                    item.document.title,
                    str(item.document.path),
                    a.id,
                    a.start,
                    a.end,
                    a.label,
                    a.quote,
                    a.verdict,
                    a.attrs.get("claimant", ""),
                    a.note,
                    "; ".join(a.tags),
                    a.author,
                    a.created,
                    a.modified,
                    a.placement,
                ]
                writer.writerow([cell(value) for value in row])
    return [out]
