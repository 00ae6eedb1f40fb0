"""Sentence figures. Run: python benchmarks/sentences.py [CLEF-CSV]

- The Pragmatic Segmenter's 48 English Golden Rules: how many the reader's splitter gets right,
  beside pySBD called directly on each text.
- Boundary recall on real debate transcripts (CLEF-2019 CheckThat! task 1, one sentence a line):
  each speaker's consecutive lines are joined into one paragraph; a boundary is found when a
  sentence ends where a line ended. Also how many boundaries the splitter adds inside a line.
- The sentence at the caret: the first lookup in a paragraph (it is segmented then) and a repeated
  one (cached), beside a plain ``str.find`` over the paragraph as the baseline in the same run.

The machine may be loaded: compare the ratios, not the raw times.
"""

from __future__ import annotations

import csv
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from marginote.annotations.documents import Document
from tests.golden_rules_en import GOLDEN_RULES

DEFAULT_CSV = Path("/work/shared/data/checkworthiness/clef2019-task1-training.csv")


def document(text: str) -> Document:
    return Document(path=Path("bench.txt"), text=text, encoding="UTF-8", title="bench")


def golden_rules() -> None:
    import pysbd

    segmenter = pysbd.Segmenter(language="en", clean=False)
    ours = theirs = 0
    for text, expected in GOLDEN_RULES:
        doc = document(text)
        ours += [text[s:e] for s, e in doc.sentences_in(0, len(text))] == expected
        theirs += [s.strip() for s in segmenter.segment(text)] == expected
    print(f"Golden Rules (English): reader {ours}/{len(GOLDEN_RULES)}, pySBD alone {theirs}")


def debates(path: Path) -> None:
    if not path.exists():
        print(f"debate recall: skipped ({path} not found)")
        return
    turns: list[list[str]] = []
    last: tuple[str, str] | None = None
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            key = (row["file_name"], row["speaker"])
            line = " ".join(row["text"].split())
            if not line:
                continue
            if key != last:
                turns.append([])
                last = key
            turns[-1].append(line)
    text_parts: list[str] = []
    boundaries: set[int] = set()
    pos = 0
    for lines in turns:
        for i, line in enumerate(lines):
            text_parts.append(line)
            pos += len(line)
            if i < len(lines) - 1:
                boundaries.add(pos)
                text_parts.append(" ")
                pos += 1
        text_parts.append("\n\n")
        pos += 2
    text = "".join(text_parts)
    doc = document(text)
    started = time.perf_counter()
    ends = {end for start, end in doc.sentences_in(0, len(text))}
    elapsed = time.perf_counter() - started
    found = len(boundaries & ends)
    extra = len(ends - boundaries) - len(turns)  # each turn's last sentence end is no boundary
    print(
        f"debate transcripts: {len(boundaries):,} boundaries inside {len(turns):,} turns, "
        f"recall {found / len(boundaries):.2%}, {max(extra, 0):,} boundaries added inside lines "
        f"({len(text) / elapsed / 1000:,.0f} k characters a second)"
    )


def caret(rounds: int = 200, long_paragraph: bool = False) -> None:
    seed = Path(__file__).resolve().parent.parent / "seeds" / "musk-peace-poll.txt"
    base = seed.read_text(encoding="utf-8")
    if long_paragraph:  # a transcript's paragraph: the seed's text as one block of 3 kB
        base = " ".join(base.split())[:3000]
    cold, warm, baseline = [], [], []
    for i in range(rounds):
        doc = document(base + f"\n\n{i}")  # a fresh document: nothing cached
        offset = doc.text.index("Dmitry Peskov")
        paragraph = doc.paragraph_at(offset)
        started = time.perf_counter()
        doc.text.find("Interfax", *paragraph)
        baseline.append(time.perf_counter() - started)
        started = time.perf_counter()
        doc.sentence_at(offset)
        cold.append(time.perf_counter() - started)
        started = time.perf_counter()
        doc.sentence_at(offset + 5)
        warm.append(time.perf_counter() - started)
    base_ms = statistics.median(baseline) * 1000
    size = len(doc.text[slice(*doc.paragraph_at(offset))])
    for name, times in (("first in its paragraph", cold), ("again (cached)", warm)):
        ms = statistics.median(times) * 1000
        print(
            f"sentence at the caret ({size:,}-character paragraph), {name}: median {ms:.3f} ms, "
            f"p95 {statistics.quantiles(times, n=20)[-1] * 1000:.3f} ms "
            f"({ms / base_ms:,.0f}x a str.find over the paragraph)"
        )


if __name__ == "__main__":
    golden_rules()
    debates(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_CSV)
    caret()
    caret(rounds=50, long_paragraph=True)
    print(
        "(the reader finds the sentences of the paragraphs on screen in a thread once scrolling"
        " pauses, so a key normally gets the cached answer)"
    )
