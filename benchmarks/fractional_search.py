"""Run the fractional conjecture (PR Conj. D.13) over families of small instances.

    python benchmarks/fractional_search.py [--out results.md]

For the conjecture as PR states it, and with each hypothesis a user can add, over every
instance of each family, print the number of instances checked, how many hold, how many
do not meet the hypotheses, and the counterexamples found (each kernel-checked).
Checkpoints go to benchmarks/.search/ so an interrupted run resumes.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
warnings.filterwarnings("ignore")

from symorbit.counterexamples.runner import family, search  # noqa: E402
from symorbit.kernel import check_certificate  # noqa: E402

STATEMENTS = ["fractional_conjecture", "fractional_conjecture+n_at_least_m", "fractional_conjecture+fix_C",
              "fractional_conjecture+disjoint", "fractional_conjecture+n_at_least_m+fix_C"]
FAMILIES = ["one-hot:8", "det-mdp:3:3", "det-mdp:3:3:1/2", "det-mdp:4:2", "det-mdp:4:2:1/2"]
LARGE = ["one-hot:10", "det-mdp:4:3", "det-mdp:4:3:1/2"]
STOCHASTIC = ["stoch-mdp:3:2"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=None)
    ap.add_argument("--rewards", default="patterns:0,1,2")
    ap.add_argument("--large", action="store_true", help="the larger families (several minutes)")
    ap.add_argument("--stochastic", action="store_true", help="stochastic MDPs on a probability grid")
    args = ap.parse_args()
    ck = Path(__file__).resolve().parent / ".search"
    ck.mkdir(exist_ok=True)
    lines = ["| statement | family | instances | holds | hypotheses not met | counterexamples | first counterexample "
             "| kernel | seconds |", "|---|---|---|---|---|---|---|---|---|"]
    for fam_spec in (STOCHASTIC if args.stochastic else LARGE if args.large else FAMILIES):
        t_fam = time.perf_counter()
        fam = family(fam_spec)
        print(f"built {fam.name}: {fam.size} instances in {time.perf_counter() - t_fam:.1f} s", file=sys.stderr)
        for st in STATEMENTS:
            t = time.perf_counter()
            res = search(st, fam, args.rewards, workers=2, progress=False,
                         checkpoint=ck / f"{st}__{fam_spec.replace(':', '_').replace('/', '-')}.jsonl")
            first = res.counterexamples[0] if res.counterexamples else None
            ok = all(check_certificate(c["certificate"]) == [] for c in res.counterexamples)
            desc = "—" if first is None else f"{first['key']} r=({','.join(first['counterexample'])})"
            lines.append(f"| {st} | {fam.name} ({fam.duplicates} isomorphic duplicates skipped) | {res.checked} | "
                         f"{res.holds} | {res.hypotheses_not_met} | {len(res.counterexamples)} | {desc} | "
                         f"{'all accepted' if ok else 'REJECTED'} | {time.perf_counter() - t:.1f} |")
            print(lines[-1], flush=True)
    text = "\n".join(lines)
    if args.out:
        Path(args.out).write_text(text + "\n")


if __name__ == "__main__":
    main()
