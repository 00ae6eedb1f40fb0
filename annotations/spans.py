"""Span boundaries as a fact-checker wants them: snapped to whole words, quotes balanced, never
across a paragraph or into the next list item; and an annotation grown or shrunk by a word at
either end, keeping everything else it holds (verdict, note, claimant...)."""

from __future__ import annotations

import re
from typing import Literal

from marginote.annotations.anchoring import select
from marginote.annotations.model import Annotation

#: A word: letters and digits, with the apostrophes, points, commas and hyphens inside it
#: ("Russia's", "4.2", "12,000", "well-known").
WORD = re.compile(r"\w+(?:[’'.,\-]\w+)*")
_WORD_CHAR = re.compile(r"\w")
#: Opening quote or bracket → its closing one.
PAIRS = {"“": "”", "‘": "’", "«": "»", "„": "“", "(": ")", "[": "]", "{": "}"}
CLOSING = {close: open_ for open_, close in PAIRS.items()}
STRAIGHT = {'"', "'"}
APOSTROPHES = {"'", "’"}
#: Punctuation a span may end with (after a word): the end of a sentence, a percent sign.
KEEP_AT_END = set(".!?%…")
#: ...and begin with: currency signs, hashtags and handles.
KEEP_AT_START = set("$£€¥#@")
#: A line that starts a list item: a bullet, or a number or letter with a point or bracket.
LIST_ITEM = re.compile(r"\n[ \t]*(?:[-*•–—]|\d{1,3}[.)]|[a-zA-Z][.)])\s")

Side = Literal["start+", "start-", "end+", "end-"]


#: How far beyond the span a quote's partner is looked for.
REACH = 80


def _unmatched(text: str, start: int, end: int) -> tuple[int, bool] | None:
    """The first quote or bracket in the span whose partner is not in it: (offset, is_opening)."""
    stack: list[int] = []
    for i in range(start, end):
        c = text[i]
        before = text[i - 1] if i > 0 else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if c in APOSTROPHES and _WORD_CHAR.match(before) and _WORD_CHAR.match(after):
            continue  # an apostrophe inside a word ("Russia’s")
        if c in STRAIGHT:
            if stack and text[stack[-1]] == c:
                stack.pop()
            elif not _WORD_CHAR.match(before) and not after.isspace():
                stack.append(i)  # opening
            else:
                return i, False
        elif c in PAIRS:
            stack.append(i)
        elif c in CLOSING:
            if stack and text[stack[-1]] == CLOSING[c]:
                stack.pop()
            else:
                return i, False
    return (stack[0], True) if stack else None


def _balanced_quotes(
    text: str, start: int, end: int, paragraph: tuple[int, int] | None = None
) -> tuple[int, int]:
    """Quotes and brackets balanced: a partner close beside the span is taken in, else the
    unpartnered mark is left out (with what it cuts off)."""
    low, high = paragraph or (0, len(text))
    for _ in range(6):
        found = _unmatched(text, start, end)
        if found is None or start >= end:
            break
        i, opening = found
        c = text[i]
        if opening:
            partner = PAIRS.get(c, c)
            k = text.find(partner, end, min(high, end + REACH))
            end = k + 1 if k != -1 else i
        else:
            partner = CLOSING.get(c, c)
            j = text.rfind(partner, max(low, start - REACH), start)
            start = j if j != -1 else i + 1
    return start, end


def _trim_punctuation(text: str, start: int, end: int) -> tuple[int, int]:
    """Spaces, dashes, commas and the like off both ends (quotes are left for balancing)."""
    quotes = set(PAIRS) | set(CLOSING) | STRAIGHT

    def loose(c: str, keep: set[str]) -> bool:
        return not _WORD_CHAR.match(c) and c not in keep and c not in quotes

    changed = True
    while changed and start < end:
        changed = False
        while start < end and loose(text[start], KEEP_AT_START):
            start, changed = start + 1, True
        while end > start and loose(text[end - 1], KEEP_AT_END):
            end, changed = end - 1, True
        while end > start and text[end - 1] in KEEP_AT_END and not _after_word(text, end - 1):
            end, changed = end - 1, True
    return start, end


