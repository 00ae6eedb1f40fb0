"""Every command of ``marginote``, run as a separate process over files with hostile names, a
heading with escape sequences and annotations whose label, verdict, note and tags carry them:
nothing of them reaches standard output or error raw (on a terminal too), and data piped out
stays exact."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

from marginote.annotations.documents import load_document
from marginote.annotations.model import Annotation
from marginote.annotations.store import AnnotationStore
from tests.hostile import PAYLOADS, write_hostile_names

LABEL = "\x1b]0;LABELPWN\x07claim"
VERDICT = "\x1b]2;VERDICTPWN\x07false"
NOTE = "note \x1b]52;c;UFdORUQ=\x07 \x1b[2Jcleared \u202eevil"
MORE_PAYLOADS = ["\x1b]0;LABELPWN", "\x1b]2;VERDICTPWN", "\x1b]52;c", "\x1b[2Jcleared"]
COMMAND = [sys.executable, "-c", "import sys; from marginote.tui.cli import main; sys.exit(main())"]
#: What a terminal must never get: C1 controls, bidi and zero-width characters.
INVISIBLE = re.compile("[\x80-\x9f\u202a-\u202e\u2066-\u2069\u200b-\u200f\u2060\ufeff]")


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = write_hostile_names(tmp_path / "library")
    heading = folder / "heading.txt"
    doc = load_document(heading)
    AnnotationStore(Path(os.environ["MARGINOTE_DATA_DIR"])).save(
        Annotation.of_span(  # the heading line: its quote carries the escape sequences
            doc.text,
            0,
            doc.text.index("\n"),
            LABEL,
            doc=doc.sha256,
            path=str(heading),
            note=NOTE,
            tags=["tag\x1b[31m"],
            attrs={"verdict": VERDICT},
        )
    )
    return folder


def run(*args: str | Path, cwd: Path | None = None) -> tuple[int, str, str]:
    done = subprocess.run(
        [*COMMAND, *map(str, args)],
        capture_output=True,
        env=os.environ | {"MARGINOTE_RECOGNIZER": "rules", "COLUMNS": "300"},
        cwd=cwd,
        timeout=120,
    )
    out, err = (os.fsdecode(b) for b in (done.stdout, done.stderr))
    return done.returncode, out, err


def on_a_terminal(*args: str | Path) -> str:
    """What a command writes when its output is a terminal (a pseudo-terminal here)."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [*COMMAND, *map(str, args)],
        stdout=follower,
        stderr=follower,
        env=os.environ | {"MARGINOTE_RECOGNIZER": "rules", "TERM": "xterm", "COLUMNS": "200"},
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the command has ended
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=120)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


def assert_safe(text: str) -> None:
    for sequence in [*PAYLOADS, *MORE_PAYLOADS]:
        assert sequence not in text, repr(sequence)
    assert not INVISIBLE.search(text), repr(INVISIBLE.search(text))
    assert not re.search("[\ud800-\udfff]", text)  # no raw byte of a name that is not UTF-8


def test_show_prints_titles_labels_verdicts_and_notes_as_placeholders(library: Path) -> None:
    status, out, err = run("show", library / "heading.txt")
    assert status == 0, err
    assert_safe(out + err)
    assert "Budget ␛]0;PWNED␇ report" in out  # the title, from the heading line
    assert "␛]0;LABELPWN␇claim" in out and "[␛]2;VERDICTPWN␇false]" in out
    assert "[␛]2;VERDICTPWN␇false] Budget ␛]0;PWNED␇ report" in out  # the quote
    assert "␛]52;c;UFdORUQ=␇ ␛[2Jcleared �evil" in out  # the note


def test_show_json_is_exact_when_piped_and_safe_on_a_terminal(library: Path) -> None:
    path = library / os.fsdecode(b"c1-bytes-\x9b2J\x9d0;C1BYTES\x9c.txt")
    status, out, err = run("show", path, "--json")
    assert status == 0, err
    assert json.loads(out)["document"]["path"] == str(path)  # the real name, for machines
    status, out, _ = run("show", library / "heading.txt", "--json")
    assert json.loads(out)["annotations"][0]["label"] == LABEL
    shown = on_a_terminal("show", library / "heading.txt", "--json")
    assert_safe(shown)
    assert "LABELPWN" in shown


