"""Hostile data text in the renderer: titles and place names reach tooltips and labels as text, never HTML.

The renderer (layers/assets/footprint_map.js) builds tooltips from the atlas payload; a title that holds markup
must show as written and run nothing. The test rewrites the loaded payload in the browser, redraws, opens every
tooltip and looks for the injected element.
"""

from __future__ import annotations

import json

from test_browser import browser, leaflet, open_app, page, server  # noqa: F401  (fixtures shared with the map tests)

HOSTILE = '<img src="x" id="fp-pwned" onerror="window.__pwned = 1">&lt;b&gt;'

REDRAW_HOSTILE = (
    "(() => { const fp = window.footprint, hostile = %s;"
    " fp.data.events.forEach(e => { e.title = hostile; });"
    " Object.values(fp.data.places).forEach(p => { p.label = hostile; });"
    " fp.render(); const tips = [];"
    " fp.map.eachLayer(l => { if (l.getTooltip && l.getTooltip()) {"
    "   try { l.openTooltip(); } catch (err) {} const t = l.getTooltip();"
    "   if (t && t.getElement()) tips.push(t.getElement().innerHTML); } });"
    " return tips; })()"
)


def test_route_legs_positions_and_labels_show_a_hostile_title_as_text(page):  # noqa: F811
    open_app(page, "?year=2017&mode=cumulative")
    tips = leaflet(page, REDRAW_HOSTILE % json.dumps(HOSTILE))
    assert len(tips) >= 3  # the carrier's route legs and dated positions carry tooltips
    assert all("<img" not in t for t in tips)
    assert any("&lt;img" in t for t in tips)  # the markup is there, as text
    labels = leaflet(page, "[...document.querySelectorAll('.fp-label span')].map(s => s.textContent)")
    assert labels and all(text == HOSTILE for text in labels)
    assert leaflet(page, "document.getElementById('fp-pwned') === null && window.__pwned === undefined")
