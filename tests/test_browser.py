"""A new user in a real browser: Debian Chromium driven by Playwright against the app on 127.0.0.1.

No network is needed or allowed: every request the page makes is logged and must stay on this machine.
In CI these tests must run; a missing browser is a failure there, not a skip.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from atlas.load import DATA_DIR_ENV, SEEDS_DIR_ENV

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"
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

from playwright.sync_api import Page, expect, sync_playwright  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The app on a scratch copy of data/ and seeds/, so accepting an article in a test changes nothing here."""
    scratch = tmp_path_factory.mktemp("footprint")
    shutil.copytree(ROOT / "data", scratch / "data")
    shutil.copytree(ROOT / "seeds", scratch / "seeds")
    env = {**os.environ, DATA_DIR_ENV: str(scratch / "data"), SEEDS_DIR_ENV: str(scratch / "seeds")}
    port = _free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).read() == b"ok":
                break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        raise RuntimeError(proc.stdout.read().decode() if proc.stdout else "streamlit did not start")
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser, server, request):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.requests, pg.console_errors = [], []  # type: ignore[attr-defined]
    pg.on("request", lambda r: pg.requests.append(r.url))  # type: ignore[attr-defined]
    pg.on("console", lambda m: m.type == "error" and pg.console_errors.append(m.text))  # type: ignore[attr-defined]
    pg.base_url = server  # type: ignore[attr-defined]
    yield pg
    if getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


def open_app(page: Page, query: str = "") -> None:
    page.goto(f"{page.base_url}/{query}")  # type: ignore[attr-defined]
    wait_idle(page)
    map_frame(page).locator(".leaflet-container").wait_for(timeout=30000)
    map_frame(page).locator(".fp-marker").first.wait_for(timeout=30000)


def wait_idle(page: Page) -> None:
    page.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=30000)
    time.sleep(0.3)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=30000)


def map_frame(page: Page):
    return page.frame_locator('iframe[title="streamlit_folium.st_folium"]')


def markers(page: Page, layer: str | None = None) -> int:
    selector = f".fp-marker.fp-{layer}" if layer else ".fp-marker"
    return map_frame(page).locator(selector).count()


def leaflet(page: Page, expression: str):
    for f in page.frames:
        if f != page.main_frame and f.evaluate("typeof window.map !== 'undefined'"):
            return f.evaluate(expression)
    raise AssertionError("no Leaflet map in any frame")


def test_page_loads_offline_with_features_and_stays_on_this_machine(page):
    open_app(page, "?year=2023")
    assert markers(page) >= 10
    expect(map_frame(page).locator("svg path")).not_to_have_count(0)
    assert map_frame(page).locator("svg path").count() > 150  # Natural Earth outlines, served locally
    time.sleep(1)
    outside = [
        u
        for u in page.requests
        if not re.match(r"^(https?|wss?)://127\.0\.0\.1[:/]", u) and not u.startswith(("data:", "blob:", "about:"))
    ]
    assert outside == []
    assert page.console_errors == []


def test_toggling_a_layer_removes_its_features(page):
    open_app(page, "?year=2023")
    assert markers(page, "wagner_sites") >= 4
    page.get_by_text("Wagner-guarded sites (").click()
    wait_idle(page)
    expect(map_frame(page).locator(".fp-marker.fp-wagner_sites")).to_have_count(0, timeout=10000)
    assert markers(page, "bases") >= 2


def test_year_change_redraws_without_remounting_and_keeps_zoom(page):
    open_app(page, "?year=2016")
    leaflet(page, "window.map.setZoom(6)")
    leaflet(page, "window.__footprint_marker = 1")  # survives only if the iframe document is kept
    before = markers(page, "carrier_route")
    slider = page.get_by_test_id("stSlider").first.get_by_role("slider")
    slider.focus()
    page.keyboard.press("ArrowRight")
    wait_idle(page)
    expect(page).to_have_url(re.compile(r"year=2017"), timeout=10000)
    time.sleep(1)
    assert leaflet(page, "window.__footprint_marker") == 1
    assert leaflet(page, "window.map.getZoom()") == 6
    assert markers(page, "carrier_route") != before or markers(page, "diplomacy") == 0


