"""The app run headless without a size (``MarginoteApp(...).run(headless=True)``, as a script or a
benchmark does) settles its first layout and describes the library, as it does in a terminal.

Without a terminal and without COLUMNS/LINES, Textual starts such an app with two sizes (80x25
from Rich's console, 80x24 from the headless driver). The library once posted a callback on every
resize of its screen, which kept the two resize events from replacing each other: the screen laid
itself out for ever at 100% CPU and the library's rows were never described.

The app runs in a child process (no terminal, no COLUMNS/LINES) with a timeout, so a regression
fails the test instead of hanging the suite.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, library_with_seed

#: Seconds the child may take (start-up is well under one; a loaded machine is slower).
TIMEOUT = 60
#: Resizes of the library screen allowed before the rows are described (a settled start takes 4).
MAX_RESIZES = 20

CHILD = """
import sys
from pathlib import Path
from textual import events
from marginote.tui.app import MarginoteApp
from marginote.tui.screens.library import LibraryScreen

resizes = 0

class CountingLibrary(LibraryScreen):
    def on_resize(self, event: events.Resize) -> None:
        global resizes
        resizes += 1
        if resizes > %(max_resizes)d:
            print("resized", resizes, "times without settling", flush=True)
            self.app.exit()

class Headless(MarginoteApp):
    def get_default_screen(self):
        return CountingLibrary(self.paths)

    def on_mount(self) -> None:
        self.set_interval(0.01, self._check)

    def _check(self) -> None:
        table = self.screen.query("DataTable")
        if table and table.first().row_count:
            words = str(table.first().get_row_at(0)[1])
            if words != "…":
                print("described", words, "size", self.size.width, flush=True)
                self.exit()

Headless([Path(sys.argv[1])]).run(headless=True)
"""


def test_headless_run_without_size_describes_the_library(tmp_path: Path) -> None:
    library = library_with_seed(tmp_path)
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    result = subprocess.run(
        [sys.executable, "-c", CHILD % {"max_resizes": MAX_RESIZES}, str(library)],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "described" in result.stdout, result.stdout
    assert "size 80" in result.stdout  # Textual's headless default width
