"""Key to frame, headless: how long a key in an open document takes to reach the screen, 5 MB
beside 50 KB. Run: python benchmarks/keys_headless.py [--profile]   (about a minute)

The app runs headless at 120x40 (App.run_test) with the rule-based recogniser (so entities are
all found before the keys), then the claim assistant is still scoring a 5 MB document while the
keys are pressed, as it is when a user starts reading. For each key: from sending it to the
first frame the app composes after the view moved the caret (``App._display``), which includes
every handler the move sets off (status bar, side panel, claim assistant) and the rows drawn.
Medians; the ratio 5 MB / 50 KB is the figure to compare on a loaded machine. ``--profile``
prints cProfile's top functions over the 5 MB keys.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from corpus import generate
from marks import library_described, private_dirs, reading_marks

SIZES = {"50 KB": 50_000, "5 MB": 5_000_000}
KEYS = [*["pagedown"] * 20, *["pageup"] * 15, *["end", "home"] * 6, *["down"] * 10]


async def key_times(path: Path, profile: cProfile.Profile | None) -> dict[str, list[float]]:
    from textual.app import App

    from marginote.tui.app import MarginoteApp
    from marginote.tui.widgets.document_view import DocumentView

    moments: dict[str, float | None] = {"moved": None, "frame": None}
    real_display, real_move = App._display, DocumentView.move_to

    def display(self: App[Any], screen: Any, update: Any) -> None:
        if moments["moved"] is not None and moments["frame"] is None:
            moments["frame"] = time.perf_counter()
        real_display(self, screen, update)

    def move_to(self: DocumentView, offset: int, **options: bool) -> None:
        real_move(self, offset, **options)
        moments["moved"] = time.perf_counter()

    setattr(App, "_display", display)  # noqa: B010 (timed versions, put back below)
    setattr(DocumentView, "move_to", move_to)  # noqa: B010
    times: dict[str, list[float]] = {}
    try:
        with reading_marks() as marks:
            app = MarginoteApp([path])
            async with app.run_test(size=(120, 40)) as pilot:
                await library_described(pilot)
                await pilot.press("enter")
                while "entities" not in marks:
                    await pilot.pause(0.05)
                await pilot.pause(1.0)
                for key in KEYS:
                    await pilot.pause(0.05)
                    moments["moved"] = moments["frame"] = None
                    sent = time.perf_counter()
                    if profile is not None:
                        profile.enable()
                    await pilot.press(key)
                    while moments["frame"] is None:
                        await asyncio.sleep(0.001)
                    if profile is not None:
                        profile.disable()
                    frame = moments["frame"]
                    assert frame is not None
                    times.setdefault(key, []).append(frame - sent)
    finally:
        setattr(App, "_display", real_display)  # noqa: B010
        setattr(DocumentView, "move_to", real_move)  # noqa: B010
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", action="store_true", help="cProfile the 5 MB keys")
    profile = parser.parse_args().profile
    os.environ["MARGINOTE_RECOGNIZER"] = "rules"
    results: dict[str, dict[str, list[float]]] = {}
    profiler = cProfile.Profile() if profile else None
    with private_dirs() as root:
        for label, size in SIZES.items():
            path = root / label.replace(" ", "") / "doc.txt"
            path.parent.mkdir()
            path.write_text(generate(size))
            results[label] = asyncio.run(key_times(path, profiler if size > 50_000 else None))
    print("headless 120x40, key to frame, medians in ms (taken on a loaded, shared machine)")
    print(f"{'key':12} {'50 KB':>8} {'5 MB':>8} {'ratio':>6}")
    small, big = results["50 KB"], results["5 MB"]
    for key in big:
        s, b = statistics.median(small[key]), statistics.median(big[key])
        print(f"{key:12} {s * 1000:8.1f} {b * 1000:8.1f} {b / s:6.2f}")
    print("One frame at 60 Hz is 16.7 ms.")
    if profiler is not None:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)


if __name__ == "__main__":
    main()
