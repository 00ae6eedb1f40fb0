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


def claim(
    quote: str,
    author: str,
    tags: tuple[str, ...] = (),
    attrs: dict[str, object] | None = None,
    path: str = "/home/ana/debates/musk-peace-poll.txt",
) -> Annotation:
    return Annotation(
        doc="d",
        path=path,
        start=0,
        end=len(quote),
        label="claim",
        quote=quote,
        tags=tags,
        attrs=dict(attrs or {}),
        author=author,
    )


CLAIMS = [
    claim(
        "Crimea formally part of Russia",
        tags=("Crimea", "poll"),
        author="ana",
        attrs={"claimant": "Elon Musk", "verdict": "mostly false", "check_worthiness": 5},
    ),
    claim(
        "2.7 million votes",
        tags=("poll",),
        author="bo",
        attrs={"claimant": "Dmitry Peskov", "check_worthiness": 3},
        path="/tmp/hearing.txt",
    ),
    claim("Peace is possible", author="ana"),
]


def found(query: str) -> list[str]:
    flt = parse_filter(query)
    return [a.quote.split()[0] for a in CLAIMS if matches(a, flt)]


def test_tags_claimants_authors_documents_and_worthiness_filter_what_the_panel_shows() -> None:
    assert found("#crimea") == ["Crimea"]
    assert found("tag:CRIMEA") == ["Crimea"]
    assert found("#poll") == ["Crimea", "2.7"]
    assert found("claimant:Elon") == ["Crimea"]
    assert found("c:peskov") == ["2.7"]
    assert found("author:ana") == ["Crimea", "Peace"]
    assert found("doc:hearing") == ["2.7"]
    assert found("worth:5") == ["Crimea"]
    assert found("worth:3+") == ["Crimea", "2.7"]
    assert found("worth:none") == ["Peace"]
    assert found("worth:²") == []  # a digit to Python that int() refuses: no crash
    assert found("#poll author:bo") == ["2.7"]


def test_a_verdict_of_several_words_needs_no_quotes() -> None:
    assert found("verdict:mostly false") == ["Crimea"]
    assert found("verdict:mostly false #poll") == ["Crimea"]
    assert found("verdict:false russia") == []  # "false" is a verdict; "russia" a word
    assert parse_filter("verdict:false russia").words == ("russia",)
    assert parse_filter("verdict:mostly true").verdicts == {"mostly true"}
