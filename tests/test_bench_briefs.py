"""The real-briefs benchmark's scoring and text reading, on synthetic sentences (no article text here)."""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import json
import re
import sys
from pathlib import Path

import pytest

from atlas.dates import PartialDate
from atlas.gazetteer import Entry
from atlas.ingest.candidates import Candidate
from atlas.ingest.temporal import DateMention
from atlas.ingest.toponyms import Toponym
from atlas.model import OUTLET_KINDS

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("briefs", ROOT / "bench" / "briefs.py")
assert spec is not None and spec.loader is not None
briefs = importlib.util.module_from_spec(spec)
sys.modules["briefs"] = briefs  # dataclasses look their module up there
spec.loader.exec_module(briefs)

TEXT = "Russian jets landed at Alpha on 3 May 2021. Guards stayed in Beta."
ALPHA = briefs.PlaceGold(("Alpha",), "alpha-base", 30.0, 20.0)
PUBLISHED = PartialDate(2021, 5, 10)


def toponym(name: str, lat: float | None, lon: float | None, *, resolved: bool = True, **kw: object) -> Toponym:
    start = TEXT.index(name)
    fields: dict[str, object] = {"ref": "", "kind": "city", "country": "XX", "readings": ()} | kw
    return Toponym(name, start, start + len(name), lat, lon, 1.0, resolved, precision_km=5, source="test", **fields)


def entry(lat: float, lon: float, ref: str = "geonames:1") -> Entry:
    return Entry("Alpha", lat, lon, "city", 5000, "XX", ref, "test", 5)


def card(sentence: str, places: list[Toponym], date: DateMention | None) -> Candidate:
    start = TEXT.index(sentence)
    return Candidate(sentence, start, start + len(sentence), "logistics", "reported", places, [], False, date)


def mention(text: str, value: PartialDate, end: PartialDate | None = None) -> DateMention:
    start = TEXT.index(text)
    return DateMention(text, start, start + len(text), value, end, value.precision, "absolute", "")


FIRST = "Russian jets landed at Alpha on 3 May 2021."


def test_a_place_resolved_within_its_radius_is_found_and_in_its_card():
    alpha = toponym("Alpha", 30.1, 20.1)  # about 14 km away
    result = briefs.score_place("b", ALPHA, TEXT, [alpha], [card(FIRST, [alpha], None)])
    assert result.found and result.in_card and result.detail == ""


def test_a_place_found_but_in_no_card_is_found_and_says_so():
    result = briefs.score_place("b", ALPHA, TEXT, [toponym("Alpha", 30.1, 20.1)], [])
    assert result.found and not result.in_card and "no card" in result.detail


def test_a_place_read_as_a_namesake_far_away_is_a_miss_that_says_where():
    far = toponym("Alpha", 14.35, 43.85, ref="geonames:80379", country="YE")
    result = briefs.score_place("b", ALPHA, TEXT, [far], [card(FIRST, [far], None)])
    assert not result.found and not result.in_card
    assert re.search(r"'Alpha' read as geonames:80379 \(city, YE\) \d+ km away", result.detail)


def test_a_place_just_outside_its_radius_is_a_miss():
    near = toponym("Alpha", 30.3, 20.0)  # about 33 km north: outside 25 km
    assert not briefs.score_place("b", ALPHA, TEXT, [near], []).found
    wider = briefs.PlaceGold(("Alpha",), "alpha-area", 30.0, 20.0, scope="area", radius_km=40)
    assert briefs.score_place("b", wider, TEXT, [near], []).found


def test_an_unrecognised_name_and_an_unresolved_one_are_told_apart():
    assert briefs.score_place("b", ALPHA, TEXT, [], []).detail == "not recognised as a place name"
    offered = toponym("Alpha", None, None, resolved=False, readings=((entry(30.0, 20.0), 0.4), (entry(0, 0), 0.4)))
    result = briefs.score_place("b", ALPHA, TEXT, [offered], [])
    assert not result.found and "right reading is among its 2 offered" in result.detail
    unknown = toponym("Alpha", None, None, resolved=False, kind="unknown")
    assert "no gazetteer entry" in briefs.score_place("b", ALPHA, TEXT, [unknown], []).detail


