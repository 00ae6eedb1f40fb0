"""MarginoteApp: owns the store, the label set and the (lazily loaded) entity recogniser.

The library's first screen needs none of the store, the recognition or the live view: each is
made (and its modules imported: TinyDB, multiprocessing, the entity rules...) when first used,
which is after the first frame (``_settle``), so that starting shows the list sooner.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from importlib import import_module
from pathlib import Path
from threading import Event, Lock
from typing import TYPE_CHECKING, ClassVar

from textual.app import App
from textual.binding import BindingType
from textual.command import Provider
from textual.notifications import SeverityLevel
from textual.screen import Screen

from marginote.annotations.config import load_config
from marginote.annotations.labels import load_settings, report_problems
from marginote.annotations.model import LabelSet
from marginote.annotations.paths import cache_dir, data_dir
from marginote.annotations.sanitise import sanitise, sanitise_lines
from marginote.tui import keymap
from marginote.tui.screens.library import LibraryScreen
from marginote.tui.styles import APP_CSS
from marginote.tui.warming import warm_reader

if TYPE_CHECKING:
    from marginote.annotations.entities import Recognizer
    from marginote.annotations.recognition import Guess, Recognition
    from marginote.annotations.store import AnnotationStore
    from marginote.annotations.sync.live import LiveSync
    from marginote.tui.live_view import LiveView

RecognizerLoader = Callable[[], "tuple[Recognizer, str | None]"]


class MarginoteApp(App[None]):
    CSS_PATH = APP_CSS
    TITLE = "marginote"
    #: The palette's commands, imported when the palette first opens (not at start-up).
    COMMANDS = App.COMMANDS | {
        lambda: _provider("commands", "NavigationCommands"),
        lambda: _provider("commands", "ExchangeCommands"),
        lambda: _provider("agreement_view", "AgreementCommands"),
        lambda: _provider("conflicts", "ConflictCommands"),
    }
    BINDINGS: ClassVar[list[BindingType]] = [*keymap.APP]

    def __init__(
        self,
        paths: list[Path],
        *,
        store: AnnotationStore | None = None,
        recognizer_loader: RecognizerLoader | None = None,
        recognizer_guess: Guess | None = None,
        labels: LabelSet | None = None,
    ) -> None:
        super().__init__()
        self.paths = paths
        #: Where the annotations are kept (the store's root, made on first use: see ``store``).
        self.data_root = store.root if store is not None else data_dir()
        self._store = store
        self._recognition: Recognition | None = None
        self._live_view: LiveView | None = None
        #: None: the configured recogniser (``entities.configured_recognizer``).
        self._recognizer_loader = recognizer_loader
        self._recognizer_guess = recognizer_guess
        self._making = Lock()  # the store may first be asked for by the library's thread
        #: Set once the reader is warmed (``_settle``): the library's thread waits for it.
        self.warmed = Event()
        self.cache_dir = cache_dir()
        settings = load_settings(p for p in paths if p.is_dir())  # the library folder's wins
        self.labels = labels or settings.labels
        self.verdicts = settings.verdicts
        self.label_problems = [
            *(settings.label_problems if labels is None else ()),
            *settings.verdict_problems,
        ]
        folders = [p for p in paths if p.is_dir()]
        keys, problems = keymap.parse_keymap(
            load_config(folders).section("keys"), keymap.known_ids()
        )
        self.set_keymap(keys)
        self.label_problems += problems
        report_problems(self.label_problems)  # dataset hook: config problems also on stderr
        # The modules imported so far and the objects just made live as long as the app: out of
        # the garbage collector's sight now, so that no full collection walks them (one took
        # 35 ms in the middle of the first enter, before the first frame's freeze below).
        gc.freeze()

    @property
    def store(self) -> AnnotationStore:
        """The annotation store, made on first use (from any thread: once)."""
        if self._store is None:
            with self._making:
                if self._store is None:
                    from marginote.annotations.store import AnnotationStore

                    self._store = AnnotationStore(self.data_root)
        return self._store

    @property
    def recognition(self) -> Recognition:
        """The entity recognition, made on first use. The configured recogniser runs in worker
        processes; one given in code (tests) runs in a thread of this process, since it cannot
        be sent to another process."""
        if self._recognition is None:
            with self._making:
                if self._recognition is None:
                    self._recognition = self._make_recognition()
        return self._recognition

    def _make_recognition(self) -> Recognition:
        from marginote.annotations.entities import (
            configured_recognizer,
            configured_recognizer_guess,
        )
        from marginote.annotations.recognition import Recognition

        configured = self._recognizer_loader in (None, configured_recognizer)
        guess = self._recognizer_guess
        if guess is None:
            guess = configured_recognizer_guess if configured else lambda: None
        loader = self._recognizer_loader or configured_recognizer
        return Recognition(loader, guess, processes=configured)

    @property
    def live_view(self) -> LiveView:
        """Sync and the watch on others' writes (``tui/live_view.py``), made on first use; started
        after the first frame (``_settle``)."""
        if self._live_view is None:
            from marginote.tui.live_view import LiveView

            self._live_view = LiveView(self, self.store)
        return self._live_view

    def running_sync(self) -> LiveSync | None:
        """The sync with a server, once the live view has started one (else None)."""
        return self._live_view.sync if self._live_view is not None else None

    def on_mount(self) -> None:
        if self.label_problems:
            self.notify(
                "\n".join(self.label_problems),
                title="Labels left out of the config",
                severity="warning",
                timeout=30,
                markup=False,
            )

    def on_ready(self) -> None:
        """Textual sends Ready once the first frame has been handed to the terminal: the library
        is on screen. (A callback after the first refresh, as before, waited until the library's
        screen had settled, 60-75 ms later through tmux: an enter pressed as the list appeared
        came first and imported the reader itself.)"""
        self._settle()

    def _settle(self) -> None:
        """After the first frame: move the objects made so far, which live as long as the app,
        out of the garbage collector's sight (a full collection then takes a few milliseconds,
        not the 80 ms that stalled the first keys on a big document), and make the reader ready
        (``tui/warming.py``), so that enter finds it loaded. Nothing else starts with the app:
        the library describes its files once this is done, and the recognition workers (and
        multiprocessing's helper process) are started by the reader once its first screen of
        text is drawn, so they never compete with it."""
        warm_reader(self)
        gc.freeze()
        gc.enable()  # off from the start (``marginote.tui.cli.main``) until now
        # Sync and the watch on others' writes: made now (it notes the files as they are before
        # the library reads them: a write after that is news), started soon, but not in the way
        # of the first frames.
        self.set_timer(0.5, self.live_view.start)
        self.warmed.set()

    def on_unmount(self) -> None:
        if self._live_view is not None:
            self._live_view.stop()
        if self._recognition is not None:
            self._recognition.close()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification (screens' and widgets' go through here) shown as plain text with
        control characters as placeholders: messages carry file names, labels and quotes."""
        del markup  # never markup: no message of ours needs it, and outside strings must not
        super().notify(
            sanitise_lines(message),
            title=sanitise(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def get_default_screen(self) -> Screen[None]:
        return LibraryScreen(self.paths)

    async def action_quit(self) -> None:
        # firsthour hook: a dialog with changes asks before they are lost.
        from marginote.tui.screens.discard_dialog import quit_or_ask

        quit_or_ask(self)

    def action_help(self) -> None:
        from marginote.tui.screens.help_screen import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))


def _provider(module: str, name: str) -> type[Provider]:
    """The palette provider ``name`` of ``marginote.tui.<module>``, imported now."""
    provider: type[Provider] = getattr(import_module(f"marginote.tui.{module}"), name)
    return provider
