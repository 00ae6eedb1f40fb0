"""Importing: match what a file describes to a document of the library, place each annotation on
that document's text (re-anchoring where the text differs), and merge it into the store.

Annotations with ids (native, W3C) merge by id; those from formats without ids (brat, doccano,
Prodigy, Label Studio) by span, label and author (two people's tags of one span are two
annotations, as agreement needs). Only the fields a format carries are compared.

- ``merge`` mode (the default): new annotations are added; one stored with different content
  is a conflict, reported and never overwritten; nothing is removed.
- ``replace`` mode: the file is the truth for the documents it covers: changed annotations are
  updated (a relabel in an id-less format keeps the stored annotation, its note and verdict),
  those the file no longer has are removed, each document in one undo step. From an id-less
  format, only the work of the authors the file names for the document is replaced (a file that
  names none speaks for the importer): a teammate's annotations are never removed by it.

Work the source tool turned down (a Prodigy "reject" or "ignore", a Label Studio annotation
``was_cancelled``) is counted and not imported. Every record or span not imported is named
(file:line and why) in ``ImportReport.left_out``.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import unquote, urlparse

from marginote.annotations.documents import Document, DocumentError, load_document, text_sha256
from marginote.annotations.exchange import CLAIM_FIELDS, Incoming, login_name
from marginote.annotations.formats.positions import on_its_page
from marginote.annotations.library import find_documents
from marginote.annotations.model import Annotation, LabelSet, default_author
from marginote.annotations.store import AnnotationStore, reanchored


@dataclass
class ImportReport:
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    moved: int = 0
    fuzzy: int = 0
    orphans: int = 0
    #: Records the source tool turned down, by decision ("rejected", "ignored", "cancelled").
    decisions: Counter[str] = field(default_factory=Counter)
    conflicts: list[str] = field(default_factory=list)
    #: Every record or span not imported: "file:line: why".
    left_out: list[str] = field(default_factory=list)
    #: Labels not in the scheme in force, with how many annotations carry each.
    unknown_labels: Counter[str] = field(default_factory=Counter)
    #: False when nothing was written (a dry run, or --strict with something left out).
    written: bool = True

    @property
    def unmatched(self) -> list[str]:
        """What was left out (the name callers used before ``left_out``)."""
        return self.left_out

    @property
    def complete(self) -> bool:
        """Everything in the file was imported (or turned down by its source)."""
        return not self.left_out and not self.conflicts

    def summary(self) -> str:
        would = "" if self.written else "would be "
        parts = [f"{self.added} {would}added"]
        if self.updated or self.removed:
            parts += [f"{self.updated} {would}updated", f"{self.removed} {would}removed"]
        parts.append(f"{self.unchanged} already there")
        if self.moved or self.fuzzy or self.orphans:
            parts.append(
                f"re-anchored on a changed text: {self.moved} moved, {self.fuzzy} placed "
                f"approximately, {self.orphans} orphans"
            )
        for decision, count in sorted(self.decisions.items()):
            parts.append(f"{count} {decision} in the source, not imported")
        if self.conflicts:
            parts.append(f"{len(self.conflicts)} conflicts kept as they were")
        if self.left_out:
            parts.append(f"{len(self.left_out)} left out")
        return "; ".join(parts) + "."


def _as_path(source: str) -> Path | None:
    if not source or source.startswith("urn:"):
        return None
    if source.startswith("file:"):
        return Path(unquote(urlparse(source).path))
    return Path(unquote(source))


def loose(text: str) -> str:
    """The text as compared when matching a file's text to the library's: line endings, a
    final newline (and trailing spaces) and Unicode normalisation (NFC) do not count."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text).rstrip()


def _nfc_offsets(text: str) -> list[int]:
    """For each offset of ``text``, the offset of the same place in NFC(text) (a place inside a
    character's combining sequence goes to the sequence's start)."""
    found = [0] * (len(text) + 1)
    done, start = 0, 0
    for i in range(1, len(text) + 1):
        if i == len(text) or unicodedata.combining(text[i]) == 0:
            done += len(unicodedata.normalize("NFC", text[start:i]))
            for j in range(start + 1, i):
                found[j] = found[start]
            found[i] = done
            start = i
    return found


class OffsetMap:
    """Offsets of a file's text carried over to the library's text when the two differ only
    as ``loose`` allows."""

    def __init__(self, source: str, target: str) -> None:
        self._source = _nfc_offsets(source)
        self._target = _nfc_offsets(target)
        self._length = len(target)

    def __call__(self, offset: int) -> int:
        nfc = self._source[min(offset, len(self._source) - 1)]
        return min(bisect_left(self._target, nfc), self._length)


