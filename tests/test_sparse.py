"""Sparse vectors, integer arrays and range rewards (issue 24): the same exact counts as dense lists.

Every new input form is checked against the dense-list path and the naive brute force on small
instances (hypothesis, every engine), and against the closed form m/(m+n)·d! for one-hot sets at
large d, where only the sparse forms are cheap to read.
"""

import itertools
import math
from collections import Counter
from contextlib import contextmanager
from fractions import Fraction
from unittest.mock import patch

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_counting import EXACT_ENGINES  # tests/ is on sys.path: the engines this install runs

from symorbit import (
    InvalidArgument,
    NotExact,
    OutcomeSet,
    SparseVector,
    one_hot,
    optimality_counts,
    orbit_counts,
)
from symorbit.exact import sparse as sparse_module
from symorbit.exact.sparse import exact_rows, reward_multiset, short_int_rows, sparse_int_rows
from symorbit.orbits.engines.problem import densify, make_problem, submultisets
from symorbit.testing.naive import naive_orbit_counts
from symorbit.testing.strategies import one_hot_sets, rewards, vector_sets


def sparse(vectors):
    """Each vector as a SparseVector, built from its nonzero entries (an independent spelling)."""
    return [SparseVector(len(v), {j: x for j, x in enumerate(v) if x != 0}) for v in vectors]


@contextmanager
def array_rows(always_sparse):
    """With ``always_sparse``, numpy rows of every length and fill become SparseVectors (by default
    only rows of 256 coordinates or more with at most a quarter nonzero do)."""
    with patch.object(sparse_module, "SPARSE_FROM", 1 if always_sparse else sparse_module.SPARSE_FROM), \
            patch.object(sparse_module, "SPARSE_FILL", 0 if always_sparse else sparse_module.SPARSE_FILL):
        yield


# ---------------------------------------------------------------- the value type
@settings(max_examples=100, deadline=None)
@given(st.integers(1, 8).flatmap(lambda d: st.lists(st.integers(-3, 3), min_size=d, max_size=d)))
def test_sparse_vector_is_its_dense_vector(v):
    s = SparseVector(len(v), {j: x for j, x in enumerate(v) if x})
    assert tuple(s) == s.dense() == tuple(map(Fraction, v))
    assert len(s) == len(v)
    assert [s[j] for j in range(len(v))] == list(map(Fraction, v))
    assert s.support == tuple(j for j, x in enumerate(v) if x)
    # canonical: zeros given explicitly and entries given in any order make the same value
    again = SparseVector(len(v), list(reversed([(j, x) for j, x in enumerate(v)])))
    assert again == s and hash(again) == hash(s)


def test_sparse_vector_refusals():
    with pytest.raises(InvalidArgument, match="outside 0 .. 2"):
        SparseVector(3, {3: 1})
    with pytest.raises(InvalidArgument, match="outside"):
        SparseVector(3, {-1: 1})
    with pytest.raises(InvalidArgument, match="given twice"):
        SparseVector(3, [(1, 1), (1, 2)])
    with pytest.raises(InvalidArgument, match="positive integer"):
        SparseVector(0, {})
    with pytest.raises(InvalidArgument, match="not an integer"):
        SparseVector(3, {"1": 1})
    with pytest.raises(NotExact, match="float"):
        SparseVector(3, {1: 0.5})
    with pytest.raises(InvalidArgument, match="pair"):
        SparseVector(3, [1, 2])


def test_one_hot_sparse_is_one_hot():
    for d, j in ((1, 0), (5, 3), (300, 299)):
        assert tuple(map(int, one_hot(d, j, sparse=True))) == one_hot(d, j)
    with pytest.raises(InvalidArgument):
        one_hot(3, 3, sparse=True)


# ---------------------------------------------------------------- conversions
@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(-5, 5), min_size=1, max_size=12) | st.lists(st.integers(-5, 5), min_size=60, max_size=70))
def test_reward_multiset_matches_a_counter(r):
    # short arrays (up to SORTED_COUNT entries) are read as their Python ints, longer ones by np.unique
    want = Counter(r)
    for form in (r, tuple(r), np.array(r), np.array(r, dtype=np.int32), np.array(r, dtype=np.int8), iter(r),
                 [str(x) for x in r]):
        m = reward_multiset(form)
        assert dict(zip(m.exact_values, m.multiplicities)) == want
        assert list(m.values) == sorted(m.values) and m.denominator == 1 and m.d == len(r)
        assert all(type(v) is int for v in m.values + m.multiplicities)


