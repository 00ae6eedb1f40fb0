"""Command palette commands for moving annotations in and out: export the open document (or, from
the library, every document) in any format, and import a file. The work runs in a thread and the
result is told in a notification."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from textual.app import App
from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content
from textual.markup import escape

from marginote.annotations.editing import short_quote
from marginote.annotations.sanitise import sanitise
from marginote.annotations.search import fold

if TYPE_CHECKING:
    from marginote.tui.app import MarginoteApp

#: Where palette exports go: a folder in the current directory, named so it is easy to find.
EXPORT_FOLDER = "marginote-exports"


#: (name, help, what it does, more text that is searched but not shown: a whole quote and note)
Command = tuple[str, str, Callable[[], object], str]
#: The score of a query found, as typed, in a command's whole text (fuzzy name matches score
#: 0-1): above scattered-letter matches of a shorter name.
WHOLE_TEXT_SCORE = 0.9
#: Characters of context shown either side of a match found past the visible name.
CONTEXT = 30


class ListedCommands(Provider):
    """A provider whose commands are listed by ``_commands``; all shown when nothing is typed."""

    def _commands(self) -> Iterator[Command]:
        raise NotImplementedError

    async def discover(self) -> Hits:
        for name, help_text, callback, _ in self._commands():
            yield DiscoveryHit(
                Content(sanitise(name)), callback, sanitise(name), escape(sanitise(help_text))
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        needle = fold(" ".join(query.split()))
        for name, help_text, callback, whole in self._commands():
            score = matcher.match(name)
            at = fold(whole).find(needle) if needle and whole else -1
            if at != -1 and score < WHOLE_TEXT_SCORE:
                context = around(whole, at, len(needle))
                yield Hit(
                    WHOLE_TEXT_SCORE,
                    Content(sanitise(name)),
                    callback,
                    sanitise(name),
                    escape(sanitise(context)),
                )
            elif score > 0:
                prompt = _highlighted(matcher, name)
                yield Hit(score, prompt, callback, sanitise(name), escape(sanitise(help_text)))


def _highlighted(matcher: Matcher, name: str) -> Content:
    """``name`` (it holds file names and quotes) safe to show, never parsed as markup; the
    matched letters highlighted when that cannot misplace them."""
    shown = sanitise(name)
    if shown == name and "[" not in name:
        return matcher.highlight(name)
    return Content(shown)


def around(text: str, at: int, length: int) -> str:
    """``text[at:at+length]`` with a few words either side, cut at word boundaries."""
    start = max(0, at - CONTEXT)
    end = min(len(text), at + length + CONTEXT)
    if start > 0 and " " in text[start:at]:
        start = text.index(" ", start, at) + 1
    if end < len(text) and " " in text[at + length : end]:
        end = text.rindex(" ", at + length, end)
    return ("…" if start > 0 else "") + text[start:end] + ("…" if end < len(text) else "")


class NavigationCommands(ListedCommands):
    """Every action of the current screen (by its description and key), every document of the
    library, and every annotation of the open document."""

    def _commands(self) -> Iterator[Command]:
        from marginote.annotations.library import find_documents
        from marginote.tui.screens.help_screen import key_name
        from marginote.tui.screens.reader import ReaderScreen

        app, screen = self.app, self.screen
        for key, active in screen.active_bindings.items():
            binding = active.binding
            if binding.description and not binding.system:
                run = partial(app.call_later, app.run_action, binding.action, active.node)
                yield binding.description, f"key: {key_name(key)}", run, ""
        if isinstance(screen, ReaderScreen):
            text = screen.document.text
            for a in screen.annotations:
                if not a.is_orphan:
                    quote = " ".join(text[a.start : a.end].split())
                    yield (
                        f"Go to {a.label}: {short_quote(quote, 60)}",
                        a.verdict or "annotation",
                        partial(screen.view.move_to, a.start),
                        " ".join(f"{quote} {a.note}".split()),
                    )
        for path in find_documents(marginote(app).paths):
            opening = partial(_open_document, marginote(app), path)
            yield f"Open {path.name}", str(path), opening, ""


def marginote(app: App[Any]) -> MarginoteApp:
    """The running app, typed (palette providers only know it as an App)."""
    return cast("MarginoteApp", app)


def _open_document(app: MarginoteApp, path: Path) -> None:
    from marginote.tui.screens.library import LibraryScreen
    from marginote.tui.screens.reader import ReaderScreen

    while isinstance(app.screen, ReaderScreen):  # back to the library, then open from there
        app.pop_screen()
    if isinstance(app.screen, LibraryScreen):
        app.screen.open_path(str(path))


class ExchangeCommands(ListedCommands):
    def _commands(self) -> Iterator[Command]:
        from marginote.annotations.exchange import formats  # only when the palette opens
        from marginote.tui.screens.reader import ReaderScreen

        screen = self.screen
        reader = screen if isinstance(screen, ReaderScreen) else None
        scope = "this document" if reader else "the library"
        for f in formats().values():
            yield (
                f"Export {scope} as {f.name}",
                f"{f.description}, into ./{EXPORT_FOLDER}/",
                partial(self._export, f.name, reader.document.path if reader else None),
                "",
            )
        yield (
            "Import annotations from a file…",
            "native, W3C, brat, doccano, Prodigy, Label Studio",
            self._ask_import,
            "",
        )

    def _export(self, name: str, document: Path | None) -> None:
        app = marginote(self.app)
        paths = [document] if document is not None else list(app.paths)
        app.run_worker(partial(export_now, app, name, paths), thread=True, group="exchange")

    def _ask_import(self) -> None:
        from marginote.tui.screens.import_dialog import ImportChoice, ImportDialog

        app = marginote(self.app)

        def chosen(choice: ImportChoice | None) -> None:
            if choice is not None:
                work = partial(import_now, app, choice.path, choice.mode)
                app.run_worker(work, thread=True, group="exchange")

        app.push_screen(ImportDialog(), chosen)


def export_now(app: MarginoteApp, name: str, paths: list[Path]) -> None:
    """Export (in a worker thread) and tell the user where the file is."""
    from marginote.annotations.exchange import WriteOptions, describe_export, formats
    from marginote.annotations.exchange.gather import gather

    fmt = formats()[name]
    folder = Path.cwd() / EXPORT_FOLDER
    stamp = time.strftime("%Y%m%d-%H%M%S")
    stem = paths[0].stem if len(paths) == 1 and paths[0].is_file() else "library"
    out = folder / f"{stem}-{stamp}{fmt.suffix}"
    try:
        folder.mkdir(exist_ok=True)
        items, skipped = gather(paths, app.store, app.cache_dir, with_orphans=name == "jsonl")
        options = WriteOptions()  # the writer's notes (what it left out) are shown too
        fmt.write(items, out, options)
    except OSError as error:
        app.call_from_thread(
            app.notify,
            f"Cannot write {out}: {error.strerror or error}",
            title="Export failed",
            severity="error",
            markup=False,
        )
        return
    # what the writer left out, then the files skipped (unreadable, or a copy of a text)
    notes = [sanitise(note) for note in (options.notes + skipped)[:5]]
    app.call_from_thread(
        app.notify,
        "\n".join([f"{describe_export(items)} written to {out}", *notes]),
        title=f"Exported as {name}",
        markup=False,
    )


def import_now(app: MarginoteApp, path: Path, mode: str = "merge") -> None:
    """Import (in a worker thread) as ``marginote import --mode MODE`` does, tell the user what
    happened, and refresh the open document."""
    from marginote.annotations.exchange import FormatError, detect_format, formats
    from marginote.annotations.exchange.merge import LibraryIndex, merge

    try:
        name = detect_format(path)
        fmt = formats()[name]
        assert fmt.read is not None
        report = merge(
            app.store,
            fmt.read(path),
            LibraryIndex(app.paths),
            by_id=fmt.by_id,
            carries=fmt.carries,
            lossless=fmt.lossless,
            mode=mode,
            labels=app.labels,
        )
    except (FormatError, OSError) as error:
        app.call_from_thread(
            app.notify, f"{path}: {error}", title="Import failed", severity="error", markup=False
        )
        return
    details = "\n".join([*report.conflicts[:5], *(f"left out: {u}" for u in report.left_out[:5])])
    app.call_from_thread(
        app.notify,
        report.summary() + ("\n" + details if details else ""),
        title=f"Imported {path.name}",
        severity="warning" if not report.complete else "information",
        timeout=15,
        markup=False,
    )
    app.call_from_thread(_refresh_reader, app)


def _refresh_reader(app: MarginoteApp) -> None:
    from marginote.tui.screens.reader import ReaderScreen

    if isinstance(app.screen, ReaderScreen):
        app.screen.reload_annotations()
