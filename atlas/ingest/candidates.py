"""Candidates: one per sentence that puts something in a place, with what a reviewer can accept as it is.

For each, the event word nearest the place decides the layer and the status ("met" → diplomacy, "docking
rights" → port_plans, planned; "stationed" → a presence; "clashes" → conflict; "cargo flights" →
logistics); the date is the date expression nearest that word, in the same clause first, with its precision,
and the publication date only when the text gives none (the card says so). The title is short, in the
atlas's style ("Russian cargo flights to Jufra"), the summary one plain sentence that quotes the excerpt
verbatim, and the reasoning goes to a separate "why" line that only the reviewer sees. A planned or ongoing
item has no end unless the text gives one. The cue words are deliberately visible and few.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from atlas.dates import PartialDate, human_span
from atlas.ingest.cues import LOCATIVE_BEFORE
from atlas.ingest.temporal import DateMention
from atlas.ingest.toponyms import Toponym

# (layer, event noun for the title, cue). Among the cues found in a sentence, the one nearest the place wins;
# at equal distance, the earlier row. Presence goes to wagner_sites when the sentence names Wagner or its
# successors, else to bases.
EVENT_CUES: list[tuple[str, str, re.Pattern[str]]] = [
    ("carrier_route", "carrier", re.compile(r"aircraft carrier|Kuznetsov", re.I)),
    (
        "port_plans",
        "naval base plans",
        re.compile(
            r"\bdocking rights\b|\bnaval (?:base|facility|port|presence|logistics)\b|\bmilitary port\b"
            r"|\b(?:port|base)s? (?:deal|agreement|access|plans?|project|request|offer)\b"
            r"|\b(?:access to|open|build|establish|lease|host)\w* (?:a |an |the )?(?:\w+ ){0,2}"
            r"(?:port|base|consulate)\b",
            re.I,
        ),
    ),
    (
        "logistics",
        "flights",
        re.compile(
            r"\b(?:cargo|transport|supply) (?:planes?|flights?|aircraft|ships?|vessels?)\b|\bflights?\b|\bairlift\w*"
            r"|\bcargo\b|\bshipments?\b|\bshipped\b|\bdelivered\b|\bdeliver(?:y|ies)\b|\blanded\b|\bunloaded\b"
            r"|\bdeparted\b|\btook off\b",
            re.I,
        ),
    ),
    (
        "conflict",
        "fighting",
        re.compile(
            r"\bclash\w*|\boffensive\b|\battack\w*|\bshell\w*|\bstrikes?\b|\bairstrikes?\b|\bbombed\b|\bbombing\b"
            r"|\bfighting\b|\bfought\b|\bbattle\w*|\bkilled\b|\bcrash\w*|\bsiege\b|\bcaptured\b|\bseized\b"
            r"|\bexchanged fire\b|\bopened fire\b|\bgunfire\b|\bdrone strikes?\b",
            re.I,
        ),
    ),
    (
        "presence",
        "presence",
        re.compile(
            r"\bdeploy\w*|\bstationed\b|\bguard\w*|\bgarrison\w*|\bbased (?:at|in)\b|\bair ?base\b|\bbase\b"
            r"|\bdocked\b|\bport call\b|\bcalled at\b|\banchored\b"
            r"|\bmercenar\w*|\bfighters\b|\btroops\b|\bforces\b|\binstructors\b|\badvisers\b|\badvisors\b",
            re.I,
        ),
    ),
    (
        "diplomacy",
        "meeting",
        re.compile(
            r"\bmet\b|\bmeet\w*|\bvisit\w*|\btalks\b|\bsummit\b|\bembassy\b|\bconsulate\b|\bdelegation\b"
            r"|\breceived\b|\bhosted\b|\bcall with\b|\bnegotiat\w*|\bsigned\b|\bagreement\b",
            re.I,
        ),
    ),
]
WAGNER = re.compile(r"Wagner|Africa Corps|Prigozhin|mercenar", re.I)
# Who is there, not what happened: an event word in the same clause goes before these.
_ACTOR_NOUNS = re.compile(r"(?i:fighters|troops|forces|instructors|advis[eo]rs|mercenar\w*|air ?base|base)")
# Nouns a title uses for what a cue word names.
_TITLE_NOUNS = {
    "visit": "visit",
    "talks": "talks",
    "summit": "summit",
    "embassy": "embassy",
    "consulate": "consulate",
    "delegation": "delegation",
    "signed": "agreement",
    "agreement": "agreement",
    "negotiat": "talks",
    "clash": "clashes",
    "offensive": "offensive",
    "attack": "attack",
    "shell": "shelling",
    "strike": "strikes",
    "airstrike": "airstrikes",
    "bomb": "bombing",
    "battle": "fighting",
    "crash": "crash",
    "deploy": "deployment",
    "stationed": "presence",
    "guard": "guards",
    "mercenar": "mercenaries",
    "fighters": "fighters",
    "troops": "troops",
    "forces": "forces",
    "instructors": "instructors",
    "advisers": "advisers",
    "advisors": "advisers",
    "air base": "air base",
    "airbase": "air base",
    "base": "base",
    "cargo": "cargo flights",
    "transport": "transport flights",
    "flight": "flights",
    "airlift": "airlift",
    "shipment": "shipment",
    "shipped": "shipment",
    "deliver": "deliveries",
    "landed": "flights",
    "docking": "docking rights",
    "docked": "port call",
    "port call": "port call",
    "called at": "port call",
    "anchored": "port call",
    "naval": "naval base plans",
    "military port": "military port plans",
}

STATUS_CUES: list[tuple[str, re.Pattern[str]]] = [
    ("denied", re.compile(r"\bden(y|ied|ies)\b|did not correspond|\brejected (?:the )?reports?\b", re.I)),
    ("claimed", re.compile(r"\bclaim(s|ed)?\b|\balleg\w*|\breportedly\b|\bsaid to\b|\bunconfirmed\b|Debka", re.I)),
    # "may" only in lower case: "3 May 2024" is a date, not a plan.
    (
        "planned",
        re.compile(
            r"\b(plans?|planned|planning|aims? to|intends?|will|would|to open|talk of|preparing|seeks?|sought|"
            r"wants?|proposed|request(?:s|ed)?|is to|are to|set to|expected to|could)\b|\b(?-i:may)\b",
            re.I,
        ),
    ),
]
# Layers whose features go on after their date unless the text ends them: a presence, a base, a plan.
ONGOING_LAYERS = ("bases", "wagner_sites", "port_plans")
_ENDED = re.compile(
    r"\b(withdr[ae]w\w*|left|pulled out|ended|until|evacuated|closed|docked|port call|called at|anchored)\b", re.I
)
_ACTOR = re.compile(r"\b(Russian|Libyan|Turkish|Egyptian|Syrian|Emirati|Sudanese|Chadian|Wagner)\b")
_SOURCE_CUE = re.compile(r"\b(?:according to|citing|cited by|reported by)\s+([^,;.:()]{3,80})", re.I)
_CLAUSE_BREAK = re.compile(r"[;:—–]|,\s(?:and|but|while|whereas|after|before|when)\b|\s\((?!\d)")
TITLE_CHARS = 90


@dataclass(frozen=True)
class EventCue:
    layer: str
    word: str  # as written in the sentence
    noun: str  # for the title
    offset: int  # in the article


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
    date: DateMention | None = None  # the chosen date; None: the publication date stands in
    cue: EventCue | None = None
    status_word: str = ""
    title: str = ""
    end: str = ""

    def to_json(self) -> dict[str, object]:
        return {
            "sentence": self.sentence,
            "start_offset": self.start_offset,
            "end_offset": self.end_offset,
            "layer": self.layer,
            "status": self.status,
            "title": self.title,
            "end": self.end,
            "date": self.date.to_json() if self.date else None,
            "date_inherited": self.date_inherited,
            "event_word": self.cue.word if self.cue else "",
            "places": [p.to_json() for p in self.places],
            "dates": [d.to_json() for d in self.dates],
        }


# Prepositions that name a place as a reference point rather than where the event happens.
_REFERENCE_POINT = re.compile(r"(?:near|outside|around|off)\b", re.I)


def where_first(text: str, places: list[Toponym]) -> list[Toponym]:
    """The sentence's places, the likeliest location first: resolved before unresolved, one after "at/in…"
    before one after "near/off…" (a reference point: "landed at al-Khadim air base near Benghazi"), before a bare
    name, and towns before countries."""

    def key(p: Toponym) -> tuple[bool, int, bool]:
        before = text[max(0, p.start_offset - 20) : p.start_offset]
        m = LOCATIVE_BEFORE.search(before)
        strength = 2 if not m else 1 if _REFERENCE_POINT.match(m.group()) else 0
        return (not p.resolved, strength, p.kind == "country")

    return sorted(places, key=key)


def _clause_distance(text: str, a: int, b: int) -> tuple[int, int]:
    """(clause breaks between, characters between) two offsets: the same clause first, then nearness."""
    lo, hi = min(a, b), max(a, b)
    return (len(_CLAUSE_BREAK.findall(text[lo:hi])), hi - lo)


def find_event(text: str, start: int, end: int, place: Toponym | None) -> EventCue | None:
    """The event word of a sentence nearest its place (the same clause first)."""
    found: list[tuple[tuple[int, bool, int], int, EventCue]] = []
    spans: list[tuple[int, int]] = []
    anchor = place.start_offset if place else start
    for rank, (layer, noun, cue) in enumerate(EVENT_CUES):
        for m in cue.finditer(text, start, end):
            if any(x <= m.start() and m.end() <= y for x, y in spans):
                continue  # "base" inside "naval base" is the plan's, not a presence
            spans.append(m.span())
            word = m.group()
            if layer == "presence" and place and _names_the_place(text, place, m):
                continue  # "al-Khadim air base": the place's own designator, not a presence
            if layer == "presence":
                layer_id = "wagner_sites" if WAGNER.search(text, start, end) else "bases"
            else:
                layer_id = layer
            title_noun = _title_noun(layer, word, noun)
            found.append(
                (_clause_distance(text, m.start(), anchor), rank, EventCue(layer_id, word, title_noun, m.start()))
            )
    if not found:
        return None
    return min(found, key=lambda f: (f[0], f[1]))[2]


_DESIGNATOR = re.compile(r"air ?base|base|airfield|airport", re.I)


def _names_the_place(text: str, place: Toponym, cue: re.Match[str]) -> bool:
    """A designator that follows the place's name ("Khadim air base") belongs to the name."""
    return _DESIGNATOR.fullmatch(cue.group()) is not None and text[place.end_offset : cue.start()].strip() == ""


