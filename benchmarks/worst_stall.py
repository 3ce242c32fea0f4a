"""Where `worst_cases` stalls: the rays its deep pieces share, the counts there, and the splits that follow.

    python benchmarks/worst_stall.py                       # 4 + 4 vectors in [0, 10^6)^6, seed 1; 20,000 pieces
    python benchmarks/worst_stall.py --pieces 40000 --instance "20 + 20 vectors in [0, 9]^6, seed 1"

Runs the branch and bound of ``symorbit.orbits.extremes`` on one instance of benchmarks/profiles.py (its
``worst_instances()`` and ``class_instances()``, matched by a substring of the name) until it has examined
``--pieces`` pieces, and prints:

* the best values found so far (each a count profile: B-better, A-better, tied, orbit size);
* for the pieces split in the second half of the run, the ray with the smallest coordinates of each, how many
  pieces have it, and the counts ``orbit_counts`` gives at it (per permutation: B-better, A-better, tied);
* the last splits of the deepest path: depth, the bounds on #B-better and #A-better, and whether the split's
  hyperplane passes through the most frequent of those rays.

docs/performance.md#worst-cases reads this output for the two d = 6 instances still past 60 s.
"""

from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from profiles import class_instances, worst_instances  # noqa: E402

from symorbit import orbit_counts  # noqa: E402
from symorbit.errors import TooLarge  # noqa: E402
from symorbit.orbits.extremes import _search  # noqa: E402
from symorbit.orbits.profiles import _prepare  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--instance", default="4 + 4 vectors in [0, 10^6)^6, seed 1")
    ap.add_argument("--pieces", type=int, default=20_000)
    ap.add_argument("--last", type=int, default=20, help="splits of the deepest path to print")
    args = ap.parse_args()
    cases = [c for c in worst_instances() + class_instances() if args.instance in c[0]]
    if not cases:
        sys.exit(f"no instance matches {args.instance!r}")
    name, A, B = cases[0]
    problem, _ = _prepare(A, B, None)
    print(f"{name}: d = {problem.d}, non-dominated vectors {[len(g) for g in problem.groups]}, "
          f"stopped at {args.pieces:,} pieces")

    path: list[tuple] = []           # the current path's splits, ancestors first (depths start at a root's size)
    deepest: list[tuple] = []
    small = collections.Counter()
    best: dict = {}

    def trace(search, cone, depth, gt_lb, lt_ub, normal) -> None:
        while path and path[-1][0] >= depth:     # depth-first: what is not an ancestor has ended
            path.pop()
        path.append((depth, gt_lb, lt_ub, tuple(normal)))
        if len(path) > len(deepest):
            deepest[:] = path
        if search.pieces > args.pieces // 2:
            small[min(cone, key=lambda r: r.top).g] += 1
        best.update(search.best)

    try:
        _search(problem, False, args.pieces, trace=trace)
        print("decided within the limit")
    except TooLarge:
        pass
    for q, v in best.items():
        print(f"best {q}: {v[0] if v else None} at {v[1] if v else '-'}")
    print("\nsmallest ray of the pieces split in the second half (pieces, ray, counts there per permutation):")
    for g, k in small.most_common(5):
        counts = orbit_counts(A, B, list(g)).over_permutations()
        print(f"  {k:6d}  {g}  B-better {counts.b_better}, A-better {counts.a_better}, tied {counts.ties}")
    star = small.most_common(1)[0][0] if small else None
    print(f"\nthe deepest path ({len(deepest)} splits), its last {args.last}: depth, B-better at least, "
          "A-better at most, through the first ray above")
    for depth, gl, lu, normal in deepest[-args.last:]:
        through = star is not None and sum(a * b for a, b in zip(normal, star)) == 0
        print(f"  {depth:5d}  {gl:4d}  {lu:4d}  {'yes' if through else 'no':3s}  normal {normal}")


if __name__ == "__main__":
    main()
