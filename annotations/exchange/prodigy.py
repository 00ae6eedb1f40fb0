"""Prodigy JSONL: one task per document with ``text``, ``tokens`` (text, start, end, id, ws) and
``spans`` (start, end, token_start, token_end inclusive, label). Tokens are words and single
punctuation marks, split wherever a span starts or ends so every span covers whole tokens."""

from __future__ import annotations

import re
from bisect import bisect_left
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

_TOKEN = re.compile(r"\w+|[^\w\s]")


def tokens(text: str, cuts: set[int]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for m in _TOKEN.finditer(text):
        start, end = m.span()
        inside = sorted(c for c in cuts if start < c < end)
        for a, b in zip([start, *inside], [*inside, end], strict=True):
            found.append({"text": text[a:b], "start": a, "end": b, "id": len(found)})
    for token in found:
        token["ws"] = token["end"] < len(text) and text[token["end"]].isspace()
    return found


def task(item: Exported) -> dict[str, Any]:
    """One document as a Prodigy task: its tokens, and its spans pointing at them."""
    doc = item.document
    toks = tokens(doc.text, {p for a in item.annotations for p in (a.start, a.end)})
    starts = [t["start"] for t in toks]
    ends = [t["end"] for t in toks]
    spans = []
    for a in item.annotations:
        first, last = bisect_left(starts, a.start), bisect_left(ends, a.end)
        if last < len(toks) and ends[last] != a.end:
            last -= 1  # the span ends in spaces: its last token ends before them
        if first >= len(toks) or last >= len(toks) or first > last:
            continue  # a span with no word in it (only spaces): no tokens to point at
        spans.append(
            {
                "start": a.start,
                "end": a.end,
                "token_start": first,
                "token_end": last,
                "label": a.label,
            }
        )
    return {
        "text": doc.text,
        "tokens": toks,
        "spans": spans,
        "meta": document_meta(item),
        "answer": "accept",
    }


def write(items: Sequence[Exported], out: Path, options: WriteOptions | None = None) -> list[Path]:
    return write_json_lines(out, (task(item) for item in items))


def _span(span: Any) -> tuple[int, int, str]:
    return int(span["start"]), int(span["end"]), str(span["label"])


#: Prodigy's answers that turn a task down, and what the import summary calls them.
DECISIONS = {"reject": "rejected", "ignore": "ignored"}


def _decision(task: dict[str, Any]) -> str:
    return DECISIONS.get(str(task.get("answer", "accept")), "")


def read(path: Path) -> list[Incoming]:
    """Prodigy tasks; those answered "reject" or "ignore" are counted, not imported."""
    return read_span_tasks(
        path,
        lambda task: task.get("spans") or [],
        _span,
        noun="span",
        missing="no text",
        decision=_decision,
    )
