"""Coordinates for places that lack them: offline from the gazetteer, or opt-in online via Nominatim.

Both go through geopy's Geocoder interface, so the command does not care which one answers. The online
one follows the Nominatim policy: a real user agent, one request per second, and every answer cached in
data/geocode_cache.csv so a place is never asked for twice.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import ClassVar

from geopy.exc import GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from atlas.gazetteer import KIND_PRIOR, POPULATION_COUNTS, Entry, Gazetteer, default_gazetteer
from atlas.geo import distance_km, sphere_km
from atlas.model import Place
from atlas.store import atomic_write_text

USER_AGENT = "footprint-atlas/0.1 (https://github.com/footprint-atlas; offline-first news map)"
CACHE_COLUMNS = ("query", "lat", "lon", "precision_km", "address", "provider", "retrieved_at")


@dataclass(frozen=True)
class Context:
    """What the rest of the article says about where it is: its countries, its regions, its sure places."""

    countries: frozenset[str] = frozenset()
    regions: frozenset[tuple[str, str]] = frozenset()  # (country, admin1)
    anchors: tuple[tuple[float, float], ...] = ()
    # regions that most of the article's names could be in, though none of them is sure ("Walker County" and
    # "Huntsville" both have readings in Texas): a smaller nudge than a sure region
    likely_regions: frozenset[tuple[str, str]] = frozenset()

    NEAR_KM: ClassVar[float] = 150.0


LIKELY_REGION_BONUS = 1.0  # a region most of the article's names could be in; a sure one adds 1.5
# A reading found by a spelling variant ("Sokna" for Sūknah) ranks below one found by its name, and is never
# surer than this: the card says how it was matched and the analyst checks it.
SPELLING_PENALTY = 1.5
SPELLING_CONFIDENCE = 0.75
SAME_TOWN_KM = 10.0  # two town readings this close in one country are one place, not a choice
MAX_VOTING_REGIONS = 10  # a name with readings in more regions than this ("Franklin", "Salem") says nothing


def rank(candidates: list[Entry], context: Context | None = None) -> list[tuple[Entry, float]]:
    """Candidates, best first, with a confidence in 0..1.

    The score is the kind's prior, then log10(population), then the article's context: its countries (+2),
    its regions (+1.5) or else the region most of its names could be in (+1), and nearness to a place it names
    without doubt (+1). A foreign country that shares
    its name with a region of a country the article is about ("Georgia" in US local news) yields to the
    region. The confidence of each reading is how far it stands ahead of the next (a logistic of the score
    margin), not a share of all readings: a capital with fifty hamlets of the same name is still a clear first.
    A reading found by a spelling variant scores SPELLING_PENALTY less and is never surer than
    SPELLING_CONFIDENCE. The first reading's rival is the next one that is not the same town (SAME_TOWN_KM).
    """
    ctx = context or Context()

    def score(e: Entry) -> float:
        s = KIND_PRIOR[e.kind] + (math.log10(max(e.population, 1)) if e.kind in POPULATION_COUNTS else 0.0)
        if e.country in ctx.countries:
            s += 2.0
        if e.admin1 and (e.country, e.admin1) in ctx.regions and e.kind in ("city", "county"):
            s += 1.5
        elif e.admin1 and (e.country, e.admin1) in ctx.likely_regions and e.kind in ("city", "county"):
            s += LIKELY_REGION_BONUS
        if e.kind in ("city", "county") and any(sphere_km((e.lat, e.lon), a) <= Context.NEAR_KM for a in ctx.anchors):
            s += 1.0
        if e.by_spelling:
            s -= SPELLING_PENALTY
        return s

    scored = sorted(((e, score(e)) for e in candidates), key=lambda pair: -pair[1])
    if scored and scored[0][0].kind == "country" and scored[0][0].country not in ctx.countries:
        region = next((p for p in scored if p[0].kind in ("admin1", "region") and p[0].country in ctx.countries), None)
        if region:
            scored.remove(region)
            scored.insert(0, (region[0], scored[0][1] + 1.0))
    out = []
    for i, (e, s) in enumerate(scored):
        rival = scored[i + 1][1] if i + 1 < len(scored) else None
        if i == 0:  # a second entry for the same town (GeoNames has a few) is no rival
            rival = next((r for other, r in scored[1:] if not _same_town(e, other)), None)
        if i > 0:
            rival = max(rival or -math.inf, scored[0][1])
        confidence = 1.0 if rival is None else 1 / (1 + math.exp(rival - s))
        out.append((e, min(confidence, SPELLING_CONFIDENCE) if e.by_spelling else confidence))
    return out


TOWN_KINDS = ("city", "curated", "airfield")


def _same_town(a: Entry, b: Entry) -> bool:
    """Two entries for one town: "Al-Junaynah" and "El Geneina Fort", 3 km apart in one country."""
    return (
        a.country == b.country
        and a.kind in TOWN_KINDS
        and b.kind in TOWN_KINDS
        and sphere_km((a.lat, a.lon), (b.lat, b.lon)) <= SAME_TOWN_KM
    )


class GazetteerGeocoder(Geocoder):
    """A geopy Geocoder answered from the offline gazetteer (no network, no rate limit)."""

    def __init__(self, gazetteer: Gazetteer | None = None, min_confidence: float = 0.5) -> None:
        super().__init__()
        self._gazetteer = gazetteer
        self.min_confidence = min_confidence

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            self._gazetteer = default_gazetteer()
        return self._gazetteer

    def geocode(self, query: str, exactly_one: bool = True, **_: object) -> Location | list[Location] | None:
        ranked = [(e, c) for e, c in rank(self.gazetteer.lookup(query)) if c >= self.min_confidence or not exactly_one]
        locations = [
            Location(f"{e.name}, {e.country}".strip(", "), (e.lat, e.lon), {"entry": e, "confidence": c})
            for e, c in ranked
        ]
        if not locations:
            return None
        return locations[0] if exactly_one else locations


def online_geocoder(
    domain: str = "nominatim.openstreetmap.org", scheme: str = "https", timeout: float = 5.0
) -> Nominatim:
    """geopy's Nominatim with an identifying user agent; tests pass a 127.0.0.1 domain and scheme='http'."""
    return Nominatim(user_agent=USER_AGENT, domain=domain, scheme=scheme, timeout=timeout)


