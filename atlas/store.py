"""Crash-safe writes: a file is either the old one or the new one, and a set of files is either all old or all new.

`atomic_write_bytes` writes one file: the new bytes go to a synced temporary file beside it, which is
renamed over it, and the folder is synced. `replace_files` extends that to a set of files (an accepted
article touches up to five, in data/ and seeds/) with an intent journal, so that even a kill -9 or a power
cut between two renames leaves the old atlas or the new one, never a mix:

1. every new content is staged and fsynced beside its file (`.name.<random>.tmp`, the file's mode kept);
2. every existing file is hard-linked to a backup (`.name.<random>.old`);
3. the journal (`.footprint-journal.json`, in the first file's folder) is written atomically: "prepared",
   with every target, staged file and backup;
4. the staged files are renamed over their targets, and the folders synced;
5. the journal is rewritten as "committed"; then the backups and the journal are removed.

`recover` (run before every write and by every load that finds a journal) rolls a "prepared" journal back
(backups renamed over their targets, files that did not exist removed) and a "committed" one forward (only
the clean-up was left), and removes the temporary and backup files a killed writer left behind. The caller
holds atlas.addition's lock around both, so no live writer's files are ever swept.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import secrets
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

JOURNAL_NAME = ".footprint-journal.json"
NEW_FILE_MODE = 0o644
# The names a writer leaves beside a file while it works: `.<name>.<random>.tmp` and `.<name>.<random>.old`.
LEFTOVER = re.compile(r"^\..+\.[A-Za-z0-9_-]{6,}\.(tmp|old)$")


def _hook(step: str) -> None:
    """Called between the steps of a write; tests replace it to kill the process at each one."""


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _mode_for(path: Path) -> int:
    try:
        info = path.lstat()
    except FileNotFoundError:
        return NEW_FILE_MODE
    return NEW_FILE_MODE if stat.S_ISLNK(info.st_mode) else stat.S_IMODE(info.st_mode)


def _side_name(path: Path, suffix: str) -> Path:
    return path.with_name(f".{path.name}.{secrets.token_urlsafe(6)}.{suffix}")


def _stage(path: Path, data: bytes) -> Path:
    """Write `data` to a synced file beside `path` (same file system, so the rename is atomic), with
    the mode `path` has (or 0644 for a new file): an accept never turns data/*.csv into 0600."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _side_name(path, "tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fchmod(fh.fileno(), _mode_for(path))
            os.fsync(fh.fileno())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write to a synced temporary file beside `path`, rename it over `path`, sync the folder."""
    tmp = _stage(path, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def _write_journal(journal: Path, state: str, entries: list[dict[str, str | None]]) -> None:
    atomic_write_text(journal, json.dumps({"state": state, "entries": entries}, indent=1))


def replace_files(
    files: dict[Path, bytes], journal: Path | None = None, hook: Callable[[str], None] | None = None
) -> None:
    """Replace every file in `files` with its new bytes, all or nothing, even if the process is killed.

    On an exception the files are put back at once; after a kill, `recover(journal)` puts them back (or
    finishes the clean-up of a write that was complete). Raises OSError if a file cannot be written.
    """
    step = hook or _hook
    if not files:
        return
    journal = journal or next(iter(files)).parent / JOURNAL_NAME
    recover(journal, [p.parent for p in files])
    entries: list[dict[str, str | None]] = []
    try:
        for path, data in files.items():
            entry: dict[str, str | None] = {"target": str(path), "staged": None, "backup": None}
            entries.append(entry)
            entry["staged"] = str(_stage(path, data))
            step(f"staged {path.name}")
            if os.path.lexists(path):  # a symbolic link is backed up as itself, never its target
                backup = _side_name(path, "old")
                os.link(path, backup, follow_symlinks=False)
                entry["backup"] = str(backup)
                step(f"backed up {path.name}")
        for folder in {p.parent for p in files}:
            _fsync_dir(folder)
        _write_journal(journal, "prepared", entries)
        step("journal prepared")
        for entry in entries:
            os.replace(str(entry["staged"]), str(entry["target"]))
            step(f"renamed {Path(str(entry['target'])).name}")
        for folder in {p.parent for p in files}:
            _fsync_dir(folder)
        _write_journal(journal, "committed", entries)
        step("journal committed")
    except BaseException:
        if journal.exists():
            recover(journal, [p.parent for p in files])
        else:
            _remove(Path(str(e[k])) for e in entries for k in ("staged", "backup") if e[k])
        raise
    _finish(journal, entries)
    step("done")


def _remove(paths: Iterable[Path]) -> None:
    for p in paths:
        p.unlink(missing_ok=True)


def _finish(journal: Path, entries: list[dict[str, str | None]]) -> None:
    _remove(Path(str(e[k])) for e in entries for k in ("staged", "backup") if e[k])
    journal.unlink(missing_ok=True)
    _fsync_dir(journal.parent)


def recover(journal: Path, folders: Iterable[Path] = ()) -> str:
    """Finish or undo a write a killed process left, and sweep its leftovers; returns what was done.

    'rolled back' (a prepared journal: the old files are back), 'rolled forward' (a committed journal:
    only the clean-up was missing), or '' (nothing to do). Leftover .tmp/.old files in `folders` and the
    journal's folder are removed either way.
    """
    done = ""
    if journal.exists():
        try:
            record = json.loads(journal.read_text(encoding="utf-8"))
            state, entries = record["state"], record["entries"]
        except (OSError, ValueError, KeyError, TypeError):
            state, entries = "torn", []  # a journal is written atomically, so this is not ours to trust
        if state == "prepared":
            for entry in entries:
                target, backup = Path(entry["target"]), entry.get("backup")
                if backup and os.path.lexists(backup):
                    os.replace(backup, target)
                elif not backup:
                    target.unlink(missing_ok=True)  # it did not exist before this write
            for folder in {Path(e["target"]).parent for e in entries}:
                _fsync_dir(folder)
            done = "rolled back"
        elif state == "committed":
            done = "rolled forward"
        _finish(journal, entries if state in ("prepared", "committed") else [])
    for folder in {journal.parent, *folders}:
        with contextlib.suppress(OSError):
            _remove(p for p in folder.iterdir() if LEFTOVER.match(p.name) and p.is_file() and not p.is_symlink())
    return done


def mirror_folder(src: Path, dst: Path, limit: int, skip: Callable[[str], bool] = lambda name: False) -> None:
    """Make `dst`: the entries directly in `src` as atlas.load sees them, with no symbolic link followed.

    A regular file is copied (at most `limit` bytes; a larger one becomes a sparse file of its size, which
    the loader refuses by its size as it refuses the original); a symbolic link is made again as the same
    link, so no byte is read from outside `src` and the loader refuses the copy as it refuses the link; a
    folder becomes an empty folder, and a FIFO, socket or device a FIFO (not a regular file, refused too).
    Entries whose name `skip` accepts, and entries that vanish meanwhile, are left out.
    """
    dst.mkdir()
    with os.scandir(src) as entries:
        for entry in entries:
            if skip(entry.name):
                continue
            target = dst / entry.name
            try:
                fd = os.open(entry.path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
            except FileNotFoundError:
                continue
            except OSError:
                if os.path.islink(entry.path):  # ELOOP: O_NOFOLLOW met a link
                    os.symlink(os.readlink(entry.path), target)
                elif stat.S_ISSOCK(os.lstat(entry.path).st_mode):
                    os.mkfifo(target)
                else:
                    raise
                continue
            try:
                info = os.fstat(fd)
                if stat.S_ISDIR(info.st_mode):
                    target.mkdir()
                elif not stat.S_ISREG(info.st_mode):
                    os.mkfifo(target)
                elif info.st_size > limit:
                    with open(target, "xb") as out:
                        out.truncate(info.st_size)
                else:
                    with os.fdopen(fd, "rb", closefd=False) as fh, open(target, "xb") as out:
                        out.write(fh.read(limit + 1))
            finally:
                os.close(fd)


LOCK_NAME = ".footprint.lock"


@contextlib.contextmanager
def locked(folder: Path, *, wait: bool = True) -> Iterator[bool]:
    """One writer at a time (two browser tabs accepting at once must not interleave); yields False when
    `wait` is off and another process holds the lock."""
    with open(folder / LOCK_NAME, "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def has_leftovers(folders: Iterable[Path]) -> bool:
    for folder in folders:
        with contextlib.suppress(OSError):
            if any(p.name == JOURNAL_NAME or LEFTOVER.match(p.name) for p in folder.iterdir()):
                return True
    return False


def recover_if_needed(data_dir: Path, seeds_dir: Path) -> str:
    """On start (every load): undo or finish a write a killed process left and sweep its files, unless a
    writer is at work right now. Returns a sentence for the problems list if that fails, else ''."""
    if not has_leftovers((data_dir, seeds_dir)):
        return ""
    try:
        with locked(data_dir, wait=False) as mine:
            if mine:
                recover(data_dir / JOURNAL_NAME, (data_dir, seeds_dir))
    except OSError as exc:
        return f"an interrupted write could not be finished or undone: {exc.strerror or exc}"
    return ""
