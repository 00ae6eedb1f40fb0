"""The user's settings: ``config.toml`` in the user config folder, overridden by a
``.marginote.toml`` in a library folder. A file that cannot be read is reported, never fatal."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marginote.annotations.paths import config_file


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


def load_config(folders: Iterable[Path] = ()) -> Config:
    config = Config()
    for file in config_files(folders):
        try:
            data = tomllib.loads(file.text)
        except tomllib.TOMLDecodeError:
            continue  # reported when the app starts (labels.load_settings)
        for key, value in data.items():
            if isinstance(value, dict) and isinstance(config.values.get(key), dict):
                config.values[key] = {**config.values[key], **value}
            else:
                config.values[key] = value
    return config
