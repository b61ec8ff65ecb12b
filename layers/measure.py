"""Distances and reach: a geodesic line between two places and range rings around a base.

Drawn in its own FeatureGroup with the assumption written on the map: a ring is a straight-line
(geodesic) distance, not an operational range.
"""

from __future__ import annotations

import folium

from atlas.geo import distance_km, geodesic_path, range_ring
from atlas.model import Place
from layers.markup import esc

ID = "measure"
LABEL = "Distances and reach"
COLOR = "#555555"
KM_PER_NM = 1.852


def ring_assumption(place: Place, radius_km: float) -> str:
    return (
        f"{radius_km:,.0f} km ({radius_km / KM_PER_NM:,.0f} nm) geodesic circle around {place.name}: straight-line "
        "distance only; it ignores routing, refuelling, airspace and payload."
    )


def build(rings: list[tuple[Place, float]], pair: tuple[Place, Place] | None) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name=LABEL)
    for place, radius in rings:
        ring = range_ring((place.lat, place.lon), radius)  # type: ignore[arg-type]
        folium.PolyLine(
            ring, color=COLOR, weight=2, dash_array="8 6", tooltip=esc(ring_assumption(place, radius))
        ).add_to(group)
    if pair:
        a, b = pair
        km = distance_km((a.lat, a.lon), (b.lat, b.lon))  # type: ignore[arg-type]
        folium.PolyLine(
            geodesic_path((a.lat, a.lon), (b.lat, b.lon)),  # type: ignore[arg-type]
            color=COLOR,
            weight=2,
            tooltip=esc(f"{a.name} – {b.name}: {km:,.0f} km ({km / KM_PER_NM:,.0f} nm)"),
        ).add_to(group)
    return group
