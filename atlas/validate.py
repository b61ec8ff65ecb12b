"""Cross-record checks: every reference resolves, every seed quote is verbatim, every mark has a source,
and no event claims more than its excerpts say.

All problems are collected (never the first one only), each with file, line, id and a sentence, and the
records that would mislead the map (an event with no place, a quote not in its article) are hidden.

Rules on claims, each checked mechanically (a curator fixes the row or its excerpts):
  * a background source says what kind of outlet it is (``outlet_kind``); state media and parties say whose
    (``outlet_of``); an event says what its start date is (``date_basis``), unless every excerpt comes from an
    article added on the page (seed), whose dates were read from the cited sentence;
  * "confirmed" needs an official statement by a party in a position to know (a source of kind ``party``) or
    two sources from distinct outlets that are not all state media or parties; otherwise say "reported";
  * "denied" needs an excerpt with a denial in it;
  * an event whose title or attribution names Wagner (or Africa Corps) has an excerpt naming it;
  * an event's place is named (by its name or an alias) in one of its excerpts;
  * a start date known to the day with ``date_basis=event`` is written in one of its excerpts (day and month);
  * a ship named in the title or summary is named in an excerpt;
  * a background excerpt is verbatim: no "…" or "..." elision and no [editorial brackets] (an elision is two
    excerpts).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import defaultdict

from atlas.model import PARTISAN_KINDS, ROUTE_LAYERS, Atlas, Event, Excerpt, Problem, Source


def validate(atlas: Atlas) -> None:
    """Append cross-record problems to atlas.problems and drop the records they make unusable."""
    from atlas.references import check_references

    problems = atlas.problems
    _check_excerpts(atlas, problems)
    _check_events(atlas, problems)
    _check_route(atlas, problems)
    _check_outlets(atlas, problems)
    _check_claims(atlas, problems)
    check_references(atlas)


def _check_excerpts(atlas: Atlas, problems: list[Problem]) -> None:
    kept = []
    for x in atlas.excerpts:
        source = atlas.sources.get(x.source_id)
        if x.event_id not in atlas.events:
            problems.append(Problem("excerpts.csv", x.line, "event_id", x.event_id, "no event has this id"))
            continue
        if source is None:
            problems.append(Problem("excerpts.csv", x.line, "source_id", x.event_id, f"no source '{x.source_id}'"))
            continue
        if source.kind == "seed":
            text = atlas.seed_texts.get(source.id)
            if text is not None and x.quote not in text:
                problems.append(
                    Problem(
                        "excerpts.csv", x.line, "quote", x.event_id, f"quote is not verbatim in seeds/{source.id}.txt"
                    )
                )
                continue
        kept.append(x)
    atlas.excerpts = kept


def _check_events(atlas: Atlas, problems: list[Problem]) -> None:
    cited = {x.event_id for x in atlas.excerpts}
    for event in list(atlas.events.values()):
        place = atlas.places.get(event.place_id)
        reason = None
        column = "place_id"
        if place is None:
            reason = f"no place '{event.place_id}'"
        elif not place.has_coordinates:
            reason = f"place '{place.id}' has no coordinates yet (run: python -m atlas geocode)"
        elif event.id not in cited:
            reason, column = "no excerpt cites a source for this event", "id"
        if reason:
            problems.append(Problem("events.csv", event.line, column, event.id, reason))
            del atlas.events[event.id]


def _check_route(atlas: Atlas, problems: list[Problem]) -> None:
    kept = []
    seen: set[tuple[str, int]] = set()
    for p in atlas.route_points:
        reason, column = None, ""
        event = atlas.events.get(p.route_id)
        if event is None or event.layer not in ROUTE_LAYERS:
            reason, column = f"route_id names no event of a route layer ({', '.join(ROUTE_LAYERS)})", "route_id"
        elif (p.route_id, p.seq) in seen:
            reason, column = f"seq {p.seq} appears twice in this route", "seq"
        elif p.place_id and p.place_id not in atlas.places:
            reason, column = f"no place '{p.place_id}'", "place_id"
        elif p.leg == "sourced" and p.date is None:
            reason, column = "a sourced vertex needs a date (or mark it inferred)", "date"
        elif p.leg == "sourced" and p.source_id not in atlas.sources:
            reason, column = "a sourced vertex needs a source_id that resolves", "source_id"
        if reason:
            problems.append(Problem("route_points.csv", p.line, column, p.route_id, reason))
            continue
        seen.add((p.route_id, p.seq))
        kept.append(p)
    atlas.route_points = kept
    by_route: dict[str, list] = defaultdict(list)
    for p in kept:
        by_route[p.route_id].append(p)
    for route_id, points in by_route.items():
        dated = [p for p in sorted(points, key=lambda q: q.seq) if p.date is not None]
        for before, after in itertools.pairwise(dated):
            # partial dates: "April 2024" after "12 April 2024" is fine; only a later point wholly before an
            # earlier one goes back in time
            if after.date.last_day < before.date.first_day:  # type: ignore[union-attr]
                problems.append(
                    Problem(
                        "route_points.csv",
                        after.line,
                        "date",
                        route_id,
                        f"date goes back in time after seq {before.seq}",
                    )
                )


def _check_outlets(atlas: Atlas, problems: list[Problem]) -> None:
    for source in atlas.sources.values():
        if source.kind == "background" and not source.outlet_kind:
            problems.append(
                Problem("sources.csv", source.line, "outlet_kind", source.id, "say what kind of outlet this is")
            )
        if source.outlet_kind in PARTISAN_KINDS and not source.outlet_of:
            whose = "which state" if source.outlet_kind == "state_media" else "which party"
            problems.append(Problem("sources.csv", source.line, "outlet_of", source.id, f"say {whose} it speaks for"))


# --- claims no larger than their evidence ---------------------------------------------------------------

DENIAL = re.compile(
    r"\b(den(?:y|ied|ies|ial|ying)|reject(?:s|ed)?|refut(?:e|ed|es)|dismiss(?:ed|es)?|not true|"
    r"not correspond|not (?:been )?(?:annulled|cancell?ed|terminated)|untrue|baseless|groundless|no truth|"
    r"dément\w*|dement\w*|bestreit\w*|bestritt\w*|smentit\w*|negó|niega\w*)\b",
    re.I,
)
ACTORS = {
    "Wagner": re.compile(r"wagner|вагнер|فاغنر", re.I),
    "Africa Corps": re.compile(r"afri(?:ca|can|k)[ -]?(?:corps|korps)|африканск\w* корпус", re.I),
}
# Ships a title or summary may name; each with the spellings an excerpt may use.
SHIPS = {
    "Admiral Kuznetsov": r"kuznetsov|kusnezow|kouznetsov|kuznecov|кузнецов",
    "Varyag": r"varyag|varjag|вар[яь]г",
    "Marshal Shaposhnikov": r"shaposhnikov|shbashnikov|шапошников",
    "Pyotr Veliky": r"pyotr veliky|petr velikiy|piotr veliki|пётр великий|петр великий",
    "Ivan Gren": r"ivan gren|iwan gren|иван грен",
    "Alexander Otrakovsky": r"otrakovsky|отраковский",
    "Sparta II": r"sparta ii|sparta 2|спарта ii|спарта-2",
    "Ursa Major": r"ursa major|урса мажор",
    "Mys Zhelaniya": r"mys zhelaniya|мыс желания",
    "Admiral Grigorovich": r"grigorovich|григорович",
}
ELISION = re.compile(r"…|\.\.\.|\[|\]")
MONTHS = {
    1: "january|janvier|januar|gennaio|enero|janeiro|январ|ocak|يناير|كانون الثاني",
    2: "february|février|fevrier|februar|febbraio|febrero|fevereiro|феврал|şubat|فبراير|شباط",
    3: "march|mars|märz|marzo|março|март|mart|مارس|آذار",
    4: "april|avril|aprile|abril|апрел|nisan|أبريل|نيسان",
    5: "may|mai|maggio|mayo|maio|ма[йя]|mayıs|مايو|أيار",
    6: "june|juin|juni|giugno|junio|junho|июн|haziran|يونيو|حزيران",
    7: "july|juillet|juli|luglio|julio|julho|июл|temmuz|يوليو|تموز",
    8: "august|août|aout|agosto|август|ağustos|أغسطس|آب",
    9: "september|septembre|settembre|septiembre|setembro|сентябр|eylül|سبتمبر|أيلول",
    10: "october|octobre|oktober|ottobre|octubre|outubro|октябр|ekim|أكتوبر|تشرين الأول",
    11: "november|novembre|noviembre|novembro|ноябр|kasım|نوفمبر|تشرين الثاني",
    12: "december|décembre|decembre|dezember|dicembre|diciembre|dezembro|декабр|aralık|ديسمبر|كانون الأول",
}
MONTH_ABBREVIATIONS = {1: "jan", 2: "feb", 3: "mar", 4: "apr", 8: "aug", 9: "sept?", 10: "oct", 11: "nov", 12: "dec"}
_ORDINAL_WORDS = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
    "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
)
ORDINALS = _ORDINAL_WORDS.split(" ")


def _fold(text: str) -> str:
    """Lower case without accents or curly quotes, so 'Al-Khadim' finds 'al khadim' and 'Tartous' finds itself."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[-‐‑–—_'’‘`]+", " ", text)


