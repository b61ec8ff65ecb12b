"""An accepted article → a new seed and new rows in data/, checked on a scratch copy, then written all-or-nothing.

The review page (or a script) turns the candidates an analyst kept and edited into `Proposal`s. `plan`
makes CSV rows of them — plain strings, so the loader's coercion stays the one judge of a valid row —
`check` loads data/ + seeds/ with those rows appended in a scratch directory and refuses any problem that
was not there before, and `commit` appends them to the real files only if nobody changed those files
since the plan. Existing rows are never rewritten: the new rows are appended to the bytes as they were.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from atlas.dates import PartialDate
from atlas.gazetteer import normalize
from atlas.geo import distance_km
from atlas.ingest.toponyms import Toponym
from atlas.load import MAX_FILE_BYTES, MAX_SEED_BYTES, data_dirs, file_problem, load_atlas, read_file
from atlas.model import LAYER_IDS, OUTLET_KINDS, PARTISAN_KINDS, STATUSES, Atlas, Source
from atlas.save import rows_text
from atlas.store import JOURNAL_NAME, locked, mirror_folder, replace_files

FILES = ("sources.csv", "places.csv", "events.csv", "excerpts.csv")
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SAME_PLACE_KM = 25.0  # an existing place with the same name this close is the same place, not a new one


class AdditionError(ValueError):
    """The addition cannot be written; `problems` says every reason, and nothing was changed."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class ArticleMeta:
    source_id: str
    title: str
    outlet: str
    published: str
    url: str = ""
    outlet_kind: str = ""  # one of OUTLET_KINDS; "" takes the kind the atlas already gives this outlet
    outlet_of: str = ""  # the state whose media it is, or the party it speaks for


def known_outlet(atlas: Atlas, outlet: str) -> Source | None:
    """The latest source of the atlas from this outlet (same name, case and accents aside) that has a kind."""
    key = normalize(outlet)
    same = [s for s in atlas.sources.values() if key and normalize(s.outlet) == key and s.outlet_kind]
    return max(same, key=lambda s: (s.published, s.id)) if same else None


def outlet_kind_of(atlas: Atlas, meta: ArticleMeta) -> tuple[str, str]:
    """The (kind, whose) the source row gets: the analyst's choice, else the atlas's for a known outlet."""
    if meta.outlet_kind:
        return meta.outlet_kind, " ".join(meta.outlet_of.split())
    known = known_outlet(atlas, meta.outlet)
    return (known.outlet_kind, known.outlet_of) if known else ("", "")


@dataclass(frozen=True)
class Proposal:
    """One feature the analyst accepted: what, where, when, how sure, and the sentence that says so."""

    title: str
    layer: str
    status: str
    place: Toponym
    start: str
    end: str
    attribution: str
    quote: str
    summary: str = ""
    existing_event: str = ""  # an event already in the atlas: only this excerpt is added to it (atlas.duplicates)


@dataclass
class Addition:
    source_id: str
    seed_text: str
    rows: dict[str, list[dict[str, str]]]  # file name → rows to append
    base: dict[str, bytes] = field(repr=False)  # each file's bytes when the plan was made

    @property
    def event_ids(self) -> list[str]:
        return [row["id"] for row in self.rows["events.csv"]]

    def new_bytes(self, file: str) -> bytes:
        before = self.base[file]
        if before and not before.endswith(b"\n"):
            before += b"\n"
        return before + rows_text(file, self.rows[file], header=not before).encode("utf-8")


def slugify(text: str, max_words: int = 6) -> str:
    """'Russia eyes Benghazi’s port!' → 'russia-eyes-benghazis-port'."""
    words = re.findall(r"[a-z0-9]+", normalize(text).replace("'", ""))
    return "-".join(words[:max_words])


def unique_id(base: str, taken: set[str]) -> str:
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def suggest_source_id(atlas: Atlas, title: str, published: str) -> str:
    year = published[:4] if published[:4].isdigit() else ""
    base = "-".join(part for part in (slugify(title, 5) or "article", year) if part)
    return unique_id(base, set(atlas.sources))


def _existing_place(atlas: Atlas, toponym: Toponym) -> str | None:
    """The id of a place in data/ this toponym stands for, if any (by its id, or by name and distance)."""
    if toponym.ref in atlas.places:
        return toponym.ref
    if toponym.lat is None or toponym.lon is None:
        return None
    key = normalize(toponym.name)
    for place in atlas.places.values():
        if not place.has_coordinates or key not in {normalize(n) for n in (place.name, *place.aliases)}:
            continue
        if distance_km((place.lat, place.lon), (toponym.lat, toponym.lon)) <= SAME_PLACE_KM:  # type: ignore[arg-type]
            return place.id
    return None


