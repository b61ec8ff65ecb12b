"""Dates in news text, resolved against the publication date or the date just before them.

Rules, in the manner of HeidelTime's narrative mode: absolute dates as written (an ambiguous "03/04/2023"
keeps only its year); deictic ones ("last December", "early last month") against the publication date ("last
night" is the evening before it); anaphoric ones ("the next day", "a month later", "the previous night")
against the most recent date mentioned before them, or the publication date when no day was named before.
A month or a year is never given a day. A weekday is the last such day on or before the publication ("on
Thursday" in a story published on a Thursday is that day; "last Thursday" a week before), with or without "on"
("stormed Thursday", "early Friday"), unless it names a holiday ("Good Friday") or a habit ("every Friday").
A span of two dates ("between Nov. 1, 2019 and July 31, 2020", "from 3 to 9 March", "1 March – 4 April 2024")
is one mention with a start and an end, each at its own precision; a first date without a year takes it from
the second. A bare month before a noun ("a confidential May report", "the June attack") is the latest such
month on or before the publication. "Over the last fortnight", "in the past two weeks", "over the past month"
are spans ending at the publication, to the day for days and weeks, to the month for months, to the year for
years.
dateparser was measured to drop "last", miss "the next day" and "2019-2020" and anchor relatives to the
wrong date (see the project's geoparsing notes), so the rules handle English; dateparser normalises what
they cannot read: absolute dates in other languages ("5 octobre 2023", "28 de septiembre de 2023",
"5 октября 2023"), found by their month names in dateparser's own locale data, with its granularity.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from bisect import bisect_left, insort
from dataclasses import dataclass
from functools import lru_cache

from atlas.dates import PartialDate

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
_MONTH = (
    r"(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|"
    r"Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
)
_WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}


@dataclass(frozen=True)
class DateMention:
    text: str
    start_offset: int
    end_offset: int
    value: PartialDate
    end_value: PartialDate | None  # for ranges ("2019-2020")
    precision: str
    rule: str  # absolute · deictic · anaphoric
    anchored_to: str  # "publication" or the text of the date it was resolved against, or ""

    def to_json(self) -> dict[str, object]:
        return {
            "text": self.text,
            "start_offset": self.start_offset,
            "end_offset": self.end_offset,
            "value": self.value.iso() if self.end_value is None else f"{self.value.iso()}/{self.end_value.iso()}",
            "precision": self.precision,
            "rule": self.rule,
            "anchored_to": self.anchored_to,
        }


def _month_before(ref: dt.date, month: int, *, strictly: bool) -> int:
    """The year of the latest `month` before (or, not strictly, in) the reference month."""
    if month < ref.month or (month == ref.month and not strictly):
        return ref.year
    return ref.year - 1


def _day_on_or_before(ref: dt.date, month: int, day: int) -> PartialDate | None:
    for year in (ref.year, ref.year - 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if candidate <= ref:
            return PartialDate(year, month, day)
    return None


def _add_months(d: dt.date, n: int) -> tuple[int, int]:
    total = d.year * 12 + d.month - 1 + n
    return total // 12, total % 12 + 1


def _pd(d: dt.date) -> PartialDate:
    return PartialDate(d.year, d.month, d.day)


_WEEKDAY = r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MONTH_WORD = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|"
    r"Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
)
# One side of a span: a day and a month, or a month, with or without a year ("Nov. 1, 2019", "3 March", "May").
_SIDE = (
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)? (?:of )?{_MONTH_WORD}|{_MONTH_WORD} \d{{1,2}}(?:st|nd|rd|th)?(?![\d:])"
    rf"|{_MONTH_WORD})(?:,? (?:19|20)\d{{2}})?"
)
# A span's start may be a bare day that takes its month from the end ("from 3 to 9 March").
_START = rf"(?:{_SIDE}|\d{{1,2}}(?:st|nd|rd|th)?(?= ?(?:[-–—]|and|to|until|till|through) ?\d))"
_SPANS = [
    re.compile(rf"\b(?:[Bb]etween|[Ff]rom) (?P<x>{_START}) (?:and|to|until|till|through) (?P<y>{_SIDE})(?![\w-])"),
    re.compile(rf"\b(?P<x>{_START}) ?[-–—] ?(?P<y>{_SIDE})(?![\w-])"),
]
_FULL_NUMBERS = "|".join(_NUMBERS)
_STOP_AFTER_MONTH = (
    "of|on|to|in|for|and|or|by|at|from|with|is|was|were|are|be|been|being|will|would|could|should|might|must|can|"
    "has|had|have|not|also|the|a|an|as|that|which|who|when|if|than|then"
)

# (pattern, handler name); earlier patterns win where matches overlap. A pattern with a group named "when"
# takes only that group's text as the date (the words around it only say it is one).
_RULES: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(
            rf"\b(?:[Oo]ver|[Ii]n|[Dd]uring|[Ff]or|[Ww]ithin|[Tt]hroughout) the (?:last|past|previous) "
            rf"(?:({_FULL_NUMBERS}|\d+) )?(days?|weeks?|fortnight|months?|years?)\b(?! of\b)",
        ),
        "past_span",
    ),
    (re.compile(r"\b((?:19|20)\d{2})-(\d{2})-(\d{2})\b"), "iso"),
    (re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.]((?:19|20)\d{2})\b"), "numeric"),
    (
        re.compile(r"\b(?:[Bb]etween|[Ff]rom) ((?:19|20)\d{2}) (?:and|to|until|till|through) ((?:19|20)\d{2})\b"),
        "year_range",
    ),
    (re.compile(r"\b((?:19|20)\d{2})\s?[-–—/]\s?((?:19|20)\d{2}|\d{2})\b"), "year_range"),
    (
        re.compile(
            rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s?(?:[-–—]|to|and)\s?(\d{{1,2}})(?:st|nd|rd|th)? {_MONTH},? "
            rf"((?:19|20)\d{{2}})\b"
        ),
        "day_range",
    ),
    (
        re.compile(
            rf"\b(?:[Bb]etween |[Ff]rom )?{_MONTH}\s?(?:[-–—]|to|and|until|through)\s?{_MONTH},? ((?:19|20)\d{{2}})\b"
        ),
        "month_range",
    ),
    (re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)? (?:of )?{_MONTH},? ((?:19|20)\d{{2}})\b"), "dmy"),
    (re.compile(rf"\b{_MONTH} (\d{{1,2}})(?:st|nd|rd|th)?,? ((?:19|20)\d{{2}})\b"), "mdy"),
    (re.compile(rf"\b(early|mid|late|end of|beginning of)[ -]{_MONTH},? ((?:19|20)\d{{2}})\b", re.I), "part_my"),
    (re.compile(rf"\b{_MONTH},? ((?:19|20)\d{{2}})\b"), "my"),
    (re.compile(r"\b(?:[Ee]arly|[Mm]id|[Ll]ate|[Tt]he end of|[Tt]he beginning of)[ -]((?:19|20)\d{2})\b"), "part_year"),
    (re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)? (?:of )?{_MONTH}\b"), "dm"),
    (re.compile(rf"\b{_MONTH} (\d{{1,2}})(?:st|nd|rd|th)?\b"), "md"),
    (re.compile(rf"\b(?:(early|mid|late) )?(last|this|next) {_MONTH}", re.I), "rel_month_name"),
    (
        re.compile(r"\b(?:(early|mid|late|earlier|later) )?(last|this|next|previous) (week|month|year)\b", re.I),
        "rel_unit",
    ),
    (
        re.compile(r"\b(the next day|the following day|the day after|the previous day|the day before)\b", re.I),
        "next_day",
    ),
    (
        re.compile(
            r"\b(a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+) (day|week|month|year)s? "
            r"(later|after|earlier|before|ago)\b",
            re.I,
        ),
        "offset",
    ),
    (re.compile(r"\b(yesterday|today)\b", re.I), "deictic_day"),
    # the night before publication ("last night"), or before the day just named ("the previous night")
    (re.compile(r"\b(?:late )?(last night|tonight|this (?:morning|afternoon|evening))\b", re.I), "deictic_night"),
    (re.compile(r"\b(?:the )?(previous night|night before)(?=[.,;:!?)]|\s*$)", re.I), "previous_night"),
    (re.compile(r"\b(?:(earlier|later) )?this (week|month|year)\b", re.I), "this_unit"),
    (
        re.compile(rf"\b(?:([Oo]n|[Ll]ast|[Ee]arly|[Ll]ate|[Ee]arlier|[Ll]ater)(?: on)? )?{_WEEKDAY}\b(?!s\b)"),
        "weekday",
    ),
    (
        re.compile(rf"\b(?:[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Ff]rom|[Ee]arly|[Ll]ate|[Mm]id)[ -]{_MONTH}\b(?! \d)"),
        "in_month",
    ),
    # a bare month as an adjective: a determiner, up to two lower-case words, the month, a lower-case noun
    (
        re.compile(
            r"\b(?:[Aa]n?|[Tt]he|[Ii]ts|[Tt]heir|[Hh]is|[Hh]er|[Oo]ur|[Tt]his|[Tt]hat)\s+(?:[a-z][a-z-]*\s+){0,2}"
            r"(?P<when>January|February|March|April|May|June|July|August|September|October|November|December)"
            rf"\s+(?!(?:{_STOP_AFTER_MONTH})\b)(?=[a-z])"
        ),
        "month_noun",
    ),
    (re.compile(r"(?<![\d,.])\b((?:19|20)\d{2})\b(?![\d,.]\d)"), "year"),
]


# Languages whose written dates dateparser normalises (news about Libya and Russia: French, Italian, Spanish,
# German, Russian, Turkish, Portuguese, Arabic).
OTHER_LANGUAGES = ("fr", "it", "es", "de", "ru", "tr", "pt", "ar")
_WORD_DATE = re.compile(r"\b(?:(\d{1,2})\.?\s+(?:de\s+)?)?([^\W\d_]{3,12})\.?(?:\s+de)?,?\s+((?:19|20)\d{2})\b")


@lru_cache(maxsize=1)
def _other_month_names() -> frozenset[str]:
    """Month names and abbreviations of OTHER_LANGUAGES, from dateparser's locale data, in lower case."""
    from dateparser.languages.loader import default_loader

    names: set[str] = set()
    for language in OTHER_LANGUAGES:
        info = default_loader.get_locale(language).info
        for month in calendar.month_name[1:]:
            names.update(n.lower().rstrip(".") for n in info.get(month.lower(), []))
    return frozenset(names - set(MONTHS))


