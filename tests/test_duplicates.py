"""Already in the atlas: the same article by text or address, the same event by place, layer and dates; and
accepting a duplicate event appends one excerpt row to it instead of a copy."""

from __future__ import annotations

import csv

from atlas.addition import ArticleMeta, Proposal, commit, plan
from atlas.duplicates import canonical_url, same_events, same_source
from atlas.ingest import ingest_text
from atlas.load import load_atlas

MEETING = "Haftar met Putin in Moscow in late September, the LNA said, to discuss Russian naval access."


def test_the_same_article_is_recognised_by_its_text_or_its_address(atlas):
    seed_id, seed = next(iter(atlas.seed_texts.items()))
    assert same_source(atlas, "  " + seed.upper().replace(" ", "\n  ") + "\n").source_id == seed_id
    with_url = next(s for s in atlas.sources.values() if s.url)
    address = with_url.url.replace("https://", "http://www.") + "/?utm_source=feed#top"
    match = same_source(atlas, "A different text entirely.", address)
    assert match.source_id == with_url.id and match.reason == "the same address"
    assert same_source(atlas, "A different text entirely.", "https://example.org/other") is None


def test_canonical_addresses_drop_only_what_does_not_name_the_page():
    assert canonical_url("https://www.Example.org/a/b/?utm_medium=x&id=3#c") == "example.org/a/b?id=3"
    assert canonical_url("not an address") == ""


def test_the_same_event_is_the_same_place_layer_and_date_window(atlas, gazetteer):
    report = ingest_text(MEETING, "2023-10-05", gazetteer=gazetteer)
    (c,) = report.candidates
    moscow = c.places[0]
    assert c.layer == "diplomacy" and c.date.value.iso() == "2023-09"
    assert [e.id for e in same_events(atlas, moscow, "diplomacy", "2023-09")] == ["haftar-putin-moscow-2023"]
    assert same_events(atlas, moscow, "conflict", "2023-09") == []  # another layer
    assert same_events(atlas, moscow, "diplomacy", "2021-03") == []  # another time
    tobruk = next(p for p in ingest_text("Ships docked in Tobruk in 2023.", "2023-10-05", gazetteer=gazetteer).places)
    assert same_events(atlas, tobruk, "diplomacy", "2023-09") == []  # another place


def test_an_ongoing_presence_matches_a_later_report_of_it(atlas, gazetteer):
    embassy = next(e for e in atlas.events.values() if e.end is None and e.layer in ("bases", "wagner_sites"))
    place = atlas.places[embassy.place_id]
    report = ingest_text(f"Russian forces are stationed in {place.name} in 2025.", "2025-01-01", gazetteer=gazetteer)
    found = [p for c in report.candidates for p in c.places]
    assert found and embassy.id in [e.id for e in same_events(atlas, found[0], embassy.layer, "2025")]


def test_accepting_a_duplicate_adds_an_excerpt_to_the_existing_event(workdir, gazetteer):
    data, seeds = workdir
    atlas = load_atlas(data, seeds)
    (c,) = ingest_text(MEETING, "2023-10-05", gazetteer=gazetteer).candidates
    proposal = Proposal(
        "Haftar meets Putin",
        "diplomacy",
        "reported",
        c.places[0],
        "2023-09",
        "2023-09",
        "LNA",
        c.sentence,
        existing_event="haftar-putin-moscow-2023",
    )
    events_before = (data / "events.csv").read_bytes()
    commit(
        plan(
            atlas,
            MEETING,
            ArticleMeta("lna-moscow-2023", "Haftar in Moscow", "LNA", "2023-10-05", "", "party", "LNA"),
            [proposal],
            data,
            seeds,
        ),
        data,
        seeds,
    )
    assert (data / "events.csv").read_bytes() == events_before  # no copy of the event
    rows = list(csv.DictReader((data / "excerpts.csv").open(encoding="utf-8")))
    assert rows[-1] == {"event_id": "haftar-putin-moscow-2023", "source_id": "lna-moscow-2023", "quote": c.sentence}
    after = load_atlas(data, seeds)
    assert not after.problems and len(after.excerpts_for("haftar-putin-moscow-2023")) == 1 + len(
        atlas.excerpts_for("haftar-putin-moscow-2023")
    )
