"""Issue 14: unstructured orbit counts, the mitm engine against numpy and numba brute force, same run.

    python benchmarks/unstructured.py                 # d = 10..13 (about 4 minutes on 2 cores)
    python benchmarks/unstructured.py --dims 10 11 12 --numpy-max 12 --numba-max 12

Instance (the issue's): 4 + 4 random integer vectors with entries in [0, 9] (seed 0) and the
generic reward r = (1, 2, ..., d); raw comparison max_B bᵀr′ vs max_A aᵀr′ over all d! orbit
elements. For each d and each method the script prints CPU seconds (this process plus its
reaped worker processes) and wall seconds, the speed-up of mitm over each brute force, and the
growth rate time(d+1)/time(d). The three methods must report the same counts, or it stops.

Baselines
---------
* numpy brute force: every permutation, as a loop over the ordered prefixes of d − 8 positions
  and a precomputed table of the 8! arrangements of the rest; one matrix product per prefix.
* numba brute force (benchmark-only dependency; symorbit never imports numba): Heap's
  algorithm, one transposition per step, the 8 dot products updated incrementally. Compiled
  before timing.
A baseline above its --*-max dimension is timed on a sample and extrapolated; the output says so.
"""

from __future__ import annotations

import argparse
import itertools
import math
import random
import resource
import sys
import time
from fractions import Fraction
from functools import lru_cache
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from symorbit import orbit_counts  # noqa: E402
from symorbit.orbits.engines import mitm as M  # noqa: E402
from symorbit.orbits.engines import problem as E  # noqa: E402


def instance(d: int, seed: int = 0) -> tuple[list[tuple[int, ...]], list[tuple[int, ...]], tuple[int, ...]]:
    rng = random.Random(seed)
    A = [tuple(rng.randint(0, 9) for _ in range(d)) for _ in range(4)]
    B = [tuple(rng.randint(0, 9) for _ in range(d)) for _ in range(4)]
    return A, B, tuple(range(1, d + 1))


def cpu() -> float:
    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime


def measure(fn):
    c0, w0 = cpu(), time.perf_counter()
    out = fn()
    return out, cpu() - c0, time.perf_counter() - w0


# ---------------------------------------------------------------- numpy brute force
def numpy_bruteforce(A, B, r, limit: int | None = None):
    """(gt, lt, eq, permutations done) over every permutation of r (all distinct here)."""
    d = len(r)
    s = min(8, d)
    VA, VB = np.array(A, dtype=np.int64), np.array(B, dtype=np.int64)
    vals = np.array(r, dtype=np.int64)
    table = np.array(list(itertools.permutations(range(s))), dtype=np.int64).T   # s × s!
    gt = lt = eq = done = 0
    for prefix in itertools.permutations(range(d), d - s):
        rest = np.array(sorted(set(range(d)) - set(prefix)), dtype=np.int64)
        head = vals[list(prefix)] if prefix else np.zeros(0, dtype=np.int64)
        tail = vals[rest][table]                                                   # s × s!
        a = (VA[:, :d - s] @ head)[:, None] + VA[:, d - s:] @ tail
        b = (VB[:, :d - s] @ head)[:, None] + VB[:, d - s:] @ tail
        diff = b.max(axis=0) - a.max(axis=0)
        gt += int((diff > 0).sum())
        lt += int((diff < 0).sum())
        eq += int((diff == 0).sum())
        done += table.shape[1]
        if limit is not None and done >= limit:
            break
    return gt, lt, eq, done


# ---------------------------------------------------------------- numba brute force
@lru_cache(maxsize=1)
def heap_steps():
    """The steps of every numba brute force here (Heap's algorithm; compiled on first use, inlined into each loop):

    * ``set_dots(V, r)``: each vector's dot product with r (in V's dtype: int64, or float64 where a caller's sums
      would overflow it);
    * ``next_swap(c)``: the next transposition (i, j) of Heap's algorithm from its counters ``c`` (advanced in
      place), or i = len(c) once every permutation has been made;
    * ``step_set(V, dots, i, j, dr)``: a set's dot products after that transposition (dr = r_j − r_i), updated in
      place, returning their new maximum.
    """
    import numba

    @numba.njit(cache=False, inline="always")
    def next_swap(c):
        i = 1
        while i < c.shape[0] and c[i] >= i:
            c[i] = 0
            i += 1
        if i == c.shape[0]:
            return i, 0
        j = 0 if i % 2 == 0 else c[i]
        c[i] += 1
        return i, j

    @numba.njit(cache=False, inline="always")
    def set_dots(V, r):
        out = np.zeros(V.shape[0], V.dtype)
        for a in range(V.shape[0]):
            for j in range(r.shape[0]):
                out[a] += V[a, j] * r[j]
        return out

    @numba.njit(cache=False, inline="always")
    def step_set(V, dots, i, j, dr):
        dots[0] += (V[0, i] - V[0, j]) * dr
        m = dots[0]
        for a in range(1, V.shape[0]):
            dots[a] += (V[a, i] - V[a, j]) * dr
            if dots[a] > m:
                m = dots[a]
        return m

    return set_dots, next_swap, step_set


