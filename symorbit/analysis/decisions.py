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
* ``top_k:k``: uniform among the k best options of C (ties at the k-th place share the slots)
* ``boltzmann:T``: Σ_X e^{xᵀu/T} / Σ_C e^{cᵀu/T}. Not rational, but its comparisons are
  decided exactly: by Lindemann–Weierstrass, Σ_B e^{β_i} = Σ_A e^{α_j} (rational exponents)
  iff the two multisets of exponents are equal, and otherwise the sign is certified by
  interval arithmetic (mpmath ``iv``) at increasing precision.
* any callable ``f(X, C, u)`` returning comparable values (a user's decision-maker).

Examples
--------
>>> C = [(1, 0, 0), (0, 1, 0), (0, 0, 1)]
>>> frac_optimal([(0, 1, 0), (0, 0, 1)], C, (3, 2, 2))
Fraction(0, 1)
>>> frac_optimal([(0, 1, 0)], C, (1, 2, 2))
Fraction(1, 2)
>>> c = decision_counts("frac_optimal", [(1, 0, 0)], [(0, 1, 0), (0, 0, 1)], C, (1, 2, 2))
>>> c.b_better, c.a_better, c.ties
(1, 0, 2)
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Callable, Sequence

from more_itertools import distinct_permutations

from symorbit.errors import InvalidArgument, InvariantViolation, TooLarge
from symorbit.exact.numbers import format_count, to_fraction, to_vector
from symorbit.orbits.counting import OrbitCounts
from symorbit.orbits.engines.decisions import MAX_ENUMERATION, rule_orbit_counts
from symorbit.outcomes.groups import (
    apply,
    check_permutation,
    orbit_size,
)

__all__ = ["RULES", "rule", "is_optimal", "anti_opt", "frac_optimal", "satisfice", "best_of_k",
           "half_best_half_random", "top_k", "boltzmann", "decision_counts", "decision_orbit_counts",
           "RetargetabilityResult", "retargetability"]

Vector = Sequence[Any]
Rule = Callable[[Sequence[Vector], Sequence[Vector], Sequence[Any]], Fraction]


def _values(X: Sequence[Vector], u: Sequence[Any]) -> list[Fraction]:
    return [sum((Fraction(a) * Fraction(b) for a, b in zip(x, u)), Fraction(0)) for x in X]


def is_optimal(X: Sequence[Vector], C: Sequence[Vector], u: Sequence[Any]) -> Fraction:
    """1 if X contains an optimal option among C.

    Parameters
    ----------
    X : sequence of vectors
        The outcomes whose probability of being chosen is wanted (X ⊆ C).
    C : sequence of vectors
        All options.
    u : sequence
        The utility (reward) vector; exact entries.

    Returns
    -------
    Fraction
        1[max_X xᵀu ≥ max_C cᵀu].

    Examples
    --------
    The post's candy example (docs/theory.md#candy): C = {candy, chocolate, hug}, u = (1, 2, 3).

    >>> C = [(1, 0, 0), (0, 1, 0), (0, 0, 1)]
    >>> is_optimal([(1, 0, 0)], C, (1, 2, 3)), is_optimal([(0, 1, 0), (0, 0, 1)], C, (1, 2, 3))
    (Fraction(0, 1), Fraction(1, 1))

    References
    ----------
    PR Def. A.2–A.5 (IsOptimal), Prop. A.11 item 1.
    """
    return Fraction(int(max(_values(X, u)) >= max(_values(C, u))))


def anti_opt(X: Sequence[Vector], C: Sequence[Vector], u: Sequence[Any]) -> Fraction:
    """1 if X contains a worst option among C.

    Parameters
    ----------
    X : sequence of vectors
        The outcomes whose probability of being chosen is wanted (X ⊆ C).
    C : sequence of vectors
        All options.
    u : sequence
        The utility (reward) vector; exact entries.

    Returns
    -------
    Fraction
        1[min_X xᵀu ≤ min_C cᵀu].

    Examples
    --------
    The post's candy example (docs/theory.md#candy): C = {candy, chocolate, hug}, u = (1, 2, 3).

    >>> C = [(1, 0, 0), (0, 1, 0), (0, 0, 1)]
    >>> anti_opt([(1, 0, 0)], C, (1, 2, 3)), anti_opt([(0, 1, 0), (0, 0, 1)], C, (1, 2, 3))
    (Fraction(1, 1), Fraction(0, 1))

    References
    ----------
    PR Def. A.2–A.5 (AntiOpt), Prop. A.11 item 3.
    """
    return Fraction(int(min(_values(X, u)) <= min(_values(C, u))))


def frac_optimal(X: Sequence[Vector], C: Sequence[Vector], u: Sequence[Any]) -> Fraction:
    """The share of C's optimal options that lie in X.

    Parameters
    ----------
    X : sequence of vectors
        The outcomes whose probability of being chosen is wanted (X ⊆ C).
    C : sequence of vectors
        All options.
    u : sequence
        The utility (reward) vector; exact entries.

    Returns
    -------
    Fraction
        |argmax_C ∩ X| / |argmax_C| (ties split uniformly).

    Examples
    --------
    The post's candy example (docs/theory.md#candy): C = {candy, chocolate, hug}, u = (1, 2, 3).

    >>> C = [(1, 0, 0), (0, 1, 0), (0, 0, 1)]
    >>> frac_optimal([(0, 1, 0), (0, 0, 1)], C, (1, 2, 3))
    Fraction(1, 1)
    >>> frac_optimal([(0, 1, 0)], C, (1, 2, 2))          # chocolate and hug tie at the top
    Fraction(1, 2)

    References
    ----------
    PR Def. A.2–A.5 (FracOptimal), Prop. A.11 item 2.
    """
    vals = _values(C, u)
    best = max(vals)
    top = {tuple(c) for c, v in zip(C, vals) if v == best}
    return Fraction(len(top & {tuple(x) for x in X}), len(top))


def satisfice(t: Fraction) -> Rule:
    """Choose uniformly among the options worth at least t.

    Parameters
    ----------
    t : Fraction
        The satisficing threshold.

    Returns
    -------
    callable
        The rule f(X, C, u) = |X ∩ {c : cᵀu ≥ t}| / |{c : cᵀu ≥ t}| (0 if no option
        reaches t), returning a ``Fraction``.

    Examples
    --------
    The post's candy example (docs/theory.md#candy): C = {candy, chocolate, hug}, u = (1, 2, 3).

    >>> C = [(1, 0, 0), (0, 1, 0), (0, 0, 1)]
    >>> f = satisfice(Fraction(2))
    >>> f([(1, 0, 0)], C, (1, 2, 3)), f([(0, 1, 0), (0, 0, 1)], C, (1, 2, 3))
    (Fraction(0, 1), Fraction(1, 1))

    References
    ----------
    PR Def. A.2–A.5 (Satisfice_t), Prop. A.11 item 6.
    """
    def rule_(X: Sequence[Vector], C: Sequence[Vector], u: Sequence[Any]) -> Fraction:
        good = {tuple(c) for c, v in zip(C, _values(C, u)) if v >= t}
        return Fraction(len(good & {tuple(x) for x in X}), len(good)) if good else Fraction(0)
    return rule_


def best_of_k(k: int) -> Rule:
    """Sample k options uniformly with replacement from C and pick the best (ties split).

    Parameters
    ----------
    k : int
        How many options are drawn (k ≥ 1).

    Returns
    -------
    callable
        The rule f(X, C, u) = E_{a₁..a_k ∼ unif(C)} FracOptimal(X ∩ {a} | {a}, u),
        returning a ``Fraction``, computed by value level (not by the |C|^k draws).

    Raises
    ------
    InvalidArgument
        k is not an integer from 1 to :data:`MAX_DRAWS`.
    InvariantViolation
        (From the rule.) A value outside [0, 1]: a bug, never bad input.

    Examples
    --------
    The post's candy example (docs/theory.md#candy): C = {candy, chocolate, hug}, u = (1, 2, 3).

    >>> C = [(1, 0, 0), (0, 1, 0), (0, 0, 1)]
    >>> f = best_of_k(2)
    >>> f([(1, 0, 0)], C, (1, 2, 3)), f([(0, 1, 0), (0, 0, 1)], C, (1, 2, 3))
    (Fraction(1, 9), Fraction(8, 9))

    References
    ----------
    PR Def. A.2–A.5 (best-of-k), Prop. A.11 item 5.
    """
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= MAX_DRAWS:
        raise InvalidArgument(f"best_of_k: k={k!r} must be an integer from 1 to {MAX_DRAWS}")

    def rule_(X: Sequence[Vector], C: Sequence[Vector], u: Sequence[Any]) -> Fraction:
        # Not the |C|^k draws: by value level. The draws' best level is L with probability
        # (N_{≤L}/|C|)^k − (N_{<L}/|C|)^k (N: the options worth at most, or less than, level L), and given L the
        # level's options are exchangeable, so each is among the best drawn ones with the same weight and the
        # fraction of them in X is, in expectation, x_L/c_L (x_L of the level's c_L options are in X).
        opts = sorted({tuple(c) for c in C})
        mine = {tuple(x) for x in X}
        levels: dict[Any, list[int]] = {}
        for c, v in zip(opts, _values(opts, u)):
            tally = levels.setdefault(v, [0, 0])
            tally[0] += 1
            tally[1] += c in mine
        n, below, total = len(opts), 0, Fraction(0)
        for v in sorted(levels):
            c_l, x_l = levels[v]
            if x_l:
                total += Fraction((below + c_l) ** k - below ** k, n ** k) * Fraction(x_l, c_l)
            below += c_l
        if not 0 <= total <= 1:     # a probability: the level terms sum to at most (n/n)^k = 1
            raise InvariantViolation(f"best_of_k({k}): {total} is not a probability; no answer is returned")
        return total
    return rule_


#: The most draws :func:`best_of_k` takes (its probabilities have about k·log2|C| bits).
MAX_DRAWS = 100_000


def half_best_half_random(X: Sequence[Vector], C: Sequence[Vector], u: Sequence[Any]) -> Fraction:
    """½ FracOptimal + ½ |X|/|C| (a mixture covered by PR Lemma B.6).

    Parameters
    ----------
    X : sequence of vectors
        The outcomes whose probability of being chosen is wanted (X ⊆ C).
    C : sequence of vectors
        All options.
    u : sequence
        The utility (reward) vector; exact entries.

    Returns
    -------
    Fraction
        ½ FracOptimal(X | C, u) + ½ |X|/|C|.

    Examples
    --------
    The post's candy example (docs/theory.md#candy): C = {candy, chocolate, hug}, u = (1, 2, 3).

    >>> C = [(1, 0, 0), (0, 1, 0), (0, 0, 1)]
    >>> half_best_half_random([(0, 1, 0), (0, 0, 1)], C, (1, 2, 3))
    Fraction(5, 6)

    References
    ----------
    PR Lemma B.6 (mixtures of rules increasing under joint permutation); docs/theory.md#retargetability.
    """
    return frac_optimal(X, C, u) / 2 + Fraction(len({tuple(x) for x in X}), 2 * len({tuple(c) for c in C}))


def top_k(k: int) -> Rule:
    """Uniform among the k best options; options tied at the k-th value share the remaining slots.

    Parameters
    ----------
    k : int
        How many top options share the choice (k ≥ 1).

    Returns
    -------
    callable
        The rule f(X, C, u), returning a ``Fraction``.

    Examples
    --------
    The post's candy example (docs/theory.md#candy): C = {candy, chocolate, hug}, u = (1, 2, 3).

    >>> C = [(1, 0, 0), (0, 1, 0), (0, 0, 1)]
    >>> f = top_k(2)
    >>> f([(0, 1, 0), (0, 0, 1)], C, (1, 2, 3)), f([(1, 0, 0)], C, (1, 2, 3))
    (Fraction(1, 1), Fraction(0, 1))

    References
    ----------
    PR Def. B.12 (quantilizers, here with uniform P over the top k).
    """
    def rule_(X: Sequence[Vector], C: Sequence[Vector], u: Sequence[Any]) -> Fraction:
        opts = sorted({tuple(c) for c in C})
        vals = dict(zip(opts, _values(opts, u)))
        ranked = sorted(vals.values(), reverse=True)
        kk = min(k, len(opts))
        threshold = ranked[kk - 1]
        above = [c for c in opts if vals[c] > threshold]
        at = [c for c in opts if vals[c] == threshold]
        share = Fraction(kk - len(above), len(at))
        member = {c: Fraction(1) for c in above} | {c: share for c in at}
        return sum((member.get(tuple(x), Fraction(0)) for x in {tuple(x) for x in X}), Fraction(0)) / kk
    return rule_


class _BoltzmannValue:
    """Σ_X e^{xᵀu/T} as an exact object: compares exactly with another such sum."""

    __slots__ = ("exponents",)

    def __init__(self, exponents: list[Fraction]) -> None:
        self.exponents = sorted(exponents)

    def _sign(self, other: "_BoltzmannValue") -> int:
        if self.exponents == other.exponents:          # Lindemann–Weierstrass: equal iff same multiset
            return 0
        from mpmath import iv

        for prec in (53, 120, 400, 1600):
            iv.prec = prec
            diff = sum((iv.exp(iv.mpf(e.numerator) / e.denominator) for e in self.exponents), iv.mpf(0)) - \
                sum((iv.exp(iv.mpf(e.numerator) / e.denominator) for e in other.exponents), iv.mpf(0))
            if diff.a > 0:
                return 1
            if diff.b < 0:
                return -1
        raise ArithmeticError("could not certify a Boltzmann comparison at 1600 bits")  # pragma: no cover

    def __gt__(self, other: "_BoltzmannValue") -> bool:
        return self._sign(other) > 0

    def __lt__(self, other: "_BoltzmannValue") -> bool:
        return self._sign(other) < 0

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _BoltzmannValue) and self._sign(other) == 0

    __hash__ = None  # type: ignore[assignment]


