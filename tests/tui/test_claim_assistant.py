"""Pilot tests of the claim assistant: next/accept/dismiss, claims seen before, the claimant."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from marginote.tui.screens.edit_dialog import EditDialog
from marginote.tui.screens.reader import ReaderScreen
from marginote.tui.widgets.claim_panel import ClaimPanel
from marginote.tui.widgets.document_view import DocumentView
from tests.conftest import SEED
from tests.tui.helpers import SIZE, open_first_document, rules_app, stored_records, wait_for
from tests.unit.test_report_cli import annotate


async def open_scored(pilot: Pilot) -> tuple[DocumentView, ReaderScreen]:
    """Open the library's first document and wait until every sentence has its claim score."""
    view = await open_first_document(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReaderScreen)
    await wait_for(
        pilot, lambda: screen.claims.total > 0 and len(screen.claims.scored) == screen.claims.total
    )
    return view, screen


async def test_next_accept_and_dismiss_suggestions() -> None:
    app = rules_app([SEED])
    async with app.run_test(size=SIZE) as pilot:
        view, screen = await open_scored(pilot)
        suggestions = list(screen.claims.suggestions)
        assert len(suggestions) >= 3
        first, second = suggestions[0], suggestions[1]
        # Suggested sentences are marked in the margin; others are not.
        assert screen._claim_mark(first.start, first.start + 10) is not None
        view.move_to(0)
        await pilot.press("k", "m")
        assert view.cursor == first.start
        why = str(screen.query_one("#claim-why").render())
        assert why.startswith("why: ") and len(why) > len("why: ")
        await pilot.press("m")
        assert view.cursor == second.start
        await pilot.press("M")
        assert view.cursor == first.start

        await pilot.press("y")  # accepted: a claim at once
        await pilot.pause()
        claims = [r for r in stored_records() if r["label"] == "claim"]
        assert [(c["start"], c["end"], c["quote"]) for c in claims] == [
            (first.start, first.end, first.text)
        ]
        assert first not in screen.claims.suggestions

        view.move_to(second.start)
        await pilot.press("d")  # dismissed: never suggested again
        await pilot.pause()
        assert second not in screen.claims.suggestions
        assert len(stored_records()) == 1

    app = rules_app([SEED])
    async with app.run_test(size=SIZE) as pilot:
        _, screen = await open_scored(pilot)
        texts = [s.text for s in screen.claims.suggestions]
        assert second.text not in texts and first.text not in texts


async def test_the_panel_shows_a_claim_seen_before_and_enter_opens_it(tmp_path: Path) -> None:
    other = tmp_path / "earlier.txt"
    quote = "The final results were 40.9% yes on the Ukraine-Russia peace poll."
    other.write_text(f"An earlier article.\n\n{quote}\n", encoding="utf-8")
    start = annotate(other, quote, "claim", "mostly false").start
    app = rules_app([SEED])
    async with app.run_test(size=SIZE) as pilot:
        view, screen = await open_scored(pilot)
        await pilot.press("k")
        panel = screen.query_one(ClaimPanel)
        assert panel.display
        view.move_to(view.document.text.index("The final results"))
        await wait_for(pilot, lambda: bool(panel.similar), timeout=60)
        match = panel.similar[0]
        assert match.claim.quote == quote and match.claim.verdict == "mostly false"
        shown = str(panel.query_one("#claim-similar", OptionList).get_option_at_index(0).prompt)
        assert "mostly false" in shown and "40.9%" in shown
        similar = panel.query_one("#claim-similar", OptionList)
        similar.focus()
        similar.highlighted = 0
        await pilot.press("enter")
        await wait_for(
            pilot,
            lambda: isinstance(app.screen, ReaderScreen) and app.screen.document.path == other,
        )
        await wait_for(pilot, lambda: app.screen.view.cursor == start)


async def claimant_of_new_claim(pilot: Pilot, phrase: str) -> Input:
    """Tag the sentence at ``phrase`` of the first document as a claim and open its edit
    dialog; the dialog's claimant field."""
    view = await open_first_document(pilot)
    view.move_to(view.document.text.index(phrase))
    await pilot.press("s", "1", "enter")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, EditDialog))
    return pilot.app.screen.query_one("#edit-claimant", Input)


async def test_the_claimant_is_prefilled_from_a_speaker_label(tmp_path: Path) -> None:
    transcript = tmp_path / "briefing.txt"
    transcript.write_text(
        "MODERATOR: Good morning.\n\nPESKOV: Exports grew by 12 percent in 2021.\n",
        encoding="utf-8",
    )
    app = rules_app([transcript])
    async with app.run_test(size=SIZE) as pilot:
        claimant = await claimant_of_new_claim(pilot, "Exports")
        await wait_for(pilot, lambda: claimant.value == "Peskov")
        await pilot.press("ctrl+s")
        await pilot.pause()
        (record,) = stored_records()
        assert record["attrs"]["claimant"] == "Peskov"


async def test_the_claimant_is_prefilled_from_the_parsed_text() -> None:
    app = rules_app([SEED])
    async with app.run_test(size=SIZE) as pilot:
        claimant = await claimant_of_new_claim(pilot, "Putin spokesman")
        await wait_for(pilot, lambda: claimant.value == "Dmitry Peskov", timeout=60)


async def test_a_sentence_tagged_by_hand_is_no_longer_suggested() -> None:
    app = rules_app([SEED])
    async with app.run_test(size=SIZE) as pilot:
        view, screen = await open_scored(pilot)
        first = screen.claims.suggestions[0]
        view.move_to(first.start)
        await pilot.press("s", "1")
        await pilot.pause()
        assert first.start not in [s.start for s in screen.claims.suggestions]
        assert screen._claim_mark(first.start, first.start + 10) is None
