"""The annotation store: TinyDB, one snapshot and one journal per document, every change durable
and locked, and a save that costs the same whatever the document holds.

Promises, each kept by one mechanism:

- **A save costs the change, not the document.** Each acknowledged change is one JSON line
  appended to the document's journal and fsynced (``files.DocumentFiles``); the journal is folded
  into the document's TinyDB snapshot once it has grown past half the snapshot. The state read
  last is kept in memory and brought up to date by reading only the journal's new lines.
- **Crash safety.** A change returns only once its line is on disk (and the folder, when the
  journal was created). A line without its newline was never acknowledged: it is ignored, and cut
  off by the next writer. Snapshots are replaced atomically (temporary file, fsync, rename, fsync
  of the folder). Replaying a journal over a snapshot that holds it already changes nothing.
- **Two instances.** Every read and change happens under an exclusive lock (``annotations/.lock``,
  flock), and starts by catching up with the files, so two running marginotes merge record by
  record and never overwrite each other.
- **Damaged files.** A snapshot that is not valid JSON or not marginote's layout, or a journal
  with a damaged line, is renamed aside untouched (``<name>.damaged-<time>``), ``StoreError``
  names both files, and the document goes on (afresh, or from what came before the damage).
- **Failed writes** (read-only folder, full disk) raise ``StoreError`` ("not saved: ..."); the
  files keep what was saved before, and so does what is read next.
- **Identity.** Records are keyed by their uuid (``id``), never by TinyDB's integer ids.
- **Undo** is per person and per window: every step (one save, or one ``apply`` of many) is a
  history entry with its author and session; ``undo`` reverses this window's newest step, or,
  when it has none left, the newest step of the same author from a window that has closed. A step
  whose records were changed since by someone else is not undone.
- **Changed documents.** ``documents.json`` maps each path to the hash of its text when last
  annotated; ``open_document`` re-anchors the annotations of an older text of the same path.
"""

from __future__ import annotations

import contextlib
import fcntl
import threading
import time
import uuid
from collections import Counter, OrderedDict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB
from tinydb.table import Table

from marginote.annotations.model import ENTITY_CORRECTION, Annotation, default_author, now_iso
from marginote.annotations.store import history
from marginote.annotations.store.files import (
    HISTORY,
    JOURNAL_SUFFIX,
    TABLE,
    DocumentFiles,
    StoreError,
    not_saved,
)
from marginote.annotations.store.history import Change, Step
from marginote.annotations.store.index import IndexStorage, Progress
from marginote.annotations.store.reanchoring import OpenedDocument, reanchored
from marginote.annotations.store.sessions import Sessions

#: Documents whose state is kept in memory (the ones being read and written).
CACHED_DOCUMENTS = 16
Revision = tuple[object, ...]


@dataclass(frozen=True)
class Summary:
    """What the library lists of a document's annotations."""

    count: int
    #: Claims by verdict; "" counts claims without one yet.
    verdicts: dict[str, int]


