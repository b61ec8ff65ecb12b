"""Real briefs benchmark: how many of the places and event dates an analyst would mark the Add page finds.

Issue #13's goal: on real news briefs the project has never seen, about Russia, Wagner and the Africa Corps in
Libya and the Sahel, the Add-an-article pipeline finds at least 90 % of the places an analyst would mark and
at least 80 % of the event dates. Two sets of briefs, each with its hand annotations (--set):

* dev (the default): bench/briefs/briefs.json, texts from --texts, else $FOOTPRINT_BRIEFS_DIR, else
  ../shared/briefs beside the repository. These have been used to tune the reader: a development set.
* heldout: bench/briefs/heldout.json, texts from --texts, else $FOOTPRINT_BRIEFS_HELDOUT_DIR, else
  ../shared/briefs-heldout. Annotated before the reader was run on them, and never tuned on: the goal's measure.

The texts themselves are not in the repository (copyright): one `<slug>.txt` per brief in the folder, and a text
whose sha256 is not the annotated one is reported and left out, never scored. Both sets are scored by the same
rules and code.

Each text goes through the same code as the Add page and `python -m atlas ingest`: decode_article, then
ingest_text with the gazetteer of GeoNames cities and our data/places.csv (atlas.gazetteer.default_gazetteer,
which is what the page's reader process builds too). Offline: nothing here touches the network.

Scoring rules (README, "Real briefs"):
* a place is found when a toponym the reader recognised on one of its names as written resolves to it: within
  its radius (25 km for a point, the area's own for a region), or to the country itself for a country. A name
  recognised but left unresolved (the analyst must choose a reading) is not found; the miss says whether the
  right reading was on offer.
* a date is right when the card made of the annotated sentence starts on the annotated date with its precision
  (and ends on its end, for a span); a card the text gives no date for starts on the publication date, as the
  page's does. No card for that sentence is a miss.

    .venv/bin/python bench/briefs.py [--set dev|heldout] [--texts DIR] [--show] [--json FILE]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from atlas.dates import PartialDate  # noqa: E402
from atlas.gazetteer import Entry, Gazetteer  # noqa: E402
from atlas.geo import distance_km  # noqa: E402
from atlas.ingest import ArticleError, IngestReport, ingest_text  # noqa: E402
from atlas.ingest.candidates import Candidate  # noqa: E402
from atlas.ingest.text import decode_article  # noqa: E402
from atlas.ingest.toponyms import Toponym  # noqa: E402

ANNOTATIONS = ROOT / "bench" / "briefs" / "briefs.json"
HELDOUT_ANNOTATIONS = ROOT / "bench" / "briefs" / "heldout.json"
TEXTS_ENV = "FOOTPRINT_BRIEFS_DIR"
HELDOUT_TEXTS_ENV = "FOOTPRINT_BRIEFS_HELDOUT_DIR"
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
GOAL_PLACES, GOAL_DATES = 90.0, 80.0


@dataclass(frozen=True)
class BriefSet:
    """A set of briefs: its annotations, and where its texts are looked for when --texts is not given."""

    annotations: Path
    texts_env: str
    shared_folder: str  # the folder's name under ../shared


SETS = {
    "dev": BriefSet(ANNOTATIONS, TEXTS_ENV, "briefs"),
    "heldout": BriefSet(HELDOUT_ANNOTATIONS, HELDOUT_TEXTS_ENV, "briefs-heldout"),
}


def default_texts_dir(set_name: str = "dev") -> Path:
    """The set's environment variable ($FOOTPRINT_BRIEFS_DIR for dev, $FOOTPRINT_BRIEFS_HELDOUT_DIR for heldout),
    else ../shared/briefs (../shared/briefs-heldout) beside the repository (a worktree one level deeper finds it
    one more level up)."""
    brief_set = SETS[set_name]
    if os.environ.get(brief_set.texts_env):
        return Path(os.environ[brief_set.texts_env])
    options = [root / "shared" / brief_set.shared_folder for root in (ROOT.parent, ROOT.parent.parent)]
    return next((p for p in options if p.exists()), options[0])


@dataclass(frozen=True)
class PlaceGold:
    names: tuple[str, ...]  # as written in the text
    place: str  # our places.csv id, a GeoNames id or a plain description
    lat: float
    lon: float
    scope: str = "point"  # point · area · country
    radius_km: float = 25.0
    country: str = ""
    why: str = ""


@dataclass(frozen=True)
class DateGold:
    sentence: str  # a part of the sentence whose card carries the event
    text: str  # the date expression as written
    value: str  # YYYY, YYYY-MM or YYYY-MM-DD: the precision is the length
    end: str | None = None
    accept: tuple[str, ...] = ()  # other readings as right ("start" or "start/end")
    note: str = ""

    def wanted(self) -> list[str]:
        return [self.value if self.end is None else f"{self.value}/{self.end}", *self.accept]


@dataclass(frozen=True)
class Brief:
    slug: str
    title: str
    url: str
    publisher: str
    outlet_kind: str
    published: str
    sha256: str
    places: tuple[PlaceGold, ...]
    dates: tuple[DateGold, ...]
    outlet_of: str = ""


def load_briefs(path: Path = ANNOTATIONS) -> list[Brief]:
    data = json.loads(path.read_text(encoding="utf-8"))
    briefs = []
    for b in data["briefs"]:
        if not SLUG.fullmatch(b["slug"]):
            raise ValueError(f"{path}: slug {b['slug']!r} is not lowercase words joined by hyphens")
        places = tuple(
            PlaceGold(
                tuple(p["names"]),
                p["place"],
                float(p["lat"]),
                float(p["lon"]),
                p.get("scope", "point"),
                float(p.get("radius_km", 25)),
                p.get("country", ""),
                p.get("why", ""),
            )
            for p in b["places"]
        )
        dates = tuple(
            DateGold(d["sentence"], d["text"], d["value"], d.get("end"), tuple(d.get("accept", ())), d.get("note", ""))
            for d in b["dates"]
        )
        briefs.append(
            Brief(
                b["slug"],
                b["title"],
                b["url"],
                b["publisher"],
                b["outlet_kind"],
                b["published"],
                b["sha256"],
                places,
                dates,
                b.get("outlet_of", ""),
            )
        )
    return briefs


def read_texts(briefs: list[Brief], folder: Path) -> tuple[dict[str, str], list[str]]:
    """The texts found with the annotated sha256, and a sentence for every brief left out (missing, changed,
    unreadable): a problem is reported, never a crash."""
    texts: dict[str, str] = {}
    problems: list[str] = []
    for b in briefs:
        path = folder / f"{b.slug}.txt"
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            problems.append(f"{b.slug}: no text at {path} (save the passage there; see the README)")
            continue
        except OSError as exc:
            problems.append(f"{b.slug}: cannot read {path}: {exc.strerror}")
            continue
        digest = hashlib.sha256(data).hexdigest()
        if digest != b.sha256:
            problems.append(
                f"{b.slug}: {path} has sha256 {digest[:12]}…, not the annotated {b.sha256[:12]}…: not scored"
            )
            continue
        try:
            texts[b.slug] = decode_article(data, path.name)
        except ArticleError as exc:
            problems.append(f"{b.slug}: {path} cannot be read as an article: {exc}")
    return texts, problems


def occurrences(text: str, name: str) -> list[tuple[int, int]]:
    """Where a name as written stands in the text, as a whole word."""
    return [m.span() for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text)]


def _matches(gold: PlaceGold, ref: str, kind: str, country: str, lat: float | None, lon: float | None) -> bool:
    if ref == gold.place:
        return True
    if gold.scope == "country":
        return kind == "country" and country == gold.country
    return lat is not None and lon is not None and distance_km((lat, lon), (gold.lat, gold.lon)) <= gold.radius_km


def toponym_matches(gold: PlaceGold, t: Toponym) -> bool:
    return t.resolved and _matches(gold, t.ref, t.kind, t.country, t.lat, t.lon)


def entry_matches(gold: PlaceGold, e: Entry) -> bool:
    return _matches(gold, e.ref, e.kind, e.country, e.lat, e.lon)


@dataclass
class PlaceResult:
    slug: str
    place: str
    names: str
    found: bool
    in_card: bool
    detail: str


def score_place(
    slug: str, gold: PlaceGold, text: str, places: list[Toponym], candidates: list[Candidate]
) -> PlaceResult:
    spans = [s for name in gold.names for s in occurrences(text, name)]
    mentions = [t for t in places if any(t.start_offset < e and s < t.end_offset for s, e in spans)]
    in_cards = {(t.start_offset, t.end_offset) for c in candidates for t in c.places}
    right = [t for t in mentions if toponym_matches(gold, t)]
    names = " / ".join(gold.names)
    if right:
        carded = any((t.start_offset, t.end_offset) in in_cards for t in right)
        detail = "" if carded else "recognised and placed, but in no card (read as not a location)"
        return PlaceResult(slug, gold.place, names, True, carded, detail)
    return PlaceResult(slug, gold.place, names, False, False, describe_miss(gold, spans, mentions))


def describe_miss(gold: PlaceGold, spans: list[tuple[int, int]], mentions: list[Toponym]) -> str:
    """Why a place was not found, from what the reader made of its names."""
    if not spans:
        return "the annotated name is not in the text"
    if not mentions:
        return "not recognised as a place name"
    reasons = []
    for t in mentions:
        if t.resolved:
            where = f"{distance_km((t.lat, t.lon), (gold.lat, gold.lon)):.0f} km away" if t.lat is not None else ""
            reasons.append(f"{t.name!r} read as {t.ref} ({t.kind}, {t.country or 'no country'}) {where}".rstrip())
        elif not t.readings:
            reasons.append(f"{t.name!r} recognised, but no gazetteer entry: left unplaced")
        elif any(entry_matches(gold, e) for e, _ in t.readings):
            reasons.append(f"{t.name!r} left unresolved; the right reading is among its {len(t.readings)} offered")
        else:
            reasons.append(f"{t.name!r} left unresolved; none of its {len(t.readings)} readings is this place")
    return "; ".join(dict.fromkeys(reasons))


@dataclass
class DateResult:
    slug: str
    expression: str
    wanted: str
    got: str
    right: bool
    detail: str
    publication_stands_in: bool = False  # the card had no date of its own: right, if at all, by the fallback


def card_for(text: str, sentence: str, candidates: list[Candidate]) -> Candidate | None:
    at = text.find(sentence)
    return next((c for c in candidates if c.start_offset <= at < c.end_offset), None) if at >= 0 else None


def card_dates(c: Candidate, published: PartialDate) -> tuple[str, str]:
    """(start, start/end) a card proposes: its date, or the publication date when the text gives none."""
    if c.date is None:
        return published.iso(), published.iso()
    start = c.date.value.iso()
    return start, start if c.date.end_value is None else f"{start}/{c.date.end_value.iso()}"


def score_date(slug: str, gold: DateGold, text: str, candidates: list[Candidate], published: PartialDate) -> DateResult:
    wanted = gold.wanted()
    c = card_for(text, gold.sentence, candidates)
    if c is None:
        return DateResult(slug, gold.text, wanted[0], "", False, "no card for this sentence (no place found in it)")
    start, full = card_dates(c, published)
    right = any(w == (full if "/" in w else start) for w in wanted)
    if c.date is None:
        detail = "no date read for this card: the publication date stands in"
    else:
        d = c.date
        how = d.rule + (f", counted from {d.anchored_to}" if d.anchored_to else "")
        inherited = " (from an earlier sentence)" if c.date_inherited else ""
        detail = f"from {d.text!r}{inherited}: {d.precision}, {how}"
    return DateResult(slug, gold.text, wanted[0], full, right, detail, c.date is None)


@dataclass
class BriefResult:
    brief: Brief
    seconds: float
    cards: int
    places: list[PlaceResult] = field(default_factory=list)
    dates: list[DateResult] = field(default_factory=list)

    @property
    def places_found(self) -> int:
        return sum(p.found for p in self.places)

    @property
    def dates_right(self) -> int:
        return sum(d.right for d in self.dates)


def score_brief(brief: Brief, text: str, report: IngestReport, seconds: float = 0.0) -> BriefResult:
    result = BriefResult(brief, seconds, len(report.candidates))
    result.places = [score_place(brief.slug, g, report.text, report.places, report.candidates) for g in brief.places]
    result.dates = [score_date(brief.slug, g, report.text, report.candidates, report.published) for g in brief.dates]
    return result


def run_brief(brief: Brief, text: str, gazetteer: Gazetteer) -> BriefResult:
    started = time.perf_counter()
    report = ingest_text(
        text,
        PartialDate.parse(brief.published),
        gazetteer=gazetteer,
        title=brief.title,
        outlet=brief.publisher,
        url=brief.url,
    )
    return score_brief(brief, text, report, time.perf_counter() - started)


def percent(part: int, whole: int) -> float:
    return 100.0 * part / whole if whole else 0.0


def machine() -> dict[str, str]:
    """The CPU model (lscpu) and the load (uptime), for the record beside the figures."""
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
        model = next((line.split(":", 1)[1].strip() for line in lscpu.splitlines() if "Model name" in line), "?")
    except OSError:
        model = "?"
    try:
        uptime = subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        uptime = "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return {"cpu": model, "cores": str(os.cpu_count()), "uptime": uptime}


def table(results: list[BriefResult]) -> str:
    head = "| brief | outlet (kind) | published | places found | of them in a card | dates right | cards | s |"
    lines = [head, "|---|---|---|---|---|---|---|---|"]
    for r in results:
        b = r.brief
        in_card = sum(p.in_card for p in r.places)
        dates = f"{r.dates_right}/{len(r.dates)}" if r.dates else "— (none dated)"
        lines.append(
            f"| {b.slug} | {b.publisher} ({b.outlet_kind}) | {b.published} | {r.places_found}/{len(r.places)} | "
            f"{in_card} | {dates} | {r.cards} | {r.seconds:.2f} |"
        )
    found, places = sum(r.places_found for r in results), sum(len(r.places) for r in results)
    right, dates = sum(r.dates_right for r in results), sum(len(r.dates) for r in results)
    in_card = sum(p.in_card for r in results for p in r.places)
    lines.append(
        f"| **all {len(results)}** | | | **{found}/{places} = {percent(found, places):.0f} %** | {in_card} | "
        f"**{right}/{dates} = {percent(right, dates):.0f} %** | {sum(r.cards for r in results)} | "
        f"{sum(r.seconds for r in results):.2f} |"
    )
    return "\n".join(lines)


def misses(results: list[BriefResult]) -> list[str]:
    out = []
    for r in results:
        out += [f"place  {p.slug}: {p.names} ({p.place}): {p.detail}" for p in r.places if not p.found]
        out += [f"placed {p.slug}: {p.names}: {p.detail}" for p in r.places if p.found and not p.in_card]
        out += [
            f"date   {d.slug}: {d.expression!r} wanted {d.wanted}, got {d.got or 'nothing'}: {d.detail}"
            for d in r.dates
            if not d.right
        ]
        out += [
            f"dated  {d.slug}: {d.expression!r} right only because the publication date stands in ({d.detail})"
            for d in r.dates
            if d.right and d.publication_stands_in
        ]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--set",
        dest="set_name",
        choices=sorted(SETS),
        default="dev",
        help="dev: briefs.json (tuned on); heldout: heldout.json (never tuned on)",
    )
    parser.add_argument(
        "--texts",
        type=Path,
        default=None,
        help=f"folder of <slug>.txt (else ${TEXTS_ENV} or ../shared/briefs for dev, "
        f"${HELDOUT_TEXTS_ENV} or ../shared/briefs-heldout for heldout)",
    )
    parser.add_argument("--annotations", type=Path, default=None, help="another annotations file (else the set's)")
    parser.add_argument("--show", action="store_true", help="print what the reader made of each brief")
    parser.add_argument("--json", type=Path, help="write the results here")
    args = parser.parse_args(argv)
    folder = args.texts or default_texts_dir(args.set_name)
    annotations = args.annotations or SETS[args.set_name].annotations
    briefs = load_briefs(annotations)
    texts, problems = read_texts(briefs, folder)
    for problem in problems:
        print(f"left out: {problem}", file=sys.stderr)
    if not texts:
        print(f"no brief could be scored: no text with the annotated sha256 in {folder}", file=sys.stderr)
        return 1
    from atlas.gazetteer import default_gazetteer

    started = time.perf_counter()
    gazetteer = default_gazetteer()
    load_seconds = time.perf_counter() - started
    results = []
    for b in briefs:
        if b.slug not in texts:
            continue
        result = run_brief(b, texts[b.slug], gazetteer)
        results.append(result)
        if args.show:
            report = ingest_text(texts[b.slug], PartialDate.parse(b.published), gazetteer=gazetteer)
            print(f"\n## {b.slug}\n{report.to_text()}\n")
    info = machine()
    print(
        f"set {args.set_name} ({annotations.name}): {len(results)} of {len(briefs)} briefs scored, "
        f"texts from {folder}; gazetteer in {load_seconds:.1f} s"
    )
    print(f"machine: {info['cpu']}, {info['cores']} cores; {info['uptime']}\n")
    print(table(results))
    found, places = sum(r.places_found for r in results), sum(len(r.places) for r in results)
    right, dates = sum(r.dates_right for r in results), sum(len(r.dates) for r in results)
    print(
        f"\nplaces found {percent(found, places):.1f} % (goal {GOAL_PLACES:.0f} %: "
        f"{'met' if percent(found, places) >= GOAL_PLACES else 'not met'}); dates right {percent(right, dates):.1f} % "
        f"(goal {GOAL_DATES:.0f} %: {'met' if percent(right, dates) >= GOAL_DATES else 'not met'})"
    )
    missed = misses(results)
    if missed:
        print("\nMisses (and, marked placed / dated, places found in no card and dates right only by the fallback):")
        print("\n".join(f"  {m}" for m in missed))
    if args.json:
        payload = {
            "machine": info,
            "set": args.set_name,
            "annotations": str(annotations),
            "texts": str(folder),
            "left_out": problems,
            "briefs": [
                {
                    "slug": r.brief.slug,
                    "seconds": round(r.seconds, 3),
                    "cards": r.cards,
                    "places": [asdict(p) for p in r.places],
                    "dates": [asdict(d) for d in r.dates],
                }
                for r in results
            ],
        }
        args.json.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
