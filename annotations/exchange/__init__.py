"""Annotations in and out of marginote, in the formats annotators and fact-checkers use.

Each format is a module with ``write(items, out)`` (and ``read(path)`` when marginote can import
it). Offsets everywhere are Unicode code points of the document's text as marginote shows it
(newlines normalised to ``\\n``), as Python, spaCy and brat count them; an emoji is one.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marginote.annotations.documents import Document, normalise_newlines
from marginote.annotations.entities import Entity
from marginote.annotations.model import Annotation


@dataclass
class Exported:
    """One document and what to write about it."""

    document: Document
    annotations: list[Annotation]
    entities: list[Entity] = field(default_factory=list)
    recognizer: str = ""


@dataclass
class Incoming:
    """Annotations read from a file, with what identifies the text they were made on: the text
    itself, its sha256, or its path (whichever the format carries)."""

    annotations: list[Annotation]
    text: str | None = None
    doc: str | None = None
    path: str | None = None


def plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def describe_export(items: Sequence[Exported]) -> str:
    """ "3 annotations of 1 document", for messages."""
    count = sum(len(item.annotations) for item in items)
    return f"{plural(count, 'annotation')} of {plural(len(items), 'document')}"


class FormatError(ValueError):
    """A file that is not in the format it was read as; the message names the line or field."""


def span_annotation(
    text: str,
    start: int,
    end: int,
    label: str,
    *,
    source: str = "",
    **fields: object,
) -> Annotation:
    """An annotation of ``text[start:end]`` read from another tool's file, with its quote and
    context taken from the text (so it can be placed again if the library's text differs)."""
    if not (0 <= start < end <= len(text)):
        raise FormatError(f"span {start}-{end} is outside the text ({len(text)} characters)")
    return Annotation.of_span(text, start, end, label, doc="", path=source, **fields)


def json_lines(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """(line number, object) of each non-blank line of a JSON Lines file."""
    found = []
    with path.open(encoding="utf-8-sig") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as error:
                raise FormatError(f"line {number}: not JSON ({error.msg})") from None
            if not isinstance(value, dict):
                raise FormatError(f"line {number}: not a JSON object")
            found.append((number, value))
    return found


def write_json_lines(out: Path, lines: Iterable[dict[str, Any]]) -> list[Path]:
    """Write one JSON object per line (UTF-8, not escaped); the files written."""
    with out.open("w", encoding="utf-8") as handle:
        for line in lines:
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    return [out]


def document_meta(document: Document) -> dict[str, str]:
    """What identifies a document's text in a file: its hash, path and title."""
    return {"doc": document.sha256, "path": str(document.path), "title": document.title}


def read_span_tasks(
    path: Path,
    entries: Callable[[dict[str, Any]], Any],
    parse: Callable[[Any], tuple[int, int, str]],
    *,
    noun: str,
    missing: str,
) -> list[Incoming]:
    """Read JSON Lines of tasks that each hold a ``text`` and spans over it (doccano, Prodigy):
    ``entries`` finds a task's list of spans, ``parse`` turns one into (start, end, label)."""
    found = []
    for number, task in json_lines(path):
        text, listed = task.get("text"), entries(task)
        if not isinstance(text, str) or not isinstance(listed, list):
            raise FormatError(f"line {number}: {missing}")
        text = normalise_newlines(text)
        meta = task.get("meta")
        meta = meta if isinstance(meta, dict) else {}
        annotations = []
        for entry in listed:
            try:
                annotations.append(span_annotation(text, *parse(entry)))
            except (IndexError, KeyError, TypeError, ValueError, FormatError) as error:
                raise FormatError(f"line {number}: bad {noun} {entry!r} ({error})") from None
        found.append(Incoming(annotations, text=text, path=meta.get("path")))
    return found


Writer = Callable[[Sequence[Exported], Path], list[Path]]
Reader = Callable[[Path], list[Incoming]]


@dataclass(frozen=True)
class Format:
    name: str
    description: str
    suffix: str  # of the file written ("" for a folder)
    write: Writer
    read: Reader | None = None


def formats() -> dict[str, Format]:
    """Every format, by the name the command line and the palette use."""
    from marginote.annotations.exchange import (
        brat,
        claimreview,
        doccano,
        label_studio,
        native,
        prodigy,
        spreadsheet,
        w3c,
    )

    return {
        f.name: f
        for f in (
            Format(
                "jsonl",
                "marginote JSON Lines (lossless, for backups and merging)",
                ".jsonl",
                native.write,
                native.read,
            ),
            Format("w3c", "W3C Web Annotation JSON-LD", ".jsonld", w3c.write, w3c.read),
            Format(
                "brat",
                "brat standoff (.txt and .ann pairs, in a folder)",
                "",
                brat.write,
                brat.read,
            ),
            Format("doccano", "doccano JSONL", ".jsonl", doccano.write, doccano.read),
            Format(
                "prodigy", "Prodigy JSONL (tokens and spans)", ".jsonl", prodigy.write, prodigy.read
            ),
            Format(
                "label-studio",
                "Label Studio JSON tasks",
                ".json",
                label_studio.write,
                label_studio.read,
            ),
            Format(
                "csv", "CSV for spreadsheets (one row per annotation)", ".csv", spreadsheet.write
            ),
            Format(
                "claimreview",
                "schema.org ClaimReview JSON-LD (claims with a verdict)",
                ".jsonld",
                claimreview.write,
            ),
        )
    }


def detect_format(path: Path) -> str:
    """The format of a file to import, from its name and its first record."""
    if path.is_dir() or path.suffix == ".ann":
        return "brat"
    try:
        with path.open(encoding="utf-8-sig") as handle:
            head = handle.read(1 << 16)
    except (OSError, UnicodeDecodeError) as error:
        raise FormatError(f"cannot be read: {error}") from None
    first_line = head.lstrip().split("\n", 1)[0]
    if head.lstrip().startswith("[") or '"@context"' in head[:2000]:
        if "anno.jsonld" in head[:4000] or '"Annotation"' in head[:4000]:
            return "w3c"
        if '"ClaimReview"' in head[:4000]:
            raise FormatError("a ClaimReview file: marginote writes these but does not read them")
        return "label-studio"
    try:
        first = json.loads(first_line)
    except json.JSONDecodeError:
        raise FormatError("not a format marginote imports (give --format)") from None
    if isinstance(first, dict):
        if first.get("kind") in ("document", "annotation"):
            return "jsonl"
        if "tokens" in first or "spans" in first:
            return "prodigy"
        if "label" in first or "labels" in first:
            return "doccano"
        if first.get("type") == "AnnotationCollection" or "anno.jsonld" in str(
            first.get("@context")
        ):
            return "w3c"
    raise FormatError("not a format marginote imports (give --format)")
