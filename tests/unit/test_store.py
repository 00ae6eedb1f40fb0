from __future__ import annotations

import errno
import json
import multiprocessing
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tinydb import Query, TinyDB

from marginote.annotations.model import Annotation
from marginote.annotations.store import AnnotationStore, StoreError, files

TEXT = "Peskov said the poll was very positive. Musk disagreed."
DOC = "d" * 64


def claim(start: int = 0, end: int = 39, doc: str = DOC, text: str = TEXT) -> Annotation:
    return Annotation.of_span(text, start, end, "claim", doc=doc, path="/x.txt")


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in {".lock", ".sessions"})


def on_disk(store: AnnotationStore, doc: str) -> dict[str, bytes]:
    """The document's files (snapshot, journal) and their bytes."""
    snapshot = store.shard_path(doc)
    files = (snapshot, snapshot.with_suffix(".journal"))
    return {path.name: path.read_bytes() for path in files if path.exists()}


def test_round_trip_keeps_every_field(tmp_path: Path) -> None:
    store = AnnotationStore(tmp_path)
    a = claim().edited(note="check", tags=("poll", "kremlin"), attrs={"verdict": "mixed"})
    store.save(a)
    again = AnnotationStore(tmp_path).annotations(a.doc)
    assert again == [a]
    assert again[0].schema == 2 and again[0].verdict == "mixed" and again[0].placement == "exact"


def test_records_are_keyed_by_uuid_and_updates_replace_in_place(tmp_path: Path) -> None:
    store = AnnotationStore(tmp_path)
    first, second = claim(0, 39), claim(40, 55)
    store.save(first)
    store.save(second)
    store.save(first.edited(note="edited"))
    found = {a.id: a for a in store.annotations(DOC)}
    assert len(found) == 2 and found[first.id].note == "edited"
    store.delete(first)
    third = claim(0, 5)
    store.save(third)  # TinyDB reuses integer ids; our ids never collide
    assert {a.id for a in AnnotationStore(tmp_path).annotations(DOC)} == {second.id, third.id}


def test_count_reads_the_file(tmp_path: Path) -> None:
    store = AnnotationStore(tmp_path)
    assert store.count(DOC) == 0
    store.save(claim())
    store.save(claim(40, 55))
    assert AnnotationStore(tmp_path).count(DOC) == 2


def test_documents_are_kept_in_separate_files(tmp_path: Path) -> None:
    store = AnnotationStore(tmp_path)
    store.save(claim(doc="a" * 64))
    store.save(claim(doc="b" * 64))
    assert list(store.each_document()) == ["a" * 64, "b" * 64]
    assert set(on_disk(store, "a" * 64)) == {"a" * 64 + ".journal"}
    assert len(store.annotations("a" * 64)) == 1


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b'{"annotations": {"1": {"id": "x", ', "not valid JSON"),  # truncated
        (b"\x00\x00\x00garbage\xff", "not valid JSON"),  # corrupt
        (b"[1, 2, 3]", "not a marginote annotation file"),  # foreign JSON
        (
            b'{"_default": {"1": {"name": "someone else"}}}',
            "not a marginote annotation file",
        ),  # plain TinyDB
        (b'{"annotations": {"1": {"id": "x", "start": "zero"}}}', "not an annotation"),
    ],
)
def test_damaged_file_is_named_moved_aside_untouched_and_the_rest_stays_readable(
    tmp_path: Path, content: bytes, why: str
) -> None:
    store = AnnotationStore(tmp_path)
    other = claim(doc="e" * 64)
    store.save(other)
    path = store.shard_path(DOC)
    path.write_bytes(content)
    with pytest.raises(StoreError) as caught:
        AnnotationStore(tmp_path).annotations(DOC)
    message = str(caught.value)
    assert path.name in message and why in message and "moved aside" in message
    [aside] = [p for p in path.parent.iterdir() if p.name.startswith(path.name + ".damaged-")]
    assert aside.read_bytes() == content  # untouched
    assert str(aside) in message
    fresh = AnnotationStore(tmp_path)
    assert fresh.annotations(DOC) == []  # the document starts afresh ...
    fresh.save(claim())
    assert len(fresh.annotations(DOC)) == 1
    assert fresh.annotations(other.doc) == [other]  # ... and other documents are unaffected


