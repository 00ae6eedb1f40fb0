"""The user's settings: ``config.toml`` in the user config folder, overridden by a
``.marginote.toml`` in a library folder. A file that cannot be read is reported, never fatal.

Every file is checked against a schema (msgspec structs, below): a section or field the schema
does not know, or a value of the wrong type, is a problem named by file and line, with the
nearest known name as a suggestion ("did you mean [[labels]]?"); what is wrong is left out, never
silently replaced. ``marginote config check`` prints the settings in force and every problem."""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import msgspec

from marginote.annotations.paths import config_file


class LabelEntry(msgspec.Struct, forbid_unknown_fields=True):
    """One ``[[labels]]`` table."""

    name: str
    key: str
    colour: str | None = None
    color: str | None = None


class VerdictsSection(msgspec.Struct, forbid_unknown_fields=True):
    """``[verdicts]``: the scale a claim is rated on, best first."""

    scale: list[str]
    name: str = "custom"
    off_scale: list[str] = []


class ClaimReviewSection(msgspec.Struct, forbid_unknown_fields=True):
    """``[claimreview]``: who publishes the ClaimReview export."""

    author: str = ""
    author_type: Literal["Organization", "Person"] = "Organization"
    url: str = ""
    appearance_url: str = ""


class UserSection(msgspec.Struct, forbid_unknown_fields=True):
    """``[user]``: who you are, written as the author of your annotations in exports."""

    name: str = ""
    organisation: str = ""


class SyncSection(msgspec.Struct, forbid_unknown_fields=True):
    """``[sync]``: the team server."""

    url: str = ""
    sslmode: str = ""
    interval: float = 3.0  # seconds between background syncs


#: Each section the config may hold, and its schema; ``labels`` is an array of tables.
SECTIONS: dict[str, type[msgspec.Struct]] = {
    "labels": LabelEntry,
    "verdicts": VerdictsSection,
    "claimreview": ClaimReviewSection,
    "user": UserSection,
    "sync": SyncSection,
}
ARRAYS = frozenset({"labels"})
#: Tables whose keys are not fixed, checked where they are used: ``[keys]`` gives a key binding
#: (by its id) other keys, ``"reader.undo" = "u,ctrl+z"`` (see ``tui/keymap.py``).
OPEN_TABLES = frozenset({"keys"})
KNOWN_SECTIONS = sorted({*SECTIONS, *OPEN_TABLES})


def _shown_section(name: str) -> str:
    return f"[[{name}]]" if name in ARRAYS else f"[{name}]"


def _suggestion(name: str, known: Iterable[str], shown: Any = str) -> str:
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f" (did you mean {shown(close[0])}?)" if close else ""


class KeyLines:
    """Where each table and key of a TOML text is: lines counted from 1."""

    _HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?")
    _KEY = re.compile(r"""^\s*("[^"]*"|'[^']*'|[\w.-]+)\s*=""")

    def __init__(self, text: str) -> None:
        self.tables: dict[tuple[str, int], int] = {}
        self.keys: dict[tuple[str, int, str], int] = {}
        counts: dict[str, int] = {}
        current: tuple[str, int] = ("", 0)
        for number, line in enumerate(text.splitlines(), 1):
            if header := self._HEADER.match(line):
                name = header.group(2).strip().strip("\"'")
                index = counts.get(name, -1) + 1 if header.group(1) == "[[" else 0
                counts[name] = index
                current = (name, index)
                self.tables.setdefault(current, number)
            elif key := self._KEY.match(line):
                self.keys.setdefault((*current, key.group(1).strip("\"'")), number)

    def of(self, section: str, index: int = 0, key: str | None = None) -> int:
        """The line of ``key`` in the section's ``index``-th table (its header without a key;
        a key at the top of the file when ``section`` is "")."""
        if key is not None and (found := self.keys.get((section, index, key))):
            return found
        return self.tables.get((section, index)) or self.keys.get(("", 0, section), 0)


_EXPECTED = re.compile(r"Expected `(\w+)`, got `(\w+)`(?: - at `\$\.?([^`]*)`)?")
_UNKNOWN = re.compile(r"Object contains unknown field `([^`]+)`")
_CHOICE = re.compile(r"Invalid enum value (.+) - at `\$\.(\w+)`")
_MISSING = re.compile(r"Object missing required field `([^`]+)`")
_WORDS = {
    "str": "a string",
    "int": "a whole number",
    "float": "a number",
    "bool": "true or false",
    "array": "a list",
    "object": "a table",
}


def _validate(
    value: Any, schema: type[msgspec.Struct], where: str, line_of: Any
) -> tuple[msgspec.Struct | None, list[str]]:
    """``value`` as ``schema``, and a message for each problem; a field in error is left out and
    the rest checked again (so every problem is named), None when it cannot be used at all."""
    problems: list[str] = []
    if not isinstance(value, dict):
        return None, [f"{line_of(None)}: {where} must be a table"]
    value = dict(value)
    known = list(schema.__struct_fields__)
    required = known[: len(known) - len(schema.__struct_defaults__)]
    for _ in range(len(value) + len(known) + 1):
        try:
            return msgspec.convert(value, schema), problems
        except msgspec.ValidationError as error:
            message = str(error)
        if found := _UNKNOWN.match(message):
            name = found.group(1)
            problems.append(
                f"{line_of(name)}: unknown field {name!r} in {where}"
                f"{_suggestion(name, known, repr)}; known: {', '.join(known)}"
            )
            value.pop(name, None)
        elif found := _EXPECTED.match(message):
            expected, got, at = found.groups()
            name = re.split(r"[.\[]", at or "")[0]
            if name not in value:
                problems.append(f"{line_of(None)}: {where}: {message}")
                return None, problems
            wanted = _WORDS.get(expected, expected)
            if "[" in (at or ""):  # an item of a list
                wanted, got = "a list of strings", f"a list holding {_WORDS.get(got, got)}"
            elif expected == "array":
                wanted = "a list of strings"
            problems.append(
                f"{line_of(name)}: {name} = {_toml(value[name])} in {where} must be {wanted}, "
                f"not {_WORDS.get(got, got)}; "
                + (f"the whole {where} is left out" if name in required else "left out")
            )
            if name in required:
                return None, problems
            value.pop(name)
        elif (found := _CHOICE.match(message)) and found.group(2) in value:
            name = found.group(2)
            choices = ", ".join(_choices(schema, name))
            problems.append(
                f"{line_of(name)}: {name} = {_toml(value[name])} in {where} must be one of "
                f"{choices}; left out"
            )
            value.pop(name)
        elif found := _MISSING.match(message):
            problems.append(f"{line_of(None)}: {where} needs {found.group(1)!r}; left out")
            return None, problems
        else:
            problems.append(f"{line_of(None)}: {where}: {message}")
            return None, problems
    return None, problems


