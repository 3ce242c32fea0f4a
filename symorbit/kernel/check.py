"""Kernel counting: orbit counts by direct enumeration and exact arithmetic (standard library only).

Written from the definitions in docs/theory.md, never from the engine: distinct orbit elements of a
reward (docs/theory.md#p1), the raw comparison max_B vs max_A, IsOptimal relative to C, and the
decision rules of PR Def. A.2-A.5. Convention: (P_phi x)[phi[j]] = x[j] (docs/theory.md#orbits).
Every loop is charged to one :class:`Budget` of :data:`KERNEL_WORK_LIMIT` units, before the
work is done; a unit is about one exact multiply-add of small rationals (1-3 microseconds),
so the default budget is a few seconds of CPU. A certificate that asks for more is refused
as too large (:class:`Malformed`), never trusted; ``verify(cert, Budget(limit))`` (CLI:
``symorbit verify --max-work N``) raises it. Numbers are bounded in digits before they are
expanded (:data:`MAX_NUMBER_CHARS`), and no loop recurses on d.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from fractions import Fraction
from typing import Any, TypeVar

__all__ = ["KERNEL_ENUMERATION_LIMIT", "KERNEL_WORK_LIMIT", "MAX_NUMBER_CHARS", "Malformed", "count_reward"]

Vec = tuple[Fraction, ...]
Vecs = list[Vec]
Perm = tuple[int, ...]
T = TypeVar("T")

#: Orbits up to this size are enumerated element by element; larger ones need proven blocks.
KERNEL_ENUMERATION_LIMIT = 400_000
#: The budget of one certificate, in work units (about one exact multiply-add each, 0.1-3 microseconds).
KERNEL_WORK_LIMIT = 3_000_000
#: The longest number: a JSON integer of at most this many digits, or a string "p/q" of at most this many characters.
MAX_NUMBER_CHARS = 200
_MAX_EXPONENT = 1000
#: A Boltzmann exponent's numerator and denominator have at most this many bits (about 38 digits).
_MAX_EXPONENT_BITS = 128
_INT_BOUND = 10 ** MAX_NUMBER_CHARS
_NUMBER = re.compile(r"[+-]?[0-9]+(?:/[0-9]+)?|[+-]?(?:[0-9]+\.[0-9]*|\.[0-9]+)")


class Malformed(Exception):
    """The certificate cannot be read, or asks for more work than the kernel does (exit status 2)."""


class Budget:
    """A countdown of work units shared by one certificate's checks (charged before the work)."""

    def __init__(self, limit: int = KERNEL_WORK_LIMIT) -> None:
        self.limit = self.left = limit

    def spend(self, amount: int = 1) -> None:
        self.left -= amount
        if self.left < 0:
            raise Malformed(f"too large: the certificate needs more than {self.limit} units of kernel work")


#: The budget of the certificate being verified (set by ``verify``); helpers without a budget argument charge it.
ACTIVE: ContextVar[Budget | None] = ContextVar("symorbit_kernel_budget", default=None)


def charge(amount: int) -> None:
    """Spend ``amount`` units of the active budget (a fresh default budget outside ``verify``)."""
    (ACTIVE.get() or Budget()).spend(amount)


def _plain(raw: Any) -> bool:
    """Whether ``raw`` (read from a certificate, not yet checked) is plain data that a memo may key by its repr: lists,
    dicts, None and at most 20,000 items of integers of at most 2,000 bits (603 digits) and strings, of about 40,000
    characters in all (walked, so that no repr of a huge or shared structure is made before the check charges for it)."""
    stack, items, chars = [raw], 0, 0
    while stack:
        x = stack.pop()
        t = type(x)
        if t is list or t is tuple:
            items += len(x)
            stack.extend(x)
        elif t is dict:
            items += 2 * len(x)
            stack.extend(itertools.chain(x, x.values()))
        elif t is int:
            if x.bit_length() > 2000:        # over 603 digits: Python may refuse to write it out (sys.int_info)
                return False
            chars += x.bit_length() // 3
        elif t is str:
            chars += len(x)
        elif x is not None and t is not bool:
            return False
        if items > 20_000 or chars > 40_000:
            return False
    return True


