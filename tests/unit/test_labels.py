"""Label sets from the config: what a user writes, and the messages for what is wrong in it."""

from __future__ import annotations

from pathlib import Path

import pytest

from marginote.annotations.labels import load_labels, parse_labels
from marginote.annotations.model import DEFAULT_LABELS

GOOD = """
[[labels]]
name = "claim"
key = "1"
colour = "#b8860b"

[[labels]]
name = "statistic"
key = "0"
colour = "#00aaff"
"""


def test_labels_come_from_the_file_in_its_order() -> None:
    labels, problems = parse_labels(GOOD, "config.toml")
    assert [(label.name, label.key, label.colour) for label in labels] == [
        ("claim", "1", "#b8860b"),
        ("statistic", "0", "#00aaff"),
    ]
    assert problems == []


def test_unknown_and_clashing_keys_and_colours_are_named_by_line() -> None:
    text = (
        GOOD
        + """
[[labels]]
name = "rumour"
key = "1"
colour = "#123456"

[[labels]]
name = "satire"
key = "x"
colour = "#654321"

[[labels]]
name = "spin"
key = "7"
colour = "#00AAFF"

[[labels]]
name = "hearsay"
key = "8"
colour = "reddish"
"""
    )
    labels, problems = parse_labels(text, "lib/m.toml")
    assert [label.name for label in labels] == ["claim", "statistic"]
    assert problems == [
        "lib/m.toml, line 14: key '1' of 'rumour' is already the key of 'claim'",
        "lib/m.toml, line 19: key 'x' of 'satire' is not a digit 1-9 or 0 (the keys that tag)",
        "lib/m.toml, line 25: colour #00AAFF of 'spin' is already the colour of 'statistic'",
        "lib/m.toml, line 30: colour 'reddish' of 'hearsay' is not a colour like \"#b8860b\"",
    ]


def test_the_library_folder_wins_and_a_broken_file_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = tmp_path / "config.toml"
    user.write_text('[[labels]]\nname = "mine"\nkey = "1"\ncolour = "#111111"\n')
    monkeypatch.setenv("MARGINOTE_CONFIG", str(user))
    assert [label.name for label in load_labels()[0].labels] == ["mine"]
    library = tmp_path / "library"
    library.mkdir()
    (library / ".marginote.toml").write_text(GOOD)
    assert [label.name for label in load_labels([library])[0].labels] == ["claim", "statistic"]
    (library / ".marginote.toml").write_text("[[labels]\nname=")
    labels, problems = load_labels([library])
    assert labels.labels[0].name == "mine" and "line 1" in problems[0]
    user.unlink()
    assert load_labels([library])[0] == DEFAULT_LABELS


def test_a_named_verdict_scale_from_the_config_rates_claim_reviews(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from marginote.annotations.exchange.claimreview import rating
    from marginote.annotations.labels import VerdictScale, load_verdicts

    assert load_verdicts([tmp_path]) == (VerdictScale(), [])
    (tmp_path / ".marginote.toml").write_text(
        '[verdicts]\nname = "PolitiFact"\n'
        'scale = ["true", "mostly true", "half true", "mostly false", "false", "pants on fire"]\n'
        'off_scale = ["unverifiable"]\n'
    )
    scale, problems = load_verdicts([tmp_path])
    assert problems == [] and scale.name == "PolitiFact"
    assert scale.values[-1] == "unverifiable" and len(scale.rated) == 6
    assert rating("pants on fire", scale) == {
        "@type": "Rating",
        "alternateName": "pants on fire",
        "ratingValue": 1,
        "bestRating": 6,
        "worstRating": 1,
    }
    assert "ratingValue" not in rating("unverifiable", scale)
    (tmp_path / ".marginote.toml").write_text('[verdicts]\nscale = ["true", "true"]\n')
    assert "must be a list of different names" in load_verdicts([tmp_path])[1][0]


def test_a_label_without_a_colour_gets_one_no_other_label_asks_for() -> None:
    text = """
[[labels]]
name = "statistic"
key = "1"

[[labels]]
name = "claim"
key = "2"
colour = "#b8860b"
"""
    labels, problems = parse_labels(text, "config.toml")
    assert problems == []
    [statistic, claim] = labels
    assert statistic.name == "statistic" and statistic.key == "1"
    assert statistic.colour.lower() != claim.colour.lower() == "#b8860b"
