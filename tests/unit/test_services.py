"""The reader's core services used without any interface, as a command or a script would."""

from __future__ import annotations

from pathlib import Path

import pytest

from marginote.annotations.documents import load_document
from marginote.annotations.editing import Editing, Refused
from marginote.annotations.entities import RuleRecognizer
from marginote.annotations.recognition import Recognition
from marginote.annotations.recognition_session import RecognitionSession
from marginote.annotations.searching import Searching
from marginote.annotations.store import AnnotationStore
from marginote.annotations.watching import FileWatch
from tests.conftest import SEED, library_with_seed


def rules() -> Recognition:
    return Recognition(lambda: (RuleRecognizer(), None), processes=False)


def test_editing_tags_refuses_a_duplicate_and_undoes(tmp_path: Path) -> None:
    from marginote.annotations.labels import load_settings

    labels = load_settings().labels
    document = load_document(SEED)
    editing = Editing(AnnotationStore(tmp_path / "data"), document)
    editing.open()
    sentence = document.sentence_at(document.text.index("Dmitry Peskov"))
    outcome = editing.tag(sentence, labels.by_key("1"))
    assert outcome.focus is not None and outcome.focus.label == "claim"
    assert outcome.focus.quote.startswith("Putin spokesman")
    with pytest.raises(Refused, match="already tagged"):
        editing.tag(sentence, labels.by_key("1"))
    with pytest.raises(Refused, match="Select some text"):
        editing.tag((5, 5), labels.by_key("1"))
    assert len(AnnotationStore(tmp_path / "data").annotations(document.sha256)) == 1
    undone = editing.undo()
    assert undone.message.startswith("Undid the creation of claim")
    assert editing.annotations == []
    assert editing.undo().changed is False


def test_a_quote_that_opens_with_a_quotation_mark_is_not_quoted_twice(tmp_path: Path) -> None:
    """News sentences often start with a quotation: the messages showed ““We will win…”."""
    from marginote.annotations.editing import in_quotes
    from marginote.annotations.labels import load_settings

    assert in_quotes("“We will win.”") == "“We will win.”"
    assert in_quotes("“We will win,” he said.") == "“We will win,” he said.”"
    assert in_quotes("the students'") == "“the students'”"
    assert in_quotes("") == "“”"
    path = tmp_path / "speech.txt"
    path.write_text("“We will win.” The minister spoke on Monday.\n", encoding="utf-8")
    document = load_document(path)
    editing = Editing(AnnotationStore(tmp_path / "data"), document)
    editing.open()
    editing.tag((0, len("“We will win.”")), load_settings().labels.by_key("1"))
    assert editing.undo().message == "Undid the creation of claim “We will win.”."


def test_a_recognition_session_covers_the_text_from_the_caret_and_is_cached(
    tmp_path: Path,
) -> None:
    document = load_document(SEED)
    session = RecognitionSession(rules(), tmp_path / "cache", document)
    caret = document.text.index("Putin spokesman")
    batches = list(session.batches(caret, lambda: False))
    assert batches[-1].finished and batches[-1].done == batches[-1].total > 0
    assert "Dmitry Peskov" in {document.text[e.start : e.end] for e in batches[0].entities}
    names = {document.text[e.start : e.end] for b in batches for e in b.entities}
    assert "Dmitry Peskov" in names
    again = RecognitionSession(rules(), tmp_path / "cache", document)
    [cached] = list(again.batches(0, lambda: False))
    assert "(cached)" in cached.note and len(cached.entities) == sum(
        len(b.entities) for b in batches
    )


def test_the_first_batch_is_the_text_at_the_caret(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text(
        "\n\n".join(f"Part {i}. Anna Smith met Bob Jones in Paris. " * 20 for i in range(40))
    )
    document = load_document(path)
    caret = document.paragraph_starts[30]
    session = RecognitionSession(rules(), tmp_path / "cache", document)
    batches = list(session.batches(caret, lambda: False))
    assert len(batches) > 1 and batches[-1].finished
    assert min(batches[0].entities.starts) >= caret  # the screen at the caret first
    assert min(batches[-1].entities.starts) < caret  # the text before it last


def test_a_cancelled_session_stops_and_caches_nothing(tmp_path: Path) -> None:
    document = load_document(SEED)
    session = RecognitionSession(rules(), tmp_path / "cache", document)
    assert list(session.batches(0, lambda: True)) == []
    assert session.cached(("rules-1", "rules")) is None


def test_searching_steps_round_the_ends() -> None:
    searching = Searching("a cat, a hat, a cat")
    assert searching.find("cat") is not None
    assert searching.status() == "2 matches"
    assert searching.step(0, 1) == (2, 5)
    assert searching.step(18, 1) == (2, 5)  # round to the first
    assert searching.step(2, -1) == (16, 19)  # round to the last
    assert searching.status() == "match 2 of 2"
    assert searching.find("hat") is not None
    assert searching.status() == "1 match"


def test_the_file_watch_tells_each_change_once(tmp_path: Path) -> None:
    path = library_with_seed(tmp_path) / SEED.name
    watch = FileWatch(path)
    assert watch.check() is None
    path.write_text("changed\n")
    change = watch.check()
    assert change is not None and not change.deleted and "changed on disk" in change.describe()
    assert watch.check() is None
    path.unlink()
    gone = watch.check()
    assert gone is not None and gone.deleted
