"""Where marginote's stylesheets are: the app's (the library, parsed for the first frame) and the
reader's (the reader, its dialogs and the help: each of those screens names it in ``CSS_PATH``,
and ``tui/warming.py`` parses it while the library is on screen, so that no screen waits for it)."""

from __future__ import annotations

from pathlib import Path

APP_CSS = Path(__file__).parent / "marginote.tcss"
READER_CSS = Path(__file__).parent / "reader.tcss"
