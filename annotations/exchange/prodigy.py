"""Prodigy JSONL: one task per document with ``text``, ``tokens`` (text, start, end, id, ws) and
``spans`` (start, end, token_start, token_end inclusive, label). Tokens are those of spaCy's blank
English tokenizer, as Prodigy makes them, so ``token_start``/``token_end`` are right for training
with spaCy. A span whose ends fall inside a token points at the tokens that hold it and is
reported (``options.notes``).

Authors: Prodigy stores each annotator's answer to a text as its own task, named by
``_annotator_id`` and ``_session_id`` (in Prodigy ``dataset-name``). A document annotated by
several people is written as one task per author with both fields set to the author's name;
reading takes ``_annotator_id`` (else ``_session_id``) as the author, else the importer's name."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
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
from marginote.annotations.exchange.tokens import aligned, misaligned_note, tokenised


def tasks(item: Exported, notes: list[str] | None = None) -> list[dict[str, Any]]:
    """One document as Prodigy tasks: one per author of its annotations (see ``task``)."""
    found = []
    for author, theirs in by_author(item):
        one = task(replace(item, annotations=theirs), notes)
        if author:
            one.update(_annotator_id=author, _session_id=author)
        found.append(one)
    return found


def task(item: Exported, notes: list[str] | None = None) -> dict[str, Any]:
    """One document as a Prodigy task: its spaCy tokens, and its spans pointing at them."""
    doc = tokenised(item)
    tokens = [
        {
            "text": t.text,
            "start": t.idx,
            "end": t.idx + len(t.text),
            "id": t.i,
            "ws": bool(t.whitespace_),
        }
        for t in doc
    ]
    spans = []
    for a in item.annotations:
        span = aligned(doc, a.start, a.end, a.label)
        if span is None:
            span = doc.char_span(a.start, a.end, label=a.label, alignment_mode="expand")
            if notes is not None:
                notes.append(misaligned_note(item, a.start, a.end, a.label))
        if span is None or not len(span):
            continue  # only spaces: no token to point at
        spans.append(
            {
                "start": a.start,
                "end": a.end,
                "token_start": span.start,
                "token_end": span.end - 1,
                "label": a.label,
            }
        )
    return {
        "text": item.document.text,
        "tokens": tokens,
        "spans": spans,
        "meta": document_meta(item),
        "answer": "accept",
    }


def write(items: Sequence[Exported], out: Path, options: WriteOptions | None = None) -> list[Path]:
    notes = options.notes if options is not None else None
    return write_json_lines(out, (one for item in items for one in tasks(item, notes)))


def _span(span: Any) -> tuple[int, int, str]:
    return int(span["start"]), int(span["end"]), str(span["label"])


#: Prodigy's answers that turn a task down, and what the import summary calls them.
DECISIONS = {"reject": "rejected", "ignore": "ignored"}


def _decision(task: dict[str, Any]) -> str:
    return DECISIONS.get(str(task.get("answer", "accept")), "")


def _author(task: dict[str, Any]) -> object:
    return task.get("_annotator_id") or task.get("_session_id")


def read(path: Path) -> list[Incoming]:
    """Prodigy tasks; those answered "reject" or "ignore" are counted, not imported."""
    return read_span_tasks(
        path,
        lambda task: task.get("spans") or [],
        _span,
        noun="span",
        missing="no text",
        decision=_decision,
        author=_author,
    )
