"""The annotation store (see ``core`` for what it promises and how)."""

from marginote.annotations.store.core import AnnotationStore, Summary
from marginote.annotations.store.files import HISTORY, TABLE, TABLES, DocumentFiles, StoreError
from marginote.annotations.store.history import HISTORY_LIMIT, Change, Step
from marginote.annotations.store.index import Progress
from marginote.annotations.store.reanchoring import OpenedDocument, reanchored

__all__ = [
    "HISTORY",
    "HISTORY_LIMIT",
    "TABLE",
    "TABLES",
    "AnnotationStore",
    "Change",
    "DocumentFiles",
    "OpenedDocument",
    "Progress",
    "Step",
    "StoreError",
    "Summary",
    "reanchored",
]
