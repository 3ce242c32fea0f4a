"""Block families: one-hot outcome sets on blocks of symbolic size, and reward value patterns.

A :class:`BlockFamily` names blocks of coordinates with symbolic sizes (sympy expressions in
size symbols such as ``m``, ``n``, ``w``); A is every one-hot vector e_i with i in A's blocks,
B likewise (A's and B's blocks are disjoint), and ``rest`` further coordinates lie in no
support (the post's "m ways to die, n ways to live", ``die_live(m, n)`` at the outcome level,
or the same with d − m − n extra states). The group is all of S_d, d = the sum of all sizes.

A :class:`RewardPattern` gives a reward by its value pattern: ``levels`` are the
multiplicities of the top values, largest value first (each may be a symbol), and the
remaining coordinates are all distinct (``rest="distinct"``) or all equal (``rest="tied"``),
below every level. For one-hot outcome sets only the order of the values matters (the
comparison is of maxima), so a pattern fixes the counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Iterable, Mapping

import sympy as sp

from symorbit.errors import InvalidArgument

__all__ = ["BlockFamily", "RewardPattern", "one_hot_family"]

_Size = Any   # an int or a sympy expression in size symbols


def _expr(x: _Size, what: str) -> sp.Expr:
    """An integer polynomial in size symbols; a string must be one symbol's name (nothing is evaluated)."""
    bad = InvalidArgument(f"{what}={x!r} must be an integer, a size symbol or an integer polynomial in size symbols")
    if isinstance(x, bool):
        raise bad
    if isinstance(x, str):
        if re.fullmatch(r"[0-9]{1,80}", x):
            return sp.Integer(int(x))
        if not re.fullmatch(r"[a-z][a-z0-9_]{0,15}", x):
            raise bad
        return sp.Symbol(x)
    try:
        e = sp.sympify(x, strict=True)
    except (sp.SympifyError, TypeError):
        raise bad from None
    if not isinstance(e, sp.Expr):
        raise bad
    syms = sorted(e.free_symbols, key=str)
    if not syms:
        if not e.is_Integer:
            raise bad
        return e
    if not e.is_polynomial(*syms) or any(not c.is_Integer for c in sp.Poly(e, *syms).coeffs()) or \
            any(not re.fullmatch(r"[a-z][a-z0-9_]{0,15}", str(v)) for v in syms):
        raise bad
    return e


def _sizes(sizes: Mapping[Any, int], needed: set[sp.Symbol]) -> dict[sp.Symbol, int]:
    out: dict[sp.Symbol, int] = {}
    for k, v in sizes.items():
        sym = k if isinstance(k, sp.Symbol) else sp.Symbol(str(k))
        if isinstance(v, bool) or not isinstance(v, int):
            raise InvalidArgument(f"size {sym}={v!r} must be an integer")
        out[sym] = v
    missing = sorted(str(s) for s in needed if s not in {sp.Symbol(str(k)) for k in out})
    if missing:
        raise InvalidArgument(f"sizes: give a value for {', '.join(missing)}")
    return {sp.Symbol(str(k)): v for k, v in out.items()}


def _value(e: sp.Expr, sizes: dict[sp.Symbol, int]) -> int:
    v = e.subs({sp.Symbol(str(k)): val for k, val in sizes.items()})
    if not v.is_Integer:
        raise InvalidArgument(f"sizes: {e} is not determined by {sizes}")
    return int(v)