class AnnotationStore:
    """All annotations, grouped by document (the sha256 of its text).

    ``session`` names the window this store serves (a fresh one by default) and ``author`` the
    person (``model.default_author()`` by default): undo and redo reverse only their steps.
    """

    def __init__(
        self, root: Path, *, session: str | None = None, author: str | None = None
    ) -> None:
        self.root = Path(root)
        self.session = session or uuid.uuid4().hex
        self.author = author if author is not None else default_author()
        self._files: OrderedDict[str, DocumentFiles] = OrderedDict()
        self._threads = threading.local()  # what each thread last read or wrote (``_seen``)
        self._sessions = Sessions(self.root / "annotations", self.session)
        self._mutex = threading.RLock()
        self._depth = 0
        self._swept = False

    # -- files and locking ----------------------------------------------------------------------

    @property
    def _seen(self) -> dict[str, Revision]:
        """Per document, its files as this thread last read or wrote them: the reader's thread
        does not take a change written by another thread (sync, say) for one it has shown."""
        seen: dict[str, Revision] | None = getattr(self._threads, "seen", None)
        if seen is None:
            seen = self._threads.seen = {}
        return seen

    def shard_path(self, doc: str) -> Path:
        """The document's TinyDB snapshot (its journal is beside it, ``<doc>.journal``)."""
        return self.root / "annotations" / f"{doc}.json"

    def _document(self, doc: str) -> DocumentFiles:
        files = self._files.get(doc)
        if files is None:
            files = self._files[doc] = DocumentFiles(self.shard_path(doc))
            while len(self._files) > CACHED_DOCUMENTS:
                self._files.popitem(last=False)
        else:
            self._files.move_to_end(doc)
        return files

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """Exclusive across processes and threads; re-entrant within one thread."""
        with self._mutex:
            if self._depth:
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
                return
            folder = self.root / "annotations"
            try:
                folder.mkdir(parents=True, exist_ok=True)
                handle = open(folder / ".lock", "a+b")  # noqa: SIM115 - held for the block
            except OSError as error:
                raise not_saved(error, folder) from None
            with handle:
                fcntl.flock(handle, fcntl.LOCK_EX)
                self._depth = 1
                try:
                    if not self._swept:
                        self._swept = True
                        _sweep_temporary_files(folder)
                        self._sessions.sweep()
                    yield
                finally:
                    self._depth = 0
                    fcntl.flock(handle, fcntl.LOCK_UN)

    @contextlib.contextmanager
    def _reading(self, doc: str) -> Iterator[DocumentFiles]:
        """The document's state, up to date with its files, under the lock."""
        with self._locked():
            files = self._document(doc)
            files.refresh()
            self._seen[doc] = files.seen
            yield files

    @contextlib.contextmanager
    def _transaction(self, doc: str) -> Iterator[DocumentFiles]:
        """The document's state to change with ``files.set``; what the block set is appended to
        the journal as one line (durable) when it ends without error, and forgotten if not."""
        with self._reading(doc) as files:
            try:
                yield files
            except BaseException:
                files.discard()
                raise
            self._sessions.claim()
            files.commit()
            self._seen[doc] = files.seen

    # -- reading --------------------------------------------------------------------------------

    def annotations(self, doc: str) -> list[Annotation]:
        """The document's annotations in reading order."""
        with self._reading(doc) as files:
            found = files.annotations()
        return sorted(found, key=lambda a: (a.start, -a.end, a.created))

    def count(self, doc: str) -> int:
        """How many annotations the document has (safe from any thread)."""
        return self.summary(doc).count

    def summary(self, doc: str) -> Summary:
        """The document's count of annotations and of claims by verdict (read afresh)."""
        with self._locked():
            files = self._files.get(doc) or DocumentFiles(self.shard_path(doc))
            files.refresh()
            records = [r for r in files.data[TABLE].values() if r.get("label") != ENTITY_CORRECTION]
        verdicts = Counter(
            str((r.get("attrs") or {}).get("verdict") or "")
            for r in records
            if r.get("label") == "claim"
        )
        return Summary(len(records), dict(verdicts))

    def revision(self, doc: str) -> Revision:
        """The document's files as they are now: two stats, no read. Changes whenever anyone
        (this store, another window, ``marginote import``) changes the document."""
        return DocumentFiles(self.shard_path(doc)).revision()

    def seen(self, doc: str) -> Revision | None:
        """The document's files as this thread last read or wrote them, under the lock so that
        nobody wrote in between (None: not yet). Sync keeps it after its own write to tell later
        that nobody changed the document since; the editing service, that a change is its own."""
        return self._seen.get(doc)

    def changed_elsewhere(self, doc: str) -> bool:
        """Whether the document changed since this store last read or wrote it in this thread
        (cheap enough to poll every second: two stats). A change this thread made is not news;
        one made by another window, ``marginote import`` or this store's sync thread is.
        ``annotations(doc)`` then shows the change."""
        return self._seen.get(doc) != self.revision(doc)

    # -- reading progress -------------------------------------------------------------------------

    def _index_table(self, name: str) -> Table:
        db = TinyDB(self.root / "documents.json", storage=IndexStorage)
        return db.table(name, cache_size=0)

    def reading_positions(self) -> dict[str, Progress]:
        """Where the reader left each document, and how far into it they have read (one read,
        for a whole library)."""
        found = {}
        for entry in self._index_table("progress").all():
            try:
                found[str(entry["doc"])] = Progress(
                    int(entry["offset"]), int(entry["furthest"]), int(entry["length"])
                )
            except (KeyError, TypeError, ValueError):
                continue  # a damaged entry: that document shows no progress
        return found

    def reading_position(self, doc: str) -> Progress | None:
        return self.reading_positions().get(doc)

    def save_reading_position(self, doc: str, offset: int, furthest: int, length: int) -> None:
        before = self.reading_position(doc)
        furthest = max(furthest, before.furthest if before else 0)
        with self._locked():
            self._index_table("progress").upsert(
                {"doc": doc, "offset": offset, "furthest": furthest, "length": length},
                Query().doc == doc,
            )

    # -- changing, with history -----------------------------------------------------------------

    def save(self, annotation: Annotation) -> None:
        """Insert or replace (by id) one annotation; durable when this returns."""
        self.apply(annotation.doc, [annotation])

    def delete(self, annotation: Annotation) -> None:
        with self._transaction(annotation.doc) as files:
            before = _put(files, annotation.id, None)
            if before is None:
                raise StoreError(f"annotation {annotation.id} is not in the store")
            self._log(files, [(before, None)], "")

    def apply(
        self,
        doc: str,
        save: Sequence[Annotation] = (),
        delete: Sequence[Annotation] = (),
        *,
        description: str = "",
        undoable: bool = True,
    ) -> None:
        """Save (insert or replace by id) and delete many annotations of one document in one
        transaction: one line in the document's journal, durable when this returns, and one
        undo step. Deleting an annotation that is not stored is not an error (it is gone).

        ``undoable=False`` for changes that are not this person's to undo (a teammate's work
        pulled by sync): no undo step is recorded, and an earlier step of this window that
        touched the same records can no longer be undone (its digest no longer matches)."""
        targets: dict[str, Annotation | None] = {}
        for annotation in save:
            targets[annotation.id] = annotation
        for annotation in delete:
            targets[annotation.id] = None
        for annotation in (*save, *delete):
            if annotation.doc != doc:
                raise ValueError(f"annotation {annotation.id} belongs to another document")
        with self._transaction(doc) as files:
            changes = []
            for annotation_id, target in targets.items():
                record = target.to_record() if target is not None else None
                before = _put(files, annotation_id, record)
                if before is not None or record is not None:
                    changes.append((before, record))
            if changes and undoable:
                self._log(files, changes, description)

    def _log(
        self,
        files: DocumentFiles,
        changes: list[tuple[dict[str, Any] | None, dict[str, Any] | None]],
        description: str,
    ) -> None:
        mine = self._mine()
        for key in history.superseded(files.data[HISTORY], mine):
            files.set(HISTORY, key, None)
        entry = history.new_entry(
            changes, author=self.author, session=self.session, description=description
        )
        files.set(HISTORY, files.next_key(HISTORY), entry)

    def _mine(self) -> Any:
        """Whether a history entry is this person's to undo here: made in this window, or by
        the same author in a window that has closed."""
        running: dict[str, bool] = {}

        def mine(entry: history.Entry) -> bool:
            session = history.session_of(entry)
            if session == self.session:
                return True
            if history.author_of(entry) != self.author:
                return False
            if session not in running:
                running[session] = self._sessions.running(session)
            return not running[session]

        return mine

    def _step(self, doc: str, undo: bool) -> Step | None:
        # The side of each change that is in the table now, and the side to put back.
        here, back = ("after", "before") if undo else ("before", "after")
        with self._transaction(doc) as files:
            steps = files.data[HISTORY]
            key = history.pick(steps, undo, self._mine())
            if key is None:
                return None
            entry = steps[key]
            raw = history.raw_changes(entry)
            table = files.data[TABLE]
            current = [table.get(files.ids.get(history.record_id(c), "")) for c in raw]
            if all(history.matches(now, c.get(here)) for now, c in zip(current, raw, strict=True)):
                changes, kept = [], []
                for now, change in zip(current, raw, strict=True):
                    restored = change.get(back)
                    _put(files, history.record_id(change), restored)
                    kept.append({here: now, back: history.reference(restored)})
                    sides = {here: now, back: restored}
                    changes.append(
                        Change(_annotation(sides["before"]), _annotation(sides["after"]))
                    )
                done = {**entry, "changes": kept, "undone": undo}
                done["undone_order"] = history.undone_order(steps) if undo else 0
                files.set(HISTORY, key, done)
                return Step(tuple(changes), str(entry.get("description") or ""), self.author)
            # Someone changed these records since: the step can never be undone (or redone).
            files.set(HISTORY, key, None)
            what = str(entry.get("description") or "")
            if not what:
                shown = [r for r in (*current, *(c.get(back) for c in raw)) if r and "label" in r]
                what = f"the {shown[0]['label']} “{shown[0]['quote'][:40]}”" if shown else "it"
        raise StoreError(
            f"Not {'undone' if undo else 'redone'}: {what} was changed since, in another window "
            "or by a teammate; their version is kept."
        )

    def undo(self, doc: str) -> Step | None:
        """Reverse this window's (or, across restarts, this author's) latest step of the
        document; returns it, or None when there is nothing to undo."""
        return self._step(doc, undo=True)

    def redo(self, doc: str) -> Step | None:
        return self._step(doc, undo=False)

    # -- documents whose text changed -----------------------------------------------------------

    def open_document(self, doc: str, path: Path, text: str) -> OpenedDocument:
        """The annotations of the text ``doc`` at ``path``, re-anchoring those made on an older
        text of the same path. Annotations are moved to the new text's file, never dropped."""
        key = str(path.resolve())
        opened = OpenedDocument(self.annotations(doc))
        index = self._index_table("documents")
        entry = index.get(Query().path == key)
        old_doc = entry["doc"] if isinstance(entry, dict) else None
        if old_doc is not None and old_doc != doc and self._exists(old_doc):
            self._reanchor(old_doc, doc, text, opened)
        if old_doc != doc and (opened.annotations or old_doc is not None):
            with self._locked():
                index.upsert({"path": key, "doc": doc, "seen": now_iso()}, Query().path == key)
        return opened

    def _exists(self, doc: str) -> bool:
        path = self.shard_path(doc)
        return path.exists() or path.with_suffix(JOURNAL_SUFFIX).exists()

    def remember_path(self, doc: str, path: Path) -> None:
        """Record that ``path`` holds the text ``doc`` (called when a document gets annotated)."""
        key = str(path.resolve())
        index = self._index_table("documents")
        entry = index.get(Query().path == key)
        if not isinstance(entry, dict) or entry["doc"] != doc:
            with self._locked():
                index.upsert({"path": key, "doc": doc, "seen": now_iso()}, Query().path == key)

    def _reanchor(self, old_doc: str, doc: str, text: str, opened: OpenedDocument) -> None:
        """Move the old text's annotations onto the new one: written into the new document,
        then removed from the old (a crash between leaves them in both, never in neither)."""
        present = {a.id for a in opened.annotations}
        old = self.annotations(old_doc)
        placed = [reanchored(a, doc, text) for a in old if a.id not in present]
        with self._transaction(doc) as files:
            for annotation in placed:
                _put(files, annotation.id, annotation.to_record())
        with self._transaction(old_doc) as files:
            for annotation in old:
                _put(files, annotation.id, None)
        opened.add(placed)

    def confirm(self, annotation: Annotation) -> Annotation:
        """The user accepts a fuzzy placement."""
        attrs = {k: v for k, v in annotation.attrs.items() if k != "previous_quote"}
        confirmed = annotation.edited(placement="exact", attrs=attrs)
        self.save(confirmed)
        return confirmed

    def each_document(self) -> Iterator[str]:
        """The hash of every document that has annotation files."""
        folder = self.root / "annotations"
        if folder.exists():
            names = {p.stem for p in folder.glob("*.json")}
            names |= {p.stem for p in folder.glob(f"*{JOURNAL_SUFFIX}")}
            yield from sorted(names)

    def compact(self, doc: str, *, if_needed: bool = False) -> bool:
        """Fold the document's journal into its snapshot now (``folding.Folds`` does it in the
        background when a reader closes the document). ``if_needed``: only when the journal
        holds a change. Returns whether it folded."""
        with self._reading(doc) as files:
            if if_needed and not files.journal_bytes:
                return False
            files.fold()
            self._seen[doc] = files.seen
        return True

    def close(self) -> None:
        """End this window's session: its steps become undoable from its author's later
        windows. (A killed process ends it too.)"""
        self._sessions.close()


def _annotation(record: dict[str, Any] | None) -> Annotation | None:
    return Annotation.from_record(record) if record is not None else None


def _put(files: DocumentFiles, annotation_id: str, record: dict[str, Any] | None) -> Any:
    """Set (record) or remove (None) the annotation by uuid; returns the record it replaced."""
    key = files.ids.get(annotation_id)
    before = files.data[TABLE].get(key) if key else None
    if record is not None or key is not None:
        files.set(TABLE, key or files.next_key(TABLE), record)
    return before


def _sweep_temporary_files(folder: Path, older_than: float = 600.0) -> None:
    """Remove temporary files left by writers that were killed mid-write (never a live one:
    only files untouched for ten minutes)."""
    cutoff = time.time() - older_than
    for leftover in folder.glob(".*.tmp"):
        with contextlib.suppress(OSError):
            if leftover.stat().st_mtime < cutoff:
                leftover.unlink()
