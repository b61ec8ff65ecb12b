"""Geocoding: offline gazetteer aliases, and geopy's Nominatim against a fake server on 127.0.0.1."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from atlas.__main__ import main
from atlas.geocode import GazetteerGeocoder, fill_missing, online_geocoder, read_cache
from atlas.load import load_atlas
from atlas.model import Place


@pytest.mark.parametrize(
    ("alias", "expected_lat"),
    [("Tartous", 34.9), ("Khmeimim", 35.4), ("Tubruq", 32.1), ("Sirt", 31.2), ("Tobruk", 32.1)],
)
def test_offline_gazetteer_finds_aliases(gazetteer, alias, expected_lat):
    location = GazetteerGeocoder(gazetteer).geocode(alias)
    assert location is not None and abs(location.latitude - expected_lat) < 0.2


def test_offline_gazetteer_prefers_the_country_and_the_big_city(gazetteer):
    geocoder = GazetteerGeocoder(gazetteer)
    assert geocoder.geocode("Libya").raw["entry"].kind in ("country", "curated")
    assert geocoder.geocode("Moscow").raw["entry"].country == "RU"
    assert geocoder.geocode("Qwxyzzy") is None


class FakeNominatim(BaseHTTPRequestHandler):
    mode = "ok"
    hits = 0

    def do_GET(self):
        FakeNominatim.hits += 1
        if self.mode == "timeout":
            time.sleep(2)
        if self.mode == "429":
            self.send_response(429)
            self.end_headers()
            return
        body = (
            []
            if self.mode == "empty"
            else [
                {
                    "lat": "32.0761",
                    "lon": "23.9614",
                    "display_name": "Tobruk, Libya",
                    "boundingbox": ["31.99", "32.15", "23.88", "24.04"],
                }
            ]
        )
        payload = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture()
def fake_nominatim():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeNominatim)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeNominatim.hits = 0
    yield f"127.0.0.1:{server.server_port}"
    server.shutdown()


def _missing(name: str = "Tobruk") -> Place:
    return Place("new-place", name, (), None, None, "city", "LY", 0, "")


@pytest.mark.parametrize(
    ("mode", "status"), [("ok", "filled"), ("empty", "not found"), ("429", "failed"), ("timeout", "failed")]
)
def test_online_geocoding_against_a_local_fake(fake_nominatim, tmp_path, mode, status):
    FakeNominatim.mode = mode
    geocoder = online_geocoder(fake_nominatim, scheme="http", timeout=0.5)
    cache = tmp_path / "geocode_cache.csv"
    places, results = fill_missing([_missing()], geocoder, provider="Nominatim", cache_path=cache)
    assert results[0].status == status
    if status == "filled":
        assert places[0].lat == pytest.approx(32.0761) and 5 < places[0].precision_km < 15
        assert "Nominatim" in places[0].coord_source
        assert "Tobruk, LY" in read_cache(cache)
    else:
        assert not places[0].has_coordinates  # nothing lost, nothing invented


def test_cache_answers_before_the_network(fake_nominatim, tmp_path):
    FakeNominatim.mode = "ok"
    geocoder = online_geocoder(fake_nominatim, scheme="http", timeout=1)
    cache = tmp_path / "geocode_cache.csv"
    fill_missing([_missing()], geocoder, provider="Nominatim", cache_path=cache)
    hits = FakeNominatim.hits
    FakeNominatim.mode = "429"
    _, results = fill_missing([_missing()], geocoder, provider="Nominatim", cache_path=cache)
    assert results[0].status == "filled" and FakeNominatim.hits == hits


def test_user_agent_identifies_the_app():
    assert "footprint" in online_geocoder().headers["User-Agent"]


def test_geocode_command_fills_a_place_offline(workdir, capsys):
    data, seeds = workdir
    text = (data / "places.csv").read_text(encoding="utf-8")
    (data / "places.csv").write_text(
        text.replace("32.88743,13.18733,city,LY,10,geonames:2210247", ",,city,LY,10,"),
        encoding="utf-8",
    )
    assert load_atlas(data, seeds).problems  # Tripoli's events are hidden until it is geocoded
    assert main(["--data", str(data), "--seeds", str(seeds), "geocode"]) == 0
    atlas = load_atlas(data, seeds)
    assert atlas.problems == []
    tripoli = atlas.places["tripoli"]
    assert abs(tripoli.lat - 32.89) < 0.1 and "GeoNames" in tripoli.coord_source
    assert "tripoli: filled" in capsys.readouterr().out
