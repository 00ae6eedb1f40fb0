"""The entities panel: entity types with their counts, each opening onto its names (most
mentioned first). Enter on a name steps through its occurrences; h hides or shows a type."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from marginote.annotations.corrections import Corrections
from marginote.annotations.entities import EntitySpans
from marginote.annotations.sanitise import sanitise
from marginote.tui import theme

#: Names listed under a type (the most mentioned ones; the rest are counted).
NAMES_SHOWN = 200

NodeData = tuple[str, str]  # (entity type, name or "" for the type's own node)


class EntityPanel(Tree[NodeData]):
    BINDINGS = [Binding("h", "toggle_type", "Hide/show type")]

    class Jump(Message):
        """Go to an occurrence of an entity."""

        def __init__(self, start: int) -> None:
            super().__init__()
            self.start = start

    class TypeToggled(Message):
        def __init__(self, label: str) -> None:
            super().__init__()
            self.label = label

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("Entities", id=id)
        self.show_root = False
        self.guide_depth = 2
        self.entities = EntitySpans()
        self.text = ""
        self.hidden: set[str] = set()
        self._types: dict[str, TreeNode[NodeData]] = {}
        self._occurrences: dict[NodeData, list[int]] = {}
        self._counts: Counter[str] = Counter()
        self.corrections = Corrections()
        #: The reader's caret (set by the screen), so enter steps on from where the reader is.
        self.caret = 0

    def update_counts(
        self,
        entities: EntitySpans,
        text: str,
        counts: Counter[str],
        corrections: Corrections | None = None,
    ) -> None:
        """Show the current counts (entities stream in); names are listed when a type opens.
        ``corrections``: the user's decisions, which replace the recogniser's guesses."""
        self.entities, self.text, self._counts = entities, text, counts
        self.corrections = corrections or Corrections()
        self._occurrences.clear()
        for label, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
            node = self._types.get(label)
            if node is None:
                node = self._types[label] = self.root.add(
                    self._type_label(label, count), (label, "")
                )
                node.allow_expand = True
            else:
                node.set_label(self._type_label(label, count))
                if node.is_expanded:
                    self._fill(node)

    def _type_label(self, label: str, count: int) -> Text:
        hidden = label in self.hidden
        return Text.assemble(
            (sanitise(label), theme.entity_style(label) if not hidden else "dim strike"),
            (f"  {count:,}", "dim"),
            ("  hidden" if hidden else "", "italic dim"),
        )

    def spans_of(self, label: str) -> list[tuple[int, int]]:
        """Where the entities of type ``label`` are, as shown (corrections applied), in order."""
        return [(s, e) for s, e, _ in self.corrections.applied_to(self.entities, label)]

    def name_at(self, start: int, end: int) -> str:
        return " ".join(self.text[start:end].split())

    def _fill(self, node: TreeNode[NodeData]) -> None:
        label = node.data[0] if node.data else ""
        names: Counter[str] = Counter(self.name_at(s, e) for s, e in self.spans_of(label))
        node.remove_children()
        for name, count in names.most_common(NAMES_SHOWN):
            node.add_leaf(Text.assemble(sanitise(name), (f"  ×{count}", "dim")), (label, name))
        if len(names) > NAMES_SHOWN:
            node.add_leaf(
                Text(f"… {len(names) - NAMES_SHOWN:,} more names", style="dim"), (label, "")
            )

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[NodeData]) -> None:
        if event.node.parent is self.root:
            self._fill(event.node)

    def occurrences(self, data: NodeData) -> list[int]:
        found = self._occurrences.get(data)
        if found is None:
            label, name = data
            found = [s for s, e in self.spans_of(label) if self.name_at(s, e) == name]
            self._occurrences[data] = found
        return found

    def next_occurrence(self, data: NodeData, after: int) -> int | None:
        """The first occurrence after offset ``after``, round to the first."""
        found = self.occurrences(data)
        if not found:
            return None
        return found[bisect_right(found, after) % len(found)]

    def on_tree_node_selected(self, event: Tree.NodeSelected[NodeData]) -> None:
        data = event.node.data
        if data and data[1]:
            event.stop()
            start = self.next_occurrence(data, self.caret)
            if start is not None:
                self.post_message(self.Jump(start))

    def action_toggle_type(self) -> None:
        node = self.cursor_node
        if node is None or not node.data:
            return
        label = node.data[0]
        self.hidden ^= {label}
        self.post_message(self.TypeToggled(label))
        self._types[label].set_label(self._type_label(label, self._counts[label]))
