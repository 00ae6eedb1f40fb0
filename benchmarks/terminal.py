"""marginote's speed in a real terminal, beside a bare Textual app doing the least the same job
needs. marginote runs in tmux, keys are sent with ``tmux send-keys`` and the screen is read back
with ``tmux capture-pane`` until it shows the result.

Run: python benchmarks/terminal.py [--runs N] [--only startup|enter|keys]   (needs tmux; minutes)

Figures (medians, milliseconds, 120x40):
- start-up: from launching the process to the library on screen; bare: an app drawing one label;
- enter: from ``enter`` in the library to the first words of the document on screen, pressed the
  instant the library appears, and again seconds later (entity recognition starting or running);
  bare: an app that reads the file on ``enter`` and shows its first screen;
- page-down, end/home at 5 MB and a resize, with the 50 KB figures beside them; bare: page-down
  in a Textual ``Static`` scroller over the 50 KB text's first screens.
Each figure includes tmux and the polling (a capture takes a few milliseconds): an upper bound on
what a user waits. A key's figure watches the text area only: the status bar's recognition
progress changes on its own while entities stream in. On a shared machine compare the ratios,
not the milliseconds.

Both apps run with Python's bytecode caches allowed (as after ``pip install``, which compiles
them), even where the environment sets PYTHONDONTWRITEBYTECODE, and each is started once before
the figures are taken, so that no figure includes compiling marginote's modules.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import generate

#: Named for this run, so benchmarks run by several people on one machine never collide.
SESSION = f"{os.environ.get('BENCH_SESSION', 'marginote')}-bench-{os.getpid()}"
MARGINOTE = Path(sys.executable).with_name("marginote")
SIZES = {"50 KB": 50_000, "5 MB": 5_000_000}

#: A bare Textual app: one label (start-up), or, on enter, the first screen of a file.
BARE = """
import sys
from pathlib import Path
from textual.app import App
from textual.containers import VerticalScroll
from textual.widgets import Label, Static
class Bare(App):
    BINDINGS = [("enter", "open", "Open")]
    def compose(self):
        yield Label("bare library")
        yield VerticalScroll(id="text")
    def action_open(self):
        text = Path(sys.argv[1]).read_text(encoding="utf-8") if len(sys.argv) > 1 else ""
        self.query_one("#text").mount(Static(text[:60_000], markup=False))
        self.query_one("#text").focus()
Bare().run()
"""


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], check=True, capture_output=True, text=True).stdout


def screen() -> str:
    return tmux("capture-pane", "-p", "-t", SESSION)


def wait_until(condition: Callable[[str], bool], timeout: float = 60.0) -> float:
    start = time.perf_counter()
    while not condition(screen()):
        if time.perf_counter() - start > timeout:
            raise TimeoutError("the terminal did not show what was expected")
        time.sleep(0.002)
    return time.perf_counter() - start


def text_area(shown: str) -> str:
    """The screen without its last two rows, the status bar and the footer: while entities
    stream in, the recognition's progress changes there several times a second, whatever the
    keys do, and would be counted as the key's answer."""
    return "\n".join(shown.splitlines()[:-2])


def settled(
    before: str, quiet: float = 0.08, timeout: float = 5.0, part: Callable[[str], str] = str
) -> float:
    """Seconds until the screen (``part`` of it) last changed from ``before``, once it has been
    still for ``quiet`` seconds (a key's result may be drawn in more than one update)."""
    start = time.perf_counter()
    last_change, shown = None, part(before)
    while time.perf_counter() - start < timeout:
        now = part(screen())
        moment = time.perf_counter()
        if now != shown:
            last_change, shown = moment, now
        elif last_change is not None and moment - last_change > quiet:
            return last_change - start
        time.sleep(0.002)
    raise TimeoutError(f"the screen did not change, or did not settle:\n{shown}")


def key_to_change(key: str) -> float:
    """From ``key`` sent to the text area settled (the status bar and footer left out)."""
    before = screen()
    tmux("send-keys", "-t", SESSION, key)
    return settled(before, part=text_area)


def start(command: str, env: dict[str, str]) -> float:
    """Launch ``command`` in a fresh 120x40 session; returns the moment it was launched."""
    exports = " ".join(f"{k}={v}" for k, v in env.items())
    launched = time.perf_counter()
    command = f"env -u PYTHONDONTWRITEBYTECODE {exports} {command}"  # caches, as installed
    tmux("new-session", "-d", "-s", SESSION, "-x", "120", "-y", "40", command)
    return launched


def stop() -> None:
    subprocess.run(["tmux", "kill-session", "-t", SESSION], capture_output=True)
    time.sleep(0.3)


def fresh_env(root: Path, run: str) -> dict[str, str]:
    """Data and cache folders of their own: every open is a first open (nothing cached)."""
    run = "".join(c for c in run if c.isalnum())
    return {
        "MARGINOTE_DATA_DIR": str(root / run / "data"),
        "MARGINOTE_CACHE_DIR": str(root / run / "cache"),
        "MARGINOTE_CONFIG": str(root / "none.toml"),
    }


def startup(command: str, shown: str, env: dict[str, str]) -> float:
    launched = start(command, env)
    try:
        wait_until(lambda now: shown in now)
        return time.perf_counter() - launched
    finally:
        stop()


def open_time(
    command: str, listed: str, first_words: str, env: dict[str, str], wait: float
) -> float:
    """From enter (``wait`` seconds after the library appears) to the text on screen."""
    start(command, env)
    try:
        wait_until(lambda now: listed in now)
        time.sleep(wait)
        tmux("send-keys", "-t", SESSION, "Enter")
        return wait_until(lambda now: first_words in now)
    finally:
        stop()