def boltzmann(temperature: Fraction) -> Callable[..., _BoltzmannValue]:
    """Boltzmann-rational choice at a rational temperature T > 0 (compared exactly; see module notes).

    The common denominator Σ_C e^{cᵀu/T} is the same for A and B, so comparisons use numerators.

    Parameters
    ----------
    temperature : Fraction
        T > 0.

    Returns
    -------
    callable
        The rule f(X, C, u), returning an exact stand-in for Σ_X e^{xᵀu/T} that compares
        exactly with another (equal iff the exponent multisets are equal, by
        Lindemann–Weierstrass; otherwise certified by interval arithmetic).

    Raises
    ------
    InvalidArgument
        A temperature ≤ 0.

    Examples
    --------
    The post's candy example (docs/theory.md#candy): C = {candy, chocolate, hug}, u = (1, 2, 3).

    >>> C = [(1, 0, 0), (0, 1, 0), (0, 0, 1)]
    >>> f = boltzmann(Fraction(1))
    >>> f([(0, 1, 0), (0, 0, 1)], C, (1, 2, 3)) > f([(1, 0, 0)], C, (1, 2, 3))
    True

    References
    ----------
    PR Def. A.2–A.5 (Boltzmann_T), Prop. A.11 item 4.
    """
    if temperature <= 0:
        raise InvalidArgument(f"temperature={temperature} must be positive")

    def rule_(X: Sequence[Vector], C: Sequence[Vector], u: Sequence[Any]) -> _BoltzmannValue:
        return _BoltzmannValue([v / temperature for v in _values(sorted({tuple(x) for x in X}), u)])
    return rule_


