"""Time counts_over_gamma, and what its checks cost, on the library's instances.

    python benchmarks/discount.py [--figure1]

For each instance: candidate roots, breakpoints (irrational ones counted), seconds for
the whole call, and seconds spent in the invariant checks (``_verify``). Wall-clock
times on whatever machine runs it; nothing here is asserted. ``--figure1`` adds OPTS
Figure 1 with the tour's reward r = (0, …, 7) over S_8 (ℓ◁ vs r▷, 967,680 comparison
polynomials, computed by raising ``max_polynomials``; about a minute).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import symorbit.analysis.discount as D  # noqa: E402
from symorbit.mdp.environment import MDP  # noqa: E402
from symorbit.mdp.library import candy, die_live, opts_figure1  # noqa: E402

LASSO = MDP.deterministic({"s": ["a", "t"], "a": [], "t": ["u"], "u": ["v"], "v": ["u"]}, name="lasso")

CASES = [
    ("candy (0,1,2,3,10)", candy(), "start", ["candy"], ["wait"], (0, 1, 2, 3, 10), False),
    ("candy (0,1,2,3,10) relative", candy(), "start", ["candy"], ["wait"], (0, 1, 2, 3, 10), True),
    ("lasso (0,1,0,2,1)", LASSO, "s", ["a"], ["t"], (0, 1, 0, 2, 1), False),
    ("lasso (0,1,2,3,4) relative", LASSO, "s", ["a"], ["t"], (0, 1, 2, 3, 4), True),
    ("die-live:2:3 (0,0,0,1,1,2,2,3)", die_live(2, 3), "start", ["dying"], ["living"], (0, 0, 0, 1, 1, 2, 2, 3),
     False),
    ("opts-figure-1 (0,0,0,0,1,1,2,3)", opts_figure1(), "star", ["l_mid"], ["r_mid"], (0, 0, 0, 0, 1, 1, 2, 3), False),
]
FIGURE1 = [("opts-figure-1 (0,1,2,3,4,5,6,7)", opts_figure1(), "star", ["l_mid"], ["r_mid"], tuple(range(8)), False)]


def main() -> None:
    real_verify = D._verify
    spent = [0.0]

    def timed_verify(*args, **kwargs):  # type: ignore[no-untyped-def]
        t = time.perf_counter()
        try:
            return real_verify(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - t

    D._verify = timed_verify
    print("| instance | candidates | breakpoints (irrational) | pieces | seconds | of which checks |")
    print("|---|---|---|---|---|---|")
    for name, env, s, a, b, r, rel in CASES + (FIGURE1 if "--figure1" in sys.argv else []):
        spent[0] = 0.0
        t = time.perf_counter()
        res = D.counts_over_gamma(env, s, a, b, r, relative_to="all" if rel else None, max_polynomials=10**7)
        total = time.perf_counter() - t
        irr = sum(not x.is_Rational for x in res.breakpoints)
        print(f"| {name} | {len(res.candidates)} | {len(res.breakpoints)} ({irr}) | {len(res.pieces)} | "
              f"{total:.2f} | {spent[0]:.2f} |")


if __name__ == "__main__":
    main()
