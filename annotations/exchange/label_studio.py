"""Label Studio JSON: a list of tasks, one per document, for a labelling config with a ``Text``
named ``text``, ``Labels`` named ``label`` (the user's spans) and ``entity`` (the recogniser's),
and per region a ``TextArea`` named ``note``, ``claimant`` and ``evidence`` (one web address a
line) and ``Choices`` named ``verdict`` and ``check_worthiness``. Entities (as the user corrected
them) go in ``predictions`` when they were recognised; the user's annotations in ``annotations``.

The matching labelling config is written beside the tasks (``NAME.config.xml``), for the label
scheme and verdict scale in force: paste it into the project's Labeling Interface.

Authors: Label Studio keeps one annotation per annotator of a task, its owner in
``completed_by`` (a user id, or in exports that expand it ``{"id", "email", "first_name",
"last_name"}``). marginote writes one annotation per author, ``completed_by`` as such an object
naming the author in ``first_name``; reading takes the owner's first and last name, else their
email, else "label-studio user <id>" (so that agreement tells annotators apart), else the
importer's name.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import Any

from marginote.annotations.documents import normalise_newlines
from marginote.annotations.exchange import (
    Exported,
    FormatError,
    Incoming,
    WriteOptions,
    by_author,
    document_meta,
    file_author,
    plural,
    span_annotation,
    unreadable,
)
from marginote.annotations.exchange.guards import parse_json
from marginote.annotations.labels import load_settings
from marginote.annotations.model import Annotation
from marginote.annotations.sanitise import json_text


def _region(ident: str, name: str, text: str, start: int, end: int, label: str) -> dict[str, Any]:
    return {
        "id": ident,
        "from_name": name,
        "to_name": "text",
        "type": "labels",
        "value": {"start": start, "end": end, "text": text[start:end], "labels": [label]},
    }


def _per_region(ident: str, name: str, kind: str, value: dict[str, Any]) -> dict[str, Any]:
    return {"id": ident, "from_name": name, "to_name": "text", "type": kind, "value": value}


def _fields(ident: str, a: Annotation) -> list[dict[str, Any]]:
    """The per-region results of an annotation's note and claim fields."""
    found = []
    evidence = a.attrs.get("evidence") or []
    texts = {
        "note": [a.note] if a.note else [],
        "claimant": [str(a.attrs["claimant"])] if a.attrs.get("claimant") else [],
        "evidence": [str(url) for url in evidence] if isinstance(evidence, list) else [],
    }
    for name, value in texts.items():
        if value:
            found.append(_per_region(ident, name, "textarea", {"text": value}))
    choices = {"verdict": a.verdict, "check_worthiness": str(a.attrs.get("check_worthiness") or "")}
    for name, chosen in choices.items():
        if chosen:
            found.append(_per_region(ident, name, "choices", {"choices": [chosen]}))
    return found


def _annotation(text: str, author: str | None, annotations: list[Annotation]) -> dict[str, Any]:
    """One author's annotation of a task: their regions, and them as its owner."""
    result = []
    for a in annotations:
        ident = a.id[:10]
        result.append(_region(ident, "label", text, a.start, a.end, a.label))
        result += _fields(ident, a)
    found: dict[str, Any] = {"result": result}
    if author:
        found["completed_by"] = {"first_name": author, "last_name": "", "email": ""}
    return found


def task(number: int, item: Exported) -> dict[str, Any]:
    doc = item.document
    text = doc.text
    found: dict[str, Any] = {
        "id": number,
        "data": {"text": text, **document_meta(item)},
        "annotations": [_annotation(text, *group) for group in by_author(item)],
    }
    if (
        item.recognizer
    ):  # entities were recognised (else none are predicted, and the export says so)
        predictions = [
            _region(f"e{i}", "entity", text, start, end, label)
            for i, (start, end, label) in enumerate(item.corrected_entities())
        ]
        found["predictions"] = [{"model_version": item.recognizer, "result": predictions}]
    return found


def labelling_config(
    labels: Sequence[str], entities: Sequence[str], verdicts: Sequence[str]
) -> str:
    """The Label Studio labelling config the tasks are written for."""

    def options(tag: str, values: Sequence[str]) -> str:
        return "".join(
            f'\n    <{tag} value="{escape(v, quote=True)}"/>' for v in dict.fromkeys(values)
        )

    return (
        "<View>\n"
        f'  <Labels name="label" toName="text">{options("Label", labels)}\n  </Labels>\n'
        f'  <Labels name="entity" toName="text">{options("Label", entities)}\n  </Labels>\n'
        '  <Text name="text" value="$text"/>\n'
        '  <TextArea name="note" toName="text" perRegion="true"/>\n'
        '  <TextArea name="claimant" toName="text" perRegion="true"/>\n'
        '  <TextArea name="evidence" toName="text" perRegion="true"/>\n'
        f'  <Choices name="verdict" toName="text" perRegion="true">{options("Choice", verdicts)}'
        "\n  </Choices>\n"
        '  <Choices name="check_worthiness" toName="text" perRegion="true">'
        f"{options('Choice', list('12345'))}\n  </Choices>\n"
        "</View>\n"
    )


