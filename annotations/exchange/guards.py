"""Guards on reading import files, which come from outside: a file too big, nested too deeply,
not UTF-8 or not in the shape its format expects gets one ``FormatError`` naming the line, in
bounded time and memory, before anything reaches the store (never a traceback).

``parse_json`` is how every reader parses JSON; ``guarded`` wraps each format's reader.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from marginote.annotations.exchange import FormatError, Incoming, Reader

#: The largest import file read (each file of a brat folder too): memory stays bounded.
MAX_BYTES = 64 * 1024 * 1024
#: The most JSON arrays and objects, and commas, in one import file: parsed JSON takes tens of
#: times the memory of its text, so these bound it (about 200,000 annotations of an export;
#: at most about 300 MB and a few seconds).
MAX_CONTAINERS = 1_000_000
MAX_COMMAS = 4_000_000
#: The deepest nesting of JSON arrays and objects accepted (real exports nest under ten).
MAX_DEPTH = 64
_SHAPE_ERRORS = (AttributeError, TypeError, KeyError, IndexError, ValueError)


class TooDeep(FormatError):
    """JSON nested deeper than ``MAX_DEPTH``."""


def check_size(path: Path) -> None:
    """Refuse, before a byte is read, a file (or a brat folder's file) over ``MAX_BYTES``."""
    files = [*path.glob("*.ann"), *path.glob("*.txt")] if path.is_dir() else [path]
    for file in files:
        size = file.stat().st_size
        if size > MAX_BYTES:
            where = f"{file.name}: " if file != path else ""
            raise FormatError(
                f"{where}too big to import ({size / 2**20:,.0f} MB; "
                f"the limit is {MAX_BYTES // 2**20} MB)"
            )
    if not path.is_dir() and path.suffix != ".ann":
        _check_values(path)


def _check_values(path: Path) -> None:
    """Refuse JSON with more arrays, objects or commas than parsing should hold in memory
    (counted over the bytes, quickly, before anything is parsed)."""
    containers = commas = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            containers += chunk.count(b"{") + chunk.count(b"[")
            commas += chunk.count(b",")
    if containers > MAX_CONTAINERS or commas > MAX_COMMAS:
        raise FormatError(
            f"too many values to import ({containers:,} arrays and objects, {commas:,} commas; "
            f"the limits are {MAX_CONTAINERS:,} and {MAX_COMMAS:,})"
        )


def _too_deep(value: Any) -> bool:
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item
        if isinstance(item, dict | list):
            if depth > MAX_DEPTH:
                return True
            stack.extend((child, depth + 1) for child in children)
    return False


def _deep_line(text: str) -> int:
    """The line (from 1) where ``text`` first nests deeper than ``MAX_DEPTH``; the scan stops
    there, so a file nested 100,000 levels deep is read only up to that point."""
    depth, line, in_string, escaped = 0, 1, False, False
    for char in text:
        if char == "\n":
            line += 1
        elif in_string:
            escaped, in_string = (False, True) if escaped else (char == "\\", char != '"')
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return line
        elif char in "]}":
            depth -= 1
    return line


def loads(text: str) -> Any:
    """``json.loads``, its nesting limited to ``MAX_DEPTH`` (``TooDeep`` otherwise; the line is
    the caller's to give)."""
    try:
        value = json.loads(text)
    except RecursionError:
        raise TooDeep(f"nested more than {MAX_DEPTH} levels deep") from None
    if _too_deep(value):
        raise TooDeep(f"nested more than {MAX_DEPTH} levels deep")
    return value


def parse_json(text: str, *, line: int = 1) -> Any:
    """``json.loads`` of ``text`` (which starts on ``line`` of its file), its nesting limited
    to ``MAX_DEPTH``; a ``FormatError`` naming the line otherwise."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise FormatError(f"line {line + error.lineno - 1}: not JSON ({error.msg})") from None
    except RecursionError:
        deep = True
    else:
        deep = _too_deep(value)
    if deep:
        where = line + _deep_line(text) - 1
        raise TooDeep(f"line {where}: nested more than {MAX_DEPTH} levels deep")
    return value


def undecodable_line(path: Path) -> str:
    """Where the first bytes that are not UTF-8 are: "line 3" (or "a.ann, line 3")."""
    files = sorted(path.glob("*.ann")) if path.is_dir() else [path]
    if path.is_dir() or path.suffix == ".ann":  # brat: each .ann, then the text beside it
        files = [f for ann in files for f in (ann, ann.with_suffix(".txt")) if f.exists()]
    for file in files:
        with file.open("rb") as handle:
            for number, raw in enumerate(handle, 1):
                try:
                    raw.decode("utf-8")
                except UnicodeDecodeError:
                    return f"{file.name + ', ' if file != path else ''}line {number}"
    return "a line"


def guarded(reader: Reader) -> Reader:
    """``reader`` with the guards: size checked first, and every way a file from outside can
    be wrong turned into one ``FormatError``."""

    @functools.wraps(reader)
    def read(path: Path) -> list[Incoming]:
        try:
            check_size(path)
            return reader(path)
        except FormatError:
            raise
        except UnicodeDecodeError:
            raise FormatError(f"{undecodable_line(path)}: not UTF-8 text") from None
        except RecursionError:
            raise FormatError(f"nested more than {MAX_DEPTH} levels deep") from None
        except MemoryError:
            raise FormatError("too big to import (out of memory)") from None
        except OSError as error:
            raise FormatError(f"cannot be read: {error.strerror or error}") from None
        except _SHAPE_ERRORS as error:
            detail = str(error)
            detail = detail[:120] + ("…" if len(detail) > 120 else "")
            raise FormatError(f"not the shape of this format ({detail})") from None

    return read
