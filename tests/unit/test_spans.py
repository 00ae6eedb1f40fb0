"""``=`` snaps a selection to words with quotes balanced, within its paragraph; an annotation
grows or shrinks by a word at either end."""

from __future__ import annotations

from typing import cast

import pytest

from marginote.annotations.model import Annotation
from marginote.annotations.spans import Side, resized, resized_span, snap


def snapped(text: str, selected: str) -> str:
    start = text.index(selected)
    lead = start + len(selected) - len(selected.lstrip())
    paragraph_start = text.rfind("\n\n", 0, lead)
    paragraph_start = 0 if paragraph_start == -1 else paragraph_start + 2
    paragraph_end = text.find("\n\n", lead)
    paragraph = (paragraph_start, len(text) if paragraph_end == -1 else paragraph_end)
    a, b = snap(text, start, start + len(selected), paragraph)
    return text[a:b]


@pytest.mark.parametrize(
    ("text", "selected", "expected"),
    [
        # the cases: a closing quote without its opening, a dash, the next bullet
        (
            "It was “less than 5 per cent” of homes.",
            "less than 5 per cent”",
            "“less than 5 per cent”",
        ),
        ("It was “necessary”—he said.", "necessary”—", "“necessary”"),
        ("Build homes.\n- Cut taxes", "homes.\n-", "homes."),
        ("Build more homes.\n- Cut taxes.", "more homes.\n- Cut", "more homes."),
        # cut words are completed, loose punctuation dropped, kept marks kept
        ("GDP grew 4.2% in 2023, he said", "DP grew 4.2% in 2023,", "GDP grew 4.2% in 2023"),
        ("Russia's army won", "ussia's arm", "Russia's army"),
        ("The Presidency’s office said", "sidency’s of", "Presidency’s office"),
        ("Prices rose £40 a week.", " £40 a week.", "£40 a week."),
        # a bracket or quote opened in the span is closed, or left out when far
        ("Russia's army (the biggest) won.", "army (the bigg", "army (the biggest)"),
        ('The "quoted" bit', 'quoted" bit', '"quoted" bit'),
        ("A “b” and “c” d", "b” and “c", "“b” and “c”"),
        # never across a paragraph
        ("First claim here.\n\nSecond one.", "claim here.\n\nSecond", "claim here."),
    ],
)
def test_snap_keeps_quotes_balanced_and_stays_in_its_paragraph(
    text: str, selected: str, expected: str
) -> None:
    assert snapped(text, selected) == expected


TEXT = "They said “one two three four” today.\n\nNext paragraph."


def span_of(quote: str) -> tuple[int, int]:
    start = TEXT.index(quote)
    return start, start + len(quote)


@pytest.mark.parametrize(
    ("quote", "side", "steps"),
    [
        ("three four", "end+", ["three four”", "three four” today", "three four” today."]),
        ("one two", "start-", ["“one two", "said “one two"]),
        ("“one two three four”", "end-", ["“one two three four", "“one two three"]),
        ("“one two three four”", "start+", ["one two three four”", "two three four”"]),
    ],
)
def test_a_word_more_or_less_at_either_end_a_quote_being_a_step(
    quote: str, side: str, steps: list[str]
) -> None:
    paragraph = (0, TEXT.index("\n\n"))
    span = span_of(quote)
    for expected in steps:
        found = resized_span(TEXT, *span, cast(Side, side), paragraph)
        assert found is not None
        span = found
        assert TEXT[slice(*span)] == expected


def test_resizing_keeps_everything_else_and_stops_at_the_edges() -> None:
    start, end = span_of("today")
    claim = Annotation.of_span(
        TEXT, start, end, "claim", doc="d", path="p", note="n", attrs={"verdict": "false"}
    )
    paragraph = (0, TEXT.index("\n\n"))
    ended = resized(claim, TEXT, "end+", paragraph)
    assert ended is not None and ended.quote == "today."  # the full stop
    assert resized(ended, TEXT, "end+", paragraph) is None  # the paragraph ends there
    assert resized(claim, TEXT, "end-", paragraph) is None  # one word: cannot shrink
    grown = resized(claim, TEXT, "start-", paragraph)
    assert grown is not None and grown.quote == "four” today"
    assert (grown.id, grown.note, grown.verdict) == (claim.id, "n", "false")
