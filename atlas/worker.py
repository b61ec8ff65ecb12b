"""Reading an article in a worker process, so a long article never stalls the other readers of the map.

The ingest is pure Python and holds the interpreter lock: run in the page's own thread, an 800 kB article
slowed every other session of the server fourfold. Here it runs in one separate process (spawned once, the
GeoNames gazetteer loaded there once), one article at a time, with a limit on the text's length and on the
time it may take; a worker that runs over is killed and the next article gets a fresh one.
"""

from __future__ import annotations

import os
import pickle
import select
import struct
import subprocess
import sys
import threading
import traceback
from pathlib import Path
from typing import BinaryIO

from atlas.dates import PartialDate
from atlas.ingest import ArticleError, IngestReport
from atlas.model import Place

MAX_TEXT_CHARS = 1_000_000  # about 1 MB of text: a long report is ~50 kB; reading 1 MB takes ~15 s on one core
MAX_SECONDS = 120.0


def text_limit_error(text: str) -> ArticleError | None:
    """The refusal for a text longer than the reader takes (said in the same figures as the uploader's)."""
    if len(text) <= MAX_TEXT_CHARS:
        return None
    return ArticleError(
        f"its text is {len(text):,} characters long; Footprint reads at most {MAX_TEXT_CHARS:,} characters "
        "(about 1 MB) at a time: split it, or keep only the article itself"
    )


_places_key: tuple[Place, ...] | None = None
_gazetteer = None


def _read(text: str, published: PartialDate, places: tuple[Place, ...], gazetteer_population: int) -> IngestReport:
    """In the worker: the gazetteer is built once and kept while the atlas's places stay the same."""
    global _places_key, _gazetteer
    from atlas.gazetteer import build, geonames_gazetteer
    from atlas.ingest import ingest_text

    if _gazetteer is None or places != _places_key:
        if gazetteer_population:
            _gazetteer = build(list(places), min_city_population=gazetteer_population)
        else:
            _gazetteer = geonames_gazetteer().with_places(list(places))
        _places_key = places
    return ingest_text(text, published, gazetteer=_gazetteer)


def _send(stream: BinaryIO, obj: object) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(struct.pack(">Q", len(data)) + data)
    stream.flush()


def _receive(stream: BinaryIO) -> object:
    head = stream.read(8)
    if len(head) < 8:
        raise EOFError("the worker closed its pipe")
    (size,) = struct.unpack(">Q", head)
    return pickle.loads(stream.read(size))  # our own child process, over its private pipe: trusted


def serve(stdin: BinaryIO, stdout: BinaryIO) -> None:
    """The worker's loop (python -m atlas.worker): one request in, one report (or error) out."""
    while True:
        try:
            request = _receive(stdin)
        except EOFError:
            return
        try:
            _send(stdout, ("ok", _read(*request)))  # type: ignore[misc]
        except ArticleError as exc:
            _send(stdout, ("refused", str(exc)))
        except Exception as exc:  # the page shows a sentence; the details stay in this process's stderr
            traceback.print_exc()
            _send(stdout, ("failed", type(exc).__name__))


class IngestWorker:
    """One worker process for the whole server (a fresh `python -m atlas.worker`, never a fork of the
    threaded server); `read` waits its turn, one article at a time."""

    def __init__(self, timeout: float = MAX_SECONDS, gazetteer_population: int = 0) -> None:
        self.timeout = timeout
        self.gazetteer_population = gazetteer_population  # 0: the full GeoNames gazetteer (tests pass a smaller one)
        self._process: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()

    def start(self) -> None:
        """Start the worker now (the page calls this when it opens), so the gazetteer loads while the
        analyst pastes the article, not after the click."""
        with self._lock:
            self._start()

    def _start(self) -> subprocess.Popen[bytes]:
        if self._process is None or self._process.poll() is not None:
            root = Path(__file__).resolve().parent.parent
            env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")]))}
            self._process = subprocess.Popen(
                [sys.executable, "-m", "atlas.worker", *([] if self.gazetteer_population else ["--warm"])],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                cwd=root,
                env=env,
            )
        return self._process

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process and self._process.poll() is None else None

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.kill()
            process.wait()

    def read(self, text: str, published: PartialDate, places: list[Place]) -> IngestReport:
        """The report for one article, or ArticleError with a sentence (too long, too slow, worker lost)."""
        if error := text_limit_error(text):
            raise error
        with self._lock:
            process = self._start()
            assert process.stdin is not None and process.stdout is not None
            try:
                _send(process.stdin, (text, published, tuple(places), self.gazetteer_population))
                ready, _, _ = select.select([process.stdout], [], [], self.timeout)
                if not ready:
                    self.stop()
                    raise ArticleError(f"reading it took longer than {self.timeout:.0f} s and was stopped; split it")
                status, value = _receive(process.stdout)  # type: ignore[misc]
            except (OSError, EOFError, pickle.UnpicklingError):
                self.stop()
                raise ArticleError("the reader process stopped (out of memory?); try again, or split it") from None
        if status == "ok":
            return value
        if status == "refused":
            raise ArticleError(value)
        raise ArticleError(f"the reader failed ({value}); nothing was changed")


if __name__ == "__main__":
    protocol_out = sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print in a library must not corrupt the pipe
    if "--warm" in sys.argv:  # load GeoNames before the first article arrives
        from atlas.gazetteer import geonames_gazetteer

        geonames_gazetteer()
    serve(sys.stdin.buffer, protocol_out)