@dataclass(frozen=True)
class BlockFamily:
    """One-hot A on some blocks, one-hot B on others, and ``rest`` coordinates outside both.

    Parameters
    ----------
    blocks : mapping of str to size
        Block name → size (an int or a sympy expression in size symbols).
    A, B : tuple of str
        The blocks whose one-hot vectors form A, and B (disjoint).
    rest : size
        Coordinates in no support (0 for d = the size of A plus that of B).
    name : str
        For messages and tables.

    Examples
    --------
    >>> m, n, w = sp.symbols("m n w")
    >>> f = one_hot_family(m, n, rest=w)
    >>> f.a, f.b, f.d
    (m, n, m + n + w)
    >>> A, B = f.instance({"m": 1, "n": 2, "w": 0})
    >>> A, B
    ([(1, 0, 0)], [(0, 1, 0), (0, 0, 1)])

    References
    ----------
    The post's "m ways to die, n ways to live" (terminal states as one-hot outcomes); PR Def. 3.2
    (counts of orbit elements); docs/parametric.md.
    """

    blocks: tuple[tuple[str, sp.Expr], ...]
    A: tuple[str, ...]
    B: tuple[str, ...]
    rest: sp.Expr
    name: str = ""

    def __init__(self, blocks: Mapping[str, _Size], A: Any, B: Any, rest: _Size = 0, name: str = "") -> None:
        A_, B_ = (A,) if isinstance(A, str) else tuple(A), (B,) if isinstance(B, str) else tuple(B)
        if not A_ or not B_ or set(A_) & set(B_) or not set(A_) | set(B_) <= set(blocks):
            raise InvalidArgument("A and B must be non-empty, disjoint lists of block names from blocks")
        object.__setattr__(self, "blocks", tuple((str(k), _expr(v, f"blocks[{k!r}]")) for k, v in blocks.items()))
        object.__setattr__(self, "A", A_)
        object.__setattr__(self, "B", B_)
        object.__setattr__(self, "rest", _expr(rest, "rest"))
        object.__setattr__(self, "name", name or f"one-hot {self.a} vs {self.b}, {self.rest} more")
        for what, size, least in (("|A|", self.a, 1), ("|B|", self.b, 1), ("the rest", self.w, 0)):
            if size.is_Integer and size < least:    # (symbols: ≥ 1 for |A|, |B|, ≥ 0 otherwise, by the claims' domain)
                raise InvalidArgument(f"{what} = {size}: a block family needs {what} >= {least}")

    @property
    def a(self) -> sp.Expr:
        """|A|: the sum of A's block sizes."""
        return sp.Add(*(s for k, s in self.blocks if k in self.A))

    @property
    def b(self) -> sp.Expr:
        """|B|: the sum of B's block sizes."""
        return sp.Add(*(s for k, s in self.blocks if k in self.B))

    @property
    def w(self) -> sp.Expr:
        """Coordinates outside A's and B's supports: blocks in neither, plus ``rest``."""
        return sp.Add(self.rest, *(s for k, s in self.blocks if k not in self.A + self.B))

    @property
    def d(self) -> sp.Expr:
        """The dimension: every block plus ``rest``."""
        return self.a + self.b + self.w

    @property
    def symbols(self) -> tuple[sp.Symbol, ...]:
        """The size symbols, sorted by name."""
        return tuple(sorted(self.d.free_symbols | self.a.free_symbols | self.b.free_symbols, key=str))

    def sizes(self, sizes: Mapping[Any, int]) -> tuple[int, int, int]:
        """(|A|, |B|, the rest) at concrete sizes.

        Parameters
        ----------
        sizes : mapping of str (or symbol) to int
            A value for every size symbol of the family.

        Returns
        -------
        tuple of int
            |A|, |B| and the number of coordinates outside both supports.

        Raises
        ------
        InvalidArgument
            A symbol without a value, a non-integer, |A| < 1, |B| < 1 or a negative block.

        Examples
        --------
        >>> one_hot_family(sp.Symbol("m"), 3, rest=2).sizes({"m": 2})
        (2, 3, 2)

        References
        ----------
        docs/parametric.md ("Families and reward patterns").
        """
        s = _sizes(sizes, set(self.symbols))
        a, b, w = _value(self.a, s), _value(self.b, s), _value(self.w, s)
        if a < 1 or b < 1 or w < 0 or any(_value(e, s) < 0 for _, e in self.blocks):
            raise InvalidArgument(f"sizes {s}: need |A| >= 1, |B| >= 1 and every block size >= 0 (got {a}, {b}, {w})")
        return a, b, w

    def instance(self, sizes: Mapping[Any, int]) -> tuple[list[tuple[int, ...]], list[tuple[int, ...]]]:
        """The concrete A and B (one-hot vectors of length d) at the given sizes.

        Parameters
        ----------
        sizes : mapping of str (or symbol) to int
            A value for every size symbol of the family.

        Returns
        -------
        tuple of two lists of tuples
            A (first |A| coordinates) and B (the next |B|), ready for :func:`symorbit.orbit_counts`.

        Examples
        --------
        >>> one_hot_family(1, 1, rest=1).instance({})
        ([(1, 0, 0)], [(0, 1, 0)])

        References
        ----------
        docs/parametric.md ("Families and reward patterns").
        """
        a, b, w = self.sizes(sizes)
        d = a + b + w
        e = [tuple(int(i == j) for i in range(d)) for j in range(d)]
        return e[:a], e[a:a + b]


