"""PDF: the text layer page by page, by pypdf (BSD-3-Clause, pure Python).

Each page's text is taken in pypdf's reading order; lines are joined into paragraphs (a line
ending a sentence well short of the page's width ends a paragraph; a word hyphenated across a
line break is joined). Running headers and footers (the same first or last lines on many pages,
page numbers counted as equal) and lone page numbers are dropped. ``SourceInfo.pages`` holds the
offset where each page starts. An encrypted PDF that opens with the empty password is read; any
other gets a message, as does a PDF with no text layer (scanned images: OCR it first).
``extract(..., on_page=...)`` hands each page's raw text over as soon as it is read, and
``PagePreview`` turns those pages into a text that grows page by page, for a reader that shows the
first pages of a long PDF before the rest (its text can differ from the final one: the running
headers and footers are only known once every page has been read).
"""

from __future__ import annotations

import io
import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from marginote.annotations.formats.base import (
    MAX_PAGES,
    Extracted,
    ExtractionError,
    SourceInfo,
    TextBuilder,
)

if TYPE_CHECKING:
    from pypdf import PdfReader

VERSION = 4  # 4: typographic ligatures (ﬁ, ﬂ, ...) spelt out
LIBRARY = "pypdf"
#: How many lines at the top and at the bottom of a page may be a running header or footer.
_EDGE = 2
_PAGE_NUMBER = re.compile(
    r"(?i:page|p\.|seite)?\s*[-–—]?\s*\d{1,5}\s*[-–—]?(?:\s*(?i:of|/|von)\s*\d{1,5})?"
    r"|[ivxlc]{1,7}|[IVXLC]{2,7}"  # roman numbers of front matter ("I" alone is a word)
)
_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")
#: What PDF writers put in the info dictionary when they know nothing.
_PLACEHOLDERS = frozenset({"untitled", "anonymous", "unknown", "(anonymous)", "(unspecified)"})
_LIST_ITEM = re.compile(r"(?:[•·▪◦‣*–-]|\d{1,3}[.)]|[a-z][.)])\s")
_SENTENCE_END = re.compile(r"[.!?:…][\"'”’»)\]]*$")


def _open(data: bytes) -> PdfReader:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                unlocked = reader.decrypt("")
            except DependencyError:
                raise ExtractionError(
                    "encrypted PDF: this kind of encryption cannot be opened here; "
                    "save an unlocked copy first"
                ) from None
            if not unlocked:
                raise ExtractionError(
                    "encrypted PDF: it needs a password; save an unlocked copy first"
                )
        count = len(reader.pages)
    except ExtractionError:
        raise
    except Exception as error:  # pypdf raises many kinds on damaged files
        raise ExtractionError(f"damaged PDF ({_short(error)})") from None
    if count == 0:
        raise ExtractionError("damaged PDF (no pages found)")
    if count > MAX_PAGES:
        raise ExtractionError(f"refused: {count:,} pages (the limit is {MAX_PAGES:,})")
    return reader


def _short(error: BaseException) -> str:
    text = str(error) or type(error).__name__
    return text if len(text) <= 120 else text[:117] + "..."


def _page_texts(reader: PdfReader) -> Iterator[str]:
    for page in reader.pages:
        try:
            text = page.extract_text()
        except Exception:  # one damaged page does not lose the others
            text = ""
        yield text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")


def _key(line: str) -> str:
    return _SPACES.sub(" ", _DIGITS.sub("#", line.strip().lower()))


def _edge_keys(lines: list[str]) -> set[str]:
    return {_key(line) for line in lines[:_EDGE] + lines[-_EDGE:]}


