"""The rules behind the reader's map, without a browser: the payload, the year axis and timeline, Play, the view
a link or a click names."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from atlas.dates import PartialDate
from atlas.model import LAYER_IDS, Atlas, Event
from atlas.payload import atlas_payload, content_hash, day_number, payload_bytes, place_label
from atlas.queries import is_visible, route_until, visible_events
from atlas.timeline import clamp_year, play_next, play_start, year_axis, year_counts
from atlas.view import View, clicked_target, panel_subject, parse_view, view_params, year_to_show


def _js_visible(record: dict, year: int, mode: str) -> bool:
    """The renderer's rule (footprint_map.js isVisible), transcribed."""
    first, last = record["first"], record["last"]
    if first > day_number(dt.date(year, 12, 31)):
        return False
    return mode == "cumulative" or last is None or last >= day_number(dt.date(year, 1, 1))


def test_payload_day_numbers_give_the_same_visibility_as_the_queries(atlas):
    payload = atlas_payload(atlas)
    records = {r["id"]: r for r in payload["events"]}
    for year in range(2005, 2027):
        for mode in ("state", "cumulative"):
            expected = {e.id for e in visible_events(atlas, year, None, mode)}
            assert {i for i, r in records.items() if _js_visible(r, year, mode)} == expected


def test_payload_routes_places_and_labels(atlas):
    payload = atlas_payload(atlas)
    route = next(r for r in payload["events"] if r["id"] == "kuznetsov-deployment-2016-2017")
    assert len(route["route"]) == len(atlas.route_for(route["id"]))
    dated = [v for v in route["route"] if v["day"] is not None]
    assert dated and all(v["source"] and v["date"] for v in dated)  # each dated position names its source
    end_2016 = day_number(dt.date(2016, 12, 31))
    cut = max(i for i, v in enumerate(route["route"]) if v["day"] is not None and v["day"] <= end_2016)
    assert cut + 1 == len(route_until(atlas.route_for(route["id"]), 2016))
    labels = {p["label"] for p in payload["places"].values()}
    assert {"Tobruk", "Benghazi", "Tripoli", "Sirte", "Tartus", "Hmeimim", "Moscow", "Severomorsk"} <= labels
    assert {"Al-Jufra", "Al-Khadim", "Al-Qardabiya", "Brak al-Shati"} <= labels
    assert payload_bytes(payload) == payload_bytes(atlas_payload(atlas))  # same data, same file, same hash
    assert len(content_hash(payload_bytes(payload))) == 16


def test_place_label_drops_kind_and_notes(atlas):
    assert place_label(atlas.places["al-jufra-air-base"]) == "Al-Jufra"
    assert place_label(atlas.places["tartus-naval-facility"]) == "Tartus"
    assert place_label(atlas.places["libya"]) == ""  # a country is not a place name on the map


def test_the_axis_spans_eventful_years_not_1971(atlas):
    first, last = year_axis(atlas)
    assert first == 2008 and last == max(e.start.year for e in atlas.events.values())
    assert "tartus-naval-facility" in {e.id for e in visible_events(atlas, first, None, "state")}  # "since 1971"


def test_axis_of_an_empty_and_a_one_year_atlas():
    assert year_axis(Atlas(), today=dt.date(2030, 5, 1)) == (2030, 2030)
    one = Atlas()
    one.events = {"x": Event("x", "bases", "x", "p", PartialDate(2020), None, "year", "reported", "", "")}
    assert year_axis(one) == (2020, 2020)


def test_timeline_counts_match_the_data(atlas):
    axis = year_axis(atlas)
    counts = year_counts(atlas, axis, LAYER_IDS)
    for c in counts:
        held = [e for e in atlas.events.values() if e.layer == c.layer and is_visible(e, c.year, "state")]
        assert c.count == len(held)
        assert c.new == sum(e.start.year == c.year for e in held)
    total_2016 = sum(c.count for c in counts if c.year == 2016)
    assert total_2016 == len(visible_events(atlas, 2016, None, "state"))


@pytest.mark.parametrize("mode", ["state", "cumulative"])
@pytest.mark.parametrize("hide_partisan", [False, True])
@pytest.mark.parametrize("layers", [LAYER_IDS, ("diplomacy", "bases")], ids=["every layer", "two layers"])
def test_timeline_counts_follow_the_maps_filters(atlas, mode, hide_partisan, layers):
    """Each year's bars add up to what the map shows at that year: same layers, mode and state-media filter."""
    from atlas.outlets import rests_only_on_partisan
    from atlas.queries import shown_events

    axis = year_axis(atlas)
    counts = year_counts(atlas, axis, layers, mode, hide_partisan)
    assert {c.layer for c in counts} == set(layers)
    for year in range(axis[0], axis[1] + 1):
        shown = shown_events(atlas, year, set(layers), mode, hide_partisan)
        per_layer = {c.layer: c for c in counts if c.year == year}
        for layer in layers:
            assert per_layer[layer].count == sum(e.layer == layer for e in shown), (year, layer)
            assert per_layer[layer].new == sum(e.layer == layer and e.start.year == year for e in shown)
        if hide_partisan:
            assert not any(rests_only_on_partisan(atlas, e) for e in shown)
    if hide_partisan:  # the filter does hide something in the data, so this test can tell the modes apart
        unfiltered = year_counts(atlas, axis, layers, mode)
        assert sum(c.count for c in counts) < sum(c.count for c in unfiltered)


