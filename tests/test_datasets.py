"""Bring your own events: the importer (both conventions, bad rows, dates with precision, replace), the
GeoParquet store, the DuckDB queries and the browser payload."""

from __future__ import annotations

import datetime as dt
import json
import os
import struct
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import strategies as st

from atlas.datasets import (
    ACLED,
    UCDP,
    DatasetError,
    detect,
    import_bytes,
    list_datasets,
    open_dataset,
    remove_dataset,
    slug,
    synthetic,
)
from atlas.datasets.conventions import COLUMNS, day_number, parse_date
from atlas.datasets.store import dataset_path, date_label

ROOT = Path(__file__).resolve().parent.parent
ACLED_HEADER = ",".join(COLUMNS[ACLED])
UCDP_HEADER = ",".join(COLUMNS[UCDP])


def acled(*rows: str) -> bytes:
    return "\n".join([ACLED_HEADER, *rows, ""]).encode()


def ucdp(*rows: str) -> bytes:
    return "\n".join([UCDP_HEADER, *rows, ""]).encode()


GOOD_ACLED = (
    "LBY1,2019-04-05,2019,1,Battles,Armed clash,LNA,GNA,Libya,Gharyan,32.17,13.02,1,Libya Observer,"
    '"Clashes near Gharyan, <b>not bold</b>",3'
)
GOOD_UCDP = (
    "244657,2019-04-04 00:00:00.000,2019-04-08 00:00:00.000,2,1,Government of Libya,LNA,Libya,"
    'Gharyan town,32.17,13.02,2,"Reuters, 8 April 2019",12'
)


def test_detects_each_convention_from_its_header_whatever_the_case_and_extra_columns():
    assert detect(list(COLUMNS[ACLED])) == ACLED
    assert detect([c.upper() for c in COLUMNS[UCDP]] + ["region", "admin1"]) == UCDP
    assert detect(["id", "date", "lat", "lon"]) is None


def test_a_file_in_neither_convention_imports_nothing_and_says_what_is_missing(tmp_path):
    report = import_bytes(b"id,date,lat,lon\n1,2019-01-01,1,2\n", "mine.csv", data_dir=tmp_path)
    assert report.path is None and report.rows == 0
    assert "ACLED lacks event_id_cnty" in str(report.problems[0]) and "UCDP GED lacks" in str(report.problems[0])
    assert list_datasets(tmp_path) == []


def test_acled_rows_become_a_dataset_with_precision_as_km_and_plain_text_notes(tmp_path):
    report = import_bytes(acled(GOOD_ACLED), "libya.csv", "Libya 2019", tmp_path)
    assert (report.rows, report.problems, report.convention) == (1, [], ACLED)
    ds = open_dataset("Libya 2019", tmp_path)
    row = ds.row(0)
    assert row["event_id"] == "LBY1" and row["precision_km"] == 5.0 and row["date"] == "5 April 2019"
    assert row["notes"] == "Clashes near Gharyan, <b>not bold</b>"  # kept as written; the page escapes it
    assert (row["actor1"], row["actor2"], row["fatalities"], row["source"]) == ("LNA", "GNA", 3, "Libya Observer")


def test_ucdp_rows_keep_their_date_range_violence_type_and_where_precision(tmp_path):
    report = import_bytes(ucdp(GOOD_UCDP), "ged.csv", None, tmp_path)
    assert (report.name, report.rows, report.convention) == ("ged", 1, UCDP)
    row = open_dataset("ged", tmp_path).row(0)
    assert row["date"] == "4–8 April 2019 (2–6 days)"
    assert (row["event_type"], row["actor1"], row["actor2"]) == ("State-based conflict", "Government of Libya", "LNA")
    assert (row["precision_km"], row["location"], row["fatalities"]) == (25.0, "Gharyan town", 12)
    assert row["source"] == "Reuters, 8 April 2019"


