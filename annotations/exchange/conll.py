"""CoNLL-style BIO tags for sequence labelling: one spaCy token a line, ``TOKEN<TAB>TAG``
(``B-claim``, ``I-claim``, ``O``), a blank line between paragraphs, and ``-DOCSTART-`` before
each document.
BIO cannot hold nested or overlapping spans: where annotations overlap the first (the earliest,
then the longest) is kept and the others are reported (``options.notes``), as are spans whose
ends fall inside a token."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from marginote.annotations.exchange import Exported, WriteOptions
from marginote.annotations.exchange.tokens import aligned, misaligned_note, span_note, tokenised


def bio_lines(item: Exported, notes: list[str]) -> list[str]:
    doc = tokenised(item)
    tags = ["O"] * len(doc)
    for a in sorted(item.annotations, key=lambda a: (a.start, -a.end)):
        span = aligned(doc, a.start, a.end, a.label)
        if span is None:
            notes.append(misaligned_note(item, a.start, a.end, a.label) + ": left out")
            continue
        if any(tags[i] != "O" for i in range(span.start, span.end)):
            notes.append(
                span_note(item, a.start, a.end, a.label)
                + " overlaps another annotation (BIO cannot nest): left out"
            )
            continue
        for i in range(span.start, span.end):
            tags[i] = ("B-" if i == span.start else "I-") + a.label
    lines = ["-DOCSTART-\tO", ""]
    for token, tag in zip(doc, tags, strict=True):
        if token.is_space:
            if "\n" in token.text and lines[-1] != "":
                lines.append("")
            continue
        lines.append(f"{token.text}\t{tag}")
    if lines[-1] != "":
        lines.append("")
    return lines


def write(items: Sequence[Exported], out: Path, options: WriteOptions | None = None) -> list[Path]:
    notes = options.notes if options is not None else []
    with out.open("w", encoding="utf-8", newline="\n") as handle:
        for item in items:
            handle.write("\n".join(bio_lines(item, notes)) + "\n")
    return [out]
