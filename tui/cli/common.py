"""What every subcommand of ``marginote`` shares: the default paths, the checks of a path and
the error line."""

from __future__ import annotations

import os
import sys
from pathlib import Path


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


def fail(command: str, message: str, status: int = 1) -> int:
    """Print ``marginote COMMAND: MESSAGE`` on standard error, the message's control characters
    made visible (it holds file names and file content); return ``status``."""
    from marginote.annotations.exchange import visible

    print(f"marginote {command}: {visible(message)}", file=sys.stderr)
    return status
