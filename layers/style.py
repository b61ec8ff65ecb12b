"""How status and uncertainty look: one palette, one symbol per layer, one look per status.

Colours are the Okabe–Ito set, readable with the common colour-vision deficiencies, and each layer also
has its own shape, so colour is never the only signal. Each of the five statuses has its own look, told apart
without colour: reported — filled; confirmed — filled with a check; planned — hollow, dashed outline;
claimed — hollow with a dot in the middle; denied — hollow, grey, struck through. Every symbol is drawn over a
dark outline, so it holds 3:1 against land and sea whatever its colour.
"""

from __future__ import annotations

from atlas.model import STATUSES, UNCERTAIN_STATUSES

DENIED_GREY = "#6b6b6b"
OUTLINE = "#1a1a1a"
SHAPES = {
    "square": "M4 4h14v14H4z",
    "diamond": "M11 2l9 9-9 9-9-9z",
    "triangle": "M11 3l9 16H2z",
    "circle": "M11 3a8 8 0 1 0 0.01 0z",
    "cross": "M8 2h6v6h6v6h-6v6H8v-6H2V8h6z",
    "star": "M11 1.5l2.7 6.2 6.8.6-5.1 4.5 1.5 6.6L11 16l-5.9 3.4 1.5-6.6-5.1-4.5 6.8-.6z",
    "hexagon": "M11 2l8 4.5v9L11 20l-8-4.5v-9z",
}
# What each look means, in words (legend and the symbols' accessible names).
LOOKS = {
    "reported": "filled",
    "confirmed": "filled, with a check",
    "planned": "hollow, dashed outline",
    "claimed": "hollow, with a dot",
    "denied": "grey, struck through",
}


def status_class(status: str) -> str:
    """'solid' (reported, confirmed), 'hollow' (planned, claimed) or 'denied': the panel's badge."""
    if status == "denied":
        return "denied"
    return "hollow" if status in UNCERTAIN_STATUSES else "solid"


def symbol_svg(shape: str, color: str, status: str, size: int = 22, label: str = "") -> str:
    """An inline SVG symbol in the status's own look; `label` (already escaped) becomes its accessible name.

    Without a label the SVG is decorative (aria-hidden): the mark around it carries the name.
    """
    path = SHAPES[shape]
    stroke, fill, dash, extra = color, color, "", ""
    if status == "confirmed":
        extra = (
            '<path d="M6.5 11.5l3 3 6-6.5" fill="none" stroke="#fff" stroke-width="4" stroke-linecap="round"/>'
            f'<path d="M6.5 11.5l3 3 6-6.5" fill="none" stroke="{OUTLINE}" stroke-width="2" stroke-linecap="round"/>'
        )
    elif status == "planned":
        fill, dash = "#fff", ' stroke-dasharray="3 2"'
    elif status == "claimed":
        fill = "#fff"
        extra = f'<circle cx="11" cy="11.5" r="3" fill="{color}" stroke="{OUTLINE}" stroke-width="1.2"/>'
    elif status == "denied":
        stroke, fill = DENIED_GREY, "#fff"
        extra = (
            f'<line x1="2" y1="20" x2="20" y2="2" stroke="#fff" stroke-width="4.5"/>'
            f'<line x1="2" y1="20" x2="20" y2="2" stroke="{OUTLINE}" stroke-width="2.2"/>'
        )
    name = f'role="img" aria-label="{label}"' if label else 'aria-hidden="true"'
    css = f"fp-symbol fp-{status_class(status)} fp-look-{status}"
    return (
        f'<svg class="{css}" {name} width="{size}" height="{size}" viewBox="-1 -1 24 24">'
        f'<path d="{path}" fill="none" stroke="{OUTLINE}" stroke-width="4.6" stroke-linejoin="round"/>'
        f'<path d="{path}" fill="{fill}" stroke="{stroke}" stroke-width="2.2" stroke-linejoin="round"{dash}/>'
        f"{extra}</svg>"
    )


def symbols_for(shape: str, color: str, size: int = 22) -> dict[str, str]:
    """The five looks of one layer's symbol, decorative (the renderer names the mark)."""
    return {status: symbol_svg(shape, color, status, size) for status in STATUSES}


def halo_style(color: str) -> dict[str, object]:
    return {"color": color, "weight": 1, "dashArray": "4 4", "fillColor": color, "fillOpacity": 0.08, "opacity": 0.6}
