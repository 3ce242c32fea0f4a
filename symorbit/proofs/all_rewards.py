"""Statements decided over every reward r ∈ Q^d, not over a sample (issue 13).

A claim such as "B ≥ⁿ_most A" (PR Def. 3.2) quantifies over every reward. The
orbit counts of r are constant on the faces of a finite hyperplane arrangement, so
:func:`~symorbit.orbits.profiles.count_profiles` lists every count profile an
instance can show, each with an exact witness reward. Checking the statement's
claim on one witness per profile therefore decides it for **all** rewards:

* **fails**: the verdict carries a failing witness reward (the smallest failing one,
  fewest distinct values first), with an ordinary certificate listing that reward;
  the kernel re-checks it as for any other family (provenance ``"kernel-checked"``).
* **holds for every reward**: the claim holds on every profile. The certificate then
  has family ``"all"``: one listed reward per profile, ND certificates for the compared
  sets, and the engine's split tree of the sorted chamber (``chamber``). The kernel
  replays the splits on exact cones (:mod:`symorbit.kernel.chambers`), checks that every
  leaf is settled, re-counts every face and requires the listed profiles to be exactly
  the ones it found, so the completeness of the list is kernel-checked too (provenance
  ``"kernel-checked (every reward: chamber subdivision)"``). When the replay is beyond
  the kernel's work bound (estimated up front: tree nodes × d! × vectors), or with
  ``kernel=False``, the verdict is labelled :data:`ENGINE_ONLY_ALL`.

Past count_profiles (an instance it refuses, as most at d = 6, or whose split trees certainly pass what the
kernel could replay: its work budget or :data:`~symorbit.kernel.chambers.MAX_NODES`), a claim that bounds one
quantity ("most", a strict or weak fraction, pointwise) is decided by
:func:`~symorbit.orbits.extremes.worst_cases` instead: it
fails exactly at the worst case of its quantity, whose witness is then the kernel-checked counterexample. A
"holds" (``profiles`` is 0: the profiles were not listed) goes to the kernel with **bound trees**
(:func:`~symorbit.proofs.bound_trees.bound_trees`: split trees whose leaves show the claim on every face by
bounds on the counts alone; the certificate's ``bounds`` field, replayed by
:func:`symorbit.kernel.chambers.chamber_bounds`), provenance ``"kernel-checked (every reward: bound trees)"``,
where they fit the kernel's budget and MAX_NODES; else, and for a claim over generic rewards only, it is
labelled :data:`ENGINE_ONLY_WORST`.

A listed "holds" whose chamber tree the kernel refuses as too large (the engine's estimate of its replay is only a
lower bound) goes to the kernel with bound trees too, before it is labelled :data:`ENGINE_ONLY_ALL`. The budget is
``KERNEL_WORK_LIMIT`` unless ``kernel_work=N`` grants N units (issue 24; CLI ``--kernel-work N``): the engine builds
trees the kernel can replay within it, the kernel checks within it, and the verdict's ``kernel_units`` says what its
certificate used, so that a reader re-verifies it with ``symorbit verify --max-work N`` (docs/guide.md#every-reward).

Either way the verdict reports the **exact worst case** over all rewards, each with
its witness: the minimum of #B-better/#A-better (D.13's ratio; None when A is never
strictly better), and the minima of the strict and the weak fraction (the scaling
law's quantities, PR Lemma B.3). A statement with ``generic_only`` (the post's strict
conjecture, "for almost all r") ignores profiles whose orbit has ties, for the
decision and for the worst cases alike.

Decision-rule statements (``statement.rule``) compare f(B|C, r′) with f(A|C, r′),
which count_profiles does not cover: they are refused with :class:`InvalidArgument`.

Examples
--------
The candy example (docs/theory.md#candy) with the proved scaling law: holds for every reward,
and n/(n+1) = 2/3 is exactly tight for the weak fraction.

>>> from symorbit.theorems import scaling_law_raw
>>> from symorbit.proofs.statements import Instance
>>> inst = Instance(A=[[1, 0, 0]], B=[[0, 1, 0], [0, 0, 1]], name="candy")
>>> v = check_all_rewards(scaling_law_raw.STATEMENT, inst)
>>> v.status, v.bound, v.profiles, v.provenance
('holds', Fraction(2, 1), 4, 'kernel-checked (every reward: chamber subdivision)')
>>> v.worst_ratio.value, v.worst_weak.value, [str(x) for x in v.worst_weak.reward]
(Fraction(2, 1), Fraction(2, 3), ['0', '0', '1'])

References
----------
PR Def. 3.2, Lemma B.3, Conj. D.13; OPTS Def. 6.5; docs/theory.md#most, docs/theory.md#p2.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field, fields
from fractions import Fraction
from typing import Any, Callable, Iterator

from symorbit.errors import InvalidArgument, InvariantViolation, TooLarge
from symorbit.exact.numbers import format_count, fraction_str
from symorbit.kernel import KERNEL_WORK_LIMIT
from symorbit.kernel.chambers import MAX_NODES, MAX_NORMAL_ENTRY
from symorbit.kernel.check import Budget
from symorbit.orbits import extremes
from symorbit.orbits.extremes import claim_worst_cases
from symorbit.orbits.profiles import (
    CountProfile,
    WorstCase,
    _canonical_nd,
    _compares_without_c,
    _listed,
    _profiles_and_trees,
    _validated,
    profile_trees,
    recount_witnesses,
)
from symorbit.proofs.bound_trees import bound_trees
from symorbit.proofs.certificates import nondomination_json
from symorbit.proofs.listed import check_listed
from symorbit.proofs.statements import Instance, Statement, Verdict, claim_holds, reduce_claim
from symorbit.proofs.vocabulary import Claim

__all__ = ["ENGINE_ONLY_ALL", "ENGINE_ONLY_WORST", "REWRITTEN_COMPARISON", "AllRewardsVerdict", "check_all_rewards"]

#: Provenance of a "holds for every reward" verdict whose completeness the kernel did not replay (too large,
#: or ``kernel=False``): the completeness of the profile list is then the engine's.
ENGINE_ONLY_ALL = "engine-only (all rewards: exact BSP of the sorted chamber, count_profiles)"
#: Provenance of a "holds for every reward" verdict decided by the worst cases alone (the profile list was
#: refused, or past what the kernel could replay) and not kernel-checked by bound trees (none fit the kernel's
#: budget, or the claim is over generic rewards only): :func:`~symorbit.orbits.extremes.worst_cases`' branch and
#: bound; its witnesses are kernel-checked.
ENGINE_ONLY_WORST = "engine-only (all rewards: branch and bound over the sorted chamber, worst_cases)"

#: :attr:`AllRewardsVerdict.compared` for an optimal-fraction claim, decided as the weak fraction of B against
#: C ∪ B (:func:`~symorbit.proofs.statements.reduce_claim`): its worst values are that comparison's.
REWRITTEN_COMPARISON = "C ∪ B against B"

Vector = tuple[Fraction, ...]


@dataclass(frozen=True, repr=False)
class AllRewardsVerdict(Verdict):
    """A :class:`~symorbit.proofs.statements.Verdict` over every reward, with the exact worst cases.

    Attributes
    ----------
    statement, instance, status, reason, bound, per_reward, counterexample, skipped, certificate, provenance
        As in :class:`~symorbit.proofs.statements.Verdict`; ``per_reward`` lists one witness reward
        per count profile; "holds" is kernel-checked with the chamber subdivision, or :data:`ENGINE_ONLY_ALL`.
    profiles : int
        The number of distinct count profiles considered (after the generic filter).
    worst_ratio : WorstCase
        min over all rewards of #B-better/#A-better, with its witness; ``value`` is
        None when no reward makes A strictly better anywhere in its orbit.
    worst_strict, worst_weak : WorstCase
        min of the strict fraction b/|O| and of the weak fraction (b + t)/|O|.
    claim_worst : WorstCase
        The one of the three that the statement's claim bounds (ratio for ``"most"``).
    kernel_units : int or None
        The work units the kernel spent on ``certificate`` (None where it did not accept one): a reader
        re-verifies it with ``symorbit verify --max-work N`` for any N at least this, which matters above
        the default budget :data:`~symorbit.kernel.check.KERNEL_WORK_LIMIT` (``kernel_work=``).
    worst_exact : bool
        Whether the three worst values are the minima over every reward. False only where the claim was decided
        by :func:`~symorbit.orbits.extremes.claim_worst_cases` and the minima were not settled within its budget
        (after a counterexample, as many pieces again as the decision took, at least
        :data:`~symorbit.orbits.extremes.REPORT_PIECES`; after "holds", :data:`~symorbit.orbits.extremes.MAX_PIECES`
        in all): each value is then the least found (an upper bound on the minimum, with a recounted witness); the
        status is decided either way.
    compared : str
        Which sets the three worst values compare: ``"A against B"`` (relative to C where the statement is), or, for
        an optimal-fraction claim (B optimal relative to C for a fraction q of the orbit), ``"C ∪ B against B"``: the
        claim is decided as the weak fraction of B against C ∪ B (:func:`~symorbit.proofs.statements.reduce_claim`),
        so the worst ratio, strict and weak fractions are that comparison's, and the worst weak fraction is the
        claim's quantity.

    Examples
    --------
    >>> from symorbit.theorems import scaling_law_raw
    >>> from symorbit.proofs.statements import Instance
    >>> inst = Instance(A=[[1, 0, 0]], B=[[0, 1, 0], [0, 0, 1]], name="candy")
    >>> v = check_all_rewards(scaling_law_raw.STATEMENT, inst)
    >>> v.profiles, v.worst_strict.value, v.claim_worst.value
    (4, Fraction(0, 1), Fraction(2, 1))

    References
    ----------
    PR Def. 3.2, Lemma B.3, Conj. D.13; docs/theory.md#most.
    """

    profiles: int = 0
    worst_ratio: WorstCase = WorstCase(None, None)
    worst_strict: WorstCase = WorstCase(None, None)
    worst_weak: WorstCase = WorstCase(None, None)
    claim_worst: WorstCase = WorstCase(None, None)
    kernel_units: int | None = None
    worst_exact: bool = field(default=True, repr=False)     # in to_dict and, when False, in the reason
    compared: str = field(default="A against B", repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The base verdict's JSON plus ``rewards: "all"``, ``profiles`` and the worst cases.

        Returns
        -------
        dict
            :meth:`Verdict.to_dict <symorbit.proofs.statements.Verdict.to_dict>`'s keys, plus
            ``rewards`` (``"all"``), ``profiles``, and ``worst_ratio``, ``worst_strict_fraction``,
            ``worst_weak_fraction``, ``claim_worst``: each ``{"value", "reward", "counts"}``
            with exact numbers as ``"p/q"`` strings (None where there is no value); ``kernel_units``,
            the work the kernel spent on the certificate (the least ``symorbit verify --max-work N`` that
            re-verifies it; None where the kernel accepted none); ``worst_exact``, whether the worst values
            are the minima (else the least found); and ``compared``, the sets the worst values compare (see the
            class).

        Examples
        --------
        >>> from symorbit.theorems import scaling_law_raw
        >>> from symorbit.proofs.statements import Instance
        >>> inst = Instance(A=[[1, 0, 0]], B=[[0, 1, 0], [0, 0, 1]], name="candy")
        >>> d = check_all_rewards(scaling_law_raw.STATEMENT, inst).to_dict()
        >>> d["rewards"], d["profiles"], d["worst_weak_fraction"]["value"], d["worst_weak_fraction"]["reward"]
        ('all', 4, '2/3', ['0', '0', '1'])

        References
        ----------
        PR Lemma B.3 (the fractions); docs/theory.md#most.
        """
        out = Verdict.to_dict(self)
        out["rewards"] = "all"
        out["profiles"] = self.profiles
        for key, w in (("worst_ratio", self.worst_ratio), ("worst_strict_fraction", self.worst_strict),
                       ("worst_weak_fraction", self.worst_weak), ("claim_worst", self.claim_worst)):
            out[key] = worst_case_json(w)
        out["kernel_units"] = self.kernel_units
        out["worst_exact"] = self.worst_exact
        out["compared"] = self.compared
        return out


