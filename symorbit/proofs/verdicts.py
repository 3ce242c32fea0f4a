"""Checking a statement on an instance: counts for every reward, a verdict and its certificate.

:func:`check_statement` returns a :class:`~symorbit.proofs.statements.Verdict` with the
exact counts, the bound, the smallest counterexample for a failure, and a JSON
certificate that the kernel re-verifies (provenance ``"kernel-checked"``) or that is
too large for it (``"engine-only"``).

Examples
--------
>>> from symorbit.theorems import scaling_law_raw
>>> from symorbit.proofs.statements import Instance
>>> inst = Instance(A=[[1, 0, 0]], B=[[0, 1, 0], [0, 0, 1]], name="candy")
>>> v = check_statement(scaling_law_raw.STATEMENT, inst, [(1, 2, 3), (0, 1, 1)])
>>> v.status, v.bound, v.provenance
('holds', Fraction(2, 1), 'kernel-checked')
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Callable, Iterable

from symorbit.errors import InvariantViolation
from symorbit.exact.numbers import fraction_str
from symorbit.kernel import check_certificate
from symorbit.orbits.counting import OrbitCounts, orbit_counts
from symorbit.orbits.decisions import decision_orbit_counts
from symorbit.proofs.certificates import (
    certificate_rewards,
    kernel_feasible,
    vectors_json,
)
from symorbit.proofs.statements import Instance, Statement, Verdict, claim_holds

__all__ = ["check_statement"]

Vector = tuple[Fraction, ...]


def _orbit_key(r: Vector) -> tuple:
    return (len(set(r)), sorted(r))


def check_statement(statement: Statement, instance: Instance, rewards: Iterable[Any], *,
                    kernel: bool = True, max_kernel_classes: int = 200_000,
                    progress: Callable[[int], None] | None = None) -> Verdict:
    """Check ``statement`` on ``instance`` for every reward of the family.

    Returns a :class:`Verdict`; a failure carries the smallest failing reward
    (fewest distinct values, then lexicographically smallest) as counterexample,
    and its certificate lists only that reward, so the kernel re-checks it fast.
    ``rewards="all"`` decides the statement for every reward r ∈ Q^d (see
    :func:`symorbit.proofs.all_rewards.check_all_rewards`).
    """
    if isinstance(rewards, str) and rewards == "all":
        from symorbit.proofs.all_rewards import check_all_rewards

        return check_all_rewards(statement, instance, kernel=kernel)
    hyp = statement.hypotheses(instance)
    if not hyp.met:
        return Verdict(statement.name, instance.name, "hypotheses not met", hyp.reason, None, (), None, 0, None,
                       "engine-only")
    claim = statement.conclusion(hyp.data)
    C = instance.C if statement.mode == "relative" else None
    counted: list[tuple[Vector, OrbitCounts]] = []
    skipped = 0
    failures: list[tuple[Vector, OrbitCounts]] = []
    for r in rewards:
        if statement.rule is not None:
            c = decision_orbit_counts(statement.rule, list(instance.A), list(instance.B), list(instance.C), r)
        else:
            c = orbit_counts(instance.A, instance.B, r, relative_to=C)
        rr = tuple(Fraction(x) for x in r)
        if progress is not None:
            progress(1)
        if statement.generic_only and c.ties:
            skipped += 1
            continue
        counted.append((rr, c))
        if not claim_holds(claim, c):
            failures.append((rr, c))
    status = "fails" if failures else "holds"
    counterexample = min(failures, key=lambda rc: _orbit_key(rc[0]))[0] if failures else None
    listed = [next(rc for rc in failures if rc[0] == counterexample)] if failures else counted
    bound = Fraction(claim["ratio"] if "ratio" in claim else claim["bound"])
    cert: dict[str, Any] = {
        "statement": statement.name,
        "A": vectors_json(instance.A), "B": vectors_json(instance.B),
        "claim": {k: (fraction_str(v) if k in ("ratio", "bound") else v) for k, v in claim.items()},
        "verdict": status,
        "rewards": certificate_rewards(instance.A, instance.B, C, listed),
    }
    if C is not None:
        cert["C"] = vectors_json(C)
    if statement.rule is not None:
        cert["rule"] = statement.rule
    if "involutions" in hyp.data:
        cert["involutions"] = [list(p) for p in hyp.data["involutions"]]
        cert["n"] = len(hyp.data["involutions"])
        if hyp.data.get("fix") == "C":
            cert["fix"] = "C"
            cert.setdefault("C", vectors_json(instance.C))
        elif hyp.data.get("fix") == "Z_minus_extra":
            cert["fix"] = "Z_minus_extra"
            cert["Z"] = vectors_json(hyp.data["Z"])
        if "copies_of" in hyp.data:
            cert["copies_of"] = vectors_json(hyp.data["copies_of"])   # e.g. ND(A): the involutions copy this set
    provenance = "engine-only"
    if kernel and listed:
        if all(kernel_feasible(e, max_kernel_classes) for e in cert["rewards"]):
            problems = check_certificate(cert)
            if problems:
                raise InvariantViolation(f"check_statement({statement.name}, {instance.name}): the kernel rejected an engine verdict: {problems[0]}")
            provenance = "kernel-checked"
    if not listed:
        status, reason = "holds", "every reward in the family was non-generic (skipped)"
    else:
        reason = hyp.reason
    return Verdict(statement.name, instance.name, status, reason, bound, tuple(counted), counterexample, skipped,
                   cert, provenance)
