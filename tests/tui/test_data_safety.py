"""Pilot tests of the store's promises as a user meets them: undo, failed saves, damaged files,
and a document whose text changed since it was annotated."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from marginote.annotations.store import AnnotationStore
from marginote.tui.widgets.annotation_list import AnnotationList
from tests.conftest import SEED
from tests.tui.helpers import (
    SIZE,
    notifications,
    open_first_document,
    rules_app,
    stored_records,
    wait_for,
)


async def test_undo_and_redo_keys_work_across_a_restart(tmp_path: Path) -> None:
    app = rules_app([SEED])
    async with app.run_test(size=SIZE) as pilot:
        await open_first_document(pilot)
        await pilot.press("s", "1", ")", "s", "2")  # two annotations
        await pilot.press("x")  # delete the evidence
        assert [r["label"] for r in stored_records()] == ["claim"]
        await pilot.press("u")  # the deletion is undone
        assert sorted(r["label"] for r in stored_records()) == ["claim", "evidence"]
        assert "Undid the deletion of evidence" in notifications(app)
    app.store.close()  # the first marginote's process ends (its window's session with it)

    again = rules_app([SEED])
    async with again.run_test(size=SIZE) as pilot:
        await open_first_document(pilot)
        # History: create claim, create evidence, delete evidence (undone). In a new session,
        # undo reverses the newest step still done: the creation of the evidence.
        await pilot.press("u")
        assert [r["label"] for r in stored_records()] == ["claim"]
        await pilot.press("ctrl+r")
        assert sorted(r["label"] for r in stored_records()) == ["claim", "evidence"]
        assert len(again.screen.query_one(AnnotationList).items) == 2


async def test_a_save_that_fails_says_so_and_shows_nothing_unsaved(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = rules_app([SEED])
    async with app.run_test(size=SIZE) as pilot:
        view = await open_first_document(pilot)

        def disk_full(fd: int) -> None:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        with monkeypatch.context() as patched:
            patched.setattr(os, "fsync", disk_full)
            await pilot.press("s", "1")
        assert "not saved: No space left on device" in notifications(app)
        assert stored_records() == [] and view.annotations_at(0) == []
        assert len(app.screen.query_one(AnnotationList).items) == 0
        await pilot.press("1")  # the selection is still there: the user can try again
        assert [r["label"] for r in stored_records()] == ["claim"]


async def test_a_damaged_annotation_file_is_named_and_set_aside(tmp_path: Path) -> None:
    from marginote.annotations.documents import load_document

    store = AnnotationStore(Path(os.environ["MARGINOTE_DATA_DIR"]))
    shard = store.shard_path(load_document(SEED).sha256)
    shard.parent.mkdir(parents=True)
    shard.write_bytes(b'{"annotations": {"1": {"id": ')
    app = rules_app([SEED])
    async with app.run_test(size=SIZE) as pilot:
        await open_first_document(pilot)
        assert shard.name in notifications(app) and "moved aside untouched" in notifications(app)
        await pilot.press("s", "1")  # work goes on in a fresh file
        assert [r["label"] for r in stored_records()] == ["claim"]
    [aside] = [p for p in shard.parent.iterdir() if ".damaged-" in p.name]
    assert aside.read_bytes() == b'{"annotations": {"1": {"id": '


async def test_edited_document_reanchors_marks_fuzzy_and_keeps_orphans(tmp_path: Path) -> None:
    doc = tmp_path / "article.txt"
    doc.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    app = rules_app([doc])
    async with app.run_test(size=SIZE) as pilot:
        await open_first_document(pilot)
        for _ in range(3):  # tag the first three sentences
            await pilot.press("s", "1", ")")
    text = doc.read_text(encoding="utf-8")
    quotes = sorted((text.index(r["quote"]), r["quote"]) for r in stored_records())
    assert [q[:30] for _, q in quotes] == [
        "The Russian Presidency’s offic",
        "Musk pushed back against the a",
        "Putin spokesman Dmitry Peskov ",
    ], (notifications(app), [(r["start"], r["end"], r["quote"][:50]) for r in stored_records()])
    first, second = (
        "The Russian Presidency’s office has responded",
        "Musk pushed back against the avalanche",
    )
    edited = "An editor's note was added.\n\n" + text.replace(
        first, "The Kremlin’s office has responded"
    )
    third = text[text.index("Putin spokesman") : text.index("according\xa0to Interfax.") + 22]
    doc.write_text(edited.replace(third, ""), encoding="utf-8")  # the third sentence is cut

    app = rules_app([doc])
    async with app.run_test(size=SIZE) as pilot:
        view = await open_first_document(pilot)
        message = notifications(app)
        assert "1 moved with their text" in message and "1 placed approximately" in message
        assert "1 could not be placed" in message
        placements = {r["quote"][:20]: r["placement"] for r in stored_records()}
        assert placements[second[:20]] == "exact"
        assert sorted(placements.values()) == ["exact", "fuzzy", "orphan"]
        panel = app.screen.query_one(AnnotationList)
        assert [a.placement for a in panel.items] == ["fuzzy", "exact", "orphan"]  # orphans last
        fuzzy = panel.items[0]
        assert view.document.text[fuzzy.start : fuzzy.end].startswith("The Kremlin’s office")
        view.move_to(fuzzy.start)
        await pilot.press("c")
        assert sorted(r["placement"] for r in stored_records()) == ["exact", "exact", "orphan"]
        await wait_for(pilot, lambda: "Placement confirmed" in notifications(app))


async def test_a_second_window_shows_the_firsts_work_and_undoes_only_its_own() -> None:
    from marginote.annotations.documents import load_document
    from marginote.annotations.model import Annotation

    other_window = AnnotationStore(Path(os.environ["MARGINOTE_DATA_DIR"]))  # another marginote
    doc = load_document(SEED)
    theirs = Annotation.of_span(doc.text, 0, 20, "claim", doc=doc.sha256, path=str(SEED))
    app = rules_app([SEED])
    async with app.run_test(size=SIZE) as pilot:
        await open_first_document(pilot)
        panel = app.screen.query_one(AnnotationList)
        other_window.save(theirs)
        # Shown without reopening (the reader looks every second).
        await wait_for(pilot, lambda: [a.id for a in panel.items] == [theirs.id], timeout=3.0)
        await pilot.press("u")
        assert "Nothing to undo" in notifications(app)
        assert [r["id"] for r in stored_records()] == [theirs.id]
        await pilot.press("end", "s", "1")  # this window's own claim ...
        assert len(stored_records()) == 2
        await pilot.press("u")  # ... is what its undo takes back
        assert [r["id"] for r in stored_records()] == [theirs.id]
        assert [a.id for a in panel.items] == [theirs.id]
