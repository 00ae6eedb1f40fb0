"""Who said it: the claimant of a sentence, from the sentence and its neighbours.

In order:

1. a transcript's speaker label (``PESKOV:`` at the start of a line) before the sentence;
2. the subject of a verb of saying in the sentence ("Peskov told reporters", "X said",
   "the State Police announced"), a pronoun ("he said") resolved to the last named speaker
   when it tags a quotation, else to the person the previous sentence was about;
3. "according to X" in the sentence;
4. the same in the next sentence when it ends the quotation the sentence is in
   ("... impossible. Many ideas deserve attention," he said), or in the previous sentence when
   it introduces this one with a colon.

A surname is expanded to the full name met earlier ("Peskov" -> "Dmitry Peskov").

``attribute`` is a pure function of the text: it can run in a worker process (it loads spaCy's
parser there, once). spaCy is imported only when it first runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from marginote.annotations.entities import SPACY_MODELS, clean_span

#: Verbs of saying, as written (no lemmatiser needed).
SPEECH = frozenset(
    [
        "say",
        "says",
        "said",
        "saying",
        "tell",
        "tells",
        "told",
        "telling",
        "claim",
        "claims",
        "claimed",
        "state",
        "states",
        "stated",
        "add",
        "adds",
        "added",
        "note",
        "notes",
        "noted",
        "argue",
        "argues",
        "argued",
        "insist",
        "insists",
        "insisted",
        "recall",
        "recalls",
        "recalled",
        "underscore",
        "underscores",
        "underscored",
        "stress",
        "stresses",
        "stressed",
        "announce",
        "announces",
        "announced",
        "explain",
        "explains",
        "explained",
        "write",
        "writes",
        "wrote",
        "report",
        "reports",
        "reported",
        "warn",
        "warns",
        "warned",
        "deny",
        "denies",
        "denied",
        "admit",
        "admits",
        "admitted",
        "suggest",
        "suggests",
        "suggested",
        "declare",
        "declares",
        "declared",
        "assert",
        "asserts",
        "asserted",
        "tweet",
        "tweets",
        "tweeted",
        "posted",
        "confirm",
        "confirms",
        "confirmed",
        "reply",
        "replies",
        "replied",
        "respond",
        "responds",
        "responded",
        "answered",
        "asked",
        "pointed",
    ]
)
PRONOUNS = frozenset({"he", "she", "they"})
NAMED = frozenset({"PERSON", "ORG", "NORP", "GPE"})
#: How far back the text is read for earlier speakers (characters).
CONTEXT = 4000
#: How far ahead, for the sentence that closes a quotation.
AHEAD = 600
_LABEL = re.compile(r"^[ \t]*([A-Z][A-Z.'’ -]{0,38}[A-Z])[ \t]*:", re.MULTILINE)
_NOT_SPEAKERS = frozenset({"NOTE", "UPDATE", "EDITOR'S NOTE", "SOURCE", "PS", "URL", "HTTP"})
_QUOTES = '"“”«»'


@dataclass(frozen=True)
class Attribution:
    """The claimant and how it was found ("speaker label", "said", "according to", "he said")."""

    name: str
    how: str


def speaker_label(text: str, start: int) -> Attribution | None:
    """The transcript speaker whose turn holds ``start`` (the last ``NAME:`` line before it)."""
    line_end = text.find("\n", start)
    window = text[max(0, start - 20 * CONTEXT) : start if line_end == -1 else line_end]
    last = None
    for m in _LABEL.finditer(window):
        if m.group(1) not in _NOT_SPEAKERS and max(0, start - 20 * CONTEXT) + m.start() <= start:
            last = m.group(1)
    return Attribution(last.title(), "speaker label") if last else None


_nlp: Any = None


def load_parser() -> Any:
    """spaCy's English pipeline with its parser (loaded once per process)."""
    global _nlp
    if _nlp is None:
        import spacy

        errors = []
        for model in SPACY_MODELS:
            try:
                _nlp = spacy.load(model, exclude=["lemmatizer"])
                break
            except Exception as error:  # a missing or broken model: try the next
                errors.append(f"{model}: {error}")
        else:
            raise RuntimeError("no spaCy English model: " + "; ".join(errors))
    return _nlp


class _State:
    """What the text said before the sentence: full names, the last speaker and subject."""

    def __init__(self) -> None:
        self.people: list[str] = []
        self.speaker: str | None = None
        self.subject: str | None = None

    def full(self, name: str) -> str:
        if " " not in name:
            for person in reversed(self.people):
                if person.split()[-1] == name and person != name:
                    return person
        return name


