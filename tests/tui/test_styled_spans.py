"""The annotations drawn on a row and found at the caret are found by bisection (issue 19: a
row at the end of a document of 10,000 annotations no longer walks all of them), and they are
the same ones a walk over every annotation finds: nested, long, empty and overlapping ones."""

from __future__ import annotations

import random

from marginote.annotations.labels import load_settings
from marginote.annotations.model import Annotation
from marginote.tui.widgets.styled_spans import StyledSpans

TEXT = "Peskov said the poll was very positive. Musk disagreed. " * 30


def test_annotations_at_an_offset_and_on_a_row_are_the_ones_covering_them() -> None:
    rng = random.Random(19)
    made = []
    for _ in range(300):
        start = rng.randrange(len(TEXT))
        length = rng.choice([0, 1, 5, 40, 40, 300, 1200])
        made.append(
            Annotation.of_span(
                TEXT, start, min(len(TEXT), start + length), "claim", doc="d", path="p"
            )
        )
    spans = StyledSpans(load_settings().labels)
    spans.set_annotations(made, in_order=False)
    for _ in range(400):
        offset = rng.randrange(len(TEXT))
        expected = {a.id for a in made if a.start <= offset < max(a.end, a.start + 1)}
        assert {a.id for a in spans.annotations_at(offset)} == expected
        end = offset + rng.randrange(1, 120)
        drawn = {(s, e) for s, e, _ in spans.layers(offset, end, show_entities=False)}
        assert drawn == {(a.start, a.end) for a in made if a.start < end and a.end > offset}
