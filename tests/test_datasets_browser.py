"""Bring your own events in a real browser: upload an ACLED file on the map page, see it drawn, filtered by year,
in the URL, and a clicked point in the panel. Debian Chromium driven by Playwright, offline, on a scratch data/."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from atlas.datasets import synthetic
from atlas.load import DATA_DIR_ENV, SEEDS_DIR_ENV

ROOT = Path(__file__).resolve().parent.parent
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

pytestmark = pytest.mark.browser

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError("CI must run the browser tests: /usr/bin/chromium is missing (make test installs it)")
    pytest.skip("Debian chromium is not installed (make test installs it)", allow_module_level=True)

from app_server import running_app  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    scratch = tmp_path_factory.mktemp("datasets-browser")
    shutil.copytree(ROOT / "data", scratch / "data", ignore=shutil.ignore_patterns("datasets"))
    shutil.copytree(ROOT / "seeds", scratch / "seeds")
    env = {DATA_DIR_ENV: str(scratch / "data"), SEEDS_DIR_ENV: str(scratch / "seeds")}
    with running_app("app.py", env=env, log=scratch / "streamlit.log") as (url, _proc):
        yield url, scratch


def map_frame(page):
    return page.frame_locator("iframe[title='streamlit_folium.st_folium']")


def in_map(page, script: str):
    """Evaluate `script` in the map's iframe (where `footprint` lives)."""
    for frame in page.frames:
        if frame != page.main_frame and frame.evaluate("typeof window.footprint !== 'undefined' && !!window.map"):
            return frame.evaluate(script)
    raise AssertionError("no Footprint map in any frame")


def wait_idle(page) -> None:
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=120_000)
    time.sleep(0.3)


def test_upload_draw_filter_link_and_click_a_row(server, tmp_path):
    url, scratch = server
    good = synthetic.acled_csv(400, seed=5)
    bad = "XX1,2019-02-30,2019,1,Battles,,LNA,,Libya,,32,13,1,,,\n"
    upload = tmp_path / "my events.csv"
    upload.write_text(good + bad, encoding="utf-8")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(f"{url}/?year=2016")
        wait_idle(page)
        page.get_by_text("Bring your own events (ACLED or UCDP GED CSV)").click()
        page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(upload))
        page.get_by_label("Name (the same name replaces a set)").fill("My events")
        page.get_by_label("Name (the same name replaces a set)").press("Enter")
        wait_idle(page)
        page.get_by_role("button", name="Import").click()
        wait_idle(page)
        expect(
            page.get_by_text("imported 'My events' (ACLED): 400 events as 'my-events'; 1 row(s) left out")
        ).to_be_visible(timeout=60_000)
        expect(page.get_by_text("my events.csv line 402, column event_date [XX1]", exact=False)).to_be_visible()
        assert (scratch / "data" / "datasets" / "my-events.parquet").exists()
        page.wait_for_function(
            "() => [...document.querySelectorAll('iframe')].some(f => { try { const d = f.contentWindow.footprint"
            ".datasets['my-events']; return d && d.shown.length > 0; } catch (e) { return false; } })",
            timeout=60_000,
        )
        assert "datasets=my-events" in page.url
        shown_2016 = in_map(page, "footprint.datasets['my-events'].shown.length")
        expected = in_map(
            page,
            "(() => { const d = footprint.datasets['my-events'].data, lo = Date.UTC(2016,0,1)/864e5,"
            " hi = Date.UTC(2016,11,31)/864e5; let n = 0; for (let i = 0; i < d.count; i++)"
            " if (d.start[i] <= hi && d.end[i] >= lo) n++; return n; })()",
        )
        assert shown_2016 == expected > 0
        expect(map_frame(page).locator("canvas.fp-dataset")).to_have_count(1)

        # a point inside the map's view, clicked where it is drawn
        target = in_map(
            page,
            "(() => { const d = footprint.datasets['my-events'], m = footprint.map, s = m.getSize();"
            " for (const i of d.shown) { const p = m.latLngToContainerPoint([d.data.lat[i], d.data.lon[i]]);"
            " if (p.x > 60 && p.y > 60 && p.x < s.x - 60 && p.y < s.y - 60) return [p.x, p.y, d.data.row[i]]; }"
            " return null; })()",
        )
        assert target is not None
        lat_lon = in_map(
            page,
            f"(() => {{ const d = footprint.datasets['my-events'].data, i = footprint.datasets"
            f"['my-events'].indexOf({target[2]}); return [d.lat[i], d.lon[i]]; }})()",
        )
        in_map(page, f"void footprint.map.setView([{lat_lon[0]}, {lat_lon[1]}], 8, {{animate: false}})")
        page.wait_for_timeout(300)
        target = in_map(
            page,
            f"(() => {{ const p = footprint.map.latLngToContainerPoint([{lat_lon[0]}, {lat_lon[1]}]);"
            " return [p.x, p.y]; })()",
        )
        page.locator("iframe[title='streamlit_folium.st_folium']").scroll_into_view_if_needed()
        box = page.locator("iframe[title='streamlit_folium.st_folium']").bounding_box()
        page.mouse.click(box["x"] + target[0], box["y"] + target[1])
        expect(page.get_by_text("of the dataset My events, ACLED coding: not curated", exact=False)).to_be_visible(
            timeout=60_000
        )
        expect(page.get_by_text("On ", exact=False).filter(has_text="synthetic event number").first).to_be_visible()
        assert all(r.startswith(("http://127.0.0.1", "data:", "blob:", "about:")) for r in requests), requests
        browser.close()
