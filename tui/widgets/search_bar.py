"""The reader's search field (``/``): it owns the search (``annotations.searching``), and posts
``Found`` when the matches change and ``Go`` when the user presses enter in it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.message import Message
from textual.widgets import Input

from marginote.annotations.search import Matches
from marginote.annotations.searching import Searching

if TYPE_CHECKING:
    from marginote.tui.widgets.document_view import DocumentView


def go_to_match(view: DocumentView, searching: Searching, direction: int, from_caret: bool) -> bool:
    """Move the view's caret to the next (``direction`` 1) or previous (-1) match and highlight
    it; False when there is none (the caller says so in its own words)."""
    match = searching.step(view.cursor, direction, from_caret=from_caret)
    if match is None:
        return False
    view.set_matches(searching.matches, match)
    view.move_to(match[0])
    return True


class SearchBar(Input):
    class Found(Message):
        """The query changed: these are its matches (None: no search)."""

        def __init__(self, matches: Matches | None) -> None:
            super().__init__()
            self.matches = matches

    class Go(Message):
        """Enter in the field: go to the first match from the caret."""

    def __init__(self, text: str, *, id: str | None = None) -> None:
        super().__init__(placeholder="Search (enter: go, escape: close)", id=id)
        self.searching = Searching(text)

    @property
    def shown(self) -> bool:
        return self.has_class("shown")

    def open(self) -> None:
        """Shown and focused at once (``focus()`` would wait behind the keys already queued)."""
        self.screen.set_focus(self.add_class("shown"))

    def close(self) -> None:
        self.value = ""
        self.remove_class("shown")

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Found(self.searching.find(event.value)))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Go())
