"""Benchmark: ND(X) (the vertices of conv X, OPTS Def. E.9) beside one exact LP per vector.

    python benchmarks/nondomination.py                    # about a minute on 2 cores
    python benchmarks/nondomination.py --naive-limit 60   # let the baseline run longer before extrapolating

Instances (fixed seeds, so runs of different versions of symorbit see the same sets):

* ``mdpN``: F(s0) at γ = 9/10 of five random N-state deterministic MDPs (every state 2–4
  successors, one terminal), summed;
* ``grid4x3:00`` / ``grid4x3:11``: F(s) at γ = 9/10 of the 4×3 gridworld (moves to
  4-neighbours and stay) from a corner and an inner cell: 871 and 615 vectors whose entries
  need 119 bits at one common scale;
* ``cubeN×d``: N distinct random integer vectors in [0, 9]^d, most of them vertices.

symorbit is :func:`symorbit.nondominated` (certified: a witness reward or convex weights per
vector, re-checked by substitution). The baseline is what one writes by hand with an exact LP:
for each x, "x ∈ conv(X ∖ {x})?" as one Phase-I LP over all the other vectors, in Fractions
(the project's exact simplex, so it is exact too). Past ``--naive-limit`` CPU seconds it stops
and is extrapolated by the vectors done ("~"). CPU seconds of this process; ratio = baseline /
symorbit. Both must find the same vertices where the baseline ran in full.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.power import gridworld  # noqa: E402  (the gridworlds exact POWER is benchmarked on)
from symorbit import MDP, nondominated, visit_distributions  # noqa: E402
from symorbit.outcomes.nondominated import _phase_one  # noqa: E402


def random_mdp(n: int, seed: int) -> MDP:
    rng = random.Random(seed)
    names = [f"s{i}" for i in range(n)]
    adj: dict[str, list[str]] = {}
    for i, s in enumerate(names):
        adj[s] = [] if i == n - 1 else rng.sample(names, rng.randint(2, 4))
    return MDP.deterministic(adj, name=f"rand{n}_{seed}")


def instances(count: int) -> list[tuple[str, list[list[tuple[Fraction, ...]]]]]:
    out = []
    for n in (8, 9, 10):
        out.append((f"mdp{n} (×{count})",
                    [list(visit_distributions(random_mdp(n, seed), "s0", "9/10").vectors) for seed in range(count)]))
    for s in ("00", "11"):
        out.append((f"grid4x3:{s}", [list(visit_distributions(gridworld(4, 3), s, "9/10").vectors)]))
    rng = random.Random(0)
    for n, d in ((200, 8), (400, 6), (1000, 8)):
        cube = sorted({tuple(Fraction(rng.randrange(10)) for _ in range(d)) for _ in range(n)})
        out.append((f"cube{n}×{d}", [cube]))
    return out


def naive(vecs: list[tuple[Fraction, ...]], limit: float) -> tuple[set[tuple[Fraction, ...]], float, bool]:
    """(vertices found, CPU s, whether all vectors were decided) by one LP per vector over all the others."""
    one = Fraction(1)
    start, found = time.process_time(), set()
    for done, x in enumerate(vecs):
        if time.process_time() - start > limit:
            return found, (time.process_time() - start) * len(vecs) / done, False
        if not _phase_one([v + (one,) for v in vecs if v != x], x + (one,))[0]:
            found.add(x)
    return found, time.process_time() - start, True


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--count", type=int, default=5, help="random MDPs per size (default 5)")
    ap.add_argument("--naive-limit", type=float, default=20.0, help="CPU s of the baseline per row before it is "
                    "extrapolated (default 20)")
    args = ap.parse_args()
    print("| instance | vectors | vertices | symorbit s | one LP per vector s | ratio |")
    print("|---|---|---|---|---|---|")
    for name, sets in instances(args.count):
        ours, theirs, full, agree = 0.0, 0.0, True, True
        nvec = nvert = 0
        for vecs in sets:
            t = time.process_time()
            nd = set(nondominated(vecs).vectors)
            ours += time.process_time() - t
            found, spent, done = naive(vecs, args.naive_limit)
            theirs += spent
            full = full and done
            agree = agree and (not done or found == nd)
            nvec, nvert = nvec + len(vecs), nvert + len(nd)
        if not agree:
            raise SystemExit(f"{name}: the baseline found other vertices than nondominated")
        mark = "" if full else "~"
        print(f"| {name} | {nvec} | {nvert} | {ours:.3g} | {mark}{theirs:.3g} | {theirs / ours:.1f}× |", flush=True)


if __name__ == "__main__":
    main()
