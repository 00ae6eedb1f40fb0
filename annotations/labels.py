"""The label set a user tags with, from ``[[labels]]`` tables in the config::

    [[labels]]
    name = "claim"
    key = "1"          # the key that tags with it: a digit, 1-9 or 0
    colour = "#b8860b"   # optional: else the next colour of a palette no label asks for

``config.toml`` in the user config folder, or ``.marginote.toml`` in a library folder (which wins).
A label with an unknown key or colour, or a key, colour or name another label already has, is
left out with a message naming the file and line; the others are used. No usable label at all:
the defaults (1 claim, 2 evidence, 3 quote, 4 opinion, 5 needs-source).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from marginote.annotations.config import (
    Checked,
    ConfigFile,
    KeyLines,
    LabelEntry,
    VerdictsSection,
    check_text,
    config_files,
)
from marginote.annotations.model import DEFAULT_LABELS, VERDICTS, Label, LabelSet
from marginote.annotations.sanitise import sanitise

TAG_KEYS = tuple("1234567890")
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3}")
#: Colours given, in order, to labels whose entry names none (the defaults' first, then more).
PALETTE = (
    *(label.colour for label in DEFAULT_LABELS.labels),
    "#d2691e",
    "#008b8b",
    "#c71585",
    "#6b8e23",
    "#4682b4",
)


def check_labels(checked: Checked, lines: KeyLines, source: str) -> tuple[list[Label], list[str]]:
    """The usable labels of a checked config file, and a message for each one left out."""
    labels: list[Label] = []
    problems: list[str] = []
    entries = [e for e in checked.sections.get("labels", []) if isinstance(e, LabelEntry)]
    asked = {c.lower() for e in entries if (c := e.colour or e.color) is not None}
    spare = (c for c in PALETTE if c.lower() not in asked)
    for index, entry in enumerate(checked.sections.get("labels", [])):
        if not isinstance(entry, LabelEntry):
            continue  # already reported by the schema check

        def problem(field: str, message: str, index: int = index) -> None:
            problems.append(f"{source}, line {lines.of('labels', index, field)}: {message}")

        name, key = entry.name, entry.key
        colour = entry.colour if entry.colour is not None else entry.color
        if colour is None:  # none asked for: the next colour of the palette no label asks for
            colour = next(spare, None)
        if not name.strip():
            problem("name", "a label needs a name")
        elif any(label.name == name for label in labels):
            problem("name", f"the label {name!r} is defined twice")
        elif key not in TAG_KEYS:
            problem("key", f"key {key!r} of {name!r} is not a digit 1-9 or 0 (the keys that tag)")
        elif clash := next((label for label in labels if label.key == key), None):
            problem("key", f"key {key!r} of {name!r} is already the key of {clash.name!r}")
        elif colour is None:
            problem("name", f'no colour left to give {name!r}: give it one like "#b8860b"')
        elif not _COLOUR.fullmatch(colour):
            field = "colour" if entry.color is None else "color"
            problem(field, f'colour {colour!r} of {name!r} is not a colour like "#b8860b"')
        elif clash := next(
            (label for label in labels if label.colour.lower() == colour.lower()), None
        ):
            problem(
                "colour", f"colour {colour} of {name!r} is already the colour of {clash.name!r}"
            )
        else:
            labels.append(Label(name.strip(), key, colour))
    return labels, problems


def parse_labels(text: str, source: str) -> tuple[list[Label], list[str]]:
    """The labels of one config file's text, and a message for each problem of the file."""
    checked = check_text(text, source)
    labels, problems = check_labels(checked, KeyLines(text), source)
    return labels, checked.problems + problems


