"""The records marginote keeps: annotations and the labels they carry."""

from __future__ import annotations

import getpass
import os
import uuid
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

#: Version of the annotation record layout; every stored record carries it.
SCHEMA_VERSION = 1

#: The default verdict scale for claims (schema.org ClaimReview ratings, worst last).
VERDICTS: tuple[str, ...] = (
    "true",
    "mostly true",
    "mixed",
    "mostly false",
    "false",
    "unverifiable",
)


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
    try:
        return os.environ.get("MARGINOTE_AUTHOR") or getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


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
    schema: int = SCHEMA_VERSION

    @property
    def verdict(self) -> str:
        return str(self.attrs.get("verdict") or "")

    def edited(self, **changes: Any) -> Annotation:
        return replace(self, modified=now_iso(), **changes)

    def to_record(self) -> dict[str, Any]:
        record = asdict(self)
        record["tags"] = list(self.tags)
        return record

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Annotation:
        known = {name for name in cls.__dataclass_fields__}
        values = {key: value for key, value in record.items() if key in known}
        values["tags"] = tuple(values.get("tags") or ())
        values["attrs"] = dict(values.get("attrs") or {})
        return cls(**values)