def worst_case_json(w: WorstCase) -> dict[str, Any]:
    """A worst case as JSON: ``{"value", "reward", "counts"}``, exact numbers as ``"p/q"`` strings, None where
    there is no value (the ratio when A is never strictly better).

    >>> from symorbit.orbits.extremes import worst_cases
    >>> worst_case_json(worst_cases([[1, 0, 0]], [[0, 1, 0], [0, 0, 1]]).weak)["value"]
    '2/3'
    """
    p = w.profile
    return {"value": None if w.value is None else fraction_str(w.value),
            "reward": None if p is None else [fraction_str(x) for x in p.reward],
            "counts": None if p is None else {"b_better": p.b_better, "a_better": p.a_better, "ties": p.ties,
                                              "orbit_size": p.orbit_size}}


def _minimum(profiles: list[CountProfile], value: Any) -> WorstCase:
    best: WorstCase = WorstCase(None, None)
    for p in profiles:
        v = value(p)
        if v is not None and (best.value is None or v < best.value):
            best = WorstCase(v, p)
    return best


def check_all_rewards(statement: Statement, instance: Instance, *, kernel: bool = True,
                      kernel_work: int | None = None) -> AllRewardsVerdict:
    """Decide ``statement`` on ``instance`` for every reward r ∈ Q^d, with the exact worst case.

    Parameters
    ----------
    statement : Statement
        A theorem or conjecture without a decision rule.
    instance : Instance
        The outcome sets (relative statements compare relative to ``instance.C``).
    kernel : bool, keyword-only
        Re-check the certificate with the kernel (a failing witness, or every profile's
        witness for "holds"), as :func:`~symorbit.proofs.verdicts.check_statement` does.
    kernel_work : int, keyword-only, optional
        The kernel's budget in work units (default :data:`~symorbit.kernel.check.KERNEL_WORK_LIMIT`,
        3,000,000, a few seconds): the engine builds chamber and bound trees whose replay fits it, and the
        kernel checks the certificate within it. ``kernel_units`` then says what the certificate used; a
        reader re-verifies one above the default with ``symorbit verify --max-work N``, N at least that
        (docs/guide.md#budget).

    Returns
    -------
    AllRewardsVerdict
        ``status`` is ``"holds"`` (for every reward; kernel-checked with the chamber
        subdivision, else provenance :data:`ENGINE_ONLY_ALL`),
        ``"fails"`` (``counterexample`` is a failing reward; kernel-checked when
        ``kernel``) or ``"hypotheses not met"``. ``counts`` lists one witness per
        profile (only the failing one is in the certificate of a failure).

    Raises
    ------
    InvalidArgument
        A decision-rule statement (count_profiles compares maxima, not decision rules), or a ``kernel_work``
        that is not a positive integer.
    TooLarge
        The instance is too large for :func:`~symorbit.orbits.profiles.count_profiles` and the claim bounds
        no single quantity, or it is too large for :func:`~symorbit.orbits.extremes.worst_cases` too.
    InvariantViolation
        The profile witnesses and the per-reward check disagree (an internal error).

    Examples
    --------
    PR Conjecture D.13 as stated, 2 things against 1 (n < m): fails for some reward.

    >>> from symorbit.theorems import fractional_conjecture
    >>> from symorbit.proofs.statements import Instance
    >>> inst = Instance(A=[[1, 0, 0], [0, 1, 0]], B=[[0, 0, 1]])
    >>> v = check_all_rewards(fractional_conjecture.STATEMENT, inst)
    >>> v.status, v.bound, [str(x) for x in v.counterexample], v.provenance
    ('fails', Fraction(1, 2), ['0', '1', '1'], 'kernel-checked')
    >>> v.worst_ratio.value, v.to_dict()["claim_worst"]["reward"]
    (Fraction(0, 1), ['0', '1', '1'])

    References
    ----------
    PR Def. 3.2, Lemma B.3, Conj. D.13; docs/theory.md#most.
    """
    work = _work(kernel_work)
    if statement.rule is not None:
        raise InvalidArgument(f"{statement.name} compares the decision rule {statement.rule!r}; rewards='all' covers "
                              "max-based statements only (count_profiles): use a finite reward family")
    if isinstance(statement.claim, Claim):          # before the hypotheses (a claim given as code: after them)
        _covered(statement, statement.claim.kind)
    hyp = statement.check_hypotheses(instance)          # computed once, passed on
    if not hyp.met:
        base = check_listed(statement, instance, [], kernel=False, precomputed=hyp)
        return _wrap(base, [], None, base.provenance, None, _compared(statement, None))
    evaluated = statement.claim_dict(hyp.data)
    _covered(statement, evaluated["kind"])
    # "B optimal relative to C for a fraction q" is a weak fraction of C ∪ B against B (reduce_claim), as
    # check_listed checks it: the profiles are those of the sets it compares
    claim, counted, mode = reduce_claim(evaluated, instance)
    compared = _compared(statement, mode)
    C = counted.C if (mode or statement.mode) == "relative" else None
    # A claim that bounds one quantity stops listing profiles where the kernel could not check the tree anyway
    # (past its budget or its MAX_NODES): its worst cases decide it faster.
    try:
        table, trees, _, _ = _profiles_and_trees(counted.A, counted.B, C,       # remembered per canonical form
                                                 max_leaves=_kernel_leaves(counted.A, counted.B, C, work))
    except TooLarge:
        return _by_worst_cases(statement, instance, hyp, claim, counted, C, kernel, work, compared)
    found = _listed(table)
    considered = [p for p in found if not (statement.generic_only and p.ties)]
    failing = [p for p in considered if not claim_holds(claim, p)]   # a profile has the counts' fields
    given = {k: frozenset(X) for k, X in (("A", counted.A), ("B", counted.B), ("C", C)) if X is not None}
    # Without a failing profile the kernel checks the family "all" certificate alone (it recounts the
    # listed rewards too), not the listed one first.
    # Past the kernel's budget for the chamber replay (refused up front, or by the kernel), a bound claim's "holds"
    # can still be shown by bound trees.
    extend = None if failing else (lambda cert: _present(
        lambda: _completeness_certificate(cert, (given, found, trees), work),
        lambda: _bounds_certificate(cert, claim, work) if not statement.generic_only else None))
    budgets = _Budgets(work)
    base = check_listed(statement, instance, [p.reward for p in found], kernel=kernel, precomputed=hyp,
                        extend=extend, known={p.reward: p for p in found}, budgets=budgets)
    # The kernel recounted every witness on these sets, unless it did not check, checked only a failing
    # reward, or checked a claim rewritten over other sets (check_listed then counted afresh).
    if base.provenance == "engine-only" or base.status == "fails" or mode is not None:
        recount_witnesses(found, counted.A, counted.B, C)
    if (base.status == "fails") != bool(failing):
        raise InvariantViolation(f"check_all_rewards({statement.name}, {instance.name}): the profiles say "
                                 f"{'fails' if failing else 'holds'} but the witnesses say {base.status}")
    if base.status == "fails":
        return _wrap(base, considered, claim, base.provenance, budgets.used(base), compared)
    return _wrap(base, considered, claim, _every_reward_provenance(base) or ENGINE_ONLY_ALL, budgets.used(base),
                 compared)