RULES = ("is_optimal", "anti_opt", "frac_optimal", "satisfice:T", "best_of_k:K", "half_best_half_random",
         "top_k:K", "boltzmann:T")


def rule(name: str | Callable[..., Any]) -> Callable[..., Any]:
    """The rule called ``name`` (see :data:`RULES`; parameters after a colon, e.g. ``satisfice:3/2``),
    or ``name`` itself when it is a callable f(X, C, u).

    Parameters
    ----------
    name : str or callable
        A rule name, or a callable returned as is.

    Returns
    -------
    callable
        f(X, C, u).

    Raises
    ------
    InvalidArgument
        An unknown name or a bad parameter.
    NotExact
        A float threshold or temperature.

    Examples
    --------
    The post's candy example (docs/theory.md#candy): C = {candy, chocolate, hug}, u = (1, 2, 3).

    >>> C = [(1, 0, 0), (0, 1, 0), (0, 0, 1)]
    >>> rule("satisfice:2")([(0, 0, 1)], C, (1, 2, 3))
    Fraction(1, 2)
    >>> rule("argmax")
    Traceback (most recent call last):
    ...
    symorbit.errors.InvalidArgument: rule='argmax' is unknown; choose one of is_optimal, anti_opt, frac_optimal, satisfice:T, best_of_k:K, half_best_half_random, top_k:K, boltzmann:T

    References
    ----------
    PR Def. A.2–A.5, B.12, Prop. A.11.
    """
    if callable(name):
        return name
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
    if base == "best_of_k" and arg.isdecimal() and int(arg) >= 1:
        return best_of_k(int(arg))
    if base == "top_k" and arg.isdecimal() and int(arg) >= 1:
        return top_k(int(arg))
    if base == "boltzmann" and arg:
        return boltzmann(to_fraction(arg, name="temperature"))
    raise InvalidArgument(f"rule={name!r} is unknown; choose one of {', '.join(RULES)}")


