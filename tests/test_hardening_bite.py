"""Tests written to kill the mutants a mutation run left alive (README "Reliability"): each one fails when
the rule it names is broken (mode, precision, longitude range, escaping paths, the land sampler)."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os

from atlas.dates import PartialDate
from atlas.export import feature_collection
from atlas.geo import segment_land_points
from atlas.load import place_from_row, route_point_from_row
from atlas.model import Event, Excerpt, Source
from atlas.queries import is_visible, lifespan, visible_events
from layers.markup import esc, mark_spans, paragraphs_html
from layers.panel import excerpt_blocks, header_html

HOSTILE = '<script>alert(1)</script>"onmouseover="x'

# An events.csv row that loads: a month-precise event with no end (the tests change one cell at a time).
PLACE_ROW = {
    "id": "x",
    "name": "X",
    "aliases": "",
    "lat": "10",
    "lon": "20",
    "kind": "city",
    "country": "LY",
    "precision_km": "5",
    "coord_source": "test",
}
EVENT_ROW = {
    "id": "e",
    "layer": "bases",
    "title": "T",
    "place_id": "x",
    "start": "2016-05",
    "end": "",
    "date_precision": "month",
    "status": "reported",
    "attribution": "A",
    "summary": "",
    "date_basis": "event",
}


def _event(start: str, end: str | None, **kw) -> Event:
    s = PartialDate.parse(start)
    fields = {
        "id": "e",
        "layer": "bases",
        "title": "t",
        "place_id": "p",
        "start": s,
        "end": PartialDate.parse(end) if end else None,
        "date_precision": s.precision,
        "status": "reported",
        "attribution": "a",
        "summary": "",
    }
    fields.update(kw)
    return Event(**fields)


def test_cumulative_mode_never_shows_a_future_event():
    later = _event("2020-05", None)
    assert not is_visible(later, 2019, "cumulative") and not is_visible(later, 2019, "state")
    assert is_visible(later, 2020, "cumulative") and is_visible(later, 2031, "cumulative")
    over = _event("2010", "2012")
    assert is_visible(over, 2015, "cumulative") and not is_visible(over, 2015, "state")


def test_a_year_precision_end_closes_the_lifespan_at_that_years_end():
    event = _event("2015", "2016")
    assert lifespan(event)[1].isoformat() == "2016-12-31"
    assert is_visible(event, 2016) and not is_visible(event, 2017)
    assert lifespan(_event("2015-03", "2015-04"))[1].isoformat() == "2015-04-30"


def test_the_export_follows_the_mode(atlas):
    state = {f["id"] for f in feature_collection(atlas, 2017, None, "state")["features"]}
    cumulative = {f["id"] for f in feature_collection(atlas, 2017, None, "cumulative")["features"]}
    ended_before = {e.id for e in visible_events(atlas, 2017, None, "cumulative")} - {
        e.id for e in visible_events(atlas, 2017, None, "state")
    }
    assert ended_before, "the real data has events that ended before 2017"
    assert state < cumulative and ended_before <= cumulative and not ended_before & state


def test_longitudes_reach_the_antimeridian_and_no_further():
    row = {
        "id": "x",
        "name": "X",
        "aliases": "",
        "lat": "-17.7",
        "lon": "178.4",
        "kind": "city",
        "country": "FJ",
        "precision_km": "5",
        "coord_source": "test",
    }
    assert place_from_row(row).lon == 178.4
    assert place_from_row({**row, "lon": "-179.9"}).lon == -179.9
    for bad in ("180.5", "-181"):
        try:
            place_from_row({**row, "lon": bad})
        except ValueError:
            continue
        raise AssertionError(f"longitude {bad} was accepted")
    vertex = {
        "route_id": "r",
        "seq": "1",
        "lat": "10",
        "lon": "120.5",
        "date": "",
        "place_id": "",
        "leg": "inferred",
        "source_id": "",
    }
    assert route_point_from_row(vertex).lon == 120.5


def test_esc_escapes_both_quotes_for_attributes():
    assert esc("\"'<>&") == "&quot;&#x27;&lt;&gt;&amp;"
    assert mark_spans("x<a>y", [(1, 2, "q")]) == 'x<mark class="q">&lt;</mark>a&gt;y'  # text on both sides kept
    assert mark_spans("<b>", [(0, 3, '"x')]) == '<mark class="&quot;x">&lt;b&gt;</mark>'
    assert paragraphs_html("<i>a</i>\n\nb", []) == "<p>&lt;i&gt;a&lt;/i&gt;</p>\n<p>b</p>"


def test_a_coordinate_source_in_an_href_cannot_break_out_of_it(atlas):
    event = next(iter(atlas.events.values()))
    place = atlas.places[event.place_id]
    bad = dataclasses.replace(place, coord_source=f"https://x.example/{HOSTILE}", name=HOSTILE)
    atlas2 = dataclasses.replace(atlas, places={**atlas.places, place.id: bad})
    html = header_html(atlas2, dataclasses.replace(event, title=HOSTILE, attribution=HOSTILE, summary=HOSTILE))
    assert "<script" not in html and '"onmouseover' not in html
    assert 'href="https://x.example/&lt;script&gt;' in html


def test_a_background_excerpt_and_its_source_are_escaped(atlas):
    event = next(iter(atlas.events.values()))
    source = Source("bg-hostile", HOSTILE, HOSTILE, None, f"https://x.example/{HOSTILE}", "background")
    atlas2 = dataclasses.replace(
        atlas,
        sources={**atlas.sources, source.id: source},
        excerpts=[Excerpt(event.id, source.id, HOSTILE)],
    )
    (block,) = excerpt_blocks(atlas2, event)
    assert block["html"] == f"<mark>{esc(HOSTILE)}</mark>"
    assert "<script" not in block["cite"] and '"onmouseover' not in block["cite"]


def test_the_land_sampler_finds_land_where_there_is_land():
    across_libya = segment_land_points((32.9, 13.2), (27.0, 14.4))  # Tripoli → Sebha
    assert len(across_libya) > 50
    assert segment_land_points((34.0, 18.0), (34.0, 22.0)) == []  # the Ionian Sea


def test_check_exits_1_for_findings_and_2_for_its_own_failure(workdir, monkeypatch, capsys):
    from atlas import load
    from atlas.__main__ import main

    data, seeds = workdir
    assert main(["--data", str(data), "--seeds", str(seeds), "check"]) == 0
    (data / "events.csv").write_bytes(b"\xff\xfe")
    assert main(["--data", str(data), "--seeds", str(seeds), "check"]) == 1
    assert "events.csv: the file is UTF-16" in capsys.readouterr().out

    def broken(*_args, **_kw):
        raise RuntimeError("the checker itself broke")

    monkeypatch.setattr(load, "load_atlas", broken)
    assert main(["--data", str(data), "--seeds", str(seeds), "check"]) == 2
    assert "error: check could not run: RuntimeError" in capsys.readouterr().err
    assert main(["--no-such-option"]) == 2


def test_bidi_controls_are_removed_not_replaced():
    from layers.markup import md_escape, plain

    assert esc("a\u202eb\u2066c\u202ad") == "abcd"
    assert md_escape("2016\u202e") == "2016"
    assert plain(None) == "" and esc(None) == "" and md_escape(None) == ""
    assert plain("\u0627\u0644\u062c\u0641\u0631\u0629") == "\u0627\u0644\u062c\u0641\u0631\u0629"  # Arabic stays


def test_marked_spans_skip_overlaps_and_empties_and_keep_every_other_span():
    text = "abcdefgh"
    assert mark_spans(text, [(0, 2, ""), (1, 3, "x"), (4, 5, "")]) == "<mark>ab</mark>cd<mark>e</mark>fgh"
    assert mark_spans(text, [(2, 2, ""), (3, 4, "")]) == "abc<mark>d</mark>efgh"
    assert mark_spans(text, [(5, 3, ""), (6, 7, "y")]) == 'abcdef<mark class="y">g</mark>h'
    assert mark_spans(text, [(0, 1, ""), (1, 2, "")]) == "<mark>a</mark><mark>b</mark>cdefgh"


def _panel_atlas():
    from atlas.model import Atlas, Place

    place = Place("tobruk", "Tobruk", (), 32.08, 23.96, "city", "LY", 5.0, "https://geo.example/tobruk")
    event = _event(
        "2017-01-11",
        "2017-01-12",
        place_id="tobruk",
        status="claimed",
        title="Haftar aboard",
        attribution="Russian MoD",
        summary="Video call on board.",
    )
    seed = Source("seed-a", "Seed title", "Seed outlet", PartialDate.parse("2017-01"), "", "seed")
    bg = Source("bg-a", "Background title", "Bg outlet", None, "https://news.example/a/b", "background")
    text = "First paragraph.\nHaftar went aboard the carrier. Then he left.\nLast."
    return Atlas(
        sources={"seed-a": seed, "bg-a": bg},
        places={"tobruk": place},
        events={"e": event},
        excerpts=[Excerpt("e", "seed-a", "Haftar went aboard the carrier."), Excerpt("e", "bg-a", "He was aboard.")],
        seed_texts={"seed-a": text},
    ), event


def test_the_panel_says_every_field_of_the_event():
    atlas, event = _panel_atlas()
    html = header_html(atlas, event)
    for part in (
        "<h3>Haftar aboard</h3>",
        'class="fp-badge fp-hollow">claimed</span>',
        "claimed by one party; not independently confirmed",
        "<b>Who says so:</b> Russian MoD",
        "11–12 January 2017",
        "(known to the day)",
        "<b>Where:</b> Tobruk",
        "± 5 km",
        '<a href="https://geo.example/tobruk" target="_blank" rel="noopener noreferrer">geo.example</a>',
        "<p>Video call on board.</p>",
    ):
        assert part in html, part
    plain_source = dataclasses.replace(atlas.places["tobruk"], coord_source="GeoNames 123")
    atlas.places["tobruk"] = plain_source
    assert "coordinates: GeoNames 123)" in header_html(atlas, event)


def test_each_excerpt_block_cites_its_source():
    atlas, event = _panel_atlas()
    seed_block, bg_block = excerpt_blocks(atlas, event)
    assert seed_block == {
        "source_id": "seed-a",
        "kind": "seed",
        "html": "<mark>Haftar went aboard the carrier.</mark> Then he left.",
        "cite": "Seed title — Seed outlet, January 2017 (seed article)",
        "span": (17, 48),
        "spans": [(0, 31, "")],  # the excerpt's place in its paragraph, shown once per paragraph
        "lang": "en",
    }
    assert bg_block["source_id"] == "bg-a" and bg_block["kind"] == "background" and bg_block["span"] is None
    assert bg_block["html"] == "<mark>He was aboard.</mark>"
    assert bg_block["cite"] == (
        '<a href="https://news.example/a/b" target="_blank" rel="noopener noreferrer">news.example</a>'
        " — Background title, Bg outlet, date not known"
    )


def test_plain_http_sources_are_links_and_an_unfound_quote_is_shown_on_its_own():
    atlas, event = _panel_atlas()
    atlas.places["tobruk"] = dataclasses.replace(atlas.places["tobruk"], coord_source="http://old.example/x")
    assert 'href="http://old.example/x"' in header_html(atlas, event)
    atlas.excerpts = [Excerpt("e", "seed-a", "Not in the text.")]
    (block,) = excerpt_blocks(atlas, event)
    assert block["html"] == "<mark>Not in the text.</mark>" and block["span"] is None


def test_a_year_includes_its_first_and_last_day():
    from atlas.model import RoutePoint
    from atlas.queries import route_until

    new_year_eve = _event("2016-12-31", "2016-12-31")
    assert is_visible(new_year_eve, 2016) and is_visible(new_year_eve, 2016, "cumulative")
    assert not is_visible(new_year_eve, 2017)
    new_year = _event("2015-06", "2016-01-01")
    assert is_visible(new_year, 2016) and not is_visible(new_year, 2017)
    last = RoutePoint("r", 2, 1.0, 2.0, PartialDate.parse("2016-12-31"), "", "sourced", "s")
    first = dataclasses.replace(last, seq=1, date=PartialDate.parse("2016-01-01"))
    assert route_until([first, last], 2016) == [first, last] and route_until([first, last], 2015) == []


def test_quotes_and_their_paragraphs_are_found_at_the_edges():
    from atlas.queries import find_quote, paragraph_around

    assert find_quote("abc abc", "abc") == (0, 3) and find_quote("xabc abc", "abc") == (1, 4)
    assert find_quote("abc", "zz") is None
    text = "\nfirst line\nsecond quote here\nthird"
    a, b = find_quote(text, "quote")  # type: ignore[misc]
    assert paragraph_around(text, a, b) == ("second quote here", 7, 12)
    assert paragraph_around("only quote", 5, 10) == ("only quote", 5, 10)
    assert paragraph_around("x\nlast quote", 7, 12) == ("last quote", 5, 10)
    assert paragraph_around("quote\nnext\nmore", 0, 5) == ("quote", 0, 5)
    assert paragraph_around("\nquote", 1, 6) == ("quote", 0, 5)


def test_the_export_contract_offsets_and_sources(atlas):
    from atlas.export import feature

    for event in atlas.events.values():
        props = feature(atlas, event)["properties"]
        for x in props["excerpts"]:
            assert set(x) == {"source_id", "quote", "start_offset", "end_offset"}
            text = atlas.seed_texts.get(x["source_id"])
            if text is not None:
                assert text[x["start_offset"] : x["end_offset"]] == x["quote"]
            else:
                assert x["start_offset"] is None and x["end_offset"] is None
        for s in props["sources"]:
            assert set(s) == {"id", "title", "outlet", "outlet_kind", "outlet_of", "published", "url", "kind"}
            source = atlas.sources[s["id"]]
            assert (s["outlet_kind"], s["outlet_of"]) == (source.outlet_kind or None, source.outlet_of or None)
            assert (s["title"], s["outlet"], s["kind"]) == (source.title, source.outlet, source.kind)
            assert s["published"] == (source.published.iso() if source.published else None)
            assert s["url"] == (source.url or None)
    route = next(e for e in atlas.events.values() if e.layer == "carrier_route")
    vertex_sources = {p.source_id for p in atlas.route_for(route.id) if p.source_id}
    cited = [s["id"] for s in feature(atlas, route)["properties"]["sources"]]
    assert vertex_sources <= set(cited) and len(cited) == len(set(cited))
    # an unknown source on one vertex is skipped, the others are still cited
    points = atlas.route_for(route.id)
    broken = dataclasses.replace(points[0], source_id="no-such-source")
    atlas2 = dataclasses.replace(atlas, route_points=[broken, *points[1:]])
    cited2 = {s["id"] for s in feature(atlas2, route)["properties"]["sources"]}
    assert "no-such-source" not in cited2 and (vertex_sources - {points[0].source_id}) <= cited2


# Mutation run of 2 December 2026 (make mutation, README "Reliability"): the view a link names, what a year shows,
# the timeline's counts and the export's field contract.


def test_a_link_names_its_year_mode_layers_and_feature():
    from atlas.model import LAYER_IDS
    from atlas.view import parse_view

    axis, known = (2008, 2024), {"a", "b"}
    view = parse_view({"year": "2019", "mode": "cumulative", "layers": "bases", "feature": "b"}, axis, 2017, known)
    assert (view.year, view.mode, view.layers, view.feature) == (2019, "cumulative", ("bases",), "b")
    assert parse_view({"year": "2008"}, axis, 2017, known).year == 2008  # both ends of the axis are years
    assert parse_view({"year": "2024"}, axis, 2017, known).year == 2024
    assert parse_view({"year": "2007"}, axis, 2017, known).year == 2017
    assert parse_view({"year": "2025"}, axis, 2017, known).year == 2017
    assert parse_view({"feature": "c"}, axis, 2017, known).feature is None  # not in the atlas
    bare = parse_view({}, axis, 2017, known)
    assert (bare.year, bare.mode, bare.layers, bare.feature) == (2017, "state", LAYER_IDS, None)
    # a parameter repeated in the address (a list): its first value counts; an empty or missing one is empty
    listed = parse_view({"year": ["2019", "2020"], "mode": ["cumulative"], "feature": ["a", "b"]}, axis, 2017, known)
    assert (listed.year, listed.mode, listed.feature) == (2019, "cumulative", "a")
    assert parse_view({"year": []}, axis, 2017, known).year == 2017
    assert parse_view({"layers": []}, axis, 2017, known).layers == ()
    assert parse_view({"layers": None}, axis, 2017, known).layers == ()


def test_a_click_is_read_field_by_field_and_a_bad_counter_is_zero():
    from atlas.view import clicked_target

    def drawing(props):
        return {"last_active_drawing": {"type": "Feature", "properties": props}}

    route = {"kind": "route_point", "route_id": "r", "seq": 4, "n": 1}
    assert clicked_target(drawing(route)) == route
    row = {"kind": "dataset", "dataset": "acled", "row": "17", "n": 2}
    assert clicked_target(drawing(row)) == row
    for n in (True, "3", None, 2.0):
        assert clicked_target(drawing({"kind": "event", "id": "a", "n": n})) == {"kind": "event", "id": "a", "n": 0}
    assert clicked_target(drawing({"kind": "event", "id": "a"}))["n"] == 0
    assert clicked_target(drawing({"kind": "nope", "dataset": "acled", "row": 1})) is None
    assert clicked_target(drawing({"kind": "nope", "row": 1})) is None
    assert clicked_target(drawing({"kind": "dataset", "dataset": 5, "row": 1})) is None
    assert clicked_target(drawing({"kind": "dataset", "dataset": "acled", "row": 1.5})) is None


def test_a_link_opens_on_a_year_whose_mode_shows_the_feature(atlas):
    from atlas.view import year_to_show

    ended = _event("2016-03", "2016-05", id="ended")
    atlas2 = dataclasses.replace(atlas, events={"ended": ended})
    # 2019 in cumulative mode still shows an event of 2016; in state mode it does not
    assert year_to_show(atlas2, "ended", 2019, "cumulative", (2010, 2024)) == 2019
    assert year_to_show(atlas2, "ended", 2019, "state", (2010, 2024)) == 2016
    assert year_to_show(atlas2, "ended", 2019, "state", (2017, 2024)) == 2017  # within the axis
    assert year_to_show(atlas2, "", 2019, "state", (2010, 2024)) == 2019


def test_what_the_map_shows_follows_layers_mode_and_the_partisan_filter(atlas):
    from atlas.outlets import rests_only_on_partisan
    from atlas.queries import shown_events

    year = 2020
    every = {e.layer for e in atlas.events.values()}
    one = {"bases"}
    assert [e.id for e in shown_events(atlas, year, one)] == [e.id for e in visible_events(atlas, year, one, "state")]
    assert {e.layer for e in shown_events(atlas, year, one)} == one
    assert shown_events(atlas, year, every) == visible_events(atlas, year, every, "state")  # the default mode
    cumulative = shown_events(atlas, year, every, "cumulative")
    assert cumulative == visible_events(atlas, year, every, "cumulative") and cumulative != shown_events(
        atlas, year, every
    )
    partisan = [e for e in visible_events(atlas, None) if rests_only_on_partisan(atlas, e)]
    assert partisan, "the data has claims resting only on partisan sources, so the filter can be seen"
    y = partisan[0].start.year
    assert partisan[0] in shown_events(atlas, y, every)  # not hidden unless asked
    assert partisan[0] not in shown_events(atlas, y, every, hide_partisan=True)


def test_the_timeline_counts_each_year_of_the_axis_with_the_maps_default_mode(atlas):
    from atlas.queries import shown_events
    from atlas.timeline import year_counts

    layers = ("bases", "diplomacy")
    counts = year_counts(atlas, (2019, 2021), layers)
    assert [(c.year, c.layer) for c in counts] == [(y, layer) for y in (2019, 2020, 2021) for layer in layers]
    for c in counts:
        shown = [e for e in shown_events(atlas, c.year, set(layers), "state") if e.layer == c.layer]
        assert c.count == len(shown) and c.new == sum(e.start.year == c.year for e in shown)
    assert sum(c.count for c in counts) < sum(c.count for c in year_counts(atlas, (2019, 2021), layers, "cumulative"))


def test_a_gap_of_exactly_the_limit_keeps_the_earlier_years():
    from atlas.model import Atlas
    from atlas.timeline import MAX_GAP_YEARS, year_axis

    def axis(*years: int) -> tuple[int, int]:
        return year_axis(Atlas(events={f"e{y}": _event(str(y), str(y), id=f"e{y}") for y in years}))

    assert axis(2000, 2000 + MAX_GAP_YEARS) == (2000, 2000 + MAX_GAP_YEARS)
    assert axis(2000, 2001 + MAX_GAP_YEARS) == (2001 + MAX_GAP_YEARS, 2001 + MAX_GAP_YEARS)


def test_the_export_carries_every_field_of_the_contract(atlas):
    from atlas.dates import human_span
    from atlas.export import feature

    ended = next(e for e in atlas.events.values() if e.end and e.end != e.start and e.summary)
    props = feature(atlas, ended)["properties"]
    place = atlas.places[ended.place_id]
    assert props["end"] == ended.end.iso() and props["start"] == ended.start.iso()
    assert props["date_label"] == human_span(ended.start, ended.end) != human_span(ended.start, None)
    assert (props["place_id"], props["coord_source"], props["summary"]) == (
        place.id,
        place.coord_source,
        ended.summary,
    )
    # an excerpt whose source has no seed text has no offsets, even for a quote that is all "X"
    lone = Excerpt(ended.id, "no-seed-source", "XXXX")
    atlas2 = dataclasses.replace(atlas, excerpts=[lone])
    (x,) = feature(atlas2, ended)["properties"]["excerpts"]
    assert (x["start_offset"], x["end_offset"]) == (None, None)


# The land mask and the outlines the base map draws (atlas/geo.py).


def test_a_ring_is_unwrapped_only_when_it_spans_more_than_half_the_world():
    import numpy as np

    from atlas.geo import unwrapped_ring

    def lons(ring):
        return unwrapped_ring(ring)[:, 0].tolist()

    assert lons([[170, 0], [-100, 0], [-100.5, 1], [170, 0]]) == [170, -100, 259.5, 170]
    assert lons([[-179, 10], [-170, 10], [-170, 20], [-179, 10]]) == [-179, -170, -170, -179]  # west only: as is
    assert lons([[-120, 0], [60, 0], [60, 10], [-120, 0]]) == [-120, 60, 60, -120]  # exactly 180° wide
    assert lons([[-120.5, 0], [60, 0], [60, 10], [-120.5, 0]]) == [239.5, 60, 60, 239.5]
    assert unwrapped_ring([[170, 0], [-170, 5], [170, 0]]).dtype == np.float64


def test_a_point_in_a_hole_is_outside_and_the_antimeridian_is_crossed():
    import warnings

    from atlas.geo import in_outline

    holed = {
        "type": "Polygon",
        "coordinates": [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]], [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]]],
    }
    across = {"type": "Polygon", "coordinates": [[[170, 0], [-170, 0], [-170, 10], [170, 10], [170, 0]]]}
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # horizontal edges divide by zero: no RuntimeWarning per point tested
        assert in_outline(2, 2, holed) and not in_outline(5, 5, holed) and not in_outline(5, 11, holed)
        assert in_outline(5, -170.5, across) and in_outline(5, 179.5, across) and not in_outline(5, -169.5, across)


def test_the_land_mask_knows_the_caspian_and_chukotka():
    from atlas.geo import on_land

    assert not on_land(42.0, 50.5)  # the Caspian: a hole in Eurasia, two crossings
    assert on_land(64.4, -173.6) and not on_land(64.4, -172.6)  # Chukotka's eastern tip, past the antimeridian


def test_a_segment_is_sampled_every_step_from_end_to_end():
    from atlas.geo import segment_land_points

    hits = segment_land_points((27.0, 14.0), (27.0, 15.0))  # the Fezzan: all land, 1° of longitude
    assert len(hits) == 21 and hits[0] == (27.0, 14.0) and hits[-1] == (27.0, 15.0)
    assert len(segment_land_points((27.0, 14.0), (27.5, 14.0))) == 11


def test_jumps_across_the_antimeridian_are_edges_longer_than_180_degrees():
    from atlas.geo import _unwrap_continuous

    assert _unwrap_continuous([[-90, 0], [90, 1], [90.5, 2], [-90, 3]]) == (
        [[-90.0, 0.0], [90.0, 1.0], [90.5, 2.0], [270.0, 3.0]],
        1,
    )
    assert _unwrap_continuous([[90, 0], [-90, 1], [-90.5, 2], [90, 3]]) == (
        [[90.0, 0.0], [-90.0, 1.0], [-90.5, 2.0], [-270.0, 3.0]],
        1,
    )


def test_a_ring_across_the_antimeridian_is_cut_where_its_edges_cross_it():
    from atlas.geo import split_antimeridian, split_ring

    triangle = [[170.123456, 1.0], [-170.0, 2.0], [175.0, 11.0], [170.123456, 1.0]]
    crossing = 1.0 + (180 - 170.123456) / (190 - 170.123456)  # where the first edge meets 180°
    assert split_ring(triangle) == [
        [[170.1235, 1.0], [180, crossing], [180, 8.0], [175.0, 11.0], [170.1235, 1.0]],
        [[-180, crossing], [-170.0, 2.0], [-180, 8.0], [-180, crossing]],  # a triangle: kept, closed
    ]
    plain = [[10.123456, 1.0], [11.0, 1.0], [11.0, 2.0], [10.123456, 1.0]]
    assert split_ring(plain) == [plain] and split_ring(plain)[0] is plain  # no jump: as it is, not rounded
    pole = [[-90.0, -80.0], [90.0, -80.0], [179.0, -80.0], [-179.0, -81.0], [-90.0, -80.0]]
    assert split_ring(pole)[0] is pole  # one jump: round the pole, left as it is
    square = [[170, 0], [-170, 0], [-170, 10], [170, 10], [170, 0]]
    hole = [[-178, 2], [-175, 2], [-175, 4], [-178, 4], [-178, 2]]
    split = split_antimeridian({"type": "Polygon", "coordinates": [square, hole]})
    assert split["coordinates"][1] == [[[-180, 0], [-170, 0], [-170, 10], [-180, 10], [-180, 0]], hole]
    assert split["coordinates"][0] == [[[170, 0], [180, 0], [180, 10], [170, 10], [170, 0]]]


def test_drawable_outlines_keep_polygons_rounded_and_named(tmp_path):
    import json

    from atlas.geo import drawable_outlines

    def country(name, geometry):
        return {"type": "Feature", "properties": {"name": name} if name else None, "geometry": geometry}

    triangle = [[[0.12345, 0.12345], [1.5, 0.5], [1.0, 1.98765], [0.12345, 0.12345]]]
    square = [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]
    path = tmp_path / "countries.geojson"
    features = [
        country("Pointland", {"type": "Point", "coordinates": [1, 1]}),
        country("Nowhere", None),
        country("Trigon", {"type": "Polygon", "coordinates": triangle}),
        country("", {"type": "Polygon", "coordinates": square}),
    ]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    assert drawable_outlines(path) == {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"name": "Trigon"},
                "geometry": {
                    "type": "MultiPolygon",
                    "coordinates": [[[[0.123, 0.123], [1.5, 0.5], [1.0, 1.988], [0.123, 0.123]]]],
                },
            },
            {
                "type": "Feature",
                "properties": {"name": ""},
                "geometry": {"type": "MultiPolygon", "coordinates": [square]},
            },
        ],
    }


def test_a_route_exports_as_a_dated_line_and_a_point_as_a_point(atlas):
    from atlas.export import feature, feature_collection, to_csv, to_geojson

    route = next(e for e in atlas.events.values() if e.layer == "carrier_route")
    points = atlas.route_for(route.id)
    line = feature(atlas, route)
    assert (line["type"], line["id"], line["geometry"]["type"]) == ("Feature", route.id, "LineString")
    assert line["geometry"]["coordinates"] == [[p.lon, p.lat] for p in points]
    props = line["properties"]
    assert props["vertex_dates"] == [p.date.iso() if p.date else None for p in points]
    assert props["vertex_legs"] == [p.leg for p in points]
    assert props["vertex_places"] == [p.place_id or None for p in points]
    assert props["vertex_sources"] == [p.source_id or None for p in points]
    assert any(p.place_id for p in points) and any(not p.place_id for p in points)  # both kinds are checked
    assert any(p.source_id for p in points)
    # two vertices are already a line; one is the place's point
    two = dataclasses.replace(atlas, route_points=points[:2])
    assert feature(atlas=two, event=route)["geometry"]["type"] == "LineString"
    one = dataclasses.replace(atlas, route_points=points[:1])
    place = atlas.places[route.place_id]
    assert feature(one, route)["geometry"] == {"type": "Point", "coordinates": [place.lon, place.lat]}
    assert "vertex_legs" not in feature(one, route)["properties"]

    collection = feature_collection(atlas, 2016, {"carrier_route"})
    assert collection["type"] == "FeatureCollection"
    assert {f["properties"]["layer"] for f in collection["features"]} == {"carrier_route"}
    text = to_geojson(feature_collection(atlas))
    assert json.loads(text) == json.loads(json.dumps(feature_collection(atlas)))
    assert text.startswith('{\n "type": "FeatureCollection",\n "features": [\n  {')  # indent 1, as QGIS diffs it
    assert "’" in text and "\\u2019" not in text  # curly quotes stay readable

    rows = list(csv.DictReader(io.StringIO(to_csv(feature_collection(atlas)))))
    line_row = next(r for r in rows if r["id"] == route.id)
    assert (float(line_row["lon"]), float(line_row["lat"])) == (points[0].lon, points[0].lat)
    assert json.loads(line_row["coordinates"]) == line["geometry"]["coordinates"]
    assert json.loads(line_row["vertex_legs"]) == props["vertex_legs"]
    point_row = next(r for r in rows if r["geometry_type"] == "Point")
    assert point_row["coordinates"] == ""  # only lines carry their vertices
    assert any("’" in r["excerpts"] for r in rows)  # JSON cells keep the article's characters


def test_a_span_of_days_in_one_month_is_short_only_when_both_are_days():
    from atlas.dates import human_span

    assert human_span(PartialDate.parse("2016-11"), PartialDate.parse("2016-11-27")) == (
        "November 2016 – 27 November 2016"
    )
    assert human_span(PartialDate.parse("2016-11-25"), PartialDate.parse("2016-11-27")) == "25–27 November 2016"


def test_the_year_range_spans_starts_and_ends():
    from atlas.model import Atlas
    from atlas.queries import year_range

    events = {"a": _event("2010", "2012", id="a"), "b": _event("2011-05", None, id="b")}
    assert year_range(Atlas(events=events)) == (2010, 2012)


# Loading (atlas/load.py): what a refused file is called, how a quoted id is shortened, where an open quote is.


def test_each_refused_file_says_why(tmp_path):
    import errno

    from atlas.load import file_problem

    target = tmp_path / "real.csv"
    target.write_text("x")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    symlink = "the file is a symbolic link; links are refused so data cannot come from outside its folder"
    assert file_problem("a.csv", FileNotFoundError(errno.ENOENT, "No such file", "a.csv")) == "the file is missing"
    assert file_problem("a.csv", OSError(errno.ELOOP, "Too many levels of symbolic links", str(target))) == symlink
    assert file_problem("a.csv", OSError(errno.EMLINK, "Too many links", str(link))) == symlink  # BSD's O_NOFOLLOW
    assert file_problem("a.csv", OSError(errno.EMLINK, "Too many links", str(target))).startswith("the file cannot")
    assert file_problem("a.csv", OSError(0, "is a folder", str(target))) == "the file is a folder"
    assert file_problem("a.csv", OSError(1, "Operation not permitted", None)) == (
        "the file cannot be read: Operation not permitted"
    )
    assert file_problem("a.csv", OSError("odd")) == "the file cannot be read: odd"


def test_a_quoted_id_is_printable_and_at_most_60_characters():
    from atlas.load import _short

    assert _short("a" * 60) == "a" * 60
    assert _short("a" * 61) == "a" * 59 + "…"
    assert _short("x\udc80y\x00z") == "x\ufffdy\ufffdz"


def test_an_open_quote_is_told_from_a_cell_that_truly_holds_a_line_break(tmp_path):
    from atlas.load import read_rows

    def read(text: str) -> tuple[list[tuple[int, list[str]]], list[tuple[int | None, str]]]:
        path = tmp_path / "t.csv"
        path.write_text("a,b,c\n" + text, encoding="utf-8")
        problems: list = []
        rows = read_rows(path, ("a", "b", "c"), problems)
        return [(line, list(row.values())) for line, row in rows], [(p.row, p.message) for p in problems]

    # a cell that holds a line break, in a row of the right width: a row like any other
    assert read('x,"two\nlines",z\np,q,r\n') == ([(2, ["x", "two\nlines", "z"]), (4, ["p", "q", "r"])], [])
    # an open quote whose record has the wrong width, or the right width but a whole row inside a cell (the last
    # case: only the line right after the quote is a row)
    swallowed = "a quote opened on this line is not closed (it would swallow 2 more line(s))"
    for text, rows, other in [
        ('x,"y,z\np,q,r\ns,t,u\n', [(3, ["p", "q", "r"]), (4, ["s", "t", "u"])], []),
        ('x,y,"z\np,q,r\ns,t,u"\n', [(3, ["p", "q", "r"]), (4, ["s", "t", 'u"'])], []),
        ('x,y,"z\np,q,r\nu"\n', [(3, ["p", "q", "r"])], [(4, "has 1 cells, expected 3")]),
    ]:
        got_rows, problems = read(text)
        assert got_rows == rows, text
        assert problems[0][0] == 2 and problems[0][1].startswith(swallowed) and problems[1:] == other, text


def test_every_field_of_every_row_is_loaded_as_written():
    """The real data read back: each record equals its CSV row, field by field (the loader is called here, not
    through the session fixture, so the mutation run ties this test to every loader function)."""
    from atlas.load import DATA_DIR, load_atlas

    atlas = load_atlas()

    def rows(name: str) -> list[dict[str, str]]:
        with (DATA_DIR / name).open(encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))

    def date(text: str) -> PartialDate | None:
        return PartialDate.parse(text) if text.strip() else None

    def number(text: str) -> float | None:
        return float(text) if text.strip() else None

    assert atlas.problems == []
    for r in rows("sources.csv"):
        s = atlas.sources[r["id"]]
        assert (s.title, s.outlet, s.url, s.kind) == (r["title"], r["outlet"], r["url"], r["kind"])
        assert (s.published, s.outlet_kind, s.outlet_of) == (date(r["published"]), r["outlet_kind"], r["outlet_of"])
    for r in rows("places.csv"):
        p = atlas.places[r["id"]]
        aliases = tuple(a.strip() for a in r["aliases"].split(";") if a.strip())
        assert (p.name, p.aliases, p.kind, p.country) == (r["name"], aliases, r["kind"], r["country"])
        assert (p.lat, p.lon, p.precision_km) == (number(r["lat"]), number(r["lon"]), float(r["precision_km"]))
        assert p.coord_source == r["coord_source"]
    for r in rows("events.csv"):
        e = atlas.events[r["id"]]
        assert (e.layer, e.title, e.place_id, e.status) == (r["layer"], r["title"], r["place_id"], r["status"])
        assert (e.start, e.end, e.date_precision) == (date(r["start"]), date(r["end"]), r["date_precision"])
        assert (e.attribution, e.summary, e.date_basis) == (r["attribution"], r["summary"], r["date_basis"])
    assert [(x.event_id, x.source_id, x.quote) for x in atlas.excerpts] == [
        (r["event_id"], r["source_id"], r["quote"]) for r in rows("excerpts.csv")
    ]
    loaded = [(p.route_id, p.seq, p.lat, p.lon, p.date, p.place_id, p.leg, p.source_id) for p in atlas.route_points]
    written = []
    for r in rows("route_points.csv"):
        seq, lat, lon = int(r["seq"]), float(r["lat"]), float(r["lon"])
        written.append((r["route_id"], seq, lat, lon, date(r["date"]), r["place_id"], r["leg"], r["source_id"]))
    assert loaded == written
    assert any(e.end for e in atlas.events.values()) and any(not p.place_id for p in atlas.route_points)


def test_coordinates_stop_at_the_poles_and_the_antimeridian_and_a_missing_date_is_refused():
    import pytest

    from atlas.load import CellError, event_from_row

    place = dict(PLACE_ROW)
    vertex = {
        "route_id": "r",
        "seq": "1",
        "lat": "10",
        "lon": "20",
        "date": "",
        "place_id": "",
        "leg": "inferred",
        "source_id": "",
    }
    for build, row in ((place_from_row, place), (route_point_from_row, vertex)):
        for column, edge in (("lat", 90), ("lon", 180)):
            for value in (edge, -edge):
                assert getattr(build({**row, column: str(value)}), column) == value
            for value in (edge + 0.5, -edge - 0.5):
                with pytest.raises(CellError) as refused:
                    build({**row, column: str(value)})
                assert refused.value.column == column
    for column in ("lat", "lon"):  # a vertex needs both; a place may have neither
        with pytest.raises(CellError):
            route_point_from_row({**vertex, column: ""})
    assert place_from_row({**place, "lat": "", "lon": ""}).lat is None
    event = dict(EVENT_ROW)
    assert event_from_row(event).end is None
    with pytest.raises(CellError) as refused:
        event_from_row({**event, "start": ""})
    assert refused.value.column == "start"


def test_precision_radius_and_publication_dates_are_checked_at_their_bounds():
    import pytest

    from atlas.load import CellError, source_from_row

    place = dict(PLACE_ROW)
    for radius, km in (("0", 0.0), ("0.5", 0.5), ("20000", 20000.0)):
        assert place_from_row({**place, "precision_km": radius}).precision_km == km
    for radius in ("", "20000.5", "-0.5"):
        with pytest.raises(CellError) as refused:
            place_from_row({**place, "precision_km": radius})
        assert refused.value.column == "precision_km"
    source = {
        "id": "s",
        "title": "T",
        "outlet": "O",
        "outlet_kind": "independent",
        "outlet_of": "",
        "published": "",
        "url": "https://example.org/a",
        "kind": "background",
    }
    assert source_from_row(source).published is None  # a background source may be undated
    with pytest.raises(CellError) as refused:
        source_from_row({**source, "kind": "seed"})  # an article's date is what its excerpts are dated by
    assert refused.value.column == "published"
    with pytest.raises(CellError) as refused:
        route_point_from_row(
            {
                "route_id": "r",
                "seq": "1",
                "lat": "1",
                "lon": "2",
                "date": "",
                "place_id": "a/b",
                "leg": "inferred",
                "source_id": "",
            }
        )
    assert refused.value.column == "place_id"


def test_a_refused_row_is_named_by_its_own_id(workdir):
    from atlas.load import load_atlas

    data, seeds = workdir

    def spoil(name: str, column: str, value: str) -> dict[str, str]:
        """The first row of a file with one cell changed; returns that row."""
        path = data / name
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        rows[0][column] = value
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        return rows[0]

    event = spoil("events.csv", "start", "someday")
    excerpt = spoil("excerpts.csv", "quote", "  ")
    vertex = spoil("route_points.csv", "seq", "first")
    spoil("places.csv", "id", "")
    named = {(p.file, p.row): p.record_id for p in load_atlas(data, seeds).problems}
    assert named[("events.csv", 2)] == event["id"]
    assert named[("excerpts.csv", 2)] == excerpt["event_id"]
    assert named[("route_points.csv", 2)] == vertex["route_id"]
    assert named[("places.csv", 2)] == ""


def test_ids_years_and_numbers_are_refused_just_past_their_limits(tmp_path):
    import pytest

    from atlas.load import CellError, event_from_row, seed_path

    event = dict(EVENT_ROW)
    assert event_from_row({**event, "id": "e" * 120}).id == "e" * 120
    for column in ("id", "place_id"):
        with pytest.raises(CellError) as refused:
            event_from_row({**event, column: "e" * 121})
        assert refused.value.column == column
    for year in ("1800", "2100"):
        assert event_from_row({**event, "start": year, "date_precision": "year"}).start.year == int(year)
    for year in ("1799", "2101"):
        with pytest.raises(CellError):
            event_from_row({**event, "start": year, "date_precision": "year"})
    vertex = {
        "route_id": "r",
        "seq": "1",
        "lat": "1",
        "lon": "2",
        "date": "",
        "place_id": "",
        "leg": "inferred",
        "source_id": "",
    }
    for not_a_number in ("٣٢", "abc", "nan", "1,5"):  # Arabic-Indic digits are digits to float(), not to us
        with pytest.raises(CellError) as refused:
            route_point_from_row({**vertex, "lat": not_a_number})
        assert refused.value.column == "lat"
    assert seed_path(tmp_path, "a" * 120) == tmp_path / f"{'a' * 120}.txt"
    for bad in ("a" * 121, "Caps", "a/b", "../up", ""):
        with pytest.raises(ValueError, match="is not a source id"):
            seed_path(tmp_path, bad)


def test_seed_texts_lose_their_byte_order_mark_and_bad_seeds_are_named(workdir):
    from atlas.load import load_atlas
    from atlas.model import Problem

    data, seeds = workdir
    first, second = list(load_atlas(data, seeds).seed_texts)
    text = (seeds / f"{first}.txt").read_text(encoding="utf-8")
    (seeds / f"{first}.txt").write_text("\ufeff" + text, encoding="utf-8")
    line = {s.id: s.line for s in load_atlas(data, seeds).sources.values()}
    for content, said in (
        (b"line one\nline two\nbad \xff byte\n", "is not UTF-8 text (byte 0xFF on line 3)"),
        (b"", "is empty"),
    ):
        (seeds / f"{second}.txt").write_bytes(content)
        atlas = load_atlas(data, seeds)
        assert atlas.seed_texts[first] == text
        assert Problem("sources.csv", line[second], "id", second, f"seeds/{second}.txt {said}") in atlas.problems
    (seeds / f"{second}.txt").unlink()
    missing = Problem("sources.csv", line[second], "id", second, f"seed text seeds/{second}.txt is missing")
    assert missing in load_atlas(data, seeds).problems


def test_a_repeated_id_keeps_neither_row_and_names_both_lines(workdir):
    from atlas.load import load_atlas
    from atlas.model import Problem

    data, seeds = workdir
    lines = {}
    for name in ("sources.csv", "places.csv", "events.csv"):
        raw = (data / name).read_bytes().splitlines(keepends=True)
        (data / name).write_bytes(b"".join([*raw, raw[1], raw[1]]))  # line 2 twice more, at the end
        lines[name] = len(raw) + 1, len(raw) + 2
    atlas = load_atlas(data, seeds)
    for name, (third, fourth) in lines.items():
        rid = next(csv.reader([(data / name).read_text(encoding="utf-8").splitlines()[1]]))[0]
        said = [p for p in atlas.problems if p.file == name and p.column == "id" and p.record_id == rid]
        tail = "; neither is shown until one is renamed"
        assert [(p.row, p.message) for p in said] == [
            (2, f"this id is also used by a later row (line {third}, {fourth}){tail}"),
            (third, f"this id is also used by an earlier row (line 2, {fourth}){tail}"),
            (fourth, f"this id is also used by an earlier row (line 2, {third}){tail}"),
        ]
        assert rid not in {"sources.csv": atlas.sources, "places.csv": atlas.places, "events.csv": atlas.events}[name]
    assert isinstance(said[0], Problem)


def test_a_failed_recovery_is_a_problem_of_the_data(workdir, monkeypatch):
    from atlas import store
    from atlas.load import load_atlas
    from atlas.model import Problem

    data, seeds = workdir
    monkeypatch.setattr(store, "recover_if_needed", lambda d, s: "an interrupted write could not be undone")
    assert load_atlas(data, seeds).problems[0] == Problem(
        "data", None, "", "", "an interrupted write could not be undone"
    )


def test_links_folders_and_fifos_are_refused_without_waiting(workdir, tmp_path):
    import threading

    from atlas.load import file_problem, load_atlas, read_file

    data, seeds = workdir
    outside = tmp_path / "outside.csv"
    outside.write_bytes((data / "events.csv").read_bytes())
    (data / "events.csv").unlink()
    (data / "events.csv").symlink_to(outside)
    fifo = tmp_path / "fifo.csv"
    os.mkfifo(fifo)
    result: list = []
    reader = threading.Thread(target=lambda: result.append(load_atlas(data, seeds)), daemon=True)
    reader.start()
    reader.join(60)
    assert result, "the loader hung"
    assert result[0].events == {}
    link = "the file is a symbolic link; links are refused so data cannot come from outside its folder"
    assert any(p.file == "events.csv" and p.message == link for p in result[0].problems)

    def refusal(path) -> str:
        done: list[str] = []

        def read() -> None:
            try:
                read_file(path, 1000)
            except OSError as exc:
                done.append(file_problem(path.name, exc))

        t = threading.Thread(target=read, daemon=True)
        t.start()
        t.join(10)
        if t.is_alive():  # blocked opening the FIFO: let it go, and fail
            os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
            t.join(10)
            return "hung"
        return done[0]

    assert refusal(tmp_path) == "the file is a folder"
    assert refusal(fifo) == "the file is not a regular file"


def test_whole_file_defects_are_one_problem_each_and_a_bom_is_skipped(tmp_path):
    from atlas.load import read_rows
    from atlas.model import Problem

    path = tmp_path / "t.csv"
    problems: list[Problem] = []
    assert read_rows(path, ("a", "b"), problems) == []
    assert problems == [Problem("t.csv", None, "", "", "the file is missing")]
    utf16 = "the file is UTF-16 text, not UTF-8: save it as UTF-8"
    for encoding in ("utf-16-le", "utf-16-be"):
        path.write_bytes(("\ufeffa,b\n1,2\n").encode(encoding))
        problems = []
        assert read_rows(path, ("a", "b"), problems) == []
        assert problems == [Problem("t.csv", None, "", "", utf16)], encoding
    path.write_bytes("\ufeffa,b\n1,2\n".encode())  # UTF-8 with a byte order mark, as Excel saves it
    problems = []
    assert read_rows(path, ("a", "b"), problems) == [(2, {"a": "1", "b": "2"})] and problems == []


def test_each_column_has_its_own_cell_limit_and_a_nul_is_refused(tmp_path):
    from atlas.load import read_rows

    path = tmp_path / "t.csv"

    def refused(title: str, quote: str) -> list[str]:
        path.write_text(f"title,quote\n{title},{quote}\n", encoding="utf-8")
        problems: list = []
        read_rows(path, ("title", "quote"), problems)
        return [p.column for p in problems]

    assert refused("t" * 500, "q" * 20_000) == []  # each at its own limit
    assert refused("t" * 501, "q") == ["title"]
    assert refused("t", "q" * 20_001) == ["quote"]
    assert refused("t\x00", "q") == ["title"]