def _entity_name(token: Any) -> str | None:
    for ent in token.doc.ents:
        if ent.start <= token.i < ent.end and ent.label_ in NAMED:
            span = clean_span(ent.doc.text, ent.start_char, ent.end_char)
            name = ent.doc.text[span[0] : span[1]] if span else ""
            return re.sub(r"^(?:the|The)\s+", "", name) or None
    return None


def _name_of(token: Any) -> str | None:
    """The name a subject token stands for: its entity, else its capitalised noun phrase."""
    if name := _entity_name(token):
        return name
    parts = [c for c in token.lefts if c.dep_ in ("compound", "flat", "amod")] + [token]
    phrase = " ".join(t.text for t in parts)
    return phrase if any(t.text[:1].isupper() for t in parts) and token.pos_ != "PRON" else None


def _quoted(sentence: Any) -> bool:
    return any(ch in sentence.text for ch in _QUOTES)


def _found(sentence: Any, state: _State) -> Attribution | None:
    """The speaker the sentence names, if it names one."""
    for token in sentence:
        if token.lower_ not in SPEECH or token.pos_ not in ("VERB", "AUX"):
            continue
        for child in token.children:
            if child.dep_ not in ("nsubj", "nsubjpass"):
                continue
            if child.lower_ in PRONOUNS:
                name = (
                    state.speaker or state.subject
                    if _quoted(sentence)
                    else state.subject or state.speaker
                )
                if name:
                    return Attribution(name, "he said")
            elif name := _name_of(child):
                return Attribution(state.full(name), "said")
    for token in sentence:
        if token.lower_ == "according" and token.i + 1 < len(token.doc):
            to = token.doc[token.i + 1]
            for child in to.children:
                if child.dep_ == "pobj" and (name := _name_of(child)):
                    return Attribution(state.full(name), "according to")
    return None


def _remember(sentence: Any, state: _State) -> None:
    mentioned = []
    for token in sentence:
        if token.ent_type_ == "PERSON" and token.ent_iob_ == "B":
            ent = next(e for e in token.doc.ents if e.start == token.i)
            if span := clean_span(ent.doc.text, ent.start_char, ent.end_char):
                mentioned.append(state.full(ent.doc.text[span[0] : span[1]]))
        elif token.pos_ == "PROPN" and not token.ent_type_:
            # A surname the recogniser missed this time ("Peskov’s words").
            known = state.full(token.text)
            if known != token.text:
                mentioned.append(known)
    state.people.extend(mentioned)
    found = _found(sentence, state)
    if found:
        state.speaker = found.name
    state.subject = mentioned[-1] if mentioned else None
    subject = next((t for t in sentence if t.dep_ == "nsubj" and t.head.dep_ == "ROOT"), None)
    if subject is not None and subject.lower_ not in PRONOUNS:
        # A person's name (the recogniser misses some: a proper noun without a type counts).
        person = subject.ent_type_ == "PERSON" or (
            subject.pos_ == "PROPN" and not subject.ent_type_
        )
        name = _name_of(subject) if person else None
        state.subject = state.full(name) if name else state.subject


def attribute(
    text: str, span: tuple[int, int], nlp: Any = None, context: int = CONTEXT
) -> Attribution | None:
    """Who the text says said ``text[span[0]:span[1]]``, or None when it does not say.

    ``nlp``: a spaCy pipeline with a parser and NER (default: loaded once per process)."""
    start, end = span
    if label := speaker_label(text, start):
        return label
    if nlp is None:
        nlp = load_parser()
    begin = max(0, start - context)
    if begin:
        begin = text.find("\n", begin, start) + 1 or begin  # from a line's start
    stop = text.find("\n\n", end, end + AHEAD)
    stop = min(len(text), end + AHEAD) if stop == -1 else stop
    doc = nlp(text[begin:stop])
    target = doc.char_span(start - begin, end - begin, alignment_mode="expand")
    if target is None:
        return None
    state = _State()
    before = after = None
    for sentence in doc.sents:
        if sentence.start < target.start:
            # The part before the target (spaCy may run our sentence on from the one before).
            before = doc[sentence.start : min(sentence.end, target.start)]
            _remember(before, state)
        elif sentence.start >= target.end and after is None:
            after = sentence
    if found := _found(target, state):
        return found
    if after is not None and _quoted(after) and (found := _found(after, state)):
        return found
    if before is not None and before.text.rstrip().endswith(":"):
        return _found(before, state)
    return None
