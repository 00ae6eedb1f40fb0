"""An open reader shows a teammate's annotation soon after they sync it."""

from __future__ import annotations

from pathlib import Path

import pytest

from marginote.annotations.documents import load_document
from marginote.annotations.model import Annotation
from marginote.annotations.store import AnnotationStore
from marginote.annotations.sync.engine import sync
from marginote.annotations.sync.url import ServerAddress
from marginote.tui.screens.reader import ReaderScreen
from marginote.tui.widgets.annotation_list import AnnotationList
from tests.conftest import library_with_seed
from tests.tui.helpers import SIZE, open_first_document, rules_app, wait_for


async def test_a_teammates_annotation_appears_in_the_open_reader(
    private_dirs: Path, server: ServerAddress, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MARGINOTE_SYNC_URL", server.url)
    monkeypatch.setenv("MARGINOTE_AUTHOR", "alice")
    library = library_with_seed(private_dirs)
    document = load_document(next(library.iterdir()))
    bob = AnnotationStore(private_dirs / "bob")
    start = document.text.index("Dmitry Peskov")
    theirs = Annotation.of_span(
        document.text, start, start + 13, "claim", doc=document.sha256, path="x", author="bob"
    )
    app = rules_app([library])
    async with app.run_test(size=SIZE) as pilot:
        await open_first_document(pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen) and reader.annotations == []
        bob.save(theirs)
        sync(bob, server)
        await wait_for(pilot, lambda: [a.id for a in reader.annotations] == [theirs.id], 10)
        await pilot.press("a")
        await pilot.pause()
        panel = reader.query_one(AnnotationList)
        shown = "".join(seg.text for y in range(4) for seg in panel.render_line(y))
        assert "by bob" in shown


async def test_a_second_marginote_s_save_updates_the_library_and_the_reader(
    private_dirs: Path,
) -> None:
    from textual.widgets import DataTable

    from marginote.annotations.paths import data_dir

    library = library_with_seed(private_dirs)
    path = next(library.iterdir())
    document = load_document(path)
    other = AnnotationStore(data_dir())  # another process on the same data folder
    app = rules_app([library])
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one(DataTable)

        def count() -> str:
            return str(table.get_row(str(path))[2]) if str(path) in table.rows else ""

        await wait_for(pilot, lambda: count() == "0")
        other.save(
            Annotation.of_span(document.text, 0, 12, "claim", doc=document.sha256, path=str(path))
        )
        await wait_for(pilot, lambda: count() == "1", 10)
        await open_first_document(pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen) and len(reader.annotations) == 1
        other.save(
            Annotation.of_span(document.text, 20, 30, "claim", doc=document.sha256, path=str(path))
        )
        await wait_for(pilot, lambda: len(reader.annotations) == 2, 10)


def test_the_live_sync_says_when_it_is_offline_without_the_password(private_dirs: Path) -> None:
    import threading

    from marginote.annotations.sync.live import LiveSync

    said: list[str] = []
    heard = threading.Event()

    def status(text: str) -> None:
        said.append(text)
        heard.set()

    offline = ServerAddress("postgresql://ann:hunter2@127.0.0.1:1/desk", "the test")
    live = LiveSync(AnnotationStore(private_dirs / "data"), offline, on_status=status, interval=0.1)
    live.start()
    assert heard.wait(20)
    live.stop()
    assert said[0].startswith("sync offline: cannot reach postgresql://ann:***@127.0.0.1:1/desk")
    assert not any("hunter2" in text for text in said)


async def test_keep_this_version_resolves_a_conflict(private_dirs: Path) -> None:
    from marginote.annotations.paths import data_dir
    from marginote.annotations.sync.engine import CONFLICT_TAG, _conflict_pair

    library = library_with_seed(private_dirs)
    path = next(library.iterdir())
    document = load_document(path)
    mine = Annotation.of_span(
        document.text,
        0,
        12,
        "claim",
        doc=document.sha256,
        path=str(path),
        author="alice",
        attrs={"verdict": "false"},
    )
    theirs = mine.edited(author="bob", attrs={"verdict": "mostly false"})
    copy, ours = _conflict_pair(mine, theirs, 2)
    store = AnnotationStore(data_dir())
    store.apply(document.sha256, [ours, copy])
    app = rules_app([library])
    async with app.run_test(size=SIZE) as pilot:
        await open_first_document(pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen) and len(reader.annotations) == 2
        reader.view.move_to(0)
        await pilot.press("a")  # the panel: its highlighted annotation is the one acted on
        await pilot.pause()
        target = reader._target()
        assert target is not None
        await pilot.press("ctrl+p", *"keep this version", "enter")
        await wait_for(pilot, lambda: len(reader.annotations) == 1)
        (kept,) = reader.annotations
        assert kept.id == target.id and CONFLICT_TAG not in kept.tags
        assert "conflict_with" not in kept.attrs and "conflict_of" not in kept.attrs
    (stored,) = store.annotations(document.sha256)
    assert stored.verdict == target.verdict
