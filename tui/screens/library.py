"""The library: every document under the given paths, with title, words and annotation count."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import DataTable, Input, Label
from textual.worker import get_current_worker

from marginote.annotations.library import DocumentInfo, describe, find_documents
from marginote.annotations.sanitise import sanitise
from marginote.tui import keymap
from marginote.tui.document_status import cycle_status, status_book, with_status
from marginote.tui.screens.library_columns import (
    CELL_PADDING,
    COLUMNS,
    NARROW,
    NARROW_BELOW,
    share_widths,
    verdict_counts,
)
from marginote.tui.screens.opening import cannot_open, extracted_format
from marginote.tui.warming import DESCRIBE_AFTER
from marginote.tui.widgets.heading import cut_path
from marginote.tui.widgets.key_footer import KeyFooter
from marginote.tui.widgets.sync_status import SyncStatusLabel

if TYPE_CHECKING:
    from marginote.annotations import formats
    from marginote.annotations.documents import Document, DocumentError
    from marginote.annotations.store import Progress, StoreError, Summary
    from marginote.tui.app import MarginoteApp

# The first frame lists file names only: what reads the files (documents, formats) and the store
# are imported by the methods that use them, all after the first frame (see tui/warming.py).


class LibraryScreen(Screen[None]):
    """Lists documents at once, then fills in their metadata from a thread worker."""

    if TYPE_CHECKING:
        app: MarginoteApp

    BINDINGS: ClassVar[list[BindingType]] = [*keymap.LIBRARY]

    def __init__(self, paths: list[Path]) -> None:
        super().__init__()
        self.paths = paths
        self.infos: dict[str, DocumentInfo] = {}
        #: Per text (sha256): its annotations' summary and reading progress, or "damaged".
        self.summaries: dict[str, tuple[Summary, Progress | None] | str] = {}
        self._order: list[Path] = []
        self._opened: str | None = None
        #: The document being read in a thread (its key) before the reader opens on it.
        self._opening: str | None = None
        self._widths: dict[str, int | None] = dict(COLUMNS)
        #: Set while the library may describe its files: cleared while a document is opened
        #: and read, so that the describing thread never competes with the reader's first
        #: screen (or its keys) for the interpreter.
        self._describing_allowed = threading.Event()
        self._describing_allowed.set()
        #: The screen width the columns were last fitted for (see ``on_resize``).
        self._fitted_width: int | None = None

    def compose(self) -> ComposeResult:
        yield Label(id="library-title")
        yield DataTable(id="documents", cursor_type="row", zebra_stripes=True)
        yield Label(id="library-row-note")  # why the selected file cannot be opened
        yield Input(placeholder="Filter by title or file name (escape clears)", id="library-filter")
        yield SyncStatusLabel(id="library-sync")  # sync status (issue 15)
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        self._add_columns()
        self.scan()
        table.focus()

    def _shared_widths(self) -> dict[str, int | None]:
        """The columns' widths for the table's width and the titles and paths listed."""
        table = self.query_one(DataTable)
        widths = dict(COLUMNS)
        if table.size.width < NARROW_BELOW:
            widths.update({column: width for column, (_, width) in NARROW.items()})
        fixed = sum(w or 0 for c, w in widths.items() if c not in ("Title", "File"))
        room = table.size.width - fixed - CELL_PADDING * len(COLUMNS) - 2  # 2: the scrollbar
        infos = self.infos.values()
        title_needed = max((len(self._title(info).plain) for info in infos), default=5)
        file_needed = max((len(str(info.path)) for info in infos), default=4)
        title, file_width = share_widths(room, title_needed, file_needed)
        return {**widths, "Title": title, "File": file_width}

    def _add_columns(self) -> None:
        table = self.query_one(DataTable)
        narrow = self._widths["Words"] == NARROW["Words"][1]
        for column, width in self._widths.items():
            label = NARROW[column][0] if narrow and column in NARROW else column
            table.add_column(label, key=column, width=width)

    def _fit_columns(self) -> bool:
        """Share the room between Title and File again; True when the columns changed (the
        table was then rebuilt)."""
        if not self.is_mounted or not self.query_one(DataTable).size.width:
            self._fitted_width = None  # not laid out yet: the next resize tries again
            return False
        widths = self._shared_widths()
        if widths == self._widths:
            return False
        self._widths = widths
        table = self.query_one(DataTable)
        selected = self._selected_key()
        table.clear(columns=True)
        self._add_columns()
        self._fill_table()
        if selected is not None and selected in table.rows:
            table.move_cursor(row=table.get_row_index(selected))
        return True

    def on_resize(self, event: events.Resize) -> None:
        """Fit the columns again when the width changes; a change of height alone posts
        nothing. (Started headless without a size, Textual sends the screen two first sizes,
        80x25 and 80x24, and re-sends each one to the screen as it lays it out: a callback
        posted on every resize kept the two apart in the queue, where they would otherwise
        replace each other, and the screen laid itself out for ever.)"""
        if event.size.width != self._fitted_width:
            self._fitted_width = event.size.width
            self.call_after_refresh(self._fit_columns)

    # -- listing ----------------------------------------------------------------------------------

    def scan(self) -> None:
        self.statuses = status_book(self.app).all()  # dataset hook: document statuses
        self._order = find_documents(self.paths)
        self.infos = {
            str(p): self.infos.get(str(p)) or DocumentInfo(path=p, size=-1) for p in self._order
        }
        self._fill_table()
        # Once the list is on screen and the reader warmed (a thread started now would compete
        # with drawing it, and with the first document opened: see DESCRIBE_AFTER).
        unknown = [p for p in self._order if self.infos[str(p)].size < 0]
        self.set_timer(DESCRIBE_AFTER, lambda: self.describe_all(unknown))

    def _title_line(self) -> Text:
        if self._opening is not None:
            return Text.assemble(
                ("marginote", "bold"),
                "  Opening ",
                (sanitise(Path(self._opening).name), "bold"),
                " … (extracting text; escape cancels)",
            )
        where = ", ".join(sanitise(p) for p in self.paths)
        count = len(self._order)
        return Text.assemble(
            ("marginote", "bold"),
            "  ",
            (f"{count} document{'s' if count != 1 else ''}", ""),
            " in ",
            (where, "italic"),
        )

    def _fill_table(self) -> None:
        table = self.query_one(DataTable)
        query = self.query_one("#library-filter", Input).value.strip().lower()
        selected = self._selected_key()
        table.clear()
        for path in self._order:
            info = self.infos[str(path)]
            if query and query not in info.title.lower() and query not in str(path).lower():
                continue
            table.add_row(*self._cells(info), key=str(path))
        self.query_one("#library-title", Label).update(self._title_line())
        if selected is not None and selected in table.rows:
            table.move_cursor(row=table.get_row_index(selected))
        self._show_row_note()  # (no row highlighted when none is left)

    def _title(self, info: DocumentInfo) -> Text:
        """The title cell: status mark, title, encoding when not UTF-8; "…" when cut."""
        title = with_status(Text(sanitise(info.title)), self.statuses.get(info.sha256, "new"))
        title.overflow, title.no_wrap = "ellipsis", True
        if info.encoding != "UTF-8":
            title.append(f"  {sanitise(info.encoding)}", style="dim italic")
        if byline := " · ".join(part for part in (info.author, info.date) if part):  # formats
            title.append(f"  {sanitise(byline)}", style="dim")  # metadata from the file
        return title

    def _cells(self, info: DocumentInfo) -> tuple[Text, ...]:
        name = Text(cut_path(sanitise(info.path), self._widths["File"] or 30), style="dim")
        if info.size < 0 or info.error:
            mark = "…" if info.size < 0 else "—"
            title = (
                Text(sanitise(info.path.name))
                if info.size < 0
                else Text.assemble(
                    (sanitise(info.path.name), "strike"), "  ", (sanitise(info.error), "red")
                )
            )
            blank = Text(mark, justify="right")
            return (title, blank, blank, Text(mark), blank, name)
        title = self._title(info)
        known = self.summaries.get(info.sha256)
        if known is None or isinstance(known, str):
            text = known or "…"
            count, claims, read = Text(text, justify="right"), Text(""), Text("")
        else:
            summary, progress = known
            count = Text(
                str(summary.count), justify="right", style="bold" if summary.count else "dim"
            )
            claims = verdict_counts(summary.verdicts)
            read = Text(
                f"{progress.fraction:.0%}" if progress else "", justify="right", style="dim"
            )
        return (title, Text(f"{info.words:,}", justify="right"), count, claims, read, name)

    def _positions(self) -> dict[str, Progress]:
        """Reading progress of every document (read once per pass over the library)."""
        from marginote.annotations.store import StoreError

        try:
            return self.app.store.reading_positions()
        except StoreError:
            return {}  # progress is a convenience: the columns stay empty

    def _summarise(self, doc: str, positions: dict[str, Progress]) -> StoreError | None:
        """Note the document's annotation summary and progress; the error when its file is
        damaged (the row then says so)."""
        from marginote.annotations.store import StoreError

        try:
            summary = self.app.store.summary(doc)
        except StoreError as error:
            self.summaries[doc] = "damaged"
            return error
        self.summaries[doc] = (summary, positions.get(doc))
        return None

    def _update_row(self, info: DocumentInfo) -> None:
        key = str(info.path)
        self.infos[key] = info
        table = self.query_one(DataTable)
        if key in table.rows:
            for column, cell in zip(COLUMNS, self._cells(info), strict=True):
                table.update_cell(key, column, cell)
            if key == self._selected_key():
                self._show_row_note()

    @on(DataTable.RowHighlighted)
    def _show_row_note(self) -> None:
        """The whole reason the selected file cannot be opened, under the list (its cell is cut
        at the column's width; a tooltip would need the mouse on the row)."""
        try:
            note = self.query_one("#library-row-note", Label)
            info = self.infos.get(self._selected_key() or "")
        except NoMatches:  # the app is closing: the live view's last check came in between
            return
        note.set_class(bool(info and info.error), "shown")
        if info and info.error:
            reason = Text.assemble((sanitise(info.path.name), "bold"), " cannot be opened: ")
            note.update(reason.append(sanitise(info.error)))

    @work(thread=True, exclusive=True, group="describe")
    def describe_all(self, paths: list[Path]) -> None:
        """Read each file once for its title, words and hash, and count its annotations.

        Rows are updated in batches (at most ten times a second), so a folder of thousands of
        files stays responsive while it is described."""
        worker = get_current_worker()
        batch: list[DocumentInfo] = []
        paused = False

        def wait_for_the_library() -> None:
            """Pause while a document is being opened or read (see ``_describing_allowed``), and
            until the app has warmed the reader (``MarginoteApp.warmed``)."""
            nonlocal paused
            while not (self._describing_allowed.wait(0.05) and self.app.warmed.wait(0.05)):
                paused = True
                if worker.is_cancelled:
                    raise _Stopped

        try:
            wait_for_the_library()  # before anything is read, the store included
        except _Stopped:
            return
        positions, paused = self._positions(), False
        flushed = time.monotonic()
        for path in paths:
            try:
                wait_for_the_library()
                info = describe(path, wait_for_the_library)
            except _Stopped:
                return
            if paused:  # a document was read meanwhile: its progress has moved
                positions, paused = self._positions(), False
            if worker.is_cancelled:
                return
            if info.sha256 and (error := self._summarise(info.sha256, positions)):
                self.app.call_from_thread(self._report, error)
            batch.append(info)
            if time.monotonic() - flushed > 0.1:
                self.app.call_from_thread(self._update_rows, batch)
                batch, flushed = [], time.monotonic()
        if batch:
            self.app.call_from_thread(self._update_rows, batch)

    def _update_rows(self, infos: list[DocumentInfo]) -> None:
        if not self.query(DataTable):  # the app is closing: the table is gone
            return
        for info in infos:
            self._update_row(info)
        self._fit_columns()  # the titles read may want another share of the room

    def _report(self, error: StoreError) -> None:
        self.notify(str(error), title="Annotation file", severity="error", timeout=20, markup=False)

    def _selected_key(self) -> str | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    # -- actions ----------------------------------------------------------------------------------

    def action_cycle_status(self) -> None:  # dataset hook: the document status key
        info = self.infos.get(self._selected_key() or "")
        if info is not None and info.sha256:
            self.statuses[info.sha256] = cycle_status(self.app, info.sha256, info.title)
            self._update_row(info)

    def action_cursor(self, delta: int) -> None:
        table = self.query_one(DataTable)
        table.move_cursor(row=table.cursor_row + delta)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not keymap.typed_in_a_field(self, action)  # /, home, end in the filter

    def action_cursor_to(self, row: int) -> None:
        """To the first document (0) or the last (-1)."""
        table = self.query_one(DataTable)
        table.move_cursor(row=row % table.row_count if table.row_count else 0)

    def action_filter(self) -> None:
        # Focused at once (``focus()`` would wait behind the keys already queued, handed on to
        # the table): every key typed after / reaches the filter, however busy the app is.
        self.set_focus(self.query_one("#library-filter", Input).add_class("shown"))

    def action_clear_filter(self) -> None:
        if self._opening is not None:  # escape first stops waiting for a document being read
            self._stop_opening()
            return
        field = self.query_one("#library-filter", Input)
        field.value = ""
        field.remove_class("shown")
        self.query_one(DataTable).focus()

    @on(Input.Changed, "#library-filter")
    def _filter_changed(self) -> None:
        self._fill_table()

    @on(Input.Submitted, "#library-filter")
    def _filter_done(self) -> None:
        self.query_one(DataTable).focus()

    def action_rescan(self) -> None:
        self.infos = {}
        self.summaries = {}
        self.scan()
        self.notify("Library rescanned.", timeout=2)

    @on(DataTable.RowSelected)
    def _row_selected(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        key = self._selected_key()
        if key is not None:
            self.open_path(key)

    def open_path(self, key: str) -> None:
        """Open the document at ``key`` (its path, as listed) in the reader.

        A plain text file is read at once; a file whose text is extracted (PDF, web page, Word,
        e-book...) is read in a thread, so keys keep working while a first extraction takes
        seconds: the title line says so, a repeated enter is ignored, escape or another
        document stops waiting for it."""
        from marginote.annotations.documents import DocumentError, load_document

        if key == self._opening:
            return
        self._describing_allowed.clear()  # until the document shows, or cannot be opened
        if (extracted := extracted_format(Path(key))) is not None:
            self._opening = key
            self.query_one("#library-title", Label).update(self._title_line())
            self._load_in_thread(key, extracted)
            return
        if self._opening is not None:
            self._stop_opening()
        try:
            document = load_document(Path(key))
        except DocumentError as error:
            self._cannot_open(error)
            return
        self._show(key, document)

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def _load_in_thread(self, key: str, extracted: formats.Format) -> None:
        # pdf hook: a PDF not in the cache shows its pages as they are read (finding out reads
        # and hashes the whole file: here, off the interface's thread)
        from marginote.annotations.documents import DocumentError, load_document
        from marginote.tui.screens.preview import needs_preview

        if needs_preview(Path(key), extracted):
            if not get_current_worker().is_cancelled:
                self.app.call_from_thread(self._preview, key)
            return
        result: Document | DocumentError
        try:
            result = load_document(Path(key))
        except DocumentError as error:
            result = error
        except Exception as error:  # an extractor's bug: a message, not a dead "Opening"
            result = DocumentError(Path(key), f"could not be read ({type(error).__name__})")
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._loaded, key, result)

    def _loaded(self, key: str, result: Document | DocumentError) -> None:
        if key != self._opening:  # stopped (escape, another document) while it was read
            return
        from marginote.annotations.documents import DocumentError

        self._stop_opening()
        if isinstance(result, DocumentError):
            self._cannot_open(result)
        elif self.app.screen is self:
            self._show(key, result)
        else:  # the help or the palette is over the library: don't hide it
            self.notify(f"{Path(key).name}: ready; press enter to open it", markup=False)

    def _preview(self, key: str) -> None:  # pdf hook
        if key != self._opening:  # stopped (escape, another document) while it was checked
            return
        from marginote.tui.screens.preview import PreviewScreen

        self._stop_opening()
        if self.app.screen is self:
            self.app.push_screen(PreviewScreen(Path(key), lambda: self._reader_opened(key)))
        else:  # the help or the palette is over the library: don't hide it
            self.notify(f"{Path(key).name}: press enter to open it", markup=False)

    def _reader_opened(self, key: str) -> None:  # pdf hook: the preview handed over to the
        self._opened = key  # reader (not before: back from a cancelled one, nothing is cached)

    def _stop_opening(self) -> None:
        self._opening = None
        if self.app.screen is self:
            self._describing_allowed.set()
        self.workers.cancel_group(self, "open")
        self.query_one("#library-title", Label).update(self._title_line())

    def _cannot_open(self, error: DocumentError) -> None:
        self._describing_allowed.set()
        cannot_open(self, error)

    def _show(self, key: str, document: Document) -> None:
        from marginote.tui.screens.reader import ReaderScreen

        self._opened = key
        info = self.infos.get(key)
        words = info.words if info is not None and info.sha256 == document.sha256 else None
        self.app.push_screen(ReaderScreen(document, words=words))

    def on_screen_suspend(self) -> None:
        self._describing_allowed.clear()  # the reader (or a dialog) has the interpreter

    def on_screen_resume(self) -> None:
        """Back from the reader: refresh the count of the document that was open."""
        if self._opening is None:
            self._describing_allowed.set()
        if self._opened is None:
            return
        info = describe(Path(self._opened))  # the file may have changed while it was open
        self.statuses = status_book(self.app).all()  # dataset hook: set in the reader too
        if info.sha256 and (error := self._summarise(info.sha256, self._positions())):
            self._report(error)
        self._update_row(info)


class _Stopped(Exception):
    """The describing worker was cancelled while it waited for the library."""
