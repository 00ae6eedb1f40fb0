"""The library: the documents found under the paths a user gives, with cheap metadata.

Every file is offered: plain text, and the formats of ``annotations.formats`` (web pages, PDFs,
Word documents, e-books, Markdown, subtitles), listed with the title, author and date found in
them. A file that cannot be read is listed with the reason; the others are listed all the same.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

#: Files that are never documents (hidden files and editor droppings are skipped too).
_SKIP_SUFFIXES = frozenset({".pyc", ".swp", ".tmp", ".lock"})


@dataclass(frozen=True)
class DocumentInfo:
    """What the library lists about one file. ``error`` is set when it cannot be opened."""

    path: Path
    size: int
    title: str = ""
    words: int = 0
    sha256: str = ""
    encoding: str = ""
    error: str = ""
    #: "text", or the format the text is extracted from ("pdf", "html", "docx", "epub", ...),
    #: with the metadata found in the file.
    format: str = ""
    author: str = ""
    date: str = ""
    url: str = ""


class SameTexts:
    """Which files hold a text already met: the store keeps annotations by the text's sha256, so
    two files with one text (a file downloaded twice) share their annotations, and a count or an
    export over both would take them twice. ``first_time`` says whether to take a document; the
    copies left out are kept for ``notes``."""

    def __init__(self) -> None:
        self._first: dict[str, Path] = {}
        #: (the copy left out, the file taken), in the order met.
        self.copies: list[tuple[Path, Path]] = []

    def first_time(self, sha256: str, path: Path) -> bool:
        first = self._first.setdefault(sha256, path)
        if first == path:
            return True
        self.copies.append((path, first))
        return False

    def notes(self, taken: str = "counted once") -> list[str]:
        """One line per copy: "b.txt: the same text as a.txt, counted once" (paths as found;
        print them through ``sanitise``)."""
        return [f"{copy}: the same text as {first}, {taken}" for copy, first in self.copies]


def under_library(path: Path, roots: Sequence[Path]) -> str | None:
    """``path`` relative to the first of ``roots`` (the library's folders, or a file's folder)
    that holds it, as a POSIX path, or None when none does."""
    path = path.resolve()
    for root in roots:
        base = root.resolve()
        base = base.parent if base.is_file() else base
        if path.is_relative_to(base):
            return path.relative_to(base).as_posix()
    return None


def library_path(path: str, roots: Sequence[Path]) -> str:
    """A stored document path as marginote shows it: relative to the library folder when it is
    inside it (short, and the same from wherever marginote was started), else absolute (a file
    elsewhere, or on a teammate's machine, is then found by the whole path). Sanitise it before
    printing."""
    return under_library(Path(path), roots) or str(Path(path).resolve())


def find_documents(paths: Iterable[Path]) -> list[Path]:
    """Every candidate file under ``paths`` (files as given, folders walked), sorted, no repeats.

    Symlinked folders are not followed (no loops); unreadable folders are skipped.
    """
    found: dict[Path, None] = {}
    for path in paths:
        if path.is_dir():
            for folder, dirs, files in os.walk(path, onerror=lambda _: None):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith(".") and Path(name).suffix not in _SKIP_SUFFIXES:
                        found.setdefault(Path(folder) / name, None)
        else:
            found.setdefault(path, None)
    return list(found)


def describe(path: Path, between: Callable[[], None] | None = None) -> DocumentInfo:
    """Metadata for the list screen; a file that cannot be opened gets a plain ``error``.
    ``between`` is called between slices of the word count (see ``words.count_words``)."""
    # Here, not at the top: listing files (``find_documents``) is on the app's start-up path,
    # reading them is not.
    from marginote.annotations.documents import DocumentError, load_document
    from marginote.annotations.words import count_words

    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    try:
        doc = load_document(path)
    except DocumentError as error:
        return DocumentInfo(path=path, size=size, title=path.name, error=error.reason)
    return DocumentInfo(
        path=path,
        size=size,
        title=doc.title,
        words=count_words(doc.text, between),
        sha256=doc.sha256,
        encoding=doc.encoding,
        format=doc.format,
        author=doc.source.author if doc.source else "",
        date=doc.source.date if doc.source else "",
        url=doc.source.url if doc.source else "",
    )