def _title_noun(layer: str, word: str, default: str) -> str:
    """What a title calls the event a cue word names: "met" → meeting, "open a consulate" → consulate plans."""
    lowered = word.lower()
    if layer == "port_plans":
        if "docking" in lowered:
            return "docking rights"
        thing = next((t for t in ("consulate", "naval base", "military port", "port", "base") if t in lowered), "base")
        return f"{thing} plans"
    return next((n for k, n in _TITLE_NOUNS.items() if lowered.startswith(k)), default)


def suggest_layer(sentence: str) -> str:
    cue = find_event(sentence, 0, len(sentence), None)
    return cue.layer if cue else "diplomacy"


def suggest_status(sentence: str, layer: str = "") -> str:
    """The status a word of the sentence gives; a port or base plan with no such word is planned."""
    return status_and_word(sentence, layer)[0]


def status_and_word(sentence: str, layer: str = "") -> tuple[str, str]:
    for status, cue in STATUS_CUES:
        if m := cue.search(sentence):
            return status, m.group()
    if layer == "port_plans":
        return "planned", ""
    return "reported", ""


def nearest_date(text: str, dates: list[DateMention], anchor: int) -> DateMention | None:
    """The date expression nearest the anchor (the event word, else the place): the same clause first."""
    if not dates:
        return None
    return min(dates, key=lambda d: _clause_distance(text, d.start_offset, anchor))


