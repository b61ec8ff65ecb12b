"""Scale benchmark: a year step and a cold start at 1,000, 10,000 and 100,000 events, beside baselines.

In one run, on seeded synthetic ACLED files (atlas.datasets.synthetic), it measures four ways to draw the
same events with a year slider:

* **footprint** — this app (app.py) with the set imported as a dataset layer: the data reach the browser once
  as a static file; a step is a key press on the map's own year control, which draws the year at once and then
  reports it to the page (a fragment rerun: the caption, slider, lists and link follow);
* **footprint (page slider)** — the same app stepped with the Year slider under the map, the way every step went
  before the map had its own control: the map waits for the rerun;
* **per-point** — the stock way: one folium CircleMarker per visible point, rebuilt every run and sent through
  st_folium's feature_group_to_add (what the map did before; not run at 100,000: minutes a step);
* **FastMarkerCluster** — folium.plugins.FastMarkerCluster of the visible points, rebuilt every run (its JS
  from the pinned xstatic-leaflet-markercluster wheel, offline);
* **plain Leaflet** — the limit: a static HTML page, canvas renderer, data loaded once, year filtered in JS.

For each: the script's time on the server per step (the Streamlit runs a step caused, timed inside the server
process by a `sitecustomize` hook this benchmark puts on its PYTHONPATH — nothing in the app measures itself),
server round trip per step (from the first websocket frame the browser sends after the key press to the
last frame of the rerun it gets back: the rerun on the server and its messages, over loopback), the time until
the page has followed (key press to that last frame: with the map's control it includes streamlit-folium's
250 ms wait before it reports a value, which gathers quick presses into one rerun), bytes per step
on the websocket (Playwright's page.on('websocket') frames, both directions), browser time from key press to
the map painted (Playwright + /usr/bin/chromium; a `footprint:drawn` event marks the end and is timed after
the next paint), cold start to painted map (a new page, server already running), server memory (VmRSS), and
the import time of 100,000 ACLED rows. Prints a table and the ratios.

    .venv/bin/python bench/scale.py            # all sizes, about 5 minutes on 2 cores
    .venv/bin/python bench/scale.py --quick    # 1,000 events, a few steps: a smoke run
    .venv/bin/python bench/scale.py --json figures.json
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from atlas.datasets import import_bytes, open_dataset, synthetic  # noqa: E402
from tests.app_server import running_app  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
FIRST_YEAR = 2014
NAME = "bench-{n}"

# In every frame: the time of the last key press, and the time each year was painted (after the next frame).
TIMING_SCRIPT = """
(() => {
  // Listeners on the window, in the capture phase: a component iframe keeps its window from about:blank
  // but gets a new document, and events dispatched on either document pass through the window.
  const bench = window.__bench = window.__bench || {key: null, drawn: {}, tx: [], rx: []};
  const now = () => performance.timeOrigin + performance.now();
  if (window.top === window && window.WebSocket && !window.WebSocket.__bench) {
    // Streamlit's socket: the time of every frame sent and received (the server's share of a step).
    const Native = window.WebSocket;
    const Timed = function (...args) {
      const ws = new Native(...args);
      ws.addEventListener('message', () => bench.rx.push(now()));
      const send = ws.send.bind(ws);
      ws.send = (data) => { bench.tx.push(now()); return send(data); };
      return ws;
    };
    Timed.prototype = Native.prototype;
    Object.assign(Timed, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3, __bench: true});
    window.WebSocket = Timed;
  }
  window.addEventListener('keydown', () => { bench.key = performance.timeOrigin + performance.now(); }, true);
  window.addEventListener('footprint:drawn', (e) => {
    const year = e.detail && e.detail.year;
    if (e.detail && e.detail.pending) return;  // a dataset of the view is still loading: not drawn yet
    const mark = () => { bench.drawn[year] = performance.timeOrigin + performance.now(); };
    requestAnimationFrame(() => setTimeout(mark, 0));
  }, true);
})();
"""

# The baselines' Streamlit page: BENCH_MODE = markers | fastmarkercluster, BENCH_DATA = the payload JSON.
BASELINE_APP = '''
import json, os, sys
sys.path.insert(0, os.environ["BENCH_ROOT"])
import folium, streamlit as st
from branca.element import MacroElement
from jinja2 import Template
from folium.plugins import FastMarkerCluster
from streamlit_folium import st_folium
from layers import offline
from layers.basemap import build_base_map

MC = "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/"
offline.LOCAL_ASSETS.update({MC + "leaflet.markercluster.js": "vendor/markercluster/leaflet.markercluster.js",
                             MC + "MarkerCluster.css": "vendor/markercluster/MarkerCluster.css",
                             MC + "MarkerCluster.Default.css": "vendor/markercluster/MarkerCluster.Default.css"})

class Drawn(MacroElement):
    _template = Template("""{% macro script(this, kwargs) %}
    document.dispatchEvent(new CustomEvent('footprint:drawn', {detail: {year: {{ this.year }}}}));
    {% endmacro %}""")
    def __init__(self, year):
        super().__init__()
        self.year = year

@st.cache_resource
def data():
    with open(os.environ["BENCH_DATA"], encoding="utf-8") as fh:
        return json.load(fh)

d = data()
year = st.slider("Year", FIRST, LAST, DEFAULT, key="year")
import datetime as dt
lo = (dt.date(year, 1, 1) - dt.date(1970, 1, 1)).days
hi = (dt.date(year, 12, 31) - dt.date(1970, 1, 1)).days
visible = [i for i in range(d["count"]) if d["start"][i] <= hi and d["end"][i] >= lo]
group = folium.FeatureGroup(name="events")
if os.environ["BENCH_MODE"] == "markers":
    for i in visible:
        tip = f"event {d['row'][i]}"
        folium.CircleMarker([d["lat"][i], d["lon"][i]], radius=4, weight=1, tooltip=tip).add_to(group)
else:
    FastMarkerCluster([[d["lat"][i], d["lon"][i]] for i in visible],
                      callback="function (row) { return L.circleMarker(new L.LatLng(row[0], row[1]), {radius: 4}); }"
                      ).add_to(group)
Drawn(year).add_to(group)
offline.localize([group])
st.caption(f"{len(visible)} events in {year}")
st_folium(build_base_map(), key="map", height=560, use_container_width=True, feature_group_to_add=group,
          returned_objects=[])
'''

# The plain-Leaflet limit: a static page, canvas renderer, the same payload loaded once, the year filtered in JS.
PLAIN_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>plain Leaflet</title>
<link rel="stylesheet" href="/static/vendor/leaflet/leaflet.css">
<style>html,body,#map{height:100%;margin:0}</style></head><body><div id="map"></div>
<script src="/static/vendor/leaflet/leaflet.js"></script>
<script>
const map = L.map('map', {preferCanvas: true}).setView([36, 20], 4);
const renderer = L.canvas();
const group = L.layerGroup().addTo(map);
let data = null, year = DEFAULT;
function draw() {
  group.clearLayers();
  const lo = Date.UTC(year, 0, 1) / 864e5, hi = Date.UTC(year, 11, 31) / 864e5;
  for (let i = 0; i < data.count; i++) {
    if (data.start[i] <= hi && data.end[i] >= lo) {
      group.addLayer(L.circleMarker([data.lat[i], data.lon[i]], {renderer: renderer, radius: 4, weight: 1}));
    }
  }
  document.dispatchEvent(new CustomEvent('footprint:drawn', {detail: {year: year}}));
}
fetch('DATA').then(r => r.json()).then(d => { data = d; draw(); });
document.addEventListener('keydown', (e) => { if (e.key === 'ArrowRight' && data) { year += 1; draw(); } });
</script></body></html>
"""


