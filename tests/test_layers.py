"""Layers, the folium way: build each FeatureGroup from a fixture and look at its children and text."""

from __future__ import annotations

import re

import folium
import pytest
from folium import plugins

from atlas.dates import PartialDate
from atlas.model import Atlas, Event, Excerpt, Place, RoutePoint, Source
from layers import BY_ID, LAYERS, carrier_route, measure
from layers.offline import RemoteAssetError, localize, remote_links
from layers.panel import article_html, excerpt_blocks, header_html

HOSTILE = '<img src=x onerror="alert(1)">&<script>alert(2)</script>'


def geojsons(group: folium.FeatureGroup) -> list[folium.GeoJson]:
    return [c for c in group._children.values() if isinstance(c, folium.GeoJson)]


def features(group: folium.FeatureGroup) -> list[dict]:
    return [f for g in geojsons(group) for f in g.data["features"]]


@pytest.fixture()
def fixture_atlas() -> Atlas:
    atlas = Atlas()
    atlas.places = {
        "p": Place("p", "Port", (), 32.0, 24.0, "city", "LY", 20, "https://example.org/p"),
        "q": Place("q", "Quay", (), 33.0, 20.0, "city", "LY", 1, "https://example.org/q"),
    }
    atlas.sources = {"s": Source("s", "Seed", "Outlet", PartialDate.parse("2017-01"), "", "seed")}
    atlas.seed_texts = {"s": f"First paragraph.\nThe ship anchored off {HOSTILE} today.\nLast."}
    events = []
    for layer in LAYERS:
        for status in ("reported", "planned", "denied"):
            events.append(
                Event(
                    f"{layer.ID}-{status}",
                    layer.ID,
                    f"{HOSTILE} {status}",
                    "p",
                    PartialDate.parse("2016-11"),
                    None,
                    "month",
                    status,
                    HOSTILE,
                    HOSTILE,
                )
            )
    atlas.events = {e.id: e for e in events}
    atlas.excerpts = [Excerpt(e.id, "s", f"anchored off {HOSTILE}") for e in events]
    route = "carrier_route-reported"
    atlas.route_points = [
        RoutePoint(route, 1, 34.0, 20.0, PartialDate.parse("2016-10-15"), "", "sourced", "s"),
        RoutePoint(route, 2, 34.5, 22.0, None, "", "inferred", ""),
        RoutePoint(route, 3, 33.0, 24.0, PartialDate.parse("2017-01-11"), "p", "sourced", "s"),
        RoutePoint(route, 4, 34.0, 26.0, PartialDate.parse("2017-01-20"), "", "sourced", "s"),
    ]
    return atlas


@pytest.mark.parametrize("layer", LAYERS, ids=[layer.ID for layer in LAYERS])
def test_each_layer_builds_features_with_stable_ids(layer, fixture_atlas):
    events = [e for e in fixture_atlas.events.values() if e.layer == layer.ID]
    group = layer.build(fixture_atlas, events, 2017)
    assert isinstance(group, folium.FeatureGroup) and group.layer_name == layer.LABEL
    ids = {f["properties"]["id"] for f in features(group)}
    assert {e.id for e in events} <= ids
    assert layer.ID in BY_ID


@pytest.mark.parametrize("layer", LAYERS, ids=[layer.ID for layer in LAYERS])
def test_status_looks_differ_and_hostile_text_is_escaped(layer, fixture_atlas):
    fixture_atlas.route_points = []  # every status as a point, even on the route layer
    events = [e for e in fixture_atlas.events.values() if e.layer == layer.ID]
    group = layer.build(fixture_atlas, events, 2017)
    html = _render(group)
    assert "<script>alert(2)" not in html and 'onerror="alert' not in html
    assert "lt;script" in html  # escaped (JSON may further encode & as \u0026)
    icons = {g.marker.icon.options["html"] for g in geojsons(group) if getattr(g.marker, "icon", None)}
    looks = " ".join(icons)
    assert "fp-solid" in looks and "fp-hollow" in looks and "fp-denied" in looks
    assert 'stroke-dasharray="3 2"' in looks  # planned: dashed outline, not colour alone


def _render(group: folium.FeatureGroup) -> str:
    m = folium.Map(tiles=None)
    group.add_to(m)
    return m.get_root().render()


def test_imprecise_places_get_a_halo_and_precise_ones_do_not(fixture_atlas):
    events = [e for e in fixture_atlas.events.values() if e.layer == "bases"]
    group = BY_ID["bases"].build(fixture_atlas, events)
    halos = [
        g
        for g in geojsons(group)
        if g.get_name() and g.data["features"] and g.data["features"][0]["geometry"]["type"] == "Polygon"
    ]
    assert halos and halos[0].data["features"][0]["properties"]["precision_km"] == 20


