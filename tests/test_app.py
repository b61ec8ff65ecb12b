"""The page, driven by Streamlit's AppTest (no browser): the view the renderer is sent and what the panel says."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from atlas.load import DATA_DIR_ENV, SEEDS_DIR_ENV

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")


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


def sent_view(at: AppTest) -> dict:
    """The view the rerun sends to the renderer: the argument of footprint.setView(...)."""
    found = re.search(r"window\.footprint\.setView\((.*?)\);", map_args(at)["feature_group"], re.S)
    assert found
    return json.loads(found.group(1))


def panel_html(at: AppTest) -> str:
    return " ".join(h.proto.body for h in at.get("html"))


def test_page_renders_offline_and_sends_a_view_not_features():
    at = run()
    args = map_args(at)
    assert all(link.startswith("/app/static/") for link in args["js_links"] + args["css_links"])
    # one script for the frame to wait for: Leaflet, Leaflet.markercluster and the renderer, in that order
    (bundle,) = args["js_links"]
    assert re.fullmatch(r"/app/static/footprint/map-[0-9a-f]{12}\.js", bundle)
    from layers.offline import STATIC_DIR

    code = (STATIC_DIR / bundle.removeprefix("/app/static/")).read_text(encoding="utf-8")
    parts = [code.find(marker) for marker in ("Leaflet 1.9", "L.MarkerClusterGroup=", "window.footprint =")]
    assert -1 not in parts and parts == sorted(parts)
    assert re.search(r"/app/static/data/atlas-[0-9a-f]{16}\.json", args["script"])
    assert len(args["feature_group"]) < 2000 and "kuznetsov" not in args["feature_group"]
    assert not at.warning  # no data problems on the real data


@pytest.mark.parametrize("year", [2016, 2017, 2020, 2023])
def test_moving_the_year_sends_only_the_year_without_remounting(year):
    at = run({"year": "2017"})
    key, size = map_args(at)["key"], len(map_args(at)["feature_group"])
    at.slider(key="year").set_value(year).run()
    assert map_args(at)["key"] == key  # same base map → no remount, the user's zoom survives
    assert sent_view(at)["year"] == year
    assert abs(len(map_args(at)["feature_group"]) - size) < 50  # constant in the data


def test_toggling_a_layer_changes_the_view_and_the_url():
    at = run({"year": "2023"})
    assert "wagner_sites" in sent_view(at)["layers"]
    at.checkbox(key="layer_wagner_sites").uncheck().run()
    assert "wagner_sites" not in sent_view(at)["layers"] and "diplomacy" in sent_view(at)["layers"]
    assert "wagner_sites" not in at.query_params["layers"]


def test_picking_from_the_list_selects_and_brings_it_into_view_once():
    at = run({"year": "2023"})
    at.radio(key="event_list").set_value("prigozhin-crash-2023").run()
    html = panel_html(at)
    assert "<mark>Prigozhin’s plane crashed near Tver the next day.</mark>" in html and "23 August 2023" in html
    assert at.query_params["feature"] == "prigozhin-crash-2023"
    view = sent_view(at)
    assert view["selected"] == {"kind": "event", "id": "prigozhin-crash-2023"} and view["focus"] == view["selected"]
    at.checkbox(key="layer_conflict").uncheck().run()  # hidden: no ring left behind, no panel for it
    assert sent_view(at)["selected"] is None and sent_view(at)["focus"] is None


def _click(at: AppTest, props: dict) -> None:
    at.session_state["map"] = {"last_active_drawing": {"type": "Feature", "properties": props}}
    at.run()
    assert not at.exception, at.exception


def test_a_map_click_is_handled_before_the_map_is_drawn():
    at = run({"year": "2017"})
    _click(at, {"kind": "event", "id": "kuznetsov-off-tobruk-haftar-2017", "n": 1})
    assert "anchored off Libya’s city of Tobruk" in panel_html(at)
    assert sent_view(at)["selected"]["id"] == "kuznetsov-off-tobruk-haftar-2017"  # same run: ring = panel
    _click(at, {"kind": "event", "id": "tartus-naval-facility", "n": 2})
    assert sent_view(at)["selected"]["id"] == "tartus-naval-facility"
    assert at.query_params["feature"] == "tartus-naval-facility"


def test_a_year_stepped_on_the_map_moves_the_page_and_is_acknowledged(atlas):
    """The map's own year control draws the year itself and reports it; the page follows (caption, slider, URL)
    and sends back the step's counter, so the map knows its year has been seen (layers/assets/footprint_map.js)."""
    from atlas.timeline import year_axis

    first, last = year_axis(atlas)
    at = run({"year": "2016"})
    assert sent_view(at)["year_n"] == 0 and sent_view(at)["axis"] == [first, last]
    _click(at, {"kind": "year", "year": 2024, "n": 5})
    assert at.slider(key="year").value == 2024 and at.query_params["year"] == "2024"
    assert "in 2024" in at.caption[0].value
    assert sent_view(at)["year"] == 2024 and sent_view(at)["year_n"] == 5
    _click(at, {"kind": "year", "year": 3000, "n": 6})  # out of the axis: the last year
    assert at.slider(key="year").value == last and sent_view(at)["year_n"] == 6
    at.slider(key="year").set_value(2020).run()  # the page's own slider: the map takes its year
    assert sent_view(at)["year"] == 2020 and sent_view(at)["year_n"] == 6