class LibraryIndex:
    """The documents under the library paths, found by the hash of their text (exact, or
    loose: see ``loose``), path or name."""

    def __init__(self, paths: Iterable[Path]) -> None:
        self.roots = [Path(p) for p in paths]
        self.documents: list[Document] = []
        for path in find_documents(self.roots):
            try:
                # absolute, as the reader stores its own annotations' paths: a path relative
                # to wherever the import ran would mean nothing later
                self.documents.append(load_document(path.resolve()))
            except DocumentError:
                continue
        self._by_hash = {d.sha256: d for d in self.documents}
        self._by_loose = {text_sha256(loose(d.text)): d for d in self.documents}
        self._by_path = {d.path.resolve(): d for d in self.documents}
        names: dict[str, list[Document]] = {}
        for d in self.documents:
            names.setdefault(d.path.name, []).append(d)
        self._by_name = {name: found[0] for name, found in names.items() if len(found) == 1}

    def match(self, incoming: Incoming) -> Document | None:
        if incoming.text is not None:
            if d := self._by_hash.get(text_sha256(incoming.text)):
                return d
            if d := self._by_loose.get(text_sha256(loose(incoming.text))):
                return d
        if incoming.doc and (d := self._by_hash.get(incoming.doc)):
            return d
        path = _as_path(incoming.path or "")
        if path is None:
            return None
        if path.is_absolute():
            return self._by_path.get(path.resolve()) or self._by_name.get(path.name)
        for root in self.roots:
            base = root.parent if root.is_file() else root
            if d := self._by_path.get((base / path).resolve()):
                return d
        return self._by_name.get(path.name)


#: The fields of the record that say nothing about its content.
_VOLATILE = ("modified", "path", "author", "doc")


def _field(annotation: Annotation, name: str) -> object:
    """A field a format carries: ``note`` (spacing aside: brat keeps a note on one line), or one
    of ``attrs`` (verdict, claimant, ...)."""
    return " ".join(annotation.note.split()) if name == "note" else annotation.attrs.get(name)


def _comparable(annotation: Annotation, carries: Sequence[str]) -> object:
    """What a format can say about an annotation: the whole record, or its span, label and the
    fields it carries."""
    if tuple(carries) == ("all",):
        record = annotation.to_record()
        for volatile in _VOLATILE:
            record.pop(volatile, None)
        return record
    found: list[object] = [annotation.start, annotation.end, annotation.label]
    found += [_field(annotation, name) or None for name in carries]
    return tuple(found)


def _carried_over(current: Annotation, placed: Annotation, carries: Sequence[str]) -> Annotation:
    """``current`` (stored) changed as the file says, keeping what the format cannot carry."""
    if tuple(carries) == ("all",):
        return placed
    changes: dict[str, object] = {
        "start": placed.start,
        "end": placed.end,
        "label": placed.label,
        "quote": placed.quote,
        "prefix": placed.prefix,
        "suffix": placed.suffix,
        "placement": placed.placement,
    }
    attrs = dict(current.attrs)
    for name in carries:
        if name == "note":
            changes["note"] = placed.note
        elif (value := placed.attrs.get(name)) is not None and value != "":
            attrs[name] = value
        else:
            attrs.pop(name, None)
    changes["attrs"] = attrs
    return current.edited(**changes)


def write_changes(
    store: AnnotationStore,
    doc: str,
    save: Sequence[Annotation],
    delete: Sequence[Annotation],
    description: str,
) -> None:
    """One document's changes, in one transaction and one undo step."""
    store.apply(doc, save, delete, description=description)


@dataclass
class _Plan:
    document: Document
    incoming: list[Annotation] = field(default_factory=list)
    save: list[Annotation] = field(default_factory=list)
    delete: list[Annotation] = field(default_factory=list)


def _place(incoming: Incoming, doc: Document, report: ImportReport) -> list[Annotation]:
    """The incoming annotations placed on the library's text of their document."""
    if incoming.text is not None:
        same = text_sha256(incoming.text) == doc.sha256
        mapped = not same and loose(incoming.text) == loose(doc.text)
    else:
        same, mapped = incoming.doc == doc.sha256, False
    offsets = OffsetMap(incoming.text or "", doc.text) if mapped else None
    placed_all = []
    for annotation in incoming.annotations:
        if same:
            placed = replace(annotation, doc=doc.sha256, path=str(doc.path))
        elif offsets is not None:
            start, end = offsets(annotation.start), offsets(annotation.end)
            fresh = Annotation.of_span(
                doc.text, start, end, annotation.label, doc=doc.sha256, path=str(doc.path)
            )
            placed = replace(
                annotation,
                doc=doc.sha256,
                path=str(doc.path),
                start=start,
                end=end,
                quote=fresh.quote,
                prefix=fresh.prefix,
                suffix=fresh.suffix,
            )
        else:
            placed = on_its_page(annotation, doc) or reanchored(  # formats: a W3C page
                annotation, doc.sha256, doc.text
            )
            placed = replace(placed, path=str(doc.path))
            if placed.is_orphan:
                report.orphans += 1
            elif placed.placement == "fuzzy":
                report.fuzzy += 1
            else:
                report.moved += 1
        placed_all.append(placed)
    return placed_all


