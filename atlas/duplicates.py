"""Is this already in the atlas? The same article (same text or same address) and the same event (same place,
same layer, overlapping dates), so a reviewer adds a new excerpt to what the map has instead of a copy.

Plain functions over an Atlas; the review page and the command line ask them, atlas.addition writes the answer.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from atlas.dates import PartialDate
from atlas.gazetteer import normalize
from atlas.geo import distance_km
from atlas.ingest.toponyms import Toponym
from atlas.model import Atlas, Event

SAME_PLACE_KM = 25.0  # two readings this close, with the same name or reference, are one place
WINDOW_DAYS = 31  # dates this far apart still describe the same event ("late September" and "1 October")


@dataclass(frozen=True)
class SourceMatch:
    source_id: str
    reason: str  # "the same text" · "the same address"


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def canonical_url(url: str) -> str:
    """An address without its scheme, 'www.', fragment, tracking parameters and trailing slash."""
    parts = urlsplit(url.strip())
    if not parts.netloc:
        return ""
    host = parts.netloc.lower().removeprefix("www.")
    query = "&".join(q for q in parts.query.split("&") if q and not q.lower().startswith(("utm_", "fbclid", "gclid")))
    return f"{host}{parts.path.rstrip('/')}" + (f"?{query}" if query else "")


def same_source(atlas: Atlas, text: str, url: str = "") -> SourceMatch | None:
    """The source in seeds/ this article already is: the same words (spacing and case aside) or the same address."""
    words = _words(text)
    for source_id, seed in atlas.seed_texts.items():
        if words and _words(seed) == words:
            return SourceMatch(source_id, "the same text")
    address = canonical_url(url)
    if address:
        for source in atlas.sources.values():
            if source.url and canonical_url(source.url) == address:
                return SourceMatch(source.id, "the same address")
    return None


def place_ids(atlas: Atlas, place: Toponym) -> set[str]:
    """Ids of the atlas's places this reading stands for: by reference, or by name within SAME_PLACE_KM."""
    if place.ref in atlas.places:
        return {place.ref}
    if place.lat is None or place.lon is None:
        return set()
    key = normalize(place.name)
    out = set()
    for p in atlas.places.values():
        if not p.has_coordinates:
            continue
        near = distance_km((p.lat, p.lon), (place.lat, place.lon)) <= SAME_PLACE_KM  # type: ignore[arg-type]
        named = key in {normalize(n) for n in (p.name, *p.aliases)}
        if near and (named or p.kind == place.kind == "city"):
            out.add(p.id)
    return out


def _interval(start: PartialDate, end: PartialDate | None) -> tuple[dt.date, dt.date]:
    return start.first_day, (end or start).last_day


def same_events(
    atlas: Atlas, place: Toponym, layer: str, start: str, end: str = "", window_days: int = WINDOW_DAYS
) -> list[Event]:
    """Events of the atlas at the same place, on the same layer, whose dates overlap this one's (± the window).

    An open-ended event (no end) overlaps everything after its start.
    """
    try:
        first = PartialDate.parse(start)
        last = PartialDate.parse(end) if end.strip() else None
    except ValueError:
        return []
    ids = place_ids(atlas, place)
    if not ids:
        return []
    lo, hi = _interval(first, last)
    window = dt.timedelta(days=window_days)
    out = []
    for event in atlas.events.values():
        if event.layer != layer or event.place_id not in ids:
            continue
        e_lo, e_hi = _event_interval(event)
        if lo - window <= e_hi and e_lo <= hi + window:
            out.append(event)
    return sorted(out, key=lambda e: e.start)


def _event_interval(event: Event) -> tuple[dt.date, dt.date]:
    if event.end is not None:
        return event.start.first_day, event.end.last_day
    return event.start.first_day, (dt.date.max if _open(event) else event.start.last_day)


def _open(event: Event) -> bool:
    """An empty end is "still going on" for a presence, a base or a plan; a meeting or a clash with no end
    was a single event on its start date."""
    return event.end is None and event.layer in ("bases", "wagner_sites", "port_plans")
