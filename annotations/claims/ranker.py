"""A small linear ranker learnt from labelled sentences, on top of the transparent cues.

Features of a sentence: the transparent cues (``features.features``) and the transparent score
itself, plus its lower-cased words and word pairs. Training (scikit-learn's logistic regression
over a sparse matrix of the named features, classes balanced) takes a fraction of a second for
5,000 sentences.

The trained model is kept as plain JSON (feature -> weight, and the intercept), never as a
pickle: loading runs no code, and scoring needs neither scikit-learn nor NumPy (a dictionary
lookup per word), so it is as fast as the transparent scorer. scikit-learn is imported only
by ``train``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

from marginote.annotations.claims import features as cues

FORMAT = "marginote-claims-ranker"
VERSION = 1
#: Regularisation of the logistic regression (smaller: flatter weights).
C = 0.01
#: Weights smaller than this are dropped from the saved model (they change no ranking).
PRUNE = 1e-4
#: Below this many labelled sentences of each class the ranker is not trained.
MIN_EACH = 3
#: The learnt score takes over from the transparent one as positives come in: with ``p``
#: positives it weighs ``p / (p + HALF_TRUST)``.
HALF_TRUST = 10.0


def tokens(sentence: str) -> list[str]:
    return [word.lower() for word in cues.WORD.findall(sentence)]


def sentence_features(sentence: str) -> dict[str, float]:
    """Everything the ranker sees of a sentence, by name."""
    present = cues.features(sentence)
    found = {f"cue:{name}": value for name, value in present.items()}
    found["cue:prior"] = cues.logit(present) / 4.0
    words = tokens(sentence)
    for word in words:
        found[f"w:{word}"] = 1.0
    for first, second in pairwise(words):
        found[f"b:{first} {second}"] = 1.0
    return found


@dataclass(frozen=True)
class Labelled:
    """A sentence and whether it is worth checking."""

    text: str
    label: int
    #: Where it came from (a file and line, a document), for messages.
    source: str = ""


class RankerError(Exception):
    """A model file that cannot be used, in words a user can act on."""


@dataclass
class Ranker:
    weights: dict[str, float] = field(default_factory=dict)
    intercept: float = 0.0
    positives: int = 0
    negatives: int = 0

    @property
    def trust(self) -> float:
        """How much the learnt score counts against the transparent one, in [0, 1)."""
        return self.positives / (self.positives + HALF_TRUST) if self.weights else 0.0

    def logit(self, sentence: str) -> float:
        weights = self.weights
        found = sentence_features(sentence)
        return self.intercept + sum(weights.get(name, 0.0) * value for name, value in found.items())

    def score(self, sentence: str) -> float:
        """The blend of the learnt and the transparent probability, in (0, 1)."""
        prior = cues.score(sentence)
        if not self.weights:
            return prior
        learnt = _sigmoid(self.logit(sentence))
        return self.trust * learnt + (1.0 - self.trust) * prior

    def reasons(self, sentence: str, limit: int = 4) -> list[tuple[str, float]]:
        """What weighs most in the learnt score, as (words, contribution), strongest first."""
        if not self.weights:
            return cues.reasons(sentence, limit)
        found = sentence_features(sentence)
        weighed = [
            (_words_for(name), self.weights.get(name, 0.0) * value) for name, value in found.items()
        ]
        weighed = [pair for pair in weighed if pair[1]]
        weighed.sort(key=lambda pair: -abs(pair[1]))
        return weighed[:limit]

    # -- saving -----------------------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "intercept": self.intercept,
            "positives": self.positives,
            "negatives": self.negatives,
            "weights": self.weights,
        }

    @classmethod
    def from_json(cls, data: Any) -> Ranker:
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise RankerError("not a marginote claims model")
        if data.get("version") != VERSION:
            raise RankerError(f"a claims model of another version ({data.get('version')!r})")
        try:
            weights = {str(k): float(v) for k, v in dict(data["weights"]).items()}
            return cls(
                weights, float(data["intercept"]), int(data["positives"]), int(data["negatives"])
            )
        except (KeyError, TypeError, ValueError) as error:
            raise RankerError(f"a damaged claims model ({error})") from None

    @classmethod
    def load(cls, path: Path) -> Ranker:
        try:
            return cls.from_json(json.loads(path.read_text(encoding="utf-8")))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError) as error:
            raise RankerError(f"cannot read the claims model {path}: {error}") from None


def _sigmoid(value: float) -> float:
    if value < -60:
        return 0.0
    return 1.0 / (1.0 + math.exp(-value))


def _words_for(name: str) -> str:
    kind, _, rest = name.partition(":")
    if kind == "cue":
        return "the cues together" if rest == "prior" else cues.describe(rest)
    return f"“{rest}”"


def train(examples: Sequence[Labelled]) -> Ranker:
    """A ranker fitted to ``examples``; an empty one (the transparent scorer) when there are
    fewer than ``MIN_EACH`` of either class."""
    positives = sum(1 for e in examples if e.label)
    negatives = len(examples) - positives
    if positives < MIN_EACH or negatives < MIN_EACH:
        return Ranker(positives=positives, negatives=negatives)
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    # The features as a sparse matrix, a column per name (what DictVectorizer does, in a
    # third of the time: no type checks per value). 32-bit indices, as liblinear wants.
    columns: dict[str, int] = {}
    indices: list[int] = []
    values: list[float] = []
    rows = [0]
    for example in examples:
        for name, value in sentence_features(example.text).items():
            indices.append(columns.setdefault(name, len(columns)))
            values.append(value)
        rows.append(len(indices))
    matrix = csr_matrix(
        (
            np.asarray(values, dtype=np.float64),
            np.asarray(indices, dtype=np.int32),
            np.asarray(rows, dtype=np.int32),
        ),
        shape=(len(examples), len(columns)),
    )
    model = LogisticRegression(
        C=C, class_weight="balanced", solver="liblinear", dual=True, max_iter=200
    )
    model.fit(matrix, [1 if e.label else 0 for e in examples])
    weights = {
        name: round(float(weight), 5)
        for name, weight in zip(columns, model.coef_[0], strict=True)
        if abs(weight) >= PRUNE
    }
    return Ranker(weights, float(model.intercept_[0]), positives, negatives)
