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
from typing import Any, Callable, Iterable, Mapping

from symorbit.errors import InvariantViolation
from symorbit.kernel import FORMAT, check_certificate, known_statement
from symorbit.orbits.counting import OrbitCounts, orbit_counts
from symorbit.orbits.decisions import decision_orbit_counts
from symorbit.proofs.certificates import (
    certificate_rewards,
    kernel_feasible,
    nondomination_json,
    vectors_json,
)
from symorbit.proofs.statements import KERNEL_CLAIM_KINDS, Instance, Statement, Verdict, claim_holds, reduce_claim

__all__ = ["check_statement", "kernel_provenance", "statement_witnesses"]


def kernel_provenance(cert: Mapping[str, Any]) -> str:
    """The provenance of a certificate the kernel accepted: what of the verdict it checked.

    Parameters
    ----------
    cert : mapping
        A certificate that :func:`~symorbit.kernel.check_certificate` accepted.

    Returns
    -------
    str
        ``"kernel-checked"``; or, for the counts-only certificate of a statement outside the
        kernel's registry (``orbit_counts``), that only the counts were checked.

    Examples
    --------
    >>> kernel_provenance({"statement": "scaling_law_raw"})
    'kernel-checked'
    >>> kernel_provenance({"statement": "orbit_counts"})
    'counts kernel-checked (hypotheses and claim engine-only)'
    """
    return "kernel-checked" if cert["statement"] != "orbit_counts" else \
        "counts kernel-checked (hypotheses and claim engine-only)"

#: The fields of an orbit-counts certificate (statement ``orbit_counts`` in the kernel's registry).
_COUNTS_KEYS = {"format", "statement", "verdict", "family", "A", "B", "C", "rewards", "environment"}

Vector = tuple[Fraction, ...]


def _orbit_key(r: Vector) -> tuple:
    return (len(set(r)), sorted(r))


def _perms(phis: Iterable[Any], d: int) -> list[list[int]]:
    """The involutions as lists; the empty family (a vacuous copy, PR footnote 8) as the identity."""
    out = [list(p) for p in phis]
    return out or [list(range(d))]


def statement_witnesses(statement: Statement, instance: Instance, data: Mapping[str, Any]) -> dict[str, Any]:
    """The witnesses the kernel's registry asks of ``statement`` (see :mod:`symorbit.kernel.certificate`)."""
    d = instance.d
    if "involution_table" in data:                      # PR Conj. D.13
        m, n = data["m"], data["n"]
        return {"parts": [vectors_json(sorted(p)) for p in data["parts"]],
                "copies": [vectors_json(sorted(b)) for b in data["copies"]],
                "involution_table": [[list(data["involution_table"][(j, i)]) for i in range(n)] for j in range(m)]}
    if "witness" in data:                               # OPTS Prop. 6.6
        ctx = instance.context or {}
        return {"involutions": _perms([data["witness"]] if data["witness"] else [], d),
                "nd_F_other": nondomination_json(ctx["F_other"]), "environment": ctx["environment"]}
    out: dict[str, Any] = {"involutions": _perms(data.get("involutions", ()), d)}
    if statement.rule is not None:
        out["rule"] = statement.rule
    else:
        out["nd_A"] = nondomination_json(instance.A)
    if data.get("fix") == "Z_minus_extra":
        out["Z"] = vectors_json(data["Z"])
        out["nd_C"] = nondomination_json(instance.C)
    return out


