"""Filtering a document's annotations the way the panel's filter field reads: words to find in
the quote, note, tags or claimant, and ``label:NAME`` / ``verdict:NAME`` / ``author:NAME`` terms
(quote a name with spaces: ``verdict:"mostly false"``; ``verdict:none`` for claims not rated
yet)."""

from __future__ import annotations

import shlex
from dataclasses import dataclass

from marginote.annotations.model import Annotation


@dataclass(frozen=True)
class Filter:
    labels: frozenset[str] = frozenset()
    verdicts: frozenset[str] = frozenset()
    words: tuple[str, ...] = ()
    authors: frozenset[str] = frozenset()

    @property
    def empty(self) -> bool:
        return not (self.labels or self.verdicts or self.words or self.authors)


def parse_filter(query: str) -> Filter:
    try:
        terms = shlex.split(query)
    except ValueError:  # an unclosed quote: read it as words
        terms = query.split()
    labels, verdicts, words, authors = set(), set(), [], set()
    for term in terms:
        name, colon, value = term.partition(":")
        if colon and name.lower() in ("label", "l") and value:
            labels.add(value.lower())
        elif colon and name.lower() in ("verdict", "v") and value:
            verdicts.add("" if value.lower() == "none" else value.lower().replace("-", " "))
        elif colon and name.lower() in ("author", "a") and value:
            authors.add(value.lower())
        else:
            words.append(term.lower())
    return Filter(frozenset(labels), frozenset(verdicts), tuple(words), frozenset(authors))


def matches(annotation: Annotation, flt: Filter) -> bool:
    if flt.labels and annotation.label.lower() not in flt.labels:
        return False
    if flt.verdicts and annotation.verdict.lower() not in flt.verdicts:
        return False
    if flt.authors and annotation.author.lower() not in flt.authors:
        return False
    if flt.words:
        haystack = " ".join(
            [
                annotation.quote,
                annotation.note,
                *annotation.tags,
                str(annotation.attrs.get("claimant", "")),
            ]
        ).lower()
        return all(word in haystack for word in flt.words)
    return True
