"""`atlas check`: clean on the real data, and each kind of problem it detects proven on a broken copy."""

from pathlib import Path

import pytest

from atlas.__main__ import main
from atlas.load import load_atlas


def test_check_is_clean_on_the_real_data(capsys):
    assert main(["check"]) == 0
    assert capsys.readouterr().out.startswith("ok:")


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture drifted: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _append(path: Path, line: str) -> None:
    with path.open("a", encoding="utf-8") as fh:
        fh.write(line + "\n")


BROKEN = {
    "too many cells": ("events.csv", None, "x,bases,T,tobruk,2016,,year,reported,a,b,EXTRA", "has 11 cells"),
    "bad date": ("events.csv", ("2015-09-30,,day", "2015-09-31,,day"), None, "start"),
    "precision mismatch": ("events.csv", ("2015-09-30,,day", "2015-09-30,,month"), None, "date_precision"),
    "end before start": ("events.csv", ("2016-06-27,2016-06-28", "2016-06-27,2015-06-28"), None, "before start"),
    "unknown layer": ("events.csv", ("hmeimim-air-base,bases,", "hmeimim-air-base,airbases,"), None, "not one of"),
    "unknown status": ("events.csv", ("2016-11,month,claimed", "2016-11,month,rumoured"), None, "rumoured"),
    "duplicate id": ("sources.csv", None, "piglix-sirte,Sirte again,x,,http://example.org,background", "earlier row"),
    "background without url": (
        "sources.csv",
        ("2008-04,https://www.heritage.org", "2008-04,www.heritage.org"),
        None,
        "public http",
    ),
    "latitude out of range": ("places.csv", ("34.915,35.875", "134.915,35.875"), None, "outside"),
    "coordinates without source": ("places.csv", None, "nowhere,Nowhere,,1,2,city,XX,5,", "coord_source"),
    "unknown place": (
        "events.csv",
        ("Putin visits Tripoli,tripoli,", "Putin visits Tripoli,tripolis,"),
        None,
        "no place 'tripolis'",
    ),
    "place without coordinates": ("places.csv", ("32.88722,13.19139", ","), None, "geocode"),
    "quote not verbatim": ("excerpts.csv", ("only one military port", "only one naval port"), None, "not verbatim"),
    "excerpt for unknown event": ("excerpts.csv", None, "no-such-event,piglix-sirte,x", "no event"),
    "excerpt for unknown source": ("excerpts.csv", None, "hmeimim-air-base,no-such-source,x", "no source"),
    "event without source": (
        "events.csv",
        None,
        "lonely,bases,Lonely,tobruk,2016,,year,reported,nobody,",
        "no excerpt",
    ),
    "sourced vertex without date": (
        "route_points.csv",
        ("2016-10-21,strait-of-dover", ",strait-of-dover"),
        None,
        "needs a date",
    ),
    "route goes back in time": (
        "route_points.csv",
        ("2017-01-20,strait-of-gib", "2016-01-20,strait-of-gib"),
        None,
        "back in time",
    ),
    "bad header": ("excerpts.csv", ("event_id,source_id,quote", "event,source,quote"), None, "header"),
}


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_each_kind_of_problem_is_reported_with_file_line_and_sentence(kind, workdir, capsys):
    data, seeds = workdir
    file, replacement, extra_line, expected = BROKEN[kind]
    if replacement:
        _replace(data / file, *replacement)
    if extra_line:
        _append(data / file, extra_line)
    assert main(["--data", str(data), "--seeds", str(seeds), "check"]) == 1
    out = capsys.readouterr().out
    assert file in out or "events.csv" in out
    assert expected in out


def test_a_bad_row_hides_only_itself(workdir):
    data, seeds = workdir
    _replace(data / "events.csv", "2015-09-30,,day", "2015-09-31,,day")
    atlas = load_atlas(data, seeds)
    assert "hmeimim-air-base" not in atlas.events
    assert "tartus-naval-facility" in atlas.events
    assert len(atlas.problems) >= 1


def test_non_utf8_and_missing_files_are_problems_not_crashes(workdir):
    data, seeds = workdir
    (data / "places.csv").write_bytes(b"\xff\xfe\x00garbage")
    (data / "excerpts.csv").unlink()
    atlas = load_atlas(data, seeds)
    messages = " ".join(str(p) for p in atlas.problems)
    assert "not UTF-8" in messages and "missing" in messages


def test_missing_seed_text_is_reported(workdir):
    data, seeds = workdir
    (seeds / "russia-tobruk-port-2023.txt").unlink()
    atlas = load_atlas(data, seeds)
    assert any("seeds/russia-tobruk-port-2023.txt is missing" in str(p) for p in atlas.problems)
