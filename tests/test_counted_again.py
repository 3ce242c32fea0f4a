"""Two sets counted again (``symorbit.exact.kept_rows.keep_pair``, ``orbit_counts``'s raw comparison): the same set
objects, holding the same rows, go straight to the selection's remembered choice without being read again. Every
count is checked against the brute force, with the pair kept and with nothing kept, including sets changed, made
afresh or given as outcome sets, rewards of other shapes and lengths, bad rewards, and the questions that must
not take this way (relative to a set, a progress callback, another engine)."""

import random
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symorbit import InvalidArgument, NotExact, orbit_counts
from symorbit.exact import kept_rows
from symorbit.exact.kept_rows import forget_kept_rows, keep_pair, kept_pair
from symorbit.orbits import counting
from symorbit.outcomes.outcome_sets import OutcomeSet
from symorbit.testing.naive import naive_orbit_counts

_ENTRY = st.one_of(st.integers(0, 9), st.fractions(0, 5, max_denominator=7))


@pytest.fixture(autouse=True)
def _fresh_memo():
    forget_kept_rows()
    yield
    forget_kept_rows()


@pytest.fixture
def lanes(monkeypatch):
    """How many counts the kept pair answered."""
    answered = []
    real = counting._counted_again

    def spy(pair, r):
        out = real(pair, r)
        answered.append(out is not None)
        return out

    monkeypatch.setattr(counting, "_counted_again", spy)
    return answered


def _triple(c):
    return c.b_better, c.a_better, c.ties


def _reward(rnd, d):
    kind = rnd.randrange(3)
    if kind == 0:
        return [rnd.randrange(10**6) for _ in range(d)]
    if kind == 1:
        return [rnd.randrange(3) for _ in range(d)]          # ties: another reward shape
    return [Fraction(rnd.randrange(10**4), rnd.choice((7, 9, 10))) for _ in range(d)]


@settings(max_examples=40, deadline=None)
@given(st.integers(3, 6).flatmap(lambda d: st.tuples(
    st.lists(st.tuples(*[_ENTRY] * d), min_size=1, max_size=4),
    st.lists(st.tuples(*[_ENTRY] * d), min_size=1, max_size=4))), st.randoms(use_true_random=False))
def test_counts_of_a_pair_counted_again_are_the_brute_force(sets, rnd):
    A, B = sets
    d = len(A[0])
    for _ in range(12):
        r = _reward(rnd, d)
        want = naive_orbit_counts(A, B, r)
        for _ in range(3):                    # the same reward again, then the next: a pair kept from the third on
            assert _triple(orbit_counts(A, B, r)) == want
            p = orbit_counts(A, B, r, count="permutations")
            assert (p.b_better, p.a_better, p.ties) == tuple(n * p.stabilizer for n in want)
    assert kept_pair(A, B) is not None


def test_the_kept_pair_answers_and_with_the_same_counts(lanes):
    rnd = random.Random(3)
    A = [tuple(rnd.randrange(10) for _ in range(6)) for _ in range(4)]
    B = [tuple(rnd.randrange(10) for _ in range(6)) for _ in range(4)]
    rewards = [[rnd.randrange(10**6) for _ in range(6)] for _ in range(30)]
    got = [orbit_counts(A, B, r) for r in rewards]
    assert any(lanes), "no count came from the kept pair"
    forget_kept_rows()
    for r, c in zip(rewards, got):
        assert _triple(c) == naive_orbit_counts(A, B, r)
        again = orbit_counts(A, B, r)           # read afresh, chosen afresh
        assert (_triple(again), again.stabilizer, again.orbit_size) == (_triple(c), c.stabilizer, c.orbit_size)


def test_a_set_changed_or_made_afresh_is_read_again(lanes):
    r = [3, 1, 4, 1, 5]
    A = [(1, 0, 0, 0, 0), (0, 1, 0, 0, 0)]
    B = [(0, 0, 1, 0, 0), (0, 0, 0, 1, 1)]
    for _ in range(5):
        orbit_counts(A, B, r)
    assert lanes[-1]
    A[0] = tuple([1, 0, 0, 0, 0])             # an equal row, another object: not the pair that was kept
    assert kept_pair(A, B) is None
    A[1] = (0, 0, 0, 0, 9)                    # another row
    assert _triple(orbit_counts(A, B, r)) == naive_orbit_counts(A, B, r)
    A.append((0, 0, 0, 2, 2))
    assert _triple(orbit_counts(A, B, r)) == naive_orbit_counts(A, B, r)
    # sets dropped and made afresh reuse memory and ids; a kept pair holds its sets and rows, so no id is another's
    rng = random.Random(9)
    for _ in range(200):
        A = [tuple(Fraction(rng.randrange(5), rng.randrange(1, 4)) for _ in range(4)) for _ in range(2)]
        B = [tuple(Fraction(rng.randrange(5), rng.randrange(1, 4)) for _ in range(4)) for _ in range(2)]
        for _ in range(4):
            assert _triple(orbit_counts(A, B, [0, 1, 2, 5])) == naive_orbit_counts(A, B, [0, 1, 2, 5])


