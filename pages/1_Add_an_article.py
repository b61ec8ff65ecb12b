"""Add an article: text in, places and dates found, candidates reviewed on a map, accepted ones written to data/.

Nothing is written until "Add … to the map"; then the article goes to seeds/ and the rows to data/ in one
all-or-nothing step, after the whole atlas has been loaded and checked with them (atlas.addition).
"""

from __future__ import annotations

import os

import streamlit as st
from streamlit_folium import st_folium

from atlas.addition import AdditionError, ArticleMeta, Proposal, commit, known_outlet, plan, suggest_source_id
from atlas.dates import PartialDate
from atlas.duplicates import same_events, same_source
from atlas.ingest import ArticleError, IngestReport
from atlas.ingest.candidates import (
    Candidate,
    describe_evidence,
    relative_date_note,
    suggest_attribution,
    suggest_end,
    suggest_summary,
)
from atlas.ingest.fetch import FetchError, fetch_article
from atlas.ingest.text import ACCEPTED_SUFFIXES, check_text, decode_article, html_title
from atlas.ingest.toponyms import Toponym
from atlas.load import data_version, load_atlas
from atlas.model import LAYER_IDS, OUTLET_KINDS, STATUSES, Atlas
from atlas.outlets import KIND_LABELS, kind_label
from atlas.worker import IngestWorker
from layers import BY_ID, access, review
from layers.basemap import build_base_map
from layers.markup import mark_spans, md_escape, paragraphs_html
from layers.offline import localize, publish_assets
from layers.page import COMMON_CSS, link_html, nav_html, page_href
from layers.panel import PANEL_CSS

# A carrier route needs dated waypoints in route_points.csv, which a sentence cannot give.
REVIEW_LAYERS = [layer for layer in LAYER_IDS if layer != "carrier_route"]
# The review column of cards scrolls; the map beside it stays in view (a sticky column).
STICKY_MAP_CSS = """<style>
[data-testid="stColumn"]:has(.st-key-review_map_col) {
  position: sticky; top: 3.75rem; align-self: flex-start; z-index: 2;
  max-height: calc(100vh - 4.5rem); overflow-y: auto;
}
</style>"""
MAX_CARDS = 60  # more cards than this is a collection, not an article; the page would crawl
STATUS_HELP = (
    "reported: the article states it · confirmed: an official or several sources confirm it · "
    "planned: intended, not done · claimed: asserted by one party, unverified · denied: someone denies it"
)

st.set_page_config(page_title="Footprint — Add an article", page_icon="🗺️", layout="wide")
publish_assets()
st.html(COMMON_CSS)  # captions at full contrast, focus visible (layers/page.py)
st.html(nav_html("add"))
state = st.session_state
# ---- editors only when the server is shared (layers.access; README "Reliability") ----
_access = access.add_page_access(
    st.get_option("server.address"),
    access.editor_secret(os.environ, st.secrets),
    state.get("editor_password", ""),
)
if _access != access.GRANTED:
    st.markdown("## Add an article")
    if _access == access.ASK:
        st.info(access.ASK_MESSAGE)
        st.text_input("Editor password", type="password", key="editor_password")
    else:
        st.warning(access.CLOSED_MESSAGE)
    st.stop()


@st.cache_resource(max_entries=2)
def atlas_at(version: tuple[object, ...]) -> Atlas:
    return load_atlas()


atlas = atlas_at(data_version())


@st.cache_resource
def ingest_worker() -> IngestWorker:
    """One reader process for the whole server (atlas.worker): a long article never stalls the map."""
    return IngestWorker()


ingest_worker().start()  # GeoNames loads in the worker while the article is pasted


def _key(i: int, field: str) -> str:
    """Widget keys of candidate i in the current review (a new review gets fresh widgets)."""
    return f"c{state.review_n}_{i}_{field}"


def outlet_kind_label(kind: str) -> str:
    if not kind:
        return "— choose —"
    return {"state_media": "state media", "party": "party to the conflict"}.get(kind) or KIND_LABELS.get(kind, kind)


