"""Extracted text on disk, keyed by the source file's sha256 and the extractor's id.

Re-opening a PDF or an e-book reads this file instead of extracting again: the same bytes give
exactly the same text (so the same offsets), and a new extractor version or a changed file gives
a new key. A file is a magic line, one JSON line (the ``SourceInfo`` record, the text's length and
sha256, or the error the extraction gave) and the text as UTF-8. A damaged cache file is ignored
(the text is extracted again), never trusted.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from pathlib import Path
from typing import Any

from marginote.annotations.atomic import write_atomic
from marginote.annotations.formats.base import Extracted, ExtractionError, SourceInfo

MAGIC = b"marginote-extracted 1\n"


def cache_path(root: Path, source_sha256: str, extractor: str) -> Path:
    safe = re.sub(r"[^\w.+-]", "_", extractor)
    return root / "extracted" / source_sha256[:2] / f"{source_sha256}-{safe}.txt"


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def get(root: Path, source_sha256: str, extractor: str) -> Extracted | None:
    """The cached extraction (raises the cached ExtractionError), or None when not cached."""
    try:
        data = cache_path(root, source_sha256, extractor).read_bytes()
    except OSError:
        return None
    if not data.startswith(MAGIC):
        return None
    try:
        header_end = data.index(b"\n", len(MAGIC)) + 1
        header = json.loads(data[len(MAGIC) : header_end])
        if "error" in header:
            error = str(header["error"])
        else:
            text = data[header_end:].decode("utf-8", "surrogatepass")
            if len(text) != header["length"] or _sha(text) != header["sha256"]:
                return None
            return Extracted(text, SourceInfo.from_record(header["info"]))
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        return None
    raise ExtractionError(error)


def put(root: Path, source_sha256: str, extractor: str, found: Extracted | str) -> None:
    """Keep an extraction (or the reason it failed); a cache that cannot be written is skipped."""
    header: dict[str, Any]
    if isinstance(found, str):
        header = {"error": found}
        body = b""
    else:
        header = {
            "info": found.info.to_record(),
            "length": len(found.text),
            "sha256": _sha(found.text),
        }
        body = found.text.encode("utf-8", "surrogatepass")
    line = json.dumps(header, ensure_ascii=True).encode() + b"\n"
    with contextlib.suppress(OSError):
        write_atomic(cache_path(root, source_sha256, extractor), MAGIC + line + body)
