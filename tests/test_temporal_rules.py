"""Dates as an analyst reads them in news copy (issue #13): the publication's own weekday, a weekday without
"on", a span of two dates, a bare month before a noun, a span that ends at the publication. Sentences written
for these tests; the publication dates are chosen for their weekday (2025-03-04 is a Tuesday)."""

from __future__ import annotations

import pytest

from atlas.dates import PartialDate
from atlas.ingest import ingest_text
from atlas.ingest.temporal import DateMention, find_dates

TUESDAY = "2025-03-04"


def read(text: str, published: str) -> list[tuple[str, str]]:
    return [(d.text, str(d.to_json()["value"])) for d in find_dates(text, PartialDate.parse(published))]


def only(text: str, published: str) -> DateMention:
    (mention,) = find_dates(text, PartialDate.parse(published))
    return mention


# 1. The publication's own weekday is that day, not the week before.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The ministry said on Tuesday that the convoy had left the depot.", "2025-03-04"),
        ("On Tuesday, two transport planes landed at the airfield.", "2025-03-04"),
        ("The governor spoke late on Tuesday after the talks.", "2025-03-04"),
    ],
)
def test_the_publication_weekday_is_the_publication_day(text, expected):
    mention = only(text, TUESDAY)
    assert (str(mention.value), mention.precision, mention.rule) == (expected, "day", "deictic")


def test_other_weekdays_are_the_last_one_before_and_last_weekday_is_a_week_back():
    assert read("The ministry said on Tuesday that the convoy had left.", TUESDAY) == [("on Tuesday", "2025-03-04")]
    # guards of the rule that stays: a later weekday is last week's, "last Tuesday" on a Tuesday a week back
    assert read("The ships docked on Friday.", TUESDAY) == [("on Friday", "2025-02-28")]
    assert read("The ships docked on Monday.", TUESDAY) == [("on Monday", "2025-03-03")]
    assert read("The ships docked last Tuesday.", TUESDAY) == [("last Tuesday", "2025-02-25")]


# 2. A weekday without "on".
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Militiamen shelled Saturday the outskirts of the town.", [("Saturday", "2025-03-01")]),
        ("Early Sunday, a column of trucks crossed the border.", [("Early Sunday", "2025-03-02")]),
        ("The envoy arrived late Monday, officials said.", [("late Monday", "2025-03-03")]),
        ("Engineers said Tuesday the runway was ready.", [("Tuesday", "2025-03-04")]),
        ("Monday's raid destroyed two hangars.", [("Monday", "2025-03-03")]),
    ],
)
def test_a_weekday_without_on_is_read(text, expected):
    assert read(text, TUESDAY) == expected


def test_a_weekday_that_is_a_name_or_a_habit_is_no_date():
    assert read("Drones hit the depot early Friday; the market closes every Friday.", TUESDAY) == [
        ("early Friday", "2025-02-28")
    ]
    for text in (
        "The market closes every Friday.",
        "The ceasefire held over Good Friday.",
        "Crowds gathered after Friday prayers.",
        "Shops shut on Fridays.",
    ):
        assert read(text, TUESDAY) == [], text


# 3. Two dates joined are one span, each side at its own precision.
@pytest.mark.parametrize(
    ("text", "published", "expected", "precision"),
    [
        ("Flights were logged between 3 February 2021 and 9 March 2022.", TUESDAY, "2021-02-03/2022-03-09", "day"),
        ("Flights were logged between Oct. 5, 2019 and Jan. 20, 2020.", TUESDAY, "2019-10-05/2020-01-20", "day"),
        ("The drills ran from 12 to 19 May 2021 off the coast.", TUESDAY, "2021-05-12/2021-05-19", "day"),
        ("The drills ran March 30 – April 2, 2023 off the coast.", TUESDAY, "2023-03-30/2023-04-02", "day"),
        # a start with no year takes it from the end: 28 December before 3 January 2024 is in 2023
        ("The airlift lasted from Dec. 28 to Jan. 3, 2024.", TUESDAY, "2023-12-28/2024-01-03", "day"),
        ("The airlift lasted from 9 to 14 February.", TUESDAY, "2025-02-09/2025-02-14", "day"),
        ("Patrols were doubled from July 2022 to April 2023.", TUESDAY, "2022-07/2023-04", "month"),
    ],
)
def test_two_dates_joined_are_one_span(text, published, expected, precision):
    mention = only(text, published)
    assert (mention.to_json()["value"], mention.precision, mention.end_value is not None) == (
        expected,
        precision,
        True,
    )


