"""Accepting an article: rows planned from proposals, checked on a scratch copy, written all or nothing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from atlas import store
from atlas.__main__ import main
from atlas.addition import AdditionError, ArticleMeta, Proposal, check, commit, plan, slugify, suggest_source_id
from atlas.ingest import ingest_text
from atlas.ingest.candidates import describe_evidence, suggest_attribution, suggest_end, suggest_title
from atlas.load import load_atlas

ARTICLE = (Path(__file__).parent / "articles" / "benghazi-2024.txt").read_text(encoding="utf-8")
META = ArticleMeta("benghazi-warships-2024", "Russian warships call at Benghazi", "Test Wire", "2024-03-20", "", "wire")


def snapshot(*dirs: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for d in dirs for p in sorted(d.iterdir()) if p.is_file() and p.suffix != ".lock"}


def proposals_from(text: str, gazetteer, published: str = "2024-03-20") -> list[Proposal]:
    report = ingest_text(text, published, gazetteer=gazetteer)
    out = []
    for c in report.candidates:
        date = c.date
        out.append(
            Proposal(
                suggest_title(c.sentence),
                c.layer if c.layer != "carrier_route" else "bases",
                c.status,
                c.places[0],
                date.value.iso() if date else report.published.iso(),
                suggest_end(date) or (date.value.iso() if date else report.published.iso()),
                suggest_attribution(c.sentence, "Test Wire"),
                c.sentence,
                describe_evidence(c.places[0], date, inherited=c.date_inherited),
            )
        )
    return out


@pytest.fixture()
def loaded(workdir):
    data, seeds = workdir
    return load_atlas(data, seeds), data, seeds


def test_accepting_appends_rows_saves_the_seed_and_check_stays_clean(loaded, gazetteer, capsys):
    atlas, data, seeds = loaded
    before = {name: (data / name).read_bytes() for name in ("sources.csv", "events.csv", "excerpts.csv")}
    proposals = proposals_from(ARTICLE, gazetteer)
    addition = plan(atlas, ARTICLE, META, proposals, data, seeds)
    commit(addition, data, seeds)

    assert (seeds / "benghazi-warships-2024.txt").read_text(encoding="utf-8") == ARTICLE
    for name, old in before.items():
        assert (data / name).read_bytes().startswith(old), f"{name}: existing rows must stay byte for byte"
    after = load_atlas(data, seeds)
    assert after.problems == []
    assert set(addition.event_ids) <= set(after.events)
    assert len(after.events) == len(atlas.events) + len(proposals)
    for event_id in addition.event_ids:
        (excerpt,) = after.excerpts_for(event_id)
        assert excerpt.quote in after.seed_texts["benghazi-warships-2024"]
    assert main(["--data", str(data), "--seeds", str(seeds), "check"]) == 0
    assert "ok:" in capsys.readouterr().out


def test_a_place_already_on_the_map_is_reused_and_a_new_one_is_added_once(loaded, gazetteer):
    atlas, data, seeds = loaded
    text = "Russian engineers arrived in Benghazi on 2 May 2024. On 3 May 2024 they reached Misrata, then Misrata port."
    addition = plan(atlas, text, META, proposals_from(text, gazetteer), data, seeds)
    places = {row["place_id"] for row in addition.rows["events.csv"]}
    assert "benghazi" in places
    (new_place,) = addition.rows["places.csv"]
    assert new_place["name"] == "Misrata" and new_place["coord_source"].startswith("GeoNames")
    assert float(new_place["precision_km"]) > 0


@pytest.mark.parametrize(
    ("meta", "fragment"),
    [
        (ArticleMeta("Not A Slug", "t", "o", "2024-03-20"), "lowercase words"),
        (ArticleMeta("russia-tobruk-port-2023", "t", "o", "2024-03-20"), "already taken"),
        (ArticleMeta("fine-id", " ", "o", "2024-03-20"), "needs a title"),
        (ArticleMeta("fine-id", "t", "o", "20 March"), "publication date"),
        (ArticleMeta("fine-id", "t", "o", "2024-03-20", "javascript:alert(1)"), "http"),
        (ArticleMeta("fine-id", "t", "Desert Courier", "2024-03-20"), "say what kind of outlet 'Desert Courier' is"),
        (ArticleMeta("fine-id", "t", "o", "2024-03-20", "", "state_media"), "say which state"),
        (ArticleMeta("fine-id", "t", "o", "2024-03-20", "", "party"), "say which party"),
        (ArticleMeta("fine-id", "t", "o", "2024-03-20", "", "gossip"), "'gossip' is not a kind of outlet"),
    ],
)
def test_a_rejected_accept_says_why_and_writes_nothing(loaded, gazetteer, meta, fragment):
    atlas, data, seeds = loaded
    before = snapshot(data, seeds)
    with pytest.raises(AdditionError) as err:
        commit(plan(atlas, ARTICLE, meta, proposals_from(ARTICLE, gazetteer), data, seeds), data, seeds)
    assert any(fragment in p for p in err.value.problems)
    assert snapshot(data, seeds) == before


def test_an_invalid_edit_is_caught_by_the_loader_before_anything_is_written(loaded, gazetteer):
    atlas, data, seeds = loaded
    before = snapshot(data, seeds)
    first, *rest = proposals_from(ARTICLE, gazetteer)
    bad = Proposal(**{**first.__dict__, "start": "2024-13-45"})
    addition = plan(atlas, ARTICLE, META, [bad, *rest], data, seeds)
    assert any("start" in p for p in check(addition, data, seeds))
    with pytest.raises(AdditionError):
        commit(addition, data, seeds)
    assert snapshot(data, seeds) == before


def test_a_quote_that_is_not_in_the_article_is_refused(loaded, gazetteer):
    atlas, data, seeds = loaded
    first = proposals_from(ARTICLE, gazetteer)[0]
    forged = Proposal(**{**first.__dict__, "quote": "Russia opened a base in Benghazi."})
    with pytest.raises(AdditionError, match="not in the article"):
        plan(atlas, ARTICLE, META, [forged], data, seeds)


def test_files_changed_since_the_review_are_not_overwritten(loaded, gazetteer):
    atlas, data, seeds = loaded
    addition = plan(atlas, ARTICLE, META, proposals_from(ARTICLE, gazetteer), data, seeds)
    other = data / "sources.csv"
    other.write_bytes(other.read_bytes() + b"someone-else,Another,Outlet,2024,https://example.org,background\n")
    before = snapshot(data, seeds)
    with pytest.raises(AdditionError, match="changed since this review"):
        commit(addition, data, seeds)
    assert snapshot(data, seeds) == before


def test_a_failure_halfway_through_the_write_restores_every_file(loaded, gazetteer, monkeypatch):
    atlas, data, seeds = loaded
    addition = plan(atlas, ARTICLE, META, proposals_from(ARTICLE, gazetteer), data, seeds)
    before = snapshot(data, seeds)
    real_replace, calls = os.replace, []

    def flaky_replace(src, dst):
        calls.append(dst)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(store.os, "replace", flaky_replace)
    with pytest.raises(AdditionError, match="No space left on device"):
        commit(addition, data, seeds)
    monkeypatch.undo()
    assert snapshot(data, seeds) == before
    assert not (seeds / "benghazi-warships-2024.txt").exists()
    assert not [p for p in data.iterdir() if p.name.endswith(".tmp")]


def test_a_read_only_data_folder_gets_a_clear_refusal(loaded, gazetteer, monkeypatch):
    atlas, data, seeds = loaded
    addition = plan(atlas, ARTICLE, META, proposals_from(ARTICLE, gazetteer), data, seeds)
    before = snapshot(data, seeds)

    def refuse(path, data):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(store, "_stage", refuse)
    with pytest.raises(AdditionError, match="could not be written: Permission denied"):
        commit(addition, data, seeds)
    assert snapshot(data, seeds) == before


def test_hostile_text_is_stored_verbatim_and_loads_as_data(loaded, gazetteer):
    atlas, data, seeds = loaded
    text = 'On 4 May 2024 a "delegation" <script>alert(1)</script> met officials in Benghazi, =cmd|x!A1, "quoted".'
    commit(plan(atlas, text, META, proposals_from(text, gazetteer), data, seeds), data, seeds)
    after = load_atlas(data, seeds)
    assert after.problems == []
    quotes = [x.quote for x in after.excerpts if x.source_id == META.source_id]
    assert quotes == [text]


def test_ids_are_slugs_and_never_collide(atlas):
    assert slugify("Russia eyes Benghazi’s port — again!") == "russia-eyes-benghazis-port-again"
    assert suggest_source_id(atlas, "Russia tobruk port", "2023-11-06") == "russia-tobruk-port-2023-2"
    assert suggest_source_id(atlas, "", "2024") == "article-2024"


def test_suggestions_for_the_review():
    assert suggest_attribution("Ships docked, according to Libyan port officials.", "Wire") == (
        "Wire, citing Libyan port officials"
    )
    assert suggest_attribution("Ships docked.", "") == "the article"
    assert len(suggest_title("word " * 60)) <= 91
    assert suggest_title("Short sentence.") == "Short sentence"


def test_replace_files_creates_and_replaces(tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "sub" / "b.txt"
    a.write_bytes(b"old")
    store.replace_files({a: b"new", b: b"created"})
    assert a.read_bytes() == b"new" and b.read_bytes() == b"created"


def test_a_new_outlet_s_kind_is_written_and_a_known_outlet_keeps_the_atlas_s(loaded, gazetteer):
    from atlas.addition import known_outlet
    from atlas.outlets import rests_only_on_partisan

    atlas, data, seeds = loaded
    state_outlet = ArticleMeta(
        "benghazi-warships-2024", "Warships", "Desert Radio", "2024-03-20", "", "state_media", "Libya"
    )
    proposals = [p for p in proposals_from(ARTICLE, gazetteer) if p.status != "confirmed"][:1]
    commit(plan(atlas, ARTICLE, state_outlet, proposals, data, seeds), data, seeds)
    after = load_atlas(data, seeds)
    source = after.sources["benghazi-warships-2024"]
    assert (source.outlet_kind, source.outlet_of) == ("state_media", "Libya")
    # its event rests on state media alone: the map flags it
    (event_id,) = {x.event_id for x in after.excerpts if x.source_id == "benghazi-warships-2024"}
    assert rests_only_on_partisan(after, after.events[event_id])
    # the outlet is known now: a second article from it takes that kind without being asked
    assert known_outlet(after, "desert radio") == source
    again = ArticleMeta("benghazi-warships-again-2024", "Warships again", "Desert Radio", "2024-03-21")
    rows = plan(after, ARTICLE, again, proposals, data, seeds).rows["sources.csv"]
    assert (rows[0]["outlet_kind"], rows[0]["outlet_of"]) == ("state_media", "Libya")