@pytest.mark.parametrize("n", [3, 64, 65, 200])
def test_reward_multiset_of_unsigned_arrays_past_int64(n):
    r = [2**64 - 1 - (i % 3) for i in range(n)]
    m = reward_multiset(np.array(r, dtype=np.uint64))
    assert m == reward_multiset(r) and m.values[-1] == 2**64 - 1


@given(st.integers(-20, 20), st.integers(-20, 20), st.integers(-4, 4).filter(bool))
def test_reward_multiset_of_a_range(start, stop, step):
    r = range(start, stop, step)
    if not r:
        with pytest.raises(InvalidArgument, match="empty"):
            reward_multiset(r)
        return
    assert reward_multiset(r) == reward_multiset(list(r))


def test_reward_multiset_of_fractions():
    m = reward_multiset(["1/2", Fraction(1, 3), "1/2"])
    assert m.denominator == 6 and m.values == (2, 3) and m.multiplicities == (1, 2)


@pytest.mark.parametrize("bad, error, message", [
    (np.array([0.5, 1.0]), NotExact, "float64 array, which is not exact"),
    (np.array([1 + 0j]), NotExact, "complex128 array"),
    (np.array([True, False]), InvalidArgument, "bool array"),
    (np.zeros((2, 2), dtype=int), InvalidArgument, "2-D array; a reward is 1-D"),
    (np.array([], dtype=int), InvalidArgument, "empty"),
    ([0.5, 1], NotExact, "float"),
])
def test_reward_refusals(bad, error, message):
    with pytest.raises(error, match=message):
        orbit_counts([[1, 0]], [[0, 1]], bad)


@pytest.mark.parametrize("bad, error, message", [
    (np.array([[0.5, 0.0]]), NotExact, "outcomes_a is a float64 array"),
    (np.array([[True, False]]), InvalidArgument, "outcomes_a is a bool array"),
    ([np.array([1.0, 0.0])], NotExact, r"outcomes_a\[0\] is a float64 array"),
    (np.array([1, 0]), InvalidArgument, "1-D array; give a set as a 2-D array"),
    (np.zeros((0, 2), dtype=int), InvalidArgument, "empty"),
    ([SparseVector(2, {0: 1}), SparseVector(3, {0: 1})], InvalidArgument, r"outcomes_a\[1\] has 3 entries"),
    ([SparseVector(3, {0: 1})], InvalidArgument, "outcomes_a has vectors of length 3 but reward has 2"),
    ([np.array([[1, 0]])], InvalidArgument, "2-D array; a vector is 1-D"),
])
def test_set_refusals(bad, error, message):
    with pytest.raises(error, match=message):
        orbit_counts(bad, [[0, 1]], [1, 2])


def test_object_arrays_are_read_entry_by_entry():
    # exact entries in an object array are accepted (ints beyond int64, Fractions); floats are refused per entry
    big = np.array([[10**30, 0], [0, Fraction(1, 2)]], dtype=object)
    assert orbit_counts(big, [[0, 1]], [1, 2]) == orbit_counts([[10**30, 0], [0, "1/2"]], [[0, 1]], [1, 2])
    with pytest.raises(NotExact, match=r"outcomes_a\[0\]\[1\]=0.5 is a float"):
        orbit_counts(np.array([[1, 0.5]], dtype=object), [[0, 1]], [1, 2])


