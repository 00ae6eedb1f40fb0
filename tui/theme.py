"""Colours of entity types, annotation labels, selection and search, as Rich styles."""

from __future__ import annotations

from functools import lru_cache

from rich.color import Color
from rich.style import Style

ENTITY_COLOURS = {
    "PERSON": "#f0c674",
    "NORP": "#de935f",
    "FAC": "#b5bd68",
    "ORG": "#81a2be",
    "GPE": "#8abeb7",
    "LOC": "#68b5a0",
    "PRODUCT": "#c5a3d9",
    "EVENT": "#d7875f",
    "WORK_OF_ART": "#d7afd7",
    "LAW": "#afafd7",
    "LANGUAGE": "#87afaf",
    "DATE": "#b294bb",
    "TIME": "#af87d7",
    "PERCENT": "#f08080",
    "MONEY": "#87d787",
    "QUANTITY": "#d7d787",
    "ORDINAL": "#87afd7",
    "CARDINAL": "#e0a0c0",
    "NAME": "#f0c674",
}
_FALLBACK_ENTITY = "#a0a0a0"

SELECTION = Style(bgcolor="#2f5f9f", color="#ffffff")
SEARCH_MATCH = Style(bgcolor="#7a2e7a", color="#ffffff")
CURRENT_MATCH = Style(bgcolor="#c050c0", color="#000000", bold=True)
CURSOR = Style(reverse=True)
#: An entity the user accepted, relabelled or added: underlined, so it reads as confirmed.
CORRECTED = Style(underline=True)
PLACEHOLDER = Style(dim=True, reverse=True)


@lru_cache(maxsize=256)
def entity_style(label: str) -> Style:
    return Style(color=ENTITY_COLOURS.get(label, _FALLBACK_ENTITY), bold=True)


@lru_cache(maxsize=256)
def annotation_style(colour: str, nested: bool = False) -> Style:
    """A label's colour, darkened, as a background, underlined: distinct from entity colours.
    An annotation nested in another is brighter and bold, so the inner one shows on the outer."""
    r, g, b = Color.parse(colour).get_truecolor()
    shade = 0.8 if nested else 0.5
    return Style(
        bgcolor=Color.from_rgb(r * shade, g * shade, b * shade),
        underline=True,
        bold=True if nested else None,  # None: an entity inside keeps its own bold
    )