def layer_label(layer: str) -> str:
    return BY_ID[layer].LABEL if layer in BY_ID else layer.replace("_", " ").capitalize()


def fetch() -> None:
    """Opt-in, online: the article at the typed address, its text and metadata put in the fields."""
    state.pop("fetch_error", None)
    state.pop("fetch_note", None)
    url = state.get("fetch_url", "").strip()
    try:
        article = fetch_article(url)
    except FetchError as exc:
        state.fetch_error = str(exc)
        return
    state.pasted = article.text
    state.meta_url = article.url
    found = {"meta_title": article.title, "meta_outlet": article.outlet, "meta_published": article.date}
    for key, value in found.items():
        if value and not state.get(key, "").strip():
            state[key] = value
    state.fetch_note = f"Fetched {len(article.text):,} characters of text from {article.url}."


def analyse() -> None:
    """Read the article and find its candidates; on bad input say why and keep the previous state."""
    state.pop("analyse_error", None)
    upload = state.get("upload")
    headline = ""
    try:
        if upload is not None:
            text = decode_article(upload.getvalue(), upload.name)
            if upload.name.lower().endswith((".html", ".htm")):
                headline = html_title(upload.getvalue().decode("utf-8-sig", errors="replace"))
        elif state.get("pasted", "").strip():
            text = check_text(state.pasted)
        else:
            raise ArticleError("paste the article's text or upload a file first")
        published_text = state.get("meta_published", "").strip()
        if not published_text:
            raise ArticleError("enter the publication date: 'last December' or 'the next day' depend on it")
        try:
            published = PartialDate.parse(published_text)
        except ValueError:
            raise ArticleError(f"'{published_text}' is not a date: write YYYY-MM-DD (or YYYY-MM)") from None
        with st.spinner("Reading the article in a separate process (about 10 s more the first time)…"):
            report = ingest_worker().read(text, published, list(atlas.places.values()))
    except ArticleError as exc:
        state.analyse_error = f"This article cannot be read: {exc}. Nothing was changed."
        return
    if not state.get("meta_title", "").strip():
        first_line = text.strip().split("\n", 1)[0].strip()
        state.meta_title = headline or (first_line if len(first_line) <= 200 else "")
    state.review = report
    state.duplicate_source = same_source(atlas, text, state.get("meta_url", ""))
    state.review_n = state.get("review_n", 0) + 1
    state.source_id = suggest_source_id(atlas, state.get("meta_title", "") or "article", published.iso())
    state.pop("added", None)


def discard() -> None:
    state.pop("review", None)
    state.pop("accept_errors", None)


def sentence_html(c: Candidate) -> str:
    """The candidate's sentence, escaped, with its places and dates marked."""
    spans = [(p.start_offset - c.start_offset, p.end_offset - c.start_offset, "fp-place") for p in c.places]
    spans += [
        (d.start_offset - c.start_offset, d.end_offset - c.start_offset, "fp-date")
        for d in c.dates
        if c.start_offset <= d.start_offset < c.end_offset
    ]
    return f'<div class="fp-quote">{mark_spans(c.sentence, spans)}</div>'


def reading_label(place: Toponym, index: int) -> str:
    entry, confidence = place.readings[index]
    spelling = "; spelled differently" if entry.by_spelling else ""  # gazetteer.spelling_key, not a written name
    if entry.ref in atlas.places:
        known = atlas.places[entry.ref].name
        if known == place.name:
            return f"{place.name} (on the map{spelling})"
        return f"{place.name} → {known} (on the map{spelling})"
    where = ", ".join(part for part in (entry.kind, entry.country) if part)
    return f"{place.name} → {entry.name} ({where}{spelling}; confidence {confidence:.2f})"


