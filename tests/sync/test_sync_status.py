"""The sync status the reader and the library show: synced, offline with the changes waiting,
synced again once the server is back; conflicts counted; errors without the password."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from marginote.annotations.documents import load_document
from marginote.annotations.model import Annotation
from marginote.annotations.paths import data_dir
from marginote.annotations.store import AnnotationStore
from marginote.annotations.sync import status as st
from marginote.annotations.sync.url import ServerAddress
from marginote.tui.screens.library import LibraryScreen
from marginote.tui.screens.reader import ReaderScreen
from marginote.tui.widgets.sync_status import SyncStatusLabel
from tests.conftest import library_with_seed
from tests.sync.outage import Outage
from tests.tui.helpers import SIZE, open_first_document, rules_app, wait_for


@pytest.fixture
def outage(server: ServerAddress) -> Iterator[Outage]:
    cut = Outage(server.url)
    cut.restore()
    yield cut
    cut.close()


def words_on(screen: object) -> str:
    assert isinstance(screen, LibraryScreen | ReaderScreen)
    label = screen.query_one(SyncStatusLabel)
    return label.words if label.display else ""


async def test_the_status_shows_offline_with_the_changes_waiting_then_synced_again(
    private_dirs: Path, outage: Outage, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MARGINOTE_SYNC_URL", outage.url)
    (private_dirs / "config.toml").write_text("[sync]\ninterval = 0.3\n", encoding="utf-8")
    library = library_with_seed(private_dirs)
    document = load_document(next(library.iterdir()))
    app = rules_app([library])
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: words_on(app.screen).startswith("synced"), 20)
        await open_first_document(pilot)
        reader = app.screen
        await wait_for(pilot, lambda: words_on(reader).startswith("synced"), 20)
        outage.cut()
        other_window = AnnotationStore(data_dir())
        for start in (0, 30):
            other_window.save(
                Annotation.of_span(
                    document.text, start, start + 12, "claim", doc=document.sha256, path="x"
                )
            )
        await wait_for(pilot, lambda: words_on(reader) == "offline: 2 changes waiting", 20)
        label = reader.query_one(SyncStatusLabel)
        assert label.has_class("-offline")
        outage.restore()
        await wait_for(pilot, lambda: words_on(reader).startswith("synced"), 30)
        assert not label.has_class("-offline")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))
        assert words_on(app.screen).startswith("synced")
    # What waited reached the server.
    bob = AnnotationStore(private_dirs / "bob")
    from marginote.annotations.sync.engine import sync

    sync(bob, ServerAddress(outage.url, "the test"))
    assert len(bob.annotations(document.sha256)) == 2


async def test_without_a_server_configured_nothing_is_shown_or_polled(
    private_dirs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No sync: the label stays hidden and nothing wakes up each second to look (no timer),
    in the library or in a reader."""
    looks: list[SyncStatusLabel] = []
    look = SyncStatusLabel.refresh_words

    def counted(label: SyncStatusLabel) -> None:
        looks.append(label)
        look(label)

    monkeypatch.setattr(SyncStatusLabel, "refresh_words", counted)
    library = library_with_seed(private_dirs)
    app = rules_app([library])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(1.5)
        assert not app.screen.query_one(SyncStatusLabel).display
        await open_first_document(pilot)
        await pilot.pause(1.5)
        assert not app.screen.query_one(SyncStatusLabel).display
    assert looks == []


def test_an_unreachable_server_is_offline_and_its_password_never_shown(
    private_dirs: Path,
) -> None:
    from marginote.annotations.sync.live import LiveSync

    seen = threading.Event()
    offline = ServerAddress("postgresql://ann:hunter2@127.0.0.1:1/desk", "the test")
    live = LiveSync(AnnotationStore(private_dirs / "data"), offline, on_status=lambda s: seen.set())
    live.start()
    assert seen.wait(20)
    live.stop()
    assert live.state.state == st.OFFLINE
    assert "hunter2" not in st.words(live.state) and "hunter2" not in live.state.message


def test_the_words() -> None:
    wall, clock = 1000.0, 50.0
    synced = st.SyncStatus(st.SYNCED, synced_at=wall - 12, since=clock)
    assert st.words(synced, wall, clock) == "synced 12 s ago"
    quick = st.SyncStatus(st.SYNCING, synced_at=wall - 3, since=clock - 0.1)
    assert st.words(quick, wall, clock) == "synced 3 s ago"  # too short to flicker
    slow = st.SyncStatus(st.SYNCING, synced_at=wall - 3, since=clock - 2)
    assert st.words(slow, wall, clock) == "syncing…"
    assert (
        st.words(st.SyncStatus(st.OFFLINE, waiting=1), wall, clock) == "offline: 1 change waiting"
    )
    conflicted = st.SyncStatus(st.SYNCED, synced_at=wall, conflicts=2)
    assert st.words(conflicted, wall, clock) == (
        "synced just now · conflict: 2 (Sync conflicts in ctrl+p)"
    )
    bad = st.SyncStatus(st.ERROR, message="refused\x1b[31m by the server")
    assert st.words(bad, wall, clock).startswith("sync error: refused")
    assert "\x1b" not in st.words(bad, wall, clock)


def test_conflicts_are_counted_once_per_pair(private_dirs: Path, server: ServerAddress) -> None:
    from marginote.annotations.sync.engine import _conflict_pair
    from marginote.annotations.sync.live import LiveSync

    text = "The mayor said crime fell 40 percent. Police data shows it rose."
    doc = "a" * 64
    store = AnnotationStore(private_dirs / "data")
    for start in (0, 38):
        mine = Annotation.of_span(text, start, start + 10, "claim", doc=doc, path="", author="al")
        theirs = mine.edited(author="bo", note="theirs")
        store.apply(doc, list(_conflict_pair(mine, theirs, 2)))
    done = threading.Event()
    live = LiveSync(store, server, on_status=lambda s: done.set())
    live.start()
    assert done.wait(20)
    deadline = time.monotonic() + 10
    while live.state.conflicts != 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    live.stop()
    assert live.state.conflicts == 2
    assert sorted(a.author for a in live.conflicts[doc]) == ["al", "al"]
    assert "conflict: 2" in st.words(live.state)


async def test_the_palette_lists_the_conflicts_and_opens_their_document(
    private_dirs: Path, server: ServerAddress, monkeypatch: pytest.MonkeyPatch
) -> None:
    from marginote.annotations.sync.engine import _conflict_pair

    monkeypatch.setenv("MARGINOTE_SYNC_URL", server.url)
    library = library_with_seed(private_dirs)
    path = next(library.iterdir())
    document = load_document(path)
    mine = Annotation.of_span(
        document.text, 0, 12, "claim", doc=document.sha256, path=str(path), author="alice"
    )
    pair = _conflict_pair(mine, mine.edited(author="bob", note="theirs"), 2)
    AnnotationStore(data_dir()).apply(document.sha256, list(pair))
    app = rules_app([library])
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: "conflict: 1" in words_on(app.screen), 20)
        await pilot.press("ctrl+p", *"sync conflicts")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen), 20)
        reader = app.screen
        assert isinstance(reader, ReaderScreen) and reader.document.path == path
