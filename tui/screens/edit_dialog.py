"""The dialog that edits one annotation: label, verdict, note and tags, all by keyboard."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, TextArea

from annotations.model import VERDICTS, Annotation, LabelSet
from tui.widgets.layout import visible

QUOTE_PREVIEW = 280


def parse_tags(value: str) -> tuple[str, ...]:
    """Comma-separated tags, trimmed, empty ones dropped, first spelling of each kept."""
    seen: dict[str, None] = {}
    for tag in value.split(","):
        if tag := tag.strip():
            seen.setdefault(tag, None)
    return tuple(seen)


class EditDialog(ModalScreen[Annotation | None]):
    """Returns the edited annotation on save, None on cancel."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, annotation: Annotation, labels: LabelSet) -> None:
        super().__init__()
        self.annotation = annotation
        self.labels = labels

    def compose(self) -> ComposeResult:
        a = self.annotation
        quote = visible(a.quote)
        if len(quote) > QUOTE_PREVIEW:
            quote = quote[:QUOTE_PREVIEW] + "…"
        with Vertical(id="edit-dialog"):
            yield Label(
                Text.assemble(("Edit annotation", "bold"), f"  {a.start}–{a.end}"),
                id="edit-heading",
            )
            yield Label(Text(f"“{quote}”", style="italic"), id="edit-quote")
            with Horizontal(classes="edit-row"):
                yield Label("Label", classes="edit-caption")
                yield Select(
                    [(label.name, label.name) for label in self.labels.labels],
                    value=a.label if self.labels.by_name(a.label) else Select.NULL,
                    allow_blank=self.labels.by_name(a.label) is None,
                    id="edit-label",
                )
            with Horizontal(classes="edit-row"):
                yield Label("Verdict", classes="edit-caption")
                yield Select(
                    [(verdict, verdict) for verdict in VERDICTS],
                    value=a.verdict if a.verdict in VERDICTS else Select.NULL,
                    prompt="no verdict yet",
                    id="edit-verdict",
                )
            yield Label("Note", classes="edit-caption")
            yield TextArea(a.note, id="edit-note", soft_wrap=True, show_line_numbers=False)
            with Horizontal(classes="edit-row"):
                yield Label("Tags", classes="edit-caption")
                yield Input(", ".join(a.tags), placeholder="comma, separated", id="edit-tags")
            with Horizontal(id="edit-buttons"):
                yield Button("Save  ctrl+s", variant="primary", id="edit-save")
                yield Button("Cancel  esc", id="edit-cancel")

    def on_mount(self) -> None:
        self.query_one("#edit-verdict", Select).focus()

    def action_save(self) -> None:
        label = self.query_one("#edit-label", Select).value
        verdict = self.query_one("#edit-verdict", Select).value
        attrs = dict(self.annotation.attrs)
        if verdict is Select.NULL:
            attrs.pop("verdict", None)
        else:
            attrs["verdict"] = str(verdict)
        edited = self.annotation.edited(
            label=self.annotation.label if label is Select.NULL else str(label),
            note=self.query_one("#edit-note", TextArea).text.strip(),
            tags=parse_tags(self.query_one("#edit-tags", Input).value),
            attrs=attrs,
        )
        self.dismiss(edited)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#edit-save")
    @on(Input.Submitted, "#edit-tags")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#edit-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
