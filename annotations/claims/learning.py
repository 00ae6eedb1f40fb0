"""The user's own check-worthiness model, kept in the data folder (``<data>/claims/``).

- ``ranker.json``: the trained ranker (plain JSON, see ``ranker``);
- ``learned.jsonl``: sentences learnt from files (``marginote claims learn``);
- ``rejected.jsonl``: suggestions the user rejected (never suggested again; negatives);
- ``state.json``: when the model was last forgotten.

Retraining reads everything the user taught: the learnt files, every claim tagged in the library
(with the other sentences read past in its document as negatives) and every rejected suggestion.
``forget`` drops the model and the learnt files; what was tagged or rejected before it no longer
teaches the ranker (claims tagged afterwards do).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from marginote.annotations.atomic import write_atomic
from marginote.annotations.claims.examples import CLAIM, document_examples, read_labelled
from marginote.annotations.claims.ranker import Labelled, Ranker, RankerError, train
from marginote.annotations.exchange import FormatError, json_lines
from marginote.annotations.model import now_iso
from marginote.annotations.store import AnnotationStore, StoreError


@dataclass(frozen=True)
class Learnt:
    """What a retraining used."""

    ranker: Ranker
    from_files: int
    from_library: int


class ClaimModel:
    """The per-user model and what it learns from, in ``folder`` (``<data>/claims``)."""

    def __init__(self, data: Path) -> None:
        self.folder = Path(data) / "claims"
        self.store = AnnotationStore(Path(data))

    @property
    def ranker_path(self) -> Path:
        return self.folder / "ranker.json"

    @property
    def learned_path(self) -> Path:
        return self.folder / "learned.jsonl"

    @property
    def rejected_path(self) -> Path:
        return self.folder / "rejected.jsonl"

    @property
    def state_path(self) -> Path:
        return self.folder / "state.json"

    # -- reading --------------------------------------------------------------------------------

    def ranker(self) -> Ranker:
        """The trained ranker, or an empty one (the transparent scorer) when none is saved;
        RankerError when the saved one is damaged."""
        return Ranker.load(self.ranker_path)

    def forgotten_at(self) -> str:
        try:
            state = json.loads(self.state_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return ""
        return str(state.get("forgotten", "")) if isinstance(state, dict) else ""

    def learned(self) -> list[Labelled]:
        return [
            Labelled(str(entry["text"]), int(entry["label"]), str(entry.get("source", "")))
            for entry in _json_lines(self.learned_path)
            if isinstance(entry.get("text"), str) and entry.get("label") in (0, 1)
        ]

    def rejected(self, doc: str | None = None) -> set[str]:
        """The texts of the suggestions rejected (in document ``doc``, or anywhere)."""
        return {
            str(entry["text"])
            for entry in _json_lines(self.rejected_path)
            if isinstance(entry.get("text"), str) and (doc is None or entry.get("doc") == doc)
        }

    def library_examples(self) -> list[Labelled]:
        """Claims tagged in the library (after the last ``forget``) as positives, the other
        sentences read past in their documents and the rejected suggestions as negatives."""
        since = self.forgotten_at()
        progress = self.store.reading_positions()
        rejections: dict[str, set[str]] = {}
        for entry in _json_lines(self.rejected_path):
            if str(entry.get("at", "")) >= since and isinstance(entry.get("text"), str):
                rejections.setdefault(str(entry.get("doc", "")), set()).add(entry["text"])
        found: list[Labelled] = []
        for doc in self.store.each_document():
            try:
                annotations = self.store.annotations(doc)
            except StoreError:
                continue  # a damaged file: the store reports it where it is opened
            claims = [a for a in annotations if a.label == CLAIM and a.created >= since]
            claims = [a for a in claims if not a.is_orphan]
            read = progress.get(doc)
            found.extend(
                document_examples(
                    claims,
                    [claims[0].path] if claims else [],
                    read_up_to=read.furthest if read else None,
                    rejected=rejections.pop(doc, set()),
                )
            )
        for texts in rejections.values():  # documents without an annotation file
            found.extend(Labelled(text, 0, "rejected") for text in sorted(texts))
        return found

    # -- changing -------------------------------------------------------------------------------

    def retrain(self) -> Learnt:
        """Train on everything the user taught and save the ranker (about a second)."""
        files, library = self.learned(), self.library_examples()
        ranker = train([*files, *library])
        self._write(self.ranker_path, json.dumps(ranker.to_json(), ensure_ascii=False))
        return Learnt(ranker, len(files), len(library))

    def learn_files(self, paths: Sequence[Path]) -> tuple[list[Labelled], Learnt]:
        """Learn the labelled sentences of ``paths`` (all read before any is kept: one bad file
        and nothing is learnt) and retrain. LabelledFileError names the bad file and rows."""
        found = [example for path in paths for example in read_labelled(path)]
        kept = {(e.text, e.source): e for e in self.learned()}
        for example in found:
            kept[(example.text, example.source)] = example
        lines = [
            json.dumps({"text": e.text, "label": e.label, "source": e.source}, ensure_ascii=False)
            for e in kept.values()
        ]
        self._write(self.learned_path, "\n".join(lines) + "\n")
        return found, self.retrain()

    def reject(self, doc: str, start: int, end: int, text: str) -> None:
        """Never suggest this sentence again; it teaches the ranker a negative."""
        entry = {"doc": doc, "start": start, "end": end, "text": text, "at": now_iso()}
        self.folder.mkdir(parents=True, exist_ok=True)
        with self.rejected_path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry, ensure_ascii=False) + "\n")

    def forget(self) -> None:
        """Back to the transparent scorer: the model and the learnt files are dropped, and what
        was tagged or rejected until now no longer teaches the ranker."""
        for path in (self.ranker_path, self.learned_path):
            path.unlink(missing_ok=True)
        self._write(self.state_path, json.dumps({"forgotten": now_iso()}))

    def _write(self, path: Path, text: str) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text.encode("utf-8"))


def retrain_in(data: str) -> int:
    """Retrain the model of the data folder ``data``; the check-worthy sentences it learnt from.
    A module-level function, so a worker process can run it."""
    return ClaimModel(Path(data)).retrain().ranker.positives


def _json_lines(path: Path) -> list[dict[str, Any]]:
    """The objects of a JSON Lines file of ours; a damaged line is skipped, a missing file is
    empty."""
    try:
        return [value for _, value in json_lines(path) if isinstance(value, dict)]
    except FormatError:
        return []


__all__ = ["ClaimModel", "Learnt", "RankerError", "retrain_in"]
