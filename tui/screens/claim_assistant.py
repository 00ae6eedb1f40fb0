"""The claim assistant in the reader: check-worthy sentences marked in the margin, one-key
accept/dismiss, claims seen before, and the claimant pre-filled from the text.

``ClaimAssistant`` is the reader's frame with the assistant's keys, actions and handlers; the
reader screen builds on it and calls it from a few separated lines: ``CLAIM_BINDINGS`` in its
bindings, ``start_claims()`` when mounted (it adds ``ClaimPanel`` to the side panel) and
``prefill_claimant(dialog)`` before pushing the edit dialog. It follows the caret and the
annotations through the screen's own messages (``DocumentView.CursorMoved``,
``ReaderScreen.AnnotationsChanged``), and tags through the screen's editing service.

Scoring runs in a thread: the sentences on screen first, then the rest in batches, each shown
as it is ready. Attribution (spaCy's parser) and retraining run in the recognition worker
processes when the app has them.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import time
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.segment import Segment
from textual import on, work
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.widgets import Input
from textual.worker import get_current_worker

from marginote.annotations.model import Annotation
from marginote.annotations.paths import data_dir
from marginote.tui.screens.reader_frame import ReaderFrame
from marginote.tui.widgets.claim_panel import MARK, STRONG, STRONG_MARK, ClaimPanel
from marginote.tui.widgets.document_view import DocumentView

if TYPE_CHECKING:  # the claims core is imported when first used, not with the reader
    from marginote.annotations.claims.attribution import Attribution
    from marginote.annotations.claims.learning import ClaimModel
    from marginote.annotations.claims.ranker import Ranker
    from marginote.annotations.claims.similar import LibraryClaims
    from marginote.annotations.claims.suggest import Scored, Suggester
    from marginote.annotations.editing import Editing, Outcome

CLAIM = "claim"
#: Sentences scored between two chances to give way to the reader's keys (a few ms).
SCORE_STEP = 50
#: Seconds at least between two picks of the suggestions while batches are scored.
REFRESH_EVERY = 0.5
#: Seconds of quiet after accepting or dismissing before the ranker is retrained.
RETRAIN_AFTER = 5.0
#: Seconds the caret rests before the claims seen before are looked up.
SIMILAR_AFTER = 0.25
#: Text sent to a worker for attribution: this much before the sentence (speaker labels).
ATTRIBUTION_BEFORE = 80_000

CLAIM_BINDINGS = [
    Binding(
        "m",
        "next_suggestion(1)",
        "Next suggestion",
        show=False,
        id="reader.next-suggestion",
    ),
    Binding(
        "M",
        "next_suggestion(-1)",
        "Previous suggestion",
        show=False,
        id="reader.previous-suggestion",
    ),
    Binding(
        "y", "accept_suggestion", "Accept suggestion as a claim", show=False, id="reader.accept"
    ),
    Binding("d", "reject_suggestion", "Dismiss suggestion", show=False, id="reader.dismiss"),
    Binding(
        "k",
        "claims_panel",
        "Claims panel (suggestions, seen before)",
        show=False,
        id="reader.claims-panel",
    ),
]


@dataclass
class _ClaimState:
    model: ClaimModel
    ranker: Ranker | None = None
    scored: dict[int, Scored] = field(default_factory=dict)
    total: int = 0
    rejected: set[str] = field(default_factory=set)
    suggestions: list[Scored] = field(default_factory=list)
    #: The suggestions kept up to date claim by claim (built again when scores or rejections
    #: change).
    suggester: Suggester | None = None
    starts: list[int] = field(default_factory=list)
    attributions: dict[tuple[int, int], Attribution | None] = field(default_factory=dict)
    library: LibraryClaims | None = None
    similar_for: str | None = None
    timers: dict[str, Any] = field(default_factory=dict)
    #: When the suggestions were last picked (``time.monotonic``).
    refreshed: float = 0.0


class ClaimAssistant(ReaderFrame):
    """The reader's frame with the claim assistant (see the module's docstring)."""

    _claim_state: _ClaimState | None = None

    if TYPE_CHECKING:  # what the reader screen defines, used here
        editing: Editing

        @property
        def annotations(self) -> list[Annotation]: ...

        def _do(self, change: Callable[[], Outcome], title: str = "Not saved") -> None: ...

    @property
    def claims(self) -> _ClaimState:
        if self._claim_state is None:
            from marginote.annotations.claims.learning import ClaimModel

            self._claim_state = _ClaimState(ClaimModel(data_dir()))
        return self._claim_state

    # -- scoring ----------------------------------------------------------------------------------

    def start_claims(self) -> None:
        """Add the claims panel, score the document (visible sentences first) and mark the
        suggestions."""
        self.side.mount(ClaimPanel(id="claim-panel"), before="#at-caret")
        self.editing.listeners.append(self._claims_changed)
        self.view.set_gutter(self._claim_mark)
        layout = self.view.layout_rows
        if layout is not None:
            top = round(self.view.scroll_y)
            height = max(1, self.view.scrollable_content_region.height)
            visible = (layout.start_of(top), layout.row_range(top + height - 1)[1])
        else:
            visible = (self.view.cursor, self.view.cursor + 4_000)
        # The state is made here, on the app's thread, and handed to the worker: made lazily in
        # both (the margin's marks ask for it as soon as they are drawn), the worker could fill
        # a state the screen then replaced with its own, without ranker nor rejections.
        self._score_claims(self.claims, visible)

    @work(thread=True, exclusive=True, group="claims")
    def _score_claims(self, state: _ClaimState, visible: tuple[int, int]) -> None:
        from marginote.annotations.claims.ranker import Ranker, RankerError
        from marginote.annotations.claims.suggest import score_spans, sentence_batches
        from marginote.annotations.pacing import USER

        worker = get_current_worker()
        try:
            ranker = state.model.ranker()
        except RankerError as error:
            ranker = Ranker()
            self.app.call_from_thread(
                self.notify, f"{error}; suggestions use the transparent scorer.", markup=False
            )
        state.ranker = ranker
        # By their text: a sentence dismissed stays dismissed when its document is edited.
        # With any dismissed meanwhile (a new set: the app's thread may be reading the old one).
        state.rejected = state.model.rejected() | state.rejected
        document = self.document
        size = len(document.text)

        def give_way() -> None:  # segmenting a book takes seconds: never while keys are pressed
            USER.wait_quiet(lambda: worker.is_cancelled)

        found = 0
        for spans, covered in sentence_batches(document, visible, pause=give_way):
            if worker.is_cancelled:
                return
            scored: list[Scored] = []
            for i in range(0, len(spans), SCORE_STEP):
                give_way()
                scored += score_spans(document, spans[i : i + SCORE_STEP], ranker.score)
            found += len(spans)
            # The number of sentences is known at the end; until then, estimated from the text
            # covered (and always more than those scored, so scoring never looks finished).
            total = found if covered >= size else max(found + 1, found * size // max(1, covered))
            self.app.call_from_thread(self._claims_scored, scored, total)

    def _claims_scored(self, batch: list[Scored], total: int) -> None:
        """A batch scored: the suggestions are picked again at once for the first batch (the
        sentences on screen) and the last, and at most every ``REFRESH_EVERY`` seconds between
        (each pick is a pass over every sentence scored: a book's batches would keep the keys
        waiting)."""
        if self not in self.app.screen_stack:  # closed while a batch was on its way
            return
        state = self.claims
        state.total = total
        state.scored.update((s.start, s) for s in batch)
        state.suggester = None
        timers = state.timers
        now = time.monotonic()
        if len(state.scored) >= total or now - state.refreshed >= REFRESH_EVERY:
            if (timer := timers.pop("suggestions", None)) is not None:
                timer.stop()
            self._refresh_suggestions()
        elif "suggestions" not in timers:
            wait = REFRESH_EVERY - (now - state.refreshed)
            timers["suggestions"] = self.set_timer(wait, self._refresh_scored)

    def _refresh_scored(self) -> None:
        self.claims.timers.pop("suggestions", None)
        self._refresh_suggestions()

    def _claims_changed(self, gone: Sequence[Annotation], new: Sequence[Annotation]) -> None:
        """The editing service's lists changed: count the claims among the change in or out of
        the sentences they cover (the suggestions follow once the change is on screen)."""
        if (suggester := self.claims.suggester) is not None:
            suggester.change(
                [a for a in gone if a.label == CLAIM], [a for a in new if a.label == CLAIM]
            )

    def _refresh_suggestions(self, only_if_changed: bool = False) -> None:
        from marginote.annotations.claims.suggest import Suggester

        state = self.claims
        state.refreshed = time.monotonic()
        if state.suggester is None:
            scored = [state.scored[start] for start in sorted(state.scored)]
            tagged = [a for a in self.annotations if a.label == CLAIM]
            state.suggester = Suggester(scored, tagged, rejected=state.rejected)
        suggestions = state.suggester.suggestions()
        if only_if_changed and suggestions == state.suggestions:
            return  # a change that suggests nothing new (most of them): nothing to draw
        state.suggestions = suggestions
        state.starts = [s.start for s in state.suggestions]
        self.view.set_gutter(self._claim_mark)
        with contextlib.suppress(NoMatches):
            panel = self.query_one(ClaimPanel)
            panel.show_suggestions(
                sorted(state.suggestions, key=lambda s: -s.score), len(state.scored), state.total
            )
            panel.highlight(*self._why(self._suggestion_at(self.view.cursor)))

    def _why(self, suggestion: Scored | None) -> tuple[Scored | None, list[tuple[str, float]]]:
        """The suggestion and the cues or words that weigh most in its score."""
        ranker = self.claims.ranker
        if suggestion is None or ranker is None:
            return suggestion, []
        return suggestion, ranker.reasons(suggestion.text)

    def _claim_mark(self, start: int, end: int) -> Segment | None:
        """The margin mark of a row showing ``[start, end)``: on every row of a suggestion."""
        state = self.claims
        i = bisect_left(state.starts, end)
        if i and state.suggestions[i - 1].end > start:
            return STRONG_MARK if state.suggestions[i - 1].score >= STRONG else MARK
        return None

    def _suggestion_at(self, offset: int) -> Scored | None:
        state = self.claims
        i = bisect_right(state.starts, offset)
        if i and state.suggestions[i - 1].end > offset:
            return state.suggestions[i - 1]
        return None

    # -- keys -------------------------------------------------------------------------------------

    def action_next_suggestion(self, direction: int) -> None:
        state = self.claims
        cursor = self.view.cursor
        if direction > 0:
            i = bisect_right(state.starts, cursor)
            target = state.suggestions[i] if i < len(state.suggestions) else None
        else:
            here = self._suggestion_at(cursor)
            i = bisect_left(state.starts, here.start if here else cursor)
            target = state.suggestions[i - 1] if i else None
        if target is None:
            what = "after" if direction > 0 else "before"
            none = "No suggestion" if state.suggestions else "No check-worthy sentence suggested"
            self.notify(f"{none} {what} the caret.", timeout=3)
            return
        self.view.move_to(target.start)

    def action_accept_suggestion(self) -> None:
        """The suggestion at the caret becomes a claim, at once (u undoes)."""
        suggestion = self._suggestion_at(self.view.cursor)
        if suggestion is None:
            self.notify("No suggestion at the caret (m goes to the next).", timeout=3)
            return
        label = self.labels.by_name(CLAIM)
        if label is None:
            self.notify("No label named claim in the config: nothing to accept as.", timeout=4)
            return
        self._do(lambda: self.editing.tag((suggestion.start, suggestion.end), label))

    def action_reject_suggestion(self) -> None:
        """Dismiss the suggestion at the caret: never suggested again, and the ranker learns."""
        suggestion = self._suggestion_at(self.view.cursor)
        if suggestion is None:
            self.notify("No suggestion at the caret (m goes to the next).", timeout=3)
            return
        try:
            self.claims.model.reject(
                self.document.sha256, suggestion.start, suggestion.end, suggestion.text
            )
        except OSError as error:
            self.notify(f"Not saved: {error}", severity="error", markup=False)
            return
        self.claims.rejected = self.claims.rejected | {suggestion.text}  # a new set (see above)
        self.claims.suggester = None
        self._refresh_suggestions()
        self._schedule_retrain()
        self.notify("Dismissed: not suggested again.", timeout=2)

    def action_claims_panel(self) -> None:
        """Show the claims panel (over the text on a narrow terminal) and put the focus in its
        suggestions; again: hide it."""
        panel = self.query_one(ClaimPanel)
        panel.display = not panel.display
        if panel.display:
            self.side.add_class("overlay")  # only drawn differently when the screen is narrow
            panel.focus_suggestions()
            self.claims.similar_for = None
            self.claims_caret_moved()
        else:
            self._back_to_text()

    # -- learning ---------------------------------------------------------------------------------

    def _schedule_retrain(self) -> None:
        timers = self.claims.timers
        if (timer := timers.get("retrain")) is not None:
            timer.stop()
        timers["retrain"] = self.set_timer(RETRAIN_AFTER, self._retrain)

    def _retrain(self) -> None:
        """Retrain in a worker process (scikit-learn never loads in the app's own)."""
        from marginote.annotations.claims.learning import retrain_in

        recognition = self.app.recognition
        if recognition.uses_processes:
            recognition.pool().submit(retrain_in, str(self.claims.model.folder.parent))

    # -- claims seen before -----------------------------------------------------------------------

    # Handlers by name: the reader's message class is not importable here (the reader imports
    # this module); the screen's own handlers of these messages run too.
    def on_reader_screen_annotations_changed(self, _: Any) -> None:
        """A claim tagged, accepted, deleted or undone: the suggestions change (a tagged
        sentence is no longer suggested) and the ranker learns. Nothing before the first
        scoring (the reader's first annotations come before it: no model is loaded for them)."""
        if self._claim_state is not None and self._claim_state.scored:
            # Once the change is on screen: a pass over every sentence need not delay it.
            self.call_after_refresh(self._refresh_suggestions, True)
            self._schedule_retrain()

    @on(DocumentView.CursorMoved)
    def _claims_cursor_moved(self) -> None:
        self.claims_caret_moved()

    def claims_caret_moved(self) -> None:
        """Look up the claims seen before once the caret rests on a claim or a suggestion."""
        with contextlib.suppress(NoMatches):
            panel = self.query_one(ClaimPanel)
            panel.highlight(*self._why(self._suggestion_at(self.view.cursor)))
            if not panel.display:
                return
            timers = self.claims.timers
            if (timer := timers.get("similar")) is not None:
                timer.stop()
            timers["similar"] = self.set_timer(SIMILAR_AFTER, self._look_up_similar)

    def _look_up_similar(self) -> None:
        cursor = self.view.cursor
        claim = next((a for a in self.view.annotations_at(cursor) if a.label == CLAIM), None)
        suggestion = self._suggestion_at(cursor)
        text = claim.quote if claim else suggestion.text if suggestion else ""
        if text == self.claims.similar_for:
            return
        self.claims.similar_for = text
        if not text:
            self.query_one(ClaimPanel).show_similar("", [])
            return
        self._find_similar(self.claims, text, claim.id if claim else None)

    @work(thread=True, exclusive=True, group="claims-similar")
    def _find_similar(self, state: _ClaimState, text: str, exclude: str | None) -> None:
        if state.library is None:
            from marginote.annotations.claims.similar import LibraryClaims

            state.library = LibraryClaims(state.model.folder.parent)
        found = state.library.similar(text, exclude=exclude)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._similar_found, text, found)

    def _similar_found(self, text: str, found: list[Any]) -> None:
        with contextlib.suppress(NoMatches):
            self.query_one(ClaimPanel).show_similar(text, found, self.app.paths)

    @on(ClaimPanel.Jump)
    def _claim_jump(self, event: ClaimPanel.Jump) -> None:
        self.view.move_to(event.suggestion.start)
        if event.chosen:
            self._back_to_text()

    @on(ClaimPanel.OpenClaim)
    def _claim_open(self, event: ClaimPanel.OpenClaim) -> None:
        """Enter on a claim seen before: go to it, in its own document if need be."""
        claim = event.match.claim
        if claim.doc == self.document.sha256:
            self.view.move_to(claim.start)
            self._back_to_text()
            return
        from marginote.annotations.documents import DocumentError, load_document

        try:
            document = load_document(Path(claim.path))
        except DocumentError as error:
            self.notify(f"Cannot open it: {error.reason}", severity="warning", markup=False)
            return
        screen = type(self)(document)
        self.app.push_screen(screen)
        screen.call_after_refresh(lambda: screen.view.move_to(claim.start))

    # -- who said it ------------------------------------------------------------------------------

    def prefill_claimant(self, dialog: Any) -> None:
        """Before the edit dialog of a claim without a claimant opens: the claimant the text
        names, at once when it is known, else filled in when found (if still empty)."""
        target: Annotation = dialog.annotation
        if target.label != CLAIM or target.attrs.get("claimant") or target.is_orphan:
            return
        from marginote.annotations.claims.attribution import speaker_label

        key = (target.start, target.end)
        if key not in self.claims.attributions and (
            label := speaker_label(self.document.text, target.start)
        ):
            self.claims.attributions[key] = label  # a transcript: known at once, no parser
        if key in self.claims.attributions:
            found = self.claims.attributions[key]
            if found is not None:
                dialog.annotation = replace(target, attrs={**target.attrs, "claimant": found.name})
            return
        self._attribute(key, dialog)

    @work(thread=True, group="claims-attribution")
    def _attribute(self, key: tuple[int, int], dialog: Any) -> None:
        from marginote.annotations.claims.attribution import attribute

        text = self.document.text
        begin = max(0, key[0] - ATTRIBUTION_BEFORE)
        piece = text[begin : key[1] + 2_000]
        span = (key[0] - begin, key[1] - begin)
        try:
            if self.app.recognition.uses_processes:
                future: cf.Future[Any] = self.app.recognition.pool().submit(attribute, piece, span)
                found = future.result()
            else:
                found = attribute(piece, span)
        except Exception:  # spaCy missing or broken: the claimant is typed by hand, as before
            found = None
        self.app.call_from_thread(self._attributed, key, found, dialog)

    def _attributed(self, key: tuple[int, int], found: Attribution | None, dialog: Any) -> None:
        self.claims.attributions[key] = found
        if found is None or dialog not in self.app.screen_stack:
            return  # nothing found, or the dialog was closed
        if not dialog.is_mounted:  # pushed, not shown yet
            self.call_after_refresh(self._attributed, key, found, dialog)
            return
        with contextlib.suppress(NoMatches):
            field_ = dialog.query_one("#edit-claimant", Input)
            if not field_.value.strip():
                field_.value = found.name
