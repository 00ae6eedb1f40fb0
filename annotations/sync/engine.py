"""One sync of a data folder with a server: pull everyone's changes, then push this folder's.

Each annotation is matched by id. The server gives each change a revision; this folder remembers
the revision and content it last agreed on with the server (``state.Known``). So for each
annotation both sides can say whether they changed since, and:

- only the server changed: the server's version is written to the store (or deleted);
- only this folder changed: it is pushed, on condition that the server is still at the revision
  it started from (otherwise the next sync pulls the newer one first and decides again);
- both changed to the same content: nothing to do;
- both changed, different fields (Alice the verdict, Bob the note): merged field by field
  (``merging.three_way``, against the record last agreed on, kept in ``merging.Bases``); the
  merged version is saved here and pushed;
- both changed the same field differently: both are kept. The server's version is saved here
  as a copy (a new id, tagged ``conflict``, ``attrs["conflict_of"]`` naming the original) and
  the local version, tagged ``conflict`` too, replaces it on the server; the copy is pushed like
  any new annotation, so everyone sees the pair until someone deletes the one that lost;
- an edit beats a delete on the other side (the edited version is kept, never lost).

Failure at any point loses nothing: the cursor and the known revisions are saved only after the
store has what was pulled and the server has what was pushed, and repeating a step is harmless
(a version already present compares equal by content).
"""

from __future__ import annotations

import contextlib
import json
import uuid
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from marginote.annotations.model import Annotation, RecordError
from marginote.annotations.store import AnnotationStore, StoreError
from marginote.annotations.sync.identity import author_name
from marginote.annotations.sync.merging import Bases, three_way
from marginote.annotations.sync.records import checked, content_hash, valid_doc, valid_id
from marginote.annotations.sync.schema import CHANNEL, LOCK_KEY, TABLE, SchemaError, prepare
from marginote.annotations.sync.state import Known, Stamp, SyncState, as_stamp, file_stamps
from marginote.annotations.sync.url import ServerAddress, scrub

#: Connections whose server's tables are known to be ready (and the server's id).
_prepared: weakref.WeakKeyDictionary[Any, str] = weakref.WeakKeyDictionary()
#: Rows pulled per round trip (the cursor is saved after each page is in the store).
PAGE = 5000
CONFLICT_TAG = "conflict"
_CONFLICT_NS = uuid.UUID("5b0c4f38-3c8e-4b59-9a55-6a0a7c2e61d1")


class SyncError(Exception):
    """A sync that could not finish; the message is safe to show (no password) and says what
    to do. Nothing is lost: the next sync completes it. ``offline``: the server could not be
    reached or the connection dropped (as opposed to a refusal or a local problem)."""

    def __init__(self, message: str, *, offline: bool = False) -> None:
        super().__init__(message)
        self.offline = offline


@dataclass
class SyncReport:
    pulled: int = 0  # others' changes written to this store
    pushed: int = 0  # this folder's changes the server took
    conflicts: list[Annotation] = field(default_factory=list)  # copies of the server's versions
    merged: int = 0  # changed on both sides, different fields: merged without a conflict
    rejected: list[str] = field(default_factory=list)  # why server records were refused
    documents: set[str] = field(default_factory=set)  # documents whose annotations changed here
    server: str = ""  # the server's id (names this folder's state of it)

    def summary(self) -> str:
        parts = [f"pulled {self.pulled:,}", f"pushed {self.pushed:,}"]
        if self.merged:
            parts.append(f"{self.merged:,} changed on both sides merged")
        if self.conflicts:
            parts.append(f"{len(self.conflicts)} in conflict (tagged {CONFLICT_TAG})")
        if self.rejected:
            parts.append(f"{len(self.rejected)} bad server records skipped")
        return ", ".join(parts)


#: Called between the steps of a sync with the step's name ("pulled", "pushing"); tests use it
#: to cut a sync off at a chosen point.
Checkpoint = Callable[[str], None]


def connect(address: ServerAddress, timeout: float = 10) -> Any:
    """A psycopg connection to the server, or SyncError with a message safe to show."""
    import psycopg

    try:
        return psycopg.connect(
            address.url, connect_timeout=max(1, int(timeout)), sslmode=address.sslmode or None
        )
    except psycopg.Error as error:
        raise SyncError(
            f"cannot reach {address.shown}: {scrub(str(error).strip(), address)}",
            offline=unreachable(error),
        ) from None


