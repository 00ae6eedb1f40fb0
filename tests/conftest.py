"""Every test runs with its own data and cache folders (never the user's)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "musk-peace-poll.txt"


@pytest.fixture(autouse=True)
def private_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MARGINOTE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("MARGINOTE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("MARGINOTE_CONFIG", str(tmp_path / "config.toml"))  # none: the defaults
    monkeypatch.delenv("MARGINOTE_RECOGNIZER", raising=False)
    return tmp_path


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def library_with_seed(root: Path, name: str = SEED.name) -> Path:
    """A library folder under ``root`` holding a copy of the seed article as ``name``."""
    library = root / "library"
    library.mkdir()
    shutil.copy(SEED, library / name)
    return library
