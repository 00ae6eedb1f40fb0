"""Exporting: the documents under some paths, with their stored annotations (filtered by label)
and, when they are cached, their recognised entities."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from marginote.annotations.documents import DocumentError, load_document
from marginote.annotations.entities import cached_entities
from marginote.annotations.exchange import Exported, shown_path
from marginote.annotations.library import SameTexts, find_documents
from marginote.annotations.store import AnnotationStore


def gather(
    paths: Iterable[Path],
    store: AnnotationStore,
    cache_root: Path,
    labels: Iterable[str] = (),
    *,
    with_empty: bool = False,
    with_orphans: bool = False,
    paths_as: str = "relative",
    user: str | None = None,
    statuses: dict[str, str] | None = None,
    done_only: bool = False,
    negatives: bool = False,
) -> tuple[list[Exported], list[str]]:
    """(what to export, documents skipped and why). Documents without annotations are left out
    unless ``with_empty``; orphans (annotations whose text is gone) and entity corrections unless
    ``with_orphans`` (the lossless native format): other formats need a place in the text and
    carry the user's tags, not the recogniser's. Each document's path is written as
    ``paths_as`` says (see ``shown_path``: relative to the folder given, by default), and the
    user's own annotations name ``user`` (by default ``[user] name`` of the config) as their
    author.

    With ``done_only``, only documents whose status (``statuses``, by default from the store's
    data folder) is done; with ``negatives``, done documents without annotations too.

    A text found under two file names is written once (the store keeps its annotations once);
    each copy left out is named in the skipped list."""
    paths = list(paths)
    if user is None:
        from marginote.annotations.config import load_config

        folders = [p if p.is_dir() else p.parent for p in paths]
        user = str(load_config(folders).section("user").get("name") or "")
    if statuses is None:
        from marginote.annotations.status import StatusBook

        statuses = StatusBook(store.root).all()
    wanted = set(labels)
    items: list[Exported] = []
    skipped: list[str] = []
    texts = SameTexts()
    for path in find_documents(paths):
        try:
            document = load_document(path)
        except DocumentError as error:
            skipped.append(f"{path}: {error.reason}")
            continue
        stored = store.annotations(document.sha256)
        annotations = [
            a
            for a in stored
            if (not wanted or a.label in wanted)
            and (with_orphans or not a.is_orphan)
            and (with_orphans or not a.is_entity_correction)
        ]
        status = statuses.get(document.sha256, "new")
        if done_only and status != "done":
            continue
        if not annotations and not (with_empty or (negatives and status == "done")):
            continue
        if not texts.first_time(document.sha256, path):
            continue
        cached = cached_entities(cache_root, document.sha256)
        items.append(
            Exported(
                document,
                annotations,
                entities=list(cached[0]) if cached else [],
                recognizer=cached[1] if cached else "",
                path=shown_path(document.path, paths_as, paths),
                user=user,
                corrections=[a for a in stored if a.is_entity_correction and not a.is_orphan],
            )
        )
    return items, [*skipped, *texts.notes("written once")]