def unreachable(error: Exception) -> bool:
    """Whether a psycopg error means the server is out of reach (no answer, connection lost,
    server shutting down) rather than a refusal (wrong password, no such database)."""
    import psycopg

    if not isinstance(error, psycopg.OperationalError):
        return False
    state = getattr(error, "sqlstate", None)
    return state is None or state.startswith(("08", "57P"))


def sync(
    store: AnnotationStore,
    address: ServerAddress,
    *,
    conn: Any = None,
    checkpoint: Checkpoint | None = None,
) -> SyncReport:
    """Pull, then push. Uses ``conn`` if given (kept open), else opens and closes its own."""
    import psycopg

    own = conn is None
    try:
        if own:
            conn = connect(address)
        server_id = _prepared.get(conn) or prepare(conn)
        _prepared[conn] = server_id
        report = _Sync(store, conn, SyncState.load(store.root, server_id), checkpoint).run()
        report.server = server_id
        return report
    except psycopg.Error as error:
        raise SyncError(
            f"sync with {address.shown} stopped: {scrub(str(error).strip(), address)}; "
            "nothing is lost, the next sync completes it",
            offline=unreachable(error),
        ) from None
    except (StoreError, OSError) as error:
        raise SyncError(f"sync stopped: {error}; nothing is lost") from None
    except SchemaError as error:
        raise SyncError(f"cannot sync with {address.shown}: {error}") from None
    finally:
        if own and conn is not None:
            with contextlib.suppress(Exception):
                conn.close()