def test_a_country_is_found_by_its_code_wherever_its_point_is():
    gold = briefs.PlaceGold(("Beta",), "beta", 10.0, 10.0, scope="country", country="BB")
    country = toponym("Beta", 12.0, 14.0, ref="geonames:9", kind="country", country="BB")
    assert briefs.score_place("b", gold, TEXT, [country], []).found
    town = toponym("Beta", 10.0, 10.0, ref="geonames:8", kind="city", country="BB")
    assert not briefs.score_place("b", gold, TEXT, [town], []).found  # a town of that name is not the country


def test_a_name_matches_only_as_a_whole_word():
    assert briefs.occurrences("Dan and Sirte; Danube", "Dan") == [(0, 3)]


def test_a_date_with_the_right_day_is_right():
    gold = briefs.DateGold("landed at Alpha", "on 3 May 2021", "2021-05-03")
    c = card(FIRST, [], mention("3 May 2021", PartialDate(2021, 5, 3)))
    result = briefs.score_date("b", gold, TEXT, [c], PUBLISHED)
    assert result.right and result.got == "2021-05-03" and not result.publication_stands_in


def test_a_date_with_the_wrong_precision_is_wrong():
    gold = briefs.DateGold("landed at Alpha", "on 3 May 2021", "2021-05-03")
    c = card(FIRST, [], mention("3 May 2021", PartialDate(2021, 5)))
    result = briefs.score_date("b", gold, TEXT, [c], PUBLISHED)
    assert not result.right and result.got == "2021-05" and "month" in result.detail


def test_a_span_needs_its_end_and_an_accepted_reading_counts():
    gold = briefs.DateGold("landed at Alpha", "3 May 2021", "2021-05-03", end="2021-05-09")
    start_only = card(FIRST, [], mention("3 May 2021", PartialDate(2021, 5, 3)))
    assert not briefs.score_date("b", gold, TEXT, [start_only], PUBLISHED).right
    spanned = card(FIRST, [], mention("3 May 2021", PartialDate(2021, 5, 3), PartialDate(2021, 5, 9)))
    assert briefs.score_date("b", gold, TEXT, [spanned], PUBLISHED).right
    either = briefs.DateGold("landed at Alpha", "3 May 2021", "2021-05", accept=("2021-05-03",))
    assert briefs.score_date("b", either, TEXT, [start_only], PUBLISHED).right


def test_no_card_for_the_sentence_is_a_miss_and_the_publication_fallback_is_flagged():
    gold = briefs.DateGold("Guards stayed in Beta", "in May", "2021-05-10")
    missing = briefs.score_date("b", gold, TEXT, [card(FIRST, [], None)], PUBLISHED)
    assert not missing.right and "no card" in missing.detail
    undated = briefs.score_date("b", gold, TEXT, [card("Guards stayed in Beta.", [], None)], PUBLISHED)
    assert undated.right and undated.publication_stands_in and undated.got == "2021-05-10"


def _brief(slug: str, sha: str) -> object:
    return briefs.Brief(slug, "t", "u", "p", "wire", "2021-05-10", sha, (), ())


def test_missing_and_changed_texts_are_reported_not_crashed_on(tmp_path: Path):
    good = b"Russian jets landed at Alpha."
    (tmp_path / "good.txt").write_bytes(good)
    (tmp_path / "changed.txt").write_bytes(good + b" Edited.")
    sha = hashlib.sha256(good).hexdigest()
    texts, problems = briefs.read_texts([_brief("good", sha), _brief("changed", sha), _brief("absent", sha)], tmp_path)
    assert texts == {"good": good.decode()}
    assert len(problems) == 2
    assert problems[0].startswith("changed:") and "not scored" in problems[0]
    assert problems[1].startswith("absent:") and "no text at" in problems[1]


