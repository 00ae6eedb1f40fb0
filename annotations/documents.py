"""Documents: loading text files safely, and the text units a reader moves by.

Offsets everywhere in marginote are Python string indices (code points) into ``Document.text``,
the file's content *as loaded*:

1. the bytes are decoded (BOM first, then strict UTF-8, then UTF-8 with the few invalid bytes
   replaced by U+FFFD when the file is mostly UTF-8, then Windows-1252, then Latin-1);
2. a UTF-8/UTF-16/UTF-32 byte order mark is dropped;
3. line endings are normalised: CRLF and lone CR become LF.

Nothing else is changed: control characters stay in the text (the view shows them as visible
placeholders), so an annotation's quote is exactly ``text[start:end]``.

Web pages, PDFs, Word documents, e-books, Markdown and subtitles are read by the extractors of
``annotations.formats``: their ``Document.text`` is the extracted text (cached by the file's hash
and the extractor's version, so offsets stay exact), and ``Document.source`` holds the format,
the metadata and the page, chapter and cue maps.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from marginote.annotations import formats
from marginote.annotations.formats.base import SourceInfo
from marginote.annotations.paths import cache_dir
from marginote.annotations.sentences import Sentences
from marginote.annotations.words import count_words

#: Files larger than this are refused with a message instead of being read into memory
#: (checked with stat, before reading a byte).
MAX_BYTES = 64 * 1024 * 1024

_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF": "a PDF file",
    b"PK\x03\x04": "a zip archive (or an office document)",
    b"\x1f\x8b": "a gzip archive",
    b"\x7fELF": "a program (ELF binary)",
    b"SQLite format 3": "an SQLite database",
}
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig", "UTF-8 (BOM)"),
    (b"\xff\xfe\x00\x00", "utf-32", "UTF-32 (BOM)"),
    (b"\x00\x00\xfe\xff", "utf-32", "UTF-32 (BOM)"),
    (b"\xff\xfe", "utf-16", "UTF-16 (BOM)"),
    (b"\xfe\xff", "utf-16", "UTF-16 (BOM)"),
)
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\f\v]*\n\s*")
_WORD = re.compile(r"\w+")
class DocumentError(Exception):
    """A file that cannot be opened as a document; ``reason`` says why in plain words."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass(frozen=True)