def decision_counts(rule_name: str | Callable[..., Any], outcomes_a: Sequence[Vector], outcomes_b: Sequence[Vector],
                    options: Sequence[Vector], reward: Sequence[Any]) -> OrbitCounts:
    """Over the distinct orbit of ``reward``: #f(B) > f(A), #f(B) < f(A), #ties, |orbit|.

    Enumerates the orbit directly (no symmetry reduction: the engine is
    :func:`symorbit.orbits.engines.decisions.rule_orbit_counts`), so it is refused past
    two million orbit elements.

    Parameters
    ----------
    rule_name : str or callable
        A rule of :data:`RULES` (parameters after a colon, e.g. ``"satisfice:3/2"``,
        ``"best_of_k:2"``, ``"boltzmann:1"``) or a callable f(X, C, u) returning
        comparable values.
    outcomes_a, outcomes_b : sequence of vectors
        The outcome sets A and B ⊆ C (exact entries).
    options : sequence of vectors
        All options C the decision-maker chooses among.
    reward : sequence
        The utility u ∈ Q^d whose orbit is counted.

    Returns
    -------
    OrbitCounts
        ``b_better``, ``a_better``, ``ties``, ``orbit_size`` over distinct orbit elements u′:
        f(B | C, u′) > f(A | C, u′), <, and =; ``engine="enumerate:<rule>"``. It unpacks as
        ``gt, lt, eq, size = decision_counts(...)``.

    Raises
    ------
    InvalidArgument
        An unknown rule name or a bad rule parameter.
    NotExact
        A float entry.
    TooLarge
        The orbit has more than two million distinct elements.

    Examples
    --------
    The post's candy example (docs/theory.md#candy), C = {candy, chocolate, hug}: FracOptimal
    splits ties, so at r = (0, 1, 1) it agrees with IsOptimal's 1/0/2; a satisficer
    with threshold 2 is indifferent more often.

    >>> A, B = [(1, 0, 0)], [(0, 1, 0), (0, 0, 1)]
    >>> C = A + B
    >>> tuple(decision_counts("frac_optimal", A, B, C, (1, 2, 3)))
    (4, 2, 0, 6)
    >>> c = decision_counts("frac_optimal", A, B, C, (0, 1, 1))
    >>> c.b_better, c.a_better, c.ties, c.engine
    (1, 0, 2, 'enumerate:frac_optimal')
    >>> tuple(decision_counts("satisfice:2", A, B, C, (1, 2, 3)))
    (2, 0, 4, 6)

    The same numbers by brute force over the six orbit elements:

    >>> from itertools import permutations
    >>> pairs = [(frac_optimal(A, C, u), frac_optimal(B, C, u)) for u in set(permutations((1, 2, 3)))]
    >>> sum(b > a for a, b in pairs), sum(b < a for a, b in pairs)
    (4, 2)

    References
    ----------
    PR Def. A.2–A.5, B.12 (the rules), Prop. A.11 (B ≥ⁿ_most A for each of them when
    B contains n copies of A via φ_i with φ_i·C = C), Def. 3.2; docs/theory.md#retargetability.
    """
    label = rule_name if isinstance(rule_name, str) else getattr(rule_name, "__name__", "user rule")
    return rule_orbit_counts(rule(rule_name), label, outcomes_a, outcomes_b, options, reward)


