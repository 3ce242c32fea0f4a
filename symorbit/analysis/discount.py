"""Answers for every discount γ ∈ (0, 1): breakpoints, pieces, and the limit γ → 1.

For outcome sets that are rational functions of γ (``visit_distributions(env, s,
GAMMA)``), the orbit counts are piecewise constant in γ: a comparison fᵀr′ vs f′ᵀr′
can change sign only at a root of the numerator of (f − f′)ᵀr′. This module

1. collects every such root in (0, 1) (the *candidates*) as an exact algebraic
   number: a rational, or the only root of an irreducible polynomial in an isolating
   interval with rational end points (reported as sympy ``CRootOf``);
2. computes the counts at a rational point inside every gap between neighbouring
   candidates (with :func:`~symorbit.counting.orbit_counts`), **and** at every
   candidate itself: with ``orbit_counts`` at a rational candidate, and from the exact
   sign of every (f − f′)ᵀr′ at an irrational one (zero exactly when the minimal
   polynomial divides the numerator, otherwise the sign on a refined isolating
   interval, certified by a Lipschitz bound);
3. reports as *breakpoints* exactly the candidates where the counts are not locally
   constant (the counts on the left, at the point, or on the right differ), and as
   *pieces* the maximal open intervals between breakpoints; the counts are constant on
   each piece, its interior candidates included (they were computed, not inherited);
4. re-checks the result before returning it (see :func:`counts_over_gamma`, Notes)
   and raises :class:`~symorbit.errors.InvariantViolation` instead of returning a
   wrong answer.

The last piece's counts are the limit γ → 1 (Blackwell optimality, OPTS Def. 4.1;
not the average-reward counts, docs/theory.md#p7).

Examples
--------
The candy MDP, Wait! vs candy, for r = (0, 2, 3, 3, 3) (docs/theory.md#pitfalls P6, P7):

>>> from symorbit.mdp.library import candy
>>> pieces = counts_over_gamma(candy(), "start", ["candy"], ["wait"], (0, 2, 3, 3, 3))
>>> [(str(p.low), str(p.high), p.counts) for p in pieces.pieces]
[('0', '2/3', (7, 9, 4, 20)), ('2/3', '1', (8, 8, 4, 20))]
>>> pieces.at_breakpoints            # at γ = 2/3 itself a comparison ties
{'2/3': (7, 8, 5, 20)}
>>> pieces.limit                     # (b_better, a_better, ties, orbit_size), as every ``counts``
(8, 8, 4, 20)

A breakpoint whose two sides agree is still reported, with its own counts
(issue 10: at γ = 1/2 four orbit elements tie):

>>> res = counts_over_gamma(candy(), "start", ["candy"], ["wait"], (0, 1, 2, 3, 10))
>>> [(str(p.low), str(p.high), p.counts) for p in res.pieces][7:9]
[('1/3', '1/2', (86, 34, 0, 120)), ('1/2', '2/3', (86, 34, 0, 120))]
>>> res.at_breakpoints["1/2"]
(84, 32, 4, 120)
>>> from symorbit.testing.naive import naive_orbit_counts
>>> from symorbit.mdp.visits import visit_distributions
>>> F = visit_distributions(candy(), "start", "1/2")
>>> naive_orbit_counts(F.restrict("candy"), F.restrict("wait"), (0, 1, 2, 3, 10))
(84, 32, 4)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache, reduce
from typing import Any, Callable, Iterable, Sequence

import numpy as np
import sympy

from symorbit.errors import InvalidArgument, InvariantViolation
from symorbit.exact.display import ResultDisplay
from symorbit.exact.limits import check_limit, refuse_above
from symorbit.exact.numbers import format_count, fraction_str, to_vector
from symorbit.mdp.environment import MDP, check_mdp
from symorbit.mdp.visits import GAMMA, visit_distributions
from symorbit.orbits.counting import orbit_counts
from symorbit.orbits.engines.problem import sums_dtype_of
from symorbit.outcomes.groups import orbit, orbit_size
from symorbit.outcomes.outcome_sets import OutcomeSet

__all__ = ["Piece", "GammaPieces", "counts_over_gamma", "breakpoints"]

#: Refuse instances needing more than this many polynomials (pairs × orbit elements).
MAX_POLYNOMIALS = 200_000

#: Every ``counts`` in symorbit: (b_better, a_better, ties, orbit_size).
Counts = tuple[int, int, int, int]
_Poly = tuple[Fraction, ...]  # coefficients, constant term first, no trailing zeros; () is 0


# ------------------------------------------------------------------ polynomials over Q
def _trim(c: list[Fraction]) -> _Poly:
    while c and c[-1] == 0:
        c.pop()
    return tuple(c)


def _eval(p: _Poly, x: Fraction) -> Fraction:
    acc = Fraction(0)
    for c in reversed(p):
        acc = acc * x + c
    return acc


def _sign(x: Fraction) -> int:
    return (x > 0) - (x < 0)


def _rem(p: _Poly, q: _Poly) -> _Poly:
    """p mod q for a monic q."""
    r, n = list(p), len(q) - 1
    while len(r) > n:
        c, shift = r[-1], len(r) - 1 - n
        for k, qc in enumerate(q):
            r[shift + k] -= c * qc
        r.pop()
        r = list(_trim(r))
    return tuple(r)


def _monic(p: _Poly) -> _Poly:
    return tuple(c / p[-1] for c in p)


def _to_sympy(p: _Poly) -> sympy.Poly:
    return sympy.Poly([sympy.Rational(c.numerator, c.denominator) for c in reversed(p)], GAMMA, domain="QQ")


def _from_sympy(p: sympy.Poly) -> _Poly:
    return _trim([Fraction(int(c.p), int(c.q)) for c in reversed(p.all_coeffs())])


def _fraction(x: Any) -> Fraction:
    x = sympy.Rational(x)
    return Fraction(int(x.p), int(x.q))


def _int_value(p: _IPoly, num: int, den: int) -> int:
    """p(num/den)·den^deg(p) in integers (homogeneous Horner): Σ c_k num^k den^(deg − k)."""
    if not p:
        return 0
    acc, dpow = p[-1], 1
    for c in reversed(p[:-1]):
        dpow *= den
        acc = acc * num + c * dpow
    return acc


def _int_sign_at(p: _IPoly, num: int, den: int) -> int:
    """The sign of p(num/den) for den > 0, exactly."""
    v = _int_value(p, num, den)
    return (v > 0) - (v < 0)


def _divisors(n: int) -> list[int]:
    small = [k for k in range(1, math.isqrt(n) + 1) if n % k == 0]
    return sorted(set(small + [n // k for k in small]))


@lru_cache(maxsize=1 << 14)
def _irreducible_factors(p: _IPoly) -> frozenset[_Poly]:
    """The monic irreducible factors over Q of a nonzero integer polynomial of degree ≥ 1 (remembered: a loop over
    rewards meets the same numerators again, and factoring them was most of a call once the numerators were kept).

    Powers of γ and rational roots (the rational root theorem: ±u/v with u | c_0 and v | c_n)
    are split off by hand; what is left is irreducible when its degree is at most 3 (a
    reducible quadratic or cubic has a rational root). Higher degrees, and coefficients too
    large to list divisors of, go to sympy.
    """
    k = next(t for t, c in enumerate(p) if c)
    factors: set[_Poly] = {(Fraction(0), Fraction(1))} if k else set()
    rest = [Fraction(c) for c in p[k:]]
    if len(rest) == 1:
        return frozenset(factors)
    lead, const = abs(int(rest[-1])), abs(int(rest[0]))
    if len(rest) > 4 or max(lead, const) > 10**6:
        poly = sympy.Poly(list(reversed(p[k:])), GAMMA, domain="ZZ")
        return frozenset(factors | {_monic(_from_sympy(fac)) for fac, _mult in poly.factor_list()[1]})
    for u in _divisors(const):
        for v in _divisors(lead):
            for x in (Fraction(u, v), Fraction(-u, v)):
                while len(rest) > 1 and _eval(tuple(rest), x) == 0:
                    factors.add((-x, Fraction(1)))
                    quotient, carry = [], Fraction(0)             # synthetic division by (γ − x)
                    for c in reversed(rest[1:]):
                        carry = carry * x + c
                        quotient.append(carry)
                    rest = list(reversed(quotient))
    if len(rest) > 1:
        factors.add(_monic(tuple(rest)))
    return frozenset(factors)


# ------------------------------------------------------------- algebraic numbers in (0, 1)
class _Root:
    """A real algebraic number, exactly: a rational (``lo == hi``), or the only root of
    the monic irreducible polynomial ``poly`` (degree ≥ 2) in the open interval (lo, hi).

    Irreducible polynomials of degree ≥ 2 have no rational roots, so the rational end
    points are never the root and bisection always keeps a sign change.
    """

    __slots__ = ("poly", "lo", "hi", "_sympy", "_ipoly", "_sign_lo", "_below")

    def __init__(self, poly: _Poly, lo: Fraction, hi: Fraction, below: int | None = None) -> None:
        self.poly, self.lo, self.hi = poly, lo, hi
        self._sympy: Any = None
        self._below = below          # the number of real roots of ``poly`` below this one, when known
        scale = reduce(math.lcm, (c.denominator for c in poly), 1)
        self._ipoly = tuple(int(c * scale) for c in poly)        # the same polynomial times a positive integer
        self._sign_lo = _int_sign_at(self._ipoly, lo.numerator, lo.denominator)

    @classmethod
    def rational(cls, x: Fraction) -> "_Root":
        return cls((-x, Fraction(1)), x, x)

    @property
    def is_rational(self) -> bool:
        return self.lo == self.hi

    def refine(self) -> None:
        """Halve the isolating interval (no-op for a rational)."""
        if self.is_rational:
            return
        mid = (self.lo + self.hi) / 2
        # The sign at lo never changes (lo only moves to points with that sign), and it is never 0:
        # an irreducible polynomial of degree ≥ 2 has no rational root.
        if _int_sign_at(self._ipoly, mid.numerator, mid.denominator) == self._sign_lo:
            self.lo = mid
        else:
            self.hi = mid

    def cmp(self, x: Fraction) -> int:
        """The sign of (self − x), exactly."""
        while True:
            if self.is_rational:
                return _sign(self.lo - x)
            if x <= self.lo:
                return 1
            if x >= self.hi:
                return -1
            self.refine()

    def sign_of(self, p: _Poly) -> int:
        """The sign of p(self), exactly.

        Zero exactly when the minimal polynomial divides p. Otherwise the interval is
        refined until |p(mid)| > L·(hi − lo)/2 with L = Σ k|c_k| ≥ |p′| on [0, 1]; then
        p has the sign of p(mid) on the whole interval (mean value theorem).
        """
        if not p:
            return 0
        if self.is_rational:
            return _sign(_eval(p, self.lo))
        lip = sum(abs(k * c) for k, c in enumerate(p))
        zero_ruled_out = False
        while True:
            mid = (self.lo + self.hi) / 2
            v = _eval(p, mid)
            if abs(v) > lip * (self.hi - self.lo) / 2:
                return _sign(v)
            if not zero_ruled_out:
                if not _rem(p, self.poly):
                    return 0
                zero_ruled_out = True
            self.refine()

    def to_sympy(self) -> Any:
        """A sympy ``Rational``, or ``CRootOf(poly, k)`` with k the number of real roots below."""
        if self._sympy is None:
            if self.is_rational:
                self._sympy = sympy.Rational(self.lo.numerator, self.lo.denominator)
            else:
                poly = _to_sympy(self.poly)
                below = self._below
                if below is None:
                    below = poly.count_roots(None, sympy.Rational(self.lo.numerator, self.lo.denominator))
                self._sympy = sympy.CRootOf(poly, int(below))
        return self._sympy


def _roots_in_unit_interval(factor: _Poly) -> list[_Root]:
    """The roots in (0, 1) of a monic irreducible polynomial."""
    if len(factor) == 2:
        c = -factor[0]
        return [_Root.rational(c)] if 0 < c < 1 else []
    if len(factor) == 3:
        return _quadratic_roots_in_unit_interval(factor)
    out = []
    for (a, b), _mult in _to_sympy(factor).intervals(inf=0, sup=1):
        out.append(_Root(factor, _fraction(a), _fraction(b)))
    return out


def _quadratic_roots_in_unit_interval(factor: _Poly) -> list[_Root]:
    """The roots in (0, 1) of an irreducible monic quadratic, isolated with an integer square root.

    With a·γ² + b·γ + c (integers, a > 0) and s = ⌊√disc⌋ (disc is positive and not a square, or
    the quadratic would not be irreducible with real roots), √disc ∈ (s, s + 1), so the roots lie
    in intervals of width 1/(2a); they are √disc/a > 1/(2a) apart, so each interval holds one.
    """
    scale = reduce(math.lcm, (x.denominator for x in factor), 1)
    c, b, a = (int(x * scale) for x in factor)
    disc = b * b - 4 * a * c
    if disc <= 0:
        return []
    s = math.isqrt(disc)
    out = []
    for below, (lo, hi) in enumerate([(Fraction(-b - s - 1, 2 * a), Fraction(-b - s, 2 * a)),
                                      (Fraction(-b + s, 2 * a), Fraction(-b + s + 1, 2 * a))]):
        if hi <= 0 or lo >= 1:
            continue
        z = _Root(factor, lo, hi, below)
        while (z.lo < 0 < z.hi) or (z.lo < 1 < z.hi):
            z.refine()
        if 0 <= z.lo and z.hi <= 1:
            out.append(z)
    return out


def _sort_roots(roots: Iterable[_Root]) -> list[_Root]:
    """Sort distinct roots, refining until neighbouring intervals are strictly separated."""
    out = list(roots)
    while True:
        out.sort(key=lambda z: (z.lo, z.hi))
        clash = False
        for x, y in zip(out, out[1:]):
            if x.hi >= y.lo:
                if x.is_rational and y.is_rational:
                    raise InvariantViolation(f"_sort_roots: the rational {x.lo} is listed twice")
                clash = True
                x.refine()
                y.refine()
        if not clash:
            return out


def _simplest_between(a: Fraction, b: Fraction | None) -> Fraction:
    """The rational with the smallest denominator strictly inside (a, b), 0 ≤ a < b (b = None: ∞)."""
    n = math.floor(a) + 1
    if b is None or n < b:
        return Fraction(n)
    f = math.floor(a)
    lo, hi = a - f, b - f
    return f + 1 / _simplest_between(1 / hi, None if lo == 0 else 1 / lo)


# ----------------------------------------------------------- the comparisons as polynomials
_IPoly = tuple[int, ...]  # integer coefficients, constant term first, no trailing zeros; () is 0


def _primitive_poly(c: list[int]) -> _IPoly:
    """Divide by the (positive) content and drop trailing zeros: same sign everywhere."""
    while c and c[-1] == 0:
        c.pop()
    g = 0
    for x in c:
        g = math.gcd(g, x)
    return tuple(x // g for x in c) if g > 1 else tuple(c)


@lru_cache(maxsize=1 << 14)
def _pair_numerators(u: tuple[Any, ...], v: tuple[Any, ...]) -> tuple[_IPoly, ...]:
    """:meth:`_Comparisons._numerators`, remembered by the two vectors (sympy expressions: immutable, hashable): a loop
    over rewards meets the same pairs at every call, and working them out took 55-97 % of a call."""
    parts = [sympy.fraction(sympy.cancel(sympy.sympify(x) - sympy.sympify(y))) for x, y in zip(u, v)]
    nums = [sympy.Poly(n, GAMMA, domain="QQ") for n, _ in parts]
    dens = [sympy.Poly(d, GAMMA, domain="QQ") for _, d in parts]
    common = reduce(lambda p, q: p.lcm(q), dens)
    scaled = [_from_sympy(n * common.quo(d)) for n, d in zip(nums, dens)]
    half = _eval(_from_sympy(common), Fraction(1, 2))
    inside = common.count_roots(0, 1) - int(common.eval(0) == 0) - int(common.eval(1) == 0)
    if inside or half == 0:
        raise InvariantViolation(f"counts_over_gamma: a visit distribution's denominator {common.as_expr()} "
                                 "vanishes inside (0, 1)")
    lcm = reduce(math.lcm, (c.denominator for p in scaled for c in p), 1) * _sign(half)
    return tuple(tuple(int(c * lcm) for c in p) for p in scaled)


class _Comparisons:
    """Every (f_i − f_j)ᵀr′ for the relevant pairs (i, j) and orbit elements r′, as
    polynomial numerators over a denominator positive on (0, 1).

    Only the *distinct* numerators are kept, each once, as primitive integer
    polynomials (dividing by a positive integer keeps every sign): ``index[e, k]`` is
    the number, in ``distinct``, of the numerator for orbit element e and pair k. A
    numerator Σ_j r′_j n_j depends only on r′ restricted to the pair's support, so it
    is built once per distinct restriction. Signs at a point are computed once per
    distinct numerator (:meth:`table`) and spread over the orbit (:meth:`signs`).
    """

    def __init__(self, vectors: Sequence[Sequence[Any]], pairs: Sequence[tuple[int, int]],
                 reward: Sequence[Fraction], *, max_polynomials: int = MAX_POLYNOMIALS) -> None:
        size = orbit_size(reward)
        refuse_above(len(pairs) * size, max_polynomials,
                     what=f"counts_over_gamma: comparison polynomials ({len(pairs)} compared pairs × |orbit| "
                          f"{format_count(size)})",
                     shrink="compare fewer outcomes (a_actions and b_actions may be subsets of "
                            "visit_distributions(env, state, GAMMA), e.g. the non-dominated ones) or use a reward with "
                            "more ties",
                     raise_with="max_polynomials=... (CLI: --max-polynomials N)")
        self.pairs = list(pairs)
        self.size = size
        scale = reduce(math.lcm, (x.denominator for x in reward), 1)
        ints = [tuple(x.numerator * (scale // x.denominator) for x in r) for r in orbit(reward)]
        per_pair = [self._numerators(vectors[i], vectors[j]) for i, j in self.pairs]
        width = max([len(p) for nums in per_pair for p in nums] + [1])
        top = max([abs(c) for nums in per_pair for p in nums for c in p] + [0])
        big = max([abs(x) for x in ints[0]] + [0]) if ints else 0
        if self.pairs and ints and sums_dtype_of(len(ints[0]), top, big) is not None:
            self.distinct, index = self._index_vectorised(ints, per_pair, width)
        else:
            self.distinct, index = self._index_exact(ints, per_pair)
        # Orbit elements with the same numerator for every pair have the same counts: keep each row once, weighted.
        if index.shape[1]:
            rows, weights = np.unique(index, axis=0, return_counts=True)
        else:
            rows, weights = np.zeros((1, 0), dtype=np.int64), np.array([size])
        self.rows = np.concatenate([rows, np.full((len(rows), 1), len(self.distinct), dtype=np.int64)], axis=1)
        self.weights = weights.astype(np.int64)
        self._zero_at: dict[_Poly, list[int]] | None = None
        self._rows_of: list[np.ndarray] | None = None
        self._float = self._float_view(width)

    @staticmethod
    def _index_exact(ints: list[tuple[int, ...]], per_pair: Sequence[Sequence[_IPoly]]) -> tuple[list[_IPoly], np.ndarray]:
        """``(distinct, index)`` in Python integers: one numerator per pair and distinct restriction of r′."""
        supports = [[j for j, n in enumerate(nums) if n] for nums in per_pair]
        distinct: list[_IPoly] = []
        number: dict[_IPoly, int] = {}
        built: dict[tuple[int, tuple[int, ...]], int] = {}
        index = np.empty((len(ints), len(per_pair)), dtype=np.int64)
        for e, r in enumerate(ints):
            for k, (nums, sup) in enumerate(zip(per_pair, supports)):
                key = (k, tuple(r[j] for j in sup))
                u = built.get(key)
                if u is None:
                    acc = [0] * max((len(nums[j]) for j in sup), default=0)
                    for j in sup:
                        if r[j]:
                            for t, c in enumerate(nums[j]):
                                acc[t] += r[j] * c
                    poly = _primitive_poly(acc)
                    u = number.setdefault(poly, len(distinct))
                    if u == len(distinct):
                        distinct.append(poly)
                    built[key] = u
                index[e, k] = u
        return distinct, index

    @staticmethod
    def _index_vectorised(ints: list[tuple[int, ...]], per_pair: Sequence[Sequence[_IPoly]],
                          width: int) -> tuple[list[_IPoly], np.ndarray]:
        """As :meth:`_index_exact`, with one integer matrix product per pair (the caller checked that every
        product fits in int64: :func:`~symorbit.orbits.engines.problem.sums_dtype_of`)."""
        R = np.array(ints, dtype=np.int64)
        blocks = []
        for nums in per_pair:
            N = np.zeros((R.shape[1], width), dtype=np.int64)
            for j, p in enumerate(nums):
                N[j, :len(p)] = p
            P = R @ N
            g = np.gcd.reduce(P, axis=1)
            g[g == 0] = 1
            blocks.append(P // g[:, None])            # primitive: the same sign everywhere
        allp = np.concatenate(blocks)
        low = allp.min(axis=0)
        spans = [int(x) for x in allp.max(axis=0) - low + 1]
        if math.prod(spans) < 2**62:                      # one integer key per row: a 1-D unique is much faster
            weights = np.array([math.prod(spans[:t]) for t in range(width)], dtype=np.int64)
            _, first, inverse = np.unique((allp - low) @ weights, return_index=True, return_inverse=True)
            uniq = allp[first]
        else:
            uniq, inverse = np.unique(allp, axis=0, return_inverse=True)
        distinct = [_primitive_poly(row) for row in uniq.tolist()]
        return distinct, inverse.reshape(len(per_pair), len(ints)).T

    def _float_view(self, width: int) -> tuple[np.ndarray, np.ndarray] | None:
        """The distinct numerators as float64 coefficients and an error bound per numerator (None when a
        coefficient is not exactly a float)."""
        if max((abs(c) for p in self.distinct for c in p), default=0) >= 2**53:
            return None
        coef = np.zeros((len(self.distinct), width), dtype=np.float64)
        for u, p in enumerate(self.distinct):
            coef[u, :len(p)] = p
        magnitude = np.abs(coef).sum(axis=1) + (np.abs(coef) * np.arange(width)).sum(axis=1)
        # Horner in double precision at x̂ = fl(x) ∈ (0, 1): |fl(p(x̂)) − p(x)| ≤ (2·deg + 1)·u·Σ|c_k| + u·Σ k|c_k|
        # (u = 2^-53: rounding of the products and sums, then of x itself); taken with a wide margin.
        return coef, magnitude * ((4 * width + 8) * 2.0**-53)

    @staticmethod
    def _numerators(u: Sequence[Any], v: Sequence[Any]) -> tuple[_IPoly, ...]:
        """Integer numerators of u − v, coordinatewise, over one denominator positive on (0, 1)."""
        return _pair_numerators(tuple(u), tuple(v))

    def roots(self) -> list[_Root]:
        """Every root in (0, 1) of every nonzero numerator, each once.

        Each distinct numerator (up to sign) is factored once; its irreducible factors
        are kept (``factors``), so that p(α) = 0 is decided by looking α's minimal
        polynomial up, and each distinct factor's roots are isolated once.
        """
        by_abs: dict[_IPoly, frozenset[_Poly]] = {}
        zero_at: dict[_Poly, list[int]] = {}
        for u, p in enumerate(self.distinct):
            if len(p) <= 1:
                continue
            key = p if p[-1] > 0 else tuple(-c for c in p)
            found = by_abs.get(key)
            if found is None:
                found = by_abs[key] = _irreducible_factors(key)
            for fac in found:
                zero_at.setdefault(fac, []).append(u)
        self._zero_at = zero_at
        return [z for fac in sorted(zero_at) for z in _roots_in_unit_interval(fac)]

    def vanishing(self, at: _Root) -> list[int]:
        """The distinct numerators that vanish at the candidate root ``at`` (those its minimal polynomial divides)."""
        if self._zero_at is None:
            self.roots()
        assert self._zero_at is not None
        return self._zero_at.get(at.poly, [])

    def rows_of(self, u: int) -> np.ndarray:
        """The (deduplicated) orbit rows whose comparisons use the distinct numerator ``u``."""
        if self._rows_of is None:
            flat = self.rows[:, :-1].ravel()
            order = np.argsort(flat, kind="stable")
            cuts = np.searchsorted(flat[order], np.arange(len(self.distinct) + 1))
            per_row = max(self.rows.shape[1] - 1, 1)
            self._rows_of = [np.unique(order[a:b] // per_row) for a, b in zip(cuts, cuts[1:])]
        return self._rows_of[u]

    def signs_at_rational(self, x: Fraction, which: Sequence[int] | None = None) -> np.ndarray:
        """The exact sign of every distinct numerator (or of those in ``which``) at the rational x ∈ (0, 1).

        Evaluated in double precision with a rigorous error bound; the numerators too close to zero
        for the bound are evaluated again in integers.
        """
        ids = np.arange(len(self.distinct)) if which is None else np.asarray(which, dtype=np.int64)
        out = np.zeros(len(ids), dtype=np.int8)
        num, den = x.numerator, x.denominator
        unsure: Sequence[int] = range(len(ids))
        if self._float is not None and len(ids):
            coef, err = self._float[0][ids], self._float[1][ids]
            xf = num / den
            v = coef[:, -1].copy()
            for k in range(coef.shape[1] - 2, -1, -1):
                v = v * xf + coef[:, k]
            sure = np.abs(v) > err
            out[sure] = np.sign(v[sure]).astype(np.int8)
            unsure = np.flatnonzero(~sure).tolist()
        for t in unsure:
            out[t] = _int_sign_at(self.distinct[int(ids[t])], num, den)
        return out

    def table(self, at: _Root) -> np.ndarray:
        """The sign of every distinct numerator at γ = ``at``, exactly (int8 array)."""
        if at.is_rational:
            return self.signs_at_rational(at.lo)
        out = np.zeros(len(self.distinct), dtype=np.int8)
        if self._zero_at is None:
            self.roots()
        assert self._zero_at is not None
        zeros = set(self._zero_at.get(at.poly, ()))      # exactly the numerators the minimal polynomial divides
        pending = []
        for u, p in enumerate(self.distinct):
            if len(p) <= 1:
                out[u] = (p[0] > 0) - (p[0] < 0) if p else 0
            elif u not in zeros:
                pending.append(u)
        # Nonzero at the root: certified on the isolating interval by the Lipschitz bound
        # L = Σ k|c_k| ≥ |p′| on [0, 1]: |p(mid)| > L·(hi − lo)/2 fixes the sign of p on (lo, hi).
        lips = {u: sum(k * abs(c) for k, c in enumerate(self.distinct[u])) for u in pending}
        while at.hi - at.lo > Fraction(1, 2**16):
            at.refine()
        while pending:
            mid, half = (at.lo + at.hi) / 2, (at.hi - at.lo) / 2
            m, q = mid.numerator, mid.denominator
            still = []
            for u in pending:
                p = self.distinct[u]
                v = _int_value(p, m, q)                    # p(mid)·q^deg
                if abs(v) * half.denominator > lips[u] * half.numerator * q ** (len(p) - 1):
                    out[u] = 1 if v > 0 else -1
                else:
                    still.append(u)
            pending = still
            for _ in range(6):
                at.refine()
        return out

    def signs(self, table: np.ndarray, rows: Any = slice(None)) -> np.ndarray:
        """``S[e, k]``: the sign of (f_i − f_j)ᵀr′ for (deduplicated) orbit row e and pair k = (i, j), given the
        sign of every distinct numerator; a last column of zeros (f_i − f_i)."""
        return np.append(table, np.int8(0))[self.rows[rows]]


class _Judge:
    """Who wins for each orbit row, from the signs of the compared pairs (built once per instance).

    Raw: max_A > max_B iff some a beats every b; max_B > max_A iff some b beats every a.
    Relative to C: IsOptimal(X) iff some x ∈ X is ≥ every c ∈ C (PR Def. A.2).
    No compared pairs: A and B are the same outcomes (:func:`_relevant_pairs` decides it), and neither ever wins.
    """

    def __init__(self, pairs: Sequence[tuple[int, int]], A: Sequence[int], B: Sequence[int],
                 C: Sequence[int] | None) -> None:
        self.same = not pairs
        if self.same:
            return
        column = {pair: k for k, pair in enumerate(pairs)}
        zero = len(pairs)                                   # the appended column of zeros: f_i − f_i

        def grid(rows: Sequence[int], cols: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
            idx = np.full((len(rows), len(cols)), zero, dtype=np.int64)
            mul = np.ones((len(rows), len(cols)), dtype=np.int8)
            for x, i in enumerate(rows):
                for y, j in enumerate(cols):
                    if i != j:
                        idx[x, y] = column[(min(i, j), max(i, j))]
                        mul[x, y] = 1 if i < j else -1
            return idx, mul

        self.relative = C is not None
        if C is None:
            self.idx, self.mul = grid(B, A)                 # sign of (f_b − f_a)ᵀr′
        else:
            X = sorted(set(A) | set(B))
            self.idx, self.mul = grid(X, C)
            self.in_a = [X.index(a) for a in A]
            self.in_b = [X.index(b) for b in B]

    def wins(self, S: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(B strictly better, A strictly better) per row of the sign matrix S (see :meth:`_Comparisons.signs`)."""
        if self.same:
            return np.zeros(len(S), dtype=bool), np.zeros(len(S), dtype=bool)
        G = S[:, self.idx] * self.mul
        if not self.relative:
            return np.any(np.all(G > 0, axis=2), axis=1), np.any(np.all(G < 0, axis=1), axis=1)
        optimal = np.all(G >= 0, axis=2)                    # (row, x)
        opt_a, opt_b = np.any(optimal[:, self.in_a], axis=1), np.any(optimal[:, self.in_b], axis=1)
        return opt_b & ~opt_a, opt_a & ~opt_b


