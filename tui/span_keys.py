"""Keys that move the boundaries of the annotation at the caret by a word, each press one edit
(one undo step) that keeps its verdict, note and the rest: ``<`` takes in the word before,
``,`` lets go of its first word, ``>`` takes in the next word, ``.`` lets go of its last (on the
keyboard the left key moves the start, the right key the end; with shift it grows). The
bindings are in ``tui/keymap.py`` (``reader.grow-start`` ...)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from marginote.annotations.documents import Document
from marginote.annotations.model import Annotation
from marginote.annotations.spans import Side, resized

if TYPE_CHECKING:
    from marginote.tui.app import MarginoteApp


def resize_at_caret(
    app: MarginoteApp,
    target: Annotation | None,
    document: Document,
    side: str,
    save: Callable[[Annotation], None],
) -> None:
    """Resize the annotation at the caret (``save`` stores it and redraws), or say why not."""
    if target is None or target.is_orphan:
        app.notify("No annotation at the caret to resize.", timeout=3)
        return
    new = resized(target, document.text, cast(Side, side), document.paragraph_at(target.start))
    if new is None:
        app.notify("It cannot grow or shrink further that way.", timeout=3)
        return
    save(new)
