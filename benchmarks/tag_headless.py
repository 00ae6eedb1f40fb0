"""Tagging, editing, deleting and undoing in a document holding 10,000 annotations, headless,
against the same keys in the seed article.

Run: python benchmarks/tag_headless.py [--profile]   (about a minute)

The app runs headless (``App.run_test``, 120x40, the rule-based recogniser) on the same two
documents as ``benchmarks/store_terminal.py``: the seed article with no annotations, and a claims
database of 10,000 one-sentence paragraphs, each already tagged as a claim. In each: ``)`` and
``s`` select the next sentence, then each figure is the time from the key to the screen drawn in
its new state (the key handled, then every changed row rendered by Textual's compositor):
``2`` tags the sentence as evidence, ``enter``'s dialog saved (an edit), ``x`` deletes, ``u``
undoes. Printed as medians and as the ratio of the big document to the seed, measured in the same
run. ``--profile`` adds a pyinstrument profile (``pip install pyinstrument``) of the tags in the
big document.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from store import seed_and_claims

from marginote.annotations.entities import RuleRecognizer

SEED = Path(__file__).resolve().parent.parent / "seeds" / "musk-peace-poll.txt"
RUNS = 9
KEYS = ("tag (2)", "edit (enter, saved)", "delete (x)", "undo (u)")


async def _wait(pilot: Any, condition: Callable[[], bool], timeout: float = 120.0) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the app did not get there in time")
        await pilot.pause(0.02)


async def key_times(folder: Path, profiler: Any = None) -> dict[str, list[float]]:
    from textual.widgets import DataTable, ProgressBar

    from marginote.tui.app import MarginoteApp
    from marginote.tui.screens.reader import ReaderScreen

    app = MarginoteApp([folder], recognizer_loader=lambda: (RuleRecognizer(), None))
    times: dict[str, list[float]] = {key: [] for key in KEYS}
    async with app.run_test(size=(120, 40)) as pilot:
        await _wait(pilot, lambda: bool(app.screen.query(DataTable)))
        await _wait(pilot, lambda: app.screen.query_one(DataTable).row_count > 0)
        await pilot.press("enter")
        await _wait(pilot, lambda: isinstance(app.screen, ReaderScreen))
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        await _wait(pilot, lambda: screen.query_one("#ner-progress", ProgressBar).has_class("done"))
        claims = screen.claims
        await _wait(pilot, lambda: bool(claims.total) and len(claims.scored) == claims.total)
        await pilot.pause(0.3)

        async def timed(name: str, act: Callable[[], Awaitable[None]]) -> None:
            if profiler is not None:
                profiler.start()
            start = time.perf_counter()
            await act()
            await pilot.pause()  # the screen drawn in its new state
            times[name].append(time.perf_counter() - start)
            if profiler is not None:
                profiler.stop()

        async def edit() -> None:
            target = screen._target()
            assert target is not None
            screen._edited(replace(target, note=f"{target.note}!"))

        for _ in range(RUNS):
            await pilot.press(")", "s")
            await pilot.pause()
            await timed("tag (2)", lambda: pilot.press("2"))
            await timed("edit (enter, saved)", edit)
            await timed("delete (x)", lambda: pilot.press("x"))
            await timed("undo (u)", lambda: pilot.press("u"))
            await pilot.pause(0.05)
    return times


def main() -> None:
    profiler = None
    if "--profile" in sys.argv:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0005, async_mode="disabled")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        os.environ["MARGINOTE_DATA_DIR"] = str(root / "data")
        os.environ["MARGINOTE_CACHE_DIR"] = str(root / "cache")
        seed, claims = seed_and_claims(root, SEED)
        small = asyncio.run(key_times(seed))
        big = asyncio.run(key_times(claims, profiler))
    print(f"headless 120x40, from the key to the screen drawn (ms, medians of {RUNS}):")
    print(f"  {'':22}{'seed':>8}{'10,000':>9}   ratio")
    for key in KEYS:
        s, b = statistics.median(small[key]) * 1000, statistics.median(big[key]) * 1000
        print(f"  {key:22}{s:8.1f}{b:9.1f}   {b / s:.2f}x")
    if profiler is not None:
        print(profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    main()
