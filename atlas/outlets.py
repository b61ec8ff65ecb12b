"""What kind of outlet a source is, and which claims rest only on state media or a party to the conflict.

Interface shared by the panel and the filters. The kinds come from sources.csv (``outlet_kind``, one of
atlas.model.OUTLET_KINDS, and ``outlet_of``: the state that owns or controls a state outlet, the party a
party's channel speaks for).
"""

from __future__ import annotations

from atlas.model import PARTISAN_KINDS, Atlas, Event, Source

KIND_LABELS = {
    "wire": "wire agency",
    "independent": "independent outlet",
    "think_tank": "think tank or research body",
    "osint": "open-source investigators",
    "reference": "reference work",
}
# Adjectives for the states whose media the atlas cites; any other state reads "state media of X".
STATE_ADJECTIVES = {
    "Russia": "Russian",
    "Libya": "Libyan",
    "Syria": "Syrian",
    "Turkey": "Turkish",
    "Türkiye": "Turkish",
    "Qatar": "Qatari",
    "Italy": "Italian",
    "Egypt": "Egyptian",
    "China": "Chinese",
    "Iran": "Iranian",
    "Ukraine": "Ukrainian",
    "United Arab Emirates": "Emirati",
    "Sudan": "Sudanese",
    "Belarus": "Belarusian",
    "Pakistan": "Pakistani",
}
UNNAMED = "not named in the text"


def kind_label(source: Source) -> str:
    """What the outlet is, in words: 'Russian state media', 'party to the conflict', 'wire agency'…"""
    kind, of = source.outlet_kind, source.outlet_of.strip()
    if kind == "state_media":
        adjective = STATE_ADJECTIVES.get(of)
        return f"{adjective} state media" if adjective else f"state media of {of}" if of else "state media"
    if kind == "party":
        if of and of.lower() not in source.outlet.lower():
            return f"party to the conflict ({of})"
        return "party to the conflict"
    return KIND_LABELS.get(kind, "")


def outlet_label(source: Source) -> str:
    """How the panel names an outlet, e.g. "Sputnik — Russian state media", "Reuters via Dawn — wire agency"."""
    kind = kind_label(source)
    outlet = source.outlet.strip()
    if not outlet or outlet == UNNAMED:
        return f"outlet {UNNAMED}" + (" — news article" if source.kind == "seed" else "")
    return f"{outlet} — {kind}" if kind else outlet


def is_partisan(source: Source) -> bool:
    """State media, or a party to the conflict speaking for itself."""
    return source.outlet_kind in PARTISAN_KINDS


def rests_only_on_partisan(atlas: Atlas, event: Event) -> bool:
    """True when every source of the event is state media or a party to the conflict."""
    sources = [atlas.sources[x.source_id] for x in atlas.excerpts_for(event.id) if x.source_id in atlas.sources]
    return bool(sources) and all(is_partisan(s) for s in sources)
