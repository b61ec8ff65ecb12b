import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from atlas.dates import PartialDate, human_span


@st.composite
def partial_dates(draw):
    day = draw(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
    precision = draw(st.sampled_from(["year", "month", "day"]))
    return PartialDate(day.year, day.month if precision != "year" else None, day.day if precision == "day" else None)


@given(partial_dates())
def test_iso_round_trip_keeps_precision(d):
    again = PartialDate.parse(d.iso())
    assert again == d
    assert again.precision == d.precision


@given(partial_dates())
def test_interval_contains_its_first_and_last_day(d):
    assert d.first_day <= d.last_day
    assert d.first_day.year == d.last_day.year == d.year


def test_human_labels_keep_precision():
    assert PartialDate.parse("2016-11").human() == "November 2016"
    assert PartialDate.parse("2016").human() == "2016"
    assert PartialDate.parse("2016-11-27").human() == "27 November 2016"
    assert PartialDate.parse("2016-02").last_day == dt.date(2016, 2, 29)


def test_spans():
    a, b = PartialDate.parse("2016-11-27"), PartialDate.parse("2016-11-29")
    assert human_span(a, b) == "27–29 November 2016"
    assert human_span(a, None) == "since 27 November 2016"
    assert human_span(a, a) == "27 November 2016"


@pytest.mark.parametrize("bad", ["", "2016-13", "2023-02-30", "16-11-2016", "November 2016", "2016-1"])
def test_bad_dates_are_refused_with_a_sentence(bad):
    with pytest.raises(ValueError, match=r"\w"):
        PartialDate.parse(bad)
