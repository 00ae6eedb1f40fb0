from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from annotations.anchoring import select
from annotations.model import Annotation
from annotations.store import AnnotationStore, StoreError

TEXT = "Peskov said the poll was very positive. Musk disagreed."


def claim(start: int = 0, end: int = 39, doc: str = "d" * 64) -> Annotation:
    s = select(TEXT, start, end)
    return Annotation(
        doc=doc,
        path="/x.txt",
        start=start,
        end=end,
        label="claim",
        quote=s.quote,
        prefix=s.prefix,
        suffix=s.suffix,
    )


def test_round_trip_keeps_every_field(tmp_path: Path) -> None:
    store = AnnotationStore(tmp_path)
    a = claim().edited(note="check", tags=("poll", "kremlin"), attrs={"verdict": "mixed"})
    store.save(a)
    again = AnnotationStore(tmp_path).annotations(a.doc)
    assert again == [a]
    assert again[0].schema == 1 and again[0].verdict == "mixed"


def test_records_are_keyed_by_uuid_and_updates_replace_in_place(tmp_path: Path) -> None:
    store = AnnotationStore(tmp_path)
    first, second = claim(0, 39), claim(40, 55)
    store.save(first)
    store.save(second)
    store.save(first.edited(note="edited"))
    found = {a.id: a for a in store.annotations(first.doc)}
    assert len(found) == 2 and found[first.id].note == "edited"
    store.delete(first)
    store.save(claim(0, 5))  # TinyDB may reuse integer ids; our ids never collide
    assert {a.id for a in AnnotationStore(tmp_path).annotations(first.doc)} >= {second.id}
    assert first.id not in {a.id for a in AnnotationStore(tmp_path).annotations(first.doc)}


def test_count_reads_the_file(tmp_path: Path) -> None:
    store = AnnotationStore(tmp_path)
    assert store.count("d" * 64) == 0
    store.save(claim())
    store.save(claim(40, 55))
    assert AnnotationStore(tmp_path).count("d" * 64) == 2


def test_documents_are_kept_in_separate_files(tmp_path: Path) -> None:
    store = AnnotationStore(tmp_path)
    store.save(claim(doc="a" * 64))
    store.save(claim(doc="b" * 64))
    assert store.shard_path("a" * 64).exists() and store.shard_path("b" * 64).exists()
    assert len(store.annotations("a" * 64)) == 1


def test_damaged_file_is_reported_and_left_untouched(tmp_path: Path) -> None:
    store = AnnotationStore(tmp_path)
    path = store.shard_path("d" * 64)
    path.parent.mkdir(parents=True)
    path.write_bytes(b'{"annotations": {"1": {"id": "x", ')
    with pytest.raises(StoreError, match="damaged"):
        store.annotations("d" * 64)
    with pytest.raises(StoreError):
        store.save(claim())
    assert path.read_bytes() == b'{"annotations": {"1": {"id": "x", '


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to read-only folders")
def test_failed_write_says_not_saved_and_keeps_what_was_saved(tmp_path: Path) -> None:
    store = AnnotationStore(tmp_path)
    kept = claim()
    store.save(kept)
    folder = store.shard_path(kept.doc).parent
    folder.chmod(0o500)
    try:
        with pytest.raises(StoreError, match="not saved"):
            store.save(claim(40, 55))
    finally:
        folder.chmod(0o700)
    assert AnnotationStore(tmp_path).annotations(kept.doc) == [kept]


def test_failed_write_leaves_old_file_and_no_temporary_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = AnnotationStore(tmp_path)
    kept = claim()
    store.save(kept)
    before = store.shard_path(kept.doc).read_bytes()

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(StoreError, match="No space left on device"):
        store.save(claim(40, 55))
    monkeypatch.undo()
    assert store.shard_path(kept.doc).read_bytes() == before
    assert [p.name for p in store.shard_path(kept.doc).parent.iterdir()] == [f"{kept.doc}.json"]
    assert store.annotations(kept.doc) == [kept]  # the in-memory view did not take the failed write
    assert json.loads(before)["annotations"]
