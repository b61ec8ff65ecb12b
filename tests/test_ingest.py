"""Ingest: places with aliases and person-name filters, relative and range dates, candidates, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from atlas.__main__ import main
from atlas.dates import PartialDate
from atlas.ingest import ArticleError, ingest_text
from atlas.ingest.sentences import split_sentences
from atlas.ingest.temporal import find_dates
from atlas.ingest.text import decode_article, html_title, html_to_text

ROOT = Path(__file__).resolve().parent.parent


def values(text: str, published: str) -> list[str]:
    return [str(d.to_json()["value"]) for d in find_dates(text, PartialDate.parse(published))]


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("He met Putin on September 28 in Moscow.", "2023-11-06", ["2023-09-28"]),
        ("Yevkurov came on August 22. The plane crashed the next day.", "2023-11-06", ["2023-08-22", "2023-08-23"]),
        ("Last December, Haftar arrived in Moscow.", "2017-01", ["2016-12"]),
        ("Haftar tried in 2019-2020 to take Tripoli.", "2023-11-06", ["2019/2020"]),
        ("It happened in late September.", "2023-11-06", ["2023-09"]),
        ("He visited Moscow early last month.", "2017-01-15", ["2016-12"]),
        ("already in January 2017", "2023-11-06", ["2017-01"]),
        ("On 22 August 2023 he landed; a month later he met Putin.", "2023-11-06", ["2023-08-22", "2023-09"]),
        ("The 2,000 fighters stayed.", "2023-11-06", []),
        ("On 2023-10-05 it docked.", "2023-11-06", ["2023-10-05"]),
        ("Talks on 25/10/2023 and 10/25/2023 failed.", "2023-11-06", ["2023-10-25", "2023-10-25"]),
        ("Talks on 03/04/2023 failed.", "2023-11-06", ["2023"]),  # 3 April or 4 March: only the year is sure
        ("Between 2015 and 2017 the base grew.", "2023-11-06", ["2015/2017"]),
        ("From 2019 to 2020 Wagner fought.", "2023-11-06", ["2019/2020"]),
        ("Le 5 octobre 2023, Haftar est arrivé à Moscou.", "2023-11-06", ["2023-10-05"]),  # via dateparser
        ("El 28 de septiembre de 2023 se reunió con Putin.", "2023-09-30", ["2023-09-28"]),
        ("5 октября 2023 года он прибыл.", "2023-11-06", ["2023-10-05"]),
        ("En octobre 2023, rien.", "2023-11-06", ["2023-10"]),  # a month stays a month
        # the night before publication, or before the day just named; a night before a noun is no date
        ("Drones hit the Jufra airfield last night, a local official said.", "2024-03-06", ["2024-03-05"]),
        ("Guards said the convoy had crossed into Sabha the previous night.", "2024-03-06", ["2024-03-05"]),
        (
            "On 4 March 2024 the ship docked. The previous night, a convoy left.",
            "2024-03-20",
            ["2024-03-04", "2024-03-03"],
        ),
        ("He fled the night before the vote.", "2024-03-06", []),
    ],
)
def test_dates_resolve_with_their_precision(text, published, expected):
    assert values(text, published) == expected


def test_last_night_is_a_day_counted_from_publication_and_says_so():
    (night,) = find_dates("Drones hit the Jufra airfield last night.", PartialDate.parse("2024-03-06"))
    assert (night.precision, night.rule, night.anchored_to) == ("day", "deictic", "publication (the evening before)")


def test_next_day_without_a_day_before_it_is_not_invented():
    assert values("In 2019 it began. The next day it ended.", "2023-11-06") == ["2019"]


def test_sentences_keep_offsets():
    text = "Gen. Haftar met Mr. Putin. Then he left!\nNew paragraph"
    spans = split_sentences(text)
    assert [text[a:b] for a, b in spans] == ["Gen. Haftar met Mr. Putin.", "Then he left!", "New paragraph"]


def test_places_aliases_persons_and_repeats(gazetteer):
    text = "Russian President Vladimir Putin met Haftar in Tubruq. Later, Haftar flew from Tobruk to Tartous."
    report = ingest_text(text, "2023-11-06", gazetteer=gazetteer)
    names = [p.name for p in report.places]
    assert "Vladimir" not in names
    assert names.count("Tobruk") == 1 and "Tubruq" in names and "Tartous" in names
    tubruq = next(p for p in report.places if p.name == "Tubruq")
    assert tubruq.resolved and abs(tubruq.lat - 32.08) < 0.1
    assert text[tubruq.start_offset : tubruq.end_offset] == "Tubruq"


def test_an_article_with_no_places_gives_no_candidates(gazetteer):
    report = ingest_text("Nothing to see here, only words and numbers like 42.", "2023-11-06", gazetteer=gazetteer)
    assert report.places == [] and report.candidates == []


def test_candidates_carry_layer_status_and_sentence(gazetteer):
    text = "Russia aims to open a military port in Tobruk in 2024. Debka claimed a base near Benghazi in 2016."
    report = ingest_text(text, "2023-11-06", gazetteer=gazetteer)
    first, second = report.candidates
    assert (first.layer, first.status) == ("port_plans", "planned")
    assert second.status == "claimed"
    assert text[first.start_offset : first.end_offset] == first.sentence


@pytest.mark.parametrize(
    ("seed", "published"),
    [("russia-tobruk-port-2023", "2023-11-06"), ("haftar-kuznetsov-tobruk-2017", "2017-01")],
)
def test_cli_finds_every_place_the_map_has_for_a_seed(seed, published, atlas, capsys):
    assert main(["ingest", str(ROOT / "seeds" / f"{seed}.txt"), "--published", published, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    found = {p["name"] for p in report["places"] if p["resolved"]}
    text = atlas.seed_texts[seed]
    expected = set()
    for x in atlas.excerpts:
        if x.source_id != seed:
            continue
        place = atlas.places[atlas.events[x.event_id].place_id]
        expected |= {n for n in (place.name, *place.aliases) if n in x.quote and n in text}
    missing = {n for n in expected if not any(n in f or f in n for f in found)}
    assert not missing, missing
    assert report["candidates"] and report["dates"]


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "a.txt", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a.txt", "binary"),
        ("Tobruk é".encode("latin-1"), "a.txt", "not UTF-8"),
        (b"x" * 10_000_000, "a.txt", "MB"),
        (b"hello", "a.exe", "not a .txt"),
        (b"<html><script>alert(1)</script></html>", "a.html", "no text"),
    ],
)
def test_bad_input_gets_a_clear_message(data, name, message):
    with pytest.raises(ArticleError, match=message):
        decode_article(data, name)


def test_cli_refuses_a_binary_file_cleanly(tmp_path, capsys):
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x00\x01\x02" * 100)
    assert main(["ingest", str(path), "--published", "2023-11-06"]) == 2
    assert "binary" in capsys.readouterr().err


def test_an_html_page_offers_its_headline_as_the_title():
    assert html_title("<title>Site | Story</title><nav>Home</nav><h1> Ships in\n Tobruk </h1>") == "Ships in Tobruk"
    assert html_title("<title>A &amp; B</title>") == "A & B"
    assert html_title("<p>no title</p>") == ""


def test_html_is_reduced_to_visible_text():
    text = html_to_text(
        "<html><head><title>t</title><style>p{}</style></head><body><p>Russia &amp; Libya</p>"
        "<script>evil()</script><p>Tobruk</p></body></html>"
    )
    assert text == "Russia & Libya\nTobruk"


# ---- candidates a reviewer can accept as they are (sentences written for these tests) ----


def only(text: str, published: str, gazetteer):
    (candidate,) = ingest_text(text, published, gazetteer=gazetteer).candidates
    return candidate


@pytest.mark.parametrize(
    ("text", "layer", "status"),
    [
        ("Haftar met Putin in Moscow on 28 September 2023.", "diplomacy", "reported"),
        ("Russia seeks docking rights in Tobruk, officials said on 2 May 2024.", "port_plans", "planned"),
        ("A naval base at Tobruk was discussed on 2 May 2024.", "port_plans", "planned"),
        ("Wagner fighters were stationed in Sirte in June 2020.", "wagner_sites", "reported"),
        ("Russian troops were deployed to Benghazi in March 2024.", "bases", "reported"),
        ("Clashes broke out in Tripoli on 27 August 2023.", "conflict", "reported"),
        ("Russian cargo flights landed in Benghazi in February 2024.", "logistics", "reported"),
        ("Debka claimed Russian instructors were in Tobruk in 2016.", "bases", "claimed"),
        ("Rival forces in Tripoli exchanged fire on 15 May 2024.", "conflict", "reported"),
    ],
)
def test_layer_and_status_come_from_the_event_word_nearest_the_place(text, layer, status, gazetteer):
    c = only(text, "2024-06-01", gazetteer)
    assert (c.layer, c.status) == (layer, status)


def test_the_date_nearest_the_event_wins_with_its_precision(gazetteer):
    text = (
        "In a statement on 3 October 2023, the LNA said Haftar met Putin in Moscow in late September "
        "to discuss the port."
    )
    c = only(text, "2023-10-05", gazetteer)
    assert c.date.text == "late September" and c.date.value.iso() == "2023-09" and c.date.precision == "month"
    assert c.layer == "diplomacy" and c.end == "2023-09"  # a meeting ends when it starts


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Russian cargo planes landed at al-Jufra, near Hun, Waddan and Sokna, in late September.", "2023-09"),
        ("Earlier this year, Russian advisers arrived in Sirte.", "2023"),
        ("Last week, a Russian transport plane landed in Benghazi.", "2023-09-28"),
        ("Talks were held in Benghazi on 5-7 October 2023.", "2023-10-05/2023-10-07"),
        ("Between March and May 2023, flights to Benghazi doubled.", "2023-03/2023-05"),
    ],
)
def test_vague_dates_and_ranges_relative_to_publication(text, value, gazetteer):
    c = ingest_text(text, "2023-10-05", gazetteer=gazetteer).candidates[0]
    assert str(c.date.to_json()["value"]) == value


def test_a_card_dated_last_night_says_it_is_counted_from_publication(gazetteer):
    from atlas.ingest.candidates import relative_date_note

    report = ingest_text("A Russian cargo plane landed in Benghazi last night.", "2024-03-20", gazetteer=gazetteer)
    (c,) = report.candidates
    assert (c.date.value.iso(), c.date.precision) == ("2024-03-19", "day")
    note = relative_date_note(c.date, report.published)
    assert "“last night” is counted from the publication date (20 March 2024): 19 March 2024, to the day" in note
    assert relative_date_note(find_dates("On 4 March 2024 it docked.", report.published)[0], report.published) == ""


def test_with_no_date_the_publication_date_stands_in_and_the_card_says_so(gazetteer):
    from atlas.ingest.candidates import describe_evidence

    report = ingest_text("Russian instructors are training fighters in Sirte.", "2024-03-20", gazetteer=gazetteer)
    (c,) = report.candidates
    assert c.date is None
    why = describe_evidence(c.places[0], c.date, published=report.published, cue=c.cue, status=c.status)
    assert "publication date (20 March 2024) stands in" in why


@pytest.mark.parametrize(
    ("text", "end"),
    [
        ("Russia plans to open a naval base in Tobruk in 2025.", ""),  # planned: open-ended
        ("Wagner fighters have been stationed in Sirte since June 2020.", ""),  # a presence goes on
        ("Wagner fighters withdrew from Sirte in June 2020.", "2020-06"),  # the text ends it
        ("Haftar met Putin in Moscow on 28 September 2023.", "2023-09-28"),
        ("Russia plans a naval base in Tobruk between 2025 and 2027.", "2027"),  # the text gives an end
    ],
)
def test_planned_and_ongoing_items_have_no_end_unless_the_text_gives_one(text, end, gazetteer):
    assert only(text, "2023-11-06", gazetteer).end == end


def test_titles_are_short_and_summaries_quote_the_excerpt(gazetteer):
    from atlas.ingest.candidates import suggest_summary

    text = "Russian cargo planes landed in Benghazi in late September, according to flight trackers."
    c = only(text, "2023-10-05", gazetteer)
    assert c.title == "Russian flights to Benghazi"
    summary = suggest_summary(c, c.places[0], "Libya Observer")
    assert summary == f"Libya Observer reports flights to Benghazi, September 2023: “{c.sentence}”"
    assert "confidence" not in summary and "read as" not in summary  # the reasoning is the why line's


def test_fetch_reads_a_local_page_and_says_when_there_is_no_network(local_site):
    from atlas.ingest.fetch import FetchError, fetch_article

    article = fetch_article(f"{local_site}/article.html")
    assert "near Hun, Waddan and Sokna" in article.text and "newsletter" not in article.text
    assert article.outlet == "Desert Wire"
    with pytest.raises(FetchError, match="may be offline"):
        fetch_article("http://127.0.0.1:9/none", timeout=2)
    with pytest.raises(FetchError, match="404"):
        fetch_article(f"{local_site}/missing.html")
    with pytest.raises(FetchError, match="http"):
        fetch_article("file:///etc/passwd")


def test_cli_reads_a_folder_into_one_review_file_per_article(tmp_path, capsys):
    folder, out = tmp_path / "articles", tmp_path / "reviews"
    folder.mkdir()
    (folder / "2023-10-05-moscow.txt").write_text("Haftar met Putin in Moscow in late September.", encoding="utf-8")
    (folder / "2024-03-20-benghazi.txt").write_bytes((ROOT / "tests" / "articles" / "benghazi-2024.txt").read_bytes())
    (folder / "notes.txt").write_text("No date in this name.", encoding="utf-8")
    (folder / "image.png").write_bytes(b"\x89PNG")  # not an article: left alone
    assert main(["ingest", str(folder), "--out", str(out)]) == 1  # one article could not be read
    assert sorted(p.name for p in out.iterdir()) == [
        "2023-10-05-moscow.review.json",
        "2024-03-20-benghazi.review.json",
        "notes.review.json",
    ]
    moscow = json.loads((out / "2023-10-05-moscow.review.json").read_text(encoding="utf-8"))
    (meeting,) = moscow["candidates"]
    assert meeting["start"] == "2023-09" and meeting["same_events"] == ["haftar-putin-moscow-2023"]
    assert "no publication date" in json.loads((out / "notes.review.json").read_text(encoding="utf-8"))["error"]
    assert main(["ingest", str(folder), "--out", str(out), "--published", "2024-01-01"]) == 0


def test_a_flight_lands_at_the_air_base_not_the_town_it_is_near(gazetteer):
    """'at X air base near Y': X is where it happened, 'air base' is part of X's name, and a landing is logistics;
    what departed from a place is a flight from it."""
    from atlas.dates import PartialDate
    from atlas.ingest import ingest_text

    text = (
        "BENGHAZI, 28 September 2025 - A Russian Ilyushin Il-76 cargo aircraft landed at al-Khadim air base near "
        "Benghazi on 26 September 2025, according to two airport workers.\n"
        "The aircraft had departed from Hmeimim in Syria the previous night."
    )
    report = ingest_text(text, PartialDate.parse("2025-09-28"), gazetteer=gazetteer)
    landing, departure = report.candidates
    assert landing.places[0].ref == "al-khadim-air-base"
    assert (landing.layer, landing.title) == ("logistics", "Russian flights to al-Khadim")  # the article stays
    assert departure.places[0].ref == "hmeimim-air-base"
    assert (departure.layer, departure.title) == ("logistics", "Flights from Hmeimim")
    # "the previous night" is the night before the day just named (26 September), to the day
    assert (departure.date.text, departure.date.value.iso()) == ("the previous night", "2025-09-25")


def test_a_card_says_when_its_place_was_matched_by_a_spelling_variant():
    from atlas.gazetteer import geonames_gazetteer
    from atlas.ingest.candidates import describe_evidence

    text = (
        "Libyan officials said the fighters left Sirte last week. Libya's army said Russian instructors are "
        "training fighters in Sokna. Libya denied it."
    )
    report = ingest_text(text, "2024-03-20", gazetteer=geonames_gazetteer())
    card = next(c for c in report.candidates if "Sokna" in c.sentence)
    sokna = next(p for p in card.places if p.name == "Sokna")
    why = describe_evidence(sokna, card.date, published=report.published)
    assert "Matched by spelling variant (the gazetteer writes “Sūknah”)" in why
    sirte = next(p for p in report.places if p.name == "Sirte")
    assert "spelling variant" not in describe_evidence(sirte, None)  # by its own name
