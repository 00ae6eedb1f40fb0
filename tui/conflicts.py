"""Resolving a sync conflict from the palette: on an annotation tagged ``conflict`` (two people
changed it at once, both versions kept), "Keep this version" deletes the other version and
clears the tag, in one undo step."""

from __future__ import annotations

from collections.abc import Iterator

from marginote.annotations.model import Annotation
from marginote.annotations.store import StoreError
from marginote.annotations.sync.engine import CONFLICT_TAG
from marginote.tui.commands import Command, ListedCommands

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
        if a.id != kept.id
        and (a.id in linked or any(a.attrs.get(k) == kept.id for k in _LINKS))
    ]


class ConflictCommands(ListedCommands):
    def _commands(self) -> Iterator[Command]:
        from marginote.tui.screens.reader import ReaderScreen

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
