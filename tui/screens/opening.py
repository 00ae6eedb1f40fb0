"""Opening a file from the library: whether its text must be extracted first (a PDF, a web page,
an e-book...: read in a thread, or previewed), and what the library and the PDF preview say when
a document cannot be opened."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.screen import Screen

if TYPE_CHECKING:
    from marginote.annotations import formats
    from marginote.annotations.documents import DocumentError


def cannot_open(screen: Screen[None], error: DocumentError) -> None:
    """Why a document does not open (the library's, the PDF preview's): its name and reason
    (shown as plain text, control characters as placeholders: ``MarginoteApp.notify``)."""
    message = f"{error.path.name}: {error.reason}"
    screen.notify(message, title="Cannot open", severity="error", markup=False)


def extracted_format(path: Path) -> formats.Format | None:
    """The format whose extractor opening ``path`` runs (seconds on a first open, for a PDF),
    by its name and first bytes. None for plain text and for what cannot be read (the loading
    then says why, at once)."""
    from marginote.annotations import formats

    try:
        with path.open("rb") as file:
            head = file.read(1024)
    except OSError:
        return None
    return formats.detect(path, head)
