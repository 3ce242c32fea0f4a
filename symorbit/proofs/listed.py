"""Checking a statement on an instance over listed rewards: counts, a verdict and its certificate.

:func:`check_listed` returns a :class:`~symorbit.proofs.statements.Verdict` with the
exact counts, the bound, the smallest counterexample for a failure, and a JSON
certificate that the kernel re-verifies (provenance ``"kernel-checked"``) or that is
too large for it (``"engine-only"``).

Examples
--------
>>> from symorbit.theorems import scaling_law_raw
>>> from symorbit.proofs.statements import Instance
>>> inst = Instance(A=[[1, 0, 0]], B=[[0, 1, 0], [0, 0, 1]], name="candy")
>>> v = check_listed(scaling_law_raw.STATEMENT, inst, [(1, 2, 3), (0, 1, 1)])
>>> v.status, v.bound, v.provenance
('holds', Fraction(2, 1), 'kernel-checked')
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Any, Callable, Iterable, Mapping

from symorbit.analysis.decisions import decision_orbit_counts
from symorbit.errors import InvalidArgument, InvariantViolation, SymorbitError
from symorbit.kernel import FORMAT, Malformed, builtin, check_certificate
from symorbit.kernel.check import Budget
from symorbit.orbits.counting import OrbitCounts, orbit_counts
from symorbit.proofs.certificates import (
    certificate_rewards,
    kernel_feasible,
    nondomination_json,
    vectors_json,
)
from symorbit.proofs.statements import (
    KERNEL_CLAIM_KINDS,
    Hypotheses,
    Instance,
    Statement,
    Verdict,
    claim_holds,
    reduce_claim,
)
from symorbit.proofs.vocabulary import Claim, expression

__all__ = ["certified_provenance", "check_listed", "kernel_provenance", "statement_witnesses"]


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


Vector = tuple[Fraction, ...]


def _orbit_key(r: Vector) -> tuple:
    return (len(set(r)), sorted(r))


def _perms(phis: Iterable[Any], d: int) -> list[list[int]]:
    """The involutions as lists; the empty family (a vacuous copy, PR footnote 8) as the identity."""
    out = [list(p) for p in phis]
    return out or [list(range(d))]


def statement_witnesses(declaration: Mapping[str, Any], instance: Instance, data: Mapping[str, Any], *,
                        rule_field: str | None = None) -> dict[str, Any]:
    """The witnesses the kernel asks of a statement's declaration (see :mod:`symorbit.kernel.certificate`).

    Parameters
    ----------
    declaration : mapping
        The statement's declaration (:meth:`~symorbit.proofs.statements.Statement.declaration`).
    instance : Instance
    data : mapping
        What the hypotheses found (involutions, the D.13 table, the POWER copy ...).
    rule_field : str or None, keyword-only
        The decision rule, for the built-in ``decision_rule_<rule>`` names (their certificates name it).

    Returns
    -------
    dict
        The certificate's witness fields.
    """
    d = instance.d
    out: dict[str, Any] = {}
    for h in declaration["hypotheses"]:
        kind = h["kind"]
        if kind == "common_copies":                     # PR Conj. D.13
            m, n = data["m"], data["n"]
            out.update(parts=[vectors_json(sorted(p)) for p in data["parts"]],
                       copies=[vectors_json(sorted(b)) for b in data["copies"]],
                       involution_table=[[list(data["involution_table"][(j, i)]) for i in range(n)] for j in range(m)])
        elif kind == "power_copy":                      # OPTS Prop. 6.6
            ctx = instance.context or {}
            out.update(involutions=_perms([data["witness"]] if data["witness"] else [], d),
                       nd_F_other=nondomination_json(ctx["F_other"]), environment=ctx["environment"])
        elif kind == "copies":
            out["involutions"] = _perms(data.get("involutions", ()), d)
            if h["of"] == "ND(A)":
                out["nd_A"] = nondomination_json(instance.A)
            if h["fixing"] == "Z_minus_extra":
                out["Z"] = vectors_json(data["Z"])
                out["nd_C"] = nondomination_json(instance.C)
        elif kind == "a_nondominated":
            out["nd_A"] = nondomination_json(instance.A)
    if rule_field is not None:
        out["rule"] = rule_field
    return out


def certified_provenance(statement: Statement, cert: Mapping[str, Any]) -> str:
    """What of the verdict the kernel checked, for a certificate of ``statement`` it accepted.

    Parameters
    ----------
    statement : Statement
    cert : mapping
        Its certificate, accepted by :func:`~symorbit.kernel.check_certificate`.

    Returns
    -------
    str
        ``"kernel-checked"``, or what stayed engine-only (hypotheses written as code, a ratio
        computed by a Python conclusion).

    Examples
    --------
    >>> from symorbit.theorems import scaling_law_raw
    >>> certified_provenance(scaling_law_raw.STATEMENT, {"statement": "scaling_law_raw"})
    'kernel-checked'
    """
    engine_only = [h["description"] for h in cert.get("declaration", {}).get("hypotheses", [])
                   if h["kind"] == "python"]
    if engine_only:
        return "kernel-checked: counts and claim (hypotheses engine-only: Python code)"
    if not isinstance(statement.claim, Claim):
        return "kernel-checked (the claim's ratio was evaluated by Python code)"
    return kernel_provenance(cert)


_FRACTION = {Fraction}     # a reward of Fractions already (a family's rewards are) is kept as given


def _refuse_family(family: Any, rewards: list[Vector], d: int) -> None:
    """Where the kernel rejects a certificate, refuse a ``family`` that is not the rewards' own (bad input, not the
    engine's error): the kernel re-generates a family spec, so rewards that are not its rewards cannot check."""
    if family == "list":
        return
    from symorbit.orbits.rewards import reward_family

    try:
        own = [tuple(map(Fraction, r)) for r in reward_family(family, d)] if isinstance(family, str) else None
    except SymorbitError as exc:
        raise InvalidArgument(f"family={family!r} is not a reward family spec ({exc}); give 'list', or the "
                              "'patterns:...' or 'random:COUNT:SEED' the rewards came from") from None
    if own is None or own != rewards:
        raise InvalidArgument(f"family={family!r}: the {len(rewards)} rewards given are not that family's; give "
                              "family='list' for rewards of your own")


