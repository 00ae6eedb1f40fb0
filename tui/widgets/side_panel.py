"""The reader's side panel: the annotations (with their filter) or the entities, and what is at
the caret. Attributes go down from the reader (``show_annotations``, ``show_at_caret``,
``show_entities``); the lists inside post their own messages up."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label

from marginote.annotations.corrections import Corrections
from marginote.annotations.entities import EntitySpans
from marginote.annotations.filtering import matches, parse_filter
from marginote.annotations.model import VERDICTS, Annotation, LabelSet
from marginote.tui.widgets.annotation_list import AnnotationList, describe_at_caret
from marginote.tui.widgets.entity_panel import EntityPanel


class SidePanel(Vertical):
    """Annotations or entities, one at a time (``a`` and ``g``), above the caret's box."""

    def __init__(self, labels: LabelSet, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.labels = labels
        self._tagged: list[Annotation] = []
        self._at_caret = Text()

    def compose(self) -> ComposeResult:
        yield Label("Annotations", id="side-title")
        yield Input(
            placeholder="filter: words  label:claim  verdict:false",
            id="annotation-filter",
            compact=True,
        )
        yield AnnotationList(self.labels, id="annotations")
        yield EntityPanel(id="entity-panel")
        yield Label("", id="at-caret")

    @property
    def filter(self) -> Input:
        return self.query_one("#annotation-filter", Input)

    @property
    def annotation_list(self) -> AnnotationList:
        return self.query_one(AnnotationList)

    @property
    def entity_panel(self) -> EntityPanel:
        return self.query_one(EntityPanel)

    @property
    def showing_entities(self) -> bool:
        return self.entity_panel.display

    def show_annotations(self, tagged: Sequence[Annotation], focus_id: str | None = None) -> None:
        """List the annotations the filter lets through (``tagged``: all but corrections)."""
        self._tagged = list(tagged)
        query = self.filter.value
        if query.strip():
            scale = getattr(self.app, "verdicts", None)  # firsthour hook: multi-word verdicts
            wanted = parse_filter(query, scale.values if scale else VERDICTS)
            self.annotation_list.show([a for a in tagged if matches(a, wanted)])
        else:  # no filter: all of them
            self.annotation_list.show(self._tagged)
        if focus_id:
            self.annotation_list.highlight_id(focus_id)

    def refilter(self) -> None:
        self.show_annotations(self._tagged)

    def switch(self, entities: bool) -> None:
        """Show the entities (True) or the annotations, and put the focus in the list."""
        self.entity_panel.display = entities
        self.annotation_list.display = not entities
        self.filter.display = not entities
        if entities:
            tree = self.entity_panel
            if tree.cursor_node is None or tree.cursor_node.parent is not tree.root:
                tree.cursor_line = 0  # on the most frequent type
            tree.focus()
        else:
            self.annotation_list.focus()

    def show_entities(
        self, entities: EntitySpans, text: str, counts: Counter[str], corrections: Corrections
    ) -> None:
        self.entity_panel.update_counts(entities, text, counts, corrections)

    def show_title(self, counts: Counter[str]) -> None:
        """The panel's heading: how many entities of how many types, or how many annotations
        (of how many, when filtered)."""
        title = self.query_one("#side-title", Label)
        if self.showing_entities:
            title.update(
                Text.assemble(
                    ("Entities", "bold"),
                    f"  {counts.total():,} in {len(+counts)} types",
                    ("  (a: annotations)", "dim"),
                )
            )
            return
        count = len(self._tagged)
        shown = len(self.annotation_list.items)
        detail = (
            f"  {shown} of {count}" if shown != count else (f"  {count}" if count else "  none yet")
        )
        title.update(Text.assemble(("Annotations", "bold"), detail, ("  (g: entities)", "dim")))

    def show_at_caret(
        self, covering: Sequence[Annotation], selection: tuple[int, int] | None
    ) -> None:
        if not covering:
            hint = (
                f"{selection[1] - selection[0]} characters selected: 1-9 tags them"
                if selection
                else "s selects the sentence, v starts a selection"
            )
            self._show_at_caret(Text(hint, style="dim"))
            return
        body = Text.assemble(("At the caret", "bold"), " (enter edits, x deletes)\n")
        for i, annotation in enumerate(covering):
            if i:
                body.append("\n")
            body.append_text(describe_at_caret(annotation, self.labels))  # firsthour hook
        self._show_at_caret(body)

    def _show_at_caret(self, text: Text) -> None:
        """Only a change is shown: an update lays the whole screen out again, and the caret
        moves on every key."""
        if text != self._at_caret:
            self._at_caret = text
            self.query_one("#at-caret", Label).update(text)

    @on(Input.Changed, "#annotation-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.refilter()
        self.show_title(Counter())

    @on(Input.Submitted, "#annotation-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.annotation_list.focus()
