"""Time that tells the story: which years the slider spans, what each year holds, what is new, and Play.

The axis spans the years in which things happen. Long-lived context that began long before (the Tartus
facility, 1971) does not stretch it: such an event is shown in every year it lasts, dated "since 1971".
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from dataclasses import dataclass

from atlas.model import Atlas, Event
from atlas.queries import shown_events

# A gap longer than this between two event years cuts the earlier years off the axis.
MAX_GAP_YEARS = 8


def event_years(atlas: Atlas) -> list[int]:
    """Every year in which an event starts or ends, sorted, without repeats."""
    years = {e.start.year for e in atlas.events.values()}
    years |= {e.end.year for e in atlas.events.values() if e.end}
    return sorted(years)


def year_axis(atlas: Atlas, today: dt.date | None = None) -> tuple[int, int]:
    """(first, last) year of the slider: from the first year after the last long gap to the last event year.

    An empty atlas gives (this year, this year); a one-year atlas gives (y, y): the page shows no slider then.
    """
    years = event_years(atlas)
    if not years:
        year = (today or dt.date.today()).year
        return year, year
    first = years[0]
    for earlier, later in itertools.pairwise(years):
        if later - earlier > MAX_GAP_YEARS:
            first = later
    return first, years[-1]


def clamp_year(year: int, axis: tuple[int, int]) -> int:
    return min(max(year, axis[0]), axis[1])


@dataclass(frozen=True)
class YearCount:
    year: int
    layer: str
    count: int  # events of this layer the map shows at this year (same mode and filters as the map)
    new: int  # of them, how many start in this year


def year_counts(
    atlas: Atlas, axis: tuple[int, int], layers: tuple[str, ...], mode: str = "state", hide_partisan: bool = False
) -> list[YearCount]:
    """Per year of the axis and per layer: how many events the map would show at that year, and how many are new.

    The same rule as the map (atlas.queries.shown_events): the layers switched on, the mode ("state": what the
    year holds; "cumulative": everything up to it) and the state-media/party filter, so the selected year's bars
    add up to the marks drawn. The page's timeline is drawn by the renderer from the same data
    (layers/assets/footprint_map.js, footprint.yearCounts); this is the rule a browser test holds it to."""
    out = []
    for year in range(axis[0], axis[1] + 1):
        shown = shown_events(atlas, year, set(layers), mode, hide_partisan)
        held = Counter(e.layer for e in shown)
        new = Counter(e.layer for e in shown if e.start.year == year)
        out += [YearCount(year, layer, held[layer], new[layer]) for layer in layers]
    return out


def is_new(event: Event, year: int) -> bool:
    """New in this year: it starts in it."""
    return event.start.year == year


def play_start(year: int, axis: tuple[int, int]) -> int:
    """Where Play begins: from the current year, or from the first year of the axis when at (or past) the end."""
    return axis[0] if year >= axis[1] else clamp_year(year, axis)


def play_next(year: int, axis: tuple[int, int]) -> int | None:
    """The year after this one while playing, None when the last year has been shown."""
    return year + 1 if year < axis[1] else None
