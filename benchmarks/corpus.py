"""Generated English text with names, places, organisations, numbers and dates, of any size."""

from __future__ import annotations

import random

PEOPLE = [
    "Dmitry Peskov",
    "Volodymyr Zelensky",
    "Elon Musk",
    "Angela Merkel",
    "Emmanuel Macron",
    "Olaf Scholz",
    "Joe Biden",
    "Xi Jinping",
    "Narendra Modi",
    "Jacinda Ardern",
    "Hu Xijin",
    "Ursula von der Leyen",
    "Antonio Guterres",
    "Rishi Sunak",
    "Giorgia Meloni",
    "Lula da Silva",
]
PLACES = [
    "Moscow",
    "Kyiv",
    "Berlin",
    "Paris",
    "Washington",
    "Beijing",
    "New Delhi",
    "Wellington",
    "London",
    "Rome",
    "Brasilia",
    "Crimea",
    "Warsaw",
    "Ankara",
    "Tokyo",
    "Nairobi",
]
ORGS = [
    "the United Nations",
    "NATO",
    "the European Commission",
    "Interfax",
    "Reuters",
    "Tesla",
    "SpaceX",
    "the World Bank",
    "the IMF",
    "Gazprom",
    "the Kremlin",
    "the Bundestag",
]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
TEMPLATES = [
    "{person} told reporters in {place} on {date} that {org} had agreed to {verb} the plan.",
    "According to {org}, {pct} of voters in {place} backed the proposal, while {pct2} opposed it.",
    "{person} said the deal was worth {money}, a figure {org} later disputed.",
    "The report, published on {date}, found that {num} people had left {place} since {year}.",
    "Critics of {person} argued that the claim about {place} was misleading.",
    "In {year}, {org} estimated that exports from {place} rose by {pct}.",
    "{person} met {person2} in {place} to discuss the ceasefire and the {num} prisoners.",
    "Officials in {place} denied that {org} had been warned before {date}.",
]
VERBS = ["review", "support", "delay", "reject", "fund", "investigate"]


def sentence(rng: random.Random) -> str:
    return rng.choice(TEMPLATES).format(
        person=rng.choice(PEOPLE),
        person2=rng.choice(PEOPLE),
        place=rng.choice(PLACES),
        org=rng.choice(ORGS),
        verb=rng.choice(VERBS),
        date=f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {rng.randint(1990, 2025)}",
        year=rng.randint(1950, 2025),
        num=f"{rng.randint(2, 900):,}",
        pct=f"{rng.randint(1, 99)}.{rng.randint(0, 9)}%",
        pct2=f"{rng.randint(1, 99)}%",
        money=f"${rng.randint(1, 900)} million",
    )


def generate(size: int, seed: int = 1) -> str:
    """About ``size`` characters: paragraphs of 2-8 sentences separated by blank lines."""
    rng = random.Random(seed)
    parts: list[str] = []
    total = 0
    while total < size:
        paragraph = " ".join(sentence(rng) for _ in range(rng.randint(2, 8)))
        parts.append(paragraph)
        total += len(paragraph) + 2
    return "\n\n".join(parts) + "\n"
