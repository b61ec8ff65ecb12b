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
    "too many cells": ("events.csv", None, "x,bases,T,tobruk,2016,,year,event,reported,a,b,EXTRA", "has 12 cells"),
    "bad date": ("events.csv", ("2015-09-30,2024-12,day", "2015-09-31,2024-12,day"), None, "start"),
    "precision mismatch": (
        "events.csv",
        ("2015-09-30,2024-12,day", "2015-09-30,2024-12,month"),
        None,
        "date_precision",
    ),
    "end before start": ("events.csv", ("2016-06-27,2016-06-28", "2016-06-27,2015-06-28"), None, "before start"),
    "unknown layer": ("events.csv", ("hmeimim-air-base,bases,", "hmeimim-air-base,airbases,"), None, "not one of"),
    "unknown status": ("events.csv", ("month,publication,claimed", "month,publication,rumoured"), None, "rumoured"),
    "duplicate id": (
        "sources.csv",
        None,
        "huffpost-gaddafi-sirte-2011,Sirte again,x,independent,,,http://example.org,background",
        "earlier row",
    ),
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
        ("Haftar's offensive on Tripoli,tripoli,", "Haftar's offensive on Tripoli,tripolis,"),
        None,
        "no place 'tripolis'",
    ),
    "place without coordinates": ("places.csv", ("32.88743,13.18733", ","), None, "geocode"),
    "quote not verbatim": ("excerpts.csv", ("only one military port", "only one naval port"), None, "not verbatim"),
    "excerpt for unknown event": ("excerpts.csv", None, "no-such-event,huffpost-gaddafi-sirte-2011,x", "no event"),
    "excerpt for unknown source": ("excerpts.csv", None, "hmeimim-air-base,no-such-source,x", "no source"),
    "event without source": (
        "events.csv",
        None,
        "lonely,bases,Lonely,tobruk,2016,,year,event,reported,nobody,",
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
    _replace(data / "events.csv", "2015-09-30,2024-12,day", "2015-09-31,2024-12,day")
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


# --- outlets, dates and claims no larger than their evidence (atlas.validate) -------------------------------

# kind: ([(file, old, new), …], [(file, appended line), …], expected sentence in the check's output)
CLAIMS = {
    "unknown outlet kind": ([("sources.csv", "The Guardian,independent", "The Guardian,tabloid")], [], "not one of"),
    "background source without outlet kind": (
        [("sources.csv", "Libya Herald,independent", "Libya Herald,")],
        [],
        "kind of outlet",
    ),
    "state media without its state": (
        [("sources.csv", "Sputnik France,state_media,Russia", "Sputnik France,state_media,")],
        [],
        "which state",
    ),
    "party without its party": (
        [("sources.csv", "Libya Herald,independent,", "Libya Herald,party,")],
        [],
        "which party",
    ),
    "unknown date basis": (
        [("events.csv", "2015-09-30,2024-12,day,event", "2015-09-30,2024-12,day,guessed")],
        [],
        "not one of",
    ),
    "missing date basis": (
        [("events.csv", "2015-09-30,2024-12,day,event", "2015-09-30,2024-12,day,")],
        [],
        "date_basis",
    ),
    "confirmed on one state outlet": (
        [],
        [
            ("events.csv", "solo,bases,Solo,tobruk,2016,,year,event,confirmed,Sputnik,"),
            ("excerpts.csv", "solo,sputnik-kuznetsov-home-2017,Ships seen off Tobruk"),
        ],
        "'confirmed' needs",
    ),
    "confirmed on two outlets of the same state media": (
        [],
        [
            ("events.csv", "duo,bases,Duo,tobruk,2016,,year,event,confirmed,Sputnik,"),
            ("excerpts.csv", "duo,sputnik-kuznetsov-home-2017,Ships seen off Tobruk"),
            ("excerpts.csv", "duo,sputnik-fr-tartus-ratification-2017,Navires au large de Tobruk"),
        ],
        "'confirmed' needs",
    ),
    "denied without a denial": (
        [
            (
                "events.csv",
                "(a claim),benghazi,2018,2018,year,report,claimed",
                "(a claim),benghazi,2018,2018,year,report,denied",
            )
        ],
        [],
        "'denied' but no excerpt",
    ),
    "Wagner in the title, not in the excerpts": (
        [("events.csv", "Russian MiG-29 and Su-24 jets at", "Wagner's MiG-29 and Su-24 jets at")],
        [],
        "names Wagner",
    ),
    "Africa Corps in the attribution, not in the excerpts": (
        [("events.csv", "US Africa Command (via Air Force Magazine)", "Africa Corps (via Air Force Magazine)")],
        [],
        "names Africa Corps",
    ),
    "place no excerpt names": (
        [("events.csv", "Putin visits Libya,libya,", "Putin visits Libya,moscow,")],
        [],
        "names the place",
    ),
    "day no excerpt writes": (
        [("events.csv", "benghazi,2023-08-22,2023-08-22,day,event", "benghazi,2023-08-21,2023-08-22,day,event")],
        [],
        "no excerpt writes 21 August 2023",
    ),
    "ship no excerpt names": (
        [("events.csv", "Putin visits Libya,", "Putin visits Libya aboard the Varyag,")],
        [],
        "names the ship Varyag",
    ),
    "elided background quote": (
        [("excerpts.csv", "Images show MiG-29 Fulcrum", "Images show … MiG-29 Fulcrum")],
        [],
        "elision",
    ),
    "three-dot elision": (
        [("excerpts.csv", "Images show MiG-29 Fulcrum", "Images show ... MiG-29 Fulcrum")],
        [],
        "elision",
    ),
    "editorial brackets": ([("excerpts.csv", "Images show MiG-29", "Images show [Russian] MiG-29")], [], "brackets"),
}


@pytest.mark.parametrize("kind", sorted(CLAIMS))
def test_each_claim_rule_can_fail(kind, workdir, capsys):
    data, seeds = workdir
    edits, lines, expected = CLAIMS[kind]
    for file, old, new in edits:
        _replace(data / file, old, new)
    for file, line in lines:
        _append(data / file, line)
    assert main(["--data", str(data), "--seeds", str(seeds), "check"]) == 1
    assert expected in capsys.readouterr().out


def test_a_partys_own_statement_may_confirm(workdir, capsys):
    data, seeds = workdir
    _append(
        data / "sources.csv",
        "lna-statement,LNA statement,LNA General Command,party,Libyan National Army,2024-06-17,https://example.org/lna,"
        "background",
    )
    _append(data / "events.csv", "lna-says,bases,LNA says,tobruk,2024,,year,publication,confirmed,LNA,")
    _append(data / "excerpts.csv", "lna-says,lna-statement,Russian ships arrived in Tobruk")
    assert main(["--data", str(data), "--seeds", str(seeds), "check"]) == 0, capsys.readouterr().out


# --- canonical addresses and checkable coordinates (atlas.references) ---------------------------------------

HERITAGE = "https://www.heritage.org/europe/commentary/the-real-world-putin-libya"
BAD_ADDRESSES = {
    "askwikinow": "https://askwikinow.com/view_html.php?lang=en&q=Khmeimim_Air_Base",
    "sagapedia": "https://sagapedia.com/no/Severomorsk",
    "worddisk": "https://worddisk.com/wiki/Benghazi/",
    "enwikipedia": "https://enwikipedia.net/wiki/Tripoli",
    "piglix": "http://piglix.com/piglix/Sirte",
    "rightwiki": "https://rightwiki.org/index.php?title=Ghardabiya_Airbase",
    "riteme": "https://wiki.riteme.site/wiki/Al_Marj",
    "av1.space": "https://wiki.av1.space/content/wikipedia_en_all_mini_2025-06/Tartus_naval_base",
    "wikiplanet": "https://www.wikiplanet.click/enciclopedia/en/Strait_of_Gibraltar",
    "hqproductreviews": "https://hqproductreviews.com?arsae=https%3A%2F%2Fwikipedia.org%2Fwiki%2FTobruk",
    "mustvisitplace": "https://www.mustvisitplace.com/houn",
    "IPFS gateway": "https://goodnames-eth.ipns.dweb.link/wiki/Murmansk_Fjord.html",
    "IPFS path": "https://gateway.ipfs.io/ipfs/QmXoy/wiki/Sidi_Barrani.html",
    "dnyuz": "https://dnyuz.com/2025/01/29/russia-withdraws/",
    "thewriterstown": "https://thewriterstown.com/news/articles/cly5zmm186no",
    "wikiwand": "https://www.wikiwand.com/en/Tobruk",
    "alchetron": "https://alchetron.com/Sirte",
    "news-pravda": "https://news-pravda.com/russia/2025/08/12/1587053.html",
    "user sandbox": "https://de.wikipedia.org/wiki/Benutzerin:HarmonieSara/Al-Sharara-%C3%96lfeld",
    "google redirector": "https://www.google.com/url?q=https://www.reuters.com/x",
    "t.co": "https://t.co/AbCdEf",
    "bit.ly": "https://bit.ly/3xyz",
    "Yahoo aggregation": "https://uk.style.yahoo.com/birth-sixty-rare-crocodiles-gives-065857059.html",
    "mobile Wikipedia": "https://en.m.wikipedia.org/wiki/Tobruk",
    "plain-http Wikipedia": "http://en.wikipedia.org/wiki/Strait_of_Dover",
}


@pytest.mark.parametrize("kind", sorted(BAD_ADDRESSES))
def test_a_source_address_that_is_not_canonical_is_rejected(kind, workdir, capsys):
    data, seeds = workdir
    _replace(data / "sources.csv", HERITAGE, BAD_ADDRESSES[kind])
    assert main(["--data", str(data), "--seeds", str(seeds), "check"]) == 1
    out = capsys.readouterr().out
    assert "sources.csv line" in out and "column url [heritage-putin-libya-2008]" in out


@pytest.mark.parametrize("kind", ["askwikinow", "user sandbox", "hqproductreviews", "plain-http Wikipedia"])
def test_a_coord_source_that_is_not_canonical_is_rejected(kind, workdir, capsys):
    data, seeds = workdir
    _replace(
        data / "places.csv",
        "SY,2,https://en.wikipedia.org/wiki/Khmeimim_Air_Base; icao:OSLK",
        f"SY,2,{BAD_ADDRESSES[kind]}",
    )
    assert main(["--data", str(data), "--seeds", str(seeds), "check"]) == 1
    assert "column coord_source [hmeimim-air-base]" in capsys.readouterr().out


REFERENCE_BREAKS = {
    "geonames id of another town": ("LY,5,geonames:81302", "LY,5,geonames:88319", "more than its precision_km"),
    "airfield moved off its ICAO point (Al Marj)": ("31.9985,21.1918", "32.48667,20.83389", "icao:HL59 is at"),
    "unknown ICAO code": ("icao:HL59", "icao:ZZZZ", "unknown to the offline icao data"),
    "unknown GeoNames id": ("geonames:524901", "geonames:999999999", "unknown to the offline geonames data"),
    "an address that is no reference": (
        "geonames:524901",
        "https://worldpopulationreview.com/countries/russia/capital",
        "not a checkable coordinate reference",
    ),
}


@pytest.mark.parametrize("kind", sorted(REFERENCE_BREAKS))
def test_each_coordinate_reference_rule_can_fail(kind, workdir, capsys):
    data, seeds = workdir
    old, new, expected = REFERENCE_BREAKS[kind]
    _replace(data / "places.csv", old, new)
    assert main(["--data", str(data), "--seeds", str(seeds), "check"]) == 1
    out = capsys.readouterr().out
    assert "places.csv line" in out and "column coord_source" in out and expected in out


def test_a_radius_tighter_than_the_reference_distance_fails(workdir, capsys):
    """Hmeimim's infobox point is ~1.2 km from OSLK's: a 1 km radius no longer covers its ICAO reference."""
    data, seeds = workdir
    _replace(
        data / "places.csv",
        "SY,2,https://en.wikipedia.org/wiki/Khmeimim_Air_Base",
        "SY,1,https://en.wikipedia.org/wiki/Khmeimim_Air_Base",
    )
    assert main(["--data", str(data), "--seeds", str(seeds), "check"]) == 1
    assert "icao:OSLK is at" in capsys.readouterr().out