def _day_pattern(day: int) -> str:
    words = [rf"0?{day}(?:st|nd|rd|th|er|\.|º)?"]
    if day <= len(ORDINALS):
        words.append(ORDINALS[day - 1])
    if day == 20:
        words.append("twentieth")
    elif 20 < day < 30:
        words.append(rf"twenty[ -]{ORDINALS[day - 21]}")
    elif day >= 30:
        words.append("thirtieth" if day == 30 else "thirty[ -]first")
    return r"(?<!\d)(?:" + "|".join(words) + r")(?!\d)"


def date_written_in(date_day: int, month: int, year: int, text: str) -> bool:
    """Whether the text writes this day and month ('28 September', 'April 16', '2023-08-22', '22.08.2023')."""
    low = text.lower()
    iso = f"{year}-{month:02d}-{date_day:02d}"
    numeric = rf"(?<!\d)0?{date_day}[./]0?{month}[./](?:{year}|{year % 100:02d})(?!\d)"
    if iso in low or re.search(numeric, low):
        return True
    month_words = MONTHS[month] + (f"|{MONTH_ABBREVIATIONS[month]}\\b" if month in MONTH_ABBREVIATIONS else "")
    return bool(re.search(month_words, low)) and bool(re.search(_day_pattern(date_day), low))


