"""The reader's status bar: the legend of entity types in their colours, the search's place, and
how far entity recognition has come. Narrow terminals get the legend abbreviated."""

from __future__ import annotations

from collections import Counter

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, ProgressBar

from marginote.annotations.entities import DESCRIPTIONS
from marginote.annotations.recognition_session import EntityBatch
from marginote.annotations.sanitise import sanitise
from marginote.tui import theme


class StatusBar(Horizontal):
    def compose(self) -> ComposeResult:
        yield Label("", id="legend")
        yield Label("", id="search-status")
        yield Label("Entities: loading the recogniser…", id="ner-status")
        yield ProgressBar(total=None, show_eta=False, id="ner-progress")

    def show_legend(self, counts: Counter[str], shown: bool) -> None:
        """Each entity type present, in its colour, most frequent first; counts in the tooltip."""
        ranked = sorted(counts, key=lambda label: (-counts[label], label))  # ties: by name
        legend = Text(no_wrap=True, overflow="ellipsis")
        if not shown:
            legend.append("entities hidden (t shows them)", style="dim")
        else:
            for label in ranked:
                legend.append(sanitise(label), style=theme.entity_style(label))
                legend.append(" ")
        widget = self.query_one("#legend", Label)
        widget.update(legend)
        widget.tooltip = Text(  # a str tooltip would be parsed as markup
            "\n".join(
                sanitise(f"{label} ({counts[label]}): {DESCRIPTIONS.get(label, label)}")
                for label in ranked
            )
        )

    def show_search(self, status: str) -> None:
        self.query_one("#search-status", Label).update(Text(status, style="bold"))

    def show_progress(self, batch: EntityBatch, found: int) -> None:
        progress = self.query_one("#ner-progress", ProgressBar)
        progress.update(total=max(1, batch.total), progress=min(batch.done, batch.total))
        if batch.finished:
            progress.add_class("done")
        style = "dim" if "unavailable" not in batch.note else "yellow"
        self.query_one("#ner-status", Label).update(
            Text(f"{sanitise(batch.note)} · {found:,} found", style)
        )
