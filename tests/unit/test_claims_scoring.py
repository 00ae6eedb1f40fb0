"""Check-worthiness: the transparent cues, the ranker learning, and the files it learns from."""

from __future__ import annotations

from pathlib import Path

import pytest

from marginote.annotations.claims import features
from marginote.annotations.claims.examples import LabelledFileError, read_labelled
from marginote.annotations.claims.learning import ClaimModel
from marginote.annotations.claims.ranker import Labelled, Ranker, train
from marginote.annotations.claims.suggest import pick, score_document
from marginote.annotations.documents import load_document
from marginote.annotations.model import Annotation
from marginote.annotations.store import AnnotationStore

CLAIMY = "Unemployment fell to 3.5 percent in 2019, the lowest rate in fifty years."
CHATTY = "Thank you so much, I think we should all be very proud tonight."


def test_cues_name_what_makes_a_sentence_check_worthy() -> None:
    found = features.features(CLAIMY)
    assert {"number", "quantity", "year", "comparison", "superlative"} <= set(found)
    assert "opinion" in features.features(CHATTY)
    assert "question" in features.features("Did the tax cut pay for itself?")
    assert "short" in features.features("Yes.")
    assert "hedge" in features.features("Maybe the figures were wrong.")
    assert "attribution" in features.features("The minister said so, according to Reuters.")


def test_transparent_score_ranks_a_factual_claim_above_chatter() -> None:
    assert features.score(CLAIMY) > 0.5 > features.score(CHATTY)
    assert features.score(CLAIMY) > features.score("Is that true?")
    words = [words for words, _ in features.reasons(CLAIMY)]
    assert "a number" in words
    assert all(weight > 0 for _, weight in features.reasons(CLAIMY)[:2])


# Two kinds of sentence the cues cannot tell apart: only learning can.
POSITIVES = [
    f"The {animal} population of the valley is counted by the wardens each spring."
    for animal in ("otter", "beaver", "heron", "salmon", "badger", "stoat", "vole", "lynx")
]
NEGATIVES = [
    f"The {thing} in the valley is painted by the villagers each spring."
    for thing in ("fence", "gate", "barn", "mill", "bridge", "shed", "church", "school")
]


def test_a_ranker_trained_on_a_few_sentences_ranks_a_held_back_positive_first() -> None:
    held_back = "The wolf population of the valley is counted by the wardens each spring."
    negatives = ["The chapel in the valley is painted by the villagers each spring."]
    ranker = train([Labelled(t, 1) for t in POSITIVES] + [Labelled(t, 0) for t in NEGATIVES])
    assert ranker.weights
    assert all(ranker.score(held_back) > ranker.score(n) for n in negatives)
    assert Ranker().score(held_back) == pytest.approx(features.score(held_back))
    assert any("population" in words for words, _ in ranker.reasons(held_back))


def test_too_few_examples_keep_the_transparent_scorer() -> None:
    ranker = train([Labelled(POSITIVES[0], 1), Labelled(NEGATIVES[0], 0)])
    assert not ranker.weights
    assert ranker.score(CLAIMY) == pytest.approx(features.score(CLAIMY))


def test_a_saved_ranker_scores_the_same_after_loading(tmp_path: Path) -> None:
    ranker = train([Labelled(t, 1) for t in POSITIVES] + [Labelled(t, 0) for t in NEGATIVES])
    again = Ranker.from_json(ranker.to_json())
    assert again.score(POSITIVES[0]) == pytest.approx(ranker.score(POSITIVES[0]))


# -- files to learn from ---------------------------------------------------------------------------


def write(tmp_path: Path, name: str, content: str) -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def test_checkthat_csv_and_headerless_tsv_are_read(tmp_path: Path) -> None:
    csv_file = write(
        tmp_path,
        "debate.csv",
        'line_number,speaker,text,label,file_name\n1,A,"Taxes rose 5%, he said.",1,x.tsv\n'
        "2,B,Thank you.,0,x.tsv\n",
    )
    assert [(e.text, e.label) for e in read_labelled(csv_file)] == [
        ("Taxes rose 5%, he said.", 1),
        ("Thank you.", 0),
    ]
    tsv_file = write(
        tmp_path, "debate.tsv", '1\tA\t"We built 300 miles of wall.\t1\n2\tB\tHi.\t0\n'
    )
    assert [(e.text, e.label) for e in read_labelled(tsv_file)] == [
        ('"We built 300 miles of wall.', 1),
        ("Hi.", 0),
    ]