def _tally(comps: _Comparisons, b_wins: np.ndarray, a_wins: np.ndarray, rows: Any = slice(None)) -> Counts:
    w = comps.weights[rows]
    gt, lt, total = int(w[b_wins].sum()), int(w[a_wins].sum()), int(w.sum())
    return gt, lt, total - gt - lt, total


def _counts_from_signs(comps: _Comparisons, at: _Root, A: Sequence[int], B: Sequence[int],
                       C: Sequence[int] | None) -> Counts:
    """Orbit counts at an exact algebraic γ from the signs of the pairwise comparisons, all rows at once."""
    b_wins, a_wins = _Judge(comps.pairs, A, B, C).wins(comps.signs(comps.table(at)))
    return _tally(comps, b_wins, a_wins)


def _sweep(comps: _Comparisons, judge: _Judge, roots: list[_Root],
           samples: list[Fraction]) -> tuple[list[Counts], list[Counts]]:
    """The counts inside every gap and at every inner candidate, sweeping γ from 0 to 1.

    The signs of every distinct numerator are computed once, at the first sample. A numerator
    changes sign only at its own roots, which are candidates: at a candidate z exactly the
    numerators that z's minimal polynomial divides are zero, and on the next gap only their signs
    are computed again (at its sample). Only the orbit rows that use one of them are judged again.
    """
    table = comps.signs_at_rational(samples[0])
    b_wins, a_wins = judge.wins(comps.signs(table))
    gt, lt, eq, size = _tally(comps, b_wins, a_wins)
    gaps: list[Counts] = [(gt, lt, eq, size)]
    points: list[Counts] = []
    for j, z in enumerate(roots[1:-1]):
        zero = comps.vanishing(z)
        rows = np.unique(np.concatenate([comps.rows_of(u) for u in zero])) if zero else np.zeros(0, dtype=np.int64)
        for step in ("point", "gap"):
            table[zero] = 0 if step == "point" else comps.signs_at_rational(samples[j + 1], zero)
            before = _tally(comps, b_wins[rows], a_wins[rows], rows)
            b_wins[rows], a_wins[rows] = judge.wins(comps.signs(table, rows))
            after = _tally(comps, b_wins[rows], a_wins[rows], rows)
            gt, lt, eq = gt + after[0] - before[0], lt + after[1] - before[1], eq + after[2] - before[2]
            (points if step == "point" else gaps).append((gt, lt, eq, size))
    return gaps, points


