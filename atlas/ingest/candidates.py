"""Candidates: one per sentence that puts something in a place and a time, with a suggested layer and status.

The cue words are deliberately visible and few; they suggest, and the analyst decides on the review page.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from atlas.dates import human_span
from atlas.ingest.cues import LOCATIVE_BEFORE
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
    ("bases", re.compile(r"\b(air base|naval base|base|facility)\b|\bport\b(?! officials| authorit| workers)", re.I)),
]
STATUS_CUES: list[tuple[str, re.Pattern[str]]] = [
    ("denied", re.compile(r"\bden(y|ied|ies)\b|did not correspond", re.I)),
    ("claimed", re.compile(r"\bclaim(s|ed)?\b|alleg|Debka", re.I)),
    # "may" only in lower case: "3 May 2024" is a date, not a plan.
    (
        "planned",
        re.compile(r"\b(plans?|planned|aims? to|intends?|will|would|to open|talk of|preparing)\b|\b(?-i:may)\b", re.I),
    ),
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


def where_first(text: str, places: list[Toponym]) -> list[Toponym]:
    """The sentence's places, the likeliest location first: resolved before unresolved, one after
    "in/at/near/off…" before a bare name, and towns before countries."""

    def key(p: Toponym) -> tuple[bool, bool, bool]:
        before = text[max(0, p.start_offset - 20) : p.start_offset]
        return (not p.resolved, not LOCATIVE_BEFORE.search(before), p.kind == "country")

    return sorted(places, key=key)


def suggest_layer(sentence: str) -> str:
    return next((layer for layer, cue in LAYER_CUES if cue.search(sentence)), "diplomacy")


def suggest_status(sentence: str) -> str:
    return next((status for status, cue in STATUS_CUES if cue.search(sentence)), "reported")


_SOURCE_CUE = re.compile(r"\b(?:according to|citing|cited by|reported by)\s+([^,;.:()]{3,80})", re.I)
TITLE_CHARS = 90


def suggest_attribution(sentence: str, outlet: str) -> str:
    """Who says so: the outlet, and whom it cites when the sentence names them ("according to Bloomberg")."""
    outlet = outlet.strip() or "the article"
    cited = _SOURCE_CUE.search(sentence)
    return f"{outlet}, citing {cited.group(1).strip()}" if cited else outlet


def suggest_title(sentence: str) -> str:
    """The sentence itself, cut at a word before TITLE_CHARS: a draft for the analyst to shorten."""
    text = " ".join(sentence.split()).rstrip(".")
    if len(text) <= TITLE_CHARS:
        return text
    return text[:TITLE_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def suggest_end(date: DateMention) -> str:
    """A range keeps its end; a lone date ends where it starts.

    An article dates what it reports; that a base or a presence goes on afterwards is a further claim, so
    "ongoing" (an empty end) is the analyst's choice, never the default.
    """
    return (date.end_value or date.value).iso()


def describe_evidence(place: Toponym, date: DateMention, *, inherited: bool = False, chosen: bool = False) -> str:
    """How the place and date were read, in words: the summary an accepted feature keeps as its provenance."""
    where = f"±{place.precision_km:g} km" if place.precision_km else "exact"
    if place.kind == "curated":
        read = f"the map's place '{place.ref}'"
    else:
        read = f"{place.ref} ({place.kind}, {place.country or 'no country'}; {place.source})"
    said = f"“{date.text}”" + (" (in an earlier sentence)" if inherited else "")
    how = date.rule if not date.anchored_to else f"{date.rule}, counted from {date.anchored_to}"
    value = date.value.human() if date.end_value is None else human_span(date.value, date.end_value)
    return (
        f"Place “{place.name}” read as {read}, {where}, confidence {place.confidence:.2f}"
        f"{', chosen by the analyst among ' + str(len(place.readings)) + ' readings' if chosen else ''}. "
        f"Date {said} read as {value} ({how})."
    )


def build_candidates(
    text: str, sentences: list[tuple[int, int]], places: list[Toponym], dates: list[DateMention]
) -> list[Candidate]:
    """A sentence with a literal place becomes a candidate; with no date of its own it takes the last one.

    "Moscow plans a consulate" proposes nothing in Moscow: the name stands for the government there.
    """
    out, last_dates = [], []
    # Places and dates in text order, found per sentence by bisection (a scan of all of them for every
    # sentence made a long article cost the square of its length).
    places = sorted(places, key=lambda p: p.start_offset)
    dates = sorted(dates, key=lambda d: d.start_offset)
    place_starts, date_starts = [p.start_offset for p in places], [d.start_offset for d in dates]
    for a, b in sentences:
        in_sentence = places[bisect_left(place_starts, a) : bisect_left(place_starts, b)]
        # Literal places only; an unresolved one comes with its readings, for the analyst to choose from.
        own_places = list({p.ref: p for p in in_sentence if p.literal}.values())
        own_dates = dates[bisect_left(date_starts, a) : bisect_left(date_starts, b)]
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
                where_first(text, own_places),
                own_dates or last_dates,
                not own_dates,
            )
        )
    return out
