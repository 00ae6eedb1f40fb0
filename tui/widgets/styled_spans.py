"""What the document view draws over the text: entities (with the user's corrections and hidden
types), annotations, search matches and the right-margin marks, with the look-ups the caret needs.

The screen pushes these down through the view (``DocumentView.set_entities`` and friends); the
view asks ``layers`` for the styled spans touching one row as it draws it. Every look-up is a
bisection on sorted starts, so a row costs what touches it, whatever the document's size.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from itertools import accumulate

from rich.segment import Segment
from rich.style import Style

from marginote.annotations.corrections import Corrections
from marginote.annotations.entities import EntitySpans
from marginote.annotations.model import Annotation, LabelSet
from marginote.annotations.search import Matches
from marginote.tui import theme

Span = tuple[int, int]
#: A styled span ``(start, end, style)``; later ones in a list are painted over earlier ones.
Layer = tuple[int, int, Style]
#: ``marks(start, end)``: a one-cell mark for the right margin of the row showing ``[start, end)``.
Gutter = Callable[[int, int], Segment | None]


class StyledSpans:
    """The spans drawn over one document's text, kept sorted for bisection."""

    def __init__(self, labels: LabelSet) -> None:
        self.labels = labels
        self.entities = EntitySpans()
        self.hidden_types: set[str] = set()
        self.corrections = Corrections()
        self.annotations: list[Annotation] = []
        self.annotation_starts: list[int] = []
        #: The furthest end reached by the annotations up to each one (store2, issue 19): the
        #: first that may still cover an offset is found by bisection, not by a walk from the
        #: document's first annotation.
        self.annotation_reach: list[int] = []
        self.matches: Matches | None = None
        self.current_match: Span | None = None
        self.gutter: Gutter | None = None

    def set_annotations(self, annotations: Iterable[Annotation], *, in_order: bool) -> None:
        if in_order:
            self.annotations = list(annotations)
        else:
            self.annotations = sorted(annotations, key=lambda a: (a.start, -a.end))
        self.annotation_starts = [a.start for a in self.annotations]
        self.annotation_reach = list(accumulate((a.end for a in self.annotations), max))

    # -- look-ups ---------------------------------------------------------------------------------

    def entity_at(self, offset: int) -> tuple[int, int, str | None] | None:
        """(start, end, type) of the entity at ``offset`` as shown (type None: rejected)."""
        corrections = self.corrections
        for start, end, label in corrections.shown_in(offset, offset + 1):
            return start, end, label
        spans = self.entities
        for i in spans.overlapping(offset, offset + 1):
            start, end = spans.starts[i], spans.ends[i]
            return start, end, corrections.by_span.get((start, end), spans.label(i))
        return None

    def annotations_at(self, offset: int) -> list[Annotation]:
        """Annotations covering ``offset``, innermost (shortest) first."""
        starts = self.annotation_starts
        i = bisect_right(starts, offset)
        first = min(bisect_right(self.annotation_reach, offset), bisect_left(starts, offset))
        covering = [
            a for a in self.annotations[first:i] if a.start <= offset < max(a.end, a.start + 1)
        ]
        return sorted(covering, key=lambda a: a.end - a.start)

    def starting_at(self, offset: int) -> Span | None:
        """The search match, annotation or entity that starts at ``offset`` (in that order)."""
        if self.current_match is not None and self.current_match[0] == offset:
            return self.current_match
        i = bisect_left(self.annotation_starts, offset)
        if i < len(self.annotation_starts) and self.annotation_starts[i] == offset:
            return offset, self.annotations[i].end
        starts = self.entities.starts
        i = bisect_left(starts, offset)
        if i < len(starts) and starts[i] == offset:
            return offset, self.entities.ends[i]
        return None

    # -- drawing ----------------------------------------------------------------------------------

    def layers(self, start: int, end: int, *, show_entities: bool) -> list[Layer]:
        """Styled spans touching ``[start, end)``, in paint order (later ones win)."""
        layers: list[Layer] = []
        if show_entities:
            spans = self.entities
            hidden, corrections = self.hidden_types, self.corrections
            layers.extend(
                (spans.starts[i], spans.ends[i], theme.entity_style(spans.label(i)))
                for i in spans.overlapping(start, end)
                if spans.label(i) not in hidden
                and not corrections.overrides(spans.starts[i], spans.ends[i])
            )
            layers.extend(
                (s, e, theme.entity_style(label) + theme.CORRECTED)
                for s, e, label in corrections.shown_in(start, end)
                if label not in hidden
            )
        first = bisect_right(self.annotation_reach, start)
        last = bisect_left(self.annotation_starts, end)
        covering = [a for a in self.annotations[first:last] if a.end > start]
        outer: list[Annotation] = []
        for annotation in sorted(covering, key=lambda a: a.start - a.end):  # outermost first
            label = self.labels.by_name(annotation.label)
            # Nested inside another one: drawn brighter and bold, so both stay visible.
            nested = any(o.start <= annotation.start and annotation.end <= o.end for o in outer)
            outer.append(annotation)
            colour = label.colour if label else "#808080"
            layers.append(
                (annotation.start, annotation.end, theme.annotation_style(colour, nested))
            )
        if self.matches is not None:
            for match in self.matches.between(start, end):
                style = theme.CURRENT_MATCH if match == self.current_match else theme.SEARCH_MATCH
                layers.append((*match, style))
        return layers
