"""Finding what is on screen: search across typographic punctuation, and a filter that finds
what the panel shows (tags, claimant, verdict of several words without quotes)."""

from __future__ import annotations

from textual.widgets import Input, Label, Select

from marginote.tui.widgets.annotation_list import AnnotationList
from tests.conftest import SEED
from tests.tui.helpers import SIZE, open_first_document, rules_app, wait_for


async def test_search_with_a_straight_apostrophe_finds_the_typographic_one() -> None:
    app = rules_app([SEED])
    async with app.run_test(size=SIZE) as pilot:
        view = await open_first_document(pilot)
        text = view.document.text
        await pilot.press("slash", *"Russia's conditions")
        status = app.screen.query_one("#search-status", Label)
        await wait_for(pilot, lambda: "1 match" in str(status.render()))
        await pilot.press("enter")
        assert view.cursor == text.index("Russia’s conditions")


async def test_the_filter_finds_tags_claimants_and_verdicts_the_panel_shows() -> None:
    app = rules_app([SEED])
    async with app.run_test(size=SIZE) as pilot:
        view = await open_first_document(pilot)
        await pilot.press(")", "s", "1", "enter")
        dialog = app.screen
        dialog.query_one("#edit-tags", Input).value = "crimea, poll"
        dialog.query_one("#edit-claimant", Input).value = "Elon Musk"
        dialog.query_one("#edit-verdict", Select).value = "mostly false"
        await pilot.press("ctrl+s")
        await pilot.pause()
        view.move_to(view.document.text.index("Putin spokesman"))
        await pilot.press("s", "2")  # an evidence, with none of those
        panel = app.screen.query_one(AnnotationList)
        assert len(panel.items) == 2
        filter_box = app.screen.query_one("#annotation-filter", Input)
        await pilot.press("f")
        for query in ("#crimea", "tag:crimea", "claimant:Elon", "verdict:mostly false"):
            await pilot.press(*query)  # typed into the filter field
            assert [a.label for a in panel.items] == ["claim"], query
            filter_box.value = ""
            await pilot.pause()
            assert len(panel.items) == 2
