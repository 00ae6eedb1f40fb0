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
from time import perf_counter

from rich.cells import cell_len, get_character_cell_size

from marginote.annotations.sanitise import PLACEHOLDERS as _PLACEHOLDERS
from marginote.annotations.sanitise import (  # the placeholders live in the core
    is_placeholder as is_placeholder,
)
from marginote.annotations.sanitise import visible as visible


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


def line_rows(
    text: str, line_starts: Sequence[int], first: int, last: int, width: int
) -> list[int]:
    """Start offsets of the rows of lines ``first`` to ``last - 1`` (wrapped eagerly)."""
    rows: list[int] = []
    size = len(line_starts)
    for i in range(first, last):
        start = line_starts[i]
        end = line_starts[i + 1] - 1 if i + 1 < size else len(text)
        line = text[start:end]
        if len(line) <= width and (line.isascii() or cells(line) <= width):
            rows.append(start)
        else:
            rows.extend(start + offset for offset in wrap_line(line, width))
    return rows


BLOCK_CHARS = 16_384


def blocks_of(
    text: str, line_starts: Sequence[int], block_chars: int = BLOCK_CHARS, first: int = 0
) -> list[int]:
    """Indexes into ``line_starts`` where each block of about ``block_chars`` characters starts
    (from the line ``first`` on: the blocks of a text that grew, after those it had).

    Blocks hold whole lines (a single very long line is a block of its own); they depend only on
    the text, so one list serves every width."""
    firsts = [first]
    size = len(line_starts)
    while True:
        nxt = bisect_right(line_starts, line_starts[firsts[-1]] + block_chars, lo=firsts[-1] + 1)
        if nxt >= size:
            return firsts
        firsts.append(nxt)


class Layout:
    """The rows of a whole document at one width, wrapped block by block as they are needed.

    A block's rows are computed (``_measure``) the first time a row or an offset in it is asked
    for; until then its row count is an estimate from its length. So opening or resizing costs
    what the screen shows, whatever the document's size. Measuring a block only changes the
    numbers of the rows after it: ``revision`` counts those changes, so a view can keep the text
    at the top of its screen in place (it holds that position as an offset, not a row number).
    ``refine`` measures the remaining blocks a slice at a time, in idle moments.
    """

    def __init__(
        self,
        text: str,
        line_starts: Sequence[int],
        width: int,
        blocks: Sequence[int] | None = None,
    ) -> None:
        self.text = text
        self.width = max(1, width)
        self.line_starts = line_starts
        self._firsts = list(blocks) if blocks is not None else blocks_of(text, line_starts)
        self._block_starts = [line_starts[i] for i in self._firsts]
        self._rows: list[list[int] | None] = [None] * len(self._firsts)
        self._counts = [self._estimate(b) for b in range(len(self._firsts))]
        self._pending = len(self._firsts)
        self._first_rows: list[int] = []
        self._index()
        self.revision = 0

    def extend(self, text: str, line_starts: Sequence[int], blocks: Sequence[int]) -> None:
        """The text grew at its end (``text`` starts with the old one; ``blocks`` are the old
        blocks but the last, then the blocks from it on): the last block is measured again and
        the new ones estimated, the blocks before are kept as they were measured."""
        keep = len(self._firsts) - 1  # the last block may have grown
        self.text, self.line_starts = text, line_starts
        self._firsts = list(blocks)
        self._block_starts = [line_starts[i] for i in self._firsts]
        added = len(self._firsts) - keep
        self._rows = self._rows[:keep] + [None] * added
        self._counts = self._counts[:keep] + [self._estimate(b) for b in range(keep, keep + added)]
        self._pending = sum(rows is None for rows in self._rows)
        self._index()
        self.revision += 1

    # -- blocks ---------------------------------------------------------------------------------

    def _line_range(self, block: int) -> tuple[int, int]:
        last = self._firsts[block + 1] if block + 1 < len(self._firsts) else len(self.line_starts)
        return self._firsts[block], last

    def _estimate(self, block: int) -> int:
        first, last = self._line_range(block)
        lines = last - first
        end = self.line_starts[last] if last < len(self.line_starts) else len(self.text)
        chars = end - self.line_starts[first]
        # Word wrap fills rows to about nine tenths; short lines (half of them, say) take a row.
        return max(lines, round(lines / 2 + chars / (0.9 * self.width)))

    def _index(self) -> None:
        self._first_rows = [0]
        total = 0
        for count in self._counts:
            total += count
            self._first_rows.append(total)

    def _measure(self, block: int) -> list[int]:
        rows = self._rows[block]
        if rows is None:
            rows = line_rows(self.text, self.line_starts, *self._line_range(block), self.width)
            self._rows[block] = rows
            self._pending -= 1
            if len(rows) != self._counts[block]:
                self._counts[block] = len(rows)
                self._index()
                self.revision += 1
        return rows

    def _block_of_offset(self, offset: int) -> int:
        return max(0, bisect_right(self._block_starts, offset) - 1)

    def _block_of_row(self, row: int) -> tuple[int, list[int]]:
        """The block holding ``row`` (clamped to the rows there are), measured, with its rows."""
        while True:
            row = min(max(0, row), self._first_rows[-1] - 1)
            block = min(bisect_right(self._first_rows, row) - 1, len(self._rows) - 1)
            rows = self._rows[block]
            if rows is not None:
                return block, rows
            self._measure(block)  # its count may change: look again

    @property
    def exact(self) -> bool:
        """True when every block is measured (the row count is no longer an estimate)."""
        return self._pending == 0

    def refine(self, budget: float) -> bool:
        """Measure blocks for up to ``budget`` seconds; True when every block is measured."""
        deadline = perf_counter() + budget
        for block, rows in enumerate(self._rows):
            if self._pending == 0 or perf_counter() > deadline:
                break
            if rows is None:
                self._measure(block)
        return self._pending == 0

    # -- rows -------------------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return self._first_rows[-1]

    def row_range(self, row: int) -> tuple[int, int]:
        """The ``[start, end)`` offsets shown on ``row`` (a line's ``\n`` is not part of it)."""
        block, rows = self._block_of_row(row)
        local = min(max(0, row), self.row_count - 1) - self._first_rows[block]
        start = rows[local]
        if local + 1 < len(rows):
            end = rows[local + 1]
        elif block + 1 < len(self._block_starts):
            end = self._block_starts[block + 1]
        else:
            return start, len(self.text)
        if self.text[end - 1] == "\n":
            end -= 1
        return start, end

    def start_of(self, row: int) -> int:
        """The offset of the first character of ``row`` (clamped to the rows there are)."""
        block, rows = self._block_of_row(row)
        return rows[min(max(0, row), self.row_count - 1) - self._first_rows[block]]

    def row_of(self, offset: int) -> int:
        block = self._block_of_offset(offset)
        rows = self._measure(block)
        return self._first_rows[block] + max(0, bisect_right(rows, offset) - 1)

    def column_of(self, offset: int) -> int:
        """Screen column of ``offset`` within its row."""
        start = self.start_of(self.row_of(offset))
        return cells(self.text[start:offset])

    def offset_at(self, row: int, column: int) -> int:
        """The start of the character shown at (row, column); past the end of a row, its end."""
        start, end = self.row_range(row)
        used, i = 0, start
        while i < end:
            after = cluster_end(self.text, i)
            used += cells(self.text[i:after])
            if used > column:
                return i
            i = after
        return end
