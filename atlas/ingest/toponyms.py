"""Place names in text: gazetteer matches on capitalised word runs, filtered, then resolved with confidence.

Filters keep person names and common words out ("Vladimir" of "Vladimir Putin" is not the city); the
article's own countries raise their towns over namesakes elsewhere; a toponym whose best reading is not
clearly ahead is left unresolved and flagged rather than guessed.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from atlas.gazetteer import ABBREVIATION_KEYS, Entry, Gazetteer, normalize, query_keys
from atlas.geocode import MAX_VOTING_REGIONS, Context, rank
from atlas.ingest.cues import (
    AREA_AFTER,
    LOCATIVE_BEFORE,
    PERSON_CONTEXT,
    REGION_AFTER,
    RESIDENCE_BEFORE,
    RESIDENT_AFTER,
    STOPWORDS,
    SURNAME_BEFORE,
    TITLES,
)
from atlas.ingest.metonymy import is_literal

MIN_CONFIDENCE = 0.55
READINGS_KEPT = 5  # readings offered to the analyst for a name
# A capitalised word; hyphens join words only between capitals ("Al-Jufra"), so "London-based" is "London".
_WORD = re.compile(r"[A-Z][\w’']*(?:\.[A-Z][a-z]*\.?)?")
_POSSESSIVE = re.compile(r"[’']s?$")
_CONNECTORS = {"of", "de", "al", "el", "upon", "on", "the", "and"}  # inside multi-word names: "Gulf of Sirte"
STRONG_KINDS = ("curated", "continent", "country", "admin1", "county")
STRONG_POPULATION = 100_000  # a town this large is a place wherever it is named
STRONG_ALTERNATE_POPULATION = 1_000_000  # the same, for a town named by one of its alternate names
STRONG_REGION_POPULATION = 1_000_000  # a region outside the US this populous too ("Ontario"; not "Rivera")


@dataclass(frozen=True)
class Toponym:
    name: str
    start_offset: int
    end_offset: int
    lat: float | None
    lon: float | None
    confidence: float
    resolved: bool
    ref: str  # place id or geonames:<id>
    kind: str
    country: str
    precision_km: float
    source: str
    literal: bool = True  # False: a metonym ("Moscow said"), found but not a location to map
    # Every reading the gazetteer offers, best first, with its confidence: the analyst may choose another.
    readings: tuple[tuple[Entry, float], ...] = field(default=(), compare=False, repr=False)

    def choose(self, index: int) -> Toponym:
        """This mention read as its index-th reading, chosen by the analyst: resolved, whatever its confidence."""
        entry, confidence = self.readings[index]
        return self.placed(entry, confidence)

    def placed(self, entry: Entry, confidence: float, **more: Any) -> Toponym:
        """This mention resolved to the gazetteer entry `entry` (its point, reference, kind and precision)."""
        return replace(
            self,
            lat=entry.lat,
            lon=entry.lon,
            confidence=confidence,
            resolved=True,
            ref=entry.ref,
            kind=entry.kind,
            country=entry.country,
            precision_km=entry.precision_km,
            source=entry.source,
            **more,
        )

    def to_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "start_offset": self.start_offset,
            "end_offset": self.end_offset,
            "lat": self.lat,
            "lon": self.lon,
            "confidence": round(self.confidence, 3),
            "resolved": self.resolved,
            "ref": self.ref,
            "kind": self.kind,
            "country": self.country,
            "precision_km": self.precision_km,
            "literal": self.literal,
            "readings": [
                {
                    "name": e.name,
                    "kind": e.kind,
                    "country": e.country,
                    "lat": e.lat,
                    "lon": e.lon,
                    "confidence": round(c, 3),
                }
                for e, c in self.readings[:3]
            ],
        }


_NEXT_WORD = re.compile(r"(\.?\s+(?:(?:of|de|al|el|upon|on|the)\s+)?|-)([A-Z][\w’']*)")


def _runs(text: str) -> list[tuple[int, int]]:
    """Spans of capitalised word runs, allowing short connectors and abbreviation dots inside ('Gulf of Sirte',
    'Ras Lanuf', 'St. Louis'); a run may cross a full stop, and the longest-match loop splits it again."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _WORD.finditer(text):
        if m.start() < pos:
            continue
        start, end = m.span()
        j = end
        while True:
            nxt = _NEXT_WORD.match(text, j)  # at j, not on a copy of the rest of the text (that was quadratic)
            if not nxt:
                break
            j = nxt.end()  # an offset in the text (match at j), not a length
        spans.append((start, j))
        pos = j
    return spans


