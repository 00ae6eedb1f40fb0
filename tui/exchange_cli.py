"""``marginote export`` and ``marginote import``: annotations out to, and in from, the formats of
other tools. No Textual here: these run as plain commands."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from marginote.annotations.exchange import FormatError, describe_export, formats
from marginote.annotations.paths import cache_dir, data_dir


def export_main(argv: list[str]) -> int:
    known = formats()
    parser = argparse.ArgumentParser(
        prog="marginote export",
        description="Write the annotations of documents, folders or the whole library to a file.",
        epilog="Formats: " + "; ".join(f"{f.name}: {f.description}" for f in known.values()),
    )
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="documents or folders (default: seeds/ or .)",
    )
    parser.add_argument("-f", "--format", choices=list(known), default="jsonl")
    parser.add_argument(
        "-o", "--output", type=Path, help="file (a folder for brat); default: standard output"
    )
    parser.add_argument(
        "-l", "--label", action="append", default=[], help="only this label (repeatable)"
    )
    args = parser.parse_args(argv)
    from marginote.annotations.exchange.gather import gather
    from marginote.annotations.store import AnnotationStore, StoreError
    from marginote.tui.cli import default_paths

    fmt = known[args.format]
    if args.output is None and not fmt.suffix:
        parser.error(f"{fmt.name} writes a folder: give one with --output")
    try:
        store = AnnotationStore(data_dir())
        items, skipped = gather(
            args.paths or default_paths(),
            store,
            cache_dir(),
            args.label,
            with_orphans=fmt.name == "jsonl",
        )
    except StoreError as error:
        print(f"marginote export: {error}", file=sys.stderr)
        return 1
    for problem in skipped:
        print(f"marginote export: skipped {problem}", file=sys.stderr)
    out = args.output
    if out is None:
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            written = fmt.write(items, Path(tmp) / f"export{fmt.suffix}")
            sys.stdout.write(written[0].read_text(encoding="utf-8-sig"))
    else:
        try:
            written = fmt.write(items, out)
        except OSError as error:
            print(
                f"marginote export: cannot write {out}: {error.strerror or error}", file=sys.stderr
            )
            return 1
        print(f"{describe_export(items)} written to {out} ({fmt.description}).", file=sys.stderr)
    return 0


def import_main(argv: list[str]) -> int:
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
    from marginote.tui.cli import default_paths

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
