"""Sentence boundaries, found by pySBD (the Pragmatic Segmenter's rules, MIT), one paragraph at a
time, lazily, and cached.

News text is full of abbreviations ("Mt.", "a.m.", "U.S."), initials, quoted speech, ellipses and
numbered lists; a regular expression cut half of the Pragmatic Segmenter's 48 English "Golden
Rules" wrong, pySBD gets all but one right (``benchmarks/sentences.py`` prints the score and the
time of a lookup at the caret).

Sentences never cross a paragraph break (a blank line); a single newline inside a paragraph
(hard-wrapped text) does not end a sentence, but a line that is a list item ("• ...", "- ...")
starts a new one. A leading bullet is not part of its sentence (a list number is). pySBD costs
about 4 ms per thousand characters, so a paragraph is segmented the first time a sentence in it
is asked for, and its spans are kept; a very long paragraph (a transcript without blank lines)
is cut into pieces of at most ``PIECE`` characters at sentence or line ends first, so that no
lookup pays for the whole document.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from functools import cache
from threading import Lock
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pysbd import Segmenter

Span = tuple[int, int]

#: The most characters handed to pySBD at once.
PIECE = 600
#: Paragraph results kept (each a short tuple of spans).
CACHE_SIZE = 4096

#: A bullet that is not part of its sentence (unless a list number follows it: "• 9. The item"
#: keeps it, as "9. The item" keeps its number).
_LEADING_BULLET = re.compile(r"\s*(?:[•·▪◦‣⁃*–—-]\s+(?!\w{1,3}[.)]\s))?")
_LIST_ITEM = re.compile(r"[ \t]*[•·▪◦‣⁃*–—-]\s")
_BLANK_LINE = re.compile(r"[ \t]*(?:\n|$)")
#: "…" before a capital: pySBD ends sentences at "..." but not at the one-character ellipsis.
_ELLIPSIS_END = re.compile(r"…(?=[\"'”’)\]]*\s+[\"“‘(]?[A-Z])")
#: Where a long block may be cut: after . ! ? and closing quotes, after a word of three or
#: more lower-case letters (not "Mr.", "Mrs.", "Gov.", "U.S."), before a capital or a digit.
_ROUGH_END = re.compile(r"(?<=[a-z]{3})[.!?…][\"'”’»)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")


#: pySBD's English abbreviations that are also everyday words ending spoken sentences ("Believe
#: me. I will..."): as abbreviations they glued sentences together in debate transcripts.
COMMON_WORDS = frozenset(
    {
        *("me", "is", "ok", "ill", "man", "miss", "mass", "wash", "may", "con", "id", "ind"),
        *("art", "ore", "pa", "mo", "ken", "cal", "del", "ala", "arc", "que", "min", "hon"),
        *("sec", "ft", "op", "la", "ga"),
    }
)


#: Held while the segmenter works: the reader's thread and the claims' scoring thread share it,
#: and two texts at once in it gave one of them the other's sentence ends.
_SEGMENTING = Lock()


@cache
def _segmenter() -> Segmenter:
    import pysbd  # pure Python, ~5 ms to import: not on the start-up path
    from pysbd.lang.english import English

    kept = [a for a in English.Abbreviation.ABBREVIATIONS if a not in COMMON_WORDS]
    abbreviation = type("Abbreviation", (English.Abbreviation,), {"ABBREVIATIONS": kept})
    segmenter = pysbd.Segmenter(language="en", clean=False)
    segmenter.language_module = type("Reader", (English,), {"Abbreviation": abbreviation})
    return segmenter


class Sentences:
    """The sentences of one text; thread-safe, so a worker may fill the cache ahead of the UI.

    Results are cached per piece (a paragraph, or a part of a long one): the sentence at the
    caret costs the segmentation of its piece only, the first time."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._cache: OrderedDict[Span, tuple[Span, ...]] = OrderedDict()
        self._lock = Lock()

    def between(self, start: int, end: int) -> tuple[Span, ...]:
        """The sentence spans of ``text[start:end]`` (normally one paragraph)."""
        return tuple(span for piece in self._pieces_of(start, end) for span in self._piece(*piece))

    def around(self, start: int, end: int, offset: int) -> tuple[Span, ...]:
        """The sentences of the piece of ``text[start:end]`` that holds ``offset``: the first
        piece with a sentence ending after it (or, past them all, the last piece)."""
        pieces = self._pieces_of(start, end)
        found: tuple[Span, ...] = ()
        for piece in pieces:
            if offset < piece[1]:
                found = self._piece(*piece)
                if found and offset < found[-1][1]:
                    return found
        return found or (self._piece(*pieces[-1]) if pieces else ())

    def _pieces_of(self, start: int, end: int) -> list[Span]:
        text = self.text
        pieces: list[Span] = []
        for block_start, block_end in _blocks(text, start, end):
            match = _LEADING_BULLET.match(text, block_start, block_end)
            pieces.extend(_pieces(text, match.end() if match else block_start, block_end))
        return pieces

    def _piece(self, start: int, end: int) -> tuple[Span, ...]:
        key = (start, end)
        with self._lock:
            found = self._cache.get(key)
            if found is not None:
                self._cache.move_to_end(key)
                return found
        found = tuple(segment(self.text, start, end))
        with self._lock:
            self._cache[key] = found
            if len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return found


