"""The ``marginote`` command.

``marginote [PATH...]`` opens the library on files and folders; ``marginote NAME ...`` runs a
subcommand. Each subcommand is one module of this package (``show.py``, ``stats.py``,
``export.py``, ``import_.py``, ...) holding ``SUMMARY`` (one line for ``--help``) and
``run(argv) -> int`` (the exit status). A new subcommand is a new module: nothing to register.
A module's name is the subcommand's, less a trailing ``_`` (``import_`` is ``import``); modules
whose name starts with ``_`` and ``common`` are not subcommands. A subcommand's module is imported
only when it runs (or for ``--help``), and keeps its heavy imports inside ``run``.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import pkgutil
import sys
from pathlib import Path
from types import ModuleType

from marginote.tui.cli.common import default_paths, path_problem

__all__ = ["default_paths", "main", "path_problem", "subcommands"]

_NOT_COMMANDS = frozenset({"common"})


def subcommands() -> dict[str, str]:
    """Every subcommand's name and the module that runs it, in alphabetical order."""
    found = {
        info.name.rstrip("_"): f"{__name__}.{info.name}"
        for info in pkgutil.iter_modules(__path__)
        if not info.name.startswith("_") and info.name not in _NOT_COMMANDS
    }
    return dict(sorted(found.items()))


def _load(module: str) -> ModuleType:
    return importlib.import_module(module)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("marginote")
    except PackageNotFoundError:
        return "unknown"


def _commands_epilog() -> str:
    width = max(map(len, subcommands()), default=0)
    lines = [
        f"  {name:<{width}}  {getattr(_load(module), 'SUMMARY', '')}"
        for name, module in subcommands().items()
    ]
    return (
        "commands (marginote COMMAND --help for each):\n"
        + "\n".join(lines)
        + "\n\nAnnotations are kept in $MARGINOTE_DATA_DIR (or your user data folder)."
    )


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    wants_help = argv is not None and any(a in ("-h", "--help") for a in argv)
    parser = argparse.ArgumentParser(
        prog="marginote",
        usage="marginote [PATH ...] | marginote COMMAND [ARGS ...]",
        description="Read documents with their named entities highlighted, and tag claims.",
        epilog=_commands_epilog() if wants_help else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="files or folders to list (default: seeds/ or .); a file named like a command "
        "opens as ./NAME",
    )
    parser.add_argument(
        "--version", action=_VersionAction, nargs=0, help="show the version and exit"
    )
    return parser.parse_args(argv)


class _VersionAction(argparse.Action):
    """``--version``: the installed version, looked up only when asked (reading the package's
    metadata takes tens of milliseconds, which every start would otherwise pay)."""

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        print(f"marginote {_version()}")
        parser.exit()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and (module := subcommands().get(argv[0])) is not None:
        status: int = _load(module).run(argv[1:])
        return status
    args = parse_args(argv)
    paths: list[Path] = args.paths or default_paths()
    for path in paths:
        if problem := path_problem(path):
            from marginote.annotations.exchange import visible

            print(f"marginote: {visible(str(path))}: {problem}", file=sys.stderr)
            return 2
    # Textual is imported only once the arguments are good. No garbage collection until the
    # library's first frame is out (MarginoteApp._settle turns it back on): what is made until
    # then (modules, classes, the first screen) lives as long as the app, and collecting it
    # again and again as it grows took a tenth of the start.
    gc.disable()
    try:
        from marginote.tui.app import MarginoteApp

        MarginoteApp(paths).run()
    finally:
        gc.enable()
    return 0


if __name__ == "__main__":
    sys.exit(main())
