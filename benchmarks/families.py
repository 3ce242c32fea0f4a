"""Time building det-mdp families: canonical forms (symorbit) against pairwise isomorphism tests.

    python benchmarks/families.py                  # det-mdp:4:2 with the pairwise baseline, det-mdp:4:3 without
    python benchmarks/families.py --baseline-43    # also the pairwise baseline on det-mdp:4:3 (minutes)

Canonical forms are timed on one process (workers=1) and on two (workers=2, chunks of the
orderly generation in a process pool), wall and CPU seconds (CPU includes the workers');
both builds must be identical.

The baseline is the construction symorbit used before: enumerate every labelled rooted
instance and keep it unless networkx finds it isomorphic to a kept one in its
Weisfeiler-Lehman bucket. Both must give the same classes in the same order.
"""

import argparse
import resource
import time
import warnings

from symorbit.counterexamples.families import family
from symorbit.testing.naive import naive_det_mdp_classes


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--baseline-43", action="store_true")
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    print(f"{'family':<13} {'classes':>8} {'duplicates':>12} {'1 process wall/CPU':>20} "
          f"{'2 processes wall/CPU':>22} {'pairwise':>10}")
    for k, deg in ((4, 2), (4, 3)):
        timings = []
        builds = []
        for workers in (1, 2):
            t, c = time.perf_counter(), _cpu()
            builds.append(family(f"det-mdp:{k}:{deg}", cache=False, workers=workers))
            timings.append(f"{time.perf_counter() - t:.1f} / {_cpu() - c:.1f} s")
        assert builds[0] == builds[1], "the parallel build differs from the serial one"
        fam = builds[0]
        base = "skipped"
        if (k, deg) == (4, 2) or args.baseline_43:
            t = time.perf_counter()
            reps = naive_det_mdp_classes(k, deg)
            base = f"{time.perf_counter() - t:.1f} s"
            assert [(s["state"], s["a"], s["b"]) for s in fam] == [(f"s{s}", f"s{a}", f"s{b}") for _, s, a, b in reps]
        print(f"det-mdp:{k}:{deg:<4} {fam.size:>8} {fam.duplicates:>12} {timings[0]:>20} {timings[1]:>22} {base:>10}")


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the pool's workers)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


if __name__ == "__main__":
    main()
