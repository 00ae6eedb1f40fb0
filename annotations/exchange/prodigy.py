"""Prodigy JSONL: one task per document with ``text``, ``tokens`` (text, start, end, id, ws) and
``spans`` (start, end, token_start, token_end inclusive, label). Tokens are words and single
punctuation marks, split wherever a span starts or ends so every span covers whole tokens."""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from annotations.documents import normalise_newlines
from annotations.exchange import Exported, FormatError, Incoming, json_lines, span_annotation

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


def write(items: Sequence[Exported], out: Path) -> list[Path]:
    with out.open("w", encoding="utf-8") as handle:
        for item in items:
            doc = item.document
            cuts = {p for a in item.annotations for p in (a.start, a.end)}
            toks = tokens(doc.text, cuts)
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
            task = {
                "text": doc.text,
                "tokens": toks,
                "spans": spans,
                "meta": {"doc": doc.sha256, "path": str(doc.path), "title": doc.title},
                "answer": "accept",
            }
            handle.write(json.dumps(task, ensure_ascii=False) + "\n")
    return [out]


def read(path: Path) -> list[Incoming]:
    found = []
    for number, task in json_lines(path):
        text = task.get("text")
        if not isinstance(text, str):
            raise FormatError(f"line {number}: no text")
        text = normalise_newlines(text)
        meta = task.get("meta") if isinstance(task.get("meta"), dict) else {}
        annotations = []
        for span in task.get("spans") or []:
            try:
                annotations.append(
                    span_annotation(text, int(span["start"]), int(span["end"]), str(span["label"]))
                )
            except (KeyError, TypeError, ValueError, FormatError) as error:
                raise FormatError(f"line {number}: bad span {span!r} ({error})") from None
        found.append(Incoming(annotations, text=text, path=meta.get("path")))
    return found
