"""Layers, the folium way: build each FeatureGroup from a fixture and look at its children and text."""

from __future__ import annotations

import json
import re

import folium
import pytest
from folium import plugins

from atlas.dates import PartialDate
from atlas.model import Atlas, Event, Excerpt, Place, RoutePoint, Source
from layers import LAYERS, mapview, measure
from layers.markup import esc
from layers.offline import RemoteAssetError, localize, remote_links
from layers.panel import article_html, excerpt_blocks, header_html, quote_html
from layers.style import LOOKS, SHAPES, symbol_svg, symbols_for

HOSTILE = '<img src=x onerror="alert(1)">&<script>alert(2)</script>'


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


def _render(group: folium.FeatureGroup) -> str:
    m = folium.Map(tiles=None)
    group.add_to(m)
    return m.get_root().render()


def test_published_assets_hold_the_script_bundle_the_map_asks_for(tmp_path):
    """The map's frame loads one script (Leaflet, markercluster, renderer); publishing the assets anywhere (a
    benchmark's own static folder too) writes it."""
    from layers.map_component import arguments
    from layers.offline import URL_PREFIX, publish_assets

    publish_assets(tmp_path)
    (bundle,) = arguments("outlines", f"{URL_PREFIX}/data/atlas-0123456789abcdef.json", 600, "")["js_links"]
    assert (tmp_path / bundle.removeprefix(URL_PREFIX + "/")).stat().st_size > 100_000


def test_each_layer_declares_a_distinct_shape_and_colour():
    assert LAYERS and all(layer.SHAPE in SHAPES for layer in LAYERS)
    assert len({layer.SHAPE for layer in LAYERS}) == len(LAYERS)
    assert len({layer.COLOR for layer in LAYERS}) == len(LAYERS)


def test_five_statuses_five_looks_told_apart_without_colour():
    looks = symbols_for("square", "#E69F00")
    assert set(looks) == set(LOOKS) == {"reported", "confirmed", "planned", "claimed", "denied"}
    # the same look in another colour: strip colours, the five must still differ
    no_colour = {s: re.sub(r"#[0-9a-fA-F]{3,6}", "C", svg) for s, svg in looks.items()}
    assert len(set(no_colour.values())) == 5
    assert 'stroke-dasharray="3 2"' in looks["planned"] and "stroke-dasharray" not in looks["claimed"]
    assert "<circle" in looks["claimed"] and "<line" in looks["denied"] and "M6.5 11.5" in looks["confirmed"]
    # a dark outline under every look: it holds 3:1 against land (#f2efe6) and sea (#cfe3f2)
    assert all('stroke="#1a1a1a" stroke-width="4.6"' in svg for svg in looks.values())


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_the_outline_holds_three_to_one_on_land_and_sea():
    from layers.style import OUTLINE

    for background in ("#f2efe6", "#cfe3f2"):
        assert _contrast(OUTLINE, background) >= 3
    assert _contrast("#E69F00", "#f2efe6") < 3  # why the outline is needed: orange alone fails


def test_symbol_names_itself_only_when_labelled():
    assert 'aria-hidden="true"' in symbol_svg("circle", "#000", "reported")
    assert 'aria-label="Tobruk"' in symbol_svg("circle", "#000", "reported", label="Tobruk")


def test_the_view_script_is_small_and_constant_in_the_data():
    small = mapview.view_state(2017, "state", ("bases",), selected={"kind": "event", "id": "x"}, axis=(2008, 2026))
    script = mapview.script(small)
    view_js = re.search(r"window\.footprint\.setView\((.*?)\);", script, re.S)
    assert view_js and json.loads(view_js.group(1))["year"] == 2017
    assert json.loads(view_js.group(1))["axis"] == [2008, 2026]
    assert len(view_js.group(1)) < 400
    assert "debouncedUpdateComponentValue" in script and "onLayerClick" in script
    # the group streamlit-folium removes before the next script: made, added and pushed
    assert "window.feature_group.push(feature_group_feature_group_0)" in script
    hostile = mapview.view_state(2017, "state", ("bases",), selected={"kind": "event", "id": "</script><b>"})
    assert "</script><b>" not in mapview.script(hostile)