def test_exact_rows_keeps_distinct_vectors():
    with array_rows(always_sparse=True):
        rows = exact_rows(np.array([[0, 2, 0], [0, 2, 0], [1, 0, 0]]), name="A")
    assert rows == (SparseVector(3, {1: 2}), SparseVector(3, {0: 1}))
    wide = np.zeros((2, 1000), dtype=np.int64)
    wide[0, 7], wide[1, :500] = 3, 1               # one row sparse, one half full: kept dense
    rows = exact_rows(wide, name="A")
    assert rows[0] == SparseVector(1000, {7: 3}) and rows[1] == (Fraction(1),) * 500 + (Fraction(0),) * 500


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 5).flatmap(lambda d: vector_sets(d, max_size=4, min_value=-2, max_value=2)))
def test_outcome_sets_accept_every_form(V):
    want = OutcomeSet.from_vectors(V)
    assert OutcomeSet.from_vectors(sparse(V)) == want
    assert OutcomeSet.from_vectors(np.array(V)) == want
    assert OutcomeSet.from_vectors([np.array(v) for v in V]) == want


# ---------------------------------------------------------------- counts: same as dense lists, every engine
def forms(A, B, r):
    """(A, B, r) in every input form; the first is the dense lists."""
    yield A, B, r
    yield sparse(A), sparse(B), r
    yield np.array(A), np.array(B), np.array(r)
    yield [np.array(v) for v in A], sparse(B), np.array(r, dtype=np.int16)
    yield sparse(A), [list(v) for v in B], list(r)


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 5).flatmap(lambda d: st.tuples(vector_sets(d, max_size=3, min_value=-2, max_value=3),
                                                     vector_sets(d, max_size=3, min_value=-2, max_value=3),
                                                     rewards(d, min_value=-2, max_value=2))))
def test_every_form_counts_as_dense_lists(inst):
    A, B, r = inst
    want = naive_orbit_counts(A, B, r)
    dense = orbit_counts(A, B, r)
    assert (dense.b_better, dense.a_better, dense.ties) == want
    for always_sparse in (False, True):
        with array_rows(always_sparse):
            for a, b, rr in forms(A, B, r):
                for engine in ("auto", *EXACT_ENGINES):
                    c = orbit_counts(a, b, rr, engine=engine)
                    assert (c.b_better, c.a_better, c.ties) == want, engine
                    assert c.stabilizer == dense.stabilizer


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 6).flatmap(lambda d: st.tuples(one_hot_sets(d, max_size=3), one_hot_sets(d, max_size=3),
                                                     one_hot_sets(d, max_size=2),
                                                     rewards(d, min_value=0, max_value=3))))
def test_one_hot_forms_relative_to_C(inst):
    A, B, C, r = inst
    want = naive_orbit_counts(A, B, r, C)
    with array_rows(always_sparse=True):
        for a, b, rr in forms(A, B, r):
            for c_form in (C, sparse(C), np.array(C)):
                c = orbit_counts(a, b, rr, relative_to=c_form)
                assert (c.b_better, c.a_better, c.ties) == want
    assert orbit_counts(sparse(A), sparse(B), r).engine == orbit_counts(A, B, r).engine


def test_optimality_counts_takes_array_rewards():
    sets = {"candy": [[1, 0, 0]], "wait": [[0, 1, 0], [0, 0, 1]]}
    assert optimality_counts(sets, np.array([1, 2, 3])) == optimality_counts(sets, [1, 2, 3])
    assert optimality_counts(sets, range(1, 4)) == optimality_counts(sets, [1, 2, 3])


def test_rational_sparse_entries_scale_exactly():
    A = [SparseVector(4, {0: "1/3", 2: "2/3"})]
    B = [SparseVector(4, {1: "1/2"}), SparseVector(4, {3: Fraction(5, 7)})]
    r = ["1/2", 0, 2, "5/3"]
    want = naive_orbit_counts([tuple(v) for v in A], [tuple(v) for v in B], r)
    for engine in EXACT_ENGINES:
        c = orbit_counts(A, B, r, engine=engine)
        assert (c.b_better, c.a_better, c.ties) == want


