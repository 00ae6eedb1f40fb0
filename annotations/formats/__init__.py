"""Document formats: which extractor reads a file, and its text taken from the cache or extracted.

Each format is a module with ``VERSION``, ``LIBRARY`` (the package it relies on, "" for none) and
``extract(data, fallback_title) -> Extracted``; heavy libraries are imported inside ``extract``.
Plain text is not here: ``documents.load_document`` reads it as it always has.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import io
import logging
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol, cast

from marginote.annotations.formats import flights
from marginote.annotations.formats.base import Extracted, ExtractionError, SourceInfo, Streaming

__all__ = [
    "FORMATS",
    "Extracted",
    "ExtractionError",
    "Format",
    "SourceInfo",
    "Streaming",
    "detect",
    "extract",
]


class _Extractor(Protocol):
    VERSION: int
    LIBRARY: str

    def extract(self, data: bytes, fallback_title: str) -> Extracted: ...


@dataclass(frozen=True)
class Format:
    name: str
    label: str
    suffixes: tuple[str, ...]
    #: From this many bytes of input (``work_size``), extracted in a child process with a time
    #: and memory limit (``formats.bounded``); 0: always. Below it, the worst files measured take
    #: about a second in-process (design notes), not much more than the child's start would add.
    child_from: int = 256 * 1024
    #: Can hand its pages over as they are read (``Streaming``).
    streams: bool = False

    @property
    def module(self) -> _Extractor:
        return cast(_Extractor, importlib.import_module(f"{__name__}.{self.name}"))

    @property
    def extractor_id(self) -> str:
        """The extractor's name and version, with its library's version (all change the text)."""
        return _extractor_id(self.name)


HTML = Format("html", "HTML", (".html", ".htm", ".xhtml", ".shtml"), child_from=512 * 1024)
PDF = Format("pdf", "PDF", (".pdf",), child_from=0, streams=True)
DOCX = Format("docx", "Word", (".docx",))
EPUB = Format("epub", "EPUB", (".epub",))
MARKDOWN = Format(
    "markdown", "Markdown", (".md", ".markdown", ".mdown", ".mkd"), child_from=64 * 1024
)
SUBTITLES = Format("subtitles", "Subtitles", (".srt", ".vtt"), child_from=1024 * 1024)
FORMATS = (HTML, PDF, DOCX, EPUB, MARKDOWN, SUBTITLES)
#: The libraries log warnings about odd files (missing fonts, broken xrefs); with no handler of
#: the app's, logging would print them on the terminal under the interface, so they go nowhere.
for _logger in ("pypdf", "trafilatura", "htmldate", "courlan", "justext", "docx"):
    logging.getLogger(_logger).addHandler(logging.NullHandler())
_BY_SUFFIX = {suffix: f for f in FORMATS for suffix in f.suffixes}
_MARKUP_SUFFIXES = (".xhtml", ".html", ".htm", ".xml")
_PLAIN_SUFFIXES = frozenset({".txt", ".text", ".log", ".csv", ".json", ".xml"})


@functools.cache
def _extractor_id(name: str) -> str:
    from importlib import metadata  # 30-70 ms: not on the start-up path

    module = cast(_Extractor, importlib.import_module(f"{__name__}.{name}"))
    found = f"{name}-{module.VERSION}"
    if module.LIBRARY:
        try:
            found += f"+{module.LIBRARY}-{metadata.version(module.LIBRARY)}"
        except metadata.PackageNotFoundError:
            found += f"+{module.LIBRARY}-missing"
    return found


def _zip_format(data: bytes) -> Format | None:
    """DOCX or EPUB by what the zip holds (its central directory only: nothing is expanded)."""
    import zipfile

    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    if "word/document.xml" in names:
        return DOCX
    if "META-INF/container.xml" in names or ("mimetype" in names and b"epub" in data[30:100]):
        return EPUB
    return None


def work_size(fmt: Format, data: bytes) -> int:
    """The bytes the extractor parses: the file's, or for a Word document or an e-book the
    size its text parts declare once expanded (``zipfile`` never gives more than declared, and
    ``SafeZip`` counts what is expanded against its budget)."""
    if fmt not in (DOCX, EPUB):
        return len(data)
    import zipfile

    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return len(data)  # the extractor says what is wrong with it, at once
    if fmt is DOCX:
        return sum(m.file_size for m in members if m.filename == "word/document.xml")
    return sum(m.file_size for m in members if m.filename.lower().endswith(_MARKUP_SUFFIXES))


def in_child(fmt: Format, data: bytes) -> bool:
    """Whether ``data`` is extracted in the bounded child process (time and memory limits)."""
    return fmt.child_from == 0 or work_size(fmt, data) >= fmt.child_from


def is_cached(fmt: Format, data: bytes, cache_root: Path) -> bool:
    """Whether the text (or the failure) of ``data`` read as ``fmt`` is in the cache: opening
    it then takes milliseconds."""
    from marginote.annotations.formats import cache as extracted_cache

    source_sha256 = hashlib.sha256(data).hexdigest()
    return extracted_cache.cache_path(cache_root, source_sha256, fmt.extractor_id).exists()


def detect(path: Path, data: bytes) -> Format | None:
    """The format of a file from its name and first bytes; None for plain text (or a binary
    that ``documents.sniff_binary`` then refuses)."""
    suffix = path.suffix.lower()
    head = data[:1024]
    if head.startswith(b"%PDF") or (b"%PDF-" in head and suffix == ".pdf"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        return _BY_SUFFIX.get(suffix) if suffix in (".docx", ".epub") else _zip_format(data)
    if suffix in _BY_SUFFIX:
        return _BY_SUFFIX[suffix]
    if suffix in _PLAIN_SUFFIXES:
        return None
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html")):
        return HTML
    if start.startswith(b"webvtt"):
        return SUBTITLES
    return None


def extract(
    fmt: Format,
    data: bytes,
    fallback_title: str,
    cache_root: Path | None,
    streaming: Streaming | None = None,
) -> Extracted:
    """The text of ``data`` read as ``fmt``: from the cache when this extractor has read these
    bytes before, else extracted (and cached). Raises ExtractionError with a plain reason.
    ``streaming``: a format that can (PDF) hands its pages over as they are read (none when the
    text comes from the cache). An extraction of the same bytes under way in another thread is
    waited for rather than repeated (``formats.flights``)."""
    from marginote.annotations.formats import bounded
    from marginote.annotations.formats import cache as extracted_cache

    source_sha256 = hashlib.sha256(data).hexdigest()
    extractor = fmt.extractor_id
    key = (source_sha256, extractor)
    streams = streaming is not None and fmt.streams
    waited = False
    while True:
        if cache_root is not None and (
            found := extracted_cache.get(cache_root, source_sha256, extractor)
        ):
            return found
        if cache_root is None or waited:
            flight, mine = flights.Flight(streams), True  # on its own: nothing to share
        else:
            flight, mine = flights.board(key, streams)
        if not mine:
            flight.done.wait(bounded.time_limit(len(data)) + 5)
            waited = True
            continue
        try:
            found = _extract_now(fmt, data, fallback_title, streaming if streams else None, flight)
        except ExtractionError as error:
            if flight.yielded and error.reason == bounded.CANCELLED:
                flights.land(key, flight)
                continue  # a preview took over: wait for its text (next time round)
            if cache_root is not None and error.lasting:
                extracted_cache.put(cache_root, source_sha256, extractor, error.reason)
            flights.land(key, flight)
            raise
        except BaseException:
            flights.land(key, flight)
            raise
        found = Extracted(
            found.text, replace(found.info, extractor=extractor, source_sha256=source_sha256)
        )
        if cache_root is not None:
            extracted_cache.put(cache_root, source_sha256, extractor, found)
        flights.land(key, flight)  # after the cache is written: those waiting read it
        return found


def _extract_now(
    fmt: Format,
    data: bytes,
    fallback_title: str,
    streaming: Streaming | None,
    flight: flights.Flight,
) -> Extracted:
    try:
        if not in_child(fmt, data):
            return fmt.module.extract(data, fallback_title)
        from marginote.annotations.formats import bounded

        module = f"{__name__}.{fmt.name}"
        if streaming is not None:
            return bounded.run(module, data, fallback_title, fmt.label, streaming)
        if fmt.streams:  # a preview may take over (``flights``): stop then
            stop = lambda: flight.yielded  # noqa: E731
            return bounded.run(module, data, fallback_title, fmt.label, None, stop)
        return bounded.run(module, data, fallback_title, fmt.label)
    except (MemoryError, RecursionError):
        raise ExtractionError(f"too large or too deeply nested to read as {fmt.label}") from None
