"""Sets counted again (``symorbit.exact.kept_rows.keep_sets``, ``orbit_counts``): the same set objects, holding the same
rows, go straight to the selection's remembered choice for the question without being read again. Every count is
checked against the brute force, with the sets kept and with nothing kept, raw and relative to C (C holding more,
C = A ∪ B), including sets changed, made afresh or given as outcome sets, rewards of other shapes and lengths, bad
rewards (the same errors), and the questions that must not take this way (a progress callback, another engine)."""

import random
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symorbit import InvalidArgument, NotExact, optimality_counts, orbit_counts
from symorbit.exact import kept_rows, scaling
from symorbit.exact.kept_rows import forget_kept_rows, keep_sets, kept_sets
from symorbit.exact.sparse import reward_multiset
from symorbit.orbits import counting
from symorbit.orbits.engines import select
from symorbit.orbits.engines.select import sums_dtype_at
from symorbit.outcomes.outcome_sets import OutcomeSet
from symorbit.testing.naive import naive_optimality_counts, naive_orbit_counts

_ENTRY = st.one_of(st.integers(0, 9), st.fractions(0, 5, max_denominator=7))


@pytest.fixture(autouse=True)
def _fresh_memo():
    forget_kept_rows()
    yield
    forget_kept_rows()


def _answers(monkeypatch, name):
    """Whether each call of ``counting.<name>`` (a way that answers from kept sets, or None) answered."""
    answered = []
    real = getattr(counting, name)

    def spy(kept, r):
        out = real(kept, r)
        answered.append(out is not None)
        return out

    monkeypatch.setattr(counting, name, spy)
    return answered


@pytest.fixture
def lanes(monkeypatch):
    """Whether each count that found its sets kept was answered from them."""
    return _answers(monkeypatch, "_counted_again")


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
def test_raw_counts_of_sets_counted_again_are_the_brute_force(sets, rnd):
    A, B = sets
    d = len(A[0])
    for _ in range(12):
        r = _reward(rnd, d)
        want = naive_orbit_counts(A, B, r)
        for _ in range(3):                    # the same reward again, then the next: the sets kept from the third on
            assert _triple(orbit_counts(A, B, r)) == want
            p = orbit_counts(A, B, r, count="permutations")
            assert (p.b_better, p.a_better, p.ties) == tuple(n * p.stabilizer for n in want)
    assert kept_sets("orbit_counts", (A, B)) is not None


def test_kept_sets_answer_and_with_the_same_counts(lanes):
    rnd = random.Random(3)
    A = [tuple(rnd.randrange(10) for _ in range(6)) for _ in range(4)]
    B = [tuple(rnd.randrange(10) for _ in range(6)) for _ in range(4)]
    rewards = [[rnd.randrange(10**6) for _ in range(6)] for _ in range(30)]
    got = [orbit_counts(A, B, r) for r in rewards]
    assert any(lanes), "no count came from the kept sets"
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
    A[0] = tuple([1, 0, 0, 0, 0])             # an equal row, another object: not the sets that were kept
    assert kept_sets("orbit_counts", (A, B)) is None
    A[1] = (0, 0, 0, 0, 9)                    # another row
    assert _triple(orbit_counts(A, B, r)) == naive_orbit_counts(A, B, r)
    A.append((0, 0, 0, 2, 2))
    assert _triple(orbit_counts(A, B, r)) == naive_orbit_counts(A, B, r)
    # sets dropped and made afresh reuse memory and ids; kept sets are held with their rows, so no id is another's
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
    assert kept_sets("orbit_counts", (A, B)) is not None and any(lanes)


def test_restrictions_taken_afresh_at_each_count_are_kept_sets(lanes):
    # a user's loop that takes F(s | a) and F(s | b) at every count gets the same objects (OutcomeSet.restrict keeps
    # them), so from the second count on the sets are kept: every count the brute force's, raw and relative to F
    from symorbit.mdp.environment import MDP
    from symorbit.mdp.visits import visit_distributions

    F = visit_distributions(MDP.deterministic({"0": ["1", "2"], "1": ["0", "3"], "2": ["2", "3"], "3": ["1"]}),
                            "0", "9/10")
    for r in ([1, 2, 3, 4], [0, 5, 5, 1], [7, 0, 2, 2]) * 3:
        A, B = F.restrict("1"), F.restrict("2")
        assert _triple(orbit_counts(F.restrict("1"), F.restrict("2"), r)) == naive_orbit_counts(A, B, r)
        assert _triple(orbit_counts(F.restrict("1"), F.restrict("2"), r, relative_to=F)) == \
            naive_orbit_counts(A, B, r, F)
    assert kept_sets("orbit_counts", (F.restrict("1"), F.restrict("2"))) is not None
    assert kept_sets("orbit_counts", (F.restrict("1"), F.restrict("2"), F)) is not None and any(lanes)


