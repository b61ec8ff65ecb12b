"""The base map: Natural Earth outlines that always work, or an online tile style the user opts into.

It depends only on the chosen style, never on the year or the selection, so streamlit-folium keeps it
mounted (same component key) while the year-dependent layers change.
"""

from __future__ import annotations

import folium

from atlas.geo import COUNTRIES_FILE
from layers.offline import COUNTRIES_URL, localize, map_css

# id → (label, tile URL or None, attribution)
BASEMAPS: dict[str, tuple[str, str | None, str]] = {
    "outlines": ("Offline outlines (Natural Earth)", None, "Made with Natural Earth"),
    "osm": (
        "OpenStreetMap (online)",
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "© OpenStreetMap contributors (ODbL)",
    ),
    "light": (
        "Light (CARTO, online)",
        "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png",
        "© OpenStreetMap contributors © CARTO",
    ),
    "satellite": (
        "Satellite (Esri, online)",
        "https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/tile/{z}/{y}/{x}",
        "Tiles © Esri — Source: Esri, Maxar, Earthstar Geographics, and the GIS User Community",
    ),
}
CENTER = (36.0, 20.0)
ZOOM = 4


def _outline_style(_feature: dict) -> dict[str, object]:
    return {"color": "#8a8a8a", "weight": 0.8, "fillColor": "#f2efe6", "fillOpacity": 1}


def build_base_map(style: str = "outlines") -> folium.Map:
    """A deterministic base map: identical calls give identical HTML, so the component is not remounted."""
    label, tiles, attribution = BASEMAPS[style]
    m = folium.Map(
        location=CENTER,
        zoom_start=ZOOM,
        tiles=None,
        maxZoom=12,
        minZoom=2,
        control_scale=True,
        prefer_canvas=False,
        world_copy_jump=False,
    )
    m.get_root().header.add_child(map_css())
    if tiles is None:
        m.get_root().header.add_child(folium.Element("<style>.leaflet-container{background:#cfe3f2}</style>"))
        outlines = folium.GeoJson(
            str(COUNTRIES_FILE),
            embed=False,
            style_function=_outline_style,
            interactive=False,
            control=False,
            name="countries",
            attribution=attribution,
        )
        outlines.embed_link = COUNTRIES_URL
        outlines.add_to(m)
    else:
        folium.TileLayer(tiles=tiles, attr=attribution, name=label, max_zoom=18).add_to(m)
    localize([m])
    return m
