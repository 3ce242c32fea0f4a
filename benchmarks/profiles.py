"""Time count_profiles per instance (issue 13): d = 4 outcome sets and d = 5 deterministic MDPs.

    python benchmarks/profiles.py            # the fixed instances below
    python benchmarks/profiles.py --random 5 # plus 5 random 5-state deterministic MDPs (seeded)

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
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from symorbit import MDP, TooLarge, visit_distributions
from symorbit.kernel import KERNEL_WORK_LIMIT
from symorbit.kernel.chambers import chamber_profiles
from symorbit.kernel.check import Budget
from symorbit.mdp.library import candy
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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--random", type=int, default=2)
    args = ap.parse_args()
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
