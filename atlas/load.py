"""Files → records + problems.

Every cell is read as a string and coerced here, in one place. A row that cannot be coerced is left out
and reported with its file, line, column and a plain sentence; the rest of the data still loads, so one
bad row never takes the page down. The csv module (not pandas) reads the files because it reports rows
with too many or too few cells by line, which a curator needs to fix them.
"""

from __future__ import annotations

import csv
import dataclasses
import os
import re
import stat
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


# Limits: the largest value that makes sense in each kind of cell. A longer cell is a problem on its row
# (never a reader that stops and drops the rows after it, as the csv module's 131,072-character limit did).
MAX_FILE_BYTES = 50_000_000  # a data file; a seed article is refused above atlas.ingest.text.MAX_BYTES
MAX_SEED_BYTES = 5_000_000
MAX_ID = 120  # ids name files (seeds/<source id>.txt) and URLs
MAX_CELL = {"quote": 20_000, "summary": 5_000, "title": 500, "attribution": 500, "coord_source": 1_000, "url": 2_000}
MAX_OTHER_CELL = 1_000  # names, aliases, outlets, a date_basis sentence…
ID_COLUMNS = {"id", "place_id", "event_id", "source_id", "route_id"}
# A source id names its seed file: lowercase letters, digits, hyphens, dots, underscores; no path, no dot first.
SOURCE_ID = re.compile(r"[a-z0-9][a-z0-9._-]*")
ID_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f/\\\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
YEARS = (1800, 2100)  # what a date in this atlas can be; 0000 or 9999 is a typo, not history
csv.field_size_limit(max(csv.field_size_limit(), MAX_FILE_BYTES))


class CellError(ValueError):
    """A cell that cannot be coerced; carries the column for the problem report."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column


def _required(row: dict[str, str], column: str) -> str:
    value = row[column].strip()
    if not value:
        raise CellError(column, f"{column} is empty")
    if column in ID_COLUMNS:
        _check_id(column, value)
    return value


def _check_id(column: str, value: str) -> None:
    if len(value) > MAX_ID:
        raise CellError(column, f"{column} is {len(value)} characters long; at most {MAX_ID}")
    if ID_FORBIDDEN.search(value):
        raise CellError(column, f"{column} contains a control character, a slash or an invisible direction mark")


def _optional_id(row: dict[str, str], column: str) -> str:
    value = row[column].strip()
    if value:
        _check_id(column, value)
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
        date = PartialDate.parse(value)
    except ValueError as exc:
        raise CellError(column, str(exc)) from None
    if not YEARS[0] <= date.year <= YEARS[1]:
        raise CellError(column, f"year {value[:4]} is outside {YEARS[0]}..{YEARS[1]}")
    return date


def _number(row: dict[str, str], column: str, low: float, high: float, *, required: bool) -> float | None:
    value = row[column].strip()
    if not value:
        if required:
            raise CellError(column, f"{column} is empty")
        return None
    try:
        number = float(value) if NUMBER.fullmatch(value) else float("nan")
    except ValueError:
        number = float("nan")
    if number != number:  # NaN: not a number at all (or 'nan', 'inf', digits from another script)
        raise CellError(column, f"'{value[:40]}' is not a number")
    if not low <= number <= high:
        raise CellError(column, f"{number} is outside {low}..{high}")
    return number


def _optional_choice(row: dict[str, str], column: str, allowed: tuple[str, ...]) -> str:
    """Empty, or one of allowed (atlas.validate says where an empty value is not acceptable)."""
    value = row[column].strip()
    if value and value not in allowed:
        raise CellError(column, f"'{value}' is not one of {', '.join(allowed)}")
    return value


NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,3})?")


def source_from_row(row: dict[str, str]) -> Source:
    sid = _required(row, "id")
    if not SOURCE_ID.fullmatch(sid):
        raise CellError("id", "a source id is lowercase letters, digits and hyphens (it names seeds/<id>.txt)")
    kind = _choice(row, "kind", SOURCE_KINDS)
    url = row["url"].strip()
    if kind == "background" and not url.startswith(("http://", "https://")):
        raise CellError("url", "a background source needs a public http(s) address")
    return Source(
        id=sid,
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
    if not re.fullmatch(r"[0-9]{1,6}", seq):
        raise CellError("seq", f"'{seq[:20]}' is not a whole number (ASCII digits, at most 6)")
    lat = _number(row, "lat", -90, 90, required=True)
    lon = _number(row, "lon", -180, 180, required=True)
    assert lat is not None and lon is not None
    return RoutePoint(
        route_id=_required(row, "route_id"),
        seq=int(seq),
        lat=lat,
        lon=lon,
        date=_date(row, "date", required=False),
        place_id=_optional_id(row, "place_id"),
        leg=_choice(row, "leg", LEGS),
        source_id=_optional_id(row, "source_id"),
    )


def read_file(path: Path, limit: int) -> bytes:
    """The bytes of a regular file inside its folder; OSError (with a plain strerror) for anything else.

    A symbolic link is refused, not followed (O_NOFOLLOW), so no data or seed file can point outside its
    folder; a folder, a device or a file over `limit` bytes is refused too.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
            raise OSError(0, f"is {kind}", str(path))
        if info.st_size > limit:
            raise OSError(0, f"is {info.st_size:,} bytes; at most {limit:,} are read", str(path))
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return fh.read(limit + 1)
    finally:
        os.close(fd)


