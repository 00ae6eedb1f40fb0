"""Which annotation a key acts on when the caret is on several (a teammate's version of the same
span after an import or a sync, or a quote inside a claim): ``enter`` (edit), ``V`` (verdict) and
``x`` (delete) ask rather than pick one silently. The user's own annotations come first and the
list starts on the first of them, so ``enter`` or ``1`` acts on one's own work; each line says
whose it is, its label, verdict, the start of its note and of its text."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rich.text import Text
from textual.screen import Screen

from marginote.annotations.editing import in_quotes, short_quote
from marginote.annotations.model import Annotation, default_author
from marginote.tui.screens.digit_picker import DigitPicker
from marginote.tui.widgets.layout import visible

#: Characters of a note and of a quote shown on a line.
NOTE_SHOWN = 30
QUOTE_SHOWN = 50


def mine_first(covering: Sequence[Annotation], me: str) -> list[Annotation]:
    """``covering`` (innermost first) with the annotations signed ``me`` before the others."""
    return sorted(covering, key=lambda a: a.author != me)


def describe(annotation: Annotation, me: str) -> Text:
    """One choice: "claim · alice (you) · false · “Checked with…”", then its text, dimmed."""
    line = Text.assemble((visible(annotation.label), "bold"), " · ", visible(annotation.author))
    if annotation.author == me:
        line.append(" (you)", style="italic")
    if annotation.verdict:
        line.append(f" · {visible(annotation.verdict)}")
    note = short_quote(visible(annotation.note), NOTE_SHOWN)
    line.append(f" · note {in_quotes(note)}" if note else " · no note", style="dim")
    quote = in_quotes(short_quote(visible(annotation.quote), QUOTE_SHOWN))
    line.append(f"\n  {quote}", style="dim italic")
    return line


class AnnotationPicker(DigitPicker):
    """Returns the id of the annotation chosen, None when cancelled."""

    def __init__(self, covering: Sequence[Annotation], doing: str) -> None:
        me = default_author()
        ordered = mine_first(covering, me)
        heading = Text.assemble(
            (f"{len(ordered)} annotations at the caret: ", "bold"), f"which one to {doing}?"
        )
        choices = [(a.id, describe(a, me)) for a in ordered]
        super().__init__("annotation-picker", heading, choices, highlighted=ordered[0].id)


def ask_which(
    screen: Screen[Any],
    covering: Sequence[Annotation],
    doing: str,
    act: Callable[[Annotation | None], None],
) -> None:
    """Hand ``act`` the annotation to act on: the only one covering the caret (or None), else
    the one the user picks (nothing when the picker is cancelled)."""
    if len(covering) < 2:
        act(covering[0] if covering else None)
        return
    by_id = {a.id: a for a in covering}

    def chosen(ident: str | None) -> None:
        if ident is not None and ident in by_id:
            act(by_id[ident])

    screen.app.push_screen(AnnotationPicker(covering, doing), chosen)
