"""Fit the cost models of the engines that form each set's maximum vector by vector to measured CPU times.

    python benchmarks/compiled_costs.py                  # compiled.py's COST_*; needs numba; about 2 minutes
    python benchmarks/compiled_costs.py --tables         # compiled.py's TABLE_* and COST_NODE (the table mode)
    python benchmarks/compiled_costs.py --build          # compiled.py's BUILD_* (building the table mode's trees)
    python benchmarks/compiled_costs.py --engine maxima  # maxima.py's COST_* (numpy, core install)

For a spread of instances (2 + 2, 4 + 4 and 20 + 20 vectors, one or two compared pairs, distinct
and repeated reward values, int32 and int64 sums, d = 5..11) and every split point k whose
run stays short, the script times the engine in one process (CPU seconds, median of 3, each
over enough repetitions to take 20 ms), sums
the features of ``split_features`` over the splits (maxima's with its side sums' type, ``cost_dtype``), and prints the non-negative least-squares
coefficients (ns per feature unit) beside the ones in use, the fixed cost per call, and the
predicted/measured ratio of each run under the coefficients in use.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from mitm_costs import nnls  # noqa: E402

from symorbit.orbits.engines import compiled as C  # noqa: E402
from symorbit.orbits.engines import maxima as X  # noqa: E402
from symorbit.orbits.engines import mitm as M  # noqa: E402
from symorbit.orbits.engines import problem as E  # noqa: E402


def problem(d: int, n: int, values: int, big: bool, relative: bool, seed: int = 0) -> E.Problem:
    rng = random.Random(seed)
    hi = 10**9 if big else 9
    vecs = [tuple(Fraction(rng.randint(0, hi)) for _ in range(d)) for _ in range(3 * n if relative else 2 * n)]
    r = tuple(Fraction(rng.randrange(values)) for _ in range(d))
    groups = [list(range(n)), list(range(n, 2 * n))]
    pairs = [(1, 0)]
    if relative:
        groups.append(list(range(2 * n, 3 * n)))
        pairs = [(1, 2), (0, 2)]
    return E.make_problem(vecs, groups, pairs, r)


def features(engine: Any, p: E.Problem, k: int, dtype: str, tables: bool = False) -> np.ndarray:
    """The features summed over the splits; for the compiled loop then the number of split shapes
    (one call of the loop each), or in the table mode the prefix trees' nodes times the vectors."""
    n_vec = len({i for g in p.groups for i in g})
    out = np.zeros(len(engine._COSTS))
    shapes = M.split_shapes(p.multiplicities, k)
    per_split = C.table_features if tables else engine.split_features
    for nl, nr, m in shapes:
        out += m * np.array(per_split(nl, nr, n_vec, len(p.pairs), k, p.d, dtype), dtype=float)
    if tables:
        return np.append(np.delete(out, 4), n_vec * C.table_nodes(tuple(p.multiplicities), k))
    return np.append(out, len(shapes)) if engine is C else out


def costs(engine: Any, tables: bool = False) -> np.ndarray:
    if tables:
        return np.array(tuple(np.delete(np.array(C._TABLE_COSTS), 4)) + (C.COST_NODE,))
    return np.array(engine._COSTS + ((engine.COST_SHAPE,) if engine is C else ()))


def cpu_ns(fn: Any) -> float:
    """Median of 3 CPU times of ``fn`` in ns, each over enough repetitions to take at least 20 ms."""
    reps, ts = 1, []
    while True:
        t0 = time.process_time()
        for _ in range(reps):
            fn()
        t = time.process_time() - t0
        if t >= 0.02:
            break
        reps *= 4
    ts.append(t / reps)
    for _ in range(2):
        t0 = time.process_time()
        for _ in range(reps):
            fn()
        ts.append((time.process_time() - t0) / reps)
    return statistics.median(ts) * 1e9


