"""The reader made ready while the library is on screen, so that the first enter only builds it.

Opening the first document used to pay, after enter, for what only has to be done once: importing
the reader's modules (its widgets, services and dialogs, the store, the formats), a full garbage
collection over every object the imports made, and parsing the CSS of each widget class the first
time one is mounted (Textual parses a class's ``DEFAULT_CSS`` when its first instance is
registered, then rebuilds its rules) and the reader's own stylesheet (``tui/reader.tcss``).
``warm_reader`` does all that once the library's first screen is drawn, on the app's own thread,
in a few tens of milliseconds the user spends reading the list. An enter pressed meanwhile waits
only for the rest of it, which it would have done itself.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator
from types import ModuleType

from textual.app import App
from textual.widget import Widget

from marginote.tui.styles import READER_CSS

#: Seconds from the library's list to its describing thread (titles, words, counts): the first
#: frame is written to the terminal and the reader warmed meanwhile, and an enter pressed as the
#: list appears opens its document without that thread reading a file beside it (a 5 MB file
#: read then cost the first screen of text 25-30 ms).
DESCRIBE_AFTER = 0.25
#: The modules whose widget classes the reader's first screen mounts.
READER_MODULES = ("marginote.tui.screens.reader", "marginote.tui.screens.reader_frame")
WIDGET_PACKAGE = "marginote.tui.widgets."


def warm_reader(app: App[None]) -> None:
    """Import the reader, freeze what the import made, and parse its widgets' CSS."""
    import marginote.tui.screens.reader  # noqa: F401

    gc.freeze()  # the modules live as long as the app: no full collection needs to walk them
    # The reader's stylesheet, as Textual reads a screen's CSS_PATH (``Stylesheet.read`` keys it by
    # the absolute path, as the screens that name it look it up: they find it loaded and do not
    # parse every stylesheet again).
    if not app.stylesheet.has_source(os.path.abspath(READER_CSS)):
        app.stylesheet.read(READER_CSS)
    add_default_css(app, reader_widgets())


def reader_widgets() -> set[type[Widget]]:
    """The widget classes the reader's modules and its widget modules define or import."""
    modules = [sys.modules[name] for name in READER_MODULES if name in sys.modules]
    modules += [module for name, module in sys.modules.items() if name.startswith(WIDGET_PACKAGE)]
    return {cls for module in modules for cls in _widget_classes(module)}


def _widget_classes(module: ModuleType) -> Iterator[type[Widget]]:
    for value in vars(module).values():
        if isinstance(value, type) and issubclass(value, Widget):
            yield value


def add_default_css(app: App[None], classes: set[type[Widget]]) -> None:
    """Add each class's default CSS (with its bases') to the app's stylesheet and parse it now,
    as registering the class's first instance would (same sources: nothing is parsed twice)."""
    stylesheet = app.stylesheet
    for cls in classes:
        # The CSS sources are the class's, read from an instance: one that is never initialised.
        for read_from, css, tie_breaker, scope in cls.__new__(cls)._get_default_css():
            stylesheet.add_source(
                css, read_from=read_from, is_default_css=True, tie_breaker=tie_breaker, scope=scope
            )
    stylesheet.rules_map  # noqa: B018 - parses the new sources and builds the selector map
