"""Orbit counts on visit distributions: the outcome sets researchers count, beside the loops they would write.

    python benchmarks/visit_counts.py                                  # d = 10, 11, 12; γ = 9/10 and 1/2
    python benchmarks/visit_counts.py --dims 12 --gammas 9/10 --seeds 0 1 2 --no-mitm

Instance: A and B are F(s0 | a) for the first two actions a of ``random_mdp(seed, d)`` (benchmarks/power.py: a
random deterministic MDP, each state with 1-3 successors), the exact visit distributions at the rational
discount γ, and the reward is d integers drawn from [0, 10^6) (``random.Random(seed)``); raw comparison max_B
vs max_A over the distinct orbit. At γ = 9/10 the visit distributions' common denominators make 60-85-bit
integer entries, so the sums need more than int64: no int64 loop can count them, and before the fine int64
tables of ``maxima`` (seventeenth session) every count took ``mitm`` on Python integers.

Columns, CPU seconds (this process and its worker processes; medians of 3 for runs under 20 s):

* ``auto``: ``orbit_counts(A, B, r)`` with the engine it chose;
* ``mitm``: the same count with ``engine="mitm"`` (``--no-mitm`` skips it; at γ = 9/10 the engine auto used
  before this change);
* ``python loop``: the exact loop by hand, every permutation's dot products in Python integers (itertools
  permutations; timed on the first 20,000 and extrapolated, "~");
* ``numba``: the compiled brute force of benchmarks/unstructured.py (Heap's algorithm, incremental int64 dot
  products; needs numba, the ``bench`` extra), only where the sums fit int64 (γ = 1/2), its counts compared.

Every count is compared with ``mitm``'s (where it ran) and with the numba loop's (where it ran).

``--relative`` prints instead, per instance, ``orbit_counts(A, B, r, relative_to=F)`` (C = F(s), IsOptimal of each
action's set relative to all of F(s)) and ``optimality_counts`` over every first action from s0, CPU seconds with
the engine, each count checked against the brute force over the distinct orbit (at d ≤ 8) or against the raw
comparison (which it must equal when s0 has two actions).
"""

from __future__ import annotations

import argparse
import itertools
import math
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from power import random_mdp  # noqa: E402
from side_by_side import timed  # noqa: E402
from unstructured import cpu, make_numba, run_numba  # noqa: E402

from symorbit import optimality_counts, orbit_counts  # noqa: E402
from symorbit.mdp.visits import visit_distributions  # noqa: E402
from symorbit.testing.naive import naive_orbit_counts  # noqa: E402

SAMPLE = 20_000


def instance(seed: int, d: int, gamma: str) -> tuple[int, list, list, list[int]]:
    """(MDP seed, A, B, r): the visit distributions of the first two actions from s0, exact, and the reward,
    for the first MDP seed from ``seed`` on whose s0 has two actions."""
    while len(actions := sorted((F := visit_distributions(random_mdp(seed, d), "s0", gamma)).actions())) < 2:
        seed += 1
    rng = random.Random(seed)
    return seed, [tuple(v) for v in F.restrict(actions[0])], [tuple(v) for v in F.restrict(actions[1])], \
        [rng.randrange(10**6) for _ in range(d)]


def python_loop_seconds(A: list, B: list, r: list[int]) -> float:
    """CPU seconds of the exact loop by hand over all d! permutations, from the first :data:`SAMPLE`."""
    den = math.lcm(*(x.denominator for v in A + B for x in v))
    IA = [[int(x * den) for x in v] for v in A]
    IB = [[int(x * den) for x in v] for v in B]
    c0 = cpu()
    n = 0
    for p in itertools.islice(itertools.permutations(r), SAMPLE):
        a = max(sum(x * y for x, y in zip(v, p)) for v in IA)
        b = max(sum(x * y for x, y in zip(v, p)) for v in IB)
        n += (b > a) - (b < a)
    return (cpu() - c0) * math.factorial(len(r)) / SAMPLE


