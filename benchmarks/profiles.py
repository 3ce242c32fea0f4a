"""Time count_profiles per instance (issue 13): d = 4 outcome sets and d = 5 deterministic MDPs.

    python benchmarks/profiles.py            # the fixed instances below
    python benchmarks/profiles.py --random 5 # plus 5 random 5-state deterministic MDPs (seeded)
    python benchmarks/profiles.py --worst [--limit S]   # worst_cases against the minima over the profile list

--worst times symorbit.orbits.extremes.worst_cases (the three minima over every reward by branch and bound)
beside the baseline it replaces, the minima over count_profiles' complete list (its enumeration alone, no
recount; stopped after --limit CPU seconds, default 60), on the five random 5-state MDPs, random 6-state
deterministic MDPs (seeds 1-12, the first state with two actions, gamma = 1/2) and 2 + 2 random vectors in
{0..3}^6 (seeds 0-3); where both finish the three minima are compared.

Each line: the instance, |ND(A)|, |ND(B)|, the relevant hyperplanes cutting the chamber slice, the
cell bound used for refusal, the leaves of the partition, the witnesses evaluated, the distinct
profiles, and the CPU time (time.process_time). Instances over the refusal threshold print the TooLarge message.

Measured on this project's 2-core machine (one process, nothing else running), before and after
the issue-13 changes (witnesses Σ c_k instead of centroids over a common denominator, a witness
only for faces lying on a relevant hyperplane or chamber wall, splits by the hyperplane shared by
the most relevant comparisons):

    instance                                   before     after
    Q^4 examples, candy MDP (d = 5)            < 0.11 s   < 0.07 s
    random det. MDP #1 (d = 5, 206 planes)       8.49 s     3.16 s
    random det. MDP #2 (d = 5, 2008 planes)     51.98 s    43.95 s

Issue 24 (CPU seconds, same profiles; docs/performance.md#every-reward): the per-node bookkeeping
(vertices once per node as int64 rows, distinct indices by masks) gives about 1.2-1.5x; the split
trees are unchanged. Second pass (the double description step on rays with bit sets instead of PPL,
same profiles, witnesses and trees; medians of 3 in one run): MDP #1 1.95 -> 0.54 s, #2 33.3 -> 5.6 s,
#3 11.4 -> 2.6 s, #4 5.31 -> 1.00 s, #5 1.56 -> 0.38 s.
"""

from __future__ import annotations

import argparse
import random
import signal
import sys
import time
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from symorbit import MDP, TooLarge, visit_distributions
from symorbit.kernel import KERNEL_WORK_LIMIT
from symorbit.kernel.chambers import chamber_profiles
from symorbit.kernel.check import Budget
from symorbit.mdp.library import candy
from symorbit.orbits.extremes import worst_cases
from symorbit.orbits.profiles import _enumerate, _prepare


def random_mdp(rng: random.Random, n: int = 5) -> MDP:
    states = [f"s{i}" for i in range(n)]
    return MDP.deterministic({s: rng.sample(states, rng.randint(1, 3)) for s in states})


def instances(n_random: int):
    yield "Q^4: A={(4,1,0,0),(0,3,2,0)} B={(2,0,0,3),(0,2,3,0)}", [(4, 1, 0, 0), (0, 3, 2, 0)], \
        [(2, 0, 0, 3), (0, 2, 3, 0)]
    yield "Q^4: one vs two, unequal sums", [(1, 0, 0, 0)], [(0, 1, 0, 0), (0, 0, 2, 0)]
    F = visit_distributions(candy(), "start", "1/2")
    yield "candy MDP (d=5), gamma=1/2", F.restrict("candy"), F.restrict("wait")
    rng = random.Random(0)
    made = 0
    while made < n_random:
        env = random_mdp(rng)
        acts = env.actions("s0")
        if len(acts) < 2:
            continue
        made += 1
        F = visit_distributions(env, "s0", "1/2")
        yield f"random det. MDP #{made} (d=5), gamma=1/2, a={acts[0]} vs {acts[1]}", F.restrict(acts[0]), \
            F.restrict(acts[1])


def six_state(seed: int):
    env = random_mdp(random.Random(seed), 6)
    s0 = next(s for s in env.states if len(env.actions(s)) >= 2)
    a, b = env.actions(s0)[:2]
    F = visit_distributions(env, s0, "1/2")
    return F.restrict(a), F.restrict(b)


