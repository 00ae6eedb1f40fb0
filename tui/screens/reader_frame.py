"""The reader's frame: what every reader screen has around the document, whatever it shows
beside it. The title, the reading position, search (``/``, ``n``), the file watch, what escape
does (the innermost thing open first) and a footer that fits the terminal. ``ReaderScreen`` builds
on it; the keys themselves are described in ``tui/keymap.py``."""

from __future__ import annotations

import contextlib
import gc
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on
from textual.css.query import NoMatches
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import Label

from marginote.annotations.documents import Document, DocumentError, load_document
from marginote.annotations.model import LabelSet
from marginote.annotations.sanitise import sanitise
from marginote.annotations.store import StoreError
from marginote.annotations.watching import FileWatch
from marginote.tui import keymap
from marginote.tui.styles import READER_CSS
from marginote.tui.widgets.document_view import DocumentView
from marginote.tui.widgets.heading import fit_heading
from marginote.tui.widgets.search_bar import SearchBar, go_to_match
from marginote.tui.widgets.side_panel import SidePanel
from marginote.tui.widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from marginote.tui.app import MarginoteApp


class ReaderFrame(Screen[None]):
    CSS_PATH = READER_CSS

    if TYPE_CHECKING:
        app: MarginoteApp

    #: Seconds between checks that the file on disk is still the one on screen.
    WATCH_INTERVAL = 1.0
    #: Narrower than this, the side panel folds away (its keys show it over the text).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (90, "-wide")]

    def __init__(self, document: Document, words: int | None = None) -> None:
        super().__init__()
        self.document = document
        self.words = words  # from the library; counting a big text here would stall the screen
        self.file_watch = FileWatch(document.path)
        self._changed_on_disk = False
        self._tags = keymap.tag_bindings(self.app.labels)
        self._narrow_footer: bool | None = None
        self._fit_footer(self.app.size.width)
        self._view: DocumentView | None = None

    # -- what tests, benchmarks and other screens read ---------------------------------------

    @property
    def labels(self) -> LabelSet:
        return self.app.labels

    @property
    def view(self) -> DocumentView:
        """The text's view, kept once found: quitting the app removes the screen's widgets
        before the screen's unmount, which still saves where the reader was (``save_position``)."""
        if self._view is None:
            self._view = self.query_one(DocumentView)
        return self._view

    @property
    def side(self) -> SidePanel:
        return self.query_one(SidePanel)

    @property
    def status(self) -> StatusBar:
        return self.query_one(StatusBar)

    def _title(self) -> Text:
        doc = self.document
        encoding = sanitise(doc.encoding)
        words = f"{self.words:,} words · {encoding}" if self.words is not None else encoding
        changed = "  changed on disk: r reloads" if self._changed_on_disk else ""
        tail = Text.assemble("  ", (words, "dim"), (changed, "bold yellow"))
        # hook (sanitise): the title and the path come from outside
        return fit_heading(sanitise(doc.title), sanitise(doc.path), tail, self.app.size.width)

    def count_words_later(self) -> None:
        """The header's word count when the library had not counted it yet (a document opened
        before its row was described): counted in a thread once the text is on screen."""
        if self.words is None:
            self.run_worker(self._count_words, thread=True, exit_on_error=False, group="words")

    def _count_words(self) -> None:
        words = self.document.word_count  # in slices: the interface's thread is let in between
        self.app.call_from_thread(self._show_words, words)

    def _show_words(self, words: int) -> None:
        self.words = words
        with contextlib.suppress(NoMatches):  # closed meanwhile
            self.query_one("#reader-title", Label).update(self._title())

    def _restore_position(self) -> None:
        """Back where the reader left this text, and tell them so."""
        try:
            position = self.app.store.reading_position(self.document.sha256)
        except StoreError:
            return
        if position is not None and 0 < position.offset <= len(self.document.text):
            self.view.move_to(position.offset)
            message = f"Back where you left off ({position.fraction:.0%} read)."
            self.notify(message, timeout=6)

    def save_position(self) -> None:
        """Remember the caret and how far the text has been read (on leaving it)."""
        view = self.view
        with contextlib.suppress(StoreError):
            self.app.store.save_reading_position(
                self.document.sha256,
                view.cursor,
                max(view.furthest_seen, view.cursor),
                len(self.document.text),
            )

    def on_unmount(self) -> None:
        """The reader's widgets were moved out of the garbage collector's full passes while it
        was open (a full pass over them stalled keys while entities streamed in); they are
        handed back now, so the closed screen's memory is reclaimed."""
        gc.unfreeze()
        with contextlib.suppress(NoMatches):
            self.save_position()
        self.app.live_view.reader_closed(self.document.sha256)  # store2 hook: fold on close

    def _show_at_caret(self) -> None:
        view = self.view
        self.side.show_at_caret(view.annotations_at(view.cursor), view.selection)

    @on(DocumentView.CursorMoved)
    def _cursor_moved(self) -> None:
        self.side.entity_panel.caret = self.view.cursor
        self._show_at_caret()
        self._refresh_escape()

    # -- search -----------------------------------------------------------------------------------

    @property
    def search_bar(self) -> SearchBar:
        return self.query_one(SearchBar)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not keymap.typed_in_a_field(self, action)  # a / typed in the search is a /

    def action_search(self) -> None:
        self.search_bar.open()
        self._refresh_escape()

    @on(SearchBar.Found)
    def _search_found(self, event: SearchBar.Found) -> None:
        self.view.set_matches(event.matches)
        self.status.show_search(self.search_bar.searching.status())

    @on(SearchBar.Go)
    def _search_go(self) -> None:
        matches = self.search_bar.searching.matches
        if matches is None or not matches.count:  # keep the field: the query needs mending
            self.notify("No match: change the search, or escape closes it.", timeout=3)
            return
        self.view.focus()
        self.action_next_match(1, from_caret=True)

    def action_next_match(self, direction: int, from_caret: bool = False) -> None:
        searching = self.search_bar.searching
        if not go_to_match(self.view, searching, direction, from_caret):
            self.notify("No search matches (/ searches).", timeout=2)
            return
        self.status.show_search(searching.status())

    # -- the file under the reader ---------------------------------------------------------------

    def check_file(self) -> None:
        """Notice when the file is edited, truncated, replaced or deleted while it is open."""
        change = self.file_watch.check()
        if change is None:
            return
        self._changed_on_disk = True
        self.notify(
            change.describe(), title="File changed", severity="warning", timeout=30, markup=False
        )
        self.query_one("#reader-title", Label).update(self._title())

    def action_reload(self) -> None:
        try:
            document = load_document(self.document.path)
        except DocumentError as error:
            reason = f"{error.path.name}: {error.reason}"
            self.notify(reason, title="Cannot reload", severity="error", markup=False)
            return
        if document.sha256 == self.document.sha256:
            self.file_watch.accept()
            self._changed_on_disk = False
            self.query_one("#reader-title", Label).update(self._title())
            self.notify("The text on disk is the same as on screen.", timeout=3)
            return
        self.app.switch_screen(type(self)(document, self.words_of(document)))

    def words_of(self, document: Document) -> int:
        """The word count for the header (counted again only when the text changed)."""
        if self.words is not None and document.sha256 == self.document.sha256:
            return self.words
        return document.word_count

    # -- escape, the footer, and leaving ----------------------------------------------------------

    def escape_meaning(self) -> str:
        """What escape does now: close the innermost thing open, else go back to the library."""
        focused = self.focused
        if self.search_bar.shown:
            return "Close search"
        if focused is self.side.filter:
            return "Clear filter"
        if focused is not None and self.side in focused.ancestors:
            return "Close panel" if self.has_class("-narrow") else "Back to text"
        view = self.view
        if view.selection is not None or view.visual:
            return "Clear selection"
        return "Library"

    def action_escape(self) -> None:
        meaning = self.escape_meaning()
        if meaning == "Close search":
            self.search_bar.close()
        elif meaning == "Clear filter":
            self.side.filter.value = ""
        elif meaning == "Clear selection":
            self.view.clear_selection()
        elif meaning == "Library":
            self.action_back()
            return
        self._back_to_text()

    def _back_to_text(self) -> None:
        self.side.remove_class("overlay")
        self.view.focus()
        self._refresh_escape()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self._refresh_escape()

    def _refresh_escape(self) -> None:
        """Let the footer say what escape will do."""
        if not self.is_mounted:
            return
        meaning = self.escape_meaning()
        bindings = self._bindings.key_to_bindings
        wanted = keymap.with_description(keymap.READER_ESCAPE, meaning)
        if bindings.get("escape", [None])[0] != wanted:
            bindings["escape"] = [wanted]
            self.refresh_bindings()

    def on_resize(self, event: events.Resize) -> None:
        self._fit_footer(event.size.width)
        with contextlib.suppress(NoMatches):  # the header's path is cut to the width
            self.query_one("#reader-title", Label).update(self._title())

    def _fit_footer(self, width: int) -> None:
        """The digits' labels, and fewer keys in the footer of a narrow terminal (the screen's
        and the document view's), so that Help and Quit stay on it. Only when the width crosses
        ``keymap.NARROW``: the footer is rebuilt on every change of the bindings."""
        narrow = width < keymap.NARROW
        if narrow == self._narrow_footer:
            return
        self._narrow_footer = narrow
        bindings = self._bindings.key_to_bindings
        rest = {k: v for k, v in bindings.items() if k not in keymap.TAG_KEYS and k != "escape"}
        escape = bindings.get("escape", [keymap.READER_ESCAPE])
        bindings.clear()  # in the footer's order: escape, the digits, the rest
        bindings["escape"] = escape
        for binding in self._tags:
            bindings.setdefault(binding.key, []).append(binding)
        bindings.update(rest)
        nodes: list[DOMNode] = [self]
        if self.is_mounted:
            nodes.append(self.view)
        elif narrow:  # the view's own keys, once it is there
            self.call_later(self._fit_view_footer)
        for node in nodes:
            fit_bindings(node, width)
        if self.is_mounted:
            self.refresh_bindings()

    def _fit_view_footer(self) -> None:
        fit_bindings(self.view, 0 if self._narrow_footer else keymap.NARROW)
        self.refresh_bindings()

    def action_back(self) -> None:
        self.save_position()
        self.app.pop_screen()


def fit_bindings(node: DOMNode, width: int) -> None:
    """Show ``node``'s bindings in the footer as ``keymap.fitted`` says for ``width``."""
    merged = type(node)._merged_bindings
    shown = merged.key_to_bindings.items() if merged else ()
    default = {key: found[0].show for key, found in shown}
    listed = node._bindings.key_to_bindings
    for key, found in list(listed.items()):
        listed[key] = keymap.fitted(found, width, default)