@pytest.mark.parametrize(
    ("precision", "date", "first", "last", "label"),
    [
        (1, "5 April 2019", "2019-04-05", "2019-04-05", "5 April 2019"),
        (2, "05-04-2019", "2019-04-02", "2019-04-08", "2–8 April 2019 (week)"),
        (3, "2019-04-15", "2019-04-01", "2019-04-30", "April 2019"),
        (2, "2019-12-30", "2019-12-27", "2020-01-02", "27 December 2019 – 2 January 2020 (week)"),
    ],
)
def test_acled_time_precision_is_the_interval_the_event_may_lie_in(tmp_path, precision, date, first, last, label):
    row = f"LBY1,{date},2019,{precision},Battles,,LNA,,Libya,,32.1,13.0,2,,,"
    assert import_bytes(acled(row), "x.csv", "x", tmp_path).problems == []
    got = open_dataset("x", tmp_path).row(0)
    assert (got["start"], got["end"]) == (
        day_number(dt.date.fromisoformat(first)),
        day_number(dt.date.fromisoformat(last)),
    )
    assert got["date"] == label and got["precision_km"] == 25.0


def test_bad_rows_are_reported_by_line_and_column_and_the_rest_import(tmp_path):
    rows = [
        GOOD_ACLED.replace("LBY1", "LBY1"),  # line 2
        'LBY2,2019-04-06,2019,1,Battles,,LNA,,Libya,,"91.5",13.0,1,,"two\nlines of notes",',  # 3-4: lat
        "LBY3,2019-02-30,2019,1,Battles,,LNA,,Libya,,32,13,1,,,",  # 5: no such day
        "LBY4,2019-04-06,2018,1,Battles,,LNA,,Libya,,32,13,1,,,",  # 6: year disagrees
        "LBY5,2019-04-06,2019,4,Battles,,LNA,,Libya,,32,13,1,,,",  # 7: time_precision
        "LBY6,2019-04-06,2019,1,Battles,,LNA,,Libya,,32,13,9,,,",  # 8: geo_precision
        "LBY7,2019-04-06,2019,1,Battles,,,,Libya,,32,13,1,,,",  # 9: no actor1
        "LBY8,2019-04-06,2019,1,Battles,,LNA,,Libya,,32,13,1,,,-2",  # 10: fatalities
        "LBY9,2019-04-06,2019,1,Battles",  # 11: too few cells
        GOOD_ACLED,  # 12: repeated id
        GOOD_ACLED.replace("LBY1", "LBY10"),  # 13: good
    ]
    report = import_bytes(acled(*rows), "mixed.csv", "mixed", tmp_path)
    found = {(p.row, p.column) for p in report.problems}
    assert found == {
        (3, "latitude"),
        (5, "event_date"),
        (6, "year"),
        (7, "time_precision"),
        (8, "geo_precision"),
        (9, "actor1"),
        (10, "fatalities"),
        (11, ""),
        (12, "event_id_cnty"),
    }
    assert report.rows == 2 and [open_dataset("mixed", tmp_path).row(i)["line"] for i in (0, 1)] == [2, 13]
    said = {p.row: str(p) for p in report.problems}
    assert said[3] == "mixed.csv line 3, column latitude [LBY2]: 91.5 is outside -90..90"
    assert "used by line 2" in said[12] and "has 5 cells, expected 16" in said[11]


def test_ucdp_bad_rows(tmp_path):
    rows = [
        GOOD_UCDP,
        GOOD_UCDP.replace("244657", "2").replace("2019-04-08", "2019-04-01"),  # end before start
        GOOD_UCDP.replace("244657", "3").replace(",2,1,Gov", ",6,1,Gov"),  # date_prec 6
        GOOD_UCDP.replace("244657", "4").replace("Libya,Gharyan town,32.17,13.02,2", "Libya,x,32.17,13.02,8"),
        GOOD_UCDP.replace("244657", "5").replace(",2,1,Gov", ",2,4,Gov"),  # type_of_violence 4
    ]
    report = import_bytes(ucdp(*rows), "ged.csv", "ged", tmp_path)
    assert report.rows == 1
    assert {(p.row, p.column) for p in report.problems} == {
        (3, "date_end"),
        (4, "date_prec"),
        (5, "where_prec"),
        (6, "type_of_violence"),
    }


def test_a_file_whose_every_row_is_bad_writes_nothing(tmp_path):
    report = import_bytes(acled("LBY1,not a date,2019,1,Battles,,LNA,,Libya,,32,13,1,,,"), "bad.csv", "bad", tmp_path)
    assert report.path is None and report.problems[-1].message == "no row could be imported"
    assert not (tmp_path / "datasets").exists() or list_datasets(tmp_path) == []


