"""Inter-annotator agreement, for each pair of authors over the documents both annotated.

- **Span F1, exact**: a span of one author matches a span of the other with the same start, end
  and label; F1 = 2·matches / (spans of A + spans of B) (symmetric: neither is the reference).
- **Span F1, overlap**: a span counts as found when the other author has a span of the same
  label overlapping it; precision and recall are those fractions for B's and A's spans.
- **Cohen's kappa** (scikit-learn) on sentence labels: each sentence of each shared document
  gets, per author, the label of their annotation covering most of it, or "none".
- **Krippendorff's alpha** (the ``krippendorff`` package), ordinal, on the verdict scale (best
  first; off-scale verdicts like "unverifiable" left out): a unit is a claim of A with a verdict
  paired with the claim of B with a verdict overlapping it most (one-to-one); a claim rated by
  one author only is a unit with a missing value.

A figure that is undefined (no spans, one label everywhere, fewer than two rated units) is None.
Entity corrections are not annotations of the text's meaning and are left out.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

from marginote.annotations.model import Annotation

NONE = "none"


@dataclass
class SharedDocument:
    """One document: its sentences and each author's annotations of it."""

    doc: str
    sentences: list[tuple[int, int]]
    by_author: dict[str, list[Annotation]] = field(default_factory=dict)


@dataclass(frozen=True)
class PairAgreement:
    a: str
    b: str
    documents: int
    spans_a: int
    spans_b: int
    f1_exact: float | None
    f1_overlap: float | None
    sentences: int
    kappa: float | None
    rated_units: int
    alpha: float | None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _overlap(x: Annotation, y: Annotation) -> int:
    return max(0, min(x.end, y.end) - max(x.start, y.start))


def _f1_exact(a: list[Annotation], b: list[Annotation]) -> float | None:
    if not a and not b:
        return None
    keys_b = {(s.doc, s.start, s.end, s.label) for s in b}
    matches = len({(s.doc, s.start, s.end, s.label) for s in a} & keys_b)
    return 2 * matches / (len(a) + len(b))


def _found(spans: list[Annotation], others: list[Annotation]) -> float:
    hit = sum(
        any(o.doc == s.doc and o.label == s.label and _overlap(s, o) for o in others) for s in spans
    )
    return hit / len(spans) if spans else 0.0


def _f1_overlap(a: list[Annotation], b: list[Annotation]) -> float | None:
    if not a and not b:
        return None
    precision, recall = _found(b, a), _found(a, b)
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def sentence_labels(sentences: Sequence[tuple[int, int]], spans: list[Annotation]) -> list[str]:
    """Per sentence, the label of the annotation covering most of it (the first on a tie)."""
    labels = []
    for start, end in sentences:
        best, most = NONE, 0
        for span in spans:
            covered = max(0, min(end, span.end) - max(start, span.start))
            if covered > most:
                best, most = span.label, covered
        labels.append(best)
    return labels


def _kappa(left: list[str], right: list[str]) -> float | None:
    if not left or len(set(left) | set(right)) < 2:
        return None
    from sklearn.metrics import cohen_kappa_score

    value = float(cohen_kappa_score(left, right))
    return None if math.isnan(value) else value


def _rated(spans: list[Annotation], rank: dict[str, int]) -> list[Annotation]:
    return [s for s in spans if s.label == "claim" and s.verdict in rank]


def verdict_units(
    a: list[Annotation], b: list[Annotation], rank: dict[str, int]
) -> list[tuple[float, float]]:
    """(A's rank, B's rank) per claim unit; NaN where one of them did not rate it."""
    left, right = _rated(a, rank), _rated(b, rank)
    taken: set[str] = set()
    units = []
    for claim in left:
        partners = [o for o in right if o.id not in taken and o.doc == claim.doc]
        partner = max(partners, key=lambda o: _overlap(claim, o), default=None)
        if partner is not None and _overlap(claim, partner):
            taken.add(partner.id)
            units.append((float(rank[claim.verdict]), float(rank[partner.verdict])))
        else:
            units.append((float(rank[claim.verdict]), math.nan))
    units += [(math.nan, float(rank[o.verdict])) for o in right if o.id not in taken]
    return units


def _alpha(units: list[tuple[float, float]], levels: int) -> tuple[int, float | None]:
    paired = [u for u in units if not any(map(math.isnan, u))]
    if len(paired) < 2 or len({v for u in paired for v in u}) < 2:
        return len(paired), None
    import krippendorff

    data = [[u[0] for u in units], [u[1] for u in units]]
    value = float(
        krippendorff.alpha(
            reliability_data=data,
            level_of_measurement="ordinal",
            value_domain=list(range(levels)),
        )
    )
    return len(paired), None if math.isnan(value) else value


def pair_agreement(
    documents: Iterable[SharedDocument], a: str, b: str, scale: Sequence[str]
) -> PairAgreement:
    shared = [d for d in documents if d.by_author.get(a) and d.by_author.get(b)]
    spans_a = [s for d in shared for s in d.by_author[a]]
    spans_b = [s for d in shared for s in d.by_author[b]]
    left: list[str] = []
    right: list[str] = []
    for d in shared:
        left += sentence_labels(d.sentences, d.by_author[a])
        right += sentence_labels(d.sentences, d.by_author[b])
    rank = {verdict: i for i, verdict in enumerate(scale)}
    rated, alpha = _alpha(verdict_units(spans_a, spans_b, rank), len(scale))
    return PairAgreement(
        a,
        b,
        len(shared),
        len(spans_a),
        len(spans_b),
        _f1_exact(spans_a, spans_b),
        _f1_overlap(spans_a, spans_b),
        len(left),
        _kappa(left, right),
        rated,
        alpha,
    )


def agreement(documents: list[SharedDocument], scale: Sequence[str]) -> list[PairAgreement]:
    """Every pair of authors who annotated at least one document in common."""
    authors = sorted({name for d in documents for name in d.by_author})
    found = []
    for a, b in combinations(authors, 2):
        pair = pair_agreement(documents, a, b, scale)
        if pair.documents:
            found.append(pair)
    return found


def collect(paths: Iterable[Path], store: Any) -> tuple[list[SharedDocument], list[str]]:
    """The annotated documents under ``paths`` (with their sentences), and what was skipped."""
    from marginote.annotations.documents import DocumentError, load_document
    from marginote.annotations.library import SameTexts, find_documents
    from marginote.annotations.store import StoreError

    found, skipped = [], []
    texts = SameTexts()  # one text under two names (a file downloaded twice) counts once
    for path in find_documents(paths):
        try:
            document = load_document(path)
            if not texts.first_time(document.sha256, path):
                continue
            annotations = [
                a for a in store.annotations(document.sha256) if not a.is_entity_correction
            ]
        except DocumentError as error:
            skipped.append(f"{path}: {error.reason}")
            continue
        except StoreError as error:
            skipped.append(f"{path}: {error}")
            continue
        if not annotations:
            continue
        shared = SharedDocument(document.sha256, document.sentences_in(0, len(document.text)))
        for annotation in annotations:
            shared.by_author.setdefault(annotation.author, []).append(annotation)
        found.append(shared)
    return found, skipped
