"""Asks for the file to import annotations from, and how (the CLI's ``import --mode``): merge
(add what is new, remove nothing) or replace (the file is the truth for the documents it covers).
A path typed is not dropped silently: ``escape`` then asks (``DiscardChanges``), and so does
``ctrl+q`` (``has_changes``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, RadioButton, RadioSet

from marginote.tui.screens.discard_dialog import close_or_ask
from marginote.tui.styles import READER_CSS

#: The modes of ``marginote import --mode``, as the dialog offers them (the first is the default).
MODES = (
    ("merge", "merge: add what is new, report conflicts, remove nothing"),
    ("replace", "replace: the file is the truth for its documents (u undoes each)"),
)

@dataclass(frozen=True)
class ImportChoice:
    path: Path
    mode: str = "merge"


class ImportDialog(ModalScreen[ImportChoice | None]):
    CSS_PATH = READER_CSS

    BINDINGS = [
        Binding("ctrl+s", "import", "Import", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="import-dialog"):
            yield Label("Import annotations from (a file, or a folder of brat .ann files):")
            yield Input(placeholder="path/to/export.jsonl", id="import-path")
            with RadioSet(id="import-mode", compact=True):
                for n, (mode, words) in enumerate(MODES):
                    yield RadioButton(words, value=n == 0, id=f"import-{mode}")
            yield Label("", id="import-problem")
            yield Label(
                Text("enter (in the path) or ctrl+s imports · tab: the mode · esc", style="dim")
            )

    @property
    def mode(self) -> str:
        pressed = self.query_one("#import-mode", RadioSet).pressed_index
        return MODES[max(pressed, 0)][0]

    @property
    def has_changes(self) -> bool:
        """A path typed: closing would drop it (a mode chosen without a path imports nothing:
        asking to "Import" then only said that there is no such file)."""
        if not self.is_mounted:
            return False
        return bool(self.query_one("#import-path", Input).value.strip())

    @on(Input.Submitted, "#import-path")
    def _submitted(self) -> None:
        self.action_import()

    def action_import(self) -> None:
        typed = self.query_one("#import-path", Input).value.strip()
        path = Path(typed).expanduser()
        if not typed or not path.exists():
            self.query_one("#import-problem", Label).update("No such file or folder.")
            self.query_one("#import-path", Input).focus()
            return
        self.dismiss(ImportChoice(path, self.mode))

    def action_cancel(self) -> None:
        """Close; with a path typed (or replace chosen), ask first: import, discard or keep."""
        close_or_ask(self, self.action_import, "Import")
