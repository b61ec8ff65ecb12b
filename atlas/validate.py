"""Cross-record checks: every reference resolves, every seed quote is verbatim, every mark has a source.

All problems are collected (never the first one only), each with file, line, id and a sentence, and the
records that would mislead the map (an event with no place, a quote not in its article) are hidden.
"""

from __future__ import annotations

import itertools
from collections import defaultdict

from atlas.model import Atlas, Problem


def validate(atlas: Atlas) -> None:
    """Append cross-record problems to atlas.problems and drop the records they make unusable."""
    problems = atlas.problems
    _check_excerpts(atlas, problems)
    _check_events(atlas, problems)
    _check_route(atlas, problems)


def _check_excerpts(atlas: Atlas, problems: list[Problem]) -> None:
    kept = []
    for x in atlas.excerpts:
        source = atlas.sources.get(x.source_id)
        if x.event_id not in atlas.events:
            problems.append(Problem("excerpts.csv", x.line, "event_id", x.event_id, "no event has this id"))
            continue
        if source is None:
            problems.append(Problem("excerpts.csv", x.line, "source_id", x.event_id, f"no source '{x.source_id}'"))
            continue
        if source.kind == "seed":
            text = atlas.seed_texts.get(source.id)
            if text is not None and x.quote not in text:
                problems.append(
                    Problem(
                        "excerpts.csv", x.line, "quote", x.event_id, f"quote is not verbatim in seeds/{source.id}.txt"
                    )
                )
                continue
        kept.append(x)
    atlas.excerpts = kept


def _check_events(atlas: Atlas, problems: list[Problem]) -> None:
    cited = {x.event_id for x in atlas.excerpts}
    for event in list(atlas.events.values()):
        place = atlas.places.get(event.place_id)
        reason = None
        column = "place_id"
        if place is None:
            reason = f"no place '{event.place_id}'"
        elif not place.has_coordinates:
            reason = f"place '{place.id}' has no coordinates yet (run: python -m atlas geocode)"
        elif event.id not in cited:
            reason, column = "no excerpt cites a source for this event", "id"
        if reason:
            problems.append(Problem("events.csv", event.line, column, event.id, reason))
            del atlas.events[event.id]


def _check_route(atlas: Atlas, problems: list[Problem]) -> None:
    kept = []
    seen: set[tuple[str, int]] = set()
    for p in atlas.route_points:
        reason, column = None, ""
        event = atlas.events.get(p.route_id)
        if event is None or event.layer != "carrier_route":
            reason, column = "route_id names no carrier_route event", "route_id"
        elif (p.route_id, p.seq) in seen:
            reason, column = f"seq {p.seq} appears twice in this route", "seq"
        elif p.place_id and p.place_id not in atlas.places:
            reason, column = f"no place '{p.place_id}'", "place_id"
        elif p.leg == "sourced" and p.date is None:
            reason, column = "a sourced vertex needs a date (or mark it inferred)", "date"
        elif p.leg == "sourced" and p.source_id not in atlas.sources:
            reason, column = "a sourced vertex needs a source_id that resolves", "source_id"
        if reason:
            problems.append(Problem("route_points.csv", p.line, column, p.route_id, reason))
            continue
        seen.add((p.route_id, p.seq))
        kept.append(p)
    atlas.route_points = kept
    by_route: dict[str, list] = defaultdict(list)
    for p in kept:
        by_route[p.route_id].append(p)
    for route_id, points in by_route.items():
        dated = [p for p in sorted(points, key=lambda q: q.seq) if p.date is not None]
        for before, after in itertools.pairwise(dated):
            if after.date.first_day < before.date.first_day:  # type: ignore[union-attr]
                problems.append(
                    Problem(
                        "route_points.csv",
                        after.line,
                        "date",
                        route_id,
                        f"date goes back in time after seq {before.seq}",
                    )
                )
