"""The view's row layout: wrapping and the offset mapping the caret, selection and mouse use."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.documents import Document
from tui.widgets.layout import (
    Layout,
    cells,
    char_cells,
    cluster_end,
    cluster_start,
    joins_previous,
    visible,
    wrap_line,
)


def layout_of(text: str, width: int) -> Layout:
    doc = Document(path=__file__, text=text, encoding="UTF-8", title="t")  # type: ignore[arg-type]
    return Layout(doc.text, doc.line_starts, width)


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
    for row in range(layout.row_count):
        start, end = layout.row_range(row)
        assert cells(text[start:end]) <= width
        covered.append(text[start:end])
    assert "".join(covered) == text.replace("\n", "")


@settings(max_examples=200, deadline=None)
@given(text=text_strategy, width=st.integers(min_value=2, max_value=40))
def test_rows_never_split_a_character(text: str, width: int) -> None:
    layout = layout_of(text, width)
    for row in range(layout.row_count):
        start, _ = layout.row_range(row)
        assert not joins_previous(text, start)


@settings(max_examples=200, deadline=None)
@given(text=text_strategy, width=st.integers(min_value=2, max_value=40))
def test_caret_column_maps_back_to_the_same_offset(text: str, width: int) -> None:
    layout = layout_of(text, width)
    for offset in range(len(text) + 1):
        if offset < len(text) and (joins_previous(text, offset) or text[offset] == "\n"):
            continue  # inside a character (never a caret position); a newline has no cell
        row = layout.row_of(offset)
        _, end = layout.row_range(row)
        if offset == end and offset < len(text) and text[offset] != "\n":
            continue  # the offset where a wrapped row ends is shown at the start of the next row
        assert layout.offset_at(row, layout.column_of(offset)) == offset


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