def _choices(schema: type[msgspec.Struct], name: str) -> list[str]:
    """The values a Literal field allows."""
    import msgspec.inspect as mi

    info = mi.type_info(schema)
    for f in getattr(info, "fields", ()):
        if f.name == name and isinstance(f.type, mi.LiteralType):
            return [str(v) for v in f.type.values]
    return []


def _toml(value: Any) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    return repr(value)


@dataclass
class Checked:
    """One config file's settings as the schema allows them, and what was wrong in it."""

    sections: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    #: The fields each (non-array) section of the file sets.
    given: dict[str, set[str]] = field(default_factory=dict)


def check_text(text: str, source: str) -> Checked:
    """A config file's text checked against the schema. Problems read
    ``SOURCE, line N: what is wrong`` (with a suggestion when a name is close to a known one)."""
    checked = Checked()
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        checked.problems.append(f"{source}: not valid TOML: {error}; the whole file is ignored")
        return checked
    lines = KeyLines(text)
    for name, value in data.items():
        schema = SECTIONS.get(name)
        if name in OPEN_TABLES:
            if isinstance(value, dict):
                checked.sections[name] = value
                checked.given[name] = set(value)
            else:
                checked.problems.append(
                    f"{source}, line {lines.of(name)}: {name} must be a [{name}] table"
                )
            continue
        if schema is None:
            line = lines.of(name)
            shown = f"[[{name}]]" if isinstance(value, list) else f"[{name}]"
            checked.problems.append(
                f"{source}, line {line}: unknown section {shown}"
                f"{_suggestion(name, KNOWN_SECTIONS, _shown_section)}; it is ignored"
            )
            continue
        if name in ARRAYS:
            if not isinstance(value, list):
                checked.problems.append(
                    f"{source}, line {lines.of(name)}: {name} must be [[{name}]] tables"
                )
                continue
            entries = []
            for index, entry in enumerate(value):
                title = entry.get("name") if isinstance(entry, dict) else None
                where = f"[[{name}]] {title!r}" if isinstance(title, str) else f"[[{name}]]"
                found, problems = _validate(
                    entry,
                    schema,
                    where,
                    lambda key, i=index, n=name: f"{source}, line {lines.of(n, i, key)}",
                )
                checked.problems += problems
                entries.append(found)  # None keeps the place (and line) of a bad entry
            checked.sections[name] = entries
        else:
            found, problems = _validate(
                value,
                schema,
                _shown_section(name),
                lambda key, n=name: f"{source}, line {lines.of(n, 0, key)}",
            )
            checked.problems += problems
            if found is not None:
                checked.sections[name] = found
                checked.given[name] = set(value) if isinstance(value, dict) else set()
    return checked


@dataclass
class Config:
    values: dict[str, Any] = field(default_factory=dict)

    def section(self, name: str) -> dict[str, Any]:
        value = self.values.get(name)
        return value if isinstance(value, dict) else {}


@dataclass(frozen=True)
class ConfigFile:
    """One config file that exists: its text, or why it could not be read."""

    path: Path
    text: str = ""
    problem: str = ""


def config_files(folders: Iterable[Path] = ()) -> list[ConfigFile]:
    """The user's config file, then each library folder's ``.marginote.toml`` (later ones win),
    those that exist, each read once."""
    found = []
    for path in [config_file(), *(Path(f) / ".marginote.toml" for f in folders)]:
        try:
            found.append(ConfigFile(path, path.read_text(encoding="utf-8")))
        except FileNotFoundError:
            continue
        except (OSError, UnicodeDecodeError) as error:
            found.append(ConfigFile(path, problem=f"cannot be read ({error})"))
    return found


def load_config(
    folders: Iterable[Path] = (), files: Sequence[ConfigFile] | None = None
) -> Config:
    """The settings of every config file (later files win, section by section), as the schema
    allows them: a section or field with a problem is left out (see ``check_text``). ``files``:
    the files as ``config_files(folders)`` already read them (not read again)."""
    config = Config()
    for file in config_files(folders) if files is None else files:
        if file.problem:
            continue
        checked = check_text(file.text, str(file.path))
        for key, value in checked.sections.items():
            if key in ARRAYS:
                config.values[key] = [msgspec.to_builtins(v) for v in value if v is not None]
                continue
            # only what the file sets: a default of the schema does not undo another file's value
            given = checked.given.get(key, set())
            values = {k: v for k, v in msgspec.to_builtins(value).items() if k in given}
            config.values[key] = {**config.section(key), **values}
    return config
