"""Hypothesis checks shared by several statements (vocabulary only: copies, ND, outcome sets)."""

from __future__ import annotations

from typing import Callable

from symorbit.orbits.copies import copies
from symorbit.outcomes.nondominated import nondominated
from symorbit.proofs.statements import Hypotheses, Instance


def copies_hypothesis(instance: Instance, *, of_nd: bool,
                      fixing: Callable[[Instance, list[frozenset]], list[frozenset]] | None = None,
                      fix_tag: str | None = None, extra: dict | None = None) -> Hypotheses:
    """B contains n ≥ 1 copies of ND(A) (or of A), optionally with a fixing condition."""
    source = nondominated(instance.A) if of_nd else instance.A
    name = "ND(A)" if of_nd else "A"
    res = copies(source, instance.B, fixing=(lambda fam: fixing(instance, fam)) if fixing else None)
    data: dict = {"n": res.n, "involutions": res.involutions, "exhaustive": res.exhaustive}
    if of_nd:
        data["copies_of"] = tuple(source)
    if fix_tag:
        data["fix"] = fix_tag
    data.update(extra or {})
    if res.vacuous:
        data.update(n=1, involutions=())
        return Hypotheses(True, f"{name} ⊆ B: n copies for every n (PR footnote 8); checked with n = 1", data)
    if not res.n:
        return Hypotheses(False, f"B contains no copy of {name}" + ("" if fixing is None else " satisfying the fixing condition")
                          + ("" if res.exhaustive else " (search bounded)"), data)
    how = "exhaustive search" if res.exhaustive else "bounded search: n is a certified lower bound"
    return Hypotheses(True, f"B contains n = {res.n} copies of {name} ({how})", data)
