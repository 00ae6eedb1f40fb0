"""Placing annotations on a changed text: moved, fuzzily placed (to confirm), or kept as orphans."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from marginote.annotations.anchoring import Selector, locate, select
from marginote.annotations.model import Annotation, now_iso


@dataclass
class OpenedDocument:
    """What ``open_document`` found: the annotations, and what re-anchoring did."""

    annotations: list[Annotation]
    moved: int = 0
    fuzzy: list[Annotation] = field(default_factory=list)
    orphans: list[Annotation] = field(default_factory=list)

    def add(self, placed: Iterable[Annotation]) -> None:
        """Annotations re-anchored from an older text, counted by how they were placed."""
        for annotation in placed:
            self.annotations.append(annotation)
            if annotation.placement == "fuzzy":
                self.fuzzy.append(annotation)
            elif annotation.is_orphan:
                self.orphans.append(annotation)
            else:
                self.moved += 1
        self.annotations.sort(key=lambda a: (a.start, -a.end, a.created))


def reanchored(annotation: Annotation, doc: str, text: str) -> Annotation:
    """``annotation`` placed in a new text ``doc``: moved, fuzzily placed, or kept as an orphan.

    A placed annotation takes its quote and context from the new text; a fuzzy one keeps the old
    quote in ``attrs["previous_quote"]`` for the user to compare. An orphan keeps everything.
    """
    selector = Selector(annotation.quote, annotation.prefix, annotation.suffix)
    anchor = locate(text, annotation.start, annotation.end, selector)
    if anchor.placement == "orphan":
        return replace(annotation, doc=doc, placement="orphan", modified=now_iso())
    fresh = select(text, anchor.start, anchor.end)
    attrs = dict(annotation.attrs)
    if anchor.placement == "fuzzy":
        attrs["previous_quote"] = annotation.quote
    return replace(
        annotation,
        doc=doc,
        start=anchor.start,
        end=anchor.end,
        quote=fresh.quote,
        prefix=fresh.prefix,
        suffix=fresh.suffix,
        attrs=attrs,
        placement="fuzzy" if anchor.placement == "fuzzy" else "exact",
        modified=now_iso(),
    )
