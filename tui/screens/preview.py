"""A read-only preview of a PDF whose text is still being extracted, then the reader.

A long PDF not yet in the cache takes seconds to extract (pypdf reads about 150 pages a
second). ``needs_preview`` tells the library when to show this screen instead of waiting: the
bounded child process hands each page over as it reads it (``formats.Streaming``), the pages are
turned into text in the extraction's thread (``pdf.PagePreview``) and appended to the view a few
pages at a time, so keys stay live. Moving, selecting and searching work; the keys that would
change annotations say the text is not complete yet. When the extraction ends (the text is then
cached), the reader replaces the preview with the caret on the same words of the final text
(``PagePreview.final_offset``: the running headers and footers are only known once every page
is read, so the final text is not always the preview's text).

Nothing here calls the store, the entity cache or the claim scores: they are keyed by the text's
hash, and a partial text is never given to them. Escape leaves the preview and stops the
extraction (its child process is killed).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Label
from textual.worker import get_current_worker

from marginote.annotations import formats
from marginote.annotations.documents import Document, DocumentError, load_document, title_of
from marginote.annotations.formats.pdf import PagePreview
from marginote.annotations.paths import cache_dir
from marginote.annotations.sanitise import sanitise
from marginote.annotations.searching import Searching
from marginote.tui import keymap
from marginote.tui.screens.opening import cannot_open
from marginote.tui.screens.reader_frame import fit_bindings
from marginote.tui.screens.verdict_picker import VERDICT_BINDING
from marginote.tui.styles import READER_CSS
from marginote.tui.widgets.document_view import DocumentView
from marginote.tui.widgets.heading import fit_heading
from marginote.tui.widgets.key_footer import KeyFooter
from marginote.tui.widgets.search_bar import SearchBar, go_to_match

if TYPE_CHECKING:
    from marginote.tui.app import MarginoteApp

#: Characters of new text appended to the view per screen refresh (a few pages): the rest waits
#: for the next one, so a burst of pages never holds the keys.
APPEND_SLICE = 32_768
#: The reader's keys that work in the preview; the others (tagging, editing) say why they don't.
ALLOWED = frozenset(
    {
        "reader.escape",
        "reader.back",
        "reader.search",
        "reader.next-match",
        "reader.previous-match",
    }
)


def needs_preview(path: Path, format: formats.Format) -> bool:
    """Whether ``path`` (of ``format``, detected by the library) opens in the preview: a PDF
    whose text is not in the cache yet (opening it takes seconds). False when the library's usual
    opening is as quick (cached, not a PDF, or unreadable: the usual opening then says why).
    Reads and hashes the whole file (64 MB at most): called from the library's opening thread."""
    if format is not formats.PDF:
        return False
    try:
        data = path.read_bytes()
    except OSError:
        return False
    return not formats.is_cached(formats.PDF, data, cache_dir())


def _refused_bindings(labels_keys: list[Binding]) -> list[Binding]:
    """The reader's editing keys (and the digits), bound to the "still extracting" answer."""
    refused = [b for b in [*keymap.READER, VERDICT_BINDING] if b.id not in ALLOWED]
    return [
        replace(b, action="still_extracting", show=b.id == "reader.tag-1")
        for b in [*labels_keys, *refused]
    ]


