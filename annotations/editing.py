"""Editing one document's annotations: tag, edit, delete, confirm, correct entities, undo and redo,
over the store's public API. Free of any interface: the reader calls it on a key press and shows
what it returns; a command or a test can call it the same way.

Each method changes the store first and this service's list after, so what is listed is what is
saved. A store failure raises ``StoreError`` (nothing changed); an edit that makes no sense (no
selection, the same tag twice) raises ``Refused`` with the words to show.
"""

from __future__ import annotations

import contextlib
from bisect import bisect_left, insort
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from marginote.annotations.corrections import Corrections
from marginote.annotations.documents import Document
from marginote.annotations.entities import EntitySpans
from marginote.annotations.formats.positions import position_attrs
from marginote.annotations.model import ENTITY_CORRECTION, Annotation, Label
from marginote.annotations.store import AnnotationStore, OpenedDocument, StoreError

Span = tuple[int, int]
#: Entity types a claimant is picked from.
CLAIMANT_TYPES = frozenset({"PERSON", "ORG", "NORP", "NAME"})  # NAME: the rule-based fallback
#: What a correction does, as told to the user.
CORRECTION_WORDS = {
    "accept": "accepted as {label}",
    "reject": "rejected: no longer shown",
    "relabel": "now {label}",
    "add": "added as {label}",
}


class Refused(Exception):
    """An edit that cannot be made, in words a user can act on."""


class HistoryStep(Protocol):
    """What the store's undo and redo return: the record before and after the step."""

    @property
    def before(self) -> Annotation | None: ...

    @property
    def after(self) -> Annotation | None: ...

    @property
    def subject(self) -> Annotation: ...


@dataclass(frozen=True)
class Outcome:
    """What an edit did, for the interface to show: the words to tell the user, the annotation
    to highlight and where the caret goes (``changed``: False when nothing was changed)."""

    message: str
    focus: Annotation | None = None
    move_to: int | None = None
    changed: bool = True
    clear_selection: bool = False


@dataclass(frozen=True)
class Undone:
    """An undo or redo that happened, and how to tell it."""

    step: HistoryStep
    undo: bool

    def describe(self) -> str:
        subject = self.step.subject
        if subject.is_entity_correction:
            what = "entity correction"
        else:
            kinds = {(True, False): "creation", (False, True): "deletion"}
            kind = kinds.get((self.step.before is None, self.step.after is None), "edit")
            what = f"{kind} of {subject.label}"
        done = "Undid" if self.undo else "Redid"
        return f"{done} the {what} {in_quotes(short_quote(subject.quote, 50))}."


def reading_order(annotation: Annotation) -> tuple[bool, int, int, str]:
    """Orphans last, then by start, the longer first, then the older first."""
    return annotation.is_orphan, annotation.start, -annotation.end, annotation.created


#: Double quotation marks a quote may already open or close with (news sentences often do; single
#: ones are left alone: "students'" ends with an apostrophe, not a quotation mark).
_OPENING, _CLOSING = '“"«„', '”"»'


def in_quotes(quote: str) -> str:
    """``quote`` between “ and ”, without doubling a mark it already opens or closes with
    (“I am standing…,” he said: not ““I am standing…”)."""
    opening = "“" if not quote or quote[0] not in _OPENING else ""
    closing = "”" if len(quote) < 2 or quote[-1] not in _CLOSING else ""
    return f"{opening}{quote}{closing}"


