"""Where marginote keeps its files: annotations in the data dir, entity caches in the cache dir."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs


def data_dir() -> Path:
    """``$MARGINOTE_DATA_DIR`` when set, else the platform's user data folder."""
    return Path(os.environ.get("MARGINOTE_DATA_DIR") or platformdirs.user_data_dir("marginote"))


def cache_dir() -> Path:
    """``$MARGINOTE_CACHE_DIR`` when set, else the platform's user cache folder."""
    return Path(os.environ.get("MARGINOTE_CACHE_DIR") or platformdirs.user_cache_dir("marginote"))


def config_file() -> Path:
    """``$MARGINOTE_CONFIG`` when set, else ``config.toml`` in the platform's user config folder."""
    configured = os.environ.get("MARGINOTE_CONFIG")
    return Path(configured or Path(platformdirs.user_config_dir("marginote")) / "config.toml")
