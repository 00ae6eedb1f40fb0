"""Tagging in a real terminal, in a document holding 10,000 annotations against the seed article.

Run: python benchmarks/store_terminal.py   (needs tmux; about a minute)

marginote runs in tmux at 120x40 (driven as ``benchmarks/terminal.py`` does, in a session of its
own). In each document: ``)`` and ``s`` select the next sentence, then the figure is the time from
sending ``2`` (tag as evidence) to the screen settled in its new state. The big document is a
claims database: 10,000 one-sentence paragraphs, each already tagged as a claim (imported from a
brat file, as ``marginote import`` does).
"""

from __future__ import annotations

import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import terminal
from marks import private_dirs
from store import seed_and_claims

terminal.SESSION = "store-bench"
SEED = Path(__file__).resolve().parent.parent / "seeds" / "musk-peace-poll.txt"
RUNS = 9


def tag_times(folder: Path, first_words: str) -> list[float]:
    session = terminal.SESSION
    terminal.tmux(
        "new-session",
        "-d",
        "-s",
        session,
        "-x",
        "120",
        "-y",
        "40",
        f"{terminal.MARGINOTE} {folder}",
    )
    try:
        terminal.wait_until(lambda now: ".txt" in now)
        time.sleep(1.5)
        terminal.tmux("send-keys", "-t", session, "Enter")
        terminal.wait_until(lambda now: first_words in now)
        time.sleep(0.5)
        terminal.settled("")  # entities stream in on a first open
        times = []
        for _ in range(RUNS):
            terminal.key_to_change(")")
            terminal.key_to_change("s")
            times.append(terminal.key_to_change("2"))
        return times
    finally:
        terminal.subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def main() -> None:
    if shutil.which("tmux") is None:
        sys.exit("tmux is not installed: this benchmark needs a terminal to drive.")
    with private_dirs() as root:
        seed, claims = seed_and_claims(root, SEED)
        small = tag_times(seed, SEED.read_text()[:20])
        big = tag_times(claims, (claims / "claims.txt").read_text()[:20])
    s, b = statistics.median(small) * 1000, statistics.median(big) * 1000
    print("tmux 120x40, from the tag key (2) sent to the screen settled (ms, medians):")
    print(f"  seed article, no annotations:        {s:7.1f}")
    print(f"  10,000 claims, each tagged already:  {b:7.1f}   ({b / s:.2f}x the seed)")


if __name__ == "__main__":
    main()
