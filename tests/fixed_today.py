"""A pytest plugin (``-p fixed_today`` in pyproject.toml), loaded before anything is collected:
the notebooks' kernels (nbval) and every server the tests start take their "today" from
``CARDGUIDE_TODAY``, so no test depends on the real date or on where the installed holiday
data ends. nbval starts each notebook's kernel from this process's environment."""

import os

from servers import TODAY

os.environ.setdefault("CARDGUIDE_TODAY", TODAY.isoformat())
