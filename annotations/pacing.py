"""Background work that gives way to the reader's keys.

Threads of the app's own process (claim scoring, finding the sentences on screen) run pure
Python: while one holds the interpreter, the event loop waits for it at every turn (up to
``sys.getswitchinterval()``, 5 ms, each time), and a key that takes a few turns is answered
several frames late. So the reader notes each move of the caret or the view (``USER.touch()``),
and such a thread, between two small steps (a paragraph or so), waits until the reader has been
still for ``QUIET`` seconds (``USER.wait_quiet()``). Keys held down pause the work; it resumes at
full speed as soon as they stop.
"""

from __future__ import annotations

import time
from collections.abc import Callable

#: Seconds without a key before background work resumes.
QUIET = 0.3
#: The longest a step waits, so work never stalls for good (a key repeated for minutes).
MAX_WAIT = 5.0


class Pacing:
    """When the user last acted, and a wait for a quiet moment."""

    def __init__(self, quiet: float = QUIET) -> None:
        self.quiet = quiet
        self._last = float("-inf")

    def touch(self) -> None:
        """The user acted (a key, a scroll): background work waits a moment."""
        self._last = time.monotonic()

    def busy(self) -> bool:
        return time.monotonic() - self._last < self.quiet

    def wait_quiet(
        self, cancelled: Callable[[], bool] = lambda: False, limit: float = MAX_WAIT
    ) -> None:
        """Return once the user has been still for ``quiet`` seconds, ``cancelled()`` says so,
        or after ``limit`` seconds."""
        deadline = time.monotonic() + limit
        while (left := self._last + self.quiet - time.monotonic()) > 0:
            if cancelled() or time.monotonic() > deadline:
                return
            time.sleep(min(left, 0.05))


#: The reader's pacing, shared by the view (which touches it) and the background threads.
USER = Pacing()
