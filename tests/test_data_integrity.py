"""The data holds its promises: verbatim quotes, resolving references, a source for every mark, a route at sea."""

import csv
import itertools
from pathlib import Path

import pytest

from atlas.geo import on_land, segment_land_points
from atlas.model import LAYER_IDS

ROOT = Path(__file__).resolve().parent.parent
SHARED_SEEDS = ROOT.parent / "shared" / "seeds"


def test_real_data_has_no_problems(atlas):
    assert atlas.problems == []


def test_every_seed_excerpt_is_verbatim_in_its_seed():
    rows = list(csv.DictReader((ROOT / "data" / "excerpts.csv").open(encoding="utf-8")))
    kinds = {r["id"]: r["kind"] for r in csv.DictReader((ROOT / "data" / "sources.csv").open(encoding="utf-8"))}
    seed_rows = [r for r in rows if kinds.get(r["source_id"]) == "seed"]
    assert len(seed_rows) >= 30
    for row in seed_rows:
        text = (ROOT / "seeds" / f"{row['source_id']}.txt").read_text(encoding="utf-8")
        assert row["quote"] in text, row


@pytest.mark.skipif(not SHARED_SEEDS.exists(), reason="shared/ is not beside this checkout")
def test_seeds_are_the_shared_articles_byte_for_byte():
    pairs = {
        "000_dbf5b560bb37fed7.txt": "haftar-kuznetsov-tobruk-2017.txt",
        "004_44f990f7023aad6e.txt": "russia-tobruk-port-2023.txt",
    }
    for shared, ours in pairs.items():
        assert (SHARED_SEEDS / shared).read_bytes() == (ROOT / "seeds" / ours).read_bytes()


def test_every_event_has_a_source_and_a_located_place(atlas):
    for event in atlas.events.values():
        assert atlas.excerpts_for(event.id), event.id
        place = atlas.places[event.place_id]
        assert place.has_coordinates and place.coord_source and place.precision_km > 0


def test_background_sources_carry_a_public_address(atlas):
    for source in atlas.sources.values():
        if source.kind == "background":
            assert source.url.startswith(("http://", "https://")), source.id
        else:
            assert source.id in atlas.seed_texts


def test_every_layer_has_features(atlas):
    assert {e.layer for e in atlas.events.values()} == set(LAYER_IDS)


def test_wagner_sites_are_sourced_beyond_the_seed_count(atlas):
    for event in atlas.events.values():
        if event.layer == "wagner_sites" and atlas.places[event.place_id].kind != "country":
            assert any(atlas.sources[x.source_id].kind == "background" for x in atlas.excerpts_for(event.id)), event.id


def test_route_vertices_are_dated_or_inferred(atlas):
    route = atlas.route_for("kuznetsov-deployment-2016-2017")
    assert len(route) > 20
    for p in route:
        assert p.leg == "inferred" or (p.date is not None and p.source_id in atlas.sources)
    tobruk = [p for p in route if p.place_id == "tobruk"]
    assert [p.date.iso() for p in tobruk] == ["2017-01-11"]
    assert route[0].date.iso() == "2016-10-15" and route[-1].date.iso() == "2017-02-08"


# Natural Earth 1:110m closes the Kola fjord, so the home-port ends may touch its coarse coastline.
HARBOUR_KM = 40


def test_the_carriers_route_stays_at_sea(atlas):
    from atlas.geo import distance_km

    route = atlas.route_for("kuznetsov-deployment-2016-2017")
    harbours = [(p.lat, p.lon) for p in route if p.place_id == "kola-bay"]
    for a, b in itertools.pairwise(route):
        for hit in segment_land_points((a.lat, a.lon), (b.lat, b.lon)):
            assert min(distance_km(hit, h) for h in harbours) < HARBOUR_KM, (a.seq, b.seq, hit)


def test_land_mask_knows_land_from_sea():
    assert on_land(32.1, 20.07)  # Benghazi
    assert on_land(60.0, 10.0)  # Norway, past the antimeridian ring
    assert on_land(55.75, 37.6)
    assert not on_land(34.0, 20.0)  # Ionian Sea
    assert not on_land(66.0, 4.0)  # Norwegian Sea
    assert not on_land(40.0, -30.0)
