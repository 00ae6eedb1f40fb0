"""The reader: one document with its entities highlighted, and the user's annotations beside it.

A thin screen. The work is done by core services (``annotations/``): ``Editing`` (tag, edit,
delete, correct, undo), ``RecognitionSession`` (entity batches), ``Searching`` and ``FileWatch``.
The screen composes the widgets, turns a key into one service call and the service's answer (or
event, as a message) into what the widgets show. Keys are described in ``tui/keymap.py``.

Adding to the reader: a binding in ``keymap.READER`` (or ``EXTRA_BINDINGS`` below) and one
``action_*`` method calling your module; a panel as a widget composed in ``compose``; react to
``EntitiesFound`` / ``AnnotationsChanged`` messages rather than reaching into the screen.
"""

from __future__ import annotations

import contextlib
import gc
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Label
from textual.worker import get_current_worker

from marginote.annotations.documents import Document
from marginote.annotations.editing import (
    Editing,
    Outcome,
    Refused,
    claimants,
    describe_reanchoring,
    model_label,
)
from marginote.annotations.model import Annotation
from marginote.annotations.recognition_session import EntityBatch, RecognitionSession
from marginote.annotations.store import StoreError
from marginote.tui import keymap
from marginote.tui.document_status import cycle_status
from marginote.tui.screens.annotation_picker import ask_which
from marginote.tui.screens.claim_assistant import CLAIM_BINDINGS, ClaimAssistant  # claims
from marginote.tui.screens.verdict_picker import VERDICT_BINDING, ask_verdict
from marginote.tui.span_keys import resize_at_caret
from marginote.tui.widgets.annotation_list import AnnotationList
from marginote.tui.widgets.document_view import DocumentView
from marginote.tui.widgets.entity_panel import EntityPanel
from marginote.tui.widgets.key_footer import KeyFooter
from marginote.tui.widgets.search_bar import SearchBar
from marginote.tui.widgets.side_panel import SidePanel
from marginote.tui.widgets.source_position import SourcePosition, jump_to_chapter
from marginote.tui.widgets.status_bar import StatusBar
from marginote.tui.widgets.sync_status import SyncStatusLabel

#: Bindings other features add to the reader (each with an ``id`` for the keymap).
EXTRA_BINDINGS: list[Binding] = [
    *CLAIM_BINDINGS,  # claims
    # formats: the chapters of an e-book, the pages of a PDF, the cue at a time in subtitles
    Binding(
        "J", "jump_chapter", "Jump to a chapter, page or cue time", show=False, id="reader.jump"
    ),
    VERDICT_BINDING,  # firsthour: the verdict scale, one key per verdict
]


