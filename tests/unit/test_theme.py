"""Entity colours are told apart, in true colour and in a 256-colour terminal, measured by the
CIEDE2000 colour difference (not by eye)."""

from __future__ import annotations

import itertools
import math

import pytest
from rich.color import Color, ColorSystem

from marginote.tui import theme

Lab = tuple[float, float, float]
#: CIEDE2000 distance every pair of entity colours keeps (about 2.3 is "just noticeable";
#: 10 and more reads as a different colour at a glance).
MINIMUM = 12.0


def lab(rgb: tuple[int, int, int]) -> Lab:
    """sRGB (0-255) to CIE L*a*b* (D65)."""

    def linear(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb)
    x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047
    y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
    z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def ciede2000(one: Lab, two: Lab) -> float:
    """The CIEDE2000 colour difference (Sharma, Wu and Dalal 2005), kL = kC = kH = 1."""
    l1, a1, b1 = one
    l2, a2, b2 = two
    c_bar = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_bar**7 / (c_bar**7 + 25**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if c2p else 0.0
    dh = 0.0
    if c1p * c2p:
        dh = h2p - h1p
        dh = dh - 360 if dh > 180 else dh + 360 if dh < -180 else dh
    d_l, d_c = l2 - l1, c2p - c1p
    d_h = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    l_bar, cp_bar = (l1 + l2) / 2, (c1p + c2p) / 2
    if not c1p * c2p:
        h_bar = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        h_bar = (h1p + h2p) / 2
    else:
        h_bar = (h1p + h2p + (360 if h1p + h2p < 360 else -360)) / 2
    t = (
        1
        - 0.17 * math.cos(math.radians(h_bar - 30))
        + 0.24 * math.cos(math.radians(2 * h_bar))
        + 0.32 * math.cos(math.radians(3 * h_bar + 6))
        - 0.20 * math.cos(math.radians(4 * h_bar - 63))
    )
    rotation = 30 * math.exp(-(((h_bar - 275) / 25) ** 2))
    r_c = 2 * math.sqrt(cp_bar**7 / (cp_bar**7 + 25**7))
    s_l = 1 + 0.015 * (l_bar - 50) ** 2 / math.sqrt(20 + (l_bar - 50) ** 2)
    s_c = 1 + 0.045 * cp_bar
    s_h = 1 + 0.015 * cp_bar * t
    r_t = -math.sin(math.radians(2 * rotation)) * r_c
    return math.sqrt(
        (d_l / s_l) ** 2 + (d_c / s_c) ** 2 + (d_h / s_h) ** 2 + r_t * (d_c / s_c) * (d_h / s_h)
    )


def test_the_colour_difference_matches_published_values() -> None:
    # Pairs 1, 7 and 17 of Sharma, Wu and Dalal's CIEDE2000 test data.
    assert ciede2000((50, 2.6772, -79.7751), (50, 0, -82.7485)) == pytest.approx(2.0425, abs=1e-4)
    assert ciede2000((50, 0, 0), (50, -1, 2)) == pytest.approx(2.3669, abs=1e-4)
    assert ciede2000((50, 2.5, 0), (73, 25, -18)) == pytest.approx(27.1492, abs=1e-4)


def drawn(colour: str, system: ColorSystem) -> Lab:
    """The colour a terminal with ``system`` draws for ``colour`` (Rich's own downgrade)."""
    return lab(Color.parse(colour).downgrade(system).get_truecolor())


@pytest.mark.parametrize("system", [ColorSystem.TRUECOLOR, ColorSystem.EIGHT_BIT])
def test_every_pair_of_entity_colours_is_told_apart(system: ColorSystem) -> None:
    colours = {
        name: drawn(colour, system)
        for name, colour in theme.ENTITY_COLOURS.items()
        if name not in theme.ENTITY_ALIASES
    }
    colours["plain text"] = drawn(theme.TEXT_COLOUR, system)
    too_close = [
        (one, two, round(ciede2000(colours[one], colours[two]), 1))
        for one, two in itertools.combinations(colours, 2)
        if ciede2000(colours[one], colours[two]) < MINIMUM
    ]
    assert too_close == []
    assert ciede2000(colours["GPE"], colours["ORG"]) > 25  # the two most frequent types


def test_aliases_share_their_type_colour() -> None:
    for alias, original in theme.ENTITY_ALIASES.items():
        assert theme.ENTITY_COLOURS[alias] == theme.ENTITY_COLOURS[original]