def _compared(statement: Statement, mode: str | None) -> str:
    """The sets the worst values compare (:attr:`AllRewardsVerdict.compared`): those of the statement, or, for a claim
    :func:`~symorbit.proofs.statements.reduce_claim` rewrote (``mode`` ``"raw"``), C ∪ B against B.

    >>> from symorbit.theorems import scaling_law_raw
    >>> _compared(scaling_law_raw.STATEMENT, None), _compared(scaling_law_raw.STATEMENT, "raw")
    ('A against B', 'C ∪ B against B')
    """
    if mode == "raw":
        return REWRITTEN_COMPARISON
    return "A against B relative to C" if statement.mode == "relative" else "A against B"


def _present(*builders: Callable[[], dict[str, Any] | None]) -> Iterator[dict[str, Any]]:
    """The certificates the builders return, each built only when the one before is used up, None ones left out.

    >>> list(_present(lambda: None, lambda: {"family": "all"}))
    [{'family': 'all'}]
    """
    for build in builders:
        if (cert := build()) is not None:
            yield cert


def _work(kernel_work: int | None) -> int:
    """The kernel's budget for a check over every reward: ``kernel_work``, or KERNEL_WORK_LIMIT when None.

    >>> _work(None), _work(10**7)
    (3000000, 10000000)
    """
    if kernel_work is None:
        return KERNEL_WORK_LIMIT
    if isinstance(kernel_work, bool) or not isinstance(kernel_work, int) or kernel_work < 1:
        raise InvalidArgument(f"kernel_work={kernel_work!r} must be a positive integer (work units of the kernel)")
    return kernel_work


