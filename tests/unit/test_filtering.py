"""The annotation panel's filter: words, label: and verdict: terms."""

from __future__ import annotations

from marginote.annotations.filtering import matches, parse_filter
from marginote.annotations.model import Annotation


def annotation(label: str, quote: str, verdict: str = "", note: str = "") -> Annotation:
    return Annotation(
        doc="d",
        path="p",
        start=0,
        end=len(quote),
        label=label,
        quote=quote,
        note=note,
        attrs={"verdict": verdict} if verdict else {},
    )


ITEMS = [
    annotation("claim", "Peskov said peace is possible", "mostly false"),
    annotation("claim", "The poll had 2.7 million votes", note="bots?"),
    annotation("evidence", "Interfax reported it", "true"),
]


def kept(query: str) -> list[str]:
    flt = parse_filter(query)
    return [a.quote.split()[0] for a in ITEMS if matches(a, flt)]


def test_words_labels_and_verdicts_narrow_the_list() -> None:
    assert kept("") == ["Peskov", "The", "Interfax"]
    assert kept("label:claim") == ["Peskov", "The"]
    assert kept('verdict:"mostly false"') == ["Peskov"]
    assert kept("v:mostly-false") == ["Peskov"]
    assert kept("verdict:none label:claim") == ["The"]
    assert kept("BOTS") == ["The"]  # the note counts, case does not
    assert kept("l:evidence l:claim peace") == ["Peskov"]
    assert kept('unclosed "quote') == []