def decision_orbit_counts(rule_name: str | Callable[..., Any], outcomes_a: Sequence[Vector],
                          outcomes_b: Sequence[Vector], options: Sequence[Vector], reward: Sequence[Any]) -> OrbitCounts:
    """The earlier name of :func:`decision_counts` (which now returns the same :class:`OrbitCounts`).

    Parameters
    ----------
    rule_name, outcomes_a, outcomes_b, options, reward
        As in :func:`decision_counts`.

    Returns
    -------
    OrbitCounts

    Examples
    --------
    >>> C = [(1, 0, 0), (0, 1, 0), (0, 0, 1)]
    >>> c = decision_orbit_counts("is_optimal", C[:1], C[1:], C, (0, 1, 1))
    >>> (c.b_better, c.a_better, c.ties), c.engine
    ((1, 0, 2), 'enumerate:is_optimal')

    References
    ----------
    PR Def. 3.2, Prop. A.11.
    """
    return decision_counts(rule_name, outcomes_a, outcomes_b, options, reward)


@dataclass(frozen=True)
class RetargetabilityResult:
    """PR Def. 3.5 checked on one orbit with given permutations φ_1..φ_n.

    ``holds`` is True when (1) every φ_i turns each orbit element with f(A) > f(B) into one with
    f(A) < f(B), and (3) the images under distinct φ_i never coincide; condition (2) is
    automatic for Θ = ℝ^d. ``failures`` names the first violations found.

    Parameters
    ----------
    holds : bool
        Conditions (1) and (3) hold for every element of the orbit with f(A) > f(B).
    n : int
        The number of permutations φ_i.
    a_better : int
        Orbit elements with f(A) > f(B).
    failures : tuple of str
        The first violations found (at most a few), empty when ``holds``.

    Examples
    --------
    The post's candy example (docs/theory.md#candy): the same φ given twice breaks condition (3).

    >>> C = [(1, 0, 0), (0, 1, 0), (0, 0, 1)]
    >>> res = retargetability("is_optimal", C[:1], C[1:], C, (1, 2, 3), [(1, 0, 2), (1, 0, 2)])
    >>> res.holds, res.failures[0][:12]
    (False, 'condition 3:')

    References
    ----------
    PR Def. 3.5, Thm. 3.6.
    """

    holds: bool
    n: int
    a_better: int
    failures: tuple[str, ...]