def precision_of(location: Location) -> float:
    """An honest radius: the gazetteer entry's, or half the diagonal of Nominatim's bounding box."""
    raw = location.raw or {}
    if isinstance(raw.get("entry"), Entry):
        return raw["entry"].precision_km
    box = raw.get("boundingbox")
    if box and len(box) == 4:
        south, north, west, east = (float(v) for v in box)
        return max(1.0, distance_km((south, west), (north, east)) / 2)
    return 10.0


@dataclass
class GeocodeResult:
    place_id: str
    query: str
    status: str  # filled · not found · failed
    detail: str = ""


def read_cache(path: Path) -> dict[str, dict[str, str]]:
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["query"]: row for row in csv.DictReader(fh)}


def write_cache(path: Path, cache: dict[str, dict[str, str]]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CACHE_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for query in sorted(cache):
        writer.writerow({k: cache[query].get(k, "") for k in CACHE_COLUMNS})
    atomic_write_text(path, buffer.getvalue())


def fill_missing(
    places: list[Place],
    geocoder: Geocoder,
    *,
    provider: str,
    cache_path: Path | None = None,
    min_delay_seconds: float = 0.0,
) -> tuple[list[Place], list[GeocodeResult]]:
    """Places with coordinates filled where the geocoder finds them; the cache answers first.

    A geocoder that is down does not stop the run: that place is reported as failed and left as it was.
    """
    cache = read_cache(cache_path) if cache_path else {}
    ask: Callable[[str], Location | None] = geocoder.geocode  # type: ignore[assignment]
    if min_delay_seconds:
        ask = RateLimiter(
            geocoder.geocode, min_delay_seconds=min_delay_seconds, max_retries=0, swallow_exceptions=False
        )
    out, results = [], []
    for place in places:
        if place.has_coordinates:
            out.append(place)
            continue
        query = ", ".join(filter(None, [place.name, place.country]))
        hit = cache.get(query)
        if hit is None:
            try:
                location = ask(query) or ask(place.name)
            except GeopyError as exc:
                results.append(GeocodeResult(place.id, query, "failed", f"{type(exc).__name__}: {exc}"))
                out.append(place)
                continue
            if location is None:
                results.append(GeocodeResult(place.id, query, "not found"))
                out.append(place)
                continue
            hit = {
                "query": query,
                "lat": f"{location.latitude:.5f}",
                "lon": f"{location.longitude:.5f}",
                "precision_km": f"{precision_of(location):.1f}",
                "address": location.address,
                "provider": provider,
                "retrieved_at": dt.date.today().isoformat(),
            }
            cache[query] = hit
        out.append(
            replace(
                place,
                lat=float(hit["lat"]),
                lon=float(hit["lon"]),
                precision_km=float(hit.get("precision_km") or 10.0),
                coord_source=f"{hit['provider']}: {hit['address']} (geocoded {hit['retrieved_at']})",
            )
        )
        results.append(GeocodeResult(place.id, query, "filled", hit["address"]))
    if cache_path:
        write_cache(cache_path, cache)
    return out, results
