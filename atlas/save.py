"""Records → CSV text, the inverse of atlas.load, for the commands and pages that write data/."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from atlas.load import COLUMNS
from atlas.model import Event, Excerpt, Place, Source


def _fmt(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def row_of(record: Source | Place | Event | Excerpt) -> dict[str, str]:
    if isinstance(record, Source):
        published = record.published.iso() if record.published else ""
        return {
            "id": record.id,
            "title": record.title,
            "outlet": record.outlet,
            "outlet_kind": record.outlet_kind,
            "outlet_of": record.outlet_of,
            "published": published,
            "url": record.url,
            "kind": record.kind,
        }
    if isinstance(record, Place):
        return {
            "id": record.id,
            "name": record.name,
            "aliases": ";".join(record.aliases),
            "lat": _fmt(record.lat),
            "lon": _fmt(record.lon),
            "kind": record.kind,
            "country": record.country,
            "precision_km": _fmt(record.precision_km),
            "coord_source": record.coord_source,
        }
    if isinstance(record, Event):
        return {
            "id": record.id,
            "layer": record.layer,
            "title": record.title,
            "place_id": record.place_id,
            "start": record.start.iso(),
            "end": record.end.iso() if record.end else "",
            "date_precision": record.date_precision,
            "date_basis": record.date_basis,
            "status": record.status,
            "attribution": record.attribution,
            "summary": record.summary,
        }
    return {"event_id": record.event_id, "source_id": record.source_id, "quote": record.quote}


def rows_text(file: str, rows: Iterable[dict[str, str]], *, header: bool = True) -> str:
    """CSV text of rows (dicts keyed by the file's columns), quoted as the csv module does."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS[file], lineterminator="\n")
    if header:
        writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def csv_text(file: str, records: Iterable[Source | Place | Event | Excerpt], *, header: bool = True) -> str:
    return rows_text(file, (row_of(r) for r in records), header=header)
