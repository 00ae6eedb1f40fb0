"""Entities as the user corrected them: the recogniser's spans, with the user's decisions
(accepted, rejected, relabelled, added) taking their place. Corrections are annotations, so they
are stored, undone and exported like any other, and survive the recogniser running again."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field

from marginote.annotations.entities import EntitySpans
from marginote.annotations.model import Annotation

Span = tuple[int, int]
Triple = tuple[int, int, str]


@dataclass
class Corrections:
    #: What the user decided for a span: the type to show, or None (rejected).
    by_span: dict[Span, str | None] = field(default_factory=dict)
    #: The spans to show with their type, sorted: accepted, relabelled and added ones.
    shown: list[tuple[int, int, str]] = field(default_factory=list)
    longest: int = 0

    @classmethod
    def of(cls, annotations: Iterable[Annotation]) -> Corrections:
        found = cls()
        for a in sorted(
            (a for a in annotations if a.is_entity_correction and not a.is_orphan),
            key=lambda a: a.modified,
        ):  # the latest decision about a span wins
            found.by_span[(a.start, a.end)] = a.entity_label
        found.shown = sorted((s, e, label) for (s, e), label in found.by_span.items() if label)
        found.longest = max((e - s for s, e, _ in found.shown), default=0)
        return found

    def applied_to(self, entities: EntitySpans, label: str | None = None) -> list[Triple]:
        """The recogniser's entities (of type ``label``, or all) with the user's decisions in
        their place, in order."""
        found = [
            (entities.starts[i], entities.ends[i], entities.label(i))
            for i in range(len(entities))
            if (label is None or entities.label(i) == label)
            and not self.overrides(entities.starts[i], entities.ends[i])
        ]
        found += [t for t in self.shown if label is None or t[2] == label]
        return sorted(found)

    def overrides(self, start: int, end: int) -> bool:
        """True when the user decided about exactly this span (the model's guess is not shown)."""
        return (start, end) in self.by_span

    def shown_in(self, start: int, end: int) -> list[tuple[int, int, str]]:
        """Corrected entities touching ``[start, end)``."""
        found = []
        for t in self.shown[bisect_left(self.shown, (start - self.longest,)) :]:
            if t[0] >= end:
                break
            if t[1] > start:
                found.append(t)
        return found
