"""Shared fixtures: the real atlas, a writable copy of data/ and seeds/, and a small gazetteer."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from atlas.load import DATA_DIR, SEEDS_DIR, load_atlas
from atlas.model import Atlas

ROOT = Path(__file__).resolve().parent.parent


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