def remembered(memo: dict[str, Any], key: str | None, budget: Budget, problems: list[str],
               check: Callable[[Budget, list[str]], T]) -> T:
    """``check(budget, problems)``, a function of its exact input, kept in ``memo`` by ``key``, the repr of that
    input (None, or over 20,000 characters: not kept; at most 4,096 entries): a repeat (a search meets the same sets
    many times) charges the same units and reports the same problems without checking again. The first runs on its
    own budget, as the active one, with the caller's limit and what is left, so a refusal is the caller's; one that
    raised was not kept, and raises again."""
    store, key = (memo, key) if key is not None and len(key) <= 20_000 and len(memo) < 4096 else ({}, "")
    if key not in store:
        own, found = Budget(budget.limit), list[str]()
        own.left = budget.left
        token = ACTIVE.set(own)
        try:
            store[key] = (check(own, found), budget.left - own.left, found)
        finally:
            ACTIVE.reset(token)
    result: T = store[key][0]
    budget.spend(store[key][1])
    problems += store[key][2]
    return result


def _num(x: Any, where: str, digits: int = MAX_NUMBER_CHARS) -> Fraction:
    """An exact number: an integer, or a string "p/q" or "p.q" (no exponent) of at most ``digits`` characters."""
    if isinstance(x, bool) or not isinstance(x, (int, str)):
        raise Malformed(f"{where}: {_short(x)} must be an integer or a 'p/q' string")
    if isinstance(x, int):
        if abs(x) >= (_INT_BOUND if digits == MAX_NUMBER_CHARS else 10 ** digits):
            raise Malformed(f"{where}: an integer of more than {digits} digits")
        return Fraction(x)
    if len(x) > digits or not _NUMBER.fullmatch(x):     # checked on the text: no exponent expands
        raise Malformed(f"{where}: {_short(x)} is not an exact number")
    charge(len(x) // 20)        # reading 200 characters (two 100-digit integers and their gcd) takes about 10 us
    try:
        return Fraction(x)
    except ZeroDivisionError:
        raise Malformed(f"{where}: {_short(x)} is not an exact number") from None


def _size(n: int) -> str:
    """An exact count for a message: its digits, or about 10^k when it has more than 1200 (no long print)."""
    return str(n) if n.bit_length() < 4000 else f"about 10^{(n.bit_length() - 1) * 30103 // 100000}"


def _short(x: Any, show: Any = repr) -> str:
    """``repr(x)`` (or ``show(x)``) cut to 60 characters; a container by its type (no deep or huge repr)."""
    if isinstance(x, (list, dict, tuple, set)):
        return f"a {type(x).__name__} of {len(x)}"
    text = show(x) if not isinstance(x, int) or x.bit_length() < 1000 else f"an integer of {x.bit_length()} bits"
    return text if len(text) <= 60 else text[:40] + f"...({len(text)} characters)"


def _vecs(raw: Any, key: str, d: int | None) -> Vecs:
    if not isinstance(raw, list) or not raw or not all(isinstance(v, list) and v for v in raw):
        raise Malformed(f"{key}: must be a non-empty list of non-empty vectors")
    charge(sum(map(len, raw)))
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
    return max(sum((a * b for a, b in zip(x, r) if a), 0 * r[0]) for x in X)    # an int 0 on integer vectors


def _exp_bounds(q: Fraction, terms: int) -> tuple[Fraction, Fraction]:
    """Rational lo <= e^q <= hi: Taylor partial sum plus the Lagrange remainder (e^t < 3^ceil(t)).

    With |q| = p/s and n terms, lo = N / (s^n n!), N = sum_i p^i s^(n-i) n!/i!, summed in integers (Horner from
    i = n: no gcd per term), and hi = lo + p^(n+1) / (s^(n+1) (n+1)!) * 3^(floor(|q|) + 1).
    """
    x = abs(q)
    if x > _MAX_EXPONENT:
        raise Malformed(f"too large: a Boltzmann exponent {q} exceeds {_MAX_EXPONENT}")
    p, s = x.numerator, x.denominator
    num, fact, power = 1, 1, 1          # at step i: n!/i! and s^(n-i)
    for i in range(terms - 1, -1, -1):
        fact *= i + 1
        power *= s
        num = num * p + fact * power
    den = power * fact                  # s^n n!
    lo = Fraction(num, den)
    hi = Fraction(num * s * (terms + 1) + p ** (terms + 1) * 3 ** (p // s + 1), den * s * (terms + 1))
    return (lo, hi) if q >= 0 else (1 / hi, 1 / lo)


def _series_cost(q: Fraction, terms: int) -> int:
    """Work units of one :func:`_exp_bounds`: terms steps on numbers that grow to about z = terms * (size(q) + 10)
    bits (4 + z/1000 + z^2/(1.7 10^7) units per term; 0.04-0.25 us a unit measured, 2 to 128 bits, 20 to 600 terms)."""
    z = terms * (q.numerator.bit_length() + q.denominator.bit_length() + 10)
    return terms * (4 + z // 1000 + z * z // 17_000_000)


def _boltzmann_sign(a: list[Fraction], b: list[Fraction]) -> int:
    """sign(sum e^b - sum e^a), exact: equal exponent multisets tie (Lindemann-Weierstrass)."""
    if sorted(a) == sorted(b):
        return 0
    for q in a + b:
        if max(q.numerator.bit_length(), q.denominator.bit_length()) > _MAX_EXPONENT_BITS:
            raise Malformed(f"too large: a Boltzmann exponent with more than {_MAX_EXPONENT_BITS} bits "
                            "in its numerator or denominator")
    for terms in (20, 60, 200, 600):
        charge(sum(_series_cost(q, terms) for q in a + b))
        bounds = {q: _exp_bounds(q, terms) for q in a + b}          # each exponent's series once a round
        a_lo, a_hi = (sum((bounds[q][k] for q in a), Fraction(0)) for k in (0, 1))
        b_lo, b_hi = (sum((bounds[q][k] for q in b), Fraction(0)) for k in (0, 1))
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
        best = max(val[k] for k in C)
        top = {c for c in C if val[c] == best}
        share = Fraction(len(top & set(X)), len(top))
        return share if name == "frac_optimal" else share / 2 + Fraction(len(set(X)), 2 * len(set(C)))
    if name == "satisfice":
        good = {c for c in C if val[c] >= _num(arg, "rule threshold")}
        return Fraction(len(good & set(X)), len(good)) if good else Fraction(0)
    if name == "best_of_k":
        opts = sorted(set(C))
        if not re.fullmatch(r"[0-9]{1,3}", arg) or not 1 <= int(arg) <= 64:
            raise Malformed(f"rule: best_of_k:{arg} needs an integer k from 1 to 64")
        draws: int = len(opts) ** int(arg)
        if draws > KERNEL_WORK_LIMIT:
            raise Malformed(f"too large: best_of_k:{arg} has {draws} draws, over the kernel's limit {KERNEL_WORK_LIMIT}")
        order, in_x = {x: k for k, x in enumerate(sorted({val[c] for c in opts}))}, set(X)    # ranks; set(X) once
        total, xs, v = Fraction(0), {i for i, c in enumerate(opts) if c in in_x}, [order[val[c]] for c in opts]
        for draw in itertools.product(range(len(opts)), repeat=int(arg)):     # indices: no Fraction hashed a draw
            drawn = set(draw)
            high = max(v[k] for k in drawn)
            won = {c for c in drawn if v[c] == high}
            total += Fraction(len(won & xs), len(won))
        return total / draws
    if name == "top_k":
        if not re.fullmatch(r"[0-9]{1,18}", arg) or int(arg) < 1:
            raise Malformed(f"rule: top_k:{arg} needs a positive integer")
        ranked = sorted((val[c] for c in set(C)), reverse=True)
        k = min(int(arg), len(ranked))
        cut = ranked[k - 1]
        above, at = [c for c in set(C) if val[c] > cut], [c for c in set(C) if val[c] == cut]
        share = Fraction(k - len(above), len(at))
        return sum((Fraction(1) if val[x] > cut else share if val[x] == cut else Fraction(0)
                    for x in set(X)), Fraction(0)) / k
    raise Malformed(f"rule: unknown decision rule {_short(rule)}")


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


def _distinct_arrangements(items: list[Fraction], size: int) -> Iterator[Vec]:
    """Each distinct arrangement of the multiset ``items`` once, in lexicographic order (next permutation).

    Bounded: at most ``size`` (the multinomial) rounds, each scanning ``range``s, so no change can hang it."""
    a = sorted(items)
    for _ in range(size):
        yield tuple(a)
        i = next((k for k in range(len(a) - 2, -1, -1) if a[k] < a[k + 1]), -1)
        if i < 0:
            return
        j = next(k for k in range(len(a) - 1, i, -1) if a[k] > a[i])
        a[i], a[j] = a[j], a[i]
        a[i + 1:] = reversed(a[i + 1:])


def _multinomial(counts: list[int]) -> int:
    charge(sum(counts) ** 2 // 50_000)     # factorial(d) takes time superlinear in d
    out = math.factorial(sum(counts))
    for c in counts:
        out //= math.factorial(c)
    return out


def _takes(left: list[int], size: int) -> Iterator[list[int]]:
    """Every count vector t with 0 <= t <= left and sum(t) == size (an explicit stack: no recursion)."""
    room = list(itertools.accumulate(reversed(left + [0])))[::-1]     # room[k] = sum(left[k:])
    stack: list[tuple[list[int], int]] = [([], size)]
    while stack:
        take, rest = stack.pop()
        k = len(take)
        if k == len(left):
            yield take
            continue
        stack += [(take + [t], rest - t) for t in range(min(left[k], rest) + 1) if rest - t <= room[k + 1]]


def _dot_units(x: Vec, top: int, den: list[int]) -> int:
    """Units of x . (r permuted): its non-zero products, each weighted by z, a bound on the bits of the running
    sum (largest term plus every denominator's bits: distinct 100-digit denominators grow it; fitted). ``top``:
    64 plus the bits of r's longest entry; ``den``: r's denominators' bits, largest first (both from ``_cost``)."""
    nz = [a for a in x if a]
    z = top + sum(den[:len(nz)]) + \
        sum(a.denominator.bit_length() - 1 for a in nz) + max((abs(a.numerator).bit_length() for a in nz), default=0)
    return 1 + len(x) // 32 + len(nz) * (1 + z // 500 + z * z // 400_000_000)


def _dots(X: Vecs, r: Vec) -> int:
    """Work units of x . r for every x of X (:func:`_dot_units`; r's sizes are read once, not once per x)."""
    top = max((c.numerator.bit_length() + c.denominator.bit_length() for c in r), default=0) + 64
    den = sorted((c.denominator.bit_length() - 1 for c in r), reverse=True)
    return sum(_dot_units(x, top, den) for x in X)


def _cost(A: Vecs, B: Vecs, C: Vecs | None, rule: str | None, r: Vec) -> int:
    """Work units of one comparison: every non-zero product of the dot products (a zero is skipped at about
    1/32 of a product's cost), weighted by the sizes of its numbers, plus the rule's draws."""
    sets = [A, B] + ([C] if C is not None else [])
    dots = [_dots(X, r) for X in sets]
    name, _, arg = (rule or "").partition(":")
    if rule is None or name == "boltzmann" or C is None:
        return sum(dots)
    cost = sum(dots) + 2 * dots[-1] + 8 * len(C)      # a rule values C once per side, then sorts and counts it
    if name == "best_of_k" and re.fullmatch(r"[0-9]{1,3}", arg) and 1 <= int(arg) <= 64:
        cost += 4 * len(set(C)) ** int(arg) * (int(arg) + 2)
    return cost


def _count_by_blocks(A: Vecs, B: Vecs, C: Vecs | None, r: Vec, blocks: Any, rule: str | None,
                     problems: list[str], budget: Budget) -> tuple[int, int, int] | None:
    d = len(r)
    if not isinstance(blocks, list) or not all(isinstance(b, list) and b and all(
            isinstance(j, int) and not isinstance(j, bool) for j in b) for b in blocks) or \
            sorted(j for b in blocks for j in b) != list(range(d)):
        raise Malformed("blocks: must partition the coordinates 0..d-1")
    sets = [frozenset(A), frozenset(B)] + ([frozenset(C)] if C is not None else [])
    charge(d * sum(len(X) for X in sets) * (d + 1))
    for block in blocks:
        for i, j in zip(block, block[1:]):       # adjacent transpositions generate Sym(block)
            swap = list(range(d))
            swap[i], swap[j] = j, i
            if any(_act_set(tuple(swap), list(X)) != X for X in sets):
                problems.append(f"blocks: swapping coordinates {i} and {j} changes an outcome set")
                return None
    values = sorted(set(r))
    tally_r = Counter(r)
    total = [tally_r[v] for v in values]
    tally = [0, 0, 0]
    sizes = sorted(len(b) for b in blocks)[:-1]     # the largest block takes what the others leave
    classes = math.prod(math.comb(len(values) + k - 1, k) for k in sizes)    # at most this many classes
    budget.spend(classes * (_cost(A, B, C, rule, r) + d + len(values) * len(blocks)))
    stack: list[tuple[int, list[int], int, tuple[list[Fraction], ...]]] = [(0, total, 1, ())]
    while stack:        # one class per choice of each block's values (an explicit stack: no recursion on d)
        k, left, weight, chosen = stack.pop()
        if k == len(blocks):
            rep = [Fraction(0)] * d
            for block, vals in zip(blocks, chosen):
                for pos, v in zip(block, vals):
                    rep[pos] = v
            tally[{1: 0, -1: 1, 0: 2}[_compare(A, B, C, tuple(rep), rule)]] += weight
            continue
        for take in _takes(left, len(blocks[k])):
            vals = [v for v, t in zip(values, take) for _ in range(t)]
            stack.append((k + 1, [c - t for c, t in zip(left, take)], weight * _multinomial(list(take)),
                          chosen + (vals,)))
    return tally[0], tally[1], tally[2]



def count_reward(A: Vecs, B: Vecs, C: Vecs | None, r: Vec, blocks: Any, rule: str | None,
                 problems: list[str], budget: Budget) -> tuple[int, int, int, int] | None:
    """(B better, A better, ties, orbit size) over the distinct orbit elements of ``r``; None if refuted. Remembered
    by its exact input (:func:`remembered`; the charges of _multinomial and a Boltzmann rule are the active budget's)."""
    key = repr((A, B, C, r, blocks, rule, KERNEL_ENUMERATION_LIMIT, KERNEL_WORK_LIMIT)) if _plain([blocks, rule]) else None
    return remembered(_COUNTS, key, budget, problems,
                      lambda own, found: _count_reward(A, B, C, r, blocks, rule, found, own))


#: Counts by their exact input (with the limits they read): (counts, units charged, problems found).
_COUNTS: dict[str, Any] = {}


def _count_reward(A: Vecs, B: Vecs, C: Vecs | None, r: Vec, blocks: Any, rule: str | None,
                  problems: list[str], budget: Budget) -> tuple[int, int, int, int] | None:
    size = _multinomial(list(Counter(r).values()))     # linear in d (r.count per value was quadratic)
    if blocks is not None:
        counts = _count_by_blocks(A, B, C, r, blocks, rule, problems, budget)
        if counts is None:
            return None
    elif size <= KERNEL_ENUMERATION_LIMIT:
        budget.spend(size * (_cost(A, B, C, rule, r) + 1 + len(r) // 32))
        # Without a rule and with small denominators, in integers (far cheaper): A, B, C times their common denominator
        # m, r times its own q (each below 2^64) scale every x . r by m * q > 0: no comparison of the maxima changes.
        m, q = (math.lcm(*ds) if rule is None and sum(n.bit_length() for n in ds) <= 64 else 0
                for ds in ({c.denominator for v in A + B + (C or []) for c in v}, {c.denominator for c in r}))
        ints: Any = [[tuple(c.numerator * (n // c.denominator) for c in v) for v in X] if n and X else X for X, n in ((A, m), (B, m), (C, m), ([r], q))]
        t = Counter(_compare(ints[0], ints[1], ints[2], rr, rule) for rr in _distinct_arrangements(sorted(ints[3][0]), size))
        counts = (t[1], t[-1], t[0])
    else:
        raise Malformed(f"too large: an orbit of {_size(size)} elements is beyond the kernel's enumeration limit "
                        f"{KERNEL_ENUMERATION_LIMIT} and no blocks are given")
    return counts[0], counts[1], counts[2], size
