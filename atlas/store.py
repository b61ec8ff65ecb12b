"""Atomic writes: a file is either the old one or the new one, never half of each.

`replace_files` extends that to a set of files (an accepted article touches up to five): every new
content is written and fsynced beside its file first, then the renames follow; if one fails, the files
already replaced get their old content back and a file that did not exist is removed again.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def _stage(path: Path, data: bytes) -> Path:
    """Write `data` to a synced temporary file beside `path` (same file system, so the rename is atomic)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, fsync it, then rename it over `path`."""
    tmp = _stage(path, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def replace_files(files: dict[Path, bytes]) -> None:
    """Replace every file in `files` with its new bytes, or (on any error) leave all of them as they were."""
    old = {path: path.read_bytes() if path.exists() else None for path in files}
    staged: dict[Path, Path] = {}
    try:
        for path, data in files.items():
            staged[path] = _stage(path, data)
        done: list[Path] = []
        try:
            for path, tmp in staged.items():
                os.replace(tmp, path)
                done.append(path)
        except BaseException:
            for path in reversed(done):
                before = old[path]
                if before is None:
                    path.unlink(missing_ok=True)
                else:
                    atomic_write_bytes(path, before)
            raise
    finally:
        for tmp in staged.values():
            tmp.unlink(missing_ok=True)