def test_play_starts_at_the_first_eventful_year_from_the_end_and_stops():
    axis = (2008, 2024)
    assert play_start(2024, axis) == 2008 and play_start(2016, axis) == 2016 and play_start(1971, axis) == 2008
    assert play_next(2023, axis) == 2024 and play_next(2024, axis) is None
    assert clamp_year(1971, axis) == 2008 and clamp_year(3000, axis) == 2024


@pytest.mark.parametrize("year", ["²", "9" * 4301, "-5", "2017.0", " 2017", "", "banana", "٢٠١٧"])
def test_parse_view_survives_any_year(year):
    view = parse_view({"year": year}, (2008, 2024), 2017, set())
    assert view.year == 2017


@given(st.text(max_size=30))
def test_parse_view_never_raises(text):
    view = parse_view({"year": text, "mode": text, "layers": text, "feature": text}, (2008, 2024), 2017, {"a"})
    assert 2008 <= view.year <= 2024 and view.mode in ("state", "cumulative") and set(view.layers) <= set(LAYER_IDS)


def test_unknown_layer_names_show_everything_but_an_empty_list_shows_nothing():
    assert parse_view({"layers": "nope,bogus"}, (2008, 2024), 2017, set()).layers == LAYER_IDS
    assert parse_view({"layers": ""}, (2008, 2024), 2017, set()).layers == ()
    assert parse_view({"layers": "bases,nope"}, (2008, 2024), 2017, set()).layers == ("bases",)


def test_a_link_to_a_feature_opens_on_a_year_that_shows_it(atlas):
    axis = year_axis(atlas)
    assert year_to_show(atlas, "haftar-putin-moscow-2023", 2008, "state", axis) == 2023
    assert year_to_show(atlas, "tartus-naval-facility", 2010, "state", axis) == 2010
    assert year_to_show(atlas, None, 2010, "state", axis) == 2010


def test_clicked_target_reads_the_renderers_reports_only():
    def drawing(props):
        return {"last_active_drawing": {"type": "Feature", "properties": props}}

    assert clicked_target(drawing({"kind": "event", "id": "a", "n": 3})) == {"kind": "event", "id": "a", "n": 3}
    assert clicked_target(drawing({"kind": "route_point", "route_id": "r", "seq": 4, "n": 1}))["seq"] == 4
    assert clicked_target(drawing({"kind": "dataset", "dataset": "acled", "row": 17, "n": 2}))["row"] == 17
    assert clicked_target(drawing({"kind": "year", "year": 2019, "n": 4})) == {"kind": "year", "year": 2019, "n": 4}
    junks = ({"kind": "year", "year": "2019"}, {"kind": "year", "year": True}, {"kind": "year"}, {"year": 2019})
    for junk in ({"kind": "event"}, {"id": "a"}, {"kind": "route_point", "route_id": "r", "seq": "4"}, None, 5, *junks):
        assert clicked_target(drawing(junk)) is None
    assert clicked_target(None) is None and clicked_target({"last_active_drawing": "x"}) is None


def test_the_panel_follows_the_selection_only_while_the_map_shows_it():
    shown = {"a", "b"}
    assert panel_subject(None, None, shown) is None
    assert panel_subject("a", {"kind": "event", "id": "a"}, shown) == ("event", "a")
    assert panel_subject("c", {"kind": "event", "id": "c"}, shown) is None  # hidden by the year or a layer
    assert panel_subject("a", {"kind": "route_point", "route_id": "a", "seq": 3}, shown) == ("route_point", "a", "3")
    assert panel_subject("a", {"kind": "route_point", "route_id": "a", "seq": 4}, shown) != panel_subject(
        "a", {"kind": "route_point", "route_id": "a", "seq": 3}, shown
    )  # another position of the same route is another panel
    row = {"kind": "dataset", "dataset": "acled", "row": 7}
    assert panel_subject(None, row, shown, {"acled"}) == ("dataset", "acled", "7")
    assert panel_subject(None, row, shown, set()) == ("dataset not shown", "acled", "7")
    assert panel_subject(None, {**row, "row": 8}, shown, {"acled"}) != panel_subject(None, row, shown, {"acled"})


def test_a_year_step_redraws_the_map_column_alone_unless_the_panel_must_change(atlas):
    """The rule app.py applies: the whole page again only when what the panel shows changes."""
    from atlas.queries import shown_events

    def subject(year: int) -> tuple[str, ...] | None:
        ids = {e.id for e in shown_events(atlas, year, set(LAYER_IDS), "state")}
        return panel_subject("kuznetsov-off-tobruk-haftar-2017", {"kind": "event"}, ids)

    assert subject(2017) == ("event", "kuznetsov-off-tobruk-haftar-2017")
    assert subject(2016) is None and subject(2018) is None  # stepping out of 2017 empties the panel


@given(
    st.integers(2008, 2024),
    st.sampled_from(["state", "cumulative"]),
    st.lists(st.sampled_from(LAYER_IDS), unique=True, min_size=1),
    st.booleans(),
)
def test_a_view_survives_its_own_url(year, mode, layers, hide):
    layers = tuple(layer for layer in LAYER_IDS if layer in layers)
    view = View(year, mode, layers, "a", hide)
    assert parse_view(view_params(view), (2008, 2024), 2017, {"a"}) == view


def test_the_state_media_filter_is_read_from_the_url_only_when_asked_for():
    assert parse_view({"hide": "partisan"}, (2008, 2024), 2017, set()).hide_partisan is True
    for other in ({}, {"hide": ""}, {"hide": "everything"}, {"hide": ["x", "partisan"]}):
        assert parse_view(other, (2008, 2024), 2017, set()).hide_partisan is False
    assert "hide" not in view_params(View(2017, "state", LAYER_IDS, None))
