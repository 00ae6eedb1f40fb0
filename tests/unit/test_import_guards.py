"""Import files come from outside: too big, too deeply nested, not UTF-8 or malformed, each gets
one message naming the file's line, and the store is left untouched."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from marginote.annotations.exchange import FormatError, detect_format, formats
from marginote.annotations.exchange.guards import MAX_BYTES

DEEP = "[" * 100_000 + "]" * 100_000
GOOD = json.dumps({"kind": "annotation", "doc": "x", "start": 0, "end": 1, "label": "claim"})


def read(path: Path, name: str | None = None) -> None:
    """Read ``path``; a FormatError for the whole file, or one naming what was left out (a
    JSON Lines reader keeps the good lines and reports each bad one)."""
    reader = formats()[name or detect_format(path)].read
    assert reader is not None
    left_out = [problem for incoming in reader(path) for problem in incoming.left_out]
    if left_out:
        raise FormatError("; ".join(left_out))


@pytest.mark.parametrize(
    ("file", "content", "fmt", "message"),
    [
        ("deep.json", DEEP, None, "line 1: nested more than 64 levels deep"),
        (
            "deep.jsonl",
            GOOD + "\n" + '{"a":' * 100_000 + "1" + "}" * 100_000,
            None,
            ".jsonl:2: nested",
        ),
        (
            "deep.jsonld",
            '{"type": "AnnotationCollection", "x":\n' + DEEP + "}",
            "w3c",
            "line 2: nested",
        ),
        ("deep-ls.json", DEEP, "label-studio", "line 1: nested"),
        (
            "deep-doccano.jsonl",
            '{"text": "a", "label": ' + DEEP + "}",
            "doccano",
            ".jsonl:1: nested",
        ),
        ("broken.jsonl", GOOD + "\n{not json\n", None, ".jsonl:2: not JSON"),
        ("list.jsonl", GOOD + "\n[1]\n", "jsonl", ".jsonl:2: not a JSON object"),
        ("shape.jsonld", '[{"type": "Annotation", "target": {"selector": [1]}}]', "w3c", "shape"),
        ("data.csv", "doc,start,end\nx,0,1\n", None, "not a format marginote imports"),
        ("truncated.json", '[{"data": {"text": "ab', "label-studio", "line 1: not JSON"),
    ],
    ids=lambda value: value if len(str(value)) < 30 else "long",
)
def test_malformed_files_get_one_message_naming_the_line(
    tmp_path: Path, file: str, content: str, fmt: str | None, message: str
) -> None:
    path = tmp_path / file
    path.write_text(content)
    with pytest.raises(FormatError) as raised:
        read(path, fmt)
    assert message in str(raised.value)
    assert "\n" not in str(raised.value) and len(str(raised.value)) < 300


def test_a_file_that_is_not_utf8_is_named_by_line(tmp_path: Path) -> None:
    path = tmp_path / "latin.jsonl"
    path.write_bytes(GOOD.encode() + b"\n" + b'{"note": "caf\xe9"}\n')
    with pytest.raises(FormatError, match="line 2: not UTF-8 text"):
        read(path, "jsonl")


def test_a_huge_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.jsonl"
    with path.open("wb") as handle:  # sparse: no disk used
        handle.truncate(MAX_BYTES + 1)
    for fmt in (None, "jsonl", "w3c"):
        with pytest.raises(FormatError, match="too big to import"):
            read(path, fmt)


def test_a_file_of_too_many_values_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    path = tmp_path / "many.json"
    path.write_text("[" + "{}," * 1_000_001 + "{}]")
    with pytest.raises(FormatError, match="too many values to import"):
        read(path, "label-studio")


def test_a_bad_brat_line_is_named_with_its_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("hello world")
    (tmp_path / "a.ann").write_text("T1\tPER 0 5\thello\nT2\tbroken\n")
    with pytest.raises(FormatError, match=r"a\.ann:2: not a brat line"):
        read(tmp_path)
    (tmp_path / "a.ann").write_bytes(b"T1\tPER 0 5\th\xe9llo\n")
    with pytest.raises(FormatError, match=r"a\.ann: line 1: not UTF-8 text"):
        read(tmp_path)