class _Budgets:
    """Fresh kernel budgets of ``limit`` units for :func:`~symorbit.proofs.listed.check_listed`, one per certificate it
    checks; the last one made is that of the certificate the kernel accepted, if any (check_listed stops there).

    >>> b = _Budgets(10)
    >>> b().spend(4)
    >>> b.last.limit - b.last.left
    4
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.last: Budget | None = None

    def __call__(self) -> Budget:
        self.last = Budget(self.limit)
        return self.last

    def used(self, base: Verdict) -> int | None:
        """The units the kernel spent on ``base``'s certificate; None when the kernel did not accept one."""
        if base.provenance == "engine-only" or self.last is None:
            return None
        return self.last.limit - self.last.left


def _every_reward_provenance(base: Verdict) -> str | None:
    """The provenance of a verdict whose family "all" certificate the kernel accepted, naming what showed every
    reward (the chamber subdivision or bound trees); None when the kernel checked no such certificate."""
    cert = base.certificate or {}
    if cert.get("family") != "all" or base.provenance == "engine-only":
        return None
    return base.provenance + (" (every reward: bound trees)" if "bounds" in cert else
                              " (every reward: chamber subdivision)")


#: Claims decided by the minimum of one quantity over every reward (:func:`~symorbit.orbits.extremes.worst_cases`).
_BOUNDED = ("most", "strict_fraction", "weak_fraction", "pointwise")


