"""Positivity certificates: a polynomial with nonnegative coefficients in the binomial basis.

On the integer points v ≥ lb_v, every product ∏ C(v − lb_v, i_v) is a nonnegative integer, so
a polynomial written as Σ c · ∏ C(v − lb_v, i_v) with every c ≥ 0 is nonnegative there. The
coefficients are unique (forward differences at the corner), so a certificate of this kind
exists exactly when they are all ≥ 0; :func:`binomial_certificate` computes them with exact
Fractions (Stirling numbers of the second kind: y^e = Σ_j S(e, j) j! C(y, j)), and the
kernel (:mod:`symorbit.kernel.polynomials`) re-expands both sides to check the identity.

Examples
--------
>>> m, s = sp.symbols("m s")
>>> binomial_certificate(m * (m + s) * s / 2, {m: 1, s: 0})
[[1, [0, 1]], [2, [1, 1]], [1, [2, 1]], [1, [0, 2]], [1, [1, 2]]]
>>> binomial_certificate((s - 1) ** 2, {s: 0}) is None     # nonnegative, but not of this form
True
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from functools import lru_cache
from math import factorial
from typing import Any, Mapping

import sympy as sp

from symorbit.errors import InvalidArgument

__all__ = ["binomial_certificate", "from_kernel", "to_kernel"]


@lru_cache(maxsize=None)
def _stirling2(e: int, j: int) -> int:
    if e == j:
        return 1
    if j == 0 or j > e:
        return 0
    return j * _stirling2(e - 1, j) + _stirling2(e - 1, j - 1)


def binomial_coefficients(poly: sp.Expr, lower: Mapping[sp.Symbol, int]) -> dict[tuple[int, ...], Fraction]:
    """The coefficients c with poly = Σ c · ∏ C(v − lb_v, i_v) (variables in the order of ``lower``)."""
    names = list(lower)
    shifted = sp.expand(poly.subs({v: v + lo for v, lo in lower.items()}, simultaneous=True))
    if shifted.free_symbols - set(names):
        raise InvalidArgument(f"the polynomial has symbols {sorted(map(str, shifted.free_symbols - set(names)))} "
                              f"with no lower bound")
    out: dict[tuple[int, ...], Fraction] = {}
    terms = sp.Poly(shifted, *names).terms() if names else [((), sp.Rational(shifted))]
    for mono, coef in terms:
        c = Fraction(int(sp.numer(coef)), int(sp.denom(coef)))
        if not coef.is_Rational:
            raise InvalidArgument(f"the polynomial has the non-rational coefficient {coef}")
        for idx in itertools.product(*[range(e + 1) for e in mono]):
            k = c
            for e, j in zip(mono, idx):
                k *= _stirling2(e, j) * factorial(j)
            if k:
                out[idx] = out.get(idx, Fraction(0)) + k
    return {k: v for k, v in out.items() if v}


def binomial_certificate(poly: sp.Expr, lower: Mapping[sp.Symbol, int]) -> list[list[Any]] | None:
    """Kernel certificate terms ``[c, [i_1, ...]]`` when every binomial-basis coefficient is ≥ 0, else None.

    Parameters
    ----------
    poly : sympy.Expr
        A polynomial with rational coefficients in the keys of ``lower``.
    lower : mapping of symbol to int
        Each variable's lower bound; the order of the indices in each term.

    Returns
    -------
    list or None
        Terms ``[coefficient, [i_1, ..., i_V]]`` meaning coefficient · ∏ C(v − lb_v, i_v).

    Examples
    --------
    >>> s = sp.Symbol("s")
    >>> binomial_certificate(s ** 2, {s: 0})          # s² = C(s, 1) + 2·C(s, 2)
    [[1, [1]], [2, [2]]]

    References
    ----------
    docs/parametric.md ("Positivity certificates and what the kernel checks").
    """
    coeffs = binomial_coefficients(poly, lower)
    if any(c < 0 for c in coeffs.values()):
        return None
    return [[c.numerator if c.denominator == 1 else f"{c.numerator}/{c.denominator}", list(k)]
            for k, c in sorted(coeffs.items(), key=lambda kv: (kv[0][::-1]))]


def to_kernel(e: Any) -> Any:
    """A polynomial sympy expression as a kernel expression (nested lists; names must be lower-case).

    Parameters
    ----------
    e : sympy.Expr
        Integers, rationals, symbols, sums, products and nonnegative integer powers.

    Returns
    -------
    int, str or list

    Raises
    ------
    InvalidArgument
        Anything else (a negative power, a function).

    Examples
    --------
    >>> m, n = sp.symbols("m n")
    >>> to_kernel(2 * m * n ** 2 - sp.Rational(1, 2))
    ['+', '-1/2', ['*', 2, 'm', ['^', 'n', 2]]]

    References
    ----------
    The expression language of :mod:`symorbit.kernel.polynomials`.
    """
    e = sp.sympify(e)
    if e.is_Integer:
        return int(e)
    if e.is_Rational:
        return f"{e.p}/{e.q}"
    if e.is_Symbol:
        return str(e)
    if e.is_Add or e.is_Mul:
        return ["+" if e.is_Add else "*", *(to_kernel(a) for a in e.args)]
    if e.is_Pow and e.exp.is_Integer and int(e.exp) >= 0:
        return ["^", to_kernel(e.base), int(e.exp)]
    raise InvalidArgument(f"{e} is not a polynomial the kernel reads")


def from_kernel(e: Any, names: Mapping[str, sp.Expr]) -> sp.Expr:
    """A kernel expression as a sympy expression.

    Parameters
    ----------
    e : int, str or list
        A kernel expression (see :mod:`symorbit.kernel.polynomials`).
    names : mapping of str to sympy.Expr
        What each name stands for (a symbol, or a definition already converted).

    Returns
    -------
    sympy.Expr

    Examples
    --------
    >>> from_kernel(["-", ["ff", "n", 2], ["C", "n", 2]], {"n": sp.Symbol("n")}).expand()
    n**2/2 - n/2

    References
    ----------
    The expression language of :mod:`symorbit.kernel.polynomials`.
    """
    if isinstance(e, int):
        return sp.Integer(e)
    if isinstance(e, str):
        return names[e] if e in names else sp.Rational(e)
    op, args = e[0], e[1:]
    if op in ("C", "ff", "^"):
        y, k = from_kernel(args[0], names), args[1]
        if op == "^":
            return y ** k
        ff = sp.Mul(*(y - j for j in range(k)))
        return ff / factorial(k) if op == "C" else ff
    parts = [from_kernel(a, names) for a in args]
    if op == "-":
        return -parts[0] if len(parts) == 1 else parts[0] - parts[1]
    return sp.Add(*parts) if op == "+" else sp.Mul(*parts)