def test_clicking_a_mark_opens_its_excerpt_and_the_whole_article(page):
    open_app(page, "?year=2017&layers=carrier_route")
    box = page.locator('iframe[title="streamlit_folium.st_folium"]').bounding_box()
    point = leaflet(
        page,
        "(() => { const p = window.map.latLngToContainerPoint([32.07611, 23.96139]);"
        " const r = window.map.getContainer().getBoundingClientRect();"
        " return [p.x + r.left, p.y + r.top]; })()",
    )
    page.mouse.click(box["x"] + point[0], box["y"] + point[1])
    wait_idle(page)
    expect(page.locator("mark", has_text="anchored off Libya’s city of Tobruk").first).to_be_visible(timeout=15000)
    expect(page).to_have_url(re.compile(r"feature=kuznetsov-off-tobruk-haftar-2017"))
    page.get_by_text("Read the whole article: Haftar Held A Video Call").click()
    article = page.locator(".fp-article").first
    expect(article).to_be_visible()
    expect(article.locator("mark").first).to_be_visible()
    assert article.locator("p").count() > 10


def test_a_deep_link_restores_year_layers_and_selection(page):
    open_app(page, "?year=2020&layers=conflict,wagner_sites&feature=wagner-sharara&mode=state")
    expect(page.get_by_test_id("stSlider").first).to_contain_text("2020")
    assert markers(page, "diplomacy") == 0 and markers(page, "wagner_sites") >= 3
    expect(page.locator("mark", has_text="entered the Sharara oilfield last week").first).to_be_visible()
    assert page.console_errors == []


def test_adding_an_article_puts_its_sentence_on_the_map(page):
    open_app(page)
    page.get_by_role("link", name="Add an article").click()
    wait_idle(page)
    article = (ROOT / "tests" / "articles" / "benghazi-2024.txt").read_text(encoding="utf-8")
    page.get_by_role("textbox", name="…or paste its text").fill(article)
    page.get_by_role("textbox", name="Outlet").fill("Test Wire")
    published = page.get_by_role("textbox", name="Published (YYYY-MM-DD)")
    published.fill("2024-03-20")
    published.press("Tab")
    wait_idle(page)
    page.get_by_role("button", name="Find places and dates").click()
    wait_idle(page)
    expect(page.get_by_text("Review 4 proposed features")).to_be_visible(timeout=60000)
    review_map = map_frame(page)
    expect(review_map.locator(".fp-review")).to_have_count(2, timeout=30000)  # Benghazi (1,2,3) and al-Jufra (4)
    expect(review_map.locator(".fp-review b", has_text="1,2,3")).to_be_visible()
    expect(page.locator("mark.fp-date", has_text="12 March 2024")).to_be_visible()
    page.get_by_text("4. Keep this feature").click()  # drop the denial
    wait_idle(page)
    expect(review_map.locator(".fp-review.fp-dropped")).to_have_count(1, timeout=10000)
    page.get_by_role("button", name="Add 3 features to the map").click()
    wait_idle(page)
    expect(page.get_by_text("Added seeds/russian-warships-call-at-benghazi-2024.txt and 3 features")).to_be_visible(
        timeout=30000
    )
    page.get_by_role("link", name="See them on the map").click()
    wait_idle(page)
    map_frame(page).locator(".fp-marker").first.wait_for(timeout=30000)
    expect(page).to_have_url(re.compile(r"year=2024"))
    quote = page.locator("mark", has_text="Two Russian Navy ships docked in Benghazi")
    expect(quote.first).to_be_visible(timeout=15000)
    assert page.console_errors == []
