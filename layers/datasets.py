"""Imported event sets on the page: their payload published once as a static file, a row shown in the panel.

The payload (atlas.datasets, Dataset.browser_payload) is written as static/data/dataset-<name>-<hash>.json,
once per content, so the browser fetches each set once and caches it; a year step sends only the view. A row
reaches the panel as escaped plain text: notes and source text are untrusted.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from atlas.datasets import Dataset
from atlas.datasets.conventions import CONVENTION_LABELS, date_precision_words, place_precision_words
from atlas.store import atomic_write_bytes
from layers.markup import esc
from layers.offline import STATIC_DIR, URL_PREFIX


def publish_dataset(dataset: Dataset, static_dir: Path = STATIC_DIR) -> str:
    """Write the set's browser payload under static/data/ (named by its content hash) and return its URL."""
    data = dataset.browser_payload()
    name = f"dataset-{dataset.name}-{hashlib.sha256(data).hexdigest()[:16]}.json"
    target = static_dir / "data" / name
    if not target.exists():
        atomic_write_bytes(target, data)
    return f"{URL_PREFIX}/data/{name}"


def row_html(label: str, record: dict[str, object]) -> str:
    """The panel for one imported row: what, when (with its precision), where (± km), who, and its own text."""
    convention = str(record["convention"])
    what = " — ".join(str(x) for x in (record["event_type"], record["sub_event_type"]) if x)
    actors = " and ".join(str(a) for a in (record["actor1"], record["actor2"]) if a)
    place = ", ".join(str(x) for x in (record["location"], record["country"]) if x)
    deaths = record["fatalities"]
    rows = [
        ("When", f"{record['date']} · {date_precision_words(convention, int(record['date_code']))}"),  # type: ignore[call-overload]
        (
            "Where",
            f"{place} ({float(record['lat']):.4f}, {float(record['lon']):.4f}) · within about "  # type: ignore[arg-type]
            f"{float(record['precision_km']):g} km · {place_precision_words(convention, int(record['place_code']))}",  # type: ignore[arg-type, call-overload]
        ),
        ("Actors", actors or "not named"),
        ("Fatalities", "not given" if deaths is None else f"{deaths} (as coded by the source data)"),
    ]
    details = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in rows)
    notes = f'<p class="fp-dataset-notes">{esc(record["notes"])}</p>' if record["notes"] else ""
    source = f'<p class="fp-cite">Source: {esc(record["source"])}</p>' if record["source"] else ""
    origin = (
        f"Imported row {esc(record['event_id'])} (line {esc(record['line'])}) of the dataset {esc(label)}, "
        f"{esc(CONVENTION_LABELS.get(convention, convention))} coding: not curated, no excerpt checked."
    )
    return (
        f'<div class="fp-dataset-row"><h2 class="fp-h2">{esc(what)}</h2><dl class="fp-dataset-fields">{details}</dl>'
        f'{notes}{source}<p class="fp-cite">{origin}</p></div>'
    )


def import_report_text(summary: str, problems: list[str], count: int, imported: bool) -> str:
    """What an import (or a removal) says, as plain text: rows left out of an imported set, or — when nothing
    was imported (a wrong header, an empty file) — the problems that stopped it, never counted as rows."""
    if not problems:
        return summary
    more = f" (the first {len(problems)})" if count > len(problems) else ""
    said = f"\n{count:,} row(s) left out{more}" if imported else more
    return f"{summary}{said}:\n" + "\n".join(problems)
