"""The view's row layout: wrapping and the offset mapping the caret, selection and mouse use."""

from __future__ import annotations

from bisect import bisect_right
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marginote.annotations.documents import Document
from marginote.tui.widgets.layout import (
    Layout,
    blocks_of,
    cells,
    char_cells,
    cluster_end,
    cluster_start,
    joins_previous,
    line_rows,
    visible,
    wrap_line,
)


def layout_of(text: str, width: int, block_chars: int = 8) -> Layout:
    """A layout with tiny blocks, so that small texts exercise the lazy, block-by-block path."""
    doc = Document(path=Path(__file__), text=text, encoding="UTF-8", title="t")
    return Layout(
        doc.text, doc.line_starts, width, blocks_of(doc.text, doc.line_starts, block_chars)
    )


def eager_rows(text: str, width: int) -> list[int]:
    """Row starts computed for the whole text at once: what the lazy layout must agree with."""
    doc = Document(path=Path(__file__), text=text, encoding="UTF-8", title="t")
    return line_rows(text, doc.line_starts, 0, len(doc.line_starts), width)


def row_ranges(layout: Layout) -> list[tuple[int, int]]:
    """Every row, walked top to bottom (the count may change as blocks are measured)."""
    ranges, row = [], 0
    while row < layout.row_count:
        ranges.append(layout.row_range(row))
        row += 1
    return ranges


def test_words_wrap_at_spaces() -> None:
    line = "the quick brown fox jumps over the lazy dog"
    rows = wrap_line(line, 10)
    pieces = [line[a:b] for a, b in zip(rows, [*rows[1:], len(line)], strict=True)]
    assert pieces == ["the quick ", "brown fox ", "jumps ", "over the ", "lazy dog"]


def test_wide_characters_are_never_split_and_rows_fit_the_width() -> None:
    line = "漢字かな交じり文" * 3
    rows = wrap_line(line, 7)
    for a, b in zip(rows, [*rows[1:], len(line)], strict=True):
        assert cells(line[a:b]) <= 7


def test_control_characters_become_visible_single_cell_placeholders() -> None:
    shown = visible("a\x1b]0;title\x07b\x1b[2Jc\u202ed\x9b")
    assert (
        "\x1b" not in shown
        and "\x07" not in shown
        and "\u202e" not in shown
        and "\x9b" not in shown
    )
    assert len(shown) == len("a\x1b]0;title\x07b\x1b[2Jc\u202ed\x9b")
    assert all(char_cells(c) == 1 for c in shown)


PIECES = [
    *"abc de\n",
    *["漢", "é", "e\u0301", "a\u0301\u0323", "👍", "👍🏽", "👩\u200d👩\u200d👧", "🇫🇷", "🇺🇦"],
    *["❤\ufe0f", "\x1b", "\t", "  ", "word ", "\u202e"],
]
text_strategy = st.lists(st.sampled_from(PIECES), max_size=120).map("".join)


@settings(max_examples=200, deadline=None)
@given(text=text_strategy, width=st.integers(min_value=2, max_value=40))
def test_rows_partition_the_text_and_fit_the_width(text: str, width: int) -> None:
    layout = layout_of(text, width)
    covered = []
    for start, end in row_ranges(layout):
        assert cells(text[start:end]) <= width
        covered.append(text[start:end])
    assert "".join(covered) == text.replace("\n", "")


@settings(max_examples=200, deadline=None)
@given(text=text_strategy, width=st.integers(min_value=2, max_value=40))
def test_rows_never_split_a_character(text: str, width: int) -> None:
    layout = layout_of(text, width)
    for start, _ in row_ranges(layout):
        assert not joins_previous(text, start)