def _relevant_pairs(A: Sequence[int], B: Sequence[int], C: Sequence[int] | None) -> list[tuple[int, int]]:
    """The pairs whose sign can change a count: A × B (raw), (A ∪ B) × C (relative); none where A and B are the
    same outcomes (every orbit element then ties at every γ, raw or relative)."""
    if set(A) == set(B):
        return []
    if C is None:
        both = [(a, b) for a in A for b in B]
    else:
        both = [(x, c) for x in sorted(set(A) | set(B)) for c in C]
    return sorted({(min(i, j), max(i, j)) for i, j in both if i != j})


# ------------------------------------------------------------------------------ results
@dataclass(frozen=True)
class Piece:
    """A maximal open interval (low, high) of γ on which the counts are constant.

    The counts are the same at every γ strictly between ``low`` and ``high``,
    including at any candidate root inside (whose counts were computed and found
    equal). ``low``/``high`` are exact: sympy ``Rational`` or ``CRootOf``.
    ``sample`` is the simplest rational inside the piece's first gap.

    Parameters
    ----------
    low, high : sympy.Rational or sympy.CRootOf
        The end points.
    sample : Fraction
        A rational γ inside the piece.
    counts : (int, int, int, int)
        (b_better, a_better, ties, orbit_size) on the piece, the shape of every ``counts``
        in symorbit (:attr:`~symorbit.OrbitCounts.counts`).
    low_interval, high_interval : (Fraction, Fraction)
        Isolating intervals of the end points (a point when rational).

    Examples
    --------
    The post's candy MDP, r = (0, 2, 3, 3, 3) (docs/theory.md#p6):

    >>> from symorbit.mdp.library import candy
    >>> p = counts_over_gamma(candy(), "start", ["candy"], ["wait"], (0, 2, 3, 3, 3)).pieces[0]
    >>> p.low, p.high, p.counts, 0 < p.sample < Fraction(2, 3)
    (0, 2/3, (7, 9, 4, 20), True)

    References
    ----------
    OPTS Def. 4.1, Lemma E.33; docs/theory.md#p6.
    """

    low: Any
    high: Any
    sample: Fraction
    counts: Counts       # (b_better, a_better, ties, orbit_size)
    low_interval: tuple[Fraction, Fraction] = (Fraction(0), Fraction(0))
    high_interval: tuple[Fraction, Fraction] = (Fraction(1), Fraction(1))

    def interval(self, end: str) -> tuple[Fraction, Fraction]:
        """An isolating interval with rational end points for ``low`` or ``high`` (a point if rational).

        Parameters
        ----------
        end : {"low", "high"}
            Which end point.

        Returns
        -------
        (Fraction, Fraction)
            An interval containing that end point and no other candidate root.

        Raises
        ------
        InvalidArgument
            ``end`` is neither ``"low"`` nor ``"high"``.

        Examples
        --------
        >>> from symorbit.mdp.library import candy
        >>> p = counts_over_gamma(candy(), "start", ["candy"], ["wait"], (0, 2, 3, 3, 3)).pieces[0]
        >>> p.interval("high")
        (Fraction(2, 3), Fraction(2, 3))

        References
        ----------
        OPTS Lemma E.4 (entries are rational functions of γ, so end points are algebraic).
        """
        if end not in ("low", "high"):
            raise InvalidArgument(f"end={end!r} must be 'low' or 'high'")
        return self.low_interval if end == "low" else self.high_interval


