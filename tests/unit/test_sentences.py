"""The sentence under the caret: abbreviations, initials, quotes, ellipses and lists as the
Pragmatic Segmenter's Golden Rules read them, without losing the boundaries of spoken text."""

from __future__ import annotations

from pathlib import Path

import pytest

from marginote.annotations.documents import Document
from marginote.annotations.sentences import PIECE
from tests.golden_rules_en import GOLDEN_RULES


def sentences(text: str) -> list[str]:
    doc = Document(path=Path("x.txt"), text=text, encoding="UTF-8", title="x")
    return [text[s:e] for s, e in doc.sentences_in(0, len(text))]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("I can see Mt. Fuji from here.", ["I can see Mt. Fuji from here."]),
        (
            "She turned to him, 'This is great.' she said.",
            ["She turned to him, 'This is great.' she said."],
        ),
        (
            "I never meant that.... She left the store.",
            ["I never meant that....", "She left the store."],
        ),
        ("1. The first item 2. The second item", ["1. The first item", "2. The second item"]),
        ("I live in the U.S. How about you?", ["I live in the U.S.", "How about you?"]),
    ],
)
def test_the_cases_the_old_splitter_cut_wrong(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_all_but_one_golden_rule_hold() -> None:
    wrong = [text for text, expected in GOLDEN_RULES if sentences(text) != expected]
    assert len(GOLDEN_RULES) == 48
    assert wrong == [GOLDEN_RULES[17][0]]  # "At 5 a.m. Mr. Smith...": pySBD misses it too


def test_spoken_text_keeps_its_boundaries() -> None:
    # Interruptions ("--"), "me." and a stray quote must not glue sentences together.
    text = (
        'I know -- I know it. Believe me. I will work with them. And -- no. He said "fine. '
        "We left… They stayed."
    )
    assert sentences(text) == [
        "I know -- I know it.",
        "Believe me.",
        "I will work with them.",
        "And -- no.",
        'He said "fine.',
        "We left…",
        "They stayed.",
    ]


def test_hard_wrapped_lines_and_list_items() -> None:
    text = "The poll\nhad four options:\n  • Redo elections.\n  • Ukraine stays neutral.\n"
    assert sentences(text) == [
        "The poll\nhad four options:",
        "Redo elections.",
        "Ukraine stays neutral.",
    ]


def test_a_paragraph_longer_than_a_piece_is_split_everywhere() -> None:
    count = PIECE // 10 * 3
    text = " ".join(f"Sentence number {i} is here." for i in range(count))
    doc = Document(path=Path("x.txt"), text=text, encoding="UTF-8", title="x")
    found = doc.sentences_in(0, len(text))
    assert len(found) == count
    assert all(text[s:e].startswith("Sentence number") for s, e in found)
    assert doc.sentences.between(0, len(text)) == doc.sentences.between(0, len(text))
    for number in (0, count // 2, count - 1):
        at = text.index(f"number {number} ")
        assert text[slice(*doc.sentence_at(at))] == f"Sentence number {number} is here."
