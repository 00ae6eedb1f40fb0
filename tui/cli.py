"""The `marginote` command: `marginote [PATH...]` opens the library on files and folders."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def default_paths() -> list[Path]:
    """``seeds/`` when the current folder has one (the project's sample documents), else ``.``."""
    seeds = Path("seeds")
    return [seeds] if seeds.is_dir() else [Path(".")]


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("marginote")
    except PackageNotFoundError:
        return "unknown"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="marginote",
        description="Read documents with their named entities highlighted, and tag claims.",
        epilog="Annotations are kept in $MARGINOTE_DATA_DIR (or your user data folder).",
    )
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="files or folders to list (default: seeds/ or .)",
    )
    parser.add_argument("--version", action="version", version=f"marginote {_version()}")
    return parser.parse_args(argv)


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


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in ("export", "import"):  # a file of that name opens as ./export
        from marginote.tui.exchange_cli import export_main, import_main

        return (export_main if argv[0] == "export" else import_main)(argv[1:])
    if argv and argv[0] in ("show", "stats"):
        from marginote.tui.report_cli import show_main, stats_main

        return (show_main if argv[0] == "show" else stats_main)(argv[1:])
    args = parse_args(argv)
    paths: list[Path] = args.paths or default_paths()
    for path in paths:
        if problem := path_problem(path):
            print(f"marginote: {path}: {problem}", file=sys.stderr)
            return 2
    from marginote.tui.app import (
        MarginoteApp,  # Textual is imported only once the arguments are good
    )

    MarginoteApp(paths).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
