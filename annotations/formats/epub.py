"""E-books (.epub): the chapters in the order of the OPF spine, read from the zip directly.

``META-INF/container.xml`` names the package (OPF) file; its manifest maps ids to files and its
spine lists the reading order. Each spine item's XHTML becomes blocks (headings, paragraphs,
list items); a chapter's title is its first heading, else its ``<title>``, else "Chapter N".
Metadata: title, creator and date from the OPF's Dublin Core elements. The zip is read within a
budget of expanded bytes, and every XML file through defusedxml (no entity expansion).
"""

from __future__ import annotations

import posixpath
from typing import Any
from urllib.parse import unquote

from marginote.annotations.formats.base import (
    Chapter,
    Extracted,
    ExtractionError,
    SourceInfo,
    TextBuilder,
)
from marginote.annotations.formats.markup import HEADINGS, blocks, local, parse_xhtml, parse_xml
from marginote.annotations.formats.safezip import SafeZip

VERSION = 1
LIBRARY = ""
_XHTML_TYPES = frozenset({"application/xhtml+xml", "text/html", "application/xml"})
_BULLET = "• "


def _children(element: Any, name: str) -> list[Any]:
    return [e for e in element.iter() if local(e.tag) == name]


def _first_text(element: Any, name: str) -> str:
    for found in _children(element, name):
        text = " ".join("".join(found.itertext()).split())
        if text:
            return text
    return ""


def _package_path(archive: SafeZip) -> str:
    container = parse_xml(archive.read("META-INF/container.xml"), "the e-book's container.xml")
    for rootfile in _children(container, "rootfile"):
        if path := rootfile.get("full-path"):
            return str(path)
    raise ExtractionError("damaged e-book: container.xml names no package file")


def _spine(opf: Any, base: str) -> list[str]:
    """The files of the spine, in reading order (paths inside the zip)."""
    manifest: dict[str, tuple[str, str]] = {}
    for item in _children(opf, "item"):
        ident, href = item.get("id"), item.get("href")
        if ident and href:
            path = posixpath.normpath(posixpath.join(base, unquote(href.split("#")[0])))
            manifest[ident] = (path, item.get("media-type", ""))
    order = []
    for ref in _children(opf, "itemref"):
        path, kind = manifest.get(ref.get("idref", ""), ("", ""))
        if path and (kind in _XHTML_TYPES or path.endswith((".xhtml", ".html", ".htm"))):
            order.append(path)
    return order


def extract(data: bytes, fallback_title: str) -> Extracted:
    archive = SafeZip(data, "e-book")
    package = _package_path(archive)
    opf = parse_xml(archive.read(package), "the e-book's package file")
    base = posixpath.dirname(package)
    builder = TextBuilder()
    chapters: list[Chapter] = []
    for number, path in enumerate(_spine(opf, base), 1):
        if path not in archive.names:
            continue  # a spine entry without its file: the others are still read
        root = parse_xhtml(archive.read(path), f"the e-book's chapter {path}")
        start = builder.position
        heading = ""
        for kind, text in blocks(root):
            if kind in HEADINGS and not heading:
                heading = text
            builder.add(_BULLET + text if kind == "li" else text)
        if builder.position > start:  # the chapter had text (a cover image page has none)
            title = heading or _first_text(root, "title") or f"Chapter {number}"
            chapters.append(Chapter(start, " ".join(title.split())[:200]))
    text = builder.text()
    if not text.strip():
        raise ExtractionError("the e-book holds no text")
    info = SourceInfo(
        format="epub",
        title=_first_text(opf, "title") or fallback_title,
        author=_first_text(opf, "creator"),
        date=_first_text(opf, "date")[:10],
        chapters=tuple(chapters),
    )
    return Extracted(text, info)
