"""Footprint — the map page: widgets → atlas rules → the renderer's view, and the source panel.

The atlas reaches the browser once (layers.offline.publish_payload); each rerun sends only the view
(layers.mapview). The map column is a fragment: a year step, the mode, Play or a page of a dataset's rows redraws
it alone — not the source panel beside it, nor the options under it (layers, base map, datasets, distances).
Whenever what the panel shows changes (a click, a pick in the list, a year that hides the selected mark:
atlas.view.panel_subject), the map column asks for the whole page again. A click on the map is read at the top
of the map column, before anything is drawn, so the ring, the list and the panel always agree.
"""

from __future__ import annotations

import os
import time

import streamlit as st

from atlas.datasets import Dataset, DatasetInfo, import_bytes, list_datasets, remove_dataset
from atlas.datasets.store import FACETS
from atlas.datasets.view import dataset_params, filter_indices, parse_dataset_params
from atlas.export import feature_collection, to_csv, to_geojson
from atlas.geo import distance_km
from atlas.load import data_version
from atlas.queries import shown_events, wagner_site_counts
from atlas.timeline import clamp_year, play_next, play_start, year_axis
from atlas.view import View, clicked_target, panel_subject, parse_view, view_params, year_to_show
from layers import LAYERS, access, mapview, measure
from layers.atlas_cache import atlas_and_payload, coverage
from layers.basemap import BASEMAPS, NATURAL_EARTH
from layers.datasets import import_report_text, publish_dataset, row_html
from layers.map_component import arguments, show_map
from layers.markup import esc, md_escape
from layers.offline import publish_assets
from layers.page import (
    MAP_HEIGHT,
    PAGE_CSS,
    download_name,
    event_line,
    events_label,
    legend_html,
    nav_html,
    wagner_table_html,
)
from layers.panel import PANEL_CSS, article_html, excerpt_blocks, header_html, quote_html, route_point_html

DEFAULT_YEAR = 2017
PLAY_SECONDS = 1.5

st.set_page_config(
    page_title="Footprint — Russia around Libya and the Mediterranean",
    page_icon="🗺️",
    layout="wide",
    initial_sidebar_state="collapsed",
)
publish_assets()


version = data_version()
atlas, payload_url = atlas_and_payload(version)  # once per version of data/ and seeds/


@st.cache_resource(max_entries=8)
def dataset_at(info: DatasetInfo) -> tuple[Dataset, str, dict[str, list[str]]]:
    """An imported set in DuckDB, its payload's URL and its filter labels: once per set and version."""
    dataset = Dataset.open(info)
    return dataset, publish_dataset(dataset), dataset.categories()


stored_sets = {info.name: info for info in list_datasets()}  # footers only: no row is read per rerun
axis = year_axis(atlas)
state = st.session_state

state.full_run = True  # cleared at the end of the script: a run of the map column alone finds it False


def read_click() -> None:
    """A click on the map, handled before anything is drawn (in whole-page and map-column runs alike)."""
    click = clicked_target(state.get("map"))
    if click and click["n"] != state.get("click_n"):
        state.click_n = click["n"]
        if click["kind"] == "event" and click["id"] in atlas.events:
            state.feature, state.selection = click["id"], click
        elif click["kind"] == "route_point" and click["route_id"] in atlas.events:
            state.feature, state.selection = click["route_id"], click
        elif click["kind"] == "dataset":
            state.feature, state.selection = None, click
        elif click["kind"] == "year":  # the map's own year control: the map shows it already, the page follows
            state.year, state.year_n = clamp_year(click["year"], axis), click["n"]


def rerun_map_column() -> None:
    """Run the map column again (Play, a page of rows): the fragment alone when this run is one, else the page."""
    if state.get("full_run"):
        st.rerun()
    st.rerun(scope="fragment")


