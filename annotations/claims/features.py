"""The transparent check-worthiness scorer: cues a fact-checker would name, with fixed weights.

Each cue is a regular expression or a count over the sentence (no model, no training data):
numbers and quantities, comparisons and superlatives, names, attribution verbs, past tense,
absolutes, hedges, opinions, promises and questions. ``features`` gives the cues found,
``score`` a probability-like number in (0, 1), and ``reasons`` the cues that weighed most, in
words, so the suggestions panel can say why a sentence is suggested.

The weights are set by hand from what fact-checkers look for (ClaimBuster's and Full Fact's
published cues); they are not fitted to any data set.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Cue:
    name: str
    #: What the panel shows when the cue is present.
    says: str
    weight: float
    #: Words and phrases (lower case) that count, and/or a pattern whose matches count.
    terms: frozenset[str] | re.Pattern[str] = frozenset()
    #: The count is capped here (two numbers count more than one, ten do not count more than 3).
    cap: float = 1.0
    pattern: re.Pattern[str] | None = None


_OPTIONAL = re.compile(r"\(\?:([^)]*)\)(\?)?|\[(\w+)\]\?|(\w)\?")


def _expand(item: str) -> list[str]:
    """The spellings of a word written with optional parts: ``tax(?:es)?``, ``votes?``."""
    m = _OPTIONAL.search(item)
    if not m:
        return [item]
    before, after = item[: m.start()], item[m.end() :]
    if m.group(1) is not None:
        options = m.group(1).split("|") + ([""] if m.group(2) else [])
    elif m.group(3) is not None:
        options = [*m.group(3), ""]
    else:
        options = [m.group(4), ""]
    return [word for option in options for word in _expand(before + option + after)]


def _words(*items: str) -> frozenset[str]:
    return frozenset(word.lower() for item in items for word in _expand(item))


CUES: tuple[Cue, ...] = (
    Cue("number", "a number", 0.9, re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?(?!\w)"), 2),
    Cue(
        "quantity",
        "a quantity",
        0.8,
        _words(
            "hundreds?",
            "thousands?",
            "millions?",
            "billions?",
            "trillions?",
            "dollars?",
            "euros?",
            "pounds",
            "half",
            "twice",
            "double[ds]?",
            "tripled?",
            "quadrupled?",
            "a third",
            "a quarter",
            "majority",
            "minority",
        ),
        2,
        re.compile(r"%|\bper ?cent\b|[$€£¥]\s?\d", re.IGNORECASE),
    ),
    Cue("year", "a year", 0.4, re.compile(r"\b(?:1[89]\d\d|20\d\d)s?\b")),
    Cue(
        "comparison",
        "a comparison",
        0.7,
        _words(
            "more than",
            "less than",
            "fewer than",
            "greater than",
            "higher than",
            "lower than",
            "as many as",
            "as much as",
            "compared (?:with|to)",
            "since",
            "than",
            "increased?",
            "increasing",
            "decreased?",
            "decreasing",
            "rose",
            "risen",
            "fell",
            "fallen",
            "dropped",
            "grew",
            "grown",
            "doubled",
            "cut",
            "raised",
            "lost",
            "gained",
            "up",
            "down",
        ),
        2,
    ),
    Cue(
        "superlative",
        "a superlative",
        0.7,
        _words(
            "most",
            "least",
            "largest",
            "biggest",
            "highest",
            "lowest",
            "best",
            "worst",
            "first",
            "last",
            "only",
            "record",
            "greatest",
            "fastest",
            "smallest",
            "historic",
            "ever",
        ),
    ),
    Cue(
        "absolute",
        "an absolute",
        0.4,
        _words("never", "always", "every", "nobody", "no one", "none", "all", "entire"),
    ),
    Cue(
        "record_verb",
        "a verifiable act",
        0.6,
        _words(
            "voted",
            "votes?",
            "passed",
            "signed",
            "approved",
            "banned",
            "funded",
            "spent",
            "paid",
            "killed",
            "died",
            "created",
            "built",
            "supported",
            "opposed",
            "invaded",
            "annexed",
            "elected",
            "won",
            "law",
            "bill",
            "deal",
            "treaty",
            "tax(?:es)?",
            "jobs?",
            "unemployment",
            "deficit",
            "debt",
            "budget",
            "wages?",
            "economy",
            "crime",
            "deaths?",
        ),
        2,
    ),
    Cue(
        "attribution",
        "an attribution",
        0.3,
        _words(
            "said",
            "says",
            "told",
            "stated",
            "claimed",
            "claims",
            "announced",
            "reported",
            "according to",
            "confirmed",
            "denied",
            "admitted",
        ),
    ),
    Cue(
        "past",
        "past tense",
        0.3,
        _words("was", "were", "had", "did", "has been", "have been"),
        2,
        re.compile(r"\b\w{3,}ed\b", re.IGNORECASE),
    ),
    Cue("name", "a name", 0.35, re.compile(r"(?<=[\w,;:] )[A-Z][a-z]+|\b[A-Z]{2,}\b"), 3),
    Cue(
        "hedge",
        "a hedge",
        -0.6,
        _words(
            "maybe",
            "perhaps",
            "might",
            "may",
            "could",
            "possibly",
            "probably",
            "seems?",
            "I think",
            "I believe",
            "I guess",
            "I hope",
            "I feel",
            "we hope",
        ),
    ),
    Cue(
        "opinion",
        "an opinion or a call",
        -0.7,
        _words(
            "should",
            "must",
            "need to",
            "ought",
            "great",
            "wonderful",
            "terrible",
            "beautiful",
            "amazing",
            "disgrace(?:ful)?",
            "love",
            "hate",
            "believe",
            "let's",
            "let me",
            "let us",
            "please",
            "thank you",
            "thanks",
        ),
    ),
    Cue(
        "promise",
        "a promise",
        -0.6,
        _words("will", "won't", "going to", "gonna", "I'll", "we'll", "I'm going", "we're going"),
    ),
    Cue("question", "a question", -1.2, re.compile(r"\?[\"'”’)]*\s*$")),
)

_CUES = {cue.name: cue for cue in CUES}
WORD = re.compile(r"\w+")

#: Words in a sentence: too short to hold a claim below SHORT; the cue weight of length.
SHORT = 6
LENGTH_WEIGHT = 0.5
SHORT_WEIGHT = -1.5
BIAS = -2.5


#: Each word or phrase of the cues, and the cues it counts for.
_BY_TERM: dict[str, list[str]] = {}
for _cue in CUES:
    if isinstance(_cue.terms, frozenset):
        for _term in _cue.terms:
            _BY_TERM.setdefault(_term, []).append(_cue.name)
#: Words with an apostrophe kept whole ("won't", "let's").
_TOKEN = re.compile(r"\w+(?:'\w+)*")


def features(sentence: str) -> dict[str, float]:
    """The cues found in ``sentence``: the count of each (capped), and ``length``/``short``."""
    counts: dict[str, float] = {}
    for cue in CUES:
        for pattern in (cue.terms, cue.pattern):
            if isinstance(pattern, re.Pattern) and (n := len(pattern.findall(sentence))):
                counts[cue.name] = counts.get(cue.name, 0.0) + n
    tokens = _TOKEN.findall(sentence.lower().replace("’", "'"))
    by_term = _BY_TERM
    for size in (1, 2, 3):
        for i in range(len(tokens) - size + 1):
            term = tokens[i] if size == 1 else " ".join(tokens[i : i + size])
            for name in by_term.get(term, ()):
                counts[name] = counts.get(name, 0.0) + 1
    found = {name: min(value, _CUES[name].cap) for name, value in counts.items()}
    words = len(WORD.findall(sentence))
    # Longer sentences hold more claims; the effect flattens out (log) past a line or two.
    found["length"] = math.log1p(words) / math.log1p(40)
    if words < SHORT:
        found["short"] = 1.0
    return found


def _weight(name: str) -> float:
    if name == "length":
        return LENGTH_WEIGHT
    if name == "short":
        return SHORT_WEIGHT
    cue = _CUES.get(name)
    return cue.weight if cue else 0.0


def logit(found: dict[str, float]) -> float:
    return BIAS + sum(_weight(name) * value for name, value in found.items())


def score(sentence: str) -> float:
    """How check-worthy ``sentence`` looks, in (0, 1), from its cues alone."""
    return 1.0 / (1.0 + math.exp(-logit(features(sentence))))


def describe(name: str) -> str:
    """The words for a cue (or for a learnt feature, which is shown as it is)."""
    if name == "length":
        return "length"
    if name == "short":
        return "too short"
    cue = _CUES.get(name)
    return cue.says if cue else name


def reasons(sentence: str, limit: int = 4) -> list[tuple[str, float]]:
    """The cues that weigh most in the score, as (words, contribution), strongest first."""
    found = features(sentence)
    weighed = [(describe(name), _weight(name) * value) for name, value in found.items()]
    weighed.sort(key=lambda pair: -abs(pair[1]))
    return weighed[:limit]
