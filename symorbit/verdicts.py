"""Statements, instances and verdicts: turning orbit counts into proof-checking.

A :class:`Statement` is data: its words, source, status, a hypotheses check over
an :class:`Instance`, and a conclusion (a claim about orbit counts, checked for
each reward of a family). :func:`check_statement` returns a :class:`Verdict` with
the exact counts, the bound, the smallest counterexample for a failure, and a JSON
certificate that the kernel re-verifies (provenance ``"kernel-checked"``) or that
is too large for it (``"engine-only"``).

Examples
--------
>>> from theorems import scaling_law_raw
>>> inst = Instance(A=[[1, 0, 0]], B=[[0, 1, 0], [0, 0, 1]], name="candy")
>>> v = check_statement(scaling_law_raw.STATEMENT, inst, [(1, 2, 3), (0, 1, 1)])
>>> v.status, v.bound, v.provenance
('holds', Fraction(2, 1), 'kernel-checked')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Callable, Iterable, Mapping

from ._validation import fraction_str
from .counting import OrbitCounts, orbit_counts
from .errors import InvalidArgument
from .outcomes import OutcomeSet, as_outcome_set

__all__ = ["Instance", "Hypotheses", "Statement", "Verdict", "check_statement", "claim_holds", "certificate_rewards", "kernel_work"]

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
        A decision rule of :mod:`symorbit.decisions` (mode must be ``"relative"``):
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


def _vec_json(X: Iterable[Vector]) -> list[list[str]]:
    return [[fraction_str(x) for x in v] for v in X]


def certificate_rewards(A: OutcomeSet, B: OutcomeSet, C: OutcomeSet | None,
                        items: Iterable[tuple[Vector, OrbitCounts]]) -> list[dict[str, Any]]:
    """Reward entries for a certificate; large orbits carry the engine's symmetry blocks."""
    from . import _engines as E
    from .kernel import KERNEL_ENUMERATION_LIMIT

    out = []
    for r, c in items:
        entry: dict[str, Any] = {"reward": [fraction_str(x) for x in r], "b_better": c.b_better,
                                 "a_better": c.a_better, "ties": c.ties, "orbit_size": c.orbit_size}
        vectors = list(A) + list(B) + (list(C) if C is not None else [])
        groups = [list(range(len(A))), list(range(len(A), len(A) + len(B)))]
        if C is not None:
            groups.append(list(range(len(A) + len(B), len(vectors))))
        blocks = [sorted(b) for b in E.coordinate_classes(E.make_problem(vectors, groups, [], r))]
        with_blocks = {**entry, "blocks": blocks}
        # Symmetry classes spare the kernel work when they merge at least four orbit elements each,
        # and are required past its enumeration limit.
        if c.orbit_size > KERNEL_ENUMERATION_LIMIT or 4 * kernel_work(with_blocks) <= c.orbit_size:
            entry = with_blocks
        out.append(entry)
    return out


def kernel_work(entry: Mapping[str, Any]) -> int:
    """About how many evaluations the kernel needs for one reward entry (orbit elements, or block classes)."""
    import math

    if "blocks" not in entry:
        return entry["orbit_size"]
    return max(1, entry["orbit_size"] // math.prod(math.factorial(len(b)) for b in entry["blocks"]))


def _kernel_feasible(entry: Mapping[str, Any], max_classes: int) -> bool:
    """Can the kernel recount this entry in reasonable time (by enumeration or by its blocks)?"""
    return kernel_work(entry) <= max_classes


def _orbit_key(r: Vector) -> tuple:
    return (len(set(r)), sorted(r))


def check_statement(statement: Statement, instance: Instance, rewards: Iterable[Any], *,
                    kernel: bool = True, max_kernel_classes: int = 200_000,
                    progress: Callable[[int], None] | None = None) -> Verdict:
    """Check ``statement`` on ``instance`` for every reward of the family.

    Returns a :class:`Verdict`; a failure carries the smallest failing reward
    (fewest distinct values, then lexicographically smallest) as counterexample,
    and its certificate lists only that reward, so the kernel re-checks it fast.
    """
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
            from .decisions import decision_orbit_counts

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
    bound = Fraction(claim.get("ratio", claim.get("bound")))
    cert: dict[str, Any] = {
        "statement": statement.name,
        "A": _vec_json(instance.A), "B": _vec_json(instance.B),
        "claim": {k: (fraction_str(v) if k in ("ratio", "bound") else v) for k, v in claim.items()},
        "verdict": status,
        "rewards": certificate_rewards(instance.A, instance.B, C, listed),
    }
    if C is not None:
        cert["C"] = _vec_json(C)
    if statement.rule is not None:
        cert["rule"] = statement.rule
    if "involutions" in hyp.data:
        cert["involutions"] = [list(p) for p in hyp.data["involutions"]]
        cert["n"] = len(hyp.data["involutions"])
        if hyp.data.get("fix") == "C":
            cert["fix"] = "C"
            cert.setdefault("C", _vec_json(instance.C))
        elif hyp.data.get("fix") == "Z_minus_extra":
            cert["fix"] = "Z_minus_extra"
            cert["Z"] = _vec_json(hyp.data["Z"])
        if "copies_of" in hyp.data:
            cert["copies_of"] = _vec_json(hyp.data["copies_of"])   # e.g. ND(A): the involutions copy this set
    provenance = "engine-only"
    if kernel and listed:
        from .kernel import check_certificate

        if all(_kernel_feasible(e, max_kernel_classes) for e in cert["rewards"]):
            problems = check_certificate(cert)
            if problems:
                raise AssertionError(f"kernel rejected an engine verdict: {problems[0]}")
            provenance = "kernel-checked"
    if not listed:
        status, reason = "holds", "every reward in the family was non-generic (skipped)"
    else:
        reason = hyp.reason
    return Verdict(statement.name, instance.name, status, reason, bound, tuple(counted), counterexample, skipped,
                   cert, provenance)
