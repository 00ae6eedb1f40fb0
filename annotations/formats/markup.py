"""XML and XHTML read safely, and an XHTML tree turned into the reader's blocks.

XML is parsed by defusedxml, which refuses entity declarations (billion laughs, external
entities) instead of expanding them. XHTML that is not well-formed XML (an e-book chapter using
``&nbsp;`` without a DTD) is parsed again by lxml's HTML parser, which neither loads DTDs nor
expands declared entities. Trees are walked without recursion, so deep nesting costs no stack.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from marginote.annotations.formats.base import ExtractionError

BLOCK_TAGS = frozenset(
    [
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "div",
        "blockquote",
        "pre",
        "tr",
        "dt",
        "dd",
        "figcaption",
        "section",
        "article",
        "header",
        "footer",
        "aside",
        "table",
        "ul",
        "ol",
        "dl",
        "body",
        "caption",
        "address",
        "hr",
    ]
)
_WHITESPACE = re.compile(r"\s+")
HEADINGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
_SKIP = frozenset(["script", "style", "head", "template", "svg", "math", "noscript"])


def local(tag: object) -> str:
    """The element's name without its namespace ("" for comments and instructions)."""
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def parse_xml(data: bytes, what: str) -> Any:
    """The root element of an XML file; ExtractionError when it declares entities or is bad."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    try:
        return fromstring(data)
    except DefusedXmlException:
        raise ExtractionError(f"refused: {what} declares XML entities (an entity bomb?)") from None
    except (ParseError, ValueError) as error:
        raise ExtractionError(f"damaged {what} ({error})") from None


def parse_xhtml(data: bytes, what: str) -> Any:
    """An XHTML page's root: as XML when well-formed, else by the HTML parser."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    try:
        return fromstring(data)
    except DefusedXmlException:
        raise ExtractionError(f"refused: {what} declares XML entities (an entity bomb?)") from None
    except (ParseError, ValueError):
        pass
    import lxml.html
    from lxml import etree

    try:
        parser = lxml.html.HTMLParser(no_network=True, huge_tree=False, remove_comments=True)
        return lxml.html.fromstring(data, parser=parser)
    except (etree.LxmlError, ValueError) as error:
        raise ExtractionError(f"damaged {what} ({error})") from None


def _events(root: Any) -> Iterator[tuple[str, str]]:
    """("open", tag), ("text", string) and ("close", tag) in document order."""
    stack: list[Any] = [root]
    while stack:
        item = stack.pop()
        if isinstance(item, tuple):
            element = item[1]
            yield "close", local(element.tag)
            if element.tail:
                yield "text", element.tail
            continue
        tag = local(item.tag)
        if not tag or tag in _SKIP:
            if item.tail:
                yield "text", item.tail
            continue
        yield "open", tag
        if item.text:
            yield "text", item.text
        stack.append(("close", item))
        stack.extend(reversed(list(item)))


def _tidy(parts: list[str]) -> str:
    """The block's text: spaces collapsed, line breaks (``<br>``, ``<pre>``) kept."""
    lines = "".join(parts).split("\n")
    return "\n".join(" ".join(line.split()) for line in lines if line.strip())


def blocks(root: Any) -> Iterator[tuple[str, str]]:
    """(block tag, text) of each block of an XHTML tree: paragraphs, headings, list items...
    Scripts and styles are skipped (never run: their text is not even read)."""
    parts: list[str] = []
    kinds: list[str] = []
    for event, value in _events(root):
        if event == "text":
            parts.append(value if "pre" in kinds else _WHITESPACE.sub(" ", value))
        elif value == "br":
            if event == "open":
                parts.append("\n")
        elif value in BLOCK_TAGS:
            if text := _tidy(parts):
                yield (kinds[-1] if kinds else "p"), text
            parts = []
            if event == "open":
                kinds.append(value)
            elif kinds:
                kinds.pop()
    if text := _tidy(parts):
        yield (kinds[-1] if kinds else "p"), text
