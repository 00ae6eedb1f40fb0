"""Counting the words of a text in slices, so that a big text never holds the interpreter for
long: a thread counting a 5 MB text lets the interface's thread in between slices (one
``str.split`` over the whole text holds it for about 50 ms), and can be paused between them."""

from __future__ import annotations

from collections.abc import Callable


def plural(count: int, noun: str) -> str:
    """ "1 document", "2,345 documents" (nouns whose plural takes an s)."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


#: Characters counted per slice (a fraction of a millisecond each).
SLICE = 1 << 16


def count_words(text: str, between: Callable[[], None] | None = None) -> int:
    """The number of words of ``text`` (runs of non-whitespace, as ``len(text.split())``),
    calling ``between()`` between slices (it may wait, or raise to stop the count)."""
    count = 0
    in_word = False  # whether the previous slice ended inside a word
    for start in range(0, len(text), SLICE):
        if between is not None and start:
            between()
        part = text[start : start + SLICE]
        count += len(part.split())
        if in_word and not part[0].isspace():
            count -= 1  # one word across the cut, counted in both slices
        in_word = not part[-1].isspace()
    return count
