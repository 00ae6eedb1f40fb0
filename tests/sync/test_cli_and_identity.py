"""``marginote sync`` as a user runs it, and who an annotation says made it."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from marginote.annotations.filtering import matches, parse_filter
from marginote.annotations.model import Annotation
from marginote.annotations.paths import data_dir
from marginote.annotations.store import AnnotationStore
from marginote.annotations.sync.url import ServerAddress
from marginote.tui.cli import main
from tests.sync.test_sync import DOC, TEXT


def with_password(url: str, password: str) -> str:
    parts = urlsplit(url)
    user = parts.username or "postgres"
    return urlunsplit(parts._replace(netloc=f"{user}:{password}@{parts.hostname or ''}"))


def test_sync_command_never_prints_the_password(
    server: ServerAddress, capsys: pytest.CaptureFixture[str]
) -> None:
    store = AnnotationStore(data_dir())
    store.save(Annotation.of_span(TEXT, 0, 36, "claim", doc=DOC, path="x.txt"))
    url = with_password(server.url, "topsecret")  # the test server trusts any password
    assert main(["sync", url]) == 0
    out = capsys.readouterr()
    assert "pushed 1" in out.out
    assert "topsecret" not in out.out + out.err and "***" in out.out
    assert "visible" in out.err or "seen by others" in out.err


def test_a_readable_config_file_with_a_password_is_refused(
    private_dirs: Path, server: ServerAddress, capsys: pytest.CaptureFixture[str]
) -> None:
    config = private_dirs / "config.toml"
    config.write_text(f'[sync]\nurl = "{with_password(server.url, "topsecret")}"\n')
    config.chmod(0o644)
    assert main(["sync"]) == 2
    err = capsys.readouterr().err
    assert "chmod 600" in err and "topsecret" not in err
    config.chmod(0o600)
    assert main(["sync", "-q"]) == 0


def test_an_unreachable_server_is_one_line_without_traceback(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["sync", "postgresql://ann:hunter2@127.0.0.1:1/desk"]) == 1
    err = capsys.readouterr().err
    assert "cannot reach postgresql://ann:***@127.0.0.1:1/desk" in err
    assert "hunter2" not in err and "Traceback" not in err


def test_the_author_comes_from_env_then_config_then_login(
    private_dirs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MARGINOTE_AUTHOR", raising=False)
    monkeypatch.setenv("USER", "login-name")
    monkeypatch.setenv("LOGNAME", "login-name")
    assert Annotation(doc=DOC, path="", start=0, end=1, label="claim", quote="T").author == (
        "login-name"
    )
    (private_dirs / "config.toml").write_text('[user]\nname = "Alice Ng"\n')
    os.utime(private_dirs / "config.toml", ns=(1, 1))
    assert Annotation(doc=DOC, path="", start=0, end=1, label="c", quote="T").author == "Alice Ng"
    monkeypatch.setenv("MARGINOTE_AUTHOR", "bob")
    assert Annotation(doc=DOC, path="", start=0, end=1, label="c", quote="T").author == "bob"


def test_author_filter() -> None:
    alice = Annotation(doc=DOC, path="", start=0, end=1, label="claim", quote="T", author="Alice")
    bob = Annotation(doc=DOC, path="", start=0, end=1, label="claim", quote="T", author="bob")
    flt = parse_filter("author:alice")
    assert [a.author for a in (alice, bob) if matches(a, flt)] == ["Alice"]
    assert [a.author for a in (alice, bob) if matches(a, parse_filter('author:"Alice"'))]


def test_an_unknown_sslmode_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sync", "postgresql://ann@db.example/desk?sslmode=sometimes"]) == 2
    assert "unknown sslmode 'sometimes'" in capsys.readouterr().err


def test_where_the_address_comes_from(private_dirs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from marginote.annotations.sync.url import SyncSetupError, find_address, redact

    config = private_dirs / "config.toml"
    assert find_address() is None
    config.write_text('[sync]\nurl = "postgresql://ann@db/desk"\nsslmode = "verify-full"\n')
    found = find_address()
    assert found is not None and (found.url, found.sslmode) == (
        "postgresql://ann@db/desk",
        "verify-full",
    )
    monkeypatch.setenv("MARGINOTE_SYNC_URL", "postgresql://env@db/desk")
    from_env, from_cli = find_address(), find_address("postgresql://cli@db/desk")
    assert from_env is not None and from_env.url == "postgresql://env@db/desk"
    assert from_cli is not None and from_cli.url == "postgresql://cli@db/desk"
    monkeypatch.delenv("MARGINOTE_SYNC_URL")
    config.write_text('[sync]\nurl = "postgresql://ann@db/desk"\nsslmode = "maybe"\n')
    with pytest.raises(SyncSetupError, match="unknown sslmode"):
        find_address()
    config.write_text('[sync]\nurl = "mysql://ann@db/desk"\n')
    with pytest.raises(SyncSetupError, match="not a PostgreSQL URL"):
        find_address()
    assert redact("postgresql://ann:p%40ss@db/desk?password=x&sslmode=require") == (
        "postgresql://ann:***@db/desk?password=***&sslmode=require"
    )


def test_the_sync_interval_is_a_known_setting() -> None:
    from marginote.annotations.config import check_text

    checked = check_text("[sync]\nurl = 'postgresql:///desk'\ninterval = 2\n", "config.toml")
    assert checked.problems == []
    assert checked.sections["sync"].interval == 2.0
