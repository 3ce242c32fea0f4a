"""The shortcuts that cut a small count's fixed cost (issue 24, twentieth session), each against the plain
definition it replaced, and end to end against the brute force.

At d ≤ 7 a call of ``orbit_counts`` or ``optimality_counts`` spends most of its time reading, scaling and
sorting its arguments, not counting. These tests pin what each cheaper step must still give: the rows read
(``short_rows``), the rows scaled to integers (``scaled_rows``), the reward's multiset (sorted for short
rewards), the problem asked another question (``with_question``), the number of compared pairs of labels
(``_compared_pairs``), the atoms (``_atoms``) and the weak and strict counts read from the atoms at the top
(``_read_top``).
"""

import math
from collections import Counter
from dataclasses import replace
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symorbit import NotExact, optimality_counts, orbit_counts
from symorbit.exact import sparse as sparse_module
from symorbit.exact.sparse import reward_multiset, short_rows
from symorbit.orbits import counting
from symorbit.orbits.engines.problem import (
    VECTOR_FACTS,
    contained_pairs,
    distinct_rows,
    make_problem,
    scaled_rows,
    with_question,
)
from symorbit.testing.naive import naive_optimality_counts, naive_orbit_counts

ENTRIES = st.one_of(st.integers(-50, 50), st.integers(-2**70, 2**70),
                    st.fractions(max_denominator=40), st.just(True), st.floats(-3, 3), st.just("1/2"))


def _plain_short_rows(value):
    """What short_rows reads, written out: equal-length list/tuple rows, shorter than SPARSE_FROM, of plain ints
    (distinct, first occurrence first) or of ints and Fractions (as given)."""
    if not isinstance(value, (list, tuple)) or not value:
        return None
    if any(type(v) not in (list, tuple) for v in value):
        return None
    d = len(value[0])
    if not 0 < d < sparse_module.SPARSE_FROM or any(len(v) != d for v in value):
        return None
    if all(type(x) is int for v in value for x in v):
        out = []
        for v in value:
            if tuple(v) not in out:
                out.append(tuple(v))
        return tuple(out), True
    if all(type(x) in (int, Fraction) for v in value for x in v):
        return tuple(tuple(v) for v in value), False
    return None


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.lists(ENTRIES, max_size=4), st.tuples(ENTRIES, ENTRIES), st.just("ab")), max_size=5),
       st.booleans())
def test_short_rows_reads_as_written_out(value, as_tuple):
    value = tuple(value) if as_tuple else value
    assert short_rows(value) == _plain_short_rows(value)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 5).flatmap(lambda d: st.lists(
    st.lists(st.one_of(st.integers(-10**20, 10**20), st.fractions(max_denominator=10**6)), min_size=d, max_size=d),
    min_size=1, max_size=6)), st.booleans())
def test_scaled_rows_is_each_entry_times_the_common_denominator(rows, ragged):
    if ragged:                              # rows of different lengths keep their own
        rows = [row[: 1 + i % len(row)] for i, row in enumerate(rows)]
    ivecs, lv = scaled_rows([tuple(r) for r in rows])
    assert lv == math.lcm(*(Fraction(x).denominator for row in rows for x in row))
    assert ivecs == tuple(tuple(Fraction(x) * lv for x in row) for row in rows)
    assert all(type(x) is int for row in ivecs for x in row)


@pytest.mark.parametrize("rows, want", [
    ([(Fraction(1, 2), Fraction(-2, 3)), (Fraction(5), Fraction(0))], (((3, -4), (30, 0)), 6)),   # Fractions only
    ([(Fraction(1, 2), Fraction(-2, 3)), (5, 0)], (((3, -4), (30, 0)), 6)),         # plain ints among them
    ([(5, 0), (Fraction(1, 2), Fraction(-2, 3))], (((30, 0), (3, -4)), 6)),         # an int first
])
def test_scaled_rows_reads_fraction_and_int_entries(rows, want):
    # every entry a Fraction is read by one ratio call each; any plain int takes the general read
    assert scaled_rows(rows) == want


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.integers(-5, 5), st.fractions(max_denominator=6)), min_size=1, max_size=150))
def test_reward_multiset_sorted_or_counted(reward):
    # rewards up to SORTED_COUNT long are sorted, longer ones counted: both the multiset written out
    m = reward_multiset(reward)
    want = Counter(Fraction(x) for x in reward)
    assert [Fraction(v, m.denominator) for v in m.values] == sorted(want)
    assert list(m.multiplicities) == [want[v] for v in sorted(want)]
    assert m.denominator == math.lcm(*(Fraction(x).denominator for x in reward))


def test_reward_multiset_refuses_a_float_either_way():
    for n in (3, sparse_module.SORTED_COUNT + 5):
        with pytest.raises(NotExact, match="1/2"):
            reward_multiset([0] * n + [0.5])


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(-2**40, 2**40), st.integers(-9, 9)), min_size=1, max_size=5),
       st.lists(st.integers(-2**40, 2**40), min_size=2, max_size=2), st.lists(st.integers(0, 4), max_size=3))
