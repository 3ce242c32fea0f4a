"""CPU time of one block of a test, without the collector's work on what earlier tests left behind.

A full collection walks every tracked object in the process. Late in the whole suite that is a million objects or
more (0.1 s for 240,000 here), and whichever timed block happens to trigger it pays for it: one CI run saw a 0.09 s
kernel read take 0.45 s. The bounds in these tests are on the measured code, so :func:`cpu_seconds` collects and
freezes the heap first; the block's own garbage is still collected (and timed) as usual.
"""
from __future__ import annotations

import gc
import time
from collections.abc import Iterator
from contextlib import contextmanager


class Clock:
    """The block's CPU seconds, set when the ``with`` block ends."""

    seconds = 0.0


@contextmanager
def cpu_seconds() -> Iterator[Clock]:
    """Time a block in CPU seconds (``time.process_time``), earlier tests' objects frozen out of the collector.

    >>> with cpu_seconds() as clock:
    ...     _ = sum(range(1000))
    >>> 0 <= clock.seconds < 1
    True
    """
    clock = Clock()
    gc.collect()
    gc.freeze()
    t0 = time.process_time()
    try:
        yield clock
    finally:
        clock.seconds = time.process_time() - t0
        gc.unfreeze()
