"""One side-by-side table: symorbit beside compiled and vectorised brute force, same run, CPU seconds.

    python benchmarks/side_by_side.py                       # d = 10, 11, 12 (about 6 minutes on 2 cores)
    python benchmarks/side_by_side.py --dims 9 10 11 12 13  # adds d = 13 (much longer)

Rows
----
* orbit counts, raw comparison max_B vs max_A over the distinct orbit, one row per input class
  and d: ``int``  (rewards drawn from [0, 10^6)), ``ties`` (rewards from {0, 1, 2}), ``rational``
  (numerators below 10^9 over the denominators 999983 and 1000003), ``|A|=|B|=20`` (rewards from
  [0, 1000)), ``big-vec`` (vector entries below 10^15), ``bench`` (the issue-14 instance,
  r = 1..d); 4 + 4 random vectors with entries in [0, 9] unless said otherwise (seed 0).
  symorbit runs ``orbit_counts`` with ``engine="auto"``; the ``core`` column runs it as a core
  install would (numba hidden from the selection, so no ``compiled`` engine). Baselines: numba (Heap's algorithm,
  one transposition a step, incremental integer dot products; compiled before timing; over
  all d! permutations, so on tied rewards it does |Stab(r)| times the work of the distinct
  orbit, which is what a hand-written loop does) and numpy (a matrix product per prefix of
  d − 8 positions). A baseline above --full-max is timed on a sample of permutations and
  extrapolated ("~"). Counts are compared wherever a baseline runs in full.
* one-hot 5 vs 50 at d = 10^6, ``orbit_counts`` end to end with r = range(10**6): the sets as
  SparseVectors, then as one 2-D integer numpy array with r = np.arange(10**6), then as dense
  Python lists (one run), against the closed form m/(m + n) · d! written by hand with
  ``math.factorial``; every count is checked against it. ``--only-one-hot`` runs just this row.
* 3·e_0 vs e_1 at d = 1000 (two coordinates against 998 zeros: the blocks engine), ``orbit_counts`` end to
  end with r = range(1000), against (d − 2)! times the ordered pairs of reward entries counted by hand.
* power_monte_carlo (one matrix product per batch) against the per-sample Python loop it
  replaced, 200,000 samples on the OPTS Figure 1 environment at γ = 9/10.

CPU seconds are this process plus reaped worker processes (resource.getrusage), medians of 3
for runs under 20 s; ratio = baseline / symorbit (above 1: symorbit is faster).

``--warm`` (small d, where each call's fixed cost decides): each instance is first counted 20 times, so
the compiled loop is loaded as a long session would have it (the ski-rental rule loads it only after
small counts have cost more than loading it), then ``orbit_counts`` and the numba loop (with its
``np.array`` conversions) are each timed as the minimum over 5 repetitions of a batch of calls
(``timeit``, wall seconds on an idle core), and every count is compared; the engine shown is that of a
call after the timed ones (the loop may have been loaded during them):

    python benchmarks/side_by_side.py --dims 6 7 8 9 --warm
    python benchmarks/side_by_side.py --dims 5 6 7 8 --warm --core   # the same, as a core install counts

``--fresh N`` (small d, a session's first counts): for each instance a fresh process (numba not yet imported)
counts N rewards of the class (drawn with seeds 0..N−1) against the same A and B, one after another as a search over
rewards does, and reports the mean wall µs a count and how many counts each engine made (the ski-rental rule loads
the compiled loop once the counts have lost more than its load); beside it the numba loop over the same rewards,
compiled before timing, and the counts of the first 50 rewards compared:

    python benchmarks/side_by_side.py --dims 5 6 7 --fresh 20000

``--core-once CLASS D`` counts one instance once as a core install runs it and prints the CPU seconds
(this process and its workers), the engine and the counts: run it as a fresh process per figure, e.g.
to compare a worktree of an older commit (``python OLD/benchmarks/side_by_side.py --core-once big-vec 11``).
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
import timeit
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from unstructured import cpu, make_numba, numpy_bruteforce, run_numba  # noqa: E402

from symorbit import orbit_counts  # noqa: E402
from symorbit.orbits.engines import compiled as compiled_engine  # noqa: E402

CLASSES = ("int", "ties", "rational", "|A|=|B|=20", "big-vec", "bench")


def instance(cls: str, d: int, seed: int = 0):
    rng = random.Random(seed)
    n = 20 if cls == "|A|=|B|=20" else 4
    hi = 10**15 - 1 if cls == "big-vec" else 9
    A = [tuple(rng.randint(0, hi) for _ in range(d)) for _ in range(n)]
    B = [tuple(rng.randint(0, hi) for _ in range(d)) for _ in range(n)]
    r: list = {
        "int": lambda: [rng.randrange(10**6) for _ in range(d)],
        "ties": lambda: [rng.randrange(3) for _ in range(d)],
        "rational": lambda: [Fraction(rng.randrange(10**9), rng.choice((999983, 1000003))) for _ in range(d)],
        "|A|=|B|=20": lambda: [rng.randrange(1000) for _ in range(d)],
        "big-vec": lambda: list(range(1, d + 1)),
        "bench": lambda: list(range(1, d + 1)),
    }[cls]()
    return A, B, r


def timed(fn, reps: int = 3):
    """(result, median CPU seconds); one run when the first takes over 20 s."""
    times, out = [], None
    for _ in range(reps):
        c0 = cpu()
        out = fn()
        times.append(cpu() - c0)
        if times[0] > 20:
            break
    return out, statistics.median(times)


def fmt(t: float, approx: bool = False) -> str:
    return ("~" if approx else "") + (f"{t:.3g}" if t < 100 else f"{t:.0f}")


def core_counts(A, B, r):
    """orbit_counts as a core install runs it: numba hidden from the engine selection."""
    saved = compiled_engine.numba_installed
    compiled_engine.numba_installed = lambda: False      # type: ignore[assignment]
    try:
        return orbit_counts(A, B, r)
    finally:
        compiled_engine.numba_installed = saved


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dims", type=int, nargs="+", default=[10, 11, 12])
    ap.add_argument("--classes", nargs="+", default=list(CLASSES))
    ap.add_argument("--full-max", type=int, default=11, help="largest d for full baseline runs")
    ap.add_argument("--sample", type=int, default=20_000_000, help="permutations timed when extrapolating")
    ap.add_argument("--skip-extra", action="store_true", help="only the orbit-count rows")
    ap.add_argument("--only-one-hot", action="store_true", help="only the one-hot d = 10^6 row (about a minute)")
    ap.add_argument("--no-core", action="store_true", help="skip the core-install column")
    ap.add_argument("--warm", action="store_true", help="warm calls, best of 5 timeit batches (small d; see above)")
    ap.add_argument("--core", action="store_true", help="with --warm: the counts as a core install runs them")
    ap.add_argument("--fresh", type=int, metavar="N", help="the first N counts of each instance in a fresh process")
    ap.add_argument("--fresh-child", nargs=3, metavar=("CLASS", "D", "N"), help=argparse.SUPPRESS)
    ap.add_argument("--core-once", nargs=2, metavar=("CLASS", "D"),
                    help="one count as a core install runs it, in this (fresh) process: CPU s, engine, counts")
    args = ap.parse_args()
    if args.core_once:
        cls, d = args.core_once[0], int(args.core_once[1])
        A, B, r = instance(cls, d)
        c, t = timed(lambda: core_counts(A, B, r), reps=1)
        return print(f"{cls} {d} {c.engine} {t:.4f} {tuple(c)}")
    if args.fresh_child:
        return fresh_child(args.fresh_child[0], int(args.fresh_child[1]), int(args.fresh_child[2]))
    if args.only_one_hot:
        return one_hot_row()
    heap = make_numba()
    if args.fresh:
        return fresh_rows(heap, args.dims, args.classes, args.fresh)
    if args.warm:
        return warm_rows(heap, args.dims, args.classes, core=args.core)
    print(f"{'instance':24s} {'d':>3s} {'engine':8s} {'symorbit':>9s} {'core':>16s} {'numba':>9s} {'numpy':>9s} "
          f"{'vs numba':>9s} {'core vs':>8s} {'vs numpy':>9s}  counts")
    for d in args.dims:
        for cls in args.classes:
            A, B, r = instance(cls, d)
            c, t_ours = timed(lambda: orbit_counts(A, B, r))
            op = c.over_permutations()
            ours = (op.b_better, op.a_better, op.ties)
            core, t_core = None, float("nan")
            if not args.no_core:
                core, t_core = timed(lambda: core_counts(A, B, r))
                if tuple(core) != tuple(c):
                    sys.exit(f"{cls} d={d}: core engine {core.engine} counts {tuple(core)} differ from {tuple(c)}")
            den = math.lcm(*[Fraction(x).denominator for x in r])
            ri = [int(Fraction(x) * den) for x in r]
            total = math.factorial(d)
            full = d <= args.full_max
            limit = total if full else min(total, args.sample)
            nb, t_nb = timed(lambda: run_numba(heap, A, B, ri, limit), reps=3 if full else 1)
            if full and tuple(nb[:3]) != ours:
                sys.exit(f"{cls} d={d}: numba counts {tuple(nb[:3])} differ from symorbit {ours}")
            t_nb *= total / nb[3]
            np_limit = min(total, 2_000_000 if d >= 10 else total)
            npr, t_np = timed(lambda: numpy_bruteforce(A, B, ri, np_limit), reps=1)
            t_np *= total / npr[3]
            core_col = f"{fmt(t_core)} {core.engine}" if core is not None else "-"
            print(f"{cls:24s} {d:3d} {c.engine:8s} {fmt(t_ours):>9s} {core_col:>16s} {fmt(t_nb, not full):>9s} "
                  f"{fmt(t_np, npr[3] < total):>9s} {t_nb / t_ours:8.1f}x {t_nb / t_core:7.1f}x {t_np / t_ours:8.1f}x  "
                  f"{'agree' if full else 'numba sampled'}", flush=True)
    if args.skip_extra:
        return
    extras()


def _agree(cls: str, d: int, nb, c) -> None:
    """Stop unless the numba loop's counts ``nb`` (over all permutations) are symorbit's ``c``."""
    if tuple(nb[:3]) != tuple(c.over_permutations())[:3]:
        sys.exit(f"{cls} d={d}: numba counts {tuple(nb[:3])} differ from symorbit {tuple(c)}")


def warm_rows(heap, dims: list[int], classes: list[str], core: bool = False) -> None:
    """Warm ``orbit_counts`` (or, with ``core``, :func:`core_counts`) beside the numba loop, microseconds (best
    of 5 ``timeit`` batches)."""
    count = core_counts if core else orbit_counts
    print(f"{'instance':14s} {'d':>3s} {'engine':9s} {'symorbit us':>12s} {'numba us':>10s} {'vs numba':>9s}")
    for d in dims:
        for cls in classes:
            A, B, r = instance(cls, d)
            den = math.lcm(*[Fraction(x).denominator for x in r])
            ri = [int(Fraction(x) * den) for x in r]
            for _ in range(20):
                c = count(A, B, r)
            nb = run_numba(heap, A, B, ri, math.factorial(d))
            _agree(cls, d, nb, c)
            n = max(3, 200_000 // math.factorial(d))
            t_ours = min(timeit.repeat(lambda: count(A, B, r), number=n, repeat=5)) / n
            t_nb = min(timeit.repeat(lambda: run_numba(heap, A, B, ri, math.factorial(d)), number=n, repeat=5)) / n
            # the engine of the timed calls (the ski-rental rule may have loaded the compiled loop during them)
            c = count(A, B, r)
            _agree(cls, d, nb, c)
            print(f"{cls:14s} {d:3d} {c.engine:9s} {t_ours * 1e6:12.1f} {t_nb * 1e6:10.1f} {t_nb / t_ours:8.2f}x",
                  flush=True)


def _rewards(cls: str, d: int, n: int) -> list:
    """``n`` rewards of class ``cls`` at ``d`` (those of the instances of seeds 0..n−1)."""
    return [instance(cls, d, seed)[2] for seed in range(n)]


def fresh_child(cls: str, d: int, n: int) -> None:
    """In this fresh process: the seconds of ``n`` counts of the seed-0 sets at :func:`_rewards`, each count's
    engine, and the first 50 counts, as one JSON line."""
    import json
    import time

    A, B, _ = instance(cls, d)
    rewards = _rewards(cls, d, n)
    engines: dict[str, int] = {}
    first = []
    t0 = time.perf_counter()
    for i, r in enumerate(rewards):
        c = orbit_counts(A, B, r)
        engines[c.engine] = engines.get(c.engine, 0) + 1
        if i < 50:
            first.append(tuple(c.over_permutations())[:3])
    seconds = time.perf_counter() - t0
    print(json.dumps({"seconds": seconds, "engines": engines, "first": first, "numba": "numba" in sys.modules}))


def fresh_rows(heap, dims: list[int], classes: list[str], n: int) -> None:
    """:func:`fresh_child` per instance beside the numba loop over the same rewards, wall µs a count."""
    import json
    import subprocess
    import time

    print(f"{'instance':14s} {'d':>3s} {'symorbit us':>12s} {'numba us':>10s} {'vs numba':>9s}  engines (counts)")
    for d in dims:
        for cls in classes:
            A, B, _ = instance(cls, d)
            rewards = _rewards(cls, d, n)
            scaled = []
            for r in rewards:
                den = math.lcm(*[Fraction(x).denominator for x in r])
                scaled.append([int(Fraction(x) * den) for x in r])
            run_numba(heap, A, B, scaled[0], math.factorial(d))          # compiled before timing
            t0 = time.perf_counter()
            nb = [run_numba(heap, A, B, ri, math.factorial(d)) for ri in scaled]
            t_nb = (time.perf_counter() - t0) / n
            out = subprocess.run([sys.executable, __file__, "--fresh-child", cls, str(d), str(n)], check=True,
                                 capture_output=True, text=True).stdout
            got = json.loads(out.splitlines()[-1])
            for i, counts in enumerate(got["first"]):
                if tuple(nb[i][:3]) != tuple(counts):
                    sys.exit(f"{cls} d={d} reward {i}: numba counts {tuple(nb[i][:3])} differ from symorbit {counts}")
            t_ours = got["seconds"] / n
            engines = ", ".join(f"{k} {v}" for k, v in got["engines"].items())
            print(f"{cls:14s} {d:3d} {t_ours * 1e6:12.1f} {t_nb * 1e6:10.1f} {t_nb / t_ours:8.2f}x  {engines}",
                  flush=True)


def one_hot_row(dense: bool = True) -> None:
    """One-hot 5 vs 50 at d = 10^6, ``orbit_counts`` end to end, beside the closed form by hand."""
    import numpy as np

    from symorbit import one_hot

    d, m, n = 10**6, 5, 50
    A = [one_hot(d, j, sparse=True) for j in range(m)]
    B = [one_hot(d, j, sparse=True) for j in range(m, m + n)]
    c, t_sparse = timed(lambda: orbit_counts(A, B, range(d)))
    E = np.eye(m + n, d, dtype=np.int64)          # the sets as one 2-D integer array (440 MB)
    c_arr, t_array = timed(lambda: orbit_counts(E[:m], E[m:], np.arange(d)))
    # the baseline: m/(m+n)·d! written by hand with math.factorial (the count of A-better elements)
    closed, t_closed = timed(lambda: math.factorial(d) * m // (m + n))
    assert c == c_arr and c.a_better == closed and c.b_better * m == closed * n and c.ties == 0, "counts differ"
    print(f"{'one-hot 5 vs 50, d=10^6':24s} {'':3s} {c.engine:8s} {fmt(t_sparse):>9s}   closed form m/(m+n)·d! "
          f"(math.factorial) {fmt(t_closed)} s: {t_closed / t_sparse:.1f}x   (orbit_counts end to end, SparseVector "
          f"sets, reward range(10**6); counts equal the closed form)")
    print(f"{'  same, numpy arrays':24s} {'':3s} {c_arr.engine:8s} {fmt(t_array):>9s}   closed form {fmt(t_closed)} s: "
          f"{t_closed / t_array:.1f}x   (np.eye(55, 10**6, dtype=int64) rows, reward np.arange(10**6))")
    if dense:
        lists = [[0] * d for _ in range(m + n)]
        for j, v in enumerate(lists):
            v[j] = 1
        c_dense, t_dense = timed(lambda: orbit_counts(lists[:m], lists[m:], list(range(d))), reps=1)
        assert c_dense == c, "dense lists count differently"
        print(f"{'  same, dense lists':24s} {'':3s} {c_dense.engine:8s} {fmt(t_dense):>9s}   (55 Python lists of 10^6 "
              f"ints: per-entry conversion; one run)")


def sparse_pair_row() -> None:
    """3·e_0 against e_1 at d = 1000 (the blocks engine), beside the count over reward pairs by hand."""
    d = 1000
    a, b = [0] * d, [0] * d
    a[0], b[1] = 3, 1
    c, t_ours = timed(lambda: orbit_counts([a], [b], range(d)))

    def by_pairs():       # (d − 2)! times the ordered pairs (x, y) of distinct reward entries with 3x > y
        return math.factorial(d - 2) * sum(1 for x in range(d) for y in range(d) if x != y and 3 * x > y)

    want, t_pairs = timed(by_pairs)
    assert c.a_better == want, "counts differ"
    print(f"{'3e_0 vs e_1, d=1000':24s} {'':3s} {c.engine:8s} {fmt(t_ours):>9s}   pairs of reward entries by hand "
          f"{fmt(t_pairs)} s: {t_pairs / t_ours:.1f}x   (orbit_counts end to end; counts equal the pair count)")


def extras() -> None:
    from symorbit.analysis.power import power_monte_carlo
    from symorbit.mdp.library import opts_figure1
    from symorbit.mdp.visits import visit_distributions

    one_hot_row()
    sparse_pair_row()

    env = opts_figure1()
    samples = 200_000
    (mean, se), t_mc = timed(lambda: power_monte_carlo(env, "star", "9/10", samples=samples, seed=0))
    F = [[float(x) for x in v] for v in visit_distributions(env, "star", "9/10")]
    s = env.index("star")

    def loop(k: int):
        rng = random.Random(0)
        out = []
        for _ in range(k):
            r = [rng.random() for _ in range(env.n_states)]
            out.append(max(sum(a * b for a, b in zip(v, r)) for v in F) - r[s])
        return out

    _, t_loop = timed(lambda: loop(20_000), reps=1)
    t_loop *= samples / 20_000
    print(f"{'power_monte_carlo 2e5':24s} {'':3s} {'batched':8s} {fmt(t_mc):>9s}   Python loop ~{fmt(t_loop)} s: "
          f"{t_loop / t_mc:.0f}x   (POWER ≈ {mean:.4f} ± {se:.4f})")


if __name__ == "__main__":
    main()
