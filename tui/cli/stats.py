"""``marginote stats [PATH]``: the library's counts of annotations per label and of claims per
verdict, printed for scripts and pipes (``--json`` for machines)."""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from marginote.annotations.documents import DocumentError, load_document
from marginote.annotations.exchange import plural
from marginote.annotations.library import SameTexts, find_documents
from marginote.annotations.paths import data_dir
from marginote.annotations.store import AnnotationStore, StoreError
from marginote.tui.cli.common import default_paths, emit

SUMMARY = "count annotations per label and claims per verdict (--json for machines)"


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="marginote stats", description="Count annotations per label and per verdict."
    )
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="default: seeds/ or .")
    parser.add_argument("--json", action="store_true", help="print JSON for machines")
    args = parser.parse_args(argv)
    store = AnnotationStore(data_dir())
    by_label: Counter[str] = Counter()
    by_verdict: Counter[str] = Counter()
    documents = annotated = 0
    texts = SameTexts()  # the store keeps one text's annotations once, whatever its file names
    for path in find_documents(args.paths or default_paths()):
        try:
            document = load_document(path)
            if not texts.first_time(document.sha256, path):
                continue
            annotations = [
                a for a in store.annotations(document.sha256) if not a.is_entity_correction
            ]
        except (DocumentError, StoreError):
            continue
        documents += 1
        annotated += bool(annotations)
        by_label.update(a.label for a in annotations)
        by_verdict.update(a.verdict or "(none)" for a in annotations if a.label == "claim")
    if args.json:
        totals = {"documents": documents, "annotated": annotated}
        tallies = {"labels": by_label, "claim_verdicts": by_verdict}
        copies = {str(copy): str(first) for copy, first in texts.copies}
        emit(json.dumps({**totals, **tallies, "same_text_as": copies}) + "\n")
        return 0
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from marginote.tui.widgets.layout import visible

    console = Console(highlight=False)
    console.print(f"{plural(documents, 'document')}, {annotated} with annotations")
    for note in texts.notes():
        console.print(Text(visible(note)), soft_wrap=True)  # names are data, not markup
    for title, counts in (("label", by_label), ("claim verdict", by_verdict)):
        table = Table(title=None)
        table.add_column(title)
        table.add_column("count", justify="right")
        for name, count in counts.most_common():
            table.add_row(Text(visible(name)), f"{count:,}")  # a label is data, not markup
        console.print(table)
    return 0
