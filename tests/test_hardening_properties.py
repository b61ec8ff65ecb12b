"""Properties of the hardened edges: any bytes load without an exception, a bad line never takes a good one
with it, text is shown as written (no markup, no bidi controls), ids cannot name a file outside seeds/,
and exported cells never start a spreadsheet formula."""

from __future__ import annotations

import csv
import html
import io
import os
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from atlas.export import spreadsheet_safe, to_csv
from atlas.load import COLUMNS, read_rows, seed_path
from atlas.model import Problem
from layers.markup import esc, md_escape, plain

SETTINGS = settings(
    max_examples=int(os.environ.get("FOOTPRINT_HYPOTHESIS_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _read(raw: bytes, name: str = "excerpts.csv") -> tuple[list[tuple[int, dict[str, str]]], list[Problem]]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(raw)
        problems: list[Problem] = []
        return read_rows(path, COLUMNS[name], problems), problems


@SETTINGS
@given(st.binary(max_size=2000))
@example(b'event_id,source_id,quote\n"unclosed\n')
@example(b"\xff\xfeevent_id")
@example(b"event_id,source_id,quote\r\nx,y,\x00z\r\n")
def test_any_bytes_load_without_an_exception_and_every_problem_is_placed(raw):
    rows, problems = _read(b"event_id,source_id,quote\n" + raw)
    lines = (b"event_id,source_id,quote\n" + raw).count(b"\n") + (b"event_id,source_id,quote\n" + raw).count(b"\r") + 1
    for p in problems:
        assert p.file == "excerpts.csv" and p.message
        assert p.row is None or 1 <= p.row <= lines
    for line, row in rows:
        assert 2 <= line <= lines and set(row) == set(COLUMNS["excerpts.csv"])


GOOD = st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc"], blacklist_characters='"'), max_size=30)
BAD_LINES = [b'x,"never closed,y', b"x,\xe9\xff,y", b"x,y", b"x,y,z,w", b"x,y," + b"q" * 25_000, b"x,\x00,y"]


@SETTINGS
@given(st.lists(st.tuples(GOOD, GOOD, GOOD), min_size=1, max_size=12), st.integers(0, 12), st.sampled_from(BAD_LINES))
def test_a_bad_line_is_named_and_never_takes_a_good_row_with_it(good, where, bad):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS["excerpts.csv"])
    rows = [(f"e{i}", "s", f"q{i} {c}") for i, (_a, _b, c) in enumerate(good)]
    writer.writerows(rows)
    lines = buffer.getvalue().encode().split(b"\n")
    where = min(where, len(rows)) + 1
    lines.insert(where, bad)
    loaded, problems = _read(b"\n".join(lines))
    assert [r["event_id"] for _, r in loaded] == [r[0] for r in rows], "a good row was lost"
    assert [p.row for p in problems] == [where + 1], "the bad line must be named by its line"


@SETTINGS
@given(st.text(max_size=200))
@example("[click](http://evil.example) ![](http://evil.example/x.png) <b>x</b> &amp; \u202e2016")
def test_text_is_shown_as_written(text):
    escaped = esc(text)
    assert "<" not in escaped and ">" not in escaped and '"' not in escaped and not BIDI.search(escaped)
    assert html.unescape(escaped) == plain(text)
    md = md_escape(text)
    assert not BIDI.search(md)
    # every markdown-active character is escaped: removing the escapes gives the text back
    assert re.sub(r"\\(.)", r"\1", md) == plain(text)
    for special in "[]()!<>`*_#&":
        assert md.count(special) == md.count("\\" + special)


@SETTINGS
@given(st.text(max_size=80))
@example("../../etc/passwd")
@example("/etc/hostname")
@example("a\x00b")
def test_a_source_id_never_names_a_file_outside_seeds(sid):
    seeds = Path("/srv/footprint/seeds")
    try:
        path = seed_path(seeds, sid)
    except ValueError:
        return
    assert path.parent == seeds and path.name == f"{sid}.txt" and ".." not in sid.split(".")[0:1]


@SETTINGS
@given(st.one_of(st.text(max_size=40), st.floats(allow_nan=False), st.integers()))
@example("=HYPERLINK(1)")
@example("-3.5")
@example("@SUM(1)")
@example("\uff1dcmd")
def test_exported_cells_never_start_a_formula(value):
    safe = spreadsheet_safe(value)
    if not isinstance(value, str):
        assert safe == value
        return
    if safe != value:
        assert safe == "'" + value
    elif value.startswith(("=", "+", "-", "@", "\t", "\r")):
        float(value)  # only a number may keep its sign


def test_the_csv_export_neutralises_every_text_cell():
    feature = {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [-5.35, 36.14]},
        "properties": {"id": "x", "title": "=cmd|' /C calc'!A0", "attribution": "@SUM(1)", "summary": "-2+3"},
    }
    rows = list(csv.DictReader(io.StringIO(to_csv({"type": "FeatureCollection", "features": [feature]}))))
    assert rows[0]["title"].startswith("'=") and rows[0]["attribution"].startswith("'@")
    assert rows[0]["summary"] == "'-2+3" and rows[0]["lon"] == "-5.35"


@pytest.mark.parametrize("column", sorted({c for cols in COLUMNS.values() for c in cols}))
def test_no_column_is_left_unbounded(column):
    from atlas.load import MAX_CELL, MAX_OTHER_CELL

    assert MAX_CELL.get(column, MAX_OTHER_CELL) <= 20_000
