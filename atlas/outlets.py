"""What kind of outlet a source is, and which claims rest only on state media or a party to the conflict.

Interface shared by the panel and the filters; the rules and the data behind them are filled in with the
atlas's outlet kinds (sources.csv).
"""

from __future__ import annotations

from atlas.model import Atlas, Event, Source


def outlet_label(source: Source) -> str:
    """How the panel names an outlet, e.g. "Sputnik — Russian state media"."""
    return source.outlet


def rests_only_on_partisan(atlas: Atlas, event: Event) -> bool:
    """True when every source of the event is state media or a party to the conflict."""
    return False