def _covered(statement: Statement, kind: str) -> None:
    """Refuse a claim that rewards='all' does not cover: every claim but the bounded ones and ``optimal_fraction``
    (a weak fraction of C ∪ B against B) reads POWER or optimality probabilities at each reward."""
    if kind not in _BOUNDED + ("optimal_fraction",):
        raise InvalidArgument(f"{statement.name}: its claim ({kind}) reads POWER or optimality probabilities at each "
                              "reward, which rewards='all' does not cover (count_profiles compares maxima): use a "
                              "finite reward family")


def _by_worst_cases(statement: Statement, instance: Instance, hyp: Any, claim: dict[str, Any], counted: Instance,
                    C: Any, kernel: bool, work: int, compared: str) -> AllRewardsVerdict:
    """The verdict from the three worst cases over every reward, when the complete profile list is out of reach.
    ``counted`` holds the sets the (possibly rewritten) ``claim`` compares, ``C`` among them or None; ``compared``
    names them (:attr:`AllRewardsVerdict.compared`).

    The claim fails exactly when it fails at the worst case of the quantity it bounds (the ratio for "most",
    the weak fraction for "pointwise": A never strictly better): that reward is the counterexample, re-checked
    by the kernel as any listed reward. A "holds" lists the three witnesses (the kernel recounts them); its
    completeness is kernel-checked by bound trees where they fit (:func:`_bounds_certificate`), else it is the
    branch and bound's (:data:`ENGINE_ONLY_WORST`).
    """
    quantity, threshold = _claim_quantity(claim)
    decided = claim_worst_cases(counted.A, counted.B, quantity, threshold, relative_to=C,
                                generic_only=statement.generic_only)
    worst = decided.worst
    found = {case.profile.reward: case.profile for case in worst[:3] if case.profile is not None}
    failing = [p for p in found.values() if not claim_holds(claim, p)]
    if decided.holds == bool(failing):
        raise InvariantViolation(f"check_all_rewards({statement.name}, {instance.name}): the search decided "
                                 f"{'holds' if decided.holds else 'fails'} but its witnesses say otherwise")
    rewards = [failing[0].reward] if failing else list(found)
    # A "holds" goes to the kernel with bound trees (the claim shown on every face of their leaves) when they fit.
    extend = None if failing or statement.generic_only else (lambda cert: _present(
        lambda: _bounds_certificate(cert, claim, work)))
    budgets = _Budgets(work)
    base = check_listed(statement, instance, rewards, kernel=kernel, precomputed=hyp, known=found, extend=extend,
                        budgets=budgets)
    if (base.status == "fails") != bool(failing):
        raise InvariantViolation(f"check_all_rewards({statement.name}, {instance.name}): the worst cases say "
                                 f"{'fails' if failing else 'holds'} but the witnesses say {base.status}")
    values = {f.name: getattr(base, f.name) for f in fields(base)}
    if base.status == "holds" and (checked := _every_reward_provenance(base)) is not None:
        values["provenance"] = checked
        values["reason"] = f"{base.reason}; holds for every reward (the worst cases; bound trees kernel-checked)"
    elif base.status == "holds":
        values["provenance"] = ENGINE_ONLY_WORST
        values["reason"] = f"{base.reason}; holds for every reward (the worst cases, by branch and bound)"
    if not decided.exact:
        spent = (f"after a counterexample at piece {format_count(decided.decided_at)} the search spends at most as "
                 f"many again, and at least {format_count(extremes.REPORT_PIECES)}, on the minima"
                 if base.status == "fails" else f"the minima need more than {format_count(extremes.MAX_PIECES)} pieces")
        values["reason"] += f"; the worst values are the least found, not all proven minimal ({spent})"
    return AllRewardsVerdict(**values, profiles=0, worst_ratio=worst.ratio, worst_strict=worst.strict,
                             worst_weak=worst.weak, claim_worst=getattr(worst, quantity),
                             kernel_units=budgets.used(base),
                             worst_exact=decided.exact, compared=compared)


