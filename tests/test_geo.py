"""Geometry helpers: the fast sphere distance against the geodesic, and points inside country outlines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from atlas.geo import distance_km, in_outline, sphere_km

ROOT = Path(__file__).resolve().parent.parent
lat = st.floats(min_value=-85, max_value=85)
lon = st.floats(min_value=-180, max_value=180)


@settings(max_examples=200, deadline=None)
@given(lat, lon, lat, lon)
def test_sphere_distance_is_within_0_6_percent_of_the_geodesic(a_lat, a_lon, b_lat, b_lon):
    exact = distance_km((a_lat, a_lon), (b_lat, b_lon))
    assert sphere_km((a_lat, a_lon), (b_lat, b_lon)) == pytest.approx(exact, rel=0.006, abs=0.01)


@pytest.fixture(scope="module")
def outlines() -> dict[str, dict]:
    collection = json.loads((ROOT / "data" / "countries-110m.geojson").read_text(encoding="utf-8"))
    return {f["properties"]["name"]: f["geometry"] for f in collection["features"]}


@pytest.mark.parametrize(
    ("country", "point", "inside"),
    [
        ("Libya", (27.04, 14.43), True),  # Sabha (coastal Tripoli falls outside the 1:110m coast)
        ("Libya", (30.0, 31.2), False),  # Cairo
        ("Russia", (43.1, 131.9), True),  # Vladivostok
        ("Russia", (66.0, -175.0), True),  # Chukotka, across the antimeridian
        ("Russia", (60.0, -100.0), False),  # Canada
    ],
)
def test_points_inside_country_outlines(outlines, country, point, inside):
    assert in_outline(*point, outlines[country]) is inside


def _naive_inside(lat: float, lon: float, geometry: dict) -> bool:
    """Point in polygon the way a map draws it: no unwrapping, each ring as its coordinates say."""
    import numpy as np

    from atlas import geo

    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return any(sum(geo._inside(lon, lat, np.asarray(r, dtype=float)) for r in poly) % 2 for poly in polygons)


OPEN_SEA = [(68.0, -8.0), (71.0, 5.0), (65.5, -30.0), (70.0, 20.0 - 40.0)]
LAND = [(60.0, 100.0), (66.0, 170.0), (66.0, -175.0), (32.0, 15.0), (-17.8, 178.0)]


@pytest.mark.parametrize("name", ["countries-110m.geojson", "countries-50m.geojson"])
def test_split_outlines_paint_no_land_at_sea_and_keep_the_land(name):
    from atlas.geo import drawable_outlines

    raw = json.loads((ROOT / "data" / name).read_text(encoding="utf-8"))
    russia = next(f["geometry"] for f in raw["features"] if f["properties"]["name"] == "Russia")
    assert any(_naive_inside(la, lo, russia) for la, lo in OPEN_SEA[:2])  # the bug: a band of land at 68–71°N
    drawn = drawable_outlines(ROOT / "data" / name)
    geometries = [f["geometry"] for f in drawn["features"]]
    for la, lo in OPEN_SEA:
        assert not any(_naive_inside(la, lo, g) for g in geometries), (la, lo)
    for la, lo in LAND:
        assert any(_naive_inside(la, lo, g) for g in geometries), (la, lo)
    lons = [c[0] for g in geometries for poly in g["coordinates"] for ring in poly for c in ring]
    assert min(lons) >= -180 and max(lons) <= 180


def test_split_ring_cuts_a_square_across_the_antimeridian():
    from atlas.geo import split_antimeridian

    square = {"type": "Polygon", "coordinates": [[[170, 10], [-170, 10], [-170, 20], [170, 20], [170, 10]]]}
    split = split_antimeridian(square)
    assert split["type"] == "MultiPolygon" and len(split["coordinates"]) == 2
    spans = sorted((min(c[0] for c in p[0]), max(c[0] for c in p[0])) for p in split["coordinates"])
    assert spans == [(-180, -170), (170, 180)]
    plain = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}
    assert split_antimeridian(plain) == plain
