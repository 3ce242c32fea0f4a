"""Run the fractional conjecture (PR Conj. D.13) over families of small instances.

    python benchmarks/fractional_search.py [--out results.md]
    python benchmarks/fractional_search.py --all-rewards [--families det-mdp:4:3,...] [--out results.md]

For the conjecture as PR states it, and with each hypothesis a user can add, over every
instance of each family, print the number of instances checked, how many hold, how many
do not meet the hypotheses, and the counterexamples found (each kernel-checked).
Checkpoints go to benchmarks/.search/ so an interrupted run resumes.

``--all-rewards`` decides every instance for **every** reward r ∈ Q^d (``--rewards all``:
count_profiles lists every count profile, see symorbit/proofs/all_rewards.py) and adds the
tightest case: over the instances that hold, the minimum of (worst #B-better/#A-better over
all rewards) ÷ (the claimed n/m), with the instance and its witness reward. "decided" counts
the instances decided for every reward (hold or fail); "too large" counts those count_profiles
refuses up front (d > 7 or too many cells).

Every run also prints a second table, per (m, n) (m things in A, n common copies in B, from each
instance's certificate), with whether the instances are covered by a proved result — m = 1: the
corrected form (n ≥ m, φ·C = C) is PR Prop. A.11 (and, at average reward, Thm D.11 where it
applies) — or are open content (m ≥ 2). benchmarks/open_content.py searches families aimed at m ≥ 2.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from fractions import Fraction
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
warnings.filterwarnings("ignore")

from symorbit.counterexamples.runner import family, search  # noqa: E402
from symorbit.kernel import check_certificate  # noqa: E402

STATEMENTS = ["fractional_conjecture", "fractional_conjecture+n_at_least_m", "fractional_conjecture+fix_C",
              "fractional_conjecture+disjoint", "fractional_conjecture+n_at_least_m+fix_C"]
FAMILIES = ["one-hot:8", "det-mdp:3:3", "det-mdp:3:3:1/2", "det-mdp:4:2", "det-mdp:4:2:1/2"]
LARGE = ["one-hot:10", "det-mdp:4:3", "det-mdp:4:3:1/2"]
STOCHASTIC = ["stoch-mdp:3:2"]
ALL_REWARDS = ["one-hot:4", "one-hot:5", "one-hot:6", "det-mdp:3:3", "det-mdp:3:3:1/2", "det-mdp:4:3:1/2",
               "stoch-mdp:3:2", "det-mdp:4:3", "one-hot:7"]


def _tightest(path: Path) -> tuple[Fraction | None, str]:
    """min over holding instances of worst ratio / claimed n/m, from a checkpoint of an all-rewards search."""
    best: tuple[Fraction, str] | None = None
    attained = 0
    for line in path.read_text().splitlines():
        rec = json.loads(line)
        w = rec.get("worst")
        if rec.get("status") != "holds" or not w or w["claim_worst"]["value"] is None:   # skips the header
            continue
        slack = Fraction(w["claim_worst"]["value"]) / Fraction(w["bound"])
        attained += slack == 1
        if best is None or slack < best[0]:
            best = (slack, f"{rec['key']}: {w['claim_worst']['value']} vs n/m = {w['bound']} at "
                           f"r=({','.join(w['claim_worst']['reward'])})")
    if best is None:
        return None, "— (A never strictly better)"
    return best[0], f"(equal to n/m on {attained} instances) {best[1]}"


def coverage(m: Any, n: Any, statement: str) -> str:
    """Whether instances with m things and n copies under ``statement`` are covered by a proved result, are
    open content, or lie outside the corrected form (n ≥ m and φ_ji·C = C)."""
    if m == "?" or n == "?":
        return "? (checkpoint written before (m, n) was recorded)"
    if "fix_C" not in statement:
        return "outside the corrected form: φ·C = C not required (PR Prop. A.11 needs it)"
    if n < m:
        return "outside the corrected form: n < m"
    return "covered (m = 1: PR Prop. A.11)" if m == 1 else "open (m ≥ 2)"


def per_mn(statement: str, fam_name: str, path: Path) -> list[str]:
    """Rows of the per-(m, n) table from a search checkpoint: decided instances, holds, fails, tightest case."""
    groups: dict[tuple[Any, Any], list[dict[str, Any]]] = {}
    for line in path.read_text().splitlines():
        rec = json.loads(line)
        if rec.get("status") in ("holds", "fails"):
            groups.setdefault((rec.get("m", "?"), rec.get("n", "?")), []).append(rec)
    rows = []
    for (m, n), recs in sorted(groups.items(), key=lambda kv: (str(kv[0][0]), str(kv[0][1]))):
        holds = [r for r in recs if r["status"] == "holds"]
        slack = [Fraction(r["worst"]["claim_worst"]["value"]) / Fraction(r["worst"]["bound"]) for r in holds
                 if r.get("worst") and r["worst"]["claim_worst"]["value"] is not None]
        if not any(r.get("worst") for r in recs):
            tight = "n/a (a reward family, not every reward)"
        else:
            tight = "—" if not slack else f"{min(slack)} (n/m attained on {sum(x == 1 for x in slack)})"
        rows.append(f"| {statement} | {fam_name} | {m} | {n} | {coverage(m, n, statement)} | {len(recs)} | {len(holds)} | "
                    f"{len(recs) - len(holds)} | {tight} |")
    return rows


MN_HEADER = ["| statement | family | m | n | covered or open | instances decided | holds | fails | "
             "tightest worst ratio ÷ n/m (every reward only) |", "|---|---|---|---|---|---|---|---|---|"]


def main_all_rewards(args: argparse.Namespace, ck: Path) -> None:
    lines = ["| statement | family | instances | decided for every reward | holds | hypotheses not met | "
             "counterexamples | too large | tightest worst ratio ÷ n/m (holding instances) | first counterexample "
             "| seconds |", "|---|---|---|---|---|---|---|---|---|---|---|"]
    mn = list(MN_HEADER)
    for fam_spec in (args.families.split(",") if args.families else ALL_REWARDS):
        fam = family(fam_spec)
        for st in (args.statements.split(",") if args.statements else STATEMENTS):
            t = time.perf_counter()
            path = ck / f"all__{st}__{fam_spec.replace(':', '_').replace('/', '-')}.jsonl"
            res = search(st, fam, "all", workers=2, progress=False, checkpoint=path)
            assert all(check_certificate(c["certificate"]).status == "verified" for c in res.counterexamples)
            first = res.counterexamples[0] if res.counterexamples else None
            desc = "—" if first is None else f"{first['key']} r=({','.join(first['counterexample'])})"
            slack, where = _tightest(path)
            lines.append(f"| {st} | {fam.name} | {res.checked} | {res.holds + len(res.counterexamples)} | {res.holds} "
                         f"| {res.hypotheses_not_met} | {len(res.counterexamples)} | {res.too_large} | "
                         f"{'—' if slack is None else slack} {where} | {desc} | {time.perf_counter() - t:.1f} |")
            print(lines[-1], flush=True)
            mn += per_mn(st, fam.name, path)
    print("\n".join(mn), flush=True)
    if args.out:
        Path(args.out).write_text("\n".join(lines) + "\n\n" + "\n".join(mn) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=None)
    ap.add_argument("--rewards", default="patterns:0,1,2")
    ap.add_argument("--large", action="store_true", help="the larger families (several minutes)")
    ap.add_argument("--stochastic", action="store_true", help="stochastic MDPs on a probability grid")
    ap.add_argument("--all-rewards", action="store_true", help="decide every instance for every reward (issue 13)")
    ap.add_argument("--families", help="comma-separated family specs (with --all-rewards)")
    ap.add_argument("--statements", help="comma-separated statements (with --all-rewards)")
    args = ap.parse_args()
    ck = Path(__file__).resolve().parent / ".search"
    ck.mkdir(exist_ok=True)
    if args.all_rewards:
        main_all_rewards(args, ck)
        return
    lines = ["| statement | family | instances | holds | hypotheses not met | counterexamples | first counterexample "
             "| kernel | seconds |", "|---|---|---|---|---|---|---|---|---|"]
    mn = list(MN_HEADER)
    for fam_spec in (STOCHASTIC if args.stochastic else LARGE if args.large else FAMILIES):
        t_fam = time.perf_counter()
        fam = family(fam_spec)
        print(f"built {fam.name}: {fam.size} instances in {time.perf_counter() - t_fam:.1f} s", file=sys.stderr)
        for st in STATEMENTS:
            t = time.perf_counter()
            path = ck / f"{st}__{fam_spec.replace(':', '_').replace('/', '-')}.jsonl"
            res = search(st, fam, args.rewards, workers=2, progress=False, checkpoint=path)
            first = res.counterexamples[0] if res.counterexamples else None
            ok = all(check_certificate(c["certificate"]).status == "verified" for c in res.counterexamples)
            desc = "—" if first is None else f"{first['key']} r=({','.join(first['counterexample'])})"
            lines.append(f"| {st} | {fam.name} ({fam.duplicates} isomorphic duplicates skipped) | {res.checked} | "
                         f"{res.holds} | {res.hypotheses_not_met} | {len(res.counterexamples)} | {desc} | "
                         f"{'all accepted' if ok else 'REJECTED'} | {time.perf_counter() - t:.1f} |")
            print(lines[-1], flush=True)
            mn += per_mn(st, fam.name, path)
    print("\n".join(mn), flush=True)
    text = "\n".join(lines) + "\n\n" + "\n".join(mn)
    if args.out:
        Path(args.out).write_text(text + "\n")


if __name__ == "__main__":
    main()