# ---- view from the URL (first run only), then widgets own it ----
if "year" not in state:
    view = parse_view(st.query_params.to_dict(), axis, clamp_year(DEFAULT_YEAR, axis), set(atlas.events))
    state.year = year_to_show(atlas, view.feature, view.year, view.mode, axis)
    state.mode, state.feature, state.hide_partisan = view.mode, view.feature, view.hide_partisan
    state.selection = {"kind": "event", "id": view.feature} if view.feature else None
    state.focus = state.selection
    for layer in LAYERS:
        state[f"layer_{layer.ID}"] = layer.ID in view.layers
    shown_names, shown_filters = parse_dataset_params(st.query_params.to_dict(), set(stored_sets))
    for name in shown_names:
        state[f"dataset_{name}"] = True
        for facet, labels in shown_filters.get(name, {}).items():
            state[f"dsfilter_{name}_{facet}"] = labels
state.year = clamp_year(state.year, axis)

# ---- header ----
st.html(PAGE_CSS + PANEL_CSS)
title_col, nav_col = st.columns([8, 3], vertical_alignment="center")
title_col.html(
    '<a class="fp-skip" href="#fp-events">Skip the map: go to the list of events</a>'
    '<h1 class="fp-title">Footprint: Russia\'s military footprint around Libya and the Mediterranean</h1>'
)
nav_col.html(nav_html("map"))

if atlas.problems:
    with st.expander(f"⚠️ {len(atlas.problems)} data problems: the rows concerned are hidden"):
        st.text("\n".join(str(p) for p in atlas.problems))

map_col, panel_col = st.columns([7, 3], gap="small")


