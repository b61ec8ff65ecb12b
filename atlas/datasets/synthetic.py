"""Seeded synthetic events files in ACLED and UCDP GED columns, for tests and bench/scale.py.

The same seed and size give the same bytes. Points fall around Libya and the central Mediterranean,
dates over 2011–2024, with the precision codes of both conventions in plausible proportions.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random

from atlas.datasets.conventions import COLUMNS

EVENT_TYPES = (
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
    "Strategic developments",
)
SUB_TYPES = ("Armed clash", "Air/drone strike", "Shelling/artillery/missile attack", "Attack", "Peaceful protest")
ACTORS = (*(f"Actor {chr(65 + i // 26)}{chr(65 + i % 26)}" for i in range(40)), "Wagner Group")
COUNTRIES = (
    ("Libya", 26.3, 17.2, 6.0),
    ("Tunisia", 34.0, 9.5, 2.0),
    ("Egypt", 27.0, 30.0, 4.0),
    ("Sudan", 15.0, 30.0, 5.0),
    ("Chad", 15.0, 19.0, 4.0),
    ("Niger", 17.0, 9.0, 4.0),
)
FIRST = dt.date(2011, 1, 1)
DAYS = (dt.date(2024, 12, 31) - FIRST).days


def _place(rng: random.Random) -> tuple[str, float, float]:
    country, lat, lon, spread = rng.choice(COUNTRIES)
    return country, round(lat + rng.uniform(-spread, spread), 4), round(lon + rng.uniform(-spread, spread), 4)


def acled_csv(n: int, seed: int = 14) -> str:
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS["acled"])
    for i in range(n):
        day = FIRST + dt.timedelta(days=rng.randrange(DAYS))
        country, lat, lon = _place(rng)
        writer.writerow(
            (
                f"{country[:3].upper()}{i + 1}",
                day.isoformat() if i % 2 else f"{day.day} {day.strftime('%B')} {day.year}",
                day.year,
                rng.choices((1, 2, 3), (80, 15, 5))[0],
                rng.choice(EVENT_TYPES),
                rng.choice(SUB_TYPES),
                rng.choice(ACTORS),
                rng.choice(("", *ACTORS)),
                country,
                f"Place {rng.randrange(500)}",
                lat,
                lon,
                rng.choices((1, 2, 3), (70, 20, 10))[0],
                rng.choice(("Libya Observer", "Reuters", "Local source", "Al Wasat")),
                f"On {day.isoformat()}, a synthetic event number {i + 1} was reported near {country}.",
                rng.choices((0, rng.randrange(1, 40)), (70, 30))[0],
            )
        )
    return out.getvalue()


def ucdp_csv(n: int, seed: int = 14) -> str:
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS["ucdp"])
    for i in range(n):
        start = FIRST + dt.timedelta(days=rng.randrange(DAYS))
        prec = rng.choices((1, 2, 3, 4, 5), (70, 10, 8, 8, 4))[0]
        end = start + dt.timedelta(days={1: 0, 2: 4, 3: 6, 4: 20, 5: 90}[prec])
        country, lat, lon = _place(rng)
        writer.writerow(
            (
                100000 + i,
                f"{start.isoformat()} 00:00:00.000",
                f"{end.isoformat()} 00:00:00.000",
                prec,
                rng.choice((1, 2, 3)),
                rng.choice(ACTORS),
                rng.choice(ACTORS),
                country,
                f"Place {rng.randrange(500)} town",
                lat,
                lon,
                rng.choices((1, 2, 3, 4, 5, 6, 7), (50, 20, 10, 10, 5, 4, 1))[0],
                f"Synthetic wire report {i + 1}, {start.isoformat()}",
                rng.choices((0, rng.randrange(1, 60)), (50, 50))[0],
            )
        )
    return out.getvalue()
