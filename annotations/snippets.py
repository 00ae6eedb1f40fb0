"""Short forms of long text for messages, titles and lists: cut at a word boundary, with an
ellipsis, never in the middle of a word."""

from __future__ import annotations


def shorten(text: str, limit: int) -> str:
    """``text`` with its runs of white space made single spaces, and when it is longer than
    ``limit`` characters, cut after the last whole word that fits, followed by "…".

    A first word longer than the limit is cut inside (there is no boundary to cut at)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    room = max(limit - 1, 1)  # keep one character for the ellipsis
    cut = text.rfind(" ", 0, room + 1)
    head = text[:cut] if cut > 0 else text[:room]
    return head.rstrip(" ,;:–—-") + "…"
