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
