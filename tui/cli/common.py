"""What every subcommand of ``marginote`` shares: the default paths and the checks of a path."""

from __future__ import annotations

import os
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
