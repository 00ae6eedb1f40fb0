"""W3C Web Annotation JSON-LD (https://www.w3.org/TR/annotation-model/).

One ``AnnotationCollection`` whose first page holds every annotation. Each targets the document
file with a ``TextQuoteSelector`` (exact, prefix, suffix) and a ``TextPositionSelector``
(code-point offsets), and records the sha256 of the text as the target's state. The label is a
``tagging`` body, the note a ``commenting`` body, each tag another ``tagging`` body, the verdict
an ``assessing`` body; what the model has no term for (claimant, other fields) is kept under
``marginote:attrs`` so that a round trip loses nothing.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from marginote.annotations.exchange import (
    Exported,
    FormatError,
    Incoming,
    WriteOptions,
    file_author,
)
from marginote.annotations.exchange.guards import parse_json
from marginote.annotations.formats.positions import page_of, source_url
from marginote.annotations.model import Annotation
from marginote.annotations.sanitise import json_text

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
_PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,5}", re.ASCII)


def annotation_id(annotation: Annotation) -> str:
    try:
        return uuid.UUID(hex=annotation.id).urn
    except ValueError:
        return f"urn:marginote:{annotation.id}"


def _body(purpose: str, value: str) -> dict[str, str]:
    return {"type": "TextualBody", "purpose": purpose, "value": value, "format": "text/plain"}


def source_of(item: Exported) -> str:
    """The target's source: the document's path as chosen for the export (a relative IRI by
    default, a file: IRI when absolute), or its text's hash when paths are left out."""
    if url := source_url(item.document):  # formats: a web page's canonical URL
        return url
    if item.path is None:
        return f"urn:sha256:{item.document.sha256}"
    if item.path.startswith("/"):
        return Path(item.path).as_uri()
    return quote(item.path)


def to_w3c(
    annotation: Annotation,
    source: str,
    doc: str,
    author: str | None = None,
    page: int | None = None,
) -> dict[str, Any]:
    bodies = [_body("tagging", annotation.label)]
    bodies += [_body("tagging", tag) for tag in annotation.tags]
    if annotation.note:
        bodies.append(_body("commenting", annotation.note))
    if annotation.verdict:
        bodies.append(_body("assessing", annotation.verdict))
    attrs = {k: v for k, v in annotation.attrs.items() if k != "verdict"}
    found: dict[str, Any] = {
        "@context": CONTEXT,
        "id": annotation_id(annotation),
        "type": "Annotation",
        "motivation": "tagging",
        "created": annotation.created,
        "modified": annotation.modified,
        "body": bodies,
        "target": {
            "source": source,
            "state": {"id": f"urn:sha256:{doc}"},
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": annotation.quote,
                    "prefix": annotation.prefix,
                    "suffix": annotation.suffix,
                },
                {"type": "TextPositionSelector", "start": annotation.start, "end": annotation.end},
                # formats: the PDF page, as a fragment of the PDF (RFC 3778)
                *_page_selector(page),
            ],
        },
        "marginote:attrs": attrs,
        "marginote:placement": annotation.placement,
    }
    if author:
        found["creator"] = {"type": "Person", "name": author}
    return found


def _page_selector(page: int | None) -> list[dict[str, str]]:
    if page is None:
        return []
    conforms = "http://tools.ietf.org/rfc/rfc3778"
    return [{"type": "FragmentSelector", "conformsTo": conforms, "value": f"page={page}"}]


def _page_of(selectors: list[Any]) -> int | None:
    """The page of a ``FragmentSelector`` (RFC 3778's ``page=N``, maybe with other parameters
    after ``&``), or None."""
    for selector in selectors:
        if not isinstance(selector, dict) or selector.get("type") != "FragmentSelector":
            continue
        for part in str(selector.get("value", "")).lstrip("#").split("&"):
            name, _, value = part.partition("=")
            if name.strip() == "page" and _PAGE_NUMBER.fullmatch(value.strip()):
                return int(value)
    return None


def write(items: Sequence[Exported], out: Path, options: WriteOptions | None = None) -> list[Path]:
    annotations = [
        to_w3c(
            a,
            source_of(item),
            item.document.sha256,
            item.author_of(a),
            page_of(item.document.source, a.start),  # formats
        )
        for item in items
        for a in item.annotations
    ]
    collection = {
        "@context": CONTEXT,
        "id": f"urn:uuid:{uuid.uuid4()}",
        "type": "AnnotationCollection",
        "label": "marginote annotations",
        "total": len(annotations),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": annotations},
    }
    out.write_text(json_text(collection, indent=1), encoding="utf-8")
    return [out]


