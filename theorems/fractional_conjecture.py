"""The fractional scaling conjecture, exactly as PR Conjecture D.13 states it.

Statement (PR Conj. D.13)
---------
A, B, C ⊊ ℝ^d finite. Suppose A = ∪_{j=1}^m A_j and ∪_{i=1}^n B_i ⊆ B are such that,
for each A_j, B contains n copies (B_1, …, B_n) of A_j via involutions φ_{ji} that
also satisfy φ_{ji}·A_{j′} = A_{j′} for j′ ≠ j. Then p(B ≥ C) ≥^{n/m}_most p(A ≥ C).

As stated it puts no condition on C and does not require n ≥ m. The same B_i serve
every j. C defaults to A ∪ B.

The formalisation of "things" is a definition hole (docs/style.md#engine-certificate-kernel): the parts
A_1..A_m come from ``instance.parts`` when given, else from :func:`one_hot_things`
(each vector of A is one thing: the one-hot base case of the post). Users add
hypotheses by name with :func:`statement`:

* ``"n_at_least_m"`` — n ≥ m (the post's m ≤ n);
* ``"fix_C"`` — every φ_{ji} also fixes C (as PR Prop. A.11 asks);
* ``"disjoint"`` — A ∩ B = ∅.

Source: PR Conjecture D.13; the post's "fractional scaling law". Status: conjectured.

>>> from symorbit import Instance, check_statement
>>> e = lambda j: [int(i == j) for i in range(5)]
>>> inst = Instance(A=[e(0), e(1)], B=[e(2), e(3), e(4)])
>>> v = check_statement(STATEMENT, inst, [(1, 2, 3, 4, 5)])
>>> v.status, v.bound, v.counts[0][1].strict_fraction
('holds', Fraction(3, 2), Fraction(3, 5))
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from fractions import Fraction
from typing import Callable, Iterable

from symorbit.orbits.copies import find_involution
from symorbit.outcomes.groups import apply_to_set
from symorbit.proofs.statements import Hypotheses, Instance, Statement

EXTRA_HYPOTHESES = ("n_at_least_m", "fix_C", "disjoint")


def one_hot_things(instance: Instance) -> list[frozenset]:
    """The base-case formalisation: each vector of A is one "thing"."""
    return [frozenset([v]) for v in instance.A]


def common_copies(parts: list[frozenset], B: frozenset, d: int, *, fixed: Iterable[frozenset] = (),
                  max_nodes: int = 100_000) -> tuple[list[frozenset], dict[tuple[int, int], tuple[int, ...]], bool]:
    """The largest family B_1..B_n ⊆ B with involutions φ_{ji} as D.13 asks.

    Returns (B_i list, {(j, i): φ_{ji}}, exhaustive).
    """
    fixed = [frozenset(X) for X in fixed]
    budget = [max_nodes]
    k = len(parts[0])
    A_all = frozenset().union(*parts)
    disjoint = not (A_all & B)

    def solve(j: int, i: int, fam: list[frozenset]) -> tuple[int, ...] | None:
        reqs = [(parts[j], fam[i]), (fam[i], parts[j])]
        reqs += [(X, X) for t, X in enumerate(fam) if t != i]
        reqs += [(X, X) for t, X in enumerate(parts) if t != j]
        reqs += [(X, X) for X in fixed]
        return find_involution(reqs, d, budget=budget)

    cands = []
    for S in itertools.combinations(sorted(B), k):
        Sf = frozenset(S)
        if all(solve(j, 0, [Sf]) is not None for j in range(len(parts))):
            cands.append(Sf)
    best: tuple[list[frozenset], dict] = ([], {})
    exhaustive = True

    def joint(fam: list[frozenset], old: dict) -> dict | None:
        out = {}
        for j in range(len(parts)):
            for i in range(len(fam)):
                phi = old.get((j, i))
                others = [X for t, X in enumerate(fam) if t != i]
                if phi is None or any(apply_to_set(phi, X) != X for X in others):
                    phi = solve(j, i, fam)
                    if phi is None:
                        return None
                out[(j, i)] = phi
        return out

    def grow(start: int, fam: list[frozenset], phis: dict, used: frozenset) -> None:
        nonlocal best, exhaustive
        if len(fam) > len(best[0]):
            best = (list(fam), dict(phis))
        for idx in range(start, len(cands)):
            if budget[0] <= 0:
                exhaustive = False
                return
            S = cands[idx]
            if disjoint and (S & used):
                continue
            if disjoint and len(fam) + 1 + (len(B) - len(used) - k) // k <= len(best[0]):
                break
            new = joint(fam + [S], phis)
            if new is not None:
                grow(idx + 1, fam + [S], new, used | S)

    grow(0, [], {}, frozenset())
    return best[0], best[1], exhaustive and budget[0] > 0


def make_hypotheses(extra: tuple[str, ...] = (),
                    things: Callable[[Instance], list[frozenset]] = one_hot_things) -> Callable[[Instance], Hypotheses]:
    unknown = set(extra) - set(EXTRA_HYPOTHESES)
    if unknown:
        raise ValueError(f"unknown extra hypotheses {sorted(unknown)}; choose from {EXTRA_HYPOTHESES}")

    def hypotheses(instance: Instance) -> Hypotheses:
        parts = [frozenset(p) for p in instance.parts] if instance.parts is not None else things(instance)
        if frozenset().union(*parts) != frozenset(instance.A):
            return Hypotheses(False, "the parts A_1..A_m do not cover A exactly")
        if len({len(p) for p in parts}) != 1:
            return Hypotheses(False, "the parts A_j differ in size, so no B_i can be a copy of each")
        if "disjoint" in extra and frozenset(instance.A) & frozenset(instance.B):
            return Hypotheses(False, "extra hypothesis 'disjoint' fails: A ∩ B ≠ ∅")
        fixed = [frozenset(instance.C)] if "fix_C" in extra else []
        fam, phis, exhaustive = common_copies(parts, frozenset(instance.B), instance.d, fixed=fixed)
        n, m = len(fam), len(parts)
        data = {"n": n, "m": m, "parts": parts, "copies": fam, "involution_table": phis, "exhaustive": exhaustive}
        if n == 0:
            return Hypotheses(False, "B contains no common copy B_i of the parts", data)
        if "n_at_least_m" in extra and n < m:
            return Hypotheses(False, f"extra hypothesis 'n_at_least_m' fails: n = {n} < m = {m}", data)
        how = "exhaustive" if exhaustive else "bounded search: n is a certified lower bound"
        return Hypotheses(True, f"m = {m} things in A, n = {n} common copies in B ({how})", data)

    return hypotheses


def statement(extra: tuple[str, ...] = (), *,
              things: Callable[[Instance], list[frozenset]] = one_hot_things) -> Statement:
    """D.13 with extra hypotheses (names in :data:`EXTRA_HYPOTHESES`) and a formalisation of "things"."""
    suffix = "" if not extra else "+" + "+".join(extra)
    return replace(STATEMENT, name=STATEMENT.name + suffix, hypotheses=make_hypotheses(tuple(extra), things))


STATEMENT = Statement(
    name="fractional_conjecture",
    title="n common copies of m things ⇒ p(B ≥ C) ≥^{n/m}_most p(A ≥ C)",
    source="PR Conjecture D.13; the post (fractional scaling law)",
    status="conjectured",
    text="If A splits into m things A_j and B holds n sets B_i, each a copy of every A_j via involutions that fix "
         "the other A_j′ and B_i′, then B is optimal among C (and A not) at least n/m times as often as the reverse.",
    mode="relative",
    hypotheses=make_hypotheses(),
    conclusion=lambda data: {"kind": "most", "ratio": Fraction(data["n"], data["m"])},
)
