"""The side panels by their keys: filtering annotations, and entities grouped by type."""

from __future__ import annotations

from textual.widgets import Input, Label, Select

from marginote.annotations.model import DEFAULT_LABELS, Annotation
from marginote.tui.app import MarginoteApp
from marginote.tui.widgets.annotation_list import AnnotationList, describe_at_caret
from marginote.tui.widgets.entity_panel import EntityPanel
from tests.conftest import SEED
from tests.tui.helpers import SIZE, open_first_document, rules_app, wait_for


async def test_filter_by_label_verdict_and_words_then_enter_jumps() -> None:
    app = MarginoteApp([SEED])
    async with app.run_test(size=SIZE) as pilot:
        view = await open_first_document(pilot)
        await pilot.press(
            ")", "s", "1", ")", ")", "s", "2", ")", "s", "1"
        )  # claim, evidence, claim
        panel = app.screen.query_one(AnnotationList)
        assert len(panel.items) == 3
        await pilot.press("f", *"label:claim")
        assert [a.label for a in panel.items] == ["claim", "claim"]
        assert "2 of 3" in str(app.screen.query_one("#side-title", Label).render())
        first = panel.items[0]
        word = max(first.quote.split(), key=len).strip(".,“”")  # a word of the first claim
        expected = [a.id for a in app.screen.annotations if word.lower() in a.quote.lower()]
        await pilot.press(*["backspace"] * len("label:claim"), *word)  # words: quote, note…
        assert [a.id for a in panel.items] == expected and first.id in expected
        await pilot.press("enter", "enter")  # to the list, then enter: go there
        assert view.has_focus and view.cursor == panel.items[0].start
        await pilot.press("f", "escape")  # escape in the filter clears it
        assert app.screen.query_one("#annotation-filter", Input).value == ""
        assert len(panel.items) == 3


async def test_entities_panel_counts_types_steps_through_a_name_and_hides_a_type() -> None:
    app = MarginoteApp([SEED])
    async with app.run_test(size=SIZE) as pilot:
        view = await open_first_document(pilot)
        text = view.document.text
        await pilot.press("g")
        tree = app.screen.query_one(EntityPanel)
        assert tree.has_focus
        types = [node.data[0] for node in tree.root.children]
        assert "PERSON" in types and "GPE" in types
        person = next(node for node in tree.root.children if node.data[0] == "PERSON")
        tree.move_cursor(person)
        await pilot.press("space")  # open the type: its names, most mentioned first
        await pilot.pause()
        names = [node.data[1] for node in person.children]
        assert "Peskov" in names
        tree.move_cursor(person.children[names.index("Peskov")])
        peskovs = [i for i in range(len(text)) if text.startswith("Peskov", i)]
        seen = []
        for _ in range(3):
            await pilot.press("enter")
            seen.append(view.cursor)
        assert all(text.startswith("Peskov", at) for at in seen) and len(set(seen)) == 3
        assert set(seen) <= set(peskovs)
        tree.move_cursor(person)
        await pilot.press("h")
        await wait_for(pilot, lambda: "PERSON" in view.hidden_types)
        row = view.layout_rows.row_of(seen[0])
        strip = view.render_line(row - round(view.scroll_y))
        assert all("bold" not in str(seg.style) for seg in strip if "Peskov" in seg.text)
        await pilot.press("a")
        assert app.screen.query_one(AnnotationList).has_focus


async def test_at_the_caret_shows_claimant_worthiness_evidence_and_the_old_quote() -> None:
    app = rules_app([SEED])
    async with app.run_test(size=SIZE) as pilot:
        await open_first_document(pilot)
        await pilot.press(")", "s", "1", "enter")
        dialog = app.screen
        dialog.query_one("#edit-claimant", Input).value = "Elon Musk"
        dialog.query_one("#edit-worthiness", Select).value = 4
        dialog.query_one("#edit-evidence", Input).value = "https://example.org/poll"
        await pilot.press("ctrl+s")
        await pilot.pause()
        shown = str(app.screen.query_one("#at-caret", Label).render())
        assert "claimant: Elon Musk" in shown
        assert "check-worthy: 4 high" in shown
        assert "evidence: https://example.org/poll" in shown
    moved = Annotation(
        doc="d",
        path="p",
        start=0,
        end=4,
        label="claim",
        quote="Kyiv",
        attrs={"previous_quote": "Kiev"},
        placement="fuzzy",
    )
    assert "was: Kiev" in describe_at_caret(moved, DEFAULT_LABELS).plain