# ---------------------------------------------------------------- large d: the closed form
@pytest.mark.parametrize("m, n", [(5, 50), (2, 51), (1, 1)])
def test_one_hot_at_large_d_is_the_closed_form(m, n):
    # distinct reward values: the top of the m + n coordinates is uniform among them, so B wins on n/(m+n) of d!
    d = 10**5
    A = [one_hot(d, j, sparse=True) for j in range(m)]
    B = [one_hot(d, j, sparse=True) for j in range(m, m + n)]
    total = math.factorial(d)
    for r in (range(d), np.arange(d)[::-1], range(3 * d, 0, -3)):
        c = orbit_counts(A, B, r)
        assert c.engine == "topwalk"
        assert (c.b_better, c.a_better, c.ties, c.orbit_size) == (total // (m + n) * n, total // (m + n) * m, 0, total)


def test_one_hot_with_ties_at_large_d_matches_dense_lists():
    # a reward with repeated values: sparse and array forms against the dense lists
    d, m, n = 2000, 3, 7
    rng = np.random.default_rng(0)
    r = rng.integers(0, 50, size=d)
    A = [one_hot(d, j) for j in range(m)]
    B = [one_hot(d, j) for j in range(m, m + n)]
    want = orbit_counts(A, B, r.tolist())
    E = np.eye(m + n, d, dtype=np.int64)
    assert orbit_counts(sparse(A), sparse(B), r) == want
    assert orbit_counts(E[:m], E[m:], r) == want
    assert want.ties > 0 and want.stabilizer > 1


def test_long_int_lists_are_read_sparse_and_checked():
    d = 1000
    e = [0] * d
    e[4] = 3
    rows = sparse_int_rows([e, list(e), tuple(e)])
    assert rows == (SparseVector(d, {4: 3}),)
    A, B = [[3 * x for x in one_hot(d, j)] for j in (0, 1)], [e]
    want = orbit_counts([one_hot(d, j, sparse=True) for j in (0, 1)], [one_hot(d, 4, sparse=True)], range(d))
    assert orbit_counts(A, B, range(d)) == want and want.strict_fraction == Fraction(1, 3)
    for bad, error in ((0.0, NotExact), (False, InvalidArgument), ("0", None)):
        v = list(e)
        v[10] = bad
        assert sparse_int_rows([v]) is None          # the general path reads it entry by entry
        if error is not None:
            with pytest.raises(error, match=r"outcomes_a\[0\]\[10\]"):
                orbit_counts([v], [one_hot(d, 5)], range(d))
    assert sparse_int_rows([[1] * d]) is None        # dense: the general path
    assert sparse_int_rows([e, [0] * (d - 1)]) is None


def test_short_int_lists_are_read_as_they_are_and_checked():
    rows = short_int_rows([[1, 0, 2], (1, 0, 2), [0, 5, -1]])
    assert rows == ((1, 0, 2), (0, 5, -1)) and all(type(x) is int for v in rows for x in v)
    for bad, error in ((0.5, NotExact), (True, InvalidArgument), (None, InvalidArgument)):
        v = [1, 0, 2]
        v[1] = bad
        assert short_int_rows([[0, 0, 0], v]) is None      # the general path reads it entry by entry
        with pytest.raises(error, match=r"outcomes_a\[1\]\[1\]"):
            orbit_counts([[0, 0, 0], v], [[1, 0, 0]], [1, 2, 3])
    assert short_int_rows([[1, 0], [1, 0, 0]]) is None and short_int_rows([]) is None
    assert short_int_rows([[]]) is None and short_int_rows([[0] * sparse_module.SPARSE_FROM]) is None
    with pytest.raises(InvalidArgument, match="outcomes_a"):
        orbit_counts([[1, 0], [1, 0, 0]], [[1, 0]], [1, 2])
    assert short_int_rows([["1/2", 0]]) is None and orbit_counts([["1/2", 0]], [[0, 1]], [1, 2]).b_better == 1


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 6).flatmap(lambda d: st.tuples(vector_sets(d, max_size=4, min_value=-3, max_value=3),
                                                     vector_sets(d, max_size=4, min_value=-3, max_value=3),
                                                     rewards(d, min_value=-3, max_value=3))))
