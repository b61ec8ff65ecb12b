"""The per-rerun part of the map: a short script naming the view, which streamlit-folium evaluates in the map's frame.

streamlit-folium evaluates its `feature_group` argument with a direct `eval` inside its bundle, so the script can
reach the bundle's `debouncedUpdateComponentValue` (to report a click or a year step as `last_active_drawing`),
its `updateComponentValue` (to send a year step sooner than the bundle's 250 ms wait; a second call with the same
value sends nothing) and `onLayerClick` (to unbind it from the renderer's own layers, which report their clicks
themselves). Before each
new script the bundle removes the layers the previous one pushed onto `window.feature_group`, so the script makes
one empty group and pushes it, as folium's FeatureGroup would. Its size is constant in the size of the data: it
names the view, never a feature's geometry.
"""

from __future__ import annotations

import json
from typing import Any

# Sent back through streamlit-folium: properties of a `last_active_drawing`, the latlng of the click.
CONNECT = """
window.footprint.connect(function (props, latlng) {
  var g = window.__GLOBAL_DATA__;
  g.last_active_drawing = {type: "Feature", properties: props, geometry: null};
  g.last_object_clicked = latlng;
  g.last_object_clicked_count += 1;
  debouncedUpdateComponentValue(window.map);
}, function () {
  for (var k in window.map._layers) { var l = window.map._layers[k]; if (l && l.off) l.off("click", onLayerClick); }
}, function () { updateComponentValue(window.map); });
"""

GROUP = "feature_group_feature_group_0"


def view_state(
    year: int,
    mode: str,
    layers: tuple[str, ...],
    selected: dict[str, Any] | None = None,
    focus: dict[str, Any] | None = None,
    hide_partisan: bool = False,
    filters: dict[str, Any] | None = None,
    datasets: list[dict[str, str]] | None = None,
    axis: tuple[int, int] | None = None,
    year_n: int = 0,
) -> dict[str, Any]:
    """The view the renderer draws (its fields are documented in layers/assets/footprint_map.js)."""
    return {
        "year": year,
        "mode": mode,
        "layers": list(layers),
        "selected": selected,
        "focus": focus,
        "hide_partisan": hide_partisan,
        "filters": filters or {},
        "datasets": datasets or [],
        "axis": list(axis) if axis else None,
        "year_n": year_n,
    }


def script(view: dict[str, Any]) -> str:
    """The script of one rerun: connect the renderer to streamlit-folium, then draw `view`."""
    # "</script>" can't appear: json.dumps with ensure_ascii, and every "<" escaped
    view_json = json.dumps(view, sort_keys=True, ensure_ascii=True).replace("<", "\\u003c")
    return (
        f"var {GROUP} = L.featureGroup({{}});\n{CONNECT}window.footprint.setView({view_json});\n"
        f"map_div.addLayer({GROUP});\nwindow.feature_group = window.feature_group || [];\n"
        f"window.feature_group.push({GROUP});\n"
    )
