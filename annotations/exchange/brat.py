"""brat standoff (https://brat.nlplab.org/standoff.html): for each document a ``.txt`` holding
its text and a ``.ann`` beside it.

- ``T`` lines: ``T1<TAB>claim 10 42<TAB>the text``; a span that crosses lines is written as
  fragments (``10 20;21 42``), one per line, as brat requires, with their texts joined by a space.
- ``A`` lines: ``A1<TAB>Verdict T1 mostly_false`` (brat values cannot hold spaces).
- ``#`` lines: ``#1<TAB>AnnotatorNotes T1<TAB>the note`` (newlines become spaces).
Labels with characters brat does not allow in a type are written with ``_``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from marginote.annotations.documents import normalise_newlines
from marginote.annotations.exchange import Exported, FormatError, Incoming, span_annotation
from marginote.annotations.model import VERDICTS

_NOT_IN_TYPE = re.compile(r"[^\w-]")


def brat_type(label: str) -> str:
    return _NOT_IN_TYPE.sub("_", label) or "label"


def brat_value(value: str) -> str:
    return re.sub(r"\s+", "_", value.strip())


def fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The pieces of ``[start, end)`` within lines (brat spans may not hold a newline)."""
    pieces, pos = [], start
    while pos < end:
        stop = text.find("\n", pos, end)
        stop = end if stop == -1 else stop
        if stop > pos:
            pieces.append((pos, stop))
        pos = stop + 1
    return pieces


def ann_lines(text: str, item: Exported) -> list[str]:
    lines: list[str] = []
    attributes = notes = 0
    for number, annotation in enumerate(item.annotations, 1):
        pieces = fragments(text, annotation.start, annotation.end)
        if not pieces:
            continue
        where = ";".join(f"{s} {e}" for s, e in pieces)
        shown = " ".join(text[s:e] for s, e in pieces)
        lines.append(f"T{number}\t{brat_type(annotation.label)} {where}\t{shown}")
        if annotation.verdict:
            attributes += 1
            lines.append(f"A{attributes}\tVerdict T{number} {brat_value(annotation.verdict)}")
        if annotation.note:
            notes += 1
            note = " ".join(annotation.note.split())
            lines.append(f"#{notes}\tAnnotatorNotes T{number}\t{note}")
    return lines


def write(items: Sequence[Exported], out: Path) -> list[Path]:
    """Write ``out/<name>.txt`` and ``out/<name>.ann`` for each document (names made unique)."""
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    used: set[str] = set()
    for item in items:
        stem = item.document.path.stem or "document"
        name, n = stem, 1
        while name in used:
            n += 1
            name = f"{stem}-{n}"
        used.add(name)
        text = item.document.text
        (out / f"{name}.txt").write_text(text, encoding="utf-8", newline="\n")
        ann = "".join(line + "\n" for line in ann_lines(text, item))
        (out / f"{name}.ann").write_text(ann, encoding="utf-8", newline="\n")
        written += [out / f"{name}.txt", out / f"{name}.ann"]
    return written


_VERDICT_BY_VALUE = {brat_value(v): v for v in VERDICTS}


def read_pair(ann_path: Path) -> Incoming:
    txt_path = ann_path.with_suffix(".txt")
    try:
        text = normalise_newlines(txt_path.read_text(encoding="utf-8-sig"))
        lines = ann_path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise FormatError(f"{ann_path.name}: {error}") from None
    spans: dict[str, dict[str, Any]] = {}
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        parts = line.split("\t")
        ident = parts[0]
        try:
            if ident.startswith("T"):
                kind, _, where = parts[1].partition(" ")
                bounds = [tuple(map(int, piece.split())) for piece in where.split(";")]
                spans[ident] = {"label": kind, "start": bounds[0][0], "end": bounds[-1][1]}
            elif ident.startswith("A"):
                name, target, *value = parts[1].split()
                if name == "Verdict" and target in spans:
                    raw = value[0] if value else "true"
                    spans[target]["verdict"] = _VERDICT_BY_VALUE.get(raw, raw.replace("_", " "))
            elif ident.startswith("#"):
                name, target = parts[1].split()
                if name == "AnnotatorNotes" and target in spans:
                    spans[target]["note"] = parts[2] if len(parts) > 2 else ""
        except (IndexError, ValueError):
            raise FormatError(f"{ann_path.name}, line {number}: not a brat line") from None
    annotations = []
    for found in spans.values():
        attrs = {"verdict": found["verdict"]} if "verdict" in found else {}
        annotations.append(
            span_annotation(
                text,
                found["start"],
                found["end"],
                found["label"],
                source=str(txt_path),
                note=found.get("note", ""),
                attrs=attrs,
            )
        )
    return Incoming(annotations, text=text, path=str(txt_path))


def read(path: Path) -> list[Incoming]:
    """A ``.ann`` file (its ``.txt`` beside it), or a folder of them."""
    pairs = sorted(path.glob("*.ann")) if path.is_dir() else [path]
    return [read_pair(ann) for ann in pairs]
