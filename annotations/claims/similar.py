"""Claims seen before: the claims tagged anywhere in the library most like a text.

Two established measures, the higher one counting: TF-IDF cosine over words and word pairs
(scikit-learn) finds claims worded alike, and rapidfuzz's ratio finds near-copies (a typo, a
word changed, punctuation). The index is built once over the library's claims and kept until an
annotation file changes (``LibraryClaims.index`` checks the files' stamps).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from marginote.annotations.model import Annotation
from marginote.annotations.store import AnnotationStore, StoreError

CLAIM = "claim"
#: Matches below this similarity are not shown.
MINIMUM = 0.2
#: Near-copies: a rapidfuzz ratio (0-100) from which a claim counts as the same words.
FUZZY_CUTOFF = 70.0
#: How many TF-IDF neighbours are considered before ranking.
CANDIDATES = 50


@dataclass(frozen=True)
class Match:
    """A claim tagged before and how similar it is to the text asked about, in [0, 1]."""

    claim: Annotation
    similarity: float

    def to_json(self) -> dict[str, object]:
        a = self.claim
        return {
            "quote": a.quote,
            "document": a.path,
            "doc": a.doc,
            "start": a.start,
            "end": a.end,
            "verdict": a.verdict,
            "claimant": str(a.attrs.get("claimant") or ""),
            "id": a.id,
            "similarity": round(self.similarity, 4),
        }


class ClaimIndex:
    """TF-IDF and fuzzy search over a fixed set of claims."""

    def __init__(self, claims: Sequence[Annotation]) -> None:
        self.claims = list(claims)
        self._quotes = [" ".join(a.quote.split()) for a in self.claims]
        self._vectoriser: Any = None
        self._matrix: Any = None
        from rapidfuzz import utils

        #: The quotes as fuzzy matching compares them (lower case, no punctuation), made once.
        self._processed = [utils.default_process(q) for q in self._quotes]
        if any(q.strip() for q in self._quotes):
            from sklearn.feature_extraction.text import TfidfVectorizer

            self._vectoriser = TfidfVectorizer(
                ngram_range=(1, 2), sublinear_tf=True, strip_accents="unicode"
            )
            try:
                self._matrix = self._vectoriser.fit_transform(self._quotes).tocsr()
            except ValueError:  # nothing but stop words or punctuation
                self._vectoriser = None

    def __len__(self) -> int:
        return len(self.claims)

    def similar(
        self, text: str, limit: int = 5, exclude: str | None = None, minimum: float = MINIMUM
    ) -> list[Match]:
        """The claims most similar to ``text``, most similar first (not the claim ``exclude``,
        an id: the claim the caret is on)."""
        text = " ".join(text.split())
        if not text or not self.claims:
            return []
        best: dict[int, float] = {}
        if self._vectoriser is not None:
            import numpy as np

            scores = (self._matrix @ self._vectoriser.transform([text]).T).toarray().ravel()
            count = min(CANDIDATES, len(scores))
            top = np.argpartition(-scores, count - 1)[:count]
            best.update((int(i), float(scores[i])) for i in top if scores[i] > 0)
        from rapidfuzz import fuzz, process, utils

        for _, ratio, i in process.extract(
            utils.default_process(text),
            self._processed,
            scorer=fuzz.ratio,
            limit=limit + 1,
            score_cutoff=FUZZY_CUTOFF,
        ):
            best[i] = max(best.get(i, 0.0), ratio / 100.0)
        found = [
            Match(self.claims[i], min(1.0, similarity))
            for i, similarity in best.items()
            if similarity >= minimum and self.claims[i].id != exclude
        ]
        found.sort(key=lambda m: (-m.similarity, m.claim.quote))
        return found[:limit]


def library_claims(store: AnnotationStore) -> list[Annotation]:
    """Every claim tagged in the library (damaged files are skipped)."""
    found: list[Annotation] = []
    for doc in store.each_document():
        try:
            found.extend(a for a in store.annotations(doc) if a.label == CLAIM)
        except StoreError:
            continue
    return found


Stamp = tuple[tuple[str, object], ...]


class LibraryClaims:
    """The index over the library's claims, rebuilt only when an annotation file changed."""

    def __init__(self, data: Path) -> None:
        self.store = AnnotationStore(Path(data))
        self._stamp: Stamp | None = None
        self._index: ClaimIndex | None = None

    def _current_stamp(self) -> Stamp:
        """Each annotated document's files as they are now (the store's revision: stats only)."""
        return tuple((doc, self.store.revision(doc)) for doc in self.store.each_document())

    def index(self) -> ClaimIndex:
        """The index, built afresh when the library's annotation files changed."""
        stamp = self._current_stamp()
        if self._index is None or stamp != self._stamp:
            self._index = ClaimIndex(library_claims(self.store))
            self._stamp = stamp
        return self._index

    def similar(self, text: str, limit: int = 5, exclude: str | None = None) -> list[Match]:
        return self.index().similar(text, limit, exclude)
