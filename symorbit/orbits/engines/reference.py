"""The reference engine: enumerate the distinct orbit with exact Fraction arithmetic (obviously correct)."""

from __future__ import annotations

from collections import Counter
from fractions import Fraction

from more_itertools import distinct_permutations

from symorbit.orbits.engines.problem import (
    Problem,
    Signs,
    _group_maxima,
    signs_of_maxima,
)

__all__: list[str] = []


def reference(problem: Problem) -> tuple[dict[Signs, int], int]:
    """Enumerate every distinct orbit element with Fraction arithmetic."""
    tally: Counter = Counter()
    multiset = [v for v, c in zip(problem.exact_values, problem.multiplicities) for _ in range(c)]
    n = 0
    for r in distinct_permutations(multiset):
        dots = [sum((a * b for a, b in zip(vec, r)), Fraction(0)) for vec in problem.exact_vectors]
        tally[signs_of_maxima(problem, _group_maxima(problem, dots))] += 1
        n += 1
    return dict(tally), n


# ---------------------------------------------------------------- numpy evaluation
