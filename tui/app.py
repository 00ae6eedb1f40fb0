"""MarginoteApp: owns the store, the label set and the (lazily loaded) entity recogniser."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import HelpPanel

from annotations.entities import Recognizer, RuleRecognizer, load_recognizer
from annotations.model import DEFAULT_LABELS, LabelSet
from annotations.paths import cache_dir, data_dir
from annotations.store import AnnotationStore
from tui.screens.library import LibraryScreen

RecognizerLoader = Callable[[], tuple[Recognizer, str | None]]


def default_recognizer_loader() -> tuple[Recognizer, str | None]:
    """spaCy, unless ``MARGINOTE_RECOGNIZER=rules`` asks for the rule-based recogniser."""
    if os.environ.get("MARGINOTE_RECOGNIZER", "").lower() == "rules":
        return RuleRecognizer(), "MARGINOTE_RECOGNIZER=rules"
    return load_recognizer()


class MarginoteApp(App[None]):
    CSS_PATH = "marginote.tcss"
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
        labels: LabelSet = DEFAULT_LABELS,
    ) -> None:
        super().__init__()
        self.paths = paths
        self.store = store or AnnotationStore(data_dir())
        self.cache_dir = cache_dir()
        self.labels = labels
        self._recognizer_loader = recognizer_loader
        self._recognizer: tuple[Recognizer, str | None] | None = None
        self._recognizer_lock = threading.Lock()

    def get_default_screen(self) -> Screen:
        return LibraryScreen(self.paths)

    def recognizer(self) -> tuple[Recognizer, str | None]:
        """The entity recogniser and, when it is a fallback, why. Loaded once; call from a worker."""
        with self._recognizer_lock:
            if self._recognizer is None:
                self._recognizer = self._recognizer_loader()
            return self._recognizer

    def action_help(self) -> None:
        if self.screen.query(HelpPanel):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()