@dataclass(frozen=True)
class VerdictScale:
    """The verdicts a claim can get, best first (``[verdicts]`` in the config)::

    [verdicts]
    name = "PolitiFact"
    scale = ["true", "mostly true", "half true", "mostly false", "false", "pants on fire"]
    off_scale = ["unverifiable"]   # verdicts with no place on the scale
    """

    name: str = "marginote"
    values: tuple[str, ...] = VERDICTS
    off_scale: frozenset[str] = frozenset({"unverifiable"})

    @property
    def rated(self) -> list[str]:
        """The verdicts on the scale, best first."""
        return [v for v in self.values if v not in self.off_scale]


def check_verdicts(
    checked: Checked, lines: KeyLines, source: str
) -> tuple[VerdictScale | None, list[str]]:
    """The ``[verdicts]`` scale of a checked config file (None when it sets none or a bad one)."""
    section = checked.sections.get("verdicts")
    if not isinstance(section, VerdictsSection):
        return None, []
    values = section.scale
    where = f"{source}, line {lines.of('verdicts', 0, 'scale')}"
    if not values or not all(v.strip() for v in values) or len(set(values)) != len(values):
        return None, [f"{where}: [verdicts] scale must be a list of different names"]
    extra = [v for v in section.off_scale if v not in values]
    scale = VerdictScale(section.name, tuple(values) + tuple(extra), frozenset(section.off_scale))
    return scale, []


def parse_verdicts(text: str, source: str) -> tuple[VerdictScale | None, list[str]]:
    """The ``[verdicts]`` scale of one config file's text (None when it sets none)."""
    return check_verdicts(check_text(text, source), KeyLines(text), source)


@dataclass(frozen=True)
class Settings:
    """What the config files set for a library, and what was wrong in them."""

    labels: LabelSet = DEFAULT_LABELS
    verdicts: VerdictScale = VerdictScale()
    label_problems: tuple[str, ...] = ()
    verdict_problems: tuple[str, ...] = ()


def load_settings(
    folders: Iterable[Path] = (), files: Sequence[ConfigFile] | None = None
) -> Settings:
    """Labels and verdict scale in force for a library (the library folder's file wins), and
    every problem of the files they come from. When labels are defined but none can be used,
    a problem says which labels are used instead (never the defaults without a word).
    ``files``: the files as ``config_files(folders)`` already read them (not read again)."""
    labels: list[Label] = []
    scale = VerdictScale()
    label_problems: list[str] = []
    verdict_problems: list[str] = []
    for file in config_files(folders) if files is None else files:
        if file.problem:
            label_problems.append(f"{file.path}: {file.problem}")
            continue
        source = str(file.path)
        checked, lines = check_text(file.text, source), KeyLines(file.text)
        found, problems = check_labels(checked, lines, source)
        label_problems += checked.problems + problems
        if checked.sections.get("labels") and not found:
            instead = "those of the file before" if labels else "the default labels"
            label_problems.append(f"{source}: no label of it can be used: {instead} are used")
        labels = found or labels
        chosen, problems = check_verdicts(checked, lines, source)
        verdict_problems += problems
        if problems:
            verdict_problems.append(f"{source}: the verdict scale {scale.name!r} is used instead")
        scale = chosen or scale
    return Settings(
        LabelSet(tuple(labels)) if labels else DEFAULT_LABELS,
        scale,
        tuple(label_problems),
        tuple(verdict_problems),
    )


def report_problems(problems: Iterable[str]) -> None:
    """Print config problems on standard error (the app also shows them on screen)."""
    import sys

    for problem in problems:
        print(f"marginote: {sanitise(problem)}", file=sys.stderr)


def load_labels(folders: Iterable[Path] = ()) -> tuple[LabelSet, list[str]]:
    """The label set in force for a library, and what was wrong in the files it came from."""
    settings = load_settings(folders)
    return settings.labels, list(settings.label_problems)


def load_verdicts(folders: Iterable[Path] = ()) -> tuple[VerdictScale, list[str]]:
    """The verdict scale in force (the library folder's wins), and what was wrong with it."""
    settings = load_settings(folders)
    return settings.verdicts, list(settings.verdict_problems)