@dataclass
class Result:
    variant: str
    n: int
    steps: int = 0
    server_ms: list[float] = field(default_factory=list)
    ws_bytes: list[int] = field(default_factory=list)
    browser_ms: list[float] = field(default_factory=list)
    script_ms: list[float] = field(default_factory=list)
    page_ms: list[float] = field(default_factory=list)
    cold_ms: float | None = None
    rss_mb: float | None = None
    note: str = ""

    def p50(self, values: list[float] | list[int]) -> float | None:
        return statistics.median(values) if values else None


# Put on the server's PYTHONPATH: every script run's duration, appended to $BENCH_RUNS (milliseconds).
SITECUSTOMIZE = """
import os, time
if os.environ.get("BENCH_RUNS"):
    from streamlit.runtime.scriptrunner import script_runner
    _run = script_runner.ScriptRunner._run_script
    def _timed(self, *args, **kwargs):
        began = time.perf_counter()
        try:
            return _run(self, *args, **kwargs)
        finally:
            with open(os.environ["BENCH_RUNS"], "a", encoding="utf-8") as out:
                out.write(f"{(time.perf_counter() - began) * 1000:.2f}\\n")
    script_runner.ScriptRunner._run_script = _timed
"""


def script_runs(path: Path) -> list[float]:
    """The durations the hook wrote since the file was last emptied, and empty it."""
    if not path.exists():
        return []
    runs = [float(x) for x in path.read_text(encoding="utf-8").split()]
    path.write_text("", encoding="utf-8")
    return runs


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


