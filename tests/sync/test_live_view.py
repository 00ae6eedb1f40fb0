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
