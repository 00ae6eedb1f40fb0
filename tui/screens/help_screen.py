"""The help screen (?): every key of the current screen, the focused widget and the app, with
what it does, grouped by where it applies."""

from __future__ import annotations

from typing import Any

from rich.markup import escape
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from marginote.tui.styles import READER_CSS

#: How keys are shown (Textual's names for them are not what is printed on keyboards).
KEY_NAMES = {
    "question_mark": "?",
    "slash": "/",
    "equals_sign": "=",
    "escape": "esc",
    "enter": "enter",
    "pageup": "page up",
    "pagedown": "page down",
    "left_curly_bracket": "{",
    "right_curly_bracket": "}",
    "left_parenthesis": "(",
    "right_parenthesis": ")",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "less_than_sign": "<",  # dataset: the keys that resize an annotation
    "greater_than_sign": ">",
    "comma": ",",
    "full_stop": ".",
}


#: Headings for the places keys belong to.
GROUPS = {
    "DocumentView": "Reading and selecting",
    "ReaderScreen": "Reader",
    "LibraryScreen": "Library",
    "DataTable": "Library list",
    "MarginoteApp": "Everywhere",
}


def key_name(key: str) -> str:
    return ", ".join(KEY_NAMES.get(k.strip(), k.strip()) for k in key.split(","))


def keys_table(screen: Screen[Any]) -> Table:
    """Every active binding of ``screen`` (focused widget first, then the screen, then the app)."""
    table = Table(box=None, show_header=False, padding=(0, 2, 0, 0), expand=True)
    table.add_column("key", style="bold", no_wrap=True)
    table.add_column("what it does")
    groups: dict[str, list[tuple[str, str]]] = {}
    for key, active in screen.active_bindings.items():
        binding, node = active.binding, active.node
        if not binding.description or binding.system:
            continue
        where = GROUPS.get(type(node).__name__, type(node).__name__)
        groups.setdefault(where, []).append((key_name(key), binding.description))
    for where, rows in groups.items():
        table.add_row(Text(where, style="underline"), "")
        for key, description in rows:
            table.add_row(key, escape(description))  # a label's name: never markup
        table.add_row("", "")
    return table


class HelpScreen(ModalScreen[None]):
    CSS_PATH = READER_CSS

    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        Binding("question_mark", "dismiss", "Close"),
        Binding("q", "dismiss", "Close", show=False),
    ]

    def __init__(self, screen: Screen[Any]) -> None:
        super().__init__()
        self.under = screen

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(
                Text("Keys  (esc or ? closes; ctrl+p searches every command)", style="bold")
            )
            yield Static(keys_table(self.under))

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
