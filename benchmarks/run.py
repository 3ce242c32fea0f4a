"""symorbit benchmarks: each figure beside a naive baseline measured in the same run.

    python benchmarks/run.py            # about two minutes on a 2-core machine
    python benchmarks/run.py --full     # run the naive baselines to completion where feasible

Baselines
---------
* visit distributions: enumerate every stationary deterministic policy (|A|^|S|) and
  follow it from s (the obvious method), against lasso enumeration;
* orbit counts: a pure-Python loop over ``itertools.permutations`` with integer-scaled
  vectors (the issue's naive baseline). Where the full loop is infeasible (53!) or slow,
  its rate is measured on a sample of permutations and extrapolated; the output says so.
"""

from __future__ import annotations

import argparse
import itertools
import math
import random
import sys
import time
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from symorbit import MDP, optimality_counts, orbit_counts, visit_distributions  # noqa: E402
from symorbit.mdp.library import opts_figure1  # noqa: E402


def timed(fn):
    t = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t


def naive_loop(A, B, reward, limit=None):
    """The naive baseline: every permutation, integer dot products, Python loops."""
    gt = lt = eq = n = 0
    for r in itertools.permutations(reward):
        a = max(sum(x * y for x, y in zip(v, r)) for v in A)
        b = max(sum(x * y for x, y in zip(v, r)) for v in B)
        gt += b > a
        lt += b < a
        eq += b == a
        n += 1
        if limit is not None and n >= limit:
            break
    return (gt, lt, eq), n


def naive_time(A, B, reward, full, sample=200_000):
    total = math.factorial(len(reward))
    if full or total <= sample:
        (_, n), t = timed(lambda: naive_loop(A, B, reward))
        return t, "measured"
    (_, n), t = timed(lambda: naive_loop(A, B, reward, limit=sample))
    return Fraction(t) * total / n, f"extrapolated from {n:,} permutations"


def _human(x) -> str:
    """Seconds or a speed-up, exact or as a power of ten when astronomically large."""
    x = Fraction(x)
    if x < 10**7:
        return f"{float(x):.1f}"
    return f"1e{math.floor(math.log10(x.numerator) - math.log10(x.denominator))}"


def row(label, ours, base, note):
    speed = Fraction(base) / Fraction(ours) if ours > 0 else 0
    print(f"{label:<62} {ours:>8.3f} s   naive {_human(base):>8} s ({note})   {_human(speed):>8}x")


def bench_visits(full):
    rng = random.Random(3)
    names = [f"s{i}" for i in range(12)]
    adj = {s: rng.sample(names, 3) for s in names}
    env = MDP.deterministic(adj)
    F, t = timed(lambda: visit_distributions(env, "s0", "9/10"))

    def by_policies():
        seen = set()
        succ = [adj[s] for s in names]
        idx = {s: i for i, s in enumerate(names)}
        for policy in itertools.product(*succ):
            path, pos, u = [], {}, 0
            while u not in pos:
                pos[u] = len(path)
                path.append(u)
                u = idx[policy[u]]
            seen.add((tuple(path[:pos[u]]), tuple(path[pos[u]:])))
        return seen

    lassos, tb = timed(by_policies)
    assert len(lassos) >= len(F)
    row(f"F(s), 12 states, out-degree 3 ({len(F)} vectors, 3^12 policies)", t, tb, "measured")


def bench_unstructured(full):
    rng = random.Random(1)
    d = 10
    A = [[rng.randint(0, 9) for _ in range(d)] for _ in range(4)]
    B = [[rng.randint(0, 9) for _ in range(d)] for _ in range(4)]
    r = list(range(d))
    c, t = timed(lambda: orbit_counts(A, B, r))
    tb, note = naive_time(A, B, r, full)
    row(f"orbit counts, unstructured d=10, 8 vectors [{c.engine}]", t, tb, note)
    if full:
        assert naive_loop(A, B, r)[0] == (c.b_better, c.a_better, c.ties)


