"""What every extractor returns: the text, the source's metadata and its position maps.

Offsets in the maps are Python string indices into ``Extracted.text``, the same offsets the
annotations use. Extractors build the text block by block with ``TextBuilder`` (blocks are
separated by a blank line, so each becomes a paragraph of the reader).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

#: Caps that keep a hostile file's cost bounded (checked while extracting, not trusted from
#: headers): the text extracted, the bytes a zip may expand to, the pages of a PDF.
MAX_TEXT_CHARS = 32 * 1024 * 1024
MAX_EXPANDED_BYTES = 256 * 1024 * 1024
MAX_ZIP_ENTRIES = 10_000
MAX_PAGES = 10_000


class ExtractionError(Exception):
    """A file of a supported format whose text cannot be had; ``reason`` says why plainly.
    ``lasting`` is False when trying again may succeed (a time limit on a busy machine)."""

    def __init__(self, reason: str, *, lasting: bool = True) -> None:
        super().__init__(reason)
        self.reason = reason
        self.lasting = lasting


def _never() -> bool:
    return False


@dataclass(frozen=True)
class Streaming:
    """What a caller that shows a document while it is read asks of an extraction: each page's
    raw text as soon as it is read (``on_page(number, count, text)``, 1-based, from the thread
    that called the extraction), and whether to give up (checked while waiting; the child
    process is then killed and ``ExtractionError`` raised, not cached)."""

    on_page: Callable[[int, int, str], None]
    cancelled: Callable[[], bool] = _never


@dataclass(frozen=True)
class Chapter:
    start: int
    title: str


@dataclass(frozen=True)
class Cue:
    start: int
    seconds: float
    end_seconds: float


@dataclass(frozen=True)
class SourceInfo:
    """Where a document's text came from: its format, the extractor, the file's hash and the
    metadata found in it, with the maps from offsets to pages, chapters and cue times."""

    format: str
    extractor: str = ""
    source_sha256: str = ""
    title: str = ""
    author: str = ""
    date: str = ""
    url: str = ""
    site: str = ""
    pages: tuple[int, ...] = ()
    chapters: tuple[Chapter, ...] = ()
    cues: tuple[Cue, ...] = ()

    def page_at(self, offset: int) -> int | None:
        """The 1-based page holding ``offset`` (None when the source has no pages)."""
        return bisect_right(self.pages, offset) if self.pages else None

    @cached_property
    def _chapter_starts(self) -> list[int]:
        return [c.start for c in self.chapters]

    @cached_property
    def _cue_starts(self) -> list[int]:
        return [c.start for c in self.cues]

    def chapter_at(self, offset: int) -> Chapter | None:
        i = bisect_right(self._chapter_starts, offset) - 1
        return self.chapters[i] if i >= 0 else None

    def cue_at(self, offset: int) -> Cue | None:
        i = bisect_right(self._cue_starts, offset) - 1
        return self.cues[i] if i >= 0 else None

    def to_record(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "extractor": self.extractor,
            "source_sha256": self.source_sha256,
            "title": self.title,
            "author": self.author,
            "date": self.date,
            "url": self.url,
            "site": self.site,
            "pages": list(self.pages),
            "chapters": [[c.start, c.title] for c in self.chapters],
            "cues": [[c.start, c.seconds, c.end_seconds] for c in self.cues],
        }

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> SourceInfo:
        return cls(
            format=str(record["format"]),
            extractor=str(record["extractor"]),
            source_sha256=str(record["source_sha256"]),
            title=str(record["title"]),
            author=str(record["author"]),
            date=str(record["date"]),
            url=str(record["url"]),
            site=str(record["site"]),
            pages=tuple(int(p) for p in record["pages"]),
            chapters=tuple(Chapter(int(s), str(t)) for s, t in record["chapters"]),
            cues=tuple(Cue(int(s), float(a), float(b)) for s, a, b in record["cues"]),
        )


@dataclass(frozen=True)
class Extracted:
    text: str
    info: SourceInfo


@dataclass
class TextBuilder:
    """Joins blocks into one text with a blank line between them, keeping offsets."""

    parts: list[str] = field(default_factory=list)
    length: int = 0

    def add(self, block: str) -> int | None:
        """Append a block (stripped; empty ones are skipped); its start offset, or None."""
        block = block.strip()
        if not block:
            return None
        if self.parts:
            self.parts.append("\n\n")
            self.length += 2
        start = self.length
        self.parts.append(block)
        self.length += len(block)
        if self.length > MAX_TEXT_CHARS:
            raise ExtractionError(f"too much text (over {MAX_TEXT_CHARS >> 20} million characters)")
        return start

    @property
    def position(self) -> int:
        """Where the next block will start."""
        return self.length + 2 if self.parts else 0

    def text(self) -> str:
        return "".join(self.parts)
