"""spaCy DocBin (``.spacy``), the training data ``spacy train`` reads. For each document, a Doc
made by spaCy's blank English tokenizer with:

- ``doc.ents``: the recognised entities as the user corrected them (accepted, relabelled, added;
  rejected ones left out), overlaps resolved the way spaCy does (``filter_spans``: the longest);
- ``doc.spans["marginote"]``: the user's annotations (overlaps allowed), each span carrying its
  claim fields as span extensions, ``span._.verdict``, ``span._.check_worthiness``,
  ``span._.claimant``, ``span._.evidence``, ``span._.note`` and ``span._.id`` (saved in the
  Doc's user data: load with ``DocBin(store_user_data=True)`` after ``register_extensions()``);
- ``doc.cats``: ``{"annotated": 1.0}`` when the document has annotations, else ``0.0`` (a done
  document with no annotation is a negative example).

Spans whose ends fall inside a spaCy token cannot be placed and are left out, each reported
(``options.notes``); so are documents whose entities were never recognised."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from marginote.annotations.exchange import Exported, WriteOptions, plural
from marginote.annotations.exchange.tokens import (
    SPAN_ATTRIBUTES,
    aligned,
    misaligned_note,
    tokenised,
)

SPANS_KEY = "marginote"


def register_extensions() -> None:
    """The span extensions the claim fields are kept in (needed before reading them back)."""
    from spacy.tokens import Span

    for name in SPAN_ATTRIBUTES:
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)


def write(items: Sequence[Exported], out: Path, options: WriteOptions | None = None) -> list[Path]:
    from spacy.tokens import DocBin
    from spacy.util import filter_spans

    register_extensions()
    notes = options.notes if options is not None else []
    docs = DocBin(store_user_data=True)
    unrecognised = 0
    for item in items:
        doc = tokenised(item)
        entities = []
        for start, end, label in item.corrected_entities():
            span = aligned(doc, start, end, label)
            if span is None:
                notes.append(misaligned_note(item, start, end, f"the entity {label}"))
            else:
                entities.append(span)
        doc.ents = filter_spans(entities)
        unrecognised += not item.recognizer
        spans = []
        for a in item.annotations:
            span = aligned(doc, a.start, a.end, a.label)
            if span is None:
                notes.append(misaligned_note(item, a.start, a.end, a.label) + ": left out")
                continue
            for name in SPAN_ATTRIBUTES:
                value = a.attrs.get(name) if name not in ("note", "id") else getattr(a, name)
                if value not in (None, ""):
                    span._.set(name, value)
            spans.append(span)
        doc.spans[SPANS_KEY] = spans
        doc.cats = {"annotated": 1.0 if spans else 0.0}
        docs.add(doc)
    if unrecognised:
        notes.append(
            f"entities were not recognised in {plural(unrecognised, 'document')} (open them in "
            "marginote first): their doc.ents are empty"
        )
    out.write_bytes(docs.to_bytes())
    return [out]
