"""A folder of articles → one review file (JSON) per article, for reviewing many at once or by another tool.

Each article is read as the page reads it; its publication date comes from --published, else from a date at
the start of its file name ("2023-10-05-haftar-moscow.txt"). An article that cannot be read gets its error in
its own review file and in the summary; the others go on. Nothing in data/ or seeds/ is written.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from atlas.dates import PartialDate
from atlas.duplicates import same_events, same_source
from atlas.gazetteer import Gazetteer
from atlas.ingest import ArticleError, ingest_text
from atlas.ingest.text import ACCEPTED_SUFFIXES, decode_article
from atlas.model import Atlas
from atlas.store import atomic_write_text

_DATED_NAME = re.compile(r"^((?:19|20)\d{2}-\d{2}(?:-\d{2})?)")


@dataclass(frozen=True)
class BatchResult:
    article: str
    review: str  # the review file written
    candidates: int
    error: str = ""


def publication_date(path: Path, published: str) -> str:
    if published.strip():
        return published.strip()
    m = _DATED_NAME.match(path.name)
    if not m:
        raise ArticleError("no publication date: give --published or start the file name with YYYY-MM-DD")
    return m.group(1)


def review_json(path: Path, published: str, atlas: Atlas, gazetteer: Gazetteer) -> dict[str, object]:
    """One article's review: what the page would propose, with what is already in the atlas."""
    text = decode_article(path.read_bytes(), path.name)
    date = PartialDate.parse(publication_date(path, published))
    report = ingest_text(text, date, gazetteer=gazetteer)
    out = report.to_json()
    duplicate = same_source(atlas, text)
    out["article"] = path.name
    out["already_in_seeds"] = duplicate.source_id if duplicate else ""
    for c, row in zip(report.candidates, out["candidates"], strict=True):  # type: ignore[call-overload]
        start = c.date.value.iso() if c.date else date.iso()
        place = next((p for p in c.places if p.resolved), None)
        row["start"] = start
        row["same_events"] = [e.id for e in same_events(atlas, place, c.layer, start, c.end)] if place else []
    return out


def ingest_folder(folder: Path, out_dir: Path, published: str, atlas: Atlas, gazetteer: Gazetteer) -> list[BatchResult]:
    """Every article of `folder` (.txt, .md, .html), in name order, each to out_dir/<name>.review.json."""
    out_dir.mkdir(parents=True, exist_ok=True)
    results = []
    for path in sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in ACCEPTED_SUFFIXES):
        target = out_dir / f"{path.stem}.review.json"
        try:
            review = review_json(path, published, atlas, gazetteer)
            error = ""
        except (ArticleError, ValueError, OSError) as exc:
            review, error = {"article": path.name, "error": str(exc)}, str(exc)
        atomic_write_text(target, json.dumps(review, ensure_ascii=False, indent=1) + "\n")
        results.append(BatchResult(path.name, str(target), len(review.get("candidates", [])), error))
    return results


def ingest_command(args: argparse.Namespace) -> int:
    """`python -m atlas ingest FOLDER [--published D] [--out DIR]`: 0 if every article was read, 1 otherwise."""
    from atlas.gazetteer import geonames_gazetteer
    from atlas.load import load_atlas

    folder = Path(args.file)
    out_dir = Path(args.out) if args.out else folder / "reviews"
    atlas = load_atlas(Path(args.data), Path(args.seeds))
    gazetteer = geonames_gazetteer().with_places(list(atlas.places.values()))
    results = ingest_folder(folder, out_dir, args.published, atlas, gazetteer)
    for r in results:
        print(f"{r.article}: {'error: ' + r.error if r.error else str(r.candidates) + ' candidates'} → {r.review}")
    failed = sum(1 for r in results if r.error)
    print(f"{len(results)} articles, {failed} not read; reviews in {out_dir}", file=sys.stderr)
    return 1 if failed else 0