# ---- map, timeline, time controls, lists and downloads: redrawn alone on a year step ----
@st.fragment
def map_column() -> None:
    read_click()
    if "mode" not in state:  # a client that sent no state for the mode's radio (the radio sets it again below)
        state.mode = "state"
    if "next_year" in state:  # Play advances the year between runs
        state.year = state.pop("next_year")
    state.year = clamp_year(state.year, axis)
    active_layers = tuple(layer.ID for layer in LAYERS if state.get(f"layer_{layer.ID}", True))
    events = shown_events(atlas, state.year, set(active_layers), state.mode, state.get("hide_partisan", False))
    ids = [e.id for e in events]
    shown_sets = {n: dataset_at(i) for n, i in stored_sets.items() if state.get(f"dataset_{n}")}
    subject = panel_subject(state.get("feature"), state.get("selection"), ids, set(shown_sets))
    if not state.get("full_run") and subject != state.get("panel_subject"):
        st.rerun()  # the source panel must follow: draw the whole page
    state.panel_subject = subject
    mode_text = "in" if state.mode == "state" else "up to the end of"
    st.caption(
        f"{events_label(len(events))} {mode_text} {state.year}. Click a mark, or pick an event in the list, to read "
        f"the sentence behind it. {coverage(version)}."
    )
    selection = state.get("selection")
    if selection and selection.get("kind") in ("event", "route_point") and state.get("feature") not in ids:
        selection = None  # hidden by the year or a layer: no ring left behind
    view = mapview.view_state(
        state.year,
        state.mode,
        active_layers,
        selected=selection,
        focus=state.pop("focus", None),
        hide_partisan=state.get("hide_partisan", False),
        axis=axis,
        year_n=state.get("year_n", 0),
    )
    set_filters = {n: {f: state.get(f"dsfilter_{n}_{f}") or [] for f in FACETS} for n in shown_sets}
    view["datasets"] = [{"name": n, "url": url} for n, (_, url, _) in shown_sets.items()]
    view["filters"] = {n: filter_indices(cats, set_filters[n]) for n, (_, _, cats) in shown_sets.items()}
    show_map(arguments(state.get("basemap", "outlines"), payload_url, MAP_HEIGHT, mapview.script(view)), state)
    st.markdown(legend_html(LAYERS), unsafe_allow_html=True)

    if axis[0] < axis[1]:  # the timeline is drawn in the map's frame, under the map (layers/assets/footprint_map.js)
        col_year, col_play, col_mode = st.columns([5, 2, 3], vertical_alignment="center")
        col_year.slider("Year", axis[0], axis[1], key="year", help="Use ← → to step through the years.")

        def _toggle_play() -> None:
            state.playing = not state.get("playing", False)
            if state.playing:
                state.year = play_start(state.year, axis)

        play_label = "⏸ Pause" if state.get("playing") else "▶ Play through the years"
        col_play.button(play_label, key="play_button", on_click=_toggle_play, width="stretch")
    else:
        col_mode = st.container()
        st.write(f"Year: {state.year} (the atlas holds one year).")
    col_mode.radio(
        "Show",
        ("state", "cumulative"),
        key="mode",
        format_func={"state": "The state in this year", "cumulative": "Everything up to this year"}.get,
    )

    st.html(f'<h2 id="fp-events" tabindex="-1" class="fp-h2">Events {esc(mode_text)} {state.year}</h2>')
    if ids:
        state.event_list = state.feature if state.get("feature") in ids else None

        def _pick() -> None:
            state.feature = state.event_list
            state.selection = {"kind": "event", "id": state.feature} if state.feature else None
            state.focus = state.selection

        st.radio(
            f"Events {mode_text} {state.year}, in date order (new this year marked)",
            ids,
            key="event_list",
            index=None,
            format_func=lambda i, year=state.year: md_escape(event_line(atlas.events[i], year, axis)),
            on_change=_pick,
            label_visibility="collapsed",
        )
    else:
        st.info("No feature in the selected layers for this year.")
    for set_name, (dataset, _, _) in shown_sets.items():  # one page of each shown set: a query, not the set
        page_key = f"dspage_{set_name}"
        page = dataset.page(state.year, state.mode, None, set_filters[set_name], state.get(page_key, 0) * 20, 20)
        if not page.rows and state.get(page_key, 0):  # the year or a filter changed under a later page
            state[page_key] = 0
            page = dataset.page(state.year, state.mode, None, set_filters[set_name], 0, 20)
        first_row = state.get(page_key, 0) * 20
        st.html(
            f'<h3 class="fp-h3">{esc(dataset.label)}: {page.total:,} rows {esc(mode_text)} {state.year}'
            f"{f', {first_row + 1:,}–{first_row + len(page.rows):,} shown' if page.total else ''}</h3>"
        )
        rows = {r["row"]: r for r in page.rows}

        def _pick_row(set_name: str = set_name) -> None:
            row = state.get(f"dslist_{set_name}")
            if row is not None:
                state.feature = None
                state.selection = state.focus = {"kind": "dataset", "dataset": set_name, "row": row}

        if rows:
            st.radio(
                f"Rows of {dataset.label}",
                list(rows),
                key=f"dslist_{set_name}",
                index=None,
                format_func=lambda r, rows=rows: md_escape(
                    f"{rows[r]['date']} — {rows[r]['event_type']}, {rows[r]['location']} ({rows[r]['country']})"
                ),
                on_change=_pick_row,
                label_visibility="collapsed",
            )
        earlier, later = st.columns(2)
        if earlier.button("◀ Earlier rows", key=f"dsprev_{set_name}", disabled=first_row == 0):
            state[page_key] = max(0, state.get(page_key, 0) - 1)
            rerun_map_column()
        if later.button("Later rows ▶", key=f"dsnext_{set_name}", disabled=first_row + 20 >= page.total):
            state[page_key] = state.get(page_key, 0) + 1
            rerun_map_column()

    if "wagner_sites" in active_layers and any(e.layer == "wagner_sites" for e in events):
        st.html(wagner_table_html(wagner_site_counts(atlas)))
    st.html('<h2 class="fp-h3">Download this view</h2>')
    shown_view = (state.year, set(active_layers), state.mode)  # the files are built only when a button is pressed
    name = download_name(state.year, state.mode, active_layers, tuple(layer.ID for layer in LAYERS))
    d1, d2 = st.columns(2)
    d1.download_button(
        "GeoJSON",
        lambda v=shown_view: to_geojson(feature_collection(atlas, *v)),
        f"{name}.geojson",
        "application/geo+json",
        key="download_geojson",
    )
    d2.download_button(
        "CSV", lambda v=shown_view: to_csv(feature_collection(atlas, *v)), f"{name}.csv", "text/csv", key="download_csv"
    )
    # ---- the URL holds the view, so a link reproduces it ----
    feature = state.get("feature") if state.get("feature") in atlas.events else None
    shown_params = dataset_params(list(shown_sets), set_filters)
    st.query_params.from_dict(
        {
            **view_params(View(state.year, state.mode, active_layers, feature, state.get("hide_partisan", False))),
            **shown_params,
        }
    )

    if state.get("playing"):
        time.sleep(PLAY_SECONDS)
        following = play_next(state.year, axis)
        if following is None:
            state.playing = False
        else:
            state.next_year = following
        rerun_map_column()


