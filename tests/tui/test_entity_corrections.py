"""Correcting the recogniser by keys: accept (+), reject (-), relabel or add (L); the user's
decisions are stored, shown instead of the model's guesses, and kept when the text is reopened."""

from __future__ import annotations

from marginote.tui.app import MarginoteApp
from marginote.tui.screens.entity_type_dialog import EntityTypeDialog
from marginote.tui.screens.library import LibraryScreen
from tests.conftest import SEED
from tests.tui.helpers import SIZE, open_first_document, stored_records, wait_for


async def test_reject_relabel_and_add_entities_survive_a_reopen() -> None:
    app = MarginoteApp([SEED])
    async with app.run_test(size=SIZE) as pilot:
        view = await open_first_document(pilot)
        text = view.document.text
        view.move_to(text.index("Tesla"))
        first = view.entity_at(view.cursor)
        assert first is not None and first[2] == "ORG"
        orgs = app.screen.shown_counts()["ORG"]
        await pilot.press("minus")  # "Tesla" is rejected: no longer highlighted nor counted
        assert view.entity_at(view.cursor)[2] is None
        assert app.screen.shown_counts()["ORG"] == orgs - 1

        view.move_to(text.index("Interfax"))
        await pilot.press("L")
        assert isinstance(app.screen, EntityTypeDialog)
        await pilot.press("home", "enter")  # the list of types: the first is PERSON
        assert view.entity_at(view.cursor)[2] == "PERSON"

        start = text.index("SpaceX")
        view.select(start, start + len("SpaceX"))
        await pilot.press("L", "down", "down", "down", "enter")  # PERSON NORP FAC ORG
        assert view.entity_at(start)[2] == "ORG"
        assert app.screen.shown_counts()["ORG"] == orgs - 1  # Tesla and Interfax out, SpaceX in
        await pilot.press("g")
        panel = app.screen.query_one("EntityPanel")
        org_names = {text[s:e] for s, e in panel.spans_of("ORG")}
        assert "SpaceX" in org_names and "Tesla" not in org_names
        assert "Interfax" in {text[s:e] for s, e in panel.spans_of("PERSON")}
        await pilot.press("a")

        records = {r["quote"]: r["attrs"] for r in stored_records()}
        assert records["Tesla"] == {
            "correction": "reject",
            "entity_label": "",
            "model_label": "ORG",
        }
        assert records["Interfax"]["correction"] == "relabel"
        assert records["Interfax"]["entity_label"] == "PERSON"
        assert records["SpaceX"]["correction"] == "add"
        assert all(r["label"] == "entity" for r in stored_records())
        assert not app.screen.query_one("AnnotationList").items  # not claims or tags

        await pilot.press("escape", "escape")  # out of the panel, then back to the library
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))
        view = await open_first_document(pilot)  # entities again (cached), decisions on top
        assert view.entity_at(text.index("Tesla"))[2] is None
        assert view.entity_at(text.index("Interfax"))[2] == "PERSON"
        assert view.entity_at(text.index("SpaceX"))[2] == "ORG"
