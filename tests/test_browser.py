"""A new user in a real browser: Debian Chromium driven by Playwright against the app on 127.0.0.1.

No network is needed or allowed: every request the page makes is logged and must stay on this machine.
In CI these tests must run; a missing browser is a failure there, not a skip.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
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

from app_server import running_app  # noqa: E402
from playwright.sync_api import Page, expect, sync_playwright  # noqa: E402

SERVED: dict[str, Path] = {}  # the scratch data/ and seeds/ the running app reads


@pytest.fixture()
def served_atlas(server):
    """The atlas as the running app has it now (a test may have added an article to its scratch copy)."""
    from atlas.load import load_atlas

    return load_atlas(SERVED["data"], SERVED["seeds"])


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The app on a scratch copy of data/ and seeds/, so accepting an article in a test changes nothing here."""
    from layers.offline import publish_assets

    publish_assets()  # Streamlit serves static/ only if it is there when the server starts
    scratch = tmp_path_factory.mktemp("footprint")
    shutil.copytree(ROOT / "data", scratch / "data")
    shutil.copytree(ROOT / "seeds", scratch / "seeds")
    SERVED.update(data=scratch / "data", seeds=scratch / "seeds")
    env = {DATA_DIR_ENV: str(scratch / "data"), SEEDS_DIR_ENV: str(scratch / "seeds")}
    with running_app("app.py", env=env, log=scratch / "streamlit.log") as (url, _proc):
        yield url


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
    pg.on("response", lambda r: r.status >= 400 and pg.console_errors.append(f"{r.status} {r.url}"))  # type: ignore[attr-defined]
    pg.base_url = server  # type: ignore[attr-defined]
    yield pg
    if getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SEA, LAND = (0xCF, 0xE3, 0xF2), (0xF2, 0xEF, 0xE6)


def open_app(page: Page, query: str = "") -> None:
    page.goto(f"{page.base_url}/{query}")  # type: ignore[attr-defined]
    wait_idle(page)
    map_frame(page).locator(".leaflet-container").wait_for(timeout=30000)
    page.wait_for_function(
        "() => [...document.querySelectorAll('iframe')].some(f => { try { const fp = f.contentWindow.footprint;"
        " return fp && fp.shown && fp.shown.length >= 0 && fp.data; } catch (e) { return false; } })",
        timeout=30000,
    )
    time.sleep(0.5)


# Streamlit's page, loaded at its own address (/Add_an_article), first looks for its server one level down: two
# 404s, each also logged by the browser. Any other failed request or console error is a defect.
PAGE_PROBE = re.compile(r"404 http://127\.0\.0\.1:\d+/[A-Za-z_]+/_stcore/(health|host-config)")
PROBE_CONSOLE = "Failed to load resource: the server responded with a status of 404 (Not Found)"


def errors_beyond_page_probes(errors: list[str]) -> list[str]:
    """`errors` without the page-address probes and, one for each, the console line the browser logs for it."""
    probes = [e for e in errors if PAGE_PROBE.fullmatch(e)]
    rest = [e for e in errors if e not in probes]
    for _ in probes:
        if PROBE_CONSOLE in rest:
            rest.remove(PROBE_CONSOLE)
    return rest


def wait_idle(page: Page, timeout: int = 90000) -> None:
    page.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=30000)
    time.sleep(0.3)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout)


def press_year_key(page: Page, key: str) -> None:
    """Focus the Year slider and press a key, as a reader steps through the years; wait for the rerun."""
    page.get_by_test_id("stSlider").first.get_by_role("slider").focus()
    page.keyboard.press(key)
    wait_idle(page)


def map_frame(page: Page):
    return page.frame_locator('iframe[title="streamlit_folium.st_folium"]')


def leaflet(page: Page, expression: str):
    for f in page.frames:
        if f != page.main_frame and f.evaluate("typeof window.footprint !== 'undefined' && !!window.map"):
            return f.evaluate(expression)
    raise AssertionError("no Footprint map in any frame")


def shown_ids(page: Page, points_only: bool = False) -> set[str]:
    expr = (
        "footprint.shown.filter(e => !footprint.isRoute(e)).map(e => e.id)"
        if points_only
        else ("footprint.shown.map(e => e.id)")
    )
    return set(leaflet(page, expr))


def visible_marks(page: Page) -> list[dict]:
    """Event marks and clusters drawn inside the map's visible area, with their boxes."""
    return leaflet(
        page,
        """(() => { const c = map.getContainer().getBoundingClientRect();
          return [...document.querySelectorAll('.fp-marker, .fp-cluster')].map(e => {
            const r = e.getBoundingClientRect();
            return {id: e.getAttribute('data-id'), cluster: e.getAttribute('data-cluster'),
                    x0: r.left, y0: r.top, x1: r.right, y1: r.bottom};
          }).filter(b => b.x1 > c.left && b.x0 < c.right && b.y1 > c.top && b.y0 < c.bottom
                         && b.x1 - b.x0 > 0); })()""",
    )


def selected_id(page: Page) -> str | None:
    return leaflet(
        page, "(document.querySelector('.fp-marker.fp-selected') || {getAttribute: () => null}).getAttribute('data-id')"
    )


