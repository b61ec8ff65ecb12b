"""The export other tools read: GeoJSON (QGIS, scripts) and CSV, one feature per event, with provenance.

Field names are a contract (DESIGN section 5); add fields, never rename or drop one.
"""

from __future__ import annotations

import io
import json
from typing import Any

import pandas as pd

from atlas.dates import human_span
from atlas.model import Atlas, Event
from atlas.queries import find_quote, route_until, visible_events


def _excerpts(atlas: Atlas, event: Event) -> list[dict[str, Any]]:
    out = []
    for x in atlas.excerpts_for(event.id):
        span = find_quote(atlas.seed_texts.get(x.source_id, ""), x.quote)
        out.append(
            {
                "source_id": x.source_id,
                "quote": x.quote,
                "start_offset": span[0] if span else None,
                "end_offset": span[1] if span else None,
            }
        )
    return out


def _sources(atlas: Atlas, event: Event) -> list[dict[str, Any]]:
    ids = dict.fromkeys(x.source_id for x in atlas.excerpts_for(event.id))
    ids.update(dict.fromkeys(p.source_id for p in atlas.route_for(event.id) if p.source_id))
    out = []
    for sid in ids:
        s = atlas.sources.get(sid)
        if s is None:  # an inferred vertex may name a source the loader did not keep; cite only real ones
            continue
        out.append(
            {
                "id": s.id,
                "title": s.title,
                "outlet": s.outlet,
                "outlet_kind": s.outlet_kind or None,
                "outlet_of": s.outlet_of or None,
                "published": s.published.iso() if s.published else None,
                "url": s.url or None,
                "kind": s.kind,
            }
        )
    return out


def feature(atlas: Atlas, event: Event, year: int | None = None) -> dict[str, Any]:
    """One GeoJSON Feature: a Point at the event's place, or the carrier's route as a dated LineString."""
    place = atlas.places[event.place_id]
    props: dict[str, Any] = {
        "id": event.id,
        "layer": event.layer,
        "title": event.title,
        "status": event.status,
        "attribution": event.attribution,
        "start": event.start.iso(),
        "end": event.end.iso() if event.end else None,
        "date_precision": event.date_precision,
        "date_basis": event.date_basis,
        "date_label": human_span(event.start, event.end),
        "place": place.name,
        "place_id": place.id,
        "precision_km": place.precision_km,
        "coord_source": place.coord_source,
        "summary": event.summary,
        "excerpts": _excerpts(atlas, event),
        "sources": _sources(atlas, event),
    }
    route = route_until(atlas.route_for(event.id), year)
    if len(route) >= 2:
        geometry = {"type": "LineString", "coordinates": [[p.lon, p.lat] for p in route]}
        props["vertex_dates"] = [p.date.iso() if p.date else None for p in route]
        props["vertex_legs"] = [p.leg for p in route]
        props["vertex_places"] = [p.place_id or None for p in route]
        props["vertex_sources"] = [p.source_id or None for p in route]
    else:
        geometry = {"type": "Point", "coordinates": [place.lon, place.lat]}
    return {"type": "Feature", "id": event.id, "geometry": geometry, "properties": props}


def feature_collection(
    atlas: Atlas, year: int | None = None, layers: set[str] | None = None, mode: str = "state"
) -> dict[str, Any]:
    events = visible_events(atlas, year, layers, mode)
    return {"type": "FeatureCollection", "features": [feature(atlas, e, year) for e in events]}


def to_geojson(collection: dict[str, Any]) -> str:
    return json.dumps(collection, ensure_ascii=False, indent=1)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def spreadsheet_safe(value: Any) -> Any:
    """A text cell a spreadsheet will not run: one starting with = + - @ (or a tab/CR) gets a leading '.

    Numbers stay numbers (a longitude of -5.3 is data, not a formula); JSON cells start with [ or {.
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        try:
            float(value)
        except ValueError:
            return "'" + value
    return value


def to_csv(collection: dict[str, Any]) -> str:
    """One row per feature; lists (excerpts, sources, route vertices) as JSON text in their cells.

    Every text cell goes through `spreadsheet_safe`, so a title like '=HYPERLINK(…)' opens as text."""
    rows = []
    for f in collection["features"]:
        props = dict(f["properties"])
        coords = f["geometry"]["coordinates"]
        point = coords if f["geometry"]["type"] == "Point" else coords[0]
        row = {"lon": point[0], "lat": point[1], "geometry_type": f["geometry"]["type"]}
        for key, value in props.items():
            row[key] = (
                json.dumps(value, ensure_ascii=False) if isinstance(value, list | dict) else spreadsheet_safe(value)
            )
        if f["geometry"]["type"] == "LineString":
            row["coordinates"] = json.dumps(coords)
        rows.append(row)
    buffer = io.StringIO()
    pd.DataFrame(rows).to_csv(buffer, index=False)
    return buffer.getvalue()
