"""One instance of a search, checked in a worker process: spec in, JSON-ready record out."""

from __future__ import annotations

import functools
from fractions import Fraction
from typing import Any

from symorbit.errors import InvariantViolation, TooLarge
from symorbit.exact.numbers import fraction_str
from symorbit.kernel import Malformed, check_certificate
from symorbit.kernel.check import Budget
from symorbit.mdp.environment import MDP
from symorbit.orbits.rewards import reward_family
from symorbit.proofs.all_rewards import REWRITTEN_COMPARISON, check_all_rewards
from symorbit.proofs.listed import certified_provenance
from symorbit.proofs.statements import Instance
from symorbit.proofs.verdicts import check_statement
from symorbit.theorems import resolve

__all__ = ["instance_from_spec", "check_instance_spec"]


def instance_from_spec(spec: dict[str, Any]) -> Instance:
    """The :class:`Instance` a family spec describes (outcome sets from its MDP, or its vectors)."""
    if "mdp" in spec or "stochastic" in spec:
        env = MDP.deterministic(spec["mdp"], name=spec["key"]) if "mdp" in spec else \
            MDP.stochastic(spec["stochastic"], name=spec["key"])
        return Instance.from_mdp(env, spec["state"], spec["a"], spec["b"], gamma=spec["gamma"], name=spec["key"])
    return Instance(A=spec["A"], B=spec["B"], C=spec.get("C"), parts=spec.get("parts"), name=spec["key"])


@functools.lru_cache(maxsize=8)
def _rewards(spec: str, d: int) -> tuple[tuple[Fraction, ...], ...]:
    """The rewards of the family ``spec`` at ``d`` (:func:`~symorbit.orbits.rewards.reward_family`), made once per
    worker and dimension: a search checks every instance on the same family, and drawing 20 random rewards afresh
    for each of 20,747 instances was a tenth of its time. A tuple, so no check can change it for the next."""
    return tuple(reward_family(spec, d))


def check_instance_spec(statement: str, spec: dict[str, Any], rewards: str,
                        kernel_work: int | None = None) -> dict[str, Any]:
    """Check one instance (a worker's job): returns a JSON-ready record.

    ``statement`` is a string (a registry name or ``"pkg.mod:attr"``) that each worker
    resolves itself, so nothing per-process has to be registered under spawn or Dask.
    ``kernel_work`` (rewards ``"all"`` only) is the kernel's budget in work units
    (:func:`~symorbit.proofs.all_rewards.check_all_rewards`; default ``KERNEL_WORK_LIMIT``).
    """
    inst = instance_from_spec(spec)
    # Over a reward family, instances that hold are recorded engine-only (re-run check_statement to certify
    # one); with rewards "all" the kernel replays each one's chamber subdivision (its provenance says which).
    # Every counterexample is re-checked by the kernel before it is reported.
    try:
        v = check_all_rewards(resolve(statement), inst, kernel_work=kernel_work) if rewards == "all" else \
            check_statement(resolve(statement), inst, _rewards(rewards, inst.d), kernel=False, family=rewards)
    except TooLarge as exc:
        if rewards != "all":
            raise
        return {"key": spec["key"], "status": "too large", "reason": str(exc)}   # refused up front: undecided
    rec: dict[str, Any] = {"key": spec["key"], "status": v.status}
    cert = v.certificate or {}
    if "parts" in cert and "copies" in cert:     # PR Conj. D.13: m things in A, n common copies in B
        rec["m"], rec["n"] = len(cert["parts"]), len(cert["copies"])
    if rewards == "all" and v.status != "hypotheses not met":   # the exact worst case over every reward
        rec["worst"] = {k: v.to_dict()[k] for k in ("bound", "profiles", "claim_worst", "worst_ratio",
                                                     "worst_strict_fraction", "worst_weak_fraction")}
        if not getattr(v, "worst_exact", True):       # decided, but the minima not settled: the least found
            rec["worst"]["worst_exact"] = False
        if getattr(v, "compared", None) == REWRITTEN_COMPARISON:     # an optimal-fraction claim's comparison
            rec["worst"]["compared"] = REWRITTEN_COMPARISON
    if rewards == "all" and v.status == "holds":
        rec["provenance"] = v.provenance      # kernel-checked with the chamber subdivision, or engine-only
    if v.status == "fails":
        provenance = "engine-only"       # for claims the kernel cannot recount (POWER) or work beyond its bounds
        if v.certificate is not None and v.provenance == "engine-only":
            try:
                problems = check_certificate(v.certificate, budget=Budget(kernel_work) if kernel_work else None).problems
            except Malformed:
                problems = None
            if problems:  # pragma: no cover - the engine and the kernel disagree: never report such a result
                raise InvariantViolation(f"{spec['key']}: the kernel rejects the counterexample: {problems[0]}")
            if problems is not None:
                provenance = certified_provenance(resolve(statement), v.certificate)
        elif v.certificate is not None:
            provenance = v.provenance
        rec["certificate"] = v.certificate
        rec["counterexample"] = [fraction_str(x) for x in v.counterexample or ()]
        rec["provenance"] = provenance
        rec["instance"] = spec
    return rec
