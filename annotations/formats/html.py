"""Web pages: the article's main text and its metadata, by trafilatura.

trafilatura (Apache-2.0) parses the page with lxml, drops boilerplate (menus, cookie notices,
related links, footers) and never runs scripts: ``script`` and ``style`` are removed from the
tree before anything is read. Metadata: title, author (byline), date published, canonical URL
and site name, from the page's meta tags, JSON-LD and markup. Headings, paragraphs and list
items become the reader's paragraphs (list items one per line, as one block); a table is one
block with a line per row, its cells separated by `` | `` (as in Word and Markdown files).
"""

from __future__ import annotations

import re

from marginote.annotations.formats.base import Extracted, ExtractionError, SourceInfo, TextBuilder

VERSION = 2  # 2: tables as rows "a | b", without markdown rules
LIBRARY = "trafilatura"
#: Web pages larger than this are refused (a saved article is rarely over 2 MB).
MAX_HTML_BYTES = 16 * 1024 * 1024


#: trafilatura's line under a table's header row ("|---|---|").
_TABLE_RULE = re.compile(r"\|[\s|:-]*-[\s|:-]*\|")


def _blocks(lines: list[str]) -> list[str]:
    """trafilatura's text has one block per line: consecutive list items stay one block, and so
    do the rows of a table, written as the other formats write them ("who | said", one line per
    row, without trafilatura's outer pipes and the rule under the header)."""
    blocks: list[str] = []
    group: list[str] = []
    kind = ""
    for line in lines:
        if line.startswith("|") and line.endswith("|") and len(line) > 1:
            if _TABLE_RULE.fullmatch(line):
                continue
            line, this = " | ".join(c.strip() for c in line[1:-1].split("|")), "table"
        else:
            this = "list" if line.startswith("- ") else ""
        if group and this != kind:
            blocks.append("\n".join(group))
            group = []
        kind = this
        if this:
            group.append(line)
        else:
            blocks.append(line)
    if group:
        blocks.append("\n".join(group))
    return blocks


def extract(data: bytes, fallback_title: str) -> Extracted:
    import trafilatura  # heavy: only when a web page is opened
    from lxml import etree

    if len(data) > MAX_HTML_BYTES:
        raise ExtractionError(f"refused: the page is over {MAX_HTML_BYTES >> 20} MB of HTML")
    try:
        found = trafilatura.bare_extraction(
            data,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            output_format="python",
        )
    except (etree.LxmlError, ValueError, RecursionError) as error:
        raise ExtractionError(f"damaged web page ({error})") from None
    text = "" if found is None or isinstance(found, dict) else str(found.text or "")
    if found is None or isinstance(found, dict) or not text.strip():
        raise ExtractionError("no article text found in this web page")
    builder = TextBuilder()
    for block in _blocks([line.strip() for line in text.splitlines() if line.strip()]):
        builder.add(block)
    info = SourceInfo(
        format="html",
        title=str(found.title or fallback_title),
        author=str(found.author or ""),
        date=str(found.date or ""),
        url=str(found.url or ""),
        site=str(found.sitename or ""),
    )
    return Extracted(builder.text(), info)
