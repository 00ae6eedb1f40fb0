"""Export and import from the command palette and from the command line, as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import Input

from marginote.tui.cli import main
from marginote.tui.screens.discard_dialog import DiscardChanges
from marginote.tui.screens.import_dialog import ImportDialog
from marginote.tui.screens.reader import ReaderScreen
from marginote.tui.widgets.annotation_list import AnnotationList
from tests.conftest import SEED, library_with_seed
from tests.tui.helpers import (
    SIZE,
    notifications,
    open_first_document,
    rules_app,
    stored_records,
    wait_for,
)
from tests.unit.test_report_cli import annotate, library_with_a_copy


async def test_palette_exports_the_open_document_and_imports_it_into_another_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    library = library_with_seed(tmp_path)
    app = rules_app([library])
    async with app.run_test(size=SIZE) as pilot:
        await open_first_document(pilot)
        await pilot.press(")", ")", "s", "1")  # tag the Peskov sentence as a claim
        await pilot.press("ctrl+p", *"export this document as jsonl", "enter")
        exports = tmp_path / "marginote-exports"
        await wait_for(pilot, lambda: exports.exists() and any(exports.glob("*.jsonl")))
        await wait_for(pilot, lambda: "1 annotation of 1 document written to" in notifications(app))
    [written] = exports.glob("*.jsonl")
    lines = [json.loads(line) for line in written.read_text().splitlines()]
    assert [line["kind"] for line in lines] == ["document", "annotation"]
    assert lines[1]["quote"].startswith("Putin spokesman Dmitry Peskov")

    monkeypatch.setenv("MARGINOTE_DATA_DIR", str(tmp_path / "someone-else"))
    app = rules_app([library])
    async with app.run_test(size=SIZE) as pilot:
        await open_first_document(pilot)
        assert len(app.screen.query_one(AnnotationList).items) == 0
        await pilot.press("ctrl+p", *"import annotations", "enter")
        await pilot.pause()
        await pilot.press(*str(written), "enter")
        await wait_for(pilot, lambda: "1 added" in notifications(app))
        await wait_for(pilot, lambda: len(app.screen.query_one(AnnotationList).items) == 1)
    assert [r["quote"][:29] for r in stored_records()] == ["Putin spokesman Dmitry Peskov"]


async def test_palette_import_in_replace_mode_removes_what_the_file_no_longer_has(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The palette's import offers the CLI's --mode: replace makes the store agree with the
    file (a claim tagged after the export is removed); merge, the default, would keep it."""
    monkeypatch.chdir(tmp_path)
    library = library_with_seed(tmp_path)
    annotate(library / SEED.name, "Dmitry Peskov", "claim")
    exported = tmp_path / "reviewed.jsonl"
    assert main(["export", "-o", str(exported), str(library)]) == 0
    annotate(library / SEED.name, "Interfax", "claim")  # tagged after the export
    app = rules_app([library])
    async with app.run_test(size=SIZE) as pilot:
        await open_first_document(pilot)
        await pilot.press("ctrl+p", *"import annotations", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ImportDialog))
        await pilot.press(*str(exported), "tab", "down", "space")  # the second mode: replace
        assert isinstance(app.screen, ImportDialog) and app.screen.mode == "replace"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "1 removed" in notifications(app))
        await wait_for(pilot, lambda: len(app.screen.query_one(AnnotationList).items) == 1)
    assert [r["quote"] for r in stored_records()] == ["Dmitry Peskov"]


async def test_escape_in_the_import_dialog_asks_before_dropping_a_typed_path() -> None:
    app = rules_app([SEED])
    async with app.run_test(size=SIZE) as pilot:
        await open_first_document(pilot)
        await pilot.press("ctrl+p", *"import annotations", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ImportDialog))
        await pilot.press(*"exports/alice.jsonl", "escape")
        assert isinstance(app.screen, DiscardChanges)  # asked, not closed
        await pilot.press("escape")  # keep editing: the path is still there
        assert isinstance(app.screen, ImportDialog)
        assert app.screen.query_one("#import-path", Input).value == "exports/alice.jsonl"
        await pilot.press("escape", "d")  # discard
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await pilot.press("ctrl+p", *"import annotations", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ImportDialog))
        await pilot.press("escape")  # nothing typed: closes at once
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))


async def test_palette_export_of_the_library_writes_a_copied_text_once_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = rules_app([library_with_a_copy(tmp_path)])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p", *"export the library as jsonl", "enter")
        await wait_for(pilot, lambda: "written to" in notifications(app))
        told = notifications(app)
        assert "1 annotation of 1 document written" in told
        assert "b.txt: the same text as " in told and "written once" in told


async def test_palette_claimreview_export_says_what_it_left_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A claim without a verdict is no review: the message must not say it was written."""
    monkeypatch.chdir(tmp_path)
    app = rules_app([library_with_seed(tmp_path)])
    async with app.run_test(size=SIZE) as pilot:
        await open_first_document(pilot)
        await pilot.press(")", ")", "s", "1")
        await wait_for(pilot, lambda: len(stored_records()) == 1)
        await pilot.press("ctrl+p", *"export this document as claimreview", "enter")
        await wait_for(pilot, lambda: "written to" in notifications(app))
        assert "0 claim reviews written; 1 annotation left out" in notifications(app)


def test_command_line_export_and_import_round_trip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    library = library_with_seed(tmp_path)
    assert main(["import", str(tmp_path / "missing.jsonl"), "--library", str(library)]) == 2
    brat = tmp_path / "brat"
    brat.mkdir()
    (brat / "seed.txt").write_text(SEED.read_text())
    (brat / "seed.ann").write_text("T1\tclaim 0 7\tElon Mu\n#1\tAnnotatorNotes T1\tcheck\n")
    assert main(["import", str(brat), "--library", str(library)]) == 0
    assert "1 added" in capsys.readouterr().out
    out = tmp_path / "all.jsonld"
    assert main(["export", "-f", "w3c", "-o", str(out), str(library)]) == 0
    assert "1 annotation of 1 document written" in capsys.readouterr().err
    [item] = json.loads(out.read_text())["first"]["items"]
    assert item["target"]["selector"][0]["exact"] == SEED.read_text()[:7]
    (tmp_path / "bad.jsonl").write_text("{not json\n")
    assert (
        main(["import", str(tmp_path / "bad.jsonl"), "-f", "jsonl", "--library", str(library)]) == 1
    )
    assert "bad.jsonl:1: not JSON" in capsys.readouterr().err
