"""Shared fixtures: the real atlas, a writable copy of data/ and seeds/, and a small gazetteer."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import settings

from atlas.load import DATA_DIR, SEEDS_DIR, load_atlas
from atlas.model import Atlas

ROOT = Path(__file__).resolve().parent.parent

# Properties, not timings: hypothesis' 200 ms deadline per example failed on a machine loaded by other jobs
# (speed lives in bench/, measured beside a baseline).
settings.register_profile("footprint", deadline=None)
settings.load_profile("footprint")


@pytest.fixture(scope="session")
def atlas() -> Atlas:
    return load_atlas()


@pytest.fixture()
def workdir(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of data/ and seeds/ that a test may break or append to."""
    data, seeds = tmp_path / "data", tmp_path / "seeds"
    shutil.copytree(DATA_DIR, data, ignore=shutil.ignore_patterns("*.geojson"))
    shutil.copytree(SEEDS_DIR, seeds)
    return data, seeds


@pytest.fixture(scope="session")
def gazetteer(atlas: Atlas):
    from atlas.gazetteer import build

    return build(list(atlas.places.values()), min_city_population=15000)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Expose each phase's report on the item, so fixtures can save a screenshot on failure."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


LOCAL_ARTICLE = """<!doctype html><html><head><title>Jufra flights | Desert Wire</title>
<meta property="og:site_name" content="Desert Wire"></head><body>
<nav>Home · World · Subscribe</nav><article><h1>Russian cargo flights to the Jufra towns</h1>
<p>Russian cargo planes landed at al-Jufra, near Hun, Waddan and Sokna, in late September, residents said.
The flights came from Hmeimim air base in Syria and carried crates that witnesses could not identify.</p>
<p>Local officials in Hun said the planes stayed for a few hours before leaving again for the coast.
Residents of Waddan told the paper that more flights were expected before the end of the year.</p>
</article><footer>Subscribe to our newsletter</footer></body></html>"""


@pytest.fixture(scope="session")
def local_site(tmp_path_factory):
    """A web server on 127.0.0.1 serving one article page: the opt-in fetch is tested here, never online."""
    import functools
    import http.server
    import threading

    root = tmp_path_factory.mktemp("site")
    (root / "article.html").write_text(LOCAL_ARTICLE, encoding="utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *a, **k: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
