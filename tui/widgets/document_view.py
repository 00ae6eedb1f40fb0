"""DocumentView: a line-API reader for documents of any size, with a caret and a selection.

Only the rows on screen are built: ``render_line`` takes the row's slice of the text and the spans
that touch it (entities, annotations, search matches, selection, caret), found by bisection, and
returns a Strip. Strips of rows away from the caret and the selection are cached until the spans
change (``_generation``). Text is turned into Segments directly: it is never parsed as markup, and
control characters are drawn as visible placeholders (``layout.visible``).

The view is three modules: wrapped_text.py (wrapping to the width, scrolling, reading progress),
styled_spans.py and row_drawing.py (what is drawn over the text, and drawing one row), and this
one (the caret, the selection, their keys and the mouse).

Attributes go down (``set_entities``, ``set_annotations``, ``set_matches``, ``show_entities``);
the view posts ``CursorMoved`` up whenever the caret or the selection changes.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence

from rich.segment import Segment
from textual import events
from textual.actions import SkipAction
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip

from marginote.annotations.corrections import Corrections
from marginote.annotations.documents import Document
from marginote.annotations.entities import EntitySpans
from marginote.annotations.model import Annotation, LabelSet
from marginote.annotations.pacing import USER
from marginote.annotations.search import Matches
from marginote.tui import theme
from marginote.tui.widgets.layout import cluster_end, cluster_start
from marginote.tui.widgets.row_drawing import row_segments, row_strip
from marginote.tui.widgets.scrolling import SCROLLOFF, top_row_for
from marginote.tui.widgets.styled_spans import Gutter, Layer, StyledSpans
from marginote.tui.widgets.wrapped_text import WrappedText

Span = tuple[int, int]


class DocumentView(WrappedText, can_focus=True):
    """Shows one document, wrapped to the width, with entities and annotations styled."""

    DEFAULT_CSS = """
    DocumentView {
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-gutter: stable;
        scrollbar-size-vertical: 1;
        padding: 0 1;
    }
    """

    BINDINGS = [
        Binding("up", "move_row(-1)", "Up", show=False),
        Binding("down", "move_row(1)", "Down", show=False),
        Binding("left", "move_char(-1)", "Left", show=False),
        Binding("right", "move_char(1)", "Right", show=False),
        Binding("shift+up", "move_row(-1, True)", "Extend up", show=False),
        Binding("shift+down", "move_row(1, True)", "Extend down", show=False),
        Binding("shift+left", "move_char(-1, True)", "Extend left", show=False),
        Binding("shift+right", "move_char(1, True)", "Extend right", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "document_edge(-1)", "Start", show=False),
        Binding("end", "document_edge(1)", "End", show=False),
        Binding("w", "word(1)", "Next word", show=False),
        Binding("b", "word(-1)", "Previous word", show=False),
        Binding(")", "sentence(1)", "Next sentence", show=False),
        Binding("}", "paragraph(1)", "Next paragraph", show=False),
        Binding("{", "paragraph(-1)", "Previous paragraph", show=False),
        Binding("equals_sign", "snap_to_words", "Snap selection to words", show=False),
        Binding("(", "sentence(-1)", "Previous sentence", show=False),
        Binding("e", "entity(1)", "Next entity", show=False),
        Binding("E", "entity(-1)", "Previous entity", show=False),
        Binding("]", "annotation(1)", "Next annotation", show=False),
        Binding("[", "annotation(-1)", "Previous annotation", show=False),
        Binding("s", "select_sentence", "Sentence"),
        Binding("v", "toggle_visual", "Select"),
    ]

    show_entities: reactive[bool] = reactive(True)

    class CursorMoved(Message):
        """The caret or the selection changed."""

        def __init__(self, view: DocumentView) -> None:
            super().__init__()
            self.view = view
            self.cursor = view.cursor
            self.selection = view.selection

        @property
        def control(self) -> DocumentView:
            return self.view

    def __init__(
        self,
        document: Document,
        labels: LabelSet,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(document, name=name, id=id, classes=classes)
        self.labels = labels
        self.cursor = 0
        #: Where the selection began (the caret is its other end); not "anchor", which is
        #: Widget.anchor.
        self.selection_start: int | None = None
        self.visual = False
        self._goal_column: int | None = None
        self._dragging = False
        self._generation = 0
        self._spans = StyledSpans(labels)

    # -- attributes pushed down by the screen ------------------------------------------------

    @property
    def entities(self) -> EntitySpans:
        return self._spans.entities

    def set_entities(self, entities: EntitySpans) -> None:
        self._spans.entities = entities
        self._restyle()

    def add_entities(self, batch: EntitySpans) -> None:
        """Add the entities of one stretch of text (batches arrive stretch by stretch)."""
        self._spans.entities.merge(batch)
        self._restyle()

    def set_annotations(self, annotations: Iterable[Annotation], *, in_order: bool = False) -> None:
        """``in_order``: already sorted by start, the longer first (not sorted again)."""
        self._spans.set_annotations(annotations, in_order=in_order)
        self._restyle()

    def set_matches(self, matches: Matches | None, current: Span | None = None) -> None:
        """Search matches to show (found row by row as rows are drawn), and the current one."""
        self._spans.matches = matches
        self._spans.current_match = current
        self._restyle()

    def set_gutter(self, marks: Gutter | None) -> None:
        """``marks(start, end)``: a one-cell mark drawn in the right margin of the row showing
        ``[start, end)``, or None (the column kept free for a caret at the end of a line)."""
        self._spans.gutter = marks
        self._restyle()

    def watch_show_entities(self) -> None:
        self._restyle()

    def set_corrections(self, corrections: Corrections) -> None:
        """The user's entity decisions, shown instead of the recogniser's guesses."""
        self._spans.corrections = corrections
        self._restyle()

    def entity_at(self, offset: int) -> tuple[int, int, str | None] | None:
        """(start, end, type) of the entity at ``offset`` as shown (type None: rejected)."""
        return self._spans.entity_at(offset)

    @property
    def hidden_types(self) -> set[str]:
        """Entity types not highlighted (hidden from the entities panel)."""
        return self._spans.hidden_types

    @hidden_types.setter
    def hidden_types(self, types: set[str]) -> None:
        self._spans.hidden_types = types
        self._restyle()

    def _restyle(self) -> None:
        self._generation += 1
        # Strips of the old styles are never shown again; dropping them now (each holds several
        # small caches) keeps the garbage collector's full passes short on a busy screen.
        self._cache.clear()
        self.refresh()

    # -- caret and selection --------------------------------------------------------------------

    @property
    def selection(self) -> Span | None:
        if self.selection_start is None or self.selection_start == self.cursor:
            return None
        return min(self.selection_start, self.cursor), max(self.selection_start, self.cursor)

    def annotations_at(self, offset: int) -> list[Annotation]:
        """Annotations covering ``offset``, innermost (shortest) first."""
        return self._spans.annotations_at(offset)

    def move_to(self, offset: int, *, extend: bool = False, keep_goal: bool = False) -> None:
        """Put the caret at ``offset``; ``extend`` (or visual mode) grows the selection.

        The caret always sits at the start of a whole character (never inside a combining
        sequence, an emoji with modifiers or a flag), so selections cover whole characters."""
        USER.touch()  # background threads give way while the reader moves (pacing.py)
        text = self.document.text
        offset = cluster_start(text, min(max(0, offset), len(text)))
        if extend or self.visual:
            if self.selection_start is None:
                self.selection_start = self.cursor
        else:
            self.selection_start = None
        self.cursor = offset
        if not keep_goal:
            self._goal_column = None
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.CursorMoved(self))

    def select(self, start: int, end: int) -> None:
        """Select ``[start, end)`` with the caret at its end."""
        self.visual = False
        self.move_to(end)
        self.selection_start = start
        self.refresh()
        self.post_message(self.CursorMoved(self))

    def clear_selection(self) -> None:
        self.visual = False
        if self.selection_start is not None:
            self.selection_start = None
            self.refresh()
            self.post_message(self.CursorMoved(self))

    def _span_at_caret(self) -> Span | None:
        """The thing the caret was just put on, to be seen whole: the selection, or the search
        match, annotation or entity that starts at the caret."""
        if self.selection is not None:
            return self.selection
        return self._spans.starting_at(self.cursor)

    def _scroll_to_cursor(self, margin: int = SCROLLOFF) -> None:
        """Keep the caret ``SCROLLOFF`` rows from the edges; after a jump off the screen, centre
        the caret, or the thing it landed on (annotation, entity, match, selection) whole."""
        layout = self._layout
        if layout is None:
            return
        layout.row_of(self.cursor)  # measures the caret's block, which may move rows on screen
        self._sync_rows()
        row = layout.row_of(self.cursor)
        top = round(self.scroll_y)
        span = self._span_at_caret()
        first, last = row, row
        if span is not None:
            first = min(row, layout.row_of(span[0]))
            last = max(row, layout.row_of(max(span[0], span[1] - 1)))
        height = max(1, self.scrollable_content_region.height)
        if self._dragging:
            margin = 0  # a click never scrolls away what it points at
        new_top = top_row_for(
            row, first, last, top=top, height=height, rows=layout.row_count, margin=margin
        )
        if new_top != top:
            # force: on the first frame the scrollbar is not worked out yet, and a scroll the
            # scrollbar does not allow is dropped (the text showed its top for a frame). The
            # first wrap is done when the view is first drawn, with its size known, so no retry
            # after a refresh is needed (one used to be, and fired again, vainly, near the end).
            self.scroll_to(y=new_top, animate=False, immediate=True, force=True)

    # -- actions ----------------------------------------------------------------------------------

    def action_move_char(self, delta: int, extend: bool = False) -> None:
        text = self.document.text
        if delta > 0:
            pos = cluster_end(text, self.cursor) if self.cursor < len(text) else self.cursor
        else:
            pos = cluster_start(text, max(0, self.cursor - 1))
        self.move_to(pos, extend=extend)

    def action_move_row(self, delta: int, extend: bool = False) -> None:
        if self._layout is None:
            return
        layout = self._layout
        if self._goal_column is None:
            self._goal_column = layout.column_of(self.cursor)
        row = layout.row_of(self.cursor) + delta
        if row < 0:
            target = 0
        elif row >= layout.row_count:
            target = len(self.document.text)
        else:
            target = layout.offset_at(row, self._goal_column)
        self.move_to(target, extend=extend, keep_goal=True)

    def action_page(self, direction: int) -> None:
        if self._layout is None:
            return
        height = max(1, self.scrollable_content_region.height - 1)
        self.scroll_to(y=self.scroll_y + direction * height, animate=False, immediate=True)
        self.action_move_row(direction * height)

    def action_document_edge(self, direction: int) -> None:
        self.move_to(0 if direction < 0 else len(self.document.text))

    def action_word(self, direction: int) -> None:
        doc = self.document
        self._step(doc.next_word_start, doc.previous_word_start, direction)

    def action_sentence(self, direction: int) -> None:
        doc = self.document
        self._step(doc.next_sentence_start, doc.previous_sentence_start, direction)

    def action_paragraph(self, direction: int) -> None:
        doc = self.document
        self._step(doc.next_paragraph_start, doc.previous_paragraph_start, direction)

    def _step(
        self, forward: Callable[[int], int], backward: Callable[[int], int], direction: int
    ) -> None:
        """To the start of the next (or previous) unit: word, sentence or paragraph."""
        self.move_to((forward if direction > 0 else backward)(self.cursor))

    def action_snap_to_words(self) -> None:
        selection = self.selection
        if selection is None:
            self.notify("Select some text first (v, shift+arrows or the mouse).", timeout=2)
            return
        start, end = self.document.snap_to_words(*selection)
        if start < end:
            self.select(start, end)

    def action_entity(self, direction: int) -> None:
        self._jump(self._spans.entities.starts, direction, "entity")

    def action_annotation(self, direction: int) -> None:
        self._jump(self._spans.annotation_starts, direction, "annotation")

    def _jump(self, starts: Sequence[int], direction: int, what: str) -> None:
        if direction > 0:
            i = bisect_right(starts, self.cursor)
            target = starts[i] if i < len(starts) else None
        else:
            i = bisect_left(starts, self.cursor) - 1
            target = starts[i] if i >= 0 else None
        if target is None:
            self.notify(f"No {what} {'after' if direction > 0 else 'before'} the caret.", timeout=2)
        else:
            self.move_to(target)

    def action_select_sentence(self) -> None:
        sentence = self.document.sentence_at(self.cursor)
        if sentence is None:
            self.notify("No sentence at the caret.", timeout=2)
        else:
            self.select(*sentence)

    def action_toggle_visual(self) -> None:
        if self.visual:
            self.visual = False
        else:
            self.visual = True
            self.selection_start = self.cursor
        self.refresh()
        self.post_message(self.CursorMoved(self))

    def action_clear_selection(self) -> None:
        if self.selection_start is None and not self.visual:
            raise SkipAction()  # nothing to clear: let the screen have escape
        self.clear_selection()

    # -- mouse ------------------------------------------------------------------------------------

    def _offset_at(self, event: events.MouseEvent) -> int | None:
        if self._layout is None:
            return None
        at = event.get_content_offset(self)
        if at is None:
            return None
        row = at.y + round(self.scroll_y)
        if row >= self._layout.row_count:
            return len(self.document.text)
        return self._layout.offset_at(row, at.x)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        offset = self._offset_at(event)
        if offset is None:
            return
        self.focus()
        self.visual = False
        self._dragging = True
        self.capture_mouse()
        if event.shift and self.selection_start is None:
            self.selection_start = self.cursor
        elif not event.shift:
            self.selection_start = offset
        self.move_to(offset, extend=True)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._dragging:
            offset = self._offset_at(event)
            if offset is not None and offset != self.cursor:
                self.move_to(offset, extend=True)

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._dragging:
            self._dragging = False
            self.release_mouse()
            if self.selection_start == self.cursor:
                self.selection_start = None

    def _keep_caret_in_view(self) -> None:
        self._scroll_to_cursor(margin=0)  # a resize keeps the text at the top in place

    # -- drawing ----------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        layout = self._layout
        row = y + round(self.scroll_y)
        if layout is None or row >= layout.row_count:
            return Strip.blank(width, self.rich_style)
        start, end = layout.row_range(row)
        dynamic = self._touches_caret_or_selection(start, end)
        key = (start, layout.width, self._generation)
        if not dynamic and (cached := self._cache.get(key)) is not None:
            return cached
        gutter = self._spans.gutter
        mark = gutter(start, end) if gutter is not None else None
        strip = row_strip(self._segments(start, end), width, self.rich_style, mark)
        if not dynamic:
            self._cache[key] = strip
        return strip

    def _touches_caret_or_selection(self, start: int, end: int) -> bool:
        if start <= self.cursor <= end:
            return True
        selection = self.selection
        return selection is not None and selection[0] <= end and start < selection[1]

    def _layers(self, start: int, end: int) -> list[Layer]:
        """Styled spans touching ``[start, end)``, in paint order (later ones win)."""
        layers = self._spans.layers(start, end, show_entities=self.show_entities)
        if (selection := self.selection) is not None:
            layers.append((*selection, theme.SELECTION))
        if start <= self.cursor < end and self.has_focus:
            layers.append((self.cursor, cluster_end(self.document.text, self.cursor), theme.CURSOR))
        return layers

    def _segments(self, start: int, end: int) -> list[Segment]:
        text = self.document.text
        at_line_end = end == len(text) or text[end] == "\n"
        caret_after = self.cursor == end and at_line_end and self.has_focus
        layers = self._layers(start, end)
        return row_segments(text, start, end, layers, self.rich_style, caret_after=caret_after)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
