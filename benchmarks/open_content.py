"""Evidence where PR Conjecture D.13 is open: instances with m ≥ 2 things, decided over every reward.

    python benchmarks/open_content.py run --family split-mdp:5:3 [--shard 0/2] [--budget 420] [--max-family-work N]
    python benchmarks/open_content.py report [--every-failure] [--out FILE]

``run`` goes through every instance of a family (resuming its checkpoint in
benchmarks/.search/open__FAMILY[__SHARD].jsonl) and records, per instance:

* m (the things of A: each vector of A, or the spec's ``parts``) and n (the common copies
  in B) under the **corrected** hypotheses (n ≥ m and every φ_ji fixes C,
  ``fractional_conjecture+n_at_least_m+fix_C``) and under the **literal** ones (PR Conj.
  D.13 as stated, ``fractional_conjecture``);
* for m ≥ 2, each form decided over **every** reward r ∈ Q^d (``check_all_rewards``: the
  count profiles of the hyperplane arrangement, each with an exact witness; "holds" is
  kernel-checked with the chamber subdivision where the replay fits): the status, the
  exact worst #B-better/#A-better over all rewards with its witness, n/m, and for a
  failure the smallest failing reward (fewest distinct values, then lexicographically),
  kernel-checked. Instances count_profiles refuses are recorded as "too large".

Instances with m = 1 are counted (with their n) but not decided: there the corrected
statement is PR Prop. A.11 (B contains n copies of A via involutions fixing C ⇒
B ≥ⁿ_most A), a theorem. ``--budget`` stops a run after so many seconds (a later run
resumes); ``--shard i/k`` takes every k-th instance from the i-th, so k processes can share
a family.

``report`` reads every checkpoint and prints the tables of docs/research.md: per family and
(m, n), the instances meeting the corrected hypotheses, how many are decided over every
reward, hold or fail, the tightest worst ratio ÷ (n/m) and how often n/m is attained; then the
literal and corrected forms side by side on the m ≥ 2 instances, each failure with its reward.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from collections import defaultdict
from fractions import Fraction
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
warnings.filterwarnings("ignore")

from symorbit.counterexamples.families import MAX_FAMILY_WORK, family  # noqa: E402
from symorbit.counterexamples.worker import instance_from_spec  # noqa: E402
from symorbit.errors import TooLarge  # noqa: E402
from symorbit.exact.numbers import fraction_str  # noqa: E402
from symorbit.proofs.all_rewards import check_all_rewards  # noqa: E402
from symorbit.theorems import fractional_conjecture as fc  # noqa: E402

CHECKPOINTS = Path(__file__).resolve().parent / ".search"
FORMS = {"literal": fc.STATEMENT, "corrected": fc.statement(("n_at_least_m", "fix_C"))}


def coverage(m: int) -> str:
    """Whether an instance with m things meeting the corrected hypotheses (n ≥ m, φ_ji·C = C) is covered by a
    proved result or is open content."""
    return "covered (m = 1: PR Prop. A.11)" if m == 1 else "open (m ≥ 2)"


def _checkpoint(fam: str, shard: str | None) -> Path:
    safe = fam.replace(":", "_").replace("/", "-")
    return CHECKPOINTS / (f"open__{safe}" + (f"__{shard.replace('/', 'of')}" if shard else "") + ".jsonl")


def _decide(form: str, inst: Any) -> dict[str, Any]:
    t = time.perf_counter()
    try:
        v = check_all_rewards(FORMS[form], inst)
    except TooLarge as exc:
        return {"status": "too large", "reason": str(exc)[:200], "seconds": round(time.perf_counter() - t, 2)}
    w = v.claim_worst
    out: dict[str, Any] = {"status": v.status, "bound": fraction_str(v.bound) if v.bound is not None else None,
                           "profiles": v.profiles, "provenance": v.provenance,
                           "worst": None if w.value is None else fraction_str(w.value),
                           "witness": None if w.profile is None else [fraction_str(x) for x in w.profile.reward],
                           "seconds": round(time.perf_counter() - t, 2)}
    if v.status == "fails":
        out["counterexample"] = [fraction_str(x) for x in v.counterexample or ()]
    return out


def examine(spec: dict[str, Any]) -> dict[str, Any]:
    """One instance: (m, n) under both forms, and both forms decided over every reward when m ≥ 2."""
    inst = instance_from_spec(spec)
    rec: dict[str, Any] = {"key": spec["key"], "d": inst.d, "A": len(inst.A), "B": len(inst.B), "C": len(inst.C)}
    m_quick = len(inst.parts) if inst.parts is not None else len(inst.A)
    for form in ("corrected", "literal"):
        hyp = FORMS[form].check_hypotheses(inst)
        data = hyp.data or {}
        rec[form] = {"met": hyp.met, "m": data.get("m", m_quick), "n": data.get("n"),
                     "exhaustive": data.get("exhaustive")}
        if not (hyp.met and rec[form]["m"] >= 2):
            continue
        c = rec["corrected"]
        if form == "literal" and c["met"] and (c["m"], c["n"]) == (rec[form]["m"], rec[form]["n"]):
            # The same A, B, C, comparison mode and bound n/m: the verdict over every reward is the same.
            rec[form].update({k: v for k, v in c.items() if k not in ("met", "m", "n", "exhaustive")},
                             same_as="corrected")
        else:
            rec[form].update(_decide(form, inst))
    return rec


def run(args: argparse.Namespace) -> None:
    fam = family(args.family, max_work=args.max_family_work)
    specs = list(fam.specs)
    if args.shard:
        i, k = (int(x) for x in args.shard.split("/"))
        specs = specs[i::k]
    CHECKPOINTS.mkdir(exist_ok=True)
    path = _checkpoint(fam.name, args.shard)
    done = set()
    if path.exists():
        done = {json.loads(line)["key"] for line in path.read_text().splitlines() if line.strip()}
    start = time.perf_counter()
    with path.open("a") as out:
        for spec in specs:
            if spec["key"] in done:
                continue
            if time.perf_counter() - start > args.budget:
                print(f"budget reached; {len(done)} of {len(specs)} done, resume with the same command", flush=True)
                return
            rec = examine(spec)
            out.write(json.dumps(rec) + "\n")
            out.flush()
            done.add(spec["key"])
    print(f"{fam.name}{' shard ' + args.shard if args.shard else ''}: all {len(specs)} instances done", flush=True)


def _records() -> dict[str, list[dict[str, Any]]]:
    by_family: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for path in sorted(CHECKPOINTS.glob("open__*.jsonl")):
        kind, *sizes = path.stem.split("__")[1].split("_")      # the family spec, as _checkpoint wrote it
        name = ":".join([kind] + [x.replace("-", "/") for x in sizes])
        for line in path.read_text().splitlines():
            if line.strip():
                by_family[name].append(json.loads(line))
    return dict(sorted(by_family.items()))


def _family_label(prefix: str, total: dict[str, int]) -> str:
    return f"{prefix} ({total[prefix]} instances)"


def _one_hot_counts(fam_name: str, recs: list[dict[str, Any]]) -> dict[tuple[int, int], int]:
    """Per (m, n) with m ≥ 2 (corrected form): how many instances have only one-hot vectors in A ∪ B (where
    B-better vs A-better depends on the ranks of r alone)."""
    wanted = {r["key"] for r in recs if r["corrected"]["met"] and r["corrected"]["m"] >= 2}
    if not wanted:
        return {}
    out: dict[tuple[int, int], int] = defaultdict(int)
    by_key = {r["key"]: r for r in recs}
    for spec in family(fam_name, max_work=10**12).specs:    # built (and cached) by the run that recorded it
        if spec["key"] in wanted:
            inst = instance_from_spec(spec)
            if all(sorted(v) == [0] * (inst.d - 1) + [1] for v in list(inst.A) + list(inst.B)):
                c = by_key[spec["key"]]["corrected"]
                out[(c["m"], c["n"])] += 1
    return out


def report(args: argparse.Namespace) -> None:
    by_family = _records()
    total = {f: len(rs) for f, rs in by_family.items()}
    lines = ["### Per (m, n): the corrected form (n ≥ m, every φ_ji fixes C), decided over every reward", "",
             "| family | m | n | status | instances meeting the corrected hypotheses | of which A ∪ B one-hot | "
             "decided over every reward | holds | fails | too large | kernel-checked | tightest worst ratio ÷ n/m | "
             "n/m attained |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    one_hot = {name: _one_hot_counts(name, recs) for name, recs in by_family.items()}
    for fam_name, recs in by_family.items():
        groups: dict[tuple[int, int], list[dict[str, Any]]] = defaultdict(list)
        for rec in recs:
            c = rec["corrected"]
            if c["met"]:
                groups[(c["m"], c["n"])].append(c)
        for (m, n), cs in sorted(groups.items()):
            if m == 1:
                lines.append(f"| {_family_label(fam_name, total)} | 1 | {n} | {coverage(1)} | {len(cs)} | — | "
                             "not decided here (a theorem) | — | — | — | — | — | — |")
                continue
            hot = one_hot[fam_name].get((m, n), 0)
            holds = [c for c in cs if c.get("status") == "holds"]
            fails = [c for c in cs if c.get("status") == "fails"]
            large = [c for c in cs if c.get("status") == "too large"]
            kernel = sum(str(c.get("provenance", "")).startswith("kernel-checked") for c in holds + fails)
            slack = [Fraction(c["worst"]) / Fraction(c["bound"]) for c in holds if c.get("worst") is not None]
            tight = "— (A never strictly better)" if not slack else str(min(slack))
            attained = sum(s == 1 for s in slack)
            lines.append(f"| {_family_label(fam_name, total)} | {m} | {n} | {coverage(m)} | {len(cs)} | {hot} | "
                         f"{len(holds) + len(fails)} | {len(holds)} | {len(fails)} | {len(large)} | {kernel} | "
                         f"{tight} | {attained} of {len(holds)} |")
    lines += ["", "### The literal and the corrected form side by side on the instances with m ≥ 2", "",
              "Grouped by the literal form's (m, n) (PR Conj. D.13 as stated: no condition on C, n < m allowed); "
              "the corrected form's n can be smaller (its involutions must also fix C).", "",
              "| family | m | n (literal) | instances | literal holds | literal fails | literal too large | "
              "corrected hypotheses met | corrected holds | corrected fails | why the corrected hypotheses fail |",
              "|---|---|---|---|---|---|---|---|---|---|---|"]
    failures = []
    for fam_name, recs in by_family.items():
        groups: dict[tuple[int, int], list[dict[str, Any]]] = defaultdict(list)
        for r in recs:
            if r["literal"]["met"] and r["literal"]["m"] >= 2:
                groups[(r["literal"]["m"], r["literal"]["n"])].append(r)
        for (m, n), rs in sorted(groups.items()):
            lit = [r["literal"].get("status") for r in rs]
            cor = [r["corrected"] for r in rs if r["corrected"]["met"]]
            why = "n < m" if n < m else ("φ_ji·C ≠ C for the n copies" if len(cor) < len(rs) else "—")
            lines.append(f"| {_family_label(fam_name, total)} | {m} | {n} | {len(rs)} | {lit.count('holds')} | "
                         f"{lit.count('fails')} | {lit.count('too large')} | {len(cor)} | "
                         f"{sum(c.get('status') == 'holds' for c in cor)} | "
                         f"{sum(c.get('status') == 'fails' for c in cor)} | {why} |")
        for r in recs:
            for form in ("literal", "corrected"):
                f = r[form]
                if f["met"] and f["m"] >= 2 and f.get("status") == "fails":
                    failures.append((r["key"], form, f["m"], f["n"], f["worst"], f["bound"], f["counterexample"]))
    patterns: dict[tuple[Any, ...], list[str]] = defaultdict(list)
    for key, form, m, n, worst, bound, cex in failures:
        patterns[(form, m, n, worst, bound, tuple(cex))].append(key)
    lines += ["", f"### Every failure on the m ≥ 2 instances ({len(failures)}), grouped by what fails", "",
              "Each failure is decided over every reward and kernel-checked; the reward is the smallest failing one "
              "(fewest distinct values, then lexicographically).", "",
              "| form | m | n | worst #B-better/#A-better | n/m | smallest failing reward | instances | first instance |",
              "|---|---|---|---|---|---|---|---|"]
    for (form, m, n, worst, bound, cex), keys in sorted(patterns.items(), key=lambda kv: -len(kv[1])):
        lines.append(f"| {form} | {m} | {n} | {worst} | {bound} | ({', '.join(cex)}) | {len(keys)} | {keys[0]} |")
    if args.every_failure:
        lines += ["", "| instance | form | m | n | worst #B-better/#A-better | n/m | smallest failing reward |",
                  "|---|---|---|---|---|---|---|"]
        lines += [f"| {key} | {form} | {m} | {n} | {worst} | {bound} | ({', '.join(cex)}) |"
                  for key, form, m, n, worst, bound, cex in failures]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out:
        Path(args.out).write_text(text)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run")
    r.add_argument("--family", required=True)
    r.add_argument("--shard", help="i/k: every k-th instance from the i-th")
    r.add_argument("--budget", type=float, default=420.0, help="seconds before stopping (resumable)")
    r.add_argument("--max-family-work", type=int, default=MAX_FAMILY_WORK,
                   help="refuse a family whose estimated work exceeds this (det-mdp:5:2 needs 10^8)")
    p = sub.add_parser("report")
    p.add_argument("--out")
    p.add_argument("--every-failure", action="store_true", help="also list every failing instance with its reward")
    args = ap.parse_args()
    run(args) if args.command == "run" else report(args)


if __name__ == "__main__":
    main()
