"""The big-document figures in a real terminal: marginote runs in tmux, keys are sent with
``tmux send-keys`` and the screen is read back with ``tmux capture-pane`` until it changes.

Run: python benchmarks/terminal.py   (needs tmux; about a minute)

Each figure is the time from sending a key to the terminal showing its result, so it includes
tmux and the polling (a capture takes a few milliseconds): an upper bound on what a user waits.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import generate

SESSION = "marginote-bench"
MARGINOTE = Path(sys.executable).with_name("marginote")
SIZES = {"50 KB": 50_000, "5 MB": 5_000_000}
RUNS = 7


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], check=True, capture_output=True, text=True).stdout


def screen() -> str:
    return tmux("capture-pane", "-p", "-t", SESSION)


def wait_until(condition, timeout: float = 30.0) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    while not condition(screen()):
        if time.perf_counter() - start > timeout:
            raise TimeoutError("the terminal did not show what was expected")
        time.sleep(0.002)
    return time.perf_counter() - start


def settled(before: str, quiet: float = 0.08, timeout: float = 5.0) -> float:
    """Seconds until the screen last changed from ``before``, once it has been still for
    ``quiet`` seconds (a key's result may be drawn in more than one update)."""
    start = time.perf_counter()
    last_change, shown = None, before
    while time.perf_counter() - start < timeout:
        now = screen()
        moment = time.perf_counter()
        if now != shown:
            last_change, shown = moment, now
        elif last_change is not None and moment - last_change > quiet:
            return last_change - start
        time.sleep(0.002)
    raise TimeoutError(f"the screen did not change, or did not settle:\n{shown}")


def key_to_change(key: str) -> float:
    before = screen()
    tmux("send-keys", "-t", SESSION, key)
    return settled(before)


def measure(folder: Path, first_words: str) -> dict[str, float]:
    tmux("new-session", "-d", "-s", SESSION, "-x", "120", "-y", "40", f"{MARGINOTE} {folder}")
    try:
        wait_until(lambda now: "doc.txt" in now or "Words" in now)
        time.sleep(1.5)  # the library is shown; the recognition workers have started
        tmux("send-keys", "-t", SESSION, "Enter")
        result = {"open": wait_until(lambda now: first_words in now)}
        time.sleep(0.5)
        settled("")  # entities stream in on a first open: wait until the screen is still
        # In pairs, so that each key has something to do (end twice would change nothing).
        for there, back in (
            (("pagedown", "NPage"), ("pageup", "PPage")),
            (("end", "End"), ("home", "Home")),
        ):
            times: dict[str, list[float]] = {there[0]: [], back[0]: []}
            for _ in range(RUNS):
                for name, key in (there, back):
                    times[name].append(key_to_change(key))
            result.update({name: statistics.median(values) for name, values in times.items()})
        widths = [100, 120] * ((RUNS + 1) // 2)
        resizes = []
        for width in widths:
            before = screen()
            tmux("resize-window", "-t", SESSION, "-x", str(width), "-y", "40")
            resizes.append(settled(before))
        result["resize"] = statistics.median(resizes)
        return result
    finally:
        subprocess.run(["tmux", "kill-session", "-t", SESSION], capture_output=True)


def main() -> None:
    if shutil.which("tmux") is None:
        sys.exit("tmux is not installed: this benchmark needs a terminal to drive.")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        os.environ["MARGINOTE_DATA_DIR"] = str(root / "data")
        os.environ["MARGINOTE_CACHE_DIR"] = str(root / "cache")
        results = {}
        for label, size in SIZES.items():
            folder = root / label.replace(" ", "")
            folder.mkdir()
            text = generate(size)
            (folder / "doc.txt").write_text(text)
            results[label] = measure(folder, text[:30])
        small, big = results["50 KB"], results["5 MB"]
        print(
            "tmux 120x40, from a key sent to the screen settled in its new state "
            "(ms, medians; the 5 MB text's entities are still streaming in):"
        )
        print(f"{'figure':14} {'50 KB':>8} {'5 MB':>8} {'ratio':>7}")
        for key in big:
            s, b = small[key] * 1000, big[key] * 1000
            print(f"{key:14} {s:8.1f} {b:8.1f} {b / s if s else 0:7.2f}")


if __name__ == "__main__":
    main()