def test_bad_rewards_get_the_same_errors_on_kept_sets():
    A, B = [(1, 0, 0), (0, 2, 0)], [(0, 0, 1)]
    C = A + B + [(1, 1, 1)]

    def errors(c):
        with pytest.raises(NotExact) as bad_float:
            orbit_counts(A, B, [1, 0.5, 3], relative_to=c)
        with pytest.raises(InvalidArgument) as bad_length:
            orbit_counts(A, B, [1, 2, 3, 4], relative_to=c)
        return str(bad_float.value), str(bad_length.value)

    for c in (None, C):
        for _ in range(6):
            orbit_counts(A, B, [1, 2, 3], relative_to=c)
        assert kept_sets("orbit_counts", (A, B) if c is None else (A, B, C)) is not None
        on_kept_sets = errors(c)
        kept_rows._TOGETHER.clear()
        assert on_kept_sets == errors(c)
        assert "outcomes_a has vectors of length 3 but reward has 4 entries" in on_kept_sets[1]


def test_other_questions_do_not_take_kept_sets(lanes):
    A, B = [(1, 2, 0, 3), (0, 1, 4, 0)], [(2, 0, 1, 1), (0, 3, 0, 2)]
    r = [4, 3, 2, 1]
    for _ in range(5):
        orbit_counts(A, B, r)
    n = len(lanes)
    seen = []
    assert _triple(orbit_counts(A, B, r, progress=seen.append)) == naive_orbit_counts(A, B, r)
    assert sum(seen) == 24                     # the callback hears of every orbit element
    orbit_counts(A, B, r, engine="mitm")
    C = A + B                                  # another question: (A, B, C) is not (A, B)
    assert _triple(orbit_counts(A, B, r, relative_to=C)) == naive_orbit_counts(A, B, r, C)
    assert len(lanes) == n                     # none of these took the sets kept for (A, B)
    assert kept_sets("orbit_counts", (A, B)).kind == "raw" and len(kept_sets("orbit_counts", (A, B)).rows) == 4


_KINDS = {"rest": "three", "partial": "against C", "union": "raw"}


@pytest.mark.parametrize("how", sorted(_KINDS))
def test_relative_counts_counted_again_are_the_brute_force(lanes, how):
    # C holding A and B and more (A, B and the rest, each pair of them), C holding part of B, A and more in another
    # order with a repeat (IsOptimal against C), and C = A ∪ B (the raw comparison): each kept for (A, B, C)
    rnd = random.Random(len(how))
    d = 5
    A = [tuple(rnd.randrange(10) for _ in range(d)) for _ in range(3)]
    B = [tuple(rnd.randrange(10) for _ in range(d)) for _ in range(3)]
    extra = [tuple(rnd.randrange(10) for _ in range(d)) for _ in range(2)]
    C = {"rest": A + B + extra, "partial": B[:2] + extra + A + B[:1], "union": B + A}[how]
    for _ in range(10):
        r = _reward(rnd, d)
        want = naive_orbit_counts(A, B, r, C)
        for _ in range(3):
            assert _triple(orbit_counts(A, B, r, relative_to=C)) == want
    assert kept_sets("orbit_counts", (A, B, C)).kind == _KINDS[how] and kept_sets("orbit_counts", (A, B)) is None
    assert any(lanes)
    C.append(tuple(rnd.randrange(10) for _ in range(d)))        # C changed: read again
    assert kept_sets("orbit_counts", (A, B, C)) is None
    r = _reward(rnd, d)
    assert _triple(orbit_counts(A, B, r, relative_to=C)) == naive_orbit_counts(A, B, r, C)


@settings(max_examples=25, deadline=None)
@given(st.integers(3, 5).flatmap(lambda d: st.tuples(
    st.lists(st.tuples(*[_ENTRY] * d), min_size=1, max_size=3),
    st.lists(st.tuples(*[_ENTRY] * d), min_size=1, max_size=3),
    st.lists(st.tuples(*[_ENTRY] * d), min_size=0, max_size=2))), st.randoms(use_true_random=False))
