"""Escaping and small HTML pieces, in one place.

Article text is untrusted and folium inserts plain strings into tooltips and popups as HTML, so every
string from the data reaches the browser through `esc` (or `mark_spans`, which escapes around its marks);
what the user typed or uploaded reaches Streamlit's markdown messages through `md_escape`.
"""

from __future__ import annotations

import html
import re

# Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): one U+202E in a title
# would show the rest of the page's line reversed ("2016" as "6102"). They are removed from data text;
# plain right-to-left letters (Arabic, Hebrew) need none of them and stay as written.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def plain(text: object) -> str:
    """Data text as a string with the bidi controls removed: the one cleaning every output shares."""
    return _BIDI_CONTROLS.sub("", "" if text is None else str(text))


def esc(text: object) -> str:
    """HTML-escape anything from the data, quotes included (it may land in an attribute); bidi controls go."""
    return html.escape(plain(text), quote=True)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$&])")


def md_escape(text: object) -> str:
    """Text that Streamlit's markdown (st.error, st.caption, widget labels…) shows as written: no links,
    images, emphasis, HTML or entity; bidi controls removed."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", plain(text))


def mark_spans(text: str, spans: list[tuple[int, int, str]]) -> str:
    """Escaped text with each (start, end, css class) span in a <mark>; a span overlapping an earlier one is skipped."""
    pieces: list[str] = []
    cursor = 0
    for start, end, css in sorted(spans):
        if start < cursor or end <= start:
            continue
        attr = f' class="{esc(css)}"' if css else ""
        pieces += [esc(text[cursor:start]), f"<mark{attr}>{esc(text[start:end])}</mark>"]
        cursor = end
    pieces.append(esc(text[cursor:]))
    return "".join(pieces)


def paragraphs_html(text: str, spans: list[tuple[int, int]]) -> str:
    """A whole article as escaped <p> paragraphs, with every span marked."""
    joined = mark_spans(text, [(a, b, "") for a, b in spans])
    return "\n".join(f"<p>{para}</p>" for para in joined.split("\n") if para.strip())
