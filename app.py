"""Footprint — the map page: widgets → atlas queries → layers → st_folium, and the source panel."""

from __future__ import annotations

import time

import streamlit as st
from streamlit_folium import st_folium

from atlas.export import feature_collection, to_csv, to_geojson
from atlas.geo import distance_km
from atlas.load import data_version, load_atlas
from atlas.model import Atlas
from atlas.queries import visible_events, wagner_site_counts, year_range
from atlas.view import View, clicked_feature_id, parse_view, view_params
from layers import LAYERS, measure, selection
from layers.basemap import BASEMAPS, build_base_map
from layers.offline import localize, publish_assets
from layers.panel import PANEL_CSS, article_html, excerpt_blocks, header_html
from layers.style import symbol_svg

DEFAULT_YEAR = 2017
PLAY_SECONDS = 1.5

st.set_page_config(page_title="Footprint — Russia around Libya and the Mediterranean", page_icon="🗺️", layout="wide")
publish_assets()


@st.cache_resource(max_entries=2)
def atlas_at(version: tuple[object, ...]) -> Atlas:
    """Loaded once per version of data/ and seeds/: an article added on the other page shows at once."""
    return load_atlas()


atlas = atlas_at(data_version())
first_year, last_year = year_range(atlas)
state = st.session_state

# ---- view from the URL (first run only), then widgets own it ----
if "year" not in state:
    view = parse_view(st.query_params.to_dict(), (first_year, last_year), DEFAULT_YEAR, set(atlas.events))
    state.year, state.mode, state.feature = view.year, view.mode, view.feature
    if view.feature:  # a cited link opens on its feature
        state.pan_to = selection.focus(atlas, atlas.events[view.feature])
    for layer in LAYERS:
        state[f"layer_{layer.ID}"] = layer.ID in view.layers
if "next_year" in state:  # the play button advances the year between runs
    state.year = state.pop("next_year")

# ---- sidebar: time, layers, base map, reach ----
with st.sidebar:
    st.page_link("app.py", label="Map", icon=":material/map:")
    st.page_link("pages/1_Add_an_article.py", label="Add an article", icon=":material/post_add:")
    st.markdown("### Time")
    st.slider("Year", first_year, last_year, key="year", help="Use ← → to step through the years.")
    play_label = "⏸ Pause" if state.get("playing") else "▶ Play through the years"
    if st.button(play_label, key="play_button", use_container_width=True):
        state.playing = not state.get("playing", False)
        if state.playing and state.year >= last_year:
            state.next_year = first_year
        st.rerun()
    st.radio(
        "Show",
        ("state", "cumulative"),
        key="mode",
        format_func={"state": "The state in this year", "cumulative": "Everything up to this year"}.get,
        horizontal=False,
    )
    st.markdown("### Layers")
    year_events = visible_events(atlas, state.year, None, state.mode)
    for layer in LAYERS:
        count = sum(e.layer == layer.ID for e in year_events)
        col_symbol, col_box = st.columns([1, 8], vertical_alignment="center")
        col_symbol.markdown(symbol_svg(layer.SHAPE, layer.COLOR, "reported", label=layer.LABEL), unsafe_allow_html=True)
        col_box.checkbox(f"{layer.LABEL} ({count})", key=f"layer_{layer.ID}")
    st.markdown(
        "<small>Filled: reported or confirmed · "
        + symbol_svg("circle", "#333", "planned", 14, "hollow")
        + " hollow, dashed: planned or claimed · "
        + symbol_svg("circle", "#333", "denied", 14, "struck")
        + " grey, struck: denied · shaded ring: how far off the location may be · route: solid = sourced legs,"
        " dotted = inferred to stay at sea</small>",
        unsafe_allow_html=True,
    )
    st.markdown("### Base map")
    st.selectbox(
        "Base map",
        list(BASEMAPS),
        format_func=lambda k: BASEMAPS[k][0],
        key="basemap",
        label_visibility="collapsed",
        help="Offline outlines always work; the online styles need a network connection.",
    )
    with st.expander("Distances and reach"):
        named = {p.id: p for p in atlas.places.values() if p.kind not in ("country", "region")}
        ring_place = st.selectbox(
            "Range ring around", ["", *named], format_func=lambda k: named[k].name if k else "—", key="ring_place"
        )
        ring_km = st.number_input("Radius (km)", 50, 5000, 1000, step=50, key="ring_km")
        a = st.selectbox("Measure from", ["", *named], format_func=lambda k: named[k].name if k else "—", key="from")
        b = st.selectbox("to", ["", *named], format_func=lambda k: named[k].name if k else "—", key="to")

active_layers = tuple(layer.ID for layer in LAYERS if state[f"layer_{layer.ID}"])
events = visible_events(atlas, state.year, set(active_layers), state.mode)

