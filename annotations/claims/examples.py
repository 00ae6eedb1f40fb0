"""Labelled sentences to learn from: files the user gives, and the claims of the library.

Files (``read_labelled``):

- CSV or TSV with a ``text`` and a ``label`` column (0/1), as in the CLEF CheckThat!
  check-worthiness data (``line_number``, ``speaker``, ``text``, ``label``, optional
  ``file_name``; the lab's own TSV files have no header row and are read by position);
- a marginote export (JSON Lines): its claims are positives, and when the document is found at
  its path with the same text, its other sentences are negatives.

The library (``document_examples``): in a document with claims, the claims are positives and the
other sentences the user has read past are negatives.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterable, Sequence
from pathlib import Path

from marginote.annotations.claims.ranker import Labelled
from marginote.annotations.claims.suggest import overlaps, sentence_spans
from marginote.annotations.documents import DocumentError, load_document
from marginote.annotations.model import Annotation

CLAIM = "claim"
#: Bad rows listed in an error message before "and N more".
SHOWN_PROBLEMS = 5
_CLEF_COLUMNS = ("line_number", "speaker", "text", "label")


class LabelledFileError(ValueError):
    """A file that cannot be learnt from; the message names the file and the lines."""


def read_labelled(path: Path) -> list[Labelled]:
    """The labelled sentences of a CSV/TSV file or a marginote export; LabelledFileError (with
    every bad row named by its line) when the file cannot be used. Nothing is half-read."""
    if path.is_dir():
        raise LabelledFileError(f"{path}: is a folder, not a file")
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            content = handle.read()
    except FileNotFoundError:
        raise LabelledFileError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise LabelledFileError(f"{path}: not UTF-8 text") from None
    except OSError as error:
        raise LabelledFileError(f"{path}: cannot be read ({error.strerror or error})") from None
    if not content.strip():
        raise LabelledFileError(f"{path}: the file is empty")
    if path.suffix.lower() == ".jsonl" or content.lstrip().startswith("{"):
        return _read_export(path)
    return _read_table(path, content)


def _read_table(path: Path, content: str) -> list[Labelled]:
    first_line = content.split("\n", 1)[0]
    tab = path.suffix.lower() == ".tsv" or "\t" in first_line
    # The lab's TSV files quote nothing (a text may start with a quotation mark).
    reader = csv.reader(
        io.StringIO(content, newline=""),
        delimiter="\t" if tab else ",",
        quoting=csv.QUOTE_NONE if tab else csv.QUOTE_MINIMAL,
    )
    try:
        header = next(reader)
    except csv.Error as error:
        raise LabelledFileError(f"{path}: line 1: {error}") from None
    names = [cell.strip().lower() for cell in header]
    if "text" in names and "label" in names:
        text_at, label_at, first = names.index("text"), names.index("label"), []
    elif len(header) >= 4 and header[0].strip().isdigit() and header[3].strip() in ("0", "1"):
        text_at, label_at, first = 2, 3, [(1, header)]  # the lab's layout, without a header row
    else:
        shown = ", ".join(repr(cell) for cell in header[:8]) or "nothing"
        raise LabelledFileError(
            f"{path}: no 'text' and 'label' columns (the first row has {shown}); expected a "
            f"header row naming them, or the CheckThat! columns {', '.join(_CLEF_COLUMNS)}"
        )
    found: list[Labelled] = []
    problems: list[str] = []
    try:
        for number, row in itertools.chain(first, ((reader.line_num, r) for r in reader)):
            if not any(cell.strip() for cell in row):
                continue
            problem = _row_problem(row, text_at, label_at)
            if problem:
                problems.append(f"line {number}: {problem}")
                continue
            found.append(
                Labelled(row[text_at].strip(), int(row[label_at].strip()), f"{path}:{number}")
            )
    except csv.Error as error:
        problems.append(f"line {reader.line_num}: {error}")
    if problems:
        more = len(problems) - SHOWN_PROBLEMS
        listed = "; ".join(problems[:SHOWN_PROBLEMS]) + (f"; and {more} more" if more > 0 else "")
        raise LabelledFileError(f"{path}: {len(problems)} bad row(s), nothing learnt: {listed}")
    if not found:
        raise LabelledFileError(f"{path}: no labelled rows (only a header)")
    return found


def _row_problem(row: Sequence[str], text_at: int, label_at: int) -> str:
    needed = max(text_at, label_at) + 1
    if len(row) < needed:
        return f"{len(row)} field(s), expected at least {needed}"
    label = row[label_at].strip()
    if label not in ("0", "1"):
        return f"label {label[:20]!r} is not 0 or 1"
    if not row[text_at].strip():
        return "the text is empty"
    return ""


def _read_export(path: Path) -> list[Labelled]:
    from marginote.annotations.exchange import FormatError
    from marginote.annotations.exchange.native import read

    try:
        incoming = read(path)
    except FormatError as error:
        raise LabelledFileError(f"{path}: not a marginote export: {error}") from None
    found: list[Labelled] = []
    for item in incoming:
        claims = [a for a in item.annotations if a.label == CLAIM and not a.is_orphan]
        if claims:
            # Exports write the document's path relative to the library (or its file name):
            # it is looked for as written, then beside the export.
            written = item.path or claims[0].path
            places = [written, str(path.parent / written)] if written else []
            found.extend(document_examples(claims, places, str(path)))
    if not found:
        raise LabelledFileError(f"{path}: the export holds no claims to learn from")
    return found


def document_examples(
    claims: Sequence[Annotation],
    places: Sequence[str],
    source: str = "",
    read_up_to: int | None = None,
    rejected: Iterable[str] = (),
) -> list[Labelled]:
    """The claims of one document as positives; its other sentences (up to ``read_up_to``) as
    negatives when the document is found at one of ``places`` with the same text; ``rejected``
    sentences as negatives in any case."""
    where = source or (places[0] if places else "")
    found = [Labelled(a.quote, 1, where) for a in claims if a.quote.strip()]
    negatives = set(rejected) - {a.quote for a in claims}
    document = None
    for place in places if claims else ():
        try:
            document = load_document(Path(place))
        except DocumentError:
            continue
        if document.sha256 == claims[0].doc:
            break
        document = None
    if document is not None:
        end = len(document.text) if read_up_to is None else read_up_to
        negatives.update(
            document.text[s:e]
            for s, e in sentence_spans(document, 0, end)
            if not overlaps((s, e), claims)
        )
    found.extend(Labelled(text, 0, where) for text in sorted(negatives) if text.strip())
    return found