def test_the_command_with_no_texts_says_so_and_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert briefs.main(["--texts", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "no text at" in err and "no brief could be scored" in err
    assert "reuters-np-jufra-sirte-2020:" in err  # the dev set is the default


def test_the_heldout_set_reads_its_own_annotations(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert briefs.main(["--set", "heldout", "--texts", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    for b in briefs.load_briefs(briefs.HELDOUT_ANNOTATIONS):
        assert f"{b.slug}: no text at {tmp_path / (b.slug + '.txt')}" in err
    assert "reuters-np-jufra-sirte-2020" not in err


def test_each_set_finds_its_texts_through_its_own_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("FOOTPRINT_BRIEFS_DIR", str(tmp_path / "dev"))
    monkeypatch.setenv("FOOTPRINT_BRIEFS_HELDOUT_DIR", str(tmp_path / "heldout"))
    assert briefs.default_texts_dir() == tmp_path / "dev"
    assert briefs.default_texts_dir("heldout") == tmp_path / "heldout"
    monkeypatch.delenv("FOOTPRINT_BRIEFS_DIR")
    monkeypatch.delenv("FOOTPRINT_BRIEFS_HELDOUT_DIR")
    assert briefs.default_texts_dir().parts[-2:] == ("shared", "briefs")
    assert briefs.default_texts_dir("heldout").parts[-2:] == ("shared", "briefs-heldout")


def raw(set_name: str) -> dict:
    return json.loads(briefs.SETS[set_name].annotations.read_text(encoding="utf-8"))


def keys(items: list[dict]) -> set[str]:
    return {k for item in items for k in item}


def test_the_heldout_file_has_the_dev_files_schema_and_rules():
    dev, heldout = raw("dev"), raw("heldout")
    assert heldout["about"].keys() == dev["about"].keys()
    assert heldout["about"]["places"] == dev["about"]["places"]  # the same annotation rules, word for word
    assert heldout["about"]["dates"] == dev["about"]["dates"]
    assert {frozenset(b) for b in heldout["briefs"]} == {frozenset(b) for b in dev["briefs"]}  # one key set each
    dev_places = [p for b in dev["briefs"] for p in b["places"]]
    dev_dates = [d for b in dev["briefs"] for d in b["dates"]]
    required_place = set.intersection(*(set(p) for p in dev_places))
    required_date = set.intersection(*(set(d) for d in dev_dates))
    for b in heldout["briefs"]:
        for p in b["places"]:
            assert required_place <= p.keys() <= keys(dev_places), (b["slug"], p["names"])
            assert p["coord_source"] and p["why"]
        for d in b["dates"]:
            assert required_date <= d.keys() <= keys(dev_dates), (b["slug"], d["sentence"])


def test_the_heldout_briefs_are_unseen_by_the_project():
    dev, heldout = briefs.load_briefs(), briefs.load_briefs(briefs.HELDOUT_ANNOTATIONS)
    assert not {b.slug for b in dev} & {b.slug for b in heldout}
    assert not {b.url for b in dev} & {b.url for b in heldout}
    assert not {b.sha256 for b in dev} & {b.sha256 for b in heldout}
    with (ROOT / "data" / "sources.csv").open(encoding="utf-8", newline="") as f:
        cited = {row["url"].rstrip("/") for row in csv.DictReader(f) if row["url"]}
    seeds = " ".join(p.read_text(encoding="utf-8") for p in (ROOT / "seeds").glob("*"))
    for b in heldout:
        assert b.url.rstrip("/") not in cited and b.url not in seeds, b.slug


@pytest.mark.parametrize("set_name", ["dev", "heldout"])
def test_the_annotations_are_complete_and_consistent(set_name: str):
    loaded = briefs.load_briefs(briefs.SETS[set_name].annotations)
    assert 8 <= len(loaded) <= 12 and len({b.slug for b in loaded}) == len(loaded)
    for b in loaded:
        assert re.fullmatch(r"[0-9a-f]{64}", b.sha256) and b.url.startswith("https://")
        assert b.outlet_kind in OUTLET_KINDS and b.places
        PartialDate.parse(b.published)
        for p in b.places:
            assert p.names and -90 <= p.lat <= 90 and -180 <= p.lon <= 180 and p.scope in ("point", "area", "country")
            assert p.scope != "country" or p.country
        for d in b.dates:
            for wanted in d.wanted():
                for part in wanted.split("/"):
                    PartialDate.parse(part)
