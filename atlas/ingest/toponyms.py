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
from atlas.geo import sphere_km
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
    by_spelling: bool = False  # read by a spelling variant of the name (gazetteer.spelling_key), not by a name

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
            by_spelling=entry.by_spelling,
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
            "by_spelling": self.by_spelling,
            "readings": [
                {
                    "name": e.name,
                    "kind": e.kind,
                    "country": e.country,
                    "lat": e.lat,
                    "lon": e.lon,
                    "confidence": round(c, 3),
                    "by_spelling": e.by_spelling,
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
    r"^[\s-]*(?:(?:military|air\s*force)\s+)?(?:air\s*base|airbase|air\s*field|airfield|airport|air\s*strip|airstrip|"
    r"base)s?\b",
    re.I,
)
# Between two names of one list: "Hun, Waddan and Sokna", "Sabha or Ubari".
_LIST_GAP = re.compile(r"^(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+|\s*,?\s*as well as\s+)$")
TOWN_KINDS = ("city", "curated", "airfield")
# A lower-case Arabic article joined to the name by a hyphen belongs to it: "al-Khadim", "el-Fasher", "ash-Shati".
_ARTICLE_BEFORE = re.compile(r"(?<![\w-])(?:al|el|ar|as|ash|az|ad|adh|at|an|ed|es|et|ez|ul)[-‐]$")
Hit = tuple[int, int, list[Entry]]
# A full stop after a word of three lower-case letters or more ends a sentence: no name runs across it
# ("near Tripoli. Libya says", not the alias "Tripoli (Libya)"); "St. Louis" and "Sault Ste. Marie" do.
_SENTENCE_BREAK = re.compile(r"[a-z]{3}\.\s")
Anchors = tuple[tuple[float, float], ...]
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


def recognize(text: str, gazetteer: Gazetteer, max_words: int = 4, mentions: Counter[str] | None = None) -> list[Hit]:
    """(start, end, candidates) for the longest gazetteer names inside capitalised runs, filtered.

    A name turned down only for want of a cue (a small town with no "in" or "near" before it) is taken after
    all when it stands in a list with a town that was taken ("near Hun, Waddan and Sokna"). A single capitalised
    word that no gazetteer knows is kept too when such a list follows "in", "near"…: with no candidates, so
    the analyst sees it unplaced instead of losing it. (Taking every small town of the article's own country
    was measured and left out: it found more towns but cost more precision than it gained.)

    Spelling variants (transliterations: "Sokna" for Sūknah, "Wadan" for Waddan): a name no gazetteer knows,
    or one it knows only as a small town in a country the article does not name ("Jafar": Al Jafr, Saudi
    Arabia, in an article about Libya), also reads as the towns, regions and our places that
    gazetteer.spelling_key says are spelled alike in a country the article is about (one it names
    DOMINANT_MENTIONS times or more: `mentions`, country_mentions, read here when not given). An unknown name
    needs a cue for it (a locative word before it, an area's word after it, or a list with a town that was
    taken), and neither an acronym ("ICON") nor a run across a full stop ("June. A") is one.
    """
    mentions = country_mentions(text, gazetteer) if mentions is None else mentions
    countries = frozenset(mentions)
    about = frozenset(c for c, n in mentions.items() if n >= DOMINANT_MENTIONS)  # where spelling variants are read
    found: list[Hit] = []
    maybe: list[Hit] = []  # turned down only for want of a cue
    unknown: list[tuple[int, int]] = []  # capitalised runs no gazetteer knows
    for run_start, run_end in _runs(text):
        words = _words(text, run_start, run_end)
        i, found_before, maybe_before = 0, len(found), len(maybe)
        while i < len(words):
            hit, soft = None, None
            for n in range(min(max_words, len(words) - i), 0, -1):
                a, b = words[i][0], words[i + n - 1][1]
                name = text[a:b].rstrip(".’'")
                b = a + len(name)
                abbreviation = normalize(name) in ABBREVIATION_KEYS and text[b : b + 1] == "."
                if not name[:1].isupper() or name.lower() in _CONNECTORS or _SENTENCE_BREAK.search(name):
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
                if about and _foreign_and_small(candidates, name, countries):
                    candidates = candidates + gazetteer.spelling_lookup(name, about)
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
        taken = found[found_before:] + maybe[maybe_before:]
        if about and (variant := _spelled_variant(text, run_start, run_end, taken, gazetteer, about)):
            if not SURNAME_BEFORE.search(text[max(0, run_start - 25) : run_start]):
                (found if _cued(text, run_start, variant[1]) else maybe).append(variant)
            continue
        if not taken and len(words) <= 3:
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
            # our place named by a phrase wins over a name inside it ("eastern Libya" over "Libya")
            overlapping = [hit for hit in found if hit[0] < m.end() and m.start() < hit[1]]
            if all(m.start() <= hit[0] and hit[1] <= m.end() for hit in overlapping):
                found = [hit for hit in found if hit not in overlapping]
                found.append((m.start(), m.end(), [gazetteer.entries[index]]))
    return sorted(found, key=lambda hit: hit[0])


_SENTENCE_END = re.compile(r"(?<=[a-z])\.\s")  # "Houn. Libya": a run that crosses a full stop


def _spelled_variant(
    text: str, start: int, end: int, taken: list[Hit], gazetteer: Gazetteer, countries: frozenset[str]
) -> Hit | None:
    """A run no gazetteer name matched (up to a full stop inside it) read by a spelling variant in these
    countries: neither an acronym ("ICON"), a stopword, a name after a title, nor more than three words."""
    stop = _SENTENCE_END.search(text, start, end)
    name = text[start : stop.start() if stop else end].rstrip(".’'")
    if any(hit[0] < start + len(name) for hit in taken) or len(name.split()) > 3 or "." in name or name.isupper():
        return None
    if normalize(name) in STOPWORDS or _after_title(text, start):
        return None
    variants = gazetteer.spelling_lookup(name, countries)
    return (start, start + len(name), variants) if variants else None


def _foreign_and_small(candidates: list[Entry], name: str, countries: frozenset[str]) -> bool:
    """Whether every reading of a name is a town of no weight outside the countries the article names: the name
    may then be the article's own place spelled another way (see recognize)."""
    return not any(e.country in countries or _strong(e, name, countries) for e in candidates)


def named_countries(text: str, gazetteer: Gazetteer) -> frozenset[str]:
    """The countries an article names by one word — a country, a nationality, one of our own places ("Libya",
    "Libyan", "Benghazi") — read before anything else, for the towns it names by another spelling."""
    return frozenset(country_mentions(text, gazetteer))


def country_mentions(text: str, gazetteer: Gazetteer) -> Counter[str]:
    """How often the article names each of its countries by one word (see named_countries)."""
    out: Counter[str] = Counter()
    for word, n in Counter(re.findall(r"\b[A-Z][a-z]{2,}\b", text)).items():
        for country in {e.country for e in gazetteer.lookup(word) if e.kind in ("country", "curated") and e.country}:
            out[country] += n
    return out


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
    cued = _cued(text, a, b)
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


def _cued(text: str, a: int, b: int) -> bool:
    """Whether the words around a name say it is a place: "in Kelly", "Maywood, Illinois", "the Ubari district",
    "a Bozeman man", "Jo Reyes, 34, of Dover"."""
    before, after = text[max(0, a - 25) : a], text[b : b + 40]
    return bool(
        LOCATIVE_BEFORE.search(before)
        or REGION_AFTER.match(after)
        or AREA_AFTER.match(after)
        or RESIDENT_AFTER.match(after)
        or RESIDENCE_BEFORE.search(before)
    )


def _strong(e: Entry, name: str = "", countries: frozenset[str] = frozenset()) -> bool:
    """A reading that makes a name a place by itself. A city does by its own name at 100,000 people, by one of
    its alternate names only at a million ("Kiev" for Kyiv) or in an article that names its country or one of
    our places there ("Misrata" for Misratah beside "Libya" or "Benghazi"): elsewhere, alternates of
    mid-sized cities are people's names and words far more often ("Julia" for Plovdiv, "Nadia" for Navadwip).
    A reading by a spelling variant never does: the words around the name must say it is a place."""
    if e.by_spelling:
        return False
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
    mentions = country_mentions(text, gazetteer)
    return _resolve_hits(text, recognize(text, gazetteer, mentions=mentions), mentions)


def resolve_spans(text: str, gazetteer: Gazetteer, spans: list[tuple[int, int]]) -> list[Toponym]:
    """Resolve given spans (gold annotations in the benchmark); a span the gazetteer does not know is left out."""
    hits = [(a, b, candidates) for a, b in spans if (candidates := gazetteer.lookup(text[a:b]))]
    return _resolve_hits(text, hits, country_mentions(text, gazetteer))


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


SPELLING_NEAR_KM = 500.0


def near_the_article(candidates: list[Entry], anchors: Anchors) -> list[Entry]:
    """A reading found by a spelling variant is kept only within SPELLING_NEAR_KM of a place the article names
    for sure: "Sokna" as Sūknah beside Jufra and Sirte, not "Prisi" as Pryazha in Karelia in an article about
    South Ossetia (on the development halves, the variants far from every sure place were all wrong)."""
    return [
        e
        for e in candidates
        if not e.by_spelling or any(sphere_km((e.lat, e.lon), a) <= SPELLING_NEAR_KM for a in anchors)
    ]


FAR_NAMESAKE_KM = 1000.0
DOMINANT_MENTIONS = 3  # an article names its own country at least this often ("Libya", "Libyan", "Benghazi")
FAR_NAMESAKE_CONFIDENCE = 0.5  # below MIN_CONFIDENCE: offered for review, not placed


def far_namesake(ranked: list[tuple[Entry, float]], countries: frozenset[str], anchors: Anchors) -> bool:
    """A name read only as small towns abroad, far from the article: "Dan" as Ad Dann in Yemen, in an article
    about Libya. When the article is about a country (names one DOMINANT_MENTIONS times or more) and none of
    its countries (`countries`: those it names, and those where another of its names is surely placed) has a
    reading of the name, a best reading that is a town under STRONG_POPULATION, more than FAR_NAMESAKE_KM from
    every other place the article names for sure (it names one at least), is more likely a person, a word or a
    spelling the gazetteer lacks than that town: it is left for the analyst to confirm instead of being placed.
    (Without the two "at least"s, it left unplaced as many right readings as wrong ones on the development
    halves.)"""
    best = ranked[0][0]
    if not countries or not far_namesake_possible(ranked, countries):
        return False
    point = (best.lat, best.lon)  # the name itself is among the article's sure places: not a neighbour of its own
    others = [a for a in anchors if a != point]
    return bool(others) and all(sphere_km(point, a) > FAR_NAMESAKE_KM for a in others)


def far_namesake_possible(ranked: list[tuple[Entry, float]], countries: frozenset[str]) -> bool:
    """far_namesake without the article's other countries and places: a small town, none in these countries."""
    best = ranked[0][0]
    if best.kind != "city" or best.population >= STRONG_POPULATION or best.by_spelling:
        return False
    return not any(e.country in countries for e, _ in ranked)


def sure_names_by_country(text: str, hits: list[Hit]) -> dict[str, set[str]]:
    """The names the article places surely (SURE), by country: "Sirte" and "Benghazi" under LY."""
    out: dict[str, set[str]] = {}
    for a, b, candidates in hits:
        if candidates:
            best, confidence = rank(candidates)[0]
            if confidence >= SURE and best.country:
                out.setdefault(best.country, set()).add(normalize(text[a:b]))
    return out


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


def _resolve_hits(
    text: str, hits: list[tuple[int, int, list[Entry]]], mentions: Counter[str] | None = None
) -> list[Toponym]:
    """Two passes: the article's context first, then every name ranked with it. `mentions`: how often the
    article names each country by one word (country_mentions), for far namesakes."""
    hits = within_named_area(text, hits)
    context = article_context(hits)
    # far namesakes are looked for only in an article about a country: one it names again and again
    countries = frozenset(mentions or ()) if max((mentions or {}).values(), default=0) >= DOMINANT_MENTIONS else None
    out = []
    sure: dict[str, set[str]] | None = None  # read only when a name may be a far namesake
    for a, b, candidates in hits:
        if not candidates:  # a name in a list of places that no gazetteer knows: found, not placed
            out.append(Toponym(text[a:b], a, b, None, None, 0.0, False, "", "unknown", "", 0.0, "", True))
            continue
        if any(e.by_spelling for e in candidates):
            candidates = near_the_article(candidates, context.anchors)
            if not candidates:
                continue  # a name read only by spelling, far from the article: not taken
        ranked = rank(candidates, context)
        if countries and far_namesake_possible(ranked, countries):
            sure = sure_names_by_country(text, hits) if sure is None else sure
            name = normalize(text[a:b])
            own = countries | {c for c, names in sure.items() if names - {name}}
            if far_namesake(ranked, own, context.anchors):
                ranked[0] = (ranked[0][0], min(ranked[0][1], FAR_NAMESAKE_CONFIDENCE))
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
                is_literal(text, a, b, town=best.kind not in (*AREAS, "continent")),
                tuple(ranked[:READINGS_KEPT]),
                best.by_spelling,
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
