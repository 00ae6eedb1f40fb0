"""``marginote import``: annotations from another tool's file (or a marginote export) merged into
the store, placed on the matching documents of the library."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from marginote.annotations.exchange import FormatError, formats
from marginote.annotations.paths import data_dir
from marginote.tui.cli.common import default_paths

SUMMARY = "merge annotations from another tool's file (or a marginote export) into the store"


def run(argv: list[str]) -> int:
    known = formats()
    readable = [name for name, f in known.items() if f.read is not None]
    parser = argparse.ArgumentParser(
        prog="marginote import",
        description="Read annotations from another tool's file (or a marginote export) into "
        "the store, placing them on the matching documents of the library.",
    )
    parser.add_argument("file", type=Path, help="the file (a folder or .ann for brat)")
    parser.add_argument("-f", "--format", choices=readable, help="default: guessed from the file")
    parser.add_argument(
        "--library",
        type=Path,
        action="append",
        default=[],
        help="folders or files to match against (default: seeds/ or .)",
    )
    args = parser.parse_args(argv)
    from marginote.annotations.exchange import detect_format
    from marginote.annotations.exchange.merge import LibraryIndex, merge
    from marginote.annotations.store import AnnotationStore, StoreError

    if not args.file.exists():
        print(f"marginote import: {args.file}: no such file or folder", file=sys.stderr)
        return 2
    try:
        name = args.format or detect_format(args.file)
        reader = known[name].read
        assert reader is not None
        incomings = reader(args.file)
        report = merge(
            AnnotationStore(data_dir()),
            incomings,
            LibraryIndex(args.library or default_paths()),
            by_id=name in ("jsonl", "w3c"),
        )
    except FormatError as error:
        print(f"marginote import: {args.file}: {error}", file=sys.stderr)
        return 1
    except StoreError as error:
        print(f"marginote import: {error}", file=sys.stderr)
        return 1
    print(f"{args.file} ({known[name].description}): {report.summary()}")
    for conflict in report.conflicts:
        print(f"  conflict: {conflict}")
    for unmatched in report.unmatched:
        print(f"  not in the library: {unmatched}")
    return 0
