"""``--split train=0.8,dev=0.1,test=0.1 --seed N``: documents shared out among parts at random,
reproducibly (the same documents and seed give the same parts), a whole document in one part."""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

from marginote.annotations.exchange import Exported


class SplitError(ValueError):
    """A --split that cannot be used; the message says why."""


def parse_split(text: str) -> list[tuple[str, float]]:
    """``train=0.8,dev=0.1,test=0.1`` as [(name, share)], the shares adding up to 1."""
    parts: list[tuple[str, float]] = []
    for piece in text.split(","):
        name, sep, share = piece.partition("=")
        name = name.strip()
        if not sep or not name.isidentifier():
            raise SplitError(f"--split: {piece.strip()!r} is not NAME=SHARE (train=0.8)")
        try:
            value = float(share)
        except ValueError:
            raise SplitError(f"--split: the share of {name} is not a number") from None
        if not 0 < value <= 1:
            raise SplitError(f"--split: the share of {name} must be above 0 and at most 1")
        if any(name == known for known, _ in parts):
            raise SplitError(f"--split: {name} is named twice")
        parts.append((name, value))
    if abs(sum(v for _, v in parts) - 1) > 1e-6:
        raise SplitError("--split: the shares must add up to 1")
    return parts


def split_items(
    items: Sequence[Exported], parts: Sequence[tuple[str, float]], seed: int, out: Path
) -> list[tuple[Path, list[Exported]]]:
    """(file, documents) for each part: ``out`` named ``STEM-NAME.SUFFIX`` (a folder: NAME in
    it). Documents are ordered by their text's hash, shuffled with ``seed``, then cut by the
    shares (rounded, the last part taking the rest)."""
    ordered = sorted(items, key=lambda item: item.document.sha256)
    random.Random(seed).shuffle(ordered)
    found: list[tuple[Path, list[Exported]]] = []
    start, total = 0, 0.0
    for number, (name, share) in enumerate(parts):
        total += share
        stop = len(ordered) if number == len(parts) - 1 else round(total * len(ordered))
        target = out / name if not out.suffix else out.with_name(f"{out.stem}-{name}{out.suffix}")
        found.append((target, ordered[start:stop]))
        start = stop
    return found
