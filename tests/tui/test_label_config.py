"""Labels from the library folder's .marginote.toml, used by their keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from marginote.annotations.entities import RuleRecognizer
from marginote.tui.app import MarginoteApp
from tests.conftest import library_with_seed
from tests.tui.helpers import SIZE, notifications, open_first_document, stored_records, wait_for


async def test_a_label_from_the_library_config_tags_with_its_key(tmp_path: Path) -> None:
    library = library_with_seed(tmp_path)
    (library / ".marginote.toml").write_text(
        '[[labels]]\nname = "statistic"\nkey = "0"\ncolour = "#00aaff"\n\n'
        '[[labels]]\nname = "rumour"\nkey = "0"\ncolour = "#123456"\n'
    )
    app = MarginoteApp([library], recognizer_loader=lambda: (RuleRecognizer(), None))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: "already the key of 'statistic'" in notifications(app))
        assert "line 8" in notifications(app)
        await open_first_document(pilot)
        await pilot.press(")", ")", "s", "0")
        [record] = stored_records()
        assert record["label"] == "statistic"
        await pilot.press("s", "1")  # "1" is no longer a label here
        assert len(stored_records()) == 1
        assert "No label on key 1" in notifications(app)


async def test_the_edit_dialog_offers_the_configured_verdict_scale(tmp_path: Path) -> None:
    library = library_with_seed(tmp_path)
    (library / ".marginote.toml").write_text(
        '[verdicts]\nname = "PolitiFact"\nscale = ["true", "half true", "pants on fire"]\n'
    )
    app = MarginoteApp([library], recognizer_loader=lambda: (RuleRecognizer(), None))
    async with app.run_test(size=SIZE) as pilot:
        await open_first_document(pilot)
        await pilot.press(")", "s", "1", "enter")
        verdict = app.screen.query_one("#edit-verdict")
        assert [str(option[0]) for option in verdict._options[1:]] == [
            "true",
            "half true",
            "pants on fire",
        ]
        await pilot.press("enter", "down", "down", "down", "enter", "ctrl+s")
        await pilot.pause()
        assert stored_records()[0]["attrs"]["verdict"] == "pants on fire"


async def test_a_scheme_that_cannot_be_used_is_said_on_screen_and_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    library = library_with_seed(tmp_path)
    (library / ".marginote.toml").write_text(
        '[[label]]\nname = "claim"\n\n[[labels]]\nname = "statistic"\nkey = 2\ncolour = "#00aaff"\n'
    )
    app = MarginoteApp([library], recognizer_loader=lambda: (RuleRecognizer(), None))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: "the default labels are used" in notifications(app))
        assert "did you mean [[labels]]?" in notifications(app)
    err = capsys.readouterr().err
    assert "line 6: key = 2 in [[labels]] 'statistic' must be a string" in err
    assert "no label of it can be used: the default labels are used" in err
