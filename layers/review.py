"""The review map of the "Add an article" page: each proposed feature as its layer's symbol with its number.

Not one of LAYERS: it draws proposals, not records. Numbers match the cards beside the map; a dropped
proposal stays on the map in grey, so the analyst sees what they left out.
Its CSS is in layers/assets/footprint_map.css.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import folium

from layers import BY_ID
from layers.markup import esc
from layers.points import MAX_HALO_KM, MIN_HALO_KM
from layers.style import DENIED_GREY, halo_style, symbol_svg

MAX_ZOOM = 6  # a lone mark still shows its region, not just its streets
# A layer id the map has no module for yet (a new one, e.g. logistics): drawn as a plain dark circle.
OTHER_SHAPE, OTHER_COLOR = "circle", "#3b3b3b"


def _style(layer_id: str) -> tuple[str, str, str]:
    """(shape, colour, label) of a layer, or a neutral one for a layer the map does not draw yet."""
    layer = BY_ID.get(layer_id)
    if layer is None:
        return OTHER_SHAPE, OTHER_COLOR, layer_id.replace("_", " ").capitalize()
    return layer.SHAPE, layer.COLOR, layer.LABEL


@dataclass(frozen=True)
class ReviewMark:
    number: int
    lat: float
    lon: float
    layer: str
    status: str
    kept: bool
    label: str  # plain text; escaped here
    precision_km: float


def _icon(marks: list[ReviewMark]) -> folium.DivIcon:
    """The first kept mark's symbol (grey if all are dropped), badged with every number at this place."""
    numbers = ",".join(str(m.number) for m in marks)
    shown = next((m for m in marks if m.kept), None)
    if shown:
        shape, color, label = _style(shown.layer)
        svg = symbol_svg(shape, color, shown.status, label=esc(f"{numbers}: {label}"))
    else:
        svg = symbol_svg("circle", DENIED_GREY, "planned", label=esc(f"{numbers}: dropped"))
    css = "fp-review" if shown else "fp-review fp-dropped"
    return folium.DivIcon(
        html=f'<div class="{css}">{svg}<b>{numbers}</b></div>',
        icon_size=(26, 26),
        icon_anchor=(13, 13),
        class_name="fp-marker",
    )


def build(marks: list[ReviewMark]) -> folium.FeatureGroup:
    """Halos, then one marker per place: proposals at the same place share it (their numbers in its badge)."""
    group = folium.FeatureGroup(name="Proposed features")
    by_place: dict[tuple[float, float], list[ReviewMark]] = {}
    for mark in marks:
        by_place.setdefault((mark.lat, mark.lon), []).append(mark)
    for (lat, lon), here in by_place.items():
        mark = max(here, key=lambda m: m.kept)
        color = _style(mark.layer)[1] if mark.kept else DENIED_GREY
        if MIN_HALO_KM <= mark.precision_km <= MAX_HALO_KM:
            style = halo_style(color)
            folium.Circle(
                (mark.lat, mark.lon),
                radius=mark.precision_km * 1000,
                interactive=False,
                color=color,
                weight=style["weight"],
                opacity=style["opacity"],
                dash_array=style["dashArray"],
                fill=True,
                fill_color=color,
                fill_opacity=style["fillOpacity"],
            ).add_to(group)
        folium.Marker(
            (lat, lon),
            icon=_icon(here),
            tooltip=folium.Tooltip("<br>".join(f"<b>{m.number}</b>. {esc(m.label)}" for m in here)),
        ).add_to(group)
    return group


def view_for(marks: list[ReviewMark]) -> tuple[tuple[float, float], int]:
    """Centre and zoom that show every mark (Web Mercator: each zoom level halves the span)."""
    if not marks:
        return (32.0, 20.0), 4
    lats, lons = [m.lat for m in marks], [m.lon for m in marks]
    center = ((min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2)
    span = max(max(lons) - min(lons), (max(lats) - min(lats)) * 1.6, 1.0)
    return center, max(2, min(MAX_ZOOM, int(math.log2(360 / span))))
