"""Where the caret is in a PDF, an e-book or subtitles, and dialogs to jump to a chapter or page,
or to the cue at a time typed ("12:34", "1:02:03").

The reader adds ``SourcePosition`` to its status line, calls ``show`` when the caret moves, and
binds a key to ``jump_to_chapter``. Titles come from the file: they are shown as ``Text`` (never
parsed as markup) with control characters made visible.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from marginote.annotations.documents import Document
from marginote.annotations.formats.positions import cue_at_time, position_label
from marginote.annotations.formats.subtitles import clock, parse_clock
from marginote.tui.widgets.layout import visible


class SourcePosition(Label):
    """The caret's page ("page 3 of 12"), chapter or cue time; empty for plain text."""

    DEFAULT_CSS = """
    SourcePosition { width: auto; max-width: 50; height: 1; padding: 0 2 0 0; }
    """

    def __init__(self, document: Document, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: str | None = None
        self.show(document, 0)

    def show(self, document: Document, offset: int) -> None:
        label = position_label(document.source, offset)
        if label == self._shown:  # the same page: no layout of the screen on every caret move
            return
        self._shown = label
        self.update(Text(visible(label), style="bold") if label else "")
        self.display = bool(label)  # plain text: the status line is as it was


def destinations(document: Document) -> list[tuple[str, int]]:
    """(what, offset) a reader can jump to: the chapters of an e-book, else the pages of a PDF."""
    source = document.source
    if source is None:
        return []
    if source.chapters:
        return [(f"{i}. {c.title}", c.start) for i, c in enumerate(source.chapters, 1)]
    return [(f"Page {i}", start) for i, start in enumerate(source.pages, 1)]


class ChapterDialog(ModalScreen[int | None]):
    """Picks a chapter (or page); returns its offset, or None when cancelled. Digits typed go
    to that number ("4", "2": the 42nd page), so page 250 of a long PDF is not 249 downs."""

    DEFAULT_CSS = """
    ChapterDialog { align: center middle; }
    #chapter-dialog { width: 80; max-width: 100%; height: auto; max-height: 80%;
        border: thick $primary; background: $surface; padding: 1 2; }
    #chapter-list { height: auto; max-height: 30; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, choices: list[tuple[str, int]], current: int) -> None:
        super().__init__()
        self.heading = title
        self.choices = choices
        self.current = current
        #: The number typed so far ("" before the first digit).
        self._typed = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="chapter-dialog"):
            yield Label(Text(self.heading, style="bold"))
            names = [name for name, _ in self.choices]
            options = [Option(Text(visible(name)), id=str(i)) for i, name in enumerate(names)]
            yield OptionList(*options, id="chapter-list")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = self.current
        options.focus()

    def on_key(self, event: events.Key) -> None:
        digit = event.character
        if digit is None or len(digit) != 1 or not "0" <= digit <= "9":
            return
        event.stop()
        typed = self._typed + digit
        if int(typed) > len(self.choices):  # past the last one: a new number starts
            typed = digit
        self._typed = typed
        if 1 <= int(typed) <= len(self.choices):
            self.query_one(OptionList).highlighted = int(typed) - 1

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[int(event.option.id or 0)][1])

    def action_cancel(self) -> None:
        self.dismiss(None)


class CueTimeDialog(ModalScreen[float | None]):
    """Asks for a time in the recording; returns it in seconds, or None when cancelled."""

    DEFAULT_CSS = """
    CueTimeDialog { align: center middle; }
    #cue-dialog { width: 60; max-width: 100%; height: auto;
        border: thick $primary; background: $surface; padding: 1 2; }
    #cue-error { color: $error; height: auto; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, current: float) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="cue-dialog"):
            yield Label(Text("Jump to the cue at a time (enter jumps)", style="bold"))
            yield Input(clock(self.current), placeholder="12:34 or 1:02:03", id="cue-time")
            yield Label("", id="cue-error")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        seconds = parse_clock(event.value)
        if seconds is None:
            message = "Not a time: type minutes:seconds (12:34) or hours:minutes:seconds."
            self.query_one("#cue-error", Label).update(message)
            return
        self.dismiss(seconds)

    def action_cancel(self) -> None:
        self.dismiss(None)


def jump_to_chapter(
    screen: Screen[None], document: Document, caret: int, move: Callable[[int], None]
) -> None:
    """Offer the document's chapters (or pages) and move the caret to the one chosen; for
    subtitles, ask for a time and move to the cue at or before it."""
    source = document.source
    if source is not None and source.cues and not source.chapters and not source.pages:
        cue = source.cue_at(caret)

        def at_time(seconds: float | None) -> None:
            if seconds is not None and (offset := cue_at_time(source, seconds)) is not None:
                move(offset)

        screen.app.push_screen(CueTimeDialog(cue.seconds if cue else 0.0), at_time)
        return
    choices = destinations(document)
    if not choices:
        screen.notify("This document has no chapters, pages or cues to jump to.", timeout=3)
        return
    current = max(0, sum(1 for _, start in choices if start <= caret) - 1)
    kind = "Chapters" if document.source and document.source.chapters else "Pages"

    def chosen(offset: int | None) -> None:
        if offset is not None:
            move(offset)

    heading = f"{kind} (type a number or move to one; enter jumps)"
    screen.app.push_screen(ChapterDialog(heading, choices, current), chosen)