def test_show_of_a_missing_hostile_path_says_so_in_one_safe_line(library: Path) -> None:
    status, out, err = run("show", library / "gone\x1b]0;PWNED\x07.txt")
    assert status == 2 and out == ""
    assert err.strip() == f"marginote show: {library}/gone␛]0;PWNED␇.txt: no such file"
    status, out, err = run(library / "gone\x1b[2J\u202e")
    assert status == 2 and err.strip().endswith("gone␛[2J�: no such file or folder")


def test_stats_prints_label_and_verdict_names_as_placeholders(library: Path) -> None:
    status, out, err = run("stats", library)
    assert status == 0, err
    assert_safe(out + err)
    assert "␛]0;LABELPWN␇claim" in out
    shown = on_a_terminal("stats", library)
    assert_safe(shown)
    assert "␛]0;LABELPWN␇claim" in shown


def test_export_names_its_file_safely_and_keeps_exact_data(library: Path, tmp_path: Path) -> None:
    out_file = tmp_path / "out\x1b]0;PWNED\x07.csv"
    status, out, err = run("export", library, "-f", "csv", "-o", out_file)
    assert status == 0, err
    assert_safe(out + err)
    assert "out␛]0;PWNED␇.csv" in err
    assert LABEL in out_file.read_text(encoding="utf-8-sig")  # the data itself is exact
    status, out, err = run("export", library)  # JSON Lines to a pipe: exact
    assert status == 0, err
    assert {json.loads(line)["label"] for line in out.splitlines() if '"annotation"' in line} == {
        LABEL
    }
    for fmt in ("csv", "jsonl", "w3c", "label-studio"):  # to a terminal: safe
        shown = on_a_terminal("export", library, "-f", fmt)
        assert_safe(shown)
        assert "LABELPWN" in shown, fmt


def test_import_reports_hostile_paths_and_strings_safely(library: Path, tmp_path: Path) -> None:
    status, exported, err = run("export", library)
    assert status == 0, err
    lines = [json.loads(line) for line in exported.splitlines()]
    for line in lines:
        if line["kind"] == "annotation":
            line["id"] = "other"
            line["note"] = "changed \x1b]0;CONFLICT\x07"
        line["path"] = line["path"].replace("heading", "elsewhere\x1b]0;MISSING\x07")
        line["doc"] = "0" * 64  # a text the library does not have
    hostile = tmp_path / "hostile\x1b]0;PWNED\x07.jsonl"
    hostile.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    status, out, err = run("import", hostile, "--library", library)
    assert status == 1 and "Traceback" not in err  # its texts are not in the library
    assert_safe(out + err)
    assert "hostile␛]0;PWNED␇.jsonl" in out
    assert "left out: " in err and "not in the library" in err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[" * 100_000 + "]" * 100_000, ":1: nested more than 64 levels deep"),
        ('{"kind": "annotation"}\n{"kind": \x1b]0;PWNED\x07\n', ":2: not JSON"),
    ],
    ids=["nested-100000-deep", "broken"],
)
def test_a_bad_import_file_is_one_line_and_the_store_untouched(
    library: Path, tmp_path: Path, content: str, message: str
) -> None:
    store = Path(os.environ["MARGINOTE_DATA_DIR"])
    before = {p: p.read_bytes() for p in store.rglob("*") if p.is_file()}
    bad = tmp_path / "bad\x1b]0;PWNED\x07.jsonl"
    bad.write_text(content)
    status, out, err = run("import", bad, "-f", "jsonl", "--library", library)
    assert status == 1 and "Traceback" not in err
    assert_safe(out + err)
    assert "bad␛]0;PWNED␇.jsonl:" in out + err and message in err  # named by file and line
    assert {p: p.read_bytes() for p in store.rglob("*") if p.is_file()} == before
