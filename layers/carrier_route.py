"""The Admiral Kuznetsov's 2016–17 deployment: a dated route that stays at sea, and its stop off Tobruk.

Sourced legs (between two dated, sourced positions) are solid with marching ants in the direction of
travel; inferred legs, drawn only to keep the line at sea, are dotted. The line ends where the ship had
got to by the end of the selected year.
"""

from __future__ import annotations

import itertools

import folium

from atlas.model import Atlas, Event, RoutePoint
from atlas.queries import route_until
from layers.markup import esc
from layers.points import build_points

ID = "carrier_route"
LABEL = "Admiral Kuznetsov's route"
SHAPE = "triangle"
COLOR = "#1a1a1a"
# Dash patterns double as CSS hooks (layers/offline.py animates the sourced one) and as the non-colour signal.
SOURCED_DASH = "12 8"
INFERRED_DASH = "2 7"


def legs(points: list[RoutePoint]) -> list[tuple[str, list[RoutePoint]]]:
    """Split a route into runs of 'sourced' legs (both ends sourced) and 'inferred' legs."""
    runs: list[tuple[str, list[RoutePoint]]] = []
    for a, b in itertools.pairwise(points):
        kind = "sourced" if a.leg == b.leg == "sourced" else "inferred"
        if runs and runs[-1][0] == kind:
            runs[-1][1].append(b)
        else:
            runs.append((kind, [a, b]))
    return runs


def _line_features(event: Event, points: list[RoutePoint]) -> list[dict]:
    features = []
    for i, (kind, run) in enumerate(legs(points)):
        first, last = run[0], run[-1]
        span = " – ".join(d.human() for d in (first.date, last.date) if d) or "undated"
        features.append(
            {
                "type": "Feature",
                "id": f"{event.id}#{i}",
                "geometry": {"type": "LineString", "coordinates": [[p.lon, p.lat] for p in run]},
                "properties": {
                    "id": event.id,
                    "leg": kind,
                    "tooltip": f"{esc(event.title)}<br><small>{esc(kind)} leg · {esc(span)}</small>",
                },
            }
        )
    return features


def _vertex_features(event: Event, points: list[RoutePoint]) -> list[dict]:
    return [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [p.lon, p.lat]},
            "properties": {"id": event.id, "tooltip": f"{esc(event.title)}<br><small>{esc(p.date.human())}</small>"},
        }
        for p in points
        if p.date is not None
    ]


def _leg_style(feature: dict) -> dict[str, object]:
    sourced = feature["properties"]["leg"] == "sourced"
    return {
        "color": COLOR,
        "weight": 3 if sourced else 2,
        "opacity": 0.9 if sourced else 0.6,
        "dashArray": SOURCED_DASH if sourced else INFERRED_DASH,
    }


def build(atlas: Atlas, events: list[Event], year: int | None = None) -> folium.FeatureGroup:
    full_routes = {e.id: atlas.route_for(e.id) for e in events}
    group = build_points(ID, LABEL, SHAPE, COLOR, atlas, [e for e in events if not full_routes[e.id]])
    for event in events:
        points = route_until(full_routes[event.id], year)
        if len(points) < 2:
            continue
        folium.GeoJson(
            {"type": "FeatureCollection", "features": _line_features(event, points)},
            name=f"{ID}-line",
            style_function=_leg_style,
            highlight_function=lambda _f: {"weight": 5},
            tooltip=folium.GeoJsonTooltip(fields=["tooltip"], labels=False),
            control=False,
        ).add_to(group)
        folium.GeoJson(
            {"type": "FeatureCollection", "features": _vertex_features(event, points)},
            name=f"{ID}-dated-positions",
            marker=folium.CircleMarker(
                radius=4, color=COLOR, fill=True, fill_color="#ffffff", fill_opacity=1, weight=2
            ),
            tooltip=folium.GeoJsonTooltip(fields=["tooltip"], labels=False),
            control=False,
        ).add_to(group)
    return group
