"""The base map: Natural Earth outlines that always work (online tiles over them when the reader opts in), and
Footprint's renderer (layers/assets/footprint_map.js), which loads the atlas payload once and draws everything.

It depends only on the chosen style and the data version (the payload's URL), never on the year or the
selection, so streamlit-folium keeps it mounted while the reader steps through the years; each rerun then sends
only a tiny view script (layers/mapview.py).
"""

from __future__ import annotations

import functools
import json

import folium
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template

from layers import LAYERS
from layers.offline import URL_PREFIX, asset_url, localize, outline_urls, publish_bundle, publish_json
from layers.points import MAX_HALO_KM, MIN_HALO_KM
from layers.style import LOOKS, symbols_for

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
NATURAL_EARTH = "Made with Natural Earth"
CENTER = (36.0, 20.0)
ZOOM = 4
# Natural Earth 1:110m is drawn out to NEAR_ZOOM, 1:50m beyond; past OUTLINE_MAX_ZOOM the outlines stop meaning
# anything (1:50m is ~1 km per pixel at zoom 7), so the offline map stops there. Online tiles go further.
NEAR_ZOOM = 5
OUTLINE_MAX_ZOOM = 7
TILES_MAX_ZOOM = 14
INFERRED_DASH = "1 6"
STYLES = ("vendor/markercluster/MarkerCluster.css", "footprint/footprint_map.css")


class Renderer(JSCSSMixin, MacroElement):
    """Loads the renderer and starts it on this map with a fixed config (deterministic: no remount)."""

    _template = Template(
        """{% macro script(this, kwargs) %}
        window.footprint.init({{ this._parent.get_name() }}, {{ this.config }});
        {% endmacro %}"""
    )

    def __init__(self, config: dict[str, object]) -> None:
        super().__init__()
        self._name = "Renderer"
        self.config = json.dumps(config, sort_keys=True, ensure_ascii=True)
        self.default_js = [("footprint_map", publish_bundle())]  # Leaflet, markercluster and the renderer
        self.default_css = [(rel.rsplit("/", 1)[-1], asset_url(rel)) for rel in STYLES]


@functools.cache
def all_symbols() -> dict[str, dict[str, str]]:
    """layer → status → SVG: 17 KB, so the renderer fetches them once as a static file (see renderer_config)."""
    return {layer.ID: symbols_for(layer.SHAPE, layer.COLOR) for layer in LAYERS}


def renderer_config(style: str, payload_url: str | None) -> dict[str, object]:
    """What the renderer needs besides the data: the looks of layers and statuses, outlines, tiles, zoom cap.

    It travels inside the base map's script, which streamlit-folium re-sends with every rerun, so anything big
    (the symbols) is only a URL here."""
    _label, tiles, attribution = BASEMAPS[style]
    return {
        "payload": payload_url,
        "outlines": {**outline_urls(), "near_zoom": NEAR_ZOOM, "attribution": NATURAL_EARTH},
        "tiles": {"url": tiles, "attribution": attribution, "label": BASEMAPS[style][0]} if tiles else None,
        "max_zoom": TILES_MAX_ZOOM if tiles else OUTLINE_MAX_ZOOM,
        "layers": {layer.ID: {"label": layer.LABEL, "color": layer.COLOR, "shape": layer.SHAPE} for layer in LAYERS},
        "symbols": publish_json("symbols", all_symbols()),
        "statuses": LOOKS,
        "halo": {"min_km": MIN_HALO_KM, "max_km": MAX_HALO_KM},
        "route_dash": {"sourced": None, "inferred": INFERRED_DASH},
        "new_label": "NEW",
    }


def build_base_map(style: str = "outlines", payload_url: str | None = None) -> folium.Map:
    """A deterministic base map: identical calls give identical HTML, so the component is not remounted.

    Without a payload URL it is the outlines alone (the review map of "Add an article" draws its own marks).
    """
    if payload_url is not None and not payload_url.startswith(URL_PREFIX + "/"):
        raise ValueError(f"the payload must be served from this machine: {payload_url}")
    config = renderer_config(style, payload_url)
    m = folium.Map(
        location=CENTER,
        zoom_start=ZOOM,
        tiles=None,
        max_zoom=config["max_zoom"],
        min_zoom=2,
        control_scale=True,
        prefer_canvas=False,
        world_copy_jump=False,
        max_bounds=True,
    )
    Renderer(config).add_to(m)
    localize([m])
    m.default_js = [(name, url) for name, url in m.default_js if name != "leaflet"]  # in the Renderer's bundle
    return m
