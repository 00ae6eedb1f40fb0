"""Store figures, each beside plain TinyDB (its default JSONStorage) doing the same work.
Run: python benchmarks/store.py [--quick]

- Import a brat file tagging every paragraph of one document as a claim (1,000 and 10,000
  claims): ``brat.read`` and the import merge, as ``marginote import`` runs them. Plain TinyDB:
  ``insert_multiple`` of the same records into one file.
- Save one annotation (median, and the slowest: the save that folds the journal) in a document
  holding 100, 1,000 and 10,000 annotations, and in a store of 100,000 over 1,000 documents.
  Plain TinyDB: ``insert`` of one record into a file holding as many.
- Read a document's 10,000 annotations in a new process's store (cold) and again (warm).
- In the app: enter in the library until the text is drawn, with 1,000 and 10,000 annotations.
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
from collections.abc import Callable
from pathlib import Path

from tinydb import TinyDB

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from marks import library_described, reading_marks

from marginote.annotations.documents import load_document
from marginote.annotations.exchange import brat
from marginote.annotations.exchange.merge import LibraryIndex, merge
from marginote.annotations.model import Annotation
from marginote.annotations.store import TABLE, AnnotationStore

DOCS, PER_DOC, SAVES = 1_000, 100, 40
TEXT = (Path(__file__).resolve().parent.parent / "seeds" / "musk-peace-poll.txt").read_text()
CLAIM = "The minister said on {n} that the figures for region {n} had risen by {n} per cent."


def annotation(doc: str, rng: random.Random, text: str = TEXT) -> Annotation:
    start = rng.randrange(0, len(text) - 200)
    end = start + rng.randrange(10, 200)
    return Annotation.of_span(
        text,
        start,
        end,
        "claim",
        doc=doc,
        path=f"/docs/{doc[:8]}.txt",
        note="a note " * rng.randrange(0, 10),
    )


def median_ms(times: list[float]) -> str:
    return f"{statistics.median(times) * 1000:7.1f} ms"


def timed(action: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


PROBE: list[float] = []  # fsync times taken between the timed saves


def timed_saves(save: Callable[[Annotation], object], made: list[Annotation]) -> list[float]:
    """The time of each ``save`` (the annotations made beforehand, not timed). Between saves,
    one probe append+fsync in another file is timed into PROBE: the disk's floor at that moment
    (the machine is shared: a loaded disk makes every fsync slower)."""
    times = []
    fd = os.open(Path(tempfile.gettempdir()) / "marginote-fsync-probe", os.O_WRONLY | os.O_CREAT)
    try:
        for a in made:
            start = time.perf_counter()
            save(a)
            times.append(time.perf_counter() - start)
            start = time.perf_counter()
            os.write(fd, b"x" * 600 + b"\n")
            os.fsync(fd)
            PROBE.append(time.perf_counter() - start)
    finally:
        os.close(fd)
    return times


def floor() -> str:
    """The median probe fsync since the last call."""
    found = f"{statistics.median(PROBE) * 1000:.1f} ms" if PROBE else "-"
    PROBE.clear()
    return found


def plain_tinydb(path: Path, records: list[dict[str, object]]) -> TinyDB:
    path.write_text(json.dumps({"_default": {str(i + 1): r for i, r in enumerate(records)}}))
    return TinyDB(path)


# -- import -----------------------------------------------------------------------------------


def claims_document(folder: Path, count: int) -> Path:
    """A text of ``count`` one-sentence paragraphs and a brat file tagging each as a claim."""
    folder.mkdir(parents=True)
    paragraphs = [CLAIM.format(n=n) for n in range(count)]
    text = "\n\n".join(paragraphs) + "\n"
    (folder / "claims.txt").write_text(text)
    lines, start = [], 0
    for n, paragraph in enumerate(paragraphs, 1):
        lines.append(f"T{n}\tclaim {start} {start + len(paragraph)}\t{paragraph}")
        start += len(paragraph) + 2
    ann = folder / "claims.ann"
    ann.write_text("\n".join(lines) + "\n")
    return ann


def seed_and_claims(root: Path, seed: Path, count: int = 10_000) -> tuple[Path, Path]:
    """Two library folders under ``root``: one holding ``seed``, one a text of ``count`` claims
    already imported into the store at ``root / "data"`` (the brat file removed, so the library
    shows the text alone). For timing the same key in a small and a heavily annotated text."""
    small = root / "seed"
    small.mkdir()
    (small / seed.name).write_text(seed.read_text())
    ann = claims_document(root / "claims", count)
    library = LibraryIndex([ann.parent])
    report = merge(AnnotationStore(root / "data"), brat.read(ann), library, by_id=False)
    ann.unlink()
    assert report.added == count, report.summary()
    return small, ann.parent


def time_import(root: Path, count: int) -> tuple[float, float]:
    ann = claims_document(root / f"library-{count}", count)
    store = AnnotationStore(root / f"data-{count}")
    library = LibraryIndex([ann.parent])
    start = time.perf_counter()
    report = merge(store, brat.read(ann), library, by_id=False)
    ours = time.perf_counter() - start
    assert report.added == count, report.summary()
    [document] = [d for d in library.documents if d.path.name == "claims.txt"]
    records = [a.to_record() for a in store.annotations(document.sha256)]
    assert len(records) == count
    db = TinyDB(root / f"plain-import-{count}.json")
    start = time.perf_counter()
    db.insert_multiple(records)
    plain = time.perf_counter() - start
    db.close()
    return ours, plain


# -- saves ------------------------------------------------------------------------------------


def one_document(root: Path, doc: str, count: int, rng: random.Random) -> AnnotationStore:
    """A store whose document already holds ``count`` annotations, folded into its snapshot."""
    store = AnnotationStore(root)
    store.apply(doc, [annotation(doc, rng) for _ in range(count)])
    store.compact(doc)
    os.sync()  # the fixture is old data: its writeback does not slow the fsyncs timed next
    return store


def time_saves_in_one_document(root: Path, count: int, rng: random.Random) -> None:
    doc = f"{count:064x}"
    store = one_document(root / f"one-{count}", doc, count, rng)
    ours = timed_saves(store.save, [annotation(doc, rng) for _ in range(SAVES)])
    disk = floor()
    records = [annotation(doc, rng).to_record() for _ in range(count)]
    db = plain_tinydb(root / f"plain-{count}.json", records)
    plain = timed_saves(
        lambda a: db.insert(a.to_record()), [annotation(doc, rng) for _ in range(9)]
    )
    db.close()
    ratio = statistics.median(plain) / statistics.median(ours)
    print(
        f"  {count:>7,} in the document: marginote {median_ms(ours)} (slowest "
        f"{max(ours) * 1000:3.0f} ms; fsync alone {disk})   plain TinyDB {median_ms(plain)}"
        f"   ({ratio:.0f}x)"
    )


def fill(root: Path, rng: random.Random) -> list[str]:
    """Write 1,000 document snapshots of 100 records each, as the store would have written them."""
    docs = [f"{i:064x}" for i in range(DOCS)]
    folder = root / "annotations"
    folder.mkdir(parents=True)
    for doc in docs:
        records = {str(i + 1): annotation(doc, rng).to_record() for i in range(PER_DOC)}
        (folder / f"{doc}.json").write_text(json.dumps({TABLE: records}))
    os.sync()  # 50 MB written just now: flushed first, or its writeback slows every fsync timed
    return docs


def time_saves_over_documents(root: Path, rng: random.Random) -> None:
    docs = fill(root / "data", rng)
    made = [annotation(doc, rng) for doc in rng.sample(docs, SAVES)]
    first = timed_saves(AnnotationStore(root / "data").save, made)
    disk_first = floor()
    again = [annotation(a.doc, rng) for a in made]
    later = timed_saves(AnnotationStore(root / "data").save, again)
    disk = floor()
    records = [annotation("f" * 64, rng).to_record() for _ in range(DOCS * PER_DOC)]
    db = plain_tinydb(root / "plain.json", records)
    plain = timed_saves(lambda a: db.insert(a.to_record()), [annotation("f" * 64, rng)] * 5)
    db.close()
    print(
        f"  {DOCS * PER_DOC:>7,} over {DOCS:,} documents: marginote {median_ms(later)} "
        f"(fsync alone {disk})   plain TinyDB (one file) {median_ms(plain)}\n"
        f"  {'':>7} a document's first save since the old layout (creates its journal): "
        f"{median_ms(first).strip()} (fsync alone {disk_first})"
    )


def time_reads(root: Path, rng: random.Random) -> None:
    doc = "e" * 64
    one_document(root / "reads", doc, 10_000, rng)
    store = AnnotationStore(root / "reads")
    cold = timed(lambda: AnnotationStore(root / "reads").annotations(doc), 5)
    store.annotations(doc)
    warm = timed(lambda: store.annotations(doc), 5)
    records = [annotation(doc, rng).to_record() for _ in range(10_000)]
    db = plain_tinydb(root / "plain-reads.json", records)
    plain = timed(lambda: [Annotation.from_record(dict(r)) for r in db.all()], 5)
    print(
        f"read a document's 10,000 annotations: new store {median_ms(cold)}, "
        f"again {median_ms(warm)}   plain TinyDB {median_ms(plain)}"
    )


# -- in the app -------------------------------------------------------------------------------


async def time_open_in_app(root: Path, count: int) -> tuple[float, int]:
    """Enter in the library to text drawn with ``count`` annotations shown (view and panel)."""
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
    made = []
    for _ in range(count):
        start = rng.randrange(0, len(doc.text) - 200)
        made.append(
            Annotation.of_span(
                doc.text, start, start + 50, "claim", doc=doc.sha256, path=str(path), note="a note"
            )
        )
    store.apply(doc.sha256, made)
    store.compact(doc.sha256)
    store.remember_path(doc.sha256, path)
    with reading_marks() as marks:
        app = MarginoteApp([path], store=AnnotationStore(root / "data"))
        async with app.run_test(size=(120, 40)) as pilot:
            await library_described(pilot)
            await pilot.press("enter")
            while "drawn" not in marks or not isinstance(app.screen, ReaderScreen):
                await pilot.pause(0.005)
            shown = len(app.screen.query_one(AnnotationList).items)
    return marks["drawn"] - marks["enter"], shown


def main() -> None:
    quick = "--quick" in sys.argv
    rng = random.Random(42)
    print("(figures from one run; the machine may be loaded: compare the columns, not runs)")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        os.environ["MARGINOTE_CACHE_DIR"] = str(root / "cache")
        print("import a brat file, one claim per paragraph, into one document:")
        figures = {}
        for count in (1_000,) if quick else (1_000, 10_000):
            ours, plain = time_import(root, count)
            figures[count] = ours
            print(
                f"  {count:>7,} claims: marginote {ours:6.2f} s   "
                f"plain TinyDB insert_multiple {plain:6.2f} s"
            )
        if len(figures) == 2:
            print(f"  10x the claims: {figures[10_000] / figures[1_000]:.1f}x the time")
        print("save one annotation (median of 40):")
        for count in (100, 1_000) if quick else (100, 1_000, 10_000):
            time_saves_in_one_document(root, count, rng)
        if not quick:
            time_saves_over_documents(root, rng)
            time_reads(root, rng)
    for count in (1_000,) if quick else (1_000, 10_000):
        with tempfile.TemporaryDirectory() as tmp:
            os.environ["MARGINOTE_CACHE_DIR"] = str(Path(tmp) / "cache")
            drawn, shown = asyncio.run(time_open_in_app(Path(tmp), count))
            print(f"enter to text drawn with {shown:,} annotations listed: {drawn * 1000:.0f} ms")


if __name__ == "__main__":
    main()
