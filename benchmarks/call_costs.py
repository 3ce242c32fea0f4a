"""What one small count costs, stage by stage, beside the numba loop (issue 24: small d).

    python benchmarks/call_costs.py                          # int, rational at d = 5, 6, 7; visit, mdp3 at d = 7
    python benchmarks/call_costs.py --cases int:6 visit:7 mdp3:7

At d ≤ 7 the brute force over the orbit takes 4-150 µs, and an exact call of ``orbit_counts`` spends most of its
time outside its count. Each case is counted 20 times first (so the compiled loop is loaded, as in a long
session), then ``orbit_counts`` is timed warm (best of 7 ``timeit`` batches, wall µs on an idle core), and the
stages it runs are timed one by one on fresh problems (medians of 3,000 runs): reading each set (a set of tuple
rows counted before is kept, ``symorbit.exact.kept_rows``) and the reward exactly (refusing floats), the integer
problem (from the kept integer rows where the sets have them), its sums' type, the selection's plans, the chosen
engine's count, the result. "reads" is the floor of a first exact call: the three reads alone, afresh. The numba column is the loop of
benchmarks/unstructured.py with its ``np.array`` conversions (on entries scaled to integers beforehand, not
timed), as in ``side_by_side.py --warm``; "int64!" where its int64 sums would overflow (input_classes.py times
a float64 loop there). Cases: ``CLASS:D`` with CLASS from side_by_side.py's classes or
input_classes.py's ``raw`` classes (``visit``, ``mdp3``, ...).

``--loops`` times instead, on cases whose sums pass int64 (one pair), the compiled count on the coarse int32 loop
and on the fine int64 loop, each with its set-up, beside the plan's model of each (``FINE_RATE``,
``FINE_SETUP`` and ``COARSE_SETUP`` in ``compiled.py`` were set from this)::

    python benchmarks/call_costs.py --loops --cases mdp2:6 mdp2:7 mdp2:8 mdp3:7 mdp3:8 mdp3:9 --seeds 0 1
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
import timeit
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from side_by_side import CLASSES  # noqa: E402
from side_by_side import instance as table_instance  # noqa: E402
from unstructured import make_numba, run_numba  # noqa: E402

from symorbit import orbit_counts  # noqa: E402
from symorbit.exact.scaling import row_facts  # noqa: E402
from symorbit.exact.sparse import reward_multiset, short_rows  # noqa: E402
from symorbit.orbits import counting  # noqa: E402
from symorbit.orbits.engines import compiled, select  # noqa: E402
from symorbit.orbits.engines.problem import densify  # noqa: E402
from symorbit.outcomes.groups import multinomial  # noqa: E402

STAGES = ("read A", "read B", "read r", "rows", "choice", "problem", "sums type", "plans", "count", "result")


def case(spec: str):
    cls, d = spec.rsplit(":", 1)
    if cls in CLASSES:
        return table_instance(cls, int(d))
    from input_classes import make_instance

    inst = make_instance(cls, int(d))
    if inst["kind"] != "raw":
        sys.exit(f"{spec}: only the raw comparison's classes (A against B) are timed here")
    return inst["A"], inst["B"], inst["r"]


def stages(A, B, r) -> list[float | None]:
    """ns of each of :data:`STAGES`, on fresh problems (nothing remembered from one run to the next but what a
    long session remembers too: the sets' kept rows and their combination, the selection's choice for them, the
    plans by shape and the loaded loop). A warm count of kept rows whose choice is remembered runs "choice" (its
    key and the checks that it still holds) and then the loop from its kept set-up; any other runs "problem",
    "sums type" and "plans" after "choice" (there: looking for one). The stages a count does not run are None."""
    clock = time.perf_counter_ns
    t = [clock()]
    ra = counting._set_rows(A, "outcomes_a")
    t.append(clock())
    rb = counting._set_rows(B, "outcomes_b")
    t.append(clock())
    m = reward_multiset(r)
    t.append(clock())
    scaled = counting._integer_rows([ra, rb])
    t.append(clock())
    (va, _, ia, _), (vb, _, ib, _) = ra, rb
    vectors = va + vb
    groups = [list(range(len(va))), list(range(len(va), len(vectors)))]
    facts = row_facts(scaled[0]) if scaled is not None else None
    key = select._choice_key(scaled[0], facts, groups, [(1, 0)], m, False, None) if facts is not None else None
    choice = facts.get(select._CHOICES, {}).get(key) if key is not None else None
    if choice is not None and choice.prepared is not None and select._PLANS.get(key[:select._PLANS_KEY_LEN]) is choice.plans \
            and compiled.plan_settled(choice.plan, choice.problem):
        t.append(clock())
        tally, _ = compiled.count_prepared(choice.prepared, m.values)
        t.append(clock())
        ran = [True] * 5 + [False] * 3 + [True] * 2
        engine = "compiled"
    else:
        t.append(clock())
        problem = densify(select.scaled_problem(vectors, m, ia and ib, groups, [(1, 0)], scaled=scaled))
        multinomial(problem.multiplicities)
        t.append(clock())
        problem.sums_dtype
        t.append(clock())
        plans, costs = select._split_costs(problem, None)
        engine = min(costs)[1]
        t.append(clock())
        tally, _ = getattr(select.SPLIT_ENGINES[engine], engine)(problem, plans[engine])
        t.append(clock())
        ran = [True] * 10          # "choice": looking for a remembered choice, which this count also pays
    counting.OrbitCounts(tally.get((1,), 0), tally.get((-1,), 0), tally.get((0,), 0), multinomial(m.multiplicities),
                         engine=engine, evaluations=0, stabilizer=1)
    t.append(clock())
    took = iter([b - a for a, b in zip(t, t[1:])])
    return [next(took) if stage else None for stage in ran]


def loops(specs: list[str], seeds: list[int]) -> None:
    """The coarse and the fine loop past int64, µs a count on fresh problems (medians), beside their models."""
    from input_classes import make_instance

    from symorbit.orbits.engines.problem import COARSE_SETUP

    print(f"{'case':12s} {'seed':>4s} {'rows':>4s} {'coarse':>8s} {'model':>8s} {'fine':>8s} {'model':>8s}  plan")
    for spec in specs:
        cls, d = spec.rsplit(":", 1)
        for seed in seeds:
            inst = make_instance(cls, int(d), seed)
            va, _, ia, _ = counting._set_rows(inst["A"], "A")
            vb, _, ib, _ = counting._set_rows(inst["B"], "B")
            m = reward_multiset(inst["r"])
            groups = [list(range(len(va))), list(range(len(va), len(va) + len(vb)))]

            def fresh():
                p = select.scaled_problem(va + vb, m, ia and ib, groups, [(1, 0)])
                p.sums_dtype
                return p

            problem = fresh()
            if problem.sums_dtype is not None:
                print(f"{spec:12s} {seed:4d}: the sums fit int64")
                continue
            counts, n = tuple(problem.multiplicities), problem.n_vectors
            model = {True: compiled._split_mode(counts, n, 1, "coarse")[2] + COARSE_SETUP,
                     False: compiled.fine_cost(compiled._split_mode(counts, n, 1, "int64")[2])}
            chosen = compiled.plan(problem)
            took = {}
            for coarse in (True, False):
                the_plan = chosen._replace(coarse=coarse, forgone=0)
                tally = compiled.compiled(fresh(), the_plan)[0]          # loads the loop
                runs = []
                for _ in range(max(5, min(300, int(3e8 // max(model[coarse], 1e5))))):
                    p = fresh()
                    t0 = time.perf_counter_ns()
                    again = compiled.compiled(p, the_plan)[0]
                    runs.append(time.perf_counter_ns() - t0)
                    assert again == tally
                took[coarse] = statistics.median(runs) / 1000
            print(f"{spec:12s} {seed:4d} {len(va) + len(vb):4d} {took[True]:8.0f} {model[True] / 1000:8.0f} "
                  f"{took[False]:8.0f} {model[False] / 1000:8.0f}  {'coarse' if chosen.coarse else 'fine'}",
                  flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", nargs="+", default=["int:5", "int:6", "int:7", "rational:5", "rational:6",
                                                     "rational:7", "visit:7", "mdp3:7"])
    ap.add_argument("--loops", action="store_true", help="past int64: the coarse and the fine loop (see above)")
    ap.add_argument("--seeds", type=int, nargs="+", default=[0], help="with --loops: the instances' seeds")
    args = ap.parse_args()
    if args.loops:
        loops(args.cases, args.seeds)
        return
    heap = make_numba()
    print(f"{'case':12s} {'call':>7s} {'numba':>7s} {'reads':>6s}  " + " ".join(f"{s:>9s}" for s in STAGES)
          + "  (µs; stages: medians on fresh problems)")
    for spec in args.cases:
        A, B, r = case(spec)
        orbit_counts(A, B, r, engine="compiled")        # the loop loaded, as in a long session
        for _ in range(20):
            c = orbit_counts(A, B, r)
        d = len(r)
        scale = math.lcm(*(Fraction(x).denominator for v in A + B for x in v))
        den = math.lcm(*(Fraction(x).denominator for x in r))
        ia = [[int(Fraction(x) * scale) for x in v] for v in A]
        ib = [[int(Fraction(x) * scale) for x in v] for v in B]
        ri = [int(Fraction(x) * den) for x in r]
        n = max(3, 200_000 // math.factorial(d))
        call = min(timeit.repeat(lambda: orbit_counts(A, B, r), number=n, repeat=7)) / n * 1e6
        numba = None
        if max(abs(x) for v in ia + ib for x in v) * max(map(abs, ri)) * d < 2**62:
            got = run_numba(heap, ia, ib, ri, math.factorial(d))
            if tuple(got[:3]) != tuple(c.over_permutations())[:3]:
                sys.exit(f"{spec}: numba counts {tuple(got[:3])} differ from symorbit {tuple(c)}")
            numba = min(timeit.repeat(lambda: run_numba(heap, ia, ib, ri, math.factorial(d)), number=n,
                                      repeat=7)) / n * 1e6
        runs = [stages(A, B, r) for _ in range(3000)]
        med = [statistics.median(x for x in col if x is not None) / 1000 if any(x is not None for x in col)
               else None for col in zip(*runs)]
        reads = min(timeit.repeat(lambda: (short_rows(A), short_rows(B), reward_multiset(r)), number=2000,
                                  repeat=7)) / 2000 * 1e6
        nb = f"{numba:7.1f}" if numba is not None else f"{'int64!':>7s}"
        print(f"{spec:12s} {call:7.1f} {nb} {reads:6.1f}  " + " ".join(f"{x:9.1f}" if x is not None else f"{'-':>9s}"
                                                                      for x in med), flush=True)


if __name__ == "__main__":
    main()
