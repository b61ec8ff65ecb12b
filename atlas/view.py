"""The view a link reproduces: year, mode, layers and the selected feature, to and from URL parameters.

Pure functions, so the page stays thin and the rules (what a bad parameter falls back to, how a map
click names a feature) are tested without a browser.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from atlas.model import LAYER_IDS
from atlas.queries import MODES


@dataclass(frozen=True)
class View:
    year: int
    mode: str
    layers: tuple[str, ...]
    feature: str | None


def _first(value: object) -> str:
    if isinstance(value, list | tuple):
        return str(value[0]) if value else ""
    return "" if value is None else str(value)


def parse_view(params: Mapping[str, object], years: tuple[int, int], default_year: int, known_ids: set[str]) -> View:
    """Read ?year=&mode=&layers=&feature=; anything unknown or out of range falls back to the default."""
    low, high = years
    year_text = _first(params.get("year"))
    year = int(year_text) if year_text.isdigit() and low <= int(year_text) <= high else default_year
    mode = _first(params.get("mode"))
    mode = mode if mode in MODES else "state"
    if "layers" in params:
        wanted = [p for p in _first(params.get("layers")).split(",") if p]
        layers = tuple(layer for layer in LAYER_IDS if layer in wanted)
    else:
        layers = LAYER_IDS
    feature = _first(params.get("feature")) or None
    return View(year, mode, layers, feature if feature in known_ids else None)


def view_params(view: View) -> dict[str, str]:
    params = {"year": str(view.year), "mode": view.mode, "layers": ",".join(view.layers)}
    if view.feature:
        params["feature"] = view.feature
    return params


def clicked_feature_id(map_output: Mapping[str, object] | None) -> str | None:
    """The event id of the feature under the last click (our GeoJSON features carry it in properties.id)."""
    if not map_output:
        return None
    drawing = map_output.get("last_active_drawing")
    if not isinstance(drawing, Mapping):
        return None
    props = drawing.get("properties")
    if isinstance(props, Mapping) and isinstance(props.get("id"), str):
        return props["id"]
    return None
