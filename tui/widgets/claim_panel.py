"""The claim assistant's side panel: the check-worthy sentences suggested, strongest marked, and
the claims tagged before that look like the one at the caret ("seen before").

The panel only shows what the screen pushes down (``show_suggestions``, ``show_similar``) and
posts ``Jump`` (go to a suggestion) and ``OpenClaim`` (open a claim seen before) up.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from marginote.annotations.editing import in_quotes
from marginote.tui.widgets.layout import visible

if TYPE_CHECKING:  # the claims core loads when the reader first scores, not with the app
    from marginote.annotations.claims.similar import Match
    from marginote.annotations.claims.suggest import Scored

#: Characters of a sentence or a claim shown in the panel.
PREVIEW = 160
#: The margin mark of a suggested sentence (subtle: it must not compete with the highlights).
MARK = Segment("▕", Style(color="#b8860b", dim=True))
STRONG_MARK = Segment("▐", Style(color="#b8860b"))
#: From this score a suggestion's mark is the strong one.
STRONG = 0.75


def preview(text: str, limit: int = PREVIEW) -> str:
    flat = " ".join(visible(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def one_line(text: Text) -> Text:
    """``text`` cut to the panel's width with an ellipsis, not wrapped."""
    text.no_wrap = True
    text.overflow = "ellipsis"
    return text


class ClaimPanel(Vertical):
    """Suggestions with their scores, and the similar claims of the one at the caret."""

    DEFAULT_CSS = """
    ClaimPanel {
        height: 1fr;
        display: none;
    }
    ClaimPanel #claim-suggestions {
        height: 2fr;
    }
    ClaimPanel #claim-similar {
        height: 1fr;
    }
    ClaimPanel Label, ClaimPanel OptionList {
        width: 1fr;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    class Jump(Message):
        """Go to a suggested sentence (``chosen``: enter was pressed on it, so back to the text;
        else it was only highlighted in the list)."""

        def __init__(self, suggestion: Scored, chosen: bool = True) -> None:
            super().__init__()
            self.suggestion = suggestion
            self.chosen = chosen

    class OpenClaim(Message):
        """Open a claim tagged before (in its document)."""

        def __init__(self, match: Match) -> None:
            super().__init__()
            self.match = match

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.suggestions: list[Scored] = []
        self.similar: list[Match] = []
        #: Where each suggestion is in the list, by its span (the caret asks on every move).
        self._positions: dict[tuple[int, int], int] = {}
        #: The list holds ``suggestions``: it is filled only while the panel is shown (thousands
        #: of options for a book, rebuilt as scoring goes on, are not made for a hidden panel).
        self._listed = True
        self._highlighted: int | None = None
        self._why = Text()

    def compose(self) -> ComposeResult:
        yield Label(Text("Check-worthy: scoring…", style="dim"), id="claim-title")
        yield OptionList(id="claim-suggestions", compact=True)
        yield Label("", id="claim-why")
        yield Label(Text("Seen before", style="bold"), id="claim-similar-title")
        yield OptionList(id="claim-similar", compact=True)

    def show_suggestions(self, suggestions: Sequence[Scored], scored: int, total: int) -> None:
        self.suggestions = list(suggestions)
        self._positions = {(s.start, s.end): i for i, s in enumerate(self.suggestions)}
        title = Text.assemble(("Check-worthy", "bold"), f" {len(suggestions)}")
        if scored < total:
            title.append(f" (scoring {scored:,} of {total:,})", style="dim")
        title.append(" · m M go · y claim · d dismiss", style="dim")
        self.query_one("#claim-title", Label).update(one_line(title))
        self._listed = False
        if self.display:
            self._list_suggestions()

    def _list_suggestions(self) -> None:
        if self._listed:
            return
        self._listed = True
        options = self.query_one("#claim-suggestions", OptionList)
        highlighted = options.highlighted
        options.set_options(
            Option(one_line(Text.assemble((f"{s.score:.2f} ", "bold"), preview(s.text))))
            for s in self.suggestions
        )
        if self._highlighted is not None and self._highlighted < len(self.suggestions):
            options.highlighted = self._highlighted
        elif highlighted is not None and self.suggestions:
            options.highlighted = min(highlighted, len(self.suggestions) - 1)

    def on_show(self) -> None:
        self._list_suggestions()

    def highlight(
        self, suggestion: Scored | None, reasons: Sequence[tuple[str, float]] = ()
    ) -> None:
        """Highlight the suggestion the caret is on, and say what weighs in its score."""
        why = Text()
        i = None if suggestion is None else self._positions.get((suggestion.start, suggestion.end))
        if i is not None and self.suggestions[i] == suggestion:
            self._highlighted = i
            if self._listed:
                self.query_one("#claim-suggestions", OptionList).highlighted = i
            why.append("why: ", style="bold")
            for n, (words, weight) in enumerate(reasons):
                why.append(", " if n else "")
                why.append(visible(words), style="green" if weight > 0 else "red")
        if why != self._why:  # unchanged (most caret moves): no layout of the screen
            self._why = why
            self.query_one("#claim-why", Label).update(one_line(why))

    def show_similar(
        self, about: str, matches: Sequence[Match], library: Sequence[Path] = ()
    ) -> None:
        """The claims like ``about``, each with its document's path relative to the
        ``library`` folders when inside them, else absolute (``library_path``)."""
        from marginote.annotations.library import library_path

        self.similar = list(matches)
        title = Text("Seen before", style="bold")
        if about:
            title.append(f"  like “{preview(about, 40)}”", style="dim")
            if not matches:
                title.append("\n  no similar claim in the library", style="dim")
        else:
            title.append("  (caret on a claim or a suggestion)", style="dim")
        self.query_one("#claim-similar-title", Label).update(title)
        options = self.query_one("#claim-similar", OptionList)
        options.set_options(
            Option(
                Text.assemble(
                    (f"{m.similarity:.2f} ", "bold"),
                    (f"[{visible(m.claim.verdict)}] " if m.claim.verdict else "", "italic"),
                    one_line(Text(in_quotes(preview(m.claim.quote, 100)))),
                    "\n     ",
                    one_line(Text(preview(library_path(m.claim.path, library), 80), style="dim")),
                )
            )
            for m in self.similar
        )

    @on(OptionList.OptionSelected, "#claim-suggestions")
    def _suggestion_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self.suggestions):
            self.post_message(self.Jump(self.suggestions[event.option_index]))

    @on(OptionList.OptionHighlighted, "#claim-suggestions")
    def _suggestion_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Moving in the list (not the caret moving in the text) takes the caret along."""
        event.stop()
        if event.option_list.has_focus and 0 <= event.option_index < len(self.suggestions):
            self.post_message(self.Jump(self.suggestions[event.option_index], chosen=False))

    def focus_suggestions(self) -> None:
        self._list_suggestions()
        self.query_one("#claim-suggestions", OptionList).focus()

    @on(OptionList.OptionSelected, "#claim-similar")
    def _similar_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self.similar):
            self.post_message(self.OpenClaim(self.similar[event.option_index]))