def suggest_attribution(sentence: str, outlet: str) -> str:
    """Who says so: the outlet, and whom it cites when the sentence names them ("according to Bloomberg")."""
    outlet = outlet.strip() or "the article"
    cited = _SOURCE_CUE.search(sentence)
    return f"{outlet}, citing {cited.group(1).strip()}" if cited else outlet


def _preposition(sentence: str, place: Toponym, cue: EventCue | None) -> str:
    """'to' ('from') for what is flown or shipped there (from there), 'at' for an airfield or a site the
    sentence puts 'at', else 'in'."""
    if cue is not None and cue.layer == "logistics":
        # what leaves a place ("departed from Hmeimim") is a flight from it, not to it
        return "from" if re.search(rf"\bfrom (?:the )?(?:al-)?{re.escape(place.name)}", sentence, re.I) else "to"
    at = place.kind == "airfield" or re.search(rf"\bat (?:the )?(?:al-)?{re.escape(place.name)}", sentence, re.I)
    return "at" if at else "in"


def suggest_title(sentence: str, place: Toponym | None = None, cue: EventCue | None = None) -> str:
    """A short title in the atlas's style, "Russian cargo flights to Jufra"; without an event word and a place,
    the sentence's first words up to a word boundary (never cut mid-word)."""
    if place is not None and cue is not None:
        actor = _ACTOR.search(sentence)
        who = f"{actor.group(1)} " if actor and actor.group(1).lower() not in cue.noun.lower() else ""
        preposition = _preposition(sentence, place, cue)
        noun = cue.noun
        title = f"{who}{noun} {preposition} {place.name}"
        return title[0].upper() + title[1:]
    text = " ".join(sentence.split()).rstrip(".")
    if len(text) <= TITLE_CHARS:
        return text
    return text[:TITLE_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def suggest_end(date: DateMention | None, status: str = "reported", layer: str = "", sentence: str = "") -> str:
    """A range keeps its end. A planned or ongoing item (a plan, a presence, a base) has no end unless the
    text gives one; a single event (a meeting, a clash, a flight) ends where it starts."""
    if date is not None and date.end_value is not None:
        return date.end_value.iso()
    if status == "planned" or (layer in ONGOING_LAYERS and not _ENDED.search(sentence)):
        return ""
    return date.value.iso() if date is not None else ""


def date_words(date: DateMention | None, published: PartialDate | None = None) -> str:
    """The date in words, with its precision: '27 September 2023', 'September 2023', '2019 – 2020'."""
    if date is None:
        return published.human() if published else "an unknown date"
    return date.value.human() if date.end_value is None else human_span(date.value, date.end_value)


def relative_date_note(date: DateMention | None, published: PartialDate) -> str:
    """A card's sentence for a date counted from the publication ("last night", "last week"), else ""."""
    if date is None or date.rule != "deictic" or not date.anchored_to.startswith("publication"):
        return ""
    return (
        f"“{date.text}” is counted from the publication date ({published.human()}): {date_words(date)}, "
        f"to the {date.precision}. Check it."
    )


def suggest_summary(c: Candidate, place: Toponym, outlet: str, published: PartialDate | None = None) -> str:
    """One plain sentence that says who reports what, where and when, and quotes the excerpt verbatim."""
    who = outlet.strip() or "The article"
    what = c.cue.noun if c.cue else "an event"
    when = date_words(c.date, published)
    prefix = "" if c.date is not None else "published "
    return f"{who} reports {what} {_preposition(c.sentence, place, c.cue)} {place.name}, {prefix}{when}: “{c.sentence}”"


def describe_evidence(
    place: Toponym,
    date: DateMention | None,
    *,
    inherited: bool = False,
    chosen: bool = False,
    cue: EventCue | None = None,
    status: str = "",
    status_word: str = "",
    published: PartialDate | None = None,
) -> str:
    """Why: how the place, the date, the layer and the status were read. For the reviewer, not the map."""
    where = f"±{place.precision_km:g} km" if place.precision_km else "exact"
    if place.kind == "curated":
        read = f"the map's place '{place.ref}'"
    elif place.kind == "unknown":
        read = "no gazetteer entry"
    else:
        read = f"{place.ref} ({place.kind}, {place.country or 'no country'}; {place.source})"
    parts = [
        f"Place “{place.name}” read as {read}, {where}, confidence {place.confidence:.2f}"
        f"{', chosen by the analyst among ' + str(len(place.readings)) + ' readings' if chosen else ''}."
    ]
    if place.by_spelling:
        spelled = next((e.name for e, _ in place.readings if e.ref == place.ref), "")
        parts.append(
            f"Matched by spelling variant{f' (the gazetteer writes “{spelled}”)' if spelled else ''}, not by a name"
            " the gazetteer has for it: check it."
        )
    if date is None:
        shown = f" ({published.human()})" if published else ""
        parts.append(f"No date in the text for this: the publication date{shown} stands in; check it.")
    else:
        said = f"“{date.text}”" + (" (in an earlier sentence)" if inherited else "")
        how = date.rule if not date.anchored_to else f"{date.rule}, counted from {date.anchored_to}"
        parts.append(f"Date {said} read as {date_words(date)} ({date.precision}; {how}).")
    if cue is not None:
        parts.append(f"Layer from “{cue.word}”.")
    elif status:
        parts.append("No event word: the layer is a guess.")
    if status:
        parts.append(
            f"Status {status} from “{status_word}”."
            if status_word
            else f"Status {status}: no word of plan, claim or denial."
        )
    return " ".join(parts)


def _heading(text: str, a: int, b: int) -> bool:
    """A headline or a subheading: a line with no closing punctuation, followed by a blank line or nothing."""
    return text[b - 1 : b] not in '.!?"”’)' and (text[b : b + 2] == "\n\n" or not text[b:].strip())


def build_candidates(
    text: str, sentences: list[tuple[int, int]], places: list[Toponym], dates: list[DateMention]
) -> list[Candidate]:
    """A sentence with a literal place becomes a candidate, dated by its own date nearest the event, else the
    last date before it, else (said so) the publication date.

    "Moscow plans a consulate" proposes nothing in Moscow: the name stands for the government there.
    """
    out: list[Candidate] = []
    last_dates: list[DateMention] = []
    # Places and dates in text order, found per sentence by bisection (a scan of all of them for every
    # sentence made a long article cost the square of its length).
    places = sorted(places, key=lambda p: p.start_offset)
    dates = sorted(dates, key=lambda d: d.start_offset)
    place_starts, date_starts = [p.start_offset for p in places], [d.start_offset for d in dates]
    for a, b in sentences:
        if _heading(text, a, b):
            continue
        in_sentence = places[bisect_left(place_starts, a) : bisect_left(place_starts, b)]
        # Literal places only; an unresolved one comes with its readings, for the analyst to choose from.
        own_places = list({p.ref or p.name: p for p in in_sentence if p.literal}.values())
        own_dates = dates[bisect_left(date_starts, a) : bisect_left(date_starts, b)]
        if not own_places:
            if own_dates:
                last_dates = own_dates
            continue
        ordered = where_first(text, own_places)
        cue = find_event(text, a, b, ordered[0])
        anchor = cue.offset if cue else ordered[0].start_offset
        date = nearest_date(text, own_dates, anchor) or (last_dates[-1] if last_dates else None)
        if own_dates:
            last_dates = own_dates
        sentence = text[a:b]
        layer = cue.layer if cue else "diplomacy"
        status, status_word = status_and_word(sentence, layer)
        out.append(
            Candidate(
                sentence,
                a,
                b,
                layer,
                status,
                ordered,
                own_dates or ([date] if date else []),
                date is not None and not own_dates,
                date,
                cue,
                status_word,
                suggest_title(sentence, ordered[0], cue),
                suggest_end(date, status, layer, sentence),
            )
        )
    return out
