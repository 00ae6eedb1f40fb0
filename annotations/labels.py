"""The label set a user tags with, from ``[[labels]]`` tables in the config::

    [[labels]]
    name = "claim"
    key = "1"          # the key that tags with it: a digit, 1-9 or 0
    colour = "#b8860b"

``config.toml`` in the user config folder, or ``.marginote.toml`` in a library folder (which wins).
A label with an unknown key or colour, or a key, colour or name another label already has, is
left out with a message naming the file and line; the others are used. No usable label at all:
the defaults (1 claim, 2 evidence, 3 quote, 4 opinion, 5 needs-source).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from marginote.annotations.config import config_files
from marginote.annotations.model import DEFAULT_LABELS, VERDICTS, Label, LabelSet

TAG_KEYS = tuple("1234567890")
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3}")


def _table_lines(text: str) -> list[tuple[int, dict[str, int]]]:
    """For each ``[[labels]]`` table: its header's line, and the line of each of its keys."""
    tables: list[tuple[int, dict[str, int]]] = []
    current: dict[str, int] | None = None
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("["):
            current = {} if stripped.replace(" ", "") == "[[labels]]" else None
            if current is not None:
                tables.append((number, current))
        elif current is not None and "=" in stripped and not stripped.startswith("#"):
            current.setdefault(stripped.split("=", 1)[0].strip().strip('"'), number)
    return tables


def parse_labels(text: str, source: str) -> tuple[list[Label], list[str]]:
    """The labels of one config file's text, and a message for each one left out."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return [], [f"{source}: {error}"]
    entries = data.get("labels")
    if entries is None:
        return [], []
    if not isinstance(entries, list):
        return [], [f"{source}: labels must be [[labels]] tables"]
    lines = _table_lines(text)
    labels: list[Label] = []
    problems: list[str] = []
    for i, entry in enumerate(entries):
        header, at = lines[i] if i < len(lines) else (0, {})

        def problem(
            field: str, message: str, at: dict[str, int] = at, header: int = header
        ) -> None:
            problems.append(f"{source}, line {at.get(field, header)}: {message}")

        name, key, colour = (
            entry.get("name"),
            entry.get("key"),
            entry.get("colour", entry.get("color")),
        )
        if not isinstance(name, str) or not name.strip():
            problem("name", "a label needs a name")
        elif any(label.name == name for label in labels):
            problem("name", f"the label {name!r} is defined twice")
        elif not isinstance(key, str) or key not in TAG_KEYS:
            problem("key", f"key {key!r} of {name!r} is not a digit 1-9 or 0 (the keys that tag)")
        elif clash := next((label for label in labels if label.key == key), None):
            problem("key", f"key {key!r} of {name!r} is already the key of {clash.name!r}")
        elif not isinstance(colour, str) or not _COLOUR.fullmatch(colour):
            problem("colour", f'colour {colour!r} of {name!r} is not a colour like "#b8860b"')
        elif clash := next(
            (label for label in labels if label.colour.lower() == colour.lower()), None
        ):
            problem(
                "colour", f"colour {colour} of {name!r} is already the colour of {clash.name!r}"
            )
        else:
            labels.append(Label(name.strip(), key, colour))
    return labels, problems


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


def parse_verdicts(text: str, source: str) -> tuple[VerdictScale | None, list[str]]:
    """The ``[verdicts]`` scale of one config file's text (None when it sets none)."""
    try:
        section = tomllib.loads(text).get("verdicts")
    except tomllib.TOMLDecodeError:
        return None, []  # reported with the labels, once
    if section is None:
        return None, []
    values = section.get("scale") if isinstance(section, dict) else None
    if not (
        isinstance(values, list)
        and values
        and all(isinstance(v, str) and v.strip() for v in values)
        and len(set(values)) == len(values)
    ):
        return None, [f"{source}: [verdicts] scale must be a list of different names"]
    off = section.get("off_scale", [])
    extra = [v for v in off if isinstance(v, str) and v not in values]
    scale = VerdictScale(
        str(section.get("name", "custom")),
        tuple(values) + tuple(extra),
        frozenset(v for v in off if isinstance(v, str)),
    )
    return scale, []


@dataclass(frozen=True)
class Settings:
    """What the config files set for a library, and what was wrong in them."""

    labels: LabelSet = DEFAULT_LABELS
    verdicts: VerdictScale = VerdictScale()
    label_problems: tuple[str, ...] = ()
    verdict_problems: tuple[str, ...] = ()


def load_settings(folders: Iterable[Path] = ()) -> Settings:
    """Labels and verdict scale in force for a library (the library folder's file wins)."""
    labels: list[Label] = []
    scale = VerdictScale()
    label_problems: list[str] = []
    verdict_problems: list[str] = []
    for file in config_files(folders):
        if file.problem:
            label_problems.append(f"{file.path}: {file.problem}")
            continue
        found, problems = parse_labels(file.text, str(file.path))
        label_problems += problems
        labels = found or labels
        chosen, problems = parse_verdicts(file.text, str(file.path))
        verdict_problems += problems
        scale = chosen or scale
    return Settings(
        LabelSet(tuple(labels)) if labels else DEFAULT_LABELS,
        scale,
        tuple(label_problems),
        tuple(verdict_problems),
    )


def load_labels(folders: Iterable[Path] = ()) -> tuple[LabelSet, list[str]]:
    """The label set in force for a library, and what was wrong in the files it came from."""
    settings = load_settings(folders)
    return settings.labels, list(settings.label_problems)


def load_verdicts(folders: Iterable[Path] = ()) -> tuple[VerdictScale, list[str]]:
    """The verdict scale in force (the library folder's wins), and what was wrong with it."""
    settings = load_settings(folders)
    return settings.verdicts, list(settings.verdict_problems)