def test_the_map_component_gets_what_st_folium_would_send(monkeypatch):
    """layers/map_component.py builds the base map's arguments once with streamlit-folium's private helpers: they
    must stay the ones st_folium sends (an upgrade of the pinned package that changes them fails here)."""
    import streamlit_folium

    from layers.basemap import build_base_map
    from layers.map_component import KEY, RETURNED, arguments

    sent: dict = {}
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **kw: sent.update(kw))
    url = "/app/static/data/payload-0123456789ab.json"
    streamlit_folium.st_folium(
        build_base_map("outlines", url), key=KEY, height=600, use_container_width=True, returned_objects=list(RETURNED)
    )
    ours = arguments("outlines", url, 600, "view script")
    assert ours.pop("feature_group") == "view script" and sent.pop("feature_group") is None
    sent.pop("on_change")
    assert ours == sent
    assert arguments("osm", url, 600, "")["key"] != ours["key"]  # another base map is another component


def test_quotes_in_other_languages_carry_their_lang(fixture_atlas):
    event = fixture_atlas.events["bases-planned"]
    block = excerpt_blocks(fixture_atlas, event)[0]
    assert 'lang="' not in quote_html(block)
    block["lang"] = "fr"
    assert '<blockquote class="fp-quote" lang="fr">' in quote_html(block)


def test_two_excerpts_of_one_paragraph_show_it_once(fixture_atlas):
    event = fixture_atlas.events["bases-planned"]
    fixture_atlas.excerpts.append(Excerpt(event.id, "s", "today"))
    blocks = excerpt_blocks(fixture_atlas, event)
    assert len(blocks) == 1 and blocks[0]["html"].count("<mark>") == 2


def test_base_map_is_deterministic_local_and_carries_the_renderer():
    from layers.basemap import OUTLINE_MAX_ZOOM, build_base_map

    def normalized(m: folium.Map) -> str:
        return re.sub(r"_[0-9a-f]{32}", "_ID", m.get_root().render())

    url = "/app/static/data/atlas-abc.json"
    a, b = build_base_map("outlines", url), build_base_map("outlines", url)
    assert remote_links([a]) == []
    html_a = normalized(a)
    assert html_a == normalized(b)
    assert "window.footprint.init(" in html_a and url in html_a
    assert f'"max_zoom": {OUTLINE_MAX_ZOOM}' in html_a and '"tiles": null' in html_a
    assert "countries-50m-" in html_a and "countries-110m-" in html_a
    assert "XMLHttpRequest" not in html_a and "countries-110m.geojson" not in html_a  # no synchronous load
    assert "tile.openstreetmap.org" in normalized(build_base_map("osm", url))
    with pytest.raises(ValueError):
        build_base_map("outlines", "https://example.org/atlas.json")


def test_page_wording_counts_and_file_names():
    from layers.page import download_name, events_label

    assert events_label(0) == "No sourced feature" and events_label(1) == "1 sourced feature"
    assert events_label(3) == "3 sourced features"
    every = ("bases", "conflict")
    assert download_name(2017, "state", every, every) == "footprint-2017-state"
    assert download_name(2017, "cumulative", ("bases",), every) == "footprint-2017-cumulative-bases"
    assert download_name(2017, "state", (), every) == "footprint-2017-state-no-layers"


def test_the_links_between_pages_are_plain_links_that_name_the_current_page():
    from html.parser import HTMLParser

    from layers.page import link_html, nav_html, page_href

    class Links(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.links: list[dict[str, str | None]] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "a":
                self.links.append(dict(attrs))

    for current, href in (("map", "./"), ("add", "./Add_an_article")):
        parser = Links()
        parser.feed(nav_html(current))
        assert [a["href"] for a in parser.links] == ["./", "./Add_an_article"]  # relative: any base path
        assert [a["href"] for a in parser.links if "aria-current" in a] == [href]
    assert page_href("map", {"year": "2024", "feature": "a&b"}) == "./?year=2024&feature=a%26b"
    assert 'href="./?year=2024&amp;feature=x"' in link_html(
        "See <them>", page_href("map", {"year": "2024", "feature": "x"})
    )
    assert "See &lt;them&gt;" in link_html("See <them>", "./")


def test_the_legend_shows_every_layer_and_all_five_looks():
    from layers.page import legend_html

    html = legend_html(LAYERS)
    assert all(esc(layer.LABEL) in html for layer in LAYERS)
    assert all(f"fp-look-{status}" in html for status in LOOKS)
    assert "inferred" in html and "direction of travel" in html


def test_the_wagner_layer_is_named_for_the_africa_corps_sites_it_holds(atlas):
    from layers import BY_ID

    layer = BY_ID["wagner_sites"]
    assert layer.LABEL == "Wagner and Africa Corps sites"
    places = {atlas.places[e.place_id].name for e in atlas.events.values() if e.layer == layer.ID}
    assert {"Ouagadougou", "Niamey", "Bamako"} <= places  # the label says what the layer holds
    assert any("Africa Corps" in e.title for e in atlas.events.values() if e.layer == layer.ID)
