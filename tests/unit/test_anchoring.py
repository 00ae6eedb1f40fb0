from __future__ import annotations

from annotations.anchoring import locate, select

TEXT = "The poll said yes. Musk said the poll was fair. The poll closed."


def test_selector_keeps_quote_and_32_characters_of_context() -> None:
    start = TEXT.index("Musk")
    s = select(TEXT, start, start + 4)
    assert (
        s.quote == "Musk" and s.prefix == TEXT[:start][-32:] and s.suffix == TEXT[start + 4 :][:32]
    )


def test_unchanged_text_places_by_position() -> None:
    start = TEXT.index("the poll")
    assert locate(TEXT, start, start + 8, select(TEXT, start, start + 8)).placement == "exact"


def test_moved_quote_is_found_by_its_context_not_the_first_lookalike() -> None:
    start = TEXT.index("the poll was")
    s = select(TEXT, start, start + 8)
    edited = "Intro paragraph added. " + TEXT.replace("The poll said", "The poll said")
    anchor = locate(edited, start, start + 8, s)
    assert anchor.placement == "moved"
    assert edited[anchor.start :].startswith("the poll was")


def test_vanished_quote_is_an_orphan() -> None:
    s = select(TEXT, 0, 8)
    assert locate("Something else entirely.", 0, 8, s).placement == "orphan"
