"""``marginote show DOC``: the reader's view of a document, printed for scripts and pipes (styled
with Rich, or ``--json`` for machines)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from marginote.annotations.corrections import Corrections
from marginote.annotations.documents import Document, DocumentError, load_document
from marginote.annotations.entities import (
    EntityCache,
    EntitySpans,
    cached_entities,
    configured_recognizer,
    recognise_text,
)
from marginote.annotations.exchange import plural
from marginote.annotations.model import Annotation, LabelSet
from marginote.annotations.paths import cache_dir, data_dir
from marginote.annotations.sanitise import json_text
from marginote.annotations.store import AnnotationStore, StoreError
from marginote.tui.cli.common import emit, fail

if TYPE_CHECKING:
    from rich.text import Text

SUMMARY = "print a document with its entities and annotations (--json for machines)"


def document_entities(document: Document, recognise: bool) -> tuple[EntitySpans, str]:
    """The cached entities of the document, else (when ``recognise``) found now and cached."""
    if (cached := cached_entities(cache_dir(), document.sha256)) is not None:
        return cached[0], f"{cached[1]} (cached)"
    if not recognise:
        return EntitySpans(), "not recognised (--no-entities)"
    recognizer, why = configured_recognizer()
    found = recognise_text(document.text, document.paragraph_starts, recognizer)
    EntityCache(cache_dir()).put(document.sha256, recognizer.id, found)
    return found, recognizer.description + (f" (spaCy unavailable: {why})" if why else "")


def shown(text: str) -> str:
    """``text`` with its lines kept and every other control character made visible (the same
    length, so offsets still fit)."""
    from marginote.tui.widgets.layout import visible

    return "\n".join(visible(line) for line in text.split("\n"))


def styled(
    document: Document,
    entities: list[tuple[int, int, str]],
    annotations: list[Annotation],
    labels: LabelSet,
) -> Text:
    """The text as Rich Text, entities coloured and annotations underlined on their label's
    colour; control characters shown as placeholders, never sent to the terminal."""
    from rich.text import Text

    from marginote.tui import theme

    text = Text(shown(document.text))
    for start, end, label in entities:
        text.stylize(theme.entity_style(label), start, end)
    for a in annotations:
        found = labels.by_name(a.label)
        if not a.is_orphan:
            text.stylize(
                theme.annotation_style(found.colour if found else "#808080"), a.start, a.end
            )
    return text


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="marginote show",
        description="Print a document with its entities and annotations styled.",
    )
    parser.add_argument("document", type=Path)
    parser.add_argument("--json", action="store_true", help="print JSON for machines")
    parser.add_argument("--no-entities", action="store_true", help="do not run the recogniser")
    args = parser.parse_args(argv)
    try:
        document = load_document(args.document)
        stored = AnnotationStore(data_dir()).annotations(document.sha256)
    except DocumentError as error:
        return fail("show", f"{error.path}: {error.reason}", 2)
    except StoreError as error:
        return fail("show", str(error))
    entities, source = document_entities(document, recognise=not args.no_entities)
    annotations = [a for a in stored if not a.is_entity_correction]
    corrected = Corrections.of(stored).applied_to(entities)
    if args.json:
        emit(  # exact to a pipe, safe on a terminal; a name that is not UTF-8 escaped
            json_text(
                {
                    "document": {
                        "path": str(document.path),
                        "sha256": document.sha256,
                        "title": document.title,
                    },
                    "text": document.text,
                    "entities": [list(t) for t in corrected],
                    "entity_source": source,
                    "annotations": [a.to_record() for a in annotations],
                },
            )
            + "\n"
        )
        return 0
    from rich.console import Console
    from rich.rule import Rule
    from rich.text import Text

    from marginote.annotations.labels import load_labels
    from marginote.tui.widgets.layout import visible

    labels, _ = load_labels([document.path.parent])
    console = Console(highlight=False)
    console.print(Rule(Text(visible(document.title))))
    console.print(styled(document, corrected, annotations, labels))
    console.print(
        Rule(
            Text(f"{len(corrected)} entities ({source}) · {plural(len(annotations), 'annotation')}")
        )
    )
    for a in annotations:
        line = Text.assemble((f"{visible(a.label):12}", "bold"), f" {a.start}-{a.end} ")
        if a.verdict:
            line.append(f"[{visible(a.verdict)}] ", style="italic")
        line.append(visible(a.quote[:100]) + ("…" if len(a.quote) > 100 else ""))
        if a.note:
            line.append(f"  — {shown(a.note)}", style="dim")
        console.print(line)
    return 0
