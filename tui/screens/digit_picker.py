"""A small list chosen with one digit (or the arrows and enter; escape cancels): the verdict scale
(``verdict_picker``) and, when the caret is on several annotations, which one a key acts on
(``annotation_picker``). Every text in it is ``Text``: labels, names and notes are data."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from marginote.tui.styles import READER_CSS


class DigitPicker(ModalScreen[str | None]):
    """Returns the id of the choice made, None when cancelled. ``choices`` are (id, prompt),
    numbered from 1 (nine at most); ``zero`` is the choice on 0, listed last; ``highlighted``
    the id the list starts on. ``box`` makes the ids of the box and of the list (``#BOX``,
    ``#BOX-options``) for the style sheet. A subclass may turn an id into its result
    (``result``)."""

    CSS_PATH = READER_CSS  # the reader's stylesheet holds the dialogs' rules

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        box: str,
        heading: Text,
        choices: Sequence[tuple[str, Text]],
        *,
        zero: tuple[str, Text] | None = None,
        highlighted: str | None = None,
        hint: str = "a digit chooses · esc cancels",
    ) -> None:
        super().__init__()
        self.box = box
        self.heading = heading
        self.choices = list(choices)[:9]  # one digit each
        self.zero = zero
        self.highlighted = highlighted
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(id=self.box):
            yield Label(self.heading)
            numbered = [
                (n, ident, prompt) for n, (ident, prompt) in enumerate(self.choices, 1)
            ] + ([(0, *self.zero)] if self.zero else [])
            options = [
                Option(Text.assemble((f"{n} ", "bold"), prompt), id=ident)
                for n, ident, prompt in numbered
            ]
            yield OptionList(*options, id=f"{self.box}-options")
            yield Label(Text(self.hint, style="dim"))

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        ids = [ident for ident, _ in self.choices]
        if self.highlighted in ids:
            options.highlighted = ids.index(self.highlighted)
        options.focus()

    def on_key(self, event: events.Key) -> None:
        # isdecimal, not isdigit: "²" (a key of French keyboards) is a digit int() refuses.
        if event.character and event.character.isdecimal():
            number = int(event.character)
            if number == 0 and self.zero is not None:
                event.stop()
                self.dismiss(self.result(self.zero[0]))
            elif 0 < number <= len(self.choices):
                event.stop()
                self.dismiss(self.result(self.choices[number - 1][0]))

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss(self.result(event.option.id))

    def result(self, ident: str) -> str:
        """What the picker returns for the choice ``ident`` (the id itself)."""
        return ident

    def action_cancel(self) -> None:
        self.dismiss(None)
