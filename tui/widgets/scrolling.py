"""Where the document view scrolls when the caret moves: pure arithmetic on rows, so it is
tested without a terminal."""

from __future__ import annotations

#: Rows kept between the caret and the top or bottom edge (vim's ``scrolloff``), at most a
#: quarter of the screen.
SCROLLOFF = 3


def top_row_for(
    caret: int, first: int, last: int, *, top: int, height: int, rows: int, margin: int = SCROLLOFF
) -> int:
    """The top row to show so that the caret's row, and the rows ``first``..``last`` of the
    thing it landed on (an annotation, a match: ``first <= caret <= last``), are seen.

    A step (the caret on or next to the screen) scrolls just enough to keep ``SCROLLOFF`` rows
    between the caret and the edge (``margin``); a jump off the screen centres the thing (or,
    when it is taller than the screen, puts its start ``margin`` rows from the top)."""
    margin = min(margin, (height - 1) // 4)
    if caret < top - 1 or caret > top + height:
        tall = last - first + 1
        new_top = first - margin if tall > height - 2 * margin else first - (height - tall) // 2
    else:
        new_top = top
        if last > new_top + height - 1 - margin:
            new_top = last - (height - 1 - margin)
        if first < new_top + margin:
            new_top = first - margin
    return max(0, min(new_top, rows - height))
