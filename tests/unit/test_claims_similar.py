"""Claims seen before: retrieval over the claims tagged in the library."""

from __future__ import annotations

from pathlib import Path

from marginote.annotations.claims.similar import ClaimIndex, LibraryClaims
from marginote.annotations.model import Annotation
from marginote.annotations.store import AnnotationStore


def claim(quote: str, verdict: str = "", doc: str = "d1", label: str = "claim") -> Annotation:
    return Annotation(
        doc=doc,
        path=f"/library/{doc}.txt",
        start=0,
        end=len(quote),
        label=label,
        quote=quote,
        attrs={"verdict": verdict} if verdict else {},
    )


RATED = claim("Crime in London rose by 40 percent last year.", "false")
OTHERS = [
    claim("The new bridge cost the city two billion euros."),
    claim("Wheat exports from Ukraine doubled after the corridor opened."),
    claim("Most voters support the proposed pension reform, a poll says."),
]


def test_a_reworded_claim_finds_the_one_rated_before() -> None:
    index = ClaimIndex([*OTHERS, RATED])
    found = index.similar("Last year crime in London went up 40 percent")
    assert found[0].claim is RATED
    assert found[0].claim.verdict == "false"
    assert 0 < found[0].similarity <= 1
    assert all(m.similarity <= found[0].similarity for m in found)


def test_a_near_copy_with_typos_is_almost_identical() -> None:
    found = ClaimIndex([*OTHERS, RATED]).similar("Crime in Londn rose by 40 per cent last year")
    assert found[0].claim is RATED and found[0].similarity > 0.85


def test_unrelated_text_finds_nothing_and_the_claim_itself_is_left_out() -> None:
    index = ClaimIndex([*OTHERS, RATED])
    assert index.similar("Quantum chromodynamics describes gluons.") == []
    assert RATED not in [m.claim for m in index.similar(RATED.quote, exclude=RATED.id)]
    assert ClaimIndex([]).similar("anything") == []


def test_the_library_index_sees_claims_tagged_after_it_was_built(tmp_path: Path) -> None:
    store = AnnotationStore(tmp_path / "data")
    store.save(OTHERS[0])
    store.save(claim("Not a claim: an opinion about crime in London.", label="opinion"))
    library = LibraryClaims(tmp_path / "data")
    assert [m.claim.id for m in library.similar("crime in London rose")] == []
    store.save(RATED)
    assert [m.claim.id for m in library.similar("crime in London rose")] == [RATED.id]
    assert library.similar("crime in London rose")[0].to_json()["verdict"] == "false"
