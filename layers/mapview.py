"""The per-rerun part of the map: ONE tiny FeatureGroup whose only child is a script calling footprint.setView.

streamlit-folium evaluates the feature-group string with a direct `eval` inside its bundle, so the script can
reach the bundle's `debouncedUpdateComponentValue` (to report a click as `last_active_drawing`) and
`onLayerClick` (to unbind it from the renderer's own layers, which report their clicks themselves). Its size is
constant in the size of the data: it names the view, never a feature's geometry.
"""

from __future__ import annotations

import json
from typing import Any

import folium
from branca.element import MacroElement
from jinja2 import Template

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
});
"""


class ViewScript(MacroElement):
    _template = Template(
        """{% macro script(this, kwargs) %}{{ this.connect }}window.footprint.setView({{ this.view }});
{% endmacro %}"""
    )

    def __init__(self, view: dict[str, Any]) -> None:
        super().__init__()
        self._name = "ViewScript"
        self.connect = CONNECT
        # </script> can't appear in JSON from json.dumps with ensure_ascii and this escaping of '<'
        self.view = json.dumps(view, sort_keys=True, ensure_ascii=True).replace("<", "\\u003c")


def view_state(
    year: int,
    mode: str,
    layers: tuple[str, ...],
    selected: dict[str, Any] | None = None,
    focus: dict[str, Any] | None = None,
    hide_partisan: bool = False,
    filters: dict[str, Any] | None = None,
    datasets: list[dict[str, str]] | None = None,
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
    }


def build(view: dict[str, Any]) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name="view", control=False)
    group.add_child(ViewScript(view))
    return group
