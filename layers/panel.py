"""The source panel's HTML: title, status and who claims it, dates, each excerpt highlighted in its
paragraph, and the sources. Everything from the data goes through layers.markup."""

from __future__ import annotations

from atlas.dates import human_span
from atlas.model import Atlas, Event
from atlas.queries import find_quote, paragraph_around
from layers.markup import esc, highlight, paragraphs_html
from layers.style import status_class

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
        f"{esc(STATUS_NOTE.get(event.status, ''))}<br><b>Who says so:</b> {esc(event.attribution)}</p>"
        f"<p><b>When:</b> {esc(human_span(event.start, event.end))} "
        f"<small>(known to the {esc(event.date_precision)})</small><br>"
        f"<b>Where:</b> {esc(place.name)} <small>(± {place.precision_km:g} km; coordinates: "
        f"{_link_or_text(place.coord_source)})</small></p>"
        f"<p>{esc(event.summary)}</p></div>"
    )


def _link_or_text(text: str) -> str:
    if text.startswith(("http://", "https://")):
        return f'<a href="{esc(text)}" target="_blank" rel="noopener noreferrer">{esc(_host(text))}</a>'
    return esc(text)


def _host(url: str) -> str:
    return url.split("/")[2] if url.count("/") >= 2 else url


def excerpt_blocks(atlas: Atlas, event: Event) -> list[dict[str, object]]:
    """One block per excerpt: the paragraph HTML with the quote marked, and the source line."""
    blocks = []
    for x in atlas.excerpts_for(event.id):
        source = atlas.sources[x.source_id]
        published = source.published.human() if source.published else "date not known"
        text = atlas.seed_texts.get(source.id)
        span = find_quote(text, x.quote) if text else None
        if span and text:
            para, a, b = paragraph_around(text, *span)
            body = highlight(para, a, b)
            cite = f"{esc(source.title)} — {esc(source.outlet)}, {esc(published)} (seed article)"
        else:
            body = f"<mark>{esc(x.quote)}</mark>"
            cite = f"{_link_or_text(source.url)} — {esc(source.title)}, {esc(source.outlet)}, {esc(published)}"
        blocks.append({"source_id": source.id, "kind": source.kind, "html": body, "cite": cite, "span": span})
    return blocks


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
.fp-quote mark, .fp-article mark { background: #ffe08a; color: #000; padding: 0 1px; }
.fp-quote mark.fp-date { background: #cde7f7; }  /* dates, on the Add an article page */
.fp-cite { font-size: .85rem; color: #444; margin-bottom: .8rem; }
.fp-article { max-height: 28rem; overflow-y: auto; font-size: .95rem; }
@media (max-width: 640px) { h2 { font-size: 1.35rem !important; } }  /* the title must not fill a phone */
</style>
"""
