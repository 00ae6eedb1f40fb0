"""Label Studio JSON: a list of tasks, one per document, for a labelling config with a ``Text``
named ``text``, ``Labels`` named ``label`` (the user's spans) and ``entity`` (the recogniser's),
a ``TextArea`` named ``note`` and ``Choices`` named ``verdict`` per region. Entities go in
``predictions`` (a model's suggestions), the user's annotations in ``annotations``.

The matching labelling config::

    <View>
      <Labels name="label" toName="text">...</Labels>
      <Labels name="entity" toName="text">...</Labels>
      <Text name="text" value="$text"/>
      <TextArea name="note" toName="text" perRegion="true"/>
      <Choices name="verdict" toName="text" perRegion="true">...</Choices>
    </View>
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from marginote.annotations.documents import normalise_newlines
from marginote.annotations.exchange import (
    Exported,
    FormatError,
    Incoming,
    document_meta,
    span_annotation,
)
from marginote.annotations.exchange.guards import parse_json
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


def task(number: int, item: Exported) -> dict[str, Any]:
    doc = item.document
    text = doc.text
    result = []
    for a in item.annotations:
        ident = a.id[:10]
        result.append(_region(ident, "label", text, a.start, a.end, a.label))
        if a.note:
            result.append(_per_region(ident, "note", "textarea", {"text": [a.note]}))
        if a.verdict:
            result.append(_per_region(ident, "verdict", "choices", {"choices": [a.verdict]}))
    predictions = [
        _region(f"e{i}", "entity", text, e.start, e.end, e.label)
        for i, e in enumerate(item.entities)
    ]
    return {
        "id": number,
        "data": {"text": text, **document_meta(doc)},
        "annotations": [{"result": result}],
        "predictions": [{"model_version": item.recognizer or "marginote", "result": predictions}],
    }


def write(items: Sequence[Exported], out: Path) -> list[Path]:
    tasks = [task(number, item) for number, item in enumerate(items, 1)]
    out.write_text(json_text(tasks, indent=1), encoding="utf-8")
    return [out]


def read(path: Path) -> list[Incoming]:
    tasks = parse_json(path.read_text(encoding="utf-8-sig"))
    if isinstance(tasks, dict):
        tasks = [tasks]
    found = []
    for number, item in enumerate(tasks, 1):
        data = item.get("data") if isinstance(item, dict) else None
        if not isinstance(data, dict) or not isinstance(data.get("text"), str):
            raise FormatError(f"task {number}: no data.text")
        text = normalise_newlines(data["text"])
        regions: dict[str, dict[str, Any]] = {}
        for annotation in item.get("annotations") or []:
            for result in annotation.get("result") or []:
                value, ident = result.get("value") or {}, str(result.get("id", len(regions)))
                region = regions.setdefault(ident, {})
                if result.get("type") == "labels":
                    region.update(
                        start=value.get("start"),
                        end=value.get("end"),
                        label=(value.get("labels") or ["claim"])[0],
                    )
                elif result.get("type") == "textarea":
                    region["note"] = "\n".join(value.get("text") or [])
                elif result.get("type") == "choices":
                    region["verdict"] = (value.get("choices") or [""])[0]
        annotations = []
        for ident, region in regions.items():
            if region.get("start") is None:
                continue
            try:
                attrs = {"verdict": region["verdict"]} if region.get("verdict") else {}
                annotations.append(
                    span_annotation(
                        text,
                        int(region["start"]),
                        int(region["end"]),
                        str(region["label"]),
                        note=region.get("note", ""),
                        attrs=attrs,
                    )
                )
            except (TypeError, ValueError, FormatError) as error:
                raise FormatError(f"task {number}, region {ident}: {error}") from None
        found.append(Incoming(annotations, text=text, doc=data.get("doc"), path=data.get("path")))
    return found
