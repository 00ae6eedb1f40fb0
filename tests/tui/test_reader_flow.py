"""Pilot tests: a user's keys and mouse, checked against the records TinyDB holds on disk."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Label

from marginote.annotations.documents import load_document
from marginote.tui.app import MarginoteApp
from marginote.tui.screens.edit_dialog import EditDialog
from marginote.tui.screens.library import LibraryScreen
from marginote.tui.widgets.annotation_list import AnnotationList
from tests.conftest import SEED
from tests.tui.helpers import (
    SIZE,
    notifications,
    open_first_document,
    rules_app,
    stored_records,
    wait_for,
)

PESKOV_SENTENCE = load_document(SEED).sentence_at(load_document(SEED).text.index("Dmitry Peskov"))


def library_row(app: MarginoteApp, path: Path) -> list[str]:
    table = app.screen.query_one(DataTable)
    return [str(cell) for cell in table.get_row(str(path))]


async def test_library_lists_seed_with_title_words_and_count() -> None:
    app = MarginoteApp([SEED.parent])
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: library_row(app, SEED)[1] != "…")
        assert library_row(app, SEED)[:3] == ["Musk peace poll", "462", "0"]


async def test_spacy_entities_are_highlighted_with_a_legend() -> None:
    app = MarginoteApp([SEED])
    async with app.run_test(size=SIZE) as pilot:
        view = await open_first_document(pilot)
        text = view.document.text
        found = {(text[e.start : e.end], e.label) for e in view.entities}
        assert {
            ("Dmitry Peskov", "PERSON"),
            ("Zelensky", "PERSON"),
            ("Moscow", "GPE"),
            ("40.9%", "PERCENT"),
        } <= found
        legend = str(app.screen.query_one("#legend", Label).render())
        assert "PERSON" in legend and "GPE" in legend
        assert "spaCy" in str(app.screen.query_one("#ner-status", Label).render())


async def test_tag_sentence_as_claim_edit_it_and_delete_it() -> None:
    app = MarginoteApp([SEED])
    async with app.run_test(size=SIZE) as pilot:
        view = await open_first_document(pilot)
        await pilot.press(")", ")")  # next sentence, twice: "Putin spokesman Dmitry Peskov …"
        await pilot.press("s", "1")
        [record] = stored_records()
        start, end = PESKOV_SENTENCE
        assert (record["label"], record["start"], record["end"]) == ("claim", start, end)
        assert record["quote"] == view.document.text[start:end]
        assert record["quote"].startswith("Putin spokesman Dmitry Peskov")
        assert record["doc"] == view.document.sha256 and record["schema"] == 2
        assert len(record["id"]) == 32
        assert len(app.screen.query_one(AnnotationList).items) == 1

        await pilot.press("enter")
        assert isinstance(app.screen, EditDialog)
        await pilot.press("enter", "down", "down", "down", "enter")  # verdict: mixed
        await pilot.press("tab", *"check Interfax", "tab", *"kremlin, poll", "ctrl+s")
        await pilot.pause()
        [record] = stored_records()
        assert record["attrs"]["verdict"] == "mixed"
        assert record["note"] == "check Interfax"
        assert record["tags"] == ["kremlin", "poll"]

        await pilot.press("x")
        assert stored_records() == []
        assert len(app.screen.query_one(AnnotationList).items) == 0


async def test_visual_mode_and_shift_arrows_select_spans() -> None:
    app = rules_app([SEED])
    async with app.run_test(size=SIZE) as pilot:
        view = await open_first_document(pilot)
        await pilot.press("v", "w", "w", "3")  # visual mode over two words: a quote
        await pilot.press("e")  # to the next entity, then shift+right over "Elon " (with its space)
        start = view.cursor
        await pilot.press(*["shift+right"] * 5, "2")
        records = sorted(stored_records(), key=lambda r: r["start"])
        assert [(r["label"], r["quote"]) for r in records] == [
            ("quote", "The Russian"),
            ("evidence", "Elon"),  # the trailing space is trimmed from the tagged span
        ]
        assert view.document.text[start : start + 5] == "Elon "


async def test_mouse_drag_selects_text_to_tag() -> None:
    app = rules_app([SEED])
    async with app.run_test(size=SIZE) as pilot:
        view = await open_first_document(pilot)
        await pilot.mouse_down(view, offset=(5, 0))  # padding is 1 column: text column 4
        await pilot.hover(view, offset=(16, 0))
        await pilot.mouse_up(view, offset=(16, 0))
        assert view.selection == (4, 15)
        await pilot.press("1")
        [record] = stored_records()
        assert record["quote"] == view.document.text[4:15] == "Russian Pre"


async def test_annotations_and_counts_survive_a_restart() -> None:
    app = rules_app([SEED])
    async with app.run_test(size=SIZE) as pilot:
        await open_first_document(pilot)
        await pilot.press(")", "s", "1", "escape")
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))
        await wait_for(pilot, lambda: library_row(app, SEED)[2] == "1")

    again = rules_app([SEED])
    async with again.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: library_row(again, SEED)[2] == "1")
        view = await open_first_document(pilot)
        [annotation] = view.annotations_at(view.document.text.index("Musk pushed back"))
        assert annotation.quote.startswith("Musk pushed back") and annotation.label == "claim"
        assert len(again.screen.query_one(AnnotationList).items) == 1


async def test_tagging_without_a_selection_explains_what_to_do() -> None:
    app = rules_app([SEED])
    async with app.run_test(size=SIZE) as pilot:
        await open_first_document(pilot)
        await pilot.press("1")
        assert stored_records() == []
        assert "Select some text first" in notifications(app)


async def test_rule_based_fallback_is_named_on_screen() -> None:
    from marginote.annotations.entities import RuleRecognizer

    app = MarginoteApp([SEED], recognizer_loader=lambda: (RuleRecognizer(), "no English model"))
    async with app.run_test(size=SIZE) as pilot:
        await open_first_document(pilot)
        status = str(app.screen.query_one("#ner-status", Label).render())
        assert "rule-based" in status and "spaCy unavailable: no English model" in status


async def test_markup_and_escape_sequences_in_a_document_show_literally(tmp_path: Path) -> None:
    doc = tmp_path / "hostile.txt"
    doc.write_text(
        "[bold]x[/bold] [@click=app.quit]z[/] \x1b]0;title\x07 \x1b[2J end\n", encoding="utf-8"
    )
    app = rules_app([doc])
    async with app.run_test(size=SIZE) as pilot:
        view = await open_first_document(pilot)
        shown = view.render_line(0).text
        assert "[bold]x[/bold] [@click=app.quit]z[/]" in shown
        assert "\x1b" not in shown and "␛]0;title␇" in shown
        await pilot.click(view, offset=(20, 0))
        assert app.is_running


async def test_empty_document_opens_and_recognition_finishes(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    app = rules_app([empty])
    async with app.run_test(size=SIZE) as pilot:
        view = await open_first_document(pilot)  # waits for the progress bar to finish
        assert len(view.entities) == 0 and view.document.text == ""
        await pilot.press("s", "1", "down", "end", "pageup")
        assert stored_records() == []


async def test_claim_fields_claimant_from_entities_worthiness_and_checked_evidence_urls() -> None:
    app = rules_app([SEED])
    async with app.run_test(size=SIZE) as pilot:
        await open_first_document(pilot)
        await pilot.press(")", ")", "s", "1", "enter")
        assert isinstance(app.screen, EditDialog)
        await pilot.press("tab", "tab", "tab")  # verdict → note → tags → claimant
        await pilot.press(*"dmi")
        await pilot.pause(0.2)  # suggestions are computed in the background
        await pilot.press("right")  # accept the type-ahead from the document's people
        assert app.screen.query_one("#edit-claimant").value == "Dmitry Peskov"
        await pilot.press("tab", "enter", "down", "down", "down", "down", "enter")  # 4 high
        await pilot.press("tab", *"https://interfax.ru/a ftp:/nope", "ctrl+s")
        assert isinstance(app.screen, EditDialog)  # not saved: the second address is not one
        assert "ftp:/nope" in str(app.screen.query_one("#edit-problem", Label).render())
        assert stored_records()[0]["attrs"] == {}
        await pilot.press(*["backspace"] * len(" ftp:/nope"), "ctrl+s")
        await pilot.pause()
        [record] = stored_records()
        assert record["attrs"] == {
            "claimant": "Dmitry Peskov",
            "claimant_type": "NAME",  # the rule-based recogniser does not tell people apart
            "check_worthiness": 4,
            "evidence": ["https://interfax.ru/a"],
        }


async def test_paragraph_moves_and_snapping_a_selection_to_words() -> None:
    app = rules_app([SEED])
    async with app.run_test(size=SIZE) as pilot:
        view = await open_first_document(pilot)
        text = view.document.text
        await pilot.press("}")
        assert view.cursor == view.document.paragraph_starts[1]
        await pilot.press("{")
        assert view.cursor == 0
        start = text.index("Presidency")
        view.move_to(start + 3)  # inside "Presidency"
        await pilot.press(*["shift+right"] * 12, "equals_sign", "4")
        [record] = stored_records()
        assert record["label"] == "opinion"
        assert record["quote"] == "Presidency’s office"


async def test_library_shows_claims_by_verdict_and_reading_progress_and_reopens_in_place(
    shown_notifications: None,
) -> None:
    app = rules_app([SEED])
    async with app.run_test(size=SIZE) as pilot:
        view = await open_first_document(pilot)
        await pilot.press(")", "s", "1", ")", ")", "s", "1", "enter")
        await pilot.press(
            "enter", "down", "down", "down", "down", "down", "enter", "ctrl+s"
        )  # false
        await pilot.press(")", "escape")
        caret = view.cursor
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))
        await wait_for(pilot, lambda: library_row(app, SEED)[3].strip() == "1F 1?")
        read = int(library_row(app, SEED)[4].rstrip("%"))
        assert 0 < read < 100  # the first screens only
        await pilot.press("enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, LibraryScreen))
        await pilot.pause()
        assert app.screen.view.cursor == caret  # back where the reader left off
        await wait_for(pilot, lambda: any("Back where you left off" in m for m in app.shown))
        await pilot.press("end", "escape")
        await wait_for(pilot, lambda: library_row(app, SEED)[4] == "100%")


async def test_a_nested_annotation_stays_visible_on_the_one_around_it() -> None:
    app = rules_app([SEED])
    async with app.run_test(size=SIZE) as pilot:
        view = await open_first_document(pilot)
        await pilot.press(")", ")", "s", "1")  # the Peskov sentence: a claim
        text = view.document.text
        start = text.index("Putin spokesman")
        view.select(start, start + len("Putin"))
        await pilot.press("1")  # a claim inside the claim
        assert len(stored_records()) == 2
        layout = view.layout_rows
        row = layout.row_of(start)

        def style_at(offset: int):  # the style the character at ``offset`` is drawn with
            at = layout.row_range(row)[0]
            for segment in view.render_line(row - round(view.scroll_y)):
                if at <= offset < at + len(segment.text):
                    return segment.style
                at += len(segment.text)
            raise AssertionError(f"offset {offset} is not on the row")

        inner = style_at(start + 2)
        outer = style_at(text.index("spokesman") + 2)
        assert inner.bold and not outer.bold and inner.bgcolor != outer.bgcolor
        assert view.annotations_at(start)[0].quote == "Putin"  # the panel lists the inner first
