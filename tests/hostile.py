"""A corpus of bad inputs, generated on demand: every odd file a reader may be pointed at."""

from __future__ import annotations

import codecs
import io
import os
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


#: A document whose first line, a heading, becomes its title: every sequence in it must reach the
#: library, the title bar, the palette and ``show`` as placeholders.
HEADING = (
    "Budget \x1b]0;PWNED\x07 report \x1b]52;c;UFdORUQ=\x07\x1b[2J\x1b[31mred\u202eevil\u202c"
    "\u009d0;C1PWN\u009c\n\nThe minister said exports rose by 12 percent in 2023. Critics "
    "disagreed.\n"
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
    "markup-heading.txt": (MARKUP.strip() + "\n\n" + MARKUP).encode(),  # markup as the title
    "escape-heading.txt": HEADING.encode(),  # escape sequences in the title
    "unicode.txt": UNICODE.encode(),
}


#: File names, each a way a terminal could be made to act: (name, what it tries).
#: ``bytes`` names are not valid UTF-8 (Python lists them with surrogate escapes).
NAMES: list[tuple[str | bytes, str]] = [
    ("osc0-\x1b]0;PWNED0\x07title.txt", "OSC 0: sets the window and icon title"),
    ("osc2-\x1b]2;PWNED2\x1b\\title.txt", "OSC 2 ended by ST: sets the window title"),
    ("osc8-\x1b]8;;evil.example\x07link\x1b]8;;\x07.txt", "OSC 8: a hidden hyperlink"),
    ("osc52-\x1b]52;c;UFdORUQ=\x07clip.txt", "OSC 52: overwrites the clipboard"),
    ("csi-clear-\x1b[2J\x1b[3J.txt", "CSI: clears the screen and scrollback"),
    ("csi-move-\x1b[10;10H\x1b[5Aup.txt", "CSI: moves the cursor"),
    ("sgr-\x1b[31;1;5mred\x1b[0m.txt", "CSI SGR: colours what follows"),
    ("dcs-\x1bPq#0;2;0;0;0\x1b\\sixel.txt", "DCS: device control string (sixel)"),
    ("apc-\x1b_Gf=100;AAAA\x1b\\kitty.txt", "APC: application program command (images)"),
    ("c1-utf8-\u009b2J\u009d0;C1NAME\u009c.txt", "C1 controls encoded in UTF-8 (CSI, OSC, ST)"),
    (b"c1-bytes-\x9b2J\x9d0;C1BYTES\x9c.txt", "C1 controls as raw bytes (not UTF-8)"),
    (b"caf\xe9-latin1.txt", "a Latin-1 name (not UTF-8)"),
    ("bidi-\u202eevil\u202c-\u2066iso\u2069-\u200fmark.txt", "bidi override, isolate, mark"),
    ("zw-\u200bzero\u200dwidth\u2060join\ufeff.txt", "zero-width space, joiner, BOM"),
    ("bell-\x07-bs-\x08-del-\x7f-nl-\n.txt", "BEL, backspace, DEL and a newline"),
    ("[bold red]markup [link=evil]x [@click=app.quit]q.txt", "Rich markup (a name has no /)"),
    ("long-" + "x" * 246 + ".txt", "255 bytes, the longest name allowed"),
    ("長" * 83 + "1.txt", "254 bytes of wide characters"),
]
#: Folder names (each holds one plain document).
FOLDERS: list[tuple[str | bytes, str]] = [
    ("dir-\x1b]0;PWNEDDIR\x07", "OSC 0 in a folder name"),
    (b"dir-\xff\x1b[2J", "CSI clear in a folder name that is not UTF-8"),
]
#: Sequences that must never reach the terminal raw, each in the context of its name (Textual
#: writes cursor moves, colours and OSC sequences of its own).
PAYLOADS = [
    "\x1b]0;PWNED",
    "\x1b]2;PWNED",
    "\x1b]8;;evil",
    "\x1b]52;c",
    "clear-\x1b",
    "\x1b[10;10H\x1b[5Aup",
    "sgr-\x1b",
    "\x1bPq",
    "\x1b_G",
    "\u009b",
    "\u009d",
    "\u009c",
    "\u202e",
    "\u2066",
    "\u200f",
    "\u200b",
    "zero\u200d",
    "\u2060",
    "\ufeff",
    "bell-\x07",
    "bs-\x08",
    "del-\x7f",
]
#: What must be shown instead, as visible placeholders or literally.
SHOWN = [
    "osc0-␛]0;PWNED0␇title.txt",
    "csi-clear-␛[2J␛[3J.txt",
    "c1-utf8-�2J�0;C1NAME�.txt",
    "c1-bytes-�2J�0;C1BYTES�.txt",
    "caf�-latin1.txt",
    "bidi-�evil�-�iso�-�mark.txt",
    "[bold red]markup [link=evil]x [@click=app.quit]q.txt",
]


def fs_name(name: str | bytes) -> bytes:
    return name if isinstance(name, bytes) else name.encode()


def write_hostile_names(folder: Path) -> Path:
    """A library whose file and folder names (and one heading line) try to drive the terminal.
    Every document has a sentence to tag; the names are made with bytes paths."""
    folder.mkdir(parents=True, exist_ok=True)
    base = bytes(folder)
    files = [fs_name(n) for n, _ in NAMES] + [
        os.path.join(fs_name(n), b"inside.txt") for n, _ in FOLDERS
    ]
    for number, name in enumerate(files, 1):
        os.makedirs(os.path.dirname(os.path.join(base, name)), exist_ok=True)
        with open(os.path.join(base, name), "wb") as handle:  # a text of its own
            handle.write(b"Document %d. The minister said exports rose by 12 percent.\n" % number)
    (folder / "heading.txt").write_text(HEADING)
    return folder


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
