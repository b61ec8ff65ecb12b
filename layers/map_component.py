"""The map's Streamlit component (streamlit-folium's frontend), called with a base map built once per style.

`st_folium` builds and renders the whole folium base map on every call — its templates, header and script, about
10 ms of a year step's rerun on the server — although they change only with the base-map style and the atlas
payload. Here that part is made once per (style, payload URL, height) with streamlit-folium's own helpers, and a
rerun adds only the view's script (layers/mapview.py). tests/test_layers.py checks that the arguments are the
ones `st_folium` itself would send, so an upgrade of the pinned streamlit-folium that changes them fails a test.
"""

from __future__ import annotations

import functools
from collections.abc import MutableMapping
from typing import Any

import streamlit_folium

from layers.basemap import build_base_map
from layers.offline import walk

KEY = "map"
RETURNED = ("last_active_drawing", "last_object_clicked")


@functools.lru_cache(maxsize=8)
def base_arguments(style: str, payload_url: str | None, height: int) -> dict[str, Any]:
    """What st_folium sends for the base map alone (everything but the view's script and the change callback)."""
    base = build_base_map(style, payload_url)
    base.get_root().render()
    base.render()
    html = streamlit_folium._get_html(base)
    header = streamlit_folium._get_header(base)
    script = streamlit_folium._get_map_string(base)
    css = [href for e in walk(base) for _, href in getattr(e, "default_css", [])]
    js = [src for e in walk(base) for _, src in getattr(e, "default_js", [])]
    return {
        "script": script,
        "header": header,
        "html": html,
        "id": streamlit_folium.get_full_id(base),
        "key": streamlit_folium.generate_js_hash(script, KEY, False),
        "height": height,
        "width": None,
        "returned_objects": list(RETURNED),
        "default": {name: None for name in RETURNED},
        "zoom": None,
        "center": None,
        "return_on_hover": False,
        "layer_control": None,
        "pixelated": False,
        "css_links": list(dict.fromkeys(css)),
        "js_links": list(dict.fromkeys(js)),
        "wrap_longitude": False,
    }


def arguments(style: str, payload_url: str | None, height: int, view_script: str) -> dict[str, Any]:
    return {**base_arguments(style, payload_url, height), "feature_group": view_script}


def show_map(args: dict[str, Any], state: MutableMapping[str, Any]) -> Any:
    """Draw the map with `arguments(...)`; what it reports is kept in `state` (the page's session state) at KEY,
    as st_folium keeps it."""

    def _on_change() -> None:
        state[KEY] = state.get(args["key"], {})

    return streamlit_folium._component_func(**args, on_change=_on_change)