def segment(text: str, start: int, end: int) -> list[Span]:
    """pySBD's sentences of ``text[start:end]`` as spans into ``text``, each trimmed of spaces.

    Newlines are read as spaces, "…" before a capital as a full stop, and a double hyphen as two
    en dashes (each the same length, so offsets hold): pySBD reads the text between two "--" as
    one aside, which in a transcript full of interruptions ("I know -- I know it. ... And --")
    swallows whole sentences. A piece of the
    text that pySBD leaves out or changes is skipped rather than misplaced."""
    chunk = text[start:end].replace("\n", " ").replace("--", "\u2013\u2013")
    chunk = _ELLIPSIS_END.sub(".", chunk)
    if chunk.count('"') % 2:
        # pySBD pairs straight quotes from the left: one missing quote would make the text
        # between the others one sentence. Unpaired, they are read as plain marks.
        chunk = chunk.replace('"', "\u02ba")
    spans: list[Span] = []
    cursor = 0
    with _SEGMENTING:  # one pySBD segmenter, which keeps the text it works on in itself
        sentences = _segmenter().segment(chunk)
    for sentence in sentences:
        stripped = sentence.strip()
        if not stripped:
            continue
        at = chunk.find(stripped, cursor)
        if at == -1:
            continue
        spans.append((start + at, start + at + len(stripped)))
        cursor = at + len(stripped)
    return spans


def _blocks(text: str, start: int, end: int) -> list[Span]:
    """``[start, end)`` split where a blank line or a list item starts a block of its own."""
    blocks: list[Span] = []
    block_start = start
    pos = text.find("\n", start, end)
    while pos != -1:
        nxt = pos + 1
        if _LIST_ITEM.match(text, nxt, end) or _BLANK_LINE.match(text, nxt, end):
            blocks.append((block_start, pos))
            block_start = nxt
        pos = text.find("\n", nxt, end)
    blocks.append((block_start, end))
    return blocks


def _pieces(text: str, start: int, end: int) -> list[Span]:
    """``[start, end)`` cut into pieces of at most ``PIECE`` characters, each cut at a likely
    sentence end or, failing that, a line end (a hard cut only in text with neither)."""
    pieces: list[Span] = []
    while end - start > PIECE:
        limit = start + PIECE
        ends = [
            m.end()
            for m in _ROUGH_END.finditer(text, start + PIECE // 2, limit)
            if not _inside_quotes(text, start, m.end())
        ]
        if ends:
            cut = ends[-1]
        else:
            newline = text.rfind("\n", start + PIECE // 2, limit)
            cut = newline + 1 if newline != -1 else limit
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    return pieces


def _inside_quotes(text: str, start: int, at: int) -> bool:
    """True when ``at`` falls inside a quotation opened after ``start`` (straight quotes counted
    in pairs, typographic ones by their opening and closing marks)."""
    return text.count('"', start, at) % 2 == 1 or text.count("“", start, at) > text.count(
        "”", start, at
    )
