"""The README's research-table row for a `search --rewards all` checkpoint, counted from its records.

    python benchmarks/all_rewards_table.py CHECKPOINT [...] [--census FILE] [--total N] [--one-hot]

Each CHECKPOINT is the JSONL file of ``symorbit search STATEMENT --family F --rewards all
--checkpoint CHECKPOINT`` (its first line names the statement and the family). Prints, per
checkpoint, a summary (records, statuses, how each "holds" was checked) and the rows of the
README's "Research results" table: the instances meeting the hypotheses per (m, n) (m things in
A, n common copies in B, from each verdict's certificate), covered by PR Prop. A.11 (m = 1) or
open (m ≥ 2), how many are decided over every reward, hold or fail, and on how many the worst
#B-better/#A-better over every reward equals n/m.

``--census FILE`` takes the (m, n) of every instance of the family from a
``benchmarks/open_content.py run`` checkpoint of the same family (it computes the hypotheses of
every instance and decides only m ≥ 2): a partial run's rows then give the family's counts per
(m, n) and how many of them the run has decided, and every record of the run is checked against
the census (the same (m, n), or hypotheses not met in both). ``--total N`` marks a checkpoint
with fewer than N records as partial (the census sets it). ``--one-hot`` rebuilds the family
(from its cache) to say how many m ≥ 2 instances have one-hot A ∪ B (only the ranks of r matter
there). Nothing is typed by hand: every figure is a count over the records (a record repeated by
a resumed run is counted once).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from fractions import Fraction
from pathlib import Path
from typing import Any


def read(path: Path) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """The checkpoint's header and its records by instance key (the last record of a key wins)."""
    header: dict[str, Any] = {}
    records: dict[str, dict[str, Any]] = {}
    for line in path.read_text().splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        if "symorbit_checkpoint" in rec:
            header = rec
        else:
            records[rec["key"]] = rec
    return header, records


def _label(header: dict[str, Any]) -> str:
    fam = str(header.get("family", "?"))
    kind, *rest = fam.split(":")
    if len(rest) == 3:
        disc = "average reward" if rest[2] == "average" else f"γ = {rest[2]}"
        return f"{kind}:{rest[0]}:{rest[1]}, {disc}"
    return fam


def _attained(recs: list[dict[str, Any]]) -> int:
    """Holding records whose worst #B-better/#A-better over every reward equals the bound n/m."""
    out = 0
    for r in recs:
        w = r.get("worst") or {}
        cw = w.get("claim_worst") or {}
        if r["status"] == "holds" and cw.get("value") is not None:
            out += Fraction(cw["value"]) == Fraction(w["bound"])
    return out


def one_hot_keys(family_name: str, keys: set[str]) -> set[str]:
    """Of ``keys``, the instances of ``family_name`` whose vectors in A ∪ B are all one-hot."""
    from symorbit.counterexamples.families import family
    from symorbit.counterexamples.worker import instance_from_spec

    out = set()
    for spec in family(family_name, max_work=10**12).specs:   # cached on disk by the search that ran it
        if spec["key"] in keys:
            inst = instance_from_spec(spec)
            if all(sorted(v) == [0] * (inst.d - 1) + [1] for v in list(inst.A) + list(inst.B)):
                out.add(spec["key"])
    return out


def read_census(path: Path) -> dict[str, tuple[int, int] | None]:
    """(m, n) under the corrected hypotheses per instance key of an open_content checkpoint (None: not met)."""
    out: dict[str, tuple[int, int] | None] = {}
    for line in path.read_text().splitlines():
        if line.strip():
            rec = json.loads(line)
            c = rec["corrected"]
            out[rec["key"]] = (c["m"], c["n"]) if c["met"] else None
    return out