@dataclass(frozen=True, repr=False)
class GammaPieces(ResultDisplay):
    """The counts over every γ ∈ (0, 1): pieces between breakpoints, and the γ → 1 limit.

    Attributes
    ----------
    breakpoints : tuple
        Every γ ∈ (0, 1) near which the counts are not constant, increasing (sympy
        ``Rational`` or ``CRootOf``).
    pieces : tuple of Piece
        The open intervals between consecutive breakpoints (and 0, 1).
    limit : (int, int, int, int)
        The counts of the last piece: the limit γ → 1, as (b_better, a_better, ties, orbit_size).
    at_breakpoints : dict
        ``{str(b): counts at γ = b}`` for **every** breakpoint b, rational or not.
    candidates : tuple
        Every root examined (a superset of ``breakpoints``); the others lie inside a
        piece and have that piece's counts.

    Examples
    --------
    The post's candy MDP, r = (0, 2, 3, 3, 3) (docs/theory.md#pitfalls P6, P7):

    >>> from symorbit.mdp.library import candy
    >>> res = counts_over_gamma(candy(), "start", ["candy"], ["wait"], (0, 2, 3, 3, 3))
    >>> res.breakpoints, res.at_breakpoints, res.limit
    ((2/3,), {'2/3': (7, 8, 5, 20)}, (8, 8, 4, 20))

    References
    ----------
    OPTS Def. 4.1 (the γ → 1 limit), Lemma E.33; docs/theory.md#pitfalls P6, P7.
    """

    breakpoints: tuple[Any, ...]
    pieces: tuple[Piece, ...]
    limit: Counts
    at_breakpoints: dict[str, Counts]
    candidates: tuple[Any, ...] = ()