@lru_cache(maxsize=1)
def _date_parser():  # type: ignore[no-untyped-def]
    from dateparser.date import DateDataParser

    return DateDataParser(languages=list(OTHER_LANGUAGES), settings={"PREFER_DAY_OF_MONTH": "first"})


def _other_language_dates(text: str) -> list[tuple[int, int, PartialDate]]:
    """Absolute dates the English rules cannot read, normalised by dateparser with their precision."""
    found = []
    for m in _WORD_DATE.finditer(text):
        if m.group(2).lower() not in _other_month_names():
            continue
        a, b = m.span()
        data = _date_parser().get_date_data(text[a:b])
        if data.date_obj is None:
            continue
        d = data.date_obj
        value = PartialDate(d.year, d.month, d.day) if data.period == "day" else PartialDate(d.year, d.month)
        found.append((a, b, value))
    return found


def _side(text: str, ref: dt.date) -> PartialDate | None:
    """One side of a span: as written when it has a year, else the latest such day or month on or before `ref`."""
    year = re.search(r"(?:19|20)\d{2}$", text)
    month_word = re.search(_MONTH_WORD, text)
    day = re.match(r"\d{1,2}", text) or re.match(rf"{_MONTH_WORD} (\d{{1,2}})(?!\d)", text)
    if month_word is None:
        return None
    month = MONTHS[month_word.group(0).rstrip(".").lower()]
    try:
        if year:
            return PartialDate.parse(
                f"{year.group(0)}-{month:02d}" + (f"-{int(day.group(day.lastindex or 0)):02d}" if day else "")
            )
        if day:
            return _day_on_or_before(ref, month, int(day.group(day.lastindex or 0)))
        return PartialDate(_month_before(ref, month, strictly=False), month)
    except ValueError:
        return None