def table(path: Path, total: int | None = None, one_hot: bool = False, census: Path | None = None) -> list[str]:
    """The summary lines and README rows for one checkpoint."""
    header, records = read(path)
    family_mn: Counter[tuple[int, int]] = Counter()
    disagree = 0
    if census is not None:
        by_key = read_census(census)
        family_mn.update(mn for mn in by_key.values() if mn is not None)
        total = len(by_key)
        for r in records.values():
            got = (r["m"], r["n"]) if "m" in r else None
            disagree += r["key"] not in by_key or (r["status"] != "too large" and got != by_key[r["key"]])
    status = Counter(r["status"] for r in records.values())
    prov = Counter(str(r.get("provenance", "")).split(" (")[0] for r in records.values() if r["status"] == "holds")
    label = _label(header)
    if total is not None and len(records) < total:
        label += f" ({len(records)} of {total} run)"
    groups: dict[tuple[int, int], list[dict[str, Any]]] = defaultdict(list)
    for r in records.values():
        if r["status"] in ("holds", "fails", "too large") and "m" in r:
            groups[(r["m"], r["n"])].append(r)
    lines = [f"{path}: statement {header.get('statement')}+{'+'.join(header.get('hypotheses', []))}, "
             f"family {header.get('family')}, {len(records)} records",
             "  statuses: " + ", ".join(f"{k} {v}" for k, v in sorted(status.items())),
             "  holds checked: " + ", ".join(f"{k} {v}" for k, v in sorted(prov.items())),
             *([f"  census {census}: {total} instances, per (m, n) "
                + ", ".join(f"({m}, {n}) {c}" for (m, n), c in sorted(family_mn.items()))
                + f"; records disagreeing with it: {disagree}"] if census is not None else []),
             "  per (m, n): " + ", ".join(
                 f"({m}, {n}) {len(rs)} [holds {sum(r['status'] == 'holds' for r in rs)}, fails "
                 f"{sum(r['status'] == 'fails' for r in rs)}, n/m attained {_attained(rs)}]"
                 for (m, n), rs in sorted(groups.items())),
             "", "| family | (m, n) meeting the corrected hypotheses | covered or open | decided | holds / fails "
             "| n/m attained |", "|---|---|---|---|---|---|"]
    for mn_key in family_mn:
        groups.setdefault(mn_key, [])
    for open_ in (False, True):
        sel = {k: v for k, v in groups.items() if (k[0] >= 2) == open_}
        if not sel:
            continue
        rs = [r for v in sel.values() for r in v]
        holds = [r for r in rs if r["status"] == "holds"]
        fails = sum(r["status"] == "fails" for r in rs)
        kernel = sum(str(r.get("provenance", "")).startswith("kernel-checked") for r in holds)
        mn = ", ".join(f"{'**' if open_ else ''}({m}, {n}) {family_mn[(m, n)] if census else len(v)}"
                       f"{'**' if open_ else ''}" for (m, n), v in sorted(sel.items()))
        if open_ and one_hot:
            hot = one_hot_keys(str(header["family"]), {r["key"] for r in rs})
            mn += f" ({len(hot)} of {len(rs)} with A ∪ B one-hot)"
        decided = len(holds) + fails
        large = len(rs) - decided
        meeting = sum(family_mn[k] for k in sel)
        of = f" of {meeting}" if census is not None and decided + large < meeting else ""
        lines.append(f"| {label} | {mn} | {'**open**' if open_ else 'covered: PR Prop. A.11'} | {decided}{of}"
                     f"{f' ({large} too large)' if large else ''} | {len(holds)} / {fails} "
                     f"({kernel} holds kernel-checked, {len(holds) - kernel} engine-only) | "
                     f"{f'{_attained(holds)} of {len(holds)}' if open_ else '—'} |")
    if not groups:
        lines.append(f"| {label} | none | — | 0 | — | — |")
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("checkpoints", nargs="+", type=Path)
    ap.add_argument("--total", type=int, help="the family's size (marks a checkpoint with fewer records as partial)")
    ap.add_argument("--one-hot", action="store_true", help="count the m ≥ 2 instances with one-hot A ∪ B")
    ap.add_argument("--census", type=Path, help="an open_content.py checkpoint of the same family: (m, n) of every "
                    "instance")
    args = ap.parse_args()
    for path in args.checkpoints:
        print("\n".join(table(path, args.total, args.one_hot, args.census)) + "\n")


if __name__ == "__main__":
    main()
