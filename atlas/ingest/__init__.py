"""Article → sentences, places, dates and candidate features, ready for review (nothing is written here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from atlas.dates import PartialDate
from atlas.gazetteer import Gazetteer, default_gazetteer
from atlas.ingest.candidates import Candidate, build_candidates
from atlas.ingest.sentences import split_sentences
from atlas.ingest.temporal import DateMention, find_dates
from atlas.ingest.text import ArticleError, check_text, decode_article
from atlas.ingest.toponyms import Toponym, resolve

__all__ = ["ArticleError", "IngestReport", "ingest_file", "ingest_text"]


@dataclass
class IngestReport:
    text: str
    published: PartialDate
    title: str = ""
    outlet: str = ""
    url: str = ""
    sentences: list[tuple[int, int]] = field(default_factory=list)  # (start, end) offsets
    places: list[Toponym] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {
            "title": self.title,
            "outlet": self.outlet,
            "url": self.url,
            "published": self.published.iso(),
            "places": [p.to_json() for p in self.places],
            "dates": [d.to_json() for d in self.dates],
            "candidates": [c.to_json() for c in self.candidates],
        }

    def to_text(self) -> str:
        lines = [f"{len(self.places)} place mentions, {len(self.dates)} dates, {len(self.candidates)} candidates"]
        for p in self.places:
            where = f"{p.lat:.3f}, {p.lon:.3f}" if p.resolved else "UNRESOLVED"
            lines.append(f"  place  {p.name!r} @{p.start_offset}: {where} ({p.kind}, confidence {p.confidence:.2f})")
        for d in self.dates:
            lines.append(f"  date   {d.text!r} @{d.start_offset}: {d.to_json()['value']} ({d.precision}, {d.rule})")
        for i, c in enumerate(self.candidates, 1):
            when = ", ".join(str(d.to_json()["value"]) for d in c.dates)
            lines.append(f"{i}. [{c.layer} · {c.status}] {', '.join(p.name for p in c.places)} · {when}")
            lines.append(f"   “{c.sentence}”")
        return "\n".join(lines)


def ingest_text(
    text: str,
    published: str | PartialDate,
    *,
    gazetteer: Gazetteer | None = None,
    title: str = "",
    outlet: str = "",
    url: str = "",
) -> IngestReport:
    text = check_text(text)
    date = published if isinstance(published, PartialDate) else PartialDate.parse(published)
    gaz = gazetteer or default_gazetteer()
    sentences = split_sentences(text)
    places = resolve(text, gaz)
    dates = find_dates(text, date)
    candidates = build_candidates(text, sentences, places, dates)
    return IngestReport(text, date, title, outlet, url, sentences, places, dates, candidates)


def ingest_file(path: Path, published: str, **metadata: str) -> IngestReport:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ArticleError(f"cannot read {path}: {exc.strerror}") from None
    return ingest_text(decode_article(data, path.name), published, **metadata)
