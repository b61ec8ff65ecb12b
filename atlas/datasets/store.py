"""Imported event sets, stored as GeoParquet under data/datasets/ and queried with DuckDB.

One file per set, `<slug>.parquet`, written crash-safe (temporary file, fsync, rename) so a re-import of the
same name replaces the set whole. The file is GeoParquet 1.1 (a WKB `geometry` column and the `geo`
metadata), so QGIS or GeoPandas open it as it is. `Dataset` holds one set in a DuckDB table and answers
the questions the map asks without Python loops over rows: which rows a year, mode, bounds and filters
show (counted, and paged for the list), one row by id for the panel, and the browser payload (the
columns the map draws from, once per set).
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from atlas.datasets.conventions import CONVENTION_LABELS, EventRow, from_day_number, parse_text
from atlas.load import data_dirs
from atlas.model import Problem
from atlas.store import atomic_write_bytes

SUFFIX = ".parquet"
META_KEY = b"footprint"
MAX_SLUG = 60
# Filters the map offers on every set: facet → the columns it matches.
FACETS = {"event_type": ("event_type",), "actor": ("actor1", "actor2"), "country": ("country",)}

SCHEMA = pa.schema(
    [
        ("row", pa.int32()),
        ("line", pa.int32()),
        ("event_id", pa.string()),
        ("start", pa.int32()),
        ("end", pa.int32()),
        ("date_code", pa.int8()),
        ("date_precision", pa.string()),
        ("lat", pa.float64()),
        ("lon", pa.float64()),
        ("place_code", pa.int8()),
        ("precision_km", pa.float32()),
        ("event_type", pa.string()),
        ("sub_event_type", pa.string()),
        ("actor1", pa.string()),
        ("actor2", pa.string()),
        ("country", pa.string()),
        ("location", pa.string()),
        ("fatalities", pa.int32()),
        ("source", pa.string()),
        ("notes", pa.string()),
        ("geometry", pa.binary()),
    ]
)


class DatasetError(ValueError):
    """A name or file that cannot be imported; the message is a sentence for the user."""


def datasets_dir(data_dir: Path | None = None) -> Path:
    return data_dirs(data_dir)[0] / "datasets"


def slug(name: str) -> str:
    """'Libya ACLED 2020–2024' → 'libya-acled-2020-2024': the file name and the id in URLs."""
    text = re.sub(r"[^a-z0-9]+", "-", name.strip().lower()).strip("-")[:MAX_SLUG].strip("-")
    if not text:
        raise DatasetError(f"'{name}' has no letters or digits to name a dataset by")
    return text


def dataset_path(name: str, folder: Path) -> Path:
    """The file of a dataset, confined to `folder` whatever the name says."""
    path = (folder / f"{slug(name)}{SUFFIX}").resolve()
    if path.parent != folder.resolve():
        raise DatasetError(f"'{name}' does not name a file in {folder}")
    return path


@dataclass
class ImportReport:
    name: str
    label: str
    convention: str | None
    rows: int
    problems: list[Problem]
    path: Path | None
    seconds: float
    replaced: bool = False

    def summary(self) -> str:
        if self.path is None:
            return f"nothing imported: {len(self.problems)} problem(s)"
        verb = "replaced" if self.replaced else "imported"
        kind = CONVENTION_LABELS.get(self.convention or "", "")
        skipped = f"; {len(self.problems)} row(s) left out" if self.problems else ""
        return f"{verb} '{self.label}' ({kind}): {self.rows:,} events as '{self.name}'{skipped}"


def _wkb_points(lon: np.ndarray, lat: np.ndarray) -> pa.Array:
    """Little-endian WKB points, 21 bytes each, built without a Python loop."""
    n = len(lon)
    wkb = np.empty(n, dtype=np.dtype([("order", "u1"), ("kind", "<u4"), ("x", "<f8"), ("y", "<f8")]))
    wkb["order"], wkb["kind"], wkb["x"], wkb["y"] = 1, 1, lon, lat
    offsets = np.arange(0, 21 * (n + 1), 21, dtype=np.int32)
    return pa.Array.from_buffers(pa.binary(), n, [None, pa.py_buffer(offsets), pa.py_buffer(wkb.tobytes())])


def rows_table(rows: list[EventRow], meta: dict[str, object]) -> pa.Table:
    """EventRows → the stored table, row ids 0..n-1 in file order, with the GeoParquet and our metadata."""
    columns: dict[str, list[object]] = {name: [] for name in EventRow.__slots__}  # type: ignore[attr-defined]
    for r in rows:
        for name in columns:
            columns[name].append(getattr(r, name))
    lon = np.asarray(columns["lon"], dtype=np.float64)
    lat = np.asarray(columns["lat"], dtype=np.float64)
    arrays = {"row": pa.array(np.arange(len(rows), dtype=np.int32))}
    for name in SCHEMA.names:
        if name in columns:
            arrays[name] = pa.array(columns[name], type=SCHEMA.field(name).type)
    arrays["geometry"] = _wkb_points(lon, lat)
    bbox = [float(lon.min()), float(lat.min()), float(lon.max()), float(lat.max())] if rows else []
    geo = {
        "version": "1.1.0",
        "primary_column": "geometry",
        "columns": {"geometry": {"encoding": "WKB", "geometry_types": ["Point"], "bbox": bbox}},
    }
    table = pa.table([arrays[n] for n in SCHEMA.names], schema=SCHEMA)
    return table.replace_schema_metadata({b"geo": json.dumps(geo).encode(), META_KEY: json.dumps(meta).encode()})


def import_bytes(
    data: bytes, file_name: str, name: str | None = None, data_dir: Path | None = None, label: str | None = None
) -> ImportReport:
    """Parse an ACLED or UCDP GED CSV and store its good rows as the dataset `name` (default: the file's stem).

    Bad rows are reported by line and column and left out; the rest import. A file with no usable row, or
    that is neither convention, writes nothing. The same name again replaces the set.
    """
    began = time.perf_counter()
    label = (label or name or Path(file_name).stem).strip()
    key = slug(name or Path(file_name).stem)
    folder = datasets_dir(data_dir)
    path = dataset_path(key, folder)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problem = Problem(file_name, None, "", "", f"the file is not UTF-8 text ({exc.reason} at byte {exc.start})")
        return ImportReport(key, label, None, 0, [problem], None, time.perf_counter() - began)
    parsed = parse_text(text, file_name)
    if not parsed.rows:
        if parsed.convention is not None:
            parsed.problems.append(Problem(file_name, None, "", "", "no row could be imported"))
        return ImportReport(key, label, parsed.convention, 0, parsed.problems, None, time.perf_counter() - began)
    meta = {
        "name": key,
        "label": label,
        "convention": parsed.convention,
        "file": Path(file_name).name,
        "imported": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "rows": len(parsed.rows),
        "problems": len(parsed.problems),
    }
    table = rows_table(parsed.rows, meta)
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd")
    replaced = path.exists()
    atomic_write_bytes(path, sink.getvalue().to_pybytes())
    return ImportReport(
        key, label, parsed.convention, len(parsed.rows), parsed.problems, path, time.perf_counter() - began, replaced
    )


def import_file(path: Path, name: str | None = None, data_dir: Path | None = None) -> ImportReport:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DatasetError(f"cannot read {path}: {exc.strerror or exc}") from None
    return import_bytes(data, path.name, name, data_dir)


@dataclass(frozen=True)
class DatasetInfo:
    name: str
    label: str
    convention: str
    rows: int
    path: Path
    version: tuple[int, int]  # (mtime_ns, size): changes when the set is re-imported


def list_datasets(data_dir: Path | None = None) -> list[DatasetInfo]:
    """Every stored set, from the Parquet footers alone (no row is read)."""
    found = []
    for path in sorted(datasets_dir(data_dir).glob(f"*{SUFFIX}")):
        try:
            meta = json.loads(pq.read_schema(path).metadata[META_KEY])
        except (OSError, KeyError, TypeError, ValueError, pa.ArrowException):
            continue  # not one of ours, or half-written by something else: not offered
        stat = path.stat()
        found.append(
            DatasetInfo(
                path.stem, meta["label"], meta["convention"], meta["rows"], path, (stat.st_mtime_ns, stat.st_size)
            )
        )
    return found


def remove_dataset(name: str, data_dir: Path | None = None) -> bool:
    path = dataset_path(name, datasets_dir(data_dir))
    existed = path.exists()
    path.unlink(missing_ok=True)
    return existed


def date_label(start: int, end: int, precision: str) -> str:
    """'12 May 2023', '9–15 May 2023 (week)', 'May 2023' or '3 – 28 May 2023 (month)': never more exact than coded."""
    first, last = from_day_number(start), from_day_number(end)
    if first == last:
        return f"{first.day} {calendar.month_name[first.month]} {first.year}"
    if first.day == 1 and last == _month_end(first):
        return f"{calendar.month_name[first.month]} {first.year}"
    if (first.year, first.month) == (last.year, last.month):
        span = f"{first.day}–{last.day} {calendar.month_name[last.month]} {last.year}"
    else:
        span = f"{_human(first)} – {_human(last)}"
    return f"{span} ({precision})"


def _human(day: dt.date) -> str:
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"


def _month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


@dataclass(frozen=True)
class Page:
    total: int  # rows that match, all pages together
    rows: list[dict[str, object]]  # this page's rows: row, event_id, date, event_type, location, country


Filters = dict[str, list[str] | None]  # facet → allowed labels; None, empty or missing: no filter


@dataclass
class Dataset:
    """One stored set in a DuckDB table; answers by query, never by looping over rows in Python."""

    info: DatasetInfo
    table: pa.Table
    meta: dict[str, object]
    con: duckdb.DuckDBPyConnection = field(repr=False)

    @classmethod
    def open(cls, info: DatasetInfo) -> Dataset:
        table = pq.read_table(info.path)
        meta = json.loads(table.schema.metadata[META_KEY])
        con = duckdb.connect(":memory:")
        con.register("loaded", table.drop_columns(["geometry"]))
        con.execute("CREATE TABLE events AS SELECT * FROM loaded ORDER BY start, row")
        con.unregister("loaded")
        return cls(info, table, meta, con)

    @property
    def name(self) -> str:
        return self.info.name

    @property
    def label(self) -> str:
        return str(self.meta["label"])

    def __len__(self) -> int:
        return self.table.num_rows

    def year_range(self) -> tuple[int, int]:
        first, last = self.con.cursor().execute('SELECT min(start), max("end") FROM events').fetchone()  # type: ignore[misc]
        return from_day_number(first).year, from_day_number(last).year

    def categories(self) -> dict[str, list[str]]:
        """Facet → its labels, sorted; the browser's filters send indices into these lists."""
        cur = self.con.cursor()
        found = {}
        for facet, columns in FACETS.items():
            union = " UNION ".join(f"SELECT {c} AS v FROM events" for c in columns)
            found[facet] = [
                v for (v,) in cur.execute(f"SELECT DISTINCT v FROM ({union}) WHERE v <> '' ORDER BY v").fetchall()
            ]
        return found

    def _where(self, year: int, mode: str, bounds: tuple[float, float, float, float] | None, filters: Filters | None):
        first = (dt.date(year, 1, 1) - dt.date(1970, 1, 1)).days
        last = (dt.date(year, 12, 31) - dt.date(1970, 1, 1)).days
        clauses, params = ["start <= ?"], [last]
        if mode != "cumulative":
            clauses.append('"end" >= ?')
            params.append(first)
        if bounds is not None:
            south, west, north, east = bounds
            clauses.append("lat BETWEEN ? AND ?")
            params += [south, north]
            if west <= east:
                clauses.append("lon BETWEEN ? AND ?")
                params += [west, east]
            else:  # a view across the antimeridian
                clauses.append("(lon >= ? OR lon <= ?)")
                params += [west, east]
        for facet, allowed in (filters or {}).items():
            if not allowed or facet not in FACETS:
                continue
            ors = " OR ".join(f"list_contains(?, {column})" for column in FACETS[facet])
            clauses.append(f"({ors})")
            params += [list(allowed)] * len(FACETS[facet])
        return " AND ".join(clauses), params

    def count(
        self,
        year: int,
        mode: str = "state",
        bounds: tuple[float, float, float, float] | None = None,
        filters: Filters | None = None,
    ) -> int:
        where, params = self._where(year, mode, bounds, filters)
        return self.con.cursor().execute(f"SELECT count(*) FROM events WHERE {where}", params).fetchone()[0]  # type: ignore[index]

    def page(
        self,
        year: int,
        mode: str = "state",
        bounds: tuple[float, float, float, float] | None = None,
        filters: Filters | None = None,
        offset: int = 0,
        limit: int = 50,
    ) -> Page:
        """One page of the matching rows in date order, with the total: the list under the map."""
        where, params = self._where(year, mode, bounds, filters)
        cur = self.con.cursor()
        sql = (
            'SELECT row, event_id, start, "end", date_precision, event_type, location, country, count(*) OVER () '
            f"FROM events WHERE {where} ORDER BY start, row LIMIT ? OFFSET ?"
        )
        result = cur.execute(sql, [*params, limit, max(0, offset)]).fetchall()
        total = result[0][8] if result else self.count(year, mode, bounds, filters)
        rows = [
            {
                "row": r[0],
                "event_id": r[1],
                "date": date_label(r[2], r[3], r[4]),
                "event_type": r[5],
                "location": r[6],
                "country": r[7],
            }
            for r in result
        ]
        return Page(total, rows)

    def row(self, row_id: int) -> dict[str, object] | None:
        """Every stored field of one row (row ids are positions), plus its date label; None if out of range."""
        if not 0 <= row_id < self.table.num_rows:
            return None
        record = self.table.slice(row_id, 1).drop_columns(["geometry"]).to_pylist()[0]
        record["date"] = date_label(record["start"], record["end"], record["date_precision"])
        record["convention"] = self.meta["convention"]
        return record

    def browser_payload(self) -> bytes:
        """The columns the map draws from, as agreed with the renderer; sent to the browser once per set."""
        cats = self.categories()
        t = self.table

        def indices(column: str, labels: list[str]) -> list[int | None]:
            return pc.index_in(t[column], value_set=pa.array(labels, pa.string())).to_pylist()

        payload = {
            "name": self.name,
            "label": self.label,
            "count": t.num_rows,
            "categories": cats,
            "row": t["row"].to_pylist(),
            "lat": np.round(t["lat"].to_numpy(), 5).tolist(),
            "lon": np.round(t["lon"].to_numpy(), 5).tolist(),
            "start": t["start"].to_pylist(),
            "end": t["end"].to_pylist(),
            "precision_km": np.round(t["precision_km"].to_numpy().astype(np.float64), 1).tolist(),
            "event_type": indices("event_type", cats["event_type"]),
            "actor1": indices("actor1", cats["actor"]),
            "actor2": indices("actor2", cats["actor"]),
            "country": indices("country", cats["country"]),
        }
        return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def open_dataset(name: str, data_dir: Path | None = None) -> Dataset | None:
    """The stored set `name`, or None if there is none by that name."""
    key = slug(name)
    info = next((d for d in list_datasets(data_dir) if d.name == key), None)
    return Dataset.open(info) if info else None
