"""Watching the file under an open document: edited, truncated, replaced or deleted while it is
open. Polled (a ``stat`` a second costs nothing and works on every file system and platform);
the reader polls it from a timer and a command or a test can call ``check`` directly."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from marginote.annotations.documents import file_stamp


@dataclass(frozen=True)
class FileChanged:
    """The file changed on disk (``deleted``: it is gone, or moved away)."""

    path: Path
    deleted: bool

    def describe(self) -> str:
        name = self.path.name
        if self.deleted:
            return (
                f"{name} was deleted or moved. Its text stays on screen and every annotation "
                "is kept; r reloads it if it comes back."
            )
        return (
            f"{name} changed on disk. r reloads it, and your annotations are placed again "
            "in the new text (none is lost)."
        )


class FileWatch:
    """Notices, once per change, when the file at ``path`` is no longer the one that was read."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._stamp = file_stamp(path)

    def check(self) -> FileChanged | None:
        stamp = file_stamp(self.path)
        if stamp == self._stamp:
            return None
        self._stamp = stamp
        return FileChanged(self.path, deleted=stamp is None)

    def accept(self) -> None:
        """The file as it is now is the one on screen (reloaded, or found unchanged)."""
        self._stamp = file_stamp(self.path)
