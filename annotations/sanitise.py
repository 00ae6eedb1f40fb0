"""Strings from outside the program, made safe to show: one place for every widget and printer.

Document text, file and folder names, titles taken from a text's first line, metadata, label and
verdict names from config files, strings read from import files and recogniser labels all come
from outside. None of them may reach the terminal as a control sequence, reorder what is on
screen, hide characters, or be parsed as markup. Each control character becomes a visible
placeholder of one cell, so one character stays one glyph and columns line up:

- C0 controls become the control pictures ``␀ … ␛ … ␟`` (a tab becomes a space), DEL ``␡``;
- C1 controls (``\\x9b`` is a CSI introducer), bidi overrides, embeddings, isolates and marks,
  line and paragraph separators and zero-width characters become ``�``;
- in names and titles (``sanitise``) also joiners that join nothing visible, and the lone
  surrogates Python uses for file-name bytes that are not UTF-8 (``caf\\udce9`` shows as
  ``caf�``; the real path is kept for opening and exporting).

``visible`` keeps the length of the text (the document view maps offsets through it);
``sanitise`` is for one-line strings (a newline becomes ``␊``), ``sanitise_lines`` keeps line
breaks. Both return plain ``str``: show them with ``rich.text.Text``, Textual's ``Content`` or
``markup=False``, never in markup.
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

REPLACEMENT = "\ufffd"

#: Characters that draw nothing but change how their neighbours are shown or read.
ZERO_WIDTH = (0x180E, 0x200B, 0x2060, *range(0x2061, 0x2065), *range(0x206A, 0x2070), 0xFEFF)
BIDI = (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))


def _placeholders() -> dict[int, str]:
    table = {code: chr(0x2400 + code) for code in range(0x20)}  # ␀ ␁ … ␛ …
    table[0x09] = " "  # a tab shows as a space (one cell: offsets and columns stay aligned)
    table[0x7F] = "\u2421"  # ␡
    for code in (*range(0x80, 0xA0), *BIDI, 0x2028, 0x2029, *ZERO_WIDTH, 0xFFF9, 0xFFFA, 0xFFFB):
        table[code] = REPLACEMENT  # C1, bidi controls, separators, zero-width, annotations
    return table


#: Every character ``visible`` replaces, with its one-cell placeholder.
PLACEHOLDERS = _placeholders()
#: For names and titles: the same, and lone surrogates (bytes of a name that are not UTF-8).
_NAME_PLACEHOLDERS = PLACEHOLDERS | {code: REPLACEMENT for code in range(0xD800, 0xE000)}


@cache
def _stray_joiner() -> re.Pattern[str]:
    """A zero-width joiner or non-joiner that does not sit between two pictographs (emoji).
    Compiled when first needed: its character ranges take milliseconds to compile, on the
    start-up path of every program that imports this module, for names that seldom hold one."""
    return re.compile("\u200c|(?<![\u2600-\U0010ffff])\u200d|\u200d(?![\u2600-\U0010ffff])")


def visible(text: str) -> str:
    """``text`` with every control character replaced by a visible one-cell placeholder; the
    same length, so offsets into the text still fit (used by the document view)."""
    return text.translate(PLACEHOLDERS)


def is_placeholder(char: str) -> bool:
    """True when ``char`` is shown as a placeholder (a tab, shown as a space, is not)."""
    return ord(char) in PLACEHOLDERS and char != "\t"


def sanitise(text: object) -> str:
    """``text`` (a string, a path, anything with ``str``) as one safe line to show: every
    control, bidi, zero-width and undecodable character is a visible one-cell placeholder."""
    shown = str(text).translate(_NAME_PLACEHOLDERS)
    if "\u200c" in shown or "\u200d" in shown:
        shown = _stray_joiner().sub(REPLACEMENT, shown)
    return shown


def sanitise_lines(text: object) -> str:
    """Like ``sanitise``, but line breaks are kept (notes, messages of several lines)."""
    return "\n".join(sanitise(line) for line in str(text).split("\n"))


def json_text(value: object, **options: Any) -> str:
    """``value`` as JSON text that encodes to UTF-8: not escaped, except when it holds a file
    name that is not UTF-8, whose bytes are then kept as ``\\udcXX`` escapes (read back as the
    same name, so the real path survives a store or an export)."""
    text = json.dumps(value, ensure_ascii=False, **options)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(value, **options)
    return text
