"""Checking a statement on an instance: counts for every reward, a verdict and its certificate.

:func:`check_statement` returns a :class:`~symorbit.proofs.statements.Verdict` with the
exact counts, the bound, the smallest counterexample for a failure, and a JSON
certificate that the kernel re-verifies (provenance ``"kernel-checked"``) or that is
too large for it (``"engine-only"``). A listed family is checked by
:func:`~symorbit.proofs.listed.check_listed`, every reward by
:func:`~symorbit.proofs.all_rewards.check_all_rewards` (which uses the former; neither imports this module).

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

from typing import Any, Callable, Iterable

from symorbit.errors import InvalidArgument
from symorbit.proofs.all_rewards import check_all_rewards
from symorbit.proofs.listed import check_listed, kernel_provenance, statement_witnesses
from symorbit.proofs.statements import Hypotheses, Instance, Statement, Verdict

__all__ = ["check_statement", "kernel_provenance", "statement_witnesses"]


def check_statement(statement: Statement, instance: Instance, rewards: Iterable[Any] | str, *,
                    kernel: bool = True, max_kernel_classes: int = 200_000,
                    progress: Callable[[int], None] | None = None, family: str = "list",
                    precomputed: Hypotheses | None = None) -> Verdict:
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
    precomputed : Hypotheses or None, keyword-only
        The statement's hypotheses already decided on this instance (so that callers such as
        :func:`~symorbit.proofs.all_rewards.check_all_rewards` decide them once).

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
    if not isinstance(statement, Statement):       # None raised AttributeError in the hypotheses' check
        raise InvalidArgument(f"statement={statement!r:.60} must be a Statement (symorbit.resolve(name) gives one)")
    if not isinstance(instance, Instance):
        raise InvalidArgument(f"instance={instance!r:.60} must be an Instance (Instance(A=..., B=...) or "
                              "Instance.from_mdp)")
    if progress is not None and not callable(progress):
        raise InvalidArgument(f"progress={progress!r:.60} must be a callable or None")
    if isinstance(rewards, str) and rewards == "all":
        return check_all_rewards(statement, instance, kernel=kernel)
    if isinstance(rewards, (str, bytes)) or not isinstance(rewards, Iterable):
        raise InvalidArgument(f"rewards={rewards!r:.60} must be a list of reward vectors, or \"all\"")
    return check_listed(statement, instance, rewards, kernel=kernel, max_kernel_classes=max_kernel_classes,
                        progress=progress, family=family, precomputed=precomputed)
