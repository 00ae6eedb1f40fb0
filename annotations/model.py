"""The records marginote keeps: annotations and the labels they carry."""

from __future__ import annotations

import uuid
from copy import deepcopy
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from marginote.annotations.anchoring import select

#: Version of the annotation record layout; every stored record carries it.
#: 1: the first layout.  2: adds ``placement`` ("exact", "fuzzy" or "orphan").
SCHEMA_VERSION = 2

#: The default verdict scale for claims (schema.org ClaimReview ratings, worst last).
VERDICTS: tuple[str, ...] = (
    "true",
    "mostly true",
    "mixed",
    "mostly false",
    "false",
    "unverifiable",
)


#: The label of the records that correct the recogniser: ``attrs["correction"]`` says how
#: ("accept", "reject", "relabel" or "add"), ``attrs["entity_label"]`` the type shown (none when
#: rejected) and ``attrs["model_label"]`` what the recogniser said.
ENTITY_CORRECTION = "entity"


@dataclass(frozen=True)
class Label:
    name: str
    key: str
    colour: str


@dataclass(frozen=True)
class LabelSet:
    labels: tuple[Label, ...]

    def by_key(self, key: str) -> Label | None:
        return next((label for label in self.labels if label.key == key), None)

    def by_name(self, name: str) -> Label | None:
        return next((label for label in self.labels if label.name == name), None)


DEFAULT_LABELS = LabelSet(
    (
        Label("claim", "1", "#b8860b"),
        Label("evidence", "2", "#2e8b57"),
        Label("quote", "3", "#4169e1"),
        Label("opinion", "4", "#9932cc"),
        Label("needs-source", "5", "#b22222"),
    )
)


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def default_author() -> str:
    """``$MARGINOTE_AUTHOR``, else the config's ``[user] name``, else the login name."""
    from marginote.annotations.sync.identity import author_name

    return author_name()


@dataclass(frozen=True)
class Annotation:
    """A tagged span of a document. ``start``/``end`` are code-point offsets, end exclusive."""

    doc: str
    path: str
    start: int
    end: int
    label: str
    quote: str
    prefix: str = ""
    suffix: str = ""
    note: str = ""
    tags: tuple[str, ...] = ()
    attrs: dict[str, Any] = field(default_factory=dict)
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    created: str = field(default_factory=now_iso)
    modified: str = field(default_factory=now_iso)
    author: str = field(default_factory=default_author)
    #: "exact", or after the text changed: "fuzzy" (placed approximately, to confirm) or "orphan".
    placement: str = "exact"
    schema: int = SCHEMA_VERSION
    #: Fields this version does not know (from a newer marginote), kept so a save loses nothing.
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of_span(
        cls, text: str, start: int, end: int, label: str, *, doc: str, path: str, **fields: Any
    ) -> Annotation:
        """A new annotation of ``text[start:end]``, its quote and context taken from the text
        (what anchoring needs to place it again if the text changes)."""
        selector = select(text, start, end)
        return cls(
            doc=doc,
            path=path,
            start=start,
            end=end,
            label=label,
            quote=selector.quote,
            prefix=selector.prefix,
            suffix=selector.suffix,
            **fields,
        )

    @property
    def verdict(self) -> str:
        return str(self.attrs.get("verdict") or "")

    def edited(self, **changes: Any) -> Annotation:
        return replace(self, modified=now_iso(), **changes)

    @property
    def is_orphan(self) -> bool:
        return self.placement == "orphan"

    @property
    def is_entity_correction(self) -> bool:
        """A user's correction of the recogniser (kept apart from claims and tags)."""
        return self.label == ENTITY_CORRECTION

    @property
    def entity_label(self) -> str | None:
        """For an entity correction: the type the user gives the span, None when rejected."""
        value = self.attrs.get("entity_label")
        return str(value) if value else None

    def to_record(self) -> dict[str, Any]:
        """The stored form: every field (a copy, shared with nothing), unknown ones kept."""
        record = {name: getattr(self, name) for name in _RECORD_FIELDS}
        record["tags"] = list(self.tags)
        record["attrs"] = deepcopy(self.attrs) if self.attrs else {}
        return {**deepcopy(self.extra), **record} if self.extra else record

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Annotation:
        """An Annotation from a stored record of any schema version (older ones are migrated)."""
        record = migrate(record)
        known = _KNOWN  # store2 (issue 19): not built again for each of 10,000 records
        values = {key: value for key, value in record.items() if key in known}
        values["tags"] = tuple(values.get("tags") or ())
        values["attrs"] = dict(values.get("attrs") or {})
        extra = {key: value for key, value in record.items() if key not in known}
        return cls(**values, extra=extra)


_RECORD_FIELDS = tuple(name for name in Annotation.__dataclass_fields__ if name != "extra")
_KNOWN = frozenset(_RECORD_FIELDS)


class RecordError(ValueError):
    """A stored record that is not an annotation (missing or mistyped fields)."""


_REQUIRED = {"id": str, "doc": str, "start": int, "end": int, "label": str, "quote": str}


def _from_1(record: dict[str, Any]) -> dict[str, Any]:
    return {**record, "placement": "exact", "schema": 2}


#: MIGRATIONS[n] turns a record of schema n into one of schema n + 1.
MIGRATIONS = {1: _from_1}


def check_record(record: Any) -> None:
    """Raise RecordError unless ``record`` has the fields every annotation record has."""
    if not isinstance(record, dict):
        raise RecordError("a record is not an object")
    for key, kind in _REQUIRED.items():
        if not isinstance(record.get(key), kind) or isinstance(record.get(key), bool):
            raise RecordError(f"field {key!r} is missing or not a {kind.__name__}")
    version = record.get("schema", 1)
    if not isinstance(version, int) or version < 1:
        raise RecordError(f"unknown schema version {version!r}")


def migrate(record: dict[str, Any]) -> dict[str, Any]:
    """Bring a record up to ``SCHEMA_VERSION``; raise RecordError if it is not one of ours."""
    check_record(record)
    version = record.get("schema", 1)
    while version < SCHEMA_VERSION:
        record = MIGRATIONS[version](record)
        version = record["schema"]
    return record
