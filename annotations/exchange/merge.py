"""Importing: match what a file describes to a document of the library, place each annotation on
that document's text (re-anchoring where the text differs), and merge it into the store.

Annotations with ids (native, W3C) merge by id; those from formats without ids (brat, doccano,
Prodigy, Label Studio) by span and label. An annotation already stored with different content
is a conflict: reported, never overwritten. Nothing is removed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import unquote, urlparse

from marginote.annotations.documents import Document, DocumentError, load_document, text_sha256
from marginote.annotations.exchange import Incoming
from marginote.annotations.library import find_documents
from marginote.annotations.model import Annotation
from marginote.annotations.store import AnnotationStore, reanchored


@dataclass
class ImportReport:
    added: int = 0
    unchanged: int = 0
    moved: int = 0
    fuzzy: int = 0
    orphans: int = 0
    conflicts: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"{self.added} added", f"{self.unchanged} already there"]
        if self.moved or self.fuzzy or self.orphans:
            parts.append(
                f"re-anchored on a changed text: {self.moved} moved, {self.fuzzy} placed "
                f"approximately, {self.orphans} orphans"
            )
        if self.conflicts:
            parts.append(f"{len(self.conflicts)} conflicts kept as they were")
        if self.unmatched:
            parts.append(f"{len(self.unmatched)} documents not in the library")
        return "; ".join(parts) + "."


def _as_path(source: str) -> Path | None:
    if not source:
        return None
    if source.startswith("file:"):
        return Path(unquote(urlparse(source).path))
    return Path(source)


class LibraryIndex:
    """The documents under the library paths, found by the hash of their text, path or name."""

    def __init__(self, paths: Iterable[Path]) -> None:
        self.documents: list[Document] = []
        for path in find_documents(paths):
            try:
                self.documents.append(load_document(path))
            except DocumentError:
                continue
        self._by_hash = {d.sha256: d for d in self.documents}
        self._by_path = {d.path.resolve(): d for d in self.documents}
        names: dict[str, list[Document]] = {}
        for d in self.documents:
            names.setdefault(d.path.name, []).append(d)
        self._by_name = {name: found[0] for name, found in names.items() if len(found) == 1}

    def match(self, incoming: Incoming) -> Document | None:
        if incoming.text is not None and (d := self._by_hash.get(text_sha256(incoming.text))):
            return d
        if incoming.doc and (d := self._by_hash.get(incoming.doc)):
            return d
        path = _as_path(incoming.path or "")
        if path is not None:
            return self._by_path.get(path.resolve()) or self._by_name.get(path.name)
        return None


def _comparable(annotation: Annotation, by_id: bool) -> object:
    if by_id:
        record = annotation.to_record()
        for volatile in ("modified", "path"):
            record.pop(volatile, None)
        return record
    return (annotation.start, annotation.end, annotation.label, annotation.note, annotation.verdict)


def merge(
    store: AnnotationStore, incomings: Sequence[Incoming], library: LibraryIndex, *, by_id: bool
) -> ImportReport:
    report = ImportReport()
    for incoming in incomings:
        doc = library.match(incoming)
        if doc is None:
            where = incoming.path or incoming.doc or "a text"
            report.unmatched.append(f"{where} ({len(incoming.annotations)} annotations)")
            continue
        if incoming.text is not None:
            same_text = text_sha256(incoming.text) == doc.sha256
        else:
            same_text = incoming.doc == doc.sha256
        stored = store.annotations(doc.sha256)
        existing: dict[str | tuple[int, int, str], Annotation] = {
            (a.id if by_id else (a.start, a.end, a.label)): a for a in stored
        }
        added: list[Annotation] = []
        for annotation in incoming.annotations:
            if same_text:
                placed = replace(annotation, doc=doc.sha256, path=str(doc.path))
            else:
                placed = replace(reanchored(annotation, doc.sha256, doc.text), path=str(doc.path))
                if placed.is_orphan:
                    report.orphans += 1
                elif placed.placement == "fuzzy":
                    report.fuzzy += 1
                else:
                    report.moved += 1
            key = placed.id if by_id else (placed.start, placed.end, placed.label)
            current = existing.get(key)
            if current is None:
                added.append(placed)
                existing[key] = placed
                report.added += 1
            elif _comparable(current, by_id) == _comparable(placed, by_id):
                report.unchanged += 1
            else:
                report.conflicts.append(
                    f"{doc.path.name}: {placed.label} “{placed.quote[:40]}” ({placed.start}-"
                    f"{placed.end}) differs from the stored one (id {current.id[:8]})"
                )
        if added:  # the document's file is written once, and the import is one undo step
            store.apply(doc.sha256, added, description=f"import of {len(added)} annotations")
        if incoming.annotations:
            store.remember_path(doc.sha256, doc.path)
    return report
