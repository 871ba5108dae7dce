"""Print the mutation score of the last `mutmut run` (``make mutation``), per module and in
all, and the surviving mutants by name, so they can be killed by a test or listed in
docs/testing.md as equivalent."""

from __future__ import annotations

import collections
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    mutmut = Path(sys.executable).with_name("mutmut")
    subprocess.run([str(mutmut), "export-cicd-stats"], cwd=ROOT, check=True, capture_output=True)
    stats = json.loads((ROOT / "mutants" / "mutmut-cicd-stats.json").read_text())
    killed, survived = stats["killed"], stats["survived"]
    other = {k: v for k, v in stats.items() if k not in ("killed", "survived", "total") and v}
    decided = killed + survived
    results = subprocess.run([str(mutmut), "results"], cwd=ROOT, capture_output=True, text=True).stdout
    survivors = [line.split(":")[0].strip() for line in results.splitlines() if line.strip().endswith("survived")]
    by_module = collections.Counter(name.split(".x_")[0].split(".xǁ")[0] for name in survivors)
    print(f"mutation score: {killed}/{decided} killed = {100 * killed / max(decided, 1):.1f}%  "
          f"(survived {survived}; other {other or 'none'})")
    for module, count in sorted(by_module.items()):
        print(f"  {module}: {count} survived")
    for name in survivors:
        print(f"    {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