class PreviewScreen(Screen[None]):
    CSS_PATH = READER_CSS

    if TYPE_CHECKING:
        app: MarginoteApp

    BINDINGS: ClassVar[list[BindingType]] = [
        *(b for b in keymap.READER if b.id in ALLOWED),
        Binding("J", "still_extracting", "Jump to a page", show=False, id="reader.jump"),
    ]

    class PagesRead(Message):
        """More pages were read (posted from the extraction's thread)."""

    class Done(Message):
        """The extraction ended: the document, or why it cannot be opened."""

        def __init__(self, result: Document | DocumentError) -> None:
            super().__init__()
            self.result = result

    def __init__(self, path: Path, reader_opened: Callable[[], None] | None = None) -> None:
        super().__init__()
        self.path = path
        self._reader_opened = reader_opened
        self.pages_read = 0
        self.page_count = 0
        self.preview = PagePreview()
        self._lock = threading.Lock()
        self._pending: list[str] = []  # text read but not yet appended to the view
        self._posted = False
        self._finished: Document | DocumentError | None = None
        #: The reader's title for the file until its metadata is read (with the text, at the end).
        self._file_title = title_of(path, "")
        for binding in _refused_bindings(keymap.tag_bindings(self.app.labels)):
            self._bindings.key_to_bindings.setdefault(binding.key, []).append(binding)

    @property
    def view(self) -> DocumentView:
        return self.query_one(DocumentView)

    @property
    def search_bar(self) -> SearchBar:
        return self.query_one(SearchBar)

    def compose(self) -> ComposeResult:
        empty = Document(path=self.path, text="", encoding="PDF", title=self._file_title)
        yield Label(self._title(), id="reader-title")
        yield DocumentView(empty, self.app.labels, id="document")
        yield SearchBar("", id="search")
        with Horizontal(id="status"):
            yield Label(self._progress(), id="preview-progress")
            yield Label("", id="search-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.view.focus()
        self._fit_footer(self.app.size.width)
        self._extract()

    def on_resize(self, event: events.Resize) -> None:
        self._fit_footer(event.size.width)
        self.query_one("#reader-title", Label).update(self._title(event.size.width))

    def _fit_footer(self, width: int) -> None:
        """The view's own keys (s, v) leave the footer of a narrow terminal, as in the reader."""
        fit_bindings(self.view, width)
        self.refresh_bindings()

    def _title(self, width: int | None = None) -> Text:
        """As the reader's heading (``ReaderFrame._title``): the title, then the path as listed,
        cut at its start so that the line says it is a preview."""
        note = Text("  preview: read-only while the text is extracted", style="dim italic")
        name, path = sanitise(self._file_title), sanitise(self.path)
        return fit_heading(name, path, note, width or self.app.size.width)

    def _progress(self) -> Text:
        if not self.page_count:
            return Text("Extracting the text…", style="bold")
        return Text.assemble(
            (f"Extracting: page {self.pages_read} of {self.page_count}", "bold"),
            ("  · tagging opens when complete · escape cancels", "dim"),
        )

    # -- the extraction, in a thread -------------------------------------------------------------

    @work(thread=True, exclusive=True, group="preview", exit_on_error=False)
    def _extract(self) -> None:
        worker = get_current_worker()

        def on_page(number: int, count: int, raw: str) -> None:
            piece = self.preview.add(raw)
            with self._lock:
                self.pages_read, self.page_count = number, count
                if piece:
                    self._pending.append(piece)
                post, self._posted = not self._posted, True
            if post:
                self.post_message(self.PagesRead())

        result: Document | DocumentError
        streaming = formats.Streaming(on_page, lambda: worker.is_cancelled)
        try:
            result = load_document(self.path, streaming)
            result.word_count  # noqa: B018 - counted here, off the UI thread
        except DocumentError as error:
            result = error
        except Exception as error:  # an extractor's bug: a message, not a preview forever
            result = DocumentError(self.path, f"could not be read ({type(error).__name__})")
        if not worker.is_cancelled:
            self.post_message(self.Done(result))

    @on(PagesRead)
    def _pages_read(self) -> None:
        """Append what was read, a slice per refresh."""
        with self._lock:
            pieces, size = [], 0
            while self._pending and size < APPEND_SLICE:
                size += len(self._pending[0])
                pieces.append(self._pending.pop(0))
            more = bool(self._pending)
            self._posted = more
        if pieces:
            self._append("".join(pieces))
        self.query_one("#preview-progress", Label).update(self._progress())
        if more:
            self.call_after_refresh(self._pages_read)
        else:
            self._finish()

    def _append(self, more: str) -> None:
        view = self.view
        document = view.document.extended(more)
        view.append_text(document)
        bar = self.search_bar
        bar.searching = Searching(document.text)
        if bar.value:  # the search goes on in the new pages
            view.set_matches(bar.searching.find(bar.value))
            self._show_search()

    @on(Done)
    def _done(self, message: Done) -> None:
        self._finished = message.result
        self._finish()

    def on_screen_resume(self) -> None:
        """Back from the help or the palette: what came meanwhile is shown now."""
        self._finish()

    def _finish(self) -> None:
        """Once the extraction ended and its last pages are appended, and the preview is on
        top (not under the help or the palette): the reader, or why the file cannot be read."""
        result = self._finished
        with self._lock:
            appending = self._posted or bool(self._pending)
        if result is None or appending or self.app.screen is not self:
            return
        if isinstance(result, DocumentError):
            self.app.pop_screen()
            cannot_open(self, result)
        else:
            self._open_reader(result)

    def _open_reader(self, document: Document) -> None:
        """The reader, on the final text, with the caret on the words it was on."""
        from marginote.tui.screens.reader import ReaderScreen

        source = document.source
        caret = self.view.cursor
        if caret and source is not None:
            caret = self.preview.final_offset(caret, document.text, source.pages)
        reader = ReaderScreen(document, words=document.word_count)
        if self._reader_opened is not None:
            self._reader_opened()
        self.app.switch_screen(reader)

        def place_caret() -> None:  # once the reader is mounted (after its own on_mount)
            if reader.is_attached:
                reader.view.move_to(caret)

        if caret:
            reader.call_after_refresh(place_caret)

    # -- keys -------------------------------------------------------------------------------------

    def action_still_extracting(self) -> None:
        where = (
            f"page {self.pages_read} of {self.page_count}" if self.page_count else "starting"
        )
        self.notify(
            f"Still extracting: {where}; tagging opens when the text is complete.", timeout=3
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not keymap.typed_in_a_field(self, action)  # a / typed in the search is a /

    def action_search(self) -> None:
        self.search_bar.open()

    @on(SearchBar.Found)
    def _search_found(self, event: SearchBar.Found) -> None:
        self.view.set_matches(event.matches)
        self._show_search()

    @on(SearchBar.Go)
    def _search_go(self) -> None:
        self.view.focus()
        self.action_next_match(1, from_caret=True)

    def action_next_match(self, direction: int, from_caret: bool = False) -> None:
        searching = self.search_bar.searching
        if not go_to_match(self.view, searching, direction, from_caret):
            self.notify("No search matches in the pages read so far.", timeout=2)
            return
        self._show_search()

    def _show_search(self) -> None:
        status = self.search_bar.searching.status()
        self.query_one("#search-status", Label).update(Text(status, style="bold"))

    def action_escape(self) -> None:
        if self.search_bar.shown:
            self.search_bar.close()
            self.view.focus()
        elif self.view.selection is not None or self.view.visual:
            self.view.clear_selection()
        else:
            self.action_back()

    def action_back(self) -> None:
        """Back to the library; the extraction stops (its child process is killed)."""
        self.workers.cancel_group(self, "preview")
        self.app.pop_screen()
