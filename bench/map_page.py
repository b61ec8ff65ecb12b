"""The reader's map, before and after the rendering path (#10): what a year step sends, how the page behaves.

    .venv/bin/python bench/map_page.py [--before <commit>]

Runs the app of this tree and, with --before, the app of an older commit (extracted with `git archive` into a
scratch folder) side by side, on the same machine and data, and prints a Markdown table:

- bytes of the feature_group streamlit-folium receives per year step (AppTest, years 2008…latest);
- in Debian Chromium at 1440×1000: the map's share of the width, marks overlapping by more than half their area
  at the latest year (cumulative), the renderer's main-thread busy time while the page sits idle for 10 s
  (CDP TaskDuration; 1.0 = one core), Tab stops inside the map before the event list (and how many unnamed),
  and axe-core's serious + critical violations.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.app_server import running_app  # noqa: E402  (the one way browser tests and benchmarks start the app)

CHROMIUM = "/usr/bin/chromium"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]

STEP_BYTES = r"""
import json, sys
from streamlit.testing.v1 import AppTest
at = AppTest.from_file(sys.argv[1], default_timeout=120)
at.query_params["year"] = "2008"
at.run()
sizes = []
slider = at.slider(key="year")
for year in range(2008, int(slider.max) + 1):
    at.slider(key="year").set_value(year).run()
    comp = [c for c in at.get("component_instance") if c.proto.component_name == "streamlit_folium.st_folium"][0]
    sizes.append(len(json.loads(comp.proto.json_args)["feature_group"] or ""))
print(json.dumps(sizes))
"""


def step_bytes(app: Path) -> list[int]:
    out = subprocess.run(
        [sys.executable, "-c", STEP_BYTES, str(app)],
        cwd=app.parent,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(app.parent)},
    )
    if out.returncode:
        raise RuntimeError(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


MARKS = """(() => { const c = (window.map && map.getContainer()).getBoundingClientRect();
  return [...document.querySelectorAll('.fp-marker, .fp-cluster')].map(e => e.getBoundingClientRect())
    .filter(r => r.width > 0 && r.right > c.left && r.left < c.right && r.bottom > c.top && r.top < c.bottom)
    .map(r => [r.left, r.top, r.right, r.bottom]); })()"""


def overlapping(boxes: list[list[float]]) -> int:
    count = 0
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            w, h = min(a[2], b[2]) - max(a[0], b[0]), min(a[3], b[3]) - max(a[1], b[1])
            smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
            count += w > 0 and h > 0 and w * h > smaller / 2
    return count


def browser_figures(url: str) -> dict[str, object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 1000})
        page.goto(f"{url}/?year=2024&mode=cumulative")
        page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=120000)
        frame = None
        for _ in range(360):
            frame = next((f for f in page.frames if f != page.main_frame and f.evaluate("!!window.map")), None)
            if frame is not None:
                break
            page.wait_for_timeout(500)  # not time.sleep: Playwright's sync API learns of new frames while it waits
        assert frame is not None, "no map"
        page.wait_for_timeout(5000)
        box = page.locator('iframe[title="streamlit_folium.st_folium"]').bounding_box()
        figures: dict[str, object] = {"map width": f"{box['width'] / 1440:.0%}", "map height": f"{box['height']:.0f}px"}
        figures["overlapping marks (2024, cumulative)"] = overlapping(frame.evaluate(MARKS))
        cdp = page.context.new_cdp_session(page)
        cdp.send("Performance.enable")

        def busy() -> float:
            return next(
                m["value"] for m in cdp.send("Performance.getMetrics")["metrics"] if m["name"] == "TaskDuration"
            )

        t0, b0 = time.time(), busy()
        page.wait_for_timeout(10000)
        figures["idle main-thread busy (cores)"] = f"{(busy() - b0) / (time.time() - t0):.3f}"
        page.evaluate("document.activeElement && document.activeElement.blur()")
        in_map = unnamed = 0
        for _ in range(80):
            page.keyboard.press("Tab")
            tag = page.evaluate("document.activeElement && document.activeElement.tagName")
            if tag == "IFRAME":
                named = frame.evaluate(
                    "(() => { const e = document.activeElement; return !!(e && ((e.getAttribute('aria-label') || '')"
                    ".trim() || (e.textContent || '').trim() || e.getAttribute('title'))); })()"
                )
                in_map += 1
                unnamed += not named
            elif page.evaluate(
                "!!(document.activeElement && document.activeElement.closest('[role=radiogroup]')"
                " && document.activeElement.closest('[role=radiogroup]').querySelectorAll("
                "'[role=radio]').length > 2)"
            ):
                break
        figures["Tab stops in the map before the event list (unnamed)"] = f"{in_map} ({unnamed})"
        serious = 0
        if AXE.exists():
            for target in (page.main_frame, frame):
                target.evaluate(AXE.read_text(encoding="utf-8"))
                violations = target.evaluate(
                    "axe.run(document).then(r => r.violations.map(v => [v.impact, v.nodes.length]))"
                )
                serious += sum(n for impact, n in violations if impact in ("serious", "critical"))
        figures["axe serious+critical nodes (2024 page)"] = serious
        browser.close()
    return figures


def extract(commit: str, into: Path) -> Path:
    archive = subprocess.run(["git", "archive", commit], cwd=ROOT, capture_output=True, check=True).stdout
    with tempfile.NamedTemporaryFile(suffix=".tar") as tmp:
        tmp.write(archive)
        tmp.flush()
        with tarfile.open(tmp.name) as tar:
            tar.extractall(into, filter="data")
    return into / "app.py"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", help="a commit to compare with, e.g. cf36574")
    args = parser.parse_args()
    apps = {"after": ROOT / "app.py"}
    scratch = tempfile.TemporaryDirectory()
    if args.before:
        apps = {"before": extract(args.before, Path(scratch.name)), **apps}
    rows: dict[str, dict[str, object]] = {}
    for name, app in apps.items():
        sizes = step_bytes(app)
        rows[name] = {"feature_group bytes per step (min–max)": f"{min(sizes):,}–{max(sizes):,}"}
        (app.parent / "static").mkdir(exist_ok=True)
        with running_app(app, cwd=app.parent, env={"PYTHONPATH": str(app.parent)}) as (url, _proc):
            rows[name].update(browser_figures(url))
    machine = re.sub(r"\s+", " ", subprocess.run(["lscpu"], capture_output=True, text=True).stdout)
    model = re.search(r"Model name: (.*?) (?:BIOS|Thread|Stepping|CPU family)", machine)
    load = os.popen("uptime").read().strip()
    print(f"Machine: {model.group(1) if model else 'unknown'}, {os.cpu_count()} cores; {load}")
    names = list(rows)
    print("| figure | " + " | ".join(names) + " |")
    print("|---|" + "---|" * len(names))
    for key in rows[names[-1]]:
        print(f"| {key} | " + " | ".join(str(rows[n].get(key, "")) for n in names) + " |")


if __name__ == "__main__":
    main()
