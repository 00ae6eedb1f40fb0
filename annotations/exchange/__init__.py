"""Annotations in and out of marginote, in the formats annotators and fact-checkers use.

Each format is a module with ``write(items, out)`` (and ``read(path)`` when marginote can import
it). Offsets everywhere are Unicode code points of the document's text as marginote shows it
(newlines normalised to ``\\n``), as Python, spaCy and brat count them; an emoji is one.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from marginote.annotations.documents import Document, normalise_newlines
from marginote.annotations.entities import Entity
from marginote.annotations.library import under_library
from marginote.annotations.model import Annotation
from marginote.annotations.sanitise import json_text, sanitise
from marginote.annotations.words import plural as plural  # used by the writers and the CLI


@dataclass
class Exported:
    """One document and what to write about it."""

    document: Document
    annotations: list[Annotation]
    entities: list[Entity] = field(default_factory=list)
    recognizer: str = ""
    #: The document's path as the export writes it (see ``shown_path``): relative to the
    #: library ("" until set: the file name), or None, left out.
    path: str | None = ""

    #: The user's name from the config (``[user] name``), written as the author of their own
    #: annotations; without it their login name is left out of exports.
    user: str = ""
    #: The user's corrections of the recogniser on this document (kept apart from
    #: ``annotations`` unless the format is the lossless one).
    corrections: list[Annotation] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.path == "":
            self.path = self.document.path.name

    def corrected_entities(self) -> list[tuple[int, int, str]]:
        """The recognised entities with the user's corrections (accepted, rejected, relabelled,
        added) in their place: (start, end, type), in order."""
        from marginote.annotations.corrections import Corrections
        from marginote.annotations.entities import EntitySpans

        spans = EntitySpans.from_triples((e.start, e.end, e.label) for e in self.entities)
        return Corrections.of(self.corrections).applied_to(spans)

    def author_of(self, annotation: Annotation) -> str | None:
        """The author an export names: a name the annotation was given (a teammate's, or
        ``MARGINOTE_AUTHOR``), else the config's user name; never the login name."""
        if annotation.author and annotation.author not in (login_name(), "unknown"):
            return annotation.author
        return self.user or None


def by_author(item: Exported) -> list[tuple[str | None, list[Annotation]]]:
    """A document's annotations grouped by the author an export names (``author_of``), in the
    order each author first appears; a document without annotations is one group, unsigned.
    Formats that sign a whole task (doccano, Prodigy, Label Studio) write a task per group, as
    those tools keep each annotator's work of one text apart."""
    groups: dict[str | None, list[Annotation]] = {}
    for annotation in item.annotations:
        groups.setdefault(item.author_of(annotation), []).append(annotation)
    return list(groups.items()) or [(None, [])]


#: Longer "names" in a file are not names: the importer's name is used instead.
MAX_AUTHOR = 200


def file_author(value: object) -> str | None:
    """The author a file names, as marginote keeps it (one line, spaces collapsed, control
    characters as visible placeholders), or None when it names none usable: the annotation is
    then signed with the importer's name, as before."""
    if not isinstance(value, str):
        return None
    name = sanitise(" ".join(value.split()))
    return name if 0 < len(name) <= MAX_AUTHOR else None


@dataclass
class Incoming:
    """Annotations read from a file, with what identifies the text they were made on: the text
    itself, its sha256, or its path (whichever the format carries).

    ``where`` names the record in the file ("file:line", "file: task 3"); ``decision`` is the
    source tool's verdict on the whole record when it is not an acceptance ("rejected",
    "ignored", "cancelled": nothing of it is imported); ``left_out`` says, for each piece of it
    that could not be read, where and why."""

    annotations: list[Annotation]
    text: str | None = None
    doc: str | None = None
    path: str | None = None
    where: str = ""
    decision: str = ""
    left_out: list[str] = field(default_factory=list)


def visible(text: str) -> str:
    """Outside text made safe to print on a terminal: the one rule of
    ``marginote.annotations.sanitise`` (control characters as visible placeholders)."""
    return sanitise(text)


def login_name() -> str:
    """The account's login name (what an annotation's author defaults to)."""
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


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
    author: str | None = None,
    **fields: object,
) -> Annotation:
    """An annotation of ``text[start:end]`` read from another tool's file, with its quote and
    context taken from the text (so it can be placed again if the library's text differs),
    signed by ``author`` when the file names one (see ``file_author``), else by the importer."""
    if start > end:
        raise FormatError(f"reversed span: its start {start} is after its end {end}")
    if start == end:
        raise FormatError(f"empty span at {start}")
    if start < 0 or end > len(text):
        raise FormatError(f"span {start}-{end} is outside the text ({len(text)} characters)")
    if author:
        fields["author"] = author
    return Annotation.of_span(text, start, end, label, doc="", path=source, **fields)


