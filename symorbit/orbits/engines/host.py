"""What this machine's CPU offers the counting loops, as their cost models need to know it.

The loops over orbit elements add and take maxima of integer sums in vector lanes. In int32 lanes every
x86-64 CPU since AVX2 (and ARM's NEON) does both in one instruction. In int64 lanes only AVX-512 (F and VL,
``vpmaxsq`` on 256-bit registers) takes the maximum in one instruction; without it a 64-bit maximum is a
compare and a blend, and the compiled loop (:mod:`.compiled`, LLVM's code) runs its int64 elements several times
slower than its int32 ones. Measured with ``benchmarks/compiled_costs.py`` (166 runs at d = 5-11): on the x86-64
machine with AVX-512 the cost model was fitted on, an int64 element cost 2.6 times an int32 one; on an AMD EPYC
(znver3, AVX2 only), 7.9 times (the table mode: 2.8 and 7.3 times). So the compiled loop's cost model charges
int64 elements by which of the two this machine is (:func:`wide_integer_lanes`), where the choice between int64
sums and int32 sums with a band recounted (the coarse loop) depends on it: on the AVX2 machine the coarse loop
took 3.9 ms at d = 10 where the int64 loop took 14.1 ms, and the model fitted with AVX-512 picked the int64
loop. numpy's loops (:mod:`.maxima`) kept their ratio (1.7 times on both machines, ``--engine maxima``), so their
model does not ask.
"""

from __future__ import annotations

from functools import lru_cache

__all__ = ["wide_integer_lanes"]


@lru_cache(maxsize=1)
def wide_integer_lanes(cpuinfo: str = "/proc/cpuinfo") -> bool:
    """Whether this CPU adds and compares int64 in vector lanes at about twice the int32 cost (AVX-512 F and VL),
    read once from the first ``flags`` line of ``cpuinfo`` (Linux). False where it cannot be read (other systems)
    or names neither: the cost models then charge int64 elements as measured without AVX-512, which only makes
    the int32 loops with a band (exact either way) the likelier choice.

    Examples
    --------
    >>> wide_integer_lanes() in (True, False)
    True
    >>> wide_integer_lanes("/nonexistent/cpuinfo")
    False
    """
    try:
        with open(cpuinfo, encoding="ascii", errors="replace") as lines:
            for line in lines:
                if line.startswith("flags"):
                    flags = set(line.partition(":")[2].split())
                    return {"avx512f", "avx512vl"} <= flags
    except OSError:
        pass
    return False
