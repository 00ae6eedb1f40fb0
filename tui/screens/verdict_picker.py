"""A verdict in one keypress: the scale in force, each verdict on a digit (``0`` clears it),
without opening the edit dialog. ``ask_verdict`` is what the reader's key calls."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.screen import Screen

from marginote.annotations.editing import in_quotes, short_quote
from marginote.annotations.model import Annotation
from marginote.tui.screens.digit_picker import DigitPicker
from marginote.tui.widgets.layout import visible

#: The reader's key for it (``ReaderScreen.action_verdict`` calls ``ask_verdict``).
VERDICT_BINDING = Binding(
    "V", "verdict", "Verdict (one key per verdict)", show=False, id="reader.verdict"
)
#: Characters of the quote shown above the scale.
QUOTE_SHOWN = 44
#: The option that clears the verdict.
CLEAR = "\x00clear"


class VerdictPicker(DigitPicker):
    """Returns the verdict chosen, "" to clear it, None when cancelled."""

    def __init__(self, quote: str, verdicts: Sequence[str], current: str = "") -> None:
        heading = Text.assemble(
            ("Verdict of ", "bold"),
            (in_quotes(short_quote(visible(quote), QUOTE_SHOWN)), "italic"),
        )
        choices = [
            (verdict, Text.assemble(verdict, (" ✓" if verdict == current else "")))
            for verdict in verdicts
        ]
        zero = (CLEAR, Text("no verdict"))
        super().__init__("verdict-picker", heading, choices, zero=zero, highlighted=current)

    def result(self, ident: str) -> str:
        return "" if ident == CLEAR else ident


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