@contextlib.contextmanager
def streamlit_server(script: Path, cwd: Path, env: dict[str, str]) -> Iterator[tuple[str, subprocess.Popen]]:
    with running_app(script, cwd=cwd, env=env, args=("--server.enableStaticServing", "true",
                     "--server.fileWatcherType", "none"), timeout_s=60) as (url, proc):  # fmt: skip
        yield url, proc


@contextlib.contextmanager
def static_server(folder: Path) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *_args: object) -> None:
        pass


class Browser:
    """One Chromium for the run; each measurement gets a fresh context (empty cache: a cold start)."""

    def __init__(self) -> None:
        from playwright.sync_api import sync_playwright

        self._pw = sync_playwright().start()
        self.browser = self._pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)

    def close(self) -> None:
        self.browser.close()
        self._pw.stop()

    def measure(
        self,
        url: str,
        start_year: int,
        steps: int,
        step: Callable,
        result: Result,
        timeout_s: float,
        follows: bool,
        runs: Path | None = None,
    ) -> None:
        """`follows`: the page reports the year in its URL once its rerun is over (Footprint), so the step ends
        there; otherwise (baselines) it ends when the script has finished."""
        context = self.browser.new_context(viewport={"width": 1400, "height": 900})
        context.add_init_script(TIMING_SCRIPT)
        context.route(
            lambda u: not u.startswith("http://127.0.0.1"), lambda route: route.abort()
        )  # offline: nothing leaves this machine
        page = context.new_page()
        frames: list[int] = []
        page.on(
            "websocket",
            lambda ws: (
                ws.on("framereceived", lambda payload: frames.append(len(payload))),
                ws.on("framesent", lambda payload: frames.append(len(payload))),
            ),
        )
        try:
            began = time.time() * 1000
            page.goto(url)
            painted = self._wait_drawn(page, start_year, timeout_s)
            result.cold_ms = painted - began
            year = start_year
            for _ in range(steps):
                self._settle(page)
                frames.clear()
                if runs:
                    script_runs(runs)
                year += 1
                step(page)
                painted = self._wait_drawn(page, year, timeout_s)
                key = max(f.evaluate("window.__bench && window.__bench.key") or 0 for f in page.frames)
                result.browser_ms.append(painted - key)
                if follows:
                    page.wait_for_url(f"**year={year}*", timeout=timeout_s * 1000)
                self._settle(page)
                b = "window.__bench"
                sent, received = page.evaluate(f"[{b}.tx.filter(t => t >= {key})[0] || 0, Math.max(0, ...{b}.rx)]")
                if sent and received > sent:
                    result.server_ms.append(received - sent)
                    result.page_ms.append(received - key)
                result.ws_bytes.append(sum(frames))
                if runs and (durations := script_runs(runs)):
                    result.script_ms.append(sum(durations))
                result.steps += 1
        finally:
            context.close()

    @staticmethod
    def _wait_drawn(page, year: int, timeout_s: float) -> float:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            for frame in page.frames:
                with contextlib.suppress(Exception):
                    t = frame.evaluate(f"window.__bench && window.__bench.drawn[{year}]")
                    if t:
                        return float(t)
            page.wait_for_timeout(5)
        raise TimeoutError(f"year {year} was not drawn within {timeout_s:.0f} s")

    @staticmethod
    def _settle(page) -> None:
        """Wait until a Streamlit page has finished its run (a plain page has nothing to wait for)."""
        app = page.locator("[data-testid='stApp']")
        if app.count():
            page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=600_000)
            page.wait_for_timeout(150)