def tree_ns(p: E.Problem, k: int, dtype: str) -> float:
    """CPU ns of the table-mode loop forming the prefix trees' dot products alone (no split: an empty shape list)."""
    dt = np.int32 if dtype == "int32" else np.int64
    t = C.side_tables(tuple(p.multiplicities), k)
    V, vals = np.array(p.vectors, dtype=dt).reshape(len(p.vectors), p.d), np.array(p.values, dtype=dt)
    none, no_tab = C._NO_SPLITS[dtype]
    out = np.zeros(3 ** len(p.pairs), dtype=np.int64)
    kernel = C._kernel(dtype)
    return cpu_ns(lambda: kernel(V, none, none, no_tab, no_tab, k, vals, t.par, t.last, t.pos, t.n_nonfinal, t.n_left,
                                 t.shapes[:0], *C._structure(p.groups, p.pairs), 3,
                                 C.workspace(dtype, V.shape[0] * t.par.shape[0]), out))


def build_costs() -> None:
    """Time building the table mode's prefix trees (with the splits' layout for that k) the first time,
    for multiset shapes at d = 6..12, and fit ``BUILD_FIXED`` + ``BUILD_NODE`` · nodes (wall ns)."""
    rng = random.Random(0)
    nodes, times = [], []
    for d in range(6, 13):
        for n_values in (2, 3, 4, d):
            for _ in range(2):
                values = [rng.randrange(n_values) for _ in range(d)]
                counts = tuple(values.count(v) for v in sorted(set(values)))
                for k in sorted({d // 2, (d + 1) // 2}):
                    n = C.table_nodes(counts, k)
                    if n > 500_000:
                        continue
                    C._TABLES.pop((counts, k), None)
                    C._remembered_layout.cache_clear()
                    t0 = time.perf_counter()
                    C.side_tables(counts, k)
                    nodes.append(n)
                    times.append((time.perf_counter() - t0) * 1e9)
    F, y = np.array([[1.0, n] for n in nodes]), np.array(times)
    w = 1 / y
    coef, _ = nnls(F * w[:, None], y * w)
    ratio = (F @ np.array([C.BUILD_FIXED, C.BUILD_NODE])) / y
    print(f"{len(y)} shapes; fitted BUILD_FIXED {coef[0]:.0f} ({C.BUILD_FIXED}), BUILD_NODE {coef[1]:.1f} "
          f"({C.BUILD_NODE}); in use: predicted/measured {ratio.min():.2f}-{ratio.max():.2f}, "
          f"median {np.median(ratio):.2f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--engine", choices=["compiled", "maxima"], default="compiled")
    ap.add_argument("--tables", action="store_true", help="the compiled engine's table mode")
    ap.add_argument("--build", action="store_true", help="building the table mode's trees (numpy only)")
    args = ap.parse_args()
    if args.build:
        return build_costs()
    engine, run = (C, C.compiled) if args.engine == "compiled" else (X, X.maxima)
    tables = args.tables and engine is C
    fixed = C.TABLE_FIXED if tables else engine.COST_FIXED
    if args.engine == "compiled":
        C.compiled(problem(4, 2, 10, False, False), C.Plan(2, 0, 0, "int32", 0, tables))      # load the compiled loops
        C.compiled(problem(4, 2, 10, True, False), C.Plan(2, 0, 0, "int64", 0, tables))
    rows, times, trees, instances = [], [], [], []
    for d, n, values, big, relative in [(5, 4, 10**6, False, False), (6, 4, 10**6, False, False),
                                        (6, 20, 1000, False, False), (7, 4, 10**6, False, False),
                                        (7, 4, 3, False, False), (7, 20, 1000, False, False),
                                        (6, 4, 10**6, True, False), (7, 4, 10**6, False, True),
                                        (8, 4, 10**6, False, False), (9, 2, 10**6, False, False),
                                        (10, 4, 10**6, False, False), (11, 4, 10**6, False, False),
                                        (10, 4, 10**6, True, False), (11, 4, 10**6, True, False),
                                        (10, 4, 4, False, False), (11, 4, 6, True, False),
                                        (9, 20, 10**6, False, False), (10, 20, 10**6, False, False),
                                        (10, 20, 1000, True, False), (10, 4, 10**6, False, True),
                                        (9, 8, 10**6, True, True), (6, 4, 10**8, True, False),
                                        (8, 4, 10**8, True, False), (10, 4, 10**8, True, False)]:
        p = problem(d, n, values, big, relative)
        dtype = C.dtype_for(p)
        assert dtype is not None
        for k in range(1, d + 1):
            f = features(engine, p, k, X.cost_dtype(p, dtype) if engine is X else dtype, tables)
            if f @ costs(engine, tables) > 1.5e9 or max(nl for nl, _, _ in M.split_shapes(p.multiplicities, k)) > 5040:
                continue
            if tables and f[-1] > C.MAX_TABLE_ENTRIES:
                continue
            plan = C.Plan(k, 0, 0, dtype, 0, tables) if engine is C else engine.Plan(k, 0, 0, dtype)
            if tables:
                C.side_tables(tuple(p.multiplicities), k)     # built once, as a process counting often has them
            rows.append(np.append(f, 1.0))
            times.append(cpu_ns(lambda: run(p, plan)))
            if tables:
                trees.append(tree_ns(p, k, dtype))
            instances.append((d, n, values, big, relative))
            label = f"d={d} {n}+{n}{'+' + str(n) if relative else ''} values<{values} {dtype} k={k}"
            print(f"{label:44s} {times[-1] / 1e9:9.6f} s  predicted/measured "
                  f"{(f @ costs(engine, tables) + fixed) / times[-1]:5.2f}", flush=True)
    F, y = np.array(rows), np.array(times)
    w = 1 / y                                   # fit relative errors
    if tables:
        # COST_NODE from the trees alone (the loop with no split), the rest fitted to what is left: fitted
        # together, the trees' cost leaked into the per-row terms, and large trees (k past the best) looked cheap
        per_node = np.array(trees) / F[:, -2]
        node = float(np.median(per_node))
        print(f"\ntrees alone: {per_node.min():.2f}-{per_node.max():.2f} ns a node and vector, median {node:.2f}")
        rest, _ = nnls(np.delete(F, -2, axis=1) * w[:, None], (y - node * F[:, -2]) * w)
        coef = np.insert(rest, len(rest) - 1, node)
    else:
        coef, _ = nnls(F * w[:, None], y * w)
    names = (["COST_ELEM", "COST_ELEM_32", "COST_PAIR"] + (["COST_ROW"] if engine is C else ["COST_CALL", "COST_ROW"])
             + ["COST_DOT"] + (["COST_DOT_DOUBLES"] if engine is X else []) + ["COST_SPLIT"]
             + (["COST_SHAPE"] if engine is C else []) + ["COST_FIXED"])
    if tables:
        names = ["TABLE_ELEM", "TABLE_ELEM_32", "TABLE_PAIR", "TABLE_ROW", "TABLE_SPLIT", "COST_NODE", "TABLE_FIXED"]
    print("\nfitted (in use):")
    for name, c, cur in zip(names, coef, tuple(costs(engine, tables)) + (fixed,)):
        print(f"  {name:13s} {c:12.3f}   ({cur})")
    print("fitted predicted/measured:", " ".join(f"{r:.2f}" for r in (F @ coef) / y))
    # What decides: the k each model picks per instance, against the fastest k measured
    for name, c in (("in use", np.append(costs(engine, tables), fixed)), ("fitted", coef)):
        losses = [min(runs, key=lambda i: F[i] @ c) for runs in _by_instance(instances)]
        slow = [y[i] / min(y[j] for j in runs) for i, runs in zip(losses, _by_instance(instances))]
        print(f"{name}: the k picked costs {min(slow):.2f}-{max(slow):.2f}x the fastest k measured "
              f"(mean {statistics.mean(slow):.3f}, {sum(x > 1.05 for x in slow)} of {len(slow)} instances over 1.05x)")


def _by_instance(instances: list[Any]) -> list[list[int]]:
    """The run indices of each instance (its runs at every k)."""
    groups: dict[Any, list[int]] = {}
    for i, key in enumerate(instances):
        groups.setdefault(key, []).append(i)
    return list(groups.values())


if __name__ == "__main__":
    main()