def breakpoints(vectors: Sequence[Sequence[Any]], reward: Sequence[Any]) -> list[Any]:
    """Sorted distinct roots in (0, 1) of every (f − f′)ᵀr′ over pairs of vectors and orbit elements.

    Parameters
    ----------
    vectors : sequence of vectors
        Rational functions of :data:`~symorbit.visits.GAMMA` (or exact constants).
    reward : sequence
        The reward r; every element of its orbit is used.

    Returns
    -------
    list
        sympy ``Rational`` or ``CRootOf``, increasing.

    Examples
    --------
    >>> from symorbit.mdp.visits import GAMMA
    >>> breakpoints([(1, 0), (0, 2 * GAMMA)], (1, 1))        # 1 = 2γ
    [1/2]
    >>> breakpoints([(1, 0), (0, GAMMA**2 + GAMMA)], (1, 1))  # 1 = γ + γ²
    [CRootOf(gamma**2 + gamma - 1, 1)]

    References
    ----------
    OPTS Lemma E.33 (finitely many optimal-policy changes on (0, 1)).
    """
    r = to_vector(reward, name="reward")
    pairs = [(i, j) for i in range(len(vectors)) for j in range(i + 1, len(vectors))]
    return [z.to_sympy() for z in _sort_roots(_Comparisons(vectors, pairs, r).roots())]