def _running_lines(page_lines: list[list[str]]) -> set[str]:
    """Keys of lines that repeat at the top or bottom of many pages."""
    counts: Counter[str] = Counter()
    for lines in page_lines:
        counts.update(_edge_keys(lines))
    needed = max(3, len(page_lines) // 2)
    return {key for key, count in counts.items() if count >= needed and key}


def _trim(lines: list[str], running: set[str]) -> list[str]:
    """The page's lines without running headers/footers and lone page numbers at its edges."""

    def edge_line(line: str) -> bool:
        return _key(line) in running or bool(_PAGE_NUMBER.fullmatch(line.strip()))

    start, end = 0, len(lines)
    while start < min(end, _EDGE) and edge_line(lines[start]):
        start += 1
    while end > max(start, len(lines) - _EDGE) and edge_line(lines[end - 1]):
        end -= 1
    return lines[start:end]


def paragraphs(lines: list[str]) -> list[str]:
    """Hard-wrapped lines joined into paragraphs the reader can wrap again: lines are joined
    with a space (a word hyphenated across lines is joined whole), list items start a line of
    their own, and a paragraph ends after a line that ends a sentence short of the page's width
    or after a line under half of it (a heading)."""
    width = max((len(line) for line in lines), default=0)
    found: list[str] = []
    current = ""
    for line in lines:
        line = line.strip()
        if not line:
            if current:
                found.append(current)
            current = ""
            continue
        if not current:
            current = line
        elif current.endswith("-") and current[-2:-1].isalpha() and line[:1].islower():
            current = current[:-1] + line
        elif _LIST_ITEM.match(line):
            current += "\n" + line
        else:
            current += " " + line
        short = len(line) < 0.8 * width
        if (short and _SENTENCE_END.search(line)) or len(line) < 0.5 * width:
            found.append(current)
            current = ""
    if current:
        found.append(current)
    return found


def _metadata(reader: PdfReader) -> tuple[str, str, str]:
    try:
        meta = reader.metadata
        if meta is None:
            return "", "", ""
        created = meta.creation_date
        title, author = str(meta.title or "").strip(), str(meta.author or "").strip()
        return (
            "" if title.lower() in _PLACEHOLDERS else title,
            "" if author.lower() in _PLACEHOLDERS else author,
            created.date().isoformat() if created else "",
        )
    except Exception:  # metadata is a convenience: a damaged info dictionary loses only it
        return "", "", ""


#: The ligatures TeX and word processors typeset (U+FB00-FB06: ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ) spelt out, so that
#: searching "Oberfläche" finds "Oberﬂäche" and the recogniser and claim matcher see plain words.
_LIGATURES = str.maketrans(
    {chr(c): unicodedata.normalize("NFKC", chr(c)) for c in range(0xFB00, 0xFB07)}
)


def _lines(raw_page: str) -> list[str]:
    return [line.rstrip().translate(_LIGATURES) for line in raw_page.split("\n") if line.strip()]


def assemble(raw_pages: list[str]) -> tuple[str, tuple[int, ...]]:
    """The document text and the offset where each page starts."""
    page_lines = [_lines(page) for page in raw_pages]
    running = _running_lines(page_lines) if len(page_lines) >= 3 else set()
    builder = TextBuilder()
    starts: list[int] = []
    for lines in page_lines:
        starts.append(builder.position)
        for paragraph in paragraphs(_trim(lines, running) if len(page_lines) > 1 else lines):
            builder.add(paragraph)
    return builder.text(), tuple(starts)


class PagePreview:
    """The text of the pages read so far, growing at its end only (``add`` returns what to
    append). Running headers and footers are those seen on at least half of the pages read so
    far (and three): the first ``FIRST_PAGES`` are held until they are all read, so that theirs
    are known; a page read later keeps a header that only the final text (all pages) drops."""

    FIRST_PAGES = 3

    def __init__(self) -> None:
        self.builder = TextBuilder()
        #: Where each page shown starts in the preview's text.
        self.starts: list[int] = []
        self._counts: Counter[str] = Counter()
        self._held: list[list[str]] = []
        self._read = 0

    def add(self, raw_page: str) -> str:
        """Take the next page; the text to append to the preview ("" while the first pages are
        held, or for an empty page)."""
        lines = _lines(raw_page)
        self._read += 1
        self._counts.update(_edge_keys(lines))
        self._held.append(lines)
        if self._read < self.FIRST_PAGES:
            return ""
        needed = max(3, self._read // 2)
        before = self.builder.length
        for held in self._held:
            running = {key for key in _edge_keys(held) if key and self._counts[key] >= needed}
            self.starts.append(self.builder.position)
            for paragraph in paragraphs(_trim(held, running)):
                self.builder.add(paragraph)
        self._held = []
        return self._since(before)

    def final_offset(self, offset: int, text: str, starts: tuple[int, ...]) -> int:
        """Where the preview's ``offset`` is in the final ``text`` (whose pages start at
        ``starts``): the same words in the same page, found by their quote and context, else the
        same distance into the page."""
        from marginote.annotations.anchoring import locate, select

        page = bisect_right(self.starts, offset) - 1
        if page < 0 or page >= len(starts):
            return min(max(0, offset), len(text))
        preview = self.builder.text()
        begin = min(self.starts[page], len(preview))
        finish = self.starts[page + 1] if page + 1 < len(self.starts) else len(preview)
        lo = starts[page]
        hi = starts[page + 1] if page + 1 < len(starts) else len(text)
        local = offset - begin
        page_text = preview[begin:finish]
        quote = select(page_text, local, min(local + 16, len(page_text)))
        found = locate(text[lo:hi], local, local + len(quote.quote), quote)
        if found.placement == "orphan":
            return min(lo + local, hi)
        return lo + found.start

    def _since(self, length: int) -> str:
        """The text added after it was ``length`` characters long."""
        found: list[str] = []
        total = self.builder.length
        for part in reversed(self.builder.parts):
            if total <= length:
                break
            found.append(part)
            total -= len(part)
        return "".join(reversed(found))


def extract(
    data: bytes,
    fallback_title: str,
    on_page: Callable[[int, int, str], None] | None = None,
) -> Extracted:
    """The PDF's text; ``on_page(number, count, raw_text)`` is called as each page is read."""
    reader = _open(data)
    count = len(reader.pages)
    raw_pages: list[str] = []
    for raw in _page_texts(reader):
        raw_pages.append(raw)
        if on_page is not None:
            on_page(len(raw_pages), count, raw)
    text, starts = assemble(raw_pages)
    if not text.strip():
        raise ExtractionError("no text layer; OCR it first (the PDF holds only images)")
    title, author, date = _metadata(reader)
    info = SourceInfo(
        format="pdf", title=title or fallback_title, author=author, date=date, pages=starts
    )
    return Extracted(text, info)