def test_the_wagner_site_table_gives_gis_counts_beside_the_named_sites(atlas):
    from atlas.queries import wagner_site_counts

    at = run({"year": "2020"})
    tables = [h.proto.body for h in at.get("html") if 'class="fp-table"' in h.proto.body]
    assert len(tables) == 1
    for c in wagner_site_counts(atlas):
        assert f"<th scope='row'>{c.kind.replace('_', ' ')}</th><td>{c.reported}</td><td>{c.named}</td>" in tables[0]
    at.checkbox(key="layer_wagner_sites").uncheck().run()
    assert not any('class="fp-table"' in h.proto.body for h in at.get("html"))


def test_clicking_a_dated_route_position_shows_its_own_source():
    at = run({"year": "2017"})
    _click(at, {"kind": "route_point", "route_id": "kuznetsov-deployment-2016-2017", "seq": 11, "n": 1})
    html = panel_html(at)
    assert "position of 21 October 2016" in html and "Strait of Dover" in html
    assert "guardian" in html.lower()


def test_url_parameters_restore_a_view():
    at = run(
        {"year": "2020", "mode": "cumulative", "layers": "conflict,bases", "feature": "tripoli-offensive-2019-2020"}
    )
    assert at.slider(key="year").value == 2020 and at.radio(key="mode").value == "cumulative"
    assert at.checkbox(key="layer_conflict").value and not at.checkbox(key="layer_diplomacy").value
    assert sent_view(at)["layers"] == ["conflict", "bases"] and sent_view(at)["mode"] == "cumulative"
    assert "gates of Tripoli" in panel_html(at)


def test_a_link_to_a_feature_of_another_year_opens_on_its_year():
    at = run({"year": "2008", "feature": "haftar-putin-moscow-2023"})
    assert at.slider(key="year").value == 2023
    assert sent_view(at)["selected"]["id"] == "haftar-putin-moscow-2023"


@pytest.mark.parametrize("year", ["banana", "²", "9" * 4301])
def test_bad_url_parameters_fall_back_quietly(year):
    at = run({"year": year, "layers": "nope", "feature": "<script>"})
    assert at.slider(key="year").value == 2017
    assert len(sent_view(at)["layers"]) >= 6  # unknown names: everything, not an empty map


