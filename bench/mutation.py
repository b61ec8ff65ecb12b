"""Mutation run (make mutation): mutmut over atlas/ rules and the escaping paths of layers/, then the score.

The files and tests are listed in pyproject.toml [tool.mutmut]. The corpus runs every 20th case and the
kill test 5 runs per mutant, so a mutant costs seconds; `make test` runs them in full. Prints the counts by
status, the score (killed + timeout) / (all - skipped), and the surviving mutants by function.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    env = {
        **os.environ,
        "FOOTPRINT_CORPUS_EVERY": "20",
        "FOOTPRINT_KILL_RUNS": "5",
        "FOOTPRINT_HYPOTHESIS_EXAMPLES": "30",
    }
    mutmut = [sys.executable, "-m", "mutmut"]
    run = subprocess.run([*mutmut, "run", *sys.argv[1:]], cwd=ROOT, env=env)
    subprocess.run([*mutmut, "export-cicd-stats"], cwd=ROOT, env=env, check=False)
    stats_file = ROOT / "mutants" / "mutmut-cicd-stats.json"
    if not stats_file.exists():
        print("no statistics: the run failed before testing", file=sys.stderr)
        return run.returncode or 2
    stats = json.loads(stats_file.read_text())
    tested = int(stats.get("total", 0)) - int(stats.get("skipped", 0))
    killed = int(stats.get("killed", 0)) + int(stats.get("timeout", 0))
    print(json.dumps(stats))
    print(f"mutation score: {killed}/{tested} = {100 * killed / max(tested, 1):.1f} %")
    results = subprocess.run([*mutmut, "results"], cwd=ROOT, env=env, capture_output=True, text=True).stdout
    survivors = Counter(line.split("__mutmut_")[0].strip() for line in results.splitlines() if "survived" in line)
    for name, count in survivors.most_common():
        print(f"  {count:3d} survived in {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
