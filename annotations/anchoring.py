"""Anchoring annotations to text: the quote/prefix/suffix and position selectors.

An annotation remembers where it was (``start``/``end``) and what it covered (``quote`` with 32
characters of ``prefix`` and ``suffix``), like the W3C TextQuoteSelector and TextPositionSelector.
``locate`` finds it again in a text: first by position, then by the exact quote, preferring the
occurrence whose context matches best.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

CONTEXT = 32

Placement = Literal["exact", "moved", "orphan"]


@dataclass(frozen=True)
class Selector:
    quote: str
    prefix: str
    suffix: str


@dataclass(frozen=True)
class Anchor:
    start: int
    end: int
    placement: Placement


def select(text: str, start: int, end: int) -> Selector:
    """The quote selector for ``text[start:end]``."""
    return Selector(
        quote=text[start:end],
        prefix=text[max(0, start - CONTEXT) : start],
        suffix=text[end : end + CONTEXT],
    )


def _context_score(text: str, start: int, end: int, selector: Selector) -> int:
    before = text[max(0, start - len(selector.prefix)) : start]
    after = text[end : end + len(selector.suffix)]
    score = 0
    for a, b in zip(reversed(before), reversed(selector.prefix), strict=False):
        if a != b:
            break
        score += 1
    for a, b in zip(after, selector.suffix, strict=False):
        if a != b:
            break
        score += 1
    return score


def locate(text: str, start: int, end: int, selector: Selector) -> Anchor:
    """Place a span in ``text``: by position when the quote is still there, else by quote."""
    quote = selector.quote
    if 0 <= start <= end <= len(text) and text[start:end] == quote:
        return Anchor(start, end, "exact")
    if not quote:
        return Anchor(start, end, "orphan")
    best: tuple[int, int, int] | None = None  # (score, -distance, position)
    pos = text.find(quote)
    while pos != -1:
        candidate = (_context_score(text, pos, pos + len(quote), selector), -abs(pos - start), pos)
        if best is None or candidate > best:
            best = candidate
        pos = text.find(quote, pos + 1)
    if best is None:
        return Anchor(start, end, "orphan")
    return Anchor(best[2], best[2] + len(quote), "moved")
