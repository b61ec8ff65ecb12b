"""The page, driven by Streamlit's AppTest (no browser): what the map would draw and what the panel says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def run(params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def map_args(at: AppTest) -> dict:
    components = [c for c in at.get("component_instance") if c.proto.component_name == "streamlit_folium.st_folium"]
    assert len(components) == 1
    return json.loads(components[0].proto.json_args)


def _ids_in(script: str) -> set[str]:
    import re

    return set(re.findall(r'"id": "([a-z0-9-]+)"', script))


def test_page_renders_offline_on_the_real_data():
    at = run()
    args = map_args(at)
    assert all(link.startswith("/app/static/") for link in args["js_links"] + args["css_links"])
    assert "leaflet.js" in " ".join(args["js_links"])
    assert "cdn" not in (args["feature_group"] or "")  # no remote asset slipped into the year-dependent groups
    assert not at.warning  # no data problems on the real data


@pytest.mark.parametrize("year", [2016, 2017, 2020, 2023])
def test_moving_the_year_changes_what_is_drawn_without_remounting(year):
    at = run({"year": "2017"})
    key = map_args(at)["key"]
    at.slider(key="year").set_value(year).run()
    ids = _ids_in(map_args(at)["feature_group"])
    assert map_args(at)["key"] == key  # same base map → no remount, the user's zoom survives
    if year == 2016:
        assert "haftar-moscow-nov-2016" in ids and "kuznetsov-off-tobruk-haftar-2017" not in ids
    if year == 2017:
        assert "kuznetsov-off-tobruk-haftar-2017" in ids and "haftar-putin-moscow-2023" not in ids
    if year == 2020:
        assert {"tripoli-offensive-2019-2020", "wagner-sharara"} <= ids
    if year == 2023:
        assert {"haftar-putin-moscow-2023", "prigozhin-crash-2023", "tobruk-military-port-plan"} <= ids


def test_toggling_a_layer_removes_its_features():
    at = run({"year": "2023"})
    assert "wagner-al-jufra" in _ids_in(map_args(at)["feature_group"])
    at.checkbox(key="layer_wagner_sites").uncheck().run()
    ids = _ids_in(map_args(at)["feature_group"])
    assert "wagner-al-jufra" not in ids and "haftar-putin-moscow-2023" in ids
    assert "wagner_sites" not in at.query_params["layers"]


def test_selecting_an_event_shows_its_excerpt_and_source():
    at = run({"year": "2023"})
    at.radio(key="event_list").set_value("prigozhin-crash-2023").run()
    html = " ".join(h.proto.body for h in at.get("html"))
    assert "<mark>Prigozhin’s plane crashed near Tver the next day.</mark>" in html
    assert "23 August 2023" in html
    assert at.query_params["feature"] == "prigozhin-crash-2023"


def test_picking_from_the_list_rings_the_mark_and_pans_to_it():
    at = run({"year": "2023"})
    assert map_args(at)["center"] is None and 'radius": 17' not in map_args(at)["feature_group"]
    at.radio(key="event_list").set_value("prigozhin-crash-2023").run()
    tver = at.session_state["pan_to"]
    assert map_args(at)["center"] == list(tver) and abs(tver[0] - 57.7) < 0.5  # the crash site, off-screen before
    assert '"radius": 17' in map_args(at)["feature_group"]
    at.checkbox(key="layer_conflict").uncheck().run()  # hidden: no ring left behind
    assert '"radius": 17' not in map_args(at)["feature_group"]


def test_a_map_click_selects_the_feature_it_names():
    at = run({"year": "2017"})
    key = map_args(at)["key"]
    at.session_state[key] = {
        "last_object_clicked": {"lat": 32.07, "lng": 23.96},
        "last_active_drawing": {"type": "Feature", "properties": {"id": "kuznetsov-off-tobruk-haftar-2017"}},
    }
    at.run()
    html = " ".join(h.proto.body for h in at.get("html"))
    assert "anchored off Libya’s city of Tobruk" in html


def test_url_parameters_restore_a_view():
    at = run(
        {"year": "2020", "mode": "cumulative", "layers": "conflict,bases", "feature": "tripoli-offensive-2019-2020"}
    )
    assert at.slider(key="year").value == 2020 and at.radio(key="mode").value == "cumulative"
    assert at.checkbox(key="layer_conflict").value and not at.checkbox(key="layer_diplomacy").value
    ids = _ids_in(map_args(at)["feature_group"])
    assert "qaddafi-fall-2011" in ids and "haftar-moscow-june-2016" not in ids  # cumulative, conflict only
    html = " ".join(h.proto.body for h in at.get("html"))
    assert "gates of Tripoli" in html


def test_bad_url_parameters_fall_back_quietly():
    at = run({"year": "banana", "layers": "nope", "feature": "<script>"})
    assert at.slider(key="year").value == 2017
    assert not at.exception


def test_play_steps_through_the_years_and_stops_at_the_last():
    at = run({"year": "2022"})
    last = at.slider(key="year").max
    at.slider(key="year").set_value(last - 1).run()
    at.button(key="play_button").click().run()
    assert not at.exception, at.exception
    assert at.slider(key="year").value == last
    assert not at.session_state["playing"]  # stopped at the end, the button offers Play again
    assert at.button(key="play_button").label.startswith("▶")
