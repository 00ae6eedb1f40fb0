"""One extraction of the same file at a time, in this process.

The library extracts every file while it lists it; a user who opens a long PDF meanwhile starts a
second extraction of the same bytes, for a preview that streams the pages. Two children reading
one PDF share the machine's cores (on 2 cores, the preview's first screen came 0.4 s later and
its whole text 2 s later). So a caller that finds an extraction of the same bytes under way
waits for it and reads its result from the cache, and a caller that wants the pages streamed
takes over from one that does not: that one is told to stop (``yielded``) and waits in turn.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

Key = tuple[str, str]  # the file's sha256, the extractor's id


@dataclass(eq=False)
class Flight:
    """One extraction under way."""

    streaming: bool
    done: threading.Event = field(default_factory=threading.Event)
    #: A streaming caller took over: this extraction should stop, and its caller wait.
    yielded: bool = False


_lock = threading.Lock()
_flights: dict[Key, Flight] = {}


def board(key: Key, streaming: bool) -> tuple[Flight, bool]:
    """(the flight, whether it is the caller's to run). Not the caller's: another extraction
    of ``key`` is under way; wait for ``flight.done``, then read the cache. A streaming caller
    always runs its own, and one that does not stream, under way, yields to it."""
    with _lock:
        other = _flights.get(key)
        if other is not None and not streaming:
            return other, False
        if other is not None and not other.streaming:
            other.yielded = True
        mine = Flight(streaming)
        _flights[key] = mine
        return mine, True


def land(key: Key, flight: Flight) -> None:
    """The flight ended (done, failed or stopped): those waiting for it look at the cache."""
    with _lock:
        if _flights.get(key) is flight:
            del _flights[key]
    flight.done.set()
