"""The view a link reproduces: year, mode, layers and the selected feature, to and from URL parameters.

Pure functions, so the page stays thin and the rules (what a bad parameter falls back to, how a map
click names a feature) are tested without a browser.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from atlas.model import LAYER_IDS, Atlas
from atlas.queries import MODES, is_visible

_YEAR = re.compile(r"^[0-9]{1,4}$")  # ASCII digits only: '²'.isdigit() is True and int('9' * 4301) raises


@dataclass(frozen=True)
class View:
    year: int
    mode: str
    layers: tuple[str, ...]
    feature: str | None
    hide_partisan: bool = False  # ?hide=partisan: claims resting only on state media or a party are hidden


HIDE_PARTISAN = "partisan"


def _first(value: object) -> str:
    if isinstance(value, list | tuple):
        return str(value[0]) if value else ""
    return "" if value is None else str(value)


def parse_view(params: Mapping[str, object], years: tuple[int, int], default_year: int, known_ids: set[str]) -> View:
    """Read ?year=&mode=&layers=&feature=&hide=; anything unknown or out of range falls back to the default."""
    low, high = years
    year_text = _first(params.get("year"))
    year = int(year_text) if _YEAR.match(year_text) and low <= int(year_text) <= high else default_year
    year = min(max(year, low), high)
    mode = _first(params.get("mode"))
    mode = mode if mode in MODES else "state"
    wanted = [p for p in _first(params.get("layers")).split(",") if p] if "layers" in params else list(LAYER_IDS)
    layers = tuple(layer for layer in LAYER_IDS if layer in wanted)
    if wanted and not layers:  # only names we don't know: a mistyped link shows everything, not an empty map
        layers = LAYER_IDS
    feature = _first(params.get("feature")) or None
    hide = _first(params.get("hide")) == HIDE_PARTISAN
    return View(year, mode, layers, feature if feature in known_ids else None, hide)


def view_params(view: View) -> dict[str, str]:
    params = {"year": str(view.year), "mode": view.mode, "layers": ",".join(view.layers)}
    if view.feature:
        params["feature"] = view.feature
    if view.hide_partisan:
        params["hide"] = HIDE_PARTISAN
    return params


def clicked_target(map_state: Mapping[str, object] | None) -> dict[str, Any] | None:
    """What the renderer says was clicked (layers/assets/footprint_map.js reports it as last_active_drawing):
    {"kind": "event", "id"}, {"kind": "route_point", "route_id", "seq"}, {"kind": "dataset", "dataset", "row"}
    or {"kind": "year", "year"} (a step of the map's own year control), each with "n", the renderer's counter.
    Anything else (an old-style drawing, junk) is None."""
    if not isinstance(map_state, Mapping):
        return None
    drawing = map_state.get("last_active_drawing")
    props = drawing.get("properties") if isinstance(drawing, Mapping) else None
    if not isinstance(props, Mapping):
        return None
    n = props.get("n")
    n = n if isinstance(n, int) and not isinstance(n, bool) else 0
    kind = props.get("kind")
    if kind == "event" and isinstance(props.get("id"), str):
        return {"kind": "event", "id": props["id"], "n": n}
    if kind == "route_point" and isinstance(props.get("route_id"), str) and isinstance(props.get("seq"), int):
        return {"kind": "route_point", "route_id": props["route_id"], "seq": props["seq"], "n": n}
    if kind == "dataset" and isinstance(props.get("dataset"), str) and isinstance(props.get("row"), int | str):
        return {"kind": "dataset", "dataset": props["dataset"], "row": props["row"], "n": n}
    year = props.get("year")
    if kind == "year" and isinstance(year, int) and not isinstance(year, bool):
        return {"kind": "year", "year": year, "n": n}
    return None


def year_to_show(atlas: Atlas, feature: str | None, year: int, mode: str, axis: tuple[int, int]) -> int:
    """The year a link should open on: its own, unless the linked feature is not on the map then — then the
    feature's first year (within the axis), so a panel never describes a mark the map does not show."""
    event = atlas.events.get(feature) if feature else None
    if event is None or is_visible(event, year, mode):
        return year
    return min(max(event.start.year, axis[0]), axis[1])


def panel_subject(
    feature: str | None,
    selection: Mapping[str, Any] | None,
    shown_ids: Collection[str],
    shown_sets: Collection[str] = (),
) -> tuple[str, ...] | None:
    """What the source panel shows, as a comparable key: the selected event (or one of its route positions) while
    the map shows it, a row of a dataset (shown on the map or not: the panel says which), or None ("Select a
    mark").

    A year step redraws only the map's part of the page; when this key changes (the year hid the selected mark, a
    click or the list picked another), the whole page must be drawn again so the panel follows."""
    kind = selection.get("kind") if isinstance(selection, Mapping) else None
    if kind == "dataset" and selection is not None:
        name = str(selection.get("dataset"))
        return ("dataset" if name in shown_sets else "dataset not shown", name, str(selection.get("row")))
    if feature is None or feature not in shown_ids:
        return None
    if kind == "route_point" and selection is not None:
        return ("route_point", feature, str(selection.get("seq")))
    return ("event", feature)
