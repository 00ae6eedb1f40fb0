"""The library table's columns: their widths (Title and File sharing what the screen leaves) and
the cells that need more than a string (a path cut at its start, claims counted by verdict)."""

from __future__ import annotations

from rich.text import Text

from marginote.annotations.sanitise import sanitise

#: Column widths: fixed for the cells filled in later (DataTable re-measures a whole column on
#: every resizing update, which is quadratic over thousands of rows). Title and File share what
#: the screen leaves (``share_widths``), set again when the screen or the titles change.
COLUMNS: dict[str, int | None] = {
    "Title": 40,
    "Words": 8,
    "Annotations": 11,
    "Claims by verdict": 22,
    "Read": 5,
    "File": 30,
}
#: Narrower headers and widths for a terminal too narrow for the others (80 columns).
NARROW: dict[str, tuple[str, int]] = {
    "Words": ("Words", 6),
    "Annotations": ("Ann.", 4),
    "Claims by verdict": ("Claims", 12),
    "Read": ("Read", 4),
}
#: Below this terminal width the narrow headers are used.
NARROW_BELOW = 100
#: Cells a DataTable column takes besides its width (one of padding each side).
CELL_PADDING = 2
#: The narrowest Title column when the file names need the room.
MIN_TITLE = 10


def share_widths(room: int, title_needed: int, file_needed: int) -> tuple[int, int]:
    """(Title, File) widths sharing ``room`` cells: the File column whole when it fits beside
    the titles (the titles get the rest); else the file names keep up to half, at least what
    the titles leave, and the titles (cut with an ellipsis) the rest."""
    room = max(room, MIN_TITLE + 8)
    if title_needed + file_needed <= room:
        return room - file_needed, file_needed
    file_width = min(file_needed, max(room // 2, room - title_needed))
    return room - file_width, file_width


#: Short forms of the verdicts for the library's column.
VERDICT_MARKS = {
    "true": "T",
    "mostly true": "MT",
    "mixed": "MX",
    "mostly false": "MF",
    "false": "F",
    "unverifiable": "U",
    "": "?",
}


def verdict_counts(verdicts: dict[str, int]) -> Text:
    """Claims by verdict, shortest form: "2F 1MT 3?" (the tooltip-free legend is in the help)."""
    text = Text()
    known = [v for v in VERDICT_MARKS if v]
    others = sorted(v for v in verdicts if v and v not in VERDICT_MARKS)  # another scale's
    for verdict in [*known, *others, ""]:
        if count := verdicts.get(verdict):
            mark = VERDICT_MARKS.get(verdict) or "".join(w[0] for w in verdict.split()).upper()
            text.append(f"{count}{sanitise(mark)} ", style="bold" if verdict else "dim")
    return text
