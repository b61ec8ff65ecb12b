"""Offline, always: Leaflet, Leaflet.markercluster and jQuery from the pinned XStatic wheels, served by Streamlit.

`publish_assets()` copies the files into the git-ignored static/ folder (Streamlit serves it at
/app/static/): the vendor files, Footprint's own renderer (layers/assets/), and the Natural Earth outlines made
drawable (split at 180°, rounded) at two scales. `publish_payload()` writes the atlas the renderer reads, named by
a hash of its content, once per data version. `localize()` rewrites every element's CDN links to local copies
and raises on any remote link it does not know, because an unknown CDN link offline is a silently blank map.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import xstatic.pkg.leaflet as xs_leaflet
import xstatic.pkg.leaflet_markercluster as xs_cluster
from branca.element import Element

from atlas.geo import COUNTRIES_50M_FILE, COUNTRIES_FILE, drawable_outlines
from atlas.model import Atlas
from atlas.payload import atlas_payload, content_hash, payload_bytes

ROOT = Path(__file__).resolve().parent.parent
STATIC_DIR = ROOT / "static"
URL_PREFIX = "/app/static"
COUNTRIES_URL = f"{URL_PREFIX}/geo/countries-110m.geojson"
ASSETS_DIR = Path(__file__).resolve().parent / "assets"
# Outlines made drawable: (source, name under static/geo/, digits kept). 1:110m far out, 1:50m from NEAR_ZOOM.
OUTLINES = {"far": (COUNTRIES_FILE, "countries-110m", 3), "near": (COUNTRIES_50M_FILE, "countries-50m", 2)}

# Every URL folium may ask for → our local copy, or None for assets Footprint does not use (Bootstrap and
# the awesome-markers icon font: no folium.Icon, no Bootstrap popups here; jQuery, which only folium's Popup
# uses: the map's frame loads its scripts one after another, so a script fewer is a shorter cold start).
LOCAL_ASSETS: dict[str, str | None] = {
    "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js": "vendor/leaflet/leaflet.js",
    "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css": "vendor/leaflet/leaflet.css",
    "https://code.jquery.com/jquery-3.7.1.min.js": None,
    "https://cdn.jsdelivr.net/npm/bootstrap@5.2.2/dist/js/bootstrap.bundle.min.js": None,
    "https://cdnjs.cloudflare.com/ajax/libs/Leaflet.awesome-markers/2.0.2/leaflet.awesome-markers.js": None,
    "https://cdn.jsdelivr.net/npm/bootstrap@5.2.2/dist/css/bootstrap.min.css": None,
    "https://netdna.bootstrapcdn.com/bootstrap/3.0.0/css/bootstrap-glyphicons.css": None,
    "https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@6.2.0/css/all.min.css": None,
    "https://cdnjs.cloudflare.com/ajax/libs/Leaflet.awesome-markers/2.0.2/leaflet.awesome-markers.css": None,
    "https://cdn.jsdelivr.net/gh/python-visualization/folium/folium/templates/leaflet.awesome.rotate.min.css": None,
}

# (source file, destination under static/)
_FILES = [
    (Path(xs_leaflet.BASE_DIR) / "leaflet.js", "vendor/leaflet/leaflet.js"),
    (Path(xs_leaflet.BASE_DIR) / "leaflet.css", "vendor/leaflet/leaflet.css"),
    *((p, f"vendor/leaflet/images/{p.name}") for p in sorted((Path(xs_leaflet.BASE_DIR) / "images").iterdir())),
    (COUNTRIES_FILE, "geo/countries-110m.geojson"),
    (Path(xs_cluster.BASE_DIR) / "leaflet.markercluster.js", "vendor/markercluster/leaflet.markercluster.js"),
    (Path(xs_cluster.BASE_DIR) / "MarkerCluster.css", "vendor/markercluster/MarkerCluster.css"),
    (ASSETS_DIR / "footprint_map.js", "footprint/footprint_map.js"),
    (ASSETS_DIR / "footprint_map.css", "footprint/footprint_map.css"),
]


# The map's scripts in the order they must run (publish_bundle).
BUNDLED = (
    Path(xs_leaflet.BASE_DIR) / "leaflet.js",
    Path(xs_cluster.BASE_DIR) / "leaflet.markercluster.js",
    ASSETS_DIR / "footprint_map.js",
)


class RemoteAssetError(RuntimeError):
    """An element asks for a remote URL we have no local copy of."""


def publish_assets(static_dir: Path = STATIC_DIR) -> None:
    """Copy the packaged assets into static/ where they are missing or differ (cheap to call every run)."""
    for source, relative in _FILES:
        target = static_dir / relative
        if not target.exists() or target.stat().st_size != source.stat().st_size or _newer(source, target):
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    for source, name, digits in OUTLINES.values():
        target = static_dir / "geo" / f"{name}-{_file_hash(source)}.json"
        if not target.exists():
            data = json.dumps(drawable_outlines(source, digits), separators=(",", ":")).encode("utf-8")
            _write_atomic(target, data)
    publish_bundle(static_dir)


def publish_bundle(static_dir: Path = STATIC_DIR) -> str:
    """Leaflet, Leaflet.markercluster and the renderer as ONE script, static/footprint/map-<hash>.js (written once
    per version of the three), and its URL. streamlit-folium loads a map's scripts one after another, each waiting
    for the last; on a cold start they also queue behind Streamlit's own files for the browser's six connections,
    so one file instead of three is what the map waits for. Made from the pinned wheels at start-up, never
    committed."""
    digest = hashlib.sha256("".join(_file_hash(src) for src in BUNDLED).encode()).hexdigest()[:12]
    target = static_dir / "footprint" / f"map-{digest}.js"
    if not target.exists():
        _write_atomic(target, b";\n".join(src.read_bytes() for src in BUNDLED) + b";\n")
    return f"{URL_PREFIX}/footprint/{target.name}"


def _newer(source: Path, target: Path) -> bool:
    return source.parent == ASSETS_DIR and source.read_bytes() != target.read_bytes()


def _file_hash(path: Path) -> str:
    """The first 12 hex digits of the file's SHA-256, read once per version of the file (not on every rerun:
    the 1:50m outlines are megabytes)."""
    stat = path.stat()
    return _hash_of(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=64)
def _hash_of(path: Path, _mtime_ns: int, _size: int) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def asset_url(relative: str) -> str:
    """The URL of a published asset, with its content hash as a query so a changed file is never stale."""
    source = next(src for src, rel in _FILES if rel == relative)
    return f"{URL_PREFIX}/{relative}?v={_file_hash(source)}"


def outline_urls() -> dict[str, str]:
    """far/near → URL of the drawable outlines (their name holds the source file's hash)."""
    return {key: f"{URL_PREFIX}/geo/{name}-{_file_hash(src)}.json" for key, (src, name, _) in OUTLINES.items()}


def _write_atomic(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.replace(tmp, target)


def publish_payload(atlas: Atlas, static_dir: Path = STATIC_DIR) -> str:
    """Write the atlas payload as static/data/atlas-<hash>.json (once per content) and return its URL."""
    return publish_json("atlas", atlas_payload(atlas), static_dir)


def publish_json(kind: str, value: dict[str, Any] | list[Any], static_dir: Path = STATIC_DIR) -> str:
    """Write `value` as static/data/<kind>-<hash>.json (once per content) and return its URL: what the browser
    fetches once and caches, instead of receiving it again with every rerun."""
    data = payload_bytes(value)
    name = f"{kind}-{content_hash(data)}.json"
    target = static_dir / "data" / name
    if not target.exists():
        _write_atomic(target, data)
    return f"{URL_PREFIX}/data/{name}"


def walk(element: Element) -> Iterator[Element]:
    """This element and everything under it."""
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from walk(child)


def _local(url: str) -> str | None:
    if url.startswith(URL_PREFIX + "/"):
        return url
    if url not in LOCAL_ASSETS:
        raise RemoteAssetError(f"no local copy of {url}: add it to layers/offline.py LOCAL_ASSETS")
    relative = LOCAL_ASSETS[url]
    return None if relative is None else f"{URL_PREFIX}/{relative}"


def localize(elements: Iterable[Element]) -> None:
    """Point every default_js/default_css of these element trees at /app/static, dropping unused assets."""
    for root in elements:
        for element in walk(root):
            for attr in ("default_js", "default_css"):
                links = getattr(element, attr, None)
                if not links:
                    continue
                rewritten = [(name, local) for name, url in links if (local := _local(url)) is not None]
                setattr(element, attr, rewritten)


def remote_links(elements: Iterable[Element]) -> list[str]:
    """Every link in these trees that is not served from this machine (should be empty after localize)."""
    found = []
    for root in elements:
        for element in walk(root):
            for attr in ("default_js", "default_css"):
                found += [url for _, url in getattr(element, attr, []) if not url.startswith(URL_PREFIX + "/")]
    return found
