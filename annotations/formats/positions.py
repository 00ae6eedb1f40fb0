"""Where an offset is in its source: the page of a PDF, the chapter of an e-book, the cue time of
subtitles. For the reader's status line, and kept on annotations (``attrs``) when tagging."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from marginote.annotations.formats.base import SourceInfo
from marginote.annotations.formats.subtitles import clock

if TYPE_CHECKING:
    from marginote.annotations.documents import Document
    from marginote.annotations.model import Annotation


def position_attrs(source: SourceInfo | None, offset: int) -> dict[str, Any]:
    """What an annotation starting at ``offset`` records of its place in the source:
    ``page`` (1-based), ``chapter`` (its title), ``cue`` (``m:ss``) and ``cue_seconds``."""
    if source is None:
        return {}
    found: dict[str, Any] = {}
    if (page := source.page_at(offset)) is not None:
        found["page"] = page
    if (chapter := source.chapter_at(offset)) is not None:
        found["chapter"] = chapter.title
    if (cue := source.cue_at(offset)) is not None:
        found["cue"] = clock(cue.seconds)
        found["cue_seconds"] = cue.seconds
    return found


def position_label(source: SourceInfo | None, offset: int) -> str:
    """The caret's place: "page 3 of 12", "chapter 2 of 9: Title" or "cue 1:02" ("" for text)."""
    if source is None:
        return ""
    if (page := source.page_at(offset)) is not None:
        return f"page {page} of {len(source.pages)}"
    if (chapter := source.chapter_at(offset)) is not None:
        number = source.chapters.index(chapter) + 1
        return f"chapter {number} of {len(source.chapters)}: {chapter.title}"
    if (cue := source.cue_at(offset)) is not None:
        return f"cue {clock(cue.seconds)}"
    return ""


def cue_at_time(source: SourceInfo | None, seconds: float) -> int | None:
    """The offset of the cue shown at ``seconds`` (the last one starting at or before it; the
    first cue for an earlier time), or None when the source has no cues."""
    if source is None or not source.cues:
        return None
    starts = [cue.seconds for cue in source.cues]
    i = max(0, bisect_right(starts, seconds) - 1)
    return source.cues[i].start


def page_of(source: SourceInfo | None, offset: int) -> int | None:
    return source.page_at(offset) if source is not None else None


def source_url(document: Document) -> str:
    """The canonical URL of a document's source (a web page's), or ""."""
    return document.source.url if document.source is not None else ""


def page_range(source: SourceInfo | None, page: object, length: int) -> tuple[int, int] | None:
    """``[start, end)`` of the 1-based ``page`` in a text of ``length`` characters, or None."""
    if source is None or not isinstance(page, int) or not 1 <= page <= len(source.pages):
        return None
    starts = source.pages
    return starts[page - 1], starts[page] if page < len(starts) else length


def on_its_page(annotation: Annotation, document: Document) -> Annotation | None:
    """``annotation`` (from another text: an import) placed on the page it names
    (``attrs["page"]``, from a W3C ``FragmentSelector``) when its quote is there: the occurrence
    on that page wins over the same words elsewhere. None when it names no page of this
    document or its quote is not on it (it is then placed as any other)."""
    from marginote.annotations.anchoring import Selector, locate, select
    from marginote.annotations.model import now_iso

    text = document.text
    found = page_range(document.source, annotation.attrs.get("page"), len(text))
    if found is None or not annotation.quote:
        return None
    lo, hi = found
    selector = Selector(annotation.quote, annotation.prefix, annotation.suffix)
    hint = min(max(0, annotation.start - lo), hi - lo)
    anchor = locate(text[lo:hi], hint, hint + len(annotation.quote), selector)
    if anchor.placement in ("orphan", "fuzzy"):
        return None
    start, end = lo + anchor.start, lo + anchor.end
    fresh = select(text, start, end)
    return replace(
        annotation,
        doc=document.sha256,
        start=start,
        end=end,
        quote=fresh.quote,
        prefix=fresh.prefix,
        suffix=fresh.suffix,
        placement="exact",
        modified=now_iso(),
    )
