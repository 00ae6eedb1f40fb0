"""A text that grows at its end (the PDF preview, page by page): the document's line starts and
the wrapped rows after each append are those of the whole text wrapped at once."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from marginote.annotations.documents import Document
from marginote.tui.widgets.layout import Layout, blocks_of

WORDS = st.sampled_from(["a", "word", "longer-word", "x" * 30, "\n", "\n\n", " "])
PIECES = st.lists(st.lists(WORDS, max_size=40).map(" ".join), min_size=1, max_size=8)


def rows(layout: Layout) -> list[tuple[int, int]]:
    layout.refine(budget=60)  # every block measured: the row count is exact
    return [layout.row_range(row) for row in range(layout.row_count)]


@settings(max_examples=60, deadline=None)
@given(pieces=PIECES, width=st.integers(5, 30), measure_first=st.booleans())
def test_appending_gives_the_rows_of_the_whole_text(
    pieces: list[str], width: int, measure_first: bool
) -> None:
    document = Document(Path("grow.pdf"), "", "PDF", "Grow")
    blocks = blocks_of(document.text, document.line_starts, 16)
    layout = Layout(document.text, document.line_starts, width, blocks)
    for piece in pieces:
        if measure_first:
            rows(layout)  # the rows seen so far were measured before the text grew
        document = document.extended(piece)
        blocks[-1:] = blocks_of(document.text, document.line_starts, 16, first=blocks[-1])
        layout.extend(document.text, document.line_starts, blocks)
    whole = Document(Path("grow.pdf"), "".join(pieces), "PDF", "Grow")
    assert document.text == whole.text and document.sha256 == whole.sha256
    assert document.line_starts == whole.line_starts
    assert blocks == blocks_of(whole.text, whole.line_starts, 16)
    assert rows(layout) == rows(Layout(whole.text, whole.line_starts, width, blocks))