def _words(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Word spans inside a run, without a possessive ending ("Africa’s" → "Africa")."""
    out = []
    for m in re.finditer(r"[\w’'.]+", text[start:end]):
        cut = _POSSESSIVE.search(m.group())
        out.append((start + m.start(), start + m.end() - (len(cut.group()) if cut else 0)))
    return out


# After a name: the word that makes it an airfield ("Tamanhint air base", "the Mitiga airport").
_FACILITY_AFTER = re.compile(
    r"^[\s-]*(?:air\s*base|airbase|air\s*field|airfield|airport|air\s*strip|airstrip)s?\b", re.I
)
# Between two names of one list: "Hun, Waddan and Sokna", "Sabha or Ubari".
_LIST_GAP = re.compile(r"^(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+|\s*,?\s*as well as\s+)$")
TOWN_KINDS = ("city", "curated", "airfield")
# A lower-case Arabic article joined to the name by a hyphen belongs to it: "al-Khadim", "el-Fasher", "ash-Shati".
_ARTICLE_BEFORE = re.compile(r"(?<![\w-])(?:al|el|ar|as|ash|az|ad|adh|at|an|ed|es|et|ez|ul)[-‐]$")
Hit = tuple[int, int, list[Entry]]
# A street ("Baker Street", "Fifth Avenue", "5th St."): one to three capitalised words or an ordinal, then the
# street word; "St." only where no capitalised word follows (that is Saint: "St. Louis").
_STREET = re.compile(
    r"\b(?:(?:[A-Z][\w’'-]*|\d{1,3}(?:st|nd|rd|th))\s+){1,3}"
    r"(?:(?:Street|Avenue|Road|Drive|Boulevard|Lane)\b|(?:St|Ave|Rd|Blvd)\.(?!\s+[A-Z]))"
    r"(?:\s+(?:East|West|North|South)\b)?"
)
STREET_KM = 10.0  # a street is placed at its town: at best the town's precision, never better than this


def streets(text: str) -> list[tuple[int, int]]:
    """Spans of street names, without the sentence's own words before them ("On Baker Street" → "Baker Street")
    nor a town's possessive ("Leeds' Park Lane" → "Park Lane")."""
    out = []
    for m in _STREET.finditer(text):
        a, b = m.span()
        words = list(re.finditer(r"\S+", text[a:b]))
        while len(words) > 1 and (
            normalize(words[0].group()) in STOPWORDS
            or words[0].group()[-1:] in "’'"
            or words[0].group()[-2:] in ("’s", "'s")
        ):
            words.pop(0)
        if len(words) > 1:
            out.append((a + words[0].start(), b))
    return out


def recognize(text: str, gazetteer: Gazetteer, max_words: int = 4) -> list[Hit]:
    """(start, end, candidates) for the longest gazetteer names inside capitalised runs, filtered.

    A name turned down only for want of a cue (a small town with no "in" or "near" before it) is taken after
    all when it stands in a list with a town that was taken ("near Hun, Waddan and Sokna"). A single capitalised
    word that no gazetteer knows is kept too when such a list follows "in", "near"…: with no candidates, so
    the analyst sees it unplaced instead of losing it. (Taking every small town of the article's own country
    was measured and left out: it found more towns but cost more precision than it gained.)
    """
    countries = named_countries(text, gazetteer)
    found: list[Hit] = []
    maybe: list[Hit] = []  # turned down only for want of a cue
    unknown: list[tuple[int, int]] = []  # capitalised runs no gazetteer knows
    for run_start, run_end in _runs(text):
        words = _words(text, run_start, run_end)
        i, hits_before = 0, len(found) + len(maybe)
        while i < len(words):
            hit, soft = None, None
            for n in range(min(max_words, len(words) - i), 0, -1):
                a, b = words[i][0], words[i + n - 1][1]
                name = text[a:b].rstrip(".’'")
                b = a + len(name)
                abbreviation = normalize(name) in ABBREVIATION_KEYS and text[b : b + 1] == "."
                if not name[:1].isupper() or name.lower() in _CONNECTORS:
                    continue
                if normalize(name) in STOPWORDS and not abbreviation:
                    continue
                if i == 0 and (article := _ARTICLE_BEFORE.search(text, max(0, a - 5), a)):
                    a, name = article.start(), article.group() + name  # "al-Khadim", not "Khadim"
                candidates = gazetteer.lookup(name)
                if normalize(name) in ABBREVIATION_KEYS and text[b : b + 1] != ".":
                    # "Ga." is Georgia and "Alta." Alberta; "Ga" and "Alta" are not
                    candidates = [c for c in candidates if c.kind not in ("admin1", "region")]
                # an airfield for a name no gazetteer has as a town, or an ICAO code ("Tamanhint air base"); a town's
                # own airport stays the town (measured: airfields there moved places further on the dev halves)
                if (not candidates or (n == 1 and name.isupper() and len(name) == 4)) and _FACILITY_AFTER.match(
                    text[b : b + 20]
                ):
                    airfields = gazetteer.airfield_lookup(name)
                    if airfields and not _after_title(text, a):
                        hit = (a, b, airfields, n)
                        break
                if not candidates:
                    continue
                verdict = _plausible(text, a, b, n, candidates, countries)
                if verdict:
                    hit = (a, b, candidates, n)
                    break
                if verdict is None and soft is None:
                    soft = (a, b, candidates, n)
            if hit:
                found.append(hit[:3])
                i += hit[3]
            elif soft:
                maybe.append(soft[:3])
                i += soft[3]
            else:
                i += 1
        if len(found) + len(maybe) == hits_before and len(words) <= 3:
            name = text[run_start:run_end].rstrip(".’'")
            if normalize(name) not in STOPWORDS and not _after_title(text, run_start):
                unknown.append((run_start, run_start + len(name)))
    found += _taken_after_all(text, found, maybe, unknown)
    for a, b in streets(text):
        inside = [hit for hit in found if a <= hit[0] and hit[1] <= b]
        if any(rank(hit[2])[0][0].kind in (*AREAS, "county", "continent") for hit in inside if hit[2]):
            continue  # a state's or county's road ("Boone County Road 12"): the area is what is named
        # the street's words are not places of their own ("Oxford Road", "Baker Street")
        found = [hit for hit in found if not (a <= hit[0] and hit[1] <= b)]
        if not any(hit[0] < b and a < hit[1] for hit in found):
            found.append((a, b, []))
    for phrase, index in gazetteer.phrases.items():
        for m in re.finditer(rf"\b{re.escape(phrase)}\b", text):
            if not any(a < m.end() and m.start() < b for a, b, _ in found):
                found.append((m.start(), m.end(), [gazetteer.entries[index]]))
    return sorted(found, key=lambda hit: hit[0])


def named_countries(text: str, gazetteer: Gazetteer) -> frozenset[str]:
    """The countries an article names by one word — a country, a nationality, one of our own places ("Libya",
    "Libyan", "Benghazi") — read before anything else, for the towns it names by another spelling."""
    out: set[str] = set()
    for word in set(re.findall(r"\b[A-Z][a-z]{2,}\b", text)):
        out.update(e.country for e in gazetteer.lookup(word) if e.kind in ("country", "curated") and e.country)
    return frozenset(out)


def _after_title(text: str, a: int) -> bool:
    previous_word = re.findall(r"([A-Za-z]+)\W*$", text[max(0, a - 25) : a])
    return bool(previous_word and previous_word[0].lower() in TITLES)


def _taken_after_all(text: str, found: list[Hit], maybe: list[Hit], unknown: list[tuple[int, int]]) -> list[Hit]:
    """Names turned down for want of a cue that a list vouches for (see recognize)."""
    items = sorted(
        [(a, b, c, "found") for a, b, c in found]
        + [(a, b, c, "maybe") for a, b, c in maybe]
        + [(a, b, [], "unknown") for a, b in unknown],
        key=lambda item: item[0],
    )
    taken: dict[int, Hit] = {}
    chain: list[int] = []
    for k in range(len(items) + 1):
        joined = k < len(items) and chain and _LIST_GAP.match(text[items[chain[-1]][1] : items[k][0]])
        if joined:
            chain.append(k)
            continue
        # a list ends: its towns vouch for the rest of it
        if len(chain) > 1 and any(items[j][3] == "found" and _town(items[j][2]) for j in chain):
            first = items[chain[0]][0]
            cued = bool(LOCATIVE_BEFORE.search(text[max(0, first - 25) : first]))
            for j in chain:
                a, b, _, status = items[j]
                if status == "maybe" or (status == "unknown" and cued and " " not in text[a:b]):
                    taken[j] = items[j][:3]
        chain = [k] if k < len(items) else []
    return list(taken.values())


def _town(candidates: list[Entry]) -> bool:
    return bool(candidates) and rank(candidates)[0][0].kind in TOWN_KINDS


def _plausible(
    text: str, a: int, b: int, n_words: int, candidates: list[Entry], countries: frozenset[str] = frozenset()
) -> bool | None:
    """Whether a gazetteer match is a place here, not a person, an acronym or a capitalised common word; None
    when it could be a small town but nothing around it says so (a list or the article's country may).

    A "strong" reading (our own place, a continent, country or state, a city of 100,000) is taken unless a
    title stands before it. A single word that can only be a small town must show it: a locative word
    before it ("in Kelly", "near Allen"), or a region after it ("Maywood, Illinois"); the many towns named
    like surnames and nouns ("Kelly", "Police", "Court") are otherwise left out.
    """
    name = text[a:b]
    before = text[max(0, a - 25) : a]
    previous_word = re.findall(r"([A-Za-z]+)\W*$", before)
    if previous_word and previous_word[0].lower() in TITLES:
        return False  # "President Vladimir", "Minister Sergei"
    strong = any(_strong(e, name, countries) for e in candidates)
    regional = any(e.kind in STRONG_KINDS or (e.kind == "region" and _strong(e)) for e in candidates)
    if len(name) < 2 or (name.isupper() and len(name) <= 4 and not regional):
        return False  # "I", and acronyms ("NATO", "AMLO") that are also names of towns
    after = text[b : b + 40]
    cued = bool(
        LOCATIVE_BEFORE.search(before)
        or REGION_AFTER.match(after)
        or AREA_AFTER.match(after)
        or RESIDENT_AFTER.match(after)
        or RESIDENCE_BEFORE.search(before)
    )
    if n_words == 1 and not cued and _first_name_of_a_person(text, a, b, candidates):
        return False
    if n_words == 1 and PERSON_CONTEXT.match(text[b : b + 30]) and not cued:
        # a first name followed by a surname ("Mary Smith"), unless a country or our own place
        return any(e.kind in STRONG_KINDS for e in candidates)
    if strong:
        return True
    if SURNAME_BEFORE.search(before):
        return False  # "John Kelly": a capitalised word right before a small town's name
    if n_words > 1:
        return None if not before.strip() or before.rstrip()[-1:] in '.!?\n"“' else True
    return True if cued else None


def _strong(e: Entry, name: str = "", countries: frozenset[str] = frozenset()) -> bool:
    """A reading that makes a name a place by itself. A city does by its own name at 100,000 people, by one of
    its alternate names only at a million ("Kiev" for Kyiv) or in an article that names its country or one of
    our places there ("Misrata" for Misratah beside "Libya" or "Benghazi"): elsewhere, alternates of
    mid-sized cities are people's names and words far more often ("Julia" for Plovdiv, "Nadia" for Navadwip)."""
    if e.kind == "region":
        return e.population >= STRONG_REGION_POPULATION
    if e.kind in STRONG_KINDS:
        return True
    if e.kind == "county":
        return False
    if e.population < STRONG_POPULATION:
        return False
    if e.population >= STRONG_ALTERNATE_POPULATION or not name or e.country in countries:
        return True
    return bool(query_keys(name) & query_keys(e.name))


_WORD_AFTER = re.compile(r"^ ([A-Z][a-z]+)\b(?![-’'])")
_WORD_BEFORE = re.compile(r"(?<![.!?:;\"“]\s)(?<!^)\b([A-Z][a-z]+) $")
_NOT_A_SURNAME = re.compile(
    r"^(?:Air|Airways|Airlines|Army|Basin|Bank|Border|Coast|Desert|Defen[cs]e|Forces?|Government|Ministry|Navy|"
    r"News|Police|Post|Press|Red|River|Sea|State|Times|Valley|Crescent|Daily|Foreign|National|Air Force)$"
)


def _first_name_of_a_person(text: str, a: int, b: int, candidates: list[Entry]) -> bool:
    """A name that can only be a country, used as a given name or a surname ("Chad Morris", "Jonathan Israel"):
    a capitalised word right after it that is not a body or a feature's noun, or right before it that does not
    begin the sentence. "Chad" and "Israel" as countries stay: "fighters from Chad", "Israel's army". (Applied
    to every name with a country among its readings, it cost recall on the development halves.)
    """
    if not all(e.kind == "country" for e in candidates):
        return False
    after = _WORD_AFTER.match(text[b : b + 30])
    if after and not _NOT_A_SURNAME.match(after.group(1)):
        return True
    before = _WORD_BEFORE.search(text[max(0, a - 30) : a])
    return bool(before and before.group(1).lower() not in STOPWORDS and not _NOT_A_SURNAME.match(before.group(1)))


def resolve(text: str, gazetteer: Gazetteer) -> list[Toponym]:
    """Recognise and resolve: every place name the gazetteer finds in the text, with coordinates or flagged."""
    return _resolve_hits(text, recognize(text, gazetteer))


def resolve_spans(text: str, gazetteer: Gazetteer, spans: list[tuple[int, int]]) -> list[Toponym]:
    """Resolve given spans (gold annotations in the benchmark); a span the gazetteer does not know is left out."""
    hits = [(a, b, candidates) for a, b in spans if (candidates := gazetteer.lookup(text[a:b]))]
    return _resolve_hits(text, hits)


SURE = 0.95  # a reading this far ahead of any other sets the article's context


def article_context(hits: list[tuple[int, int, list[Entry]]]) -> Context:
    """Countries, regions and places the article names without doubt, read before anything is resolved.

    A name counts only if its best reading is sure and no other country or region shares it ("Georgia"
    does not make an article Georgian, nor "Paris" French). The regions where most names have a reading, though
    none is sure, are the article's likely regions ("Madison County", "Springfield" and "Decatur": Illinois);
    a name with readings in more than MAX_VOTING_REGIONS regions has no say.
    """
    countries: set[str] = set()
    regions: set[tuple[str, str]] = set()
    anchors: list[tuple[float, float]] = []
    votes: Counter[tuple[str, str]] = Counter()
    seen_names: set[frozenset[str]] = set()
    for _, _, candidates in hits:
        if not candidates:
            continue
        refs = frozenset(e.ref for e in candidates)
        if refs not in seen_names:
            seen_names.add(refs)
            places = {(e.country, e.admin1) for e in candidates if e.admin1 and e.kind in ("city", "county", "admin1")}
            if 0 < len(places) <= MAX_VOTING_REGIONS:
                votes.update(places)
        ranked = rank(candidates)
        best, confidence = ranked[0]
        rivals = [e for e, _ in ranked[1:] if e.kind in ("country", "admin1", "region", "curated")]
        if confidence < SURE or rivals:
            continue
        if best.country:
            countries.add(best.country)
        if best.admin1:
            regions.add((best.country, best.admin1))
        if best.kind in ("city", "curated"):
            anchors.append((best.lat, best.lon))
    # Each sure place once: a long article names the same towns again and again, and rank() measures the
    # distance to every anchor for every name (repeats made reading cost grow with the square of the length).
    top = max(votes.values(), default=0)
    likely = frozenset(r for r, n in votes.items() if n >= 2 and n == top)
    return Context(frozenset(countries), frozenset(regions), tuple(dict.fromkeys(anchors)), likely)


AREAS = ("country", "admin1", "region")
_COMMA = re.compile(r"^,\s*$")


def within_named_area(text: str, hits: list[Hit]) -> list[Hit]:
    """ "Town, Region" read together: "London, Ontario", "Paris, Texas", "Tripoli, Lebanon", "Athens, Ga.".

    When a name is followed by a comma and a region or country that holds some of its readings, only those
    readings are kept, and the region keeps only the readings that hold the town (Georgia the state, not the
    country, after Athens). A pair that no reading fits is left as it was.
    """
    out = list(hits)
    for i in range(len(out) - 1):
        (a, b, towns), (c, d, areas) = out[i], out[i + 1]
        if not _COMMA.match(text[b:c]):
            continue
        areas = [e for e in areas if e.kind in AREAS]
        kept = [t for t in towns if t.kind not in AREAS and any(_holds(area, t) for area in areas)]
        if kept:
            out[i] = (a, b, kept)
            out[i + 1] = (c, d, [area for area in areas if any(_holds(area, t) for t in kept)])
    return out


def _holds(area: Entry, place: Entry) -> bool:
    return area.country == place.country and (area.kind == "country" or area.admin1 == place.admin1)


def _resolve_hits(text: str, hits: list[tuple[int, int, list[Entry]]]) -> list[Toponym]:
    """Two passes: the article's context first, then every name ranked with it."""
    hits = within_named_area(text, hits)
    context = article_context(hits)
    out = []
    for a, b, candidates in hits:
        if not candidates:  # a name in a list of places that no gazetteer knows: found, not placed
            out.append(Toponym(text[a:b], a, b, None, None, 0.0, False, "", "unknown", "", 0.0, "", True))
            continue
        ranked = rank(candidates, context)
        best, confidence = ranked[0]
        resolved = confidence >= MIN_CONFIDENCE
        out.append(
            Toponym(
                text[a:b],
                a,
                b,
                best.lat if resolved else None,
                best.lon if resolved else None,
                confidence,
                resolved,
                best.ref,
                best.kind,
                best.country,
                best.precision_km,
                best.source,
                is_literal(text, a, b),
                tuple(ranked[:READINGS_KEPT]),
            )
        )
    return coordinated_metonyms(text, placed_streets(text, out))


def placed_streets(text: str, places: list[Toponym]) -> list[Toponym]:
    """A street no gazetteer knows, placed at the town the article names nearest before it (else after it): a
    report of "Baker Street" in an article about London is in London. Left unplaced without such a town."""
    towns = [p for p in places if p.resolved and p.literal and p.kind in ("city", "curated")]
    out = []
    for p in places:
        if p.kind != "unknown" or not _STREET.fullmatch(text, p.start_offset, p.end_offset):
            out.append(p)
            continue
        before = [t for t in towns if t.end_offset <= p.start_offset]
        after = [t for t in towns if t.start_offset >= p.end_offset]
        town = before[-1] if before else (after[0] if after else None)
        if town is None:
            out.append(replace(p, literal=is_literal(text, p.start_offset, p.end_offset)))
            continue
        where = "before" if before else "after"
        entry = Entry(
            p.name,
            town.lat,  # type: ignore[arg-type]
            town.lon,  # type: ignore[arg-type]
            "street",
            0,
            town.country,
            f"street:{town.ref}",
            f"a street, placed at {town.name}, the town the article names nearest {where} it",
            max(STREET_KM, town.precision_km),
        )
        out.append(
            p.placed(
                entry,
                town.confidence,
                literal=is_literal(text, p.start_offset, p.end_offset),
                readings=((entry, town.confidence),),
            )
        )
    return out


_AND = re.compile(r"^(?:\s*,)?\s+(?:and|or)\s+(?:the\s+)?$|^\s*,\s*(?:the\s+)?$")


def coordinated_metonyms(text: str, places: list[Toponym]) -> list[Toponym]:
    """A state or city joined by "and", "or" or a comma to the metonym before it is one too: "tensions between
    Washington and Beijing". A region after a town's comma is the town's place ("Athens, Georgia"), not a
    second metonym. (Carrying it back to the name before was measured too: no change on the development half.)"""
    out = list(places)
    for i in range(1, len(out)):
        first, second = out[i - 1], out[i]
        if first.literal or not second.literal or second.kind not in ("country", "city", "curated"):
            continue
        if first.kind == "city" and text[first.end_offset : second.start_offset].strip() == ",":
            continue
        if _AND.match(text[first.end_offset : second.start_offset]):
            out[i] = replace(second, literal=False)
    return out