def test_int_lists_count_as_their_fractions(inst):
    """Plain-int sets (read without Fractions, scaled as they are) give the counts of the same sets
    written as "p/1" strings (the general reader) and of the brute force."""
    A, B, r = inst
    ints = [[int(x) for x in v] for v in A], [[int(x) for x in v] for v in B]
    strings = [[f"{x}/1" for x in v] for v in ints[0]], [[f"{x}/1" for x in v] for v in ints[1]]
    want = naive_orbit_counts(*ints, r)
    for engine in ("auto", *EXACT_ENGINES):
        c = orbit_counts(*ints, r, engine=engine)
        assert (c.b_better, c.a_better, c.ties) == want, engine
        assert tuple(orbit_counts(*strings, r, engine=engine)) == tuple(c)
        assert tuple(orbit_counts(*ints, r, engine=engine, relative_to=ints[0] + ints[1])) == \
            tuple(orbit_counts(*strings, r, engine=engine, relative_to=strings[0] + strings[1]))
    rows = short_int_rows(ints[0] + ints[1])
    assert rows is not None
    p = make_problem(list(rows), [list(range(len(rows)))], [], None, reward_multiset(r))
    q = make_problem([tuple(map(Fraction, v)) for v in rows], [list(range(len(rows)))], [], None, reward_multiset(r))
    assert p.vectors == q.vectors and p.vector_denominator == q.vector_denominator == 1
    assert p.magnitudes == q.magnitudes == (max((abs(x) for v in rows for x in v), default=0), q.magnitudes[1])
    trusted = make_problem(list(rows), [list(range(len(rows)))], [], None, reward_multiset(r), ints=True)
    assert trusted == p and trusted.sums_dtype == p.sums_dtype == q.sums_dtype
    assert trusted.n_vectors == len(rows)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 3), max_size=6), st.integers(-1, 12))
def test_submultisets_are_every_count_vector_in_descending_order(counts, k):
    want = sorted((t for t in itertools.product(*(range(c + 1) for c in counts)) if sum(t) == k), reverse=True)
    assert list(submultisets(counts, k)) == want


def test_submultisets_of_thousands_of_distinct_values():
    # one value of 5,000 to the left: no recursion, so no depth limit
    assert sum(1 for _ in submultisets((1,) * 5000, 1)) == 5000
    assert next(submultisets((1,) * 5000, 4999)) == (1,) * 4999 + (0,)


def test_cost_models_take_astronomical_sides():
    # at d = 10^3 a split's sides have more arrangements than a float holds; the estimates stay exact ints
    from symorbit.orbits.engines import compiled, maxima, mitm
    from symorbit.orbits.engines.problem import make_problem
    d = 1000
    p = make_problem([SparseVector(d, {0: 3}), SparseVector(d, {1: 1})], [[0], [1]], [(1, 0)], None,
                     reward_multiset(range(d)))
    p = densify(p)
    for module in (mitm, maxima, compiled):
        assert module.plan(p).work > 10**300


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(*[st.one_of(st.integers(-5, 5), st.fractions(-3, 3, max_denominator=5))] * 4),
                min_size=1, max_size=8))
def test_reward_tuples_kept_by_identity_give_the_fresh_multiset(rewards):
    """A reward tuple read again (kept by its identity) gives the multiset a fresh read of its entries gives, for
    every tuple of a family read in turn, also once the memo has been cleared for room."""
    from symorbit.exact import sparse

    for _ in range(2):
        for r in rewards:
            assert sparse.reward_multiset(r) == sparse.reward_multiset(list(r))
    kept = [r for r in rewards if id(r) in sparse._TUPLE_MULTISETS]
    assert all(sparse._TUPLE_MULTISETS[id(r)][0] is r for r in kept) and kept
    for i in range(sparse.TUPLE_MULTISETS + 1):       # past the bound: dropped, and read afresh
        sparse.reward_multiset((i, 0))
    assert len(sparse._TUPLE_MULTISETS) <= sparse.TUPLE_MULTISETS
    assert sparse.reward_multiset(rewards[0]) == sparse.reward_multiset(list(rewards[0]))


def test_reward_tuples_of_other_entries_are_not_kept():
    """Only tuples of ints and Fractions are kept (their entries cannot change); strings and bad entries are read at
    every call, with the same errors."""
    from symorbit.exact import sparse

    r = ("1/2", 1, 2)
    assert sparse.reward_multiset(r) == sparse.reward_multiset(list(r)) and id(r) not in sparse._TUPLE_MULTISETS
    bad = (0.5, 1)
    for _ in range(2):
        with pytest.raises(NotExact):
            sparse.reward_multiset(bad)
