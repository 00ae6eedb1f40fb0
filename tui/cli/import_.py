"""``marginote import``: annotations from another tool's file (or a marginote export) merged into
the store, placed on the matching documents of the library.

Exit status: 0 when everything in the file was imported (or turned down in its source tool),
1 when anything was left out or in conflict (each named on standard error, file:line and why),
2 for a usage error. With ``--strict`` nothing is written unless everything can be."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from marginote.annotations.exchange import FormatError, formats, visible
from marginote.annotations.paths import data_dir
from marginote.tui.cli.common import default_paths, fail

SUMMARY = "merge annotations from another tool's file (or a marginote export) into the store"


def _parser(readable: list[str]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="marginote import",
        description="Read annotations from another tool's file (or a marginote export) into "
        "the store, placing them on the matching documents of the library. Work the tool "
        "turned down (Prodigy reject/ignore, Label Studio cancelled) is counted, not imported.",
        epilog="Exit status: 0 all imported, 1 something left out or in conflict (listed).",
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
    parser.add_argument(
        "--mode",
        choices=["merge", "replace"],
        default="merge",
        help="merge: add what is new, report conflicts, remove nothing (default); replace: the "
        "file is the truth for the documents it covers (updates and removals, one undo step "
        "per document)",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="say what would change, write nothing"
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="write nothing unless every record and span of the file can be imported",
    )
    return parser


def run(argv: list[str]) -> int:
    known = formats()
    readable = [name for name, f in known.items() if f.read is not None]
    args = _parser(readable).parse_args(argv)
    from marginote.annotations.exchange import detect_format
    from marginote.annotations.exchange.merge import LibraryIndex, merge
    from marginote.annotations.labels import load_settings, report_problems
    from marginote.annotations.store import AnnotationStore, StoreError

    if not args.file.exists():
        return fail("import", f"{args.file}: no such file or folder", 2)
    library = args.library or default_paths()
    settings = load_settings(p for p in library if p.is_dir())
    report_problems([*settings.label_problems, *settings.verdict_problems])
    try:
        name = args.format or detect_format(args.file)
        fmt = known[name]
        assert fmt.read is not None
        incomings = fmt.read(args.file)
        report = merge(
            AnnotationStore(data_dir()),
            incomings,
            LibraryIndex(library),
            by_id=fmt.by_id,
            carries=fmt.carries,
            lossless=fmt.lossless,
            mode=args.mode,
            dry_run=args.dry_run,
            strict=args.strict,
            labels=settings.labels,
        )
    except FormatError as error:
        return fail("import", f"{args.file}: {error}")
    except StoreError as error:
        return fail("import", str(error))
    print(f"{visible(str(args.file))} ({fmt.description}): {report.summary()}")
    for conflict in report.conflicts:
        print(f"  conflict: {visible(conflict)}", file=sys.stderr)
    for problem in report.left_out:
        print(f"  left out: {visible(problem)}", file=sys.stderr)
    if report.unknown_labels:
        known_names = ", ".join(label.name for label in settings.labels.labels)
        for label, count in sorted(report.unknown_labels.items()):
            print(
                f"  warning: label {visible(label)!r} ({count} annotations) is not in the label "
                f"scheme (known: {known_names})",
                file=sys.stderr,
            )
    if not report.written and not args.dry_run:
        print(
            "  nothing written (--strict): fix what is left out, or drop --strict", file=sys.stderr
        )
    return 0 if report.complete else 1