class Document:
    """A loaded text document with its indexes. ``text`` is never parsed as markup."""

    path: Path
    text: str
    encoding: str
    title: str
    #: Where the text was extracted from (None for a plain text file).
    source: SourceInfo | None = None
    sha256: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "sha256", text_sha256(self.text))

    @property
    def format(self) -> str:
        """ "text", or the format the text was extracted from ("pdf", "html", ...)."""
        return self.source.format if self.source else "text"

    def extended(self, more: str) -> Document:
        """This document with ``more`` appended to its text (a preview of a text still being
        read, growing page by page): its line starts are those known plus the new ones, not
        found again over the whole text."""
        grown = Document(self.path, self.text + more, self.encoding, self.title, self.source)
        base, starts, find = len(self.text), list(self.line_starts), more.find
        pos = find("\n")
        while pos != -1:
            starts.append(base + pos + 1)
            pos = find("\n", pos + 1)
        grown.__dict__["line_starts"] = starts  # the cached_property's value, set ahead
        return grown

    @cached_property
    def word_count(self) -> int:
        return count_words(self.text)  # in slices: see annotations/words.py

    @cached_property
    def line_starts(self) -> list[int]:
        """Offset of the first character of each line (lines are separated by ``\\n``)."""
        starts = [0]
        find = self.text.find
        pos = find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        return starts

    @cached_property
    def paragraph_starts(self) -> list[int]:
        """Offsets where paragraphs (blocks separated by blank lines) begin."""
        return [0, *(m.end() for m in _PARAGRAPH_BREAK.finditer(self.text))]

    def paragraph_at(self, offset: int) -> tuple[int, int]:
        """(start, end) of the paragraph holding ``offset``, without its trailing blank lines."""
        starts = self.paragraph_starts
        i = bisect_right(starts, offset) - 1
        start = starts[i]
        end = starts[i + 1] if i + 1 < len(starts) else len(self.text)
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return start, end

    @cached_property
    def sentences(self) -> Sentences:
        """Sentence boundaries, found lazily one paragraph at a time (see ``sentences.py``)."""
        return Sentences(self.text)

    def sentences_in(self, start: int, end: int) -> list[tuple[int, int]]:
        """Sentence spans (start, end) of the text between ``start`` and ``end``.

        Sentences never cross a paragraph break; a single newline inside a paragraph (hard-wrapped
        text) does not end a sentence, but a line that is a list item starts a new one.
        """
        return list(self.sentences.between(start, end))

    def sentence_at(self, offset: int) -> tuple[int, int] | None:
        """The sentence holding ``offset`` (or the nearest one after it in its paragraph)."""
        sentences = self.sentences.around(*self.paragraph_at(offset), offset)
        for start, end in sentences:
            if offset < end:
                return start, end
        return sentences[-1] if sentences else None

    def next_sentence_start(self, offset: int) -> int:
        pos = offset
        while pos < len(self.text):
            p_start, p_end = self.paragraph_at(pos)
            for start, _ in self.sentences_in(p_start, p_end):
                if start > offset:
                    return start
            nxt = bisect_right(self.paragraph_starts, pos)
            if nxt >= len(self.paragraph_starts):
                break
            pos = self.paragraph_starts[nxt]
        return offset

    def previous_sentence_start(self, offset: int) -> int:
        pos = offset
        while True:
            p_start, p_end = self.paragraph_at(pos)
            for start, _ in reversed(self.sentences_in(p_start, p_end)):
                if start < offset:
                    return start
            if p_start == 0:
                return offset
            pos = p_start - 1

    def next_word_start(self, offset: int) -> int:
        m = _WORD.search(self.text, offset)
        if m and m.start() <= offset:  # inside a word: go to the next one
            m = _WORD.search(self.text, m.end())
        return m.start() if m else offset

    def snap_to_words(self, start: int, end: int) -> tuple[int, int]:
        """``[start, end)`` widened to whole words, trimmed of spaces and loose punctuation,
        quotes balanced, within the paragraph it starts in (see ``spans.snap``)."""
        from marginote.annotations.spans import snap

        lead = start
        while lead < end and self.text[lead].isspace():
            lead += 1
        return snap(self.text, start, end, self.paragraph_at(lead))

    def next_paragraph_start(self, offset: int) -> int:
        starts = self.paragraph_starts
        i = bisect_right(starts, offset)
        return starts[i] if i < len(starts) else len(self.text)

    def previous_paragraph_start(self, offset: int) -> int:
        starts = self.paragraph_starts
        i = bisect_left(starts, offset) - 1
        return starts[i] if i >= 0 else 0

    def previous_word_start(self, offset: int) -> int:
        window = max(0, offset - 4096)
        last = None
        for m in _WORD.finditer(self.text, window, offset):
            if m.start() < offset:
                last = m.start()
        return last if last is not None else window


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def sniff_binary(head: bytes) -> str | None:
    """Why ``head`` (the first bytes of a file) is not text, or None when it looks like text."""
    for magic, what in _MAGIC.items():
        if head.startswith(magic):
            return f"not a text file: {what}"
    if any(head.startswith(bom) for bom, _, _ in _BOMS):
        return None
    # Binary data is full of NUL bytes; a stray one in a text is shown as a placeholder instead.
    if head.count(b"\x00") > max(1, len(head) // 100):
        return "not a text file: it contains NUL bytes (binary data, or UTF-16 without a BOM)"
    return None


def decode(data: bytes) -> tuple[str, str]:
    """Decode file bytes to text; returns (text, human-readable encoding name)."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            return data.decode(codec, errors="replace"), name
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    good = len(_UTF8_MULTIBYTE.findall(data))
    replaced = data.decode("utf-8", errors="replace")
    bad = replaced.count("\ufffd") - data.count("\xef\xbf\xbd".encode("latin-1"))
    # Valid multi-byte UTF-8 sequences almost never occur by chance in Windows-1252 or Latin-1
    # text, so as many of them as there are bad bytes means UTF-8 with a few broken bytes.
    if good and good >= bad:
        return replaced, f"UTF-8 ({bad} invalid byte{'s' if bad != 1 else ''} replaced)"
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "Latin-1"


def normalise_newlines(text: str) -> str:
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def title_of(path: Path, text: str) -> str:
    """A short title: a leading heading line when the text has one, else the file name."""
    first, sep, rest = text.lstrip("\ufeff \t\n").partition("\n")
    first = first.strip().lstrip("#").strip()
    if first and sep and len(first) <= 100 and (rest.startswith("\n") or rest.startswith("=")):
        return first
    stem = re.sub(r"[-_]+", " ", path.stem).strip()
    return stem[:1].upper() + stem[1:] if stem else path.name


def file_stamp(path: Path) -> tuple[int, int, int] | None:
    """(inode, size, mtime) of a file, or None when it is gone: changes when it is edited,
    truncated or replaced."""
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_ino, st.st_size, st.st_mtime_ns


def load_document(path: Path, streaming: formats.Streaming | None = None) -> Document:
    """Read, decode and normalise a text file; raises DocumentError with a plain reason.
    ``streaming``: a PDF not yet in the cache hands its pages over as they are read."""
    try:
        if path.is_dir():
            raise DocumentError(path, "is a folder, not a file")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise DocumentError(
                path, f"too big to open ({size / 2**20:.0f} MB; the limit is {MAX_BYTES >> 20} MB)"
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise DocumentError(path, "no such file") from None
    except PermissionError:
        raise DocumentError(path, "permission denied") from None
    except OSError as error:
        raise DocumentError(path, f"cannot be read ({error.strerror or error})") from None
    if (fmt := formats.detect(path, data)) is not None:
        try:
            found = formats.extract(fmt, data, title_of(path, ""), cache_dir(), streaming)
        except formats.ExtractionError as error:
            raise DocumentError(path, error.reason) from None
        return Document(
            path=path,
            text=found.text,
            encoding=fmt.label,
            title=found.info.title,
            source=found.info,
        )
    if reason := sniff_binary(data[:8192]):
        raise DocumentError(path, reason)
    text, encoding = decode(data)
    text = normalise_newlines(text)
    return Document(path=path, text=text, encoding=encoding, title=title_of(path, text))
