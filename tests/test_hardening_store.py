"""Crash-safe writes, proven by killing the writer: at every step of an accept, and at 100 random moments.

After each kill the next load (which runs atlas.store's recovery) must see the old atlas or the new one,
byte for byte, with no temporary, backup or journal file left and every file's mode as it was.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import stat
import tempfile
import time
from pathlib import Path

import pytest

from atlas import addition, store
from atlas.addition import FILES, SCRATCH_PREFIX, Addition, AdditionError, check, commit, sweep_scratch
from atlas.load import load_atlas

SEED_ID = "kill-test-2024"
SEED_TEXT = "On 2 May 2024 Russian engineers arrived in Kill Place, officials said.\n"
EVENT = "kill-test-engineers-2024"
ROWS = {
    "sources.csv": [
        {"id": SEED_ID, "title": "Kill test", "outlet": "Wire", "published": "2024-05-03", "url": "", "kind": "seed"}
    ],
    "places.csv": [
        {
            "id": "kill-place",
            "name": "Kill Place",
            "aliases": "",
            "lat": "32.1",
            "lon": "20.1",
            "kind": "city",
            "country": "LY",
            "precision_km": "5",
            "coord_source": "test",
        }
    ],
    "events.csv": [
        {
            "id": EVENT,
            "layer": "bases",
            "title": "Engineers arrive",
            "place_id": "kill-place",
            "start": "2024-05-02",
            "end": "2024-05-02",
            "date_precision": "day",
            "status": "reported",
            "attribution": "Wire",
            "summary": "",
        }
    ],
    "excerpts.csv": [{"event_id": EVENT, "source_id": SEED_ID, "quote": SEED_TEXT.strip()}],
}
MODES = {"sources.csv": 0o664, "places.csv": 0o640, "events.csv": 0o644, "excerpts.csv": 0o660}


def _addition(data: Path) -> Addition:
    return Addition(SEED_ID, SEED_TEXT, ROWS, {name: (data / name).read_bytes() for name in FILES})


def _state(data: Path, seeds: Path) -> dict[str, object]:
    files = {name: (data / name).read_bytes() for name in FILES}
    seed = seeds / f"{SEED_ID}.txt"
    files["seed"] = seed.read_bytes() if seed.exists() else None
    return files


def _leftovers(*dirs: Path) -> list[str]:
    return [p.name for d in dirs for p in d.iterdir() if p.name.startswith(".") and p.name != store.LOCK_NAME]


@pytest.fixture()
def prepared(workdir):
    data, seeds = workdir
    for name, mode in MODES.items():
        (data / name).chmod(mode)
    old = _state(data, seeds)
    commit(_addition(data), data, seeds)
    new = _state(data, seeds)
    assert new != old and new["seed"] == SEED_TEXT.encode()
    pristine = {name: old[name] for name in FILES}

    def reset() -> None:
        for name in FILES:
            (data / name).write_bytes(pristine[name])  # type: ignore[arg-type]
            (data / name).chmod(MODES[name])
        (seeds / f"{SEED_ID}.txt").unlink(missing_ok=True)

    reset()
    return data, seeds, old, new, reset


def _steps(data: Path, seeds: Path) -> list[str]:
    seen: list[str] = []
    store_hook = store._hook
    store._hook = seen.append
    try:
        commit(_addition(data), data, seeds)
    finally:
        store._hook = store_hook
    return seen


def _run_killed(data: Path, seeds: Path, *, at_step: str | None = None, after_s: float | None = None) -> int:
    """Fork a writer and kill it (SIGKILL) at a step or after a delay; returns how it ended."""
    addition = _addition(data)
    pid = os.fork()
    if pid == 0:  # the writer
        try:
            if at_step is not None:
                store._hook = lambda step: os.kill(os.getpid(), signal.SIGKILL) if step == at_step else None
            commit(addition, data, seeds)
        finally:
            os._exit(0)
    if after_s is not None:
        time.sleep(after_s)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    return status


def _assert_old_or_new(data: Path, seeds: Path, old: dict, new: dict) -> str:
    atlas = load_atlas(data, seeds)  # the next start: recovery runs here
    now = _state(data, seeds)
    assert now in (old, new), "a mix of the old and the new atlas"
    assert _leftovers(data, seeds) == []
    for name, mode in MODES.items():
        assert stat.S_IMODE((data / name).stat().st_mode) == mode, f"{name} lost its mode"
    assert atlas.problems == []
    return "new" if now == new else "old"


def test_killed_at_every_step_leaves_the_old_or_the_new_atlas(prepared):
    data, seeds, old, new, reset = prepared
    steps = _steps(data, seeds)
    reset()
    assert {"journal prepared", "journal committed", "renamed events.csv", "staged sources.csv"} <= set(steps)
    outcomes = {}
    for step in steps:
        status = _run_killed(data, seeds, at_step=step)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, step
        outcomes[step] = _assert_old_or_new(data, seeds, old, new)
        reset()
    # before the journal is complete the old atlas stays; once committed, the new one
    assert outcomes["journal prepared"] == "old" and outcomes[steps[steps.index("journal prepared") + 1]] == "old"
    assert outcomes["journal committed"] == "new" and outcomes["done"] == "new"


KILL_RUNS = int(os.environ.get("FOOTPRINT_KILL_RUNS", "100"))


def test_killed_at_random_moments_over_many_runs(prepared):
    data, seeds, old, new, reset = prepared
    started = time.perf_counter()
    commit(_addition(data), data, seeds)
    duration = time.perf_counter() - started
    reset()
    rng = random.Random(12)
    seen = {"old": 0, "new": 0}
    for _ in range(KILL_RUNS):
        _run_killed(data, seeds, after_s=rng.uniform(0, duration * 1.2))
        seen[_assert_old_or_new(data, seeds, old, new)] += 1
        reset()
    assert sum(seen.values()) == KILL_RUNS
    print(f"kill test: {KILL_RUNS} runs, {seen['old']} old atlas, {seen['new']} new atlas, 0 mixed")


def test_an_exception_between_renames_puts_every_file_back(prepared, monkeypatch):
    data, seeds, old, _new, _reset = prepared

    def fail(step: str) -> None:
        if step == "renamed places.csv":
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(store, "_hook", fail)
    with pytest.raises(Exception, match="No space left"):
        commit(_addition(data), data, seeds)
    assert _state(data, seeds) == old
    assert _leftovers(data, seeds) == []


def test_writes_are_synced_files_and_folders(tmp_path, monkeypatch):
    synced: list[int] = []
    real = os.fsync
    monkeypatch.setattr(store.os, "fsync", lambda fd: (synced.append(fd), real(fd))[1])
    store.atomic_write_bytes(tmp_path / "a.csv", b"x")
    assert len(synced) >= 2  # the file, then its folder
    synced.clear()
    store.replace_files({tmp_path / "a.csv": b"y", tmp_path / "b.csv": b"z"})
    assert len(synced) >= 2 + 2 + 1  # two staged files, the journal twice, the folder
    assert (tmp_path / "a.csv").read_bytes() == b"y" and (tmp_path / "b.csv").read_bytes() == b"z"


def test_a_new_file_gets_0644_and_a_replaced_one_keeps_its_mode(tmp_path):
    old = tmp_path / "old.csv"
    old.write_bytes(b"a")
    old.chmod(0o664)
    store.replace_files({old: b"b", tmp_path / "new.csv": b"c"})
    assert stat.S_IMODE(old.stat().st_mode) == 0o664
    assert stat.S_IMODE((tmp_path / "new.csv").stat().st_mode) == 0o644


def test_recovery_rolls_a_prepared_journal_back_and_a_committed_one_forward(tmp_path):
    target, fresh = tmp_path / "t.csv", tmp_path / "fresh.txt"
    target.write_bytes(b"old")
    backup = tmp_path / ".t.csv.abcdefgh.old"
    os.link(target, backup)
    target.write_bytes(b"new-written-in-place")  # as if renamed already (a fresh inode in real life)
    fresh.write_bytes(b"new file")
    journal = tmp_path / store.JOURNAL_NAME
    entries = [
        {"target": str(target), "staged": str(tmp_path / ".t.csv.zzzzzzzz.tmp"), "backup": str(backup)},
        {"target": str(fresh), "staged": None, "backup": None},
    ]
    store._write_journal(journal, "prepared", entries)
    assert store.recover(journal) == "rolled back"
    assert not fresh.exists() and not journal.exists()
    target.write_bytes(b"new")
    store._write_journal(journal, "committed", entries)
    (tmp_path / ".t.csv.yyyyyyyy.old").write_bytes(b"leftover")
    assert store.recover(journal) == "rolled forward"
    assert target.read_bytes() == b"new" and _leftovers(tmp_path) == []


def test_leftovers_of_a_killed_writer_are_swept_on_the_next_load(workdir):
    data, seeds = workdir
    (data / ".events.csv.k3j4h5g6.tmp").write_bytes(b"half")
    (seeds / ".x.txt.k3j4h5g6.tmp").write_bytes(b"half")
    (data / "keep-me.txt").write_bytes(b"not ours")
    assert load_atlas(data, seeds).problems == []
    assert _leftovers(data, seeds) == [] and (data / "keep-me.txt").exists()


def test_scratch_copies_of_dead_checks_are_removed_and_live_ones_kept(tmp_path):
    dead = tmp_path / f"{SCRATCH_PREFIX}999999999-abc"
    live = tmp_path / f"{SCRATCH_PREFIX}{os.getpid()}-abc"
    dead.mkdir()
    live.mkdir()
    assert sweep_scratch(tmp_path) == 1
    assert not dead.exists() and live.exists()
    assert tempfile.gettempdir()  # the default folder is the system's temp folder


@pytest.fixture()
def linked(workdir, tmp_path):
    """data/ and seeds/ holding symbolic links to a folder outside them: a file, a FIFO, a folder, a dangling link."""
    data, seeds = workdir
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("secret text outside seeds/\n")
    (outside / "route_points.csv").write_text("not,the,header\nsecret,row,outside\n")
    os.mkfifo(outside / "pipe")
    links = {
        seeds / "linked-file.txt": outside / "secret.txt",
        seeds / "linked-pipe.txt": outside / "pipe",
        seeds / "dangling.txt": outside / "gone.txt",
        seeds / "linked-folder": outside,
        data / "route_points.csv": outside / "route_points.csv",
    }
    (data / "route_points.csv").unlink()
    for link, target in links.items():
        link.symlink_to(target)
    return data, seeds, links


def test_the_accept_check_copies_links_as_links_and_follows_none(linked, monkeypatch):
    data, seeds, links = linked
    scratch: dict[str, tuple[bool, str]] = {}
    real_load = addition.load_atlas

    def spy(data_dir=None, seeds_dir=None):
        if data_dir != data:  # the scratch copy, as the check's loader sees it
            for path in (*data_dir.iterdir(), *seeds_dir.iterdir()):
                scratch[path.name] = (path.is_symlink(), os.readlink(path) if path.is_symlink() else "")
        return real_load(data_dir, seeds_dir)

    monkeypatch.setattr(addition, "load_atlas", spy)
    before = load_atlas(data, seeds).problems
    assert any("route_points.csv" in str(p) and "symbolic link" in str(p) for p in before)
    # the loader refuses the links in the scratch copy exactly as in data/: nothing new, nothing read outside
    assert check(_addition(data), data, seeds) == []
    for link, target in links.items():
        assert scratch[link.name] == (True, str(target)), link.name
    assert scratch["events.csv"][0] is False and f"{SEED_ID}.txt" in scratch
    assert {p.name for p in (data / "../outside").iterdir()} == {"secret.txt", "route_points.csv", "pipe"}


def test_an_accept_over_a_linked_data_file_is_refused_and_changes_nothing(workdir, tmp_path):
    data, seeds = workdir
    outside = tmp_path / "outside-events.csv"
    outside.write_bytes((data / "events.csv").read_bytes())
    (data / "events.csv").unlink()
    (data / "events.csv").symlink_to(outside)
    pending = _addition(data)  # its base read through the link, as a plan made before the link was put there
    with pytest.raises(AdditionError, match=r"events\.csv.*symbolic link"):
        commit(pending, data, seeds)
    assert (data / "events.csv").is_symlink() and not (seeds / f"{SEED_ID}.txt").exists()
    assert outside.read_bytes() == pending.base["events.csv"]


@pytest.mark.parametrize("dangling", [False, True])
def test_a_replaced_link_is_backed_up_as_a_link_and_put_back_as_one(tmp_path, monkeypatch, dangling):
    outside = tmp_path / "outside.csv"
    if not dangling:
        outside.write_bytes(b"outside")
    folder = tmp_path / "data"
    folder.mkdir()
    link, other = folder / "a.csv", folder / "b.csv"
    link.symlink_to(outside)
    other.write_bytes(b"old b")

    def fail(step: str) -> None:
        if step == "renamed b.csv":  # both renamed: the rollback must put the link back
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(store, "_hook", fail)
    with pytest.raises(OSError, match="No space left"):
        store.replace_files({link: b"new a", other: b"new b"})
    assert link.is_symlink() and os.readlink(link) == str(outside)  # the link itself is back, not its target
    if dangling:
        assert not outside.exists()
    else:
        assert outside.read_bytes() == b"outside"
    assert other.read_bytes() == b"old b" and _leftovers(folder) == []
