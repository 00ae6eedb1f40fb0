"""Asks what to do with changes typed in a dialog that is being closed: save them, discard them,
or go back to editing. ``quit_or_ask`` is the app's quit: it asks first when a dialog on the
screen stack has changes (a screen with a true ``has_changes``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label

from marginote.tui.styles import READER_CSS


class DiscardChanges(ModalScreen[str | None]):
    """Returns "save", "discard", or None to keep editing. ``quitting``: the app is quitting
    (the choices are then to discard and quit, or to keep editing)."""

    CSS_PATH = READER_CSS

    BINDINGS = [
        Binding("s,ctrl+s", "choose('save')", "Save", show=False),
        Binding("d", "choose('discard')", "Discard", show=False),
        Binding("escape,k", "choose('keep')", "Keep editing", show=False),
    ]

    def __init__(self, quitting: bool = False, save: str = "Save") -> None:
        super().__init__()
        self.quitting = quitting
        self.save = save  # what saving does, on its button ("Import" for the import dialog)

    def compose(self) -> ComposeResult:
        with Vertical(id="discard-dialog"):
            if self.quitting:
                yield Label("Quit? The open dialog has changes not saved.")
                yield Label(Text("(ctrl+q again quits without asking)", style="dim"))
            else:
                yield Label("Your changes are not saved yet.")
            with Horizontal(id="discard-buttons"):
                if not self.quitting:
                    yield Button(
                        f"{self.save}  s", variant="primary", id="discard-save", compact=True
                    )
                discard = "Discard and quit  d" if self.quitting else "Discard  d"
                yield Button(discard, variant="error", id="discard-discard", compact=True)
                yield Button("Keep editing  esc", id="discard-keep", compact=True)

    def on_mount(self) -> None:
        self.query_one("#discard-keep", Button).focus()

    def action_choose(self, choice: str) -> None:
        if choice == "save" and self.quitting:
            return
        self.dismiss(None if choice == "keep" else choice)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.action_choose((event.button.id or "").removeprefix("discard-"))


def close_or_ask(dialog: ModalScreen[Any], save: Callable[[], None], saving: str = "Save") -> None:
    """Close ``dialog`` (dismissed with None) unless it has changes (a true ``has_changes``):
    then ask whether to save them (``save``; ``saving`` names it on the button), discard them,
    or go back to editing."""
    if getattr(dialog, "has_changes", False) is not True:
        dialog.dismiss(None)
        return

    def answered(choice: str | None) -> None:
        if choice == "save":
            save()
        elif choice == "discard":
            dialog.dismiss(None)

    dialog.app.push_screen(DiscardChanges(save=saving), answered)


def has_unsaved_changes(app: App[Any]) -> bool:
    """True when a screen on the stack (a dialog) says it has changes not saved."""
    return any(getattr(screen, "has_changes", False) is True for screen in app.screen_stack)


def quit_or_ask(app: App[Any]) -> None:
    """Quit, unless a dialog holds changes: then ask, and quit only when they are discarded."""
    if not has_unsaved_changes(app) or isinstance(app.screen, DiscardChanges):
        app.exit()
        return

    def answered(choice: str | None) -> None:
        if choice == "discard":
            app.exit()

    app.push_screen(DiscardChanges(quitting=True), answered)
