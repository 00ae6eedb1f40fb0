"""MarginoteApp: owns the store, the label set and the (lazily loaded) entity recogniser."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from pathlib import Path

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from marginote.annotations.entities import (
    Recognizer,
    configured_recognizer,
    configured_recognizer_guess,
)
from marginote.annotations.labels import load_settings
from marginote.annotations.model import LabelSet
from marginote.annotations.paths import cache_dir, data_dir
from marginote.annotations.recognition import RecognitionPool
from marginote.annotations.recognition import prepare as prepare_recognition
from marginote.annotations.store import AnnotationStore
from marginote.tui.commands import ExchangeCommands, NavigationCommands
from marginote.tui.screens.library import LibraryScreen

RecognizerLoader = Callable[[], tuple[Recognizer, str | None]]
#: (recogniser id, description) of the recogniser a loader would give, known without loading it.
RecognizerGuess = Callable[[], tuple[str, str] | None]


class MarginoteApp(App[None]):
    CSS_PATH = Path(__file__).parent / "marginote.tcss"
    TITLE = "marginote"
    COMMANDS = App.COMMANDS | {NavigationCommands, ExchangeCommands}
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("question_mark", "help", "Help"),
    ]

    def __init__(
        self,
        paths: list[Path],
        *,
        store: AnnotationStore | None = None,
        recognizer_loader: RecognizerLoader = configured_recognizer,
        recognizer_guess: RecognizerGuess | None = None,
        labels: LabelSet | None = None,
    ) -> None:
        super().__init__()
        self.paths = paths
        self.store = store or AnnotationStore(data_dir())
        self.cache_dir = cache_dir()
        settings = load_settings(p for p in paths if p.is_dir())  # the library folder's wins
        self.labels = labels or settings.labels
        self.verdicts = settings.verdicts
        self.label_problems = [
            *(settings.label_problems if labels is None else ()),
            *settings.verdict_problems,
        ]
        self._recognizer_loader = recognizer_loader
        configured = recognizer_loader is configured_recognizer
        if recognizer_guess is None:
            recognizer_guess = configured_recognizer_guess if configured else lambda: None
        self._recognizer_guess = recognizer_guess
        self._likely: tuple[tuple[str, str] | None] | None = None
        self._recognizer: tuple[Recognizer, str | None] | None = None
        self._recognizer_lock = threading.Lock()
        #: The configured recogniser runs in worker processes; one given in code (tests) runs
        #: in a thread of this process, since it cannot be sent to another process.
        self.uses_processes = configured
        self._pool: RecognitionPool | None = None
        if configured:
            prepare_recognition()

    def on_mount(self) -> None:
        self.call_after_refresh(self._settle)
        if self.label_problems:
            self.notify(
                "\n".join(self.label_problems),
                title="Labels left out of the config",
                severity="warning",
                timeout=30,
                markup=False,
            )

    def _settle(self) -> None:
        """After the first frame: start the recognition workers (so start-up is not slowed by
        them), and move the objects made so far, which live as long as the app, out of the
        garbage collector's sight: a full collection then takes a few milliseconds, not the
        80 ms that stalled the first keys on a big document."""
        gc.freeze()
        if self.uses_processes:  # spawning is quick; each worker then loads spaCy on its core
            self.recognition_pool()
        self.run_worker(self.likely_recognizer, thread=True, exit_on_error=False)

    def on_unmount(self) -> None:
        if self._pool is not None:
            self._pool.close()

    def recognition_pool(self) -> RecognitionPool:
        """The worker processes that recognise entities, started (and warmed) on first use."""
        with self._recognizer_lock:
            if self._pool is None:
                self._pool = RecognitionPool(self._recognizer_loader)
                self._pool.warm()
            return self._pool

    def get_default_screen(self) -> Screen:
        return LibraryScreen(self.paths)

    def recognizer(self) -> tuple[Recognizer, str | None]:
        """The in-process recogniser (when not using processes), and why when it is a fallback.
        Loaded once; call from a worker."""
        with self._recognizer_lock:
            if self._recognizer is None:
                self._recognizer = self._recognizer_loader()
            return self._recognizer

    def likely_recognizer(self) -> tuple[str, str] | None:
        """(id, description) of the recogniser in use or about to be, without loading it (found
        once, from package metadata, in the background after start-up)."""
        if self._recognizer is not None:
            return self._recognizer[0].id, self._recognizer[0].description
        if self._likely is None:
            self._likely = (self._recognizer_guess(),)
        return self._likely[0]

    @property
    def knows_likely_recognizer(self) -> bool:
        """True once ``likely_recognizer`` answers at once (it reads package metadata first)."""
        return self._recognizer is not None or self._likely is not None

    async def action_quit(self) -> None:
        # firsthour hook: a dialog with changes asks before they are lost.
        from marginote.tui.screens.discard_dialog import quit_or_ask

        quit_or_ask(self)

    def action_help(self) -> None:
        from marginote.tui.screens.help_screen import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))
