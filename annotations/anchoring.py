"""Anchoring annotations to text: the quote/prefix/suffix and position selectors.

An annotation remembers where it was (``start``/``end``) and what it covered (``quote`` with 32
characters of ``prefix`` and ``suffix``), like the W3C TextQuoteSelector and TextPositionSelector.
When a document's text changes, ``locate`` places it again:

1. by position, when the quote is still at the same offsets and no other occurrence of it has
   a context that fits better ("exact");
2. by the exact quote ("moved"), when it is long and occurs once, or when its context
   (prefix/suffix) singles one occurrence out;
3. by fuzzy matching, as the Hypothesis client does: an approximate match of the quote with at most
   half of its characters in error, scored on the quote (50), prefix (20), suffix (20) and
   distance from the old position (2). A fuzzy match is taken only when its score passes
   ``MIN_SCORE``, its context agrees, and no other candidate comes close, so it never silently
   lands on a different passage that merely looks alike ("fuzzy": the user confirms it);
4. otherwise the annotation is an "orphan": kept with its quote, never dropped.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Literal

CONTEXT = 32
#: Least combined score (0-1) for a fuzzy placement.
MIN_SCORE = 0.6
#: A runner-up candidate within this score of the best one makes a fuzzy match ambiguous.
AMBIGUITY_MARGIN = 0.08
#: Quotes shorter than this are never placed fuzzily: too many passages look alike.
MIN_FUZZY_QUOTE = 12
#: A quote at least this long that occurs exactly once is taken as moved, whatever its context.
UNIQUE_QUOTE = 24

Placement = Literal["exact", "moved", "fuzzy", "orphan"]


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
    score: float = 1.0


def select(text: str, start: int, end: int) -> Selector:
    """The quote selector for ``text[start:end]``."""
    return Selector(
        quote=text[start:end],
        prefix=text[max(0, start - CONTEXT) : start],
        suffix=text[end : end + CONTEXT],
    )


def locate(text: str, start: int, end: int, selector: Selector) -> Anchor:
    """Place a span that covered ``selector.quote`` at ``start``/``end`` in an older text."""
    quote = selector.quote
    in_place = 0 <= start <= end <= len(text) and text[start:end] == quote
    if in_place:
        here = _context_agreement(text, start, end, selector)
        if here == 1.0:
            return Anchor(start, end, "exact")
    if not quote:
        return Anchor(start, end, "orphan", 0.0)
    moved = _by_exact_quote(text, start, selector)
    if in_place:  # the same words are still here: move only to a place whose context fits better
        if moved is not None and moved.placement == "moved" and moved.start != start:
            there = _context_agreement(text, moved.start, moved.end, selector)
            if there > here:
                return moved
        return Anchor(start, end, "exact")
    if moved is not None:
        return moved
    return _by_fuzzy_match(text, start, selector) or Anchor(start, end, "orphan", 0.0)


# -- exact quote -------------------------------------------------------------------------------


def _context_agreement(text: str, start: int, end: int, selector: Selector) -> float:
    """How much of the prefix and suffix (0-1) matches around ``[start, end)``, char by char.

    A prefix (suffix) shorter than ``CONTEXT`` means the span was that close to the start (end)
    of the text: that counts as one more character of context, matched only by a place that is
    just as close to the start (end).
    """
    prefix_edge = len(selector.prefix) < CONTEXT
    suffix_edge = len(selector.suffix) < CONTEXT
    total = len(selector.prefix) + len(selector.suffix) + prefix_edge + suffix_edge
    before = text[max(0, start - len(selector.prefix)) : start]
    after = text[end : end + len(selector.suffix)]
    matched = 0
    if prefix_edge and start == len(selector.prefix):
        matched += 1
    if suffix_edge and len(text) - end == len(selector.suffix):
        matched += 1
    for a, b in zip(reversed(before), reversed(selector.prefix), strict=False):
        if a != b:
            break
        matched += 1
    for a, b in zip(after, selector.suffix, strict=False):
        if a != b:
            break
        matched += 1
    return matched / total


def _by_exact_quote(text: str, hint: int, selector: Selector) -> Anchor | None:
    quote = selector.quote
    found: list[tuple[float, int]] = []
    pos = text.find(quote)
    while pos != -1 and len(found) < 10_000:
        found.append((_context_agreement(text, pos, pos + len(quote), selector), pos))
        pos = text.find(quote, pos + 1)
    if not found:
        return None
    found.sort(key=lambda item: (-item[0], abs(item[1] - hint)))
    best_context, best = found[0]
    runner_up = found[1][0] if len(found) > 1 else -1.0
    if len(found) == 1 and len(quote) >= UNIQUE_QUOTE:
        return Anchor(best, best + len(quote), "moved")  # a long quote found once: it moved
    if best_context >= 0.5 and best_context > runner_up:
        return Anchor(best, best + len(quote), "moved")
    if len(quote) >= MIN_FUZZY_QUOTE and best_context > runner_up + AMBIGUITY_MARGIN:
        # The quote survived but its surroundings changed: place it, and ask the user.
        return Anchor(best, best + len(quote), "fuzzy", 0.5 + best_context / 2)
    if len(found) == 1 and len(quote) >= MIN_FUZZY_QUOTE:
        return Anchor(best, best + len(quote), "fuzzy", 0.5)
    return None  # ambiguous: the same words elsewhere, nothing to tell them apart


# -- fuzzy match -------------------------------------------------------------------------------


def best_approximate_end(pattern: str, text: str, lo: int, hi: int) -> tuple[int, int]:
    """(edit distance, end offset) of the best approximate match of ``pattern`` in ``text[lo:hi]``.

    Myers' bit-parallel algorithm (as in approx-string-match, which Hypothesis uses): one pass
    over the text with integer operations, whatever the pattern's length.
    """
    m = len(pattern)
    mask = (1 << m) - 1
    high = 1 << (m - 1)
    peq: dict[str, int] = defaultdict(int)
    for i, char in enumerate(pattern):
        peq[char] |= 1 << i
    pv, mv, score = mask, 0, m
    best = (m, lo)
    for j in range(lo, hi):
        eq = peq.get(text[j], 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = (mv | ~(xh | pv)) & mask
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        ph = (ph << 1) & mask
        mh = (mh << 1) & mask
        pv = (mh | ~(xv | ph)) & mask
        mv = ph & xv
        if score < best[0]:
            best = (score, j + 1)
    return best


def _match_at(text: str, quote: str, lo: int, hi: int) -> tuple[int, int, int]:
    """(errors, start, end) of the best approximate match of ``quote`` within ``text[lo:hi]``."""
    errors, end = best_approximate_end(quote, text, lo, hi)
    # The start: the same search, backwards, for the reversed quote ending at ``end``.
    back_lo = max(lo, end - len(quote) - errors)
    reversed_text = text[back_lo:end][::-1]
    _, length = best_approximate_end(quote[::-1], reversed_text, 0, len(reversed_text))
    return errors, end - length, end


def _similarity(a: str, b: str) -> float:
    """1 - (edit distance / length) of two short strings (for prefix and suffix)."""
    if not a and not b:
        return 1.0
    if not a or not b:
        return 0.0
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return 1 - previous[-1] / max(len(a), len(b))


def _candidate_starts(text: str, quote: str, hint: int) -> list[int]:
    """Likely starts of an edited quote: the old position, and where its pieces still occur."""
    size = max(4, min(16, len(quote) // 6))
    votes: dict[int, set[int]] = defaultdict(set)
    bucket = max(1, len(quote) // 2)
    for piece_start in range(0, len(quote) - size + 1, size):
        piece = quote[piece_start : piece_start + size]
        if not piece.strip():
            continue
        pos, seen = text.find(piece), 0
        while pos != -1 and seen < 200:
            votes[(pos - piece_start) // bucket].add(piece_start)
            pos, seen = text.find(piece, pos + 1), seen + 1
    ranked = sorted(votes, key=lambda b: -len(votes[b]))[:6]
    return [hint, *(b * bucket for b in ranked)]


def _by_fuzzy_match(text: str, hint: int, selector: Selector) -> Anchor | None:
    quote = selector.quote
    if len(quote) < MIN_FUZZY_QUOTE:
        return None
    max_errors = len(quote) // 2
    scored: dict[tuple[int, int], tuple[float, float, float]] = {}
    for guess in _candidate_starts(text, quote, hint):
        lo = max(0, guess - max_errors - 8)
        hi = min(len(text), guess + len(quote) + max_errors + 8)
        if hi <= lo:
            continue
        errors, start, end = _match_at(text, quote, lo, hi)
        if errors > max_errors:
            continue
        start, end = _snap_to_context(text, start, end, selector, max_errors)
        if (start, end) in scored:
            continue
        quote_score = 1 - errors / len(quote)
        # Context is compared over fixed windows: a short prefix means "near the start of the text".
        prefix_score = _similarity(selector.prefix, text[max(0, start - CONTEXT) : start])
        suffix_score = _similarity(selector.suffix, text[end : end + CONTEXT])
        position_score = 1 - min(1.0, abs(start - hint) / max(1, len(text)))
        total = (50 * quote_score + 20 * prefix_score + 20 * suffix_score + 2 * position_score) / 92
        scored[(start, end)] = (total, quote_score, max(prefix_score, suffix_score))
    if not scored:
        return None
    ranked = sorted(scored.items(), key=lambda item: -item[1][0])
    (start, end), (total, quote_score, context_score) = ranked[0]
    if total < MIN_SCORE or (context_score < 0.5 and quote_score < 0.9):
        return None
    for (other_start, other_end), (other_total, _, _) in ranked[1:]:
        overlaps = other_start < end and start < other_end
        if not overlaps and other_total > total - AMBIGUITY_MARGIN:
            return None  # two passages fit about as well: do not guess
    start, end = _widen_to_words(text, start, end)
    return Anchor(start, end, "fuzzy", round(total, 3))


def _snap_to_context(
    text: str, start: int, end: int, selector: Selector, slack: int
) -> tuple[int, int]:
    """Move fuzzy boundaries to where the remembered prefix ends and suffix begins, when those
    still occur nearby: edit distance alone tends to stop short of inserted words."""
    probe = selector.suffix[:8]
    if len(probe.strip()) >= 4:
        pos = text.find(probe, max(start + 1, end - slack), end + slack + len(probe))
        if pos != -1:
            end = pos
    probe = selector.prefix[-8:]
    if len(probe.strip()) >= 4:
        pos = text.rfind(probe, max(0, start - slack - len(probe)), min(end, start + slack))
        if pos != -1 and pos + len(probe) < end:
            start = pos + len(probe)
    return start, end


def _widen_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Grow a fuzzy match that starts or ends inside a word to the whole word (at most 24 chars)."""
    limit = max(0, start - 24)
    while start > limit and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    limit = min(len(text), end + 24)
    while end < limit and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    return start, end
