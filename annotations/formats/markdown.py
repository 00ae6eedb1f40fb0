"""Markdown rendered to text by markdown-it-py (MIT, CommonMark plus tables).

Headings, paragraphs, list items, quotes, code blocks and table rows become the reader's blocks;
emphasis, links and images are shown as their text (no ``#``, ``**``, ``[]()``). Raw HTML in the
file is shown as text, never interpreted. A leading YAML front matter block (``---``) is not
shown; its ``title``, ``author`` and ``date`` lines are the metadata. The title is otherwise the
first heading.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from marginote.annotations.formats.base import Extracted, SourceInfo, TextBuilder

if TYPE_CHECKING:
    from markdown_it.token import Token

VERSION = 1
LIBRARY = "markdown-it-py"
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_FIELD = re.compile(r"^(title|author|date)[ \t]*:[ \t]*(.+?)[ \t]*$", re.M | re.I)
_BULLET = "• "


def _inline(token: Token) -> str:
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type == "image":
            parts.append(child.content)  # the alt text
    return "".join(parts)


def front_matter(source: str) -> tuple[str, dict[str, str]]:
    """The text without its front matter, and the metadata fields it held."""
    found = _FRONT_MATTER.match(source)
    if not found:
        return source, {}
    fields = {key.lower(): value.strip("\"'") for key, value in _FIELD.findall(found.group(1))}
    return source[found.end() :], fields


def render(source: str) -> tuple[str, str]:
    """(text, first heading) of a Markdown source. A list's items, and a table's rows, are one
    block with a line each."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark", {"html": False}).enable("table").parse(source)
    builder = TextBuilder()
    heading = ""
    lines: list[str] = []  # the open list's items or table's rows
    row: list[str] = []
    lists = 0
    bullet_pending = False
    previous = ""
    for token in tokens:
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            lists += 1
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists -= 1
            if not lists:
                builder.add("\n".join(lines))
                lines = []
        elif kind == "list_item_open":
            bullet_pending = True
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close":
            lines.append(" | ".join(row))
        elif kind == "table_close":
            builder.add("\n".join(lines))
            lines = []
        elif kind == "inline":
            text = _inline(token)
            if previous in ("th_open", "td_open"):
                row.append(" ".join(text.split()))
            elif lists:
                prefix = "  " * (lists - 1) + (_BULLET if bullet_pending else "  ")
                lines.append(prefix + " ".join(text.split()))
                bullet_pending = False
            else:
                if previous == "heading_open" and not heading:
                    heading = " ".join(text.split())
                builder.add(text)
        elif kind in ("fence", "code_block", "html_block"):
            if lists:
                lines.append(token.content.rstrip("\n"))
            else:
                builder.add(token.content)
        previous = kind
    return builder.text(), heading


def extract(data: bytes, fallback_title: str) -> Extracted:
    from marginote.annotations.documents import decode, normalise_newlines

    source, _ = decode(data)
    body, fields = front_matter(normalise_newlines(source).lstrip("\ufeff"))
    text, heading = render(body)
    info = SourceInfo(
        format="markdown",
        title=fields.get("title") or heading or fallback_title,
        author=fields.get("author", ""),
        date=fields.get("date", "")[:10],
    )
    return Extracted(text, info)
