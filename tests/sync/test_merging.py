"""Field-by-field merging of two people's changes to one annotation."""

from __future__ import annotations

from pathlib import Path

from marginote.annotations.model import Annotation
from marginote.annotations.sync.merging import Bases, three_way

TEXT = "The mayor said crime fell 40 percent. Police data shows it rose."
BASE = Annotation.of_span(TEXT, 0, 36, "claim", doc="d" * 64, path="/a", author="al").to_record()


def changed(**fields: object) -> dict[str, object]:
    return {**BASE, **fields, "modified": "2026-01-02T00:00:00Z"}


def test_different_fields_and_attributes_merge() -> None:
    mine = changed(attrs={"verdict": "false"}, path="/here")
    theirs = changed(note="see the police data", attrs={"claimant": "the mayor"}, path="/there")
    merged = three_way(BASE, mine, theirs)
    assert merged is not None
    assert merged["note"] == "see the police data" and merged["path"] == "/here"
    assert merged["attrs"] == {"verdict": "false", "claimant": "the mayor"}
    assert merged["start"] == 0 and merged["end"] == 36


def test_a_field_both_changed_differently_is_a_conflict() -> None:
    assert three_way(BASE, changed(note="a"), changed(note="b")) is None
    assert (
        three_way(BASE, changed(attrs={"verdict": "true"}), changed(attrs={"verdict": "false"}))
        is None
    )


def test_two_new_spans_are_one_conflict_not_a_mix() -> None:
    mine = changed(start=4, quote=TEXT[4:36])
    theirs = changed(end=30, quote=TEXT[0:30])
    assert three_way(BASE, mine, theirs) is None
    assert three_way(BASE, mine, changed(note="x")) == {**mine, "note": "x"}


def test_the_same_change_on_both_sides_is_no_conflict() -> None:
    both = changed(tags=["checked"])
    assert three_way(BASE, both, both) == both


def test_a_base_of_another_revision_or_torn_is_not_used(tmp_path: Path) -> None:
    bases = Bases(tmp_path / "server.bases")
    bases.add(BASE["id"], "h1", BASE)
    bases.flush()
    with bases.path.open("ab") as handle:
        handle.write(b'{"id":"' + BASE["id"].encode() + b'","hash":"h2","rec')  # torn
    assert bases.find(BASE["id"], "h1") == BASE
    assert bases.find(BASE["id"], "h2") is None
    assert bases.find("other", "h1") is None