def file_problem(name: str, exc: OSError) -> str:
    """Why `read_file` refused a file, in words: missing, a symbolic link, a folder, too large, unreadable."""
    if isinstance(exc, FileNotFoundError):
        return "the file is missing"
    if exc.errno == 40 or (exc.errno is not None and os.path.islink(exc.filename or "")):  # ELOOP: a symlink
        return "the file is a symbolic link; links are refused so data cannot come from outside its folder"
    if exc.errno == 0:
        return f"the file {exc.strerror}"
    return f"the file cannot be read: {exc.strerror or exc}"


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r)|[^\r\n]+$")
_BAD_BYTE = re.compile(r"[\udc80-\udcff]")


def _cell_problem(column: str, cell: str) -> str | None:
    """Why a raw cell cannot be used at all (before the row's coercion), or None."""
    if bad := _BAD_BYTE.search(cell):
        return f"is not UTF-8 text (byte 0x{ord(bad.group()) - 0xDC00:02X} at character {bad.start() + 1})"
    if "\x00" in cell:
        return "contains a NUL character"
    limit = MAX_CELL.get(column, MAX_OTHER_CELL)
    if len(cell) > limit:
        return f"is {len(cell):,} characters long; at most {limit:,}"
    return None


def read_rows(path: Path, columns: tuple[str, ...], problems: list[Problem]) -> list[tuple[int, dict[str, str]]]:
    """(line, row) pairs of a CSV file; every unreadable part becomes a problem instead of an exception.

    Nothing stops the reader and no good row is lost unnamed: a bad byte, a NUL or an over-long cell is a
    problem on its own line and column; a quote left open is reported where it opens and the lines it
    would have swallowed are read again as rows of their own; whole-file defects (a folder, a link,
    UTF-16, a header that lacks a column) are one problem each.
    """
    name = path.name
    try:
        raw = read_file(path, MAX_FILE_BYTES)
    except OSError as exc:
        problems.append(Problem(name, None, "", "", file_problem(name, exc)))
        return []
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.append(Problem(name, None, "", "", "the file is UTF-16 text, not UTF-8: save it as UTF-8"))
        return []
    text = raw.decode("utf-8", errors="surrogateescape").removeprefix("\ufeff")
    lines = _LINE.findall(text)
    if not lines or not lines[0].strip():
        problems.append(
            Problem(name, 1, "", "", f"the file has no header; the first line should be: {','.join(columns)}")
        )
        return []
    header = tuple(h.strip() for h in next(csv.reader([lines[0]]), []))
    if header != columns:
        missing = [c for c in columns if c not in header]
        unknown = [_short(h) for h in header if h not in columns]
        said = [
            f"missing column {', '.join(missing)}" if missing else "",
            f"unknown column {', '.join(unknown)}" if unknown else "",
            "columns repeated or in another order" if not missing and not unknown else "",
        ]
        problems.append(
            Problem(name, 1, "", "", f"{'; '.join(s for s in said if s)}: the header should be {','.join(columns)}")
        )
        return []
    rows: list[tuple[int, dict[str, str]]] = []
    index = 1
    while index < len(lines):
        line = index + 1
        reader = csv.reader(lines[j] for j in range(index, len(lines)))
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(Problem(name, line, "", "", f"unreadable CSV: {exc}"))
            index += 1
            continue
        used = max(reader.line_num, 1)
        if used > 1 and _swallowed(cells, len(columns)):
            problems.append(
                Problem(
                    name,
                    line,
                    "",
                    _short(cells[0]) if cells else "",
                    f"a quote opened on this line is not closed (it would swallow {used - 1} more line(s)); "
                    "this row is left out and the lines after it are read on their own",
                )
            )
            index += 1
            continue
        index += used
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(columns):
            problems.append(
                Problem(
                    name,
                    line,
                    "",
                    _short(cells[0]) if cells else "",
                    f"has {len(cells)} cells, expected {len(columns)}",
                )
            )
            continue
        row = dict(zip(columns, cells, strict=True))
        bad = next(((c, why) for c in columns if (why := _cell_problem(c, row[c]))), None)
        if bad:
            rid = row.get("id") or row.get("event_id") or row.get("route_id") or ""
            problems.append(Problem(name, line, bad[0], _short(rid), f"{bad[0]} {bad[1]}"))
            continue
        rows.append((line, row))
    return rows


def _short(text: str, limit: int = 60) -> str:
    """An id or cell as a problem message may quote it: printable, and short."""
    clean = _BAD_BYTE.sub("\ufffd", text).replace("\x00", "\ufffd")
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"


def _swallowed(cells: list[str], width: int) -> bool:
    """A record that spans lines because a quote was left open (not a cell that truly holds a line break):
    its cell count is wrong, or one of its cells holds a line that is itself a whole row."""
    return len(cells) != width or any("\n" in c and _looks_like_row(c, width) for c in cells)


