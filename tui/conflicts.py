"""Resolving a sync conflict from the palette: on an annotation tagged ``conflict`` (two people
changed it at once, both versions kept), "Keep this version" deletes the other version and
clears the tag, in one undo step. "Sync conflicts" lists every conflict the sync found (the status
widget counts them), each opening its document."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

from textual.app import App

from marginote.annotations.editing import short_quote
from marginote.annotations.model import Annotation
from marginote.annotations.store import StoreError
from marginote.annotations.sync.engine import CONFLICT_TAG
from marginote.annotations.sync.status import CONFLICTS_COMMAND
from marginote.tui.commands import Command, ListedCommands, marginote

_LINKS = ("conflict_with", "conflict_of")


def resolved(kept: Annotation) -> Annotation:
    """``kept`` without the conflict's tag and links."""
    return kept.edited(
        tags=tuple(t for t in kept.tags if t != CONFLICT_TAG),
        attrs={k: v for k, v in kept.attrs.items() if k not in _LINKS},
    )


def partners(kept: Annotation, others: list[Annotation]) -> list[Annotation]:
    """The other versions of the same annotation: linked to it either way."""
    linked = {str(kept.attrs[k]) for k in _LINKS if k in kept.attrs}
    return [
        a
        for a in others
        if a.id != kept.id and (a.id in linked or any(a.attrs.get(k) == kept.id for k in _LINKS))
    ]


class ConflictCommands(ListedCommands):
    def _commands(self) -> Iterator[Command]:
        from marginote.tui.screens.reader import ReaderScreen

        yield from self._listed()
        screen = self.screen
        if not isinstance(screen, ReaderScreen):
            return
        target = screen._target()
        if target is None or CONFLICT_TAG not in target.tags:
            return
        yield (
            "Keep this version (resolve the conflict)",
            f"by {target.author}: the other version is deleted (u undoes)",
            lambda: keep(screen, target),
            "",
        )

    def _listed(self) -> Iterator[Command]:
        """One command per conflict the sync counted: it opens the conflict's document."""
        sync = marginote(self.app).live_view.sync
        if sync is None:
            return
        for heads in list(sync.conflicts.values()):
            for a in heads:
                where = Path(a.path).name if a.path else a.doc[:12]
                yield (
                    f"{CONFLICTS_COMMAND}: {short_quote(a.quote, 40)} in {where}",
                    f"by {a.author} and another: open it, then Keep this version",
                    partial(_open, self.app, a.path),
                    "",
                )


def keep(screen: object, target: Annotation) -> None:
    from marginote.tui.screens.reader import ReaderScreen

    assert isinstance(screen, ReaderScreen)
    others = partners(target, screen.annotations)
    try:
        screen.app.store.apply(
            target.doc, [resolved(target)], others, description="resolve a conflict"
        )
    except StoreError as error:
        screen.notify(str(error), title="Not saved", severity="error", markup=False)
        return
    screen.reload_annotations()
    gone = len(others)
    screen.notify(f"Conflict resolved: {gone} other version{'s' * (gone != 1)} deleted")


def _open(app: App[Any], path: str) -> None:
    from marginote.tui.commands import _open_document

    if path:
        _open_document(marginote(app), Path(path))
