"""Colours of entity types, annotation labels, selection and search, as Rich styles."""

from __future__ import annotations

from functools import lru_cache

from rich.color import Color
from rich.style import Style

#: Entity colours, each one of the xterm 256-colour cube (so a 256-colour terminal draws exactly
#: the true colour), chosen so that every pair, and each against plain text, differs by a CIEDE2000
#: distance of at least 15 (tests/unit/test_theme.py measures it; 2.3 is "just noticeable").
ENTITY_COLOURS = {
    "PERSON": "#ffd787",
    "NORP": "#af8700",
    "FAC": "#00af00",
    "ORG": "#5fafd7",
    "GPE": "#00ffaf",
    "LOC": "#afaf5f",
    "PRODUCT": "#8787d7",
    "EVENT": "#ff5f00",
    "WORK_OF_ART": "#ff00d7",
    "LAW": "#ffd7ff",
    "LANGUAGE": "#afffff",
    "DATE": "#ffafaf",
    "TIME": "#d787ff",
    "PERCENT": "#ff5f5f",
    "MONEY": "#afd7af",
    "QUANTITY": "#5fff00",
    "ORDINAL": "#00afaf",
    "CARDINAL": "#d787af",
    # The rule-based recogniser's names (it never finds PERSON): drawn as people are.
    "NAME": "#ffd787",
}
#: Types drawn in another type's colour on purpose.
ENTITY_ALIASES = {"NAME": "PERSON"}
#: The reader's plain text colour, which no entity colour may be mistaken for.
TEXT_COLOUR = "#e0e0e0"
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
