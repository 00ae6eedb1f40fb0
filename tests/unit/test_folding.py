"""Folding a closed document's journal into its snapshot in the background (issue 19): the next
open reads one file, and a fold cut off at any moment loses nothing acknowledged."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from marginote.annotations.model import Annotation
from marginote.annotations.store import AnnotationStore
from marginote.annotations.store.folding import Folds

TEXT = "Peskov said the poll was very positive. Musk disagreed. Nobody else spoke at all today."
DOC = "d" * 64


def claim(start: int = 0, end: int = 39, note: str = "") -> Annotation:
    return Annotation.of_span(TEXT, start, end, "claim", doc=DOC, path="/x.txt", note=note)


def journal(store: AnnotationStore) -> Path:
    return store.shard_path(DOC).with_suffix(".journal")


def test_a_closed_document_is_folded_in_the_background(tmp_path: Path) -> None:
    store = AnnotationStore(tmp_path)
    made = [claim(i, i + 5, note=f"n{i}") for i in range(20)]
    for annotation in made:
        store.save(annotation)
    assert journal(store).stat().st_size > 0
    folds = Folds(store)
    folds.closed(DOC)
    assert folds.finish(timeout=30)
    assert folds.folded == [DOC] and not folds.errors
    assert journal(store).read_bytes() == b""
    snapshot = store.shard_path(DOC).read_text()
    assert all(a.id in snapshot for a in made)  # the snapshot alone holds them
    assert AnnotationStore(tmp_path).annotations(DOC) == sorted(
        made, key=lambda a: (a.start, -a.end, a.created)
    )


def test_a_document_with_nothing_in_its_journal_is_not_written_again(tmp_path: Path) -> None:
    store = AnnotationStore(tmp_path)
    store.save(claim())
    store.compact(DOC)
    before = store.shard_path(DOC).stat()
    folds = Folds(store)
    folds.closed(DOC)
    assert folds.finish(timeout=30)
    assert folds.folded == []
    after = store.shard_path(DOC).stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


#: Saves one annotation after another (printing each id once the save returned, i.e. once it is
#: acknowledged) and has the document folded after each, as closing it would, until killed.
WRITER = """
import sys
from pathlib import Path
from marginote.annotations.model import Annotation
from marginote.annotations.store import AnnotationStore
from marginote.annotations.store.folding import Folds

text = "Peskov said the poll was very positive. Musk disagreed. " * 40
store = AnnotationStore(Path(sys.argv[1]))
folds = Folds(store)
store.apply("d" * 64, [
    Annotation.of_span(text, i % 2000, i % 2000 + 9, "claim", doc="d" * 64, path="/x.txt")
    for i in range(3000)
])
n = 0
while True:
    n += 1
    made = Annotation.of_span(text, n % 2000, n % 2000 + 5, "claim", doc="d" * 64, path="/x.txt")
    store.save(made)
    print(made.id, flush=True)
    folds.closed("d" * 64)
"""


def test_killing_the_process_while_it_folds_loses_nothing_acknowledged(tmp_path: Path) -> None:
    rng = random.Random(19)
    acknowledged: list[str] = []
    for run in range(4):
        process = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(tmp_path)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert process.stdout is not None
        first = process.stdout.readline().strip()  # saving and folding has begun
        assert first, "the writer did not start"
        acknowledged.append(first)
        time.sleep(rng.uniform(0.05, 0.6))
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        acknowledged.extend(line.strip() for line in process.stdout if line.strip())
        stored = {a.id for a in AnnotationStore(tmp_path).annotations(DOC)}
        missing = [i for i in acknowledged if i not in stored]
        assert not missing, f"run {run}: {len(missing)} acknowledged saves lost"
    assert len(acknowledged) > 8
