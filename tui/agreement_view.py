"""The agreement table in the app: a palette command ("Show inter-annotator agreement") opens a
screen with the same figures as ``marginote agreement`` for the library's documents, computed
in a thread (scikit-learn loads only then)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label

from marginote.tui.commands import Command, ListedCommands, marginote

if TYPE_CHECKING:
    from marginote.annotations.sync.agreement import PairAgreement

COLUMNS = ("authors", "docs", "spans", "F1 exact", "F1 overlap", "kappa", "alpha")


def _figure(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def row_of(pair: PairAgreement) -> tuple[Text, ...]:
    from marginote.annotations.sync.shown import shown

    return (
        Text(f"{shown(pair.a, 20)} / {shown(pair.b, 20)}"),  # names are data, never markup
        Text(str(pair.documents), justify="right"),
        Text(f"{pair.spans_a} / {pair.spans_b}", justify="right"),
        Text(_figure(pair.f1_exact), justify="right"),
        Text(_figure(pair.f1_overlap), justify="right"),
        Text(f"{_figure(pair.kappa)} ({pair.sentences})", justify="right"),
        Text(f"{_figure(pair.alpha)} ({pair.rated_units})", justify="right"),
    )


class AgreementScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q", "dismiss", "Close")]
    DEFAULT_CSS = """
    AgreementScreen { align: center middle; }
    AgreementScreen > Vertical {
        width: 96%; max-width: 110; height: auto; max-height: 90%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    AgreementScreen DataTable { height: auto; max-height: 24; }
    """

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text("Inter-annotator agreement (escape closes)", style="bold"))
            yield Label(Text("computing…", style="dim"), id="agreement-note")
            yield DataTable(id="agreement", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for column in COLUMNS:
            table.add_column(column, key=column)
        self.run_worker(self._compute, thread=True, exit_on_error=False)

    def _compute(self) -> None:
        from marginote.annotations.sync.agreement import agreement, collect

        app = marginote(self.app)
        documents, _ = collect(app.paths, app.store)
        pairs = agreement(documents, app.verdicts.rated)
        self.app.call_from_thread(self._show, pairs)

    def _show(self, pairs: list[PairAgreement]) -> None:
        table = self.query_one(DataTable)
        for pair in pairs:
            table.add_row(*row_of(pair))
        note = (
            "F1: spans, same label. kappa: sentence labels (sentences).\n"
            "alpha: verdicts, ordinal (claims both rated)."
            if pairs
            else "no two authors annotated the same document"
        )
        self.query_one("#agreement-note", Label).update(Text(note, style="dim"))


class AgreementCommands(ListedCommands):
    def _commands(self) -> Iterator[Command]:
        yield (
            "Show inter-annotator agreement",
            "span F1, Cohen's kappa, Krippendorff's alpha per pair of authors",
            lambda: self.app.push_screen(AgreementScreen()),
            "",
        )