def _check_actions(env: MDP, state: Any, actions: Any, name: str) -> frozenset[str]:
    if isinstance(actions, str):
        actions = [actions]
    try:
        acts = frozenset(actions)
    except TypeError:
        raise InvalidArgument(f"{name}={actions!r} must be a list of action names") from None
    available = env.actions(state)
    unknown = sorted(a for a in acts if a not in available)
    if not acts or unknown:
        raise InvalidArgument(f"{name}={sorted(acts)!r} must name actions available in {state!r}: "
                              f"{', '.join(available)}")
    return acts


def counts_over_gamma(env: MDP, state: Any, a_actions: Any, b_actions: Any, reward: Sequence[Any], *,
                      relative_to: Any = None, max_polynomials: int = MAX_POLYNOMIALS) -> GammaPieces:
    """Orbit counts of F(s | a ∈ a_actions) vs F(s | b ∈ b_actions) for every γ ∈ (0, 1).

    Parameters
    ----------
    env : MDP
    state : str
        The start state s.
    a_actions, b_actions : sequence of str, or outcome sets
        First actions defining A = F(s | π(s) ∈ a_actions) and B likewise; or the
        outcomes themselves, any subsets of ``visit_distributions(env, state, GAMMA)``
        (an :class:`~symorbit.outcomes.outcome_sets.OutcomeSet` or a list of its vectors),
        e.g. to compare fewer outcomes.
    reward : sequence
        The reward r ∈ Q^d whose orbit is counted (floats are refused).
    relative_to : None or "all", keyword-only
        None (default): the raw comparison max_B vs max_A (PR Lemma D.3). ``"all"``:
        IsOptimal relative to all options C = F(s) (OPTS Def. 4.3, PR Def. A.2), the
        same mode as ``orbit_counts(..., relative_to=C)``.
    max_polynomials : int, keyword-only
        Refuse (:class:`~symorbit.errors.TooLarge`) when the compared pairs × |S_d·r|
        exceed this (:data:`MAX_POLYNOMIALS` by default; CLI ``--max-polynomials``).
        OPTS Figure 1 with r = (0, …, 7) needs 967,680 (about a minute). A polynomial's cost
        grows with its degree and the size of its coefficients: probabilities or rewards with
        large denominators (say 3^45) can take seconds for a few thousand.

    Returns
    -------
    GammaPieces
        ``pieces`` are the maximal open intervals of constant counts; ``breakpoints``
        are exactly the γ where the counts are not locally constant, each with its own
        counts in ``at_breakpoints`` (keyed by ``str(b)``, irrational ones included).

    Raises
    ------
    InvalidArgument
        Unknown state or action, wrong reward length.
    NotExact
        A float in the reward.
    TooLarge
        More comparison polynomials than ``max_polynomials``; the message names the keyword.
    InvariantViolation
        A consistency check failed (see Notes); no result is returned.

    Notes
    -----
    Each comparison (f_i − f_j)ᵀr′ is a polynomial numerator in γ; only the distinct ones
    are kept (orbit elements that agree on every pair's support share them, and orbit
    elements with the same numerator for every pair are judged once, weighted). Their
    signs are computed once, at the first sample point, and then swept over γ: at a
    candidate only the numerators that vanish there change, so only the orbit elements
    that use one of them are judged again.

    A γ where two sides have equal counts can still be a breakpoint: comparisons may
    tie exactly there (issue 10; docs/theory.md#pitfalls P2, P6). Before returning, the result is
    checked: the pieces tile (0, 1) in increasing order; every candidate root has
    counts computed at the point itself; a candidate not reported as a breakpoint has
    exactly its piece's counts, and a reported one differs from a side; every piece's
    counts equal ``orbit_counts`` at a second rational point inside it (and the exact
    sign evaluator used at irrational points agrees there); all counts sum to |S_d·r|.

    Examples
    --------
    The post's candy MDP, candy vs Wait!, for r = (0, 2, 3, 3, 3) (docs/theory.md#pitfalls P6, P7): the
    tendency holds only from γ = 2/3 on, and the γ → 1 limit is 8/8/4, not the
    average-reward 8/2/10.

    >>> from symorbit.mdp.library import candy
    >>> res = counts_over_gamma(candy(), "start", ["candy"], ["wait"], (0, 2, 3, 3, 3))
    >>> [(str(p.low), str(p.high), p.counts) for p in res.pieces], res.limit
    ([('0', '2/3', (7, 9, 4, 20)), ('2/3', '1', (8, 8, 4, 20))], (8, 8, 4, 20))

    Irrational breakpoints are exact and have their own counts. From ``s``, ``a`` is a
    terminal state and ``t`` leads into the 2-cycle u ⇄ v; at γ = (√5 − 1)/2 (a root of
    γ² + γ − 1) and at γ = 1/√2 two orbit elements tie, although the counts on both
    sides agree:

    >>> from symorbit.mdp.environment import MDP
    >>> env = MDP.deterministic({"s": ["a", "t"], "a": [], "t": ["u"], "u": ["v"], "v": ["u"]}, name="lasso")
    >>> res = counts_over_gamma(env, "s", ["a"], ["t"], (0, 1, 0, 2, 1))
    >>> for b in res.breakpoints:
    ...     print(b, res.at_breakpoints[str(b)])
    1/2 (15, 14, 1, 30)
    CRootOf(gamma**2 + gamma - 1, 1) (14, 14, 2, 30)
    CRootOf(2*gamma**2 - 1, 1) (14, 14, 2, 30)
    >>> [p.counts for p in res.pieces]
    [(16, 14, 0, 30), (15, 15, 0, 30), (15, 15, 0, 30), (15, 15, 0, 30)]

    Outcome sets instead of actions: candy against only the chocolate outcome of Wait!.

    >>> from symorbit.mdp.visits import visit_distributions
    >>> F = visit_distributions(candy(), "start", GAMMA)
    >>> chocolate = [v for v in F.restrict("wait") if v[3] != 0]
    >>> counts_over_gamma(candy(), "start", F.restrict("candy"), chocolate, (0, 2, 3, 3, 3)).limit
    (7, 11, 2, 20)
    >>> counts_over_gamma(candy(), "start", ["candy"], ["wait"], (0, 1, 2, 3, 4), max_polynomials=100)
    Traceback (most recent call last):
    ...
    symorbit.errors.TooLarge: counts_over_gamma: comparison polynomials (2 compared pairs × |orbit| 120): about 240, over the limit 100; compare fewer outcomes (a_actions and b_actions may be subsets of visit_distributions(env, state, GAMMA), e.g. the non-dominated ones) or use a reward with more ties, or raise the limit with max_polynomials=... (CLI: --max-polynomials N)

    References
    ----------
    OPTS Def. 4.1, Lemma E.33; docs/theory.md#pitfalls P2, P6, P7.
    """
    check_mdp(env, "counts_over_gamma")
    r = to_vector(reward, name="reward")
    if len(r) != env.n_states:
        raise InvalidArgument(f"reward has {len(r)} entries but {env.name} has {env.n_states} states")
    check_limit(max_polynomials, name="max_polynomials")
    if relative_to not in (None, "all"):
        raise InvalidArgument(f"relative_to={relative_to!r}: use None (raw) or 'all' (relative to all of F(s))")
    sym = visit_distributions(env, state, GAMMA)
    A, a_at, a_desc = _chosen(env, state, sym, a_actions, "a_actions")
    B, b_at, b_desc = _chosen(env, state, sym, b_actions, "b_actions")
    relative = relative_to == "all"
    C = list(range(len(sym.vectors))) if relative else None
    comps = _Comparisons(sym.vectors, _relevant_pairs(A, B, C), r, max_polynomials=max_polynomials)
    instance = (f"env={env.name!r}, state={state!r}, a_actions={a_desc}, b_actions={b_desc}, "
                f"reward=({', '.join(fraction_str(x) for x in r)}), relative_to={relative_to!r}")

    def at_rational(g: Fraction) -> Counts:
        F = visit_distributions(env, state, g)
        c = orbit_counts(a_at(F, g), b_at(F, g), r, relative_to=F if relative else None)
        return c.counts

    roots = _sort_roots([_Root.rational(Fraction(0))] + comps.roots() + [_Root.rational(Fraction(1))])
    samples = [_simplest_between(x.hi, y.lo) for x, y in zip(roots, roots[1:])]
    # One sweep over γ from the signs of the distinct numerators; every piece is re-checked from scratch
    # (orbit_counts and a fresh sign table) in _verify, and every rational candidate here.
    gap_counts, point_counts = _sweep(comps, _Judge(comps.pairs, A, B, C), roots, samples)
    for z, by_signs in zip(roots[1:-1], point_counts):
        if z.is_rational:   # two independent evaluations must agree
            direct = at_rational(z.lo)
            if direct != by_signs:
                raise InvariantViolation(f"counts_over_gamma: at γ = {z.lo} orbit_counts gives {direct} but the exact "
                                         f"sign evaluator gives {by_signs}; instance: {instance}")
    result, edges = _assemble(roots, samples, gap_counts, point_counts)
    _verify(result, edges, roots[1:-1], point_counts, at_rational,
            lambda g: _counts_from_signs(comps, _Root.rational(g), A, B, C), comps.size, instance)
    return result


