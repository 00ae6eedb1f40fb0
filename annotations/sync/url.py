"""The server's address: found, checked and never shown with its password.

Where the URL comes from, first found wins: the command line, ``$MARGINOTE_SYNC_URL``, the
config's ``[sync] url``. A password may come from the URL, ``$PGPASSWORD`` or ``~/.pgpass`` (libpq
reads both). A config file whose URL carries a password must be readable by its owner only: a
file others can read is refused. ``[sync] sslmode`` (or ``sslmode=`` in the URL) is passed on.
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from marginote.annotations.config import config_files

SSLMODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")


class SyncSetupError(ValueError):
    """A sync address that cannot be used; the message says why, without the password."""


@dataclass(frozen=True)
class ServerAddress:
    url: str
    #: Where the URL came from ("the command line", "$MARGINOTE_SYNC_URL", a config file's path).
    origin: str
    sslmode: str = ""

    @property
    def shown(self) -> str:
        return redact(self.url)


_USERINFO = re.compile(r"(?P<scheme>postgres(?:ql)?://)(?P<user>[^:@/?#]*):(?P<pw>[^@/?#]*)@")
_KEYWORD = re.compile(r"(?i)(password\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s&]*)")


def redact(text: str) -> str:
    """``text`` (a URL, a conninfo string, an error message) with every password replaced."""
    text = _USERINFO.sub(lambda m: f"{m['scheme']}{m['user']}:***@", text)
    return _KEYWORD.sub(lambda m: f"{m.group(1)}***", text)


def password_of(url: str) -> str:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    return parts.password or query.get("password", "")


def scrub(message: str, address: ServerAddress | None) -> str:
    """An error message safe to show on one line: redacted, and the password removed even if
    quoted raw."""
    message = redact(" ".join(message.split()))
    secret = password_of(address.url) if address else ""
    return message.replace(secret, "***") if secret else message


def _check_url(url: str, origin: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("postgresql", "postgres"):
        raise SyncSetupError(f"{origin}: not a PostgreSQL URL (postgresql://user@host/database)")
    query = dict(parse_qsl(parts.query))
    mode = query.get("sslmode", "")
    if mode and mode not in SSLMODES:
        raise SyncSetupError(f"{origin}: unknown sslmode {mode!r} (one of {', '.join(SSLMODES)})")
    return url


def _private(path: Path) -> bool:
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not mode & (stat.S_IRWXG | stat.S_IRWXO)


def _from_config() -> tuple[str, str, str] | None:
    """(url, sslmode, file) of the last config file with a ``[sync] url``."""
    found = None
    for file in config_files():
        try:
            section = tomllib.loads(file.text).get("sync")
        except tomllib.TOMLDecodeError:
            continue
        if isinstance(section, dict) and isinstance(section.get("url"), str):
            found = (section["url"], str(section.get("sslmode") or ""), str(file.path))
    return found


def find_address(given: str | None = None) -> ServerAddress | None:
    """The server to sync with, or None when none is configured."""
    if given:
        return ServerAddress(_check_url(given, "the command line"), "the command line")
    if env := os.environ.get("MARGINOTE_SYNC_URL"):
        return ServerAddress(_check_url(env, "$MARGINOTE_SYNC_URL"), "$MARGINOTE_SYNC_URL")
    configured = _from_config()
    if configured is None:
        return None
    url, sslmode, file = configured
    _check_url(url, file)
    if password_of(url) and not _private(Path(file)):
        raise SyncSetupError(
            f"{file} holds a database password but others can read it: "
            f"run chmod 600 {file}, or move the password to ~/.pgpass or $PGPASSWORD"
        )
    if sslmode and sslmode not in SSLMODES:
        raise SyncSetupError(f"{file}: unknown sslmode {sslmode!r}")
    return ServerAddress(url, file, sslmode)


def with_database(url: str, database: str) -> str:
    """``url`` pointing at another database of the same server (tests, benchmarks)."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{database}", query=urlencode(parse_qsl(parts.query))))
