"""The timeline under the map: per year, how many events each layer holds, the selected year marked.

Built from atlas.timeline.year_counts (the numbers the test checks against the data); clicking a bar picks its
year (the page passes on_select). Layer colours and names are the map's own.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from atlas.timeline import YearCount
from layers import BY_ID

SELECTION = "year_pick"


def frame(counts: list[YearCount]) -> pd.DataFrame:
    rows = [
        {"year": c.year, "layer": BY_ID[c.layer].LABEL, "count": c.count, "new": c.new}
        for c in counts
        if c.layer in BY_ID
    ]
    return pd.DataFrame(rows, columns=["year", "layer", "count", "new"])


def chart(counts: list[YearCount], year: int, layers: tuple[str, ...]) -> alt.LayerChart:
    """Stacked bars per year (the layers shown on the map), the selected year outlined and labelled."""
    data = frame([c for c in counts if c.layer in layers])
    shown = [BY_ID[layer] for layer in layers if layer in BY_ID]
    pick = alt.selection_point(name=SELECTION, fields=["year"], on="click", clear=False)
    x = alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0, labelOverlap="greedy", labelColor="#222"))
    bars = (
        alt.Chart(data)
        .mark_bar(stroke="#1a1a1a", strokeWidth=0.5, cursor="pointer")
        .encode(
            x=x,
            y=alt.Y("sum(count):Q", title="events", axis=alt.Axis(tickMinStep=1, titleColor="#222", labelColor="#222")),
            color=alt.Color(
                "layer:N",
                scale=alt.Scale(domain=[lay.LABEL for lay in shown], range=[lay.COLOR for lay in shown]),
                legend=None,
            ),
            opacity=alt.condition(alt.datum.year == year, alt.value(1.0), alt.value(0.55)),
            tooltip=[
                alt.Tooltip("year:O"),
                alt.Tooltip("layer:N"),
                alt.Tooltip("count:Q", title="events"),
                alt.Tooltip("new:Q", title="new that year"),
            ],
        )
        .add_params(pick)
    )
    marker = (
        alt.Chart(pd.DataFrame({"year": [year]}))
        .mark_rule(color="#1a1a1a", strokeWidth=2, strokeDash=[3, 2])
        .encode(x=alt.X("year:O"))
    )
    return (marker + bars).properties(height=90)
