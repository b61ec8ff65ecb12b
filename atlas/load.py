"""Files → records + problems.

Every cell is read as a string and coerced here, in one place. A row that cannot be coerced is left out
and reported with its file, line, column and a plain sentence; the rest of the data still loads, so one
bad row never takes the page down. The csv module (not pandas) reads the files because it reports rows
with too many or too few cells by line, which a curator needs to fix them.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from atlas.dates import PartialDate
from atlas.model import (
    DATE_BASES,
    LAYER_IDS,
    LEGS,
    OUTLET_KINDS,
    SOURCE_KINDS,
    STATUSES,
    Atlas,
    Event,
    Excerpt,
    Place,
    Problem,
    RoutePoint,
    Source,
)

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
SEEDS_DIR = ROOT / "seeds"
# Where the app and the commands read and write; tests and second copies point these elsewhere.
DATA_DIR_ENV = "FOOTPRINT_DATA_DIR"
SEEDS_DIR_ENV = "FOOTPRINT_SEEDS_DIR"

COLUMNS = {
    "sources.csv": ("id", "title", "outlet", "outlet_kind", "outlet_of", "published", "url", "kind"),
    "places.csv": ("id", "name", "aliases", "lat", "lon", "kind", "country", "precision_km", "coord_source"),
    "events.csv": (
        "id",
        "layer",
        "title",
        "place_id",
        "start",
        "end",
        "date_precision",
        "date_basis",
        "status",
        "attribution",
        "summary",
    ),
    "excerpts.csv": ("event_id", "source_id", "quote"),
    "route_points.csv": ("route_id", "seq", "lat", "lon", "date", "place_id", "leg", "source_id"),
}


class CellError(ValueError):
    """A cell that cannot be coerced; carries the column for the problem report."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column


def _required(row: dict[str, str], column: str) -> str:
    value = row[column].strip()
    if not value:
        raise CellError(column, f"{column} is empty")
    return value


def _choice(row: dict[str, str], column: str, allowed: tuple[str, ...]) -> str:
    value = _required(row, column)
    if value not in allowed:
        raise CellError(column, f"'{value}' is not one of {', '.join(allowed)}")
    return value


def _date(row: dict[str, str], column: str, *, required: bool) -> PartialDate | None:
    value = row[column].strip()
    if not value:
        if required:
            raise CellError(column, f"{column} is empty")
        return None
    try:
        return PartialDate.parse(value)
    except ValueError as exc:
        raise CellError(column, str(exc)) from None


def _number(row: dict[str, str], column: str, low: float, high: float, *, required: bool) -> float | None:
    value = row[column].strip()
    if not value:
        if required:
            raise CellError(column, f"{column} is empty")
        return None
    try:
        number = float(value)
    except ValueError:
        raise CellError(column, f"'{value}' is not a number") from None
    if not low <= number <= high:
        raise CellError(column, f"{number} is outside {low}..{high}")
    return number


def _optional_choice(row: dict[str, str], column: str, allowed: tuple[str, ...]) -> str:
    """Empty, or one of allowed (atlas.validate says where an empty value is not acceptable)."""
    value = row[column].strip()
    if value and value not in allowed:
        raise CellError(column, f"'{value}' is not one of {', '.join(allowed)}")
    return value


def source_from_row(row: dict[str, str]) -> Source:
    kind = _choice(row, "kind", SOURCE_KINDS)
    url = row["url"].strip()
    if kind == "background" and not url.startswith(("http://", "https://")):
        raise CellError("url", "a background source needs a public http(s) address")
    return Source(
        id=_required(row, "id"),
        title=_required(row, "title"),
        outlet=row["outlet"].strip(),
        published=_date(row, "published", required=kind == "seed"),
        url=url,
        kind=kind,
        outlet_kind=_optional_choice(row, "outlet_kind", OUTLET_KINDS),
        outlet_of=row["outlet_of"].strip(),
    )


def place_from_row(row: dict[str, str]) -> Place:
    lat = _number(row, "lat", -90, 90, required=False)
    lon = _number(row, "lon", -180, 180, required=False)
    if (lat is None) != (lon is None):
        raise CellError("lat" if lat is None else "lon", "a place needs both lat and lon, or neither")
    if lat is not None and not row["coord_source"].strip():
        raise CellError("coord_source", "coordinates without a coord_source: say where they came from")
    return Place(
        id=_required(row, "id"),
        name=_required(row, "name"),
        aliases=tuple(a.strip() for a in row["aliases"].split(";") if a.strip()),
        lat=lat,
        lon=lon,
        kind=_required(row, "kind"),
        country=row["country"].strip(),
        precision_km=_number(row, "precision_km", 0, 20000, required=True) or 0.0,
        coord_source=row["coord_source"].strip(),
    )


def event_from_row(row: dict[str, str]) -> Event:
    start = _date(row, "start", required=True)
    assert start is not None
    end = _date(row, "end", required=False)
    precision = _choice(row, "date_precision", ("year", "month", "day"))
    if precision != start.precision:
        raise CellError("date_precision", f"says {precision} but start '{start}' is known to the {start.precision}")
    if end is not None and end.last_day < start.first_day:
        raise CellError("end", f"end {end} is before start {start}")
    return Event(
        id=_required(row, "id"),
        layer=_choice(row, "layer", LAYER_IDS),
        title=_required(row, "title"),
        place_id=_required(row, "place_id"),
        start=start,
        end=end,
        date_precision=precision,
        status=_choice(row, "status", STATUSES),
        attribution=_required(row, "attribution"),
        summary=row["summary"].strip(),
        date_basis=_optional_choice(row, "date_basis", DATE_BASES),
    )


