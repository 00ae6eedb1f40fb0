"""One-line headings and cells that hold a name and a path: what gives way when the line is too
narrow, counted in terminal cells (a CJK character or an emoji takes two)."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text

#: The fewest cells a path is cut to in a heading before the name gives way too.
MIN_PATH = 8


def cut_path(path: str, width: int) -> str:
    """``path`` in ``width`` cells, cut at the start (the file name at its end matters most)."""
    if cell_len(path) <= width:
        return path
    kept: list[str] = []
    used = 1  # the "…"
    for char in reversed(path):
        used += cell_len(char)
        if used > width:
            break
        kept.append(char)
    return "…" + "".join(reversed(kept))


def fit_heading(name: str, path: str, tail: Text, width: int) -> Text:
    """``name`` (bold), ``path`` (dim), then ``tail`` (which brings its own leading gap) in one
    line of ``width`` cells with a cell of padding at each end: the path gives way first (cut at
    its start, down to ``MIN_PATH`` cells), then the name (cut at its end), so that ``tail`` (the
    word count, "changed on disk", "preview") stays on the line."""
    fixed = 2 + 2 + tail.cell_len  # the padding, the gap after the name, the tail
    if width - fixed - cell_len(name) < MIN_PATH:
        shown = Text(name)
        shown.truncate(max(width - fixed - MIN_PATH, MIN_PATH), overflow="ellipsis")
        name = shown.plain
    room = width - fixed - cell_len(name)
    return Text.assemble((name, "bold"), "  ", (cut_path(path, max(room, MIN_PATH)), "dim"), tail)
