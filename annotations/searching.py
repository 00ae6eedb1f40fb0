"""Searching one document as the reader does: a query's matches (``search.TextSearch``), the
current match, and stepping to the next or previous one from the caret, round the ends."""

from __future__ import annotations

from marginote.annotations.search import Matches, TextSearch

Span = tuple[int, int]


class Searching:
    def __init__(self, text: str) -> None:
        self._search = TextSearch(text)
        self.matches: Matches | None = None
        self.current: Span | None = None

    def find(self, query: str) -> Matches | None:
        """Search for ``query`` (an empty one clears the search)."""
        self.matches = self._search.find(query) if query else None
        self.current = None
        return self.matches

    def step(self, caret: int, direction: int, *, from_caret: bool = False) -> Span | None:
        """The next (``direction`` > 0) or previous match from the caret, now the current one;
        None when there is none. ``from_caret``: a match at the caret counts as the next."""
        matches = self.matches
        if matches is None or not matches.count:
            return None
        if direction > 0:
            self.current = matches.after(caret if from_caret else caret + 1)
        else:
            self.current = matches.before(caret)
        return self.current

    def status(self) -> str:
        """ "12 matches", "match 3 of 12", or "" without a search."""
        matches = self.matches
        if matches is None:
            return ""
        if self.current is None:
            count = matches.count
            return f"{count:,} match{'' if count == 1 else 'es'}"
        return f"match {matches.number(self.current[0]):,} of {matches.count:,}"
