"""The timeline under the map: per year, how many events each layer holds, the selected year marked.

Built from atlas.timeline.year_counts (the numbers the test checks against the data); clicking a bar picks its
year (the page passes on_select). Layer colours and names are the map's own.

The chart is a plain Vega-Lite spec (a dict), not an Altair object: Altair validates every spec against the
Vega-Lite JSON schema, about 30 ms of every year step on two cores, for a spec that never changes shape. The
selected year is marked by a line of CSS (`year_css`), not in the spec, so a year step does not redraw the chart.
"""

from __future__ import annotations

import functools
from typing import Any

from atlas.timeline import YearCount
from layers import BY_ID

SELECTION = "year_pick"
INK = "#1a1a1a"
LABEL_INK = "#222"
HEIGHT = 90
BARS = "bars"
DIMMED = 0.55  # every bar but the selected year's


def rows(counts: tuple[YearCount, ...] | list[YearCount]) -> list[dict[str, Any]]:
    """One row per year and layer that holds something (an empty bar segment draws nothing and costs bytes)."""
    return [
        {"year": c.year, "layer": BY_ID[c.layer].LABEL, "count": c.count, "new": c.new}
        for c in counts
        if c.layer in BY_ID and c.count
    ]


@functools.lru_cache(maxsize=64)
def _bars(counts: tuple[YearCount, ...], layers: tuple[str, ...], years: tuple[int, ...]) -> dict[str, Any]:
    shown = [BY_ID[layer] for layer in layers if layer in BY_ID]
    return {
        "name": "bars",
        "data": {"name": BARS},
        "mark": {"type": "bar", "cursor": "pointer", "stroke": INK, "strokeWidth": 0.5},
        "params": [{"name": SELECTION, "select": {"type": "point", "fields": ["year"], "on": "click", "clear": False}}],
        "encoding": {
            "x": {
                "field": "year",
                "type": "ordinal",
                "title": None,
                "scale": {"domain": list(years)},  # every year of the slider, also those without a bar
                "axis": {"labelAngle": 0, "labelOverlap": "greedy", "labelColor": LABEL_INK},
            },
            "y": {
                "field": "count",
                "aggregate": "sum",
                "type": "quantitative",
                "title": "events",
                "axis": {"tickMinStep": 1, "titleColor": LABEL_INK, "labelColor": LABEL_INK},
            },
            "color": {
                "field": "layer",
                "type": "nominal",
                "legend": None,
                "scale": {"domain": [lay.LABEL for lay in shown], "range": [lay.COLOR for lay in shown]},
            },
            "tooltip": [
                {"field": "year", "type": "ordinal"},
                {"field": "layer", "type": "nominal"},
                {"field": "count", "type": "quantitative", "title": "events"},
                {"field": "new", "type": "quantitative", "title": "new that year"},
            ],
        },
    }


def spec(counts: tuple[YearCount, ...], layers: tuple[str, ...], rows_url: str | None = None) -> dict[str, Any]:
    """Stacked bars per year (the layers shown on the map), every bar at 55 % opacity.

    The selected year is not in the spec: it is marked by `year_css` (full opacity and a dark outline on that
    year's bars), so a year step leaves the chart byte-identical — Streamlit sends it as a reference to what the
    browser holds and the browser does not draw it again. With `rows_url` (the `rows` published as a static JSON
    file) the spec names the file instead of holding the rows: Streamlit then has no table to turn into Arrow on
    every run (about 5 ms of a year step on the server), and Vega reads the file once."""
    years = tuple(sorted({c.year for c in counts}))
    bars = dict(_bars(counts, layers, years))
    bars["encoding"] = {**bars["encoding"], "opacity": {"value": DIMMED}}
    chart: dict[str, Any] = {"$schema": "https://vega.github.io/schema/vega-lite/v6.json", "height": HEIGHT}
    if rows_url is None:
        return {**chart, "layer": [bars], "datasets": {BARS: rows(counts)}}
    bars["data"] = {"url": rows_url, "format": {"type": "json"}}
    return {**chart, "layer": [bars]}


def year_css(year: int) -> str:
    """The selected year's bars at full opacity with a dark outline. Vega draws the chart as SVG and names each
    bar "year: 2017; events: …" (its tooltip fields), which the rule selects; CSS wins over Vega's attributes."""
    return (
        f'<style>[data-testid="stVegaLiteChart"] path[aria-label^="year: {int(year)};"] '
        f"{{ fill-opacity: 1; opacity: 1; stroke: {INK}; stroke-width: 1.5px; }}</style>"
    )
