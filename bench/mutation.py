"""Mutation run (make mutation): mutmut over the modules where a wrong answer is silent, then the score per module.

The modules and the tests are listed in pyproject.toml [tool.mutmut]; mutmut runs, for each mutant, only the
selected tests that reach its function. The corpus runs every 100th case and the hypothesis properties 20
examples, so a mutant costs seconds; `make test` runs them in full. One worker by default (the machine's two
cores are shared): `python bench/mutation.py --max-children 2` for two. Arguments other than --max-children
(mutant names or globs) are passed on to `mutmut run`, so `python bench/mutation.py 'atlas.geo*'` re-tests
those mutants only. Prints, per module and in all, killed (a timeout counts as killed) / tested, the mutants
that survived and those no selected test reaches, the wall time and the load average.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULE = re.compile(r"^\s*(?P<module>[\w.]+?)\.x[_ǁ](?P<function>\S*?)__mutmut_\d+: (?P<status>.+)$")
KILLED = {"killed", "timeout"}
VALIDATE_RULE_TESTS = (
    "test_each_coordinate_reference_rule_can_fail",
    "test_a_source_address_that_is_not_canonical_is_rejected",
    "test_a_coord_source_that_is_not_canonical_is_rejected",
    "test_each_claim_rule_can_fail",
    "test_a_partys_own_statement_may_confirm",
    "test_a_radius_tighter_than_the_reference_distance_fails",
)


def scores(results: str) -> dict[str, Counter[str]]:
    """Counts by status per module, from `mutmut results --all true`."""
    by_module: dict[str, Counter[str]] = defaultdict(Counter)
    for line in results.splitlines():
        if m := MODULE.match(line):
            by_module[m["module"]][m["status"].strip()] += 1
    return dict(by_module)


def score_line(name: str, counts: Counter[str]) -> str:
    total = sum(counts.values())
    killed = sum(counts[s] for s in KILLED)
    tested = total - counts["no tests"] - counts["skipped"] - counts["not checked"]
    return (
        f"{name:<18} {killed:5d} / {tested:<5d} = {100 * killed / max(tested, 1):5.1f} %   "
        f"survived {counts['survived']:4d}   no tests {counts['no tests']:4d}   "
        f"not checked {counts['not checked']:4d}   of {total}"
    )


def main(argv: list[str]) -> int:
    env = {
        **os.environ,
        "FOOTPRINT_CORPUS_EVERY": os.environ.get("FOOTPRINT_CORPUS_EVERY", "100"),
        "FOOTPRINT_HYPOTHESIS_EXAMPLES": os.environ.get("FOOTPRINT_HYPOTHESIS_EXAMPLES", "20"),
        "PYTHONWARNINGS": "ignore::UserWarning",
        # tests of atlas/validate.py's rules (not mutated) load a whole atlas each and reach every loader
        # function, so each surviving loader mutant would pay ~10 s for them
        "PYTEST_ADDOPTS": " ".join(f"--deselect tests/test_load_validate.py::{name}" for name in VALIDATE_RULE_TESTS),
    }
    args = list(argv) if "--max-children" in argv else ["--max-children", "1", *argv]
    mutmut = [sys.executable, "-m", "mutmut"]
    started = time.monotonic()
    run = subprocess.run([*mutmut, "run", *args], cwd=ROOT, env=env)
    wall = time.monotonic() - started
    results = subprocess.run(
        [*mutmut, "results", "--all", "true"], cwd=ROOT, env=env, capture_output=True, text=True
    ).stdout
    by_module = scores(results)
    if not by_module:
        print("no results: the run failed before testing", file=sys.stderr)
        return run.returncode or 2
    print(f"\nmutmut run {' '.join(args)}: {wall / 60:.1f} min wall, load average {os.getloadavg()[0]:.1f} at the end")
    print(f"{'module':<18} killed / tested")
    for name, counts in sorted(by_module.items()):
        print(score_line(name, counts))
    print(score_line("all", sum(by_module.values(), Counter())))
    survivors = Counter(
        f"{m['module']}.{m['function']}"
        for line in results.splitlines()
        if (m := MODULE.match(line)) and m["status"].strip() == "survived"
    )
    print("survivors by function:")
    for name, count in survivors.most_common():
        print(f"  {count:3d} {name}")
    print(json.dumps({name: dict(c) for name, c in sorted(by_module.items())}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