def _meta_problems(atlas: Atlas, seeds_dir: Path, meta: ArticleMeta, proposals: list[Proposal]) -> list[str]:
    problems = []
    if not SLUG.fullmatch(meta.source_id):
        problems.append(f"source id '{meta.source_id}' must be lowercase words joined by hyphens")
    elif meta.source_id in atlas.sources or (seeds_dir / f"{meta.source_id}.txt").exists():
        problems.append(f"source id '{meta.source_id}' is already taken; choose another")
    if not meta.title.strip():
        problems.append("the article needs a title")
    try:
        PartialDate.parse(meta.published.strip())
    except ValueError:
        problems.append(f"publication date '{meta.published}' is not YYYY, YYYY-MM or YYYY-MM-DD")
    kind, whose = outlet_kind_of(atlas, meta)
    if kind not in OUTLET_KINDS:
        outlet = f"'{meta.outlet.strip()}'" if meta.outlet.strip() else "this outlet"
        problems.append(
            f"say what kind of outlet {outlet} is (wire, independent, state media, party to the conflict…): "
            "the atlas does not know it yet"
            if not kind
            else f"'{kind}' is not a kind of outlet"
        )
    elif kind in PARTISAN_KINDS and not whose:
        problems.append(f"say {'which state' if kind == 'state_media' else 'which party'} the outlet speaks for")
    if meta.url and not meta.url.startswith(("http://", "https://")):
        problems.append("the address must start with http:// or https://")
    if not proposals:
        problems.append("no feature is accepted: keep at least one, or discard the article")
    for i, p in enumerate(proposals, 1):
        if p.existing_event:
            if p.existing_event not in atlas.events:
                problems.append(f"feature {i}: event '{p.existing_event}' is not in the atlas")
            continue
        if p.layer not in LAYER_IDS:
            problems.append(f"feature {i}: '{p.layer}' is not a layer")
        if p.status not in STATUSES:
            problems.append(f"feature {i}: '{p.status}' is not a status")
        if not p.place.resolved or p.place.lat is None:
            problems.append(f"feature {i}: choose where '{p.place.name}' is (no reading was clearly ahead)")
        if p.layer == "carrier_route":
            problems.append(f"feature {i}: a carrier route needs dated waypoints; add it in route_points.csv")
    return problems


def plan(
    atlas: Atlas,
    text: str,
    meta: ArticleMeta,
    proposals: list[Proposal],
    data_dir: Path | None = None,
    seeds_dir: Path | None = None,
) -> Addition:
    """Rows for the article and its accepted features; raises AdditionError before anything is written."""
    data_dir, seeds_dir = data_dirs(data_dir, seeds_dir)
    problems = _meta_problems(atlas, seeds_dir, meta, proposals)
    problems += [
        f"feature {i}: its sentence is not in the article" for i, p in enumerate(proposals, 1) if p.quote not in text
    ]
    if problems:
        raise AdditionError(problems)

    kind, whose = outlet_kind_of(atlas, meta)
    source = {
        "id": meta.source_id,
        "title": " ".join(meta.title.split()),
        "outlet": meta.outlet.strip(),
        "outlet_kind": kind,
        "outlet_of": whose if kind in PARTISAN_KINDS else "",
        "published": meta.published.strip(),
        "url": meta.url.strip(),
        "kind": "seed",
    }
    place_ids, event_ids = set(atlas.places), set(atlas.events)
    new_places: dict[str, dict[str, str]] = {}  # toponym ref → row
    events, excerpts = [], []
    for p in proposals:
        if p.existing_event:  # the same event is on the map: the new article becomes one more excerpt of it
            excerpts.append({"event_id": p.existing_event, "source_id": meta.source_id, "quote": p.quote})
            continue
        place_id = _existing_place(atlas, p.place)
        if place_id is None:
            row = new_places.get(p.place.ref)
            if row is None:
                row = {
                    "id": unique_id(slugify(p.place.name) or "place", place_ids),
                    "name": p.place.name,
                    "aliases": "",
                    "lat": f"{p.place.lat:.5f}",
                    "lon": f"{p.place.lon:.5f}",
                    "kind": p.place.kind,
                    "country": p.place.country,
                    "precision_km": f"{p.place.precision_km:g}",
                    "coord_source": f"{p.place.source} ({p.place.ref})",
                }
                new_places[p.place.ref] = row
            place_id = row["id"]
        start = p.start.strip()
        precision = _precision(start)
        event_id = unique_id(f"{slugify(p.title, 5) or place_id}-{start[:4]}", event_ids)
        events.append(
            {
                "id": event_id,
                "layer": p.layer,
                "title": " ".join(p.title.split()),
                "place_id": place_id,
                "start": start,
                "end": p.end.strip(),
                "date_precision": precision,
                "status": p.status,
                "attribution": " ".join(p.attribution.split()),
                "summary": " ".join(p.summary.split()),
            }
        )
        excerpts.append({"event_id": event_id, "source_id": meta.source_id, "quote": p.quote})
    rows = {
        "sources.csv": [source],
        "places.csv": list(new_places.values()),
        "events.csv": events,
        "excerpts.csv": excerpts,
    }
    base = {name: _read(data_dir / name) for name in FILES}
    return Addition(meta.source_id, text, rows, base)