def test_non_utf8_is_refused_with_a_sentence(tmp_path):
    report = import_bytes(acled(GOOD_ACLED.replace("Gharyan", "Ghary\xe2n")).replace(b"\xc3\xa2", b"\xe2"), "x.csv")
    assert report.path is None and "not UTF-8" in str(report.problems[0])


def test_a_reimport_of_the_same_name_replaces_rather_than_duplicates(tmp_path):
    import_bytes(synthetic.acled_csv(30).encode(), "a.csv", "Libya events", tmp_path)
    second = import_bytes(synthetic.ucdp_csv(12, seed=2).encode(), "b.csv", "libya  EVENTS", tmp_path)
    assert second.replaced and second.name == "libya-events"
    sets = list_datasets(tmp_path)
    assert [(d.name, d.rows, d.convention) for d in sets] == [("libya-events", 12, UCDP)]
    assert sorted(p.name for p in (tmp_path / "datasets").iterdir()) == ["libya-events.parquet"]
    assert len(open_dataset("libya-events", tmp_path)) == 12


def test_names_are_slugged_and_confined_to_the_datasets_folder(tmp_path):
    assert slug("Libya ACLED 2020–2024") == "libya-acled-2020-2024"
    assert slug("../../etc/passwd") == "etc-passwd"
    folder = tmp_path / "datasets"
    assert dataset_path("../../etc/passwd", folder) == (folder / "etc-passwd.parquet").resolve()
    with pytest.raises(DatasetError):
        slug("../..")
    assert remove_dataset("../nothing", tmp_path) is False


