"""Who is annotating: ``$MARGINOTE_AUTHOR``, else the config's ``[user] name``, else the login
name. Read once per config file version (every new annotation asks)."""

from __future__ import annotations

import getpass
import os

from marginote.annotations.config import load_config
from marginote.annotations.paths import config_file

_cache: dict[tuple[str, int, int], str] = {}


def _stamp() -> tuple[str, int, int]:
    path = config_file()
    try:
        st = path.stat()
    except OSError:
        return str(path), 0, 0
    return str(path), st.st_mtime_ns, st.st_size


def configured_name() -> str:
    """``[user] name`` from the user's config file, or "" (only the user's own file: a library
    folder's ``.marginote.toml`` does not say who you are)."""
    stamp = _stamp()
    if stamp not in _cache:
        _cache.clear()
        name = load_config().section("user").get("name")
        _cache[stamp] = name.strip() if isinstance(name, str) else ""
    return _cache[stamp]


def author_name() -> str:
    """The name new annotations are signed with."""
    from_env = os.environ.get("MARGINOTE_AUTHOR", "").strip()
    if from_env:
        return from_env
    if configured := configured_name():
        return configured
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
