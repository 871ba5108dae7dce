"""Loaded (via PYTHONPATH) only into a server started under libfaketime by the tests.

libfaketime 0.9.10 (Debian's) with ``FAKETIME_DONT_FAKE_MONOTONIC=1`` turns Python 3.11's
``time.sleep`` (``clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME)``) into EINVAL
(wolfcw/libfaketime#426); faking the monotonic clock instead hangs every timed lock wait
(``sem_clockwait``, #390). So the monotonic clock stays real and sleeping goes through
``select``, which libfaketime leaves alone.
"""

import select
import time


def _sleep(seconds: float) -> None:
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    select.select([], [], [], seconds)


time.sleep = _sleep
