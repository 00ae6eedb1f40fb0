"""The store's files: a save appends one line to the document's journal, folded into its TinyDB
snapshot now and then; torn and damaged lines; durability (which calls make a change survive a
power cut); old data folders; a window's own undo; noticing changes made elsewhere."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from tinydb import TinyDB

from marginote.annotations.model import Annotation
from marginote.annotations.store import AnnotationStore, DocumentFiles, Step, StoreError, files

TEXT = "Peskov said the poll was very positive. Musk disagreed. Nobody else spoke at all today."
DOC = "d" * 64


def claim(start: int = 0, end: int = 39, note: str = "") -> Annotation:
    return Annotation.of_span(TEXT, start, end, "claim", doc=DOC, path="/x.txt", note=note)


def undone(step: Step | None) -> Annotation | None:
    """The annotation a step made (its first change's result), failing when there is no step."""
    assert step is not None
    return step.after


def journal(store: AnnotationStore) -> Path:
    return store.shard_path(DOC).with_suffix(".journal")


@pytest.fixture
def small_folds(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fold the journal after a few kilobytes, so that tests see folds happen."""
    monkeypatch.setattr(files, "FOLD_AT_LEAST", 2_000)
    monkeypatch.setattr(files, "FOLD_FRACTION", 0.0)


def test_a_save_appends_one_line_and_leaves_the_snapshot_alone(tmp_path: Path) -> None:
    store = AnnotationStore(tmp_path)
    store.apply(DOC, [claim(i % 40, i % 40 + 5) for i in range(1_000)])
    store.compact(DOC)
    snapshot = store.shard_path(DOC).read_bytes()
    assert journal(store).read_bytes() == b""
    store.save(claim(note="one more"))
    assert store.shard_path(DOC).read_bytes() == snapshot  # the document is not written again
    [line] = journal(store).read_bytes().splitlines()
    assert len(line) < 3_000  # the change, not the document's 1,000 annotations
    assert len(AnnotationStore(tmp_path).annotations(DOC)) == 1_001


def test_the_journal_is_folded_into_a_plain_tinydb_snapshot(
    tmp_path: Path, small_folds: None
) -> None:
    store = AnnotationStore(tmp_path)
    made = [claim(i, i + 5, note=f"n{i}") for i in range(30)]
    for a in made:
        store.save(a)
    records = TinyDB(store.shard_path(DOC)).table("annotations").all()  # plain TinyDB reads it
    assert 0 < len(records) <= 30  # folded along the way
    # TinyDB over the store's own storage sees the journal's records too.
    storage = DocumentFiles(store.shard_path(DOC))
    through = TinyDB(storage=lambda: storage)
    assert {r["id"] for r in through.table("annotations").all()} == {a.id for a in made}
    assert {a.id for a in AnnotationStore(tmp_path).annotations(DOC)} == {a.id for a in made}


def test_replaying_a_journal_over_a_snapshot_that_holds_it_changes_nothing(tmp_path: Path) -> None:
    store = AnnotationStore(tmp_path)
    first, second = claim(0, 5), claim(6, 11)
    store.save(first)
    store.save(second)
    store.delete(first)
    store.save(second.edited(note="edited"))
    lines = journal(store).read_bytes()
    store.compact(DOC)
    journal(store).write_bytes(lines)  # as if the fold's second step never reached the disk
    found = AnnotationStore(tmp_path).annotations(DOC)
    assert [(a.id, a.note) for a in found] == [(second.id, "edited")]


def test_a_torn_last_line_was_never_acknowledged_and_is_cut_off(tmp_path: Path) -> None:
    store = AnnotationStore(tmp_path)
    kept = claim()
    store.save(kept)
    acknowledged = journal(store).read_bytes()
    half = json.dumps({"ops": [["annotations", "2", claim(40, 55).to_record()]]})[:70]
    with journal(store).open("ab") as handle:  # a writer killed mid-line
        handle.write(half.encode())
    assert AnnotationStore(tmp_path).annotations(DOC) == [kept]  # read past, silently
    later = claim(40, 55)
    AnnotationStore(tmp_path).save(later)  # the next writer cuts the torn line off first
    assert journal(store).read_bytes().startswith(acknowledged + b'{"ops"')
    assert [a.id for a in AnnotationStore(tmp_path).annotations(DOC)] == [kept.id, later.id]


def test_a_damaged_line_inside_the_journal_is_named_and_set_aside(tmp_path: Path) -> None:
    store = AnnotationStore(tmp_path)
    before, after = claim(0, 5), claim(6, 11)
    store.save(before)
    with journal(store).open("ab") as handle:
        handle.write(b'{"ops": [["annotations", "9", {"id": "no"}]]}\n')
    damaged = journal(store).read_bytes()
    with pytest.raises(StoreError) as caught:
        AnnotationStore(tmp_path).annotations(DOC)
    message = str(caught.value)
    assert journal(store).name in message and "moved aside" in message
    [aside] = [p for p in journal(store).parent.iterdir() if ".journal.damaged-" in p.name]
    assert aside.read_bytes() == damaged and str(aside) in message
    fresh = AnnotationStore(tmp_path)
    assert fresh.annotations(DOC) == [before]  # what came before the damage is kept
    fresh.save(after)
    assert [a.id for a in AnnotationStore(tmp_path).annotations(DOC)] == [before.id, after.id]


def test_an_existing_data_folder_opens_unchanged_and_moves_to_the_journal_on_first_write(
    tmp_path: Path,
) -> None:
    """A folder written by the store before journals: records and undo history (one change per
    entry, no author or session) as that version wrote them."""
    a, b = claim(0, 5), claim(6, 11)
    old = {
        "annotations": {"1": a.to_record(), "2": b.to_record()},
        "history": {
            "1": {"at": a.created, "before": None, "after": a.to_record(), "undone": False},
            "2": {"at": b.created, "before": None, "after": b.to_record(), "undone": False},
        },
    }
    path = AnnotationStore(tmp_path).shard_path(DOC)
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(old))
    raw = path.read_bytes()
    store = AnnotationStore(tmp_path, author=a.author)
    assert store.annotations(DOC) == [a, b]
    assert path.read_bytes() == raw  # reading changes nothing
    step = store.undo(DOC)  # the old history is this author's, from a window long closed
    assert step is not None and step.after == b and store.annotations(DOC) == [a]
    assert path.read_bytes() == raw and journal(store).exists()  # migrated on first write
    assert store.redo(DOC) is not None and AnnotationStore(tmp_path).annotations(DOC) == [a, b]


# -- durability ---------------------------------------------------------------------------------


class Calls:
    """The file system calls that decide durability, in order, by path."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.events: list[tuple[str, str]] = []
        real_fsync, real_write, real_replace = os.fsync, os.write, os.replace

        def where(fd: int) -> str:
            return os.readlink(f"/proc/self/fd/{fd}")

        def fsync(fd: int) -> None:
            self.events.append(("fsync", where(fd)))
            real_fsync(fd)

        def write(fd: int, data: bytes) -> int:
            self.events.append(("write", where(fd)))
            return real_write(fd, data)

        def replace(src: str, dst: str) -> None:
            self.events.append(("replace", str(dst)))
            real_replace(src, dst)

        monkeypatch.setattr(os, "fsync", fsync)
        monkeypatch.setattr(os, "write", write)
        monkeypatch.setattr(os, "replace", replace)

    def index(self, event: tuple[str, str], after: int = -1) -> int:
        """Where ``event`` happens after position ``after`` (fails the test when it does not)."""
        found = [i for i, e in enumerate(self.events) if e == event and i > after]
        assert found, f"{event} never happens after step {after} in {self.events}"
        return found[0]

    def last(self, event: tuple[str, str]) -> int:
        return max(i for i, e in enumerate(self.events) if e == event)


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[Calls]:
    yield Calls(monkeypatch)


def test_a_save_returns_only_once_its_line_and_the_new_journal_are_on_disk(
    tmp_path: Path, calls: Calls
) -> None:
    store = AnnotationStore(tmp_path)
    folder = str(journal(store).parent)
    store.save(claim())  # the first save creates the journal: a new entry in the folder
    line = str(journal(store))
    written = calls.index(("write", line))
    synced = calls.index(("fsync", line), after=written)
    calls.index(("fsync", folder), after=synced)  # the journal's name is durable too
    calls.events.clear()
    store.save(claim(40, 55))  # later saves: the line, then fsync
    assert calls.last(("fsync", line)) > calls.last(("write", line))


def test_folding_makes_the_snapshot_durable_before_emptying_the_journal(
    tmp_path: Path, calls: Calls
) -> None:
    store = AnnotationStore(tmp_path)
    store.save(claim())
    calls.events.clear()
    store.compact(DOC)
    snapshot, folder = str(store.shard_path(DOC)), str(store.shard_path(DOC).parent)
    [temporary] = {path for kind, path in calls.events if kind == "fsync" and ".tmp" in path}
    renamed = calls.index(("replace", snapshot), after=calls.index(("fsync", temporary)))
    emptied = calls.index(
        ("fsync", str(journal(store))), after=calls.index(("fsync", folder), renamed)
    )
    assert journal(store).stat().st_size == 0 and emptied > renamed


# -- undo per window and author -------------------------------------------------------------------


def test_undo_takes_back_this_windows_steps_never_another_windows_or_persons(
    tmp_path: Path,
) -> None:
    mine = AnnotationStore(tmp_path, author="alice")
    other_window = AnnotationStore(tmp_path, author="alice")
    teammate = AnnotationStore(tmp_path, author="bob")
    a, b, c = claim(0, 5), claim(6, 11), claim(12, 20)
    mine.save(a)
    other_window.save(b)
    teammate.save(c)
    assert undone(mine.undo(DOC)) == a
    assert mine.undo(DOC) is None  # the other window is still open: its step is not mine to undo
    assert {x.id for x in mine.annotations(DOC)} == {b.id, c.id}
    other_window.close()  # that window ends: its author may now undo its steps from here
    assert undone(mine.undo(DOC)) == b
    teammate.close()
    assert mine.undo(DOC) is None  # never bob's
    assert [x.id for x in mine.annotations(DOC)] == [c.id]
    assert undone(mine.redo(DOC)) == b and undone(mine.redo(DOC)) == a


def test_a_step_changed_since_by_someone_else_is_not_undone(tmp_path: Path) -> None:
    mine = AnnotationStore(tmp_path, author="alice")
    teammate = AnnotationStore(tmp_path, author="bob")
    earlier, a = claim(30, 35), claim(0, 5)
    mine.save(earlier)
    mine.save(a)
    teammate.save(a.edited(note="bob's verdict"))
    with pytest.raises(StoreError, match=r"changed since.*their version is kept"):
        mine.undo(DOC)
    assert {x.note for x in mine.annotations(DOC) if x.id == a.id} == {"bob's verdict"}
    assert undone(mine.undo(DOC)) == earlier  # the step before it goes on


# -- noticing changes made elsewhere -------------------------------------------------------------


def test_a_window_notices_when_its_document_changed_in_the_store(tmp_path: Path) -> None:
    window = AnnotationStore(tmp_path)
    other = AnnotationStore(tmp_path)
    window.annotations(DOC)
    assert not window.changed_elsewhere(DOC)
    window.save(claim())
    assert not window.changed_elsewhere(DOC)  # its own change is not news
    other.save(claim(40, 55))
    assert window.changed_elsewhere(DOC)
    assert len(window.annotations(DOC)) == 2 and not window.changed_elsewhere(DOC)
    other.compact(DOC)  # a fold elsewhere changes nothing to show, but the files did change
    window.annotations(DOC)
    assert not window.changed_elsewhere(DOC)


def test_changes_that_are_not_undoable_leave_no_step_and_block_the_ones_they_overwrite(
    tmp_path: Path,
) -> None:
    store = AnnotationStore(tmp_path)
    earlier, a = claim(30, 35), claim(0, 5)
    store.save(earlier)
    store.save(a)
    pulled = a.edited(note="a teammate's edit, pulled by sync")
    store.apply(DOC, [pulled], description="sync", undoable=False)
    with pytest.raises(StoreError, match="changed since"):
        store.undo(DOC)  # u never takes the teammate's edit back ...
    assert {x.note for x in store.annotations(DOC)} == {"", pulled.note}
    assert undone(store.undo(DOC)) == earlier  # ... and goes on to this window's earlier step
