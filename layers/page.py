"""The map page's own HTML and small wording rules: layout CSS, the legend, counts and file names."""

from __future__ import annotations

import functools
from types import ModuleType
from urllib.parse import urlencode

from atlas.model import STATUSES, Event
from atlas.queries import SiteCount
from atlas.timeline import is_new
from layers.basemap import INFERRED_DASH
from layers.markup import esc
from layers.style import LOOKS, symbol_svg

LEGEND_GREY = "#5a5a5a"
MAP_HEIGHT = 700  # px: most of a 1000 px high window; PAGE_CSS reserves it so nothing shifts when the map mounts


def events_label(n: int) -> str:
    """'1 sourced feature', '3 sourced features', 'No sourced feature'."""
    if n == 0:
        return "No sourced feature"
    return f"{n} sourced feature{'s' if n != 1 else ''}"


def event_line(event: Event, year: int, axis: tuple[int, int]) -> str:
    """A line of the event list (plain text): 'NEW · 15 November 2016 — title', 'since 1971 — title'."""
    when = event.start.human() if event.start.year >= axis[0] else f"since {event.start.year}"
    return f"{'NEW · ' if is_new(event, year) else ''}{when} — {event.title}"


def download_name(year: int, mode: str, layers: tuple[str, ...], all_layers: tuple[str, ...]) -> str:
    """footprint-2017-state (every layer), footprint-2017-cumulative-bases+conflict (some), …-no-layers (none)."""
    if set(layers) >= set(all_layers):
        which = ""
    elif layers:
        which = "-" + "+".join(layers)
    else:
        which = "-no-layers"
    return f"footprint-{year}-{mode}{which}"


def _line(dash: str | None) -> str:
    dash_attr = f' stroke-dasharray="{dash}" stroke-linecap="round"' if dash else ""
    return (
        f'<svg aria-hidden="true" width="34" height="10" viewBox="0 0 34 10"><line x1="2" y1="5" x2="26" y2="5" '
        f'stroke="#1a1a1a" stroke-width="3"{dash_attr}/><path d="M26 1 L33 5 L26 9 z" fill="#1a1a1a"/></svg>'
    )


