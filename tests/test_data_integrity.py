"""The data holds its promises: verbatim quotes, resolving references, a source for every mark, a route at sea."""

import csv
import itertools
from pathlib import Path

import pytest

from atlas.geo import distance_km, on_land, segment_land_points
from atlas.model import DATE_BASES, LAYER_IDS, OUTLET_KINDS, PARTISAN_KINDS
from atlas.references import copy_site, parse_coord_source, reference_point
from atlas.validate import ACTORS, DENIAL, ELISION, claim_problems, date_written_in

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


# --- credibility: outlets, canonical references, claims no larger than their excerpts ----------------------


def test_every_source_names_its_outlet_and_what_kind_it_is(atlas):
    for source in atlas.sources.values():
        assert source.outlet.strip(), source.id
        assert source.outlet_kind in OUTLET_KINDS, source.id
        assert bool(source.outlet_of) == (source.outlet_kind in PARTISAN_KINDS), source.id


def test_russian_state_outlets_are_named_for_what_they_are(atlas):
    state = [s for s in atlas.sources.values() if "sputnik" in s.outlet.lower() or "news front" in s.outlet.lower()]
    assert len(state) >= 9
    assert all(s.outlet_kind == "state_media" and s.outlet_of == "Russia" for s in state)


def test_every_event_says_what_its_date_is(atlas):
    for event in atlas.events.values():
        assert event.date_basis in DATE_BASES, event.id


def test_every_address_in_data_is_canonical(atlas):
    for source in atlas.sources.values():
        assert copy_site(source.url) is None, (source.id, source.url)
    for place in atlas.places.values():
        assert copy_site(place.coord_source) is None, place.id


def test_every_place_cites_a_checkable_reference(atlas):
    for place in atlas.places.values():
        kinds = {ref.kind for ref in parse_coord_source(place.coord_source)}
        assert kinds and kinds <= {"geonames", "icao", "wikipedia", "derived"}, (place.id, place.coord_source)


AIRFIELDS = {
    "al-khadim-air-base": "HL59",
    "al-jufra-air-base": "HL69",
    "al-qardabiya-air-base": "HLGD",
    "hmeimim-air-base": "OSLK",
    "ras-lanuf": "HLNF",
    "maaten-al-sarra-air-base": "HL56",
    "qamishli-airport": "OSKL",
}


def test_every_airfield_lies_within_its_precision_of_its_icao_point(atlas):
    for place_id, code in AIRFIELDS.items():
        place = atlas.places[place_id]
        refs = [r for r in parse_coord_source(place.coord_source) if r.kind == "icao"]
        assert [r.key for r in refs] == [code], place_id
        point = reference_point(refs[0])
        assert point is not None
        assert distance_km((place.lat, place.lon), point) <= place.precision_km, place_id


def test_al_khadim_stands_on_its_airfield_not_on_al_marj(atlas):
    khadim = atlas.places["al-khadim-air-base"]
    assert distance_km((khadim.lat, khadim.lon), (31.9985, 21.1918)) < 1
    assert distance_km((khadim.lat, khadim.lon), (32.49257, 20.82909)) > 50  # Al Marj, GeoNames 88903


def _quotes(atlas, event_id):
    return [x.quote for x in atlas.excerpts_for(event_id)]


def test_every_claim_is_read_against_its_excerpts(atlas):
    for event in atlas.events.values():
        place = atlas.places[event.place_id]
        names = [place.name.split(" (")[0], *place.aliases]
        assert claim_problems(event, atlas.excerpts_for(event.id), atlas.sources, names) == [], event.id


def test_an_event_naming_wagner_has_an_excerpt_naming_wagner(atlas):
    wagner = ACTORS["Wagner"]
    named = [e for e in atlas.events.values() if wagner.search(e.title) or wagner.search(e.attribution)]
    assert len(named) >= 8
    for event in named:
        assert any(wagner.search(q) for q in _quotes(atlas, event.id)), event.id


