"""Load benchmark (make bench-load): N concurrent sessions on 127.0.0.1 step through the years and click marks.

Protocol level: each session speaks Streamlit's own websocket protocol (/_stcore/stream, BackMsg and
ForwardMsg protobufs), as the browser does, without drawing anything. A session opens the map, finds the
Year slider, the map component and the event list in what the server sends, then for `--seconds` sends
one rerun after another: a year step (the slider's new value), or a click on a mark (the map component's
value naming a visible event, as the renderer reports a click). As the browser does, a step names the map
column's fragment, so the server reruns that column alone (a click then asks for the whole page, since the
panel changes); `--whole-page` sends every step as a whole-page rerun instead (the way before the fragment).
Each step's latency is from the request to the server's last "script finished" of it; an error is an exception
element, a script that does not finish, or a dropped connection. The server is started here (serve.py, as
`make run` does) unless --url is given.

Prints: sessions, steps, errors, p50/p95/max step latency, reruns/s, the server's memory (peak and end),
the machine and its load.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from atlas.load import load_atlas  # noqa: E402
from atlas.queries import visible_events, year_range  # noqa: E402


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass
class Widgets:
    slider: str = ""
    component: str = ""
    fragment: str = ""  # the map column's fragment (where the slider is), "" for whole-page reruns
    years: tuple[int, int] = (0, 0)


async def _rerun(
    ws, widgets: list | None = None, timeout: float = 60.0, fragment: str = ""
) -> tuple[float, list[ForwardMsg]]:
    """Send one rerun (of a fragment, if named); wait until the runs it starts have finished (a run that ends
    early for another — the map column asking for the whole page — is followed by that one). Returns (seconds,
    messages)."""
    back = BackMsg()
    back.rerun_script.query_string = ""
    back.rerun_script.page_script_hash = ""
    back.rerun_script.fragment_id = fragment
    for w in widgets or []:
        back.rerun_script.widget_states.widgets.append(w)
    started = time.perf_counter()
    await ws.send(back.SerializeToString())
    messages: list[ForwardMsg] = []
    deadline = started + timeout
    while True:
        raw = await asyncio.wait_for(ws.recv(), timeout=max(0.1, deadline - time.perf_counter()))
        msg = ForwardMsg()
        msg.ParseFromString(raw)
        messages.append(msg)
        if msg.WhichOneof("type") == "script_finished" and msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
            return time.perf_counter() - started, messages


def _errors(messages: list[ForwardMsg]) -> list[str]:
    out = []
    for m in messages:
        if m.WhichOneof("type") == "delta" and m.delta.WhichOneof("type") == "new_element":
            element = m.delta.new_element
            if element.WhichOneof("type") == "exception":
                out.append(f"{element.exception.type}: {element.exception.message[:120]}")
        if m.WhichOneof("type") == "script_finished" and m.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
            out.append("the script did not compile")
    return out


def _shown_year(messages: list[ForwardMsg]) -> int | None:
    """The year the page's caption says it shows ("… sourced features in 2017")."""
    for m in messages:
        if m.WhichOneof("type") == "delta" and m.delta.WhichOneof("type") == "new_element":
            element = m.delta.new_element
            if element.WhichOneof("type") == "markdown":
                found = re.search(r"features? (?:in|up to the end of) (\d{4})", element.markdown.body)
                if found:
                    return int(found.group(1))
    return None


def _find_widgets(messages: list[ForwardMsg]) -> Widgets:
    found = Widgets()
    for m in messages:
        if m.WhichOneof("type") != "delta" or m.delta.WhichOneof("type") != "new_element":
            continue
        element = m.delta.new_element
        kind = element.WhichOneof("type")
        if kind == "slider" and element.slider.label == "Year":
            found.slider = element.slider.id
            found.years = (int(element.slider.min), int(element.slider.max))
            found.fragment = m.delta.fragment_id
        elif kind == "component_instance" and not found.component:
            found.component = element.component_instance.id
    return found


def _year_state(widget_id: str, year: int):
    back = BackMsg()
    w = back.rerun_script.widget_states.widgets.add()
    w.id = widget_id
    w.double_array_value.data.append(float(year))
    return w


def _click_state(widget_id: str, event_id: str, n: int):
    back = BackMsg()
    w = back.rerun_script.widget_states.widgets.add()
    w.id = widget_id
    w.json_value = json.dumps(
        {
            "last_object_clicked": {"lat": 32.0 + n * 1e-6, "lng": 20.0},
            "last_active_drawing": {"type": "Feature", "properties": {"kind": "event", "id": event_id, "n": n}},
        }
    )
    return w