def test_relative_counts_of_sets_counted_again_are_the_brute_force(sets, rnd):
    A, B, extra = sets
    C = A + B + extra
    rnd.shuffle(C)
    d = len(A[0])
    for _ in range(6):
        r = _reward(rnd, d)
        want = naive_orbit_counts(A, B, r, C)
        for _ in range(3):
            assert _triple(orbit_counts(A, B, r, relative_to=C)) == want


def test_sets_kept_within_their_bound_and_forgotten(monkeypatch):
    monkeypatch.setattr(kept_rows, "KEEP_TOGETHER", 3)
    sets = [[(i, 0, 1)] for i in range(5)]
    for a in sets:
        assert keep_sets("test", (a, sets[0]), len(kept_rows._TOGETHER))
    assert len(kept_rows._TOGETHER) == 3 and kept_sets("test", (sets[1], sets[0])) is None
    assert kept_sets("test", (sets[2], sets[0])) == 2 and kept_sets("test", (sets[2], sets[0], sets[0])) is None
    assert kept_sets("another", (sets[2], sets[0])) is None
    assert not keep_sets("test", ([[1, 0, 1]], sets[0]), "list rows")
    assert not keep_sets("test", (sets[1], "abc"), "a string")
    assert keep_sets("test", ("abc", sets[1]), "fixed", fixed=(True, False))
    assert kept_sets("test", ("abc", sets[1])) == "fixed"
    assert not keep_sets("test", (sets[3], sets[4]), "one flag for two sets", fixed=(False,))
    big = [tuple(range(10))] * (kept_rows.KEEP_ENTRIES // 10 + 1)
    assert not keep_sets("test", (big, sets[0]), "too many entries")
    forget_kept_rows()
    assert not kept_rows._TOGETHER and kept_sets("test", (sets[4], sets[0])) is None


def test_sets_kept_over_rows_no_longer_kept_are_kept_anew(lanes):
    # the combined rows dropped (scaling.forget_combined, as when more combinations are kept than it holds): the
    # kept sets no longer answer, the next counts combine and keep the rows again, and the sets are kept anew
    A, B = [(1, 2, 0, 3, 1), (0, 1, 4, 0, 2)], [(2, 0, 1, 1, 0), (0, 3, 0, 2, 1)]
    C = A + B + [(1, 1, 1, 1, 1)]
    for c in (None, C):
        sets = (A, B) if c is None else (A, B, C)
        for _ in range(6):
            orbit_counts(A, B, [5, 1, 4, 2, 3], relative_to=c)
        before = kept_sets("orbit_counts", sets)
        scaling.forget_combined()
        del lanes[:]
        for _ in range(6):
            assert _triple(orbit_counts(A, B, [5, 1, 4, 2, 3], relative_to=c)) == \
                naive_orbit_counts(A, B, [5, 1, 4, 2, 3], c)
        assert kept_sets("orbit_counts", sets).rows is not before.rows and lanes[0] is False and lanes[-1] is True


def _optimality(sets, r):
    o = optimality_counts(sets, r)
    return {k: (o.weak[k], o.strict[k]) for k in sets}


@settings(max_examples=30, deadline=None)
@given(st.integers(3, 5).flatmap(lambda d: st.lists(
    st.lists(st.tuples(*[_ENTRY] * d), min_size=1, max_size=3), min_size=2, max_size=4)),
    st.randoms(use_true_random=False))
def test_optimality_counts_of_sets_counted_again_are_the_brute_force(groups, rnd):
    # labels over the same set objects (some sharing vectors); counted three times a reward, then under other
    # labels, and with a row replaced: every count the brute force's
    if len(groups) > 2:
        groups[2] = groups[0][:1] + groups[2]            # a vector in two labels
    sets = {f"L{i}": g for i, g in enumerate(groups)}
    d = len(groups[0][0])
    for _ in range(5):
        r = _reward(rnd, d)
        want = naive_optimality_counts(sets, r)
        for _ in range(3):
            assert _optimality(sets, r) == want
    renamed = {f"M{i}": g for i, g in enumerate(groups)}
    r = _reward(rnd, d)
    assert _optimality(renamed, r) == naive_optimality_counts(renamed, r)
    groups[0][0] = tuple(x + 1 for x in groups[0][0])    # another row object in the first set
    assert _optimality(sets, r) == naive_optimality_counts(sets, r)


def test_optimality_counts_keep_what_they_read(monkeypatch):
    rnd = random.Random(4)
    sets = {f"L{i}": [tuple(rnd.randrange(10) for _ in range(5)) for _ in range(3)] for i in range(3)}
    reads = []
    real = counting._set_rows
    monkeypatch.setattr(counting, "_set_rows", lambda *a, **k: reads.append(1) or real(*a, **k))
    for _ in range(8):
        r = [rnd.randrange(10**6) for _ in range(5)]
        assert _optimality(sets, r) == naive_optimality_counts(sets, r)
    kept = kept_sets("optimality_counts", tuple(sets.values()))
    assert kept is not None and kept.labels == list(sets) and len(reads) < 8 * 3      # read until kept, then not
    n = len(reads)
    with pytest.raises(InvalidArgument, match="reward has 4 entries"):
        optimality_counts(sets, [1, 2, 3, 4])              # another length: read, and refused as before
    assert len(reads) > n
    assert kept_sets("orbit_counts", tuple(sets.values())) is None       # kept apart from orbit_counts' questions


def test_optimality_counts_asked_again_take_their_route(monkeypatch):
    """The same sets counted again go through their route's remembered choices (``_optimality_again`` answers) with
    the counts, engine and evaluations of a count on nothing kept; each route (atoms, labels, and the tournament
    of three atoms past int64) is taken, and a reward past int64 keeps its own route beside the other's."""
    answered = _answers(monkeypatch, "_optimality_again")
    rnd = random.Random(7)
    d = 6

    def vecs(n, top=10):
        return [tuple(rnd.randrange(top) for _ in range(d)) for _ in range(n)]

    cases = {"atoms": {f"L{i}": vecs(3) for i in range(5)}, "labels": {"a": vecs(4), "b": vecs(4)},
             "tournament": {f"L{i}": vecs(3, 2**70) for i in range(3)}}
    for kind, sets in cases.items():
        rewards = [[rnd.randrange(10**6) for _ in range(d)] for _ in range(3)]
        rewards.append([2**64 + rnd.randrange(10**6) for _ in range(d)])         # past int64 with any vector
        rewards.append([rnd.randrange(3) for _ in range(d)])                     # another shape
        for r in rewards:
            forget_kept_rows()
            fresh = optimality_counts(sets, r)
            answered.clear()
            for _ in range(3):
                again = optimality_counts(sets, r)
                assert (again.weak, again.strict, again.orbit_size, again.engine, again.evaluations) == \
                    (fresh.weak, fresh.strict, fresh.orbit_size, fresh.engine, fresh.evaluations)
            assert _optimality(sets, r) == naive_optimality_counts(sets, r)
            kept = kept_sets("optimality_counts", tuple(sets.values()))
            rows = kept.read[1]
            past = sums_dtype_at(rows, scaling.row_facts(rows), reward_multiset(r)) is None
            assert past == (kind == "tournament" or max(r) > 2**63)
            route = kept.routes[past]
            assert route.kind == kind or past and kind != "tournament"
            if not past:        # its counts' choices are remembered (past int64 they need not be)
                assert answered and all(answered), (kind, r, answered)
        forget_kept_rows()                     # both sizes of reward on the same kept sets, in turn
        for r in (rewards[0], rewards[3], rewards[0], rewards[3]):
            assert _optimality(sets, r) == naive_optimality_counts(sets, r)
        assert len(kept_sets("optimality_counts", tuple(sets.values())).routes) == (1 if kind == "tournament" else 2)


def test_a_remembered_choice_is_kept_apart_by_whether_side_sums_are_exact_in_doubles():
    """maxima prices side sums exact in doubles apart from banded ones (cost_dtype): a plan or choice remembered at
    a reward of one kind is not reused at the other, so a count asked again reports what a fresh one does (found by
    a helper's fuzzing: a choice made at a large reward was reused, with its estimate, at (2, 1, 3, 0))."""
    A = ((Fraction(3, 7), 12, 3, 17), (Fraction(11, 1000000007), Fraction(8, 7), 19, 4))
    labelled = {"L0": A, "L1": A, "L2": A}
    B = ((1, 2, 3, 4), (Fraction(5, 1000000007), 1, 1, 1))
    large, small = [783928, 878401, 264522, 921946], [2, 1, 3, 0]

    def fresh(count, r):
        forget_kept_rows()
        select._PLANS.clear()
        return count(r)

    for count in (lambda r: optimality_counts(labelled, r), lambda r: orbit_counts(A, B, r)):
        want = {tuple(r): fresh(count, r) for r in (large, small)}
        forget_kept_rows()
        for r in (large, large, small, small, large, small):
            got = count(r)
            assert (got.engine, got.evaluations) == (want[tuple(r)].engine, want[tuple(r)].evaluations)
            assert got == want[tuple(r)]


def _one_hot(d, j, c=1):
    return tuple(c if i == j else 0 for i in range(d))


@settings(max_examples=40, deadline=None)
@given(case=st.integers(3, 7).flatmap(lambda d: st.tuples(
    st.just(d), st.lists(st.integers(0, d - 1), min_size=1, max_size=d, unique=True),
    st.lists(st.integers(0, d - 1), min_size=1, max_size=d, unique=True),
    st.lists(st.integers(0, d - 1), max_size=d, unique=True), st.sampled_from([1, 3, Fraction(1, 2)]),
    st.booleans())), rnd=st.randoms(use_true_random=False))
def test_one_hot_sets_counted_again_walk_at_once(case, rnd):
    """One-hot sets (the walk's) counted again go to the remembered walk, not through the selection: raw and relative
    to C (C holding more, so three groups; or C = A ∪ B), as tuples or outcome sets, at rewards of every shape; every
    count the brute force's, and the same as a count with nothing kept."""
    d, a, b, extra, c, as_sets = case
    A, B = [_one_hot(d, j, c) for j in a], [_one_hot(d, j, c) for j in b]
    C = list(dict.fromkeys(A + B + [_one_hot(d, j, c) for j in extra]))
    if as_sets:
        A, B, C = (OutcomeSet.from_vectors(X) for X in (A, B, C))
    walked = []
    real = select._walked

    def spy(choice, problem):
        walked.append(True)
        return real(choice, problem)

    forget_kept_rows()
    select._walked = spy
    try:
        _walk_again(A, B, C, d, rnd, walked)
    finally:
        select._walked = real


def _walk_again(A, B, C, d, rnd, walked):
    for relative in (None, C):
        for _ in range(6):
            r = _reward(rnd, d)
            got = orbit_counts(A, B, r, relative_to=relative)
            vectors = [list(v) for v in (A, B, C)]
            assert _triple(got) == naive_orbit_counts(*vectors[:2], r, vectors[2] if relative is not None else None)
            assert got.engine == "topwalk"
            forget_kept_rows()
            assert got == orbit_counts(A, B, r, relative_to=relative)    # nothing kept: the same counts
            for _ in range(3):                  # kept again: its second read, its choice remembered, then walked
                assert orbit_counts(A, B, r, relative_to=relative) == got
        assert walked, "counted again, the sets never went to the remembered walk"
        walked.clear()
    labels = {"A": A, "B": B, "C": C}           # optimality over labelled one-hot sets: the atoms' walk
    for _ in range(4):
        r = _reward(rnd, d)
        want = naive_optimality_counts({k: [list(v) for v in X] for k, X in labels.items()}, r)
        for _ in range(4):
            assert _optimality(labels, r) == want
    assert walked, "optimality counts asked again never went to the remembered walk"


def test_the_walk_reports_its_progress_remembered_or_not(monkeypatch):
    """topwalk counts in one step; a progress callback still hears the whole orbit once, at the selection's walk and
    at the remembered one (which a count with a callback also reaches), for orbit and optimality counts."""
    walked = []
    real = select._walked
    monkeypatch.setattr(select, "_walked", lambda choice, problem: walked.append(True) or real(choice, problem))
    forget_kept_rows()
    A, B = [_one_hot(6, 0), _one_hot(6, 1)], [_one_hot(6, j) for j in (2, 3, 4)]
    for r in ([4, 1, 3, 0, 2, 5], [1, 1, 2, 2, 3, 3], [0, 0, 0, 7, 7, 7]):
        for _ in range(4):
            seen = []
            got = orbit_counts(A, B, r, progress=seen.append)
            assert got.engine == "topwalk" and _triple(got) == naive_orbit_counts(A, B, r)
            assert seen == [got.orbit_size]
            heard = []
            opt = optimality_counts({"A": A, "B": B}, r, progress=heard.append)
            assert sum(heard) == opt.orbit_size and min(heard) > 0
    assert walked, "counted again with a callback, the sets never went to the remembered walk"