def review_card(i: int, c: Candidate, published: PartialDate) -> Proposal | None:
    """One candidate's card; returns the edited proposal if it is kept."""
    with st.container(border=True):
        keep = st.checkbox(f"**{i + 1}.** Keep this feature", value=True, key=_key(i, "keep"))
        st.html(sentence_html(c))
        left, right = st.columns(2)
        title = left.text_input("Title", c.title, key=_key(i, "title"))
        readings = [(k, r) for k, p in enumerate(c.places) for r in range(len(p.readings))]
        if not any(p.resolved for p in c.places):
            readings.insert(0, None)  # nothing clearly ahead: the analyst must choose, nothing is guessed
        choice = right.selectbox(
            "Place",
            readings,
            format_func=lambda o: "— choose where —" if o is None else reading_label(c.places[o[0]], o[1]),
            key=_key(i, "place"),
        )
        layer = left.selectbox(
            "Layer",
            REVIEW_LAYERS,
            index=REVIEW_LAYERS.index(c.layer) if c.layer in REVIEW_LAYERS else 0,
            format_func=layer_label,
            key=_key(i, "layer"),
        )
        status = right.selectbox(
            "Status", STATUSES, index=STATUSES.index(c.status), help=STATUS_HELP, key=_key(i, "status")
        )
        start_default = c.date.value.iso() if c.date else published.iso()
        end_default = c.end if c.date or not c.end else suggest_end(None, c.status, c.layer, c.sentence)
        start = left.text_input("Start (YYYY, YYYY-MM or YYYY-MM-DD)", start_default, key=_key(i, "start"))
        end = right.text_input("End (empty: still ongoing)", end_default, key=_key(i, "end"))
        if c.date is None:
            st.caption(
                f"The text gives no date for this: the publication date ({published.human()}) stands in. Check it."
            )
        elif note := relative_date_note(c.date, published):
            st.caption(md_escape(note))
        attribution = st.text_input(
            "Who says so", suggest_attribution(c.sentence, state.get("meta_outlet", "")), key=_key(i, "attribution")
        )
        chosen = False
        if choice is None:
            place = c.places[0]
            known = [p for p in c.places if p.readings]
            names = ", ".join(f"“{md_escape(p.name)}”" for p in c.places)
            if known:
                st.caption(f"No reading of {names} is clearly ahead of the others: choose where, or drop this card.")
            else:
                st.caption(f"No gazetteer knows {names}: add it to data/places.csv with its source, or drop this card.")
        else:
            original = c.places[choice[0]]
            place = original.choose(choice[1])
            chosen = choice[1] != 0 or not original.resolved
        summary = st.text_input(
            "Summary (shown on the map with the feature)",
            suggest_summary(c, place, state.get("meta_outlet", ""), published),
            key=_key(i, "summary"),
        )
        why = describe_evidence(
            place,
            c.date,
            inherited=c.date_inherited,
            chosen=chosen,
            cue=c.cue,
            status=c.status,
            status_word=c.status_word,
            published=published,
        )
        st.caption(f"Why: {md_escape(why)}")
        existing = ""
        if place.resolved:
            matches = same_events(atlas, place, layer, start.strip(), end.strip())
            if matches:
                options = ["", *(e.id for e in matches)]
                labels = {e.id: f"Add this excerpt to “{e.title}” ({e.id}, {e.start.human()})" for e in matches}
                st.warning(
                    f"Already in the atlas: {len(matches)} event{'s' if len(matches) > 1 else ''} at this place, "
                    "on this layer, at about this date."
                )
                existing = st.radio(
                    "Add as",
                    options,
                    index=1,
                    format_func=lambda o: "A new feature (a different event)" if not o else labels[o],
                    key=_key(i, "existing"),
                )
    if not keep:
        return None
    return Proposal(title, layer, status, place, start, end, attribution, c.sentence, summary, existing or "")


