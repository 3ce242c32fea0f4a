"""Kernel counting: orbit counts by direct enumeration and exact arithmetic (standard library only).

Written from the definitions in docs/theory.md, never from the engine: distinct orbit elements of a
reward (docs/theory.md#p1), the raw comparison max_B vs max_A, IsOptimal relative to C, and the
decision rules of PR Def. A.2-A.5. Convention: (P_phi x)[phi[j]] = x[j] (docs/theory.md#orbits).
Every loop is bounded by :data:`KERNEL_WORK_LIMIT`: a certificate that asks for more work
is refused as too large (malformed), never trusted.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from fractions import Fraction
from typing import Any

__all__ = ["KERNEL_ENUMERATION_LIMIT", "KERNEL_WORK_LIMIT", "Malformed", "count_reward"]

Vec = tuple[Fraction, ...]
Vecs = list[Vec]
Perm = tuple[int, ...]

#: Orbits up to this size are enumerated element by element; larger ones need proven blocks.
KERNEL_ENUMERATION_LIMIT = 400_000
#: The most comparisons (orbit elements, block classes, rule draws) one certificate may ask for.
KERNEL_WORK_LIMIT = 2_000_000
_MAX_EXPONENT = 1000


class Malformed(Exception):
    """The certificate cannot be read, or asks for more work than the kernel does (exit status 2)."""


class Budget:
    """A countdown of comparisons shared by one certificate's checks."""

    def __init__(self, limit: int = KERNEL_WORK_LIMIT) -> None:
        self.left = limit

    def spend(self, amount: int = 1) -> None:
        self.left -= amount
        if self.left < 0:
            raise Malformed(f"too large: the certificate needs more than {KERNEL_WORK_LIMIT} kernel comparisons")


def _num(x: Any, where: str) -> Fraction:
    if isinstance(x, bool) or not isinstance(x, (int, str)):
        raise Malformed(f"{where}: {x!r} must be an integer or a 'p/q' string")
    if isinstance(x, str) and (len(x) > 200 or not x.strip() or x != x.strip() or "_" in x):
        raise Malformed(f"{where}: {x!r} is not an exact number")
    try:
        return Fraction(x)
    except (ValueError, ZeroDivisionError):
        raise Malformed(f"{where}: {x!r} is not an exact number") from None


def _vecs(raw: Any, key: str, d: int | None) -> Vecs:
    if not isinstance(raw, list) or not raw or not all(isinstance(v, list) and v for v in raw):
        raise Malformed(f"{key}: must be a non-empty list of non-empty vectors")
    out = [tuple(_num(x, f"{key}[{i}]") for x in v) for i, v in enumerate(raw)]
    if any(len(v) != len(out[0]) for v in out) or (d is not None and len(out[0]) != d):
        raise Malformed(f"{key}: vectors must all have the same length d")
    if len(set(out)) != len(out):
        raise Malformed(f"{key}: a vector is listed twice")
    return out


def _act(phi: Perm, x: Vec) -> Vec:
    y: list[Fraction] = [Fraction(0)] * len(x)
    for j, v in enumerate(x):
        y[phi[j]] = v
    return tuple(y)


def _act_set(phi: Perm, X: Vecs) -> frozenset[Vec]:
    return frozenset(_act(phi, x) for x in X)


def _best(X: Vecs, r: Vec) -> Fraction:
    return max(sum((a * b for a, b in zip(x, r) if a), Fraction(0)) for x in X)


