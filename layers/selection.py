"""The selected feature, marked over every layer: a ring around its mark, or a shadow along its route.

Not one of LAYERS (it has no records of its own); app.py adds it when a feature is selected and visible.
"""

from __future__ import annotations

import folium

from atlas.model import Atlas, Event

RING_PX = 17


def build(atlas: Atlas, event: Event) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name="Selected feature")
    route = atlas.route_for(event.id)
    if route:
        folium.PolyLine(
            [(p.lat, p.lon) for p in route], color="#111", weight=10, opacity=0.22, interactive=False
        ).add_to(group)
    else:
        place = atlas.places[event.place_id]
        folium.CircleMarker(
            (place.lat, place.lon), radius=RING_PX, color="#111", weight=3, fill=False, interactive=False
        ).add_to(group)
    return group


def focus(atlas: Atlas, event: Event) -> tuple[float, float] | None:
    """Where to centre the map to show this feature: its place; None for a route, which is shown whole."""
    if atlas.route_for(event.id):
        return None
    place = atlas.places[event.place_id]
    return (place.lat, place.lon)  # type: ignore[return-value]
