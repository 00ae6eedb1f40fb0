"""schema.org ClaimReview JSON-LD (https://schema.org/ClaimReview) for each claim that has a
verdict: ``claimReviewed`` (the quote), ``reviewRating`` (the verdict as ``alternateName``, and
its place on the scale as ``ratingValue``, 1 worst), ``itemReviewed`` (a ``Claim`` with its
``author``, the claimant, and its ``appearance``, the document), the evidence's web addresses as
``citation``, and the review's ``author`` from the ``[claimreview]`` section of the config
(``author``, ``author_type``, ``url``), else ``[user] organisation``, else ``[user] name`` (or the
annotator's name when it is not the login name), else none."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from marginote.annotations.config import load_config
from marginote.annotations.exchange import Exported, WriteOptions, plural
from marginote.annotations.formats.positions import source_url
from marginote.annotations.labels import VerdictScale, load_verdicts
from marginote.annotations.model import Annotation
from marginote.annotations.sanitise import json_text


def rating(verdict: str, scale: VerdictScale) -> dict[str, Any]:
    """The verdict as a schema.org Rating: its name, and its place on the scale (1 worst)."""
    found: dict[str, Any] = {"@type": "Rating", "alternateName": verdict}
    rated = scale.rated
    if verdict in rated:
        found.update(
            ratingValue=len(rated) - rated.index(verdict), bestRating=len(rated), worstRating=1
        )
    return found


def review(
    annotation: Annotation,
    item: Exported,
    settings: dict[str, Any],
    scale: VerdictScale,
    user: dict[str, Any] | None = None,
) -> dict[str, Any]:
    doc = item.document
    user = user or {}
    appearance: dict[str, Any] = {"@type": "CreativeWork", "name": doc.title}
    if url := settings.get("appearance_url") or source_url(doc) or item.path:  # formats: URL
        appearance["url"] = str(url)
    if doc.source is not None and doc.source.date:  # formats: the article's publication date
        appearance["datePublished"] = doc.source.date
    claim: dict[str, Any] = {"@type": "Claim", "appearance": appearance}
    if claimant := annotation.attrs.get("claimant"):
        kind = "Organization" if annotation.attrs.get("claimant_type") == "ORG" else "Person"
        claim["author"] = {"@type": kind, "name": str(claimant)}
    found: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "identifier": annotation.id,
        "datePublished": annotation.modified[:10],
        "claimReviewed": annotation.quote,
        "reviewRating": rating(annotation.verdict, scale),
        "itemReviewed": claim,
    }
    if reviewer := _reviewer(annotation, item, settings, user):
        found["author"] = reviewer
    if annotation.note:
        found["reviewBody"] = annotation.note
    evidence = annotation.attrs.get("evidence")
    if isinstance(evidence, list) and evidence:
        found["citation"] = [str(url) for url in evidence]
    return found


def _reviewer(
    annotation: Annotation, item: Exported, settings: dict[str, Any], user: dict[str, Any]
) -> dict[str, Any] | None:
    """Who reviewed the claim: the ``[claimreview]`` author, else the ``[user]`` organisation,
    else the annotator's name (from the config, never the login name); None when unknown."""
    if author := settings.get("author") or user.get("organisation"):
        kind = (
            str(settings.get("author_type", "Organization"))
            if settings.get("author")
            else ("Organization")
        )
        reviewer: dict[str, Any] = {"@type": kind, "name": str(author)}
        if settings.get("url"):
            reviewer["url"] = str(settings["url"])
        return reviewer
    if name := item.author_of(annotation):
        return {"@type": "Person", "name": name}
    return None


def write(items: Sequence[Exported], out: Path, options: WriteOptions | None = None) -> list[Path]:
    folders = {item.document.path.parent for item in items}
    config = load_config(folders)
    settings, user = config.section("claimreview"), config.section("user")
    scale, _ = load_verdicts(folders)
    reviews = [
        review(a, item, settings, scale, user)
        for item in items
        for a in item.annotations
        if a.label == "claim" and a.verdict
    ]
    out.write_text(json_text(reviews, indent=1), encoding="utf-8")
    left_out = sum(len(item.annotations) for item in items) - len(reviews)
    if left_out and options is not None:  # the export's summary counts every annotation given
        options.notes.append(
            f"{plural(len(reviews), 'claim review')} written; {plural(left_out, 'annotation')}"
            " left out (only claims with a verdict are reviews)"
        )
    return [out]
