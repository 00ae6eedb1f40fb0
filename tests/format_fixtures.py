"""One small document per format, made by the tests (never fetched): the same claim in each."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

CLAIM = "Putin spokesman Dmitry Peskov said the poll was very positive."
URL = "https://news.example/peace-poll"
DATE = "2022-10-04"

HTML = f"""<!doctype html><html><head><title>Peace poll | Example News</title>
<meta name="author" content="Jane Reporter"><meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="{DATE}T10:00:00Z">
<link rel="canonical" href="{URL}">
<script>document.write("SCRIPT RAN")</script><style>body {{ color: red }}</style></head>
<body><nav><a href="/">Home</a> <a href="/world">World news</a></nav>
<div class="cookie-banner">We use cookies to improve your experience. Accept all cookies</div>
<article><h1>Musk's peace poll draws Kremlin praise</h1>
<p>The Russian Presidency's office has responded to billionaire Elon Musk's Twitter poll about
the war in Ukraine and the regions occupied since February.</p>
<h2>Reaction</h2>
<p>{CLAIM} He spoke to reporters in Moscow on Tuesday afternoon.</p>
<ul><li>First point of the list is here.</li><li>Second point of the list.</li></ul>
<p>Musk had floated the idea of new referendums under UN supervision in the occupied regions.</p>
</article><footer>Copyright 2022 Example News. All rights reserved.</footer></body></html>
"""

MARKDOWN = f"""---
title: The peace poll
author: Jane Reporter
date: {DATE}
---
# Musk's **peace** poll

The Russian Presidency's office has responded to [billionaire Elon Musk](https://x.example)'s
Twitter poll.

## Reaction

{CLAIM} He spoke *on Tuesday*.

- First `point`
- Second point

| who | said |
|-----|------|
| Peskov | positive |
"""

SRT = f"""1
00:00:01,000 --> 00:00:04,000
The Russian Presidency's office has responded.

2
00:01:02,500 --> 00:01:06,000
<i>{CLAIM}</i>

3
01:00:00,000 --> 01:00:02,000
Thank you.
"""

VTT = f"""WEBVTT

NOTE a comment that is not shown

intro
00:00:01.000 --> 00:00:04.000 align:start
The Russian Presidency's office has responded.

00:01:02.500 --> 00:01:06.000
<v Anchor>{CLAIM}</v>
"""


def pdf_bytes(pages: int = 3, *, claim_page: int = 2, lines_per_page: int = 12) -> bytes:
    """A PDF with a running header and footer (page numbers) on every page and the claim on
    ``claim_page``."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle("Peace poll report")
    pdf.setAuthor("Research Desk")
    width, height = A4
    for number in range(1, pages + 1):
        pdf.setFont("Helvetica", 9)
        pdf.drawString(72, height - 40, "Example Institute - Quarterly Report")
        pdf.drawString(width / 2, 30, f"Page {number} of {pages}")
        pdf.setFont("Helvetica", 11)
        y = height - 100
        lines = [f"This is body line {i} of page {number}, about the war." for i in range(1, 5)]
        if number == claim_page:
            lines.append(CLAIM)
        lines += [
            f"More text {i} on page {number} follows here in the report."
            for i in range(lines_per_page - len(lines))
        ]
        for line in lines:
            pdf.drawString(72, y, line)
            y -= 16
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def image_only_pdf() -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.rect(100, 100, 200, 200, fill=1)  # a drawing, no text
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(pdf_bytes(1, claim_page=1))).pages:
        writer.add_page(page)
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def docx_bytes() -> bytes:
    import docx

    document = docx.Document()
    document.core_properties.title = "Peace poll memo"
    document.core_properties.author = "Jane Reporter"
    document.add_heading("Musk's peace poll", level=1)
    document.add_paragraph("The Russian Presidency's office has responded to the poll.")
    document.add_paragraph(CLAIM)
    document.add_paragraph("First point", style="List Bullet")
    document.add_paragraph("Second point", style="List Bullet")
    table = document.add_table(rows=2, cols=2)
    for r, row in enumerate([("who", "said"), ("Peskov", "positive")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph("The end of the memo.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _xhtml(title: str, body: str) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'
        f"<head><title>{title}</title></head><body>{body}</body></html>"
    )


def epub_bytes(chapter_xml: str | None = None) -> bytes:
    """An EPUB whose spine order (two, one) differs from its manifest order."""
    opf = f"""<?xml version="1.0"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:title>The Peace Poll Book</dc:title><dc:creator>Jane Reporter</dc:creator>
<dc:date>{DATE}</dc:date></metadata>
<manifest><item id="one" href="text/one.xhtml" media-type="application/xhtml+xml"/>
<item id="two" href="text/two%20b.xhtml" media-type="application/xhtml+xml"/>
<item id="css" href="style.css" media-type="text/css"/></manifest>
<spine><itemref idref="two"/><itemref idref="one"/></spine></package>"""
    container = """<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles><rootfile full-path="OEBPS/content.opf"
media-type="application/oebps-package+xml"/></rootfiles></container>"""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/container.xml", container)
        archive.writestr("OEBPS/content.opf", opf)
        archive.writestr(
            "OEBPS/text/one.xhtml",
            chapter_xml
            or _xhtml("One", f"<h1>The Reaction</h1><p>{CLAIM}</p><p>More.<br/>Lines.</p>"),
        )
        archive.writestr(
            "OEBPS/text/two b.xhtml",
            _xhtml("Two", "<h2>The Poll</h2><p>Musk asked his followers.</p><script>x()</script>"),
        )
        archive.writestr("OEBPS/style.css", "p { margin: 0 }")
    return buffer.getvalue()


def zip_bomb(
    inner: str = "word/document.xml", size: int = 300 * 2**20, base: bytes | None = None
) -> bytes:
    """A small zip whose member ``inner`` expands to ``size`` bytes (the other members copied
    from the zip ``base``)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        if base is not None:
            source = zipfile.ZipFile(io.BytesIO(base))
            for name in source.namelist():
                if name != inner:
                    archive.writestr(name, source.read(name))
        with archive.open(inner, "w", force_zip64=True) as member:
            chunk = b"\0" * 2**20
            for _ in range(size // len(chunk)):
                member.write(chunk)
    return buffer.getvalue()


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
<html xmlns="http://www.w3.org/1999/xhtml"><body><p>&lol9;</p></body></html>"""


def write_all(folder: Path) -> dict[str, Path]:
    """One file of each format in ``folder``; their paths by format name."""
    files = {
        "html": ("article.html", HTML.encode()),
        "pdf": ("report.pdf", pdf_bytes()),
        "docx": ("memo.docx", docx_bytes()),
        "epub": ("book.epub", epub_bytes()),
        "markdown": ("notes.md", MARKDOWN.encode()),
        "subtitles": ("hearing.srt", SRT.encode()),
        "text": ("plain.txt", f"Plain\n\n{CLAIM}\n".encode()),
    }
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for kind, (name, data) in files.items():
        (folder / name).write_bytes(data)
        paths[kind] = folder / name
    return paths
