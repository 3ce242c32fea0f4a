"""Decision rules beyond argmax (PR Def. A.2–A.5, Prop. A.11), exact where they are rational.

A rule f(X | C, u) is the probability that a decision-maker choosing among the
options C under utility u picks something in X ⊆ C. Each rule here returns an exact
``Fraction``; Boltzmann-rational choice is not rational-valued and is not offered.

Rules (name: meaning)

* ``is_optimal``: 1[max_X xᵀu ≥ max_C cᵀu]
* ``anti_opt``: 1[min_X xᵀu ≤ min_C cᵀu]
* ``frac_optimal``: |argmax_C ∩ X| / |argmax_C| (ties split uniformly)
* ``satisfice:t``: |X ∩ {c : cᵀu ≥ t}| / |{c : cᵀu ≥ t}| (0 if no option reaches t)
* ``best_of_k:k``: draw k options uniformly with replacement, take the best (ties split)
* ``half_best_half_random``: ½ frac_optimal + ½ |X|/|C| (PR Lemma B.6's mixture)

Examples
--------
>>> C = [(1, 0, 0), (0, 1, 0), (0, 0, 1)]
>>> frac_optimal([(0, 1, 0), (0, 0, 1)], C, (3, 2, 2))
Fraction(0, 1)
>>> frac_optimal([(0, 1, 0)], C, (1, 2, 2))
Fraction(1, 2)
>>> decision_counts("frac_optimal", [(1, 0, 0)], [(0, 1, 0), (0, 0, 1)], C, (1, 2, 2))[:3]
(1, 0, 2)
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Any, Callable, Sequence

from more_itertools import distinct_permutations

from ._validation import to_fraction, to_vector
from .counting import OrbitCounts
from .errors import InvalidArgument, TooLarge
from .groups import orbit_size, stabilizer_order

__all__ = ["RULES", "rule", "is_optimal", "anti_opt", "frac_optimal", "satisfice", "best_of_k",
           "half_best_half_random", "decision_counts"]

Vector = Sequence[Any]
Rule = Callable[[Sequence[Vector], Sequence[Vector], Sequence[Any]], Fraction]
MAX_ENUMERATION = 2_000_000


def _values(X: Sequence[Vector], u: Sequence[Any]) -> list[Fraction]:
    return [sum((Fraction(a) * Fraction(b) for a, b in zip(x, u)), Fraction(0)) for x in X]


def is_optimal(X: Sequence[Vector], C: Sequence[Vector], u: Sequence[Any]) -> Fraction:
    """1 if X contains an optimal option among C."""
    return Fraction(int(max(_values(X, u)) >= max(_values(C, u))))


def anti_opt(X: Sequence[Vector], C: Sequence[Vector], u: Sequence[Any]) -> Fraction:
    """1 if X contains a worst option among C."""
    return Fraction(int(min(_values(X, u)) <= min(_values(C, u))))


def frac_optimal(X: Sequence[Vector], C: Sequence[Vector], u: Sequence[Any]) -> Fraction:
    """The share of C's optimal options that lie in X."""
    vals = _values(C, u)
    best = max(vals)
    top = {tuple(c) for c, v in zip(C, vals) if v == best}
    return Fraction(len(top & {tuple(x) for x in X}), len(top))


def satisfice(t: Fraction) -> Rule:
    """Choose uniformly among the options worth at least t."""
    def rule_(X: Sequence[Vector], C: Sequence[Vector], u: Sequence[Any]) -> Fraction:
        good = {tuple(c) for c, v in zip(C, _values(C, u)) if v >= t}
        return Fraction(len(good & {tuple(x) for x in X}), len(good)) if good else Fraction(0)
    return rule_


def best_of_k(k: int) -> Rule:
    """Sample k options uniformly with replacement from C and pick the best (ties split)."""
    def rule_(X: Sequence[Vector], C: Sequence[Vector], u: Sequence[Any]) -> Fraction:
        opts = sorted({tuple(c) for c in C})
        total = Fraction(0)
        for draw in itertools.product(opts, repeat=k):
            total += frac_optimal(X, sorted(set(draw)), u)     # FracOptimal(X ∩ {a} | {a}, u)
        return total / len(opts) ** k
    return rule_


def half_best_half_random(X: Sequence[Vector], C: Sequence[Vector], u: Sequence[Any]) -> Fraction:
    """½ FracOptimal + ½ |X|/|C| (a mixture covered by PR Lemma B.6)."""
    return frac_optimal(X, C, u) / 2 + Fraction(len({tuple(x) for x in X}), 2 * len({tuple(c) for c in C}))


RULES = ("is_optimal", "anti_opt", "frac_optimal", "satisfice:T", "best_of_k:K", "half_best_half_random")


def rule(name: str) -> Rule:
    """The rule called ``name`` (see :data:`RULES`; parameters after a colon, e.g. ``satisfice:3/2``)."""
    base, _, arg = name.partition(":")
    if base == "is_optimal":
        return is_optimal
    if base == "anti_opt":
        return anti_opt
    if base == "frac_optimal":
        return frac_optimal
    if base == "half_best_half_random":
        return half_best_half_random
    if base == "satisfice" and arg:
        return satisfice(to_fraction(arg, name="satisfice threshold"))
    if base == "best_of_k" and arg.isdigit() and int(arg) >= 1:
        return best_of_k(int(arg))
    raise InvalidArgument(f"rule={name!r} is unknown; choose one of {', '.join(RULES)}")


def decision_counts(rule_name: str, outcomes_a: Sequence[Vector], outcomes_b: Sequence[Vector],
                    options: Sequence[Vector], reward: Sequence[Any]) -> tuple[int, int, int, int]:
    """Over the distinct orbit of ``reward``: (#f(B) > f(A), #f(B) < f(A), #ties, |orbit|).

    Enumerates the orbit directly (no symmetry reduction), so it is refused past
    two million orbit elements.
    """
    f = rule(rule_name)
    r = to_vector(reward, name="reward")
    A = [to_vector(v, name="outcomes_a") for v in outcomes_a]
    B = [to_vector(v, name="outcomes_b") for v in outcomes_b]
    C = [to_vector(v, name="options") for v in options]
    size = orbit_size(r)
    if size > MAX_ENUMERATION:
        raise TooLarge(f"decision rule counts enumerate the orbit: |orbit|={size:.3g} exceeds {MAX_ENUMERATION:.3g}; "
                       "use fewer coordinates or a reward with repeated values")
    gt = lt = eq = 0
    for rr in distinct_permutations(sorted(r)):
        a, b = f(A, C, rr), f(B, C, rr)
        gt += b > a
        lt += b < a
        eq += b == a
    return gt, lt, eq, size


def decision_orbit_counts(rule_name: str, outcomes_a: Sequence[Vector], outcomes_b: Sequence[Vector],
                          options: Sequence[Vector], reward: Sequence[Any]) -> OrbitCounts:
    """:func:`decision_counts` as an :class:`~symorbit.counting.OrbitCounts`."""
    gt, lt, eq, size = decision_counts(rule_name, outcomes_a, outcomes_b, options, reward)
    return OrbitCounts(gt, lt, eq, size, engine=f"enumerate:{rule_name}", evaluations=size,
                       stabilizer=stabilizer_order(reward))
