"""Quotes in messages are cut at word boundaries, with an ellipsis."""

from __future__ import annotations

from marginote.annotations.snippets import shorten


def test_a_long_quote_is_cut_after_a_whole_word() -> None:
    quote = "Putin spokesman Dmitry Peskov on Tuesday told reporters, “We consider it positive”"
    short = shorten(quote, 40)
    assert short == "Putin spokesman Dmitry Peskov on…"
    assert len(short) <= 40
    assert shorten("short\n  quote", 40) == "short quote"
    assert shorten("told reporters, indeed", 17) == "told reporters…"  # no dangling comma
    assert shorten("Supercalifragilistic", 8) == "Superca…"
