"""Tests written to kill the mutants a mutation run left alive (README "Reliability"): each one fails when
the rule it names is broken (mode, precision, longitude range, escaping paths, the land sampler)."""

from __future__ import annotations

import dataclasses

from atlas.dates import PartialDate
from atlas.export import feature_collection
from atlas.geo import segment_land_points
from atlas.load import place_from_row, route_point_from_row
from atlas.model import Event, Excerpt, Source
from atlas.queries import is_visible, lifespan, visible_events
from layers.markup import esc, highlight, mark_spans, paragraphs_html
from layers.panel import excerpt_blocks, header_html

HOSTILE = '<script>alert(1)</script>"onmouseover="x'


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
    assert highlight("<a>", 0, 1) == "<mark>&lt;</mark>a&gt;"
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
            assert set(s) == {"id", "title", "outlet", "published", "url", "kind"}
            source = atlas.sources[s["id"]]
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
