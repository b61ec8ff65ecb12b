"""Escaping and small HTML pieces, in one place.

Article text is untrusted and folium inserts plain strings into tooltips and popups as HTML, so every
string from the data reaches the browser through `esc` (or `highlight`, which escapes around the mark).
"""

from __future__ import annotations

import html


def esc(text: object) -> str:
    """HTML-escape anything from the data, quotes included (it may land in an attribute)."""
    return html.escape("" if text is None else str(text), quote=True)


def highlight(text: str, start: int, end: int) -> str:
    """Escaped text with [start, end) wrapped in <mark>."""
    return f"{esc(text[:start])}<mark>{esc(text[start:end])}</mark>{esc(text[end:])}"


def paragraphs_html(text: str, spans: list[tuple[int, int]]) -> str:
    """A whole article as escaped <p> paragraphs, with every span marked (spans must not overlap)."""
    out, cursor = [], 0
    pieces: list[str] = []
    for start, end in sorted(spans):
        pieces.append(esc(text[cursor:start]))
        pieces.append(f"<mark>{esc(text[start:end])}</mark>")
        cursor = end
    pieces.append(esc(text[cursor:]))
    joined = "".join(pieces)
    for para in joined.split("\n"):
        if para.strip():
            out.append(f"<p>{para}</p>")
    return "\n".join(out)