def test_route_splits_sourced_and_inferred_legs_and_stops_at_the_year(fixture_atlas):
    event = fixture_atlas.events["carrier_route-reported"]
    group = carrier_route.build(fixture_atlas, [event], 2016)
    lines = [f for f in features(group) if f["geometry"]["type"] == "LineString"]
    assert lines == []  # by the end of 2016 only the first dated vertex was reached
    group = carrier_route.build(fixture_atlas, [event], 2017)
    legs = [f["properties"]["leg"] for f in features(group) if f["geometry"]["type"] == "LineString"]
    assert legs == ["inferred", "sourced"]
    styles = {leg: carrier_route._leg_style({"properties": {"leg": leg}})["dashArray"] for leg in legs}
    assert styles["sourced"] != styles["inferred"]


def test_panel_escapes_and_highlights(fixture_atlas):
    event = fixture_atlas.events["bases-planned"]
    head = header_html(fixture_atlas, event)
    assert "<img" not in head and "&lt;img" in head and "November 2016" in head
    block = excerpt_blocks(fixture_atlas, event)[0]
    assert block["html"].count("<mark>") == 1 and "<script>" not in block["html"]
    assert "The ship " in block["html"] and "First paragraph" not in block["html"]
    article = article_html(fixture_atlas, event, "s")
    assert article.count("<p>") == 3 and "<mark>" in article and "<script>" not in article


def test_measure_states_its_assumption(fixture_atlas):
    p, q = fixture_atlas.places["p"], fixture_atlas.places["q"]
    group = measure.build([(p, 1000)], (p, q))
    assert len(group._children) == 2
    assert "straight-line" in measure.ring_assumption(p, 1000)


def test_localize_rewrites_cdn_links_and_refuses_unknown_ones():
    m = folium.Map(tiles=None)
    localize([m])
    assert remote_links([m]) == []
    assert all(url.startswith("/app/static/") for _, url in m.default_js + m.default_css)
    plugin = plugins.AntPath([[0, 0], [1, 1]])
    with pytest.raises(RemoteAssetError):
        localize([plugin])


def test_base_map_is_deterministic_and_local():
    from layers.basemap import build_base_map

    def normalized(m: folium.Map) -> str:
        return re.sub(r"_[0-9a-f]{32}", "_ID", m.get_root().render())

    a, b = build_base_map(), build_base_map()
    assert remote_links([a]) == []
    html_a, html_b = normalized(a), normalized(b)
    assert html_a == html_b
    assert html_a.count("/app/static/geo/countries-110m.geojson") == 1
    assert "tile.openstreetmap.org" not in html_a
    assert "tile.openstreetmap.org" in normalized(build_base_map("osm"))


def test_a_country_wide_statement_is_a_labelled_badge_not_one_more_site(fixture_atlas):
    fixture_atlas.places["ly"] = Place("ly", "Libya", (), 27.0, 18.0, "country", "LY", 700, "derived: centroid")
    count = Event(
        "count", "wagner_sites", "13 sites", "ly", PartialDate.parse("2018"), None, "year", "reported", "GIS", ""
    )
    site = fixture_atlas.events["wagner_sites-reported"]
    group = BY_ID["wagner_sites"].build(fixture_atlas, [count, site])
    by_id = {f["properties"]["id"]: g for g in geojsons(group) for f in g.data["features"]}
    assert "country-wide" in by_id["count"].marker.icon.options["html"]
    assert "country-wide" not in by_id["wagner_sites-reported"].marker.icon.options["html"]


def test_review_marks_share_a_badge_per_place_and_escape_their_labels():
    from layers import review

    marks = [
        review.ReviewMark(1, 32.08, 23.96, "port_plans", "planned", True, HOSTILE, 5),
        review.ReviewMark(2, 32.08, 23.96, "diplomacy", "reported", False, "dropped one", 5),
        review.ReviewMark(3, 29.1, 15.9, "wagner_sites", "denied", False, "far", 25),
    ]
    group = review.build(marks)
    markers = [c for c in group._children.values() if type(c) is folium.Marker]  # Circle is a Marker too
    circles = [c for c in group._children.values() if isinstance(c, folium.Circle)]
    assert len(markers) == 2 and len(circles) == 2  # one mark and one halo per place
    badges = [m.icon.options["html"] for m in markers]
    assert "<b>1,2</b>" in badges[0] and "fp-hollow" in badges[0]  # the kept one's look, both numbers
    assert "fp-dropped" in badges[1]  # all dropped here: grey
    html = _render(group)
    assert "<script>alert(2)" not in html and "lt;script" in html
    center, zoom = review.view_for(marks[:1])
    assert center == (32.08, 23.96) and zoom == review.MAX_ZOOM
    assert review.view_for(marks)[1] < review.MAX_ZOOM


def test_the_selection_rings_a_point_and_shadows_a_route(fixture_atlas):
    from layers import selection

    point = fixture_atlas.events["bases-reported"]
    ring = [c for c in selection.build(fixture_atlas, point)._children.values() if isinstance(c, folium.CircleMarker)]
    assert len(ring) == 1 and selection.focus(fixture_atlas, point) == (32.0, 24.0)
    route = fixture_atlas.events["carrier_route-reported"]
    lines = [c for c in selection.build(fixture_atlas, route)._children.values() if isinstance(c, folium.PolyLine)]
    assert len(lines) == 1 and len(lines[0].locations) == 4 and selection.focus(fixture_atlas, route) is None