# ---- header ----
st.markdown("## Footprint: Russia's military footprint around Libya and the Mediterranean")
mode_text = "in" if state.mode == "state" else "up to the end of"
st.caption(
    f"{len(events)} sourced features {mode_text} {state.year}. Click a mark, or pick an event in the list, "
    "to read the sentence behind it."
)
if atlas.problems:
    with st.expander(f"⚠️ {len(atlas.problems)} data problems: the rows concerned are hidden"):
        st.text("\n".join(str(p) for p in atlas.problems))

map_col, panel_col = st.columns([3, 2], gap="medium")

# ---- map ----
with map_col:
    base = build_base_map(state.basemap)
    groups = [
        layer.build(atlas, [e for e in events if e.layer == layer.ID], state.year)
        for layer in LAYERS
        if layer.ID in active_layers
    ]
    selected = next((e for e in events if e.id == state.get("feature")), None)
    if selected:
        groups.append(selection.build(atlas, selected))
    rings = [(named[ring_place], float(ring_km))] if ring_place else []
    pair = (named[a], named[b]) if a and b and a != b else None
    if rings or pair:
        groups.append(measure.build(rings, pair))
    localize(groups)
    output = st_folium(
        base,
        key="map",
        height=560,
        use_container_width=True,
        feature_group_to_add=groups,
        center=state.get("pan_to"),  # changes only when a feature is picked from the list: the map pans to it
        returned_objects=["last_active_drawing", "last_object_clicked"],
    )
    if rings:
        st.caption(measure.ring_assumption(*rings[0]))
    if pair:
        km = distance_km((pair[0].lat, pair[0].lon), (pair[1].lat, pair[1].lon))
        st.caption(f"{pair[0].name} – {pair[1].name}: {km:,.0f} km ({km / measure.KM_PER_NM:,.0f} nm), geodesic.")

click = output.get("last_object_clicked") if output else None
if click and click != state.get("last_click"):
    state.last_click = click
    state.feature = clicked_feature_id(output) or state.feature

# ---- the year's events, in date order (keyboard: Tab to the list, arrows to move) ----
ids = [e.id for e in events]
with map_col:
    if ids:
        if state.feature in ids:
            state.event_list = state.feature
        elif state.get("event_list") not in ids:
            state.event_list = None

        def _pick() -> None:
            state.feature = state.event_list
            if state.feature:
                state.pan_to = selection.focus(atlas, atlas.events[state.feature]) or state.get("pan_to")

        st.radio(
            f"Events {mode_text} {state.year}, in date order",
            ids,
            key="event_list",
            format_func=lambda i: f"{atlas.events[i].start.human()} — {atlas.events[i].title}",
            on_change=_pick,
        )
    else:
        st.info("No feature in the selected layers for this year.")

# ---- source panel ----
with panel_col:
    st.html(PANEL_CSS)
    event = atlas.events.get(state.feature) if state.get("feature") else None
    if event is None:
        st.markdown("#### Select a mark")
        st.write(
            "Every mark on the map cites the exact sentence of an article or a public source. "
            "Click one, or choose an event from the list under the map."
        )
    else:
        st.html(header_html(atlas, event))
        for block in excerpt_blocks(atlas, event):
            st.html(f'<div class="fp-quote">{block["html"]}</div><div class="fp-cite">{block["cite"]}</div>')
        for source_id in dict.fromkeys(x.source_id for x in atlas.excerpts_for(event.id)):
            if source_id in atlas.seed_texts:
                with st.expander(f"Read the whole article: {atlas.sources[source_id].title}"):
                    st.html(f'<div class="fp-article">{article_html(atlas, event, source_id)}</div>')
    if "wagner_sites" in active_layers:
        st.markdown("##### Wagner sites: what GIS counts, what public sources name")
        counts = wagner_site_counts(atlas)
        st.table(
            {
                "site kind": [c.kind.replace("_", " ") for c in counts],
                "GIS count": [c.reported for c in counts],
                "named by public sources (mapped)": [c.named for c in counts],
            }
        )
    st.markdown("##### Download this view")
    collection = feature_collection(atlas, state.year, set(active_layers), state.mode)
    d1, d2 = st.columns(2)
    d1.download_button(
        "GeoJSON",
        to_geojson(collection),
        f"footprint-{state.year}.geojson",
        "application/geo+json",
        key="download_geojson",
    )
    d2.download_button("CSV", to_csv(collection), f"footprint-{state.year}.csv", "text/csv", key="download_csv")
    st.caption("Base map: made with Natural Earth. Place names: GeoNames (CC BY 4.0).")

# ---- the URL holds the view, so a link reproduces it ----
feature = state.get("feature") if state.get("feature") in atlas.events else None
st.query_params.from_dict(view_params(View(state.year, state.mode, active_layers, feature)))

if state.get("playing"):
    time.sleep(PLAY_SECONDS)
    if state.year < last_year:
        state.next_year = state.year + 1
    else:
        state.playing = False
    st.rerun()
