"""Print the mutation score of the last `mutmut run` (``make mutation``), per module and in
all, and the surviving mutants by function, so they can be killed by a test or listed in
docs/testing.md as equivalent. A mutant no test reaches counts as surviving."""

from __future__ import annotations

import collections
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    mutmut = Path(sys.executable).with_name("mutmut")
    results = subprocess.run([str(mutmut), "results", "--all", "true"], cwd=ROOT, capture_output=True, text=True).stdout
    if not results.strip():  # older mutmut: `results` lists only what did not die
        results = subprocess.run([str(mutmut), "results"], cwd=ROOT, capture_output=True, text=True).stdout
    status = {}
    for line in results.splitlines():
        name, _, verdict = line.strip().rpartition(": ")
        if name:
            status[name] = verdict
    counts = collections.Counter(status.values())
    total = sum(counts.values())
    killed = counts["killed"] + counts["timeout"]
    lost = [name for name, verdict in status.items() if verdict in ("survived", "no tests")]
    print(f"mutation score: {killed}/{total} killed = {100 * killed / max(total, 1):.1f}%  ({dict(counts)})")
    by_module = collections.Counter(name.split(".x")[0] for name in lost)
    for module, count in sorted(by_module.items()):
        print(f"  {module}: {count} not killed")
    by_function = collections.Counter(name.rsplit("__mutmut_", 1)[0] for name in lost)
    for function, count in by_function.most_common():
        print(f"    {count:4d}  {function}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
