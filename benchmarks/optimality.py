"""Optimality counts over several labels, beside the compiled brute force a user would write.

    python benchmarks/optimality.py                          # 3, 5, 10, 14 labels at d = 8..11
    python benchmarks/optimality.py --labels 5 --dims 12     # one row at d = 12 (the baseline extrapolated)

Instance: ``labels`` disjoint outcome sets of ``per`` (default 3) random vectors in [0, 9]^d, the reward d integers
from [0, 10^6) (``random.Random(seed)``); ``optimality_counts({label: set}, r)`` per label, the orbit elements where
its set is weakly and strictly optimal (OPTS Def. 4.3, 4.4 with the orbit distribution). Columns, CPU seconds
(medians of 3 for runs under 20 s; warm calls, best of 5 ``timeit`` batches, where a count takes under 20 ms):

* ``symorbit``: ``optimality_counts`` with the engine it chose (``engine="auto"``);
* ``numba``: the brute force by hand (Heap's algorithm, one transposition a step, every vector's dot product
  updated incrementally in int64, each label's maximum, weak and strict tallied; needs numba, the ``bench``
  extra), over all d! permutations where d ≤ ``--numba-max``, else timed on ``--sample`` of them and
  extrapolated ("~"). Where it ran in full its counts are compared with symorbit's (its counts are over
  permutations; symorbit's over distinct orbit elements, times |Stab(r)| = 1 for distinct values).
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
import timeit
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from unstructured import cpu  # noqa: E402

from symorbit import optimality_counts  # noqa: E402


def instance(labels: int, d: int, per: int = 3, seed: int = 0) -> tuple[dict[str, list[tuple[int, ...]]], list[int]]:
    """(``{label: vectors}``, reward): disjoint sets of ``per`` distinct vectors each, distinct reward values."""
    rng = random.Random(seed * 1000 + 10 * labels + d)
    seen: set[tuple[int, ...]] = set()
    sets: dict[str, list[tuple[int, ...]]] = {}
    for i in range(labels):
        vs = []
        while len(vs) < per:
            v = tuple(rng.randint(0, 9) for _ in range(d))
            if v not in seen:
                seen.add(v)
                vs.append(v)
        sets[f"a{i}"] = vs
    return sets, rng.sample(range(10**6), d)


def make_numba():
    import numba

    @numba.njit(cache=False)
    def heap_optimality(V, label, n_labels, r0, limit, floor):  # pragma: no cover - compiled
        """Over the first ``limit`` permutations: per label, (weak, strict) counts and how many were done. V is
        int64 (``floor`` below every dot product, e.g. −2^62) or float64 (``floor`` −inf)."""
        d, n = r0.shape[0], V.shape[0]
        r = r0.copy()
        dots = np.zeros(n, V.dtype)
        for k in range(n):
            for j in range(d):
                dots[k] += V[k, j] * r[j]
        weak = np.zeros(n_labels, np.int64)
        strict = np.zeros(n_labels, np.int64)
        best = np.empty(n_labels, V.dtype)
        c = np.zeros(d, np.int64)
        done, i = 0, 1
        while True:
            for q in range(n_labels):
                best[q] = floor
            for k in range(n):
                if dots[k] > best[label[k]]:
                    best[label[k]] = dots[k]
            top = best.max()
            holders, who = 0, 0
            for q in range(n_labels):
                if best[q] == top:
                    weak[q] += 1
                    holders += 1
                    who = q
            if holders == 1:
                strict[who] += 1
            done += 1
            moved = False
            while i < d and done < limit:      # Heap's algorithm: the next transposition
                if c[i] < i:
                    j = 0 if i % 2 == 0 else c[i]
                    step = r[j] - r[i]
                    for k in range(n):
                        dots[k] += (V[k, i] - V[k, j]) * step
                    r[i], r[j] = r[j], r[i]
                    c[i] += 1
                    i = 1
                    moved = True
                    break
                c[i] = 0
                i += 1
            if not moved:
                break
        return weak, strict, done

    return heap_optimality


def run_numba(heap, sets, r, limit, dtype=np.int64):
    """The brute force over ``{label: vectors}`` (integers, or floats with ``dtype=np.float64``)."""
    V = np.array([v for vs in sets.values() for v in vs], dtype=dtype)
    label = np.array([q for q, vs in enumerate(sets.values()) for _ in vs], dtype=np.int64)
    floor = -(2**62) if dtype == np.int64 else -np.inf
    return heap(V, label, len(sets), np.array(r, dtype=dtype), limit, floor)


def timed(fn):
    """(result, CPU seconds): warm calls' best of 5 ``timeit`` batches where one call takes under 20 ms, else the
    median of 3 (one where the first takes over 20 s)."""
    c0 = cpu()
    out = fn()
    first = cpu() - c0
    if first < 0.02:
        n = max(3, int(0.1 / max(first, 1e-5)))
        return out, min(timeit.repeat(fn, number=n, repeat=5)) / n
    times = [first]
    while len(times) < 3 and first < 20:
        c0 = cpu()
        fn()
        times.append(cpu() - c0)
    return out, statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--labels", type=int, nargs="+", default=[3, 5, 10, 14])
    ap.add_argument("--dims", type=int, nargs="+", default=[8, 9, 10, 11])
    ap.add_argument("--per", type=int, default=3, help="vectors per label")
    ap.add_argument("--numba-max", type=int, default=11, help="largest d for the full numba loop")
    ap.add_argument("--sample", type=int, default=20_000_000, help="permutations timed when extrapolating")
    args = ap.parse_args()
    heap = make_numba()
    sets, r = instance(3, 8)
    run_numba(heap, sets, r, 10)                        # compile before timing
    for _ in range(3):                                   # load symorbit's compiled loop, as a session would
        optimality_counts(*instance(5, 11))
    print(f"{'labels':>6s} {'d':>3s} {'engine':18s} {'symorbit s':>11s} {'numba s':>10s} {'vs numba':>9s}")
    for labels in args.labels:
        for d in args.dims:
            sets, r = instance(labels, d, args.per)
            c, ours = timed(lambda: optimality_counts(sets, r))
            total = math.factorial(d)
            full = d <= args.numba_max
            (weak, strict, done), t_nb = timed(lambda: run_numba(heap, sets, r, total if full else args.sample))
            if full:
                if list(weak) != [c.weak[k] for k in sets] or list(strict) != [c.strict[k] for k in sets]:
                    sys.exit(f"{labels} labels, d={d}: numba counts {list(weak)}, {list(strict)} differ from "
                             f"symorbit's {c.weak}, {c.strict}")
            else:
                t_nb *= total / done
            print(f"{labels:6d} {d:3d} {c.engine:18s} {ours:11.3g} {('' if full else '~') + f'{t_nb:.3g}':>10s} "
                  f"{t_nb / ours:8.2f}x", flush=True)


if __name__ == "__main__":
    main()
