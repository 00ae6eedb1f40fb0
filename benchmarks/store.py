"""Store figures. Run: python benchmarks/store.py

- Save one annotation while the store holds 100,000 annotations over 1,000 documents (median),
  beside plain TinyDB (one JSON file, its default storage) doing the same insert.
- Open a document with 1,000 annotations: the store's read, and in the app, from enter in the
  library until the text is drawn with every annotation in the text and the side panel.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from tinydb import TinyDB

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from marks import library_described, reading_marks

from marginote.annotations.documents import load_document
from marginote.annotations.model import Annotation
from marginote.annotations.store import TABLE, AnnotationStore

DOCS, PER_DOC, SAVES = 1_000, 100, 40
TEXT = (Path(__file__).resolve().parent.parent / "seeds" / "musk-peace-poll.txt").read_text()


def annotation(doc: str, rng: random.Random) -> Annotation:
    start = rng.randrange(0, len(TEXT) - 200)
    end = start + rng.randrange(10, 200)
    return Annotation.of_span(
        TEXT,
        start,
        end,
        "claim",
        doc=doc,
        path=f"/docs/{doc[:8]}.txt",
        note="a note " * rng.randrange(0, 10),
    )


def fill(root: Path, rng: random.Random) -> list[str]:
    """Write 1,000 document files of 100 records each, as the store would have written them."""
    docs = [f"{i:064x}" for i in range(DOCS)]
    folder = root / "annotations"
    folder.mkdir(parents=True)
    for doc in docs:
        records = {str(i + 1): annotation(doc, rng).to_record() for i in range(PER_DOC)}
        (folder / f"{doc}.json").write_text(json.dumps({TABLE: records}))
    return docs


def time_saves(root: Path, docs: list[str], rng: random.Random) -> float:
    store = AnnotationStore(root)
    times = []
    for _ in range(SAVES):
        a = annotation(rng.choice(docs), rng)
        start = time.perf_counter()
        store.save(a)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def time_plain_tinydb(root: Path, rng: random.Random) -> float:
    path = root / "plain.json"
    records = {str(i + 1): annotation("f" * 64, rng).to_record() for i in range(DOCS * PER_DOC)}
    path.write_text(json.dumps({"_default": records}))
    db = TinyDB(path)
    times = []
    for _ in range(5):
        start = time.perf_counter()
        db.insert(annotation("f" * 64, rng).to_record())
        times.append(time.perf_counter() - start)
    db.close()
    return statistics.median(times)


async def time_open_in_app(root: Path) -> tuple[float, int]:
    """Enter in the library to text drawn with 1,000 annotations shown (view and panel)."""
    from marginote.tui.app import MarginoteApp
    from marginote.tui.screens.reader import ReaderScreen
    from marginote.tui.widgets.annotation_list import AnnotationList

    folder = root / "library"
    folder.mkdir()
    path = folder / "article.txt"
    path.write_text(TEXT * 20)
    doc = load_document(path)
    rng = random.Random(7)
    store = AnnotationStore(root / "data")
    records = {}
    for i in range(1_000):
        start = rng.randrange(0, len(doc.text) - 200)
        a = Annotation.of_span(
            doc.text, start, start + 50, "claim", doc=doc.sha256, path=str(path), note="a note"
        )
        records[str(i + 1)] = a.to_record()
    store.shard_path(doc.sha256).parent.mkdir(parents=True, exist_ok=True)
    store.shard_path(doc.sha256).write_text(json.dumps({TABLE: records}))
    with reading_marks() as marks:
        app = MarginoteApp([path], store=store)
        async with app.run_test(size=(120, 40)) as pilot:
            await library_described(pilot)
            await pilot.press("enter")
            while "drawn" not in marks or not isinstance(app.screen, ReaderScreen):
                await pilot.pause(0.005)
            shown = len(app.screen.query_one(AnnotationList).items)
    return marks["drawn"] - marks["enter"], shown


def main() -> None:
    rng = random.Random(42)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        os.environ["MARGINOTE_CACHE_DIR"] = str(root / "cache")
        docs = fill(root / "data", rng)
        ours = time_saves(root / "data", docs, rng)
        plain = time_plain_tinydb(root, rng)
        print(f"save one annotation, store of {DOCS * PER_DOC:,} over {DOCS:,} documents:")
        print(
            f"  marginote {ours * 1000:8.1f} ms   plain TinyDB {plain * 1000:8.1f} ms   "
            f"({plain / ours:.0f}x faster)"
        )
        store = AnnotationStore(root / "data")
        doc = docs[0]
        for _ in range(900):
            store.save(annotation(doc, rng))  # grow one document to 1,000 annotations
        reads = []
        for _ in range(10):
            start = time.perf_counter()
            found = AnnotationStore(root / "data").annotations(doc)
            reads.append(time.perf_counter() - start)
        print(
            f"read a document's {len(found):,} annotations: "
            f"{statistics.median(reads) * 1000:.1f} ms"
        )
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["MARGINOTE_CACHE_DIR"] = str(Path(tmp) / "cache")
        drawn, shown = asyncio.run(time_open_in_app(Path(tmp)))
        print(f"enter to text drawn with {shown:,} annotations listed: {drawn * 1000:.0f} ms")


if __name__ == "__main__":
    main()
