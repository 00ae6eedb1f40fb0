"""``marginote export``: the annotations of documents, folders or the library, written in the
format of another tool. No Textual here: this runs as a plain command."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from marginote.annotations.exchange import describe_export, formats
from marginote.annotations.paths import cache_dir, data_dir
from marginote.tui.cli.common import default_paths

SUMMARY = "write annotations to a file in another tool's format (jsonl, w3c, brat, csv, ...)"


def run(argv: list[str]) -> int:
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
