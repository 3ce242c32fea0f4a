"""Benchmark: ND(F(s)) on visit distributions of random 8–10-state deterministic MDPs.

    python benchmarks/nondomination.py              # a few seconds per size on 2 cores
    python benchmarks/nondomination.py --count 10   # more MDPs per size

Each MDP is drawn with a fixed seed (every state gets 2–4 successors, one state is
terminal), so runs of different versions of symorbit see the same instances. The
figure is the wall time of :func:`symorbit.nondominated` summed over the instances;
every answer is certified exactly by substitution inside that call.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from symorbit import MDP, nondominated, visit_distributions


def random_mdp(n: int, seed: int) -> MDP:
    rng = random.Random(seed)
    names = [f"s{i}" for i in range(n)]
    adj: dict[str, list[str]] = {}
    for i, s in enumerate(names):
        if i == n - 1:
            adj[s] = []
        else:
            adj[s] = rng.sample(names, rng.randint(2, 4))
    return MDP.deterministic(adj, name=f"rand{n}_{seed}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=5)
    ap.add_argument("--sizes", default="8,9,10")
    args = ap.parse_args()
    for n in map(int, args.sizes.split(",")):
        sizes, nds, total = [], [], 0.0
        for seed in range(args.count):
            F = visit_distributions(random_mdp(n, seed), "s0", "9/10")
            t = time.perf_counter()
            nd = nondominated(F)
            total += time.perf_counter() - t
            sizes.append(len(F))
            nds.append(len(nd))
        print(f"n={n:2d}  |F| per MDP {sizes}  |ND| {nds}  ND time {total:.3f} s total")


if __name__ == "__main__":
    main()
