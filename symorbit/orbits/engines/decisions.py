"""The counting engine for decision rules: f(B | C, u′) against f(A | C, u′) over the orbit of u.

A decision rule (any function ``f(X, C, u)`` returning values compared exactly; the rules of
PR Def. A.2–A.5 live in :mod:`symorbit.analysis.decisions`) is not a maximum, so none of the
symmetry reductions of the other engines applies: the orbit is enumerated, each distinct
element once, and refused past :data:`MAX_ENUMERATION` elements.

Examples
--------
>>> from fractions import Fraction
>>> best = lambda X, C, u: max(sum(Fraction(a) * b for a, b in zip(x, u)) for x in X)
>>> c = rule_orbit_counts(best, "max", [(1, 0, 0)], [(0, 1, 0), (0, 0, 1)], [(1, 0, 0), (0, 1, 0), (0, 0, 1)],
...                       (1, 2, 3))
>>> c.b_better, c.a_better, c.ties, c.orbit_size, c.engine
(4, 2, 0, 6, 'enumerate:max')
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

from more_itertools import distinct_permutations

from symorbit.errors import TooLarge
from symorbit.exact.numbers import format_count, to_vector
from symorbit.orbits.counting import OrbitCounts
from symorbit.outcomes.groups import orbit_size, stabilizer_order

__all__ = ["MAX_ENUMERATION", "rule_orbit_counts"]

#: The most distinct orbit elements the engine enumerates.
MAX_ENUMERATION = 2_000_000


def rule_orbit_counts(f: Callable[..., Any], label: str, outcomes_a: Sequence[Sequence[Any]],
                      outcomes_b: Sequence[Sequence[Any]], options: Sequence[Sequence[Any]],
                      reward: Sequence[Any]) -> OrbitCounts:
    """Over the distinct orbit of ``reward``: #f(B) > f(A), #f(B) < f(A), #ties, |orbit|.

    Parameters
    ----------
    f : callable
        ``f(X, C, u)``, returning values compared exactly.
    label : str
        The rule's name, recorded as ``engine="enumerate:<label>"``.
    outcomes_a, outcomes_b, options : sequences of vectors
        A, B and all options C (exact entries).
    reward : sequence
        The utility u whose orbit is counted.

    Returns
    -------
    OrbitCounts

    Raises
    ------
    TooLarge
        The orbit has more than :data:`MAX_ENUMERATION` distinct elements.
    """
    r = to_vector(reward, name="reward")
    A = [to_vector(v, name="outcomes_a") for v in outcomes_a]
    B = [to_vector(v, name="outcomes_b") for v in outcomes_b]
    C = [to_vector(v, name="options") for v in options]
    size = orbit_size(r)
    if size > MAX_ENUMERATION:
        raise TooLarge(f"decision rule counts enumerate the orbit: |orbit|={format_count(size)} exceeds "
                       f"{format_count(MAX_ENUMERATION)}; use fewer coordinates or a reward with repeated values")
    gt = lt = eq = 0
    for rr in distinct_permutations(sorted(r)):
        a, b = f(A, C, rr), f(B, C, rr)
        gt += b > a
        lt += b < a
        eq += b == a
    return OrbitCounts(gt, lt, eq, size, engine=f"enumerate:{label}", evaluations=size, stabilizer=stabilizer_order(r))