def test_titles_are_plain_text_not_markdown(atlas):
    from atlas.queries import shown_events
    from atlas.timeline import year_axis
    from layers.markup import md_escape
    from layers.page import event_line

    at = run({"year": "2023"})
    options = at.radio(key="event_list").options
    events = shown_events(atlas, 2023, set(atlas_layers()), "state")
    assert options == [md_escape(event_line(e, 2023, year_axis(atlas))) for e in events]
    assert any(o.startswith("NEW · ") for o in options) and any("since 1971" in o for o in options)


def atlas_layers() -> tuple[str, ...]:
    from layers import LAYERS

    return tuple(layer.ID for layer in LAYERS)


def test_play_starts_at_the_first_eventful_year_when_at_the_end_and_stops_at_the_last():
    at = run({"year": "2022"})
    last = at.slider(key="year").max
    assert at.slider(key="year").min == 2008  # 1971 does not stretch the axis
    at.slider(key="year").set_value(last - 1).run()
    at.button(key="play_button").click().run()
    assert not at.exception, at.exception
    assert at.slider(key="year").value == last
    assert not at.session_state["playing"]
    assert at.button(key="play_button").label.startswith("▶")


def _atlas_dir(tmp_path: Path, keep_events: int) -> Path:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("*.geojson"))
    lines = (data / "events.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines[1:] if line.startswith("putin-visits-tripoli-2008")][:keep_events]
    (data / "events.csv").write_text(lines[0] + "".join(kept), encoding="utf-8")
    ids = {line.split(",")[0] for line in kept}
    for name in ("excerpts.csv", "route_points.csv"):
        rows = (data / name).read_text(encoding="utf-8").splitlines(keepends=True)
        (data / name).write_text(rows[0] + "".join(r for r in rows[1:] if r.split(",")[0] in ids), encoding="utf-8")
    return data


@pytest.mark.parametrize("keep", [0, 1], ids=["empty atlas", "one-year atlas"])
def test_the_page_survives_an_empty_or_one_year_atlas(tmp_path, monkeypatch, keep):
    monkeypatch.setenv(DATA_DIR_ENV, str(_atlas_dir(tmp_path, keep)))
    monkeypatch.setenv(SEEDS_DIR_ENV, str(ROOT / "seeds"))
    at = run({"year": "2008"})
    assert not at.exception
    assert len(at.slider) == 0  # no slider with min == max
    assert sent_view(at)["year"] == (2008 if keep else sent_view(at)["year"])


def test_the_header_says_how_far_the_reporting_reaches(atlas):
    from atlas.coverage import coverage_label

    at = run({"year": "2025"})
    caption = " ".join(c.value for c in at.caption)
    assert coverage_label(atlas).startswith("Reporting up to ") and coverage_label(atlas) in caption


def test_the_panel_says_when_a_date_is_a_publication_date_and_what_kind_of_outlet_speaks(atlas):
    from atlas.model import basis_label
    from atlas.outlets import outlet_label
    from layers.markup import esc

    event = atlas.events["khaled-haftar-belousov-2025"]
    assert event.date_basis == "publication"
    at = run({"year": "2025", "feature": event.id})
    html = panel_html(at)
    assert esc(basis_label(event)) in html and "date of publication, not of the event" in html
    for x in atlas.excerpts_for(event.id):
        assert esc(outlet_label(atlas.sources[x.source_id])) in html
    assert "TASS — Russian state media" in html
    at = run({"year": "2026", "feature": "sharaa-putin-kremlin-2026"})  # dated by its excerpt: no basis note
    assert atlas.events["sharaa-putin-kremlin-2026"].date_basis == "event" and "fp-basis" not in panel_html(at)


def test_the_state_media_filter_lives_in_the_url():
    at = run({"year": "2025", "hide": "partisan"})
    assert at.checkbox(key="hide_partisan").value is True
    assert at.query_params["hide"] == "partisan"
    at.checkbox(key="hide_partisan").uncheck().run()
    assert "hide" not in at.query_params
