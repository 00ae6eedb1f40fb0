"""The reader: one document with its entities highlighted, and the user's annotations beside it."""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import gc
import time
from collections import Counter
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, ProgressBar
from textual.worker import get_current_worker

from marginote.annotations.corrections import Corrections
from marginote.annotations.documents import Document, DocumentError, file_stamp, load_document
from marginote.annotations.entities import (
    DESCRIPTIONS,
    EntityCache,
    EntitySpans,
    Span,
    batched,
    chunk_spans,
    in_reading_order_from,
)
from marginote.annotations.filtering import matches, parse_filter
from marginote.annotations.labels import TAG_KEYS
from marginote.annotations.model import ENTITY_CORRECTION, Annotation
from marginote.annotations.search import Matches, TextSearch
from marginote.annotations.snippets import shorten
from marginote.annotations.store import OpenedDocument, StoreError
from marginote.tui import theme
from marginote.tui.screens.edit_dialog import EditDialog
from marginote.tui.screens.entity_type_dialog import EntityTypeDialog
from marginote.tui.screens.verdict_picker import ask_verdict
from marginote.tui.widgets.annotation_list import AnnotationList, describe_at_caret
from marginote.tui.widgets.document_view import DocumentView
from marginote.tui.widgets.entity_panel import EntityPanel

#: Characters recognised in the first batch (about a screenful), then in each later batch.
FIRST_BATCH = 4_000
BATCH = 50_000
#: Entity types a claimant is picked from.
CLAIMANT_TYPES = frozenset({"PERSON", "ORG", "NORP", "NAME"})  # NAME: the rule-based fallback