def json_lines(path: Path) -> list[tuple[int, dict[str, Any] | str]]:
    """(line number, object) of each non-blank line of a JSON Lines file; for a line that is
    not a JSON object, (line number, why) instead."""
    from marginote.annotations.exchange.guards import TooDeep, loads, undecodable_line

    found: list[tuple[int, dict[str, Any] | str]] = []
    try:
        with path.open(encoding="utf-8-sig") as lines:
            for number, line in enumerate(lines, 1):
                if not line.strip():
                    continue
                try:
                    value = loads(line)
                except json.JSONDecodeError as error:
                    found.append((number, f"not JSON ({error.msg})"))
                    continue
                except TooDeep as error:
                    found.append((number, str(error)))
                    continue
                found.append((number, value if isinstance(value, dict) else "not a JSON object"))
    except UnicodeDecodeError:
        raise FormatError(f"{undecodable_line(path)}: not UTF-8 text") from None
    except OSError as error:
        raise FormatError(f"cannot be read: {error.strerror or error}") from None
    return found


def unreadable(where: str, why: str) -> Incoming:
    """A record of a file that could not be read at all."""
    return Incoming([], where=where, left_out=[f"{where}: {why}"])


def write_json_lines(out: Path, lines: Iterable[dict[str, Any]]) -> list[Path]:
    """Write one JSON object per line (UTF-8, not escaped); the files written."""
    with out.open("w", encoding="utf-8") as handle:
        for line in lines:
            handle.write(json_text(line) + "\n")
    return [out]


def shown_path(path: Path, how: str, roots: Sequence[Path] = ()) -> str | None:
    """A document's path as an export writes it: ``how`` is "relative" (to the first of
    ``roots``, the library folders, that holds it; else its file name), "absolute" or "none"
    (left out: None). Relative is the default, so that shared files carry no home folder."""
    if how == "none":
        return None
    path = path.resolve()
    if how == "absolute":
        return str(path)
    return under_library(path, roots) or path.name


def document_meta(item: Exported) -> dict[str, str]:
    """What identifies a document's text in a file: its hash, path (as chosen for the export,
    see ``shown_path``) and title."""
    meta = {"doc": item.document.sha256, "title": item.document.title}
    if item.path is not None:
        meta["path"] = item.path
    return meta


def read_span_tasks(
    path: Path,
    entries: Callable[[dict[str, Any]], Any],
    parse: Callable[[Any], tuple[int, int, str]],
    *,
    noun: str,
    missing: str,
    decision: Callable[[dict[str, Any]], str] = lambda task: "",
    author: Callable[[dict[str, Any]], object] = lambda task: None,
) -> list[Incoming]:
    """Read JSON Lines of tasks that each hold a ``text`` and spans over it (doccano, Prodigy):
    ``entries`` finds a task's list of spans, ``parse`` turns one into (start, end, label),
    ``decision`` says when the tool's user turned the task down ("rejected", "ignored"),
    ``author`` finds who made the task's spans (see ``file_author``; else the importer).
    A line or span that cannot be read is left out with its line number and why."""
    found = []
    for number, task in json_lines(path):
        where = f"{path}:{number}"
        if isinstance(task, str):
            found.append(unreadable(where, task))
            continue
        text, listed = task.get("text"), entries(task)
        if not isinstance(text, str) or not isinstance(listed, list):
            found.append(unreadable(where, missing))
            continue
        text = normalise_newlines(text)
        meta = task.get("meta")
        path_given = meta.get("path") if isinstance(meta, dict) else None
        incoming = Incoming(
            [], text=text, path=path_given if isinstance(path_given, str) else None, where=where
        )
        incoming.decision = decision(task)
        signer = file_author(author(task))
        for entry in listed:
            try:
                start, end, label = parse(entry)
                incoming.annotations.append(span_annotation(text, start, end, label, author=signer))
            except (IndexError, KeyError, TypeError, ValueError, FormatError) as error:
                shown = json.dumps(entry, ensure_ascii=True)[:80]
                incoming.left_out.append(f"{where}: {noun} {shown} left out: {error}")
        found.append(incoming)
    return found


