"""Answers for every discount γ ∈ (0, 1): breakpoints, pieces, and the limit γ → 1.

For outcome sets that are rational functions of γ (``visit_distributions(env, s,
GAMMA)``), the orbit counts are piecewise constant in γ: a comparison fᵀr′ vs f′ᵀr′
can change sign only at a root of the numerator of (f − f′)ᵀr′. This module collects
those roots in (0, 1) as exact algebraic numbers (sympy ``CRootOf`` or rationals, with
isolating intervals), evaluates the exact counts at a rational point inside each open
piece, merges neighbouring pieces with equal counts, and reports the last piece's
counts as the limit γ → 1 (Blackwell optimality, OPTS Def. 4.1; not the average-reward
counts, SPEC P7).

Examples
--------
The candy MDP, Wait! vs candy, for r = (0, 2, 3, 3, 3) (SPEC P6, P7):

>>> from symorbit.mdp.library import candy
>>> pieces = counts_over_gamma(candy(), "start", ["candy"], ["wait"], (0, 2, 3, 3, 3))
>>> [(str(p.low), str(p.high), p.counts) for p in pieces.pieces]
[('0', '2/3', (7, 9, 4)), ('2/3', '1', (8, 8, 4))]
>>> pieces.at_breakpoints            # at γ = 2/3 itself a comparison ties
{'2/3': (7, 8, 5)}
>>> pieces.limit
(8, 8, 4)
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Sequence

import sympy

from symorbit.errors import TooLarge
from symorbit.exact.numbers import format_count, to_vector
from symorbit.mdp.environment import MDP
from symorbit.mdp.visits import GAMMA, visit_distributions
from symorbit.orbits.counting import orbit_counts
from symorbit.outcomes.groups import orbit, orbit_size

__all__ = ["Piece", "GammaPieces", "counts_over_gamma", "breakpoints"]

MAX_POLYNOMIALS = 200_000


@dataclass(frozen=True)
class Piece:
    """An open interval (low, high) of γ on which the counts are constant.

    ``low``/``high`` are exact: sympy Rational or CRootOf (an algebraic number with an
    isolating interval, ``interval``).
    """

    low: Any
    high: Any
    sample: Fraction
    counts: tuple[int, int, int]       # (b_better, a_better, ties)

    def interval(self, end: str) -> tuple[Fraction, Fraction]:
        """An isolating interval with rational end points for ``low`` or ``high``."""
        x = self.low if end == "low" else self.high
        if x.is_Rational:
            return Fraction(int(x.p), int(x.q)), Fraction(int(x.p), int(x.q))
        a, b = x._get_interval().a, x._get_interval().b  # noqa: SLF001 - sympy's documented isolating interval
        return Fraction(int(sympy.Rational(a).p), int(sympy.Rational(a).q)), \
            Fraction(int(sympy.Rational(b).p), int(sympy.Rational(b).q))


@dataclass(frozen=True)
class GammaPieces:
    """The counts over every γ ∈ (0, 1): pieces between breakpoints, and the γ → 1 limit."""

    breakpoints: tuple[Any, ...]
    pieces: tuple[Piece, ...]
    limit: tuple[int, int, int]
    at_breakpoints: dict[str, tuple[int, int, int]]   # counts exactly at rational breakpoints


def breakpoints(vectors: Sequence[Sequence[Any]], reward: Sequence[Any]) -> list[Any]:
    """Sorted distinct roots in (0, 1) of every (f − f′)ᵀr′ over pairs of vectors and orbit elements."""
    n_pairs = len(vectors) * (len(vectors) - 1) // 2
    if n_pairs * orbit_size(reward) > MAX_POLYNOMIALS:
        raise TooLarge(f"{n_pairs} pairs × |orbit| = {format_count(n_pairs * orbit_size(reward))} polynomials exceed "
                       f"{format_count(MAX_POLYNOMIALS)}; use fewer outcomes (non-dominated only) or a reward with more ties")
    factors: set[Any] = set()
    diffs = []
    for i in range(len(vectors)):
        for j in range(i + 1, len(vectors)):
            diffs.append([sympy.sympify(a) - sympy.sympify(b) for a, b in zip(vectors[i], vectors[j])])
    for r in orbit(reward):
        rr = [sympy.Rational(x.numerator, x.denominator) for x in r]
        for diff in diffs:
            expr = sympy.together(sum(d * x for d, x in zip(diff, rr) if x != 0 and d != 0))
            num = sympy.numer(expr)
            if num == 0 or not num.has(GAMMA):
                continue
            for fac, _mult in sympy.factor_list(sympy.Poly(num, GAMMA))[1]:
                factors.add(fac.monic())
    roots: set[Any] = set()
    for fac in factors:
        for root in sympy.real_roots(fac):
            if 0 < root < 1:
                roots.add(root)
    return sorted(roots, key=lambda x: (sympy.Rational(x) if x.is_Rational else x.eval_rational(n=30), 0))


def _rational_between(low: Any, high: Any) -> Fraction:
    """An exact rational strictly inside (low, high)."""
    def approx(x: Any) -> sympy.Rational:
        return x if x.is_Rational else x.eval_rational(n=40)
    mid = (approx(low) + approx(high)) / 2
    if not low < mid < high:  # pragma: no cover - 40 digits separate any two distinct roots of these degrees
        raise ArithmeticError(f"could not separate the breakpoints {low} and {high}")
    return Fraction(int(mid.p), int(mid.q))


def counts_over_gamma(env: MDP, state: Any, a_actions: Sequence[str], b_actions: Sequence[str],
                      reward: Sequence[Any], *, relative: bool = False) -> GammaPieces:
    """Orbit counts of F(s | a ∈ a_actions) vs F(s | b ∈ b_actions) for every γ ∈ (0, 1).

    ``relative=True`` compares optimality relative to all of F(s) instead of raw maxima.
    """
    r = to_vector(reward, name="reward")
    sym = visit_distributions(env, state, GAMMA)
    wanted = set(a_actions) | set(b_actions)
    vecs = [v for v, t in zip(sym.vectors, sym.first_actions) if relative or t & wanted]
    cuts = breakpoints(vecs, r)
    edges = [sympy.Integer(0)] + cuts + [sympy.Integer(1)]
    pieces: list[Piece] = []
    def counts_at(g: Fraction) -> tuple[int, int, int]:
        F = visit_distributions(env, state, g)
        A = [v for v, t in zip(F.vectors, F.first_actions) if t & set(a_actions)]
        B = [v for v, t in zip(F.vectors, F.first_actions) if t & set(b_actions)]
        c = orbit_counts(A, B, r, relative_to=F if relative else None)
        return c.b_better, c.a_better, c.ties

    for low, high in zip(edges, edges[1:]):
        g = _rational_between(low, high)
        counts = counts_at(g)
        if pieces and pieces[-1].counts == counts:
            prev = pieces.pop()
            pieces.append(Piece(prev.low, high, prev.sample, counts))
        else:
            pieces.append(Piece(low, high, g, counts))
    kept = tuple(p.low for p in pieces[1:])
    at = {str(b): counts_at(Fraction(int(b.p), int(b.q))) for b in kept if b.is_Rational}
    return GammaPieces(kept, tuple(pieces), pieces[-1].counts, at)