def _minima(found: dict, T: int) -> tuple:
    ratios = [Fraction(b, a) for b, a, t, o in found if a]
    return (min(ratios) if ratios else None, min(Fraction(b, o) for b, a, t, o in found),
            min(Fraction(b + t, o) for b, a, t, o in found))


def worst(limit: float) -> None:
    cases = [(name, A, B) for name, A, B in instances(5) if "MDP #" in name]
    cases += [(f"random det. MDP (d=6) seed {seed}", *six_state(seed)) for seed in range(1, 13)]
    for seed in range(4):
        rng = random.Random(seed)
        cases.append((f"2 + 2 random vectors in {{0..3}}^6, seed {seed}",
                      *([tuple(rng.randint(0, 3) for _ in range(6)) for _ in range(2)] for _ in range(2))))
    print("| instance | worst ratio / strict / weak | worst_cases | pieces | minima over count_profiles | ratio |")
    print("|---|---|---|---|---|---|")
    for name, A, B in cases:
        t = time.process_time()
        w = worst_cases(A, B)
        mine = time.process_time() - t
        values = (w.ratio.value, w.strict.value, w.weak.value)
        shown = " / ".join("none" if v is None else str(v) for v in values)
        problem, _ = _prepare(A, B, None)
        signal.setitimer(signal.ITIMER_PROF, limit)
        t = time.process_time()
        try:
            found, stats = _enumerate(problem, replayable=False)
            base = time.process_time() - t
            signal.setitimer(signal.ITIMER_PROF, 0)
            same = _minima(found, problem.px.shape[0]) == values
            baseline = f"{base:.2f} s ({stats['leaves']:,} leaves){'' if same else ' DIFFERENT MINIMA'}"
            ratio = f"{base / max(mine, 1e-3):.0f}x"
        except (TooLarge, _Stop) as e:
            signal.setitimer(signal.ITIMER_PROF, 0)
            baseline = "refused (cell bound)" if isinstance(e, TooLarge) else f"> {limit:g} s"
            ratio = "-" if isinstance(e, TooLarge) else f"> {limit / max(mine, 1e-3):.0f}x"
        print(f"| {name} | {shown} | {mine:.2f} s | {w.pieces:,} | {baseline} | {ratio} |", flush=True)


class _Stop(Exception):
    pass


def _stop(*_: object) -> None:
    raise _Stop


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--random", type=int, default=2)
    ap.add_argument("--worst", action="store_true")
    ap.add_argument("--limit", type=float, default=60.0)
    args = ap.parse_args()
    if args.worst:
        signal.signal(signal.SIGPROF, _stop)
        worst(args.limit)
        return
    for name, A, B in instances(args.random):
        t = time.process_time()
        try:
            problem, _ = _prepare(A, B, None)
            _, stats = _enumerate(problem)
        except TooLarge as e:
            print(f"{name}: refused after {time.process_time() - t:.2f}s: {e}")
            continue
        engine = time.process_time() - t
        nd = [len(g) for g in problem.groups]
        print(f"{name}: |ND(A)|={nd[0]} |ND(B)|={nd[1]} hyperplanes={stats['hyperplanes']} "
              f"bound={stats['cell_bound']:.3g} leaves={stats['leaves']} witnesses={stats['witnesses']} "
              f"profiles={stats['profiles']} time={engine:.2f}s", flush=True)
        # The kernel replaying the engine's split tree (the completeness certificate of family "all").
        sets = [[problem.vectors[i] for i in g] for g in problem.groups]
        nodes = sum(len(tree) for tree in stats["trees"])
        budget = Budget(10**12)      # one replay, with the work counted past the kernel's bound
        t = time.process_time()
        chamber_profiles(sets[0], sets[1], None, stats["trees"], budget, [])
        work = 10**12 - budget.left
        print(f"    kernel replay: {nodes} tree nodes, {time.process_time() - t:.2f}s, {work} work units "
              f"({'within' if work <= KERNEL_WORK_LIMIT else 'OVER'} the kernel's bound of {KERNEL_WORK_LIMIT})",
              flush=True)


if __name__ == "__main__":
    main()