def keys(folder: Path, first_words: str, env: dict[str, str], runs: int) -> dict[str, float]:
    """Page-down/up, end/home and resize times in an open document (medians)."""
    start(f"{MARGINOTE} {folder}", env)
    try:
        wait_until(lambda now: "doc.txt" in now)
        time.sleep(1.0)
        tmux("send-keys", "-t", SESSION, "Enter")
        wait_until(lambda now: first_words in now)
        time.sleep(0.5)
        settled("", part=text_area)  # entities stream in on a first open: wait for the text
        result: dict[str, float] = {}
        # In pairs, so that each key has something to do (end twice would change nothing).
        for there, back in (
            (("page-down", "NPage"), ("page-up", "PPage")),
            (("end", "End"), ("home", "Home")),
        ):
            times: dict[str, list[float]] = {there[0]: [], back[0]: []}
            for _ in range(runs):
                for name, key in (there, back):
                    times[name].append(key_to_change(key))
            result.update({name: statistics.median(values) for name, values in times.items()})
        resizes = []
        for width in [100, 120] * ((runs + 1) // 2):
            before = screen()
            tmux("resize-window", "-t", SESSION, "-x", str(width), "-y", "40")
            resizes.append(settled(before))
        result["resize"] = statistics.median(resizes)
        return result
    finally:
        stop()


def bare_page_down(bare: str, path: Path, runs: int) -> float:
    start(f"{bare} {path}", {})
    try:
        wait_until(lambda now: "bare library" in now)
        tmux("send-keys", "-t", SESSION, "Enter")
        time.sleep(1.0)
        times = []
        for _ in range(runs):
            times.append(key_to_change("NPage"))
            times.append(key_to_change("PPage"))
        return statistics.median(times)
    finally:
        stop()


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="repeats of each figure (median)")
    parser.add_argument(
        "--only",
        choices=["startup", "enter", "keys"],
        help="one group of figures: start-up, enter to text, or keys in an open document",
    )
    arguments = parser.parse_args()
    runs, only = arguments.runs, arguments.only
    if shutil.which("tmux") is None:
        sys.exit("tmux is not installed: this benchmark needs a terminal to drive.")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        bare_script = root / "bare.py"
        bare_script.write_text(BARE)
        bare = f"{sys.executable} {bare_script}"
        folders: dict[str, tuple[Path, str]] = {}
        for label, size in SIZES.items():
            folder = root / label.replace(" ", "")
            folder.mkdir()
            text = generate(size)
            (folder / "doc.txt").write_text(text)
            folders[label] = (folder, text[:30])

        print(f"tmux 120x40, medians of {runs} runs, ms (taken on a loaded, shared machine)")
        # Once each, unmeasured: bytecode caches written, files in the page cache.
        startup(f"{MARGINOTE} {folders['50 KB'][0]}", "doc.txt", fresh_env(root, "warm"))
        startup(bare, "bare library", {})
        if only != "keys":
            start_and_open(bare, folders, root, runs, only)
        if only not in (None, "keys"):
            return
        bare_page = bare_page_down(bare, folders["50 KB"][0] / "doc.txt", runs)
        small = keys(folders["50 KB"][0], folders["50 KB"][1], fresh_env(root, "k50"), runs)
        big = keys(folders["5 MB"][0], folders["5 MB"][1], fresh_env(root, "k5"), runs)
        print(f"{'key (open document)':34} {'50 KB':>9} {'5 MB':>8} {'ratio':>6} {'bare':>6}")
        for key in big:
            bare_figure = f"{bare_page * 1000:6.1f}" if key == "page-down" else f"{'':6}"
            ratio = big[key] / small[key]
            print(f"{key:34} {ms(small[key])} {ms(big[key])} {ratio:6.2f} {bare_figure}")
        print("One frame at 60 Hz is 16.7 ms; ratio: 5 MB against 50 KB in the same run.")
    os.environ.pop("MARGINOTE_DATA_DIR", None)


def start_and_open(
    bare: str, folders: dict[str, tuple[Path, str]], root: Path, runs: int, only: str | None
) -> None:
    """Print the start-up and enter-to-text figures beside the bare app's."""
    print(f"{'figure':34} {'marginote':>9} {'bare':>8} {'ratio':>6}")
    ours, theirs = [], []
    for i in range(runs if only != "enter" else 0):  # alternated: both see the same load
        ours.append(
            startup(f"{MARGINOTE} {folders['50 KB'][0]}", "doc.txt", fresh_env(root, f"s{i}"))
        )
        theirs.append(startup(bare, "bare library", {}))
    if ours:
        s, b = statistics.median(ours), statistics.median(theirs)
        print(f"{'start-up to the library':34} {ms(s)} {ms(b)} {s / b:6.2f}")
    if only == "startup":
        return
    whens = (("at once", 0.0), ("3 s later", 3.0))
    for label, (folder, first) in folders.items():
        path = folder / "doc.txt"
        bare_times: list[float] = []
        times: dict[str, list[float]] = {when: [] for when, _ in whens}
        for i in range(runs):  # interleaved: the machine's speed drifts by a third over minutes
            bare_times.append(open_time(f"{bare} {path}", "bare library", first, {}, 0.0))
            for when, wait in whens:
                env = fresh_env(root, f"o{label}{when}{i}")
                times[when].append(open_time(f"{MARGINOTE} {folder}", "doc.txt", first, env, wait))
        bare_open = statistics.median(bare_times)
        for when, _ in whens:
            o = statistics.median(times[when])
            name = f"enter to text, {label}, {when}"
            print(f"{name:34} {ms(o)} {ms(bare_open)} {o / bare_open:6.2f}")


if __name__ == "__main__":
    main()
