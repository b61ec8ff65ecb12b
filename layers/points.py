"""The shared builder for layers whose features are points: symbol, halo, tooltip, stable ids."""

from __future__ import annotations

from collections.abc import Callable

import folium

from atlas.dates import human_span
from atlas.geo import range_ring
from atlas.model import Atlas, Event
from layers.markup import esc
from layers.style import halo_style, status_class, symbol_svg

# Radii below this are drawn as the symbol alone; above MAX_HALO_KM (a whole country) no halo is drawn.
MIN_HALO_KM, MAX_HALO_KM = 3.0, 400.0


def point_feature(atlas: Atlas, event: Event) -> dict:
    """A GeoJSON Point whose properties hold the id (read back on click) and pre-escaped tooltip text."""
    place = atlas.places[event.place_id]
    when = human_span(event.start, event.end)
    return {
        "type": "Feature",
        "id": event.id,
        "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
        "properties": {
            "id": event.id,
            "layer": event.layer,
            "status": event.status,
            "tooltip": f"{esc(event.title)}<br><small>{esc(when)} · {esc(event.status)}</small>",
        },
    }


def halo_feature(atlas: Atlas, event: Event) -> dict | None:
    place = atlas.places[event.place_id]
    if not MIN_HALO_KM <= place.precision_km <= MAX_HALO_KM:
        return None
    ring = range_ring((place.lat, place.lon), place.precision_km, step_deg=10)  # type: ignore[arg-type]
    return {
        "type": "Feature",
        "geometry": {"type": "Polygon", "coordinates": [[[lon, lat] for lat, lon in ring]]},
        "properties": {"id": event.id, "precision_km": place.precision_km},
    }


def build_points(
    layer_id: str, label: str, shape: str, color: str, atlas: Atlas, events: list[Event]
) -> folium.FeatureGroup:
    """One FeatureGroup: halos underneath, then one GeoJson per status look (solid, hollow, denied)."""
    group = folium.FeatureGroup(name=label)
    halos = [h for h in (halo_feature(atlas, e) for e in events) if h]
    if halos:
        folium.GeoJson(
            {"type": "FeatureCollection", "features": halos},
            name=f"{layer_id}-halos",
            style_function=lambda _f, c=color: halo_style(c),
            interactive=False,
            control=False,
        ).add_to(group)
    for kind, example_status in (("solid", "reported"), ("hollow", "planned"), ("denied", "denied")):
        for country_wide in (False, True):
            members = [
                e for e in events if status_class(e.status) == kind and is_country_wide(atlas, e) == country_wide
            ]
            if not members:
                continue
            symbol = symbol_svg(shape, color, example_status, 16 if country_wide else 22, esc(f"{label}, {kind}"))
            folium.GeoJson(
                {"type": "FeatureCollection", "features": [point_feature(atlas, e) for e in members]},
                name=f"{layer_id}-{kind}{'-country' if country_wide else ''}",
                marker=folium.Marker(icon=_icon(symbol, layer_id, country_wide)),
                tooltip=folium.GeoJsonTooltip(fields=["tooltip"], labels=False, sticky=False),
                control=False,
            ).add_to(group)
    return group


def is_country_wide(atlas: Atlas, event: Event) -> bool:
    """A statement about a whole country (a count of sites, a presence): its point is only the centroid."""
    return atlas.places[event.place_id].kind == "country"


def _icon(symbol: str, layer_id: str, country_wide: bool) -> folium.DivIcon:
    """The layer's symbol; for a country-wide statement, a labelled badge, so it is not read as one more site."""
    if country_wide:
        html, size = f'<div class="fp-country-wide">{symbol}<span>country-wide</span></div>', (112, 24)
    else:
        html, size = symbol, (22, 22)
    return folium.DivIcon(
        html=html,
        icon_size=size,
        icon_anchor=(size[0] // 2, size[1] // 2),
        class_name=f"fp-marker fp-{layer_id}",
    )


def point_layer(layer_id: str, label: str, shape: str, color: str) -> Callable[..., folium.FeatureGroup]:
    """The `build` of a plain point layer: `build(atlas, events, year=None) -> FeatureGroup`."""

    def build(atlas: Atlas, events: list[Event], year: int | None = None) -> folium.FeatureGroup:
        return build_points(layer_id, label, shape, color, atlas, events)

    return build
