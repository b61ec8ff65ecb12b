"""Events CSV files in the two conventions newsrooms export: ACLED and UCDP GED.

`detect(header)` names the convention from the column names (extra columns are allowed and ignored);
`parse_rows(...)` turns every row into one `EventRow` or one `Problem` with its line and column, so a bad
row is reported and the rest still import. Dates keep the precision the coder gave, as the interval the
event may lie in; a location's precision code becomes an honest radius in km (`ACLED_GEO_KM`,
`UCDP_WHERE_KM`, documented in the README under "Bring your own events").
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass

from atlas.model import Problem

ACLED = "acled"
UCDP = "ucdp"

COLUMNS: dict[str, tuple[str, ...]] = {
    ACLED: (
        "event_id_cnty",
        "event_date",
        "year",
        "time_precision",
        "event_type",
        "sub_event_type",
        "actor1",
        "actor2",
        "country",
        "location",
        "latitude",
        "longitude",
        "geo_precision",
        "source",
        "notes",
        "fatalities",
    ),
    UCDP: (
        "id",
        "date_start",
        "date_end",
        "date_prec",
        "type_of_violence",
        "side_a",
        "side_b",
        "country",
        "where_coordinates",
        "latitude",
        "longitude",
        "where_prec",
        "source_article",
        "best",
    ),
}
CONVENTION_LABELS = {ACLED: "ACLED", UCDP: "UCDP GED"}

# ACLED geo_precision → radius (km) the point may be off by.
#   1: the source names a town and the coordinates are that town's: a town's extent, 5 km.
#   2: "near" a town or a small part of a region, coded to a nearby town: 25 km.
#   3: only a larger region (a province) is named, coded to its capital: 100 km.
ACLED_GEO_KM = {1: 5.0, 2: 25.0, 3: 100.0}
# UCDP GED where_prec → radius (km).
#   1: exact location: 5 km.  2: within about 25 km of a known point: 25 km.
#   3: a second-order administrative division (district): 50 km.
#   4: a first-order administrative division (province): 150 km.
#   5: a part of a country larger than a province, or a road or river: 300 km.
#   6: only the country: 500 km.  7: international waters or airspace: 500 km.
UCDP_WHERE_KM = {1: 5.0, 2: 25.0, 3: 50.0, 4: 150.0, 5: 300.0, 6: 500.0, 7: 500.0}

# Date precision codes → the label the panel shows.
ACLED_TIME = {1: "day", 2: "week", 3: "month"}
UCDP_DATE = {1: "day", 2: "2–6 days", 3: "week", 4: "month", 5: "more than a month"}
UCDP_VIOLENCE = {1: "State-based conflict", 2: "Non-state conflict", 3: "One-sided violence"}

EPOCH = dt.date(1970, 1, 1).toordinal()
_MONTHS = {
    name.lower(): i
    for i, names in enumerate(
        (
            ("January", "Jan"),
            ("February", "Feb"),
            ("March", "Mar"),
            ("April", "Apr"),
            ("May",),
            ("June", "Jun"),
            ("July", "Jul"),
            ("August", "Aug"),
            ("September", "Sep", "Sept"),
            ("October", "Oct"),
            ("November", "Nov"),
            ("December", "Dec"),
        ),
        start=1,
    )
    for name in names
}


@dataclass(frozen=True, slots=True)
class EventRow:
    """One imported event, the same for both conventions; days count from 1970-01-01."""

    line: int
    event_id: str
    start: int
    end: int
    date_code: int
    date_precision: str
    lat: float
    lon: float
    place_code: int
    precision_km: float
    event_type: str
    sub_event_type: str
    actor1: str
    actor2: str
    country: str
    location: str
    fatalities: int | None
    source: str
    notes: str


class CellError(ValueError):
    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column


def detect(header: list[str]) -> str | None:
    """The convention whose columns the header holds (case and spaces ignored), or None."""
    names = {h.strip().lower() for h in header}
    for convention, columns in COLUMNS.items():
        if names.issuperset(columns):
            return convention
    return None


def missing_columns(header: list[str]) -> dict[str, list[str]]:
    """For each convention, the columns the header lacks: the sentence for a file that is neither."""
    names = {h.strip().lower() for h in header}
    return {c: [col for col in cols if col not in names] for c, cols in COLUMNS.items()}


def day_number(value: dt.date) -> int:
    return value.toordinal() - EPOCH


def from_day_number(days: int) -> dt.date:
    return dt.date.fromordinal(days + EPOCH)


def parse_date(text: str) -> dt.date:
    """ISO ('2023-05-12', with an optional time), '12 May 2023', '12-05-2023' or '12/05/2023' (day first)."""
    value = text.strip()
    if not value:
        raise ValueError("is empty")
    head = value[:10]
    try:
        if len(head) == 10 and head[4] == "-" and head[7] == "-" and (len(value) == 10 or value[10] in " T"):
            return dt.date.fromisoformat(head)
        parts = value.replace("/", " ").replace("-", " ").split()
        if len(parts) == 3:
            day, month, year = parts
            month_number = int(month) if month.isdigit() else _MONTHS.get(month.lower().rstrip("."))
            if day.isdigit() and year.isdigit() and len(year) == 4 and month_number:
                return dt.date(int(year), month_number, int(day))
    except ValueError:
        raise ValueError(f"'{value}' is not a calendar date") from None
    raise ValueError(f"'{value}' is not a date (YYYY-MM-DD, DD Month YYYY or DD-MM-YYYY)")


def _text(cells: list[str], index: dict[str, int], column: str, *, required: bool = False) -> str:
    value = cells[index[column]].strip()
    if required and not value:
        raise CellError(column, f"{column} is empty")
    return value


def _code(cells: list[str], index: dict[str, int], column: str, allowed: dict[int, object]) -> int:
    value = cells[index[column]].strip()
    try:
        number = float(value) if value else None
    except ValueError:
        number = None
    code = int(number) if number is not None and number.is_integer() else None
    if code not in allowed:
        raise CellError(column, f"'{value}' is not one of {', '.join(map(str, allowed))}")
    return code


def _coordinate(cells: list[str], index: dict[str, int], column: str, limit: float) -> float:
    value = cells[index[column]].strip()
    try:
        number = float(value)
    except ValueError:
        raise CellError(column, f"'{value}' is not a number" if value else f"{column} is empty") from None
    if not -limit <= number <= limit:  # also refuses nan
        raise CellError(column, f"{number} is outside -{limit:g}..{limit:g}")
    return number


def _count(cells: list[str], index: dict[str, int], column: str) -> int | None:
    value = cells[index[column]].strip()
    if not value:
        return None
    try:
        number = int(float(value))
    except ValueError:
        raise CellError(column, f"'{value}' is not a whole number") from None
    if number < 0:
        raise CellError(column, f"{number} is negative")
    return number


def _date(cells: list[str], index: dict[str, int], column: str) -> dt.date:
    try:
        date = parse_date(cells[index[column]])
    except ValueError as exc:
        message = str(exc)
        raise CellError(column, f"{column} {message}" if message == "is empty" else message) from None
    if not 1000 <= date.year <= 9000:
        raise CellError(column, f"year {date.year} is not plausible")
    return date


def _acled(line: int, cells: list[str], index: dict[str, int]) -> EventRow:
    date = _date(cells, index, "event_date")
    year = _text(cells, index, "year")
    if year and year != str(date.year):
        raise CellError("year", f"year {year} disagrees with event_date {date.isoformat()}")
    time_code = _code(cells, index, "time_precision", ACLED_TIME)
    if time_code == 1:
        start = end = date
    elif time_code == 2:  # the week (or weekend) the source names: event_date is within it
        start, end = date - dt.timedelta(days=3), date + dt.timedelta(days=3)
    else:  # only the month is known
        start = date.replace(day=1)
        end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    geo_code = _code(cells, index, "geo_precision", ACLED_GEO_KM)
    return EventRow(
        line=line,
        event_id=_text(cells, index, "event_id_cnty", required=True),
        start=day_number(start),
        end=day_number(end),
        date_code=time_code,
        date_precision=ACLED_TIME[time_code],
        lat=_coordinate(cells, index, "latitude", 90),
        lon=_coordinate(cells, index, "longitude", 180),
        place_code=geo_code,
        precision_km=ACLED_GEO_KM[geo_code],
        event_type=_text(cells, index, "event_type", required=True),
        sub_event_type=_text(cells, index, "sub_event_type"),
        actor1=_text(cells, index, "actor1", required=True),
        actor2=_text(cells, index, "actor2"),
        country=_text(cells, index, "country", required=True),
        location=_text(cells, index, "location"),
        fatalities=_count(cells, index, "fatalities"),
        source=_text(cells, index, "source"),
        notes=_text(cells, index, "notes"),
    )


def _ucdp(line: int, cells: list[str], index: dict[str, int]) -> EventRow:
    start = _date(cells, index, "date_start")
    end = _date(cells, index, "date_end")
    if end < start:
        raise CellError("date_end", f"date_end {end.isoformat()} is before date_start {start.isoformat()}")
    date_code = _code(cells, index, "date_prec", UCDP_DATE)
    where_code = _code(cells, index, "where_prec", UCDP_WHERE_KM)
    violence = _code(cells, index, "type_of_violence", UCDP_VIOLENCE)
    return EventRow(
        line=line,
        event_id=_text(cells, index, "id", required=True),
        start=day_number(start),
        end=day_number(end),
        date_code=date_code,
        date_precision=UCDP_DATE[date_code],
        lat=_coordinate(cells, index, "latitude", 90),
        lon=_coordinate(cells, index, "longitude", 180),
        place_code=where_code,
        precision_km=UCDP_WHERE_KM[where_code],
        event_type=UCDP_VIOLENCE[violence],
        sub_event_type="",
        actor1=_text(cells, index, "side_a", required=True),
        actor2=_text(cells, index, "side_b"),
        country=_text(cells, index, "country", required=True),
        location=_text(cells, index, "where_coordinates"),
        fatalities=_count(cells, index, "best"),
        source=_text(cells, index, "source_article"),
        notes="",
    )


_PARSERS = {ACLED: _acled, UCDP: _ucdp}


@dataclass
class Parsed:
    convention: str | None
    rows: list[EventRow]
    problems: list[Problem]


def parse_text(text: str, file_name: str) -> Parsed:
    """Every row of an events CSV as an EventRow, or a Problem (file, line, column, id, sentence)."""
    problems: list[Problem] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
    except csv.Error as exc:
        return Parsed(None, [], [Problem(file_name, 1, "", "", f"unreadable CSV: {exc}")])
    if header is None:
        return Parsed(None, [], [Problem(file_name, None, "", "", "the file is empty")])
    convention = detect(header)
    if convention is None:
        lacks = missing_columns(header)
        said = "; ".join(f"{CONVENTION_LABELS[c]} lacks {', '.join(cols)}" for c, cols in lacks.items())
        return Parsed(None, [], [Problem(file_name, 1, "", "", f"neither ACLED nor UCDP GED columns: {said}")])
    index: dict[str, int] = {}
    for i, name in enumerate(header):
        index.setdefault(name.strip().lower(), i)
    width = len(header)
    id_column = COLUMNS[convention][0]
    parse = _PARSERS[convention]
    rows: list[EventRow] = []
    seen: dict[str, int] = {}
    for line, cells in _lines(reader, file_name, problems):
        if len(cells) != width:
            if not any(c.strip() for c in cells):
                continue
            problems.append(Problem(file_name, line, "", "", f"has {len(cells)} cells, expected {width}"))
            continue
        try:
            row = parse(line, cells, index)
        except CellError as exc:
            problems.append(Problem(file_name, line, exc.column, cells[index[id_column]].strip(), str(exc)))
            continue
        if row.event_id in seen:
            problems.append(
                Problem(file_name, line, id_column, row.event_id, f"this id is used by line {seen[row.event_id]}")
            )
            continue
        seen[row.event_id] = line
        rows.append(row)
    return Parsed(convention, rows, problems)


def _lines(reader: Iterator[list[str]], file_name: str, problems: list[Problem]) -> Iterator[tuple[int, list[str]]]:
    """(line where the row starts, cells); an unreadable stretch is one problem and reading stops there."""
    line = 2
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            problems.append(Problem(file_name, line, "", "", f"unreadable CSV from here on: {exc}"))
            return
        yield line, cells
        line = reader.line_num + 1  # type: ignore[attr-defined]


# What each precision code says, for the panel (the km are the radii above).
ACLED_GEO_WORDS = {
    1: "the source names the town",
    2: "near a town, or a small part of a region",
    3: "only a larger region is named (coded to its capital)",
}
UCDP_WHERE_WORDS = {
    1: "exact location",
    2: "within about 25 km of a known point",
    3: "a district (second-order division)",
    4: "a province (first-order division)",
    5: "part of a country larger than a province, or a road or river",
    6: "only the country",
    7: "international waters or airspace",
}


def place_precision_words(convention: str, code: int) -> str:
    """'ACLED geo_precision 2: near a town, or a small part of a region'."""
    if convention == ACLED:
        return f"ACLED geo_precision {code}: {ACLED_GEO_WORDS.get(code, 'unknown')}"
    return f"UCDP where_prec {code}: {UCDP_WHERE_WORDS.get(code, 'unknown')}"


def date_precision_words(convention: str, code: int) -> str:
    if convention == ACLED:
        return f"ACLED time_precision {code}: known to the {ACLED_TIME.get(code, '?')}"
    return f"UCDP date_prec {code}: known within {UCDP_DATE.get(code, '?')}"
