"""Word counts in slices: the library's Words column and the reader's header show the same count
as splitting the whole text, whatever falls on a slice's edge; the count can be paused or
stopped between slices (the library's thread yields to the reader that way)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marginote.annotations.words import SLICE, count_words

#: Words and spaces of every kind, long enough to cross a few slice edges.
TEXTS = st.lists(
    st.sampled_from(["word", "x", " ", "\n", "\t", "\u00a0", "\u2003", "Ünïcødé", "  "]),
    max_size=200,
).map("".join)


@given(TEXTS, st.integers(min_value=0, max_value=SLICE))
def test_the_count_is_the_whole_texts_split_wherever_the_slices_fall(text: str, pad: int) -> None:
    padded = "a" * pad + text  # shifts the text across the first slice's edge
    assert count_words(padded) == len(padded.split())


def test_a_word_across_a_slice_edge_is_one_word() -> None:
    text = "a" * (SLICE - 2) + " word" + " b" * 10
    assert count_words(text) == 12
    assert count_words("x" * (3 * SLICE)) == 1


def test_between_runs_between_slices_and_can_stop_the_count() -> None:
    calls: list[int] = []
    assert count_words("a " * SLICE * 2, lambda: calls.append(1)) == SLICE * 2
    assert len(calls) == 3  # four slices, three gaps

    def stop() -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        count_words("a " * SLICE, stop)
