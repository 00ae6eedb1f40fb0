"""``marginote claims``: check-worthy sentences, learning the desk's judgement, claims seen before.

- ``claims suggest DOC [--json]``: every sentence with its start, end, text and score;
- ``claims learn FILE...``: learn from CSV/TSV (``text`` and 0/1 ``label``) or marginote exports;
- ``claims forget``: back to the transparent scorer;
- ``claims similar "TEXT" [--json]``: the claims tagged in the library most like TEXT.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from marginote.tui.cli.common import default_paths, fail

SUMMARY = "check-worthy sentences (suggest), learn, forget, and claims seen before (similar)"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="marginote claims",
        description="The claim assistant: check-worthiness scores that learn from your claims, "
        "and the claims already tagged in your library.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    suggest = commands.add_parser(
        "suggest", help="score every sentence of a document (most check-worthy: highest)"
    )
    suggest.add_argument("document", type=Path)
    suggest.add_argument("--json", action="store_true", help="a JSON list, in text order")
    learn = commands.add_parser(
        "learn",
        help="learn from labelled sentences: CSV/TSV with text and label (0/1) columns "
        "(CLEF CheckThat! format), or a marginote export (.jsonl)",
    )
    learn.add_argument("files", type=Path, nargs="+", metavar="FILE")
    commands.add_parser("forget", help="forget what was learnt: back to the transparent scorer")
    similar = commands.add_parser("similar", help="the claims tagged before most like TEXT")
    similar.add_argument("text", metavar="TEXT")
    similar.add_argument("--limit", type=int, default=5, help="how many (default 5)")
    similar.add_argument("--json", action="store_true", help="a JSON list, most similar first")
    return parser


def run(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    if args.command == "suggest":
        return _suggest(args.document, args.json)
    if args.command == "learn":
        return _learn(args.files)
    if args.command == "forget":
        return _forget()
    return _similar(args.text, args.limit, args.json)


def _suggest(path: Path, as_json: bool) -> int:
    from marginote.annotations.claims.learning import ClaimModel, RankerError
    from marginote.annotations.claims.suggest import score_document
    from marginote.annotations.documents import DocumentError, load_document
    from marginote.annotations.paths import data_dir

    try:
        document = load_document(path)
    except DocumentError as error:
        return fail("claims", f"{error.path}: {error.reason}", 2)
    model = ClaimModel(data_dir())
    try:
        ranker = model.ranker()
    except RankerError as error:
        fail("claims", f"{error}; using the transparent scorer (claims forget resets it)")
        from marginote.annotations.claims.ranker import Ranker

        ranker = Ranker()
    scored = score_document(document, ranker.score)
    if as_json:
        print(json.dumps([s.to_json() for s in scored], ensure_ascii=False))
        return 0
    from rich.console import Console
    from rich.text import Text

    from marginote.tui.widgets.layout import visible

    console = Console(highlight=False)
    for s in scored:
        line = Text.assemble((f"{s.score:.3f}", "bold"), f"  {s.start}-{s.end}  ")
        line.append(visible(" ".join(s.text.split())))
        console.print(line)
    return 0


def _learn(files: list[Path]) -> int:
    from marginote.annotations.claims.examples import LabelledFileError
    from marginote.annotations.claims.learning import ClaimModel
    from marginote.annotations.exchange import plural
    from marginote.annotations.paths import data_dir
    from marginote.annotations.store import StoreError

    model = ClaimModel(data_dir())
    try:
        found, learnt = model.learn_files(files)
    except LabelledFileError as error:
        return fail("claims", str(error), 2)
    except (StoreError, OSError) as error:
        return fail("claims", f"not saved: {error}")
    positives = sum(1 for e in found if e.label)
    ranker = learnt.ranker
    print(
        f"Learnt {plural(len(found), 'sentence')} ({positives:,} check-worthy) from "
        f"{plural(len(files), 'file')}; the model now holds "
        f"{plural(ranker.positives, 'check-worthy sentence')} and {ranker.negatives:,} others "
        f"({learnt.from_library:,} from your library)."
    )
    if not ranker.weights:
        print("Too few of each kind to train yet: suggestions use the transparent scorer.")
    return 0


def _forget() -> int:
    from marginote.annotations.claims.learning import ClaimModel
    from marginote.annotations.paths import data_dir

    try:
        ClaimModel(data_dir()).forget()
    except OSError as error:
        return fail("claims", f"not saved: {error}")
    print("Forgotten: suggestions use the transparent scorer until you tag or learn again.")
    return 0


def _similar(text: str, limit: int, as_json: bool) -> int:
    from marginote.annotations.claims.similar import LibraryClaims
    from marginote.annotations.paths import data_dir

    found = LibraryClaims(data_dir()).similar(text, max(1, limit))
    if as_json:
        print(json.dumps([m.to_json() for m in found], ensure_ascii=False))
        return 0
    if not found:
        print("No similar claim in the library.")
        return 0
    from rich.console import Console
    from rich.text import Text

    from marginote.annotations.editing import in_quotes
    from marginote.annotations.library import library_path
    from marginote.tui.widgets.layout import visible

    library = default_paths()  # the library the other commands list: seeds/ or .
    console = Console(highlight=False)
    for m in found:
        a = m.claim
        line = Text.assemble((f"{m.similarity:.2f}", "bold"), "  ")
        line.append(f"[{visible(a.verdict)}] " if a.verdict else "[no verdict] ", style="italic")
        line.append(in_quotes(visible(" ".join(a.quote.split()))))
        line.append(f"  — {visible(library_path(a.path, library))}", style="dim")
        console.print(line)
    return 0
