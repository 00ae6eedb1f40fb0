"""A reader's own saves are not news to it; what another window, an import or the sync thread
wrote is, and is taken in by what differs (issue 19: the tag key in a big document)."""

from __future__ import annotations

import threading
from pathlib import Path

from marginote.annotations.documents import load_document
from marginote.annotations.editing import Editing
from marginote.annotations.labels import load_settings
from marginote.annotations.model import Annotation
from marginote.annotations.store import AnnotationStore
from tests.conftest import SEED


def opened(store: AnnotationStore) -> Editing:
    editing = Editing(store, load_document(SEED))
    editing.open()
    return editing


def sentence(editing: Editing, words: str) -> tuple[int, int]:
    document = editing.document
    return document.sentence_at(document.text.index(words))


def test_its_own_tags_edits_deletes_and_undos_are_not_news(tmp_path: Path) -> None:
    editing = opened(AnnotationStore(tmp_path))
    claim = load_settings().labels.by_key("1")
    made = editing.tag(sentence(editing, "Dmitry Peskov"), claim).focus
    assert made is not None and not editing.stale()
    editing.save(made.edited(note="checked"))
    assert not editing.stale()
    editing.delete(editing.annotations[0])
    assert not editing.stale()
    editing.undo()
    assert not editing.stale()
    assert [a.note for a in editing.annotations] == ["checked"]


def test_another_window_s_change_is_news_and_reload_takes_in_only_it(tmp_path: Path) -> None:
    editing = opened(AnnotationStore(tmp_path))
    claim = load_settings().labels.by_key("1")
    first = editing.tag(sentence(editing, "Dmitry Peskov"), claim).focus
    second = editing.tag(sentence(editing, "Elon Musk"), claim).focus
    assert first is not None and second is not None
    other = AnnotationStore(tmp_path)  # a second marginote on the same data folder
    other.save(second.edited(note="bob's verdict"))
    assert editing.stale()
    assert editing.reload()
    assert not editing.stale()
    assert [a.note for a in editing.annotations] == [
        a.note for a in AnnotationStore(tmp_path).annotations(editing.document.sha256)
    ]
    assert {a.note for a in editing.annotations} == {"", "bob's verdict"}
    assert not editing.reload()  # nothing differs now


def test_a_read_of_the_document_elsewhere_in_the_thread_does_not_hide_a_change(
    tmp_path: Path,
) -> None:
    store = AnnotationStore(tmp_path)
    editing = opened(store)
    doc = editing.document
    AnnotationStore(tmp_path).save(
        Annotation.of_span(doc.text, 0, 12, "claim", doc=doc.sha256, path=str(doc.path))
    )
    store.annotations(doc.sha256)  # a command or a panel reading the same store
    assert editing.stale()
    editing.reload()
    assert len(editing.annotations) == 1


def test_a_change_written_by_another_thread_of_the_same_store_is_news(tmp_path: Path) -> None:
    store = AnnotationStore(tmp_path)
    doc = "d" * 64
    store.annotations(doc)
    assert not store.changed_elsewhere(doc)
    text = "Peskov said the poll was very positive."
    pulled = Annotation.of_span(text, 0, 6, "claim", doc=doc, path="/x.txt")
    sync = threading.Thread(target=lambda: store.apply(doc, [pulled], undoable=False))
    sync.start()
    sync.join()
    assert store.changed_elsewhere(doc)  # the sync thread's write, news to this thread
    assert [a.id for a in store.annotations(doc)] == [pulled.id]
    assert not store.changed_elsewhere(doc)