def excerpt_from_row(row: dict[str, str]) -> Excerpt:
    quote = row["quote"]
    if not quote.strip():
        raise CellError("quote", "quote is empty")
    return Excerpt(event_id=_required(row, "event_id"), source_id=_required(row, "source_id"), quote=quote)


def route_point_from_row(row: dict[str, str]) -> RoutePoint:
    seq = row["seq"].strip()
    if not seq.isdigit():
        raise CellError("seq", f"'{seq}' is not a whole number")
    lat = _number(row, "lat", -90, 90, required=True)
    lon = _number(row, "lon", -180, 180, required=True)
    assert lat is not None and lon is not None
    return RoutePoint(
        route_id=_required(row, "route_id"),
        seq=int(seq),
        lat=lat,
        lon=lon,
        date=_date(row, "date", required=False),
        place_id=row["place_id"].strip(),
        leg=_choice(row, "leg", LEGS),
        source_id=row["source_id"].strip(),
    )


def read_rows(path: Path, columns: tuple[str, ...], problems: list[Problem]) -> list[tuple[int, dict[str, str]]]:
    """(line, row) pairs of a CSV file; every unreadable part becomes a problem instead of an exception."""
    name = path.name
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        problems.append(Problem(name, None, "", "", "the file is missing"))
        return []
    except UnicodeDecodeError as exc:
        problems.append(Problem(name, None, "", "", f"the file is not UTF-8 text ({exc.reason} at byte {exc.start})"))
        return []
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None or tuple(h.strip() for h in header) != columns:
        problems.append(Problem(name, 1, "", "", f"the header should be: {','.join(columns)}"))
        return []
    rows: list[tuple[int, dict[str, str]]] = []
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(Problem(name, line, "", "", f"unreadable CSV: {exc}"))
            break
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(columns):
            problems.append(
                Problem(name, line, "", cells[0] if cells else "", f"has {len(cells)} cells, expected {len(columns)}")
            )
            continue
        rows.append((line, dict(zip(columns, cells, strict=True))))
    return rows


T = TypeVar("T")


def load_records(path: Path, build: Callable[[dict[str, str]], T], problems: list[Problem]) -> list[T]:
    """Coerce every row of one file; bad rows are reported and left out."""
    records: list[T] = []
    for line, row in read_rows(path, COLUMNS[path.name], problems):
        try:
            records.append(dataclasses.replace(build(row), line=line))  # type: ignore[type-var]
        except CellError as exc:
            record_id = row.get("id") or row.get("event_id") or row.get("route_id") or ""
            problems.append(Problem(path.name, line, exc.column, record_id, str(exc)))
    return records


def _unique(file: str, records: list[Any], problems: list[Problem]) -> dict[str, Any]:
    """Index records by id; a repeated id is a problem and the later row is left out."""
    by_id: dict[str, Any] = {}
    for record in records:
        rid = record.id
        if rid in by_id:
            problems.append(Problem(file, record.line, "id", rid, "this id is used by an earlier row"))
            continue
        by_id[rid] = record
    return by_id


def data_dirs(data_dir: Path | None = None, seeds_dir: Path | None = None) -> tuple[Path, Path]:
    """(data/, seeds/) to use: the ones given, else the environment's, else the project's own."""
    return (
        data_dir or Path(os.environ.get(DATA_DIR_ENV) or DATA_DIR),
        seeds_dir or Path(os.environ.get(SEEDS_DIR_ENV) or SEEDS_DIR),
    )


def data_version(data_dir: Path | None = None, seeds_dir: Path | None = None) -> tuple[object, ...]:
    """Changes whenever a data or seed file does, so a cached Atlas is reloaded after an article is added."""
    data_dir, seeds_dir = data_dirs(data_dir, seeds_dir)
    files = sorted([*data_dir.glob("*.csv"), *seeds_dir.glob("*.txt")])
    return (str(data_dir), str(seeds_dir), *((f.name, f.stat().st_mtime_ns, f.stat().st_size) for f in files))


def load_atlas(data_dir: Path | None = None, seeds_dir: Path | None = None) -> Atlas:
    """Read data/ and seeds/ into an Atlas; cross-record checks are atlas.validate's job."""
    from atlas.validate import validate

    data_dir, seeds_dir = data_dirs(data_dir, seeds_dir)
    problems: list[Problem] = []
    atlas = Atlas(problems=problems)
    atlas.sources = _unique("sources.csv", load_records(data_dir / "sources.csv", source_from_row, problems), problems)
    atlas.places = _unique("places.csv", load_records(data_dir / "places.csv", place_from_row, problems), problems)
    atlas.events = _unique("events.csv", load_records(data_dir / "events.csv", event_from_row, problems), problems)
    atlas.excerpts = list(load_records(data_dir / "excerpts.csv", excerpt_from_row, problems))
    atlas.route_points = list(load_records(data_dir / "route_points.csv", route_point_from_row, problems))
    for source in atlas.sources.values():
        if source.kind != "seed":
            continue
        path = seeds_dir / f"{source.id}.txt"
        try:
            atlas.seed_texts[source.id] = path.read_bytes().decode("utf-8")
        except FileNotFoundError:
            problems.append(Problem("sources.csv", None, "id", source.id, f"seed text seeds/{path.name} is missing"))
        except UnicodeDecodeError:
            problems.append(Problem("sources.csv", None, "id", source.id, f"seeds/{path.name} is not UTF-8 text"))
    validate(atlas)
    return atlas
