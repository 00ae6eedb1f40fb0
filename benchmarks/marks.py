"""Timestamps of the moments a user sees, taken inside the app while a benchmark drives it."""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.pilot import Pilot


@contextmanager
def private_dirs() -> Iterator[Path]:
    """A temporary folder, removed afterwards, whose ``data`` and ``cache`` are the app's
    (MARGINOTE_DATA_DIR and MARGINOTE_CACHE_DIR) while the block runs."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        os.environ["MARGINOTE_DATA_DIR"] = str(root / "data")
        os.environ["MARGINOTE_CACHE_DIR"] = str(root / "cache")
        yield root


@contextmanager
def reading_marks() -> Iterator[dict[str, float]]:
    """Record, while the block runs, ``enter`` (the library's open action), ``drawn`` (the first
    row of text drawn by the reader), ``first_entities`` and ``entities`` (the first and the last
    entity batch shown). Timed at those calls, not around ``pilot.press``, which also waits for
    the app to idle."""
    from textual.strip import Strip

    from marginote.annotations.recognition_session import EntityBatch
    from marginote.tui.screens.library import LibraryScreen
    from marginote.tui.screens.reader import ReaderScreen
    from marginote.tui.widgets.document_view import DocumentView

    marks: dict[str, float] = {}
    real_open, real_render, real_found = (
        LibraryScreen.action_open,
        DocumentView.render_line,
        ReaderScreen._entities_found,
    )

    def action_open(self: LibraryScreen) -> None:
        marks["enter"] = time.perf_counter()
        real_open(self)

    def render_line(self: DocumentView, y: int) -> Strip:
        strip = real_render(self, y)
        if self.layout_rows is not None:  # a row of text, not the blank before the first layout
            marks.setdefault("drawn", time.perf_counter())
        return strip

    def entities_found(self: ReaderScreen, batch: EntityBatch) -> None:
        real_found(self, batch)
        marks.setdefault("first_entities", time.perf_counter())
        if batch.finished:
            marks["entities"] = time.perf_counter()

    patched = [
        (LibraryScreen, "action_open", action_open, real_open),
        (DocumentView, "render_line", render_line, real_render),
        (ReaderScreen, "_entities_found", entities_found, real_found),
    ]
    for cls, name, timed, _ in patched:
        setattr(cls, name, timed)
    try:
        yield marks
    finally:
        for cls, name, _, real in patched:
            setattr(cls, name, real)


async def library_described(pilot: Pilot[None]) -> None:
    """Wait until the library lists its first document with its metadata (not "…")."""
    app = pilot.app
    while True:
        tables = app.screen.query("DataTable")
        if tables and tables.first().row_count and "…" not in str(tables.first().get_row_at(0)[1]):
            return
        await pilot.pause(0.005)