with map_col:
    map_column()
    # ---- what does not change with the year: drawn only when the whole page is ----
    st.html('<h2 class="fp-h2">Layers and options</h2>')
    layer_cols = st.columns(3)
    for i, layer in enumerate(LAYERS):
        layer_cols[i % 3].checkbox(layer.LABEL, key=f"layer_{layer.ID}")
    st.checkbox("Hide claims that rest only on state media or a party to the conflict", key="hide_partisan")
    st.selectbox(
        "Base map",
        list(BASEMAPS),
        format_func=lambda k: BASEMAPS[k][0],
        key="basemap",
        help="Offline outlines always work; the online styles need a network connection.",
    )
    with st.expander("Bring your own events (ACLED or UCDP GED CSV)", expanded="import_report" in state):
        # Importing or removing a set writes data/datasets/: editors only when the server is shared (README
        # "Reliability"), as for the Add page.
        write_access = access.add_page_access(
            st.get_option("server.address"), access.editor_secret(os.environ, st.secrets), state.get("editor_pw", "")
        )
        if write_access == access.GRANTED:
            upload = st.file_uploader("Events CSV", type=["csv"], key="dataset_file", max_upload_size=200)
            set_label = st.text_input("Name (the same name replaces a set)", key="dataset_name")
            if st.button("Import", key="dataset_import", disabled=upload is None) and upload is not None:
                report = import_bytes(upload.getvalue(), upload.name, set_label.strip() or None)
                state.import_report = (
                    report.summary(),
                    [str(p) for p in report.problems[:200]],
                    len(report.problems),
                    report.path is not None,
                )
                if report.path is not None:
                    state[f"dataset_{report.name}"] = True
                st.rerun()  # a new set: the whole page (its list of sets) again
        elif write_access == access.ASK:
            st.caption("Importing or removing a set changes the map for everyone: enter the editor password.")
            st.text_input("Editor password", type="password", key="editor_pw")
        else:
            st.caption("This server is shared and has no editor password: sets can be shown here, not imported.")
        if "import_report" in state:
            st.text(import_report_text(*state.import_report))
        for set_name, info in stored_sets.items():
            st.checkbox(f"{info.label} ({info.rows:,} rows)", key=f"dataset_{set_name}")
            if state.get(f"dataset_{set_name}"):
                cats = dataset_at(info)[2]
                for facet in FACETS:
                    st.multiselect(
                        f"{facet.replace('_', ' ').capitalize()} (none chosen: all)",
                        cats[facet],
                        key=f"dsfilter_{set_name}_{facet}",
                    )
            if write_access != access.GRANTED:
                continue
            if state.get("confirm_remove") == set_name:
                sure, keep = st.columns(2)
                if sure.button(f"Remove {info.label} for good", key=f"dsremove_yes_{set_name}", type="primary"):
                    remove_dataset(set_name)
                    state.import_report = (f"removed '{info.label}' ({info.rows:,} events)", [], 0, True)
                    del state["confirm_remove"]
                    st.rerun()
                if keep.button("Keep it", key=f"dsremove_no_{set_name}"):
                    del state["confirm_remove"]
                    st.rerun()
            elif st.button(f"Remove {info.label}…", key=f"dsremove_{set_name}"):
                state.confirm_remove = set_name
                st.rerun()
    with st.expander("Distances and reach"):
        named = {p.id: p for p in atlas.places.values() if p.kind not in ("country", "region") and p.has_coordinates}
        ring_place = st.selectbox(
            "Range ring around", ["", *named], format_func=lambda k: named[k].name if k else "—", key="ring_place"
        )
        ring_km = st.number_input("Radius (km)", 50, 5000, 1000, step=50, key="ring_km")
        a = st.selectbox("Measure from", ["", *named], format_func=lambda k: named[k].name if k else "—", key="from")
        b = st.selectbox("to", ["", *named], format_func=lambda k: named[k].name if k else "—", key="to")
        if ring_place:
            st.text(measure.ring_assumption(named[ring_place], float(ring_km)))
        if a and b and a != b:
            km = distance_km((named[a].lat, named[a].lon), (named[b].lat, named[b].lon))  # type: ignore[arg-type]
            st.text(f"{named[a].name} – {named[b].name}: {km:,.0f} km ({km / measure.KM_PER_NM:,.0f} nm), geodesic.")
    style = state.get("basemap", "outlines")
    credit = (
        NATURAL_EARTH if style == "outlines" else f"{BASEMAPS[style][2]} (online); offline outlines: {NATURAL_EARTH}"
    )
    st.caption(f"Base map: {md_escape(credit)}. Place names: GeoNames (CC BY 4.0).")


