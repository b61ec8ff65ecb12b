"""The Add page in a real browser, from paste to accept, on an article whose event is already on the map.

Self-contained, in the pattern of tests/test_browser.py: its own app on its own scratch copy of data/ and
seeds/, the same Chromium and launch arguments; only 127.0.0.1 is ever asked.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from atlas.load import DATA_DIR_ENV, SEEDS_DIR_ENV

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"
pytestmark = pytest.mark.browser

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError("CI must run the browser tests: /usr/bin/chromium is missing (make test installs it)")
    pytest.skip("Debian chromium is not installed (make test installs it)", allow_module_level=True)

from app_server import running_app  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402
from test_browser import LAUNCH_ARGS, errors_beyond_page_probes  # noqa: E402 (the same browser flags)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The app on a scratch copy of data/ and seeds/; its log goes to a file (a full pipe would stall it)."""
    scratch = tmp_path_factory.mktemp("footprint-add")
    shutil.copytree(ROOT / "data", scratch / "data")
    shutil.copytree(ROOT / "seeds", scratch / "seeds")
    env = {DATA_DIR_ENV: str(scratch / "data"), SEEDS_DIR_ENV: str(scratch / "seeds")}
    with running_app("app.py", env=env, log=scratch / "streamlit.log") as (url, _proc):
        yield url, scratch


@pytest.fixture()
def page(server, request):
    url, _ = server
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        pg = context.new_page()
        pg.requests, pg.console_errors = [], []  # type: ignore[attr-defined]
        pg.on("request", lambda r: pg.requests.append(r.url))  # type: ignore[attr-defined]
        pg.on("console", lambda m: m.type == "error" and pg.console_errors.append(m.text))  # type: ignore[attr-defined]
        pg.base_url = url  # type: ignore[attr-defined]
        yield pg
        if getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed:
            ARTIFACTS.mkdir(exist_ok=True)
            pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
        context.close()
        browser.close()


ARTICLE = (
    "Haftar meets Putin again\n\n"
    "Khalifa Haftar met Vladimir Putin in Moscow in late September, his office said on 3 October 2023.\n\n"
    "Russian cargo planes landed at al-Jufra, near Hun, Waddan and Sokna, in late September.\n\n"
    + "\n\n".join(f"Background paragraph {n} repeats what was known before." for n in range(12))
)


def settle(page, timeout_ms: int = 300000) -> None:
    """Wait until the script has run; the first analysis loads the gazetteer (about 10 s, more on a busy machine)."""
    page.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=timeout_ms)
    page.wait_for_timeout(300)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout_ms)


def test_paste_review_and_add_a_duplicate_meeting_as_an_excerpt(page, server):
    failed = []
    page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.status} {r.url}"))
    page.goto(page.base_url)  # a deep link probes <page>/_stcore/health first (404s); the page's own link does not
    link = page.get_by_role("navigation", name="Pages").get_by_role("link", name="Add an article")
    link.wait_for(timeout=120000)
    page.evaluate("window.fpOldDocument = true")
    # At once, as a hurried reader does, while the map page's first run may still be going. A switch inside the
    # session then could leave the Add page blank (CI, once; 2 of ~15 tries here); the link is a new page load.
    link.click()
    paste = page.get_by_role("textbox", name="…or paste its text")
    paste.wait_for(timeout=120000)
    assert page.evaluate("window.fpOldDocument") is None  # a new document, not a switch inside the old session
    settle(page)
    paste.fill(ARTICLE)
    page.get_by_role("textbox", name="Outlet").fill("Desert Wire")
    page.get_by_role("combobox", name="Kind of outlet").click()  # a new outlet: the page asks what kind it is
    page.get_by_role("option", name="wire agency").click()
    published = page.get_by_role("textbox", name="Published (YYYY-MM-DD)")
    published.fill("2023-10-05")
    published.press("Tab")
    settle(page)
    page.get_by_role("button", name="Find places and dates").click()
    settle(page)
    expect(page.get_by_text("Review 2 proposed features")).to_be_visible(timeout=300000)  # a loaded machine
    # the meeting is dated by "late September", not by the publication date, and its duplicate is found
    expect(page.get_by_role("textbox", name="Start (YYYY, YYYY-MM or YYYY-MM-DD)").first).to_have_value("2023-09")
    expect(page.get_by_text("Already in the atlas: 1 event at this place")).to_be_visible()
    choice = page.get_by_role("radio", name=re.compile("Add this excerpt to “Haftar meets Putin in Moscow”"))
    expect(choice).to_be_checked()
    # the small Jufra towns are marked in the sentence; Sokna, known to no gazetteer, too
    for town in ("Hun", "Waddan", "Sokna"):
        expect(page.locator("mark.fp-place", has_text=town).first).to_be_visible()
    expect(page.get_by_role("textbox", name="Title").nth(2)).to_have_value("Russian flights to al-Jufra")  # 0: article
    # the review map stays in view while the cards scroll
    review_map = page.locator(".st-key-review_map_col")
    page.get_by_role("textbox", name="Who says so").nth(1).scroll_into_view_if_needed()
    page.mouse.wheel(0, 600)
    page.wait_for_timeout(400)
    box = review_map.bounding_box()
    assert box is not None and -5 <= box["y"] <= 200, box
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "add-article-duplicate-review.png"))
    page.get_by_role("button", name="Add 2 features to the map").click()
    settle(page)
    added = page.get_by_text(re.compile(r"Added seeds/haftar-meets-putin-again-2023\.txt and 2 features"))
    expect(added).to_be_visible(timeout=30000)
    expect(added).to_contain_text("haftar-putin-moscow-2023")  # the existing event took the excerpt, not a copy
    expect(page.get_by_text("Review 2 proposed features")).to_have_count(0)  # the review is closed
    events = (server[1] / "data" / "events.csv").read_text(encoding="utf-8")
    assert events.count("Haftar meets Putin in Moscow") == 1  # no copy of the meeting
    excerpts = (server[1] / "data" / "excerpts.csv").read_text(encoding="utf-8")
    assert "haftar-putin-moscow-2023,haftar-meets-putin-again-2023," in excerpts
    assert errors_beyond_page_probes(failed + page.console_errors) == [], (failed, page.console_errors)  # type: ignore[attr-defined]
    assert all(
        re.match(r"https?://(127\.0\.0\.1|localhost)[:/]", u) or u.startswith(("data:", "blob:", "about:"))
        for u in page.requests
    )  # type: ignore[attr-defined]