def _looks_like_row(cell: str, width: int) -> bool:
    return any(len(next(csv.reader([part]), [])) == width for part in cell.splitlines()[1:])


T = TypeVar("T")


def load_records(path: Path, build: Callable[[dict[str, str]], T], problems: list[Problem]) -> list[T]:
    """Coerce every row of one file; bad rows are reported and left out."""
    records: list[T] = []
    for line, row in read_rows(path, COLUMNS[path.name], problems):
        try:
            records.append(dataclasses.replace(build(row), line=line))  # type: ignore[type-var]
        except CellError as exc:
            record_id = row.get("id") or row.get("event_id") or row.get("route_id") or ""
            problems.append(Problem(path.name, line, exc.column, _short(record_id.strip()), str(exc)))
    return records


def _unique(file: str, records: list[Any], problems: list[Problem]) -> dict[str, Any]:
    """Index records by id. A repeated id keeps neither row: which one is genuine is the curator's call,
    so every row that uses it is reported with the lines of the others, and none of them is shown."""
    lines: dict[str, list[int]] = {}
    for record in records:
        lines.setdefault(record.id, []).append(record.line)
    by_id: dict[str, Any] = {}
    for record in records:
        rid = record.id
        if len(lines[rid]) == 1:
            by_id[rid] = record
            continue
        others = [n for n in lines[rid] if n != record.line]
        said = "an earlier row" if others[0] < record.line else "a later row"
        where = ", ".join(str(n) for n in others[:5]) + (" …" if len(others) > 5 else "")
        problems.append(
            Problem(
                file,
                record.line,
                "id",
                rid,
                f"this id is also used by {said} (line {where}); neither is shown until one is renamed",
            )
        )
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
    out: list[object] = [str(data_dir), str(seeds_dir)]
    for folder, pattern in ((data_dir, "*.csv"), (seeds_dir, "*.txt")):
        try:
            files = sorted(folder.glob(pattern))
        except OSError:
            continue
        for f in files:
            try:
                info = f.lstat()
            except OSError:
                continue
            out.append((f.name, info.st_mtime_ns, info.st_size, info.st_mode))
    return tuple(out)


def load_atlas(data_dir: Path | None = None, seeds_dir: Path | None = None) -> Atlas:
    """Read data/ and seeds/ into an Atlas; cross-record checks are atlas.validate's job."""
    from atlas.store import recover_if_needed
    from atlas.validate import validate

    data_dir, seeds_dir = data_dirs(data_dir, seeds_dir)
    problems: list[Problem] = []
    if failed := recover_if_needed(data_dir, seeds_dir):
        problems.append(Problem("data", None, "", "", failed))
    atlas = Atlas(problems=problems)
    atlas.sources = _unique("sources.csv", load_records(data_dir / "sources.csv", source_from_row, problems), problems)
    atlas.places = _unique("places.csv", load_records(data_dir / "places.csv", place_from_row, problems), problems)
    atlas.events = _unique("events.csv", load_records(data_dir / "events.csv", event_from_row, problems), problems)
    atlas.excerpts = list(load_records(data_dir / "excerpts.csv", excerpt_from_row, problems))
    atlas.route_points = list(load_records(data_dir / "route_points.csv", route_point_from_row, problems))
    for source in atlas.sources.values():
        if source.kind == "seed":
            _read_seed(atlas, seeds_dir, source)
    validate(atlas)
    return atlas


def seed_path(seeds_dir: Path, source_id: str) -> Path:
    """seeds/<source id>.txt, refused (ValueError) unless it stays inside seeds/: ids name files."""
    if not SOURCE_ID.fullmatch(source_id) or len(source_id) > MAX_ID:
        raise ValueError(f"'{_short(source_id)}' is not a source id (lowercase letters, digits, hyphens)")
    path = seeds_dir / f"{source_id}.txt"
    if path.parent != seeds_dir or not os.path.abspath(path).startswith(os.path.abspath(seeds_dir) + os.sep):
        raise ValueError(f"'{_short(source_id)}' would name a file outside seeds/")
    return path


def _read_seed(atlas: Atlas, seeds_dir: Path, source: Source) -> None:
    def problem(message: str) -> None:
        atlas.problems.append(Problem("sources.csv", source.line, "id", source.id, message))

    try:
        path = seed_path(seeds_dir, source.id)
        raw = read_file(path, MAX_SEED_BYTES)
    except ValueError as exc:
        problem(str(exc))
        return
    except OSError as exc:
        name = f"seeds/{source.id}.txt"
        problem(
            f"seed text {name} is missing"
            if isinstance(exc, FileNotFoundError)
            else f"{name}: {file_problem(name, exc).removeprefix('the file ')}"
        )
        return
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problem(f"seeds/{source.id}.txt is not UTF-8 text (byte 0x{raw[exc.start]:02X} on line {line})")
        return
    if not text.strip():
        problem(f"seeds/{source.id}.txt is empty")
        return
    atlas.seed_texts[source.id] = text
