"""What is visible when: the one place where time, layers and status are combined.

Layers draw what these functions return; the app and the export ask them too, so the map, the list of the
year's events and a downloaded file can never disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from atlas.model import Atlas, Event, RoutePoint

MODES = ("state", "cumulative")
# Place kinds that count towards GIS's "four air bases, five fields, four terminals".
WAGNER_SITE_KINDS = {"air_base": 4, "oil_field": 5, "oil_terminal": 4}


def lifespan(event: Event) -> tuple[dt.date, dt.date]:
    """The interval an event covers; an empty end means ongoing (open to the far future)."""
    end = event.end.last_day if event.end else dt.date.max
    return event.start.first_day, end


def is_visible(event: Event, year: int, mode: str = "state") -> bool:
    """'state': the lifespan touches the year. 'cumulative': it started by the end of the year."""
    start, end = lifespan(event)
    if mode == "cumulative":
        return start <= dt.date(year, 12, 31)
    return start <= dt.date(year, 12, 31) and end >= dt.date(year, 1, 1)


def visible_events(atlas: Atlas, year: int | None, layers: set[str] | None = None, mode: str = "state") -> list[Event]:
    """The events to draw, in date order; year None means every year."""
    events = [
        e
        for e in atlas.events.values()
        if (layers is None or e.layer in layers) and (year is None or is_visible(e, year, mode))
    ]
    return sorted(events, key=lambda e: (e.start.first_day, e.id))


def shown_events(
    atlas: Atlas, year: int, layers: set[str], mode: str = "state", hide_partisan: bool = False
) -> list[Event]:
    """What the map and the list show: visible events, less claims resting only on partisan sources if asked.

    The renderer applies the same rule in the browser (atlas/payload.py: `partisan`)."""
    from atlas.outlets import rests_only_on_partisan

    events = visible_events(atlas, year, layers, mode)
    return [e for e in events if not (hide_partisan and rests_only_on_partisan(atlas, e))]


def year_range(atlas: Atlas) -> tuple[int, int]:
    """The slider's span: first start year to the last year anything starts or ends."""
    years = [e.start.year for e in atlas.events.values()]
    years += [e.end.year for e in atlas.events.values() if e.end]
    return (min(years), max(years)) if years else (dt.date.today().year, dt.date.today().year)


def route_until(points: list[RoutePoint], year: int | None) -> list[RoutePoint]:
    """The route as far as it had sailed by the end of `year`: up to its last dated vertex in or before it."""
    if year is None:
        return points
    last = -1
    for i, p in enumerate(points):
        if p.date is not None and p.date.first_day <= dt.date(year, 12, 31):
            last = i
    return points[: last + 1]


@dataclass(frozen=True)
class SiteCount:
    kind: str
    reported: int  # what the GIS report counts
    named: int  # how many of them public sources name (events mapped in wagner_sites)


def wagner_site_counts(atlas: Atlas) -> list[SiteCount]:
    """GIS's count beside the number of sites public sources name, so the gap stays visible."""
    named: dict[str, set[str]] = {kind: set() for kind in WAGNER_SITE_KINDS}
    for e in atlas.events.values():
        place = atlas.places.get(e.place_id)
        if e.layer == "wagner_sites" and place and place.kind in named:
            named[place.kind].add(place.id)
    return [SiteCount(k, n, len(named[k])) for k, n in WAGNER_SITE_KINDS.items()]


def find_quote(text: str, quote: str) -> tuple[int, int] | None:
    """Offsets of a verbatim quote in its article, or None."""
    start = text.find(quote)
    return None if start < 0 else (start, start + len(quote))


def paragraph_around(text: str, start: int, end: int) -> tuple[str, int, int]:
    """The paragraph holding [start, end) and the quote's offsets inside it, for highlighting."""
    p_start = text.rfind("\n", 0, start) + 1
    p_end = text.find("\n", end)
    p_end = len(text) if p_end < 0 else p_end
    return text[p_start:p_end], start - p_start, end - p_start
