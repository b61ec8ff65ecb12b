"""A server safe to share: bound to 127.0.0.1 by default, the Add page behind the editor password when
shared, no framing by other sites, no open metrics, no tracebacks for readers, long articles read in a
worker process within stated limits."""

from __future__ import annotations

import asyncio
import os
import re
import socket
import subprocess
import sys
import time
import tomllib
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from streamlit import config as st_config
from streamlit.testing.v1 import AppTest

from atlas.dates import PartialDate
from atlas.ingest import ArticleError
from atlas.ingest.text import MAX_BYTES
from atlas.load import DATA_DIR_ENV, SEEDS_DIR_ENV
from atlas.worker import MAX_TEXT_CHARS, IngestWorker
from layers import access

ROOT = Path(__file__).resolve().parent.parent
CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


def test_the_defaults_keep_the_server_on_this_machine_and_quiet():
    assert CONFIG["server"]["address"] == "127.0.0.1"
    assert CONFIG["client"]["showErrorDetails"] == "none"
    assert CONFIG["server"]["enableXsrfProtection"] is True
    assert CONFIG["server"]["maxUploadSize"] * 1024 * 1024 == MAX_BYTES, "uploader and refusal must agree"
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "HOST ?= 127.0.0.1" in makefile
    assert re.search(r"streamlit run serve\.py .*--server\.address \$\(HOST\)", makefile)
    assert ".streamlit/secrets.toml" in (ROOT / ".gitignore").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("address", "secret", "given", "expected"),
    [
        ("127.0.0.1", "", "", access.GRANTED),
        ("localhost", "", "", access.GRANTED),
        ("::1", "", "", access.GRANTED),
        ("0.0.0.0", "", "", access.CLOSED),
        ("", "", "", access.CLOSED),  # no address: every interface
        ("192.168.1.5", "", "anything", access.CLOSED),
        ("0.0.0.0", "s3cret", "", access.ASK),
        ("0.0.0.0", "s3cret", "wrong", access.ASK),
        ("0.0.0.0", "s3cret", "s3cret", access.GRANTED),
        ("127.0.0.1", "s3cret", "", access.ASK),  # a password, once set, is asked for everywhere
    ],
)
def test_who_may_add_an_article(address, secret, given, expected):
    assert access.add_page_access(address, secret, given) == expected


def test_the_editor_password_comes_from_the_environment_then_the_secrets_file():
    class Broken:
        def get(self, *_):
            raise FileNotFoundError("no secrets.toml")

    assert access.editor_secret({access.EDITOR_ENV: " env "}, {"editor_password": "file"}) == "env"
    assert access.editor_secret({}, {"editor_password": "file"}) == "file"
    assert access.editor_secret({}, Broken()) == ""
    assert access.editor_secret({}, None) == ""


def _run(app, path: str) -> tuple[int, dict[bytes, bytes]]:
    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b""}

    async def send(message):
        sent.append(message)

    asyncio.run(app({"type": "http", "path": path, "headers": []}, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    return start["status"], dict(start["headers"])


def test_the_guard_adds_the_headers_and_closes_the_metrics():
    async def inner(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/html")]})
        await send({"type": "http.response.body", "body": b"ok"})

    guard = access.GuardMiddleware(inner)
    status, headers = _run(guard, "/")
    assert status == 200
    assert headers[b"x-frame-options"] == b"SAMEORIGIN"
    assert headers[b"content-security-policy"] == b"frame-ancestors 'self'"
    assert _run(guard, "/_stcore/metrics")[0] == 404
    assert _run(guard, "/base/_stcore/metrics/")[0] == 404


@pytest.fixture()
def add_page(workdir, monkeypatch):
    data, seeds = workdir
    monkeypatch.setenv(DATA_DIR_ENV, str(data))
    monkeypatch.setenv(SEEDS_DIR_ENV, str(seeds))
    address = st_config.get_option("server.address")
    yield monkeypatch
    st_config.set_option("server.address", address)


def _open_add_page() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page("pages/1_Add_an_article.py").run()
    assert not at.exception
    return at


def test_a_shared_server_without_a_password_keeps_the_add_page_closed(add_page):
    add_page.delenv(access.EDITOR_ENV, raising=False)
    st_config.set_option("server.address", "0.0.0.0")
    at = _open_add_page()
    assert "no editor password is set" in at.warning[0].value
    assert not at.get("file_uploader") and not at.button


def test_a_shared_server_asks_for_the_editor_password(add_page):
    add_page.setenv(access.EDITOR_ENV, "correct horse")
    st_config.set_option("server.address", "0.0.0.0")
    at = _open_add_page()
    assert not at.get("file_uploader")
    at.text_input(key="editor_password").set_value("wrong").run()
    assert not at.get("file_uploader") and at.text_input(key="editor_password")
    at.text_input(key="editor_password").set_value("correct horse").run()
    assert at.get("file_uploader") and at.button(key="analyse")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_served_app_binds_localhost_sends_the_headers_and_hides_metrics():
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "serve.py", "--server.port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.time() + 90
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=10):
                    break
            except OSError:  # not up yet (refused, reset or timed out)
                assert time.time() < deadline, "the server did not start"
                time.sleep(0.5)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as page:
            assert page.headers["X-Frame-Options"] == "SAMEORIGIN"
            assert "frame-ancestors 'self'" in page.headers["Content-Security-Policy"]
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/metrics", timeout=30)
        assert err.value.code == 404
        listening = subprocess.run(["ss", "-ltnH", f"sport = :{port}"], capture_output=True, text=True).stdout
        local = {line.split()[3] for line in listening.splitlines()}  # the local address:port column
        assert local == {f"127.0.0.1:{port}"}
    finally:
        server.terminate()
        server.wait(timeout=20)


@pytest.fixture(scope="module")
def worker():
    w = IngestWorker(timeout=120, gazetteer_population=15000)
    yield w
    w.stop()


def test_an_article_is_read_in_another_process(worker, atlas):
    text = (ROOT / "tests" / "articles" / "benghazi-2024.txt").read_text(encoding="utf-8")
    report = worker.read(text, PartialDate.parse("2024-03-20"), list(atlas.places.values()))
    assert report.candidates and worker.pid and worker.pid != os.getpid()


def test_too_long_a_text_is_refused_with_the_limit(worker, atlas):
    with pytest.raises(ArticleError, match=f"at most {MAX_TEXT_CHARS:,} characters"):
        worker.read("Benghazi. " * (MAX_TEXT_CHARS // 10 + 1), PartialDate.parse("2024"), [])


def test_a_reader_that_runs_over_its_time_is_stopped(atlas):
    slow = IngestWorker(timeout=0.01, gazetteer_population=15000)
    try:
        with pytest.raises(ArticleError, match="longer than"):
            slow.read("On 2 May 2024 ships reached Benghazi.", PartialDate.parse("2024"), list(atlas.places.values()))
        assert slow.pid is None
    finally:
        slow.stop()
