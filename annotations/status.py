"""Each document's status in a dataset: ``new`` (not looked at), ``in progress``, ``done``
(every span worth tagging is tagged: a done document with no annotation is a negative example)
or ``skipped`` (left out of the dataset). Kept by the hash of the text in ``status.json`` in the
data folder, written atomically; a document never given one is ``new``."""

from __future__ import annotations

import json
from pathlib import Path

from marginote.annotations.atomic import write_atomic

STATUSES: tuple[str, ...] = ("new", "in progress", "done", "skipped")
FILE_NAME = "status.json"


def next_status(status: str) -> str:
    """The status after ``status`` (new → in progress → done → skipped → new)."""
    return STATUSES[(STATUSES.index(status) + 1) % len(STATUSES)]


class StatusBook:
    """The statuses of the documents of one data folder."""

    def __init__(self, root: Path) -> None:
        self.path = Path(root) / FILE_NAME

    def _read(self) -> dict[str, str]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict):
            return {}
        return {str(k): str(v) for k, v in data.items() if v in STATUSES}

    def all(self) -> dict[str, str]:
        """Every document given a status other than new, by its text's sha256."""
        return self._read()

    def get(self, doc: str) -> str:
        return self._read().get(doc, "new")

    def set(self, doc: str, status: str) -> None:
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r} (one of {', '.join(STATUSES)})")
        data = self._read()
        if status == "new":
            data.pop(doc, None)
        else:
            data[doc] = status
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(self.path, json.dumps(data, indent=1, sort_keys=True).encode())

    def cycle(self, doc: str) -> str:
        """Set the next status (new → in progress → done → skipped → new); the one set."""
        status = next_status(self.get(doc))
        self.set(doc, status)
        return status
