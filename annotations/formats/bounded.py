"""Running an extractor in a child process with a time limit and a memory limit.

pypdf is pure Python and cannot be interrupted: a hostile PDF (an enormous page, a loop of
references) can take minutes or gigabytes. Its extraction runs in a child Python process
(``python -m marginote.annotations.formats.bounded MODULE TITLE``, the file's bytes on its
standard input, the result as JSON on its standard output), whose address space is capped
(``RLIMIT_AS``) and which is killed after the time limit. Starting it costs about 0.2 s, paid on
a file's first extraction only: the parent keeps the cache.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import resource
import subprocess
import sys
from typing import Any

from marginote.annotations.formats.base import Extracted, ExtractionError, SourceInfo

#: Seconds allowed per extraction: a base plus a share per MB of the file.
BASE_SECONDS = 30.0
SECONDS_PER_MB = 3.0
#: The child's address space (the interpreter and pypdf take about 100 MB of it).
MEMORY_BYTES = 2 * 1024**3


def time_limit(size: int) -> float:
    return BASE_SECONDS + SECONDS_PER_MB * size / 2**20


def _extract_here(module: str, data: bytes, fallback_title: str) -> dict[str, Any]:
    """What the child sends back: the text and its record, or the reason it failed."""
    try:
        found: Extracted = importlib.import_module(module).extract(data, fallback_title)
        return {"text": found.text, "info": found.info.to_record()}
    except ExtractionError as error:
        return {"error": error.reason}
    except MemoryError:
        return {"error": f"too large to read (over {MEMORY_BYTES >> 30} GB of memory)"}
    except RecursionError:
        return {"error": "too deeply nested to read"}
    except Exception as error:  # the library failed on a damaged file
        return {"error": f"damaged file ({type(error).__name__}: {str(error)[:100]})"}


def run(module: str, data: bytes, fallback_title: str, what: str) -> Extracted:
    """``module.extract(data, fallback_title)`` in a child process; ExtractionError when it
    fails, runs out of memory, dies or takes longer than ``time_limit``."""
    limit = time_limit(len(data))
    # -I: isolated (no current folder on the path, no PYTHON* variables): a file named pypdf.py
    # in the folder being read is never imported.
    command = [sys.executable, "-I", "-m", __name__, module, fallback_title]
    try:
        done = subprocess.run(command, input=data, capture_output=True, timeout=limit, check=False)
    except subprocess.TimeoutExpired:
        raise ExtractionError(
            f"refused: reading this {what} took over {limit:.0f} s", lasting=False
        ) from None
    except OSError as error:
        raise ExtractionError(
            f"the {what} reader could not start ({error})", lasting=False
        ) from None
    try:
        result = json.loads(done.stdout)
        if "error" in result:
            raise ExtractionError(str(result["error"]))
        return Extracted(str(result["text"]), SourceInfo.from_record(result["info"]))
    except (ValueError, KeyError, TypeError):
        raise ExtractionError(
            f"the {what} could not be read (its reader stopped)", lasting=False
        ) from None


def _main() -> None:
    module, fallback_title = sys.argv[1], sys.argv[2]
    with contextlib.suppress(ValueError, OSError):  # a lower hard limit is already in force
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    result = _extract_here(module, sys.stdin.buffer.read(), fallback_title)
    sys.stdout.write(json.dumps(result, ensure_ascii=True))


if __name__ == "__main__":
    _main()
