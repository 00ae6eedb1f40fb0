"""What every subcommand of ``marginote`` shares: the default paths, the checks of a path and
the error line."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from marginote.annotations.sanitise import sanitise_lines


def default_paths() -> list[Path]:
    """``seeds/`` when the current folder has one (the project's sample documents), else ``.``."""
    seeds = Path("seeds")
    return [seeds] if seeds.is_dir() else [Path(".")]


def path_problem(path: Path) -> str | None:
    """Why ``path`` cannot be listed, in a few words, or None."""
    try:
        if not path.exists():
            return "no such file or folder"
        if path.is_dir():
            return None if os.access(path, os.R_OK | os.X_OK) else "cannot read this folder"
        if not path.is_file():
            return "not a regular file or folder (a device, pipe or socket)"
    except OSError as error:
        return error.strerror or str(error)
    return None


def say(message: object, *, err: bool = False) -> None:
    """Print a message for a person (on standard error when ``err``): the paths, titles, labels
    and strings from files in it shown with control characters as visible placeholders."""
    print(sanitise_lines(message), file=sys.stderr if err else sys.stdout)


def emit(data: str) -> None:
    """Write data for machines (JSON, CSV) to standard output: exact when it goes to a pipe or
    a file (a name that is not UTF-8 as its own bytes); on a terminal, control characters are
    shown as placeholders instead of acting."""
    if sys.stdout.isatty():
        sys.stdout.write(sanitise_lines(data))
        return
    sys.stdout.flush()
    sys.stdout.buffer.write(data.encode("utf-8", "surrogateescape"))
    sys.stdout.buffer.flush()


def fail(command: str, message: str, status: int = 1) -> int:
    """Print ``marginote COMMAND: MESSAGE`` on standard error, the message's control characters
    made visible (it holds file names and file content); return ``status``."""
    say(f"marginote {command}: {message}", err=True)
    return status
