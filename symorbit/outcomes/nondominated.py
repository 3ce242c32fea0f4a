"""Non-domination ND(X) by exact, certified linear programming (OPTS Def. 3.6, E.9).

ND(X) = {x ∈ X : ∃r, xᵀr > max_{x′ ∈ X∖{x}} x′ᵀr}, exactly the vertices of conv(X).
Each decision comes with a certificate that is checked by substitution in exact
arithmetic before it is returned:

* non-dominated x: a witness reward r with (x − x′)ᵀr > 0 for every other x′;
* dominated x: weights λ ≥ 0, Σλ = 1, with Σ λ_j x_j = x over the other vectors
  (the Farkas alternative: no witness reward can exist).

The LPs are solved exactly over the rationals by the Parma Polyhedra Library
(pplpy); sympy's own simplex is avoided (it is unreliable on infeasible LPs).

Examples
--------
>>> from symorbit.outcomes.outcome_sets import OutcomeSet
>>> X = OutcomeSet.from_vectors([[1, 0], [0, 1], ["1/2", "1/2"], [0, 0]])
>>> [tuple(map(str, v)) for v in nondominated(X)]        # (1/2, 1/2) lies on a segment
[('0', '0'), ('0', '1'), ('1', '0')]
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import sympy

from symorbit.errors import SymorbitError
from symorbit.outcomes.outcome_sets import OutcomeSet, as_outcome_set

__all__ = ["NondominationCertificate", "nondominated", "nondomination_certificates", "check_nondomination"]

Vector = tuple[Fraction, ...]


@dataclass(frozen=True, slots=True)
class NondominationCertificate:
    """Why one vector is or is not in ND(X).

    Attributes
    ----------
    vector : tuple of Fraction
    nondominated : bool
    witness : tuple of Fraction or None
        For a non-dominated vector: a reward under which it is strictly best.
    combination : tuple of (vector, Fraction) or None
        For a dominated vector: convex weights on the other vectors reproducing it.
    """

    vector: Vector
    nondominated: bool
    witness: Vector | None = None
    combination: tuple[tuple[Vector, Fraction], ...] | None = None


def _dot(x: Vector, r: Vector) -> Fraction:
    return sum((a * b for a, b in zip(x, r)), Fraction(0))


def check_nondomination(cert: NondominationCertificate, vectors: set[Vector]) -> bool:
    """Re-check a certificate by substitution (exact arithmetic). True if it is valid.

    Examples
    --------
    >>> c = NondominationCertificate((Fraction(1),), True, witness=(Fraction(1),))
    >>> check_nondomination(c, {(Fraction(1),), (Fraction(0),)})
    True
    """
    x = cert.vector
    others = [v for v in vectors if v != x]
    if x not in vectors:
        return False
    if cert.nondominated:
        r = cert.witness
        return r is not None and all(_dot(x, r) > _dot(v, r) for v in others)
    comb = cert.combination
    if not comb or any(w < 0 or v not in vectors or v == x for v, w in comb):
        return False
    if sum((w for _, w in comb), Fraction(0)) != 1:
        return False
    return all(sum((w * v[i] for v, w in comb), Fraction(0)) == x[i] for i in range(len(x)))


def _integer_row(coeffs: list[Fraction]) -> list[int]:
    lcm = math.lcm(*(c.denominator for c in coeffs))
    return [int(c * lcm) for c in coeffs]


def _point(mip: Any, n: int) -> list[Fraction]:
    pt = mip.optimizing_point()
    div = int(pt.divisor())
    coeffs = pt.coefficients()
    return [Fraction(int(coeffs[i]), div) for i in range(n)]


def _certify(x: Vector, others: list[Vector]) -> NondominationCertificate:
    from ppl import Constraint_System, Linear_Expression, MIP_Problem, Variable

    d = len(x)
    if not others:
        return NondominationCertificate(x, True, witness=tuple(Fraction(0) for _ in range(d)))
    # Witness LP: maximise t subject to (x − x′)ᵀr ≥ t for all x′, −1 ≤ r_i ≤ 1, t ≤ 1.
    r = [Variable(i) for i in range(d)]
    t = Variable(d)
    cs = Constraint_System()
    for v in others:
        # (x − x′)ᵀr ≥ t, scaled to integer coefficients: row = L·(x − x′), so row·r − L·t ≥ 0.
        diff = [a - b for a, b in zip(x, v)]
        row = _integer_row(diff + [Fraction(1)])
        expr = Linear_Expression(0)
        for i, c in enumerate(row[:d]):
            if c:
                expr += c * r[i]
        cs.insert(expr - row[d] * t >= 0)
    for i in range(d):
        cs.insert(r[i] <= 1)
        cs.insert(r[i] >= -1)
    cs.insert(t <= 1)
    mip = MIP_Problem(d + 1, cs, Linear_Expression(t), "maximization")
    status = mip.solve()["status"]
    if status != "optimized":  # pragma: no cover - the LP is bounded and feasible (r = 0, t = 0)
        raise SymorbitError(f"internal error: witness LP status {status}")
    point = _point(mip, d + 1)
    if point[d] > 0:
        cert = NondominationCertificate(x, True, witness=tuple(point[:d]))
    else:
        # Dominated: find the convex combination λ (Farkas alternative).
        lam = [Variable(j) for j in range(len(others))]
        cs2 = Constraint_System()
        for j in range(len(others)):
            cs2.insert(lam[j] >= 0)
        total = Linear_Expression(0)
        for j in range(len(others)):
            total += lam[j]
        cs2.insert(total == 1)
        for i in range(d):
            row = _integer_row([v[i] for v in others] + [x[i]])
            expr = Linear_Expression(0)
            for j in range(len(others)):
                if row[j]:
                    expr += row[j] * lam[j]
            cs2.insert(expr == row[-1])
        mip2 = MIP_Problem(len(others), cs2, Linear_Expression(0), "maximization")
        if mip2.solve()["status"] != "optimized":  # pragma: no cover - contradicts LP duality
            raise SymorbitError("internal error: neither a witness reward nor a convex combination was found")
        weights = _point(mip2, len(others))
        cert = NondominationCertificate(
            x, False, combination=tuple((v, w) for v, w in zip(others, weights) if w != 0)
        )
    if not check_nondomination(cert, set(others) | {x}):  # pragma: no cover - would be an LP solver bug
        raise SymorbitError(f"internal error: LP certificate for {x} failed exact re-checking")
    return cert


def _numeric_view(F: OutcomeSet) -> tuple[list[Vector], dict[Vector, Any]]:
    """Vectors as Fractions; symbolic sets are evaluated at γ = 1/2 (ND does not depend on γ, OPTS Lemma E.31)."""
    if all(isinstance(x, Fraction) for v in F for x in v):
        return list(F.vectors), {v: v for v in F.vectors}
    g = F.gamma if isinstance(F.gamma, sympy.Symbol) else None
    mapping: dict[Vector, Any] = {}
    for v in F.vectors:
        num = []
        for x in v:
            val = sympy.sympify(x).subs(g, sympy.Rational(1, 2)) if g is not None else sympy.sympify(x)
            if not val.is_Rational:
                raise SymorbitError(f"entry {x} of an outcome vector is not rational")
            num.append(Fraction(int(val.p), int(val.q)))
        mapping[tuple(num)] = v
    return list(mapping), mapping


def nondomination_certificates(outcomes: Any) -> tuple[NondominationCertificate, ...]:
    """One exact-checked :class:`NondominationCertificate` per vector of ``outcomes``.

    For a symbolic outcome set (rational functions of γ) the certificates are for
    the vectors at γ = 1/2.
    """
    F = as_outcome_set(outcomes)
    vecs, _ = _numeric_view(F)
    return tuple(_certify(x, [v for v in vecs if v != x]) for x in vecs)


def nondominated(outcomes: Any) -> OutcomeSet:
    """F_nd: the non-dominated vectors (vertices of the convex hull), tags kept.

    Parameters
    ----------
    outcomes : OutcomeSet or list of vectors

    Returns
    -------
    OutcomeSet
        The subset ND(F), in the same canonical order.

    Notes
    -----
    One or two exact LPs per vector; each answer is certified (see module notes).

    Examples
    --------
    >>> from symorbit.mdp.library import opts_figure1
    >>> from symorbit.mdp.visits import visit_distributions
    >>> F = visit_distributions(opts_figure1(), "star", "9/10")
    >>> len(F), len(nondominated(F))        # alternations and detours (both sides) are dominated
    (11, 5)

    References
    ----------
    OPTS Def. 3.6, Def. E.9, Cor. E.11, Lemma E.31.
    """
    F = as_outcome_set(outcomes)
    _, mapping = _numeric_view(F)
    return F.subset(mapping[c.vector] for c in nondomination_certificates(F) if c.nondominated)