def _claim_quantity(claim: dict[str, Any]) -> tuple[str, Fraction]:
    """The quantity a bounded claim reads and its threshold: "most" is ratio ≥ n, the fractions their bound,
    "pointwise" (A never strictly better) the weak fraction ≥ 1.

    >>> _claim_quantity({"kind": "most", "ratio": Fraction(2)})
    ('ratio', Fraction(2, 1))
    >>> _claim_quantity({"kind": "pointwise"})
    ('weak', Fraction(1, 1))
    """
    kind = str(claim["kind"])
    if kind == "most":
        return "ratio", Fraction(claim["ratio"])
    if kind == "pointwise":
        return "weak", Fraction(1)
    return ("strict" if kind == "strict_fraction" else "weak"), Fraction(claim["bound"])


@functools.lru_cache(maxsize=4096)
def _nondomination(X: tuple[Vector, ...]) -> tuple[Any, ...]:
    return tuple(nondomination_json(list(X)))


def _certificate_sets(cert: dict[str, Any]) -> dict[str, list[Vector]]:
    """A, B (and C) of a certificate as exact vectors, by their keys."""
    return {k: [tuple(Fraction(x) for x in v) for v in cert[k]] for k in ("A", "B", "C") if k in cert}


def _nd_fields(sets: dict[str, list[Vector]]) -> dict[str, list[dict[str, Any]]]:
    """The family "all" certificate's fields nd_A, nd_B (nd_C): a non-domination entry for every vector."""
    return {f"nd_{k}": [dict(e) for e in _nondomination(tuple(X))] for k, X in sets.items()}


