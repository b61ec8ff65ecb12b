"""Sentences with offsets: a rule splitter that knows common abbreviations, enough for news prose."""

from __future__ import annotations

import re

_ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "gen",
    "col",
    "lt",
    "sgt",
    "st",
    "jr",
    "sr",
    "no",
    "vs",
    "u.s",
    "u.n",
    "e.g",
    "i.e",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
}
_BOUNDARY = re.compile(r"[.!?…]+[\"”’)\]]*\s+|\n+")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, trimmed of surrounding white space; offsets index `text`."""
    spans, start = [], 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        word = re.search(r"([\w.]+)[.!?…]+[\"”’)\]]*\s*$", text[start:end])
        if word and word.group(1).lower().rstrip(".") in _ABBREVIATIONS and "\n" not in match.group():
            continue
        spans.append((start, end))
        start = end
    if start < len(text):
        spans.append((start, len(text)))
    out = []
    for a, b in spans:
        segment = text[a:b]
        stripped_left = len(segment) - len(segment.lstrip())
        stripped_right = len(segment) - len(segment.rstrip())
        if segment.strip():
            out.append((a + stripped_left, b - stripped_right))
    return out
