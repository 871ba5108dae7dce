"""The notebooks' kernels take their "today" from ``CARDGUIDE_TODAY`` (as the served page does in
``tests/servers.py``), so nbval never depends on the real date or on where the installed holiday
data ends. nbval starts each notebook's kernel from this process's environment."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from servers import TODAY  # noqa: E402

os.environ.setdefault("CARDGUIDE_TODAY", TODAY.isoformat())
