"""Tagging and opening in a real terminal: a document holding 10,000 annotations against the seed
article.

Run: python benchmarks/store_terminal.py [--runs N]   (needs tmux; two or three minutes)

marginote runs in tmux at 120x40 (driven as ``benchmarks/terminal.py`` does, in a session of its
own, with the rule-based recogniser so that entity recognition is over before the keys are timed).
The big document is a claims database: 10,000 one-sentence paragraphs, each already tagged as a
claim (imported from a brat file, as ``marginote import`` does); the same text without its
annotations (one character more, so another document) tells what the annotations cost on
opening. Figures, medians of N runs:

- open: from ``enter`` in the library to the document's first words on screen (the first open
  reads the files; later ones, after escape, find them read);
- tag: with the sentence at the caret selected (``s``), from sending ``2`` (tag as evidence) to
  the screen showing the new annotation: the side panel's count one higher and the "Tagged as"
  toast, both drawn. ``u`` then undoes it (timed too, to the count back and the "Undid" toast),
  so every run starts from the same state; between runs the toasts are left to time out;
- the annotations panel (10,000 document): ``a`` puts the focus in it, then ``end`` and ``home``
  jump to its last and first annotation (to the quote of the last or first claim on screen).

Each figure includes tmux and the polling (a capture takes a few milliseconds). On a shared
machine compare the ratios, taken in the same run, not the milliseconds.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import terminal
from marks import private_dirs
from store import CLAIM, seed_and_claims

terminal.SESSION = f"store-bench-{os.getpid()}"
SEED = Path(__file__).resolve().parent.parent / "seeds" / "musk-peace-poll.txt"
CLAIMS = 10_000
#: The tag key may be within this many times the seed's.
TARGET = 1.5
TOASTS = ("Tagged as", "Undid the")


def count_shown(count: int) -> re.Pattern[str]:
    """The side panel's heading with ``count`` annotations (``none yet`` for none)."""
    return re.compile(rf"Annotations  {count}\b" if count else r"Annotations  none yet")


def until(pattern: re.Pattern[str], toast: str, start: float) -> float:
    """Seconds from ``start`` until the screen shows both ``pattern`` and ``toast``."""
    try:
        terminal.wait_until(lambda now: bool(pattern.search(now)) and toast in now, timeout=30)
    except TimeoutError:
        shown = terminal.screen()
        raise TimeoutError(f"no {pattern.pattern!r} and {toast!r} on:\n{shown}") from None
    return time.perf_counter() - start


def send(key: str) -> float:
    start = time.perf_counter()
    terminal.tmux("send-keys", "-t", terminal.SESSION, key)
    return start


def session(folder: Path, first_words: str, count: int, runs: int) -> dict[str, list[float]]:
    """Open the document ``runs`` times (``first_words``: longer than the library's titles show),
    then tag and undo ``runs`` times in it (and in the big one, move about its annotations
    panel)."""
    times: dict[str, list[float]] = {"open": [], "tag": [], "undo": []}
    env = {  # given on the command line: tmux starts it with the tmux server's environment
        "MARGINOTE_DATA_DIR": os.environ["MARGINOTE_DATA_DIR"],
        "MARGINOTE_CACHE_DIR": os.environ["MARGINOTE_CACHE_DIR"],
        "MARGINOTE_CONFIG": "/nonexistent/marginote.toml",
        "MARGINOTE_RECOGNIZER": "rules",
    }
    terminal.start(f"{terminal.MARGINOTE} {folder}", env)
    try:
        terminal.wait_until(lambda now: ".txt" in now)
        time.sleep(1.0)
        for i in range(runs):
            start = send("Enter")
            terminal.wait_until(lambda now: first_words in now)
            times["open"].append(time.perf_counter() - start)
            terminal.settled("", quiet=1.0, timeout=120)  # entities, claim scores: all in
            if i < runs - 1:  # back to the library, to open it again
                terminal.tmux("send-keys", "-t", terminal.SESSION, "Escape")
                terminal.wait_until(lambda now: first_words not in now)
                time.sleep(0.5)
        for _ in range(runs):
            terminal.wait_until(lambda now: not any(t in now for t in TOASTS), timeout=30)
            terminal.tmux("send-keys", "-t", terminal.SESSION, "s")
            terminal.wait_until(lambda now: "characters selected" in now)
            time.sleep(0.2)
            times["tag"].append(until(count_shown(count + 1), TOASTS[0], send("2")))
            time.sleep(0.2)
            times["undo"].append(until(count_shown(count), TOASTS[1], send("u")))
            time.sleep(0.2)
        if count:
            times.update(panel_times(count, runs))
        return times
    finally:
        terminal.stop()


def panel_times(count: int, runs: int) -> dict[str, list[float]]:
    """``a`` (focus in the panel), then ``end`` and ``home`` in it."""
    last, first = CLAIM.format(n=count - 1)[:30], CLAIM.format(n=0)[:30]
    times: dict[str, list[float]] = {"panel a": [], "panel end": [], "panel home": []}
    for _ in range(runs):
        start = send("a")
        terminal.wait_until(lambda now: "Esc Back to text" in now or "esc Back to text" in now)
        times["panel a"].append(time.perf_counter() - start)
        start = send("End")
        terminal.wait_until(lambda now: last in now)
        times["panel end"].append(time.perf_counter() - start)
        start = send("Home")
        terminal.wait_until(lambda now: last not in now and first in now)
        times["panel home"].append(time.perf_counter() - start)
        terminal.tmux("send-keys", "-t", terminal.SESSION, "Escape")
        time.sleep(0.3)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="repeats of each figure (median)")
    runs = parser.parse_args().runs
    if shutil.which("tmux") is None:
        sys.exit("tmux is not installed: this benchmark needs a terminal to drive.")
    with private_dirs() as root:
        seed, claims = seed_and_claims(root, SEED, CLAIMS)
        plain = root / "plain"
        plain.mkdir()
        (plain / "claims.txt").write_text((claims / "claims.txt").read_text() + "\n")
        small = session(seed, SEED.read_text()[:40], 0, runs)
        bare = session(plain, CLAIM.format(n=0)[:40], 0, runs)
        big = session(claims, CLAIM.format(n=0)[:40], CLAIMS, runs)
    ms = {
        name: {key: statistics.median(found) * 1000 for key, found in times.items()}
        for name, times in (("seed", small), ("bare", bare), ("big", big))
    }
    print(f"tmux 120x40, medians of {runs} runs, ms (taken on a loaded, shared machine)")
    print(f"  {'':24}{'seed':>8}{'claims text,':>15}{'10,000 claims':>15}")
    print(f"  {'':24}{'':>8}{'no annotation':>15}{'annotated':>15}")
    for key in ("open", "tag", "undo"):
        print(f"  {key:24}{ms['seed'][key]:8.1f}{ms['bare'][key]:15.1f}{ms['big'][key]:15.1f}")
    for key in ("panel a", "panel end", "panel home"):
        print(f"  {key:24}{'':8}{'':15}{ms['big'][key]:15.1f}")
    opening = ms["big"]["open"] / ms["bare"]["open"]
    print(f"open, 10,000 annotations against the same text without: {opening:.2f}x")
    for key in ("tag", "undo"):
        ratio = ms["big"][key] / ms["seed"][key]
        verdict = "PASS" if ratio <= TARGET else "over"
        print(
            f"{key} key, 10,000 annotations against the seed: {ratio:.2f}x ({verdict}: {TARGET}x)"
        )


if __name__ == "__main__":
    main()
