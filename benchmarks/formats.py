"""Document format figures. Run: python benchmarks/formats.py [MEGABYTES]

The same generated words (benchmarks/corpus.py, about 1 MB of text by default) are written as
plain text, HTML, Markdown, SRT, DOCX, EPUB and a PDF, and each is opened with
``load_document``:
- extraction time per MB of extracted text, beside plain text's (the ratio is what to read: the
  machine is shared and noisy);
- a 300-page PDF not yet extracted: its first pages handed over by the bounded child process
  (``formats.Streaming``), the first screen through the app (headless, 120x40: enter in the
  library until the preview shows the first pages' words; the library describes the same file
  meanwhile, as it does for a user), the slowest key pressed while the pages stream in, the
  reader on the whole text, the whole extraction alone, and re-opening it from the cache;
- re-opening each format from the cache.
When pdfminer.six is installed, its extraction of the same PDF is timed beside pypdf's.
"""

from __future__ import annotations

import asyncio
import io
import os
import statistics
import sys
import tempfile
import textwrap
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from corpus import generate

from marginote.annotations.documents import load_document
from marginote.annotations.formats import Streaming, bounded

if TYPE_CHECKING:
    from marginote.tui.app import MarginoteApp
    from marginote.tui.screens.preview import PreviewScreen
    from marginote.tui.screens.reader import ReaderScreen

PDF_MODULE = "marginote.annotations.formats.pdf"


def paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n\n") if p.strip()]


def as_html(paras: list[str]) -> bytes:
    body = "".join(f"<p>{p}</p>\n" for p in paras)
    page = (
        "<!doctype html><html><head><title>Benchmark</title></head><body><nav>Home</nav>"
        f"<article><h1>Benchmark</h1>{body}</article><footer>Footer</footer></body></html>"
    )
    return page.encode()


def as_markdown(paras: list[str]) -> bytes:
    return ("# Benchmark\n\n" + "\n\n".join(f"**{p[:10]}**{p[10:]}" for p in paras)).encode()


def as_srt(paras: list[str]) -> bytes:
    cues = []
    for i, p in enumerate(paras, 1):
        at = f"00:{i // 60 % 60:02d}:{i % 60:02d}"
        cues.append(f"{i}\n{at},000 --> {at},900\n{p}")
    return "\n\n".join(cues).encode()