def check_listed(statement: Statement, instance: Instance, rewards: Iterable[Any], *,
                    kernel: bool = True, max_kernel_classes: int = 200_000,
                    progress: Callable[[int], None] | None = None, family: str = "list",
                    precomputed: Hypotheses | None = None,
                    extend: Callable[[dict[str, Any]], Iterable[dict[str, Any]]] | None = None,
                    known: Mapping[Vector, Any] | None = None,
                    budgets: Callable[[], Budget] | None = None) -> Verdict:
    """Check ``statement`` on ``instance`` for every reward of a listed family (the core of
    :func:`~symorbit.proofs.verdicts.check_statement`, which also takes ``"all"``).

    Parameters
    ----------
    statement, instance, rewards, kernel, max_kernel_classes, progress, family, precomputed
        As :func:`~symorbit.proofs.verdicts.check_statement` (``rewards`` is an iterable here).
    extend : callable, keyword-only, optional
        Given the certificate, larger ones for the kernel to check instead, in order (family ``"all"``
        adds the chamber subdivision, or bound trees), possibly none; an iterator is advanced only
        while the kernel refuses each as beyond its bounds, so a later one is built only when needed.
        The kernel checks the first it accepts alone, so the listed rewards are recounted once; if it
        accepts none, the plain certificate is checked.
    known : mapping, keyword-only, optional
        Counts already computed for some rewards (count profiles by their witnesses), used
        instead of counting again unless the claim is rewritten over other sets; the caller
        re-checks them if the kernel does not.
    budgets : callable, keyword-only, optional
        Called for a fresh :class:`~symorbit.kernel.check.Budget` before each certificate the kernel checks
        (default: ``Budget()``, :data:`~symorbit.kernel.check.KERNEL_WORK_LIMIT` units); a caller granting more
        reads what the accepted certificate used off the last one it made.

    Returns
    -------
    Verdict

    Raises
    ------
    InvariantViolation, InvalidArgument
        As :func:`~symorbit.proofs.verdicts.check_statement`.

    Examples
    --------
    >>> from symorbit.theorems import scaling_law_raw
    >>> inst = Instance(A=[[1, 0, 0]], B=[[0, 1, 0], [0, 0, 1]], name="candy")
    >>> check_listed(scaling_law_raw.STATEMENT, inst, [(1, 2, 3)]).status
    'holds'

    References
    ----------
    PR Def. 3.2 (≥ⁿ_most).
    """
    hyp = precomputed or statement.check_hypotheses(instance)
    if not hyp.met:
        return Verdict(statement.name, instance.name, "hypotheses not met", hyp.reason, None, (), None, 0, None,
                       "engine-only")
    evaluated = statement.claim_dict(hyp.data)
    claim, instance, mode = reduce_claim(evaluated, instance)
    C = instance.C if (mode or statement.mode) == "relative" else None
    known = known if mode is None else None      # counts of the compared sets as given, not of a rewritten claim's
    counted: list[tuple[Vector, OrbitCounts]] = []
    every: list[tuple[Vector, OrbitCounts]] = []
    skipped = 0
    failures: list[tuple[Vector, OrbitCounts]] = []
    for r in rewards:
        if statement.rule is not None:
            c = decision_orbit_counts(statement.rule, list(instance.A), list(instance.B), list(instance.C), r)
        else:
            c = known[r] if known is not None and r in known else orbit_counts(instance.A, instance.B, r, relative_to=C)
        rr = r if type(r) is tuple and set(map(type, r)) == _FRACTION else tuple(Fraction(x) for x in r)
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
    declaration = statement.declaration(claim=evaluated)
    if mode == "raw":         # the claim was rewritten (optimal_fraction): the comparison is C ∪ B against B
        declaration.update(mode="raw", rule=None, claim={"kind": "weak_fraction", "bound": expression(claim["bound"])},
                           hypotheses=[h if h["kind"] == "python" else
                                       {"kind": "python", "description": f"{h['kind']} on the original A (engine-only "
                                        "after the optimal-fraction rewrite)"} for h in declaration["hypotheses"]])
    cert: dict[str, Any] = {
        "format": FORMAT, "statement": statement.name, "verdict": status, "family": family,
        "A": vectors_json(instance.A), "B": vectors_json(instance.B),
        "rewards": certificate_rewards(instance.A, instance.B, C, listed),
    }
    if builtin(statement.name) is None:       # a built-in name stands for the kernel's pin of it
        cert["declaration"] = declaration
    if C is not None:
        cert["C"] = vectors_json(C)
    builtin_rule = statement.rule if statement.name.startswith("decision_rule_") and builtin(statement.name) else None
    cert.update(statement_witnesses(declaration, instance, hyp.data, rule_field=builtin_rule))
    env = (instance.context or {}).get("environment") if isinstance(instance.context, Mapping) else None
    if env is not None and "other" not in env:
        cert["environment"] = {**env, "relative": bool(env["relative"]) and C is not None}
    provenance = "engine-only"
    feasible = listed and all(kernel_feasible(e, max_kernel_classes) for e in cert["rewards"])
    if kernel and feasible and claim["kind"] in KERNEL_CLAIM_KINDS:
        for candidate in itertools.chain(extend(cert) if extend is not None else (), [cert]):
            try:
                problems = check_certificate(candidate, budget=budgets() if budgets is not None else None).problems
            except Malformed as exc:
                if not str(exc).startswith("too large"):
                    _refuse_family(family, [r for r, _ in every], instance.d)
                    raise InvariantViolation(f"check_statement({statement.name}, {instance.name}): the kernel cannot "
                                             f"read the engine's certificate: {exc}") from None
                problems = None        # beyond the kernel's budget: the verdict stays the engine's, and says so
            if problems:
                _refuse_family(family, [r for r, _ in every], instance.d)
                raise InvariantViolation(f"check_statement({statement.name}, {instance.name}): the kernel rejected "
                                         f"an engine verdict{' (its completeness certificate)' * (candidate is not cert)}: "
                                         f"{problems[0]}")
            if problems is not None:
                cert, provenance = candidate, certified_provenance(statement, candidate)
                break
    reason = hyp.reason if counted else f"vacuous: no reward was counted ({skipped} non-generic skipped)"
    return Verdict(statement.name, instance.name, status, reason, bound, tuple(counted), counterexample, skipped,
                   cert, provenance)