class ReaderScreen(ClaimAssistant):  # claims: ReaderFrame plus the assistant's keys and actions
    BINDINGS: ClassVar[list[BindingType]] = [*keymap.READER, *EXTRA_BINDINGS]

    class EntitiesFound(Message):
        """A batch of entities is ready (posted from the recognition worker)."""

        def __init__(self, batch: EntityBatch) -> None:
            super().__init__()
            self.batch = batch

    class AnnotationsChanged(Message):
        """The document's annotations changed (for panels that show them)."""

    def __init__(self, document: Document, words: int | None = None) -> None:
        super().__init__(document, words)
        app = self.app
        self.editing = Editing(app.store, document)
        self.session = RecognitionSession(app.recognition, app.cache_dir, document)
        #: Entities per type as the recogniser found them (corrections apply on top).
        self.entity_counts: Counter[str] = Counter()
        self._tree_update_pending = False

    @property
    def annotations(self) -> list[Annotation]:
        return self.editing.annotations

    @property
    def tokens_read(self) -> int:
        return self.session.tokens_read

    @property
    def recognition_seconds(self) -> float:
        return self.session.seconds

    def shown_counts(self) -> Counter[str]:
        """Entities per type as shown: the recogniser's, with the user's corrections applied."""
        return self.editing.shown_counts(self.entity_counts, self.view.entities)

    def compose(self) -> ComposeResult:
        yield Label(self._title(), id="reader-title")
        with Horizontal(id="reader-body"):
            yield DocumentView(self.document, self.labels, id="document")
            yield SidePanel(self.labels, id="side")
        yield SearchBar(self.document.text, id="search")
        yield StatusBar(id="status")
        yield KeyFooter()

    def on_mount(self) -> None:
        try:
            opened = self.editing.open()
        except StoreError as error:
            self.notify(
                str(error), title="Annotation file", severity="error", timeout=20, markup=False
            )
        else:
            if (told := describe_reanchoring(opened)) is not None:
                message, warn = told
                self.notify(
                    message,
                    title="Annotations re-anchored",
                    severity="warning" if warn else "information",
                    timeout=20,
                )
        self.status.mount(SourcePosition(self.document), before="#ner-status")  # formats
        self.status.mount(SyncStatusLabel(), before="#ner-status")  # sync status (issue 15)
        self._annotations_changed()
        self._restore_position()
        self.set_interval(self.WATCH_INTERVAL, self.check_file)
        self.set_interval(self.WATCH_INTERVAL, self.check_store)  # store hook (issue 17/19)
        self.view.focus()
        self.call_after_refresh(self._after_first_screen)  # the text first; its entities just after
        self.call_after_refresh(gc.freeze)  # see on_unmount
        self.call_after_refresh(self.start_claims)  # claims: score the sentences, screen first

    def _after_first_screen(self) -> None:
        """Entities from the cache when the likely recogniser's are there (a few milliseconds even
        for a book, so here, without a thread), else recognised in the background."""
        self.count_words_later()
        recognition = self.app.recognition
        cached = self.session.at_once()
        if cached is not None:
            self._entities_found(cached)
            if recognition.uses_processes:  # ready for the next document, now that this one shows
                self.run_worker(recognition.pool, thread=True, exit_on_error=False)
        else:
            self.recognise(likely_checked=recognition.knows_likely)

    # -- where the caret is in a PDF, an e-book or subtitles (formats) ----------------------------

    @on(DocumentView.CursorMoved)
    def _show_source_position(self) -> None:
        self.query_one(SourcePosition).show(self.document, self.view.cursor)

    def action_jump_chapter(self) -> None:
        jump_to_chapter(self, self.document, self.view.cursor, self.view.move_to)

    # -- entities -------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="entities")
    def recognise(self, likely_checked: bool = False) -> None:
        """Recognise entities in a thread; each batch comes back as an ``EntitiesFound``."""
        worker = get_current_worker()
        caret = self.view.cursor
        for batch in self.session.batches(
            caret, lambda: worker.is_cancelled, likely_checked=likely_checked
        ):
            self.post_message(self.EntitiesFound(batch))

    @on(EntitiesFound)
    def _on_entities(self, message: EntitiesFound) -> None:
        self._entities_found(message.batch)

    def _entities_found(self, batch: EntityBatch) -> None:
        if not self.is_attached:  # the reader was closed while a batch was on its way
            return
        entities = batch.entities
        self.entity_counts.update(
            {entities.labels[kind]: n for kind, n in Counter(entities.kinds).items()}
        )
        self.view.add_entities(entities)
        if self.side.showing_entities and not self._tree_update_pending:
            self._tree_update_pending = True
            self.set_timer(0.5, self._update_entity_tree)
        counts = self.shown_counts()
        self.status.show_progress(batch, counts.total())
        self.status.show_legend(counts, self.view.show_entities)

    def _update_entity_tree(self) -> None:
        self._tree_update_pending = False
        counts = self.shown_counts()
        self.side.show_entities(
            self.view.entities, self.document.text, counts, self.editing.corrections
        )
        self.side.show_title(counts)

    def action_toggle_entities(self) -> None:
        self.view.show_entities = not self.view.show_entities
        self.status.show_legend(self.shown_counts(), self.view.show_entities)

    # -- annotations ----------------------------------------------------------------------------

    def reload_annotations(self) -> None:
        """Read the document's annotations afresh (after an import added some)."""
        try:
            self.editing.reload()
        except StoreError as error:
            self.notify(str(error), title="Annotation file", severity="error", markup=False)
            return
        self._annotations_changed()

    def check_store(self) -> None:
        """Store hook: show what another window or `marginote import` changed in this document."""
        with contextlib.suppress(StoreError):
            if self.editing.store.changed_elsewhere(self.document.sha256):
                self.reload_annotations()

    def _annotations_changed(self, focus_id: str | None = None) -> None:
        editing, view = self.editing, self.view
        tagged = editing.tagged  # in reading order, the orphans last
        placed = bisect_left(tagged, True, key=lambda a: a.is_orphan)
        view.set_annotations(tagged[:placed], in_order=True)
        view.set_corrections(editing.corrections)
        counts = self.shown_counts()
        if self.is_mounted:
            self.status.show_legend(counts, view.show_entities)
        self.side.show_annotations(tagged, focus_id)
        self.side.show_title(counts)
        self._show_at_caret()
        self.post_message(self.AnnotationsChanged())

    def _do(self, change: Callable[[], Outcome], title: str = "Not saved") -> None:
        """Make one change through the editing service and show its outcome; a refusal or a
        store failure is told (nothing changed)."""
        try:
            outcome = change()
        except Refused as refusal:
            self.notify(str(refusal), timeout=4, markup=False)
            return
        except StoreError as error:
            self.notify(str(error), title=title, severity="error", timeout=15, markup=False)
            return
        if outcome.changed:
            if outcome.clear_selection:
                self.view.clear_selection()
            self._annotations_changed(focus_id=outcome.focus.id if outcome.focus else None)
            if outcome.move_to is not None:
                self.view.move_to(outcome.move_to)
            if self.side.showing_entities:
                self._update_entity_tree()
        self.notify(outcome.message, timeout=3, markup=False)

    def _covering(self) -> list[Annotation]:
        """What an action may apply to: the panel's highlighted annotation when the panel has
        the focus, else the annotations at the caret (innermost first)."""
        panel = self.side.annotation_list
        if panel.has_focus and panel.highlighted_annotation is not None:
            return [panel.highlighted_annotation]
        return self.view.annotations_at(self.view.cursor)

    def _target(self) -> Annotation | None:
        """The annotation an action applies to: the panel's highlighted one, else the caret's
        innermost (edit, verdict and delete ask which when there are several: ``ask_which``)."""
        covering = self._covering()
        return covering[0] if covering else None

    def action_tag(self, key: str) -> None:
        label = self.labels.by_key(key)
        self._do(lambda: self.editing.tag(self.view.selection, label, key))

    def action_edit(self) -> None:
        ask_which(self, self._covering(), "edit", self._edit)

    def _edit(self, target: Annotation | None) -> None:
        if target is None:
            self.notify("No annotation at the caret to edit.", timeout=3)
            return
        # The dialogs are imported when first opened: the edit dialog's text area weighs a few
        # milliseconds that the reader's first screen would otherwise wait for (tui/warming.py).
        from marginote.tui.screens.edit_dialog import EditDialog

        people = claimants(self.view.entities, self.document.text)
        dialog = EditDialog(target, self.labels, people, self.app.verdicts.values)
        self.prefill_claimant(dialog)  # claims: the claimant the text names
        self.app.push_screen(dialog, self._edited)

    def action_verdict(self) -> None:  # firsthour hook: the verdict scale, one key per verdict
        def verdict_of(target: Annotation | None) -> None:
            ask_verdict(self, target, self.app.verdicts.values, self._edited)

        ask_which(self, self._covering(), "give a verdict", verdict_of)

    def _edited(self, edited: Annotation | None) -> None:
        if edited is not None:
            self._do(lambda: self.editing.save(edited))

    def action_delete(self) -> None:
        def delete(target: Annotation | None) -> None:
            self._do(lambda: self.editing.delete(target), "Not deleted")

        ask_which(self, self._covering(), "delete", delete)

    def action_confirm(self) -> None:
        target = self._target()
        self._do(lambda: self.editing.confirm(target))

    def action_undo(self) -> None:
        self._do(self.editing.undo, "Could not undo")

    def action_redo(self) -> None:
        self._do(self.editing.redo, "Could not redo")

    def action_cycle_status(self) -> None:  # dataset hook: the document status key
        cycle_status(self.app, self.document.sha256, self.document.title)

    def action_resize(self, side: str) -> None:  # dataset hook: a word more or less at one end
        resize_at_caret(self.app, self._target(), self.document, side, self._edited)

    # -- correcting entities ----------------------------------------------------------------------

    def _correct(self, start: int, end: int, kind: str, label: str | None) -> None:
        model = model_label(self.view.entities, start, end)
        kind = "add" if kind == "relabel" and model is None else kind
        self._do(lambda: self.editing.correct(start, end, kind, label, model))

    def _entity_here(self) -> tuple[int, int, str | None] | None:
        found = self.view.entity_at(self.view.cursor)
        if found is None:
            self.notify("No entity at the caret (e and E go to the next and previous).", timeout=3)
        return found

    def action_accept_entity(self) -> None:
        if (found := self._entity_here()) is not None:
            start, end, label = found
            model = model_label(self.view.entities, start, end)
            self._correct(start, end, "accept", label or model)

    def action_reject_entity(self) -> None:
        if (found := self._entity_here()) is not None:
            self._correct(found[0], found[1], "reject", None)

    def action_label_entity(self) -> None:
        """With a selection: add it as an entity; else relabel the entity at the caret."""
        selection = self.view.selection
        if selection is not None:
            start, end = self.document.snap_to_words(*selection)
            kind, current = "add", None
        elif (found := self._entity_here()) is not None:
            start, end, current = found
            kind = "relabel"
        else:
            return
        if start >= end:
            return

        from marginote.tui.screens.entity_type_dialog import EntityTypeDialog

        def chosen(label: str | None) -> None:
            if label is not None:
                self._correct(start, end, kind, label)

        self.app.push_screen(EntityTypeDialog(self.document.text[start:end], current), chosen)

    # -- panels -----------------------------------------------------------------------------------

    def action_panel(self, which: str) -> None:
        """Show the annotations or the entities panel (over the text on a narrow terminal), and
        put the focus in it."""
        entities = which == "entities"
        side = self.side
        side.add_class("overlay")  # only drawn differently when the screen is narrow
        if entities:
            side.entity_panel.caret = self.view.cursor
            self._update_entity_tree()
        side.switch(entities)
        side.show_title(self.shown_counts())

    def action_filter_annotations(self) -> None:
        self.action_panel("annotations")
        self.side.filter.focus()

    @on(AnnotationList.Selected)
    def _panel_selected(self, event: AnnotationList.Selected) -> None:
        """Enter in the panel: go to the annotation and read on from there."""
        if event.annotation.is_orphan:
            self.action_edit()  # an orphan has no place to go to; its dialog says what it was
            return
        self.view.move_to(event.annotation.start)
        self._back_to_text()

    @on(AnnotationList.Highlighted)
    def _panel_highlighted(self, event: AnnotationList.Highlighted) -> None:
        if not event.annotation.is_orphan:
            self.view.move_to(event.annotation.start)

    @on(EntityPanel.Jump)
    def _entity_jump(self, event: EntityPanel.Jump) -> None:
        self.view.move_to(event.start)

    @on(EntityPanel.TypeToggled)
    def _entity_type_toggled(self, event: EntityPanel.TypeToggled) -> None:
        self.view.hidden_types = set(self.side.entity_panel.hidden)
        shown = "hidden" if event.label in self.view.hidden_types else "shown again"
        self.notify(f"{event.label} {shown} (h on its line in the entities panel).", timeout=2)
