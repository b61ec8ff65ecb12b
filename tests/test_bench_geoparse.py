"""The geoparsing benchmark's own arithmetic and readers, on tiny corpora in the real formats."""

from __future__ import annotations

import importlib.util
import json
import math
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("geoparse", ROOT / "bench" / "geoparse.py")
geoparse = importlib.util.module_from_spec(spec)
sys.modules["geoparse"] = geoparse  # dataclasses look their module up there
spec.loader.exec_module(geoparse)

TEXT = "Flights from Cairo to Tripoli resumed. Russia said so."
GWN = f"""<?xml version="1.0" ?><articles><article file="0"><title>t</title><link>l</link><text>{TEXT}</text>
<toponyms>
<toponym><extractedName>Cairo</extractedName><type>Literal</type><start>13</start><end>18</end>
<latitude>30.06263</latitude><longitude>31.24967</longitude></toponym>
<toponym><extractedName>Tripoli</extractedName><type>Literal</type><start>22</start><end>29</end>
<latitude>32.88743</latitude><longitude>13.18733</longitude></toponym>
<toponym><extractedName>Russia</extractedName><type>Metonymic</type><start>39</start><end>45</end>
<latitude>60</latitude><longitude>100</longitude></toponym>
</toponyms></article></articles>"""
# TR-News style, with the second span off by one as in the real file.
TR = f"""<?xml version="1.0" ?><articles><article docid="1"><title>t</title><url>u</url><dltime>2018</dltime>
<text><![CDATA[{TEXT}]]></text><toponyms>
<toponym><start>13</start><end>18</end><phrase>Cairo</phrase><gaztag geonameid="360630"><name>Cairo</name>
<lat>30.06263</lat><lon>31.24967</lon></gaztag></toponym>
<toponym><start>21</start><end>28</end><phrase>Tripoli</phrase><gaztag geonameid="2210247"><name>Tripoli</name>
<lat>32.88743</lat><lon>13.18733</lon></gaztag></toponym>
</toponyms></article></articles>"""


def test_auc_is_zero_for_perfect_and_one_for_worst():
    assert geoparse.auc([0.0, 0.0, 0.0]) == 0.0
    assert geoparse.auc([geoparse.MAX_KM] * 3) == pytest.approx(1.0, abs=1e-4)
    assert 0 < geoparse.auc([0.0, 100.0, 5000.0]) < 1


def test_matching_is_one_to_one_by_overlap():
    gold = [geoparse.Gold(0, 5, None, None), geoparse.Gold(10, 15, None, None)]
    assert geoparse.match([(0, 5), (1, 4), (12, 20)], gold) == [(0, 0), (2, 1)]


def test_readers_repair_spans_and_keep_literal_types(tmp_path):
    (tmp_path / "GWN.xml").write_text(GWN, encoding="utf-8")
    (tmp_path / "TR-News.xml").write_text(TR, encoding="utf-8")
    (gwn,) = geoparse.load_gwn(tmp_path / "GWN.xml")
    assert [TEXT[g.start : g.end] for g in gwn.gold] == ["Cairo", "Tripoli"] and gwn.non_literal == [(39, 45)]
    (tr,) = geoparse.load_tr_style(tmp_path / "TR-News.xml")
    assert [TEXT[g.start : g.end] for g in tr.gold] == ["Cairo", "Tripoli"]


def test_a_run_on_a_tiny_corpus_scores_what_it_should(tmp_path, gazetteer, capsys):
    (tmp_path / "GWN.xml").write_text(GWN, encoding="utf-8")
    (gwn,) = geoparse.load_gwn(tmp_path / "GWN.xml")
    report = geoparse.evaluate("GWN", [gwn], gazetteer, literal_only=True)
    assert (report.precision, report.recall) == (1.0, 1.0)  # the metonym "Russia said" is not predicted
    assert report.end_to_end.acc161 == 1.0 and report.gold_spans.acc161 == 1.0
    assert report.end_to_end.mean_km < 30
    assert 0 < report.cpu_articles_per_second < math.inf and 0 < report.articles_per_second < math.inf
    everything = geoparse.evaluate("GWN", [gwn], gazetteer, literal_only=False)
    assert everything.precision == pytest.approx(2 / 3)
    assert not math.isnan(everything.end_to_end_population.acc161)


def test_the_command_prints_a_table_and_writes_json(tmp_path, capsys):
    (tmp_path / "GWN.xml").write_text(GWN, encoding="utf-8")
    out = tmp_path / "figures.json"
    assert geoparse.main(["--corpora", "GWN", "--half", "all", "--data", str(tmp_path), "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "| GWN | all | 1 | 2 |" in printed and "articles/s (CPU)" in printed and "by CPU time" in printed
    assert json.loads(out.read_text())[0]["corpus"] == "GWN"
    assert geoparse.main(["--corpora", "LGL", "--data", str(tmp_path)]) == 2  # missing corpus: a clear error


def test_the_halves_are_fixed_by_id_and_split_a_corpus():
    halves = [geoparse.half_of("LGL", str(i)) for i in range(400)]
    assert halves == [geoparse.half_of("LGL", str(i)) for i in range(400)]  # the same every run
    assert 150 < halves.count("dev") < 250


def test_drifted_offsets_are_reanchored_nearby_and_lost_ones_reported(tmp_path):
    text = "Cairo, Tripoli. Later Tripoli again."
    tr = f"""<?xml version="1.0" ?><articles><article docid="7"><text><![CDATA[{text}]]></text><toponyms>
<toponym><start>10</start><end>17</end><phrase>Tripoli</phrase></toponym>
<toponym><start>26</start><end>33</end><phrase>Tripoli</phrase></toponym>
<toponym><start>0</start><end>5</end><phrase>Benghazi</phrase></toponym>
</toponyms></article></articles>"""
    (tmp_path / "TR-News.xml").write_text(tr, encoding="utf-8")
    (doc,) = geoparse.load_tr_style(tmp_path / "TR-News.xml")
    # each Tripoli to its own occurrence (drift 3 and 4), not the first one found after the offset
    assert [(g.start, text[g.start : g.end]) for g in doc.gold] == [(7, "Tripoli"), (22, "Tripoli")]
    assert doc.moved == [3, 4]
    assert doc.unplaced == ["article 7: 'Benghazi' at 0 is not within 15 characters"]