class _Sync:
    def __init__(
        self, store: AnnotationStore, conn: Any, state: SyncState, checkpoint: Checkpoint | None
    ) -> None:
        self.store, self.conn, self.state = store, conn, state
        self.checkpoint = checkpoint or (lambda step: None)
        self.report = SyncReport()
        self.stamps = file_stamps(store.root)
        gone = {known.doc for known in state.known.values()} - set(self.stamps)
        self.changed = {d for d, s in self.stamps.items() if state.stamps.get(d) != s} | gone
        self.current: dict[str, Annotation] = {}
        self.paths: dict[str, str] = {}  # where each document read here lives on this machine
        for doc in self.changed:
            self._read(doc)
        self.bases = Bases(state.path.with_suffix(".bases"))
        self.unsettled: set[str] = set()  # documents to read again at the next sync
        self.written: dict[str, Stamp] = {}  # documents this sync wrote: their files after it
        self.dirty = False  # the state changed and must be saved

    def _read(self, doc: str) -> None:
        for annotation in self.store.annotations(doc):
            self.current[annotation.id] = annotation
            if annotation.path:
                self.paths.setdefault(doc, annotation.path)

    def local_hash(self, ident: str) -> str:
        """This folder's content hash of ``ident`` now ("" when it has none)."""
        if ident in self.current:
            return content_hash(self.current[ident])
        known = self.state.known.get(ident)
        if known is None or known.doc in self.changed:
            return ""  # never had it, or deleted here since the last sync
        return known.hash  # its document's files did not change: as last agreed

    def run(self) -> SyncReport:
        while self._pull_page():
            self.bases.flush()
            self.state.save()  # a long pull keeps what it has done, page by page
        self.checkpoint("pulled")
        self._push()
        self.bases.flush()
        stamps = {
            doc: stamp
            for doc, stamp in {**self.stamps, **self.written}.items()
            if doc not in self.unsettled
        }
        if self.dirty or stamps != self.state.stamps:
            self.state.stamps = stamps
            self.state.save()
        return self.report

    # -- pull -----------------------------------------------------------------------------------

    def _pull_page(self) -> bool:
        rows = self.conn.execute(
            f"SELECT id, doc, rev, seq, deleted, record FROM {TABLE} "
            "WHERE seq > %s ORDER BY seq LIMIT %s",
            (self.state.cursor, PAGE),
        ).fetchall()
        self.conn.commit()
        if not rows:
            return False
        writes: dict[str, tuple[dict[str, Annotation], dict[str, Annotation]]] = {}
        for ident, doc, rev, _seq, deleted, record in rows:
            self._take(ident, doc, int(rev), bool(deleted), record, writes)
        for doc, (save, delete) in writes.items():
            write_changes(self.store, doc, save.values(), delete.values())
            self.report.documents.add(doc)
            # Documents read at the start are kept up to date for the push that follows; the
            # others hold, besides what was just written, only what the state already knows.
            # Either way the state describes them after this write: keep the files' stamp as
            # the store saw them just after it, so the next sync does not read them again.
            after = as_stamp(self.store.seen(doc))
            if after is None:
                self.unsettled.add(doc)  # a store that cannot say: read it next time
            else:
                self.written[doc] = after
        for doc, (save, delete) in writes.items():
            if doc not in self.changed:
                continue
            for annotation in delete.values():
                if self.current.get(annotation.id, annotation).doc == doc:
                    self.current.pop(annotation.id, None)
            self.current.update(save)
        self.state.cursor = int(rows[-1][3])
        self.dirty = True
        return len(rows) == PAGE

    def _take(
        self,
        ident: Any,
        doc: Any,
        rev: int,
        deleted: bool,
        record: Any,
        writes: dict[str, tuple[dict[str, Annotation], dict[str, Annotation]]],
    ) -> None:
        if not valid_id(ident) or not valid_doc(doc):
            self.report.rejected.append("a record with a malformed id or document hash")
            return
        known = self.state.known.get(ident)
        if known is not None and known.rev >= rev:
            return  # already have it (our own push coming back)
        theirs: Annotation | None = None
        if not deleted:
            try:
                theirs = checked(ident, record)
            except RecordError as error:
                self.report.rejected.append(f"record {ident}: {error}")
                return
            if theirs.doc != doc:
                self.report.rejected.append(f"record {ident}: its document is not the row's")
                return
        their_hash = content_hash(theirs) if theirs else ""
        mine = self.local_hash(ident)
        base = known.hash if known else ""
        agreed = Known(rev, their_hash, doc)

        def put(annotation: Annotation) -> None:
            writes.setdefault(annotation.doc, ({}, {}))[0][annotation.id] = annotation

        def drop(annotation: Annotation) -> None:
            writes.setdefault(annotation.doc, ({}, {}))[1][annotation.id] = annotation

        local = self.current.get(ident)
        if theirs is not None:
            self.bases.add(ident, their_hash, record)
        if mine == their_hash:
            pass  # the same on both sides already
        elif mine == base or not mine:  # unchanged here, or deleted here but edited there
            if theirs is not None:
                put(self._localised(theirs))
                self.report.pulled += 1
            here = local.doc if local else known.doc if known and mine else None
            if here is not None and (theirs is None or here != theirs.doc):
                drop(_stub(ident, here))  # deleted there, or moved to another text
                self.report.pulled += theirs is None
        elif theirs is None:
            agreed = Known(rev, "", doc)  # deleted there, edited here: ours is pushed back
        elif local is not None and (merged := self._merged(local, theirs, known)) is not None:
            put(merged)  # it differs from theirs, so the push sends it (on their revision)
            self.report.merged += 1
        elif local is not None:
            copy, ours = _conflict_pair(local, theirs, rev)
            put(self._localised(copy))
            put(ours)
            self.report.conflicts.append(copy)
        self.state.known[ident] = agreed

    def _merged(
        self, local: Annotation, theirs: Annotation, known: Known | None
    ) -> Annotation | None:
        """Both versions in one when they changed different fields (see ``merging``)."""
        base = self.bases.find(local.id, known.hash) if known and known.hash else None
        if base is None:
            return None
        record = three_way(base, local.to_record(), theirs.to_record())
        if record is None:
            return None
        try:
            return Annotation.from_record(record)
        except (TypeError, ValueError):
            return None

    def _localised(self, annotation: Annotation) -> Annotation:
        """The server's version with this machine's path of its document, when known here."""
        path = self.paths.get(annotation.doc)
        return replace(annotation, path=path) if path else annotation

    # -- push -----------------------------------------------------------------------------------

    def _outgoing(self) -> list[tuple[Any, ...]]:
        rows = []
        for ident, annotation in self.current.items():
            mine = content_hash(annotation)
            known = self.state.known.get(ident)
            if known is None or known.hash != mine:
                record = annotation.to_record()
                rows.append(
                    (
                        ident,
                        annotation.doc,
                        annotation.author,
                        _timestamp(annotation.modified),
                        known.rev if known else 0,
                        False,
                        json.dumps(record, ensure_ascii=False),
                        mine,
                    )
                )
        for ident, known in self.state.known.items():
            if known.hash and known.doc in self.changed and ident not in self.current:
                stub = json.dumps({"id": ident, "doc": known.doc})
                rows.append((ident, known.doc, author_name(), None, known.rev, True, stub, ""))
        return rows

    def _push(self) -> None:
        rows = self._outgoing()
        if not rows:
            return
        by_id = {row[0]: row for row in rows}
        conn = self.conn
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
            (newest,) = conn.execute(f"SELECT coalesce(max(seq), 0) FROM {TABLE}").fetchone()
            conn.execute(
                "CREATE TEMPORARY TABLE marginote_incoming (id text, doc text, author text, "
                "modified timestamptz, base integer, deleted boolean, record text) "
                "ON COMMIT DROP"
            )
            with conn.cursor().copy(
                "COPY marginote_incoming (id, doc, author, modified, base, deleted, record) "
                "FROM STDIN"
            ) as copy:
                for row in rows:
                    copy.write_row(row[:7])
            accepted = conn.execute(
                f"""INSERT INTO {TABLE} AS a
                        (id, doc, author, modified, rev, deleted, pushed_by, record)
                    SELECT id, doc, author, coalesce(modified, now()), 1, deleted, %(me)s,
                           record::jsonb
                    FROM marginote_incoming WHERE base = 0
                    ON CONFLICT (id) DO NOTHING
                    RETURNING id, rev, seq""",
                {"me": author_name()},
            ).fetchall()
            accepted += conn.execute(
                f"""UPDATE {TABLE} AS a SET doc = i.doc, author = i.author,
                        modified = coalesce(i.modified, now()), rev = a.rev + 1,
                        seq = nextval('marginote_seq'), deleted = i.deleted,
                        pushed_by = %(me)s, record = i.record::jsonb
                    FROM marginote_incoming AS i
                    WHERE a.id = i.id AND i.base > 0 AND a.rev = i.base
                    RETURNING a.id, a.rev, a.seq""",
                {"me": author_name()},
            ).fetchall()
            if accepted:
                top = max(int(seq) for _, _, seq in accepted)
                conn.execute("SELECT pg_notify(%s, %s)", (CHANNEL, str(top)))
            self.checkpoint("pushing")
        for ident, rev, _seq in accepted:
            row = by_id[ident]
            self.state.known[ident] = Known(int(rev), row[7], row[1])
            if not row[5]:
                self.bases.add(ident, row[7], row[6])
        self.report.pushed += len(accepted)
        self.dirty = True
        refused = set(by_id) - {ident for ident, _, _ in accepted}
        self.unsettled.update(by_id[ident][1] for ident in refused)  # retried next time
        if accepted and int(newest) == self.state.cursor:
            # Nobody else wrote since our pull (we held the lock): skip our own echo.
            self.state.cursor = max(int(seq) for _, _, seq in accepted)


