"""Filtering annotations the way the panel's filter field reads.

- plain words are looked for in the quote, note, tags and claimant (all of them must be found);
- ``#crimea`` or ``tag:crimea``: annotations with that tag;
- ``label:claim`` (``l:``), ``verdict:false`` (``v:``; ``verdict:none`` for claims not rated
  yet). A verdict of several words needs no quotes when the words after it continue a verdict of
  the scale: ``verdict:mostly false``; ``verdict:"mostly false"`` and ``v:mostly-false`` work too;
- ``claimant:Peskov`` (``c:``), ``author:ana`` (``a:``), ``doc:debate`` (``d:``, the document's
  file name): the name contains the value;
- ``worth:4`` (``w:``): check-worthiness 4; ``worth:4+`` 4 or more; ``worth:none`` not rated.

Case never matters. Several values of one kind widen (``label:claim label:evidence``); different
kinds narrow (``label:claim #crimea``).
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath

from marginote.annotations.model import VERDICTS, Annotation

_KINDS = {
    "label": "labels",
    "l": "labels",
    "verdict": "verdicts",
    "v": "verdicts",
    "tag": "tags",
    "t": "tags",
    "claimant": "claimants",
    "c": "claimants",
    "author": "authors",
    "a": "authors",
    "doc": "docs",
    "document": "docs",
    "d": "docs",
    "worth": "worthiness",
    "w": "worthiness",
    "check-worthiness": "worthiness",
}


@dataclass(frozen=True)
class Filter:
    labels: frozenset[str] = frozenset()
    verdicts: frozenset[str] = frozenset()
    tags: frozenset[str] = frozenset()
    claimants: frozenset[str] = frozenset()
    authors: frozenset[str] = frozenset()
    docs: frozenset[str] = frozenset()
    #: Check-worthiness terms: "4" (exactly), "4+" (at least), "" (not rated).
    worthiness: frozenset[str] = frozenset()
    words: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not (
            self.labels
            or self.verdicts
            or self.tags
            or self.claimants
            or self.authors
            or self.docs
            or self.worthiness
            or self.words
        )


def parse_filter(query: str, verdicts: Sequence[str] = VERDICTS) -> Filter:
    """Read a filter; ``verdicts`` is the scale in force (for verdicts of several words)."""
    try:
        terms = shlex.split(query)
    except ValueError:  # an unclosed quote: read it as words
        terms = query.split()
    scale = [v.lower() for v in verdicts]
    found: dict[str, set[str]] = {kind: set() for kind in set(_KINDS.values())}
    words: list[str] = []
    i = 0
    while i < len(terms):
        term = terms[i]
        i += 1
        name, colon, value = term.partition(":")
        kind = _KINDS.get(name.lower()) if colon else None
        if term.startswith("#") and len(term) > 1:
            found["tags"].add(term[1:].lower())
        elif kind and value:
            value = value.lower()
            if kind == "verdicts":
                value = value.replace("-", " ")
                # "verdict:mostly false": take the next words while they continue a verdict.
                while i < len(terms) and ":" not in terms[i] and value not in scale:
                    longer = f"{value} {terms[i].lower()}"
                    if not any(v == longer or v.startswith(longer + " ") for v in scale):
                        break
                    value = longer
                    i += 1
                value = "" if value == "none" else value
            elif kind == "worthiness":
                value = "" if value == "none" else value
            found[kind].add(value)
        else:
            words.append(term.lower())
    return Filter(**{kind: frozenset(values) for kind, values in found.items()}, words=tuple(words))


def _worthiness_matches(worth: object, terms: frozenset[str]) -> bool:
    for term in terms:
        if not term:
            if worth is None:
                return True
            continue
        if not isinstance(worth, int):
            continue
        number = term.rstrip("+")
        if not number.isdecimal():  # "²" is a digit that int() refuses
            continue
        if worth >= int(number) if term.endswith("+") else worth == int(number):
            return True
    return False


def _contains_any(value: str, needles: frozenset[str]) -> bool:
    value = value.lower()
    return any(needle in value for needle in needles)


def matches(annotation: Annotation, flt: Filter) -> bool:
    claimant = str(annotation.attrs.get("claimant") or "")
    if flt.labels and annotation.label.lower() not in flt.labels:
        return False
    if flt.verdicts and annotation.verdict.lower() not in flt.verdicts:
        return False
    if flt.tags and not flt.tags & {tag.lower() for tag in annotation.tags}:
        return False
    if flt.claimants and not _contains_any(claimant, flt.claimants):
        return False
    if flt.authors and not _contains_any(annotation.author, flt.authors):
        return False
    if flt.docs and not _contains_any(PurePath(annotation.path).name, flt.docs):
        return False
    if flt.worthiness and not _worthiness_matches(
        annotation.attrs.get("check_worthiness"), flt.worthiness
    ):
        return False
    if flt.words:
        haystack = " ".join([annotation.quote, annotation.note, *annotation.tags, claimant]).lower()
        return all(word in haystack for word in flt.words)
    return True