def wagner_table_html(counts: list[SiteCount] | tuple[SiteCount, ...]) -> str:
    """GIS's count of Wagner sites beside the ones public sources name: a plain HTML table (a Streamlit table
    would build a DataFrame and Arrow bytes on every year step)."""
    rows = "".join(
        f"<tr><th scope='row'>{esc(c.kind.replace('_', ' '))}</th><td>{c.reported}</td><td>{c.named}</td></tr>"
        for c in counts
    )
    return (
        '<h2 class="fp-h3" id="fp-wagner">Wagner sites: what GIS counts, what public sources name</h2>'
        '<table class="fp-table" aria-labelledby="fp-wagner"><thead><tr><th scope="col">site kind</th>'
        '<th scope="col">GIS count</th><th scope="col">named by public sources (mapped)</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


@functools.cache
def legend_html(layers: tuple[ModuleType, ...]) -> str:
    """Layers (shape and colour), the five status looks, the route's legs and direction, halos, NEW, clusters."""
    items = [f"<li>{symbol_svg(layer.SHAPE, layer.COLOR, 'reported', 16)} {esc(layer.LABEL)}</li>" for layer in layers]
    looks = [f"<li>{symbol_svg('circle', LEGEND_GREY, s, 16)} {esc(s)}: {esc(LOOKS[s])}</li>" for s in STATUSES]
    other = [
        f"<li>{_line(None)} route leg a source dates at both ends</li>",
        f"<li>{_line(INFERRED_DASH)} leg inferred to keep the line at sea; arrows: direction of travel</li>",
        '<li><span class="fp-legend-halo"></span> how far off the location may be</li>',
        '<li><span class="fp-legend-new">NEW</span> starts in the selected year</li>',
        '<li><span class="fp-legend-cluster">3</span> several events at one place: click to spread them</li>',
        '<li><span class="fp-legend-country"></span> a statement about a whole country, at its centre</li>',
    ]
    return (
        '<div class="fp-legend" role="group" aria-label="Legend">'
        f'<ul aria-label="Layers">{"".join(items)}</ul>'
        f'<ul aria-label="Status">{"".join(looks)}</ul>'
        f'<ul aria-label="Other signs">{"".join(other)}</ul></div>'
    )


# For every page: captions at full strength (Streamlit fades them to 0.6: 3.9:1), focus visible.
COMMON_RULES = """
[data-testid="stCaptionContainer"] { opacity: 1 !important; color: #3d3d3d !important; }
a:focus-visible, button:focus-visible, summary:focus-visible, [role="slider"]:focus-visible,
iframe:focus-visible, [tabindex]:focus-visible { outline: 2px solid #0b5394 !important; outline-offset: 2px; }
label:has(input:focus-visible) { outline: 2px solid #0b5394; outline-offset: 2px; border-radius: 3px; }
nav.fp-nav { display: flex; gap: .4rem 1.1rem; flex-wrap: wrap; justify-content: flex-end; margin: 0; padding: 0; }
.fp-nav a, .fp-link a { color: #0b4a85; font-weight: 600; text-decoration: none; padding: .3rem .1rem;
  display: inline-block; }
.fp-nav a:hover, .fp-link a:hover { text-decoration: underline; }
.fp-nav a[aria-current="page"] { color: #1a1a1a; text-decoration: underline; text-underline-offset: 4px; }
"""
COMMON_CSS = f"<style>{COMMON_RULES}</style>"

PAGE_CSS = """
<style>
COMMON_RULES
[data-testid="stMainBlockContainer"], .block-container { padding: .75rem 1.25rem 2rem !important; max-width: none; }
[data-testid="stHeader"] { display: none; }
.fp-title { font-size: 1.45rem !important; line-height: 1.25; margin: 0 !important; padding: 0 !important; }
.fp-h2 { font-size: 1.2rem !important; margin: .4rem 0 0 !important; padding: 0 !important; }
.fp-h3 { font-size: 1.05rem !important; margin: .6rem 0 0 !important; padding: 0 !important; }
.fp-table { border-collapse: collapse; font-size: .9rem; margin: .3rem 0 .5rem; }
.fp-table th, .fp-table td { border: 1px solid #c8c8c8; padding: .25rem .6rem; text-align: left; color: #1a1a1a; }
.fp-table td { text-align: right; font-variant-numeric: tabular-nums; }
.fp-table thead th { background: #f3f3f3; }
.fp-skip { position: absolute; left: -9999px; top: 0; z-index: 10000; background: #fff; color: #0b4a85;
           padding: 6px 10px; border: 2px solid #0b5394; }
.fp-skip:focus { left: 8px; }
/* the map is the page; reserve its height so nothing shifts when it mounts */
iframe[title="streamlit_folium.st_folium"] { min-height: MAP_HEIGHTpx; display: block; }
/* Streamlit shows a loading skeleton BESIDE the component until it is ready: lay it over the map instead */
div:has(> [data-testid="stSkeleton"] + [data-testid="stCustomComponentV1"]) { position: relative; }
[data-testid="stSkeleton"]:has(+ [data-testid="stCustomComponentV1"]) { position: absolute; inset: 0; z-index: 1; }
/* the panel beside the map stays in view while the page scrolls (its wrapper is what can stick) */
[data-testid="stLayoutWrapper"]:has(> .st-key-panel) { position: sticky; top: .5rem; align-self: flex-start;
  max-height: calc(100vh - 1rem); overflow-y: auto; }
.fp-legend { display: flex; flex-wrap: wrap; gap: .2rem 1.4rem; font-size: .8rem; color: #222; margin: .3rem 0 0; }
.fp-legend ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .1rem .9rem; }
.fp-legend li { display: inline-flex; align-items: center; gap: .3rem; margin: 0; }
.fp-legend-halo { display: inline-block; width: 16px; height: 16px; border-radius: 50%; border: 1px dashed #444;
                  background: rgba(0,0,0,.08); }
.fp-legend-new { background: #111; color: #fff; font: 700 9px/13px system-ui, sans-serif; padding: 0 3px;
                 border-radius: 3px; }
.fp-legend-country { display: inline-block; width: 14px; height: 14px; border: 2px dashed #1a1a1a; border-radius: 3px; }
.fp-legend-cluster { display: inline-flex; width: 20px; height: 20px; border-radius: 50%; border: 2px solid #111;
                     align-items: center; justify-content: center; font-weight: 700; font-size: 11px; }
@media (max-width: 640px) {
  .fp-title { font-size: 1.2rem !important; }
  [data-testid="stMainBlockContainer"], .block-container { padding: .5rem .6rem 2rem !important; }
  [data-testid="stLayoutWrapper"]:has(> .st-key-panel) { position: static; max-height: none; overflow: visible; }
}
</style>
""".replace("MAP_HEIGHT", str(MAP_HEIGHT)).replace("COMMON_RULES", COMMON_RULES)


# The two pages, by their address relative to either page ("./" is the map, whatever the server's base path).
PAGES = {"map": ("Map", "./"), "add": ("Add an article", "./Add_an_article")}


def page_href(page: str, query: dict[str, str] | None = None) -> str:
    """The address of one of the pages, with an optional query (the map's view: year, feature…)."""
    href = PAGES[page][1]
    return f"{href}?{urlencode(query)}" if query else href


def nav_html(current: str) -> str:
    """The links between the pages. Plain links, so a switch is a new page load with its own session: a switch
    inside Streamlit's session made while the map page's first run was still going could leave the new page
    blank (seen in the browser tests, once in CI); a new load has no run to race with."""
    current_mark = ' aria-current="page"'
    links = "".join(
        f'<a href="{esc(href)}" target="_self"{current_mark if page == current else ""}>{esc(label)}</a>'
        for page, (label, href) in PAGES.items()
    )
    return f'<nav class="fp-nav" aria-label="Pages">{links}</nav>'


def link_html(label: str, href: str) -> str:
    """One link to another page, in the style of the pages' links but where the text runs (a new page load, like
    nav_html)."""
    return f'<p class="fp-link"><a href="{esc(href)}" target="_self">{esc(label)}</a></p>'
