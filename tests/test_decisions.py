"""Decision rules beyond argmax: exact comparisons, brute-force agreement, retargetability."""

import itertools
from fractions import Fraction

import mpmath
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symorbit.analysis.decisions import (
    boltzmann,
    decision_counts,
    retargetability,
    rule,
    top_k,
)
from symorbit.errors import InvalidArgument
from symorbit.orbits.copies import copies
from symorbit.outcomes.outcome_sets import one_hot


def e(d, j):
    return one_hot(d, j)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(-4, 4), min_size=1, max_size=3), st.lists(st.integers(-4, 4), min_size=1, max_size=3),
       st.sampled_from([Fraction(1), Fraction(1, 2), Fraction(3, 7)]))
def test_boltzmann_comparisons_match_high_precision(xs, ys, T):
    f = boltzmann(T)
    a = f([(x,) for x in set(xs)], [], (1,))
    b = f([(y,) for y in set(ys)], [], (1,))
    mpmath.mp.dps = 60
    va = sum(mpmath.e ** (mpmath.mpf(x) / mpmath.mpf(T.numerator) * T.denominator) for x in set(xs))
    vb = sum(mpmath.e ** (mpmath.mpf(y) / mpmath.mpf(T.numerator) * T.denominator) for y in set(ys))
    if sorted(set(xs)) == sorted(set(ys)):
        assert a == b
    else:
        assert (a > b) == (va > vb) and (a < b) == (va < vb)


def test_boltzmann_tie_is_exact_lindemann_weierstrass():
    f = boltzmann(Fraction(1))
    assert f([(0, 1)], [], (0, 3)) == f([(1, 0)], [], (3, 0))           # same exponent multiset
    assert not f([(1, 0)], [], (2, 0)) == f([(0, 1)], [], (0, 1))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 3), min_size=4, max_size=4), st.integers(1, 4),
       st.lists(st.integers(0, 3), min_size=1, max_size=3, unique=True))
def test_top_k_matches_random_tie_breaking(u, k, picks):
    C = [e(4, j) for j in range(4)]
    X = [e(4, j) for j in picks]
    # Average, over every strict order consistent with the values, of |X ∩ first k| / k.
    orders = [p for p in itertools.permutations(range(4)) if all(u[p[i]] >= u[p[i + 1]] for i in range(3))]
    want = sum(Fraction(len(set(p[:k]) & set(picks)), k) for p in orders) / len(orders)
    assert top_k(k)(X, C, u) == want


@pytest.mark.parametrize("name", ["is_optimal", "frac_optimal", "anti_opt", "top_k:2", "boltzmann:1",
                                  "satisfice:2", "best_of_k:2"])
def test_retargetable_implies_n_to_one(name):
    A, B = [e(4, 0)], [e(4, 1), e(4, 2)]
    C = A + B + [e(4, 3)]
    res = copies(A, B, fixing=lambda fam: [frozenset(map(lambda v: tuple(map(Fraction, v)), C))])
    phis = res.involutions
    for r in ((0, 1, 2, 3), (1, 1, 2, 3), (3, 2, 2, 0)):
        check = retargetability(name, A, B, C, r, phis)
        gt, lt, eq, _ = decision_counts(name, A, B, C, r)
        if check.holds:
            assert gt >= len(phis) * lt


def test_retargetability_failures_are_named():
    A, B, C = [e(3, 0)], [e(3, 1), e(3, 2)], [e(3, 0), e(3, 1), e(3, 2)]
    bad = retargetability("is_optimal", A, B, C, (1, 2, 3), [(1, 0, 2), (1, 0, 2)])
    assert not bad.holds and any("condition 3" in f for f in bad.failures)


def test_user_rule_and_errors():
    def prefers_first_coordinate(X, C, u):
        return max(x[0] * u[0] for x in X)

    gt, lt, eq, size = decision_counts(prefers_first_coordinate, [e(2, 0)], [e(2, 1)], [e(2, 0), e(2, 1)], (1, 2))
    assert (gt, lt, eq, size) == (0, 2, 0, 2)
    with pytest.raises(InvalidArgument, match="rule='nope' is unknown"):
        rule("nope")
    for name in ("best_of_k:²", "top_k:²", "best_of_k:0"):     # "²".isdigit() but not int: refused by name
        with pytest.raises(InvalidArgument, match="is unknown"):
            rule(name)
    with pytest.raises(InvalidArgument, match="temperature=-1 must be positive"):
        rule("boltzmann:-1")


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 4).flatmap(lambda d: st.tuples(
    st.lists(st.tuples(*[st.integers(0, 2)] * d), min_size=1, max_size=5),
    st.lists(st.tuples(*[st.integers(0, 2)] * d), max_size=3),
    st.tuples(*[st.integers(-2, 2)] * d), st.integers(1, 4), st.data())))
def test_best_of_k_by_value_level_equals_every_draw(inst):
    """best_of_k by value level (not the |C|^k draws) against the expectation over every draw, ties split, with X
    holding options of C and vectors outside it."""
    from symorbit.analysis.decisions import best_of_k, frac_optimal

    C, extra, u, k, data = inst
    X = [c for c in C if data.draw(st.booleans())] + extra
    opts = sorted(set(C))
    every = sum((frac_optimal(X, sorted(set(draw)), u) for draw in itertools.product(opts, repeat=k)), Fraction(0))
    assert best_of_k(k)(X, C, u) == every / len(opts) ** k


def test_best_of_k_with_many_draws_answers_at_once():
    # the |C|^k draws were enumerated at every orbit element: k = 1000 ran past 120 s
    from symorbit.analysis.decisions import MAX_DRAWS, best_of_k, decision_counts

    c = decision_counts("best_of_k:100000", [(1, 0, 0)], [(0, 1, 0)], [(1, 0, 0), (0, 1, 0)], (1, 2, 3))
    assert (c.b_better, c.a_better, c.ties) == (3, 3, 0)
    # two options, the better one in X: drawn at least once in k draws with probability 1 − (1/2)^k
    assert best_of_k(60)([(0, 1)], [(1, 0), (0, 1)], (1, 2)) == 1 - Fraction(1, 2 ** 60)
    with pytest.raises(InvalidArgument, match=f"k={MAX_DRAWS + 1} must be an integer from 1 to {MAX_DRAWS}"):
        best_of_k(MAX_DRAWS + 1)