def claim_problems(
    event: Event, excerpts: list[Excerpt], sources: dict[str, Source], place_names: list[str]
) -> list[tuple[str, str]]:
    """(column, sentence) for every field of the event its excerpts do not support."""
    quotes = [x.quote for x in excerpts]
    text = "\n".join(quotes)
    found: list[tuple[str, str]] = []
    cited = [sources[x.source_id] for x in excerpts if x.source_id in sources]
    if event.status == "confirmed" and not confirmed_by(cited):
        found.append(
            (
                "status",
                "'confirmed' needs a party's own statement or two distinct outlets not all state media or parties; "
                "say 'reported'",
            )
        )
    if event.status == "denied" and not DENIAL.search(text):
        found.append(("status", "'denied' but no excerpt quotes a denial"))
    for actor, pattern in ACTORS.items():
        for column, value in (("title", event.title), ("attribution", event.attribution)):
            if pattern.search(value) and not pattern.search(text):
                found.append((column, f"names {actor} but no excerpt does"))
    folded = _fold(text)
    if place_names and not any(_fold(n) in folded for n in place_names if n):
        found.append(("place_id", f"no excerpt names the place ({place_names[0]})"))
    start = event.start
    on_a_day = event.date_basis == "event" and start.precision == "day"
    if on_a_day and not any(date_written_in(start.day, start.month, start.year, q) for q in quotes):  # type: ignore[arg-type]
        found.append(("start", f"start {start} is said to be the event's date but no excerpt writes {start.human()}"))
    for ship, pattern in SHIPS.items():
        for column, value in (("title", event.title), ("summary", event.summary)):
            if re.search(pattern, value, re.I) and not re.search(pattern, text, re.I):
                found.append((column, f"names the ship {ship} but no excerpt does"))
    return found


def confirmed_by(sources: list[Source]) -> bool:
    """The house rule for "confirmed": a party's own statement, or two distinct outlets not all partisan.

    A source whose kind is not recorded (an article added on the page, which does not ask for it yet) cannot be
    judged mechanically, so it does not fail the rule; every source in data/ carries a kind (a data test).
    """
    if any(s.outlet_kind in ("party", "") for s in sources):
        return True
    outlets = {s.outlet.strip().lower() for s in sources}
    return len(outlets) >= 2 and any(s.outlet_kind not in PARTISAN_KINDS for s in sources)


def _check_claims(atlas: Atlas, problems: list[Problem]) -> None:
    by_event: dict[str, list[Excerpt]] = defaultdict(list)
    for x in atlas.excerpts:
        by_event[x.event_id].append(x)
    for x in atlas.excerpts:
        source = atlas.sources.get(x.source_id)
        if source is not None and source.kind == "background" and ELISION.search(x.quote):
            problems.append(
                Problem(
                    "excerpts.csv",
                    x.line,
                    "quote",
                    x.event_id,
                    "a background quote with an elision or [brackets] is not verbatim: split it into excerpts",
                )
            )
    for event in atlas.events.values():
        excerpts = by_event.get(event.id, [])
        if not excerpts:
            continue
        all_seed = all(atlas.sources[x.source_id].kind == "seed" for x in excerpts)
        if not event.date_basis and not all_seed:
            problems.append(
                Problem("events.csv", event.line, "date_basis", event.id, "say what the start date is (date_basis)")
            )
        place = atlas.places.get(event.place_id)
        names = [place.name.split(" (")[0], *place.aliases] if place else []
        for column, message in claim_problems(event, excerpts, atlas.sources, names):
            problems.append(Problem("events.csv", event.line, column, event.id, message))