def relative_rows(dims: list[int], gammas: list[str], seeds: list[int]) -> None:
    """The ``--relative`` table: counts relative to F(s) and optimality over the first actions."""
    print("| γ | d | seed | actions | \\|F(s0)\\| | relative to F(s0) (engine) | optimality_counts (engine) |")
    print("|---|---|---|---|---|---|---|")
    for gamma in gammas:
        for d in dims:
            for first in seeds:
                seed, A, B, r = instance(first, d, gamma)
                F = visit_distributions(random_mdp(seed, d), "s0", gamma)
                actions = sorted(F.actions())
                c, t_rel = timed(lambda: orbit_counts(A, B, r, relative_to=F))
                o, t_opt = timed(lambda: optimality_counts({a: F.restrict(a) for a in actions}, r))
                if d <= 8:
                    assert (c.b_better, c.a_better, c.ties) == naive_orbit_counts(A, B, r, C=list(F.vectors))
                if len(actions) == 2:
                    raw = orbit_counts(A, B, r)
                    assert tuple(raw) == tuple(c) and (o.weak[actions[1]], o.strict[actions[1]]) == \
                        (raw.b_better + raw.ties, raw.b_better)
                print(f"| {gamma} | {d} | {seed} | {len(actions)} | {len(F.vectors)} | {t_rel:.3g} ({c.engine}) | "
                      f"{t_opt:.3g} ({o.engine}) |", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dims", type=int, nargs="+", default=[10, 11, 12])
    ap.add_argument("--gammas", nargs="+", default=["9/10", "1/2"])
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 5],
                    help="first MDP seeds (each moved on to the next seed whose s0 has two actions)")
    ap.add_argument("--no-mitm", action="store_true", help="skip the engine='mitm' column")
    ap.add_argument("--relative", action="store_true", help="counts relative to F(s0) and optimality_counts")
    args = ap.parse_args()
    if args.relative:
        relative_rows(args.dims, args.gammas, args.seeds)
        return
    heap = None
    print("| γ | d | seed | \\|A\\| + \\|B\\| | entry bits | auto | engine | mitm | python loop | numba | "
          "vs mitm | vs python loop | vs numba |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for gamma in args.gammas:
        for d in args.dims:
            for first in args.seeds:
                seed, A, B, r = instance(first, d, gamma)
                den = math.lcm(*(x.denominator for v in A + B for x in v))
                bits = max(abs(int(x * den)) for v in A + B for x in v).bit_length()
                c, t_auto = timed(lambda: orbit_counts(A, B, r))
                t_mitm = t_nb = None
                if not args.no_mitm:
                    m, t_mitm = timed(lambda: orbit_counts(A, B, r, engine="mitm"))
                    assert tuple(m) == tuple(c), f"γ={gamma} d={d} seed={seed}: mitm {tuple(m)} != {tuple(c)}"
                t_py = python_loop_seconds(A, B, r)
                if 2 * d * 2**bits * 10**6 < 2**62:          # the int64 loop cannot overflow
                    if heap is None:
                        heap = make_numba()
                    IA = [[int(x * den) for x in v] for v in A]
                    IB = [[int(x * den) for x in v] for v in B]
                    nb, t_nb = timed(lambda: run_numba(heap, IA, IB, r, math.factorial(d)))
                    perms = c.over_permutations()
                    assert tuple(nb[:3]) == tuple(perms)[:3], \
                        f"γ={gamma} d={d} seed={seed}: numba {tuple(nb[:3])} != {tuple(perms)}"

                def fmt(t):
                    return "-" if t is None else f"{t:.3g}"

                def ratio(t):
                    return "-" if t is None else f"{t / t_auto:.1f}×"
                print(f"| {gamma} | {d} | {seed} | {len(A)} + {len(B)} | {bits} | {t_auto:.3g} | {c.engine} | "
                      f"{fmt(t_mitm)} | ~{t_py:.3g} | {fmt(t_nb)} | {ratio(t_mitm)} | {ratio(t_py)} | {ratio(t_nb)} |",
                      flush=True)


if __name__ == "__main__":
    main()
