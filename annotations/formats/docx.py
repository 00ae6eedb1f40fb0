"""Word documents (.docx), by python-docx (MIT).

The body is read in order: each paragraph is a paragraph of the reader (headings too), the items
of a list are one block with a bullet per line, and a table is one block with a line per row and
its cells separated by `` | `` (a table nested in a cell is read into the cell's line).
Metadata: title, author and creation date from the document's core properties. The zip is
expanded within a budget before python-docx reads it (a zip bomb is refused), and python-docx's
XML parser does not expand entities (no billion laughs).
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from marginote.annotations.formats.base import Extracted, ExtractionError, SourceInfo, TextBuilder
from marginote.annotations.formats.safezip import SafeZip

if TYPE_CHECKING:
    from docx.table import Table, _Cell
    from docx.text.paragraph import Paragraph

VERSION = 2  # 2: the text of a table nested in a cell is kept
LIBRARY = "python-docx"
BULLET = "• "


def _is_list_item(paragraph: Paragraph, style_names: dict[str, str]) -> bool:
    """A numbered or bulleted paragraph, or one in a "List ..." style. (The style's name is
    looked up in a table made once: python-docx's ``paragraph.style`` scans every style.)"""
    style_id = paragraph._p.style
    if style_id and style_names.get(style_id, style_id).lower().startswith("list"):
        return True
    ppr = paragraph._p.pPr
    return ppr is not None and ppr.numPr is not None


def _cell_text(cell: _Cell) -> str:
    """Every paragraph of the cell in order, those of tables nested in it too (python-docx's
    ``cell.text`` leaves nested tables out), on one line."""
    from docx.text.paragraph import Paragraph

    paragraphs = cell._tc.xpath(".//w:p")
    return " ".join(" ".join(Paragraph(p, cell).text for p in paragraphs).split())


def _table_text(table: Table) -> str:
    rows = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = _cell_text(cell)
            if not cells or cells[-1] != text:  # merged cells repeat their text
                cells.append(text)
        if any(cells):
            rows.append(" | ".join(cells))
    return "\n".join(rows)


def extract(data: bytes, fallback_title: str) -> Extracted:
    import docx
    from docx.table import Table

    archive = SafeZip(data, "Word document")
    if "word/document.xml" not in archive.names:
        raise ExtractionError("not a Word document (a zip without word/document.xml)")
    archive.check_all()
    try:
        document = docx.Document(io.BytesIO(data))
        style_names = {s.style_id: s.name or "" for s in document.styles}
        builder = TextBuilder()
        items: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                builder.add("\n".join(items))
                items = []
                builder.add(_table_text(block))
                continue
            text = block.text.strip()
            if text and _is_list_item(block, style_names):
                items.append(BULLET + text)
                continue
            builder.add("\n".join(items))
            items = []
            builder.add(text)
        builder.add("\n".join(items))
        props = document.core_properties
        title, author, created = props.title, props.author, props.created
    except ExtractionError:
        raise
    except Exception as error:  # python-docx and lxml raise many kinds on damaged files
        raise ExtractionError(f"damaged Word document ({error})") from None
    text = builder.text()
    if not text.strip():
        raise ExtractionError("the Word document holds no text")
    info = SourceInfo(
        format="docx",
        title=(title or "").strip() or fallback_title,
        author=(author or "").strip(),
        date=created.date().isoformat() if created else "",
    )
    return Extracted(text, info)
