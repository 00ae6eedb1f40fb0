"""schema.org ClaimReview JSON-LD (https://schema.org/ClaimReview) for each claim that has a
verdict: ``claimReviewed`` (the quote), ``reviewRating`` (the verdict as ``alternateName``, and
its place on the scale as ``ratingValue``, 1 worst), ``itemReviewed`` (a ``Claim`` with its
``author``, the claimant, and its ``appearance``, the document), and the review's ``author``
from the ``[claimreview]`` section of the config (``author``, ``author_type``, ``url``), else
the annotator."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from marginote.annotations.config import load_config
from marginote.annotations.exchange import Exported
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
    annotation: Annotation, item: Exported, settings: dict[str, Any], scale: VerdictScale
) -> dict[str, Any]:
    doc = item.document
    claim: dict[str, Any] = {
        "@type": "Claim",
        "appearance": {
            "@type": "CreativeWork",
            "name": doc.title,
            "url": str(settings.get("appearance_url") or doc.path.resolve().as_uri()),
        },
    }
    if claimant := annotation.attrs.get("claimant"):
        kind = "Organization" if annotation.attrs.get("claimant_type") == "ORG" else "Person"
        claim["author"] = {"@type": kind, "name": str(claimant)}
    author = settings.get("author")
    reviewer: dict[str, Any] = {
        "@type": str(settings.get("author_type", "Organization")) if author else "Person",
        "name": str(author or annotation.author),
    }
    if settings.get("url"):
        reviewer["url"] = str(settings["url"])
    found = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "identifier": annotation.id,
        "datePublished": annotation.modified[:10],
        "claimReviewed": annotation.quote,
        "reviewRating": rating(annotation.verdict, scale),
        "itemReviewed": claim,
        "author": reviewer,
    }
    if annotation.note:
        found["reviewBody"] = annotation.note
    return found


def write(items: Sequence[Exported], out: Path) -> list[Path]:
    folders = {item.document.path.parent for item in items}
    settings = load_config(folders).section("claimreview")
    scale, _ = load_verdicts(folders)
    reviews = [
        review(a, item, settings, scale)
        for item in items
        for a in item.annotations
        if a.label == "claim" and a.verdict
    ]
    out.write_text(json_text(reviews, indent=1), encoding="utf-8")
    return [out]