def _exp_bounds(q: Fraction, terms: int) -> tuple[Fraction, Fraction]:
    """Rational lo <= e^q <= hi: Taylor partial sum plus the Lagrange remainder (e^t < 3^ceil(t))."""
    x = abs(q)
    if x > _MAX_EXPONENT:
        raise Malformed(f"too large: a Boltzmann exponent {q} exceeds {_MAX_EXPONENT}")
    term, lo = Fraction(1), Fraction(1)
    for i in range(1, terms + 1):
        term = term * x / i
        lo += term
    hi = lo + term * x / (terms + 1) * 3 ** (x.numerator // x.denominator + 1)
    return (lo, hi) if q >= 0 else (1 / hi, 1 / lo)


def _boltzmann_sign(a: list[Fraction], b: list[Fraction]) -> int:
    """sign(sum e^b - sum e^a), exact: equal exponent multisets tie (Lindemann-Weierstrass)."""
    if sorted(a) == sorted(b):
        return 0
    for terms in (20, 60, 200, 600):
        a_lo = sum((_exp_bounds(q, terms)[0] for q in a), Fraction(0))
        a_hi = sum((_exp_bounds(q, terms)[1] for q in a), Fraction(0))
        b_lo = sum((_exp_bounds(q, terms)[0] for q in b), Fraction(0))
        b_hi = sum((_exp_bounds(q, terms)[1] for q in b), Fraction(0))
        if b_lo > a_hi:
            return 1
        if b_hi < a_lo:
            return -1
    raise Malformed("rule: a Boltzmann comparison could not be separated")


def _rule_value(rule: str, X: Vecs, C: Vecs, r: Vec) -> Fraction:
    """f(X | C, r) for the decision rules of PR Def. A.2-A.5 (written from docs/theory.md#retargetability)."""
    val = {c: sum((a * b for a, b in zip(c, r) if a), Fraction(0)) for c in set(C) | set(X)}
    name, _, arg = rule.partition(":")
    if name == "is_optimal":
        return Fraction(max(val[x] for x in X) >= max(val[c] for c in C))
    if name == "anti_opt":
        return Fraction(min(val[x] for x in X) <= min(val[c] for c in C))
    if name in ("frac_optimal", "half_best_half_random"):
        top = {c for c in C if val[c] == max(val[k] for k in C)}
        share = Fraction(len(top & set(X)), len(top))
        return share if name == "frac_optimal" else share / 2 + Fraction(len(set(X)), 2 * len(set(C)))
    if name == "satisfice":
        good = {c for c in C if val[c] >= _num(arg, "rule threshold")}
        return Fraction(len(good & set(X)), len(good)) if good else Fraction(0)
    if name == "best_of_k":
        opts = sorted(set(C))
        if not arg.isdigit() or not 1 <= int(arg) <= 64:
            raise Malformed(f"rule: best_of_k:{arg} needs an integer k from 1 to 64")
        draws: int = len(opts) ** int(arg)
        if draws > KERNEL_WORK_LIMIT:
            raise Malformed(f"too large: best_of_k:{arg} has {draws} draws, over the kernel's limit {KERNEL_WORK_LIMIT}")
        total = Fraction(0)
        for draw in itertools.product(opts, repeat=int(arg)):
            drawn = set(draw)
            top = {c for c in drawn if val[c] == max(val[k] for k in drawn)}
            total += Fraction(len(top & set(X)), len(top))
        return total / draws
    if name == "top_k":
        if not arg.isdigit() or int(arg) < 1:
            raise Malformed(f"rule: top_k:{arg} needs a positive integer")
        ranked = sorted((val[c] for c in set(C)), reverse=True)
        k = min(int(arg), len(ranked))
        cut = ranked[k - 1]
        above, at = [c for c in set(C) if val[c] > cut], [c for c in set(C) if val[c] == cut]
        share = Fraction(k - len(above), len(at))
        return sum((Fraction(1) if val[x] > cut else share if val[x] == cut else Fraction(0)
                    for x in set(X)), Fraction(0)) / k
    raise Malformed(f"rule: unknown decision rule {rule!r}")


def _compare(A: Vecs, B: Vecs, C: Vecs | None, r: Vec, rule: str | None = None) -> int:
    """+1 when B is better at r, -1 when A is, 0 for a tie (raw; IsOptimal relative to C; or a rule)."""
    if rule is not None and rule.startswith("boltzmann:"):
        t = _num(rule.partition(":")[2], "rule temperature")
        if t <= 0:
            raise Malformed("rule: a Boltzmann temperature must be positive")
        return _boltzmann_sign([_best([x], r) / t for x in set(A)], [_best([x], r) / t for x in set(B)])
    if rule is not None:
        if C is None:
            raise Malformed("rule: a decision rule needs the options C")
        a, b = _rule_value(rule, A, C, r), _rule_value(rule, B, C, r)
    else:
        a, b = _best(A, r), _best(B, r)
        if C is not None:
            c = _best(C, r)
            a, b = Fraction(a >= c), Fraction(b >= c)
    return (b > a) - (b < a)


def _distinct_arrangements(items: list[Fraction]) -> Iterator[Vec]:
    """Each distinct arrangement of the multiset ``items`` once (never all d! permutations)."""
    if not items:
        yield ()
        return
    for v in sorted(set(items)):
        rest: list[Fraction] = list(items)
        rest.remove(v)
        for tail in _distinct_arrangements(rest):
            yield (v,) + tail


def _multinomial(counts: list[int]) -> int:
    out = math.factorial(sum(counts))
    for c in counts:
        out //= math.factorial(c)
    return out


def _takes(left: list[int], size: int) -> Iterator[list[int]]:
    """Every count vector t with 0 <= t <= left and sum(t) == size."""
    if not left:
        if size == 0:
            yield []
        return
    for t in range(min(left[0], size), -1, -1):
        if size - t <= sum(left[1:]):
            for rest in _takes(left[1:], size - t):
                yield [t] + rest


def _count_by_blocks(A: Vecs, B: Vecs, C: Vecs | None, r: Vec, blocks: Any, rule: str | None,
                     problems: list[str], budget: Budget) -> tuple[int, int, int] | None:
    d = len(r)
    if not isinstance(blocks, list) or not all(isinstance(b, list) and b and all(
            isinstance(j, int) and not isinstance(j, bool) for j in b) for b in blocks) or \
            sorted(j for b in blocks for j in b) != list(range(d)):
        raise Malformed("blocks: must partition the coordinates 0..d-1")
    sets = [frozenset(A), frozenset(B)] + ([frozenset(C)] if C is not None else [])
    for block in blocks:
        for i, j in zip(block, block[1:]):       # adjacent transpositions generate Sym(block)
            swap = list(range(d))
            swap[i], swap[j] = j, i
            if any(_act_set(tuple(swap), list(X)) != X for X in sets):
                problems.append(f"blocks: swapping coordinates {i} and {j} changes an outcome set")
                return None
    values = sorted(set(r))
    total = [r.count(v) for v in values]
    tally = [0, 0, 0]
    sizes = sorted(len(b) for b in blocks)[:-1]     # the largest block takes what the others leave
    budget.spend(math.prod(math.comb(len(values) + k - 1, k) for k in sizes))    # at most this many classes

    def place(k: int, left: list[int], rep: list[Fraction], weight: int) -> None:
        if k == len(blocks):
            s = _compare(A, B, C, tuple(rep), rule)
            tally[{1: 0, -1: 1, 0: 2}[s]] += weight
            return
        for take in _takes(left, len(blocks[k])):
            vals = [v for v, t in zip(values, take) for _ in range(t)]
            for pos, v in zip(blocks[k], vals):
                rep[pos] = v
            place(k + 1, [c - t for c, t in zip(left, take)], rep, weight * _multinomial(list(take)))

    place(0, total, [Fraction(0)] * d, 1)
    return tally[0], tally[1], tally[2]



def count_reward(A: Vecs, B: Vecs, C: Vecs | None, r: Vec, blocks: Any, rule: str | None,
                 problems: list[str], budget: Budget) -> tuple[int, int, int, int] | None:
    """(B better, A better, ties, orbit size) over the distinct orbit elements of ``r``; None if refuted."""
    size = _multinomial([r.count(v) for v in set(r)])
    if blocks is not None:
        counts = _count_by_blocks(A, B, C, r, blocks, rule, problems, budget)
        if counts is None:
            return None
    elif size <= KERNEL_ENUMERATION_LIMIT:
        budget.spend(size)
        t = [0, 0, 0]
        for rr in _distinct_arrangements(sorted(r)):
            t[{1: 0, -1: 1, 0: 2}[_compare(A, B, C, rr, rule)]] += 1
        counts = (t[0], t[1], t[2])
    else:
        raise Malformed(f"too large: an orbit of {size} elements is beyond the kernel's enumeration limit "
                        f"{KERNEL_ENUMERATION_LIMIT} and no blocks are given")
    return counts[0], counts[1], counts[2], size
