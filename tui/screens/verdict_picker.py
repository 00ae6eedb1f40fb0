"""A verdict in one keypress: the scale in force, each verdict on a digit (``0`` clears it),
without opening the edit dialog. ``ask_verdict`` is what the reader's key calls."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from marginote.annotations.editing import in_quotes, short_quote
from marginote.annotations.model import Annotation
from marginote.tui.styles import READER_CSS
from marginote.tui.widgets.layout import visible

#: The reader's key for it (``ReaderScreen.action_verdict`` calls ``ask_verdict``).
VERDICT_BINDING = Binding(
    "V", "verdict", "Verdict (one key per verdict)", show=False, id="reader.verdict"
)
#: Characters of the quote shown above the scale.
QUOTE_SHOWN = 44
#: The option that clears the verdict.
CLEAR = "\x00clear"


class VerdictPicker(ModalScreen[str | None]):
    """Returns the verdict chosen, "" to clear it, None when cancelled."""

    CSS_PATH = READER_CSS

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, quote: str, verdicts: Sequence[str], current: str = "") -> None:
        super().__init__()
        self.quote = quote
        self.verdicts = list(verdicts)[:9]  # one digit each
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="verdict-picker"):
            yield Label(
                Text.assemble(
                    ("Verdict of ", "bold"),
                    (in_quotes(short_quote(visible(self.quote), QUOTE_SHOWN)), "italic"),
                )
            )
            options = [
                Option(
                    Text.assemble(
                        (f"{n} ", "bold"), verdict, (" ✓" if verdict == self.current else "")
                    ),
                    id=verdict,
                )
                for n, verdict in enumerate(self.verdicts, 1)
            ]
            options.append(Option(Text.assemble(("0 ", "bold"), "no verdict"), id=CLEAR))
            yield OptionList(*options, id="verdict-options")
            yield Label(Text("a digit chooses · esc cancels", style="dim"))

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        if self.current in self.verdicts:
            options.highlighted = self.verdicts.index(self.current)
        options.focus()

    def on_key(self, event: events.Key) -> None:
        if event.character and event.character.isdigit():
            number = int(event.character)
            if number == 0:
                event.stop()
                self.dismiss("")
            elif number <= len(self.verdicts):
                event.stop()
                self.dismiss(self.verdicts[number - 1])

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss("" if event.option.id == CLEAR else event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


def with_verdict(annotation: Annotation, verdict: str) -> Annotation:
    """``annotation`` with ``verdict`` set ("" removes it)."""
    attrs = dict(annotation.attrs)
    if verdict:
        attrs["verdict"] = verdict
    else:
        attrs.pop("verdict", None)
    return annotation.edited(attrs=attrs)


def ask_verdict(
    screen: Screen[Any],
    target: Annotation | None,
    verdicts: Sequence[str],
    save: Callable[[Annotation | None], None],
) -> None:
    """Offer the scale for ``target`` and hand the changed annotation to ``save``."""
    if target is None:
        screen.notify("No annotation at the caret (] goes to the next).", timeout=3)
        return
    scale = list(verdicts)
    if target.verdict and target.verdict not in scale:
        scale.append(target.verdict)  # a verdict given on another scale stays choosable

    def chosen(verdict: str | None) -> None:
        if verdict is not None and verdict != target.verdict:
            save(with_verdict(target, verdict))

    screen.app.push_screen(VerdictPicker(target.quote, scale, target.verdict), chosen)