@dataclass
class WriteOptions:
    """Choices of one export, and what the writer has to say about it (``notes``: spans it
    could not place, parts of the data it could not write, ...)."""

    #: CSV: cells exactly as in the text (no ' before a cell that a spreadsheet would run).
    raw: bool = False
    notes: list[str] = field(default_factory=list)


class Writer(Protocol):
    """A format's ``write``: the files it wrote."""

    def __call__(
        self, items: Sequence[Exported], out: Path, options: WriteOptions | None = None
    ) -> list[Path]: ...


Reader = Callable[[Path], list[Incoming]]


@dataclass(frozen=True)
class Format:
    name: str
    description: str
    suffix: str  # of the file written ("" for a folder)
    write: Writer
    read: Reader | None = None
    #: What the format carries besides the span and label, compared when importing: "all" (a
    #: whole record with its id), or the fields it has a place for.
    carries: tuple[str, ...] = ()
    #: Holds everything, orphans and entity corrections too (what ``--mode replace`` may remove).
    lossless: bool = False

    @property
    def by_id(self) -> bool:
        return self.carries == ("all",)


#: The fields brat and Label Studio carry besides span and label (compared when importing).
CLAIM_FIELDS = ("note", "verdict", "claimant", "check_worthiness", "evidence")


def formats() -> dict[str, Format]:
    """Every format, by the name the command line and the palette use."""
    from marginote.annotations.exchange import (
        brat,
        claimreview,
        conll,
        docbin,
        doccano,
        label_studio,
        native,
        prodigy,
        spreadsheet,
        w3c,
    )

    listed = [
        Format(
            "jsonl",
            "marginote JSON Lines (lossless, for backups and merging)",
            ".jsonl",
            native.write,
            native.read,
            ("all",),
            lossless=True,
        ),
        Format("w3c", "W3C Web Annotation JSON-LD", ".jsonld", w3c.write, w3c.read, ("all",)),
        Format(
            "brat",
            "brat standoff (.txt and .ann pairs and annotation.conf, in a folder)",
            "",
            brat.write,
            brat.read,
            CLAIM_FIELDS,
        ),
        Format("doccano", "doccano JSONL", ".jsonl", doccano.write, doccano.read),
        Format(
            "prodigy",
            "Prodigy JSONL (spaCy tokens and spans)",
            ".jsonl",
            prodigy.write,
            prodigy.read,
        ),
        Format(
            "label-studio",
            "Label Studio JSON tasks (and the labelling config beside them)",
            ".json",
            label_studio.write,
            label_studio.read,
            CLAIM_FIELDS,
        ),
        Format("spacy", "spaCy DocBin for spacy train", ".spacy", docbin.write),
        Format(
            "conll", "CoNLL BIO tags, one token a line (non-nested labels)", ".conll", conll.write
        ),
        Format("csv", "CSV for spreadsheets (one row per annotation)", ".csv", spreadsheet.write),
        Format(
            "claimreview",
            "schema.org ClaimReview JSON-LD (claims with a verdict)",
            ".jsonld",
            claimreview.write,
        ),
    ]
    from marginote.annotations.exchange.guards import guarded  # size, nesting, shape

    return {f.name: replace(f, read=guarded(f.read)) if f.read else f for f in listed}


def detect_format(path: Path) -> str:
    """The format of a file to import, from its name and its first record."""
    from marginote.annotations.exchange.guards import (
        TooDeep,
        check_size,
        parse_json,
        undecodable_line,
    )

    if path.is_dir() or path.suffix == ".ann":
        return "brat"
    try:
        check_size(path)
        with path.open(encoding="utf-8-sig") as handle:
            head = handle.read(1 << 16)
    except UnicodeDecodeError:
        raise FormatError(f"{undecodable_line(path)}: not UTF-8 text") from None
    except OSError as error:
        raise FormatError(f"cannot be read: {error.strerror or error}") from None
    first_line = head.lstrip().split("\n", 1)[0]
    if head.lstrip().startswith("[") or '"@context"' in head[:2000]:
        if "anno.jsonld" in head[:4000] or '"Annotation"' in head[:4000]:
            return "w3c"
        if '"ClaimReview"' in head[:4000]:
            raise FormatError("a ClaimReview file: marginote writes these but does not read them")
        return "label-studio"
    try:
        first = parse_json(first_line)
    except TooDeep:
        raise
    except FormatError:
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
