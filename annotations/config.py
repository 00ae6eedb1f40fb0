"""The user's settings: ``config.toml`` in the user config folder, overridden by a
``.marginote.toml`` in a library folder. A file that cannot be read is reported, never fatal."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotations.paths import config_file


@dataclass
class Config:
    values: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def section(self, name: str) -> dict[str, Any]:
        value = self.values.get(name)
        return value if isinstance(value, dict) else {}


def load_config(folders: Iterable[Path] = ()) -> Config:
    config = Config()
    for path in [config_file(), *(Path(f) / ".marginote.toml" for f in folders)]:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            continue
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            config.problems.append(f"{path}: {error}")
            continue
        for key, value in data.items():
            if isinstance(value, dict) and isinstance(config.values.get(key), dict):
                config.values[key] = {**config.values[key], **value}
            else:
                config.values[key] = value
    return config
