"""Every key of marginote's screens, described once. The footer, the help screen (?) and the
command palette all read these bindings (through Textual's active bindings), so a key and what it
does are written in one place. Each binding has an id, and a user can give it other keys in the
config file (Textual's keymap, as posting does)::

    [keys]
    "reader.undo" = "u,ctrl+z"
    "reader.search" = "ctrl+f"

Keys of the document view (moving the caret, selecting) live with the view
(``widgets/document_view.py``); those of a dialog with the dialog.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input

from marginote.annotations.labels import TAG_KEYS
from marginote.annotations.sanitise import sanitise

__all__ = ["TAG_KEYS"]
from marginote.annotations.model import LabelSet

APP = [
    Binding("ctrl+q", "quit", "Quit", priority=True, id="app.quit"),
    Binding("question_mark", "help", "Help", id="app.help"),
]

LIBRARY = [
    Binding("enter", "open", "Open", id="library.open"),
    Binding("j", "cursor(1)", "Down", show=False, id="library.down"),
    Binding("k", "cursor(-1)", "Up", show=False, id="library.up"),
    # Priority keys (FIELD_FIRST), before the table's own (home and end scroll it sideways).
    Binding(
        "home", "cursor_to(0)", "First document", show=False, priority=True, id="library.first"
    ),
    Binding("end", "cursor_to(-1)", "Last document", show=False, priority=True, id="library.last"),
    # A priority key (FIELD_FIRST): the filter takes the focus before the next key is read.
    Binding("slash", "filter", "Filter", priority=True, id="library.filter"),
    Binding("r", "rescan", "Rescan", id="library.rescan"),
    Binding("escape", "clear_filter", "Clear filter", show=False, id="library.clear-filter"),
    # dataset: the document's status (new, in progress, done, skipped)
    Binding("D", "cycle_status", "Document status", show=False, id="library.status"),
]

#: The reader's escape: what it does depends on what is open (see ``ReaderScreen.escape_meaning``).
READER_ESCAPE = Binding("escape", "escape", "Library", id="reader.escape")

READER = [
    READER_ESCAPE,
    Binding("q", "back", "Library", show=False, id="reader.back"),
    Binding("enter", "edit", "Edit", id="reader.edit"),
    Binding("x", "delete", "Delete", id="reader.delete"),
    Binding("u", "undo", "Undo", id="reader.undo"),
    Binding("ctrl+r", "redo", "Redo", id="reader.redo"),
    Binding("c", "confirm", "Confirm placement", show=False, id="reader.confirm"),
    Binding("r", "reload", "Reload", show=False, id="reader.reload"),
    Binding("t", "toggle_entities", "Entities", id="reader.toggle-entities"),
    Binding("a", "panel('annotations')", "Annotations panel", show=False, id="reader.annotations"),
    Binding("g", "panel('entities')", "Entities panel", show=False, id="reader.entities"),
    Binding("f", "filter_annotations", "Filter annotations", show=False, id="reader.filter"),
    Binding("plus", "accept_entity", "Accept entity", show=False, id="reader.accept-entity"),
    Binding("minus", "reject_entity", "Reject entity", show=False, id="reader.reject-entity"),
    Binding(
        "L",
        "label_entity",
        "Entity type (relabel, or add the selection)",
        show=False,
        id="reader.label-entity",
    ),
    # A priority key (FIELD_FIRST): the search field takes the focus before the next key is read.
    Binding("slash", "search", "Search", priority=True, id="reader.search"),
    Binding("n", "next_match(1)", "Next match", show=False, id="reader.next-match"),
    Binding("N", "next_match(-1)", "Previous match", show=False, id="reader.previous-match"),
    # dataset: the document's status, and the annotation at the caret a word bigger or smaller
    Binding("D", "cycle_status", "Document status", show=False, id="reader.status"),
    Binding(
        "less_than_sign",
        "resize('start-')",
        "Annotation: take in the word before",
        show=False,
        id="reader.grow-start",
    ),
    Binding(
        "comma",
        "resize('start+')",
        "Annotation: let go of its first word",
        show=False,
        id="reader.shrink-start",
    ),
    Binding(
        "greater_than_sign",
        "resize('end+')",
        "Annotation: take in the next word",
        show=False,
        id="reader.grow-end",
    ),
    Binding(
        "full_stop",
        "resize('end-')",
        "Annotation: let go of its last word",
        show=False,
        id="reader.shrink-end",
    ),
]

#: What the reader's footer shows: on a wide terminal, then below ``NARROW`` columns (every key
#: is in the help and the palette). The app's Help and Quit come after these, and must fit.
NARROW = 100
WIDE_FOOTER = frozenset(
    {
        "reader.escape",
        "reader.tag-1",
        "reader.tag-2",
        "reader.edit",
        "reader.undo",
        "reader.search",
    }
)
NARROW_FOOTER = frozenset({"reader.escape", "reader.tag-1", "reader.edit", "reader.undo"})


#: The actions of the screens' priority bindings: they run as the app reads their key, before
#: the keys queued after it are handed to the focused widget, so / focuses its field in time for
#: the next key (``Widget.focus()`` would wait behind them), and home/end come before the table's.
FIELD_FIRST = frozenset(b.action.partition("(")[0] for b in (*LIBRARY, *READER) if b.priority)


def typed_in_a_field(screen: Screen[Any], action: str) -> bool:
    """Whether ``action`` is a priority key's while a text field has the focus: the key is then
    the field's own (a / typed in the filter, home in the search). Screens turn the action down
    in ``check_action`` (the key then goes to the field)."""
    return action in FIELD_FIRST and isinstance(screen.focused, Input)


def tag_bindings(labels: LabelSet) -> list[Binding]:
    """One binding per digit, described by the label it tags with ("claim"); a digit without
    a label says so."""
    bindings = []
    for key in TAG_KEYS:
        label = labels.by_key(key)
        description = sanitise(label.name) if label else f"Tag {key} (no label)"  # from config
        bindings.append(Binding(key, f"tag('{key}')", description, id=f"reader.tag-{key}"))
    return bindings


def fitted(bindings: Iterable[Binding], width: int, default: Mapping[str, bool]) -> list[Binding]:
    """The bindings as the footer shows them at ``width`` columns. Bindings with an id are shown
    by ``WIDE_FOOTER``/``NARROW_FOOTER``; others (a widget's own) as they were written
    (``default``: key -> shown), and not at all on a narrow terminal."""
    narrow = width < NARROW
    out = []
    for binding in bindings:
        if binding.id and binding.id.startswith("reader."):
            wanted = binding.id in (NARROW_FOOTER if narrow else WIDE_FOOTER)
        else:
            wanted = default.get(binding.key, binding.show) and not narrow
        out.append(replace(binding, show=wanted) if binding.show != wanted else binding)
    return out


def known_ids(extra: Iterable[Binding] = ()) -> set[str]:
    return {b.id for b in (*APP, *LIBRARY, *READER, *extra) if b.id}


def parse_keymap(section: Mapping[str, Any], ids: set[str]) -> tuple[dict[str, str], list[str]]:
    """The ``[keys]`` table of the config as a Textual keymap, and a message per entry left out
    (an unknown id, or keys that are not a string)."""
    keymap: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, keys in section.items():
        if binding_id not in ids:
            problems.append(f"[keys] {binding_id!r}: no such key binding (see ? for the ids)")
        elif not isinstance(keys, str) or not keys.strip():
            problems.append(f'[keys] {binding_id!r}: give the keys as a string, e.g. "u,ctrl+z"')
        else:
            keymap[binding_id] = ",".join(k.strip() for k in keys.split(",") if k.strip())
    return keymap, problems


def with_description(binding: Binding, description: str) -> Binding:
    if binding.description == description:
        return binding
    return replace(binding, description=description)
