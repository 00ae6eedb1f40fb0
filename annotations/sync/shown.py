"""Strings from the server or other members (authors, quotes, notes) made safe to print."""

from __future__ import annotations


def shown(text: str, limit: int = 80) -> str:
    """``text`` on one line, control characters visible, cut to ``limit`` characters."""
    try:
        from marginote.annotations.sanitise import sanitise
    except ImportError:  # until the shared sanitiser is merged
        text = "".join(ch if ch.isprintable() else "\ufffd" for ch in text)
    else:
        text = sanitise(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"