def _fail_on(call: str, code: int) -> Callable[..., object]:
    """A stand-in for ``os.<call>`` that fails as a full disk or read-only folder would: a write
    gets half its bytes out first; an open fails only when opening for writing."""
    real = getattr(os, call)

    def fail(*args: Any) -> object:
        if call == "open" and not args[1] & (os.O_WRONLY | os.O_RDWR):
            return real(*args)
        if call == "write":
            fd, data = args
            real(fd, bytes(data)[: len(data) // 2])
        raise OSError(code, os.strerror(code))

    return fail


@pytest.mark.parametrize(
    ("call", "code"),
    [("fsync", errno.ENOSPC), ("write", errno.ENOSPC), ("open", errno.EROFS)],
    ids=["disk-full-at-fsync", "disk-full-mid-write", "read-only"],
)
@pytest.mark.parametrize("new_document", [False, True], ids=["journal", "new-document"])
def test_failed_write_says_not_saved_and_harms_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, call: str, code: int, new_document: bool
) -> None:
    store = AnnotationStore(tmp_path)
    kept = claim(doc="e" * 64 if new_document else DOC)
    store.save(kept)
    before = on_disk(store, DOC)
    monkeypatch.setattr(os, call, _fail_on(call, code))
    with pytest.raises(StoreError, match=f"not saved: {os.strerror(code)}"):
        store.save(claim(40, 55))
    monkeypatch.undo()
    assert on_disk(store, DOC) == before  # a half-written line is cut off again
    assert not [name for name in files_in(store.shard_path(DOC).parent) if name.endswith(".tmp")]
    assert store.annotations(DOC) == ([] if new_document else [kept])  # nor reached what is read
    assert AnnotationStore(tmp_path).annotations(DOC) == store.annotations(DOC)
    store.save(claim(40, 55))  # and the next save works
    assert len(AnnotationStore(tmp_path).annotations(DOC)) == (1 if new_document else 2)


def test_older_records_load_and_newer_fields_survive_a_save(tmp_path: Path) -> None:
    store = AnnotationStore(tmp_path)
    path = store.shard_path(DOC)
    path.parent.mkdir(parents=True)
    v1 = {k: v for k, v in claim().to_record().items() if k != "placement"} | {"schema": 1}
    newer = claim(40, 55).to_record() | {"schema": 3, "confidence": 0.7}
    path.write_text(json.dumps({"annotations": {"1": v1, "2": newer}}))
    old, new = AnnotationStore(tmp_path).annotations(DOC)
    assert old.placement == "exact" and old.schema == 2  # migrated from schema 1
    store.save(new.edited(note="edited here"))
    store.compact(DOC)  # the journal folded into the snapshot, a plain TinyDB file
    [record] = TinyDB(path).table("annotations").search(Query().id == new.id)
    assert record["confidence"] == 0.7 and record["schema"] == 3 and record["note"] == "edited here"


def test_undo_and_redo_create_edit_delete_across_a_restart(tmp_path: Path) -> None:
    store = AnnotationStore(tmp_path)
    a = claim()
    store.save(a)  # create
    edited = a.edited(note="checked")
    store.save(edited)  # edit
    store.delete(edited)  # delete
    store.close()
    store = AnnotationStore(tmp_path)  # a new session
    assert store.undo(DOC).before == edited and store.annotations(DOC) == [edited]  # delete undone
    assert store.undo(DOC).before == a and store.annotations(DOC) == [a]  # edit undone
    assert store.undo(DOC).after == a and store.annotations(DOC) == []  # create undone
    assert store.undo(DOC) is None
    store.close()
    store = AnnotationStore(tmp_path)
    assert store.redo(DOC).after == a and store.annotations(DOC) == [a]
    assert store.redo(DOC).after == edited and store.annotations(DOC) == [edited]
    other = claim(40, 55)
    store.save(other)  # a new change forgets what could be redone
    assert store.redo(DOC) is None
    assert {x.id for x in store.annotations(DOC)} == {a.id, other.id}


def test_reopening_a_changed_text_reanchors_and_drops_nothing(tmp_path: Path) -> None:
    store = AnnotationStore(tmp_path)
    doc_path = tmp_path / "article.txt"
    old_text = (
        "Peskov said the poll was very positive for everyone involved. Musk disagreed with the "
        "Kremlin. Zelensky said nothing at all about the matter on Tuesday."
    )
    spans = {
        "moves": old_text.index("Musk disagreed with the Kremlin."),
        "edited": old_text.index("Peskov said the poll was very positive"),
        "gone": old_text.index("Zelensky said nothing at all"),
    }
    quotes = {
        "moves": "Musk disagreed with the Kremlin.",
        "edited": "Peskov said the poll was very positive",
        "gone": "Zelensky said nothing at all",
    }
    made = {}
    for name, start in spans.items():
        made[name] = claim(start, start + len(quotes[name]), doc="1" * 64, text=old_text)
        store.save(made[name])
    store.remember_path("1" * 64, doc_path)
    new_text = (
        "A new opening paragraph.\n\nPeskov said that the poll was very positive for everyone "
        "involved. Musk disagreed with the Kremlin. The rest was cut."
    )
    opened = store.open_document("2" * 64, doc_path, new_text)
    by_id = {a.id: a for a in opened.annotations}
    assert len(by_id) == 3  # nothing dropped
    moved = by_id[made["moves"].id]
    assert (moved.placement, new_text[moved.start : moved.end]) == ("exact", quotes["moves"])
    fuzzy = by_id[made["edited"].id]
    assert fuzzy.placement == "fuzzy" and new_text[fuzzy.start : fuzzy.end].startswith(
        "Peskov said that the poll"
    )
    assert fuzzy.attrs["previous_quote"] == quotes["edited"]
    orphan = by_id[made["gone"].id]
    assert orphan.placement == "orphan" and orphan.quote == quotes["gone"]
    assert opened.moved == 1 and opened.fuzzy == [fuzzy] and opened.orphans == [orphan]
    assert store.count("1" * 64) == 0 and store.count("2" * 64) == 3  # moved to the new text's file
    confirmed = store.confirm(fuzzy)
    assert confirmed.placement == "exact" and "previous_quote" not in confirmed.attrs
    # A second open finds them in place, with nothing left to re-anchor.
    again = AnnotationStore(tmp_path).open_document("2" * 64, doc_path, new_text)
    assert {a.id for a in again.annotations} == set(by_id) and not again.fuzzy and not again.orphans


def _writer(root: str, tag: str, count: int, fold_at: int) -> None:
    files.FOLD_AT_LEAST, files.FOLD_FRACTION = fold_at, 0.0
    store = AnnotationStore(Path(root))
    for i in range(count):
        store.save(claim(i % 30, i % 30 + 5).edited(note=f"{tag}-{i}"))


@pytest.mark.parametrize("fold_at", [256 * 1024, 2_000], ids=["journal", "folding-often"])
def test_two_processes_writing_the_same_document_never_lose_each_others_work(
    tmp_path: Path, fold_at: int
) -> None:
    context = multiprocessing.get_context("fork")
    writers = [
        context.Process(target=_writer, args=(str(tmp_path), tag, 60, fold_at))
        for tag in ("a", "b")
    ]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(60)
        assert writer.exitcode == 0
    notes = {a.note for a in AnnotationStore(tmp_path).annotations(DOC)}
    assert notes == {f"{tag}-{i}" for tag in ("a", "b") for i in range(60)}


def test_resaving_with_other_line_endings_or_encoding_keeps_annotations(tmp_path: Path) -> None:
    from marginote.annotations.documents import load_document

    path = tmp_path / "doc.txt"
    path.write_bytes(TEXT.replace(". ", ".\n").encode())
    doc = load_document(path)
    store = AnnotationStore(tmp_path / "data")
    store.save(claim(doc=doc.sha256, text=doc.text))
    for data in (
        doc.text.replace("\n", "\r\n").encode(),
        doc.text.encode("utf-16"),
        b"\xef\xbb\xbf" + doc.text.encode(),
    ):
        path.write_bytes(data)
        again = load_document(path)
        opened = store.open_document(again.sha256, path, again.text)
        assert again.sha256 == doc.sha256 and [a.quote for a in opened.annotations] == [TEXT[:39]]


def test_temporary_files_left_by_a_killed_writer_are_swept(tmp_path: Path) -> None:
    folder = tmp_path / "annotations"
    folder.mkdir()
    stale, fresh = folder / f".{DOC}.json.abc.tmp", folder / f".{DOC}.json.def.tmp"
    stale.write_bytes(b"half")
    fresh.write_bytes(b"being written")
    os.utime(stale, (0, 0))
    AnnotationStore(tmp_path).save(claim())
    assert not stale.exists() and fresh.exists()


PIECES = [*"abcdef .,\n", "漢", "é", "👍🏽", "\u202e", "\t"]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.lists(st.sampled_from(PIECES), min_size=5, max_size=200).map("".join),
    spans=st.lists(st.tuples(st.integers(0, 199), st.integers(1, 40)), min_size=1, max_size=5),
    edit=st.tuples(st.integers(0, 200), st.integers(0, 30), st.text(max_size=20)),
)
def test_random_text_and_edits_through_the_store_lose_nothing(
    tmp_path_factory: pytest.TempPathFactory,
    text: str,
    spans: list[tuple[int, int]],
    edit: tuple[int, int, str],
) -> None:
    root = tmp_path_factory.mktemp("store")
    path = root / "doc.txt"
    store = AnnotationStore(root / "data")
    old_doc, made = "a" * 64, []
    for start, length in spans:
        start = min(start, len(text) - 1)
        end = min(len(text), start + length)
        made.append(Annotation.of_span(text, start, end, "claim", doc=old_doc, path=str(path)))
        store.save(made[-1])
    store.remember_path(old_doc, path)
    pos, cut, insert = edit
    new_text = text[:pos] + insert + text[pos + cut :]
    opened = AnnotationStore(root / "data").open_document("b" * 64, path, new_text)
    assert {a.id for a in opened.annotations} == {a.id for a in made}  # nothing dropped
    for a in opened.annotations:
        if a.placement != "orphan":
            assert new_text[a.start : a.end] == a.quote  # a placed annotation quotes its text


def test_bulk_apply_writes_the_document_once_and_is_one_undo_step(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = AnnotationStore(tmp_path)
    kept, gone = claim(0, 39), claim(40, 55)
    store.save(kept)
    store.save(gone)
    added = [claim(i, i + 5) for i in range(20)]
    edited = kept.edited(note="edited in bulk")
    writes = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (writes.append(fd), real_fsync(fd))[-1])
    store.apply(DOC, [*added, edited], [gone], description="import")
    monkeypatch.undo()
    assert len(writes) == 1  # one durable write, not one per record
    assert {a.id for a in store.annotations(DOC)} == {kept.id} | {a.id for a in added}
    store.close()
    step = AnnotationStore(tmp_path).undo(DOC)  # one step undoes all of it, after a restart too
    assert step is not None and step.description == "import" and len(step.changes) == 22
    assert AnnotationStore(tmp_path).annotations(DOC) == sorted([kept, gone], key=lambda a: a.start)
    store.redo(DOC)
    found = {a.id: a for a in store.annotations(DOC)}
    assert set(found) == {kept.id} | {a.id for a in added}
    assert found[kept.id].note == "edited in bulk"