def bench_largest_d(full, budget=60.0):
    rng = random.Random(2)
    for d in (11, 12, 13):
        A = [[rng.randint(0, 9) for _ in range(d)] for _ in range(4)]
        B = [[rng.randint(0, 9) for _ in range(d)] for _ in range(4)]
        r = list(range(d))
        if d == 13 and not full:
            print(f"{'orbit counts, unstructured d=13':<62} skipped (13! = 6.2e9 evaluations; run with --full)")
            break
        c, t = timed(lambda: orbit_counts(A, B, r))
        tb, note = naive_time(A, B, r, False)
        row(f"orbit counts, unstructured d={d}, 8 vectors [{c.engine}]", t, tb, note)
        if t > budget:
            break


def e(d, j):
    return [int(i == j) for i in range(d)]


def bench_two_vs_51(full):
    d = 53
    A, B = [e(d, 0), e(d, 1)], [e(d, j) for j in range(2, 53)]
    r = list(range(d))
    c, t = timed(lambda: orbit_counts(A, B, r))
    assert c.strict_fraction == Fraction(51, 53)
    tb, note = naive_time(A, B, r, False, sample=20_000)
    row(f"the post's 2-vs-51, generic reward = 51/53 [{c.engine}]", t, tb, note)
    c2, t2 = timed(lambda: orbit_counts(A, B, r, engine="blocks"))
    assert (c2.b_better, c2.a_better, c2.ties) == (c.b_better, c.a_better, c.ties)
    row("  same with the symmetry-reduction engine [blocks]", t2, tb, note)


def bench_one_hot_1000(full):
    d = 1000
    m, n = 10, 300
    A, B = [e(d, j) for j in range(m)], [e(d, j) for j in range(m, m + n)]
    r = list(range(d))
    c, t = timed(lambda: orbit_counts(A, B, r))
    assert c.strict_fraction == Fraction(n, n + m)
    tb, note = naive_time(A, B, r, False, sample=2_000)
    row(f"m-vs-n one-hot, m={m}, n={n}, d=1000 [{c.engine}]", t, tb, note)


def bench_opts(full):
    env = opts_figure1()
    F = visit_distributions(env, "star", "9/10")
    sets = {a: F.restrict(a) for a in env.actions("star")}
    r = list(range(8))
    c, t = timed(lambda: optimality_counts(sets, r))

    def naive():
        allv = list(F)
        out = {a: 0 for a in sets}
        for rr in itertools.permutations(r):
            best = max(sum(x * y for x, y in zip(v, rr)) for v in allv)
            for a, S in sets.items():
                out[a] += max(sum(x * y for x, y in zip(v, rr)) for v in S) == best
        return out

    want, tb = timed(naive)
    assert want == dict(c.weak)
    row(f"OPTS Fig. 1 first-action optimality, gamma=9/10, S_8 [{c.engine}]", t, tb, "measured")


def bench_power(full):
    from symorbit.analysis.power import power, power_monte_carlo

    env = opts_figure1()
    exact, t = timed(lambda: power(env, "star", "9/10"))
    (mean, se), tb = timed(lambda: power_monte_carlo(env, "star", "9/10", samples=1000, seed=0))
    print(f"{'exact POWER(star) at gamma=9/10, iid uniform = ' + str(exact):<62} {t:>8.3f} s   "
          f"sampling 1000 draws {tb:.3f} s: {mean:.4f} ± {se:.4f} (exact {float(exact):.4f})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--full", action="store_true", help="run naive baselines to completion where feasible")
    args = ap.parse_args()
    print(f"{'figure':<62} {'symorbit':>10}   baseline, then speed-up")
    for bench in (bench_visits, bench_unstructured, bench_two_vs_51, bench_one_hot_1000, bench_opts, bench_power,
                  bench_largest_d):
        bench(args.full)


if __name__ == "__main__":
    main()
