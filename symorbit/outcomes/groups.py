"""Permutations of coordinates and orbits of reward vectors (OPTS Def. 6.1, PR Def. 3.1).

Convention (stated once, used everywhere)
-----------------------------------------
A permutation φ ∈ S_d is a tuple in *array form*: ``phi[j]`` is the image of
coordinate j. It acts on vectors in the papers' row representation,
(P_φ x)_{φ(j)} = x_j: the entry at coordinate j moves to coordinate φ(j). On a
set, φ·X := {P_φ x : x ∈ X}. Composition ``compose(p, q)`` is "first q, then p",
so that ``apply(compose(p, q), x) == apply(p, apply(q, x))``.

>>> phi = (1, 2, 0)                      # 0 → 1, 1 → 2, 2 → 0
>>> apply(phi, ("a", "b", "c"))
('c', 'a', 'b')
>>> p, q, x = (1, 0, 2), (0, 2, 1), (7, 8, 9)
>>> apply(compose(p, q), x) == apply(p, apply(q, x))
True

The orbit S_d·r is the **set** of distinct images of r (PR Def. 3.1); the papers
count its distinct elements (SPEC pitfall P1), of which there are d!/∏ m_v!.

>>> from itertools import permutations
>>> r = (0, 1, 1, 2)
>>> orbit_size(r) == len(set(permutations(r))) == 12
True
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any, Iterable, Iterator, Sequence

from more_itertools import distinct_permutations

from symorbit.errors import InvalidArgument
from symorbit.exact.numbers import to_vector

__all__ = [
    "apply",
    "apply_to_set",
    "compose",
    "inverse",
    "identity",
    "transposition",
    "is_involution",
    "check_permutation",
    "orbit",
    "orbit_size",
    "stabilizer_order",
    "multiplicities",
]

Perm = tuple[int, ...]


def check_permutation(phi: Sequence[int], d: int | None = None, *, name: str = "phi") -> Perm:
    """Validate and return ``phi`` as an array-form tuple.

    Raises
    ------
    InvalidArgument
        If ``phi`` is not a permutation of 0..d-1.
    """
    try:
        p = tuple(int(i) for i in phi)
    except (TypeError, ValueError):
        raise InvalidArgument(f"{name}={phi!r} must be a list of integers 0..d-1") from None
    if any(not isinstance(i, int) or isinstance(i, bool) for i in phi):
        raise InvalidArgument(f"{name}={phi!r} must contain integers")
    if sorted(p) != list(range(len(p))):
        raise InvalidArgument(f"{name}={list(p)} is not a permutation of 0..{len(p) - 1}")
    if d is not None and len(p) != d:
        raise InvalidArgument(f"{name} has length {len(p)}, expected d={d}")
    return p


def identity(d: int) -> Perm:
    """The identity of S_d."""
    return tuple(range(d))


def transposition(d: int, i: int, j: int) -> Perm:
    """The permutation of S_d that swaps i and j.

    >>> transposition(3, 0, 2)
    (2, 1, 0)
    """
    p = list(range(d))
    p[i], p[j] = p[j], p[i]
    return tuple(p)


def apply(phi: Sequence[int], x: Sequence[Any]) -> tuple[Any, ...]:
    """P_φ x in row representation: the result has x_j at coordinate φ(j)."""
    out: list[Any] = [None] * len(x)
    for j, v in enumerate(x):
        out[phi[j]] = v
    return tuple(out)


def apply_to_set(phi: Sequence[int], vectors: Iterable[Sequence[Any]]) -> frozenset[tuple[Any, ...]]:
    """φ·X = {P_φ x : x ∈ X}."""
    return frozenset(apply(phi, x) for x in vectors)


def compose(p: Sequence[int], q: Sequence[int]) -> Perm:
    """p ∘ q (first q, then p)."""
    return tuple(p[q[j]] for j in range(len(q)))


def inverse(p: Sequence[int]) -> Perm:
    """φ⁻¹."""
    out = [0] * len(p)
    for j, i in enumerate(p):
        out[i] = j
    return tuple(out)


def is_involution(p: Sequence[int]) -> bool:
    """φ = φ⁻¹ (the identity counts).

    >>> is_involution((1, 0, 2)), is_involution((1, 2, 0))
    (True, False)
    """
    return all(p[p[j]] == j for j in range(len(p)))


def multiplicities(reward: Iterable[Any]) -> Counter:
    """The multiset of the reward's values, as ``Counter({value: multiplicity})``."""
    return Counter(to_vector(reward, name="reward"))


def stabilizer_order(reward: Iterable[Any]) -> int:
    """|Stab(r)| = ∏ m_v!: how many permutations fix r.

    >>> stabilizer_order([0, 1, 1, 2])
    2
    """
    return math.prod(math.factorial(m) for m in multiplicities(reward).values())


def orbit_size(reward: Iterable[Any]) -> int:
    """|S_d·r| = d!/∏ m_v!, the number of distinct orbit elements.

    >>> orbit_size([1, 2, 3]), orbit_size([1, 2, 2]), orbit_size([1, 1, 1])
    (6, 3, 1)
    """
    counts = multiplicities(reward)
    return math.factorial(sum(counts.values())) // math.prod(math.factorial(m) for m in counts.values())


def orbit(reward: Iterable[Any]) -> Iterator[tuple[Any, ...]]:
    """The distinct elements of the orbit S_d·r, each once, as tuples of ``Fraction``.

    Notes
    -----
    O(|orbit| · d) time (more-itertools' ``distinct_permutations``).

    Examples
    --------
    >>> [tuple(map(int, x)) for x in orbit([1, 2, 2])]
    [(1, 2, 2), (2, 1, 2), (2, 2, 1)]
    """
    r = to_vector(reward, name="reward")
    if not r:
        raise InvalidArgument("reward=() is empty; a reward has one entry per state")
    return distinct_permutations(sorted(r))
