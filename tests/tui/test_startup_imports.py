"""Starting marginote imports what the library's first screen needs, not the heavy libraries
nor the modules loaded after the first frame (the reader, the palette's commands): each of those
made the start slower by milliseconds to tens of milliseconds."""

from __future__ import annotations

import subprocess
import sys

#: Never imported by starting the app: loaded in worker processes, or when a feature is used.
HEAVY = ("spacy", "sklearn", "trafilatura", "pypdf", "psycopg", "pysbd", "importlib.metadata")
#: Imported once the library is drawn (tui/warming.py) or when the palette first opens.
AFTER_FIRST_FRAME = (
    "marginote.tui.screens.reader",
    "marginote.tui.commands",
    "marginote.tui.agreement_view",
    "marginote.tui.conflicts",
    "marginote.annotations.editing",
    # Made on first use, after the first frame: the store (and TinyDB), the reading of files
    # (formats, documents), the entity recognition (multiprocessing) and the live view (sync).
    "marginote.annotations.store",
    "tinydb",
    "marginote.annotations.documents",
    "marginote.annotations.formats",
    "marginote.annotations.recognition",
    "marginote.annotations.entities",
    "multiprocessing",
    "marginote.tui.live_view",
)


def test_making_the_app_leaves_heavy_and_later_modules_unimported() -> None:
    code = (
        "import sys\n"
        "import marginote.tui.cli\n"
        "from pathlib import Path\n"
        "from marginote.tui.app import MarginoteApp\n"
        "MarginoteApp([Path('.')])\n"
        f"print(' '.join(m for m in {HEAVY + AFTER_FIRST_FRAME!r} if m in sys.modules))\n"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert found == []