def review_map(report: IngestReport, proposals: dict[int, Proposal | None]) -> None:
    marks = []
    for i, c in enumerate(report.candidates[:MAX_CARDS]):
        p = proposals[i]
        place = p.place if p else c.places[0]
        if not place.resolved:
            continue  # no reading chosen yet: nothing to draw
        marks.append(
            review.ReviewMark(
                i + 1,
                place.lat,  # type: ignore[arg-type]
                place.lon,  # type: ignore[arg-type]
                p.layer if p else c.layer,  # a dropped mark is grey whatever its layer
                p.status if p else c.status,
                p is not None,
                f"{place.name}: {p.title if p else 'dropped'}",
                place.precision_km,
            )
        )
    center, zoom = review.view_for(marks)
    group = review.build(marks)
    localize([group])
    st_folium(
        build_base_map("outlines"),
        key="review_map",
        height=460,
        use_container_width=True,
        center=center,
        zoom=zoom,
        feature_group_to_add=[group],
        returned_objects=[],
    )


# ---- the article ----
if state.pop("clear_inputs", False):  # after an accept, so the same article is not added twice by mistake
    for key in (
        "upload",
        "pasted",
        "meta_title",
        "meta_outlet",
        "meta_published",
        "meta_url",
        "fetch_url",
        "meta_outlet_of",
        "meta_outlet_kind",
    ):
        state.pop(key, None)
st.markdown("## Add an article")
st.caption(
    "Footprint reads the article for places and dates and proposes features, each with the sentence behind it. "
    "You review them; nothing is added to the map until you accept. Everything runs on this machine."
)
if added := state.get("added"):
    source_id, event_ids, year = added
    st.success(f"Added seeds/{source_id}.txt and {len(event_ids)} features: {', '.join(event_ids)}.")
    st.html(link_html("See them on the map", page_href("map", {"year": str(year), "feature": event_ids[0]})))

text_col, meta_col = st.columns([3, 2], gap="medium")
with text_col:
    st.file_uploader(
        "Upload the article (.txt, .md or .html; HTML is reduced to its text)",
        type=[s.lstrip(".") for s in ACCEPTED_SUFFIXES],
        key="upload",
    )
    st.text_area("…or paste its text", key="pasted", height=200, placeholder="The article's text, as published")
    with st.expander("…or fetch it from its address (online)"):
        st.caption(
            "Opt-in: this asks the outlet's server for the page, then keeps only the article's text "
            "(trafilatura). Everything else on this page works offline."
        )
        st.text_input("Article address", key="fetch_url", placeholder="https://…")
        st.button("Fetch the article", key="fetch", on_click=fetch)
        if note := state.get("fetch_note"):
            st.success(md_escape(note))
        if fetch_error := state.get("fetch_error"):
            st.error(md_escape(fetch_error))
with meta_col:
    st.text_input("Title", key="meta_title", help="If left empty: the page's headline, or the text's first line.")
    st.text_input("Outlet", key="meta_outlet", placeholder="e.g. Reuters")
    outlet_col, whose_col = st.columns([1, 1])
    outlet_col.selectbox(
        "Kind of outlet",
        ["", *OUTLET_KINDS],
        format_func=outlet_kind_label,
        key="meta_outlet_kind",
        help="State media and parties to the conflict are marked on the map; a claim resting only on them is "
        "flagged. Asked for an outlet the atlas does not know yet.",
    )
    whose_col.text_input(
        "State media of / party (whose)",
        key="meta_outlet_of",
        placeholder="e.g. Russia, or the LNA",
        help="For state media: the state that owns or controls it. For a party: who it speaks for.",
    )
    if (known := known_outlet(atlas, state.get("meta_outlet", ""))) and not state.get("meta_outlet_kind"):
        st.caption(f"{md_escape(known.outlet)} is in the atlas as {md_escape(kind_label(known))}; that is kept.")
    st.text_input(
        "Published (YYYY-MM-DD)",
        key="meta_published",
        placeholder="2024-03-20",
        help="Relative dates ('last December', 'the next day') are resolved against it.",
    )
    st.text_input("Address (optional)", key="meta_url", placeholder="https://…")
