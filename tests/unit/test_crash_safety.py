"""A writer killed with SIGKILL at random moments never loses an acknowledged annotation: kills
land while a journal line is written, while the journal is folded into the snapshot (folds are
made frequent here), and while a bulk change is written."""

from __future__ import annotations

import os
import random
import signal
import time
from pathlib import Path

from marginote.annotations.model import Annotation
from marginote.annotations.store import AnnotationStore, files

KILLS = 200
DOCS = ["a" * 64, "b" * 64]


def _write_forever(root: Path, ack_fd: int, seed: int) -> None:
    """Child: save annotations one after another; write each id to the pipe once save returns."""
    rng = random.Random(seed)
    files.FOLD_AT_LEAST, files.FOLD_FRACTION = 4_000, 0.0  # fold every few saves
    store = AnnotationStore(root)
    while True:
        doc = rng.choice(DOCS)
        made = [
            Annotation(
                doc=doc,
                path="/x",
                start=0,
                end=4,
                label="claim",
                quote="text",
                note="n" * rng.randint(0, 400),
            )
            for _ in range(rng.choice((1, 1, 1, 5)))
        ]
        if len(made) == 1:
            store.save(made[0])
        else:
            store.apply(doc, made)
        os.write(ack_fd, "".join(a.id + "\n" for a in made).encode())


def test_sigkill_at_random_moments_keeps_every_acknowledged_annotation(tmp_path: Path) -> None:
    rng = random.Random(1234)
    acknowledged: set[str] = set()
    for round_ in range(KILLS):
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # child
            os.close(read_fd)
            try:
                _write_forever(tmp_path, write_fd, round_)
            finally:
                os._exit(1)
        os.close(write_fd)
        time.sleep(rng.uniform(0.005, 0.06))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        with os.fdopen(read_fd) as pipe:
            acknowledged.update(line for line in pipe.read().splitlines() if len(line) == 32)
        store = AnnotationStore(tmp_path)  # opens cleanly after every kill ...
        stored = {a.id for doc in DOCS for a in store.annotations(doc)}
        assert acknowledged <= stored  # ... and holds every acknowledged annotation
    assert len(acknowledged) > KILLS // 2  # the writers really wrote between kills