def _plan_document(
    plan: _Plan,
    placed: list[Annotation],
    stored: list[Annotation],
    report: ImportReport,
    *,
    carries: Sequence[str],
    replacing: bool,
    lossless: bool = False,
) -> None:
    by_id = tuple(carries) == ("all",)
    doc = plan.document

    # Authors as imports compare them: a login name (what exports leave out, signing with the
    # config's name instead) is the importer, as "unknown" is.
    me, login = default_author(), login_name()

    def who(a: Annotation) -> str:
        return me if a.author in ("", "unknown", login) else a.author

    def key(a: Annotation) -> object:
        return a.id if by_id else (a.start, a.end, a.label, who(a))

    # Whose work an id-less file stands for in this document (see the module's note).
    covered = {who(a) for a in placed} or {me}

    existing = {key(a): a for a in stored}
    matched: set[str] = set()
    unmatched: list[Annotation] = []
    for annotation in placed:
        current = existing.get(key(annotation))
        if current is None:
            unmatched.append(annotation)
            continue
        matched.add(current.id)
        if _comparable(current, carries) == _comparable(annotation, carries):
            report.unchanged += 1
        elif replacing:
            plan.save.append(_carried_over(current, annotation, carries))
            report.updated += 1
        else:
            report.conflicts.append(
                f"{doc.path.name}: {annotation.label} “{annotation.quote[:40]}” "
                f"({annotation.start}-{annotation.end}) differs from the stored one "
                f"(id {current.id[:8]})"
            )
    for annotation in unmatched:
        relabelled = None
        if replacing and not by_id:  # a span the file gives another label: the same annotation
            span = (annotation.start, annotation.end)
            relabelled = next(
                (
                    a
                    for a in stored
                    if a.id not in matched
                    and (a.start, a.end) == span
                    and who(a) == who(annotation)
                ),
                None,
            )
        if relabelled is not None:
            matched.add(relabelled.id)
            plan.save.append(_carried_over(relabelled, annotation, carries))
            report.updated += 1
        else:
            plan.save.append(annotation)
            existing[key(annotation)] = annotation
            report.added += 1
    if replacing:
        for annotation in stored:
            # what the format never carries (entity corrections, orphans) stays
            keep = not lossless and (annotation.is_entity_correction or annotation.is_orphan)
            keep = keep or (not by_id and who(annotation) not in covered)
            if annotation.id not in matched and not keep:
                plan.delete.append(annotation)
                report.removed += 1


def merge(
    store: AnnotationStore,
    incomings: Sequence[Incoming],
    library: LibraryIndex,
    *,
    by_id: bool,
    carries: Sequence[str] | None = None,
    mode: str = "merge",
    dry_run: bool = False,
    strict: bool = False,
    labels: LabelSet | None = None,
    lossless: bool = False,
) -> ImportReport:
    """Merge (or, in ``replace`` mode, make the store agree with) what a file holds. Nothing is
    written on a ``dry_run``, nor with ``strict`` when anything is left out or in conflict."""
    if carries is None:
        carries = ("all",) if by_id else CLAIM_FIELDS
    report = ImportReport()
    plans: dict[str, _Plan] = {}
    for incoming in incomings:
        report.left_out += incoming.left_out
        if incoming.decision:
            report.decisions[incoming.decision] += 1
            continue
        if incoming.text is None and not incoming.doc and not incoming.path:
            continue  # only what could not be read (already in left_out)
        doc = library.match(incoming)
        if doc is None:
            where = incoming.where or incoming.path or incoming.doc or "a text"
            report.left_out.append(
                f"{where}: its text is not in the library ({len(incoming.annotations)} annotations)"
            )
            continue
        if labels is not None:
            for annotation in incoming.annotations:
                known = annotation.is_entity_correction or labels.by_name(annotation.label)
                if not known:
                    report.unknown_labels[annotation.label] += 1
        plan = plans.setdefault(doc.sha256, _Plan(doc))
        plan.incoming += _place(incoming, doc, report)
    for plan in plans.values():
        _plan_document(
            plan,
            plan.incoming,
            store.annotations(plan.document.sha256),
            report,
            carries=carries,
            replacing=mode == "replace",
            lossless=lossless,
        )
    if dry_run or (strict and not report.complete):
        report.written = False
        return report
    for plan in plans.values():
        if plan.save or plan.delete:
            write_changes(
                store,
                plan.document.sha256,
                plan.save,
                plan.delete,
                f"import into {plan.document.path.name}",
            )
        store.remember_path(plan.document.sha256, plan.document.path)
    return report