def test_bad_rows_are_named_by_line_and_nothing_is_learnt(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.csv", "text,label\nGood one.,1\nMaybe?,yes\n,0\nFine.,0\n")
    with pytest.raises(LabelledFileError) as caught:
        read_labelled(path)
    message = str(caught.value)
    assert "line 3" in message and "'yes' is not 0 or 1" in message
    assert "line 4" in message and "empty" in message
    assert "line 2" not in message and "line 5" not in message


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("", "empty"),
        ("   \n\n", "empty"),
        ("sentence,verdict\nHello,1\n", "no 'text' and 'label' columns"),
        ("text,label\n", "no labelled rows"),
    ],
)
def test_empty_files_and_wrong_columns_are_a_clear_error(
    tmp_path: Path, content: str, words: str
) -> None:
    with pytest.raises(LabelledFileError, match=words):
        read_labelled(write(tmp_path, "file.csv", content))


def test_a_marginote_export_teaches_claims_and_the_sentences_around_them(
    tmp_path: Path, seed_text: str
) -> None:
    from marginote.annotations.exchange import Exported
    from marginote.annotations.exchange.native import write as write_native

    doc_path = write(tmp_path, "article.txt", seed_text)
    document = load_document(doc_path)
    start = seed_text.index("Achieving peace")
    end = seed_text.index("absolutely impossible.") + len("absolutely impossible.")
    claim = Annotation.of_span(
        seed_text, start, end, "claim", doc=document.sha256, path=str(doc_path)
    )
    out = tmp_path / "export.jsonl"
    write_native([Exported(document, [claim])], out)
    examples = read_labelled(out)
    assert [e.text for e in examples if e.label == 1] == [claim.quote]
    assert sum(1 for e in examples if e.label == 0) > 10


# -- the user's model ------------------------------------------------------------------------------


def test_learning_from_a_file_then_forgetting(tmp_path: Path) -> None:
    rows = [f"{t},1" for t in POSITIVES] + [f"{t},0" for t in NEGATIVES]
    path = write(tmp_path, "mine.csv", "text,label\n" + "\n".join(rows) + "\n")
    model = ClaimModel(tmp_path / "data")
    found, learnt = model.learn_files([path])
    assert len(found) == 16 and learnt.from_files == 16
    probe = "The marten population of the valley is counted by the wardens each spring."
    assert model.ranker().score(probe) > features.score(probe)
    model.forget()
    assert not model.ranker().weights
    assert model.ranker().score(probe) == pytest.approx(features.score(probe))


def test_claims_tagged_and_suggestions_rejected_in_the_library_teach_the_ranker(
    tmp_path: Path, seed_text: str
) -> None:
    doc_path = write(tmp_path, "article.txt", seed_text)
    document = load_document(doc_path)
    store = AnnotationStore(tmp_path / "data")
    start = seed_text.index("The final results")
    claim = Annotation.of_span(
        seed_text, start, start + 70, "claim", doc=document.sha256, path=str(doc_path)
    )
    store.save(claim)
    model = ClaimModel(tmp_path / "data")
    model.reject(document.sha256, 0, 10, "A sentence the user did not want.")
    examples = model.library_examples()
    assert Labelled(claim.quote, 1, str(doc_path)) in examples
    assert any(e.text == "A sentence the user did not want." and e.label == 0 for e in examples)
    assert sum(1 for e in examples if e.label == 0) > 10
    assert "A sentence the user did not want." in model.rejected(document.sha256)


def test_suggestions_skip_rejected_and_tagged_sentences(tmp_path: Path, seed_text: str) -> None:
    document = load_document(write(tmp_path, "article.txt", seed_text))
    scored = score_document(document, features.score)
    assert [s.start for s in scored] == sorted(s.start for s in scored)
    assert all(seed_text[s.start : s.end] == s.text for s in scored)
    chosen = pick(scored)
    assert chosen
    first = chosen[0]
    again = pick(scored, rejected={first.text})
    assert first not in again
    tagged = Annotation.of_span(seed_text, first.start, first.end, "claim", doc="d", path="p")
    assert first not in pick(scored, tagged=[tagged])


def test_a_quoted_text_over_two_lines_keeps_the_line_numbers_right(tmp_path: Path) -> None:
    path = write(tmp_path, "multi.csv", 'text,label\n"Taxes rose\nby 5%.",1\nHello,2\n')
    with pytest.raises(LabelledFileError, match="line 4: label '2'"):
        read_labelled(path)
