"""The records Footprint knows: sources, places, events, excerpts and route points.

Plain frozen dataclasses with no I/O, so that loading, validation, queries and layers can share them
and tests can build them by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from atlas.dates import PartialDate

LAYER_IDS = ("bases", "port_plans", "carrier_route", "wagner_sites", "diplomacy", "conflict", "logistics")
# Layers whose events may have route points (drawn as a line through dated, sourced positions).
ROUTE_LAYERS = ("carrier_route", "logistics")
STATUSES = ("reported", "planned", "claimed", "denied", "confirmed")
SOURCE_KINDS = ("seed", "background")
# What an outlet is: a news agency, an independent outlet, media a state owns or controls, a party to the
# conflict speaking for itself, a research institute, open-source investigators, or a reference work.
OUTLET_KINDS = ("wire", "independent", "state_media", "party", "think_tank", "osint", "reference")
# Kinds that speak for a side: a claim resting only on these is flagged, and cannot be "confirmed" by them alone.
PARTISAN_KINDS = ("state_media", "party")
# What an event's start date is: the date of the event itself as an excerpt gives it, the source's publication
# date, the date it was reported or observed (an imagery date), or inferred (the summary says from what).
DATE_BASES = ("event", "publication", "report", "inferred")
LEGS = ("sourced", "inferred")
# Statuses that describe something not (yet) shown to exist: drawn hollow and dashed.
UNCERTAIN_STATUSES = ("planned", "claimed")


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    outlet: str
    published: PartialDate | None
    url: str
    kind: str
    outlet_kind: str = ""  # one of OUTLET_KINDS ("" only for an article added on the page without one)
    outlet_of: str = ""  # the state for state media, the party for a party; else empty
    line: int = field(default=0, compare=False, repr=False)  # where it stands in its CSV file


@dataclass(frozen=True)
class Place:
    id: str
    name: str
    aliases: tuple[str, ...]
    lat: float | None
    lon: float | None
    kind: str
    country: str
    precision_km: float
    coord_source: str
    line: int = field(default=0, compare=False, repr=False)  # where it stands in its CSV file

    @property
    def has_coordinates(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True)
class Event:
    id: str
    layer: str
    title: str
    place_id: str
    start: PartialDate
    end: PartialDate | None
    date_precision: str
    status: str
    attribution: str
    summary: str
    date_basis: str = ""  # one of DATE_BASES ("" only for a feature added on the page)
    line: int = field(default=0, compare=False, repr=False)  # where it stands in its CSV file


@dataclass(frozen=True)
class Excerpt:
    event_id: str
    source_id: str
    quote: str
    line: int = field(default=0, compare=False, repr=False)  # where it stands in its CSV file


@dataclass(frozen=True)
class RoutePoint:
    route_id: str
    seq: int
    lat: float
    lon: float
    date: PartialDate | None
    place_id: str
    leg: str
    source_id: str
    line: int = field(default=0, compare=False, repr=False)  # where it stands in its CSV file


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, said so a curator can find and fix it."""

    file: str
    row: int | None  # line in the file as an editor shows it (the header is line 1); None: whole file
    column: str
    record_id: str
    message: str

    def __str__(self) -> str:
        where = self.file if self.row is None else f"{self.file} line {self.row}"
        column = f", column {self.column}" if self.column else ""
        rid = f" [{self.record_id}]" if self.record_id else ""
        return f"{where}{column}{rid}: {self.message}"


@dataclass
class Atlas:
    """Everything loaded from data/ and seeds/, with the problems found on the way."""

    sources: dict[str, Source] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    excerpts: list[Excerpt] = field(default_factory=list)
    route_points: list[RoutePoint] = field(default_factory=list)
    seed_texts: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # (the excerpts list it was built from, its length, event id → excerpts): rebuilt when either changes
    _excerpt_index: tuple[list[Excerpt], int, dict[str, list[Excerpt]]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def excerpts_for(self, event_id: str) -> list[Excerpt]:
        """One event's excerpts in file order: a dict lookup, the index built once per excerpts list."""
        cached = self._excerpt_index
        if cached is None or cached[0] is not self.excerpts or cached[1] != len(self.excerpts):
            index: dict[str, list[Excerpt]] = {}
            for x in self.excerpts:
                index.setdefault(x.event_id, []).append(x)
            cached = self._excerpt_index = (self.excerpts, len(self.excerpts), index)
        return list(cached[2].get(event_id, ()))

    def route_for(self, route_id: str) -> list[RoutePoint]:
        return sorted((p for p in self.route_points if p.route_id == route_id), key=lambda p: p.seq)


BASIS_LABELS = {
    "event": "",
    "publication": "date of publication, not of the event",
    "report": "date it was reported or observed, not necessarily when it began",
    "inferred": "date inferred (see the summary)",
}


def basis_label(event: Event) -> str:
    """What the panel says under a date that is not the event's own ('' when the excerpt dates the event)."""
    return BASIS_LABELS.get(event.date_basis, "")
