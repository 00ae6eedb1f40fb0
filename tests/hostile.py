"""A corpus of bad inputs, generated on demand: every odd file a reader may be pointed at."""

from __future__ import annotations

import codecs
import io
import zipfile
from pathlib import Path

ESCAPES = (
    "Title \x1b]0;PWNED\x07 then \x1b[2J cleared? \x1b[31mred\x1b[0m bell\x07 back\x08space "
    "cr\rreturn nul\x00 c1\x9bcsi del\x7f bidi \u202eevil\u202c end.\n"
)
MARKUP = "[bold]x[/bold] [/] [red on white]x[/] [link=https://x]y[/link] [@click=app.quit]z[/]\n"
UNICODE = (
    "漢字かな交じり文 and emoji 👍🏽 family 👩\u200d👩\u200d👧 flag 🇺🇦 café (e\u0301) "
    "tab\there ❤\ufe0f done. Second sentence 😀 here.\n"
)


def png() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + bytes(64)


def zip_archive() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "hello")
    return buffer.getvalue()


CORPUS: dict[str, bytes] = {
    "picture.png": png(),
    "archive.zip": zip_archive(),
    "nul-bytes.txt": b"some text\x00\x00\x00more text",
    "utf8.txt": "Plain UTF-8: café “quotes”.\n".encode(),
    "utf8-bom.txt": codecs.BOM_UTF8 + "With a BOM: café.\n".encode(),
    "utf16.txt": "UTF-16 with BOM: café.\n".encode("utf-16"),
    "windows-1252.txt": "Smart “quotes” and café – cp1252.\n".encode("cp1252"),
    "latin1.txt": "Latin-1 only: café \x81 ÿ.\n".encode("latin-1"),
    "crlf.txt": b"First line.\r\nSecond line.\r\n",
    "cr.txt": b"Old Mac line.\rAnother line.\r",
    "mixed-endings.txt": b"One.\r\nTwo.\nThree.\rFour.\n",
    "invalid-utf8.txt": "Mostly fine: naïve résumé ".encode() + b"\xff\xfe bad bytes \xc3 end.\n",
    "empty.txt": b"",
    "whitespace.txt": b"   \n\t\n  \n",
    "escapes.txt": ESCAPES.encode(),
    "markup.txt": MARKUP.encode(),
    "unicode.txt": UNICODE.encode(),
}


def write_corpus(folder: Path, *, big: bool = True) -> Path:
    """Write every case into ``folder``; ``big`` adds a 2 MB one-line file and a 200 MB one."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in CORPUS.items():
        (folder / name).write_bytes(data)
    if big:
        sentence = "This sentence has no newline and goes on and on. "
        (folder / "one-line-2mb.txt").write_text(sentence * (2_000_000 // len(sentence)))
        with open(folder / "huge-200mb.txt", "wb") as handle:  # sparse: no real disk used
            handle.truncate(200 * 1024 * 1024)
    return folder