@settings(max_examples=200, deadline=None)
@given(text=text_strategy, width=st.integers(min_value=2, max_value=40))
def test_caret_column_maps_back_to_the_same_offset(text: str, width: int) -> None:
    layout = layout_of(text, width)
    layout.refine(budget=1.0)
    for offset in range(len(text) + 1):
        if offset < len(text) and (joins_previous(text, offset) or text[offset] == "\n"):
            continue  # inside a character (never a caret position); a newline has no cell
        row = layout.row_of(offset)
        _, end = layout.row_range(row)
        if offset == end and offset < len(text) and text[offset] != "\n":
            continue  # the offset where a wrapped row ends is shown at the start of the next row
        assert layout.offset_at(row, layout.column_of(offset)) == offset


probes = st.lists(st.tuples(st.sampled_from(["offset", "row"]), st.floats(0, 1)), max_size=8)


@settings(max_examples=300, deadline=None)
@given(
    text=text_strategy,
    width=st.integers(min_value=2, max_value=40),
    block_chars=st.integers(min_value=1, max_value=64),
    probes=probes,
)
def test_lazy_layout_agrees_with_the_eager_wrap_whatever_is_measured_first(
    text: str, width: int, block_chars: int, probes: list[tuple[str, float]]
) -> None:
    """Blocks measured in any order (a jump to the end, a search match, the scrollbar) give the
    rows an eager wrap of the whole text gives, and every offset lands on the same row start."""
    layout = layout_of(text, width, block_chars)
    eager = eager_rows(text, width)
    for kind, where in probes:
        if kind == "offset":
            offset = round(where * len(text))
            row_start = eager[bisect_right(eager, offset) - 1]
            assert layout.start_of(layout.row_of(offset)) == row_start
        else:
            start, _ = layout.row_range(round(where * (layout.row_count - 1)))
            assert start in eager
    assert [start for start, _ in row_ranges(layout)] == eager
    assert layout.exact and layout.row_count == len(eager)


@settings(max_examples=200, deadline=None)
@given(
    text=text_strategy,
    width=st.integers(min_value=2, max_value=40),
    block_chars=st.integers(min_value=1, max_value=64),
    column=st.integers(min_value=0, max_value=40),
)
def test_caret_moving_row_by_row_visits_the_offsets_an_eager_layout_gives(
    text: str, width: int, block_chars: int, column: int
) -> None:
    def walk_down(layout: Layout, rows: int) -> list[int]:
        offsets, offset = [], 0
        for _ in range(rows):
            offset = layout.offset_at(layout.row_of(offset) + 1, column)
            offsets.append(offset)
        return offsets

    eager = layout_of(text, width, block_chars=len(text) + 1)
    eager.refine(budget=1.0)
    lazy = layout_of(text, width, block_chars)
    assert walk_down(lazy, eager.row_count) == walk_down(eager, eager.row_count)


def test_a_big_document_is_wrapped_only_where_it_is_read() -> None:
    text = (
        "A line of prose that is long enough to wrap at forty columns, twice over. " * 3 + "\n"
    ) * 20_000
    layout = layout_of(text, 40, block_chars=16_384)
    assert not layout.exact
    layout.row_of(len(text) // 2)
    measured = sum(rows is not None for rows in layout._rows)
    assert measured == 1 < len(layout._rows)
    layout.refine(budget=5.0)
    assert layout.exact and layout.row_count == len(eager_rows(text, 40))


@pytest.mark.parametrize(
    ("text", "clusters"),
    [
        ("e\u0301x", ["e\u0301", "x"]),
        ("👍🏽!", ["👍🏽", "!"]),
        ("👩\u200d👩\u200d👧.", ["👩\u200d👩\u200d👧", "."]),
        ("🇫🇷🇺🇦", ["🇫🇷", "🇺🇦"]),
        ("❤\ufe0f漢", ["❤\ufe0f", "漢"]),
    ],
)
def test_user_perceived_characters_are_kept_whole(text: str, clusters: list[str]) -> None:
    found, i = [], 0
    while i < len(text):
        end = cluster_end(text, i)
        found.append(text[i:end])
        i = end
    assert found == clusters
    assert all(cluster_start(text, j) <= j for j in range(len(text)))