def one_hot_family(m: _Size, n: _Size, *, rest: _Size = 0) -> BlockFamily:
    """A = m one-hot vectors, B = n one-hot vectors, disjoint, and ``rest`` more coordinates.

    Parameters
    ----------
    m, n : int, str or sympy expression
        |A| and |B| (each ≥ 1 at every size used).
    rest : int, str or sympy expression, keyword-only
        Coordinates outside both supports (d = m + n + rest).

    Returns
    -------
    BlockFamily

    Examples
    --------
    The post's 2 ways to die against 51 ways to live, at every d ≥ 53:

    >>> f = one_hot_family(2, 51, rest=sp.Symbol("w"))
    >>> f.d
    w + 53

    References
    ----------
    The post's "m ways to die, n ways to live" (terminal states as one-hot outcomes); PR Def. 3.2
    (counts of orbit elements); docs/parametric.md.
    """
    return BlockFamily({"A": m, "B": n}, "A", "B", rest, name=f"one-hot {m} vs {n}" + (f", {rest} more" if rest else ""))


@dataclass(frozen=True)
class RewardPattern:
    """A reward by its value pattern: the top ``levels`` (multiplicities, largest value first) and the rest.

    Parameters
    ----------
    levels : tuple of size
        Multiplicities of the top distinct values, largest first; each ≥ 1 at every size used.
    rest : {"distinct", "tied"}
        The remaining d − Σ levels coordinates: all distinct, or all one value, below the levels.

    Examples
    --------
    >>> t = sp.Symbol("t")
    >>> p = RewardPattern.top_tie(t)
    >>> p.levels, p.rest
    ((t,), 'distinct')
    >>> p.reward(5, {"t": 2})
    (4, 4, 2, 1, 0)
    >>> RewardPattern((1, 2), rest="tied").reward(5, {})
    (3, 2, 2, 0, 0)

    References
    ----------
    The post's tied rewards; docs/parametric.md ("Families and reward patterns").
    """

    levels: tuple[sp.Expr, ...]
    rest: str = "distinct"

    def __init__(self, levels: Any = (), rest: str = "distinct") -> None:
        if rest not in ("distinct", "tied"):
            raise InvalidArgument(f"rest={rest!r} must be 'distinct' or 'tied'")
        if isinstance(levels, (str, bytes)) or not isinstance(levels, Iterable):     # None raised a TypeError
            raise InvalidArgument(f"levels={levels!r:.60} must be a sequence of level sizes, such as (2,) or ('t',)")
        exprs = tuple(_expr(x, f"levels[{i}]") for i, x in enumerate(levels))
        for i, e in enumerate(exprs):
            if e.is_Integer and e < 1:      # a level is how many coordinates share a value
                raise InvalidArgument(f"levels[{i}]={e} must be at least 1: a level counts the coordinates that "
                                      "share one value")
        object.__setattr__(self, "levels", exprs)
        object.__setattr__(self, "rest", rest)

    @classmethod
    def generic(cls) -> "RewardPattern":
        """All d values distinct (almost every reward).

        Returns
        -------
        RewardPattern

        Examples
        --------
        >>> RewardPattern.generic().reward(3, {})
        (2, 1, 0)

        References
        ----------
        The post's "almost all reward functions"; docs/parametric.md.
        """
        return cls((), "distinct")

    @classmethod
    def top_tie(cls, t: _Size, *, rest: str = "distinct") -> "RewardPattern":
        """The top value repeated t times, the rest distinct (or all tied).

        Parameters
        ----------
        t : int, str or sympy expression
            The multiplicity of the top value (≥ 1).
        rest : {"distinct", "tied"}, keyword-only

        Returns
        -------
        RewardPattern

        Examples
        --------
        >>> RewardPattern.top_tie(2, rest="tied").reward(4, {})
        (2, 2, 0, 0)

        References
        ----------
        docs/parametric.md (the t-way tie: gt : lt = C(n, t) : C(m, t) at d = m + n).
        """
        return cls((t,), rest)

    @classmethod
    def multiset(cls, multiplicities: Mapping[Any, _Size], *, rest: str = "distinct") -> "RewardPattern":
        """The values of ``multiplicities`` (value → how many times), largest first, then the rest below them.

        Parameters
        ----------
        multiplicities : mapping of number to size
            Exact values (int or Fraction) with multiplicities (integers or symbols, each ≥ 1).
        rest : {"distinct", "tied"}, keyword-only
            The coordinates not covered (d − Σ multiplicities), all below every listed value.

        Returns
        -------
        RewardPattern
            Only the order of the values matters for one-hot sets, so the values themselves are dropped.

        Raises
        ------
        InvalidArgument
            A value that is not an exact number.

        Examples
        --------
        >>> RewardPattern.multiset({0: sp.Symbol("u"), 5: sp.Symbol("t")}, rest="tied").levels
        (t, u)

        References
        ----------
        docs/parametric.md ("Families and reward patterns").
        """
        if any(isinstance(v, (bool, float)) or not isinstance(v, (int, Fraction)) for v in multiplicities):
            raise InvalidArgument("multiset: the values must be exact numbers (int or Fraction)")
        return cls(tuple(multiplicities[v] for v in sorted(multiplicities, reverse=True)), rest)

    @property
    def symbols(self) -> tuple[sp.Symbol, ...]:
        """The symbols of the level multiplicities, sorted by name."""
        return tuple(sorted(set().union(*(e.free_symbols for e in self.levels)), key=str))

    def multiplicities(self, d: int, sizes: Mapping[Any, int]) -> tuple[list[int], int]:
        """The level multiplicities and the rest's size at dimension d.

        Parameters
        ----------
        d : int
            The dimension.
        sizes : mapping of str (or symbol) to int
            A value for every symbol of the levels.

        Returns
        -------
        tuple
            (list of the level multiplicities, the size of the rest).

        Raises
        ------
        InvalidArgument
            A level below 1, or levels that do not fit in d.

        Examples
        --------
        >>> RewardPattern((sp.Symbol("t"), 1)).multiplicities(5, {"t": 3})
        ([3, 1], 1)

        References
        ----------
        docs/parametric.md.
        """
        s = _sizes(sizes, set(self.symbols))
        mus = [_value(e, s) for e in self.levels]
        if any(mu < 1 for mu in mus) or sum(mus) > d:
            raise InvalidArgument(f"pattern {self}: levels {mus} must be >= 1 and fit in d = {d}")
        return mus, d - sum(mus)

    def reward(self, d: int, sizes: Mapping[Any, int]) -> tuple[int, ...]:
        """One reward vector of length d with this pattern (integers, largest first).

        Parameters
        ----------
        d : int
            The dimension.
        sizes : mapping of str (or symbol) to int
            A value for every symbol of the levels.

        Returns
        -------
        tuple of int

        Examples
        --------
        >>> RewardPattern((2, 1), rest="tied").reward(5, {})
        (3, 3, 2, 0, 0)

        References
        ----------
        docs/parametric.md.
        """
        mus, tau = self.multiplicities(d, sizes)
        top = len(mus) + (tau if self.rest == "distinct" else min(tau, 1))
        out: list[int] = []
        for j, mu in enumerate(mus):
            out += [top - j] * mu
        out += list(range(tau - 1, -1, -1)) if self.rest == "distinct" else [0] * tau
        return tuple(out)

    def __str__(self) -> str:
        return f"levels ({', '.join(map(str, self.levels))}), rest {self.rest}"
