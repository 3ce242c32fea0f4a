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
from symorbit.exact.limits import check_limit, refuse_above
from symorbit.exact.numbers import to_fraction, to_vector

__all__ = ["single", "value_patterns", "random_rewards", "count_value_patterns", "reward_family", "MAX_REWARDS"]

#: The most rewards a family spec may list unless raised explicitly (each is a full check).
MAX_REWARDS = 10_000
_RAISE = "max_rewards=... (CLI: --max-rewards N)"


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
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise InvalidArgument(f"count={count!r} must be a non-negative integer")
    rng = random.Random(seed)
    return [tuple(Fraction(rng.randint(low, high)) for _ in range(d)) for _ in range(count)]


def reward_family(spec: str, d: int, *, max_rewards: int = MAX_REWARDS) -> list[tuple[Fraction, ...]]:
    """The rewards of a family spec: ``patterns:V1,V2,...`` (one reward per orbit) or ``random:COUNT:SEED``.

    The family's size is computed from the spec before any reward is built.

    Parameters
    ----------
    spec : str
        ``patterns:V1,V2,...`` (every multiset of d values, C(k + d − 1, d) rewards for k
        distinct values) or ``random:COUNT:SEED`` (COUNT ≥ 1 random rewards).
    d : int
        The dimension.
    max_rewards : int, keyword-only
        Refuse (:class:`~symorbit.errors.TooLarge`) a family with more rewards than this
        (:data:`MAX_REWARDS` by default).

    Returns
    -------
    list of tuple of Fraction

    Raises
    ------
    InvalidArgument
        A malformed spec, a non-positive COUNT, a value that is not exact.
    TooLarge
        More than ``max_rewards`` rewards.

    Examples
    --------
    >>> len(reward_family("patterns:0,1", 3)), len(reward_family("random:4:0", 3))
    (4, 4)
    >>> reward_family("random:100000000:0", 3)
    Traceback (most recent call last):
    ...
    symorbit.errors.TooLarge: rewards=random:100000000:0 lists 100000000 rewards: about 1.00e+08, over the limit 10000; use a smaller COUNT, or raise the limit with max_rewards=... (CLI: --max-rewards N)

    References
    ----------
    docs/theory.md#overview (counts are functions of the orbit, so one reward per orbit suffices).
    """
    check_limit(max_rewards, name="max_rewards")
    if not isinstance(spec, str):
        raise InvalidArgument(f"rewards={spec!r} must be a string such as patterns:0,1,2 or random:10:0")
    shown = spec if len(spec) <= 60 else spec[:40] + "..."
    kind, _, rest = spec.partition(":")
    if spec == "all":
        raise InvalidArgument("rewards='all' is every reward in Q^d, not a finite list: pass \"all\" to "
                              "check_statement, or --rewards all to symorbit check / search")
    if kind == "patterns" and rest:
        values = {to_fraction(v, name=f"rewards={shown}: value") for v in rest.split(",")}
        size = count_value_patterns(d, len(values))
        refuse_above(size, max_rewards, what=f"rewards={shown} at d = {d} lists C({len(values)} + {d} - 1, {d}) "
                                             f"= {size} rewards", shrink="use fewer values or random:COUNT:SEED",
                     raise_with=_RAISE)
        return list(value_patterns(d, values))
    if kind == "random":
        parts = rest.split(":")
        # as the kernel reads the family of a certificate (symorbit.kernel.rewards): digits only, at most 11 each
        if len(parts) != 2 or not all(p.isascii() and p.isdecimal() and len(p) < 12 for p in parts):
            raise InvalidArgument(f"rewards={shown!r}: write random:COUNT:SEED with integers COUNT >= 1 and SEED >= 0, "
                                  "each of at most 11 digits")
        count, seed = int(parts[0]), int(parts[1])
        if count < 1:
            raise InvalidArgument(f"rewards={shown!r}: COUNT={count} must be at least 1")
        refuse_above(count, max_rewards, what=f"rewards={shown} lists {count} rewards", shrink="use a smaller COUNT",
                     raise_with=_RAISE)
        return random_rewards(d, count=count, seed=seed)
    raise InvalidArgument(f"rewards={shown!r}: use patterns:V1,V2,... or random:COUNT:SEED")
