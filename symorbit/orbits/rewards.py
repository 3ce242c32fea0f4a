"""Reward families for theorem checks and searches.

Since every count is a function of the orbit, a family lists one reward per orbit:
value patterns are multisets, not sequences.

Examples
--------
>>> [tuple(map(int, r)) for r in value_patterns(3, [0, 1])]
[(0, 0, 0), (0, 0, 1), (0, 1, 1), (1, 1, 1)]
>>> len(list(value_patterns(4, [0, 1, 2]))) == 15    # C(3 + 4 - 1, 4)
True
>>> random_rewards(3, count=2, seed=7) == random_rewards(3, count=2, seed=7)
True
"""

from __future__ import annotations

import itertools
import random
from fractions import Fraction
from typing import Any, Iterable, Iterator

from symorbit.errors import InvalidArgument
from symorbit.exact.numbers import to_fraction, to_vector

__all__ = ["single", "value_patterns", "random_rewards", "count_value_patterns", "reward_family"]


def single(reward: Iterable[Any]) -> list[tuple[Fraction, ...]]:
    """The family containing one reward."""
    return [to_vector(reward, name="reward")]


def count_value_patterns(d: int, n_values: int) -> int:
    """How many orbits :func:`value_patterns` lists: C(n_values + d − 1, d)."""
    from math import comb

    return comb(n_values + d - 1, d)


def value_patterns(d: int, values: Iterable[Any]) -> Iterator[tuple[Fraction, ...]]:
    """Every multiset of d values from ``values``, one reward per orbit, sorted ascending."""
    if d < 1:
        raise InvalidArgument(f"d={d} must be at least 1")
    vals = sorted({to_fraction(v, name="values") for v in values})
    if not vals:
        raise InvalidArgument("values is empty")
    return (tuple(c) for c in itertools.combinations_with_replacement(vals, d))


def random_rewards(d: int, *, count: int, seed: int, low: int = 0, high: int = 10**6) -> list[tuple[Fraction, ...]]:
    """``count`` random integer rewards in [low, high]^d, reproducible from ``seed``.

    With a wide range the entries are almost surely distinct (generic rewards).
    """
    if count < 0:
        raise InvalidArgument(f"count={count} must be non-negative")
    rng = random.Random(seed)
    return [tuple(Fraction(rng.randint(low, high)) for _ in range(d)) for _ in range(count)]


def reward_family(spec: str, d: int) -> list[tuple[Fraction, ...]]:
    """The rewards of a family spec: ``patterns:V1,V2,...`` (one reward per orbit) or ``random:COUNT:SEED``.

    >>> len(reward_family("patterns:0,1", 3)), len(reward_family("random:4:0", 3))
    (4, 4)
    """
    kind, _, rest = spec.partition(":")
    if spec == "all":
        raise InvalidArgument("rewards='all' is every reward in Q^d, not a finite list: pass \"all\" to "
                              "check_statement, or --rewards all to symorbit check / search")
    if kind == "patterns" and rest:
        return list(value_patterns(d, rest.split(",")))
    if kind == "random":
        try:
            count, seed = (int(x) for x in rest.split(":"))
        except ValueError:
            raise InvalidArgument(f"rewards={spec!r}: write random:COUNT:SEED") from None
        return random_rewards(d, count=count, seed=seed)
    raise InvalidArgument(f"rewards={spec!r}: use patterns:V1,V2,... or random:COUNT:SEED")
