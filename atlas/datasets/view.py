"""Datasets in the page's URL and in the renderer's view: which sets are shown, and their filters.

`?datasets=a,b` names the shown sets; `?where=` holds their filters as compact JSON keyed by set, facet → the
allowed labels (labels, not indices, so a link survives a re-import). The renderer filters by indices into
the payload's category lists (`filter_indices`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from atlas.datasets.store import FACETS

DatasetFilters = dict[str, dict[str, list[str]]]  # set → facet → allowed labels (a facet left out: no filter)


def _first(value: object) -> str:
    if isinstance(value, list):
        value = value[-1] if value else ""
    return value if isinstance(value, str) else ""


def parse_dataset_params(params: Mapping[str, object], known: set[str]) -> tuple[list[str], DatasetFilters]:
    """(shown sets, filters) from the URL; unknown sets, facets and malformed JSON are dropped, never an error."""
    names = list(dict.fromkeys(n for n in _first(params.get("datasets")).split(",") if n in known))
    try:
        raw = json.loads(_first(params.get("where")) or "{}")
    except ValueError:
        raw = {}
    filters: DatasetFilters = {}
    if isinstance(raw, dict):
        for name, facets in raw.items():
            if name not in known or not isinstance(facets, dict):
                continue
            kept = {
                facet: [v for v in labels if isinstance(v, str)]
                for facet, labels in facets.items()
                if facet in FACETS and isinstance(labels, list)
            }
            if kept:
                filters[name] = kept
    return names, filters


def dataset_params(names: list[str], filters: DatasetFilters) -> dict[str, str]:
    """The URL parameters for the shown sets and the filters of those sets (empty when none is shown)."""
    if not names:
        return {}
    params = {"datasets": ",".join(names)}
    shown = {n: {f: v for f, v in filters.get(n, {}).items() if v} for n in names}
    shown = {n: f for n, f in shown.items() if f}
    if shown:
        params["where"] = json.dumps(shown, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return params


def filter_indices(categories: Mapping[str, list[str]], chosen: Mapping[str, list[str]]) -> dict[str, list[int] | None]:
    """facet → allowed indices into the payload's category list, or None for 'no filter' (nothing chosen)."""
    out: dict[str, list[int] | None] = {}
    for facet in FACETS:
        labels = chosen.get(facet) or []
        position = {label: i for i, label in enumerate(categories.get(facet, []))}
        out[facet] = sorted(position[label] for label in labels if label in position) if labels else None
    return out
