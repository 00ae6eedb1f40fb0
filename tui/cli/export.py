"""``marginote export``: the annotations of documents, folders or the library, written in the
format of another tool. No Textual here: this runs as a plain command."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from marginote.annotations.exchange import WriteOptions, describe_export, formats, visible
from marginote.annotations.paths import cache_dir, data_dir
from marginote.tui.cli.common import default_paths, emit, fail

SUMMARY = "write annotations to a file in another tool's format (jsonl, w3c, brat, spacy, ...)"


def _parser() -> argparse.ArgumentParser:
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
        "-o", "--output", type=Path, help="file (a folder for brat); default or -: standard output"
    )
    parser.add_argument(
        "-l", "--label", action="append", default=[], help="only this label (repeatable)"
    )
    parser.add_argument(
        "--paths",
        dest="paths_as",
        choices=["relative", "absolute", "none"],
        default="relative",
        help="how document paths are written: relative to the folder given (default), "
        "absolute (with your home folder in them), or left out",
    )
    parser.add_argument(
        "--raw",
        action="store_true",
        help="csv: cells exactly as in the text, for pandas and scripts (the default prefixes "
        "cells starting with = + - @ tab or CR with ' so spreadsheets do not run them)",
    )
    parser.add_argument(
        "--split",
        metavar="NAME=SHARE,...",
        help="write one file per part, documents shared out at random: "
        "train=0.8,dev=0.1,test=0.1 writes OUTPUT-train, OUTPUT-dev, OUTPUT-test",
    )
    parser.add_argument("--seed", type=int, default=0, help="the shuffle of --split (default 0)")
    parser.add_argument("--done", action="store_true", help="only documents whose status is done")
    parser.add_argument(
        "--recognise",
        action="store_true",
        help="recognise the entities of documents never opened (else spacy, conll and "
        "label-studio exports have none for them, and say so)",
    )
    parser.add_argument(
        "--negatives",
        action="store_true",
        help="also documents marked done with no annotation (examples with nothing to tag)",
    )
    return parser


def run(argv: list[str]) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.output == Path("-"):  # the usual name of standard output
        args.output = None
    from marginote.annotations.exchange.gather import gather
    from marginote.annotations.exchange.splitting import SplitError, parse_split, split_items
    from marginote.annotations.labels import load_settings, report_problems
    from marginote.annotations.store import AnnotationStore, StoreError

    fmt = formats()[args.format]
    if args.output is None and not fmt.suffix:
        parser.error(f"{fmt.name} writes a folder: give one with --output")
    if args.output is None and fmt.name == "spacy":
        parser.error("spacy writes a binary file: give one with --output")
    paths = args.paths or default_paths()
    folders = [p if p.is_dir() else p.parent for p in paths]
    settings = load_settings(folders)
    report_problems([*settings.label_problems, *settings.verdict_problems])
    known = [label.name for label in settings.labels.labels]
    unknown = [label for label in args.label if label not in known and label != "entity"]
    if unknown:
        parser.error(f"unknown label {visible(unknown[0])!r}: the labels are {', '.join(known)}")
    try:
        parts = parse_split(args.split) if args.split else None
    except SplitError as error:
        parser.error(str(error))
    if parts and args.output is None:
        parser.error("--split writes one file per part: give --output")
    try:
        store = AnnotationStore(data_dir())
        items, skipped = gather(
            paths,
            store,
            cache_dir(),
            args.label,
            with_orphans=fmt.name == "jsonl",
            paths_as=args.paths_as,
            done_only=args.done,
            negatives=args.negatives,
        )
    except StoreError as error:
        return fail("export", str(error))
    for problem in skipped:
        fail("export", f"skipped {problem}")
    if args.recognise:
        from marginote.annotations.entities import cached_entities
        from marginote.tui.cli.show import document_entities

        for item in items:
            if not item.recognizer:
                found, described = document_entities(item.document, True)
                item.entities = list(found)
                # named as the cache names it, so that a second export says the same
                cached = cached_entities(cache_dir(), item.document.sha256)
                item.recognizer = cached[1] if cached else described
    options = WriteOptions(raw=args.raw)
    out = args.output
    if out is None:
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            written = fmt.write(items, Path(tmp) / f"export{fmt.suffix}", options)
            with written[0].open(  # as written: exact to a pipe, safe on a terminal
                encoding="utf-8-sig", newline="", errors="surrogateescape"
            ) as handle:
                emit(handle.read())
        return 0
    batches = split_items(items, parts, args.seed, out) if parts else [(out, items)]
    for target, batch in batches:
        try:
            written = fmt.write(batch, target, options)
        except OSError as error:
            return fail("export", f"cannot write {target}: {error.strerror or error}")
        print(
            f"{describe_export(batch)} written to {visible(str(target))} ({fmt.description}).",
            file=sys.stderr,
        )
        for note in options.notes:
            print(f"  {visible(note)}", file=sys.stderr)
        options.notes.clear()
    return 0