def waiting(store: AnnotationStore, server_id: str) -> int:
    """This folder's changes the server ``server_id`` has not taken yet (annotations new, edited
    or deleted here since the last sync), counted without the server: reads only the documents
    whose files changed since."""
    return len(_Sync(store, None, SyncState.load(store.root, server_id), None)._outgoing())


def _stub(ident: str, doc: str) -> Annotation:
    """Enough of an annotation to delete it by id."""
    return Annotation(doc=doc, path="", start=0, end=0, label="", quote="", id=ident)


def _conflict_pair(ours: Annotation, theirs: Annotation, rev: int) -> tuple[Annotation, Annotation]:
    """(the server's version as a new annotation, ours), both tagged as a conflict. The copy's
    id depends only on the original and the revision, so a sync repeated after a crash makes
    the same copy, not a second one."""
    copy_id = uuid.uuid5(_CONFLICT_NS, f"{theirs.id}:{rev}").hex
    tags = (*theirs.tags, CONFLICT_TAG) if CONFLICT_TAG not in theirs.tags else theirs.tags
    copy = replace(theirs, id=copy_id, tags=tags, attrs={**theirs.attrs, "conflict_of": theirs.id})
    our_tags = ours.tags if CONFLICT_TAG in ours.tags else (*ours.tags, CONFLICT_TAG)
    return copy, replace(ours, tags=our_tags, attrs={**ours.attrs, "conflict_with": copy_id})


def _timestamp(value: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else None


def write_changes(
    store: AnnotationStore,
    doc: str,
    save: Iterable[Annotation],
    delete: Iterable[Annotation],
) -> None:
    """One document's pulled changes, through the store's bulk write (one undo step)."""
    save, delete = list(save), list(delete)
    apply = getattr(store, "apply", None)
    if apply is not None:
        apply(  # a teammate's work: never undone by this person's u (store, issue 17)
            doc, save, [replace(a, doc=doc) for a in delete], description="sync", undoable=False
        )
        return
    for annotation in save:  # until the store's bulk write is on main
        store.save(annotation)
    for annotation in delete:
        with contextlib.suppress(StoreError):
            store.delete(annotation)
