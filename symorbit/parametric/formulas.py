"""Orbit counts of a block family as closed forms in the block sizes.

Notation: a = |A|, b = |B|, w = the coordinates outside both supports, d = a + b + w; the
reward has levels μ_1, ..., μ_k (largest value first), M_j = μ_1 + ... + μ_j, and the rest
τ = d − M_k coordinates, all distinct or all tied. For one-hot A and B the comparison
max_B vs max_A is decided at the first level that reaches A ∪ B:

* the levels above it lie in the w outside coordinates: P_j = ∏_{i<j} C(w − M_{i−1}, μ_i) ways;
* with x_j = w − M_{j−1} outside coordinates left, level j reaches B and not A in
  C(b + x_j, μ_j) − C(x_j, μ_j) ways (B better), A and not B in C(a + x_j, μ_j) − C(x_j, μ_j)
  ways (A better), both in C(a + b + x_j, μ_j) − C(a + x_j, μ_j) − C(b + x_j, μ_j) + C(x_j, μ_j)
  ways (tie);
* the values below it go anywhere in the d − M_j coordinates left:
  (d − M_j)! / (∏_{i>j} μ_i! · [τ! if the rest is tied]) ways.

When every level misses A ∪ B, a distinct rest reaches A ∪ B first at a coordinate spread
evenly over it (B better for b/(a + b) of those elements), and a tied rest ties.
Counts are of distinct orbit elements; |S_d·r| = d! / (∏ μ_i! · [τ!]).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Mapping

import sympy as sp

from symorbit.errors import InvalidArgument
from symorbit.parametric.families import BlockFamily, RewardPattern, _sizes
from symorbit.parametric.positivity import from_kernel, to_kernel

__all__ = ["CountFormula", "count_formula", "normalized_counts"]


@dataclass(frozen=True)
class CountFormula:
    """#B-better, #A-better, #ties and |orbit| as exact sympy expressions in the size symbols.

    Attributes
    ----------
    b_better, a_better, ties, orbit_size : sympy.Expr
        Sums of products of binomials and factorials (see the module notes).
    family : BlockFamily
    pattern : RewardPattern

    Examples
    --------
    >>> from symorbit.parametric.families import one_hot_family
    >>> f = count_formula(one_hot_family(1, 2), RewardPattern.generic())
    >>> f.b_better, f.a_better, f.ties, f.orbit_size
    (4, 2, 0, 6)

    References
    ----------
    PR Def. 3.2 (counts of distinct orbit elements); docs/parametric.md ("The count formulas").
    """

    b_better: sp.Expr
    a_better: sp.Expr
    ties: sp.Expr
    orbit_size: sp.Expr
    family: BlockFamily
    pattern: RewardPattern

    @property
    def symbols(self) -> tuple[sp.Symbol, ...]:
        """Every size symbol of the family and the pattern."""
        return tuple(sorted(set(self.family.symbols) | set(self.pattern.symbols), key=str))

    def at(self, sizes: Mapping[Any, int]) -> tuple[int, int, int, int]:
        """(b_better, a_better, ties, orbit_size) at concrete sizes.

        Parameters
        ----------
        sizes : mapping of str (or symbol) to int
            A value for every size symbol of the family and the pattern.

        Returns
        -------
        tuple of int

        Raises
        ------
        InvalidArgument
            Sizes outside the family or the pattern, or counts too large to write out.

        Examples
        --------
        >>> m, n = sp.symbols("m n")
        >>> from symorbit.parametric.families import one_hot_family
        >>> count_formula(one_hot_family(m, n), RewardPattern.top_tie(2)).at({"m": 2, "n": 3})
        (18, 6, 36, 60)

        References
        ----------
        docs/parametric.md; equal to :func:`symorbit.orbit_counts` at every size tested.
        """
        s = _sizes(sizes, set(self.symbols))
        a, b, w = self.family.sizes(s)
        self.pattern.multiplicities(a + b + w, s)
        by_name = {k.name: v for k, v in s.items()}
        s = {x: by_name[x.name] for e in (self.b_better, self.orbit_size) for x in e.free_symbols}
        try:
            vals = [e.subs(s).doit() for e in (self.b_better, self.a_better, self.ties, self.orbit_size)]
        except OverflowError:
            raise InvalidArgument(f"sizes {s}: the counts are too large to write out; use the formula") from None
        if not all(v.is_Integer for v in vals):
            raise InvalidArgument(f"sizes {s} leave a count undetermined: {vals}")
        gt, lt, eq, size = (int(v) for v in vals)
        return gt, lt, eq, size

    def simplify(self, expr: sp.Expr) -> sp.Expr:
        """``expr`` simplified with the sizes known to be integers ≥ 0 (≥ 1 for |A|, |B| and levels).

        Parameters
        ----------
        expr : sympy.Expr
            An expression in the family's and the pattern's symbols.

        Returns
        -------
        sympy.Expr
            In the same symbols.

        Examples
        --------
        >>> from symorbit.parametric.families import one_hot_family
        >>> t = sp.Symbol("t")
        >>> f = count_formula(one_hot_family(2, 3), RewardPattern.top_tie(t))
        >>> f.simplify(f.b_better / f.a_better)      # C(3, t) / C(2, t) = 3 / (3 − t)
        -3/(t - 3)

        References
        ----------
        docs/parametric.md.
        """
        canon, _ = _canonical(self.family, self.pattern)
        back = {v: k for k, v in canon.items()}
        return sp.simplify(sp.combsimp(sp.sympify(expr).xreplace(canon))).xreplace(back)

    def decided_fraction(self) -> sp.Expr:
        """b_better / (b_better + a_better), simplified where sympy can.

        Returns
        -------
        sympy.Expr

        Examples
        --------
        >>> from symorbit.parametric.families import one_hot_family
        >>> count_formula(one_hot_family(2, 51, rest=sp.Symbol("w")), RewardPattern.generic()).decided_fraction()
        51/53

        References
        ----------
        The post's fractional scaling law (n/(n + m)); docs/parametric.md.
        """
        return self.simplify(self.b_better / (self.b_better + self.a_better))

    def strict_fraction(self) -> sp.Expr:
        """b_better / orbit_size, simplified where sympy can.

        Returns
        -------
        sympy.Expr

        Examples
        --------
        >>> from symorbit.parametric.families import one_hot_family
        >>> count_formula(one_hot_family(1, 2), RewardPattern.top_tie(2)).strict_fraction()
        1/3

        References
        ----------
        PR Lemma B.3 (the bound is on the weak fraction; the strict one can be lower); docs/parametric.md.
        """
        return self.simplify(self.b_better / self.orbit_size)


def _canonical(family: BlockFamily, pattern: RewardPattern) -> tuple[dict[sp.Symbol, sp.Symbol], dict[sp.Symbol, sp.Symbol]]:
    """Each size symbol → an integer symbol of the same name: positive when a bare A/B block size or level, else ≥ 0.

    The assumptions let sympy evaluate C(0, t) = 0 and cancel factorials; the formulas are
    returned in the caller's own symbols. Returns the map and its inverse.
    """
    bare = [e for k, e in family.blocks if k in family.A + family.B] + list(pattern.levels)
    positive = {x.name for x in bare if isinstance(x, sp.Symbol)}
    syms = family.d.free_symbols.union(*(e.free_symbols for e in pattern.levels))
    canon = {x: sp.Symbol(x.name, integer=True, nonnegative=True, positive=x.name in positive or None) for x in syms}
    return canon, {v: k for k, v in canon.items()}


#: Factorials of larger numbers stay unevaluated (10^53 states: the formula, not the number).
EVALUATE_UP_TO = 10_000


def _fact(x: Any) -> sp.Expr:
    x = sp.sympify(x)
    return sp.factorial(x, evaluate=not (x.is_Integer and x > EVALUATE_UP_TO))


def _binom_rows(a: sp.Expr, b: sp.Expr, w: sp.Expr, d: sp.Expr, mus: list[sp.Expr],
                rest: str) -> tuple[list[tuple[sp.Expr, sp.Expr, sp.Expr, sp.Expr]], sp.Expr]:
    M = [sp.Integer(0)]
    for mu in mus:
        M.append(M[-1] + mu)
    tau = d - M[-1]
    tied_rest = _fact(tau) if rest == "tied" else sp.Integer(1)
    rows = []
    P = sp.Integer(1)
    for j, mu in enumerate(mus):
        x = w - M[j]
        below = _fact(d - M[j + 1]) / (sp.Mul(*(_fact(m) for m in mus[j + 1:])) * tied_rest)
        C = sp.binomial
        rows.append((P * below, C(b + x, mu) - C(x, mu), C(a + x, mu) - C(x, mu),
                     C(a + b + x, mu) - C(a + x, mu) - C(b + x, mu) + C(x, mu)))
        P = P * C(x, mu)
    return rows, P


def count_formula(family: BlockFamily, pattern: RewardPattern) -> CountFormula:
    """The orbit counts of ``pattern`` over ``family`` as closed forms in the sizes.

    Parameters
    ----------
    family : BlockFamily
        One-hot A and B on disjoint blocks (see :mod:`symorbit.parametric.families`).
    pattern : RewardPattern
        The reward's value pattern; multiplicities may be symbols.

    Returns
    -------
    CountFormula
        Equal to :func:`symorbit.orbit_counts` at every legal size (tested).

    Raises
    ------
    InvalidArgument
        ``family`` is not a BlockFamily or ``pattern`` not a RewardPattern.

    Examples
    --------
    m ways to die against n ways to live, with the top value tied t ways and d = m + n:
    gt : lt = C(n, t) : C(m, t).

    >>> from symorbit.parametric.families import one_hot_family
    >>> m, n, t = sp.symbols("m n t")
    >>> f = count_formula(one_hot_family(m, n), RewardPattern.top_tie(t))
    >>> f.simplify(f.b_better / f.a_better)
    factorial(n)*factorial(m - t)/(factorial(m)*factorial(n - t))
    >>> f.simplify(f.b_better / f.a_better - sp.binomial(n, t) / sp.binomial(m, t))
    0

    A generic reward: n/(n + m) of the decided elements, whatever d ≥ m + n is.

    >>> w = sp.Symbol("w")
    >>> count_formula(one_hot_family(m, n, rest=w), RewardPattern.generic()).decided_fraction()
    n/(m + n)

    References
    ----------
    The post's fractional scaling law (n/(n + m)); PR Def. 3.2 (counts of orbit elements).
    """
    if not isinstance(family, BlockFamily) or not isinstance(pattern, RewardPattern):
        raise InvalidArgument("count_formula(family, pattern) takes a BlockFamily and a RewardPattern")
    used = sp.Add(*pattern.levels)
    if sp.sympify(family.d).is_Integer and used.is_Integer and used > family.d:     # NaN counts and a 1/60 orbit
        raise InvalidArgument(f"the pattern's levels take {used} coordinates, but the family has d = {family.d}")
    canon, back = _canonical(family, pattern)
    a, b, w, d = (e.xreplace(canon) for e in (family.a, family.b, family.w, family.d))
    mus = [e.xreplace(canon) for e in pattern.levels]
    rows, P = _binom_rows(a, b, w, d, mus, pattern.rest)
    tau = d - sp.Add(*mus)
    gt = sp.Add(*(wt * g for wt, g, _, _ in rows))
    lt = sp.Add(*(wt * ell for wt, _, ell, _ in rows))
    eq = sp.Add(*(wt * e for wt, _, _, e in rows))
    orbit = _fact(d) / (sp.Mul(*(_fact(m) for m in mus))
                               * (_fact(tau) if pattern.rest == "tied" else 1))
    if pattern.rest == "distinct":
        gt += P * _fact(tau) * b / (a + b)
        lt += P * _fact(tau) * a / (a + b)
    else:
        eq += P
    gt, lt, eq, orbit = (e.xreplace(back) for e in (gt, lt, eq, orbit))
    return CountFormula(gt, lt, eq, orbit, family, pattern)


def normalized_counts(family: BlockFamily, pattern: RewardPattern) -> tuple[list[Any], sp.Expr]:
    """The counts times a positive normalizer, as polynomials in the sizes (numeric levels only).

    With N = ∏ μ_i! · [τ! if tied] · (a + b if the rest is distinct) / τ!, each of
    N·b_better, N·a_better, N·ties, N·|orbit| is a polynomial (falling factorials ff(y, k) =
    y(y − 1)···(y − k + 1) replace the factorial ratios), so a claim linear in the four counts
    becomes a polynomial inequality. Returns the four as kernel expressions (nested lists,
    see :mod:`symorbit.kernel.polynomials`) and N as a sympy expression.

    Parameters
    ----------
    family : BlockFamily
    pattern : RewardPattern
        With integer levels.

    Returns
    -------
    tuple
        ([N·b_better, N·a_better, N·ties, N·|orbit|] as kernel expressions, N).

    Raises
    ------
    InvalidArgument
        A symbolic level multiplicity.

    Examples
    --------
    >>> from symorbit.parametric.families import one_hot_family
    >>> m, n = sp.symbols("m n")
    >>> exprs, N = normalized_counts(one_hot_family(m, n), RewardPattern.top_tie(2))
    >>> exprs[0]
    ['*', ['ff', 'n', 2], ['+', 'm', 'n']]

    References
    ----------
    docs/parametric.md ("From a claim to a polynomial inequality").
    """
    if any(not mu.is_Integer for mu in pattern.levels):
        raise InvalidArgument(f"pattern {pattern}: give every level a number (instantiate symbolic multiplicities)")
    mus = [int(mu) for mu in pattern.levels]
    a, b, w, d = (to_kernel(e) for e in (family.a, family.b, family.w, family.d))
    distinct = pattern.rest == "distinct"
    Mk = sum(mus)
    rows = {"gt": [], "lt": [], "eq": []}   # type: dict[str, list[Any]]
    M = 0
    for mu in mus:
        x = ["-", w, M]
        common = [["ff", w, M], None, ["ff", ["-", d, M + mu], Mk - M - mu]] + ([["+", a, b]] if distinct else [])
        for key, level in (("gt", ["-", ["ff", ["+", b, x], mu], ["ff", x, mu]]),
                           ("lt", ["-", ["ff", ["+", a, x], mu], ["ff", x, mu]]),
                           ("eq", ["+", ["ff", ["+", a, b, x], mu], ["-", ["ff", ["+", a, x], mu]],
                                   ["-", ["ff", ["+", b, x], mu]], ["ff", x, mu]])):
            rows[key].append(["*", common[0], level, *common[2:]])
        M += mu
    orbit = ["*", ["ff", d, Mk]] + ([["+", a, b]] if distinct else [])
    if distinct:
        rows["gt"].append(["*", ["ff", w, Mk], b])
        rows["lt"].append(["*", ["ff", w, Mk], a])
    else:
        rows["eq"].append(["ff", w, Mk])     # all levels outside A ∪ B: the tied rest covers both
    gt, lt, eq = (["+", *rows[k]] if len(rows[k]) != 1 else rows[k][0] for k in ("gt", "lt", "eq"))
    tau = family.d - Mk
    N = sp.Mul(*(_fact(mu) for mu in mus)) * (_fact(tau) if not distinct else 1) \
        * ((family.a + family.b) if distinct else 1) / _fact(tau)
    return [_simplify(gt), _simplify(lt), _simplify(eq), _simplify(orbit)], N


def _simplify(e: Any) -> Any:
    """Fold constants and drop neutral terms (ff(y, 0) = 1, y − 0 = y, x·1, x + 0) so the claim reads well."""
    if not isinstance(e, list):
        return e
    op, args = e[0], [_simplify(x) for x in e[1:]]
    if op in ("ff", "C", "^") and args[1] == 0:
        return 1
    if op in ("ff", "C") and isinstance(args[0], int):
        return int(from_kernel([op, *args], {}))
    if op == "-":
        if len(args) == 2 and args[1] == 0:
            return args[0]
        if all(isinstance(x, int) for x in args):
            return -args[0] if len(args) == 1 else args[0] - args[1]
        return [op, *args]
    if op == "*" and 0 in args:
        return 0
    keep = [x for x in args if x != (0 if op == "+" else 1)]
    nums = [x for x in keep if isinstance(x, int)]
    rest = [x for x in keep if not isinstance(x, int)]
    if len(nums) > 1:
        total = sum(nums) if op == "+" else math.prod(nums)
        rest = rest + ([total] if total != (0 if op == "+" else 1) else [])
    else:
        rest = keep
    if not rest:
        return 0 if op == "+" else 1
    return rest[0] if len(rest) == 1 else [op, *rest]


def fraction_of(counts: tuple[int, int, int, int]) -> Fraction | None:
    """The decided fraction b_better / (b_better + a_better) of concrete counts (None if all tie)."""
    gt, lt = counts[0], counts[1]
    return Fraction(gt, gt + lt) if gt + lt else None
