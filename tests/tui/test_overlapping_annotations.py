"""Two annotations on one span (a teammate's version, after an import): the verdict key, enter
and x ask which one, listing whose each is, its label and the start of its note; the user's own
comes first, so enter or 1 acts on one's own work. One annotation alone is acted on at once."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import OptionList

from marginote.annotations.model import Annotation
from marginote.annotations.paths import data_dir
from marginote.annotations.store import AnnotationStore
from marginote.tui.app import MarginoteApp
from marginote.tui.screens.annotation_picker import AnnotationPicker
from marginote.tui.screens.edit_dialog import EditDialog
from marginote.tui.screens.reader import ReaderScreen
from marginote.tui.screens.verdict_picker import VerdictPicker
from tests.conftest import SEED
from tests.tui.helpers import SIZE, open_first_document, rules_app, wait_for
from tests.unit.test_report_cli import annotate

PHRASE = "Dmitry Peskov"


def tag(author: str, note: str = "") -> Annotation:
    return annotate(SEED, PHRASE, "claim", note=note, author=author)


def stored(annotation: Annotation) -> Annotation:
    store = AnnotationStore(data_dir())
    [found] = [a for a in store.annotations(annotation.doc) if a.id == annotation.id]
    return found


@pytest.fixture
def two_versions(monkeypatch: pytest.MonkeyPatch) -> tuple[Annotation, Annotation]:
    monkeypatch.setenv("MARGINOTE_AUTHOR", "me")
    theirs = tag("alice", "Checked with the Kremlin transcript")  # imported first
    mine = tag("me")
    return mine, theirs


async def press_in_the_phrase(pilot: Pilot, key: str, then: type[Screen[Any]]) -> None:
    """Open the seed, put the caret in PHRASE, press ``key``, wait for the screen ``then``."""
    view = await open_first_document(pilot)
    view.move_to(view.document.text.index(PHRASE) + 2)
    await pilot.press(key)
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, then))


def choices(app: MarginoteApp) -> list[str]:
    """The picker's lines, as shown."""
    options = app.screen.query_one(OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_the_verdict_key_asks_which_and_enter_picks_ones_own(
    two_versions: tuple[Annotation, Annotation],
) -> None:
    mine, theirs = two_versions
    app = rules_app([SEED])
    async with app.run_test(size=SIZE) as pilot:
        await press_in_the_phrase(pilot, "V", AnnotationPicker)
        first, second = choices(app)
        assert first.startswith("1 claim · me (you)") and "no note" in first
        assert second.startswith("2 claim · alice") and "Checked with the Kremlin" in second
        await pilot.press("enter")  # the first: one's own
        await wait_for(pilot, lambda: isinstance(app.screen, VerdictPicker))
        await pilot.press("5")  # false
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await pilot.pause()
        assert stored(mine).verdict == "false" and stored(theirs).verdict == ""


async def test_enter_edits_the_one_chosen_and_escape_changes_nothing(
    two_versions: tuple[Annotation, Annotation],
) -> None:
    mine, theirs = two_versions
    app = rules_app([SEED])
    async with app.run_test(size=SIZE) as pilot:
        await press_in_the_phrase(pilot, "enter", AnnotationPicker)
        await pilot.press("2")  # alice's
        await wait_for(pilot, lambda: isinstance(app.screen, EditDialog))
        assert app.screen.annotation.id == theirs.id
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, AnnotationPicker))
        await pilot.press("escape")  # deletes neither
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await pilot.pause()
        assert stored(mine) and stored(theirs)


async def test_a_digit_int_refuses_picks_nothing_and_the_picker_stays(
    two_versions: tuple[Annotation, Annotation],
) -> None:
    """"²", the key left of 1 on French keyboards, is a digit to Python that int() refuses: it
    ended the app with a traceback."""
    mine, theirs = two_versions
    app = rules_app([SEED])
    async with app.run_test(size=SIZE) as pilot:
        await press_in_the_phrase(pilot, "V", AnnotationPicker)
        await pilot.press("²")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, AnnotationPicker)
        await pilot.press("2")  # alice's: the picker still answers
        await wait_for(pilot, lambda: isinstance(app.screen, VerdictPicker))
        await pilot.press("5")  # false
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await pilot.pause()
        assert stored(theirs).verdict == "false" and stored(mine).verdict == ""


async def test_one_annotation_alone_is_acted_on_without_asking(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MARGINOTE_AUTHOR", "me")
    mine = tag("me")
    app = rules_app([SEED])
    async with app.run_test(size=SIZE) as pilot:
        await press_in_the_phrase(pilot, "V", VerdictPicker)
        await pilot.press("1")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await pilot.pause()
        assert stored(mine).verdict == "true"
