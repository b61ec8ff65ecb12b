"""Footprint's Streamlit server for browser tests and benchmarks, started one way everywhere: a free port on
127.0.0.1, no usage statistics, the server's output in a log file, `/_stcore/health` polled until it answers, and
on exit terminated (killed if it hangs). Benchmarks import it as `tests.app_server`."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_app(
    script: str | Path = "app.py",
    *,
    cwd: Path = ROOT,
    env: Mapping[str, str] | None = None,
    log: Path | None = None,
    args: Sequence[str] = (),
    timeout_s: float = 120.0,
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """Yield (base URL, process) of `streamlit run script` once it answers; `env` is added to this process's."""
    port = free_port()
    log_path = log or Path(tempfile.mkstemp(prefix="footprint-server-", suffix=".log")[1])
    command = [
        sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
        "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
        *args,
    ]  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    with log_path.open("wb") as out:
        environ = {**os.environ, **(env or {})}
        proc = subprocess.Popen(command, cwd=cwd, env=environ, stdout=out, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + timeout_s
            while True:
                with contextlib.suppress(OSError):
                    if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).read() == b"ok":
                        break
                if proc.poll() is not None or time.monotonic() > deadline:
                    said = log_path.read_text(encoding="utf-8", errors="replace")[-4000:]
                    raise RuntimeError(f"streamlit did not start ({script}, exit {proc.poll()}):\n{said}")
                time.sleep(0.2)
            yield url, proc
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
    if log is None:
        log_path.unlink(missing_ok=True)
