"""Background work in the app's process gives way to the reader: claim scoring starts with the
sentences on screen and covers every sentence once, a step at a time; a thread waiting for a
quiet moment can be cancelled."""

from __future__ import annotations

from pathlib import Path

from marginote.annotations.claims.suggest import sentence_batches, sentence_spans
from marginote.annotations.documents import Document
from marginote.annotations.pacing import Pacing


def document(paragraphs: int) -> Document:
    text = "\n\n".join(
        f"Paragraph {i} opens here. It says {i * 3} people came. Then it ends."
        for i in range(paragraphs)
    )
    return Document(path=Path("doc.txt"), text=text, encoding="UTF-8", title="doc")


def test_batches_start_on_screen_and_hold_every_sentence_once() -> None:
    doc = document(300)
    middle = doc.text.index("Paragraph 150 ")
    screen = (middle, doc.text.index("Paragraph 153 "))
    pauses: list[int] = []
    batches = list(
        sentence_batches(
            doc, screen, batch_chars=1_000, step_chars=200, pause=lambda: pauses.append(1)
        )
    )
    first, _ = batches[0]
    assert doc.text[first[0][0] :].startswith("Paragraph 150 ")
    assert all(screen[0] <= s < screen[1] for s, _ in first)  # the screen's paragraphs only
    every = [span for spans, _ in batches for span in spans]
    assert sorted(every) == sentence_spans(doc)  # each sentence once, none missed
    assert batches[-1][1] == len(doc.text)  # the text covered, in the end all of it
    assert len(pauses) > len(batches)  # a chance to give way within each batch


def test_a_short_document_on_one_screen_is_one_batch() -> None:
    doc = document(3)
    batches = list(sentence_batches(doc, (0, len(doc.text))))
    assert len(batches) == 1 and batches[0][0] == sentence_spans(doc)
    assert list(sentence_batches(Document(Path("e"), "", "UTF-8", "e"), (0, 0))) == []


def test_pacing_is_busy_after_a_key_and_a_wait_can_be_cancelled() -> None:
    pacing = Pacing(quiet=3600)
    assert not pacing.busy()  # nothing pressed yet: background work runs
    pacing.touch()
    assert pacing.busy()
    pacing.wait_quiet(cancelled=lambda: True)  # returns at once: the worker was cancelled
    assert not Pacing(quiet=0).busy()