def test_a_denial_is_quoted(atlas):
    for event in atlas.events.values():
        if event.status == "denied":
            assert any(DENIAL.search(q) for q in _quotes(atlas, event.id)), event.id


def test_a_day_given_as_the_events_own_date_is_written_in_an_excerpt(atlas):
    checked = 0
    for event in atlas.events.values():
        if event.date_basis == "event" and event.start.precision == "day":
            s = event.start
            assert any(date_written_in(s.day, s.month, s.year, q) for q in _quotes(atlas, event.id)), event.id
            checked += 1
    assert checked >= 5


def test_background_quotes_are_not_elided_or_bracketed(atlas):
    for x in atlas.excerpts:
        if atlas.sources[x.source_id].kind == "background":
            assert not ELISION.search(x.quote), (x.event_id, x.quote)


def test_an_open_ended_event_is_not_a_one_off_operation(atlas):
    """The oil-crescent takeover was an operation in September 2016, not something still going on."""
    assert atlas.events["oil-crescent-takeover-2016"].end is not None


def test_sea_runs_stay_at_sea(atlas):
    """Every route with inferred waypoints (a sea run) keeps off land except within a harbour's reach of its ports."""
    sea_runs = sorted({p.route_id for p in atlas.route_points if p.leg == "inferred"})
    assert "kuznetsov-deployment-2016-2017" in sea_runs and len(sea_runs) >= 3
    for route_id in sea_runs:
        route = atlas.route_for(route_id)
        ports = [(p.lat, p.lon) for p in route if p.place_id]
        for a, b in itertools.pairwise(route):
            for hit in segment_land_points((a.lat, a.lon), (b.lat, b.lon)):
                assert min(distance_km(hit, port) for port in ports) < HARBOUR_KM, (route_id, a.seq, b.seq, hit)


def test_logistics_routes_run_from_syria_to_libya_and_beyond(atlas):
    logistics = {e.id for e in atlas.events.values() if e.layer == "logistics"}
    routed = {p.route_id for p in atlas.route_points} & logistics
    assert len(routed) >= 3
    ends = {p.place_id for p in atlas.route_points if p.route_id in routed and p.place_id}
    assert {"hmeimim-air-base", "al-khadim-air-base", "tartus-naval-facility", "tobruk"} <= ends


def test_tartus_and_hmeimim_carry_their_post_2024_state(atlas):
    from atlas.queries import visible_events

    in_2025 = {e.id for e in visible_events(atlas, 2025)}
    assert "tartus-post-assad-status" in in_2025 and "hmeimim-post-assad-status" in in_2025
    assert "tartus-naval-facility" not in in_2025 and "hmeimim-air-base" not in in_2025
    assert "tartus-naval-facility" in {e.id for e in visible_events(atlas, 2024)}


def test_the_lease_dispute_is_mapped_with_each_sides_attribution(atlas):
    cancelled = atlas.events["tartus-port-contract-cancelled-2025"]
    denied = atlas.events["stg-denies-port-contract-cancellation-2025"]
    assert denied.status == "denied" and "STG" in denied.attribution
    assert any("separate from the Russian naval base" in x.quote for x in atlas.excerpts_for(cancelled.id))


def test_the_readme_states_the_atlas_coverage(atlas):
    from atlas.coverage import coverage_label

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"**{coverage_label(atlas).lower()}**" in readme.lower()


def test_one_outlet_is_one_kind(atlas):
    kinds: dict[str, set[tuple[str, str]]] = {}
    for source in atlas.sources.values():
        kinds.setdefault(source.outlet, set()).add((source.outlet_kind, source.outlet_of))
    assert {o: k for o, k in kinds.items() if len(k) > 1} == {}


def test_one_address_is_one_source(atlas):
    urls = [s.url.rstrip("/") for s in atlas.sources.values() if s.url]
    assert len(urls) == len(set(urls))
