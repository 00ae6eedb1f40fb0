"""Running an extractor in a child process with a time limit and a memory limit.

pypdf is pure Python and cannot be interrupted: a hostile PDF (an enormous page, a loop of
references) can take minutes or gigabytes, and so can a pathological web page, Markdown file or
Word table in the other libraries. Their extraction runs in a child Python process
(``python -m marginote.annotations.formats.bounded MODULE TITLE``, the file's bytes on its
standard input, JSON lines on its standard output), whose address space is capped
(``RLIMIT_AS``) and which is killed after the time limit. Starting it costs about 0.2 s, paid on
a file's first extraction only: the parent keeps the cache.

Streaming (``--pages``): the child sends each page's raw text as a line as soon as it is read,
before the final result, so a reader can show the first pages of a long PDF while the rest is
read. The parent waits on the pipe in short steps, so the caller can cancel (the child is
killed) and the time limit holds even while the child is silent.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import resource
import select
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

from marginote.annotations.formats.base import (
    Extracted,
    ExtractionError,
    SourceInfo,
    Streaming,
)

#: Seconds allowed per extraction: a base plus a share per MB of the file.
BASE_SECONDS = 30.0
SECONDS_PER_MB = 3.0
#: The child's address space (the interpreter and pypdf take about 100 MB of it).
MEMORY_BYTES = 2 * 1024**3
#: How often the parent looks at the cancel flag and the clock while the child is silent.
POLL_SECONDS = 0.05
PAGES_FLAG = "--pages"
#: The reason of the ExtractionError raised when the caller cancels.
CANCELLED = "cancelled"


def time_limit(size: int) -> float:
    return BASE_SECONDS + SECONDS_PER_MB * size / 2**20


def _extract_here(
    module: str, data: bytes, fallback_title: str, on_page: Callable[[int, int, str], None] | None
) -> dict[str, Any]:
    """What the child sends back last: the text and its record, or the reason it failed."""
    try:
        extractor = importlib.import_module(module)
        found: Extracted = (
            extractor.extract(data, fallback_title, on_page=on_page)
            if on_page is not None
            else extractor.extract(data, fallback_title)
        )
        return {"text": found.text, "info": found.info.to_record()}
    except ExtractionError as error:
        return {"error": error.reason}
    except MemoryError:
        return {"error": f"too large to read (over {MEMORY_BYTES >> 30} GB of memory)"}
    except RecursionError:
        return {"error": "too deeply nested to read"}
    except Exception as error:  # the library failed on a damaged file
        return {"error": f"damaged file ({type(error).__name__}: {str(error)[:100]})"}


def run(
    module: str,
    data: bytes,
    fallback_title: str,
    what: str,
    streaming: Streaming | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Extracted:
    """``module.extract(data, fallback_title)`` in a child process; ExtractionError when it
    fails, runs out of memory, dies, takes longer than ``time_limit`` or is cancelled
    (``streaming.cancelled`` or ``cancelled``; the reason is then ``CANCELLED``).
    ``streaming``: the pages are handed to ``streaming.on_page`` as the child reads them."""
    limit = time_limit(len(data))
    # -I: isolated (no current folder on the path, no PYTHON* variables): a file named pypdf.py
    # in the folder being read is never imported.
    command = [sys.executable, "-I", "-m", __name__, module, fallback_title]
    if streaming is not None:
        command.append(PAGES_FLAG)
    try:
        child = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
    except OSError as error:
        raise ExtractionError(
            f"the {what} reader could not start ({error})", lasting=False
        ) from None
    try:
        stop = _stop_when(streaming, cancelled)
        result = _talk(child, data, time.monotonic() + limit, streaming, stop)
    except TimeoutError:
        raise ExtractionError(
            f"refused: reading this {what} took over {limit:.0f} s", lasting=False
        ) from None
    finally:
        if child.poll() is None:
            child.kill()
        child.wait()
        for pipe in (child.stdin, child.stdout):
            if pipe is not None:
                pipe.close()
    try:
        if result is None:
            raise ValueError("no result")
        if "error" in result:
            raise ExtractionError(str(result["error"]))
        return Extracted(str(result["text"]), SourceInfo.from_record(result["info"]))
    except (ValueError, KeyError, TypeError):
        raise ExtractionError(
            f"the {what} could not be read (its reader stopped)", lasting=False
        ) from None


def _stop_when(
    streaming: Streaming | None, cancelled: Callable[[], bool] | None
) -> Callable[[], bool]:
    checks = [c for c in (streaming.cancelled if streaming else None, cancelled) if c is not None]
    return lambda: any(check() for check in checks)


def _talk(
    child: subprocess.Popen[bytes],
    data: bytes,
    deadline: float,
    streaming: Streaming | None,
    stop: Callable[[], bool],
) -> dict[str, Any] | None:
    """Send the bytes, then read the child's lines until it ends: pages go to ``streaming``,
    the last line is the result (None when the child died without one)."""
    assert child.stdin is not None and child.stdout is not None
    with contextlib.suppress(BrokenPipeError):  # the child died at once: no result below
        child.stdin.write(data)  # the child reads all of it before it writes a byte
    with contextlib.suppress(BrokenPipeError):
        child.stdin.close()
    result: dict[str, Any] | None = None
    for line in _lines(child.stdout.fileno(), deadline, stop):
        try:
            message = json.loads(line)
        except ValueError:
            return None
        if not isinstance(message, dict):
            return None
        if "page" in message and streaming is not None:
            if stop():  # pages already in the pipe are dropped too
                raise ExtractionError(CANCELLED, lasting=False)
            streaming.on_page(int(message["page"]), int(message["of"]), str(message["text"]))
        else:
            result = message
    return result


def _lines(fd: int, deadline: float, stop: Callable[[], bool]) -> Iterator[bytes]:
    """The lines the child writes on ``fd`` until it closes it; TimeoutError past
    ``deadline``, ExtractionError when ``stop()`` says so."""
    parts: list[bytes] = []  # of the line not yet ended (the result may be megabytes)
    while True:
        if stop():
            raise ExtractionError(CANCELLED, lasting=False)
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError
        ready, _, _ = select.select([fd], [], [], min(POLL_SECONDS, left))
        if not ready:
            continue
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            if parts:
                yield b"".join(parts)
            return
        if b"\n" not in chunk:
            parts.append(chunk)
            continue
        *complete, rest = b"".join([*parts, chunk]).split(b"\n")
        parts = [rest] if rest else []
        yield from (line for line in complete if line)


def _main() -> None:
    module, fallback_title = sys.argv[1], sys.argv[2]
    pages = PAGES_FLAG in sys.argv[3:]
    with contextlib.suppress(ValueError, OSError):  # a lower hard limit is already in force
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    out = sys.stdout

    def on_page(number: int, count: int, text: str) -> None:
        out.write(json.dumps({"page": number, "of": count, "text": text}, ensure_ascii=True))
        out.write("\n")
        out.flush()

    data = sys.stdin.buffer.read()
    result = _extract_here(module, data, fallback_title, on_page if pages else None)
    out.write(json.dumps(result, ensure_ascii=True))
    out.write("\n")


if __name__ == "__main__":
    _main()
