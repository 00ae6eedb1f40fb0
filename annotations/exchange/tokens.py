"""spaCy's tokens for the formats a model trains on (Prodigy, spaCy DocBin, CoNLL): the blank
English tokenizer (no model needed), so that token offsets are the ones ``spacy train`` sees.
spaCy is imported only when one of these formats is written."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from marginote.annotations.exchange import Exported

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

#: Attributes of an annotation kept on its spaCy span (``span._.verdict`` ...).
SPAN_ATTRIBUTES = ("verdict", "claimant", "check_worthiness", "evidence", "note", "id")


@cache
def blank_english() -> Language:
    import spacy

    return spacy.blank("en")


def tokenised(item: Exported) -> Doc:
    return blank_english().make_doc(item.document.text)


def aligned(doc: Doc, start: int, end: int, label: str) -> Span | None:
    """The span of whole tokens ``[start, end)``, None when a boundary falls inside a token."""
    return doc.char_span(start, end, label=label, alignment_mode="strict")


def span_note(item: Exported, start: int, end: int, what: str) -> str:
    """``file: what “quote” (start-end)``, the start of a note about one span."""
    name = item.path or item.document.title
    quote = item.document.text[start:end][:40].replace("\n", " ")
    return f"{name}: {what} “{quote}” ({start}-{end})"


def misaligned_note(item: Exported, start: int, end: int, what: str) -> str:
    return span_note(item, start, end, what) + " does not begin and end at spaCy token boundaries"