# ---- source panel: beside the map, staying in view ----
with panel_col, st.container(key="panel"):
    subject = state.get("panel_subject")  # set by the map column, which ran first
    event = atlas.events.get(subject[1]) if subject and subject[0] in ("event", "route_point") else None
    selection = state.get("selection") or {}
    set_name = str(selection.get("dataset"))
    picked_set = dataset_at(stored_sets[set_name]) if subject and subject[0] == "dataset" else None
    picked_row = picked_set[0].row(int(selection["row"])) if picked_set else None
    if picked_row is not None and picked_set is not None:
        st.html(row_html(picked_set[0].label, picked_row))
    elif event is None:
        st.html(
            '<h2 class="fp-h2">Select a mark</h2><p class="fp-hint">Every mark on the map cites the exact sentence '
            "of an article or a public source. Click one, or choose an event from "
            '<a href="#fp-events">the list under the map</a>.</p>'
        )
        if selection.get("kind") == "dataset":  # a set that is not (or no longer) stored here
            st.text(f"Row {selection.get('row')} of the dataset {selection.get('dataset')}.")
    else:
        if selection.get("kind") == "route_point":
            point = next((p for p in atlas.route_for(event.id) if p.seq == selection.get("seq")), None)
            if point:
                st.html(route_point_html(atlas, event, point))
        st.html(header_html(atlas, event))
        for block in excerpt_blocks(atlas, event):
            st.html(quote_html(block))
        for source_id in dict.fromkeys(x.source_id for x in atlas.excerpts_for(event.id)):
            if source_id in atlas.seed_texts:
                title = atlas.sources[source_id].title
                with st.expander(md_escape(f"Read the whole article: {title}")):
                    st.html(
                        f'<div class="fp-article" tabindex="0" role="region" aria-label="{esc(title)}">'
                        f"{article_html(atlas, event, source_id)}</div>"
                    )

state.full_run = False
