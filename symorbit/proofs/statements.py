"""The vocabulary of proof-checking: instances, hypotheses, statements, verdicts and claims.

A :class:`Statement` is data: its words, source, status, a hypotheses check over
an :class:`Instance`, and a conclusion (a claim about orbit counts, checked for
each reward of a family). :func:`check_statement` returns a :class:`Verdict` with
the exact counts, the bound, the smallest counterexample for a failure, and a JSON
certificate that the kernel re-verifies (provenance ``"kernel-checked"``) or that
is too large for it (``"engine-only"``).

Examples
--------
>>> from symorbit.theorems import scaling_law_raw
>>> from symorbit.proofs.verdicts import check_statement
>>> inst = Instance(A=[[1, 0, 0]], B=[[0, 1, 0], [0, 0, 1]], name="candy")
>>> v = check_statement(scaling_law_raw.STATEMENT, inst, [(1, 2, 3), (0, 1, 1)])
>>> v.status, v.bound, v.provenance
('holds', Fraction(2, 1), 'kernel-checked')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Callable, Mapping

from symorbit.errors import InvalidArgument
from symorbit.exact.numbers import fraction_str
from symorbit.orbits.counting import OrbitCounts
from symorbit.outcomes.outcome_sets import OutcomeSet, as_outcome_set

__all__ = ["Instance", "Hypotheses", "Statement", "Verdict", "claim_holds"]

Vector = tuple[Fraction, ...]


@dataclass(frozen=True)
class Instance:
    """Outcome sets to check a statement on.

    Attributes
    ----------
    A, B : OutcomeSet
        The small and the large set ("A better" vs "B better").
    C : OutcomeSet or None
        All options, for statements relative to C (default: A ∪ B).
    Z : OutcomeSet or None
        PR Lemma D.5's Z with ND(C) ⊆ Z ⊆ C (default: C).
    parts : tuple of OutcomeSet or None
        A's "things" A_1..A_m for the fractional conjecture (default: pluggable formalisation).
    name : str
    context : mapping or None
        Statement-specific data (e.g. the unshifted F(s), F(s′) for POWER comparisons).
    """

    A: Any
    B: Any
    C: Any = None
    Z: Any = None
    parts: Any = None
    name: str = "instance"
    context: Any = field(default=None, compare=False, hash=False)

    def __post_init__(self) -> None:
        A = as_outcome_set(self.A, name="A")
        B = as_outcome_set(self.B, name="B")
        if A.dimension != B.dimension:
            raise InvalidArgument(f"A has dimension {A.dimension} but B has {B.dimension}")
        object.__setattr__(self, "A", A)
        object.__setattr__(self, "B", B)
        C = as_outcome_set(self.C, name="C") if self.C is not None else \
            OutcomeSet.build(A.coordinates, [(v, ()) for v in set(A) | set(B)])
        object.__setattr__(self, "C", C)
        if self.Z is not None:
            object.__setattr__(self, "Z", as_outcome_set(self.Z, name="Z"))
        if self.parts is not None:
            object.__setattr__(self, "parts", tuple(as_outcome_set(p, name="parts") for p in self.parts))

    @property
    def d(self) -> int:
        return self.A.dimension


@dataclass(frozen=True)
class Hypotheses:
    """The outcome of a hypotheses check: met or not, why, and what was found (n, involutions ...)."""

    met: bool
    reason: str
    data: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Statement:
    """A theorem or conjecture as data.

    Attributes
    ----------
    name, title, source, status, text : str
        Status is ``"proved"``, ``"conjectured"`` or ``"claimed"``.
    mode : str
        ``"raw"`` (max_B vs max_A) or ``"relative"`` (IsOptimal relative to C).
    hypotheses : callable
        Instance → :class:`Hypotheses`.
    conclusion : callable
        Hypotheses data → claim dict: ``{"kind": "most", "ratio": q}`` (gt ≥ q·lt),
        ``{"kind": "weak_fraction" | "strict_fraction", "bound": q}``.
    generic_only : bool
        Check only rewards whose orbit has no ties ("for almost all rewards").
    rule : str or None
        A decision rule of :mod:`symorbit.orbits.decisions` (mode must be ``"relative"``):
        compare f(B|C, r′) with f(A|C, r′) instead of maxima.
    """

    name: str
    title: str
    source: str
    status: str
    text: str
    mode: str
    hypotheses: Callable[[Instance], Hypotheses]
    conclusion: Callable[[Mapping[str, Any]], dict[str, Any]]
    generic_only: bool = False
    rule: str | None = None


@dataclass(frozen=True)
class Verdict:
    """The result of checking a statement on an instance over a reward family."""

    statement: str
    instance: str
    status: str                     # "holds" | "fails" | "hypotheses not met"
    reason: str
    bound: Fraction | None
    counts: tuple[tuple[Vector, OrbitCounts], ...]
    counterexample: Vector | None
    skipped: int
    certificate: dict[str, Any] | None
    provenance: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "statement": self.statement,
            "instance": self.instance,
            "status": self.status,
            "reason": self.reason,
            "bound": None if self.bound is None else fraction_str(self.bound),
            "checked_rewards": len(self.counts),
            "skipped_non_generic": self.skipped,
            "counterexample": None if self.counterexample is None else [fraction_str(x) for x in self.counterexample],
            "provenance": self.provenance,
        }


def claim_holds(claim: Mapping[str, Any], c: OrbitCounts) -> bool:
    """Does one reward's counts satisfy the claim?"""
    if claim["kind"] == "most":
        return c.b_better >= Fraction(claim["ratio"]) * c.a_better
    if claim["kind"] == "weak_fraction":
        return c.weak_fraction >= Fraction(claim["bound"])
    if claim["kind"] == "strict_fraction":
        return c.strict_fraction >= Fraction(claim["bound"])
    raise InvalidArgument(f"claim kind {claim['kind']!r} is unknown")
