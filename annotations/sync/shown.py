"""Strings from the server or other members (authors, quotes, notes) made safe to print."""

from __future__ import annotations

import importlib


def shown(text: str, limit: int = 80) -> str:
    """``text`` on one line, control characters visible, cut to ``limit`` characters."""
    try:  # the shared sanitiser (marginote.annotations.sanitise), once it is merged
        sanitise = importlib.import_module("marginote.annotations.sanitise").sanitise
    except (ImportError, AttributeError):
        text = "".join(ch if ch.isprintable() else "\ufffd" for ch in text)
    else:
        text = str(sanitise(text))
    return text if len(text) <= limit else text[: limit - 1] + "…"
