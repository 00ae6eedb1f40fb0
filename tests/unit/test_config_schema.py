"""The config is checked against a schema: every mistake is named by file and line, with a
suggestion, and the defaults never come back without a word; ``marginote config check``."""

from __future__ import annotations

from pathlib import Path

import pytest

from marginote.annotations.config import check_text, load_config
from marginote.annotations.labels import load_settings
from marginote.tui.cli import main

SCHEME = """[[labels]]
name = "claim"
key = "1"
colour = "#b8860b"

[[labels]]
name = "statistic"
key = "2"
colour = "#00aaff"
"""


def problems_of(text: str) -> list[str]:
    return check_text(text, "lib/.marginote.toml").problems


def test_invalid_toml_is_reported_with_its_line() -> None:
    [problem] = problems_of('[[labels]]\nname = "claim\n')
    assert problem.startswith("lib/.marginote.toml: not valid TOML:")
    assert "line 2" in problem and "the whole file is ignored" in problem


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '[[label]]\nname = "claim"\n',
            "lib/.marginote.toml, line 1: unknown section [[label]] (did you mean [[labels]]?)",
        ),
        (
            '\n[verdict]\nscale = ["true"]\n',
            "lib/.marginote.toml, line 2: unknown section [verdict] (did you mean [verdicts]?)",
        ),
        (
            SCHEME + 'shortcut = "3"\n',
            "lib/.marginote.toml, line 10: unknown field 'shortcut' in [[labels]] 'statistic'",
        ),
        (
            '[verdicts]\nscale = ["true", "false"]\noff_scale = "not checkable"\n',
            'lib/.marginote.toml, line 3: off_scale = "not checkable" in [verdicts] must be a '
            "list of strings, not a string",
        ),
        (
            SCHEME.replace('key = "2"', "key = 5"),
            "lib/.marginote.toml, line 8: key = 5 in [[labels]] 'statistic' must be a string, "
            "not a whole number; the whole [[labels]] 'statistic' is left out",
        ),
        (
            '[user]\nname = "Ana"\norganization = "Fact Desk"\n',
            "lib/.marginote.toml, line 3: unknown field 'organization' in [user] "
            "(did you mean 'organisation'?)",
        ),
        (
            '[claimreview]\nauthor_type = "Company"\n',
            'lib/.marginote.toml, line 2: author_type = "Company" in [claimreview] must be one '
            "of Organization, Person",
        ),
    ],
    ids=[
        "label-section",
        "verdict-section",
        "unknown-field",
        "string-for-list",
        "number-key",
        "user-typo",
        "bad-choice",
    ],
)
def test_each_mistake_is_named_with_file_line_and_a_suggestion(text: str, expected: str) -> None:
    problems = problems_of(text)
    assert any(p.startswith(expected) for p in problems), problems


def test_a_scheme_that_cannot_be_used_says_the_defaults_are_back(tmp_path: Path) -> None:
    (tmp_path / ".marginote.toml").write_text(SCHEME.replace('"1"', "1").replace('"2"', "2"))
    settings = load_settings([tmp_path])
    assert [label.name for label in settings.labels.labels][:2] == ["claim", "evidence"]
    assert settings.label_problems[-1] == (
        f"{tmp_path / '.marginote.toml'}: no label of it can be used: the default labels are used"
    )


def test_the_off_scale_string_is_not_spelt_into_verdicts(tmp_path: Path) -> None:
    (tmp_path / ".marginote.toml").write_text(
        '[verdicts]\nscale = ["true", "false"]\noff_scale = "not checkable"\n'
    )
    scale = load_settings([tmp_path]).verdicts
    assert scale.values == ("true", "false")  # not n, o, t, ...


def test_the_keys_table_is_passed_on_to_the_keymap(tmp_path: Path) -> None:
    (tmp_path / ".marginote.toml").write_text('[keys]\n"reader.undo" = "u,ctrl+z"\n')
    assert load_config([tmp_path]).section("keys") == {"reader.undo": "u,ctrl+z"}
    assert problems_of('[keys]\n"reader.undo" = "u"\n') == []


def test_a_section_with_a_wrong_field_keeps_its_good_ones(tmp_path: Path) -> None:
    (tmp_path / ".marginote.toml").write_text('[user]\nname = "Ana"\nnmae = "x"\n')
    assert load_config([tmp_path]).section("user") == {"name": "Ana"}


def test_config_check_prints_the_scheme_and_every_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / ".marginote.toml").write_text(SCHEME)
    assert main(["config", "check", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "  1  claim  #b8860b\n  2  statistic  #00aaff\n" in out and "No problem." in out
    (tmp_path / ".marginote.toml").write_text(SCHEME + "\n[[label]]\nname = 'x'\n")
    assert main(["config", "check", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert "1 problem:" in captured.err and "did you mean [[labels]]?" in captured.err
    assert "2  statistic" in captured.out  # the good labels are still in force, and shown
    assert main(["config", "check", str(tmp_path / ".marginote.toml")]) == 1


def test_config_check_reads_each_config_file_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The files listed, the labels and the user shown all come from one reading of each file
    (a file saved while the check runs cannot make them disagree)."""
    (tmp_path / "config.toml").write_text('[user]\nname = "Ana"\n')  # the user's (conftest)
    (tmp_path / ".marginote.toml").write_text(SCHEME)
    reads: list[str] = []
    read_text = Path.read_text

    def counted(path: Path, encoding: str | None = None, errors: str | None = None) -> str:
        if path.name in ("config.toml", ".marginote.toml"):
            reads.append(path.name)
        return read_text(path, encoding=encoding, errors=errors)

    monkeypatch.setattr(Path, "read_text", counted)
    assert main(["config", "check", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "2  statistic" in out and "User: Ana" in out
    assert sorted(reads) == [".marginote.toml", "config.toml"]


def test_an_unknown_label_on_the_command_line_is_an_error_listing_the_known_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_status:
        main(["export", "-l", "claims", str(tmp_path)])
    assert exit_status.value.code == 2
    assert (
        "unknown label 'claims': the labels are claim, evidence, quote, opinion, needs-source"
        in capsys.readouterr().err
    )