def check_statement(statement: Statement, instance: Instance, rewards: Iterable[Any], *,
                    kernel: bool = True, max_kernel_classes: int = 200_000,
                    progress: Callable[[int], None] | None = None, family: str = "list") -> Verdict:
    """Check ``statement`` on ``instance`` for every reward of the family.

    Parameters
    ----------
    statement : Statement
    instance : Instance
    rewards : iterable of reward vectors, or "all"
        The family's rewards, in its order; ``"all"`` decides the statement for every reward
        r ∈ Q^d (see :func:`symorbit.proofs.all_rewards.check_all_rewards`).
    kernel : bool, keyword-only
        Re-check the certificate with the kernel (provenance ``"kernel-checked"``).
    max_kernel_classes : int, keyword-only
        Leave the verdict engine-only when a listed reward has more block classes to
        enumerate than this (too large for the kernel to recount).
    progress : callable or None, keyword-only
        Called with 1 after each reward is counted.
    family : str, keyword-only
        The family spec the rewards were generated from (``patterns:...``, ``random:COUNT:SEED``),
        or ``"list"``; the kernel re-generates it, so no reward can be dropped from the claim.

    Returns
    -------
    Verdict
        Status ``holds``, ``fails``, ``hypotheses not met`` or ``vacuous`` (no reward counted).
        A failure carries the smallest failing reward (fewest distinct values, then
        lexicographically smallest); its certificate lists only that reward.

    Raises
    ------
    InvariantViolation
        The kernel rejects the engine's certificate (an internal error; never a verdict).
    InvalidArgument
        From the claim (an unknown kind, a POWER claim without an MDP instance) or the rewards.

    Examples
    --------
    The candy example (docs/theory.md#candy): 2 copies of A in B, so #B-better ≥ 2·#A-better.

    >>> from symorbit.theorems import scaling_law_raw
    >>> from symorbit.proofs.statements import Instance
    >>> inst = Instance(A=[[1, 0, 0]], B=[[0, 1, 0], [0, 0, 1]], name="candy")
    >>> v = check_statement(scaling_law_raw.STATEMENT, inst, [(1, 2, 3), (0, 1, 1)])
    >>> v.status, v.bound, v.provenance
    ('holds', Fraction(2, 1), 'kernel-checked')

    PR Conjecture D.13 as stated fails on 2 things against 1:

    >>> from symorbit.theorems import fractional_conjecture
    >>> inst = Instance(A=[[1, 0, 0], [0, 1, 0]], B=[[0, 0, 1]])
    >>> v = check_statement(fractional_conjecture.STATEMENT, inst, "all")
    >>> v.status, [str(x) for x in v.counterexample]
    ('fails', ['0', '1', '1'])

    References
    ----------
    PR Def. 3.2 (≥ⁿ_most), Lemma D.3, Conj. D.13; docs/theory.md#most, docs/theory.md#pr-appendix-d.
    """
    if isinstance(rewards, str) and rewards == "all":
        from symorbit.proofs.all_rewards import check_all_rewards

        return check_all_rewards(statement, instance, kernel=kernel)
    hyp = statement.hypotheses(instance)
    if not hyp.met:
        return Verdict(statement.name, instance.name, "hypotheses not met", hyp.reason, None, (), None, 0, None,
                       "engine-only")
    claim, instance, mode = reduce_claim(statement.conclusion(hyp.data), instance)
    C = instance.C if (mode or statement.mode) == "relative" else None
    counted: list[tuple[Vector, OrbitCounts]] = []
    every: list[tuple[Vector, OrbitCounts]] = []
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
        every.append((rr, c))
        if statement.generic_only and c.ties:
            skipped += 1
            continue
        counted.append((rr, c))
        if not claim_holds(claim, c, instance=instance, reward=rr):
            failures.append((rr, c))
    status = "fails" if failures else "holds" if counted else "vacuous"
    counterexample = min(failures, key=lambda rc: _orbit_key(rc[0]))[0] if failures else None
    listed = [next(rc for rc in failures if rc[0] == counterexample)] if failures else every
    bound = Fraction(claim.get("ratio", claim.get("bound", 1)))
    cert: dict[str, Any] = {
        "format": FORMAT, "statement": statement.name, "verdict": status, "family": family,
        "A": vectors_json(instance.A), "B": vectors_json(instance.B),
        "rewards": certificate_rewards(instance.A, instance.B, C, listed),
    }
    if C is not None:
        cert["C"] = vectors_json(C)
    cert.update(statement_witnesses(statement, instance, hyp.data))
    env = (instance.context or {}).get("environment") if isinstance(instance.context, Mapping) else None
    if env is not None and "other" not in env:
        cert["environment"] = {**env, "relative": bool(env["relative"]) and C is not None}
    provenance = "engine-only"
    if not known_statement(cert) and claim["kind"] in KERNEL_CLAIM_KINDS:
        # A statement the kernel's registry does not know (e.g. a user's): certify what can be certified, the
        # exact counts of every listed reward (from the environment when there is one). The claim is arithmetic
        # on those counts; the statement's own hypotheses stay engine-only.
        cert = {k: v for k, v in cert.items() if k in _COUNTS_KEYS}
        cert.update(statement="orbit_counts", verdict="counted", family="list")
    feasible = listed and all(kernel_feasible(e, max_kernel_classes) for e in cert["rewards"])
    if kernel and feasible and claim["kind"] in KERNEL_CLAIM_KINDS:
        problems = check_certificate(cert)
        if problems:
            raise InvariantViolation(f"check_statement({statement.name}, {instance.name}): the kernel rejected "
                                     f"an engine verdict: {problems[0]}")
        provenance = kernel_provenance(cert)
    reason = hyp.reason if counted else f"vacuous: no reward was counted ({skipped} non-generic skipped)"
    return Verdict(statement.name, instance.name, status, reason, bound, tuple(counted), counterexample, skipped,
                   cert, provenance)