st.button("Find places and dates", type="primary", key="analyse", on_click=analyse)
if error := state.get("analyse_error"):
    st.error(md_escape(error))

# ---- the review ----
report: IngestReport | None = state.get("review")
if report is not None:
    st.html(PANEL_CSS)
    st.divider()
    unresolved = [p for p in report.places if not p.resolved and p.readings]
    unknown = [p for p in report.places if not p.readings]
    st.markdown(f"### Review {len(report.candidates)} proposed features")
    st.caption(
        f"{len(report.sentences)} sentences, {len(report.places)} place mentions, "
        f"{len(report.dates)} dates (resolved against the publication date {report.published.human()}). "
        "Places are marked yellow, dates blue."
    )
    if duplicate := state.get("duplicate_source"):
        st.warning(
            f"This article is already in the atlas as seeds/{md_escape(duplicate.source_id)}.txt ({duplicate.reason}). "
            "Adding it again would repeat its excerpts; discard it unless it is a different article."
        )
    if unknown:
        names = ", ".join(dict.fromkeys(md_escape(p.name) for p in unknown))
        st.warning(
            f"Found but known to no gazetteer here: {names}. They are marked in their sentences; to map one, add it "
            "to data/places.csv with its coordinates and source."
        )
    if unresolved:
        names = ", ".join(f"{md_escape(p.name)} ({p.confidence:.2f})" for p in unresolved)
        st.warning(
            f"Not placed automatically, because no reading is clearly ahead: {names}. On a card, choose one of "
            "its readings; a place the gazetteer does not know can be added to data/places.csv with its source."
        )
    if not report.candidates:
        st.info(
            "No sentence in this article names both a place and a date Footprint can resolve, so there is nothing "
            "to propose. Nothing was changed."
        )
    if len(report.candidates) > MAX_CARDS:
        st.warning(
            f"This text proposes {len(report.candidates)} features; the first {MAX_CARDS} are shown. "
            "Split it into articles to review the rest."
        )
    st.html(STICKY_MAP_CSS)
    cards_col, map_col = st.columns([3, 2], gap="medium")
    with cards_col:
        proposals = {i: review_card(i, c, report.published) for i, c in enumerate(report.candidates[:MAX_CARDS])}
    kept = [p for p in proposals.values() if p is not None]
    with map_col, st.container(key="review_map_col"):
        if report.candidates:
            review_map(report, proposals)
        with st.expander("The whole article, proposed sentences marked"):
            spans = [(c.start_offset, c.end_offset) for c in report.candidates]
            st.html(f'<div class="fp-article">{paragraphs_html(report.text, spans)}</div>')
    st.text_input(
        "Source id (names seeds/<id>.txt)", key="source_id", help="Lowercase words joined by hyphens; must be new."
    )
    accept_col, discard_col = st.columns([1, 1])
    if accept_col.button(
        f"Add {len(kept)} feature{'s' if len(kept) != 1 else ''} to the map",
        type="primary",
        key="accept",
        disabled=not kept,
    ):
        meta = ArticleMeta(
            state.source_id.strip(),
            state.get("meta_title", ""),
            state.get("meta_outlet", ""),
            report.published.iso(),
            state.get("meta_url", "").strip(),
            state.get("meta_outlet_kind") or "",
            state.get("meta_outlet_of", ""),
        )
        state.pop("accept_errors", None)
        try:
            addition = plan(atlas, report.text, meta, kept)
            commit(addition)
        except AdditionError as exc:
            state.accept_errors = exc.problems
        else:
            ids = addition.event_ids + [p.existing_event for p in kept if p.existing_event]
            state.added = (meta.source_id, ids, PartialDate.parse(kept[0].start.strip()).year)
            state.clear_inputs = True
            discard()
            st.rerun()
    discard_col.button("Discard this article", key="discard", on_click=discard)
    if errors := state.get("accept_errors"):
        st.error("Nothing was written, because:\n" + "\n".join(f"- {md_escape(problem)}" for problem in errors))
