"""The loaded atlas and its published payload, once per data version per server process — and the warm-up
serve.py runs before the server accepts its first reader.

Without the warm-up the first reader's first run pays for importing folium, pandas and the map's modules and for
reading every CSV and seed (about 2 s on two cores); with it, `make run` takes that time before it listens.
"""

from __future__ import annotations

import functools
import threading

from atlas.coverage import coverage_label
from atlas.load import data_version, load_atlas
from atlas.model import Atlas
from layers.offline import publish_assets, publish_payload

_LOCK = threading.Lock()
_LOADED: dict[tuple[object, ...], tuple[Atlas, str]] = {}
KEEP = 2  # versions kept: the one readers see, and the one an accepted article just made


def atlas_and_payload(version: tuple[object, ...]) -> tuple[Atlas, str]:
    """The atlas of this version of data/ and seeds/ and the URL of its payload (written once per content).

    One load per version even when several sessions ask at once (they wait for the first)."""
    with _LOCK:
        if version not in _LOADED:
            atlas = load_atlas()
            _LOADED[version] = (atlas, publish_payload(atlas))
            while len(_LOADED) > KEEP:
                del _LOADED[next(iter(_LOADED))]
        return _LOADED[version]


@functools.lru_cache(maxsize=4)
def coverage(version: tuple[object, ...]) -> str:
    """atlas.coverage.coverage_label of this version ("Reporting up to February 2026")."""
    return coverage_label(atlas_and_payload(version)[0])


def warm() -> None:
    """Everything the first run of the map page would otherwise do itself.

    Not streamlit_folium: a component registers itself with the running server when the page's run imports it;
    imported here, before the server runs, the page would find it already imported and unregistered ("Component
    not found"; tests/test_browser.py checks the page `make run` serves)."""
    import folium  # noqa: F401  (the heavy part of streamlit_folium's import)

    import layers.basemap  # noqa: F401

    publish_assets()
    atlas_and_payload(data_version())