def config_path(out: Path) -> Path:
    return out.with_name(f"{out.stem}.config.xml")


def write(items: Sequence[Exported], out: Path, options: WriteOptions | None = None) -> list[Path]:
    tasks = [task(number, item) for number, item in enumerate(items, 1)]
    out.write_text(json_text(tasks, indent=1), encoding="utf-8")
    unrecognised = sum(1 for item in items if not item.recognizer)
    if unrecognised and options is not None:
        options.notes.append(
            f"entities were not recognised in {plural(unrecognised, 'document')} (open them in "
            "marginote first): no predictions for them"
        )
    settings = load_settings({item.document.path.parent for item in items})
    labels = [label.name for label in settings.labels.labels]
    labels += [a.label for item in items for a in item.annotations]
    entities = sorted({t[2] for item in items for t in item.corrected_entities()})
    config = labelling_config(labels, entities, settings.verdicts.values)
    config_path(out).write_text(config, encoding="utf-8")
    return [out, config_path(out)]


_ATTRS = ("verdict", "claimant", "check_worthiness", "evidence")


def owner(annotation: dict[str, Any]) -> str | None:
    """Who made a Label Studio annotation (see the module's note), or None."""
    by = annotation.get("completed_by")
    if isinstance(by, dict):
        names = [by.get("first_name"), by.get("last_name")]
        full = " ".join(n for n in names if isinstance(n, str) and n.strip())
        by = file_author(full) or file_author(by.get("email")) or by.get("id")
    if isinstance(by, int) and not isinstance(by, bool):
        return f"label-studio user {by}"
    return file_author(by)


def _regions(results: list[Any], prefix: str) -> dict[str, dict[str, Any]]:
    """The regions of one annotation's results, by id: span, label, note and verdict."""
    regions: dict[str, dict[str, Any]] = {}
    for result in results:
        if not isinstance(result, dict):
            continue
        found = result.get("value")
        value: dict[str, Any] = found if isinstance(found, dict) else {}
        region = regions.setdefault(f"{prefix}{result.get('id', len(regions))}", {})
        if result.get("type") == "labels":
            region.update(
                start=value.get("start"),
                end=value.get("end"),
                label=(value.get("labels") or ["claim"])[0],
            )
        elif result.get("type") == "textarea":
            texts = [str(t) for t in value.get("text") or []]
            name = str(result.get("from_name", "note"))
            if name == "evidence":
                region["evidence"] = [url for t in texts for url in t.split()]
            else:
                region["claimant" if name == "claimant" else "note"] = "\n".join(texts)
        elif result.get("type") == "choices":
            chosen = str((value.get("choices") or [""])[0])
            if result.get("from_name") == "check_worthiness":
                region["check_worthiness"] = int(chosen) if chosen.isdigit() else chosen
            else:
                region["verdict"] = chosen
    return regions


def read(path: Path) -> list[Incoming]:
    """Label Studio tasks. An annotation marked ``was_cancelled`` (skipped in Label Studio) is
    counted, not imported; a task that cannot be read is left out with its number and why."""
    try:  # bytes that are not UTF-8 are named by line in guards
        tasks = parse_json(path.read_text(encoding="utf-8-sig"))
    except OSError as error:
        raise FormatError(f"cannot be read: {error.strerror or error}") from None
    if isinstance(tasks, dict):
        tasks = [tasks]
    if not isinstance(tasks, list):
        raise FormatError("not a list of Label Studio tasks")
    found = []
    for number, item in enumerate(tasks, 1):
        where = f"{path}: task {number}"
        data = item.get("data") if isinstance(item, dict) else None
        if not isinstance(data, dict) or not isinstance(data.get("text"), str):
            found.append(unreadable(where, "no data.text"))
            continue
        text = normalise_newlines(data["text"])
        regions: dict[str, dict[str, Any]] = {}
        kept = 0
        for index, annotation in enumerate(item.get("annotations") or []):
            if not isinstance(annotation, dict):
                continue
            if annotation.get("was_cancelled"):
                found.append(Incoming([], text=text, where=where, decision="cancelled"))
                continue
            kept += 1
            found_regions = _regions(annotation.get("result") or [], f"{index}:")
            author = owner(annotation)
            for region in found_regions.values():
                region["author"] = author
            regions.update(found_regions)
        if not kept and item.get("annotations"):
            continue  # every annotation of it was cancelled: nothing to say about the text
        incoming = Incoming([], text=text, doc=data.get("doc"), path=data.get("path"), where=where)
        for ident, region in regions.items():
            if region.get("start") is None:
                continue
            try:
                attrs = {k: region[k] for k in _ATTRS if region.get(k)}
                incoming.annotations.append(
                    span_annotation(
                        text,
                        int(region["start"]),
                        int(region["end"]),
                        str(region["label"]),
                        note=region.get("note", ""),
                        attrs=attrs,
                        author=region.get("author"),
                    )
                )
            except (TypeError, ValueError, FormatError) as error:
                shown = ident.partition(":")[2]
                incoming.left_out.append(f"{where}, region {shown!r} left out: {error}")
        found.append(incoming)
    return found
