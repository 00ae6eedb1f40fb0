"""The side panel's list of a document's annotations (label, verdict, quote)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.style import Style
from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from annotations.model import Annotation, LabelSet
from tui import theme
from tui.widgets.layout import visible

EXCERPT = 90


def describe_annotation(annotation: Annotation, labels: LabelSet) -> Text:
    """Two lines: the label (in its colour) with verdict and note marker, then the quote."""
    label = labels.by_name(annotation.label)
    style = theme.annotation_style(label.colour if label else "#808080")
    quote = " ".join(visible(annotation.quote).split())
    if len(quote) > EXCERPT:
        quote = quote[: EXCERPT - 1] + "…"
    line = Text.assemble((f" {annotation.label} ", style + Style(bold=True)))
    if annotation.verdict:
        line.append(f"  {annotation.verdict}", style="bold")
    if annotation.note:
        line.append("  ✎", style="dim")
    if annotation.tags:
        line.append("  " + " ".join(f"#{tag}" for tag in annotation.tags), style="italic dim")
    line.append("\n")
    line.append(quote, style="italic")
    return line


class AnnotationList(OptionList):
    """Options are keyed by annotation id; messages of OptionList carry that id."""

    def show(self, annotations: Sequence[Annotation], labels: LabelSet) -> None:
        highlighted = self.highlighted_option.id if self.highlighted_option else None
        self.set_options(Option(describe_annotation(a, labels), id=a.id) for a in annotations)
        if highlighted is not None:
            self.highlight_id(highlighted)

    def highlight_id(self, annotation_id: str) -> None:
        try:
            self.highlighted = self.get_option_index(annotation_id)
        except OptionDoesNotExist:  # the annotation is gone
            return