async def session(
    url: str, seconds: float, visible: dict[int, list[str]], seed: int, result: Result, whole_page: bool = False
) -> None:
    rng = random.Random(seed)
    try:
        async with websockets.connect(
            url, subprotocols=["streamlit"], max_size=2**26, open_timeout=120, ping_interval=None
        ) as ws:
            _, messages = await _rerun(ws, timeout=120)
            result.errors += _errors(messages)
            widgets = _find_widgets(messages)
            if not widgets.slider:
                result.errors.append("no Year slider in the first page")
                return
            low, high = widgets.years
            year = rng.randint(low, high)
            end = time.perf_counter() + seconds
            n = 0
            while time.perf_counter() < end:
                n += 1
                states = [_year_state(widgets.slider, year)]
                if n % 2 == 0 and widgets.component and visible.get(year):
                    states.append(_click_state(widgets.component, rng.choice(visible[year]), n))
                else:
                    year = low + (year - low + 1) % (high - low + 1)
                    states = [_year_state(widgets.slider, year)]
                try:
                    took, messages = await _rerun(ws, states, fragment="" if whole_page else widgets.fragment)
                except TimeoutError:
                    result.errors.append("a step did not finish within 60 s")
                    continue
                result.latencies.append(took)
                result.errors += _errors(messages)
                shown = _shown_year(messages)
                if len(states) == 1 and shown != year:  # a year step must show that year
                    result.errors.append(f"asked for {year}, the page shows {shown}")
    except Exception as exc:  # a dropped connection is an error of the run, counted, not a crash of the bench
        result.errors.append(f"{type(exc).__name__}: {str(exc)[:120]}")


def _rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (the ingest worker), in MB."""
    total = 0
    pids = [pid]
    try:
        children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
        pids += [int(c) for c in children]
    except OSError:
        pass
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


async def _watch_memory(pid: int, samples: list[float], stop: asyncio.Event) -> None:
    while not stop.is_set():
        samples.append(_rss_mb(pid))
        await asyncio.sleep(1.0)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_server(port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "serve.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=5):
                return server
        except OSError:
            time.sleep(0.5)
    server.kill()
    raise SystemExit("the server did not start")


async def run(args: argparse.Namespace) -> dict[str, object]:
    atlas = load_atlas()
    first, last = year_range(atlas)
    visible = {y: [e.id for e in visible_events(atlas, y)] for y in range(first, last + 1)}
    server = None
    if args.url:
        url, pid = args.url, args.pid
    else:
        port = _free_port()
        server = _start_server(port)
        url, pid = f"ws://127.0.0.1:{port}/_stcore/stream", server.pid
    samples: list[float] = []
    stop = asyncio.Event()
    watcher = asyncio.create_task(_watch_memory(pid, samples, stop)) if pid else None
    result = Result()
    started = time.perf_counter()
    try:
        await asyncio.gather(
            *(session(url, args.seconds, visible, i, result, args.whole_page) for i in range(args.sessions))
        )
    finally:
        stop.set()
        if watcher:
            await watcher
        elapsed = time.perf_counter() - started
        if server:
            server.terminate()
            server.wait(timeout=30)
    lat = sorted(result.latencies)

    def pct(q: float) -> float:
        return lat[min(len(lat) - 1, int(q * len(lat)))] if lat else float("nan")

    errors: dict[str, int] = {}
    for e in result.errors:
        errors[e] = errors.get(e, 0) + 1
    return {
        "sessions": args.sessions,
        "steps_rerun": "whole page" if args.whole_page else "the map column (fragment), as the browser does",
        "seconds": round(elapsed, 1),
        "steps": len(lat),
        "errors": len(result.errors),
        "error_kinds": errors,
        "p50_s": round(pct(0.50), 3),
        "p95_s": round(pct(0.95), 3),
        "max_s": round(lat[-1], 3) if lat else None,
        "mean_s": round(statistics.fmean(lat), 3) if lat else None,
        "reruns_per_s": round(len(lat) / elapsed, 2),
        "server_mb_peak": round(max(samples), 1) if samples else None,
        "server_mb_end": round(samples[-1], 1) if samples else None,
    }


def _machine() -> str:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return f"{model}, {os.cpu_count()} cores, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=25)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--url", help="ws://host:port/_stcore/stream of a running server (default: start one)")
    parser.add_argument("--pid", type=int, help="that server's pid, for its memory")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--whole-page", action="store_true", help="every step a whole-page rerun (no fragment)")
    args = parser.parse_args()
    print(f"machine: {_machine()}")
    figures = asyncio.run(run(args))
    figures["machine"] = _machine()
    for key, value in figures.items():
        print(f"{key}: {value}")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1), encoding="utf-8")
    return 1 if figures["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
