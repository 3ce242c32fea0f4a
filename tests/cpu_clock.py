"""CPU time of one block of a test, without the collector's work on what earlier tests left behind.

A full collection walks every tracked object in the process. Late in the whole suite that is a million objects or
more (0.1 s for 240,000 here), and whichever timed block happens to trigger it pays for it: one CI run saw a 0.09 s
kernel read take 0.45 s. The bounds in these tests are on the measured code, so :func:`cpu_seconds` freezes the
heap first (``gc.freeze``: the objects so far move to a generation the collector skips, garbage included, until
the block ends); the block's own garbage is still collected (and timed) as usual. It used to collect the whole heap
before freezing it, which cost 66-190 ms a block, most of the hostile-input fuzz tests' time (300 blocks: 20-56 s,
growing with what earlier test modules left alive).

The bounds were set on the project's 2-core machine, whose processes run a fixed Python workload in 10 or 16.5 ms
(its speed is bimodal per process). :data:`SLACK` scales them on a slower machine (or in a slow process) by how
much slower that workload runs there, never below 1, times ``SYMORBIT_TIME_SLACK`` (benchmarks/mutation.sh sets it:
mutmut's trampolines slow every call).
"""
from __future__ import annotations

import gc
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from fractions import Fraction

#: CPU seconds of :func:`_workload` in the slower of the two speeds of the project's machine.
REFERENCE_SECONDS = 0.0165


def _workload() -> Fraction:
    """Fraction sums, tuple keys, small sorts and str(): the kind of work the kernel does."""
    acc, seen = Fraction(0), {}
    for i in range(1, 3000):
        acc += Fraction(i, i + 7)
        seen[(i, i % 13)] = str(i)
        sorted([i % 17, i % 5, i % 11])
    return acc


def slowness() -> float:
    """How many times slower than :data:`REFERENCE_SECONDS` this process runs :func:`_workload` (best of 5), at least 1.

    >>> slowness() >= 1
    True
    """
    best = float("inf")
    for _ in range(5):
        t0 = time.process_time()
        _workload()
        best = min(best, time.process_time() - t0)
    return max(1.0, best / REFERENCE_SECONDS)


#: The factor every CPU-time bound of the hostile-input tests is multiplied by.
SLACK = float(os.environ.get("SYMORBIT_TIME_SLACK", "1")) * slowness()


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
    gc.freeze()         # every object so far out of the collector's reach, garbage too (collected after unfreeze)
    t0 = time.process_time()
    try:
        yield clock
    finally:
        clock.seconds = time.process_time() - t0
        gc.unfreeze()
