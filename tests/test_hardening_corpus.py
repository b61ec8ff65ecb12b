"""Every broken data set of tests/broken_corpus.py loads without an exception, names what it leaves out, and
gives the map, the export and the panel something safe to show; a sample runs through the map page itself."""

from __future__ import annotations

import os
from pathlib import Path

import broken_corpus as corpus
import pytest

CASES = sorted(corpus.cases())
# The mutation run (bench/mutation.py) takes every n-th case, so each mutant is tried in seconds, not minutes.
SAMPLE = int(os.environ.get("FOOTPRINT_CORPUS_EVERY", "1"))


def test_the_corpus_is_large_and_covers_every_file_and_column():
    assert len(CASES) >= 300
    for file, columns in corpus.COLUMNS.items():
        assert f"{file}:unclosed-quote-row2" in CASES and f"{file}-is-a-symlink" in CASES
        for column in columns:
            assert f"{file}:{column}=long200k" in CASES


@pytest.mark.parametrize("name", CASES[::SAMPLE])
def test_broken_data_never_crashes_and_never_hides_a_good_row(name, tmp_path):
    assert corpus.violations(name, tmp_path) == []


def test_the_invariants_can_fail(tmp_path, monkeypatch):
    """The checker itself bites: a loader that drops a row silently, or raises, is caught."""
    import atlas.load

    real = atlas.load.read_rows
    corpus.base_atlas()  # the real atlas, read before the loader is broken

    def drop_a_row(path, columns, problems):
        rows = real(path, columns, problems)
        return [r for r in rows if r[0] != 10] if path.name == "places.csv" else rows

    monkeypatch.setattr(atlas.load, "read_rows", drop_a_row)
    found = corpus.violations("events.csv:title=md-link", tmp_path / "a")
    assert any("places.csv line 10 [moscow] vanished unnamed" in v for v in found)

    def explode(path, columns, problems):
        raise IsADirectoryError(21, "Is a directory")

    monkeypatch.setattr(atlas.load, "read_rows", explode)
    assert corpus.violations("no-events", tmp_path / "b")[0].startswith("load_atlas raised")


# The map page (app.py, the map helper's) on a sample: whole-file defects, hostile text, odd years, links.
# The cases marked below crash in app.py itself (st.slider refuses min == max when every event is in one
# year; fixed on the map helper's branch), not in atlas/: they are listed in the hardening report.
APP_SAMPLE = [
    "sources.csv:latin1-byte-row3",
    "events.csv:unclosed-quote-row2",
    "events.csv:huge-cell-row2",
    "events.csv:title=md-link",
    "events.csv:title=bidi",
    "places.csv:name=html",
    "event-year-0000",
    "route-point-unknown-source",
    "route-point-superscript-seq",
    "source-id-relative",
    "seed-directory",
    "place-without-coordinates",
    "sources.csv:impostor-duplicate-first",
]
ONE_YEAR = [
    "one-event-atlas",
    "one-dated-day-event",
    "no-events",
    "events.csv:header-only",
    "events.csv:utf16",
    "events.csv-is-a-directory",
]


@pytest.mark.parametrize("name", APP_SAMPLE)
def test_the_map_page_shows_the_problems_instead_of_a_traceback(name, tmp_path):
    assert corpus.app_exception(name, tmp_path) is None


@pytest.mark.parametrize("name", ONE_YEAR)
def test_the_map_page_with_one_year_or_none(name, tmp_path: Path):
    assert corpus.app_exception(name, tmp_path) is None
