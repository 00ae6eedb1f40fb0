"""Subtitles and transcripts (.srt, .vtt): each cue's text is a paragraph, its times kept.

SRT blocks (a number, ``00:01:02,500 --> 00:01:04,000``, text lines) and WebVTT cues (an
optional identifier, ``00:01:02.500 --> ...`` with settings, text) are read alike; ``NOTE``,
``STYLE`` and ``REGION`` blocks are skipped. Tags in cue text (``<i>``, ``<v Speaker>``,
``<00:01:02.000>``, ``{\\an8}``) are removed, a voice tag's speaker is kept as "Speaker: ".
``SourceInfo.cues`` maps each paragraph's offset to its start and end in seconds.
"""

from __future__ import annotations

import html
import re

from marginote.annotations.formats.base import (
    Cue,
    Extracted,
    ExtractionError,
    SourceInfo,
    TextBuilder,
)

VERSION = 1
LIBRARY = ""
_TYPED_TIME = re.compile(r"(\d{1,6}(?::\d{1,2}){0,2})(?:[.,](\d{1,3}))?", re.ASCII)
_TIME = r"(?:(\d+):)?(\d{1,2}):(\d{2})[.,](\d{1,3})"
_TIMING = re.compile(rf"^\s*{_TIME}\s*-->\s*{_TIME}")
_VOICE = re.compile(r"<v(?:\.[^ >]*)?\s+([^>]+)>")
_TAG = re.compile(r"<[^>]*>|\{\\[^}]*\}")
_BLOCK_SPLIT = re.compile(r"\n[ \t]*\n")


def _seconds(hours: str | None, minutes: str, seconds: str, millis: str) -> float:
    return (
        int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis.ljust(3, "0")) / 1000
    )


def clock(seconds: float) -> str:
    """``1:02:03`` or ``2:03`` for a time in seconds (what the reader shows)."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def parse_clock(text: str) -> float | None:
    """Seconds from a time as a user types it: ``12:34``, ``1:02:03``, ``95`` or ``1:02.5``
    (a comma is taken for the decimal point, as in SRT); None when it is not one."""
    found = _TYPED_TIME.fullmatch(text.strip())
    if found is None:
        return None
    parts = [int(part) for part in found.group(1).split(":")]
    if any(part >= 60 for part in parts[1:]):
        return None
    seconds = 0
    for part in parts:
        seconds = seconds * 60 + part
    return seconds + float(f"0.{found.group(2) or 0}")


def _cue_text(lines: list[str]) -> str:
    text = "\n".join(lines)
    text = _VOICE.sub(lambda m: m.group(1).strip() + ": ", text)
    return html.unescape(_TAG.sub("", text)).strip()


def extract(data: bytes, fallback_title: str) -> Extracted:
    from marginote.annotations.documents import decode, normalise_newlines

    source, _ = decode(data)
    source = normalise_newlines(source).lstrip("\ufeff")
    builder = TextBuilder()
    cues: list[Cue] = []
    for block in _BLOCK_SPLIT.split(source):
        lines = [line for line in block.split("\n") if line.strip()]
        timing = next((i for i, line in enumerate(lines[:3]) if _TIMING.match(line)), None)
        if timing is None:
            continue  # WEBVTT header, NOTE, STYLE, REGION or a stray block
        found = _TIMING.match(lines[timing])
        assert found is not None
        start = _seconds(*found.groups()[:4])
        end = _seconds(*found.groups()[4:])
        at = builder.add(_cue_text(lines[timing + 1 :]))
        if at is not None:
            cues.append(Cue(at, start, end))
    if not cues:
        raise ExtractionError("no subtitle cues found (expected SRT or WebVTT timings)")
    info = SourceInfo(format="subtitles", title=fallback_title, cues=tuple(cues))
    return Extracted(builder.text(), info)