class ReaderScreen(Screen[None]):
    BINDINGS = [
        Binding("escape", "back", "Library"),
        Binding("q", "back", "Library", show=False),
        *(Binding(key, f"tag('{key}')", f"Tag {key}", show=key == "1") for key in TAG_KEYS),
        Binding("enter", "edit", "Edit"),
        Binding("V", "verdict", "Verdict", show=False),  # firsthour hook
        Binding("x", "delete", "Delete"),
        Binding("u", "undo", "Undo"),
        Binding("ctrl+r", "redo", "Redo"),
        Binding("c", "confirm", "Confirm placement", show=False),
        Binding("r", "reload", "Reload", show=False),
        Binding("t", "toggle_entities", "Entities"),
        Binding("a", "panel('annotations')", "Annotations panel", show=False),
        Binding("g", "panel('entities')", "Entities panel", show=False),
        Binding("f", "filter_annotations", "Filter annotations", show=False),
        Binding("plus", "accept_entity", "Accept entity", show=False),
        Binding("minus", "reject_entity", "Reject entity", show=False),
        Binding("L", "label_entity", "Entity type (relabel, or add the selection)", show=False),
        Binding("slash", "search", "Search"),
        Binding("n", "next_match(1)", "Next match", show=False),
        Binding("N", "next_match(-1)", "Previous match", show=False),
    ]

    #: Seconds between checks that the file on disk is still the one on screen.
    WATCH_INTERVAL = 1.0

    def __init__(self, document: Document, words: int | None = None) -> None:
        super().__init__()
        self.document = document
        self.words = words  # from the library; counting a big text here would stall the screen
        self._stamp = file_stamp(document.path)
        self.annotations: list[Annotation] = []
        self.entity_counts: Counter[str] = Counter()
        #: Tokens spaCy read for this document, and the seconds recognition took (throughput).
        self.tokens_read = 0
        self.recognition_seconds = 0.0
        self._tree_update_pending = False
        self._corrections = Corrections()
        self._search = TextSearch(document.text)
        self._matches: Matches | None = None
        self._current_match: tuple[int, int] | None = None

    @property
    def store(self):
        return self.app.store  # type: ignore[attr-defined]

    @property
    def labels(self):
        return self.app.labels  # type: ignore[attr-defined]

    @property
    def view(self) -> DocumentView:
        return self.query_one(DocumentView)

    def _title(self) -> Text:
        doc = self.document
        return Text.assemble(
            (doc.title, "bold"),
            "  ",
            (str(doc.path), "dim"),
            "  ",
            (
                f"{self.words:,} words · {doc.encoding}"
                if self.words is not None
                else doc.encoding,
                "dim",
            ),
        )

    def compose(self) -> ComposeResult:
        yield Label(self._title(), id="reader-title")
        with Horizontal(id="reader-body"):
            yield DocumentView(self.document, self.labels, id="document")
            with Vertical(id="side"):
                yield Label("Annotations", id="side-title")
                yield Input(
                    placeholder="filter: words  label:claim  verdict:false",
                    id="annotation-filter",
                    compact=True,
                )
                yield AnnotationList(self.labels, id="annotations")
                yield EntityPanel(id="entity-panel")
                yield Label("", id="at-caret")
        yield Input(placeholder="Search (enter: go, escape: close)", id="search")
        with Horizontal(id="status"):
            yield Label("", id="legend")
            yield Label("", id="search-status")
            yield Label("Entities: loading the recogniser…", id="ner-status")
            yield ProgressBar(total=None, show_eta=False, id="ner-progress")
        yield Footer()

    def on_mount(self) -> None:
        doc = self.document
        try:
            opened = self.store.open_document(doc.sha256, doc.path, doc.text)
        except StoreError as error:
            self.notify(
                str(error), title="Annotation file", severity="error", timeout=20, markup=False
            )
            opened = None
        if opened is not None:
            self.annotations = opened.annotations
            self._report_reanchoring(opened)
        self._annotations_changed()
        self._restore_position()
        self.set_interval(self.WATCH_INTERVAL, self.check_file)
        self.view.focus()
        self.call_after_refresh(self._show_entities)  # the text first; its entities just after
        self.call_after_refresh(gc.freeze)  # see on_unmount

    def _restore_position(self) -> None:
        """Back where the reader left this text, and tell them so."""
        try:
            position = self.store.reading_position(self.document.sha256)
        except StoreError:
            return
        if position is not None and 0 < position.offset <= len(self.document.text):
            self.view.move_to(position.offset)
            self.notify(f"Back where you left off ({position.fraction:.0%} read).", timeout=3)

    def save_position(self) -> None:
        """Remember the caret and how far the text has been read (on leaving it)."""
        view = self.view
        with contextlib.suppress(StoreError):
            self.store.save_reading_position(
                self.document.sha256,
                view.cursor,
                max(view.furthest_seen, view.cursor),
                len(self.document.text),
            )

    def on_unmount(self) -> None:
        """Leaving (or quitting from) the reader. The reader's widgets were moved out of the
        garbage collector's full passes while it was open (a full pass over them stalled keys
        for tens of milliseconds while entities streamed in); they are handed back now, so the
        closed screen's memory is reclaimed."""
        gc.unfreeze()
        with contextlib.suppress(NoMatches):
            self.save_position()

    def _report_reanchoring(self, opened: OpenedDocument) -> None:
        """Tell the user what happened to annotations made on an older version of the text."""
        if not (opened.moved or opened.fuzzy or opened.orphans):
            return
        parts = []
        if opened.moved:
            parts.append(f"{opened.moved} moved with their text")
        if opened.fuzzy:
            parts.append(f"{len(opened.fuzzy)} placed approximately (≈ in the list; c confirms)")
        if opened.orphans:
            parts.append(f"{len(opened.orphans)} could not be placed (⚠ orphans, kept in the list)")
        self.notify(
            "The text changed since it was annotated: " + "; ".join(parts) + ".",
            title="Annotations re-anchored",
            severity="warning" if opened.fuzzy or opened.orphans else "information",
            timeout=20,
        )

    # -- entities ---------------------------------------------------------------------------------

    def _show_entities(self) -> None:
        """Entities from the cache when the likely recogniser's are there (a few milliseconds
        even for a book, so here, without a thread), else recognised in the background."""
        app = self.app
        checked = app.knows_likely_recognizer  # type: ignore[attr-defined]
        if checked and self._show_cached(app.likely_recognizer()):  # type: ignore[attr-defined]
            return
        self.recognise(likely_checked=checked)

    def _show_cached(self, recognizer: tuple[str, str] | None, note: str = "") -> bool:
        """Show the entities cached for ``recognizer`` (id, description); False if none are."""
        if recognizer is None:
            return False
        cache = EntityCache(self.app.cache_dir)  # type: ignore[attr-defined]
        cached = cache.get(self.document.sha256, recognizer[0])
        if cached is None:
            return False
        self._entities_found(cached, 1, 1, note or f"Entities: {recognizer[1]} (cached)")
        return True

    @work(thread=True, exclusive=True, group="entities")
    def recognise(self, likely_checked: bool = False) -> None:
        """Recognise entities: the visible text first, then the rest in batches, each shown as
        it arrives. In worker processes when the app has them. The cache is looked up first,
        once per recogniser id (``likely_checked``: the likely one was already looked up)."""
        worker = get_current_worker()
        doc = self.document
        app = self.app
        # Cached entities of the recogniser that is about to load, without waiting for it.
        likely = app.likely_recognizer()  # type: ignore[attr-defined]
        if not likely_checked and app.call_from_thread(self._show_cached, likely):
            return
        cache = EntityCache(app.cache_dir)  # type: ignore[attr-defined]
        if app.uses_processes:  # type: ignore[attr-defined]
            pool = app.recognition_pool()  # type: ignore[attr-defined]
            recognizer_id, description, why = pool.about()
        else:
            recognizer, why = app.recognizer()  # type: ignore[attr-defined]
            recognizer_id, description = recognizer.id, recognizer.description
        note = f"Entities: {description}" + (f" (spaCy unavailable: {why})" if why else "")
        if (recognizer_id, description) != likely and app.call_from_thread(
            self._show_cached, (recognizer_id, description), f"{note} (cached)"
        ):
            return
        text = doc.text
        spans = in_reading_order_from(chunk_spans(text, doc.paragraph_starts), self.view.cursor)
        workers = pool.workers if app.uses_processes else 1  # type: ignore[attr-defined]
        groups = batched(spans, FIRST_BATCH // workers, BATCH, firsts=workers)
        total = sum(end - start for start, end in spans)
        found = EntitySpans()
        done = 0
        if not groups:  # nothing to recognise (an empty or blank document)
            app.call_from_thread(self._entities_found, EntitySpans(), 0, 0, note)

        started = time.perf_counter()

        def post(group: list[Span], triples: list[list[tuple[int, int, str]]], tokens: int) -> None:
            nonlocal done
            self.tokens_read += tokens
            self.recognition_seconds = time.perf_counter() - started
            new = EntitySpans.from_triples(
                (offset + start, offset + end, label)
                for (offset, _), found_here in zip(group, triples, strict=True)
                for start, end, label in found_here
            )
            found.merge(new)
            done += sum(end - start for start, end in group)
            if not worker.is_cancelled:
                app.call_from_thread(self._entities_found, new, done, total, note)

        if app.uses_processes:  # type: ignore[attr-defined]
            # A few batches in flight per worker, the rest queued here as spans: memory stays
            # that of the text, and closing the document leaves little work to cancel.
            queue = iter(groups)
            in_flight: dict[cf.Future, list[Span]] = {}

            def submit_next() -> None:
                group = next(queue, None)
                if group is not None:
                    in_flight[pool.recognize([text[s:e] for s, e in group])] = group

            for _ in range(2 * workers):
                submit_next()
            while in_flight:
                finished, _ = cf.wait(in_flight, return_when=cf.FIRST_COMPLETED)
                for future in finished:
                    group = in_flight.pop(future)
                    if worker.is_cancelled:
                        for pending in in_flight:
                            pending.cancel()
                        return
                    post(group, *future.result())
                    submit_next()
        else:
            for group in groups:
                if worker.is_cancelled:
                    return
                before = getattr(recognizer, "tokens_read", 0)
                results = recognizer.recognize([text[s:e] for s, e in group])
                tokens = getattr(recognizer, "tokens_read", 0) - before
                post(group, [[(e.start, e.end, e.label) for e in r] for r in results], tokens)
        if not worker.is_cancelled:
            cache.put(doc.sha256, recognizer_id, found)

    def _entities_found(self, batch: EntitySpans, done: int, total: int, note: str) -> None:
        if not self.is_attached:  # the reader was closed while a batch was on its way
            return
        labels = batch.labels
        self.entity_counts.update({labels[kind]: n for kind, n in Counter(batch.kinds).items()})
        self.view.add_entities(batch)
        if self.query_one(EntityPanel).display and not self._tree_update_pending:
            self._tree_update_pending = True
            self.set_timer(0.5, self._update_entity_tree)
        progress = self.query_one("#ner-progress", ProgressBar)
        progress.update(total=max(1, total), progress=min(done, total))
        if done >= total:
            progress.add_class("done")
        status = self.query_one("#ner-status", Label)
        status.update(
            Text(
                f"{note} · {self.shown_counts().total():,} found",
                style="dim" if "unavailable" not in note else "yellow",
            )
        )
        self._show_legend()

    def shown_counts(self) -> Counter[str]:
        """Entities per type as shown: the recogniser's, with the user's corrections applied."""
        counts = Counter(self.entity_counts)
        for (start, end), label in self._corrections.by_span.items():
            if (model := self._model_label(start, end)) is not None:
                counts[model] -= 1
            if label:
                counts[label] += 1
        return +counts  # drops the types left with none

    def _update_entity_tree(self) -> None:
        self._tree_update_pending = False
        self.query_one(EntityPanel).update_counts(
            self.view.entities, self.document.text, self.shown_counts(), self._corrections
        )
        self._show_side_title()

    def _show_legend(self) -> None:
        """Each entity type present, in its colour, most frequent first; counts in the tooltip."""
        counts = self.shown_counts()
        ranked = sorted(counts, key=lambda label: (-counts[label], label))  # ties: by name
        legend = Text()
        if not self.view.show_entities:
            legend.append("entities hidden (t shows them)", style="dim")
        else:
            for label in ranked:
                legend.append(label, style=theme.entity_style(label))
                legend.append(" ")
        widget = self.query_one("#legend", Label)
        widget.update(legend)
        widget.tooltip = "\n".join(
            f"{label} ({counts[label]}): {DESCRIPTIONS.get(label, label)}" for label in ranked
        )

    def action_toggle_entities(self) -> None:
        self.view.show_entities = not self.view.show_entities
        self._show_legend()

    # -- annotations ------------------------------------------------------------------------------

    def reload_annotations(self) -> None:
        """Read the document's annotations afresh (after an import added some)."""
        try:
            self.annotations = self.store.annotations(self.document.sha256)
        except StoreError as error:
            self.notify(str(error), title="Annotation file", severity="error", markup=False)
            return
        self._annotations_changed()

    def _annotations_changed(self, focus_id: str | None = None) -> None:
        self.annotations.sort(key=lambda a: (a.is_orphan, a.start, -a.end))
        tagged = [a for a in self.annotations if not a.is_entity_correction]
        self.view.set_annotations(a for a in tagged if not a.is_orphan)
        self._corrections = Corrections.of(self.annotations)
        self.view.set_corrections(self._corrections)
        if self.is_mounted:
            self._show_legend()
        panel = self.query_one(AnnotationList)
        flt = parse_filter(self.query_one("#annotation-filter", Input).value)
        shown = [a for a in tagged if matches(a, flt)]
        panel.show(shown)
        if focus_id:
            panel.highlight_id(focus_id)
        self._show_side_title()
        self._show_at_caret()

    def _show_side_title(self) -> None:
        title = self.query_one("#side-title", Label)
        if self.query_one(EntityPanel).display:
            shown = self.shown_counts()
            kinds = len(+shown)
            title.update(
                Text.assemble(
                    ("Entities", "bold"),
                    f"  {shown.total():,} in {kinds} types",
                    ("  (a: annotations)", "dim"),
                )
            )
            return
        count = sum(not a.is_entity_correction for a in self.annotations)
        shown = len(self.query_one(AnnotationList).items)
        detail = (
            f"  {shown} of {count}" if shown != count else (f"  {count}" if count else "  none yet")
        )
        title.update(Text.assemble(("Annotations", "bold"), detail, ("  (g: entities)", "dim")))

    # -- panels -----------------------------------------------------------------------------------

    def action_panel(self, which: str) -> None:
        """Show the annotations or the entities panel, and put the focus in it."""
        entities = which == "entities"
        tree = self.query_one(EntityPanel)
        tree.display = entities
        self.query_one(AnnotationList).display = not entities
        self.query_one("#annotation-filter", Input).display = not entities
        if entities:
            tree.caret = self.view.cursor
            tree.update_counts(
                self.view.entities, self.document.text, self.shown_counts(), self._corrections
            )
            if tree.cursor_node is None or tree.cursor_node.parent is not tree.root:
                tree.cursor_line = 0  # on the most frequent type
            tree.focus()
        else:
            self.query_one(AnnotationList).focus()
        self._show_side_title()

    def action_filter_annotations(self) -> None:
        self.action_panel("annotations")
        self.query_one("#annotation-filter", Input).focus()

    @on(Input.Changed, "#annotation-filter")
    def _filter_changed(self) -> None:
        self._annotations_changed()

    @on(Input.Submitted, "#annotation-filter")
    def _filter_submitted(self) -> None:
        self.query_one(AnnotationList).focus()

    @on(EntityPanel.Jump)
    def _entity_jump(self, event: EntityPanel.Jump) -> None:
        self.view.move_to(event.start)

    @on(EntityPanel.TypeToggled)
    def _entity_type_toggled(self, event: EntityPanel.TypeToggled) -> None:
        self.view.hidden_types = set(self.query_one(EntityPanel).hidden)
        shown = "hidden" if event.label in self.view.hidden_types else "shown again"
        self.notify(f"{event.label} {shown} (h on its line in the entities panel).", timeout=2)

    def _show_at_caret(self) -> None:
        covering = self.view.annotations_at(self.view.cursor)
        at_caret = self.query_one("#at-caret", Label)
        if not covering:
            selection = self.view.selection
            hint = (
                f"{selection[1] - selection[0]} characters selected: 1-9 tags them"
                if selection
                else "s selects the sentence, v starts a selection"
            )
            at_caret.update(Text(hint, style="dim"))
            return
        body = Text.assemble(("At the caret", "bold"), " (enter edits, x deletes)\n")
        for i, annotation in enumerate(covering):
            if i:
                body.append("\n")
            body.append_text(describe_at_caret(annotation, self.labels))  # firsthour hook
        at_caret.update(body)

    @on(DocumentView.CursorMoved)
    def _cursor_moved(self) -> None:
        self.query_one(EntityPanel).caret = self.view.cursor
        self._show_at_caret()

    def _target(self) -> Annotation | None:
        """The annotation an action applies to: the panel's highlighted one, else the caret's."""
        panel = self.query_one(AnnotationList)
        if panel.has_focus and panel.highlighted_annotation is not None:
            return panel.highlighted_annotation
        covering = self.view.annotations_at(self.view.cursor)
        return covering[0] if covering else None

    def _by_id(self, annotation_id: str | None) -> Annotation | None:
        return next((a for a in self.annotations if a.id == annotation_id), None)

    def _save(self, annotation: Annotation) -> bool:
        try:
            self.store.save(annotation)
        except StoreError as error:
            self.notify(str(error), title="Not saved", severity="error", timeout=15, markup=False)
            return False
        return True

    def action_tag(self, key: str) -> None:
        label = self.labels.by_key(key)
        if label is None:
            self.notify(f"No label on key {key}.", severity="warning", timeout=3)
            return
        selection = self.view.selection
        text = self.document.text
        if selection is not None:
            start, end = selection
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
        if selection is None or start == end:
            self.notify(
                "Select some text first: s selects the sentence at the caret, "
                "v starts a selection.",
                timeout=4,
            )
            return
        if any((a.start, a.end, a.label) == (start, end, label.name) for a in self.annotations):
            self.notify(f"That text is already tagged as {label.name}.", timeout=3)
            return
        annotation = self._add(start, end, label.name)
        if annotation is None:
            return
        self.view.clear_selection()
        self.view.move_to(start)
        self._annotations_changed(focus_id=annotation.id)
        self.notify(f"Tagged as {label.name}. enter adds a verdict or a note.", timeout=3)

    def _add(
        self, start: int, end: int, label: str, attrs: dict[str, Any] | None = None
    ) -> Annotation | None:
        """Store a new annotation of ``[start, end)``; None when it could not be saved."""
        doc = self.document
        annotation = Annotation.of_span(
            doc.text,
            start,
            end,
            label,
            doc=doc.sha256,
            path=str(doc.path.resolve()),
            attrs=attrs or {},
        )
        if not self._save(annotation):
            return None
        if not self.annotations:  # the first one: remember which file holds this text
            with contextlib.suppress(StoreError):
                self.store.remember_path(self.document.sha256, self.document.path)
        self.annotations.append(annotation)
        return annotation

    # -- correcting entities ----------------------------------------------------------------------

    def _correct(
        self, start: int, end: int, kind: str, label: str | None, model: str | None
    ) -> None:
        """Record the user's decision about an entity (replacing an earlier one for the span)."""
        for earlier in [
            a
            for a in self.annotations
            if a.is_entity_correction and (a.start, a.end) == (start, end)
        ]:
            with contextlib.suppress(StoreError):
                self.store.delete(earlier)
            self.annotations.remove(earlier)
        attrs = {"correction": kind, "entity_label": label or "", "model_label": model or ""}
        if self._add(start, end, ENTITY_CORRECTION, attrs) is None:
            return
        self._annotations_changed()
        if self.query_one(EntityPanel).display:
            self._update_entity_tree()
        quote = " ".join(self.document.text[start:end].split())
        said = {
            "accept": f"accepted as {label}",
            "reject": "rejected: no longer shown",
            "relabel": f"now {label}",
            "add": f"added as {label}",
        }[kind]
        self.notify(f"“{shorten(quote, 40)}” {said} (u undoes).", timeout=3, markup=False)

    def _entity_here(self) -> tuple[int, int, str | None] | None:
        found = self.view.entity_at(self.view.cursor)
        if found is None:
            self.notify("No entity at the caret (e and E go to the next and previous).", timeout=3)
        return found

    def _model_label(self, start: int, end: int) -> str | None:
        spans = self.view.entities
        return next(
            (
                spans.label(i)
                for i in spans.overlapping(start, end)
                if (spans.starts[i], spans.ends[i]) == (start, end)
            ),
            None,
        )

    def action_accept_entity(self) -> None:
        if (found := self._entity_here()) is not None:
            start, end, label = found
            model = self._model_label(start, end)
            self._correct(start, end, "accept", label or model, model)

    def action_reject_entity(self) -> None:
        if (found := self._entity_here()) is not None:
            start, end, _ = found
            self._correct(start, end, "reject", None, self._model_label(start, end))

    def action_label_entity(self) -> None:
        """With a selection: add it as an entity; else relabel the entity at the caret."""
        selection = self.view.selection
        if selection is not None:
            start, end = self.document.snap_to_words(*selection)
            kind, current = "add", None
        else:
            found = self._entity_here()
            if found is None:
                return
            start, end, current = found
            kind = "relabel"
        if start >= end:
            return
        model = self._model_label(start, end)

        def chosen(label: str | None) -> None:
            if label is not None:
                self._correct(start, end, "add" if model is None else kind, label, model)
                self.view.clear_selection()

        self.app.push_screen(EntityTypeDialog(self.document.text[start:end], current), chosen)

    def action_verdict(self) -> None:  # firsthour hook: the verdict scale, one key per verdict
        ask_verdict(self, self._target(), self.app.verdicts.values, self._edited)  # type: ignore[attr-defined]

    def action_edit(self) -> None:
        target = self._target()
        if target is None:
            self.notify("No annotation at the caret to edit.", timeout=3)
            return
        dialog = EditDialog(
            target,
            self.labels,
            self._claimants(),
            self.app.verdicts.values,  # type: ignore[attr-defined]
        )
        self.app.push_screen(dialog, self._edited)

    def _claimants(self) -> list[tuple[str, str]]:
        """(name, type) of the document's people, organisations and groups, most mentioned
        first: who may have made a claim."""
        entities, text = self.view.entities, self.document.text
        counts: Counter[tuple[str, str]] = Counter()
        for i in range(len(entities)):
            label = entities.label(i)
            if label in CLAIMANT_TYPES:
                counts[(" ".join(text[entities.starts[i] : entities.ends[i]].split()), label)] += 1
        return [pair for pair, _ in counts.most_common()]

    def _edited(self, edited: Annotation | None) -> None:
        if edited is None or not self._save(edited):
            return
        self.annotations = [edited if a.id == edited.id else a for a in self.annotations]
        self._annotations_changed(focus_id=edited.id)
        self.notify("Saved.", timeout=2)

    @on(AnnotationList.Selected)
    def _panel_selected(self, event: AnnotationList.Selected) -> None:
        """Enter in the panel: go to the annotation and read on from there."""
        if event.annotation.is_orphan:
            self.action_edit()  # an orphan has no place to go to; its dialog says what it was
            return
        self.view.move_to(event.annotation.start)
        self.view.focus()

    @on(AnnotationList.Highlighted)
    def _panel_highlighted(self, event: AnnotationList.Highlighted) -> None:
        if not event.annotation.is_orphan:
            self.view.move_to(event.annotation.start)

    def action_delete(self) -> None:
        target = self._target()
        if target is None:
            self.notify("No annotation at the caret to delete.", timeout=3)
            return
        try:
            self.store.delete(target)
        except StoreError as error:
            self.notify(str(error), title="Not deleted", severity="error", timeout=15, markup=False)
            return
        self.annotations = [a for a in self.annotations if a.id != target.id]
        self._annotations_changed()
        quote = " ".join(target.quote.split())
        self.notify(
            f"Deleted {target.label}: “{shorten(quote, 60)}”",  # firsthour hook
            timeout=3,
            markup=False,
        )

    def action_undo(self) -> None:
        self._history_step(undo=True)

    def action_redo(self) -> None:
        self._history_step(undo=False)

    def _history_step(self, undo: bool) -> None:
        word = "undo" if undo else "redo"
        try:
            change = (self.store.undo if undo else self.store.redo)(self.document.sha256)
            if change is not None:
                self.annotations = self.store.annotations(self.document.sha256)
        except StoreError as error:
            self.notify(str(error), title=f"Could not {word}", severity="error", markup=False)
            return
        if change is None:
            self.notify(f"Nothing to {word}.", timeout=2)
            return
        subject = change.subject
        self._annotations_changed(focus_id=subject.id)
        if not subject.is_orphan:
            self.view.move_to(subject.start)
        kinds = {(True, False): "creation", (False, True): "deletion"}
        what = kinds.get((change.before is None, change.after is None), "edit")
        quote = shorten(subject.quote, 50)  # firsthour hook
        done = "Undid" if undo else "Redid"
        self.notify(f"{done} the {what} of {subject.label} “{quote}”.", timeout=3, markup=False)

    def action_confirm(self) -> None:
        target = self._target()
        if target is None or target.placement != "fuzzy":
            self.notify("No approximately placed (≈) annotation at the caret.", timeout=3)
            return
        try:
            confirmed = self.store.confirm(target)
        except StoreError as error:
            self.notify(str(error), title="Not saved", severity="error", markup=False)
            return
        self.annotations = [confirmed if a.id == confirmed.id else a for a in self.annotations]
        self._annotations_changed(focus_id=confirmed.id)
        self.notify("Placement confirmed.", timeout=2)

    # -- search -----------------------------------------------------------------------------------

    def action_search(self) -> None:
        self.query_one("#search", Input).add_class("shown").focus()

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        self._matches = self._search.find(event.value) if event.value else None
        self._current_match = None
        self.view.set_matches(self._matches)
        self._show_search_status()

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        self.view.focus()
        self.action_next_match(1, from_caret=True)

    def _show_search_status(self) -> None:
        status = self.query_one("#search-status", Label)
        matches = self._matches
        if matches is None:
            status.update("")
        elif self._current_match is None:
            status.update(Text(f"{matches.count:,} matches", style="bold"))
        else:
            number = matches.number(self._current_match[0])
            status.update(Text(f"match {number:,} of {matches.count:,}", style="bold"))

    def action_next_match(self, direction: int, from_caret: bool = False) -> None:
        matches = self._matches
        if matches is None or not matches.count:
            self.notify("No search matches (/ searches).", timeout=2)
            return
        cursor = self.view.cursor
        if direction > 0:
            match = matches.after(cursor if from_caret else cursor + 1)
        else:
            match = matches.before(cursor)
        assert match is not None  # there are matches, and the search wraps round
        self._current_match = match
        self.view.set_matches(matches, match)
        self.view.move_to(match[0])
        self._show_search_status()

    def _close_search(self) -> bool:
        field = self.query_one("#search", Input)
        if not field.has_class("shown"):
            return False
        field.value = ""
        field.remove_class("shown")
        self.view.focus()
        return True

    # -- the file under the reader ---------------------------------------------------------------

    def check_file(self) -> None:
        """Notice when the file is edited, truncated, replaced or deleted while it is open."""
        stamp = file_stamp(self.document.path)
        if stamp == self._stamp:
            return
        self._stamp = stamp
        name = self.document.path.name
        if stamp is None:
            message = (
                f"{name} was deleted or moved. Its text stays on screen and every annotation "
                "is kept; r reloads it if it comes back."
            )
        else:
            message = (
                f"{name} changed on disk. r reloads it, and your annotations are placed again "
                "in the new text (none is lost)."
            )
        self.notify(message, title="File changed", severity="warning", timeout=30, markup=False)
        self.query_one("#reader-title", Label).update(
            Text.assemble(self._title(), ("  changed on disk: r reloads", "bold yellow"))
        )

    def action_reload(self) -> None:
        try:
            document = load_document(self.document.path)
        except DocumentError as error:
            self.notify(
                f"{error.path.name}: {error.reason}",
                title="Cannot reload",
                severity="error",
                markup=False,
            )
            return
        if document.sha256 == self.document.sha256:
            self._stamp = file_stamp(document.path)
            self.query_one("#reader-title", Label).update(self._title())
            self.notify("The text on disk is the same as on screen.", timeout=3)
            return
        self.app.switch_screen(ReaderScreen(document))

    # -- leaving ----------------------------------------------------------------------------------

    def action_back(self) -> None:
        if self._close_search():
            return
        field = self.query_one("#annotation-filter", Input)
        if field.has_focus:  # escape in the filter: clear it, back to the text
            field.value = ""
            self.view.focus()
            return
        self.save_position()
        self.app.pop_screen()
