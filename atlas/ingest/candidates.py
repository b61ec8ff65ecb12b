"""Candidates: one per sentence that puts something in a place and a time, with a suggested layer and status.

The cue words are deliberately visible and few; they suggest, and the analyst decides on the review page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from atlas.ingest.temporal import DateMention
from atlas.ingest.toponyms import Toponym

# First match wins, in this order.
LAYER_CUES: list[tuple[str, re.Pattern[str]]] = [
    ("carrier_route", re.compile(r"aircraft carrier|Kuznetsov|\bcarrier\b", re.I)),
    ("wagner_sites", re.compile(r"Wagner|mercenar|Africa Corps", re.I)),
    (
        "port_plans",
        re.compile(
            r"\b(port|naval base|base|consulate|docking)\b.*\b(plan|aim|open|establish|deal|build|"
            r"talk|negotiat|offer)|\b(plan|aim|open|establish|deal|build|talk|negotiat|offer)\w*\b"
            r".*\b(port|naval base|base|consulate)\b",
            re.I,
        ),
    ),
    (
        "conflict",
        re.compile(r"offensive|attack|crash|killed|took over|taken over|fighting|war\b|clash|strike|bomb", re.I),
    ),
    ("diplomacy", re.compile(r"\bmet\b|meeting|visit|talks|embassy|consulate|delegation|call with|received", re.I)),
    ("bases", re.compile(r"\b(air base|naval base|base|port|facility)\b", re.I)),
]
STATUS_CUES: list[tuple[str, re.Pattern[str]]] = [
    ("denied", re.compile(r"\bden(y|ied|ies)\b|did not correspond", re.I)),
    ("claimed", re.compile(r"\bclaim(s|ed)?\b|alleg|Debka", re.I)),
    ("planned", re.compile(r"\b(plans?|planned|aims? to|intends?|will|would|to open|talk of|preparing|may)\b", re.I)),
]


@dataclass
class Candidate:
    sentence: str
    start_offset: int
    end_offset: int
    layer: str
    status: str
    places: list[Toponym] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    date_inherited: bool = False  # the date comes from an earlier sentence, not this one

    def to_json(self) -> dict[str, object]:
        return {
            "sentence": self.sentence,
            "start_offset": self.start_offset,
            "end_offset": self.end_offset,
            "layer": self.layer,
            "status": self.status,
            "date_inherited": self.date_inherited,
            "places": [p.to_json() for p in self.places],
            "dates": [d.to_json() for d in self.dates],
        }


def suggest_layer(sentence: str) -> str:
    return next((layer for layer, cue in LAYER_CUES if cue.search(sentence)), "diplomacy")


def suggest_status(sentence: str) -> str:
    return next((status for status, cue in STATUS_CUES if cue.search(sentence)), "reported")


def build_candidates(
    text: str, sentences: list[tuple[int, int]], places: list[Toponym], dates: list[DateMention]
) -> list[Candidate]:
    """A sentence with a resolved place becomes a candidate; with no date of its own it takes the last one."""
    out, last_dates = [], []
    for a, b in sentences:
        own_places = list({p.ref: p for p in places if a <= p.start_offset < b and p.resolved}.values())
        own_dates = [d for d in dates if a <= d.start_offset < b]
        if own_dates:
            last_dates = own_dates
        if not own_places or not (own_dates or last_dates):
            continue
        sentence = text[a:b]
        out.append(
            Candidate(
                sentence,
                a,
                b,
                suggest_layer(sentence),
                suggest_status(sentence),
                own_places,
                own_dates or last_dates,
                not own_dates,
            )
        )
    return out