def test_a_span_backwards_is_no_span():
    # "from 20 to 4 March 2024" is no span (it would end before it starts): only its whole date is read
    for text in ("Shipments fell from 20 to 4 March 2024.", "Shipments fell 20-4 March 2024."):
        (mention,) = find_dates(text, PartialDate.parse(TUESDAY))
        assert (str(mention.value), mention.end_value) == ("2024-03-04", None), text


# 4. A bare month before a noun: the latest such month on or before the publication.
@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("In an internal October memo, the monitors counted forty aircraft.", TUESDAY, [("October", "2024-10")]),
        ("The August raid destroyed two hangars.", TUESDAY, [("August", "2024-08")]),
        ("Their March statement named the brigade.", TUESDAY, [("March", "2025-03")]),
        ("A leaked May briefing said the base had grown.", "2024-05-20", [("May", "2024-05")]),
    ],
)
def test_a_bare_month_before_a_noun_is_that_month(text, published, expected):
    assert read(text, published) == expected
    mention = only(text, published)
    assert (mention.precision, mention.rule, mention.anchored_to) == ("month", "deictic", "publication")


def test_may_the_verb_and_names_are_no_month():
    assert read("The June offensive stalled; officials may visit the front.", TUESDAY) == [("June", "2024-06")]
    for text in (
        "Officials may visit the front.",
        "May officials visit the front?",
        "The report May be late, said the clerk.",
        "The envoy met Theresa May in London.",
        "The March to the sea began.",
    ):
        assert read(text, TUESDAY) == [], text


# 5. "Over the last fortnight": a span ending at the publication, at the precision of its unit.
@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("Over the last fortnight, the convoys moved south.", "2025-02-18/2025-03-04", "day"),
        ("In the past two weeks, the convoys moved south.", "2025-02-18/2025-03-04", "day"),
        ("The convoys moved south over the past 10 days.", "2025-02-22/2025-03-04", "day"),
        ("The convoys moved south over the past month.", "2025-02/2025-03", "month"),
        ("Within the last three months the depot grew.", "2024-12/2025-03", "month"),
        ("During the past year the depot grew.", "2024/2025", "year"),
    ],
)
def test_a_span_ending_at_publication_is_read_with_its_precision(text, expected, precision):
    mention = only(text, TUESDAY)
    assert (mention.to_json()["value"], mention.precision, mention.rule) == (expected, precision, "deictic")
    assert mention.anchored_to.startswith("publication")


def test_the_last_week_of_a_month_is_no_span_ending_at_publication():
    assert read("Over the last fortnight the depot grew.", TUESDAY) == [
        ("Over the last fortnight", "2025-02-18/2025-03-04")
    ]
    assert all("/" not in v for _, v in read("In the last week of March the depot grew.", TUESDAY))


# 6. A card dated by its own sentence, not by an unrelated date paragraphs before.
def test_a_card_takes_the_date_its_own_sentence_gives():
    text = (
        "The commander was sacked last year after a dispute over pay.\n\n"
        "In an internal October memo, monitors counted forty aircraft at Benghazi.\n\n"
        "Flights to Benghazi were logged between 3 February 2024 and 9 March 2024."
    )
    report = ingest_text(text, TUESDAY)
    dated = {
        c.sentence[:20]: (c.date.to_json()["value"] if c.date else None, c.date_inherited) for c in report.candidates
    }
    assert dated == {
        "In an internal Octob": ("2024-10", False),
        "Flights to Benghazi ": ("2024-02-03/2024-03-09", False),
    }
