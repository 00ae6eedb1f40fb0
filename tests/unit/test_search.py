"""Search answers (count, next, previous, match number, matches on screen) equal what a full
list of the matches, computed eagerly, would give."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from marginote.annotations.search import TextSearch

texts = st.text(alphabet="aAbB é\nİK", max_size=80)
queries = st.text(alphabet="aAbBé İ", min_size=1, max_size=4)


def every_match(text: str, query: str) -> list[tuple[int, int]]:
    """The reference: the non-overlapping case-insensitive matches, scanned from the start."""
    return [m.span() for m in re.finditer(re.escape(query), text, re.IGNORECASE)]


@settings(max_examples=400, deadline=None)
@given(text=texts, query=queries, probe=st.floats(0, 1), end=st.floats(0, 1))
def test_search_answers_equal_the_full_list_of_matches(
    text: str, query: str, probe: float, end: float
) -> None:
    matches = TextSearch(text).find(query)
    expected = every_match(text, query)
    assert matches.count == len(expected)
    assert matches.between(0, len(text)) == expected
    offset = round(probe * len(text))
    if expected:
        after = [m for m in expected if m[0] >= offset]
        before = [m for m in expected if m[0] < offset]
        assert matches.after(offset) == (after[0] if after else expected[0])
        assert matches.before(offset) == (before[-1] if before else expected[-1])
        for number, (start, _) in enumerate(expected, 1):
            assert matches.number(start) == number
    else:
        assert matches.after(offset) is None and matches.before(offset) is None
    stop = max(offset, round(end * len(text)))
    assert matches.between(offset, stop) == [m for m in expected if m[1] > offset and m[0] < stop]


def test_search_on_a_big_text_counts_every_match() -> None:
    text = "Zelensky met Scholz. " * 250_000 + "zelensky"
    matches = TextSearch(text).find("ZELENSKY")
    assert matches.count == 250_001
    last = matches.before(0)
    assert last == (len(text) - 8, len(text))
    assert matches.number(last[0]) == 250_001


def test_straight_and_typographic_quotes_apostrophes_and_dashes_match_each_other() -> None:
    text = "Russia’s “peace plan” — he said — was ‘final’. Russia's \"plan\" - 2014–2022."
    search = TextSearch(text)
    assert search.find("Russia's").count == 2
    assert search.find("russia’s").count == 2
    at = text.index("“peace")
    assert search.find('"peace plan"').between(0, len(text)) == [(at, at + 12)]
    assert search.find("said - was").count == 1
    assert search.find("2014-2022").count == 1
    at = text.index("‘final")
    assert search.find("'final'").after(0) == (at, at + 7)
    # a text whose lower case is longer ("İ") is searched by the regex path: unified too
    assert TextSearch("İ Russia’s").find("İ russia's").count == 1
