"""``marginote sync [URL]``: push this folder's annotation changes to a shared PostgreSQL
server and pull everyone else's (``[sync] url`` in the config when no URL is given)."""

from __future__ import annotations

import argparse
import sys

SUMMARY = "share annotations through a PostgreSQL server: push yours, pull the others'"

EPILOG = """The URL is postgresql://USER@HOST/DATABASE (add ?sslmode=require or verify-full for a
server across a network). Keep the password out of it: libpq reads $PGPASSWORD and ~/.pgpass
(chmod 600). Without URL: $MARGINOTE_SYNC_URL, else [sync] url in the config file."""


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="marginote sync",
        description="Sync annotations with a shared PostgreSQL server.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("url", nargs="?", help="postgresql://USER@HOST/DATABASE (default: config)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    args = parser.parse_args(argv)
    from marginote.annotations.paths import data_dir
    from marginote.annotations.store import AnnotationStore
    from marginote.annotations.sync.engine import SyncError, sync
    from marginote.annotations.sync.shown import shown
    from marginote.annotations.sync.url import SyncSetupError, find_address, password_of

    try:
        address = find_address(args.url)
    except SyncSetupError as error:
        print(f"marginote sync: {error}", file=sys.stderr)
        return 2
    if address is None:
        print(
            "marginote sync: no server: give postgresql://USER@HOST/DATABASE, or set "
            "[sync] url in the config file",
            file=sys.stderr,
        )
        return 2
    if args.url and password_of(args.url):
        print(
            "marginote sync: warning: a password on the command line can be seen by others "
            "(process list, shell history); prefer ~/.pgpass or $PGPASSWORD",
            file=sys.stderr,
        )
    try:
        report = sync(AnnotationStore(data_dir()), address)
    except SyncError as error:
        print(f"marginote sync: {error}", file=sys.stderr)
        return 1
    for problem in report.rejected:
        print(f"marginote sync: skipped a bad server record: {shown(problem)}", file=sys.stderr)
    if not args.quiet:
        print(f"synced with {address.shown}: {report.summary()}")
        for copy in report.conflicts:
            print(
                f"  conflict: {shown(copy.quote, 50)!r}: {shown(copy.author, 30)}'s version "
                "kept beside yours (filter: conflict)"
            )
    return 0
