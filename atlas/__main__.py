"""python -m atlas check | export | geocode | ingest | import — the contracts other tools and CI rely on.

Exit codes: 0 all well; 1 the data has problems (check) or a place failed (geocode); 2 the command itself
could not run (a bad argument, an unreadable folder, a bug) — said in one line on standard error, so a CI
job can tell "the data needs fixing" from "the checker is broken".
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from atlas import load


def cmd_check(args: argparse.Namespace) -> int:
    atlas = load.load_atlas(Path(args.data), Path(args.seeds))
    for problem in atlas.problems:
        print(problem)
    counts = (
        f"{len(atlas.sources)} sources, {len(atlas.places)} places, {len(atlas.events)} events, "
        f"{len(atlas.excerpts)} excerpts, {len(atlas.route_points)} route points"
    )
    if atlas.problems:
        print(f"{len(atlas.problems)} data problem(s); {counts} usable", file=sys.stderr)
        return 1
    print(f"ok: {counts}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from atlas.export import feature_collection, to_csv, to_geojson

    atlas = load.load_atlas(Path(args.data), Path(args.seeds))
    layers = set(args.layers.split(",")) if args.layers else None
    collection = feature_collection(atlas, args.year, layers, args.mode)
    text = to_geojson(collection) if args.format == "geojson" else to_csv(collection)
    if args.out:
        from atlas.store import atomic_write_text

        atomic_write_text(Path(args.out), text)
        print(f"wrote {len(collection['features'])} features to {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def cmd_geocode(args: argparse.Namespace) -> int:
    from atlas.gazetteer import build
    from atlas.geocode import GazetteerGeocoder, fill_missing, online_geocoder
    from atlas.save import csv_text
    from atlas.store import atomic_write_text

    data = Path(args.data)
    atlas = load.load_atlas(data, Path(args.seeds))
    rows = load.load_records(data / "places.csv", load.place_from_row, [])
    if args.online:
        geocoder, provider, delay = online_geocoder(args.domain, args.scheme), "Nominatim (OpenStreetMap, ODbL)", 1.0
    else:
        geocoder, provider, delay = GazetteerGeocoder(build(list(atlas.places.values()))), "GeoNames gazetteer", 0.0
    places, results = fill_missing(
        rows, geocoder, provider=provider, cache_path=data / "geocode_cache.csv", min_delay_seconds=delay
    )
    for r in results:
        print(f"{r.place_id}: {r.status} {r.detail}".rstrip())
    if any(r.status == "filled" for r in results):
        atomic_write_text(data / "places.csv", csv_text("places.csv", places))
    missing = [p.id for p in places if not p.has_coordinates]
    print(f"{sum(r.status == 'filled' for r in results)} filled, {len(missing)} still without coordinates")
    return 1 if any(r.status == "failed" for r in results) else 0


def cmd_ingest(args: argparse.Namespace) -> int:
    from atlas.ingest import ingest_file

    if Path(args.file).is_dir():  # a folder: one review file per article (atlas.ingest.batch)
        from atlas.ingest.batch import ingest_command

        return ingest_command(args)
    try:
        report = ingest_file(Path(args.file), args.published, title=args.title, outlet=args.outlet, url=args.url)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=1))
    else:
        print(report.to_text())
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from atlas.datasets import DatasetError, import_file

    try:
        report = import_file(Path(args.file), args.name, Path(args.data))
    except DatasetError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for problem in report.problems:
        print(problem, file=sys.stderr)
    print(f"{report.summary()} in {report.seconds:.1f} s", file=sys.stderr if report.path is None else sys.stdout)
    return 0 if report.path is not None else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m atlas", description=__doc__)
    data_dir, seeds_dir = load.data_dirs()
    parser.add_argument("--data", default=str(data_dir), help=f"data folder (${load.DATA_DIR_ENV}, else data/)")
    parser.add_argument("--seeds", default=str(seeds_dir), help=f"seed articles (${load.SEEDS_DIR_ENV}, else seeds/)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="validate data/ and seeds/; exit 1 if there is any problem, 2 if check failed")
    exp = sub.add_parser("export", help="GeoJSON or CSV, one feature per event, with provenance")
    exp.add_argument("--format", choices=("geojson", "csv"), default="geojson")
    exp.add_argument("--year", type=int)
    exp.add_argument("--mode", choices=("state", "cumulative"), default="state")
    exp.add_argument("--layers", help="comma-separated layer ids (default: all)")
    exp.add_argument("--out", help="file to write (default: standard output)")
    geo = sub.add_parser("geocode", help="fill missing coordinates (offline gazetteer unless --online)")
    geo.add_argument("--online", action="store_true", help="ask OpenStreetMap Nominatim (1 request/s, cached)")
    geo.add_argument("--domain", default="nominatim.openstreetmap.org")
    geo.add_argument("--scheme", default="https")
    ing = sub.add_parser("ingest", help="propose sourced candidate features from a new article")
    ing.add_argument("file", help="an article, or a folder of articles (one review JSON each, see --out)")
    ing.add_argument("--published", default="", help="publication date, YYYY-MM-DD (or YYYY-MM)")
    ing.add_argument("--out", default="", help="folder for the review files of a folder (default: FOLDER/reviews)")
    ing.add_argument("--title", default="")
    ing.add_argument("--outlet", default="")
    ing.add_argument("--url", default="")
    ing.add_argument("--json", action="store_true")
    imp = sub.add_parser("import", help="an ACLED or UCDP GED events CSV as a dataset layer (data/datasets/)")
    imp.add_argument("file")
    imp.add_argument("--name", help="the dataset's name (default: the file name); the same name replaces it")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: 0 for --help, 2 for a bad argument
        return int(exc.code or 0)
    handler = {
        "check": cmd_check,
        "export": cmd_export,
        "geocode": cmd_geocode,
        "ingest": cmd_ingest,
        "import": cmd_import,
    }
    try:
        return handler[args.command](args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 2
    except Exception as exc:  # the command's own failure: exit 2, never 1 (1 means the data has problems)
        if os.environ.get("FOOTPRINT_DEBUG"):
            raise
        print(f"error: {args.command} could not run: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