def test_page_loads_offline_with_features_and_stays_on_this_machine(page):
    open_app(page, "?year=2023")
    assert len(shown_ids(page)) >= 10
    assert map_frame(page).locator("canvas").count() >= 1  # Natural Earth outlines, served locally
    time.sleep(1)
    outside = [
        u
        for u in page.requests
        if not re.match(r"^(https?|wss?)://127\.0\.0\.1[:/]", u) and not u.startswith(("data:", "blob:", "about:"))
    ]
    assert outside == []
    assert page.console_errors == []
    assert sum("/app/static/data/atlas-" in u for u in page.requests) == 1


def test_make_run_serves_a_working_map(browser):
    """serve.py (what `make run` starts, with its warm-up) draws the same map as `streamlit run app.py`."""
    with running_app("serve.py") as (url, _proc):
        context = browser.new_context(viewport={"width": 1440, "height": 1000})
        page = context.new_page()
        page.base_url = url  # type: ignore[attr-defined]
        open_app(page, "?year=2017")
        assert "kuznetsov-off-tobruk-haftar-2017" in shown_ids(page)
        expect(page.get_by_text("Component not found")).to_have_count(0)
        context.close()


def test_toggling_a_layer_removes_its_features(page):
    open_app(page, "?year=2023")
    assert any(i.startswith("wagner-") for i in shown_ids(page))
    page.get_by_test_id("stCheckbox").filter(has_text="Wagner and Africa Corps sites").click()
    wait_idle(page)
    page.wait_for_timeout(500)
    assert not any(i.startswith("wagner-") for i in shown_ids(page))
    assert "tartus-naval-facility" in shown_ids(page)


def test_a_year_step_redraws_without_remounting_or_reloading_and_keeps_zoom(page):
    open_app(page, "?year=2016")
    leaflet(page, "void window.map.setView([33, 20], 6, {animate: false})")
    leaflet(page, "window.__footprint_marker = 1")  # survives only if the iframe document is kept
    payload_requests = sum("/app/static/data/atlas-" in u for u in page.requests)
    assert "kuznetsov-off-tobruk-haftar-2017" not in shown_ids(page)
    press_year_key(page, "ArrowRight")
    expect(page).to_have_url(re.compile(r"year=2017"), timeout=10000)
    page.wait_for_timeout(800)
    assert leaflet(page, "window.__footprint_marker") == 1
    assert leaflet(page, "window.map.getZoom()") == 6
    assert "kuznetsov-off-tobruk-haftar-2017" in shown_ids(page)
    assert sum("/app/static/data/atlas-" in u for u in page.requests) == payload_requests  # data sent once


def test_the_maps_own_year_control_draws_at_once_and_the_page_follows(page):
    open_app(page, "?year=2016")
    frame = map_frame(page)
    # each drawing, with the page's caption at that moment
    caption = "window.parent.document.querySelector('[data-testid=stCaptionContainer]').textContent"
    leaflet(page, "window.__footprint_marker = 1; window.__drawn = []; window.__captions = [];"
            "document.addEventListener('footprint:drawn', e => { window.__drawn.push(e.detail.year);"
            f" window.__captions.push({caption}); }})")  # fmt: skip
    frame.get_by_role("button", name="Next year").focus()
    page.keyboard.press("ArrowRight")
    # drawn in the map at once, while the page still showed 2016 (it hears of the step 100 ms later)
    assert leaflet(page, "footprint.view.year") == 2017 and "kuznetsov-off-tobruk-haftar-2017" in shown_ids(page)
    assert frame.locator(".fp-year-label").inner_text() == "2017"
    assert "in 2016" in leaflet(page, "window.__captions[0]")
    for key in ("ArrowRight", "ArrowRight", "ArrowLeft"):  # quick presses: the page must end where the map is
        page.keyboard.press(key)
    expect(page).to_have_url(re.compile(r"year=2018"), timeout=10000)
    wait_idle(page)
    page.wait_for_timeout(500)
    expect(page.get_by_test_id("stCaptionContainer").first).to_contain_text("in 2018")
    drawn = leaflet(page, "window.__drawn")
    assert drawn[:4] == [2017, 2018, 2019, 2018] and set(drawn[4:]) <= {2018}  # never back to a stale year
    assert leaflet(page, "window.__footprint_marker") == 1  # the same frame: nothing remounted
    assert frame.locator(":focus").get_attribute("aria-label") == "Next year"  # the keyboard stays on the control
    # a view the page sent before it saw the map's last step (an older counter) does not move the map back; one
    # that has seen it (the page's own slider moved) does
    leaflet(page, "window.__n = footprint.yearN; footprint.stepYear(1); footprint.stepYear(1)")  # 2020 on the map
    leaflet(page, "footprint.setView(Object.assign({}, footprint.view, {year: 2019, year_n: window.__n + 1}))")
    assert leaflet(page, "footprint.view.year") == 2020
    leaflet(page, "footprint.setView(Object.assign({}, footprint.view, {year: 2012, year_n: footprint.yearN}))")
    assert leaflet(page, "footprint.view.year") == 2012
    expect(page).to_have_url(re.compile(r"year=2020"), timeout=10000)  # (the steps' own report, meanwhile)
    wait_idle(page)
    page.keyboard.press("Home")
    expect(frame.locator(".fp-year-label")).to_have_text("2008")
    assert frame.get_by_role("button", name="Previous year").get_attribute("aria-disabled") == "true"
    expect(page).to_have_url(re.compile(r"year=2008"), timeout=10000)
    wait_idle(page)
    press_year_key(page, "ArrowRight")  # the page's own slider still moves the map
    expect(frame.locator(".fp-year-label")).to_have_text("2009")
    assert leaflet(page, "footprint.view.year") == 2009