def as_docx(paras: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for p in paras:
        document.add_paragraph(p)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def as_epub(paras: list[str], chapters: int = 20) -> bytes:
    per = max(1, len(paras) // chapters)
    parts = [paras[i : i + per] for i in range(0, len(paras), per)]
    items = "".join(
        f'<item id="c{i}" href="c{i}.xhtml" media-type="application/xhtml+xml"/>'
        for i in range(len(parts))
    )
    spine = "".join(f'<itemref idref="c{i}"/>' for i in range(len(parts)))
    opf = (
        '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf"><metadata '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Benchmark</dc:title></metadata>'
        f"<manifest>{items}</manifest><spine>{spine}</spine></package>"
    )
    container = (
        '<?xml version="1.0"?><container xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
        '<rootfiles><rootfile full-path="content.opf"/></rootfiles></container>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/epub+zip")
        archive.writestr("META-INF/container.xml", container)
        archive.writestr("content.opf", opf)
        for i, part in enumerate(parts):
            body = f"<h1>Chapter {i + 1}</h1>" + "".join(f"<p>{p}</p>" for p in part)
            archive.writestr(
                f"c{i}.xhtml",
                f'<html xmlns="http://www.w3.org/1999/xhtml"><body>{body}</body></html>',
            )
    return buffer.getvalue()


def as_pdf(paras: list[str], pages: int | None = None) -> bytes:
    """Lines of 90 characters, 50 to a page, with a running header and a page number."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    lines: list[str] = []
    for p in paras:
        lines += [*textwrap.wrap(p, 90), ""]
    per_page = 50
    count = pages or -(-len(lines) // per_page)
    buffer = io.BytesIO()
    pdf_canvas = canvas.Canvas(buffer, pagesize=A4)
    width, height = A4
    for number in range(count):
        pdf_canvas.setFont("Helvetica", 8)
        pdf_canvas.drawString(50, height - 30, "Benchmark Institute - Report")
        pdf_canvas.drawString(width / 2, 20, str(number + 1))
        pdf_canvas.setFont("Helvetica", 9)
        y = height - 60
        start = (number * per_page) % max(1, len(lines) - per_page)
        for line in lines[start : start + per_page]:
            pdf_canvas.drawString(50, y, line)
            y -= 14
        pdf_canvas.showPage()
    pdf_canvas.save()
    return buffer.getvalue()


def timed(action: Callable[[], object], repeat: int = 1) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def fresh_cache(folder: Path) -> None:
    os.environ["MARGINOTE_CACHE_DIR"] = str(folder / f"cache-{time.perf_counter_ns()}")


def first_pages(data: bytes) -> tuple[float, float]:
    """Seconds from starting the bounded child to its first page, and to its third."""
    times: dict[int, float] = {}
    start = time.perf_counter()

    def on_page(number: int, count: int, text: str) -> None:
        times.setdefault(number, time.perf_counter() - start)

    bounded.run(PDF_MODULE, data, "benchmark", "PDF", Streaming(on_page))
    return times[1], times[3]


async def key_latency(app: MarginoteApp, screen: PreviewScreen | ReaderScreen) -> float:
    """Seconds from a key (down) sent to the app until the screen's caret moved (the pilot's
    press would wait for the app to be idle, which never comes while pages arrive)."""
    from textual import events

    view = screen.view
    before = view.cursor
    driver = app._driver
    assert driver is not None
    sent = time.perf_counter()
    driver.send_message(events.Key("down", None))
    while view.cursor == before and screen.is_attached and time.perf_counter() - sent < 10:
        await asyncio.sleep(0.001)
    return time.perf_counter() - sent


def shows_text(preview: PreviewScreen) -> bool:
    return bool(preview.is_mounted and preview.view.document.text)


async def first_screen(path: Path) -> tuple[float, float, float, float]:
    """Through the app, headless: seconds from enter in the library to the preview showing
    text, the slowest of the keys pressed while pages arrive, seconds to the reader, and the
    slowest of ten keys in the reader once open (the same measure, for scale)."""
    from textual import events

    from marginote.annotations.entities import RuleRecognizer
    from marginote.tui.app import MarginoteApp
    from marginote.tui.screens.preview import PreviewScreen
    from marginote.tui.screens.reader import ReaderScreen

    app = MarginoteApp([path.parent], recognizer_loader=lambda: (RuleRecognizer(), None))
    async with app.run_test(size=(120, 40)) as pilot:
        while not (app.screen.query("DataTable") and app.screen.query_one("DataTable").row_count):
            await pilot.pause(0.01)
        driver = app._driver
        assert driver is not None
        start = time.perf_counter()
        driver.send_message(events.Key("enter", None))  # the pilot's press waits for idle
        while not (isinstance(screen := app.screen, PreviewScreen) and shows_text(screen)):
            await asyncio.sleep(0.002)
        shown = time.perf_counter() - start
        slowest = 0.0
        while isinstance(preview := app.screen, PreviewScreen) and preview.pages_read < 280:
            slowest = max(slowest, await key_latency(app, preview))
            await asyncio.sleep(0.05)
        while not (isinstance(reader := app.screen, ReaderScreen) and reader.is_mounted):
            await asyncio.sleep(0.005)
        opened = time.perf_counter() - start
        await asyncio.sleep(0.5)
        in_reader = 0.0
        for _ in range(10):
            in_reader = max(in_reader, await key_latency(app, reader))
            await asyncio.sleep(0.05)
        return shown, slowest, opened, in_reader


def main() -> None:
    megabytes = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
    text = generate(int(megabytes * 2**20))
    paras = paragraphs(text)
    print("Figures taken on a shared, loaded machine: read the ratios to plain text.")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["MARGINOTE_DATA_DIR"] = str(folder / "data")
        files = {
            "text": ("words.txt", text.encode()),
            "html": ("words.html", as_html(paras)),
            "markdown": ("words.md", as_markdown(paras)),
            "srt": ("words.srt", as_srt(paras)),
            "docx": ("words.docx", as_docx(paras)),
            "epub": ("words.epub", as_epub(paras)),
            "pdf": ("words.pdf", as_pdf(paras)),
        }
        print(f"\n{len(text) / 2**20:.1f} MB of text ({len(text.split()):,} words) in each format")
        print(
            f"{'format':<9}{'file MB':>9}{'text MB':>9}{'open s':>9}{'s/MB':>8}{'x text':>8}"
            f"{'cached ms':>11}"
        )
        baseline = 0.0
        for kind, (name, data) in files.items():
            path = folder / name
            path.write_bytes(data)
            fresh_cache(folder)
            seconds = timed(lambda path=path: load_document(path))
            extracted = len(load_document(path).text)
            cached = timed(lambda path=path: load_document(path), repeat=5)
            per_mb = seconds / (extracted / 2**20)
            baseline = baseline or per_mb
            print(
                f"{kind:<9}{len(data) / 2**20:>9.2f}{extracted / 2**20:>9.2f}{seconds:>9.2f}"
                f"{per_mb:>8.2f}{per_mb / baseline:>8.1f}{cached * 1000:>11.1f}"
            )

        print("\nA 300-page PDF not yet extracted")
        data = as_pdf(paras, pages=300)
        path = folder / "pdf" / "300-pages.pdf"  # alone in its folder: the app's library
        path.parent.mkdir()
        path.write_bytes(data)
        first, three = first_pages(data)
        fresh_cache(folder)
        whole = timed(lambda: load_document(path))
        cached = timed(lambda: load_document(path), repeat=5)
        plain = timed(lambda: load_document(folder / "words.txt"), repeat=5)
        print(f"  child process to page 1:      {first * 1000:8.0f} ms")
        print(f"  child process to page 3:      {three * 1000:8.0f} ms")
        for run in (1, 2):
            fresh_cache(folder)
            shown, slowest, reader, in_reader = asyncio.run(first_screen(path))
            print(
                f"  app, run {run}: first screen {shown * 1000:5.0f} ms; slowest key while pages"
                f" stream {slowest * 1000:4.0f} ms (in the reader: {in_reader * 1000:3.0f} ms);"
                f" reader on the whole text {reader:5.2f} s"
            )
        print(f"  whole document, first open:   {whole * 1000:8.0f} ms (no app)")
        print(f"  re-open from the cache:       {cached * 1000:8.1f} ms")
        print(f"  plain text of {megabytes:.0f} MB, for scale: {plain * 1000:8.1f} ms")
        try:
            from pdfminer.high_level import extract_text
        except ImportError:
            print("  (pdfminer.six not installed: not compared)")
        else:
            miner = timed(lambda: extract_text(io.BytesIO(data)))
            ratio = miner / whole
            print(f"  pdfminer.six, whole document: {miner * 1000:8.0f} ms ({ratio:.1f}x pypdf)")


if __name__ == "__main__":
    main()