def make_numba():
    import numba

    set_dots, next_swap, step_set = heap_steps()

    @numba.njit(cache=False)
    def heap_count(VA, VB, r0, limit):
        r = r0.copy()
        da = set_dots(VA, r)
        db = set_dots(VB, r)
        ma, mb = da.max(), db.max()
        c = np.zeros(r.shape[0], np.int64)
        gt = lt = eq = done = 0
        while True:
            if mb > ma:
                gt += 1
            elif mb < ma:
                lt += 1
            else:
                eq += 1
            done += 1
            i, j = next_swap(c)
            if i == r.shape[0] or done >= limit:
                return gt, lt, eq, done
            dr = r[j] - r[i]
            ma = step_set(VA, da, i, j, dr)
            mb = step_set(VB, db, i, j, dr)
            r[i], r[j] = r[j], r[i]

    heap_count(np.ones((4, 3), np.int64), np.ones((4, 3), np.int64), np.arange(3, dtype=np.int64), 10)
    return heap_count


def run_numba(fn, A, B, r, limit):
    return fn(np.array(A, dtype=np.int64), np.array(B, dtype=np.int64), np.array(r, dtype=np.int64), limit)


# ---------------------------------------------------------------- main
def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dims", type=int, nargs="+", default=[10, 11, 12, 13])
    ap.add_argument("--numpy-max", type=int, default=12, help="largest d for the full numpy loop")
    ap.add_argument("--numba-max", type=int, default=13, help="largest d for the full numba loop")
    ap.add_argument("--sample", type=int, default=40_000_000, help="permutations timed when extrapolating")
    args = ap.parse_args()

    heap = make_numba()
    rows = []
    for d in args.dims:
        A, B, r = instance(d)
        total = math.factorial(d)
        problem = E.make_problem([tuple(map(Fraction, v)) for v in A + B], [[0, 1, 2, 3], [4, 5, 6, 7]],
                                 [(1, 0)], tuple(map(Fraction, r)))
        plan = M.plan(problem)
        c, c_cpu, c_wall = measure(lambda: orbit_counts(A, B, r, engine="mitm"))
        ours = (c.b_better, c.a_better, c.ties)

        def baseline(name, fn, full):
            if full:
                (gt, lt, eq, done), t_cpu, t_wall = measure(lambda: fn(None))
                if (gt, lt, eq) != ours:
                    sys.exit(f"d={d}: {name} counts {(gt, lt, eq)} differ from mitm {ours}")
                return t_cpu, t_wall, "measured"
            (*_, done), t_cpu, t_wall = measure(lambda: fn(args.sample))
            return t_cpu * total / done, t_wall * total / done, f"extrapolated from {done:,} permutations"

        np_cpu, np_wall, np_note = baseline("numpy", lambda lim: numpy_bruteforce(A, B, r, lim), d <= args.numpy_max)
        nb_cpu, nb_wall, nb_note = baseline("numba", lambda lim: run_numba(heap, A, B, r, total if lim is None else lim),
                                            d <= args.numba_max)
        rows.append((d, c_cpu, c_wall, np_cpu, np_wall, nb_cpu, nb_wall))
        print(f"d={d:2d}  |orbit|={total:>13,}  counts gt/lt/eq={ours}  mitm plan: k={plan.k}, "
              f"{plan.splits} splits, {plan.work:.3g} word ops")
        print(f"      mitm   cpu {c_cpu:8.2f} s  wall {c_wall:8.2f} s")
        print(f"      numpy  cpu {np_cpu:8.2f} s  wall {np_wall:8.2f} s  ({np_note})   "
              f"mitm is {np_cpu / c_cpu:5.1f}x (cpu) {np_wall / c_wall:5.1f}x (wall) faster")
        print(f"      numba  cpu {nb_cpu:8.2f} s  wall {nb_wall:8.2f} s  ({nb_note})   "
              f"mitm is {nb_cpu / c_cpu:5.1f}x (cpu) {nb_wall / c_wall:5.1f}x (wall) faster", flush=True)
    print("\ngrowth time(d+1)/time(d), cpu | wall:")
    for prev, cur in zip(rows, rows[1:]):
        if cur[0] != prev[0] + 1:
            continue
        g = [cur[i] / prev[i] for i in range(1, 7)]
        print(f"  d={prev[0]}->{cur[0]}:  mitm {g[0]:5.1f} | {g[1]:5.1f}   numpy {g[2]:5.1f} | {g[3]:5.1f}   "
              f"numba {g[4]:5.1f} | {g[5]:5.1f}")


if __name__ == "__main__":
    main()
