"""brat standoff (https://brat.nlplab.org/standoff.html): for each document a ``.txt`` holding
its text and a ``.ann`` beside it.

- ``T`` lines: ``T1<TAB>claim 10 42<TAB>the text``; a span that crosses lines is written as
  fragments (``10 20;21 42``), one per line, as brat requires, with their texts joined by a space.
- ``A`` lines: ``A1<TAB>Verdict T1 mostly_false`` (brat values cannot hold spaces) and
  ``A2<TAB>CheckWorthiness T1 4``.
- ``#`` lines: ``#1<TAB>AnnotatorNotes T1<TAB>the note`` (newlines become spaces), and the
  claim's ``Claimant`` and ``Evidence`` (its web addresses, separated by spaces) the same way.
- The author: brat records no annotator in the ``.ann`` (a brat server keeps users apart by
  collection), but any ``#`` comment type is allowed, so ``#4<TAB>Author T1<TAB>alice``; brat
  shows it with the span's comments and keeps it. A span without one is the importer's.
Labels with characters brat does not allow in a type are written with ``_``.

The folder also gets an ``annotation.conf`` for the label scheme and verdict scale in force, so
brat opens it without setup. Two labels on one span are two ``T`` lines, as brat itself writes
them; the ``<OVERLAP>`` rule of the conf lets brat accept them (some parsers, such as pybrat with
``error="raise"``, refuse such files).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from marginote.annotations.documents import normalise_newlines
from marginote.annotations.exchange import (
    Exported,
    FormatError,
    Incoming,
    WriteOptions,
    file_author,
    span_annotation,
    unreadable,
)
from marginote.annotations.exchange.guards import undecodable_line
from marginote.annotations.labels import load_settings
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
        worthiness = annotation.attrs.get("check_worthiness")
        if worthiness is not None:
            attributes += 1
            lines.append(f"A{attributes}\tCheckWorthiness T{number} {brat_value(str(worthiness))}")
        evidence = annotation.attrs.get("evidence") or []
        comments = {
            "AnnotatorNotes": annotation.note,
            "Claimant": str(annotation.attrs.get("claimant") or ""),
            "Evidence": " ".join(map(str, evidence)) if isinstance(evidence, list) else "",
            "Author": item.author_of(annotation) or "",
        }
        for kind, value in comments.items():
            if value.strip():
                notes += 1
                lines.append(f"#{notes}\t{kind} T{number}\t{' '.join(value.split())}")
    return lines


def annotation_conf(labels: Sequence[str], verdicts: Sequence[str]) -> str:
    """brat's configuration for these labels and verdicts (with the attributes marginote writes),
    any span allowed to overlap another, as marginote's annotations may."""
    entities = "\n".join(dict.fromkeys(brat_type(label) for label in labels))
    values = "|".join(dict.fromkeys(brat_value(v) for v in verdicts))
    return (
        "# written by marginote for its label scheme and verdict scale\n"
        f"[entities]\n{entities}\n\n"
        "[relations]\n<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n\n"
        "[events]\n\n"
        "[attributes]\n"
        f"Verdict\tArg:<ENTITY>, Value:{values}\n"
        "CheckWorthiness\tArg:<ENTITY>, Value:1|2|3|4|5\n"
    )


def write(items: Sequence[Exported], out: Path, options: WriteOptions | None = None) -> list[Path]:
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
    folders = {item.document.path.parent for item in items}
    settings = load_settings(folders)
    tagged = [a.label for item in items for a in item.annotations]
    labels = [label.name for label in settings.labels.labels] + tagged
    (out / "annotation.conf").write_text(
        annotation_conf(labels, settings.verdicts.values), encoding="utf-8", newline="\n"
    )
    return [*written, out / "annotation.conf"]


_VERDICT_BY_VALUE = {brat_value(v): v for v in VERDICTS}
#: The comment lines read back, and the field each one fills.
_COMMENTS = {
    "AnnotatorNotes": "note",
    "Claimant": "claimant",
    "Evidence": "evidence",
    "Author": "author",
}
_ATTRS = ("verdict", "claimant", "check_worthiness")


def read_pair(ann_path: Path) -> Incoming:
    txt_path = ann_path.with_suffix(".txt")
    where = str(ann_path)
    try:
        text = normalise_newlines(txt_path.read_text(encoding="utf-8-sig"))
        lines = ann_path.read_text(encoding="utf-8-sig").splitlines()
    except UnicodeDecodeError:
        return unreadable(where, f"{undecodable_line(ann_path)}: not UTF-8 text")
    except OSError as error:
        return unreadable(where, f"cannot be read ({error.strerror or error})")
    incoming = Incoming([], text=text, path=str(txt_path), where=where)
    spans: dict[str, dict[str, Any]] = {}
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        parts = line.split("\t")
        ident = parts[0]
        try:
            if ident.startswith("T"):
                kind, _, at = parts[1].partition(" ")
                bounds = [tuple(map(int, piece.split())) for piece in at.split(";")]
                spans[ident] = {
                    "label": kind,
                    "start": bounds[0][0],
                    "end": bounds[-1][1],
                    "line": number,
                }
            elif ident.startswith("A"):
                name, target, *value = parts[1].split()
                if name == "Verdict" and target in spans:
                    raw = value[0] if value else "true"
                    spans[target]["verdict"] = _VERDICT_BY_VALUE.get(raw, raw.replace("_", " "))
                elif name == "CheckWorthiness" and target in spans and value:
                    spans[target]["check_worthiness"] = int(value[0])
            elif ident.startswith("#"):
                name, target = parts[1].split()
                if target in spans and name in _COMMENTS:
                    spans[target][_COMMENTS[name]] = parts[2] if len(parts) > 2 else ""
        except (IndexError, ValueError):
            incoming.left_out.append(f"{where}:{number}: not a brat line")
    for found in spans.values():
        attrs: dict[str, Any] = {k: found[k] for k in _ATTRS if found.get(k)}
        if found.get("evidence"):
            attrs["evidence"] = found["evidence"].split()
        try:
            incoming.annotations.append(
                span_annotation(
                    text,
                    found["start"],
                    found["end"],
                    found["label"],
                    source=str(txt_path),
                    note=found.get("note", ""),
                    attrs=attrs,
                    author=file_author(found.get("author")),
                )
            )
        except FormatError as error:
            incoming.left_out.append(f"{where}:{found['line']}: {error}")
    return incoming


def read(path: Path) -> list[Incoming]:
    """A ``.ann`` file (its ``.txt`` beside it), or a folder of them."""
    pairs = sorted(path.glob("*.ann")) if path.is_dir() else [path]
    return [read_pair(ann) for ann in pairs]
