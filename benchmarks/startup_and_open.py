"""Start-up and open times, headless. Run: python benchmarks/startup_and_open.py [DOCUMENT]

Prints, as medians over several runs:
- start-up: from launching a process to the library's first frame (its files listed by name:
  Textual's Ready), beside a bare Textual app that draws one label (the floor any Textual app
  pays), and their ratio; then to the library's files described (titles, words, counts: the
  library starts that a quarter of a second after its list, once the reader is warmed);
- open: from pressing enter in the library to the document's text being drawn, and to every
  entity being shown (spaCy, first open and cached re-open).
Timings vary with the machine; the ratios are the figures to compare.

Both apps run headless at 120x40, the size of the terminal figures, so the comparison is fair.
(Without a size, marginote's library once never settled its first layout: Textual starts a
headless app with two sizes, 80x25 and 80x24, and the library's resize handler kept the two
resize events from replacing each other. Fixed in LibraryScreen.on_resize, which now acts on a
change of width only; tests/tui/test_headless_default_size.py keeps it so.)
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 7
STARTS = 15

sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))

from marks import library_described, reading_marks  # noqa: E402

BARE = """
from textual.app import App
from textual.widgets import Label
class Bare(App):
    def compose(self):
        yield Label("hello")
    def on_mount(self):
        self.call_after_refresh(self.exit)
Bare().run(headless=True, size=(120, 40))
"""

MARGINOTE = """
import sys
from pathlib import Path
from marginote.tui.app import MarginoteApp
class Timed(MarginoteApp):
    def on_ready(self):
        self.exit()  # the first frame is out: the library lists its files
Timed([Path(sys.argv[1])]).run(headless=True, size=(120, 40))
"""

DESCRIBED = """
import sys
from pathlib import Path
from marginote.tui.app import MarginoteApp
class Timed(MarginoteApp):
    def on_mount(self):
        self.set_interval(0.002, self._check)
    def _check(self):
        tables = self.screen.query("DataTable")
        if tables and tables.first().row_count and "…" not in str(tables.first().get_row_at(0)[1]):
            self.call_after_refresh(self.exit)
Timed([Path(sys.argv[1])]).run(headless=True, size=(120, 40))
"""


def time_process(code: str, *args: str) -> float:
    # Bytecode caches allowed, as on a user's machine (some environments switch them off, and
    # then every start compiles marginote's modules while Textual's come precompiled).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", code, *args], check=True, cwd=ROOT, capture_output=True, env=env
    )
    return time.perf_counter() - start


async def time_open(document: Path) -> tuple[float, float]:
    """(enter to first text row drawn, enter to the last entity batch shown), in seconds.

    Measured from the library's open action to the view's first ``render_line`` and to the
    reader's last entity batch, not around ``pilot.press`` (which also waits for the app to idle).
    """
    from marginote.tui.app import MarginoteApp

    with reading_marks() as marks:
        app = MarginoteApp([document])
        async with app.run_test(size=(120, 40)) as pilot:
            await library_described(pilot)
            await pilot.press("enter")
            while "entities" not in marks:
                await pilot.pause(0.01)
    return marks["drawn"] - marks["enter"], marks["entities"] - marks["enter"]


def main() -> None:
    document = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "seeds" / "musk-peace-poll.txt"
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["MARGINOTE_DATA_DIR"] = str(Path(tmp) / "data")
        os.environ["MARGINOTE_CACHE_DIR"] = str(Path(tmp) / "cache")
        time_process(BARE)  # warm the file and bytecode caches
        time_process(MARGINOTE, str(document))
        # In pairs, one right after the other, so a busy moment of the machine hits both.
        pairs = [
            (time_process(BARE), time_process(MARGINOTE, str(document))) for _ in range(STARTS)
        ]
        bare = statistics.median(b for b, _ in pairs)
        ours = statistics.median(o for _, o in pairs)
        ratio = statistics.median(o / b for b, o in pairs)
        print(f"document: {document} ({document.stat().st_size:,} bytes)")
        print(
            f"start-up to library drawn: {ours * 1000:7.0f} ms   "
            f"bare Textual label: {bare * 1000:7.0f} ms   ratio {ratio:.2f}x "
            f"(median of {STARTS} paired starts)"
        )
        described = statistics.median(
            time_process(DESCRIBED, str(document)) for _ in range(RUNS)
        )
        print(f"start-up to files described: {described * 1000:5.0f} ms")
        first = asyncio.run(time_open(document))  # entities recognised, then cached
        again = [asyncio.run(time_open(document)) for _ in range(RUNS)]
        print(
            f"enter to text drawn:       {statistics.median(d for d, _ in again) * 1000:7.1f} ms"
            f" (first open: {first[0] * 1000:.1f} ms)"
        )
        print(
            f"enter to all entities:     {first[1] * 1000:7.0f} ms first open (spaCy loads),"
            f" {statistics.median(e for _, e in again) * 1000:.0f} ms re-open (cached)"
        )


if __name__ == "__main__":
    main()