def _precision(start: str) -> str:
    """The precision a start date is written to; an unreadable one is left for the loader to report."""
    try:
        return PartialDate.parse(start).precision
    except ValueError:
        return "day"


def _read(path: Path) -> bytes:
    """A data file's bytes as the loader reads them (a symbolic link refused, not followed); b"" if missing."""
    try:
        return read_file(path, MAX_FILE_BYTES)
    except FileNotFoundError:
        return b""
    except OSError as exc:
        raise AdditionError([f"data/{path.name}: {file_problem(path.name, exc)}"]) from exc


SCRATCH_PREFIX = "footprint-check-"


def sweep_scratch(folder: Path | None = None) -> int:
    """Remove scratch copies that a killed check left in the temp folder (their process is gone)."""
    removed = 0
    for path in Path(folder or tempfile.gettempdir()).glob(f"{SCRATCH_PREFIX}*"):
        pid = path.name.removeprefix(SCRATCH_PREFIX).split("-", 1)[0]
        if not pid.isdigit() or path.is_symlink() or not path.is_dir():
            continue
        try:
            os.kill(int(pid), 0)
            continue  # still running
        except ProcessLookupError:
            pass
        except PermissionError:
            continue  # someone else's process
        shutil.rmtree(path, ignore_errors=True)
        removed += 1
    return removed


def check(addition: Addition, data_dir: Path | None = None, seeds_dir: Path | None = None) -> list[str]:
    """Problems the addition would bring, found by loading a scratch copy with it applied."""
    data_dir, seeds_dir = data_dirs(data_dir, seeds_dir)
    before = {str(p) for p in load_atlas(data_dir, seeds_dir).problems}
    sweep_scratch()
    with tempfile.TemporaryDirectory(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-") as tmp:
        scratch_data, scratch_seeds = Path(tmp) / "data", Path(tmp) / "seeds"
        # as the loader sees them: links copied as links (never followed), folders empty, nothing from outside
        mirror_folder(data_dir, scratch_data, MAX_FILE_BYTES, lambda n: n.startswith(".") or n.endswith(".geojson"))
        mirror_folder(seeds_dir, scratch_seeds, MAX_SEED_BYTES, lambda n: n.startswith("."))
        for name in FILES:
            (scratch_data / name).write_bytes(addition.new_bytes(name))
        (scratch_seeds / f"{addition.source_id}.txt").write_text(addition.seed_text, encoding="utf-8")
        after = load_atlas(scratch_data, scratch_seeds)
    problems = [str(p) for p in after.problems if str(p) not in before]
    missing = [e for e in addition.event_ids if e not in after.events]
    if missing and not problems:
        problems.append(f"events {', '.join(missing)} would not show on the map")
    return problems


def commit(addition: Addition, data_dir: Path | None = None, seeds_dir: Path | None = None) -> None:
    """Check, then write the seed and append the rows, all or nothing; raises AdditionError otherwise."""
    data_dir, seeds_dir = data_dirs(data_dir, seeds_dir)
    try:
        _commit(addition, data_dir, seeds_dir)
    except OSError as exc:  # a full disk, a read-only folder: replace_files has put every file back
        where = f" ({exc.filename})" if exc.filename else ""
        raise AdditionError([f"the data could not be written: {exc.strerror or exc}{where}"]) from exc


def _commit(addition: Addition, data_dir: Path, seeds_dir: Path) -> None:
    with locked(data_dir):
        changed = [name for name in FILES if _read(data_dir / name) != addition.base[name]]
        if changed:
            raise AdditionError([f"{', '.join(changed)} changed since this review began; review the article again"])
        seed = seeds_dir / f"{addition.source_id}.txt"
        if seed.exists():
            raise AdditionError([f"seeds/{seed.name} already exists; choose another source id"])
        problems = check(addition, data_dir, seeds_dir)
        if problems:
            raise AdditionError(problems)
        files = {seed: addition.seed_text.encode("utf-8")}
        files.update({data_dir / name: addition.new_bytes(name) for name in FILES})
        replace_files(files, data_dir / JOURNAL_NAME)