def _chosen(env: MDP, state: Any, sym: OutcomeSet, given: Any,
            name: str) -> tuple[list[int], Callable[[OutcomeSet, Fraction], list[Any]], str]:
    """The compared outcomes: first actions, or a subset of F(s) as functions of γ.

    Returns their positions in ``sym`` (F(s) as functions of γ), a function giving the same
    outcomes at a rational γ (from F(s) computed afresh at that γ), and a description.
    """
    if isinstance(given, str) or (not isinstance(given, OutcomeSet) and _all_strings(given)):
        acts = _check_actions(env, state, given, name)
        chosen = [i for i, t in enumerate(sym.first_actions) if t & acts]

        def by_action(F: OutcomeSet, g: Fraction) -> list[Any]:
            return [v for v, t in zip(F.vectors, F.first_actions) if t & acts]

        return chosen, by_action, str(sorted(acts))
    try:
        vectors = [tuple(v) for v in given]
    except TypeError:
        raise InvalidArgument(f"{name} must be first actions or outcome vectors (a subset of "
                              "visit_distributions(env, state, GAMMA))") from None
    position = {v: i for i, v in enumerate(sym.vectors)}
    chosen = []
    for v in vectors:
        i = position.get(v)
        if i is None:
            i = next((k for k, w in enumerate(sym.vectors) if len(w) == len(v) and
                      all(sympy.cancel(sympy.sympify(x) - sympy.sympify(y)) == 0 for x, y in zip(v, w))), None)
        if i is None:
            raise InvalidArgument(f"{name} holds a vector that is not in F({state!r}) as a function of γ; pass first "
                                  "actions or a subset of visit_distributions(env, state, GAMMA)")
        chosen.append(i)
    chosen = sorted(set(chosen))
    if not chosen:
        raise InvalidArgument(f"{name} is empty; pass first actions or a nonempty subset of "
                              "visit_distributions(env, state, GAMMA)")
    picked = [sym.vectors[i] for i in chosen]

    def by_substitution(F: OutcomeSet, g: Fraction) -> list[Any]:
        at = sympy.Rational(g.numerator, g.denominator)
        return [tuple(_fraction(sympy.sympify(x).subs(GAMMA, at)) for x in v) for v in picked]

    return chosen, by_substitution, f"<{len(chosen)} of the {len(sym)} outcomes>"


