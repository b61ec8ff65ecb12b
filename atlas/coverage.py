"""How far the atlas's reporting reaches: the date of its latest cited source, for the page and the README."""

from __future__ import annotations

from atlas.dates import PartialDate
from atlas.model import Atlas


def latest_report(atlas: Atlas) -> PartialDate | None:
    """Publication date of the most recent source that at least one excerpt cites (None: nothing dated)."""
    cited = {x.source_id for x in atlas.excerpts}
    dates = [s.published for s in atlas.sources.values() if s.id in cited and s.published is not None]
    return max(dates, key=lambda d: d.last_day, default=None)


def coverage_label(atlas: Atlas) -> str:
    """'Reporting up to January 2026': the month of the latest cited source (its year if that is all we know)."""
    latest = latest_report(atlas)
    if latest is None:
        return "No dated reporting yet"
    shown = PartialDate(latest.year, latest.month) if latest.month else latest
    return f"Reporting up to {shown.human()}"
