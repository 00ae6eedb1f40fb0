"""The side panel's list of a document's annotations: a line-API list, two rows per annotation.

Only the rows on screen are built, so a document with thousands of annotations opens as fast as
one with three (Textual's OptionList wraps every option up front).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from marginote.annotations.editing import short_quote
from marginote.annotations.model import Annotation, LabelSet
from marginote.annotations.sanitise import sanitise, sanitise_lines
from marginote.annotations.sync.identity import author_name
from marginote.tui import theme

ROWS_PER_ITEM = 2
HIGHLIGHT = Style(bgcolor="#1f3f5f")
PLACEMENT_MARKS = {
    "fuzzy": ("  ≈ check placement (c confirms)", "yellow"),
    "orphan": ("  ⚠ orphan", "red"),
}


def headline(annotation: Annotation, labels: LabelSet) -> Text:
    """The label in its colour, then the verdict, note and tag markers, and placement warnings."""
    label = labels.by_name(annotation.label)
    line = Text(
        f" {sanitise(annotation.label)} ",
        style=theme.annotation_style(label.colour if label else "#808080"),
    )
    line.stylize("bold")
    if annotation.verdict:
        line.append(f"  {sanitise(annotation.verdict)}", style="bold")
    if annotation.note:
        line.append("  ✎", style="dim")
    if annotation.tags:
        line.append(
            "  " + " ".join(f"#{sanitise(tag)}" for tag in annotation.tags), style="italic dim"
        )
    if mark := PLACEMENT_MARKS.get(annotation.placement):
        line.append(*mark)
    if annotation.author != author_name():  # a teammate's (sync): say whose
        line.append(f"  by {sanitise(' '.join(annotation.author.split()))}", style="dim")
    return line


def excerpt(annotation: Annotation) -> Text:
    return Text(sanitise(" ".join(annotation.quote.split())), style="italic", no_wrap=True)


def describe_annotation(annotation: Annotation, labels: LabelSet) -> Text:
    """Headline and quote on two lines."""
    return Text("\n").join([headline(annotation, labels), excerpt(annotation)])


#: Characters of the quote in the "At the caret" box (the rest of the box is for the fields).
AT_CARET_QUOTE = 100
#: Check-worthiness in words (ClaimBuster's scale), as the edit dialog offers it.
WORTHINESS = {1: "not worth checking", 2: "low", 3: "medium", 4: "high", 5: "must check"}


def describe_at_caret(annotation: Annotation, labels: LabelSet) -> Text:
    """Everything an annotation holds, for the "At the caret" box: headline, quote, note,
    claimant, check-worthiness, evidence and, when it was placed again in a changed text, the
    quote it had before. Every outside string is shown as plain text."""
    quote = Text(short_quote(sanitise(annotation.quote), AT_CARET_QUOTE), style="italic")
    lines = [headline(annotation, labels), quote]
    attrs = annotation.attrs

    def field(caption: str, value: str) -> Text:
        return Text.assemble((f"{caption}: ", "dim"), sanitise(value))

    if annotation.note:
        lines.append(Text(sanitise_lines(annotation.note)))
    if claimant := attrs.get("claimant"):
        lines.append(field("claimant", str(claimant)))
    worth = attrs.get("check_worthiness")
    if isinstance(worth, int) and worth in WORTHINESS:
        lines.append(field("check-worthy", f"{worth} {WORTHINESS[worth]}"))
    evidence = attrs.get("evidence")
    if isinstance(evidence, list):
        for url in evidence:
            lines.append(field("evidence", str(url)))
    if previous := attrs.get("previous_quote"):
        lines.append(field("was", " ".join(str(previous).split())))
    return Text("\n").join(lines)


class AnnotationList(ScrollView, can_focus=True):
    """Posts ``Highlighted`` as the highlight moves and ``Selected`` on enter or click."""

    DEFAULT_CSS = """
    AnnotationList {
        overflow-x: hidden;
        scrollbar-size-vertical: 1;
    }
    """

    BINDINGS = [
        Binding("up,k", "move(-1)", "Up", show=False),
        Binding("down,j", "move(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "edge(-1)", "First", show=False),
        Binding("end", "edge(1)", "Last", show=False),
        Binding("enter", "select", "Edit"),
    ]

    highlighted: reactive[int | None] = reactive(None, always_update=True)

    class Highlighted(Message):
        def __init__(self, annotation: Annotation) -> None:
            super().__init__()
            self.annotation = annotation

    class Selected(Message):
        def __init__(self, annotation: Annotation) -> None:
            super().__init__()
            self.annotation = annotation

    def __init__(self, labels: LabelSet, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.labels = labels
        self.items: list[Annotation] = []

    def show(self, annotations: Sequence[Annotation]) -> None:
        """Replace the list, keeping the highlight on the same annotation when it is still there."""
        keep = self.highlighted_annotation.id if self.highlighted_annotation else None
        self.items = list(annotations)
        self.virtual_size = Size(0, len(self.items) * ROWS_PER_ITEM)
        self.highlighted = None
        if keep is not None:
            self.highlight_id(keep)
        self.refresh()

    @property
    def highlighted_annotation(self) -> Annotation | None:
        if self.highlighted is None or not 0 <= self.highlighted < len(self.items):
            return None
        return self.items[self.highlighted]

    def highlight_id(self, annotation_id: str) -> None:
        index = next((i for i, a in enumerate(self.items) if a.id == annotation_id), None)
        if index is not None:
            self._highlight(index, announce=False)

    def _highlight(self, index: int, announce: bool = True) -> None:
        if not self.items:
            return
        index = min(max(0, index), len(self.items) - 1)
        self.highlighted = index
        self.scroll_to_region(
            Region(0, index * ROWS_PER_ITEM, 1, ROWS_PER_ITEM), animate=False, immediate=True
        )
        self.refresh()
        if announce:
            self.post_message(self.Highlighted(self.items[index]))

    def action_move(self, delta: int) -> None:
        self._highlight(
            delta if self.highlighted is None and delta > 0 else (self.highlighted or 0) + delta
        )

    def action_page(self, direction: int) -> None:
        step = max(1, self.scrollable_content_region.height // ROWS_PER_ITEM)
        self._highlight((self.highlighted or 0) + direction * step)

    def action_edge(self, direction: int) -> None:
        self._highlight(0 if direction < 0 else len(self.items) - 1)

    def action_select(self) -> None:
        if (annotation := self.highlighted_annotation) is not None:
            self.post_message(self.Selected(annotation))

    def on_focus(self) -> None:
        if self.highlighted is None and self.items:
            self._highlight(0)

    def on_click(self, event: events.Click) -> None:
        at = event.get_content_offset(self)
        if at is not None:
            index = (at.y + round(self.scroll_y)) // ROWS_PER_ITEM
            if index < len(self.items):
                self._highlight(index)
                if event.chain == 2:
                    self.action_select()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        row = y + round(self.scroll_y)
        index, part = divmod(row, ROWS_PER_ITEM)
        if index >= len(self.items):
            return Strip.blank(width, self.rich_style)
        annotation = self.items[index]
        text = headline(annotation, self.labels) if part == 0 else excerpt(annotation)
        text.truncate(width, overflow="ellipsis")
        segments = list(text.render(self.app.console))
        style = self.rich_style + HIGHLIGHT if index == self.highlighted else self.rich_style
        return Strip(Segment.apply_style(segments, style)).adjust_cell_length(width, style)
