"""Datasets on the map page (AppTest): a year step's payload does not grow with the set, the URL holds the shown
sets and filters, a clicked row reaches the panel as plain text; and the pure pieces behind them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from atlas.datasets import import_bytes, open_dataset, synthetic
from atlas.datasets.view import dataset_params, filter_indices, parse_dataset_params
from atlas.load import DATA_DIR_ENV
from layers.datasets import publish_dataset, row_html

ROOT = Path(__file__).resolve().parent.parent


def data_with_set(tmp_path: Path, n: int, name: str = "events") -> Path:
    data = tmp_path / f"data-{n}"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("datasets"))
    report = import_bytes(synthetic.acled_csv(n).encode(), "events.csv", name, data)
    assert report.rows == n
    return data


def app(monkeypatch, data: Path, **query: str) -> AppTest:
    monkeypatch.setenv(DATA_DIR_ENV, str(data))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def _elements(node):
    children = getattr(node, "children", None)
    if children is None:
        if getattr(node, "proto", None) is not None:
            yield node
        return
    for child in children.values():
        yield from _elements(child)


def step_bytes(at: AppTest, year: int) -> tuple[int, int]:
    """(the map component's arguments, every element of the page) in bytes, after a year step."""
    at.slider(key="year").set_value(year).run()
    assert not at.exception
    component = at.get("component_instance")[0].proto
    everything = sum(len(node.proto.SerializeToString()) for node in _elements(at._tree))
    return len(component.json_args), everything


def test_a_year_step_sends_the_same_bytes_at_1000_and_10000_events(tmp_path, monkeypatch):
    sizes = {}
    for n in (1000, 10000):
        at = app(monkeypatch, data_with_set(tmp_path, n), year="2015", datasets="events")
        assert at.checkbox(key="dataset_events").value is True
        sizes[n] = step_bytes(at, 2016)
        args = json.loads(at.get("component_instance")[0].proto.json_args)
        assert '"datasets": [{"name": "events", "url": "/app/static/data/dataset-events-' in args["feature_group"]
        assert "setView(" in args["feature_group"] and '"year": 2016' in args["feature_group"]
    (args_1k, page_1k), (args_10k, page_10k) = sizes[1000], sizes[10000]
    assert args_10k == args_1k  # the map is sent the view, never a feature
    # ten times the rows, the same page: only the counts and the 20 listed rows' own words differ
    assert abs(page_10k - page_1k) < 0.02 * page_1k


def test_the_url_holds_the_shown_sets_and_their_filters(tmp_path, monkeypatch):
    where = json.dumps({"events": {"country": ["Chad", "Niger"], "bogus": ["x"]}})
    at = app(monkeypatch, data_with_set(tmp_path, 300), year="2016", datasets="events,unknown", where=where)
    assert at.multiselect(key="dsfilter_events_country").value == ["Chad", "Niger"]
    assert at.query_params["datasets"] == "events"
    assert json.loads(at.query_params["where"]) == {"events": {"country": ["Chad", "Niger"]}}
    view = json.loads(at.get("component_instance")[0].proto.json_args)["feature_group"]
    cats = open_dataset("events", tmp_path / "data-300").categories()
    chad, niger = cats["country"].index("Chad"), cats["country"].index("Niger")
    assert f'"country": [{min(chad, niger)}, {max(chad, niger)}]' in view
    at.checkbox(key="dataset_events").uncheck().run()
    assert "datasets" not in at.query_params and "where" not in at.query_params
    assert '"datasets": []' in json.loads(at.get("component_instance")[0].proto.json_args)["feature_group"]


def test_a_clicked_row_shows_in_the_panel_as_plain_text(tmp_path, monkeypatch):
    data = data_with_set(tmp_path, 50)
    hostile = synthetic.acled_csv(1).splitlines()[0] + "\nLBY9,2016-05-01,2016,1,Battles,,LNA,,Libya,Sirte,31.2,16.6,2,"
    hostile += '"<img src=x onerror=alert(1)>","<script>alert(2)</script> shelling",4\n'
    import_bytes(hostile.encode(), "h.csv", "hostile", data)
    at = app(monkeypatch, data, year="2016", datasets="hostile")
    at.session_state["map"] = {
        "last_active_drawing": {"properties": {"kind": "dataset", "dataset": "hostile", "row": 0, "n": 1}}
    }
    at.run()
    panel = [h.proto.body for h in at.get("html") if "fp-dataset-row" in h.proto.body]
    assert len(panel) == 1
    assert "&lt;script&gt;alert(2)&lt;/script&gt; shelling" in panel[0] and "<script>" not in panel[0]
    assert "&lt;img src=x onerror=alert(1)&gt;" in panel[0]
    assert "within about 25 km" in panel[0] and "1 May 2016" in panel[0]


def test_row_html_escapes_every_field():
    record = {
        "convention": "ucdp",
        "event_type": "<b>x</b>",
        "sub_event_type": "",
        "actor1": "A&B",
        "actor2": "",
        "location": "<i>",
        "country": "Libya",
        "lat": 1.0,
        "lon": 2.0,
        "precision_km": 150.0,
        "place_code": 4,
        "date": "May 2016",
        "date_code": 4,
        "fatalities": None,
        "notes": "",
        "source": '"quoted" <a href=x>',
        "event_id": "1",
        "line": 2,
    }
    html = row_html("<set>", record)
    for raw in ("<b>x</b>", "<i>", "<a href=x>", "<set>"):
        assert raw not in html
    assert "A&amp;B" in html and "UCDP where_prec 4: a province" in html and "not given" in html


def test_publish_writes_once_under_a_content_hash(tmp_path):
    import_bytes(synthetic.ucdp_csv(40).encode(), "g.csv", "ged", tmp_path)
    dataset = open_dataset("ged", tmp_path)
    url = publish_dataset(dataset, tmp_path / "static")
    files = list((tmp_path / "static" / "data").iterdir())
    assert url == f"/app/static/data/{files[0].name}" and files[0].name.startswith("dataset-ged-")
    assert files[0].read_bytes() == dataset.browser_payload()
    assert publish_dataset(dataset, tmp_path / "static") == url and len(list(files[0].parent.iterdir())) == 1


@pytest.mark.parametrize(
    ("params", "names", "filters"),
    [
        ({"datasets": "a,b,a,zz"}, ["a", "b"], {}),
        ({"datasets": "a", "where": "{not json"}, ["a"], {}),
        (
            {"datasets": "a", "where": '{"a": {"actor": ["X", 3]}, "zz": {"actor": ["Y"]}}'},
            ["a"],
            {"a": {"actor": ["X"]}},
        ),
        ({}, [], {}),
    ],
)
def test_dataset_params_are_parsed_defensively(params, names, filters):
    assert parse_dataset_params(params, {"a", "b"}) == (names, filters)


def test_dataset_params_round_trip_and_filter_indices():
    params = dataset_params(["a"], {"a": {"country": ["Chad"], "actor": []}, "b": {"country": ["x"]}})
    assert params == {"datasets": "a", "where": '{"a":{"country":["Chad"]}}'}
    assert parse_dataset_params(params, {"a"}) == (["a"], {"a": {"country": ["Chad"]}})
    assert dataset_params([], {"a": {"country": ["Chad"]}}) == {}
    cats = {"event_type": ["Battles", "Riots"], "actor": ["A", "B"], "country": ["Chad", "Libya"]}
    assert filter_indices(cats, {"country": ["Libya", "Nowhere"], "actor": []}) == {
        "event_type": None,
        "actor": None,
        "country": [1],
    }


def test_an_import_that_imports_nothing_says_what_stopped_it_not_rows_left_out():
    from layers.datasets import import_report_text

    said = import_report_text("nothing imported: 1 problem(s)", ["x.csv line 1: neither ACLED nor UCDP"], 1, False)
    assert "row(s) left out" not in said and said.endswith("x.csv line 1: neither ACLED nor UCDP")
    said = import_report_text("imported 'A' (ACLED): 9 events as 'a'", ["a.csv line 4: no latitude"], 1, True)
    assert "1 row(s) left out:" in said
    assert import_report_text("removed 'A' (9 events)", [], 0, True) == "removed 'A' (9 events)"
    many = import_report_text("imported", ["p"] * 200, 950, True)
    assert "950 row(s) left out (the first 200)" in many


def test_a_set_is_removed_only_after_a_confirmation(tmp_path, monkeypatch):
    data = data_with_set(tmp_path, 30)
    at = app(monkeypatch, data, year="2016", datasets="events")
    assert at.checkbox(key="dataset_events").value is True
    at.button(key="dsremove_events").click().run()
    assert open_dataset("events", data) is not None  # asked, not done
    at.button(key="dsremove_no_events").click().run()
    assert open_dataset("events", data) is not None and "dsremove_events" in {b.key for b in at.button}
    at.button(key="dsremove_events").click().run()
    at.button(key="dsremove_yes_events").click().run()
    assert not at.exception
    assert open_dataset("events", data) is None
    assert not [c for c in at.checkbox if c.key == "dataset_events"]
    assert any("removed 'events'" in t.value for t in at.text)


def test_on_a_shared_server_a_reader_cannot_import_or_remove_a_set(tmp_path, monkeypatch):
    data = data_with_set(tmp_path, 30)
    monkeypatch.setenv("FOOTPRINT_EDITOR_PASSWORD", "s3cret")
    monkeypatch.setenv(DATA_DIR_ENV, str(data))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["year"] = "2016"
    at.run()
    keys = {b.key for b in at.button}
    assert "dataset_import" not in keys and "dsremove_events" not in keys
    assert not [u for u in at.get("file_uploader")]
    at.text_input(key="editor_pw").input("wrong").run()
    assert "dsremove_events" not in {b.key for b in at.button}
    at.text_input(key="editor_pw").input("s3cret").run()
    assert {"dataset_import", "dsremove_events"} <= {b.key for b in at.button}