def test_a_write_that_fails_leaves_the_old_set_whole_and_no_temporary_file(tmp_path, monkeypatch):
    import_bytes(synthetic.acled_csv(20).encode(), "a.csv", "keep", tmp_path)

    def fail(*_args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        import_bytes(synthetic.acled_csv(50, seed=3).encode(), "a.csv", "keep", tmp_path)
    monkeypatch.undo()
    assert [p.name for p in (tmp_path / "datasets").iterdir()] == ["keep.parquet"]
    assert len(open_dataset("keep", tmp_path)) == 20


def test_the_file_is_geoparquet_with_wkb_points(tmp_path):
    report = import_bytes(acled(GOOD_ACLED), "g.csv", "g", tmp_path)
    table = pq.read_table(report.path)
    geo = json.loads(table.schema.metadata[b"geo"])
    assert geo["primary_column"] == "geometry" and geo["columns"]["geometry"]["encoding"] == "WKB"
    order, kind, x, y = struct.unpack("<BIdd", table["geometry"][0].as_py())
    assert (order, kind, x, y) == (1, 1, 13.02, 32.17)


@pytest.fixture(scope="module")
def thousand(tmp_path_factory):
    folder = tmp_path_factory.mktemp("thousand")
    import_bytes(synthetic.acled_csv(1000).encode(), "s.csv", "synthetic", folder)
    return open_dataset("synthetic", folder)


def test_queries_by_year_mode_bounds_and_filters_agree_with_the_rows(thousand):
    rows = thousand.table.to_pylist()
    first, last = day_number(dt.date(2017, 1, 1)), day_number(dt.date(2017, 12, 31))
    state = [r for r in rows if r["start"] <= last and r["end"] >= first]
    assert thousand.count(2017) == len(state) > 0
    assert thousand.count(2017, "cumulative") == sum(r["start"] <= last for r in rows) > len(state)
    box = (30.0, 10.0, 33.0, 20.0)
    assert thousand.count(2017, bounds=box) == sum(30 <= r["lat"] <= 33 and 10 <= r["lon"] <= 20 for r in state)
    actors = ["Wagner Group", *synthetic.ACTORS[:12]]
    wanted = {"event_type": ["Battles", "Riots"], "actor": actors, "country": None}
    expect = [r for r in state if r["event_type"] in ("Battles", "Riots") and {r["actor1"], r["actor2"]} & set(actors)]
    assert thousand.count(2017, filters=wanted) == len(expect) > 0
    page = thousand.page(2017, filters=wanted, limit=5)
    assert page.total == len(expect)
    assert [r["row"] for r in page.rows] == [r["row"] for r in sorted(expect, key=lambda r: (r["start"], r["row"]))][:5]


def test_paging_walks_the_whole_list_once(thousand):
    seen = []
    for offset in range(0, thousand.count(2015) + 50, 50):
        seen += [r["row"] for r in thousand.page(2015, offset=offset, limit=50).rows]
    assert len(seen) == len(set(seen)) == thousand.count(2015)


def test_browser_payload_has_the_agreed_columns_and_indices(thousand):
    payload = json.loads(thousand.browser_payload())
    n = payload["count"]
    assert n == 1000 and payload["name"] == "synthetic" and payload["label"] == "synthetic"
    for column in ("row", "lat", "lon", "start", "end", "precision_km", "event_type", "actor1", "actor2", "country"):
        assert len(payload[column]) == n, column
    cats = payload["categories"]
    assert set(cats) == {"event_type", "actor", "country"}
    rows = thousand.table.to_pylist()
    for i in (0, 17, 999):
        row = rows[i]
        assert payload["row"][i] == row["row"] and payload["start"][i] == row["start"]
        assert cats["event_type"][payload["event_type"][i]] == row["event_type"]
        assert cats["actor"][payload["actor1"][i]] == row["actor1"]
        assert (
            payload["actor2"][i] is None if not row["actor2"] else cats["actor"][payload["actor2"][i]] == row["actor2"]
        )
        assert cats["country"][payload["country"][i]] == row["country"]


def test_row_lookup_is_by_id_and_out_of_range_is_none(thousand):
    assert thousand.row(999)["row"] == 999 and thousand.row(1000) is None and thousand.row(-1) is None


def test_synthetic_files_are_seeded_and_import_cleanly(tmp_path):
    assert synthetic.acled_csv(50) == synthetic.acled_csv(50) != synthetic.acled_csv(50, seed=1)
    for text, convention in ((synthetic.acled_csv(300), ACLED), (synthetic.ucdp_csv(300), UCDP)):
        report = import_bytes(text.encode(), "s.csv", convention, tmp_path)
        assert (report.rows, report.problems, report.convention) == (300, [], convention)


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_every_date_format_reads_back_the_same_day(day):
    for text in (
        day.isoformat(),
        f"{day.day} {day.strftime('%B')} {day.year}",
        day.strftime("%d-%m-%Y"),
        day.strftime("%d/%m/%Y"),
        f"{day.isoformat()} 00:00:00.000",
        f"{day.day} {day.strftime('%b')} {day.year}",
    ):
        assert parse_date(text) == day


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)), st.integers(0, 40))
def test_a_date_label_never_claims_more_than_its_interval(day, width):
    end = day + dt.timedelta(days=width)
    label = date_label(day_number(day), day_number(end), "range")
    if width == 0:
        assert label == f"{day.day} {day.strftime('%B')} {day.year}"
    else:
        assert str(end.year) in label and (label.endswith("(range)") or label == f"{day.strftime('%B')} {day.year}")


def test_command_line_import_replace_and_refusal(tmp_path):
    csv_file = tmp_path / "events.csv"
    csv_file.write_bytes(acled(GOOD_ACLED, "LBY2,2019-13-01,2019,1,Battles,,LNA,,Libya,,32,13,1,,,"))

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "atlas", "--data", str(tmp_path), "import", *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )

    done = run(str(csv_file), "--name", "Libya 2019")
    assert done.returncode == 0, done.stderr
    assert "imported 'Libya 2019' (ACLED): 1 events as 'libya-2019'; 1 row(s) left out" in done.stdout
    assert "events.csv line 3, column event_date [LBY2]" in done.stderr
    again = run(str(csv_file), "--name", "Libya 2019")
    assert again.returncode == 0 and "replaced 'Libya 2019'" in again.stdout
    (tmp_path / "other.csv").write_text("a,b\n1,2\n")
    refused = run(str(tmp_path / "other.csv"))
    assert refused.returncode == 1 and "neither ACLED nor UCDP GED" in refused.stderr
    assert run(str(tmp_path / "missing.csv")).returncode == 2