def short_quote(quote: str, limit: int) -> str:
    """The quote on one line, cut at a word near ``limit`` characters, with … when cut."""
    flat = " ".join(quote.split())
    if len(flat) <= limit:
        return flat
    cut = flat.rfind(" ", 0, limit)
    return flat[: cut if cut > limit // 2 else limit] + "…"


def describe_reanchoring(opened: OpenedDocument) -> tuple[str, bool] | None:
    """What happened to annotations made on an older version of the text, and whether it needs
    the user's attention; None when nothing moved."""
    if not (opened.moved or opened.fuzzy or opened.orphans):
        return None
    parts = []
    if opened.moved:
        parts.append(f"{opened.moved} moved with their text")
    if opened.fuzzy:
        parts.append(f"{len(opened.fuzzy)} placed approximately (≈ in the list; c confirms)")
    if opened.orphans:
        parts.append(f"{len(opened.orphans)} could not be placed (⚠ orphans, kept in the list)")
    message = "The text changed since it was annotated: " + "; ".join(parts) + "."
    return message, bool(opened.fuzzy or opened.orphans)


def claimants(entities: EntitySpans, text: str) -> list[tuple[str, str]]:
    """(name, type) of the document's people, organisations and groups, most mentioned first:
    who may have made a claim."""
    counts: Counter[tuple[str, str]] = Counter()
    for i in range(len(entities)):
        label = entities.label(i)
        if label in CLAIMANT_TYPES:
            counts[(" ".join(text[entities.starts[i] : entities.ends[i]].split()), label)] += 1
    return [pair for pair, _ in counts.most_common()]


class Editing:
    """The annotations of one document, and every change the user makes to them."""

    def __init__(self, store: AnnotationStore, document: Document) -> None:
        self.store = store
        self.document = document
        self.annotations: list[Annotation] = []
        self._tagged: list[Annotation] = []
        self._by_id: dict[str, Annotation] = {}
        self.corrections = Corrections()
        #: The document's files as this service last read or wrote them (``stale``).
        self._revision: object = None
        #: Called after each change of the lists with what left them and what came in (a
        #: panel that follows the annotations updates what changed, not everything).
        self.listeners: list[Callable[[Sequence[Annotation], Sequence[Annotation]], None]] = []

    # -- reading ----------------------------------------------------------------------------------

    def open(self) -> OpenedDocument:
        """Read the annotations (re-anchoring those of an older text). StoreError: none read."""
        doc = self.document
        opened = self.store.open_document(doc.sha256, doc.path, doc.text)
        self._saw()
        self._replace(opened.annotations)
        return opened

    def _saw(self) -> None:
        """Note the files as this service's last call on the store left them."""
        self._revision = self.store.seen(self.document.sha256)

    def stale(self) -> bool:
        """Whether someone else (another window, ``marginote import``, the sync thread) changed
        the document since this service last read or wrote it: two stats. Its own changes are
        not news, so a reader does not read 10,000 annotations again after each of its saves."""
        return self.store.revision(self.document.sha256) != self._revision

    def reload(self) -> bool:
        """Take in what changed in the store (after an import or another window changed it):
        the annotations are compared by id (the store hands back the same object for a record
        it has not changed, so most comparisons are an identity check) and only those that
        differ are put in or taken out. False when nothing differed."""
        fresh = self.store.annotations(self.document.sha256)
        self._saw()
        now = {a.id: a for a in fresh}
        gone = [a for a in self.annotations if not _same(now.get(a.id), a)]
        new = [a for a in fresh if not _same(self._by_id.get(a.id), a)]
        if len(gone) + len(new) > len(fresh) // 4:  # most of it: sorting afresh is cheaper
            self._replace(fresh)
        else:
            self._changed(gone, new)
        return bool(gone or new)

    def _replace(self, annotations: list[Annotation]) -> None:
        gone = self.annotations
        self.annotations = sorted(annotations, key=reading_order)
        self._tagged = [a for a in self.annotations if not a.is_entity_correction]
        self._by_id = {a.id: a for a in self.annotations}
        self.corrections = Corrections.of(self.annotations)
        self._tell(gone, self.annotations)

    def _tell(self, gone: Sequence[Annotation], new: Sequence[Annotation]) -> None:
        for listener in self.listeners:
            listener(gone, new)

    def _changed(self, gone: Sequence[Annotation] = (), new: Sequence[Annotation] = ()) -> None:
        """Take ``gone`` out of the lists and put ``new`` in, each at its place in reading order
        (by bisection: a change costs what it changes, not what the document holds)."""
        for a in gone:
            self._by_id.pop(a.id, None)
            for listed in (self.annotations, self._tagged):
                key = reading_order(a)
                i = bisect_left(listed, key, key=reading_order)
                while i < len(listed) and reading_order(listed[i]) == key:
                    if listed[i].id == a.id:
                        del listed[i]
                        break
                    i += 1
        for a in new:
            self._by_id[a.id] = a
            insort(self.annotations, a, key=reading_order)
            if not a.is_entity_correction:
                insort(self._tagged, a, key=reading_order)
        if any(a.is_entity_correction for a in (*gone, *new)):
            self.corrections = Corrections.of(self.annotations)
        self._tell(gone, new)

    @property
    def tagged(self) -> list[Annotation]:
        """The user's annotations, entity corrections left out, in reading order (kept up to
        date by each change: not to be changed by the caller)."""
        return self._tagged

    def by_id(self, annotation_id: str | None) -> Annotation | None:
        return None if annotation_id is None else self._by_id.get(annotation_id)

    def _at(self, start: int, end: int) -> list[Annotation]:
        """The annotations spanning exactly ``[start, end)`` (placed or orphaned), by bisection."""
        found = []
        for orphan in (False, True):
            listed = self.annotations
            i = bisect_left(listed, (orphan, start, -end, ""), key=reading_order)
            while i < len(listed) and reading_order(listed[i])[:3] == (orphan, start, -end):
                found.append(listed[i])
                i += 1
        return found

    # -- changes ----------------------------------------------------------------------------------

    def tag(self, selection: Span | None, label: Label | None, key: str = "") -> Outcome:
        """Tag the selection (trimmed of surrounding white space) with ``label``."""
        if label is None:
            raise Refused(f"No label on key {key}.")
        text = self.document.text
        start, end = selection or (0, 0)
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start == end:
            raise Refused(
                "Select some text first: s selects the sentence at the caret, v starts a selection."
            )
        if any(a.label == label.name for a in self._at(start, end)):
            raise Refused(f"That text is already tagged as {label.name}.")
        made = self._add(start, end, label.name)
        message = f"Tagged as {label.name}. enter adds a verdict or a note."
        return Outcome(message, made, move_to=start, clear_selection=True)

    def _new(self, start: int, end: int, label: str, attrs: dict[str, Any]) -> Annotation:
        doc = self.document
        return Annotation.of_span(
            doc.text, start, end, label, doc=doc.sha256, path=str(doc.path.resolve()), attrs=attrs
        )

    def _add(
        self, start: int, end: int, label: str, attrs: dict[str, Any] | None = None
    ) -> Annotation:
        where = position_attrs(self.document.source, start)  # formats: page, chapter, cue
        annotation = self._new(start, end, label, {**where, **(attrs or {})})
        self.store.save(annotation)
        self._saw()
        self._remember_path()
        self._changed(new=[annotation])
        return annotation

    def _remember_path(self) -> None:
        if not self.annotations:  # the first one: remember which file holds this text
            with contextlib.suppress(StoreError):
                self.store.remember_path(self.document.sha256, self.document.path)

    def save(self, edited: Annotation) -> Outcome:
        """Store an edited annotation (the edit dialog's result) in place of the old one."""
        self.store.save(edited)
        self._saw()
        self._changed([a for a in (self.by_id(edited.id),) if a is not None], [edited])
        return Outcome("Saved.", edited)

    def delete(self, target: Annotation | None) -> Outcome:
        if target is None:
            raise Refused("No annotation at the caret to delete.")
        self.store.delete(target)
        self._saw()
        self._changed([a for a in (self.by_id(target.id),) if a is not None])
        return Outcome(f"Deleted {target.label}: {in_quotes(short_quote(target.quote, 60))}")

    def confirm(self, target: Annotation | None) -> Outcome:
        """Confirm the place of an approximately placed (≈) annotation."""
        if target is None or target.placement != "fuzzy":
            raise Refused("No approximately placed (≈) annotation at the caret.")
        confirmed = self.store.confirm(target)
        self._saw()
        self._changed([a for a in (self.by_id(confirmed.id),) if a is not None], [confirmed])
        return Outcome("Placement confirmed.", confirmed)

    def correct(
        self, start: int, end: int, kind: str, label: str | None, model: str | None
    ) -> Outcome:
        """Record the user's decision about an entity (``kind``: accept, reject, relabel, add),
        replacing an earlier one for the span, in one undo step."""
        earlier = [a for a in self._at(start, end) if a.is_entity_correction]
        attrs = {"correction": kind, "entity_label": label or "", "model_label": model or ""}
        annotation = self._new(start, end, ENTITY_CORRECTION, attrs)
        self.store.apply(self.document.sha256, [annotation], earlier, description=f"entity {kind}")
        self._saw()
        self._remember_path()
        self._changed(earlier, [annotation])
        quote = short_quote(self.document.text[start:end], 40)
        said = CORRECTION_WORDS[kind].format(label=label)
        return Outcome(f"{in_quotes(quote)} {said} (u undoes).", clear_selection=kind == "add")

    def undo(self) -> Outcome:
        return self._history_step(undo=True)

    def redo(self) -> Outcome:
        return self._history_step(undo=False)

    def _history_step(self, undo: bool) -> Outcome:
        """Undo (or redo) the latest step the store lets this window undo."""
        doc = self.document.sha256
        elsewhere = self.stale()  # someone else wrote: take in their changes too
        step = self.store.undo(doc) if undo else self.store.redo(doc)
        self._saw()
        if step is None:
            return Outcome(f"Nothing to {'undo' if undo else 'redo'}.", changed=False)
        if elsewhere:
            self.reload()
        else:  # each record as the step left it: as it was before the change when undone
            now = [change.before if undo else change.after for change in step.changes]
            listed = [self._by_id.get(change.subject.id) for change in step.changes]
            self._changed([a for a in listed if a is not None], [a for a in now if a is not None])
        subject = step.subject
        where = None if subject.is_orphan else subject.start
        return Outcome(Undone(step, undo).describe(), subject, move_to=where)

    # -- entities as the user corrected them ------------------------------------------------------

    def shown_counts(self, recognised: Counter[str], entities: EntitySpans) -> Counter[str]:
        """Entities per type as shown: the recogniser's counts with the user's corrections."""
        counts = Counter(recognised)
        for (start, end), label in self.corrections.by_span.items():
            if (model := model_label(entities, start, end)) is not None:
                counts[model] -= 1
            if label:
                counts[label] += 1
        return +counts  # drops the types left with none


def _same(stored: Annotation | None, listed: Annotation) -> bool:
    return stored is listed or stored == listed


def model_label(entities: EntitySpans, start: int, end: int) -> str | None:
    """The recogniser's type for exactly ``[start, end)``, or None when it found no such entity."""
    return next(
        (
            entities.label(i)
            for i in entities.overlapping(start, end)
            if (entities.starts[i], entities.ends[i]) == (start, end)
        ),
        None,
    )