def strip_counts(page: Page) -> dict[tuple[int, str], int]:
    """The timeline under the map, as drawn: (year, layer) → the count its segment stands for."""
    found = leaflet(
        page,
        "[...document.querySelectorAll('.fp-strip-year')].flatMap(col => [...col.querySelectorAll('i')].map("
        "i => [+col.dataset.year, i.dataset.layer, +i.dataset.count]))",
    )
    return {(year, layer): count for year, layer, count in found}


@pytest.mark.parametrize(
    "query, layers, mode, hide",
    [
        ("?year=2017", None, "state", False),
        ("?year=2025&layers=carrier_route,logistics,conflict,diplomacy,port_plans,wagner_sites&mode=cumulative"
         "&hide=partisan", ("carrier_route", "logistics", "conflict", "diplomacy", "port_plans", "wagner_sites"),
         "cumulative", True),
    ],
)  # fmt: skip
def test_the_timeline_under_the_map_counts_what_the_map_would_show(page, served_atlas, query, layers, mode, hide):
    from atlas.queries import shown_events
    from atlas.timeline import year_axis, year_counts
    from layers import BY_ID

    open_app(page, query)
    layers = layers or tuple(BY_ID)
    expected = year_counts(served_atlas, year_axis(served_atlas), layers, mode, hide)
    assert strip_counts(page) == {(c.year, c.layer): c.count for c in expected if c.count}
    year = int(re.search(r"year=(\d+)", query).group(1))
    shown = sum(n for (y, _), n in strip_counts(page).items() if y == year)
    assert shown == len(shown_events(served_atlas, year, set(layers), mode, hide)) == len(shown_ids(page))
    assert leaflet(page, "document.querySelector('.fp-strip-now').dataset.year") == str(year)


def test_a_click_on_a_year_of_the_timeline_goes_there(page):
    open_app(page, "?year=2016")
    map_frame(page).locator('.fp-strip-year[data-year="2024"]').click()
    assert leaflet(page, "footprint.view.year") == 2024  # at once, in the map
    expect(map_frame(page).locator(".fp-strip-now")).to_have_attribute("data-year", "2024")
    expect(page).to_have_url(re.compile(r"year=2024"), timeout=10000)  # and the page follows
    wait_idle(page)
    expect(page.get_by_test_id("stCaptionContainer").first).to_contain_text("in 2024")


