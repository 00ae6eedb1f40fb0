"""Wrapping a document into screen rows, and mapping between rows, columns and offsets.

Pure functions and one small class, free of Textual, so tests can check the offset mapping
directly. A row is a range ``[start, end)`` of document offsets; rows never split a character
(combining marks stay with their base) and never exceed the width in terminal cells.

Control characters are shown as visible placeholders, one cell each (``visible``), so text that
reaches the terminal can never carry an escape sequence, and one character stays one glyph.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from functools import lru_cache

from rich.cells import cell_len, get_character_cell_size

_REPLACEMENT = "\ufffd"


def _placeholders() -> dict[int, str]:
    table = {code: chr(0x2400 + code) for code in range(0x20)}  # ␀ ␁ … ␛ …
    table[0x09] = " "  # a tab shows as a space (one cell: offsets and columns stay aligned)
    table[0x7F] = "\u2421"  # ␡
    for code in range(0x80, 0xA0):  # C1 controls (0x9B is a CSI introducer)
        table[code] = _REPLACEMENT
    for code in (
        0x061C,
        0x200E,
        0x200F,
        0x2028,
        0x2029,
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
    ):
        table[code] = _REPLACEMENT  # bidi controls and line separators
    return table


_PLACEHOLDERS = _placeholders()


def visible(text: str) -> str:
    """``text`` with every control character replaced by a visible one-cell placeholder."""
    return text.translate(_PLACEHOLDERS)


def is_placeholder(char: str) -> bool:
    return ord(char) in _PLACEHOLDERS and char != "\t"


@lru_cache(maxsize=4096)
def char_cells(char: str) -> int:
    """Cells taken by ``char`` as displayed (placeholders are one cell)."""
    if ord(char) in _PLACEHOLDERS:
        return 1
    return get_character_cell_size(char)


def cells(text: str) -> int:
    """Cells ``text`` takes as displayed, measured as Rich (and so Textual) draws it: grapheme
    clusters such as emoji with modifiers or zero-width joiners count as one glyph."""
    if text.isascii():
        return len(text)
    return cell_len(visible(text))


_ZWJ = "\u200d"


def joins_previous(text: str, i: int) -> bool:
    """True when ``text[i]`` belongs to the same user-perceived character as ``text[i - 1]``:
    combining marks, variation selectors, emoji skin tones and tags, the character after a
    zero-width joiner, and the second of a pair of regional indicators (a flag)."""
    if i <= 0 or i >= len(text):
        return False
    code = ord(text[i])
    if code < 0x300:
        return False
    if text[i - 1] == _ZWJ or code == 0x200D:
        return True
    if 0xFE00 <= code <= 0xFE0F or 0x1F3FB <= code <= 0x1F3FF or 0xE0020 <= code <= 0xE007F:
        return True
    if 0x1F1E6 <= code <= 0x1F1FF:
        run = 0
        while i - run - 1 >= 0 and 0x1F1E6 <= ord(text[i - run - 1]) <= 0x1F1FF:
            run += 1
        return run % 2 == 1
    return unicodedata.category(text[i]) in ("Mn", "Me", "Mc")


def cluster_start(text: str, i: int) -> int:
    """Start of the user-perceived character holding offset ``i`` (``i`` if it starts one)."""
    while 0 < i < len(text) and joins_previous(text, i):
        i -= 1
    return i


def cluster_end(text: str, i: int) -> int:
    """The offset just after the user-perceived character that starts at ``i``."""
    i += 1
    while i < len(text) and joins_previous(text, i):
        i += 1
    return min(i, len(text))


def _simple_characters() -> frozenset[str]:
    """Characters that take exactly one cell and never join their neighbours: Latin, Greek,
    Cyrillic, typographic punctuation and currency signs. Rows made only of these wrap by
    counting characters, at C speed; others are measured cluster by cluster."""
    ranges = [
        (0x20, 0x7E),
        (0xA0, 0x2FF),
        (0x370, 0x482),
        (0x2010, 0x2027),
        (0x2030, 0x205E),
        (0x20A0, 0x20C0),
    ]
    return frozenset(
        char
        for start, end in ranges
        for char in map(chr, range(start, end + 1))
        if unicodedata.category(char)[0] not in "MC" and get_character_cell_size(char) == 1
    )


_is_simple = _simple_characters().issuperset


def wrap_line(line: str, width: int) -> list[int]:
    """Offsets (relative to ``line``) where each screen row of ``line`` starts; the first is 0.

    Words wrap at spaces; a word longer than the width is broken; a user-perceived character
    is never split. A row never takes more than ``width`` cells.
    """
    width = max(1, width)
    starts = [0]
    pos, size = 0, len(line)
    simple_line = line.isascii()
    while pos < size:
        if simple_line or _is_simple(line[pos : pos + width + 1]):
            if size - pos <= width:
                break
            space = line.rfind(" ", pos, pos + width)
            pos = space + 1 if space > pos else pos + width
        else:
            pos = _next_row_start(line, pos, width)
            if pos >= size:
                break
        starts.append(pos)
    return starts


def _next_row_start(line: str, row_start: int, width: int) -> int:
    """Where the row starting at ``row_start`` ends, walking whole characters and their widths."""
    used, last_space, i, size = 0, -1, row_start, len(line)
    while i < size:
        if i + 1 < size and joins_previous(line, i + 1):
            end = cluster_end(line, i)
            w = cells(line[i:end])
        else:  # a character on its own (the common case): its cached width
            end = i + 1
            w = char_cells(line[i])
        if w and used + w > width and i > row_start:
            # Break after the row's last space if it has one, else before this character.
            return last_space + 1 if last_space >= row_start else i
        used += w
        if line[i] == " ":
            last_space = i
        i = end
    return len(line)


class Layout:
    """The rows of a whole document at one width, as a sorted list of row start offsets."""

    def __init__(self, text: str, line_starts: Sequence[int], width: int) -> None:
        self.text = text
        self.width = max(1, width)
        rows: list[int] = []
        ends = [*line_starts[1:], len(text) + 1]
        for start, nxt in zip(line_starts, ends, strict=True):
            line = text[start : nxt - 1]
            if len(line) <= self.width and (line.isascii() or cells(line) <= self.width):
                rows.append(start)
            else:
                rows.extend(start + offset for offset in wrap_line(line, self.width))
        self.rows = rows

    @property
    def row_count(self) -> int:
        return len(self.rows)

    def row_range(self, row: int) -> tuple[int, int]:
        """The ``[start, end)`` offsets shown on ``row`` (a line's ``\\n`` is not part of it)."""
        start = self.rows[row]
        if row + 1 < len(self.rows):
            end = self.rows[row + 1]
            if self.text[end - 1] == "\n":
                end -= 1
        else:
            end = len(self.text)
        return start, end

    def start_of(self, row: int) -> int:
        """The offset of the first character of ``row`` (clamped to the rows there are)."""
        return self.rows[min(max(0, row), len(self.rows) - 1)]

    def row_of(self, offset: int) -> int:
        return max(0, bisect_right(self.rows, offset) - 1)

    def column_of(self, offset: int) -> int:
        """Screen column of ``offset`` within its row."""
        start = self.rows[self.row_of(offset)]
        return cells(self.text[start:offset])

    def offset_at(self, row: int, column: int) -> int:
        """The start of the character shown at (row, column); past the end of a row, its end."""
        row = min(max(0, row), len(self.rows) - 1)
        start, end = self.row_range(row)
        used, i = 0, start
        while i < end:
            after = cluster_end(self.text, i)
            used += cells(self.text[i:after])
            if used > column:
                return i
            i = after
        return end
