"""The claim suggestions kept up to date claim by claim give what picking afresh gives (issue 19:
tagging in a document of 10,000 claims no longer scores every sentence against every claim)."""

from __future__ import annotations

import random
from pathlib import Path

from marginote.annotations.claims import features
from marginote.annotations.claims.suggest import Scored, Suggester, pick, score_document
from marginote.annotations.documents import load_document
from marginote.annotations.model import Annotation


def walk(scored: list[Scored], text: str, rejected: set[str], seed: int) -> None:
    """Tag and untag at random, checking after each change that the suggester agrees with
    ``pick`` over the same claims."""
    rng = random.Random(seed)
    claims: list[Annotation] = []
    suggester = Suggester(scored, claims, rejected=rejected)
    assert suggester.suggestions() == pick(scored, rejected=rejected)
    for _ in range(200):
        if claims and rng.random() < 0.4:  # untag one
            gone = claims.pop(rng.randrange(len(claims)))
            suggester.change(gone=[gone])
        else:  # tag a suggested sentence, a span across sentences, or an empty span
            if rng.random() < 0.5 and (shown := suggester.suggestions()):
                target = rng.choice(shown)
                start, end = target.start, target.end
            else:
                start = rng.randrange(len(text))
                end = min(len(text), start + rng.choice([0, 5, 300]))
            made = Annotation.of_span(text, start, end, "claim", doc="d", path="p")
            claims.append(made)
            suggester.change(new=[made])
        assert suggester.suggestions() == pick(scored, rejected=rejected, tagged=claims)
    assert claims  # the walk did tag and untag


def test_kept_up_to_date_it_suggests_what_pick_would(tmp_path: Path, seed_text: str) -> None:
    path = tmp_path / "article.txt"
    path.write_text(seed_text, encoding="utf-8")
    scored = score_document(load_document(path), features.score)
    walk(scored, seed_text, {scored[3].text}, 19)


def test_equal_scores_are_suggested_in_pick_s_order() -> None:
    """Many sentences with the same score (a claims database of one template): which of them
    are suggested must not depend on how the suggestions were reached."""
    text = " ".join(f"Sentence {n} says {n}." for n in range(200))
    scored, start = [], 0
    for n in range(200):
        sentence = f"Sentence {n} says {n}."
        scored.append(Scored(start, start + len(sentence), sentence, 0.5 + (n % 3) / 10))
        start += len(sentence) + 1
    walk(scored, text, set(), 7)


def test_tagging_a_suggested_sentence_takes_it_out_and_brings_in_the_next(
    tmp_path: Path, seed_text: str
) -> None:
    path = tmp_path / "article.txt"
    path.write_text(seed_text, encoding="utf-8")
    scored = score_document(load_document(path), features.score)
    suggester = Suggester(scored)
    before = suggester.suggestions()
    strongest = max(before, key=lambda s: s.score)
    tagged = Annotation.of_span(
        seed_text, strongest.start, strongest.end, "claim", doc="d", path="p"
    )
    suggester.change(new=[tagged])
    after = suggester.suggestions()
    assert strongest not in after and len(after) == len(before)
    suggester.change(gone=[tagged])
    assert suggester.suggestions() == before
