"""The curated atlas as the browser's renderer reads it: one JSON document per data version.

The map's data reaches the browser ONCE, as a static file (layers/offline.publish_payload names it by a hash of
its bytes); a year step then sends only the view (year, mode, layers, selection), never features. So every rule
the renderer applies in JavaScript is written down here with the fields it needs:

- visibility (atlas.queries.is_visible): `first` and `last` are the first and last day an event covers, in days
  since 1970-01-01; `last` null means ongoing. "state" shows an event whose [first, last] touches the year,
  "cumulative" one whose `first` is on or before 31 December of the year.
- routes (atlas.queries.route_until): `route` is the list of vertices in order, each
  {"seq", "lat", "lon", "day" (first day of its date or null), "date" (human), "leg" ("sourced"|"inferred"),
  "source" (source id or ""), "place" (place name or "")}; in a year the route is drawn up to its last dated
  vertex whose `day` is on or before 31 December. Any event with route points is a route, whatever its layer.
- places: where marks sit, with `precision_km` (the halo, drawn in metres by the browser) and `label`, the short
  name the base map writes beside it (empty: not labelled).

Dataset payloads (imported event tables, up to 100,000 rows; written by atlas.datasets) are columnar:
    {"name", "label", "count", "categories": {"event_type": [labels], "actor": [labels], "country": [labels]},
     "row": [row ids], "lat": [...], "lon": [...], "start": [days since 1970-01-01],
     "end": [days since 1970-01-01 or null], "precision_km": [...],
     "event_type": [index], "actor1": [index], "actor2": [index or null], "country": [index]}
The renderer draws them on a canvas, filters them by year/mode and by allowed category indices, and reports a
click as {"kind": "dataset", "dataset": name, "row": row id}.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from typing import Any

from atlas.dates import PartialDate, human_span
from atlas.model import Atlas, Event, Place
from atlas.outlets import rests_only_on_partisan

EPOCH = dt.date(1970, 1, 1)
# Place kinds the base map names (cities and the bases and sites the story turns on).
LABELLED_KINDS = ("city", "naval_base", "air_base", "town", "oil_field", "oil_terminal")
_SUFFIX = re.compile(r"\s*(\(.*\)|naval facility|naval base|air base|oil field|oil terminal)\s*$", re.IGNORECASE)


def day_number(date: dt.date) -> int:
    """Days since 1970-01-01 (what JavaScript's Date.UTC(...) / 86400000 gives)."""
    return (date - EPOCH).days


def place_label(place: Place) -> str:
    """The short name the map writes: 'Al-Jufra air base (placed at Hun town)' → 'Al-Jufra'; '' if not labelled."""
    if place.kind not in LABELLED_KINDS:
        return ""
    name = place.name
    while (shorter := _SUFFIX.sub("", name)) != name:
        name = shorter
    return name.strip() or place.name


def _day(date: PartialDate | None) -> int | None:
    return None if date is None else day_number(date.first_day)


def event_record(atlas: Atlas, event: Event) -> dict[str, Any]:
    route = atlas.route_for(event.id)
    record: dict[str, Any] = {
        "id": event.id,
        "layer": event.layer,
        "title": event.title,
        "place": event.place_id,
        "status": event.status,
        "first": day_number(event.start.first_day),
        "last": day_number(event.end.last_day) if event.end else None,
        "start_year": event.start.year,
        "date": human_span(event.start, event.end),
        "country_wide": atlas.places[event.place_id].kind == "country",
        "partisan": rests_only_on_partisan(atlas, event),
    }
    if len(route) >= 2:
        record["route"] = [
            {
                "seq": p.seq,
                "lat": p.lat,
                "lon": p.lon,
                "day": _day(p.date),
                "date": p.date.human() if p.date else "",
                "leg": p.leg,
                "source": p.source_id,
                "place": atlas.places[p.place_id].name if p.place_id in atlas.places else "",
            }
            for p in route
        ]
    return record


def atlas_payload(atlas: Atlas) -> dict[str, Any]:
    """Everything the renderer needs about the curated atlas; events whose place has no coordinates are left out."""
    events = [
        e
        for e in sorted(atlas.events.values(), key=lambda e: (e.start.first_day, e.id))
        if e.place_id in atlas.places and atlas.places[e.place_id].has_coordinates
    ]
    used = {e.place_id for e in events}
    places = {
        p.id: {
            "name": p.name,
            "lat": p.lat,
            "lon": p.lon,
            "kind": p.kind,
            "precision_km": p.precision_km,
            "label": place_label(p),
        }
        for p in atlas.places.values()
        if p.id in used and p.has_coordinates
    }
    sources = {
        s.id: {"title": s.title, "outlet": s.outlet, "published": s.published.human() if s.published else ""}
        for s in atlas.sources.values()
    }
    return {"version": 1, "places": places, "events": [event_record(atlas, e) for e in events], "sources": sources}


def payload_bytes(payload: dict[str, Any]) -> bytes:
    """Canonical JSON bytes (sorted keys, no spaces): the same atlas always gives the same file and hash."""
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]
