"""A generated corpus of broken data sets: every way a curator, a tool or an attacker can spoil data/ and seeds/.

Each case is a name and a function that spoils a fresh copy of the real data. `tests/test_hardening_corpus.py`
loads every case and checks the invariants (no exception; every good row loaded or named; check exits 0 or 1;
export and the panel work); `python tests/broken_corpus.py` prints the counts (used for the README figures).
"""

from __future__ import annotations

import csv
import functools
import io
import os
import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from atlas.load import COLUMNS, DATA_DIR, SEEDS_DIR  # noqa: E402

Spoil = Callable[[Path, Path], None]
FILES = tuple(COLUMNS)

# Hostile or odd cell values, written through the csv module (so the file stays well-formed CSV).
VALUES: dict[str, str] = {
    "empty": "",
    "spaces": "   ",
    "long300": "x" * 300,
    "long200k": "y" * 200_000,
    "nul": "a\x00b",
    "md-link": "[click](http://evil.example/)",
    "md-image": "![](http://evil.example/pixel.png)",
    "html": "<script>alert(1)</script><img src=x onerror=alert(2)>",
    "bidi": "abc\u202edcba",
    "formula": '=HYPERLINK("http://evil.example","x")',
    "at-formula": "@SUM(1+1)*cmd|' /C calc'!A0",
    "traversal": "../../../../etc/passwd",
    "absolute": "/etc/hostname",
    "newline": "two\nlines",
    "year0": "0000",
    "year9999": "9999-12-31",
    "superscript": "²",
    "arabic-digits": "٢٠١٦",
    "huge-number": "9" * 4301,
    "nan": "nan",
    "inf": "-inf",
}


def _rewrite_cell(path: Path, line: int, column: str, value: str) -> None:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    header = rows[0]
    rows[line - 1][header.index(column)] = value
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def _cell_case(file: str, column: str, value: str) -> Spoil:
    def spoil(data: Path, seeds: Path) -> None:
        _rewrite_cell(data / file, 2, column, value)

    return spoil


def _bytes_case(file: str, change: Callable[[bytes], bytes]) -> Spoil:
    def spoil(data: Path, seeds: Path) -> None:
        path = data / file
        path.write_bytes(change(path.read_bytes()))

    return spoil


def _lines(raw: bytes) -> list[bytes]:
    return raw.split(b"\n")


def _at_line(raw: bytes, n: int, change: Callable[[bytes], bytes]) -> bytes:
    lines = _lines(raw)
    n = min(n, len(lines) - 2)
    lines[n] = change(lines[n])
    return b"\n".join(lines)


def _insert_line(raw: bytes, n: int, new: bytes) -> bytes:
    lines = _lines(raw)
    lines.insert(min(n, len(lines) - 1), new)
    return b"\n".join(lines)


def _rename_header(raw: bytes) -> bytes:
    head, _, rest = raw.partition(b"\n")
    cells = head.split(b",")
    cells[-1] = cells[-1] + b"_renamed"
    return b",".join(cells) + b"\n" + rest


def _swap_header(raw: bytes) -> bytes:
    head, _, rest = raw.partition(b"\n")
    cells = head.split(b",")
    cells[0], cells[1] = cells[1], cells[0]
    return b",".join(cells) + b"\n" + rest