def _annotations_in(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, list):
        return [a for item in data for a in _annotations_in(item)]
    if not isinstance(data, dict):
        return []
    kind = data.get("type")
    if kind == "AnnotationCollection":
        first = data.get("first")
        return _annotations_in(first.get("items", []) if isinstance(first, dict) else [])
    if kind == "AnnotationPage":
        return _annotations_in(data.get("items", []))
    return [data] if kind == "Annotation" or "Annotation" in (kind or []) else []


def from_w3c(data: dict[str, Any]) -> tuple[Annotation, str, str]:
    """(annotation, source, sha256 of the text or "") of one W3C annotation."""
    target = data.get("target")
    target = target[0] if isinstance(target, list) and target else target
    if not isinstance(target, dict):
        raise FormatError(f"annotation {data.get('id')}: no target with selectors")
    selectors = target.get("selector") or []
    selectors = selectors if isinstance(selectors, list) else [selectors]
    quote = next((s for s in selectors if s.get("type") == "TextQuoteSelector"), None)
    position = next((s for s in selectors if s.get("type") == "TextPositionSelector"), None)
    page = _page_of(selectors)
    if quote is None or (position is None and page is None):
        raise FormatError(
            f"annotation {data.get('id')}: needs a TextQuoteSelector and a TextPositionSelector"
            " (or a FragmentSelector page=N)"
        )
    unplaced = position is None  # placed by its quote on its page (``positions.on_its_page``)
    if position is None:
        position = {"start": 0, "end": 0}
    bodies = data.get("body") or []
    bodies = bodies if isinstance(bodies, list) else [bodies]
    by_purpose: dict[str, list[str]] = {}
    for body in bodies:
        if isinstance(body, dict) and isinstance(body.get("value"), str):
            by_purpose.setdefault(body.get("purpose", "tagging"), []).append(body["value"])
    tags = by_purpose.get("tagging", [])
    attrs = dict(data.get("marginote:attrs") or {})
    if page is not None:  # formats: the PDF page, which places a quote found on several pages
        attrs["page"] = page
    if verdict := by_purpose.get("assessing"):
        attrs["verdict"] = verdict[0]
    ident = str(data.get("id", ""))
    ident = (
        ident.removeprefix("urn:uuid:").replace("-", "")
        if ident.startswith("urn:uuid:")
        else ident.removeprefix("urn:marginote:")
    )
    creator = data.get("creator")
    state = target.get("state") or {}
    doc = str(state.get("id", "")).removeprefix("urn:sha256:") if isinstance(state, dict) else ""
    doc = "" if unplaced else doc  # no offsets to trust, even on the same text: placed by quote
    fields: dict[str, Any] = {
        "doc": doc,
        "path": str(target.get("source", "")),
        "start": int(position["start"]),
        "end": int(position["end"]),
        "label": tags[0] if tags else "claim",
        "quote": str(quote.get("exact", "")),
        "prefix": str(quote.get("prefix", "")),
        "suffix": str(quote.get("suffix", "")),
        "note": "\n\n".join(by_purpose.get("commenting", [])),
        "tags": tuple(tags[1:]),
        "attrs": attrs,
        "placement": str(data.get("marginote:placement", "exact")),
    }
    if ident:
        fields["id"] = ident
    for key in ("created", "modified"):
        if isinstance(data.get(key), str):
            fields[key] = data[key]
    if author := file_author(creator.get("name") if isinstance(creator, dict) else creator):
        fields["author"] = author  # else the importer's name
    return Annotation(**fields), fields["path"], doc


def read(path: Path) -> list[Incoming]:
    try:  # bytes that are not UTF-8 are named by line in guards
        data = parse_json(path.read_text(encoding="utf-8-sig"))
    except OSError as error:
        raise FormatError(f"cannot be read: {error.strerror or error}") from None
    by_target: dict[tuple[str, str], Incoming] = {}
    left_out: list[str] = []
    for number, item in enumerate(_annotations_in(data), 1):
        try:
            annotation, source, doc = from_w3c(item)
        except (FormatError, TypeError, ValueError, KeyError, AttributeError) as error:
            left_out.append(f"{path}: annotation {number}: {error}")
            continue
        incoming = by_target.setdefault(
            (source, doc),
            Incoming([], doc=doc or None, path=source, where=f"{path}: annotation {number}"),
        )
        incoming.annotations.append(annotation)
    found = list(by_target.values())
    if left_out:
        found.append(Incoming([], where=str(path), left_out=left_out))
    return found
