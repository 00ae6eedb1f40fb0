"""Files and folders with hostile names (and a heading line carrying escape sequences), used as a
user would: listed, found in the palette, opened, tagged, edited, exported and imported again.
Every byte the app writes is recorded as a terminal would receive it; none of the sequences of
the names, the heading, the label config, the recogniser's labels or the imported strings may be
in it, and each must be shown as visible placeholders instead."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from functools import partial
from pathlib import Path

import pytest
from textual.drivers.headless_driver import HeadlessDriver
from textual.widgets import DataTable

from marginote.annotations.entities import Entity, RuleRecognizer
from marginote.tui.app import MarginoteApp
from marginote.tui.commands import export_now, import_now
from marginote.tui.screens.library import LibraryScreen
from marginote.tui.screens.reader import ReaderScreen
from marginote.tui.widgets.entity_panel import EntityPanel
from tests.hostile import FOLDERS, HEADING, NAMES, PAYLOADS, SHOWN, fs_name, write_hostile_names
from tests.tui.helpers import SIZE, notifications, stored_records, wait_for

CONFIG = (
    '[[labels]]\nname = "\\u001b]0;LABELPWN\\u0007[b]rumour"\nkey = "1"\ncolour = "#00aaff"\n\n'
    '[verdicts]\nscale = ["\\u001b]2;VERDICTPWN\\u001b\\\\fine", "bad\\u202e"]\n'
)
#: The recogniser's label, as a model with a hostile label set would give it.
ENTITY_LABEL = "\x1b]0;NERPWN\x07CARDINAL"
#: Strings an import file brings: a note, tags, a claimant.
IMPORTED = {
    "note": "note \x1b]0;NOTEPWN\x07 \x1b[2Jcleared",
    "tags": ["tag\x1b]52;c;VEFH\x07", "\u202eevil"],
    "claimant": "claimant\x1b]0;CLAIMPWN\x07",
}
VERDICT = "\x1b]2;VERDICTPWN\x1b\\fine"  # on the config's scale
MINISTER = "The minister said exports"
MORE_PAYLOADS = [
    "\x1b]0;LABELPWN",
    "\x1b]2;VERDICTPWN",
    "bad\u202e",
    "\x1b]0;NERPWN",
    "\x1b]0;NOTEPWN",
    "\x1b[2Jcleared",
    "tag\x1b",
    "\x1b]0;CLAIMPWN",
]


class HostileLabels(RuleRecognizer):
    """The rule-based recogniser, with a label that carries an escape sequence."""

    id = "hostile-labels"

    def recognize(self, texts: Sequence[str]) -> list[list[Entity]]:
        found = []
        for text, entities in zip(texts, super().recognize(texts), strict=True):
            found.append([Entity(e.start, e.end, ENTITY_LABEL) for e in entities])
            if text.startswith("Budget"):  # the heading, escape sequences and all, as a name
                found[-1].insert(0, Entity(0, text.index(" report") + 7, ENTITY_LABEL))
        return found


class Terminal:
    """Records what the headless driver would write to a terminal, from full repaints."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.written: list[str] = []
        monkeypatch.setattr(HeadlessDriver, "is_headless", property(lambda self: False))
        monkeypatch.setattr(HeadlessDriver, "write", lambda _, data: self.written.append(data))

    async def repaint(self, pilot) -> None:  # type: ignore[no-untyped-def]
        pilot.app.refresh(repaint=True, layout=True)
        await pilot.pause(0.1)
        await pilot.pause()

    @property
    def output(self) -> str:
        return "".join(self.written)


async def recognised(pilot) -> ReaderScreen:  # type: ignore[no-untyped-def]
    """The reader, once it is open and its entities are found."""
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
    await wait_for(pilot, lambda: bool(app.screen.query("#ner-progress.done")))
    await pilot.pause()
    assert isinstance(app.screen, ReaderScreen) and len(app.screen.view.entities) > 0
    return app.screen


def real_paths(library: Path) -> list[Path]:
    """Every document of the library, as Python names them (bytes that are not UTF-8 as
    surrogate escapes)."""
    paths = [library / os.fsdecode(fs_name(n)) for n, _ in NAMES]
    paths += [library / os.fsdecode(fs_name(n)) / "inside.txt" for n, _ in FOLDERS]
    return [*paths, library / "heading.txt"]


@pytest.fixture
def library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = write_hostile_names(tmp_path / "library")
    (folder / ".marginote.toml").write_text(CONFIG)
    monkeypatch.chdir(tmp_path)  # palette exports go to ./marginote-exports
    return folder


