"""WrappedText: the scrolling half of the document view. It wraps the document to the width
(``Layout``, block by block as rows are needed), keeps the scrollbar sized to the rows and the text
at the top of the screen in place while blocks are measured, notes how far the reader has read,
and finds the sentences on screen ahead of use once scrolling pauses.

``DocumentView`` (document_view.py) adds the caret, the selection and the drawing on top.
"""

from __future__ import annotations

from functools import partial

from textual import events
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.timer import Timer
from textual.worker import get_current_worker

from marginote.annotations.documents import Document
from marginote.annotations.pacing import USER
from marginote.tui.widgets.layout import Layout, blocks_of

#: Seconds scrolling must pause before the sentences on screen are found ahead of use.
SENTENCE_WARM_DELAY = 0.15
#: Strips kept for rows away from the caret: a few screens' worth, for scrolling back and forth.
STRIP_CACHE_ROWS = 256


class WrappedText(ScrollView):
    """One document wrapped to the widget's width, scrolled by rows."""

    def __init__(
        self,
        document: Document,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.document = document
        self._layout: Layout | None = None
        self._blocks = blocks_of(document.text, document.line_starts)
        self._revision = 0
        self._top_offset = 0  # the scroll position, as the offset of the top row's first character
        self.furthest_seen = 0  # the furthest offset shown on screen (reading progress)
        self._refine_timer: Timer | None = None
        self._warm_timer: Timer | None = None
        #: Drawn rows, by (row start, width, generation of the styles).
        self._cache: LRUCache[tuple[int, int, int], Strip] = LRUCache(STRIP_CACHE_ROWS)

    @property
    def layout_rows(self) -> Layout | None:
        return self._layout

    def _keep_caret_in_view(self) -> None:
        """After the text was wrapped anew: the subclass brings its caret back on screen."""

    def on_resize(self, event: events.Resize) -> None:
        self._relayout()

    def render_lines(self, crop: Region) -> list[Strip]:
        """The text is wrapped when it is first drawn, not after: the Resize event that gives a new
        widget its width comes after the frame it is first drawn in, which would show it empty
        (the text then came a frame later, 20-35 ms after enter)."""
        if self._layout is None and self.scrollable_content_region.width > 1:
            self._relayout()
        return super().render_lines(crop)

    def _relayout(self) -> None:
        # One column is kept free for a caret at the end of a line.
        self.relayout(max(1, self.scrollable_content_region.width - 1))

    def relayout(self, width: int) -> None:
        """Wrap to ``width`` columns, keeping the text at the top of the screen in place.

        Only the blocks on screen are wrapped now; the rest are wrapped in idle moments
        (``_refine``), and until then their row counts are estimates."""
        if self._layout is not None and self._layout.width == width:
            return
        USER.touch()
        self._layout = Layout(self.document.text, self.document.line_starts, width, self._blocks)
        self._revision = -1
        self._cache.clear()
        self._sync_rows()
        self._keep_caret_in_view()
        self._note_seen()
        self._warm_sentences_soon()
        self.refresh()
        if self._refine_timer is None:
            self._refine_timer = self.set_interval(0.05, self._refine)

    def append_text(self, document: Document) -> None:
        """pdf hook: the document grew at its end (a preview of a text still being read). Only
        the new lines are split into blocks and wrapped; the rows above stay as they were."""
        joined = document.text[len(self.document.text) : len(self.document.text) + 1] != "\n"
        self.document = document
        first = self._blocks[-1]  # the last block may have grown: it is split again
        self._blocks[-1:] = blocks_of(document.text, document.line_starts, first=first)
        if self._layout is not None:
            self._layout.extend(document.text, document.line_starts, self._blocks)
            if joined:  # the last line grew: its rows are drawn again (else they are the same)
                self._cache.clear()
            self._sync_rows()
            if self._refine_timer is None:
                self._refine_timer = self.set_interval(0.05, self._refine)
        self.refresh()

    def _sync_rows(self) -> None:
        """After blocks were measured, size the scrollbar to the rows and keep the text at the top
        of the screen where it was (rows are numbered anew when a block above it is measured)."""
        layout = self._layout
        if layout is None or layout.revision == self._revision:
            return
        self._revision = layout.revision
        self.virtual_size = Size(layout.width, layout.row_count)
        row = layout.row_of(self._top_offset)
        if row != round(self.scroll_y):
            self.scroll_to(y=row, animate=False, immediate=True)

    def _refine(self) -> None:
        """Measure a few more blocks (a few milliseconds' worth); stop once all are measured.
        Not while the reader presses keys: the rows a key needs are measured when asked for."""
        if self._layout is None or USER.busy():
            return
        done = self._layout.refine(budget=0.004)
        self._sync_rows()
        if done and self._refine_timer is not None:
            self._refine_timer.stop()
            self._refine_timer = None

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        USER.touch()  # background threads give way while the reader moves (pacing.py)
        if self._layout is not None:
            self._top_offset = self._layout.start_of(round(new_value))
            self._sync_rows()
            self._note_seen()
            self._warm_sentences_soon()

    def _warm_sentences_soon(self) -> None:
        """Once scrolling pauses, find the sentences of the paragraphs on screen in a thread, so
        ``s``, ``)`` and ``(`` answer from the cache (see annotations/sentences.py)."""
        if self._warm_timer is not None:
            self._warm_timer.stop()
        self._warm_timer = self.set_timer(SENTENCE_WARM_DELAY, self._warm_sentences)

    def _warm_sentences(self) -> None:
        self._warm_timer = None
        layout = self._layout
        if layout is None or not layout.row_count:
            return
        top = round(self.scroll_y)
        bottom = min(layout.row_count - 1, top + self.scrollable_content_region.height)
        start, end = layout.start_of(top), layout.row_range(bottom)[1]
        self.run_worker(
            partial(_segment_paragraphs, self.document, start, end),
            thread=True,
            exclusive=True,
            group="sentences",
            # Named here: Textual would describe the worker by repr() of its arguments, which
            # for the document means copying its whole text (40 ms at 5 MB) on every pause.
            description="sentences on screen",
        )

    def _note_seen(self) -> None:
        layout = self._layout
        if layout is not None:
            bottom = round(self.scroll_y) + max(1, self.scrollable_content_region.height) - 1
            self.furthest_seen = max(self.furthest_seen, layout.row_range(bottom)[1])


def _segment_paragraphs(document: Document, start: int, end: int) -> None:
    """Find (and cache) the sentences of every paragraph touching ``[start, end]``, giving way
    to the reader's keys between paragraphs."""
    worker = get_current_worker()
    pos = start
    while pos <= end and pos < len(document.text):
        USER.wait_quiet(lambda: worker.is_cancelled)
        if worker.is_cancelled:
            return
        paragraph = document.paragraph_at(pos)
        document.sentences_in(*paragraph)
        following = document.next_paragraph_start(pos)
        if following <= pos:
            break
        pos = following
