"""The source panel's HTML: title, status and who claims it, dates, each excerpt highlighted in its
paragraph, and the sources. Everything from the data goes through layers.markup."""

from __future__ import annotations

from atlas.dates import human_span
from atlas.language import guess_language
from atlas.model import Atlas, Event, RoutePoint, Source, basis_label
from atlas.outlets import outlet_label
from atlas.queries import find_quote, paragraph_around
from layers.markup import esc, mark_spans, paragraphs_html
from layers.style import LOOKS, status_class

STATUS_NOTE = {
    "reported": "reported by the sources below",
    "confirmed": "confirmed by official or several independent sources",
    "planned": "planned, not (yet) built or done",
    "claimed": "claimed by one party; not independently confirmed",
    "denied": "claimed and denied",
}


def header_html(atlas: Atlas, event: Event) -> str:
    place = atlas.places[event.place_id]
    kind = status_class(event.status)
    return (
        f'<div class="fp-panel-head"><h3>{esc(event.title)}</h3>'
        f'<p><span class="fp-badge fp-{kind}">{esc(event.status)}</span> '
        f"{esc(STATUS_NOTE.get(event.status, ''))} <small>(drawn {esc(LOOKS.get(event.status, ''))})</small>"
        f"<br><b>Who says so:</b> {esc(event.attribution)}</p>"
        f"<p><b>When:</b> {esc(human_span(event.start, event.end))} "
        f"<small>(known to the {esc(event.date_precision)})</small>{_basis_html(event)}<br>"
        f"<b>Where:</b> {esc(place.name)} <small>(± {place.precision_km:g} km; coordinates: "
        f"{_link_or_text(place.coord_source)})</small></p>"
        f"<p>{esc(event.summary)}</p></div>"
    )


def _basis_html(event: Event) -> str:
    """Under a date that is not the event's own, what it is (atlas.model.basis_label); nothing when it is."""
    basis = basis_label(event)
    return f' <small class="fp-basis">({esc(basis)})</small>' if basis else ""


def _link_or_text(text: str) -> str:
    if text.startswith(("http://", "https://")):
        return f'<a href="{esc(text)}" target="_blank" rel="noopener noreferrer">{esc(_host(text))}</a>'
    return esc(text)


def _host(url: str) -> str:
    return url.split("/")[2] if url.count("/") >= 2 else url


def cite_html(source: Source, seed: bool) -> str:
    """The source line: title, outlet (as atlas.outlets names it), date; a link when it is not a seed article."""
    published = source.published.human() if source.published else "date not known"
    outlet = esc(outlet_label(source))
    if seed:
        return f"{esc(source.title)} — {outlet}, {esc(published)} (seed article)"
    return f"{_link_or_text(source.url)} — {esc(source.title)}, {outlet}, {esc(published)}"


def excerpt_blocks(atlas: Atlas, event: Event) -> list[dict[str, object]]:
    """One block per paragraph quoted: its HTML with every quote in it marked, and the source line.

    Two excerpts from the same paragraph make one block (the paragraph is shown once). A quote in another
    language than English carries its lang attribute.
    """
    blocks: list[dict[str, object]] = []
    by_paragraph: dict[tuple[str, int], dict[str, object]] = {}
    for x in atlas.excerpts_for(event.id):
        source = atlas.sources[x.source_id]
        text = atlas.seed_texts.get(source.id)
        span = find_quote(text, x.quote) if text else None
        lang = guess_language(x.quote)
        if span and text:
            para, a, b = paragraph_around(text, *span)
            key = (source.id, span[0] - a)
            if key in by_paragraph:
                block = by_paragraph[key]
                block["spans"].append((a, b, ""))  # type: ignore[attr-defined]
                block["html"] = mark_spans(para, block["spans"])  # type: ignore[arg-type]
                continue
            block = {"source_id": source.id, "kind": source.kind, "span": span, "spans": [(a, b, "")], "lang": lang}
            block["html"] = mark_spans(para, block["spans"])  # type: ignore[arg-type]
            block["cite"] = cite_html(source, seed=True)
            by_paragraph[key] = block
        else:
            block = {"source_id": source.id, "kind": source.kind, "span": span, "spans": [], "lang": lang}
            block["html"] = f"<mark>{esc(x.quote)}</mark>"
            block["cite"] = cite_html(source, seed=False)
        blocks.append(block)
    return blocks


def quote_html(block: dict[str, object]) -> str:
    """A block as the panel shows it: the quote (with its language) and its source line."""
    lang = block.get("lang") or "en"
    attr = f' lang="{esc(lang)}"' if lang != "en" else ""
    return f'<blockquote class="fp-quote"{attr}>{block["html"]}</blockquote><p class="fp-cite">{block["cite"]}</p>'


def route_point_html(atlas: Atlas, event: Event, point: RoutePoint) -> str:
    """A dated position on a route: where and when, and the source that dates it."""
    place = atlas.places.get(point.place_id)
    where = esc(place.name) if place else f"{point.lat:.2f}°, {point.lon:.2f}°"
    when = esc(point.date.human()) if point.date else "undated (inferred to keep the line at sea)"
    source = atlas.sources.get(point.source_id)
    cite = cite_html(source, seed=source.id in atlas.seed_texts) if source else "no source: an inferred position"
    return (
        f'<div class="fp-panel-head"><h3>{esc(event.title)}: position of {when}</h3>'
        f"<p><b>Where:</b> {where}<br><b>Leg:</b> {esc(point.leg)}<br><b>Source:</b> {cite}</p></div>"
    )


def article_html(atlas: Atlas, event: Event, source_id: str) -> str:
    """The whole seed article, escaped, with every excerpt of this event from it marked."""
    text = atlas.seed_texts[source_id]
    spans = [s for x in atlas.excerpts_for(event.id) if x.source_id == source_id and (s := find_quote(text, x.quote))]
    return paragraphs_html(text, spans)


PANEL_CSS = """
<style>
.fp-badge { padding: 1px 7px; border-radius: 9px; font-size: .8rem; border: 1.5px solid #333; }
.fp-badge.fp-solid { background: #333; color: #fff; }
.fp-badge.fp-hollow { border-style: dashed; }
.fp-badge.fp-denied { color: #666; border-color: #888; text-decoration: line-through; }
.fp-quote { border-left: 4px solid #0b5394; padding: .2rem .7rem; margin: .4rem 0; background: #f6f8fb; }
.fp-panel-head h3 { font-size: 1.25rem; margin: 0 0 .3rem; overflow-wrap: anywhere; }
.fp-panel-head, .fp-cite { overflow-wrap: anywhere; }
.fp-quote mark, .fp-article mark { background: #ffe08a; color: #000; padding: 0 1px; }
.fp-quote mark.fp-date { background: #cde7f7; }  /* dates, on the Add an article page */
.fp-cite { font-size: .85rem; color: #333; margin: 0 0 .8rem; }
.fp-article { max-height: 28rem; overflow-y: auto; font-size: .95rem; }
.fp-article:focus-visible { outline: 2px solid #0b5394; outline-offset: 2px; }
@media (max-width: 640px) { h2 { font-size: 1.35rem !important; } }  /* the title must not fill a phone */
</style>
"""
