"""Drawing one screen row of the document view: the row's text cut where styled spans begin and
end, each piece styled by every span over it, as Rich Segments (never parsed as markup; control
characters drawn as visible placeholders), then fitted to the width with an optional mark in the
right margin."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from marginote.tui import theme
from marginote.tui.widgets.layout import visible
from marginote.tui.widgets.styled_spans import Layer


def row_segments(
    text: str,
    start: int,
    end: int,
    layers: Sequence[Layer],
    base: Style,
    *,
    caret_after: bool = False,
) -> list[Segment]:
    """Segments of ``text[start:end]`` styled by ``layers``; ``caret_after`` adds a caret cell
    after the row's last character (the caret at the end of a line)."""
    points = {start, end}
    for s, e, _ in layers:
        if start < s < end:
            points.add(s)
        if start < e < end:
            points.add(e)
    segments = []
    for a, b in pairwise(sorted(points)):
        style = base
        for s, e, layer in layers:
            if s < b and a < e:
                style += layer
        segments.append(Segment(visible(text[a:b]), style))
    if caret_after:
        segments.append(Segment(" ", base + theme.CURSOR))
    return segments


def row_strip(segments: list[Segment], width: int, base: Style, mark: Segment | None) -> Strip:
    """The row fitted to ``width`` cells; ``mark`` (if any) takes the last cell."""
    strip = Strip(segments).adjust_cell_length(width, base)
    if mark is not None:
        strip = Strip.join([strip.crop(0, width - 1), Strip([mark])])
    return strip