def _on_day(month_of: PartialDate, day: int) -> PartialDate | None:
    try:
        return PartialDate(month_of.year, month_of.month, dt.date(month_of.year, month_of.month or 1, day).day)
    except ValueError:
        return None


def _spans(text: str, pub: dt.date) -> list[DateMention]:
    """Two dates joined as one span ("between X and Y", "from X to Y", "X – Y"): the end is read first (against
    the publication when it has no year), the start against the end (so "Nov. 1" before "July 31, 2020" is 1
    November 2019). A span whose start is after its end is not one."""
    found = []
    for pattern in _SPANS:
        for m in pattern.finditer(text):
            end = _side(m.group("y"), pub)
            if end is None:
                continue
            bare_day = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?", m.group("x"))
            if bare_day and end.precision == "day":
                start = _on_day(end, int(bare_day.group(1)))
            else:
                start = _side(m.group("x"), end.last_day)
            if start is None or start.first_day > end.last_day or start == end:
                continue
            has_year = bool(re.search(r"(?:19|20)\d{2}$", m.group("y")))
            kind, to = ("absolute", "") if has_year else ("deictic", "publication")
            found.append(DateMention(m.group(0), m.start(), m.end(), start, end, start.precision, kind, to))
    return found


def find_dates(text: str, published: PartialDate) -> list[DateMention]:
    """Every date mention in `text`, in order, each resolved to a PartialDate (or a range)."""
    pub = published.last_day if published.precision != "day" else published.first_day
    taken: list[tuple[int, int]] = []
    longest = 0

    def free(a: int, b: int) -> bool:
        """Take [a, b) unless it overlaps a span already taken. Only spans starting in (a - longest, b) can
        reach it: found by bisection, not by a scan of every span (which made long articles quadratic)."""
        nonlocal longest
        i = bisect_left(taken, (b, -1))
        if any(a < y for x, y in taken[bisect_left(taken, (a - longest, -1)) : i]):
            return False
        insort(taken, (a, b))
        longest = max(longest, b - a)
        return True

    raw: list[tuple[int, int, str, re.Match[str] | PartialDate | DateMention]] = []
    for a, b, value in _other_language_dates(text):
        if free(a, b):
            raw.append((a, b, "other_language", value))
    for span in _spans(text, pub):
        if free(span.start_offset, span.end_offset):
            raw.append((span.start_offset, span.end_offset, "span", span))
    for pattern, rule in _RULES:
        for m in pattern.finditer(text):
            a, b = m.span("when") if "when" in pattern.groupindex else m.span()
            if free(a, b):
                raw.append((a, b, rule, m))
    raw.sort(key=lambda r: r[:3])
    mentions: list[DateMention] = []
    for a, b, rule, m in raw:
        if isinstance(m, DateMention):
            mentions.append(m)
            continue
        anchor = next((x for x in reversed(mentions) if x.rule != "anaphoric" or x.value.precision == "day"), None)
        mention = _resolve(rule, m, text[a:b], a, b, pub, anchor)
        if mention is not None:
            mentions.append(mention)
    return mentions