def _received_deltas(frames: list[bytes]) -> list[str]:
    """The elements a run sent, as text (Streamlit's ForwardMsg protobufs, decoded)."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    out = []
    for payload in frames:
        msg = ForwardMsg()
        msg.ParseFromString(payload)
        if msg.WhichOneof("type") == "delta":
            out.append(str(msg.delta))
    return out


def test_a_year_step_redraws_the_map_column_not_the_panel_until_the_panel_must_change(page):
    frames: list[bytes] = []
    page.on(
        "websocket", lambda ws: ws.on("framereceived", lambda p: frames.append(p) if isinstance(p, bytes) else None)
    )
    open_app(page, "?year=2016&feature=tartus-naval-facility")
    panel = page.locator(".st-key-panel")
    expect(panel).to_contain_text("Tartus")
    frames.clear()
    press_year_key(page, "ArrowRight")  # 2017: Tartus still on the map, the panel stays as it is
    expect(page).to_have_url(re.compile(r"year=2017"), timeout=10000)
    sent = _received_deltas(frames)
    assert any("footprint.setView" in d for d in sent)  # the map column ran …
    assert sent and not any("fp-panel-head" in d for d in sent)  # … and the panel was not sent again
    assert not any("Layers and options" in d for d in sent)  # nor the options, which do not change with the year
    expect(panel).to_contain_text("Tartus")
    page.goto(f"{page.base_url}/?year=2017&feature=kuznetsov-off-tobruk-haftar-2017")  # type: ignore[attr-defined]
    wait_idle(page)
    expect(panel).to_contain_text("Tobruk")
    frames.clear()
    press_year_key(page, "ArrowRight")  # 2018 hides the carrier: the whole page again, the panel empties
    expect(panel).to_contain_text("Select a mark", timeout=10000)
    assert any("Select a mark" in d for d in _received_deltas(frames))


def _click_mark(page: Page, event_id: str) -> None:
    map_frame(page).locator(f'.fp-marker[data-id="{event_id}"]').click()
    # the ring is drawn on click, before the page has even heard of it
    assert selected_id(page) == event_id
    wait_idle(page)


def test_clicking_three_marks_in_a_row_highlights_each_as_clicked(page):
    open_app(page, "?year=2023&mode=cumulative")
    singles = [m["id"] for m in visible_marks(page) if m["id"]]
    assert len(singles) >= 3
    for event_id in singles[:3]:
        _click_mark(page, event_id)
        expect(page).to_have_url(re.compile(f"feature={event_id}"), timeout=10000)
        page.wait_for_timeout(600)
        assert selected_id(page) == event_id  # still this one after the rerun: ring, list and panel agree
        title = leaflet(page, f"footprint.byId['{event_id}'].title")
        expect(page.locator(".fp-panel-head h3").first).to_have_text(title)


def test_enter_on_a_focused_mark_selects_it(page):
    open_app(page, "?year=2020")
    event_id = next(m["id"] for m in visible_marks(page) if m["id"])
    map_frame(page).locator(f'.fp-marker[data-id="{event_id}"]').focus()
    page.keyboard.press("Enter")
    assert selected_id(page) == event_id
    wait_idle(page)
    expect(page).to_have_url(re.compile(f"feature={event_id}"), timeout=10000)
    live = leaflet(page, "document.querySelector('.fp-sr').textContent")
    assert live.startswith("Selected: ")
    page.wait_for_timeout(500)  # the page's rerun has redrawn the marks: the keyboard stays on the selected one
    assert leaflet(page, "document.activeElement && document.activeElement.getAttribute('data-id')") == event_id
    page.keyboard.press("Tab")  # and Tab goes on from there, inside the map
    assert leaflet(page, "!!(document.activeElement && document.activeElement.closest('.leaflet-container'))")


def _overlaps(marks: list[dict]) -> list[tuple]:
    bad = []
    for i, a in enumerate(marks):
        for b in marks[i + 1 :]:
            w = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
            h = min(a["y1"], b["y1"]) - max(a["y0"], b["y0"])
            smaller = min((a["x1"] - a["x0"]) * (a["y1"] - a["y0"]), (b["x1"] - b["x0"]) * (b["y1"] - b["y0"]))
            if w > 0 and h > 0 and w * h > smaller / 2:
                bad.append((a["id"] or a["cluster"], b["id"] or b["cluster"]))
    return bad


def test_latest_year_marks_do_not_overlap_and_every_event_is_reachable(page):
    open_app(page, "?mode=cumulative&year=2024")
    assert _overlaps(visible_marks(page)) == []
    map_frame(page).get_by_role("button", name="Fit the year").click()
    page.wait_for_timeout(800)
    marks = visible_marks(page)
    assert _overlaps(marks) == []
    reached = {m["id"] for m in marks if m["id"]}
    for cluster in [m["cluster"] for m in marks if m["cluster"]]:
        leaflet(page, f"footprint.clusters[{cluster}].spiderfy()")  # what a click on it does
        page.wait_for_timeout(200)
        reached |= {m["id"] for m in visible_marks(page) if m["id"]}
        leaflet(page, f"footprint.clusters[{cluster}].unspiderfy()")
    assert shown_ids(page, points_only=True) <= reached
    routes = shown_ids(page) - shown_ids(page, points_only=True)
    assert routes and map_frame(page).locator("path.fp-leg").count() > 0


def test_a_click_on_a_cluster_spreads_its_marks(page):
    open_app(page, "?mode=cumulative&year=2024")
    first = next(m["cluster"] for m in visible_marks(page) if m["cluster"])
    cluster = map_frame(page).locator(f'.fp-cluster[data-cluster="{first}"]')
    count = int(cluster.locator(".fp-count").inner_text())
    cluster.click()
    page.wait_for_timeout(300)
    spread = leaflet(page, "document.querySelectorAll('.fp-marker').length")
    assert spread >= count


def _pixel(page: Page, lat: float, lon: float) -> tuple[int, int, int]:
    import io

    from PIL import Image

    box = page.locator('iframe[title="streamlit_folium.st_folium"]').bounding_box()
    x, y = leaflet(page, f"(() => {{ const p = map.latLngToContainerPoint([{lat}, {lon}]); return [p.x, p.y]; }})()")
    shot = page.screenshot(clip={"x": box["x"] + x - 1, "y": box["y"] + y - 1, "width": 3, "height": 3})
    return Image.open(io.BytesIO(shot)).convert("RGB").getpixel((1, 1))


def _close(a: tuple[int, int, int], b: tuple[int, int, int]) -> bool:
    return all(abs(p - q) <= 6 for p, q in zip(a, b, strict=True))


def test_no_land_is_painted_at_the_open_sea_test_points(page):
    open_app(page, "?year=2008&layers=")
    leaflet(page, "void map.setView([66, 5], 4, {animate: false})")
    page.wait_for_timeout(1000)
    assert _close(_pixel(page, 68.0, -8.0), SEA)
    assert _close(_pixel(page, 71.0, 5.0), SEA)
    assert _close(_pixel(page, 62.0, 10.0), LAND)  # Norway is still land


def test_the_map_is_most_of_the_page_at_1440_by_1000(browser, server):
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    page = context.new_page()
    page.base_url = server  # type: ignore[attr-defined]
    open_app(page, "?year=2017")
    box = page.locator('iframe[title="streamlit_folium.st_folium"]').bounding_box()
    assert box["width"] >= 0.6 * 1440 and box["height"] >= 0.6 * 1000
    panel = page.locator(".st-key-panel").bounding_box()
    assert panel["x"] > box["x"] + box["width"] - 5  # the panel is beside the map
    page.mouse.move(700, 980)
    page.mouse.wheel(0, 900)
    page.wait_for_timeout(400)
    assert page.locator(".st-key-panel").bounding_box()["y"] >= -1  # sticky: still in view after scrolling
    context.close()


def test_moscow_and_severomorsk_are_reachable_when_their_events_are_shown(page):
    open_app(page, "?year=2016&layers=diplomacy,bases")
    assert {"haftar-moscow-june-2016", "severomorsk-northern-fleet"} <= shown_ids(page)
    inside = leaflet(
        page,
        "['moscow', 'severomorsk'].map(p => map.getBounds().contains("
        "[footprint.data.places[p].lat, footprint.data.places[p].lon]))",
    )
    if not all(inside):
        edge = map_frame(page).locator(".fp-edge").first
        expect(edge).to_contain_text("Moscow" if not inside[0] else "Severomorsk")
        edge.click()
        page.wait_for_timeout(800)
    reached = {m["id"] for m in visible_marks(page) if m["id"]}
    clusters = [m["cluster"] for m in visible_marks(page) if m["cluster"]]
    for cluster in clusters:
        leaflet(page, f"footprint.clusters[{cluster}].spiderfy()")
        reached |= {m["id"] for m in visible_marks(page) if m["id"]}
    assert {"haftar-moscow-june-2016", "severomorsk-northern-fleet"} <= reached


def test_the_renderers_visibility_matches_the_atlas(page, atlas):
    from atlas.queries import visible_events

    open_app(page, "?year=2008")
    for year in (2008, 2016, 2017, 2020, 2023, 2024):
        for mode in ("state", "cumulative"):
            got = leaflet(
                page,
                f"footprint.data.events.filter(e => footprint.isVisible(e.first, e.last, {year}, "
                f"'{mode}')).map(e => e.id)",
            )
            assert set(got) == {e.id for e in visible_events(atlas, year, None, mode)}, (year, mode)


def test_a_dated_route_position_is_clickable_and_shows_its_source(page):
    open_app(page, "?year=2017&layers=carrier_route")
    map_frame(page).get_by_role("button", name="Fit the year").click()
    page.wait_for_timeout(600)
    position = map_frame(page).locator('.fp-position[data-seq="11"]')
    position.focus()
    page.keyboard.press("Enter")
    wait_idle(page)
    expect(page.locator(".fp-panel-head h3").first).to_contain_text("position of 21 October 2016")
    expect(page.locator(".fp-panel-head").first).to_contain_text("Strait of Dover")


def _axe(page: Page, frame) -> list[dict]:
    frame.evaluate(AXE.read_text(encoding="utf-8"))
    result = frame.evaluate(
        "axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']})"
        ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact, n: v.nodes.length,"
        " target: v.nodes.slice(0, 3).map(n => n.target.join(' '))})))"
    )
    return [v for v in result if v["impact"] in ("serious", "critical")]


def test_axe_finds_no_serious_or_critical_violation_on_the_map_page(page):
    open_app(page, "?year=2017")
    page.wait_for_timeout(500)
    assert _axe(page, page.main_frame) == []
    map_doc = next(
        f for f in page.frames if f != page.main_frame and f.evaluate("typeof window.footprint !== 'undefined'")
    )
    assert _axe(page, map_doc) == []


def test_axe_finds_no_serious_or_critical_violation_on_the_add_article_page(page):
    page.goto(f"{page.base_url}/Add_an_article")  # type: ignore[attr-defined]
    wait_idle(page)
    page.wait_for_timeout(800)
    assert _axe(page, page.main_frame) == []


def test_a_one_finger_swipe_over_the_map_scrolls_the_page_on_a_phone(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.base_url = server  # type: ignore[attr-defined]
    open_app(page, "?year=2017")
    box = page.locator('iframe[title="streamlit_folium.st_folium"]').bounding_box()
    scroller = "(() => { const m = document.querySelector('[data-testid=\"stMain\"]') || document.scrollingElement;"
    before_center = leaflet(page, "map.getCenter().lat")
    before = page.evaluate(scroller + " return m.scrollTop + window.scrollY; })()")
    cdp = context.new_cdp_session(page)
    x, y = box["x"] + box["width"] / 2, min(box["y"] + box["height"] - 40, 800)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for step in range(1, 11):
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y - 30 * step}]})
        page.wait_for_timeout(16)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    page.wait_for_timeout(800)
    after = page.evaluate(scroller + " return m.scrollTop + window.scrollY; })()")
    assert after > before + 100
    assert leaflet(page, "map.getCenter().lat") == pytest.approx(before_center, abs=1e-6)  # the map did not pan
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")  # no sideways scroll
    context.close()


def test_an_online_base_map_without_network_says_so(page):
    page.route(re.compile(r"^https://(tile\.openstreetmap\.org|.*cartocdn|server\.arcgisonline)"), lambda r: r.abort())
    open_app(page, "?year=2017")
    combo = page.get_by_role("combobox", name="Base map")
    combo.scroll_into_view_if_needed()
    combo.click()
    option = page.get_by_role("option", name="OpenStreetMap (online)")
    if not option.is_visible():  # a busy machine: the list may not be open yet
        combo.press("ArrowDown")
    option.click(timeout=60000)
    wait_idle(page)
    map_frame(page).locator(".leaflet-container").wait_for(timeout=30000)
    expect(map_frame(page).locator(".fp-map-note")).to_contain_text("could not be loaded", timeout=20000)
    assert map_frame(page).locator("canvas").count() >= 1  # the offline outlines are underneath
    expect(page.get_by_text("OpenStreetMap contributors", exact=False).first).to_be_visible()


def test_a_deep_link_restores_year_layers_and_selection(page):
    open_app(page, "?year=2020&layers=conflict,wagner_sites&feature=wagner-sharara&mode=state")
    expect(page.get_by_test_id("stSlider").first).to_contain_text("2020")
    ids = shown_ids(page)
    assert not any(i.startswith("haftar-moscow") for i in ids) and "wagner-sharara" in ids
    expect(page.locator("mark", has_text="entered the Sharara oilfield last week").first).to_be_visible()
    assert selected_id(page) == "wagner-sharara"
    assert page.console_errors == []


def test_adding_an_article_puts_its_sentence_on_the_map(page):
    open_app(page)
    page.get_by_role("link", name="Add an article").click()
    page.get_by_role("textbox", name="…or paste its text").wait_for(timeout=60000)  # a new page load
    wait_idle(page)
    article = (ROOT / "tests" / "articles" / "benghazi-2024.txt").read_text(encoding="utf-8")
    page.get_by_role("textbox", name="…or paste its text").fill(article)
    page.get_by_role("textbox", name="Outlet").fill("Test Wire")
    page.get_by_role("combobox", name="Kind of outlet").click()  # a new outlet: the page asks what kind it is
    page.get_by_role("option", name="wire agency").click()
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
    expect(page).to_have_url(re.compile(r"year=2024"))
    quote = page.locator("mark", has_text="Two Russian Navy ships docked in Benghazi")
    expect(quote.first).to_be_visible(timeout=15000)
    assert errors_beyond_page_probes(page.console_errors) == []  # type: ignore[attr-defined]


FIXTURE_DATASET = {
    "name": "fixture",
    "label": "Fixture events",
    "count": 4,
    "categories": {"event_type": ["Battles", "Protests"], "actor": ["A", "B", "C"], "country": ["Libya", "Mali"]},
    "row": [101, 102, 103, 104],
    "lat": [32.9, 31.2, 16.3, 12.6],
    "lon": [13.2, 16.6, -3.0, -8.0],
    "start": [17000, 18300, 19000, 19400],  # days since 1970-01-01: 2016-07-18, 2020-02-07, 2022-01-08, 2023-02-12
    "end": [None, 18400, 19000, None],
    "precision_km": [1, 5, 25, 1],
    "event_type": [0, 1, 0, 1],
    "actor1": [0, 1, 2, 0],
    "actor2": [None, 2, None, 1],
    "country": [0, 0, 1, 1],
}


def test_a_columnar_dataset_is_drawn_filtered_and_clickable(page):
    """The format the scale helper writes (atlas/payload.py docstring), drawn by the renderer on a canvas."""
    target = ROOT / "static" / "data" / "test-fixture-dataset.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(FIXTURE_DATASET), encoding="utf-8")
    try:
        open_app(page, "?year=2023&mode=cumulative&layers=")
        leaflet(page, "void footprint.addDataset('fixture', '/app/static/data/test-fixture-dataset.json')")
        page.wait_for_function(
            "() => [...document.querySelectorAll('iframe')].some(f => { try { return !!f.contentWindow.footprint"
            ".datasets.fixture; } catch (e) { return false; } })",
            timeout=10000,
        )

        def shown(view: str) -> list[int]:
            return leaflet(
                page,
                f"(() => {{ footprint.setView(Object.assign({{}}, footprint.view, {view}));"
                " return [...footprint.datasets.fixture.shown].map(i => footprint.datasets.fixture"
                ".data.row[i]); })()",
            )

        assert shown("{year: 2023, mode: 'cumulative'}") == [101, 102, 103, 104]
        assert shown("{year: 2023, mode: 'state'}") == [101, 104]  # 102 and 103 ended before 2023
        assert shown("{year: 2021, mode: 'cumulative', filters: {fixture: {event_type: [0]}}}") == [101]
        assert shown("{year: 2023, mode: 'cumulative', filters: {fixture: {actor: [2]}}}") == [102, 103]
        assert shown("{year: 2023, mode: 'cumulative', filters: {fixture: {country: [1], actor: [1]}}}") == [104]
        assert map_frame(page).locator("canvas.fp-dataset").count() == 1
        shown("{year: 2023, mode: 'cumulative', filters: {}}")
        leaflet(page, "void map.setView([32.9, 13.2], 6, {animate: false})")
        page.wait_for_timeout(300)
        box = page.locator('iframe[title="streamlit_folium.st_folium"]').bounding_box()
        x, y = leaflet(page, "(() => { const p = map.latLngToContainerPoint([32.9, 13.2]); return [p.x, p.y]; })()")
        page.mouse.click(box["x"] + x + 1, box["y"] + y + 1)
        wait_idle(page)
        expect(page.get_by_text("Row 101 of the dataset fixture")).to_be_visible(timeout=10000)
    finally:
        target.unlink()


def test_a_tap_on_a_phone_selects_the_mark_and_shows_a_card_over_the_map(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.base_url = server  # type: ignore[attr-defined]
    open_app(page, "?year=2023")
    event_id = leaflet(
        page,
        "[...document.querySelectorAll('.fp-marker')].filter(e => { const r = e.getBoundingClientRect();"
        " return r.top > 60 && r.bottom < innerHeight - 60 && r.left > 10 && r.right < innerWidth - 10; })"
        "[0].getAttribute('data-id')",
    )
    map_frame(page).locator(f'.fp-marker[data-id="{event_id}"]').tap()
    assert selected_id(page) == event_id
    card = map_frame(page).locator(".fp-card")
    expect(card).to_be_visible()
    title = leaflet(page, f"footprint.byId['{event_id}'].title")
    expect(card).to_contain_text(title)
    wait_idle(page)
    expect(page).to_have_url(re.compile(f"feature={event_id}"), timeout=10000)
    card.get_by_role("button", name="Read the sources ↓").tap()
    page.wait_for_timeout(1200)
    panel = page.locator(".st-key-panel").bounding_box()
    assert panel["y"] < 844 and panel["y"] + panel["height"] > 0  # the panel is where the eye is
    context.close()


def test_the_skip_link_passes_the_map_and_every_tab_stop_in_the_map_is_named(page):
    open_app(page, "?year=2017")
    page.locator("a.fp-skip").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.id === 'fp-events'", timeout=5000)
    page.keyboard.press("Tab")
    page.wait_for_function("document.activeElement.type === 'radio'", timeout=5000)  # the event list, past the map
    leaflet(page, "map.getContainer().focus()")
    stops = []
    for _ in range(60):  # Tab through the map until focus leaves it
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") != "IFRAME":
            break
        stops.append(
            leaflet(
                page,
                "(() => { const e = document.activeElement; return {tag: e.tagName.toLowerCase(),"
                " name: (e.getAttribute('aria-label') || e.textContent || '').trim()}; })()",
            )
        )
    assert len(stops) >= 5
    assert [s for s in stops if not s["name"]] == []
    assert not any(s["tag"] in ("path", "svg") for s in stops)


# ---- issue #11: the 2024–2026 chapter, outlet kinds, date basis, the state-media/party filter, coverage ----

# Events of the new chapter, from data/events.csv, by the year the map shows them in ("state" mode).
CHAPTER = {
    2024: {"hmeimim-al-khadim-airlift-2024", "landing-ships-tartus-tobruk-apr-2024", "tartus-post-assad-status"},
    2025: {"tartus-sealift-westbound-2025", "sharaa-putin-kremlin-2025", "bogdanov-sharaa-damascus-2025"},
    2026: {"qamishli-russian-deployment-2019-2026", "sharaa-putin-kremlin-2026", "mys-zhelaniya-tobruk-2026"},
}
HIDE_PARTISAN = "Hide claims that rest only on state media or a party to the conflict"
# What the renderer has drawn: every point mark in its cluster layer (clustered or not) and every route it shows.
DRAWN = (
    "footprint.cluster.getLayers().map(m => m.fpEvent.id)"
    ".concat(footprint.shown.filter(footprint.isRoute).map(e => e.id))"
)


def drawn_ids(page: Page) -> list[str]:
    return leaflet(page, DRAWN)


def expected_ids(atlas, year: int, mode: str = "state", hide_partisan: bool = False) -> set[str]:
    from atlas.queries import shown_events
    from layers import LAYERS

    return {e.id for e in shown_events(atlas, year, {la.ID for la in LAYERS}, mode, hide_partisan)}


def test_the_2024_to_2026_chapter_is_on_the_map_and_the_page_says_how_far_its_reporting_reaches(page, served_atlas):
    atlas = served_atlas
    from atlas.coverage import coverage_label

    assert atlas.events["qamishli-russian-deployment-2019-2026"].end.human() == "27 January 2026"  # the withdrawal
    for year, chapter in CHAPTER.items():
        open_app(page, f"?year={year}")
        drawn = drawn_ids(page)
        assert len(drawn) == len(set(drawn))  # one mark per event
        assert set(drawn) == expected_ids(atlas, year), year
        assert chapter <= set(drawn), year
        assert map_frame(page).locator("path.fp-leg").count() > 0  # the airlift / sealift routes are drawn
        caption = page.get_by_test_id("stCaptionContainer").first
        expect(caption).to_contain_text(coverage_label(atlas))
        expect(caption).to_contain_text(f"{len(drawn)} sourced features in {year}")
    assert re.fullmatch(r"Reporting up to ([A-Z][a-z]+ )?20\d\d", coverage_label(atlas))
    assert page.console_errors == []


def test_the_panel_names_the_outlet_kind_beside_the_excerpt_and_the_date_basis(page, served_atlas):
    atlas = served_atlas
    from atlas.model import basis_label
    from atlas.outlets import outlet_label

    open_app(page, "?year=2025&feature=bogdanov-sharaa-damascus-2025")
    (source,) = {atlas.sources[x.source_id] for x in atlas.excerpts_for("bogdanov-sharaa-damascus-2025")}
    assert outlet_label(source) == "TASS — Russian state media"
    quote = page.locator(".fp-quote").first
    expect(quote).to_be_visible()
    cite = page.locator(".fp-quote + .fp-cite").first  # the source line right under the excerpt
    expect(cite).to_contain_text("TASS — Russian state media")

    event = atlas.events["sharaa-putin-kremlin-2025"]
    assert event.date_basis == "publication"
    open_app(page, f"?year=2025&feature={event.id}")
    head = page.locator(".fp-panel-head").first
    expect(head).to_contain_text(basis_label(event))
    expect(head.locator(".fp-basis")).to_have_text(f"({basis_label(event)})")
    for x in atlas.excerpts_for(event.id):
        expect(page.locator(".fp-cite", has_text=outlet_label(atlas.sources[x.source_id])).first).to_be_visible()

    open_app(page, "?year=2026&feature=sharaa-putin-kremlin-2026")  # dated by its own excerpt: no basis note
    expect(page.locator(".fp-panel-head h3").first).to_have_text(atlas.events["sharaa-putin-kremlin-2026"].title)
    assert page.locator(".fp-basis").count() == 0


def test_hiding_claims_that_rest_only_on_state_media_or_a_party_hides_exactly_those(page, served_atlas):
    atlas = served_atlas
    from atlas.outlets import rests_only_on_partisan

    def partisan(year: int, mode: str) -> set[str]:
        return {i for i in expected_ids(atlas, year, mode) if rests_only_on_partisan(atlas, atlas.events[i])}

    assert partisan(2025, "state") == {"bogdanov-sharaa-damascus-2025"}  # TASS alone
    assert len(partisan(2026, "cumulative")) >= 2
    open_app(page, "?year=2025&mode=state")
    before = set(drawn_ids(page))
    assert before == expected_ids(atlas, 2025, "state")
    page.get_by_text(HIDE_PARTISAN).click()
    wait_idle(page)
    page.wait_for_timeout(500)
    after = drawn_ids(page)
    assert set(after) == before - partisan(2025, "state")
    assert len(after) == len(before) - 1
    expect(page.get_by_test_id("stCaptionContainer").first).to_contain_text(f"{len(after)} sourced features in 2025")

    page.get_by_text("Everything up to this year").click()  # the filter stays on across mode and year
    wait_idle(page)
    press_year_key(page, "End")
    expect(page).to_have_url(re.compile(r"year=2026"), timeout=10000)
    page.wait_for_timeout(500)
    everything = expected_ids(atlas, 2026, "cumulative")
    drawn = drawn_ids(page)
    assert set(drawn) == everything - partisan(2026, "cumulative")
    assert len(drawn) == len(everything) - len(partisan(2026, "cumulative"))
    page.get_by_text(HIDE_PARTISAN).click()
    wait_idle(page)
    page.wait_for_timeout(500)
    assert set(drawn_ids(page)) == everything


# Names the base map writes and "off the map" buttons, against what they must not cover (boxes in the map frame).
COVERED = """(() => { const box = e => e.getBoundingClientRect();
  const ov = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  const marks = [...document.querySelectorAll(
    '.fp-marker, .fp-cluster, .fp-edge, .leaflet-fp-ring-pane .fp-ring, .leaflet-control')];
  const names = [...document.querySelectorAll('.fp-label span')].filter(s => s.style.visibility === 'visible');
  const out = [];
  names.forEach(n => marks.forEach(m => {
    if (ov(box(n), box(m))) out.push(n.textContent + ' under ' + m.getAttribute('class'));
  }));
  const edges = [...document.querySelectorAll('.fp-edge')];
  edges.forEach((a, i) => edges.slice(i + 1).concat(marks.filter(m => m.matches('.leaflet-control-scale')))
    .forEach(b => { if (ov(box(a), box(b))) out.push(a.textContent + ' over ' + b.getAttribute('class')); }));
  return out; })()"""


@pytest.mark.parametrize("viewport", [(1440, 1000), (390, 844)], ids=["desktop", "phone"])
def test_place_names_and_edge_buttons_cover_no_mark_and_no_other_button(browser, server, viewport):
    """2025 crowds the eastern Mediterranean; a Moscow selection in 2026 leaves two buttons on the bottom edge."""
    phone = viewport[0] < 600
    size = {"width": viewport[0], "height": viewport[1]}
    context = browser.new_context(viewport=size, is_mobile=phone, has_touch=phone)
    page = context.new_page()
    page.base_url = server  # type: ignore[attr-defined]
    cases = (
        ("?year=2016", 1),  # Hmeimim's name sat under the Tartus–Hmeimim group by a pixel or two
        ("?year=2017", 1),  # on a phone, Maaten al-Sarra's under the scale bar
        ("?year=2024", 1),  # Al-Khadim's under the Benghazi group
        ("?year=2025", 3),
        ("?year=2017&feature=kuznetsov-off-tobruk-haftar-2017", 1),  # Tobruk's name under the selection's ring
        ("?year=2026&mode=cumulative&feature=sharaa-putin-kremlin-2025", 1),
    )
    for query, named in cases:
        open_app(page, query)
        page.wait_for_timeout(500)
        assert leaflet(page, "document.querySelectorAll('.fp-label span[style*=visible]').length") >= named
        assert leaflet(page, COVERED) == [], query
    assert leaflet(page, "document.querySelectorAll('.fp-edge').length") >= 2  # the case that overlapped
    # Zoomed in between Tobruk and Tartus: a button on each side, at the same height (they met on a phone)
    open_app(page, "?year=2017")
    leaflet(page, "void footprint.map.setView([33.5, 29.5], 8, {animate: false})")
    page.wait_for_timeout(500)
    assert leaflet(page, "document.querySelectorAll('.fp-edge-w, .fp-edge-e').length") == 2
    assert leaflet(page, COVERED) == []
    context.close()


def test_a_hostile_title_stays_text_in_the_route_tooltips_and_position_labels(page):
    """The renderer's own HTML sinks (route and position tooltips, aria-labels): a title from the data is text."""
    hostile = '<img src=x onerror="window.__pwned=1">&<script>window.__pwned=2</script>'
    open_app(page, "?year=2017&layers=carrier_route")
    leaflet(
        page,
        f"(() => {{ footprint.byId['kuznetsov-deployment-2016-2017'].title = {json.dumps(hostile)};"
        " footprint.render(); })()",
    )
    tips = leaflet(
        page,
        "(() => { const out = []; [footprint.routes, footprint.positions].forEach(g => g.eachLayer(l => {"
        " if (l.getTooltip && l.getTooltip()) { l.openTooltip(l.getLatLng ? l.getLatLng() : l.getLatLngs()[0]);"
        " out.push(l.getTooltip().getContent()); } })); return out; })()",
    )
    assert len(tips) >= 5
    assert all("&lt;img src=x" in t and "<img" not in t and "<script" not in t for t in tips)
    assert leaflet(page, "document.querySelectorAll('img[src=\"x\"], .leaflet-tooltip script').length") == 0
    assert leaflet(page, "window.__pwned === undefined")
    labels = leaflet(page, "[...document.querySelectorAll('.fp-position')].map(e => e.getAttribute('aria-label'))")
    assert labels and all(label.startswith(hostile) for label in labels)  # an attribute: the text as it is