async def test_hostile_names_are_listed_opened_tagged_exported_and_never_reach_the_terminal(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = MarginoteApp([library], recognizer_loader=lambda: (HostileLabels(), None))
    paths = real_paths(library)
    terminal = Terminal(monkeypatch)
    async with app.run_test(size=SIZE, notifications=True, tooltips=True) as pilot:
        table = app.screen.query_one(DataTable)
        await wait_for(pilot, lambda: table.row_count == len(paths))
        await wait_for(pilot, lambda: all("…" not in str(table.get_row(k)[1]) for k in table.rows))
        assert {k.value for k in table.rows} == {str(p) for p in paths}
        await terminal.repaint(pilot)
        await pilot.press("end")  # every row drawn at least once
        await terminal.repaint(pilot)
        for x in range(0, int(table.max_scroll_x) + 60, 60):  # the File column, all of it
            table.scroll_to(x=x, animate=False)
            await terminal.repaint(pilot)
        table.scroll_to(x=0, animate=False)
        await pilot.press("ctrl+p")  # every document is in the palette, by name
        await pilot.pause(0.5)
        for _ in range(8):  # the documents come after the screen's keys: scroll down to them
            await terminal.repaint(pilot)
            await pilot.press(*["down"] * 8)
        await pilot.press(*"osc")
        await terminal.repaint(pilot)
        await pilot.press("escape")

        for path in paths:  # every file opens, under its real name, and is tagged
            assert isinstance(app.screen, LibraryScreen)
            app.screen.open_path(str(path))
            reader = await recognised(pilot)
            assert reader.document.path == path
            await pilot.press("s", "1")
            await terminal.repaint(pilot)
            await pilot.press("q")
            await pilot.pause()
        records = stored_records()
        assert len(records) == len(paths)  # one tag each
        assert {r["label"] for r in records} == {"\x1b]0;LABELPWN\x07[b]rumour"}  # kept as given

        # Export every document, then import a file whose strings are hostile.
        app.run_worker(partial(export_now, app, "jsonl", [library]), thread=True)
        await wait_for(pilot, lambda: "written to" in notifications(app))
        [exported] = (library.parent / "marginote-exports").iterdir()
        lines = exported.read_text(encoding="utf-8").splitlines()
        records = [json.loads(line) for line in lines]
        exported_paths = {str(library / r["path"]) for r in records}  # relative to the library
        assert exported_paths == {str(p) for p in paths}  # real names, all
        hostile = library.parent / "hostile\x1b]0;IMPORTPWN\x07.jsonl"
        edited = []
        for record in records:
            if record["kind"] == "annotation":
                attrs = {"claimant": IMPORTED["claimant"], "verdict": VERDICT}
                record.update(note=IMPORTED["note"], tags=IMPORTED["tags"], attrs=attrs)
                record["id"] = "imported-" + record["id"]
                if record["quote"].startswith("Budget"):  # the heading's: another span
                    start = HEADING.index(MINISTER)
                    record.update(start=start, end=start + len(MINISTER), quote=MINISTER)
                    record.update(prefix="", suffix="")
            edited.append(json.dumps(record))
        hostile.write_text("\n".join(edited) + "\n", encoding="utf-8")
        app.run_worker(partial(import_now, app, hostile), thread=True)
        await wait_for(pilot, lambda: "IMPORTPWN" in "".join(n.title for n in app._notifications))
        await terminal.repaint(pilot)

        # The document with the hostile heading: its title bar, the annotations, the editor,
        # the entities panel and the entity type dialog.
        app.screen.open_path(str(library / "heading.txt"))  # type: ignore[attr-defined]
        reader = await recognised(pilot)
        app.clear_notifications()  # (toasts would cover the box at the caret)
        reader.view.move_to(HEADING.index(MINISTER) + 1)  # the imported note shows at the caret
        await terminal.repaint(pilot)
        await pilot.press("enter")  # the edit dialog: label, verdict, quote, claimant
        await terminal.repaint(pilot)
        await pilot.press("escape")
        reader.view.move_to(1)  # in the heading: tagged in the loop above, and an entity
        await terminal.repaint(pilot)
        await pilot.press("enter")  # the edit dialog of the heading's tag: its quote
        await terminal.repaint(pilot)
        await pilot.press("escape", "L")  # the entity type dialog: the entity's text
        await terminal.repaint(pilot)
        await pilot.press("escape", "question_mark")  # the help: keys and their label names
        for _ in range(4):
            await terminal.repaint(pilot)
            await pilot.press("pagedown")
        await pilot.press("escape", "g")  # the entities panel, its type opened: the names
        panel = reader.query_one(EntityPanel)
        panel.root.children[0].expand()
        await terminal.repaint(pilot)
        await pilot.hover("#legend")  # its tooltip names each entity type
        await pilot.pause(1.0)
        await terminal.repaint(pilot)
        await pilot.press("escape")

    output = terminal.output
    for sequence in [*PAYLOADS, *MORE_PAYLOADS]:
        assert sequence not in output, repr(sequence)
    assert not re.search("[\x80-\x9f\u202a-\u202e\u2066-\u2069\u200b-\u200f\u2060\ufeff]", output)
    assert not re.search("[\ud800-\udfff]", output)  # no undecodable byte of a name
    for shown in SHOWN:
        assert shown in output, shown
    assert output.count("rumour") == output.count("[b]rumour")  # the label's name never markup
    # A name in the entities panel (its count in another style).
    assert re.search(r"Budget ␛\]0;PWNED␇ report(\x1b\[[0-9;]*m)*  ×1", output)
    for shown in [
        "Budget ␛]0;PWNED␇ report",
        "␛]0;LABELPWN␇[b]rumour",
        "␛]0;NERPWN␇CARDINAL",
        "tag␛]52;c;VEFH␇, �evil",  # in the edit dialog
        "␛]2;VERDICTPWN␛\\fine",  # in the edit dialog
        "note ␛]0;NOTEPWN␇ ␛[2Jcleared",
        "claimant␛]0;CLAIMPWN␇",
        "hostile␛]0;IMPORTPWN␇.jsonl",  # in a notification's title
        "Tagged as ␛]0;LABELPWN␇[b]rumour",  # in a notification
        "␛]0;NERPWN␇CARDINAL (",  # in the legend's tooltip
        "“Budget ␛]0;PWNED␇ report",  # the quote in the edit and entity type dialogs
    ]:
        assert shown in output, shown
    assert output.count("rumour") == output.count("[b]rumour")  # the label's name never markup
    # A name in the entities panel (its count in another style).
    assert re.search(r"Budget ␛\]0;PWNED␇ report(\x1b\[[0-9;]*m)*  ×1", output)
