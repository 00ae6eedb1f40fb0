"""``marginote agreement [PATH] [--json]``: how far each pair of authors agree over the
documents both annotated (span F1, Cohen's kappa on sentence labels, Krippendorff's alpha on
verdicts)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from marginote.tui.cli.common import default_paths

SUMMARY = (
    "inter-annotator agreement per pair of authors: span F1, Cohen's kappa, Krippendorff's alpha"
)


def _figure(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="marginote agreement",
        description="Agreement of each pair of authors over the documents both annotated.",
    )
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="default: seeds/ or .")
    parser.add_argument("--json", action="store_true", help="print JSON for machines")
    args = parser.parse_args(argv)
    from marginote.annotations.labels import load_verdicts
    from marginote.annotations.paths import data_dir
    from marginote.annotations.store import AnnotationStore
    from marginote.annotations.sync.agreement import agreement, collect
    from marginote.annotations.sync.shown import shown

    paths = args.paths or default_paths()
    scale, _ = load_verdicts([p for p in paths if p.is_dir()])
    documents, skipped = collect(paths, AnnotationStore(data_dir()))
    for problem in skipped:
        print(f"marginote agreement: skipped {shown(problem, 200)}", file=sys.stderr)
    pairs = agreement(documents, scale.rated)
    if args.json:
        print(json.dumps({"scale": scale.rated, "pairs": [p.to_json() for p in pairs]}))
        return 0
    if not pairs:
        print("no two authors annotated the same document")
        return 0
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(
        "authors", "docs", "spans", "F1 exact", "F1 overlap", "kappa (sent.)", "alpha (verdicts)"
    )
    for p in pairs:
        table.add_row(
            Text(f"{shown(p.a, 30)} / {shown(p.b, 30)}"),  # names are data, never markup
            str(p.documents),
            f"{p.spans_a} / {p.spans_b}",
            _figure(p.f1_exact),
            _figure(p.f1_overlap),
            f"{_figure(p.kappa)} ({p.sentences})",
            f"{_figure(p.alpha)} ({p.rated_units})",
        )
    Console(highlight=False).print(table)
    return 0