WHOLE_FILE: dict[str, Callable[[bytes], bytes]] = {
    "empty-file": lambda raw: b"",
    "header-only": lambda raw: raw.partition(b"\n")[0] + b"\n",
    "renamed-column": _rename_header,
    "swapped-columns": _swap_header,
    "extra-column": lambda raw: _at_line(raw, 0, lambda h: h + b",extra"),
    "duplicate-header-column": lambda raw: _at_line(raw, 0, lambda h: h + b"," + h.split(b",")[0]),
    "utf16": lambda raw: raw.decode("utf-8").encode("utf-16"),
    "bom": lambda raw: b"\xef\xbb\xbf" + raw,
    "crlf": lambda raw: raw.replace(b"\n", b"\r\n"),
    "lone-cr": lambda raw: raw.replace(b"\n", b"\r"),
    "latin1-byte-row3": lambda raw: _at_line(raw, 3, lambda line: line + b"\xe9"),
    "latin1-byte-header": lambda raw: _at_line(raw, 0, lambda line: b"\xe9" + line),
    "whole-file-latin1": lambda raw: raw.decode("utf-8").encode("latin-1", errors="replace"),
    "unclosed-quote-row2": lambda raw: _at_line(raw, 2, lambda line: line.replace(b",", b',"', 1)),
    "unclosed-quote-last": lambda raw: raw.rstrip(b"\n") + b',"\n',
    "stray-quote-mid-cell": lambda raw: _at_line(raw, 2, lambda line: line[:3] + b'"' + line[3:]),
    "extra-cell": lambda raw: _at_line(raw, 2, lambda line: line + b",extra"),
    "missing-cell": lambda raw: _at_line(raw, 2, lambda line: line.rsplit(b",", 1)[0]),
    "blank-lines": lambda raw: raw.replace(b"\n", b"\n\n", 3),
    "truncated-mid-row": lambda raw: raw[: len(raw) // 2],
    "binary-garbage": lambda raw: bytes(range(256)) * 8,
    "nul-bytes": lambda raw: raw.replace(b",", b"\x00,", 5),
    "huge-cell-row2": lambda raw: _at_line(raw, 2, lambda line: line + b"z" * 200_000),
    "huge-quoted-cell-row3": lambda raw: _insert_line(raw, 3, b'"' + b"q" * 140_000 + b'"'),
    "impostor-duplicate-first": lambda raw: _insert_line(raw, 1, _lines(raw)[3]),
    "duplicate-last": lambda raw: raw.rstrip(b"\n") + b"\n" + _lines(raw)[1] + b"\n",
    "only-commas": lambda raw: raw + b",,,,,,,,,\n",
    "no-trailing-newline": lambda raw: raw.rstrip(b"\n"),
    "bidi-in-header": lambda raw: _at_line(raw, 0, lambda line: b"\xe2\x80\xae" + line),
    "many-rows": lambda raw: raw + b"\n".join(_lines(raw)[1:2] * 5000),
}


def _as_directory(name: str) -> Spoil:
    def spoil(data: Path, seeds: Path) -> None:
        (data / name).unlink()
        (data / name).mkdir()

    return spoil


def _as_symlink(name: str) -> Spoil:
    def spoil(data: Path, seeds: Path) -> None:
        target = data.parent / f"outside-{name}"
        shutil.copy(data / name, target)
        (data / name).unlink()
        (data / name).symlink_to(target)

    return spoil


def _missing(name: str) -> Spoil:
    def spoil(data: Path, seeds: Path) -> None:
        (data / name).unlink()

    return spoil


def _secret(data: Path) -> Path:
    secret = data.parent / "secret.txt"
    secret.write_text("THE SECRET: not part of the atlas.\n", encoding="utf-8")
    return secret


def _source_id_escape(kind: str) -> Spoil:
    def spoil(data: Path, seeds: Path) -> None:
        secret = _secret(data)
        if kind == "relative":
            sid = "../secret"
        elif kind == "absolute":
            sid = str(secret.with_suffix(""))
        else:
            sid = "linked"
            (seeds / "linked.txt").symlink_to(secret)
        with (data / "sources.csv").open("a", encoding="utf-8") as fh:
            fh.write(f"{sid},Secret,Outlet,2020,,seed\n")
        with (data / "excerpts.csv").open("a", encoding="utf-8") as fh:
            fh.write(f"tartus-naval-facility,{sid},THE SECRET\n")

    return spoil


def _seed_case(kind: str) -> Spoil:
    def spoil(data: Path, seeds: Path) -> None:
        seed = seeds / "russia-tobruk-port-2023.txt"
        if kind == "directory":
            seed.unlink()
            seed.mkdir()
        elif kind == "latin1":
            seed.write_bytes(seed.read_bytes() + b"\xe9")
        elif kind == "empty":
            seed.write_bytes(b"")
        elif kind == "symlink":
            target = data.parent / "outside-seed.txt"
            shutil.copy(seed, target)
            seed.unlink()
            seed.symlink_to(target)
        elif kind == "broken-symlink":
            seed.unlink()
            seed.symlink_to(data.parent / "nowhere.txt")
        elif kind == "huge":
            seed.write_bytes(seed.read_bytes() * 2000)
        elif kind == "utf16":
            seed.write_bytes(seed.read_text(encoding="utf-8").encode("utf-16"))

    return spoil


def _keep_events(ids: list[str] | None) -> Spoil:
    """A small atlas: only these events (None: none at all), with their excerpts and route points."""

    def spoil(data: Path, seeds: Path) -> None:
        for name, key in (("events.csv", "id"), ("excerpts.csv", "event_id"), ("route_points.csv", "route_id")):
            path = data / name
            rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
            kept = [r for r in rows if ids is not None and r[key] in ids]
            buffer = io.StringIO()
            writer = csv.DictWriter(buffer, fieldnames=COLUMNS[name], lineterminator="\n")
            writer.writeheader()
            writer.writerows(kept)
            path.write_text(buffer.getvalue(), encoding="utf-8")

    return spoil


def _append(file: str, line: str) -> Spoil:
    def spoil(data: Path, seeds: Path) -> None:
        with (data / file).open("a", encoding="utf-8") as fh:
            fh.write(line + "\n")

    return spoil


def _replace(file: str, old: str, new: str) -> Spoil:
    def spoil(data: Path, seeds: Path) -> None:
        path = data / file
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")

    return spoil


def _leftovers(data: Path, seeds: Path) -> None:
    (data / ".events.csv.abc.tmp").write_text("half", encoding="utf-8")
    (seeds / ".x.txt.abc.tmp").write_text("half", encoding="utf-8")


SPECIAL: dict[str, Spoil] = {
    "one-event-atlas": _keep_events(["tartus-naval-facility"]),
    "one-dated-day-event": _keep_events(["hmeimim-air-base"]),
    "no-events": _keep_events(None),
    "only-the-route": _keep_events(["kuznetsov-deployment-2016-2017"]),
    "route-point-unknown-source": _append(
        "route_points.csv", "kuznetsov-deployment-2016-2017,99,35.0,20.0,,,inferred,no-such-source"
    ),
    "route-point-superscript-seq": _append(
        "route_points.csv", "kuznetsov-deployment-2016-2017,²,35.0,20.0,,,inferred,"
    ),
    "route-point-long-source": _append(
        "route_points.csv", "kuznetsov-deployment-2016-2017,98,35.0,20.0,,,inferred," + "s" * 300
    ),
    "route-point-nul-source": _append(
        "route_points.csv", "kuznetsov-deployment-2016-2017,97,35.0,20.0,,,inferred,a\x00b"
    ),
    "place-without-coordinates": _replace("places.csv", "34.915,35.875", ","),
    "event-year-0000": _replace("events.csv", ",1971,,year,", ",0000,,year,"),
    "event-end-year-0000": _replace("events.csv", ",2015-09-30,,day,", ",2015-09-30,0000,day,"),
    "source-published-0000": _replace("sources.csv", ",2017-01,,seed", ",0000,,seed"),
    "route-date-0000": _replace("route_points.csv", ",2016-10-15,", ",0000,"),
    "source-id-relative": _source_id_escape("relative"),
    "source-id-absolute": _source_id_escape("absolute"),
    "source-id-symlinked-seed": _source_id_escape("symlink"),
    "leftover-temp-files": _leftovers,
    "data-dir-missing": lambda data, seeds: shutil.rmtree(data),
    "seeds-dir-missing": lambda data, seeds: shutil.rmtree(seeds),
    **{
        f"seed-{kind}": _seed_case(kind)
        for kind in ("directory", "latin1", "empty", "symlink", "broken-symlink", "huge", "utf16")
    },
    **{f"{name}-is-a-directory": _as_directory(name) for name in FILES},
    **{f"{name}-is-a-symlink": _as_symlink(name) for name in FILES},
    **{f"{name}-missing": _missing(name) for name in FILES},
}


def cases() -> dict[str, Spoil]:
    out: dict[str, Spoil] = dict(SPECIAL)
    for file in FILES:
        for kind, change in WHOLE_FILE.items():
            out[f"{file}:{kind}"] = _bytes_case(file, change)
        for column in COLUMNS[file]:
            for kind, value in VALUES.items():
                out[f"{file}:{column}={kind}"] = _cell_case(file, column, value)
    return out


def make(root: Path, name: str) -> tuple[Path, Path]:
    """A fresh copy of data/ and seeds/ under root, spoiled as the case says."""
    data, seeds = root / "data", root / "seeds"
    shutil.copytree(DATA_DIR, data, ignore=shutil.ignore_patterns("*.geojson", ".*"))
    shutil.copytree(SEEDS_DIR, seeds, ignore=shutil.ignore_patterns(".*"))
    cases()[name](data, seeds)
    return data, seeds


BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _raw(path: Path) -> bytes:
    try:
        return path.read_bytes() if path.is_file() and not path.is_symlink() else b""
    except OSError:
        return b""


@functools.lru_cache(maxsize=1)
def base_atlas():
    from atlas.load import load_atlas

    return load_atlas(DATA_DIR, SEEDS_DIR)


def violations(name: str, root: Path, *, every_year: bool = False) -> list[str]:
    """What goes wrong with this case: an exception anywhere, a good row lost unnamed, unsafe output."""
    from atlas.__main__ import main
    from atlas.export import feature_collection, to_csv, to_geojson
    from atlas.load import load_atlas
    from atlas.queries import visible_events, year_range
    from layers.panel import article_html, excerpt_blocks, header_html

    base = base_atlas()
    data, seeds = make(root, name)
    out: list[str] = []
    try:
        atlas = load_atlas(data, seeds)
    except Exception as exc:
        return [f"load_atlas raised {type(exc).__name__}: {str(exc)[:200]}"]
    for p in atlas.problems:
        if not p.file or not p.message or (p.row is not None and p.row < 1):
            out.append(f"unnamed problem: {p!r}"[:300])
    named = {p.record_id for p in atlas.problems}
    lines = {(p.file, p.row) for p in atlas.problems}
    whole = {p.file for p in atlas.problems if p.row in (None, 1)}  # a file-wide defect, or its header
    for file, before, after in (
        ("sources.csv", base.sources, atlas.sources),
        ("places.csv", base.places, atlas.places),
        ("events.csv", base.events, atlas.events),
    ):
        raw = _raw(data / file)
        for rid, record in before.items():
            still_there = re.search(rb"(^|[\r\n])" + re.escape(rid.encode()) + rb",", raw)
            if (
                still_there
                and rid not in after
                and rid not in named
                and (file, record.line) not in lines
                and file not in whole
            ):
                out.append(f"{file} line {record.line} [{rid}] vanished unnamed")
    if any("THE SECRET" in text for text in atlas.seed_texts.values()):
        out.append("a file outside seeds/ was read as a seed")
    buffer = io.StringIO()
    try:
        from contextlib import redirect_stderr, redirect_stdout

        with redirect_stdout(buffer), redirect_stderr(io.StringIO()):
            code = main(["--data", str(data), "--seeds", str(seeds), "check"])
        if code != (1 if atlas.problems else 0):
            out.append(f"check exited {code} with {len(atlas.problems)} problems")
    except BaseException as exc:
        out.append(f"check raised {type(exc).__name__}: {str(exc)[:200]}")
    try:
        first, last = year_range(atlas)
        years = range(first, last + 1) if every_year else sorted({first, (first + last) // 2, 2017, last})
        for year in (None, *years):
            for mode in ("state", "cumulative"):
                visible_events(atlas, year, None, mode)
            collection = feature_collection(atlas, year)
            to_geojson(collection)
            for row in csv.reader(io.StringIO(to_csv(collection))):
                for cell in row:
                    if cell.startswith(FORMULA_START) and not _is_number(cell):
                        out.append(f"CSV export cell starts a formula: {cell[:40]!r}")
                        break
        for event in atlas.events.values():
            html = header_html(atlas, event) + "".join(
                str(b["html"]) + str(b["cite"]) for b in excerpt_blocks(atlas, event)
            )
            for x in atlas.excerpts_for(event.id):
                if x.source_id in atlas.seed_texts:
                    html += article_html(atlas, event, x.source_id)
            if "<script" in html or BIDI_CONTROLS.search(html):
                out.append(f"panel of {event.id} carries raw markup or bidi controls")
    except Exception as exc:
        import traceback

        where = traceback.extract_tb(exc.__traceback__)[-1]
        out.append(f"{type(exc).__name__} in {Path(where.filename).name}:{where.lineno}: {str(exc)[:120]}")
    return sorted(set(out))


def app_exception(name: str, root: Path) -> str | None:
    """Run the map page (AppTest) on this case; the exception it shows, if any."""
    from streamlit import config
    from streamlit.testing.v1 import AppTest

    from atlas.load import DATA_DIR_ENV, SEEDS_DIR_ENV

    data, seeds = make(root, name)
    old = {k: os.environ.get(k) for k in (DATA_DIR_ENV, SEEDS_DIR_ENV)}
    os.environ[DATA_DIR_ENV], os.environ[SEEDS_DIR_ENV] = str(data), str(seeds)
    shown = config.get_option("client.showErrorDetails")
    config.set_option("client.showErrorDetails", "full")  # readers see none; this report needs the details
    try:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.run()
        if at.exception:
            exc = at.exception[0]
            where = [line.strip().split("\n")[0] for line in exc.stack_trace if str(ROOT) in line][-1:]
            return f"{exc.message.splitlines()[0][:160]} {where}"
        return None
    finally:
        config.set_option("client.showErrorDetails", shown)
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


if __name__ == "__main__":
    import argparse
    import tempfile
    from collections import Counter

    parser = argparse.ArgumentParser(description="run the broken-data corpus and print what fails")
    parser.add_argument("--app", action="store_true", help="also run the map page (AppTest) on every case: slow")
    parser.add_argument("--only", help="regular expression the case names must match")
    args = parser.parse_args()
    names = [n for n in cases() if not args.only or re.search(args.only, n)]
    failing, app_failing, kinds = 0, 0, Counter()
    for n in names:
        with tempfile.TemporaryDirectory() as tmp:
            found = violations(n, Path(tmp), every_year=True)
        if found:
            failing += 1
            for v in found:
                kinds[v.split(":")[0][:60]] += 1
            print(f"FAIL {n}: {found[:3]}")
        if args.app:
            with tempfile.TemporaryDirectory() as tmp:
                exc = app_exception(n, Path(tmp))
            if exc:
                app_failing += 1
                print(f"APP  {n}: {exc}")
    print(
        f"{len(names)} cases; {failing} with a violation" + (f"; map page raised in {app_failing}" if args.app else "")
    )
    for kind, count in kinds.most_common(20):
        print(f"  {count:4d}  {kind}")
