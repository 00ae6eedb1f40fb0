"""Finding text in a document, case-insensitively, at the cost of what is asked.

A 5 MB document holds tens of thousands of matches of a common word. Listing them all on every
key typed in the search field would cost tens of milliseconds; instead a ``Matches`` answers the
questions the reader asks: how many there are (``count``), which one follows or precedes the
caret, which number a match is, and which ones touch the rows on screen. Each answer is a
C-speed ``str.find``/``str.count`` over the case-folded text.

Matches are the non-overlapping occurrences found scanning from the start (as ``str.count`` and
``re.finditer`` count them). When an occurrence can overlap the next one (a query such as "aa"
or "abab", whose end repeats its start), searching from an arbitrary offset could find an
occurrence that scan skips, so those queries are listed once, eagerly, instead.

Straight and typographic quotes, apostrophes and dashes match each other: both the text and the
query are folded through one ``str.translate`` table that maps each variant to one character
(one character to one character, so offsets are kept and the search stays C-speed).
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right

Span = tuple[int, int]

#: Each quote, apostrophe and dash variant folded to its plain ASCII form (one code point each).
_PUNCTUATION = str.maketrans(
    {
        **dict.fromkeys("‘’‚‛′`´ʼ", "'"),
        **dict.fromkeys("“”„‟″«»", '"'),
        **dict.fromkeys("‐‑‒–—―−﹘﹣－", "-"),
    }
)


def fold(text: str) -> str:
    """``text`` lower-cased with quotes, apostrophes and dashes unified, or "" when
    lower-casing changes its length (then offsets would not match)."""
    lowered = text.lower()
    return lowered.translate(_PUNCTUATION) if len(lowered) == len(text) else ""


def _overlaps_itself(query: str) -> bool:
    """True when a proper suffix of ``query`` is also its prefix ("aa", "abab", "the the")."""
    return any(query.endswith(query[:size]) for size in range(1, len(query)))


class Matches:
    """The matches of one query in one text."""

    def __init__(self, folded: str, query: str, listed: array[int] | None = None) -> None:
        """``listed``: the start of every match, when they were found eagerly."""
        self._text = folded
        self.query = query
        self.length = len(query)
        self._listed = listed
        if listed is not None:
            self.count = len(listed)
        else:
            self.count = folded.count(query) if query else 0

    def _span(self, start: int) -> Span:
        return start, start + self.length

    def after(self, offset: int) -> Span | None:
        """The first match starting at or after ``offset``, wrapping round to the first."""
        if not self.count:
            return None
        if self._listed is not None:
            i = bisect_left(self._listed, offset)
            return self._span(self._listed[i % self.count])
        start = self._text.find(self.query, offset)
        return self._span(start if start != -1 else self._text.find(self.query))

    def before(self, offset: int) -> Span | None:
        """The last match starting before ``offset``, wrapping round to the last."""
        if not self.count:
            return None
        if self._listed is not None:
            i = bisect_left(self._listed, offset) - 1
            return self._span(self._listed[i % self.count])
        start = self._text.rfind(self.query, 0, offset + self.length - 1)
        return self._span(start if start != -1 else self._text.rfind(self.query))

    def number(self, start: int) -> int:
        """1-based position of the match that starts at ``start`` among all of them."""
        if self._listed is not None:
            return bisect_left(self._listed, start) + 1
        return self._text.count(self.query, 0, start) + 1

    def between(self, start: int, end: int) -> list[Span]:
        """Matches that touch ``[start, end)`` (the rows on screen)."""
        if not self.count:
            return []
        if self._listed is not None:
            lo = bisect_right(self._listed, start - self.length)
            hi = bisect_left(self._listed, end)
            return [self._span(s) for s in self._listed[lo:hi]]
        found, find, limit = [], self._text.find, end + self.length - 1
        at = find(self.query, max(0, start - self.length + 1), limit)
        while at != -1:
            found.append(self._span(at))
            at = find(self.query, at + self.length, limit)
        return found


class TextSearch:
    """Case-insensitive search over one document's text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._folded: str | None = None

    @property
    def folded(self) -> str:
        if self._folded is None:
            # Lower-casing keeps offsets only when every character stays one character
            # ("İ" becomes two); otherwise matches are found by the regex engine instead.
            self._folded = fold(self.text)
        return self._folded

    def find(self, query: str) -> Matches:
        needle = fold(query)  # "" when "İ" is in the query: let the regex engine compare
        folded = self.folded
        if needle and folded and not _overlaps_itself(needle):
            return Matches(folded, needle)
        if needle and folded:
            found = re.finditer(re.escape(needle), folded)
        elif query:
            pattern = re.escape(query.translate(_PUNCTUATION))
            found = re.finditer(pattern, self.text.translate(_PUNCTUATION), re.IGNORECASE)
        else:
            found = iter(())
        return Matches(self.text, query, array("q", [m.start() for m in found]))