def _all_strings(given: Any) -> bool:
    try:
        items = list(given)
    except TypeError:
        return False
    return bool(items) and all(isinstance(x, str) for x in items) or not items


def _assemble(roots: list[_Root], samples: list[Fraction], gap_counts: list[Counts],
              point_counts: list[Counts]) -> tuple[GammaPieces, list[_Root]]:
    """Merge neighbouring gaps across a candidate only if left, point and right counts agree."""
    edges = [roots[0]]
    starts = [0]
    for j, here in enumerate(point_counts):
        if not gap_counts[j] == here == gap_counts[j + 1]:
            edges.append(roots[j + 1])
            starts.append(j + 1)
    edges.append(roots[-1])
    pieces = tuple(
        Piece(lo.to_sympy(), hi.to_sympy(), samples[k], gap_counts[k], (lo.lo, lo.hi), (hi.lo, hi.hi))
        for lo, hi, k in zip(edges, edges[1:], starts)
    )
    cut = tuple(p.low for p in pieces[1:])
    at = {str(z.to_sympy()): c for z, c in zip(roots[1:-1], point_counts) if any(z is e for e in edges)}
    cands = tuple(z.to_sympy() for z in roots[1:-1])
    return GammaPieces(cut, pieces, pieces[-1].counts, at, cands), edges


def _verify(res: GammaPieces, edges: list[_Root], candidates: list[_Root], point_counts: list[Counts],
            at_rational: Callable[[Fraction], Counts], by_signs: Callable[[Fraction], Counts],
            size: int, instance: str) -> None:
    """Raise InvariantViolation unless ``res`` is consistent (see counts_over_gamma, Notes)."""
    def fail(what: str) -> None:
        raise InvariantViolation(f"counts_over_gamma: {what}; instance: {instance}")

    pieces = res.pieces
    if len(edges) != len(pieces) + 1 or not pieces:
        fail("the pieces do not match their end points")
    if pieces[0].low != 0 or pieces[-1].high != 1:
        fail("the pieces do not start at 0 and end at 1")
    for p, q in zip(pieces, pieces[1:]):
        if p.high != q.low:
            fail(f"the pieces leave a gap or overlap at {p.high} / {q.low}")
    for lo, hi in zip(edges, edges[1:]):
        if not lo.hi < hi.lo:
            fail(f"the breakpoints {lo.to_sympy()} and {hi.to_sympy()} are not strictly increasing")
    if res.breakpoints != tuple(p.low for p in pieces[1:]):
        fail("breakpoints are not the pieces' inner end points")
    if list(res.at_breakpoints) != [str(b) for b in res.breakpoints]:
        fail(f"at_breakpoints is keyed {list(res.at_breakpoints)}, not by every breakpoint")
    if len(point_counts) != len(candidates) or len(res.candidates) != len(candidates):
        fail("some candidate root has no counts of its own")
    for z, c in zip(candidates, point_counts):
        inside = [k for k, (lo, hi) in enumerate(zip(edges, edges[1:]))
                  if lo is not z and hi is not z and lo.hi <= z.lo and z.hi <= hi.lo]
        reported = [k for k, e in enumerate(edges[1:-1]) if e is z]
        if len(inside) + len(reported) != 1:
            fail(f"the candidate {z.to_sympy()} is not in exactly one piece or breakpoint")
        if inside and pieces[inside[0]].counts != c:
            fail(f"the piece ({pieces[inside[0]].low}, {pieces[inside[0]].high}) says {pieces[inside[0]].counts} "
                 f"but at γ = {z.to_sympy()} inside it the counts are {c}")
        if reported:
            k = reported[0]
            if res.at_breakpoints[str(res.breakpoints[k])] != c:
                fail(f"at_breakpoints[{str(res.breakpoints[k])!r}] is not the computed {c}")
            if pieces[k].counts == c == pieces[k + 1].counts:
                fail(f"γ = {res.breakpoints[k]} is reported but the counts are constant around it")
    for p, lo, hi in zip(pieces, edges, edges[1:]):
        if not (lo.cmp(p.sample) < 0 < hi.cmp(p.sample)):
            fail(f"the sample {p.sample} is not inside ({p.low}, {p.high})")
        x = (lo.hi + hi.lo) / 2
        for name, got in (("orbit_counts", at_rational(x)), ("the exact sign evaluator", by_signs(x))):
            if got != p.counts:
                fail(f"the piece ({p.low}, {p.high}) says {p.counts} but {name} at γ = {x} gives {got}")
    if any(c[3] != size or sum(c[:3]) != size for c in [p.counts for p in pieces] + list(point_counts)):
        fail(f"some counts do not sum to |orbit| = {size}")
    if res.limit != pieces[-1].counts:
        fail("the limit γ → 1 is not the last piece's counts")
