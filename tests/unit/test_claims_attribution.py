"""Who said it: the claimant found in the sentence and its neighbours."""

from __future__ import annotations

from pathlib import Path

import pytest

from marginote.annotations.claims.attribution import attribute, speaker_label
from marginote.annotations.documents import Document


def claimant(text: str, sentence: str) -> str | None:
    start = text.index(sentence)
    found = attribute(text, (start, start + len(sentence)))
    return found.name if found else None


def test_transcript_speaker_labels_name_the_speaker_without_a_parser() -> None:
    text = "MODERATOR: Welcome.\nPESKOV: We consider it very positive.\nSo we wait.\nHOST: Thanks."
    found = speaker_label(text, text.index("So we wait"))
    assert found is not None and found.name == "Peskov"
    assert speaker_label("No labels here at all.", 5) is None


@pytest.mark.parametrize(
    ("text", "sentence", "expected"),
    [
        (
            "The harbour master Ingrid Solberg said the port handled 4 million tonnes in 2021.",
            "The harbour master Ingrid Solberg said the port handled 4 million tonnes in 2021.",
            "Ingrid Solberg",
        ),
        (
            "Fuel prices rose by a third in March, according to the State Statistics Office.",
            "Fuel prices rose by a third in March, according to the State Statistics Office.",
            "State Statistics Office",
        ),
        (
            "Minister Pavel Novak opened the bridge on Friday. "
            "He told reporters the bridge cost 80 million euros.",
            "He told reporters the bridge cost 80 million euros.",
            "Pavel Novak",
        ),
        (
            "Mayor Lucia Ferrante spoke after the vote. "
            "“Crime fell by 12 percent last year. We did that,” she said.",
            "“Crime fell by 12 percent last year.",
            "Lucia Ferrante",
        ),
    ],
)
def test_attribution_in_the_sentence_and_its_neighbours(
    text: str, sentence: str, expected: str
) -> None:
    assert claimant(text, sentence) == expected


def test_a_sentence_nobody_is_said_to_have_said_has_no_claimant() -> None:
    text = "The river flooded the valley twice in 2019. Farmers lost most of the harvest."
    assert claimant(text, "Farmers lost most of the harvest.") is None


def test_the_seed_article_quote_is_peskovs(seed_text: str) -> None:
    document = Document(Path("seed.txt"), seed_text, "UTF-8", "seed")
    sentence = document.sentence_at(seed_text.index("We consider it very positive"))
    assert sentence is not None and "Peskov" in seed_text[sentence[0] : sentence[1]]
    found = attribute(seed_text, sentence)
    assert found is not None and found.name == "Dmitry Peskov"
    later = "Many ideas there deserve attention,” he said"
    assert claimant(seed_text, later) == "Dmitry Peskov"
