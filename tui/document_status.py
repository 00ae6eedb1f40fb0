"""The document status key (``D``: new → in progress → done → skipped) for the reader and the
library, and the mark the library shows for each status. The statuses themselves are kept by
``marginote.annotations.status``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from marginote.annotations.status import StatusBook, next_status

if TYPE_CHECKING:
    from marginote.tui.app import MarginoteApp

#: How the library shows each status before a title (new: nothing).
MARKS = {
    "new": ("", ""),
    "in progress": ("◐ ", "yellow"),
    "done": ("✓ ", "green"),
    "skipped": ("– ", "dim"),
}


def status_book(app: MarginoteApp) -> StatusBook:
    return StatusBook(app.data_root)


def cycle_status(app: MarginoteApp, doc: str, title: str) -> str:
    """Give the document the next status, say so, and return it."""
    try:
        status = status_book(app).cycle(doc)
    except OSError as error:
        app.notify(f"The status could not be saved: {error}", severity="error", markup=False)
        return ""
    app.notify(
        f"{title}: {status}  (D again: {next_status(status)})",
        title="Document status",
        markup=False,
    )
    return status


def with_status(title: Text, status: str) -> Text:
    """The title cell of the library with the status mark before it."""
    mark, style = MARKS.get(status, ("", ""))
    return Text.assemble((mark, style), title) if mark else title
