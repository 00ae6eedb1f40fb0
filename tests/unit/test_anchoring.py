from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from marginote.annotations.anchoring import CONTEXT, locate, select

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


# -- property tests: edits away from an annotation never move it off its words ------------------


VOCABULARY = [
    *[
        "the",
        "poll",
        "said",
        "yes",
        "no",
        "Musk",
        "Peskov",
        "Kremlin",
        "Ukraine",
        "Crimea",
        "peace",
        "war",
        "vote",
        "votes",
        "million",
    ],
    *[
        "bots",
        "fact",
        "check",
        "source",
        "claim",
        "report",
        "spokesman",
        "Tuesday",
        "Monday",
        "president",
        "decree",
    ],
    *[
        "territory",
        "region",
        "referendum",
        "supervision",
        "neutral",
        "water",
        "supply",
        "people",
        "will",
        "annexed",
    ],
    *[
        "formally",
        "since",
        "until",
        "mistake",
        "😀",
        "漢字",
        "café",
        "naïve",
        "40.9%",
        "59.1%",
        "“quoted”",
        "—",
    ],
]

words = st.lists(st.sampled_from(VOCABULARY), min_size=30, max_size=150)


@st.composite
def documents_with_an_annotation_and_edits(
    draw: st.DrawFn,
) -> tuple[str, int, int, list[tuple[int, int, str]]]:
    tokens = draw(words)
    text = " ".join(tokens)
    first = draw(st.integers(0, len(tokens) - 4))
    count = draw(st.integers(3, 8))
    start = len(" ".join(tokens[:first])) + (1 if first else 0)
    end = start + len(" ".join(tokens[first : first + count]))
    edits = draw(
        st.lists(
            st.tuples(
                st.integers(0, len(text)),
                st.integers(0, 20),
                st.lists(st.sampled_from(VOCABULARY), max_size=6).map(
                    lambda w: " " + " ".join(w) + " "
                ),
            ),
            max_size=6,
        )
    )
    return text, start, end, edits


@settings(max_examples=300, deadline=None)
@given(case=documents_with_an_annotation_and_edits())
def test_edits_away_from_an_annotation_keep_it_exactly_in_place(case: tuple) -> None:
    text, start, end, edits = case
    selector = select(text, start, end)
    assume(text.count(selector.prefix + selector.quote + selector.suffix) == 1)
    new_text, shift, spans = text, 0, []
    # Apply edits from the end so earlier positions stay valid; keep those away from the span.
    for pos, length, insert in sorted(edits, reverse=True):
        cut_end = min(len(text), pos + length)
        if cut_end > start - CONTEXT and pos < end + CONTEXT:
            continue  # touches the quote or its context
        spans.append((pos, cut_end, insert))
    for pos, cut_end, insert in spans:  # sorted from the end
        new_text = new_text[:pos] + insert + new_text[cut_end:]
        if cut_end <= start:
            shift += len(insert) - (cut_end - pos)
    assume(new_text.count(selector.prefix + selector.quote + selector.suffix) == 1)
    anchor = locate(new_text, start, end, selector)
    assert (anchor.start, anchor.end) == (start + shift, end + shift)
    assert anchor.placement in ("exact", "moved")
    assert new_text[anchor.start : anchor.end] == selector.quote


def test_fuzzy_matching_never_lands_on_a_look_alike_passage() -> None:
    original = (
        "In March the ministry said exports of grain rose by twelve percent over the year. "
        "Critics were not convinced. In April the ministry said exports of grain rose by eleven "
        "percent over the year."
    )
    quote = "In March the ministry said exports of grain rose by twelve percent over the year."
    s = select(original, 0, len(quote))
    # The March sentence is deleted; the April one looks alike but is a different claim.
    edited = original[len(quote) + 1 :]
    assert locate(edited, 0, len(quote), s).placement == "orphan"


def test_a_lightly_edited_quote_is_placed_fuzzily_for_the_user_to_confirm() -> None:
    s = select(TEXT, TEXT.index("Musk"), TEXT.index("fair.") + 5)
    edited = TEXT.replace("Musk said the poll was fair.", "Musk said that the poll was quite fair.")
    anchor = locate(edited, TEXT.index("Musk"), TEXT.index("fair.") + 5, s)
    assert anchor.placement == "fuzzy"
    assert edited[anchor.start : anchor.end] == "Musk said that the poll was quite fair."


def test_a_long_quote_found_once_has_moved_even_when_its_neighbours_changed() -> None:
    quote = "Musk said the poll was fair."
    s = select(TEXT, TEXT.index(quote), TEXT.index(quote) + len(quote))
    edited = "A longer preface.\n\n" + TEXT.replace("The poll said yes.", "Opening.").replace(
        "The poll closed.", "End."
    )
    anchor = locate(edited, TEXT.index(quote), TEXT.index(quote) + len(quote), s)
    assert anchor.placement == "moved" and edited[anchor.start : anchor.end] == quote


def test_a_short_quote_whose_context_is_gone_is_not_trusted() -> None:
    s = select(TEXT, TEXT.index("Musk"), TEXT.index("Musk") + 4)
    edited = "Nothing of the old text is left except one Musk mention."
    assert locate(edited, TEXT.index("Musk"), TEXT.index("Musk") + 4, s).placement == "orphan"


# -- each guard of fuzzy placement, with a case that it alone keeps from a wrong placement ---------


def _placed(old: str, quote: str, new: str) -> tuple[str, str]:
    """How the annotation of ``quote`` in ``old`` is placed in ``new``, and on which words."""
    start = old.index(quote)
    anchor = locate(new, start, start + len(quote), select(old, start, start + len(quote)))
    return anchor.placement, new[anchor.start : anchor.end] if anchor.placement != "orphan" else ""


def test_a_quote_rewritten_beyond_half_its_words_is_an_orphan_even_in_its_old_context() -> None:
    before = "Intro sentence here. According to the annual report, "
    after = " The opposition disputed this in parliament on Tuesday."
    quote = "exports of grain rose by twelve percent over the year."
    rewritten = "officials now decline to publish any harvest figure."
    # Same place, same surroundings, other words: the claim is gone, not edited.
    assert _placed(before + quote + after, quote, before + rewritten + after) == ("orphan", "")


def test_an_edited_quote_whose_surroundings_changed_too_is_not_trusted() -> None:
    quote = "Musk said the peace poll was fair and clearly showed a majority for the deal."
    old = (
        "Reporters met at the Kremlin on a Monday morning. "
        + quote
        + " Then the session ended abruptly after a long lunch."
    )
    new = (
        "Editors met at the Duma on a rainy Tuesday evening. "
        "Musk said the peace vote was fine and clearly showed a majority for the pact."
        " Then all talks stopped suddenly before any dinner."
    )
    assert _placed(old, quote, new) == ("orphan", "")


def test_two_edited_look_alikes_in_the_same_context_are_not_guessed_between() -> None:
    context, end = "In its statement on Monday, ", " over the last year. "
    quote = "the ministry said exports of grain rose by twelve percent"
    old = "Opening line. " + context + quote + end + "Closing line."
    new = (
        "Opening line. "
        + context
        + "the ministry said exports of wheat rose by twelve percent"
        + end
        + "Middle. "
        + context
        + "the ministry said exports of grain rose by eleven percent"
        + end
        + "Closing line."
    )
    assert _placed(old, quote, new) == ("orphan", "")
    # With only one of them left, that one is placed, for the user to confirm.
    alone = "Opening line. " + context + "the ministry said exports of wheat rose by twelve percent"
    assert _placed(old, quote, alone + end)[0] == "fuzzy"