def press_slider(selector: str) -> Callable:
    def step(page) -> None:
        page.locator(selector).get_by_role("slider").focus()
        page.keyboard.press("ArrowRight")

    return step


def press_document(page) -> None:
    page.keyboard.press("ArrowRight")


def press_map_year(page) -> None:
    """The map's own year control, in the component's frame (layers/assets/footprint_map.js)."""
    frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
    frame.get_by_role("button", name="Next year").focus()
    page.keyboard.press("ArrowRight")


def prepare(work: Path, sizes: list[int]) -> dict[str, object]:
    """Synthetic files, the 100,000-row import timed, a Footprint data folder with the sets, static assets."""
    from layers.offline import publish_assets

    data = work / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("datasets"))
    info: dict[str, object] = {"import_s": {}, "payload_bytes": {}}
    static = work / "static"
    publish_assets(static)
    import xstatic.pkg.leaflet_markercluster as xs_mc

    (static / "vendor/markercluster").mkdir(parents=True, exist_ok=True)
    for name in ("leaflet.markercluster.js", "MarkerCluster.css", "MarkerCluster.Default.css"):
        shutil.copyfile(Path(xs_mc.BASE_DIR) / name, static / "vendor/markercluster" / name)
    (work / "payload").mkdir()
    for n in sizes:
        text = synthetic.acled_csv(n).encode()
        report = import_bytes(text, f"acled-{n}.csv", NAME.format(n=n), data)
        assert report.rows == n and not report.problems, report.summary()
        info["import_s"][n] = report.seconds  # type: ignore[index]
        payload = open_dataset(NAME.format(n=n), data).browser_payload()  # type: ignore[union-attr]
        (work / "payload" / f"bench-{n}.json").write_bytes(payload)
        info["payload_bytes"][n] = len(payload)  # type: ignore[index]
    return info


def run_variant(variant: str, n: int, work: Path, browser: Browser, steps: int, start_year: int) -> Result:
    result = Result(variant, n)
    timeout = 900.0
    if variant == "plain Leaflet":
        page_file = work / f"plain-{n}.html"
        page_file.write_text(
            PLAIN_PAGE.replace("DEFAULT", str(start_year)).replace("DATA", f"/payload/bench-{n}.json"),
            encoding="utf-8",
        )
        with static_server(work) as url:
            browser.measure(f"{url}/{page_file.name}", start_year, steps, press_document, result, timeout, False)
        result.note = "no server: 0 bytes a step"
        return result
    if variant.startswith("footprint"):
        script, cwd = ROOT / "serve.py", ROOT  # as `make run` starts it (with its warm-up)
        env = {"FOOTPRINT_DATA_DIR": str(work / "data")}
        query = {"year": str(start_year), "datasets": NAME.format(n=n)} if n else {"year": str(start_year)}
        step = press_slider(".st-key-year") if variant == "footprint (page slider)" else press_map_year
    else:
        script, cwd = work / "bench_app.py", work
        env = {
            "BENCH_ROOT": str(ROOT),
            "BENCH_MODE": "markers" if variant == "per-point" else "fastmarkercluster",
            "BENCH_DATA": str(work / "payload" / f"bench-{n}.json"),
        }
        query = {}
        step = press_slider(".st-key-year")
    url_query = "&".join(f"{k}={v}" for k, v in query.items())
    hook = work / "timing"
    hook.mkdir(exist_ok=True)
    (hook / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    runs = hook / f"runs-{variant.split()[0]}-{n}.txt"
    env["BENCH_RUNS"] = str(runs)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(hook), os.environ.get("PYTHONPATH", "")) if p)
    with streamlit_server(script, cwd, env) as (url, proc):
        follows = variant.startswith("footprint")
        browser.measure(f"{url}/?{url_query}", start_year, steps, step, result, timeout, follows, runs)
        result.rss_mb = rss_mb(proc.pid)
    return result


def fmt(value: float | None, unit: str = "", digits: int = 0) -> str:
    if value is None:
        return "—"
    return f"{value:,.{digits}f}{unit}"