def _after_word(text: str, i: int) -> bool:
    """The character at ``i`` follows a word, a closing quote or another kept mark."""
    return i > 0 and (
        bool(_WORD_CHAR.match(text[i - 1])) or text[i - 1] in CLOSING or text[i - 1] in KEEP_AT_END
    )


def snap(text: str, start: int, end: int, paragraph: tuple[int, int]) -> tuple[int, int]:
    """``[start, end)`` snapped to whole words: kept within ``paragraph`` (the one the span
    starts in) and out of the next list item, widened to the words it cuts, trimmed of loose
    punctuation and of a quote whose partner it does not hold."""
    start, end = max(start, paragraph[0]), min(end, paragraph[1])
    if item := LIST_ITEM.search(text, start, end):
        end = item.start()
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while start > paragraph[0] and _WORD_CHAR.match(text[start - 1]) and _word_at(text, start):
        start -= 1
    while end < paragraph[1] and _WORD_CHAR.match(text[end]) and _word_at(text, end - 1):
        end += 1
    for _ in range(3):
        before = (start, end)
        start, end = _trim_punctuation(text, start, end)
        start, end = _balanced_quotes(text, start, end, paragraph)
        if (start, end) == before:
            break
    return start, end


def _word_at(text: str, i: int) -> bool:
    return 0 <= i < len(text) and bool(_WORD_CHAR.match(text[i]))


def resized_span(
    text: str, start: int, end: int, side: Side, paragraph: tuple[int, int]
) -> tuple[int, int] | None:
    """The span one step bigger or smaller at one end (``start-`` takes in the word before,
    ``start+`` lets go of its first word, ``end+`` takes in the next word, ``end-`` lets go of
    its last). A quote or bracket (or a sentence's last mark) right beside the end that moves
    is a step of its own, so a quotation can be taken in whole. None when it cannot (the
    paragraph's edge, the next list item, or a single word left)."""
    inside = list(WORD.finditer(text, start, end))
    if side == "end+":
        if inside and (whole := WORD.match(text, inside[-1].start())) and whole.end() > end:
            return start, whole.end()  # the rest of a word cut short ("Presidency|’s")
        marks = end
        while marks < paragraph[1] and (
            text[marks] in CLOSING or text[marks] in STRAIGHT or text[marks] in KEEP_AT_END
        ):
            marks += 1
        if marks > end:
            return start, marks
        found = WORD.search(text, end, paragraph[1])
        if found is None or LIST_ITEM.search(text, end, found.start()):
            return None
        return start, found.end()
    if side == "start-":
        marks = start
        while marks > paragraph[0] and (
            text[marks - 1] in PAIRS
            or text[marks - 1] in STRAIGHT
            or text[marks - 1] in KEEP_AT_START
        ):
            marks -= 1
        if marks < start:
            return marks, end
        before = list(WORD.finditer(text, paragraph[0], start))
        if not before or LIST_ITEM.search(text, before[-1].end(), start):
            return None
        return before[-1].start(), end
    if not inside:
        return None
    if side == "end-":
        if inside[-1].end() < end:
            return start, inside[-1].end()  # the marks after the last word go first
        return (start, inside[-2].end()) if len(inside) > 1 else None
    if inside[0].start() > start:
        return inside[0].start(), end  # the marks before the first word go first
    return (inside[1].start(), end) if len(inside) > 1 else None


def resized(
    annotation: Annotation, text: str, side: Side, paragraph: tuple[int, int]
) -> Annotation | None:
    """The annotation with one word more or less at one end, all else kept (one edit)."""
    span = resized_span(text, annotation.start, annotation.end, side, paragraph)
    if span is None or span[0] >= span[1]:
        return None
    fresh = select(text, *span)
    return annotation.edited(
        start=span[0], end=span[1], quote=fresh.quote, prefix=fresh.prefix, suffix=fresh.suffix
    )
