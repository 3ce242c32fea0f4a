"""Non-domination ND(X) by exact, certified linear programming (OPTS Def. 3.6, E.9).

ND(X) = {x ∈ X : ∃r, xᵀr > max_{x′ ∈ X∖{x}} x′ᵀr}, exactly the vertices of conv(X).
Each decision comes with a certificate that is checked by substitution in exact
arithmetic before it is returned:

* non-dominated x: a witness reward r with (x − x′)ᵀr > 0 for every other x′;
* dominated x: weights λ ≥ 0, Σλ = 1, with Σ λ_j x_j = x over the other vectors
  (the Farkas alternative: no witness reward can exist).

The vectors are read once as integer rows at one common scale (ND, witnesses and convex
weights do not change under a positive scale). Random integer rewards (seeded) first find
the vertices that are the unique largest under one of them, each checked exactly. For
each other vector an LP decides both cases: an exact Phase-I simplex in integers (no
floating point decides anything, no compiled dependency) over the vertices known so far,
the nearest few where they are many, either finds the convex weights or, when none
exist, its simplex multipliers are a reward separating the vector from those columns
(Farkas' lemma); if some other vector scores as high under it, the highest join the
columns and the LP runs again (column generation). Before its LP, a vector is tried on
the last few final bases: λ = B⁻¹(x, 1) are its weights when they are all ≥ 0, and
neighbouring dominated vectors mostly share a simplex. Every certificate is re-checked by
substitution, as above. docs/performance.md#nondomination has the figures.

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
import operator
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Sequence

import sympy

from symorbit.errors import CertificateRejected, SymorbitError
from symorbit.exact.scaling import scaled_rows
from symorbit.outcomes.outcome_sets import OutcomeSet, as_outcome_set

__all__ = ["NondominationCertificate", "nondominated", "nondomination_certificates", "check_nondomination"]

Vector = tuple[Fraction, ...]
IntRows = tuple[tuple[int, ...], ...]
_FIRST = operator.itemgetter(0)


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


def _is_exact(a: Any) -> bool:
    return isinstance(a, (int, Fraction))


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


def _holds(cert: NondominationCertificate, vectors: set[Vector] | dict[Vector, tuple[int, ...]]) -> bool:
    """Whether ``cert`` holds over ``vectors``, by substitution in integers.

    ``vectors`` is the set X, or X's rows at one common positive scale L (vector → its
    entries times L, as :func:`~symorbit.exact.scaling.scaled_rows` gives them). Scaling X
    by L > 0 and a witness or the weights by their least common denominator changes no
    strict inequality and no equation, so both checks run on integers: rᵀx > rᵀx′ for a
    witness, and Σ w_j x_j = W x with Σ w_j = W, w_j ≥ 0 for weights.
    """
    x = cert.vector
    if x not in vectors or not all(map(_is_exact, cert.witness or ())):
        return False
    rows = vectors if isinstance(vectors, dict) else dict(zip(vectors, scaled_rows(list(vectors))[0]))
    row = rows[x]
    if cert.nondominated:
        if cert.witness is None or len(cert.witness) != len(row):
            return False
        r, _ = _integer_weights(cert.witness)
        top = sum(map(operator.mul, r, row))
        return all(sum(map(operator.mul, r, v)) < top for u, v in rows.items() if u != x)
    comb = cert.combination
    if not comb or any(not _is_exact(w) or w < 0 or not isinstance(v, tuple) or v not in rows or v == x
                       for v, w in comb):
        return False
    weights, den = _integer_weights([w for _, w in comb])
    if sum(weights) != den:
        return False
    parts = [rows[v] for v, _ in comb]
    return all(sum(w * p[i] for w, p in zip(weights, parts)) == den * a for i, a in enumerate(row))


def _integer_weights(ws: Sequence[Fraction | int]) -> tuple[list[int], int]:
    """``(w · W for each w, W)`` with W the least common denominator of the entries."""
    den = math.lcm(*(w.denominator for w in ws))
    return _scaled(ws, den), den


def _integer_row(coeffs: Sequence[Fraction | int]) -> list[int]:
    return _integer_weights(coeffs)[0]


def _scaled(coeffs: Sequence[Fraction | int], s: int) -> list[int]:
    """c · s for each c, in integers: ``s`` is a multiple of every denominator (no Fraction product per entry)."""
    return [c.numerator * (s // c.denominator) for c in coeffs]


#: Degenerate pivots in a row after which :func:`_phase_one` leaves Dantzig's rule for Bland's (which cannot cycle).
_STALLED = 50


def _phase_one(cols: Sequence[Sequence[Fraction | int]], b: Sequence[Fraction | int], *,
               basis_out: list[Any] | None = None) -> tuple[bool, list[Fraction]]:
    """Exact Phase-I simplex for ``{λ ≥ 0 : Σ_j λ_j cols[j] = b}`` (entries Fractions or ints).

    Returns ``(True, λ)`` for a feasible system, else ``(False, y)`` with
    ``yᵀcols[j] ≤ 0`` for every j and ``yᵀb > 0`` (Farkas' lemma). The tableau is
    kept in integers, each row over its own denominator and reduced by their gcd (a
    pivot rewrites only the rows it changes), so the answer is exact. The entering
    column is the most negative reduced cost (Dantzig's rule, 2.5× fewer pivots than
    Bland's on dense random sets); after ``_STALLED`` degenerate pivots in a row it is
    the first negative one (Bland's rule) from then on, which rules out cycling.

    With ``basis_out`` (a list), a feasible system's final basis is appended to it as
    ``(columns, rows, dens)``: ``columns[i]`` the index in ``cols`` of the i-th basic column
    (None for an artificial one) and ``rows[i] / dens[i]`` the i-th row of the basis matrix's
    inverse, so ``λ = B⁻¹b′`` gives another right-hand side's weights on the same columns
    (:func:`_basis_weights`).

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
    stalled = 0     # degenerate pivots in a row: past _STALLED, Bland's rule from then on (no cycling)
    while True:
        if stalled <= _STALLED:     # Dantzig's rule: the most negative reduced cost (one denominator for all)
            enter = min(range(n + m), key=obj.__getitem__)
            if obj[enter] >= 0:
                break
        else:
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
        stalled = stalled + 1 if prow[-1] == 0 else 0
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
        if basis_out is not None:   # the artificial block is B̃⁻¹ of the scaled rows: B⁻¹ = B̃⁻¹ · diag(scale)
            basis_out.append(([j if j < n else None for j in basis],
                              [[row[n + k] * s for k, s in enumerate(scale)] for row in T], list(den)))
        lam = [Fraction(0)] * n
        for i, j in enumerate(basis):
            if j < n:
                lam[j] = Fraction(T[i][-1], den[i])
        return True, lam
    # Simplex multipliers: the reduced cost of artificial i is 1 − y_i in the scaled system.
    return False, [s * (1 - Fraction(obj[n + i], den_obj)) for i, s in enumerate(scale)]


def _certify(i: int, vecs: list[Vector], rows: IntRows, start: list[int],
             bases: list[Any] | None = None) -> NondominationCertificate:
    """Decide ``vecs[i]`` ∈ ND by column generation over exact Phase-I LPs, on integer rows.

    ``rows`` are the vectors at one common positive scale (ND, a witness and convex weights do
    not change under it). Solve "x ∈ conv(cols)" for a small column set (``start``, the
    vertices known so far). Feasible: x is dominated. Infeasible: the Farkas vector
    y = (r, c) separates x from cols; if r also puts x strictly above every other vector it
    is a witness, otherwise the vectors r ranks at least as high as x join cols (none of them
    was there, so this ends) and the LP is solved again. A dominated vector's final basis is
    put first in ``bases`` (its columns as indices of ``rows``), for :func:`_basis_weights`.
    """
    x = rows[i]
    d = len(x)
    lifted = x + (1,)
    cols = [t for t in start if t != i]
    while True:
        found: list[Any] = []
        feasible, sol = _phase_one([rows[t] + (1,) for t in cols], lifted, basis_out=found)
        if feasible:
            if bases is not None:
                _keep_basis(bases, found[0], cols)
            return NondominationCertificate(
                vecs[i], False, combination=tuple((vecs[t], w) for t, w in zip(cols, sol) if w != 0)
            )
        r, _ = _integer_weights(sol[:d])
        rx = sum(map(operator.mul, r, x))
        scored = ((sum(map(operator.mul, r, v)), t) for t, v in enumerate(rows) if t != i)
        rivals = sorted((st for st in scored if st[0] >= rx), key=_FIRST, reverse=True)
        if not rivals:
            scale = max(map(abs, r))  # r ≠ 0: else c ≤ 0 < c
            return NondominationCertificate(vecs[i], True, witness=tuple(Fraction(ri, scale) for ri in r))
        cols.extend(t for _, t in rivals[: d + 1])


def _keep_basis(bases: list[Any], basis: Any, cols: Sequence[int]) -> None:
    """Put ``basis`` (as :func:`_phase_one` gives it, over the columns ``cols`` then any others) first in ``bases``,
    its columns as ``cols``' entries; a column past ``cols`` (a slack) as -1, -2, ..., an artificial one as None."""
    columns, inverse, dens = basis
    n = len(cols)
    bases.insert(0, ([None if j is None else cols[j] if j < n else n - 1 - j for j in columns], inverse, dens))
    del bases[_BASES:]


def _kept_weights(bases: list[Any], lifted: Sequence[Any], i: int) -> list[tuple[int, Fraction]] | None:
    """The weights of :func:`_basis_weights` on the first kept basis that holds ``lifted``, or None."""
    return next((w for basis in bases if (w := _basis_weights(basis, lifted, i)) is not None), None)


def _basis_weights(basis: Any, lifted: Sequence[Any], i: int) -> list[tuple[int, Fraction]] | None:
    """Convex weights of ``lifted`` = (x, 1) on a basis another LP ended with, or None where they do not exist.

    λ = B⁻¹(x, 1) solves B λ = (x, 1) exactly; the weights are convex exactly when every λ is
    ≥ 0 and an artificial column's (None) is 0. ``i`` (x's own index) must not be among the
    columns; the pairs returned are (column, weight) for the other nonzero weights.
    """
    columns, inverse, dens = basis
    if i in columns:
        return None
    out = []
    for j, row, dn in zip(columns, inverse, dens):
        v = sum(map(operator.mul, row, lifted))
        if v < 0 or (j is None and v):
            return None
        if v:
            out.append((j, Fraction(v, dn)))
    return out


def _probed_vertices(rows: IntRows, rewards: Any = None, *, nonnegative: bool = False) -> dict[int, tuple[int, ...]]:
    """Vertices of conv(rows) found by random integer rewards: index → a reward putting it strictly above the rest.

    Each reward r is a column of normally distributed integers (seeded, so the same rows
    give the same answer). A row that is the unique largest under r is a vertex with
    witness r. Where every score fits in int64 the scores are exact and the unique
    largest is read off them; otherwise floats only propose the largest and each proposal
    is checked in Python integers. A vertex whose normal cone is thin may be missed (the
    LPs decide it); no row is ever called a vertex without an exact check. ``rewards`` (a
    d × t integer array, one reward a column) replaces the random ones, for tests;
    ``nonnegative`` draws rewards r ≥ 0 (exact POWER's live vectors).
    """
    import numpy as np

    n, d = len(rows), len(rows[0])
    if rewards is None:
        tries = min(4 * n + 64, max(64, _PROBE_WORK // (n * d)), max(64, _PROBE_SCORES // n))
        rewards = np.rint(np.random.default_rng(0).standard_normal((d, tries)) * 2**20).astype(np.int64)
        if nonnegative:
            rewards = np.abs(rewards)
    big = max(max(map(abs, v)) for v in rows)
    found: dict[int, tuple[int, ...]] = {}
    if big * int(np.abs(rewards).sum(axis=0).max()) < 2**63:
        scores = np.array(rows, dtype=np.int64) @ rewards
        top = scores.max(axis=0)
        unique = (scores == top).sum(axis=0) == 1
        for col in np.flatnonzero(unique).tolist():
            i = int(scores[:, col].argmax())
            if i not in found:
                found[i] = tuple(rewards[:, col].tolist())
        return found
    view = _float_view(rows)
    proposed: dict[int, list[int]] = {}
    for col, i in enumerate((view @ rewards).argmax(axis=0).tolist()):
        proposed.setdefault(i, []).append(col)
    for i, cols in proposed.items():
        for col in cols[:3]:        # a float tie can propose a row where it is not the unique largest
            r = rewards[:, col].tolist()
            top_score = sum(map(operator.mul, r, rows[i]))
            if all(sum(map(operator.mul, r, v)) < top_score for t, v in enumerate(rows) if t != i):
                found[i] = tuple(r)
                break
    return found


def _float_view(rows: IntRows) -> Any:
    """The rows as a float64 array, all shifted right by one number of bits so that the largest keeps 60 (a view
    for proposals and distances only: nothing is decided on it)."""
    import numpy as np

    shift = max(0, max(max(map(abs, v)) for v in rows).bit_length() - 60)
    return np.array([[float(a >> shift) for a in v] for v in rows])


#: Final bases of dominated vectors' LPs :func:`_certificates` tries before an LP (the most recent first).
_BASES = 16

#: Vertices per coordinate an LP of :func:`_certificates` starts from (the nearest to the vector decided).
_NEAREST = 3
_FAR = 8

#: Multiply-adds :func:`_probed_vertices` spends on its random rewards at most (rows × coordinates × rewards).
_PROBE_WORK = 4 * 10**7
#: Scores it holds at once at most (rows × rewards; 8 bytes each), past 64 rewards.
_PROBE_SCORES = 4 * 10**6


def _certificates(vecs: list[Vector]) -> list[NondominationCertificate]:
    """One certificate per vector: axis rewards ±e_i first (a unique maximiser is a vertex), then LPs.

    Everything runs on the vectors' integer rows at one common scale, and every certificate
    is re-checked on them by substitution (:func:`_holds`) before it is returned.
    """
    if len(vecs) == 1:
        x = vecs[0]
        return [NondominationCertificate(x, True, witness=tuple(Fraction(0) for _ in x))]
    rows, _ = scaled_rows(vecs)
    row_of = dict(zip(vecs, rows))
    certs: dict[int, NondominationCertificate] = {}
    vertices: list[int] = []
    for i in range(len(vecs[0]) if vecs else 0):
        for sgn in (1, -1):
            top = max(sgn * v[i] for v in rows)
            best = [t for t, v in enumerate(rows) if sgn * v[i] == top]
            if len(best) == 1 and best[0] not in certs:
                w = tuple(Fraction(sgn if k == i else 0) for k in range(len(rows[0])))
                certs[best[0]] = NondominationCertificate(vecs[best[0]], True, witness=w)
                vertices.append(best[0])
    for t, r in _probed_vertices(rows).items():
        if t not in certs:
            scale = max(map(abs, r))
            certs[t] = NondominationCertificate(vecs[t], True, witness=tuple(Fraction(a, scale) for a in r))
            vertices.append(t)
    view, bases = None, []     # type: tuple[Any, list[Any]]
    for t in range(len(vecs)):
        if t not in certs:
            start = vertices
            if len(vertices) > _FAR * len(rows[0]):     # the LP over the nearest vertices, grown as needed
                if view is None:
                    view = _float_view(rows)
                near = ((view[vertices] - view[t]) ** 2).sum(axis=1).argsort()[: _NEAREST * len(rows[0])]
                start = [vertices[k] for k in near.tolist()]
            # a basis another dominated vector ended with often holds this one too
            if (weights := _kept_weights(bases, rows[t] + (1,), t)) is not None:
                certs[t] = NondominationCertificate(vecs[t], False, combination=tuple((vecs[j], w) for j, w in weights))
            else:
                certs[t] = _certify(t, vecs, rows, start, bases)
            if certs[t].nondominated:
                vertices.append(t)
    for cert in certs.values():
        if not _holds(cert, row_of):  # pragma: no cover - would be an LP solver bug
            raise SymorbitError(f"internal error: the certificate of {cert.vector} failed exact re-checking")
    return [certs[t] for t in range(len(vecs))]


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
    Random rewards find most vertices, and an exact LP (rarely more than two) decides each
    other vector; each answer is certified (see module notes). Asked
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
