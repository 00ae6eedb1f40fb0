"""The sync state survives a torn write and a new process; deletions are remembered."""

from __future__ import annotations

from pathlib import Path

from marginote.annotations.sync import state as state_module
from marginote.annotations.sync.state import Known, SyncState


def fresh(root: Path) -> SyncState:
    state_module._cache.clear()  # as a new process would read it
    return SyncState.load(root, "server")


def test_changes_are_journalled_and_read_back(tmp_path: Path) -> None:
    state = fresh(tmp_path)
    state.known = {f"id{i}": Known(1, f"h{i}", "d" * 64) for i in range(100)}
    state.cursor = 100
    state.save()  # the first save writes the snapshot
    state.known["id3"] = Known(2, "", "d" * 64)  # deleted at revision 2
    state.cursor = 101
    state.save()
    assert state.journal.read_bytes().count(b"\n") == 1 and b"id4" not in state.journal.read_bytes()
    again = fresh(tmp_path)
    assert again.cursor == 101 and again.known["id3"] == Known(2, "", "d" * 64)
    assert len(again.known) == 100


def test_a_torn_last_line_loses_only_that_save(tmp_path: Path) -> None:
    state = fresh(tmp_path)
    state.known = {"a": Known(1, "h", "d" * 64)}
    state.save()
    state.cursor = 5
    state.save()
    state.cursor = 9
    state.known["b"] = Known(3, "x", "d" * 64)
    state.save()
    raw = state.journal.read_bytes()
    state.journal.write_bytes(raw[: len(raw) - 10])  # killed while appending
    again = fresh(tmp_path)
    assert again.cursor == 5 and "b" not in again.known and "a" in again.known


def test_the_snapshot_is_rewritten_after_many_saves(tmp_path: Path) -> None:
    state = fresh(tmp_path)
    for i in range(state_module.JOURNAL_LIMIT + 5):
        state.cursor = i + 1
        state.save()
    assert state.journal.read_bytes().count(b"\n") < 10
    assert fresh(tmp_path).cursor == state_module.JOURNAL_LIMIT + 5
