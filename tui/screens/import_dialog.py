"""Asks for the file to import annotations from."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from marginote.tui.styles import READER_CSS


class ImportDialog(ModalScreen[Path | None]):
    CSS_PATH = READER_CSS

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(id="import-dialog"):
            yield Label("Import annotations from (a file, or a folder of brat .ann files):")
            yield Input(placeholder="path/to/export.jsonl", id="import-path")
            yield Label("", id="import-problem")

    @on(Input.Submitted, "#import-path")
    def _submitted(self, event: Input.Submitted) -> None:
        path = Path(event.value.strip()).expanduser()
        if not event.value.strip() or not path.exists():
            self.query_one("#import-problem", Label).update("No such file or folder.")
            return
        self.dismiss(path)

    def action_cancel(self) -> None:
        self.dismiss(None)