def test_with_question_keeps_what_the_vectors_fix(vecs, r, members):
    base = make_problem(vecs, [], [], None, reward_multiset(r), ints=True)
    groups = [[i % len(vecs) for i in members], list(range(len(vecs)))]
    asked = with_question(base, groups, [(0, 1)])
    # worked out once on the base and kept: nothing has read the asked problem's sums' type yet
    assert "sums_dtype" in base.__dict__ and set(VECTOR_FACTS) & set(asked.__dict__) >= {"sums_dtype"}
    fresh = replace(base, groups=tuple(map(tuple, groups)), pairs=((0, 1),))
    assert asked == fresh and asked.sums_dtype == fresh.sums_dtype and asked.d == fresh.d
    assert contained_pairs(asked) == (set(groups[0]) <= set(groups[1]))      # the new question's own groups


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 7).flatmap(lambda n: st.tuples(
    st.just(n), st.lists(st.frozensets(st.integers(0, n - 1)), min_size=1, max_size=6))))
def test_compared_pairs_and_atoms_as_written_out(inst):
    n, members = inst
    assert counting._compared_pairs(members, n) == len(counting._label_pairs(members, n)[1])
    atoms: dict = {}            # the definition: each vector under the labels that hold it, in vector order
    for i in range(n):
        atoms.setdefault(frozenset(q for q, m in enumerate(members) if i in m), []).append(i)
    assert counting._atoms(members, n) == list(atoms.items())


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 4), min_size=1, max_size=9), st.integers(0, 2))
def test_atoms_of_labels_that_share_no_vector(owner, empty):
    # each vector in one label's set (the actions' F(s | a)): the atoms are the labels' sets, in vector order
    members = [frozenset(i for i, q in enumerate(owner) if q == label) for label in range(5)] + [frozenset()] * empty
    atoms: dict = {}
    for i in range(len(owner)):
        atoms.setdefault(frozenset(q for q, m in enumerate(members) if i in m), []).append(i)
    assert counting._atoms(members, len(owner)) == list(atoms.items())


@settings(max_examples=300, deadline=None)
@given(st.lists(st.frozensets(st.integers(0, 5), min_size=1), max_size=4), st.booleans(),
       st.lists(st.integers(0, 5), unique=True, max_size=6), st.integers(1, 9))
def test_read_top_as_written_out(top, outside, labels, count):
    weak, strict = [0] * 6, [0] * 6
    counting._read_top(top, outside, labels, count, weak, strict)
    for q in range(6):          # weak where one of a label's atoms holds it, strict where all that hold it are its
        holds = q in labels and any(q in h for h in top)
        assert weak[q] == (count if holds else 0)
        assert strict[q] == (count if holds and not outside and all(q in h for h in top) else 0)


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 5).flatmap(lambda d: st.tuples(
    st.lists(st.tuples(*[st.fractions(0, 3, max_denominator=5)] * d), min_size=1, max_size=4),
    st.lists(st.tuples(*[st.fractions(0, 3, max_denominator=5)] * d), min_size=1, max_size=4),
    st.lists(st.integers(0, 4), min_size=d, max_size=d))))
def test_rational_rows_count_as_the_brute_force(inst):
    # Fraction rows take short_rows and scaled_rows end to end
    A, B, r = inst
    c = orbit_counts(A, B, r)
    assert (c.b_better, c.a_better, c.ties) == naive_orbit_counts(A, B, r)
    sets = {"a": A, "b": B, "ab": A + B[:1]}
    o = optimality_counts(sets, r)
    assert {k: (o.weak[k], o.strict[k]) for k in sets} == naive_optimality_counts(sets, r)


_SMALL_RATIONALS = st.fractions(-3, 3, max_denominator=4).flatmap(
    lambda x: st.sampled_from((x, int(x))) if x.denominator == 1 else st.just(x))     # 2 may be Fraction(2) or 2


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 4).flatmap(lambda d: st.lists(st.tuples(*[_SMALL_RATIONALS] * d), min_size=1, max_size=8)),
       st.lists(st.integers(0, 7), max_size=6))
def test_distinct_rows_tell_vectors_apart_by_value(rows, again):
    # the same vector written with Fractions or plain ints is one vector; each row's index names an equal vector;
    # some row objects listed again (an outcome set's vectors in its restrictions) give the same answer
    rows = rows + [rows[i % len(rows)] for i in again]
    vectors, scaled, scale, at = distinct_rows(rows)
    assert vectors == list(dict.fromkeys(rows))                # first occurrence first, as a dictionary keeps them
    assert (tuple(scaled), scale) == scaled_rows(vectors)
    assert all(vectors[i] == row for i, row in zip(at, rows))
    if all(type(x) is int for row in rows for x in row):        # plain ints: their own integer rows
        assert distinct_rows(rows, ints=True) == (vectors, vectors, 1, at)


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 5).flatmap(lambda d: st.tuples(
    st.lists(st.tuples(*[_SMALL_RATIONALS] * d), min_size=1, max_size=4),
    st.lists(st.tuples(*[_SMALL_RATIONALS] * d), min_size=1, max_size=4),
    st.lists(st.integers(0, 4), min_size=d, max_size=d))))
def test_optimality_counts_of_a_vector_written_two_ways(inst):
    # a vector in two labels' sets, once with Fractions and once with plain ints, is one vector of both
    A, B, r = inst
    B = B + [tuple(int(x) if x.denominator == 1 else x for x in map(Fraction, A[0]))]
    sets = {"a": A, "b": B}
    o = optimality_counts(sets, r)
    assert {k: (o.weak[k], o.strict[k]) for k in sets} == naive_optimality_counts(sets, r)
