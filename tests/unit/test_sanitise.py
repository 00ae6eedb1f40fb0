"""The one sanitising function: every outside string shown as visible, one-cell placeholders."""

from __future__ import annotations

import json
import os

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from marginote.annotations.sanitise import json_text, sanitise, sanitise_lines, visible
from tests.hostile import HEADING, NAMES, fs_name

#: Every character that must never reach a terminal from an outside string.
FORBIDDEN = "".join(
    map(chr, [*range(0x20), 0x7F, *range(0x80, 0xA0), 0x061C, 0x200B, 0x200E, 0x200F])
) + "".join(map(chr, [*range(0x2028, 0x202F), *range(0x2060, 0x2070), 0xFEFF]))


def test_control_bidi_and_zero_width_characters_become_placeholders() -> None:
    shown = sanitise(
        "osc\x1b]0;PWNED\x07 c1\x9b2J bidi\u202eevil\u2066 zw\u200b\u2060\ufeff del\x7f"
    )
    assert shown == "osc␛]0;PWNED␇ c1�2J bidi�evil� zw��� del␡"


def test_a_name_that_is_not_utf8_shows_a_placeholder_per_byte() -> None:
    name = os.fsdecode(b"caf\xe9 \x9b2J.txt")
    assert name == "caf\udce9 \udc9b2J.txt"  # how Python lists it
    assert sanitise(name) == "caf� �2J.txt"


def test_joiners_stay_only_between_pictographs() -> None:
    family = "👩\u200d👩\u200d👧"
    assert sanitise(family) == family
    assert sanitise("pay\u200dpal a\u200cb") == "pay�pal a�b"


def test_markup_is_left_as_text() -> None:
    assert sanitise("[bold]x[/] [@click=app.quit]q") == "[bold]x[/] [@click=app.quit]q"


def test_lines_are_kept_by_sanitise_lines_only() -> None:
    assert sanitise("a\nb") == "a␊b"
    assert sanitise_lines("a\x1b\nb\r") == "a␛\nb␍"


@given(st.text())
def test_any_text_keeps_its_length_and_one_cell_per_placeholder(text: str) -> None:
    shown = sanitise(text)
    assert len(shown) == len(text)
    assert not set(shown) & set(FORBIDDEN)
    assert len(visible(text)) == len(text)


def test_every_hostile_name_is_one_cell_per_character_as_shown() -> None:
    for name, _ in [*NAMES, (HEADING.split("\n")[0], "")]:
        shown = sanitise(os.fsdecode(fs_name(name)))
        assert not set(shown) & set(FORBIDDEN), name
        assert not any("\ud800" <= c <= "\udfff" for c in shown)
        ascii_only = all(
            ord(c) < 0x1100 or c in "�␛␇␈␡" or 0x2400 <= ord(c) < 0x2430 for c in shown
        )
        if ascii_only:  # no wide characters: as many cells as characters, so columns line up
            assert cell_len(shown) == len(shown), name


def test_json_text_keeps_a_name_that_is_not_utf8() -> None:
    record = {"path": os.fsdecode(b"/library/caf\xe9.txt"), "title": "café"}
    text = json_text(record)
    text.encode("utf-8")  # writable
    assert json.loads(text) == record  # read back as the same name
    assert "café" in json_text({"title": "café"})  # not escaped when it need not be
