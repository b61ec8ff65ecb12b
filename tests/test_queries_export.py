import json

from hypothesis import given
from hypothesis import strategies as st

from atlas.__main__ import main
from atlas.dates import PartialDate
from atlas.export import feature_collection, to_csv
from atlas.model import LAYER_IDS, Event
from atlas.queries import is_visible, route_until, visible_events, year_range


def _event(start: str, end: str | None) -> Event:
    s = PartialDate.parse(start)
    return Event("e", "bases", "t", "p", s, PartialDate.parse(end) if end else None, s.precision, "reported", "a", "")


def test_state_in_a_year_is_the_lifespan_touching_it():
    base = _event("2015", None)
    assert is_visible(base, 2017) and not is_visible(base, 2014)
    meeting = _event("2023-09-28", "2023-09-28")
    assert is_visible(meeting, 2023) and not is_visible(meeting, 2024)
    assert is_visible(meeting, 2024, "cumulative")


@given(st.integers(1990, 2030), st.integers(1990, 2030), st.integers(0, 5))
def test_state_is_a_subset_of_cumulative(year, start, length):
    event = _event(str(start), str(start + length))
    if is_visible(event, year, "state"):
        assert is_visible(event, year, "cumulative")


def test_years_on_the_real_data(atlas):
    ids = {y: {e.id for e in visible_events(atlas, y)} for y in (2016, 2017, 2020, 2023)}
    assert "kuznetsov-off-tobruk-haftar-2017" in ids[2017] and "kuznetsov-off-tobruk-haftar-2017" not in ids[2016]
    assert "tartus-naval-facility" in ids[2016] and "tartus-naval-facility" in ids[2023]
    assert "haftar-putin-moscow-2023" in ids[2023] and "tripoli-offensive-2019-2020" in ids[2020]
    assert year_range(atlas)[0] <= 2008 and year_range(atlas)[1] >= 2023


def test_route_is_drawn_as_far_as_the_year(atlas):
    route = atlas.route_for("kuznetsov-deployment-2016-2017")
    in_2016 = route_until(route, 2016)
    assert in_2016[-1].date.iso() == "2016-11-15"
    assert route_until(route, 2017) == route and route_until(route, 2015) == []


def test_export_holds_all_layers_and_provenance(atlas):
    collection = feature_collection(atlas)
    assert {f["properties"]["layer"] for f in collection["features"]} == set(LAYER_IDS)
    for f in collection["features"]:
        props = f["properties"]
        for key in (
            "id",
            "layer",
            "title",
            "status",
            "attribution",
            "start",
            "end",
            "date_precision",
            "place",
            "precision_km",
            "excerpts",
            "sources",
        ):
            assert key in props
        assert props["excerpts"] and props["sources"]
        for x in props["excerpts"]:
            if x["start_offset"] is not None:
                text = atlas.seed_texts[x["source_id"]]
                assert text[x["start_offset"] : x["end_offset"]] == x["quote"]
    route = next(f for f in collection["features"] if f["id"] == "kuznetsov-deployment-2016-2017")
    assert route["geometry"]["type"] == "LineString"
    assert len(route["properties"]["vertex_dates"]) == len(route["geometry"]["coordinates"])
    assert "2017-01-11" in route["properties"]["vertex_dates"]


def test_cli_export_geojson_and_csv(tmp_path, capsys):
    out = tmp_path / "v.geojson"
    assert main(["export", "--format", "geojson", "--year", "2016", "--out", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    route = [f for f in data["features"] if f["geometry"]["type"] == "LineString"]
    assert route and route[0]["properties"]["vertex_dates"][-1] == "2016-11-15"
    assert main(["export", "--format", "csv"]) == 0
    text = capsys.readouterr().out
    assert text.splitlines()[0].startswith("lon,lat,geometry_type,id,layer")


def test_csv_round_trips_through_pandas(atlas):
    import io

    import pandas as pd

    frame = pd.read_csv(io.StringIO(to_csv(feature_collection(atlas))), dtype=str, keep_default_na=False)
    assert len(frame) == len(atlas.events)
    assert json.loads(frame.loc[frame.id == "prigozhin-crash-2023", "excerpts"].iloc[0])[0]["quote"]


def test_export_says_what_kind_of_outlet_and_what_a_date_is(atlas):
    collection = feature_collection(atlas)
    by_id = {f["id"]: f["properties"] for f in collection["features"]}
    for event in atlas.events.values():
        assert by_id[event.id]["date_basis"] == event.date_basis
    sources = [s for f in collection["features"] for s in f["properties"]["sources"]]
    for s in sources:
        assert s["outlet_kind"] == (atlas.sources[s["id"]].outlet_kind or None)
        assert s["outlet_of"] == (atlas.sources[s["id"]].outlet_of or None)
    assert any(s["outlet_kind"] == "state_media" and s["outlet_of"] == "Russia" for s in sources)
    assert {p["date_basis"] for p in by_id.values()} >= {"event", "publication"}
