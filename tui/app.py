"""MarginoteApp: owns the store, the label set and the (lazily loaded) entity recogniser."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from annotations.entities import Recognizer, RuleRecognizer, installed_spacy_model, load_recognizer
from annotations.model import DEFAULT_LABELS, LabelSet
from annotations.paths import cache_dir, data_dir
from annotations.store import AnnotationStore
from tui.screens.library import LibraryScreen

RecognizerLoader = Callable[[], tuple[Recognizer, str | None]]
#: (recogniser id, description) of the recogniser a loader would give, known without loading it.
RecognizerGuess = Callable[[], tuple[str, str] | None]


def default_recognizer_loader() -> tuple[Recognizer, str | None]:
    """spaCy, unless ``MARGINOTE_RECOGNIZER=rules`` asks for the rule-based recogniser."""
    if os.environ.get("MARGINOTE_RECOGNIZER", "").lower() == "rules":
        return RuleRecognizer(), "MARGINOTE_RECOGNIZER=rules"
    return load_recognizer()


def default_recognizer_guess() -> tuple[str, str] | None:
    if os.environ.get("MARGINOTE_RECOGNIZER", "").lower() == "rules":
        return RuleRecognizer.id, RuleRecognizer.description
    return installed_spacy_model()


class MarginoteApp(App[None]):
    CSS_PATH = Path(__file__).parent / "marginote.tcss"
    TITLE = "marginote"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("question_mark", "help", "Help"),
    ]

    def __init__(
        self,
        paths: list[Path],
        *,
        store: AnnotationStore | None = None,
        recognizer_loader: RecognizerLoader = default_recognizer_loader,
        recognizer_guess: RecognizerGuess | None = None,
        labels: LabelSet = DEFAULT_LABELS,
    ) -> None:
        super().__init__()
        self.paths = paths
        self.store = store or AnnotationStore(data_dir())
        self.cache_dir = cache_dir()
        self.labels = labels
        self._recognizer_loader = recognizer_loader
        if recognizer_guess is None:
            recognizer_guess = (
                default_recognizer_guess
                if recognizer_loader is default_recognizer_loader
                else lambda: None
            )
        self._recognizer_guess = recognizer_guess
        self._recognizer: tuple[Recognizer, str | None] | None = None
        self._recognizer_lock = threading.Lock()

    def get_default_screen(self) -> Screen:
        return LibraryScreen(self.paths)

    def recognizer(self) -> tuple[Recognizer, str | None]:
        """The entity recogniser, and why when it is a fallback. Loaded once; call from a worker."""
        with self._recognizer_lock:
            if self._recognizer is None:
                self._recognizer = self._recognizer_loader()
            return self._recognizer

    def likely_recognizer(self) -> tuple[str, str] | None:
        """(id, description) of the recogniser in use or about to be, without loading it."""
        if self._recognizer is not None:
            return self._recognizer[0].id, self._recognizer[0].description
        return self._recognizer_guess()

    def action_help(self) -> None:
        if self.screen.query("HelpPanel"):  # by name: importing it costs start-up time
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()
