"""Non-domination ND(X) by exact, certified linear programming (OPTS Def. 3.6, E.9).

ND(X) = {x ∈ X : ∃r, xᵀr > max_{x′ ∈ X∖{x}} x′ᵀr}, exactly the vertices of conv(X).
Each decision comes with a certificate that is checked by substitution in exact
arithmetic before it is returned:

* non-dominated x: a witness reward r with (x − x′)ᵀr > 0 for every other x′;
* dominated x: weights λ ≥ 0, Σλ = 1, with Σ λ_j x_j = x over the other vectors
  (the Farkas alternative: no witness reward can exist).

One LP per vector decides both cases: an exact Phase-I simplex over Fractions
(Bland's rule, no floating point, no compiled dependency) either finds the convex
weights or, when none exist, its simplex multipliers are the witness reward
(Farkas' lemma). Both are re-checked by substitution, as above.

Examples
--------
>>> from symorbit.outcomes.outcome_sets import OutcomeSet
>>> X = OutcomeSet.from_vectors([[1, 0], [0, 1], ["1/2", "1/2"], [0, 0]])
>>> [tuple(map(str, v)) for v in nondominated(X)]        # (1/2, 1/2) lies on a segment
[('0', '0'), ('0', '1'), ('1', '0')]
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Sequence

import sympy

from symorbit.errors import CertificateRejected, SymorbitError
from symorbit.outcomes.outcome_sets import OutcomeSet, as_outcome_set

__all__ = ["NondominationCertificate", "nondominated", "nondomination_certificates", "check_nondomination"]

Vector = tuple[Fraction, ...]


@dataclass(frozen=True, slots=True)
class NondominationCertificate:
    """Why one vector is or is not in ND(X).

    Attributes
    ----------
    vector : tuple of Fraction
        The vector x the certificate is about.
    nondominated : bool
        True when x ∈ ND(X).
    witness : tuple of Fraction or None
        For a non-dominated vector: a reward under which it is strictly best.
    combination : tuple of (vector, Fraction) or None
        For a dominated vector: convex weights on the other vectors reproducing it.

    Examples
    --------
    In OPTS Figure 1, alternating between two 1-cycles is dominated (docs/theory.md#p11); at the
    outcome level, (1/2, 1/2) is the midpoint of (1, 0) and (0, 1):

    >>> X = [[1, 0], [0, 1], ["1/2", "1/2"]]
    >>> [(tuple(map(str, c.vector)), c.nondominated) for c in nondomination_certificates(X)]
    [(('0', '1'), True), (('1/2', '1/2'), False), (('1', '0'), True)]
    >>> sorted((tuple(map(str, v)), str(w)) for v, w in nondomination_certificates(X)[1].combination)
    [(('0', '1'), '1/2'), (('1', '0'), '1/2')]

    References
    ----------
    OPTS Def. 3.6, Def. E.9 (non-domination); docs/theory.md#mdps and docs/theory.md#p11.
    """

    vector: Vector
    nondominated: bool
    witness: Vector | None = None
    combination: tuple[tuple[Vector, Fraction], ...] | None = None


def _dot(x: Vector, r: Vector) -> Fraction:
    return sum((a * b for a, b in zip(x, r)), Fraction(0))


def check_nondomination(cert: NondominationCertificate, vectors: set[Vector]) -> Vector:
    """Re-check a certificate by substitution (exact arithmetic); the certified vector, or a rejection.

    Parameters
    ----------
    cert : NondominationCertificate
        The certificate to check.
    vectors : set of tuple of Fraction
        The whole set X (the certified vector included).

    Returns
    -------
    tuple of Fraction
        The certified vector x, when the certificate holds: for a non-dominated certificate
        the witness r puts x strictly above every other vector of X; for a dominated one
        the weights are ≥ 0, sum to 1, sit on other vectors of X, and reproduce x.

    Raises
    ------
    CertificateRejected
        Otherwise (also when x ∉ X), with ``step="nondomination"``.

    Examples
    --------
    The candy outcomes (docs/theory.md#candy): e_candy is strictly best under r = e_candy, and a
    forged certificate claiming it is a convex combination is rejected:

    >>> X = {(Fraction(1), Fraction(0), Fraction(0)), (Fraction(0), Fraction(1), Fraction(0)),
    ...      (Fraction(0), Fraction(0), Fraction(1))}
    >>> candy = (Fraction(1), Fraction(0), Fraction(0))
    >>> check_nondomination(NondominationCertificate(candy, True, witness=candy), X) == candy
    True
    >>> check_nondomination(NondominationCertificate(candy, False, combination=(((0, 1, 0), Fraction(1)),)), X)
    Traceback (most recent call last):
    ...
    symorbit.errors.CertificateRejected: the dominated certificate of (1, 0, 0) is not a convex combination of other vectors

    References
    ----------
    OPTS Def. E.9 (ND), Farkas' lemma for the dominated case; docs/style.md#engine-certificate-kernel (certificates
    checked by substitution).
    """
    if _holds(cert, vectors):
        return cert.vector
    shown = "(" + ", ".join(str(v) for v in cert.vector) + ")"
    what = (f"the witness of {shown} does not put it strictly above every other vector" if cert.nondominated
            else f"the dominated certificate of {shown} is not a convex combination of other vectors")
    raise CertificateRejected(what if cert.vector in vectors else f"{shown} is not in the set", step="nondomination")


def _holds(cert: NondominationCertificate, vectors: set[Vector]) -> bool:
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
    return _scaled(coeffs, math.lcm(*(c.denominator for c in coeffs)))


def _scaled(coeffs: Sequence[Fraction | int], s: int) -> list[int]:
    """c · s for each c, in integers: ``s`` is a multiple of every denominator (no Fraction product per entry)."""
    return [c.numerator * (s // c.denominator) for c in coeffs]


def _phase_one(cols: Sequence[Sequence[Fraction | int]], b: Sequence[Fraction | int]) -> tuple[bool, list[Fraction]]:
    """Exact Phase-I simplex (Bland's rule) for ``{λ ≥ 0 : Σ_j λ_j cols[j] = b}`` (entries Fractions or ints).

    Returns ``(True, λ)`` for a feasible system, else ``(False, y)`` with
    ``yᵀcols[j] ≤ 0`` for every j and ``yᵀb > 0`` (Farkas' lemma). The tableau is
    kept in integers, each row over its own denominator and reduced by their gcd (a
    pivot rewrites only the rows it changes), so the answer is exact; Bland's rule rules
    out cycling.

    Examples
    --------
    >>> _phase_one([(Fraction(0), Fraction(1)), (Fraction(2), Fraction(1))], (Fraction(1), Fraction(1)))
    (True, [Fraction(1, 2), Fraction(1, 2)])
    >>> _phase_one([(Fraction(0), Fraction(1))], (Fraction(1), Fraction(1)))[0]
    False
    """
    m, n = len(b), len(cols)
    # Row i is equation i times s_i (making it integral with a right-hand side ≥ 0), then
    # m artificial columns (an identity), then the right-hand side.
    scale = []
    for i in range(m):
        lcm = math.lcm(b[i].denominator, *(c[i].denominator for c in cols))
        scale.append(-lcm if b[i] < 0 else lcm)
    T = [_scaled([c[i] for c in cols], s) + [1 if k == i else 0 for k in range(m)] + _scaled([b[i]], s)
         for i, s in enumerate(scale)]
    # Reduced costs of "minimise the sum of the artificials". Each row keeps its own denominator (true values:
    # T[i] / den[i], obj / den_obj): a pivot changes only the rows with a nonzero entry in the entering column
    # (most rows have none), each reduced by the gcd of its entries and denominator.
    obj = [-sum(row[j] for row in T) for j in range(n)] + [0] * m + [-sum(row[-1] for row in T)]
    den, den_obj = [1] * m, 1
    basis = [n + i for i in range(m)]
    while True:
        enter = next((j for j in range(n + m) if obj[j] < 0), -1)
        if enter < 0:
            break
        leave = -1
        for i, row in enumerate(T):
            a = row[enter]
            if a > 0:
                if leave < 0:
                    leave = i
                    continue
                # compare row[-1]/a with T[leave][-1]/T[leave][enter] (each row's denominator cancels)
                lhs, rhs = row[-1] * T[leave][enter], T[leave][-1] * a
                if lhs < rhs or (lhs == rhs and basis[i] < basis[leave]):
                    leave = i
        if leave < 0:  # pragma: no cover - the Phase-I objective is bounded below by 0
            raise SymorbitError("internal error: Phase-I LP unbounded")
        prow = T[leave]
        p = prow[enter]
        den[leave] = p              # the pivot row divided by its entering entry (p > 0)
        for i in range(m + 1):
            row = T[i] if i < m else obj
            f = row[enter]
            if i == leave or not f:
                continue
            new = [r * p - f * q for r, q in zip(row, prow)]      # = (true row − f/p · true pivot row) · d · p
            d = (den[i] if i < m else den_obj) * p
            g = math.gcd(d, *new)
            if g > 1:
                new, d = [v // g for v in new], d // g
            row[:] = new
            if i < m:
                den[i] = d
            else:
                den_obj = d
        basis[leave] = enter
    if obj[-1] == 0:
        lam = [Fraction(0)] * n
        for i, j in enumerate(basis):
            if j < n:
                lam[j] = Fraction(T[i][-1], den[i])
        return True, lam
    # Simplex multipliers: the reduced cost of artificial i is 1 − y_i in the scaled system.
    return False, [s * (1 - Fraction(obj[n + i], den_obj)) for i, s in enumerate(scale)]


def _certify(x: Vector, others: list[Vector], start: list[Vector]) -> NondominationCertificate:
    """Decide x ∈ ND by column generation over exact Phase-I LPs.

    Solve "x ∈ conv(cols)" for a small column set (``start``, the vertices known so
    far). Feasible: x is dominated. Infeasible: the Farkas vector y = (r, c) separates
    x from cols; if r also puts x strictly above every other vector it is a witness,
    otherwise the vectors r ranks at least as high as x join cols (none of them was
    there, so this ends) and the LP is solved again.
    """
    d = len(x)
    one = Fraction(1)
    lifted = x + (one,)
    cols = [v for v in start if v != x]
    while True:
        feasible, sol = _phase_one([v + (one,) for v in cols], lifted)
        if feasible:
            cert = NondominationCertificate(
                x, False, combination=tuple((v, w) for v, w in zip(cols, sol) if w != 0)
            )
            break
        r = tuple(sol[:d])
        rx = _dot(x, r)
        scored = ((_dot(v, r), v) for v in others)
        rivals = sorted((t for t in scored if t[0] >= rx), key=lambda t: t[0], reverse=True)
        if not rivals:
            scale = max(abs(ri) for ri in r)  # r ≠ 0: else c ≤ 0 < c
            cert = NondominationCertificate(x, True, witness=tuple(ri / scale for ri in r))
            break
        cols.extend(v for _, v in rivals[: d + 1])
    if not _holds(cert, set(others) | {x}):  # pragma: no cover - would be an LP solver bug
        raise SymorbitError(f"internal error: LP certificate for {x} failed exact re-checking")
    return cert


def _certificates(vecs: list[Vector]) -> list[NondominationCertificate]:
    """One certificate per vector: axis rewards ±e_i first (a unique maximiser is a vertex), then LPs."""
    certs: dict[Vector, NondominationCertificate] = {}
    vertices: list[Vector] = []
    if len(vecs) == 1:
        x = vecs[0]
        return [NondominationCertificate(x, True, witness=tuple(Fraction(0) for _ in x))]
    every = set(vecs)
    for i in range(len(vecs[0]) if vecs else 0):
        for sgn in (1, -1):
            top = max(sgn * v[i] for v in vecs)
            best = [v for v in vecs if sgn * v[i] == top]
            if len(best) == 1 and best[0] not in certs:
                w = tuple(Fraction(sgn if k == i else 0) for k in range(len(best[0])))
                cert = NondominationCertificate(best[0], True, witness=w)
                if not _holds(cert, every):  # pragma: no cover - a unique maximiser is a vertex
                    raise SymorbitError(f"internal error: axis witness for {best[0]} failed re-checking")
                certs[best[0]] = cert
                vertices.append(best[0])
    for x in vecs:
        if x not in certs:
            certs[x] = _certify(x, [v for v in vecs if v != x], vertices)
            if certs[x].nondominated:
                vertices.append(x)
    return [certs[x] for x in vecs]


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

    Parameters
    ----------
    outcomes : OutcomeSet or list of vectors
        Exact entries, or rational functions of :data:`~symorbit.GAMMA`.

    Returns
    -------
    tuple of NondominationCertificate
        One per vector, in the set's canonical order; each was re-checked with
        :func:`check_nondomination` before it is returned.

    Raises
    ------
    InvalidArgument
        An empty set or vectors of different lengths.
    NotExact
        A float entry.

    Examples
    --------
    The visit distributions of the post's candy MDP from ``start`` are all
    non-dominated (three terminal outcomes):

    >>> from symorbit.mdp.library import candy
    >>> from symorbit.mdp.visits import visit_distributions
    >>> [c.nondominated for c in nondomination_certificates(visit_distributions(candy(), "start", "1/2"))]
    [True, True, True]

    References
    ----------
    OPTS Def. 3.6, Def. E.9, Lemma E.31 (ND does not depend on γ ∈ (0, 1)).
    """
    if type(outcomes) is OutcomeSet and (kept := outcomes.kept().get("certificates")) is not None:
        return kept         # an outcome set keeps its own (immutable), whatever its size
    F = as_outcome_set(outcomes)
    vecs, _ = _numeric_view(F)
    if sum(map(len, vecs)) <= REMEMBERED_ENTRIES:    # small sets remembered by content: a search meets them again
        certificates = _remembered(tuple(vecs))
    else:
        certificates = tuple(_certificates(vecs))
    if F is outcomes:
        F.kept()["certificates"] = certificates
    return certificates


#: Vector entries up to which :func:`nondomination_certificates` remembers a set's certificates by its content (an
#: :class:`OutcomeSet` keeps its own whatever its size).
REMEMBERED_ENTRIES = 4096


@functools.lru_cache(maxsize=8192)
def _remembered(vecs: tuple[Vector, ...]) -> tuple[NondominationCertificate, ...]:
    return tuple(_certificates(list(vecs)))


def nondominated(outcomes: Any) -> OutcomeSet:
    """F_nd: the non-dominated vectors (vertices of the convex hull), tags kept.

    Parameters
    ----------
    outcomes : OutcomeSet or list of vectors
        Exact entries, or rational functions of :data:`~symorbit.GAMMA` (decided at
        γ = 1/2, which is enough by OPTS Lemma E.31).

    Returns
    -------
    OutcomeSet
        The subset ND(F), in the same canonical order.

    Raises
    ------
    InvalidArgument
        An empty set or vectors of different lengths.
    NotExact
        A float entry.

    Notes
    -----
    One or two exact LPs per vector; each answer is certified (see module notes). Asked
    again of the same :class:`OutcomeSet` it returns the same set, kept with it (as
    :meth:`~symorbit.outcomes.outcome_sets.OutcomeSet.restrict` keeps its parts), so
    counts against it in a loop read its rows once.

    Examples
    --------
    >>> from symorbit.mdp.library import opts_figure1
    >>> from symorbit.mdp.visits import visit_distributions
    >>> F = visit_distributions(opts_figure1(), "star", "9/10")
    >>> len(F), len(nondominated(F))        # alternations and detours (both sides) are dominated
    (11, 5)
    >>> nondominated(F) is nondominated(F)
    True

    References
    ----------
    OPTS Def. 3.6, Def. E.9, Cor. E.11, Lemma E.31.
    """
    F = as_outcome_set(outcomes)
    kept = F.kept()         # kept with the set (immutable): a loop that asks again gets the same set
    if "nondominated" not in kept:
        _, mapping = _numeric_view(F)
        kept["nondominated"] = F.subset(mapping[c.vector] for c in nondomination_certificates(F) if c.nondominated)
    return kept["nondominated"]