def test_outcome_sets_are_kept_as_they_never_change(lanes):
    A = OutcomeSet.from_vectors([[1, 0, 0, 0], ["1/2", "1/2", 0, 0]])
    B = OutcomeSet.from_vectors([[0, 0, 1, 0], [0, "1/3", 0, "2/3"]])
    for r in ([1, 2, 3, 4], [0, 0, 1, 1], ["1/2", 2, 3, 0]) * 4:
        assert _triple(orbit_counts(A, B, r)) == naive_orbit_counts(A.vectors, B.vectors, r)
    assert kept_pair(A, B) is not None and any(lanes)


def test_bad_rewards_get_the_same_errors_on_a_kept_pair():
    A, B = [(1, 0, 0), (0, 2, 0)], [(0, 0, 1)]

    def errors():
        with pytest.raises(NotExact) as bad_float:
            orbit_counts(A, B, [1, 0.5, 3])
        with pytest.raises(InvalidArgument) as bad_length:
            orbit_counts(A, B, [1, 2, 3, 4])
        return str(bad_float.value), str(bad_length.value)

    for _ in range(6):
        orbit_counts(A, B, [1, 2, 3])
    assert kept_pair(A, B) is not None
    on_the_pair = errors()
    kept_rows._PAIRS.clear()
    assert on_the_pair == errors()
    assert "outcomes_a has vectors of length 3 but reward has 4 entries" in on_the_pair[1]


def test_other_questions_do_not_take_the_kept_pair(lanes):
    A, B = [(1, 2, 0, 3), (0, 1, 4, 0)], [(2, 0, 1, 1), (0, 3, 0, 2)]
    r = [4, 3, 2, 1]
    for _ in range(5):
        orbit_counts(A, B, r)
    n = len(lanes)
    seen = []
    assert _triple(orbit_counts(A, B, r, progress=seen.append)) == naive_orbit_counts(A, B, r)
    assert sum(seen) == 24                     # the callback hears of every orbit element
    orbit_counts(A, B, r, engine="mitm")
    C = A + B                                  # C = A ∪ B: the raw counts, but not kept for the pair
    assert _triple(orbit_counts(A, B, r, relative_to=C)) == naive_orbit_counts(A, B, r, C)
    assert len(lanes) == n                     # none of these asked the kept pair
    assert kept_pair(A, B).rows is not None and len(kept_pair(A, B).rows) == 4


def test_relative_counts_leave_no_pair_with_other_rows():
    A, B = [(1, 0, 0), (0, 2, 0)], [(0, 0, 3)]
    C = A + B + [(1, 1, 1)]
    for r in ([1, 2, 3], [0, 5, 1]) * 4:
        assert _triple(orbit_counts(A, B, r, relative_to=C)) == naive_orbit_counts(A, B, r, C)
        assert _triple(orbit_counts(A, B, r, relative_to=A + B)) == naive_orbit_counts(A, B, r, A + B)
    assert kept_pair(A, B) is None
    for r in ([1, 2, 3], [0, 5, 1]) * 3:
        assert _triple(orbit_counts(A, B, r)) == naive_orbit_counts(A, B, r)
    assert len(kept_pair(A, B).rows) == 3


def test_pairs_kept_within_their_bound_and_forgotten(monkeypatch):
    monkeypatch.setattr(kept_rows, "KEEP_PAIRS", 3)
    sets = [[(i, 0, 1)] for i in range(5)]
    for a in sets:
        assert keep_pair(a, sets[0], len(kept_rows._PAIRS))
    assert len(kept_rows._PAIRS) == 3 and kept_pair(sets[1], sets[0]) is None and kept_pair(sets[2], sets[0]) == 2
    assert not keep_pair([[1, 0, 1]], sets[0], "list rows") and not keep_pair(sets[1], "abc", "a string")
    big = [tuple(range(10))] * (kept_rows.KEEP_ENTRIES // 10 + 1)
    assert not keep_pair(big, sets[0], "too many entries")
    forget_kept_rows()
    assert not kept_rows._PAIRS and kept_pair(sets[4], sets[0]) is None
