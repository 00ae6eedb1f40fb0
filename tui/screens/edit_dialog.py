"""The dialog that edits one annotation: label, verdict, note and tags, all by keyboard.

Nothing typed is lost without being asked: ``escape`` with changes asks whether to save or
discard them (``has_changes`` lets the app ask too before quitting). The fields scroll under a
fixed title and fixed buttons, so the dialog fits 80x24 and the focused field is always seen.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlparse

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import Resize
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label, Select, TextArea

from marginote.annotations.editing import in_quotes, short_quote
from marginote.annotations.model import VERDICTS, Annotation, LabelSet
from marginote.annotations.sanitise import sanitise, sanitise_lines
from marginote.tui.screens.discard_dialog import close_or_ask
from marginote.tui.styles import READER_CSS
from marginote.tui.widgets.annotation_list import WORTHINESS

QUOTE_PREVIEW = 280
#: Characters of the quote in the dialog's title.
TITLE_QUOTE = 40
#: Rows the dialog takes besides its fields: border, padding, title and buttons.
CHROME_ROWS = 8
#: Below this many rows the dialog drops its padding and the blank rows between fields.
SHORT_SCREEN = 36



def parse_urls(value: str) -> tuple[list[str], list[str]]:
    """(the URLs, the pieces that are not web URLs) of a space- or comma-separated list."""
    urls: list[str] = []
    bad: list[str] = []
    for piece in value.replace(",", " ").split():
        parts = urlparse(piece)
        (urls if parts.scheme in ("http", "https") and "." in parts.netloc else bad).append(piece)
    return urls, bad


def parse_tags(value: str) -> tuple[str, ...]:
    """Comma-separated tags, trimmed, empty ones dropped, first spelling of each kept."""
    seen: dict[str, None] = {}
    for tag in value.split(","):
        if tag := tag.strip():
            seen.setdefault(tag, None)
    return tuple(seen)


class CompletingInput(Input):
    """An input whose completion (shown dimmed after the typed text) is what it holds: leaving
    the field takes it, and ``shown`` is the value as seen on screen."""

    @property
    def shown(self) -> str:
        suggestion = self._suggestion
        if self.has_focus and len(suggestion) > len(self.value) and self.cursor_at_end:
            return suggestion
        return self.value

    def take_completion(self) -> None:
        self.value = self.shown
        self.cursor_position = len(self.value)

    def _on_blur(self, event: events.Blur) -> None:
        self.take_completion()
        super()._on_blur(event)


class EditDialog(ModalScreen[Annotation | None]):
    """Returns the edited annotation on save, None on cancel."""

    CSS_PATH = READER_CSS

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(
        self,
        annotation: Annotation,
        labels: LabelSet,
        claimants: Sequence[tuple[str, str]] = (),
        verdicts: Sequence[str] = VERDICTS,
    ) -> None:
        """``claimants``: (name, entity type) of the people and organisations of the document,
        most mentioned first, offered as the claimant is typed."""
        super().__init__()
        self.annotation = annotation
        self.labels = labels
        self.claimants = dict(claimants)
        #: The verdict scale in force; a verdict given on another scale is kept and offered.
        self.verdicts = list(verdicts)
        if annotation.verdict and annotation.verdict not in self.verdicts:
            self.verdicts.append(annotation.verdict)
        #: The fields as given (they may come from an import file) and as shown: control
        #: characters as placeholders. A field left as shown keeps what was given. Set when
        #: composed (the annotation may be filled in before: a claimant found in the text).
        self.given: dict[str, str] = {}
        self.shown: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        a = self.annotation
        self.given = {
            "note": a.note,
            "tags": ", ".join(a.tags),
            "claimant": str(a.attrs.get("claimant", "")),
            "evidence": " ".join(a.attrs.get("evidence", [])),
        }
        self.shown = {key: sanitise_lines(value) for key, value in self.given.items()}
        title = short_quote(sanitise(a.quote), TITLE_QUOTE)
        with Vertical(id="edit-dialog"):
            yield Label(
                Text.assemble(
                    (f"Edit {sanitise(a.label)}", "bold"), "  ", (in_quotes(title), "italic")
                ),
                id="edit-heading",
            )
            with VerticalScroll(id="edit-fields"):
                yield from self._fields()
            with Horizontal(id="edit-buttons"):
                yield Button("Save  ctrl+s", variant="primary", id="edit-save", compact=True)
                yield Button("Cancel  esc", id="edit-cancel", compact=True)

    def _fields(self) -> ComposeResult:
        a = self.annotation
        verdicts = self.verdicts
        quote = short_quote(sanitise(a.quote), QUOTE_PREVIEW)
        yield Label(Text(in_quotes(quote), style="italic"), id="edit-quote")
        with Horizontal(classes="edit-row"):
            yield Label("Label", classes="edit-caption")
            yield Select(
                [(Text(sanitise(label.name)), label.name) for label in self.labels.labels],
                value=a.label if self.labels.by_name(a.label) else Select.NULL,
                allow_blank=self.labels.by_name(a.label) is None,
                id="edit-label",
                compact=True,
            )
        with Horizontal(classes="edit-row"):
            yield Label("Verdict", classes="edit-caption")
            yield Select(
                [(Text(sanitise(verdict)), verdict) for verdict in verdicts],
                value=a.verdict if a.verdict in verdicts else Select.NULL,
                prompt="no verdict yet",
                id="edit-verdict",
                compact=True,
            )
        yield Label("Note", classes="edit-caption")
        yield TextArea(
            self.shown["note"],
            id="edit-note",
            soft_wrap=True,
            show_line_numbers=False,
            compact=True,
        )
        with Horizontal(classes="edit-row"):
            yield Label("Tags", classes="edit-caption")
            yield Input(
                self.shown["tags"],
                placeholder="comma, separated",
                id="edit-tags",
                compact=True,
                select_on_focus=False,  # tab into a filled field: typing adds, never replaces
            )
        with Horizontal(classes="edit-row"):
            yield Label("Claimant", classes="edit-caption")
            yield CompletingInput(
                self.shown["claimant"],
                placeholder="who made the claim (→ accepts a suggestion)",
                suggester=SuggestFromList(
                    [sanitise(c) for c in self.claimants], case_sensitive=False
                ),
                id="edit-claimant",
                compact=True,  # selected on focus: a claimant found in the text is replaced
            )
        with Horizontal(classes="edit-row"):
            yield Label("Check-worthy", classes="edit-caption")
            worthiness = a.attrs.get("check_worthiness")
            yield Select(
                [(f"{n} {WORTHINESS[n]}", n) for n in WORTHINESS],
                value=worthiness if worthiness in WORTHINESS else Select.NULL,
                prompt="not rated",
                id="edit-worthiness",
                compact=True,
            )
        with Horizontal(classes="edit-row"):
            yield Label("Evidence", classes="edit-caption")
            yield Input(
                self.shown["evidence"],
                placeholder="https://… (several: separated by spaces)",
                id="edit-evidence",
                compact=True,
                select_on_focus=False,
            )
        yield Label("", id="edit-problem")

    def on_mount(self) -> None:
        self.query_one("#edit-verdict", Select).focus()
        self._initial = self._values()

    def on_resize(self, event: Resize) -> None:
        """The fields scroll in what the screen leaves beside the title and buttons."""
        short = event.size.height < SHORT_SCREEN
        self.query_one("#edit-dialog").set_class(short, "-short")
        fields = self.query_one("#edit-fields", VerticalScroll)
        fields.styles.max_height = max(3, event.size.height - CHROME_ROWS + (2 if short else 0))

    def _values(self) -> tuple[object, ...]:
        """Every field's value as shown: what ``has_changes`` compares."""
        return (
            self.query_one("#edit-label", Select).value,
            self.query_one("#edit-verdict", Select).value,
            self.query_one("#edit-note", TextArea).text.strip(),
            parse_tags(self.query_one("#edit-tags", Input).value),
            " ".join(self.query_one("#edit-claimant", CompletingInput).shown.split()),
            self.query_one("#edit-worthiness", Select).value,
            " ".join(self.query_one("#edit-evidence", Input).value.split()),
        )

    @property
    def has_changes(self) -> bool:
        """True when a field differs from what the annotation holds (saving would change it)."""
        return self.is_mounted and self._values() != self._initial

    def action_save(self) -> None:
        label = self.query_one("#edit-label", Select).value
        verdict = self.query_one("#edit-verdict", Select).value
        urls, bad = parse_urls(self._field("evidence", Input))
        if bad:
            self.query_one("#edit-problem", Label).update(
                Text(f"Not a web address (http:// or https://): {bad[0]}", style="bold")
            )
            self.query_one("#edit-evidence", Input).focus()
            return
        attrs = dict(self.annotation.attrs)
        claimant_input = self.query_one("#edit-claimant", CompletingInput)
        claimant_input.take_completion()  # what is saved is what was shown
        claimant = " ".join(self._field("claimant", Input).split())
        worthiness = self.query_one("#edit-worthiness", Select).value
        worthy = int(worthiness) if isinstance(worthiness, int | str) else None
        chosen = {
            "verdict": None if verdict is Select.NULL else str(verdict),
            "claimant": claimant or None,
            "claimant_type": self.claimants.get(claimant) if claimant else None,
            "check_worthiness": worthy,
            "evidence": urls or None,
        }
        for key, value in chosen.items():
            if value is None:
                attrs.pop(key, None)
            else:
                attrs[key] = value
        edited = self.annotation.edited(
            label=self.annotation.label if label is Select.NULL else str(label),
            note=self._field("note", TextArea).strip(),
            tags=parse_tags(self._field("tags", Input)),
            attrs=attrs,
        )
        self.dismiss(edited)

    def _field(self, name: str, kind: type[Input] | type[TextArea]) -> str:
        """The field's text: what was given when it is unchanged from what was shown."""
        widget = self.query_one(f"#edit-{name}", kind)
        value = widget.value if isinstance(widget, Input) else widget.text
        return self.given[name] if value == self.shown[name] else value

    def action_cancel(self) -> None:
        """Close; with changes, ask first whether to save or discard them."""
        close_or_ask(self, self.action_save)

    @on(Button.Pressed, "#edit-save")
    @on(Input.Submitted, "#edit-tags")
    @on(Input.Submitted, "#edit-claimant")
    @on(Input.Submitted, "#edit-evidence")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#edit-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