def _completeness_certificate(cert: dict[str, Any],
                              computed: tuple[dict[str, frozenset[Any]], tuple[CountProfile, ...], list[list[Any]]],
                              work: int = KERNEL_WORK_LIMIT) -> dict[str, Any] | None:
    """The family "all" certificate of a "holds": every profile's witness, the chamber splits, ND certificates.

    Built over the certificate's own sets (after any claim rewriting; ``computed`` is the engine's
    run on the instance's sets, reused when they are the same); None when the kernel would refuse
    the replay as too large for ``work`` units (the completeness then stays the engine's, :data:`ENGINE_ONLY_ALL`).
    """
    sets = _certificate_sets(cert)
    given, profiles, trees = computed      # the engine's run on the instance, reused when the certificate's sets match
    if {k: frozenset(X) for k, X in sets.items()} != given:
        profiles, trees = profile_trees(sets["A"], sets["B"], relative_to=sets.get("C"))
    # Relative to a C with max_C = max(max_A, max_B) the trees compare B with A alone, as the kernel replays them.
    compared = [k for k in sets if k != "C" or not _compares_without_c(sets["A"], sets["B"], sets["C"])]
    d, vectors = len(sets["A"][0]), sum(len(sets[k]) for k in compared)
    if sum(map(len, trees)) * math.factorial(d) * vectors > 2 * work or not _normals_fit(trees):
        return None    # the kernel would refuse the replay as too large: do not spend the time
    nd = _nd_fields(sets)
    if _replay_units_at_least(d, trees, {k: sum("witness" in e for e in nd[f"nd_{k}"]) for k in compared}) > work:
        return None    # the kernel would run out of budget on the replay: check the listed certificate alone
    by_counts = {(e["b_better"], e["a_better"], e["ties"], e["orbit_size"]): e for e in cert["rewards"]}
    if len(by_counts) != len(profiles) or any(p.counts not in by_counts for p in profiles):
        raise InvariantViolation("check_all_rewards: the certificate's rewards are not one per count profile")
    return {**cert, "family": "all", "rewards": [by_counts[p.counts] for p in profiles], "chamber": trees, **nd}


