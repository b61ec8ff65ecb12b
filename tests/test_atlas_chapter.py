"""The 2024–2026 chapter: on the page at 2025 and 2026 (AppTest, no browser), and the state-media/party filter."""

from __future__ import annotations

import json
import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from atlas.load import load_atlas
from atlas.outlets import outlet_label, rests_only_on_partisan
from atlas.queries import visible_events, year_range

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def _drawn_ids(year: int) -> set[str]:
    """What the page puts on the map at `year`: the renderer is sent the year (and draws from the payload), and
    the list of the year's events under the map is what it shows (both from atlas.queries.shown_events)."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["year"] = str(year)
    at.run()
    assert not at.exception, at.exception
    maps = [c for c in at.get("component_instance") if c.proto.component_name == "streamlit_folium.st_folium"]
    assert len(maps) == 1
    view = re.search(r"window\.footprint\.setView\((.*?)\);", json.loads(maps[0].proto.json_args)["feature_group"])
    assert view and json.loads(view.group(1))["year"] == year
    listed = at.radio(key="event_list")
    lines = set(listed.options)
    ids = {i for i in load_atlas().events if listed.format_func(i) in lines}  # the list shows lines, not ids
    assert len(ids) == len(lines)
    return ids


def test_the_years_run_to_2026(atlas):
    assert year_range(atlas)[1] >= 2026


def test_the_page_draws_the_2025_chapter():
    ids = _drawn_ids(2025)
    assert {"tartus-post-assad-status", "hmeimim-post-assad-status", "syria-russia-review-agreements-2025"} <= ids
    assert "tartus-naval-facility" not in ids  # the pre-2024 line ended with Assad's fall


def test_the_page_draws_the_2026_chapter():
    ids = _drawn_ids(2026)
    assert {"sharaa-putin-kremlin-2026", "qamishli-russian-deployment-2019-2026"} <= ids


def _partisan_filter(atlas, year: int) -> tuple[set[str], set[str]]:
    """(shown, hidden) when the reader hides what rests only on state media or a party."""
    events = visible_events(atlas, year, None, "cumulative")
    hidden = {e.id for e in events if rests_only_on_partisan(atlas, e)}
    return {e.id for e in events} - hidden, hidden


def test_the_state_media_filter_hides_what_rests_only_on_state_media_or_a_party(atlas):
    shown, hidden = _partisan_filter(atlas, 2026)
    assert "bogdanov-sharaa-damascus-2025" in hidden  # TASS alone
    assert "hmeimim-air-base" not in hidden and "hmeimim-air-base" in shown  # News Front and the 2017 seed
    assert "khaled-haftar-belousov-2025" in shown  # TASS, and Interfax (a wire)
    assert "qamishli-russian-deployment-2019-2026" in shown
    for event_id in hidden:
        sources = {x.source_id for x in atlas.excerpts_for(event_id)}
        assert all(atlas.sources[s].outlet_kind in ("state_media", "party") for s in sources), event_id


def test_the_panel_names_outlets_for_what_they_are(atlas):
    labels = {outlet_label(atlas.sources[x.source_id]) for x in atlas.excerpts_for("bogdanov-sharaa-damascus-2025")}
    assert labels == {"TASS — Russian state media"}
    hur = next(s for s in atlas.sources.values() if s.outlet_kind == "party")
    assert "party to the conflict" in outlet_label(hur)
