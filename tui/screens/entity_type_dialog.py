"""Asks which entity type a span is (to relabel a recogniser's entity, or add a missing one)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from marginote.annotations.sanitise import sanitise
from marginote.tui import theme
from marginote.tui.styles import READER_CSS


class EntityTypeDialog(ModalScreen[str | None]):
    CSS_PATH = READER_CSS

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, quote: str, current: str | None) -> None:
        super().__init__()
        self.quote = quote
        self.current = current

    def compose(self) -> ComposeResult:
        types = list(theme.ENTITY_COLOURS)
        with Vertical(id="entity-type-dialog"):
            shown = sanitise(" ".join(self.quote.split()))
            yield Label(Text.assemble(("Entity type of ", "bold"), (f"“{shown[:60]}”", "italic")))
            yield OptionList(
                *(Option(Text(sanitise(t), style=theme.entity_style(t)), id=t) for t in types),
                id="entity-types",
            )

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        if self.current in theme.ENTITY_COLOURS:
            options.highlighted = list(theme.ENTITY_COLOURS).index(self.current)
        options.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