def _bounds_certificate(cert: dict[str, Any], claim: dict[str, Any], work: int = KERNEL_WORK_LIMIT
                        ) -> dict[str, Any] | None:
    """The family "all" certificate of a worst-case "holds": the listed witnesses, the bound trees of
    :func:`~symorbit.proofs.bound_trees.bound_trees` over the certificate's own sets, ND certificates; None when
    no such trees fit the kernel's budget (``work`` units) and MAX_NODES (the completeness then stays the
    engine's)."""
    sets = _certificate_sets(cert)

    def holds(b: int, a: int, n: int) -> bool:
        return claim_holds(claim, CountProfile((), b, a, n - a - b, n))

    trees = bound_trees(sets["A"], sets["B"], holds, relative_to=sets.get("C"), max_units=work, max_nodes=MAX_NODES)
    if trees is None or not _normals_fit(trees):
        return None
    return {**cert, "family": "all", "bounds": trees, **_nd_fields(sets)}


def _normals_fit(trees: list[list[Any]]) -> bool:
    """Whether every split normal of ``trees`` has its entries below the kernel's bound (:data:`~symorbit.kernel.
    chambers.MAX_NORMAL_ENTRY`, which keeps a hostile tree's rays from growing without end). Vectors with entries
    near 10^18 give normals past it; the kernel would refuse such trees as malformed, so the completeness stays the
    engine's.

    >>> _normals_fit([[[1, -1, 0], 0, 0]]), _normals_fit([[[10**18, -1, 0], 0, 0]])
    (True, False)
    """
    return all(node == 0 or all(abs(c) < MAX_NORMAL_ENTRY for c in node) for tree in trees for node in tree)


def _kernel_leaves(A: Any, B: Any, C: Any, work: int = KERNEL_WORK_LIMIT) -> int:
    """The most leaves a split tree of these sets can have with its replay still within the kernel's budget
    (``work`` units) and its MAX_NODES (a lower bound on the charges, :func:`_replay_units_at_least`, exceeds the budget past it)."""
    sets, _ = _validated(A, B, C)
    key, relative = _canonical_nd(tuple(X.vectors for X in sets))
    sizes = dict(zip("ABC", map(len, key if relative else key[:2])))
    trees = 1 if len({sum(v) for X in key for v in X}) == 1 else 2      # one root cone with a common sum, else two
    per_leaf = _replay_units_at_least(len(key[0][0]), [[0]] * trees, sizes) // trees
    return min(trees * ((MAX_NODES + 1) // 2), work // per_leaf + 1)


def _replay_units_at_least(d: int, trees: list[list[Any]], nd_sizes: dict[str, int]) -> int:
    """A lower bound on the units the kernel charges to replay ``trees`` (:mod:`symorbit.kernel.chambers`).

    At every leaf the kernel charges, for each of the d! permutations and each compared pair (X, Y)
    of ND sets (B vs A; or A vs C and B vs C), rays · (|X| + |Y|)² + 1 units, and a leaf's cone has
    at least d − 1 extreme rays under one root (a common coordinate sum), d under two. Past the
    kernel's budget the replay is certainly refused, so it is not attempted (no check that would
    pass is skipped).

    Examples
    --------
    >>> _replay_units_at_least(3, [[0]], {"A": 1, "B": 2})      # one leaf, 2 rays: 3! * (2 * 3^2 + 1)
    114
    """
    pairs = [("B", "A")] if "C" not in nd_sizes else [("A", "C"), ("B", "C")]
    rays = d - 1 if len(trees) == 1 else d
    leaves = sum(node == 0 and not isinstance(node, bool) for tree in trees for node in tree)
    return leaves * math.factorial(d) * sum(rays * (nd_sizes[x] + nd_sizes[y]) ** 2 + 1 for x, y in pairs)


def _wrap(base: Verdict, considered: list[CountProfile], claim: dict[str, Any] | None,
          provenance: str, kernel_units: int | None, compared: str) -> AllRewardsVerdict:
    ratio = _minimum(considered, lambda p: p.ratio)
    strict = _minimum(considered, lambda p: p.strict_fraction)
    weak = _minimum(considered, lambda p: p.weak_fraction)
    kind = "" if claim is None else str(claim["kind"])
    claim_worst = {"most": ratio, "strict_fraction": strict, "weak_fraction": weak}.get(kind, WorstCase(None, None))
    values = {f.name: getattr(base, f.name) for f in fields(base)}
    values["provenance"] = provenance
    if base.status == "holds" and considered:
        values["reason"] = f"{base.reason}; holds for every reward ({len(considered)} count profiles)"
    return AllRewardsVerdict(**values, profiles=len(considered), worst_ratio=ratio, worst_strict=strict,
                             worst_weak=weak, claim_worst=claim_worst, kernel_units=kernel_units, compared=compared)