def retargetability(rule_name: str | Callable[..., Any], outcomes_a: Sequence[Vector],
                    outcomes_b: Sequence[Vector], options: Sequence[Vector], reward: Sequence[Any],
                    permutations: Sequence[Sequence[int]]) -> RetargetabilityResult:
    """Is f (A →ⁿ B)-retargetable on the orbit of ``reward`` via these permutations (PR Def. 3.5)?

    By PR Thm. 3.6 a True answer implies #f(B) > f(A) ≥ n · #f(A) > f(B) on this orbit.

    Parameters
    ----------
    rule_name : str or callable
        As in :func:`decision_counts`.
    outcomes_a, outcomes_b : sequence of vectors
        The outcome sets A and B.
    options : sequence of vectors
        All options C.
    reward : sequence
        The utility whose orbit is checked.
    permutations : sequence of permutations
        φ_1..φ_n in array form (not required to be involutions).

    Returns
    -------
    RetargetabilityResult

    Raises
    ------
    InvalidArgument
        A permutation of the wrong degree, an unknown rule.
    NotExact
        A float entry.
    TooLarge
        The orbit has more than two million elements.

    Examples
    --------
    The post's candy example (docs/theory.md#candy): the two involutions (candy chocolate) and
    (candy hug) retarget every orbit element where candy wins, so n = 2.

    >>> res = retargetability("is_optimal", [(1, 0, 0)], [(0, 1, 0), (0, 0, 1)],
    ...                       [(1, 0, 0), (0, 1, 0), (0, 0, 1)], (1, 2, 3), [(1, 0, 2), (2, 1, 0)])
    >>> res.holds, res.n, res.a_better
    (True, 2, 2)

    References
    ----------
    PR Def. 3.5, Thm. 3.6; docs/theory.md#retargetability.
    """
    f = rule(rule_name)
    r = to_vector(reward, name="reward")
    A = [to_vector(v, name="outcomes_a") for v in outcomes_a]
    B = [to_vector(v, name="outcomes_b") for v in outcomes_b]
    C = [to_vector(v, name="options") for v in options]
    phis = [check_permutation(p, d=len(r), name=f"permutations[{i}]") for i, p in enumerate(permutations)]
    if orbit_size(r) > MAX_ENUMERATION:
        raise TooLarge(f"|orbit|={format_count(orbit_size(r))} exceeds {format_count(MAX_ENUMERATION)} for a retargetability check")
    worse = [rr for rr in distinct_permutations(sorted(r)) if f(A, C, rr) > f(B, C, rr)]
    failures: list[str] = []
    images: dict[tuple, int] = {}
    for rr in worse:
        for i, phi in enumerate(phis):
            moved = apply(phi, rr)
            if not f(A, C, moved) < f(B, C, moved):
                failures.append(f"condition 1: permutations[{i}] does not retarget r' = {tuple(map(str, rr))}")
            if images.setdefault(moved, i) != i:
                failures.append(f"condition 3: permutations[{images[moved]}] and [{i}] share the image "
                                f"{tuple(map(str, moved))}")
        if len(failures) >= 5:
            break
    return RetargetabilityResult(not failures, len(phis), len(worse), tuple(failures))