def _resolve(
    rule: str, m: re.Match[str] | PartialDate, text: str, a: int, b: int, pub: dt.date, anchor: DateMention | None
) -> DateMention | None:
    def make(value: PartialDate, kind: str = "absolute", end: PartialDate | None = None, to: str = "") -> DateMention:
        return DateMention(text, a, b, value, end, value.precision, kind, to)

    if isinstance(m, PartialDate):  # read by dateparser already
        return make(m)
    g = m.groups()
    if rule == "iso":
        return _safe(lambda: make(PartialDate(int(g[0]), int(g[1]), int(g[2]))))
    if rule == "numeric":
        first, second, year = int(g[0]), int(g[1]), int(g[2])
        if first > 12 >= second:
            return _safe(lambda: make(PartialDate(year, second, first)))
        if second > 12 >= first:
            return _safe(lambda: make(PartialDate(year, first, second)))
        # "12/03/2023": 12 March or 3 December depends on the outlet's convention; keep only the year
        return make(PartialDate(year), to="day and month order unknown")
    if rule == "year_range":
        first, second = int(g[0]), g[1]
        last = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
        return make(PartialDate(first), end=PartialDate(last)) if last > first else None
    if rule == "dmy":
        return _safe(lambda: make(PartialDate(int(g[2]), MONTHS[g[1].lower()], int(g[0]))))
    if rule == "mdy":
        return _safe(lambda: make(PartialDate(int(g[2]), MONTHS[g[0].lower()], int(g[1]))))
    if rule == "day_range":
        month, year = MONTHS[g[2].lower()], int(g[3])
        if int(g[0]) >= int(g[1]):  # "20 to 4 March 2024" is no span: only its end is a whole date
            return _safe(lambda: make(PartialDate.parse(f"{year}-{month:02d}-{int(g[1]):02d}")))
        return _safe(lambda: make(PartialDate(year, month, int(g[0])), end=PartialDate(year, month, int(g[1]))))
    if rule == "month_range":
        first, last, year = MONTHS[g[0].lower()], MONTHS[g[1].lower()], int(g[2])
        start_year = year - 1 if first > last else year
        return make(PartialDate(start_year, first), end=PartialDate(year, last))
    if rule == "part_year":
        return make(PartialDate(int(g[0])))
    if rule == "this_unit":
        unit = g[1].lower()
        if unit == "year":
            return make(PartialDate(pub.year), "deictic", to="publication")
        if unit == "month":
            return make(PartialDate(pub.year, pub.month), "deictic", to="publication")
        return make(_pd(pub), "deictic", to="publication (week, approximate day)")
    if rule == "part_my":
        return make(PartialDate(int(g[2]), MONTHS[g[1].lower()]))
    if rule == "my":
        return make(PartialDate(int(g[1]), MONTHS[g[0].lower()]))
    if rule in ("dm", "md"):
        day, month = (int(g[0]), g[1]) if rule == "dm" else (int(g[1]), g[0])
        value = _day_on_or_before(pub, MONTHS[month.lower()], day)
        return make(value, "deictic", to="publication") if value else None
    if rule == "rel_month_name":
        month = MONTHS[g[2].lower()]
        direction = g[1].lower()
        year = _month_before(pub, month, strictly=True) if direction == "last" else pub.year
        if direction == "next":
            year = pub.year if month > pub.month else pub.year + 1
        return make(PartialDate(year, month), "deictic", to="publication")
    if rule == "rel_unit":
        direction, unit = g[1].lower(), g[2].lower()
        step = {"last": -1, "previous": -1, "this": 0, "next": 1}[direction]
        if unit == "year":
            return make(PartialDate(pub.year + step), "deictic", to="publication")
        if unit == "month":
            year, month = _add_months(pub, step)
            return make(PartialDate(year, month), "deictic", to="publication")
        return make(_pd(pub + dt.timedelta(days=7 * step)), "deictic", to="publication (week, approximate day)")
    if rule == "next_day":
        base = anchor.value if anchor else None
        if base is None or base.precision != "day":
            return None  # "the next day" after a month is not a day we can name
        delta = 1 if text.lower() in ("the next day", "the following day", "the day after") else -1
        return make(_pd(base.first_day + dt.timedelta(days=delta)), "anaphoric", to=anchor.text)  # type: ignore[union-attr]
    if rule == "offset":
        n = int(g[0]) if g[0].isdigit() else _NUMBERS[g[0].lower()]
        unit, direction = g[1].lower(), g[2].lower()
        sign = 1 if direction in ("later", "after") else -1
        base_mention = None if direction == "ago" else anchor
        base = base_mention.value.first_day if base_mention else pub
        to = base_mention.text if base_mention else "publication"
        kind = "anaphoric" if base_mention else "deictic"
        if unit == "day":
            return make(_pd(base + dt.timedelta(days=sign * n)), kind, to=to)
        if unit == "week":
            return make(_pd(base + dt.timedelta(days=sign * 7 * n)), kind, to=f"{to} (approximate day)")
        if unit == "month":
            year, month = _add_months(base, sign * n)
            return make(PartialDate(year, month), kind, to=to)
        return make(PartialDate(base.year + sign * n), kind, to=to)
    if rule == "deictic_night":
        delta = -1 if g[0].lower() == "last night" else 0
        return make(
            _pd(pub + dt.timedelta(days=delta)),
            "deictic",
            to="publication (the evening before)" if delta else "publication",
        )
    if rule == "previous_night":
        if anchor is not None and anchor.value.precision == "day":
            return make(_pd(anchor.value.first_day - dt.timedelta(days=1)), "anaphoric", to=anchor.text)
        return make(_pd(pub - dt.timedelta(days=1)), "deictic", to="publication (the evening before)")
    if rule == "deictic_day":
        delta = -1 if g[0].lower() == "yesterday" else 0
        return make(_pd(pub + dt.timedelta(days=delta)), "deictic", to="publication")
    if rule == "weekday":
        prefix, target = (g[0] or "").lower(), _WEEKDAYS[g[1].lower()]
        if not prefix and not _weekday_is_a_date(m.string, a, b):
            return None
        # news style: the publication's own weekday is that day; "last Thursday" on a Thursday is a week back
        back = (pub.weekday() - target) % 7 or (7 if prefix == "last" else 0)
        return make(_pd(pub - dt.timedelta(days=back)), "deictic", to="publication")
    if rule == "month_noun":
        month = MONTHS[m.group("when").lower()]
        return make(PartialDate(_month_before(pub, month, strictly=False), month), "deictic", to="publication")
    if rule == "past_span":
        n = 1 if g[0] is None else int(g[0]) if g[0].isdigit() else _NUMBERS[g[0].lower()]
        unit = g[1].lower().rstrip("s")
        to = "publication (a span ending at it)"
        if unit in ("day", "week", "fortnight"):
            days = n * {"day": 1, "week": 7, "fortnight": 14}[unit]
            return make(_pd(pub - dt.timedelta(days=days)), "deictic", end=_pd(pub), to=to)
        if unit == "month":
            year, month = _add_months(pub, -n)
            return make(PartialDate(year, month), "deictic", end=PartialDate(pub.year, pub.month), to=to)
        return make(PartialDate(pub.year - n), "deictic", end=PartialDate(pub.year), to=to)
    if rule == "in_month":
        month = MONTHS[g[0].lower()]
        return make(PartialDate(_month_before(pub, month, strictly=False), month), "deictic", to="publication")
    if rule == "year":
        return make(PartialDate(int(g[0])))
    return None


def _weekday_is_a_date(text: str, a: int, b: int) -> bool:
    """A weekday without "on": a date unless a capitalised word just before it makes a name ("Good Friday",
    "Super Tuesday"), it is a habit ("every Friday") or a prayer ("Friday prayers")."""
    before = text[max(0, a - 40) : a]
    if re.search(r"(?:\b[A-Z][A-Za-z]*|\b(?:every|each))[ \t]+$", before):
        return False
    return not re.match(r"[ \t]+prayers?\b", text[b : b + 12], re.I)


def _safe(build):  # type: ignore[no-untyped-def]
    try:
        return build()
    except ValueError:
        return None
