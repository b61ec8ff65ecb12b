"""Geometry Footprint needs without a GIS stack: a land mask, distances and range rings.

The land mask reads Natural Earth 1:110m land (public domain). Its Eurasia ring crosses the antimeridian,
which breaks ordinary point-in-polygon tests across all of northern Europe; longitudes west of -100° in
such a ring are shifted by +360° so the ring is simple again, and points are tested at lon and lon+360.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

import numpy as np
from geopy.distance import geodesic

LatLon = tuple[float, float]
NATURAL_EARTH = Path(__file__).resolve().parent.parent / "data"  # the project's own, whatever data/ is in use
LAND_FILE = NATURAL_EARTH / "land-110m.geojson"
COUNTRIES_FILE = NATURAL_EARTH / "countries-110m.geojson"


@lru_cache(maxsize=1)
def country_outlines() -> dict[int, dict]:
    """ISO numeric code → the country's Natural Earth 1:110m outline (a GeoJSON geometry), read once."""
    collection = json.loads(COUNTRIES_FILE.read_text(encoding="utf-8"))
    return {int(f["id"]): f["geometry"] for f in collection["features"] if str(f.get("id", "")).isdigit()}


@lru_cache(maxsize=1)
def _land_rings() -> tuple[tuple[np.ndarray, tuple[float, float, float, float]], ...]:
    collection = json.loads(LAND_FILE.read_text(encoding="utf-8"))
    rings = []
    for feature in collection["features"]:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        for polygon in polygons:
            for ring_coords in polygon:  # outer ring and holes: even-odd counting handles both
                ring = unwrapped_ring(ring_coords)
                box = (ring[:, 0].min(), ring[:, 0].max(), ring[:, 1].min(), ring[:, 1].max())
                rings.append((ring, box))
    return tuple(rings)


def unwrapped_ring(ring_coords: list[list[float]]) -> np.ndarray:
    """A ring as an array, its longitudes west of -100° shifted by +360° if it crosses the antimeridian."""
    ring = np.asarray(ring_coords, dtype=float)
    if ring[:, 0].max() - ring[:, 0].min() > 180:
        ring[:, 0] = np.where(ring[:, 0] < -100, ring[:, 0] + 360, ring[:, 0])
    return ring


def in_outline(lat: float, lon: float, geometry: dict) -> bool:
    """Whether a point lies inside a GeoJSON Polygon or MultiPolygon (holes and the antimeridian handled)."""
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    rings = [unwrapped_ring(ring) for polygon in polygons for ring in polygon]
    return any(sum(_inside(x, lat, ring) for ring in rings) % 2 for x in (lon, lon + 360))


def _inside(x: float, y: float, ring: np.ndarray) -> bool:
    xs, ys = ring[:, 0], ring[:, 1]
    x2, y2 = np.roll(xs, -1), np.roll(ys, -1)
    with np.errstate(divide="ignore", invalid="ignore"):
        crossing = ((ys > y) != (y2 > y)) & (x < (x2 - xs) * (y - ys) / (y2 - ys) + xs)
    return bool(np.count_nonzero(crossing) % 2)


def on_land(lat: float, lon: float) -> bool:
    """True if the point lies on land at Natural Earth's 1:110m scale (coarse: fjords and straits close)."""
    for x in (lon, lon + 360):
        crossings = sum(
            _inside(x, lat, ring) for ring, (x0, x1, y0, y1) in _land_rings() if x0 <= x <= x1 and y0 <= lat <= y1
        )
        if crossings % 2:
            return True
    return False


def segment_land_points(
    a: tuple[float, float], b: tuple[float, float], step_deg: float = 0.05
) -> list[tuple[float, float]]:
    """Sample points (lat, lon) of the straight segment a→b that fall on land."""
    n = max(2, int(max(abs(a[0] - b[0]), abs(a[1] - b[1])) / step_deg) + 1)
    hits = []
    for t in np.linspace(0.0, 1.0, n):
        lat, lon = a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t
        if on_land(lat, lon):
            hits.append((float(lat), float(lon)))
    return hits


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Geodesic (WGS-84) distance between two (lat, lon) points."""
    return float(geodesic(a, b).km)


EARTH_RADIUS_KM = 6371.0088


def sphere_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance on a sphere: within 0.6 % of the geodesic and ~50 times faster, for ranking."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def range_ring(center: tuple[float, float], radius_km: float, step_deg: int = 5) -> list[tuple[float, float]]:
    """A closed geodesic circle as (lat, lon) vertices; unlike a projected circle it is true at any latitude."""
    d = geodesic(kilometers=radius_km)
    ring = [d.destination(center, bearing=b) for b in range(0, 360, step_deg)]
    points = [(p.latitude, p.longitude) for p in ring]
    return points + points[:1]


def geodesic_path(a: LatLon, b: LatLon, steps: int = 32) -> list[LatLon]:
    """Points along the shortest (WGS-84) path from a to b, to draw it as a polyline."""
    from geographiclib.geodesic import Geodesic

    line = Geodesic.WGS84.InverseLine(a[0], a[1], b[0], b[1])
    return [(pos["lat2"], pos["lon2"]) for pos in (line.Position(line.s13 * i / steps) for i in range(steps + 1))]