def table(results: list[Result]) -> str:
    head = (
        "| events | variant | script on the server, ms/step (p50) | server round trip, ms/step (p50) "
        "| websocket bytes/step (p50) | browser ms/step (p50) | page followed, ms (p50) | cold start to painted map "
        "| server RSS MB | steps |"
    )
    lines = [head, "|" + "---|" * 10]
    for r in results:
        lines.append(
            f"| {f'{r.n:,}' if r.n else '0 (seed data only)'} | {r.variant} | {fmt(r.p50(r.script_ms), digits=1)} | "
            f"{fmt(r.p50(r.server_ms))} | "
            f"{fmt(r.p50(r.ws_bytes))} | "
            f"{fmt(r.p50(r.browser_ms))} | {fmt(r.p50(r.page_ms))} | {fmt(r.cold_ms and r.cold_ms / 1000, ' s', 2)} | "
            f"{fmt(r.rss_mb)} | {r.steps}{' — ' + r.note if r.note else ''} |"
        )
    return "\n".join(lines)


def ratios(results: list[Result]) -> list[str]:
    by = {(r.variant, r.n): r for r in results}
    out = []
    for n in sorted({r.n for r in results if r.n}):
        ours = by.get(("footprint", n))
        if not ours or not ours.browser_ms:
            continue
        for other in ("footprint (page slider)", "per-point", "FastMarkerCluster", "plain Leaflet"):
            r = by.get((other, n))
            if not r or not r.browser_ms:
                continue
            b = r.p50(r.browser_ms) / ours.p50(ours.browser_ms)
            w = (r.p50(r.ws_bytes) or 0) / max(1, ours.p50(ours.ws_bytes) or 1)
            out.append(
                f"{n:,} events: {other} / footprint = browser ×{b:.2f}"
                + ("" if other == "plain Leaflet" else f", websocket bytes ×{w:.1f}")
            )
    return out


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    return f"{cpu}, {os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="1,000 events, 3 steps: a smoke run")
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument(
        "--variants", default="footprint,footprint (page slider),per-point,FastMarkerCluster,plain Leaflet"
    )
    parser.add_argument("--json", help="write the figures here too")
    args = parser.parse_args(argv)
    sizes = [1000] if args.quick else [int(s) for s in args.sizes.split(",")]
    variants = args.variants.split(",")
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is missing: make test installs it", file=sys.stderr)
        return 2
    print(f"machine: {machine()}", flush=True)
    began = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="footprint-scale-"))
    results: list[Result] = []
    browser = Browser()
    try:
        prep_sizes = sorted({*sizes, 100_000}) if not args.quick else sizes
        info = prepare(work, prep_sizes)
        app = BASELINE_APP.replace("FIRST", str(FIRST_YEAR)).replace("LAST", "2024").replace("DEFAULT", "2015")
        (work / "bench_app.py").write_text(app, encoding="utf-8")
        for variant in [v for v in variants if v.startswith("footprint")]:  # the seed data alone, before any set
            results.append(run_variant(variant, 0, work, browser, 3 if args.quick else 5, 2015))
        for n in sizes:
            steps = 3 if args.quick else (8 if n <= 10_000 else 5)
            for variant in variants:
                if variant == "per-point" and n > 10_000:
                    results.append(Result(variant, n, note="not run: minutes a step (487 s measured before)"))
                    continue
                v_steps = min(steps, 2) if variant == "per-point" and n >= 10_000 else steps
                t0 = time.perf_counter()
                results.append(run_variant(variant, n, work, browser, v_steps, 2015))
                print(f"  {variant} at {n:,}: {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
    finally:
        browser.close()
        shutil.rmtree(work, ignore_errors=True)
    print()
    print(table(results))
    print()
    for line in ratios(results):
        print(line)
    for n, seconds in info["import_s"].items():  # type: ignore[union-attr]
        print(f"import of {n:,} ACLED rows: {seconds:.2f} s; browser payload {info['payload_bytes'][n] / 1e6:.2f} MB")  # type: ignore[index]
    print(f"machine after the run: {machine()}; whole run {time.perf_counter() - began:.0f} s")
    if args.json:
        Path(args.json).write_text(
            json.dumps({"machine": machine(), "results": [asdict(r) for r in results], **info}, indent=1),  # type: ignore[arg-type]
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
