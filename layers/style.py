"""How status and uncertainty look: one palette, one symbol per layer, one rule per status.

Colours are the Okabe–Ito set, readable with the common colour-vision deficiencies, and each layer also
has its own shape, so colour is never the only signal. Planned and claimed marks are hollow and dashed;
denied ones are grey and struck through.
"""

from __future__ import annotations

from atlas.model import UNCERTAIN_STATUSES

DENIED_GREY = "#7a7a7a"
SHAPES = {
    "square": "M4 4h14v14H4z",
    "diamond": "M11 2l9 9-9 9-9-9z",
    "triangle": "M11 3l9 16H2z",
    "circle": "M11 3a8 8 0 1 0 0.01 0z",
    "cross": "M8 2h6v6h6v6h-6v6H8v-6H2V8h6z",
    "star": "M11 1.5l2.7 6.2 6.8.6-5.1 4.5 1.5 6.6L11 16l-5.9 3.4 1.5-6.6-5.1-4.5 6.8-.6z",
}


def status_class(status: str) -> str:
    """'solid' (reported, confirmed), 'hollow' (planned, claimed) or 'denied'."""
    if status == "denied":
        return "denied"
    return "hollow" if status in UNCERTAIN_STATUSES else "solid"


def symbol_svg(shape: str, color: str, status: str, size: int = 22, label: str = "") -> str:
    """An inline SVG marker; `label` (already escaped) becomes its accessible name."""
    kind = status_class(status)
    stroke = DENIED_GREY if kind == "denied" else color
    fill = "none" if kind != "solid" else color
    dash = ' stroke-dasharray="3 2"' if kind == "hollow" else ""
    strike = (
        f'<line x1="1" y1="21" x2="21" y2="1" stroke="{DENIED_GREY}" stroke-width="2.5"/>' if kind == "denied" else ""
    )
    return (
        f'<svg class="fp-symbol fp-{kind}" role="img" aria-label="{label}" width="{size}" height="{size}" '
        f'viewBox="0 0 22 22"><path d="{SHAPES[shape]}" fill="{fill}" fill-opacity="0.85" stroke="{stroke}" '
        f'stroke-width="2"{dash}/>{strike}</svg>'
    )


def halo_style(color: str) -> dict[str, object]:
    return {"color": color, "weight": 1, "dashArray": "4 4", "fillColor": color, "fillOpacity": 0.08, "opacity": 0.6}
