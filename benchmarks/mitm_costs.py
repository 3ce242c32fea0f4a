"""Fit the meet-in-the-middle cost model (symorbit/orbits/engines/mitm.py, COST_*) to measured CPU times.

    python benchmarks/mitm_costs.py            # about 3 minutes on 2 shared cores

For a spread of instances (4 + 4 and 20 + 20 vectors, distinct and repeated reward values,
d = 8..11) and every split point k whose run stays short, the script times ``mitm`` in one
process (CPU seconds, median of 3), sums the features of ``_split_features`` over the splits,
and prints the non-negative least-squares coefficients (ns per feature unit) beside the ones
in use, and the predicted/measured ratio of each run under the coefficients in use.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from fractions import Fraction
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from symorbit.orbits.engines import mitm as M  # noqa: E402
from symorbit.orbits.engines import problem as E  # noqa: E402


def problem(d: int, n: int, values: int, seed: int = 0) -> E.Problem:
    rng = random.Random(seed)
    vecs = [tuple(Fraction(rng.randint(0, 9)) for _ in range(d)) for _ in range(2 * n)]
    r = tuple(Fraction(rng.randrange(values)) for _ in range(d))
    return E.make_problem(vecs, [list(range(n)), list(range(n, 2 * n))], [(1, 0)], r)


def nnls(A: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, None]:
    """Least squares with non-negative coefficients: drop the most negative and refit."""
    keep = list(range(A.shape[1]))
    while True:
        sol, *_ = np.linalg.lstsq(A[:, keep], b, rcond=None)
        if (sol >= 0).all():
            out = np.zeros(A.shape[1])
            out[keep] = sol
            return out, None
        del keep[int(np.argmin(sol))]


def features(p: E.Problem, k: int) -> np.ndarray:
    pairs = M._pair_weight(p) // 2
    out = np.zeros(6)
    for t in E.submultisets(p.multiplicities, k):
        nl, nr = E.multinomial(t), E.multinomial([c - x for c, x in zip(p.multiplicities, t)])
        out += np.array(M._split_features(nl, nr, pairs, len(p.vectors), k, p.d), dtype=float)
    return out


def main() -> None:
    rows, times, labels = [], [], []
    for d, n, values in [(8, 4, 10**6), (9, 4, 10**6), (10, 4, 10**6), (11, 4, 10**6), (10, 4, 4),
                         (11, 4, 6), (8, 20, 10**6), (9, 20, 10**6), (10, 20, 10**6), (10, 20, 5)]:
        p = problem(d, n, values)
        for k in range(2, d - 1):
            f = features(p, k)
            if f @ np.array(M._COSTS) > 4e9 or max(E.multinomial(t) for t in E.submultisets(p.multiplicities, k)) > 5040:
                continue
            ts = []
            for _ in range(3):
                t0 = time.process_time()
                M.mitm(p, M.Plan(k, 0, 0, True, 0), workers=1)
                ts.append(time.process_time() - t0)
            rows.append(f)
            times.append(statistics.median(ts) * 1e9)
            labels.append(f"d={d} |A|=|B|={n} values<{values} k={k}")
            print(f"{labels[-1]:40s} {times[-1] / 1e9:7.3f} s  predicted/measured "
                  f"{f @ np.array(M._COSTS) / times[-1]:5.2f}", flush=True)
    X, y = np.array(rows), np.array(times)
    w = 1 / y                                   # fit relative errors
    coef, _ = nnls(X * w[:, None], y * w)
    names = ["COST_SORT", "COST_TABLE", "COST_ROW", "COST_WORD", "COST_DOT", "COST_SPLIT"]
    print("\nfitted (in use):")
    for name, c, cur in zip(names, coef, M._COSTS):
        print(f"  {name:11s} {c:10.2f}   ({cur})")
    print("fitted predicted/measured:", " ".join(f"{r:.2f}" for r in (X @ coef) / y))


if __name__ == "__main__":
    main()
