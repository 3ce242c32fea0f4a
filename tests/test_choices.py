"""The selection's choice of the compiled loop remembered with rows kept from count to count
(``symorbit.orbits.engines.select``: ``_choice_key``, ``_remember``, ``_recalled``), against the brute force and
against the same count made without the memo: rewards of other values, other shapes and other sizes on the same
kept rows, raw, relative and optimality counts, and every change that must make the selection choose again (the
plans' memo cleared, the selection's thresholds, the coarse loop's switch)."""

from fractions import Fraction
from functools import cached_property

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symorbit import optimality_counts, orbit_counts
from symorbit.exact import scaling
from symorbit.exact.kept_rows import forget_kept_rows
from symorbit.exact.scaling import row_facts
from symorbit.exact.sparse import reward_multiset
from symorbit.orbits.engines import compiled as C
from symorbit.orbits.engines import select as S
from symorbit.orbits.engines.problem import Problem, make_problem, with_reward
from symorbit.testing.naive import naive_optimality_counts, naive_orbit_counts

needs_numba = pytest.mark.skipif(not C.numba_installed(), reason="numba (the 'fast' extra) is not installed")

_ENTRY = st.one_of(st.integers(-4, 6), st.fractions(-3, 3, max_denominator=5))


def _forget():
    forget_kept_rows()        # the kept sets, their combinations and facts (the choices among them)
    assert not scaling._FACTS and not scaling._COMBINED


@pytest.fixture(autouse=True)
def _fresh():
    _forget()
    yield
    _forget()


@pytest.fixture
def recalls(monkeypatch):
    """How many counts were answered from a remembered choice."""
    hits = []
    real = S._recalled

    def spy(*args, **kwargs):
        got = real(*args, **kwargs)
        hits.append(got is not None)
        return got

    monkeypatch.setattr(S, "_recalled", spy)
    C._kernel("int32")      # noqa: B018 - the loop loaded, so that the selection takes it where it is cheapest
    C._LOADED.update(("int32", "int64"))
    return hits


def _raw(c):
    return c.b_better, c.a_better, c.ties


def test_problem_facts_that_with_reward_keeps_are_the_reward_free_ones():
    # with_reward keeps everything a problem has worked out but its magnitudes (and sets the sums' type): a
    # cached property added to Problem must be weighed there, so this test names them all
    cached = {name for name, value in vars(Problem).items() if isinstance(value, cached_property)}
    assert cached == {"d", "n_vectors", "sums_dtype", "magnitudes"}
    t = make_problem([(1, 2), (3, -4)], [[0], [1]], [(1, 0)], None, reward_multiset([5, 6]))
    t.sums_dtype, t.n_vectors      # noqa: B018 - worked out on the template
    p = with_reward(t, reward_multiset([10**9, 7]), "int64")
    assert p.magnitudes == (4, 10**9) and p.sums_dtype == "int64" and p.n_vectors == 2 and p.d == 2
    assert (p.values, p.multiplicities, p.groups, p.pairs, p.vectors) == ((7, 10**9), (1, 1), t.groups, t.pairs,
                                                                          t.vectors)
    with pytest.raises(Exception, match="multiplicities"):
        with_reward(t, reward_multiset([1, 1]), "int32")


@needs_numba
@settings(max_examples=40, deadline=None)
@given(st.integers(3, 6).flatmap(lambda d: st.tuples(
    st.lists(st.tuples(*[_ENTRY] * d), min_size=1, max_size=4),
    st.lists(st.tuples(*[_ENTRY] * d), min_size=1, max_size=4),
    st.lists(st.lists(st.integers(-50, 50), min_size=d, max_size=d), min_size=1, max_size=4),
    st.sampled_from([1, 7, 10**7, 10**12, 2**70]))))
def test_counts_on_kept_rows_at_many_rewards_are_the_brute_force(inst):
    # the same kept rows at rewards of other values, shapes (ties) and sizes (int32, int64, past int64), each
    # counted four times (the fourth count of a shape takes the remembered choice), raw and relative to C
    _counted_four_times_at_each_reward(*inst)


def _counted_four_times_at_each_reward(A, B, rewards, size):
    """Each reward (scaled by ``size``) counted four times on the same kept rows, raw and relative to C, against the
    brute force."""
    _forget()
    Cset = A + B + A[:1]
    for r in rewards:
        r = [x * size for x in r]
        for _ in range(4):
            assert _raw(orbit_counts(A, B, r)) == naive_orbit_counts(A, B, r)
            assert _raw(orbit_counts(A, B, r, relative_to=Cset)) == naive_orbit_counts(A, B, r, Cset)


def _as_the_selection_counts(A, B, rewards, engine=None):
    """Each reward counted four times on the same tuple rows, each count equal to the selection's own (list rows,
    nothing remembered: engine and work estimate included; the engine ``engine`` where given) and to the brute
    force. The kept rows that hold remembered choices afterwards."""
    for _ in range(4):
        for r in rewards:
            got = orbit_counts(A, B, r)
            with pytest.MonkeyPatch.context() as mp:        # nothing remembered for these: the selection each time
                mp.setattr(S, "REMEMBER_BELOW", 0)
                want = orbit_counts([list(v) for v in A], [list(v) for v in B], r)
            assert (_raw(got), got.engine, got.evaluations) == (_raw(want), engine or want.engine, want.evaluations)
            assert _raw(got) == naive_orbit_counts(A, B, r)
    return [rows for rows, facts in scaling._FACTS.values() if S._CHOICES in facts]


@needs_numba
def test_a_remembered_choice_is_the_selections_own(recalls):
    # the count from a remembered choice equals the count the selection makes (list rows, nothing remembered), engine
    # and work estimate included; the choice is taken from the fourth count of the same tuple rows on (each set
    # named kept at its second read, the two combined and kept at the third, whose count remembers the choice)
    A = [(1, 0, 2, 3, 0, 1), (0, 2, 1, 1, 3, 0), (2, 2, 0, 1, 0, 1)]
    B = [(0, 1, 1, 0, 2, 3), (3, 0, 0, 2, 1, 1)]
    rewards = [[5, 1, 4, 2, 6, 3], [0, 0, 1, 1, 2, 9], [10**8, 3, 7, -2, 0, 1], [Fraction(1, 3), 2, 0, 5, 1, 7],
               [9, 8, 7, 6, 5, 4]]
    combined = _as_the_selection_counts(A, B, rewards)
    assert sum(recalls) >= 10
    assert len(combined) == 1
    # three shapes: six distinct values in int32 ([5, 1, ...], [1/3, 2, ...] scaled by 3, [9, 8, ...]), two pairs
    # of ties in int32, six distinct values in int64 ([10^8, 3, ...])
    assert len(row_facts(combined[0])[S._CHOICES]) == 3


@needs_numba
def test_relative_and_optimality_counts_take_remembered_choices(recalls):
    A = [(Fraction(1, 2), 0, 1, 2, 0), (0, 1, Fraction(3, 4), 0, 1)]
    B = [(1, 1, 0, 0, Fraction(1, 3)), (0, 0, 2, 1, 0)]
    F = A + B + [(1, 0, 0, 1, 1)]
    sets = {"a": A, "b": B, "f": F}
    for r in ([1, 2, 3, 4, 5], [0, 1, 1, 7, 2], [3, 1, 4, 1, 5]):
        for _ in range(4):
            assert _raw(orbit_counts(A, B, r, relative_to=F)) == naive_orbit_counts(A, B, r, F)
            o = optimality_counts(sets, r)
            assert {k: (o.weak[k], o.strict[k]) for k in sets} == naive_optimality_counts(sets, r)
    assert sum(recalls) >= 6


@needs_numba
@pytest.mark.parametrize("change", ["plans memo", "SMALL_COUNT", "PAYBACK", "both thresholds", "COARSE",
                                    "MAX_TABLE_ENTRIES"])
def test_what_the_selection_reads_makes_it_choose_again(recalls, monkeypatch, change):
    # each of these changes what the selection would do or plan: the remembered choice is not taken after it,
    # and the count is right either way
    A = [(1, 0, 2, 3, 0, 1, 2), (0, 2, 1, 1, 3, 0, 1)]
    B = [(0, 1, 1, 0, 2, 3, 1), (3, 0, 0, 2, 1, 1, 0)]
    r = [10**9, 5, 4, 3, 2, 1, 0]                 # int64 sums, one pair: the coarse loop is weighed
    want = naive_orbit_counts(A, B, r)
    for _ in range(4):
        assert _raw(orbit_counts(A, B, r)) == want
    assert recalls[-1]
    if change == "plans memo":
        S._PLANS.clear()
    elif change == "SMALL_COUNT":
        monkeypatch.setattr(S, "SMALL_COUNT", 0)
    elif change == "PAYBACK":
        monkeypatch.setattr(S, "PAYBACK", 0)
    elif change == "both thresholds":
        monkeypatch.setattr(S, "SMALL_COUNT", 0)
        monkeypatch.setattr(S, "PAYBACK", 0)
    elif change == "COARSE":
        monkeypatch.setattr(C, "COARSE", not C.COARSE)
    else:
        monkeypatch.setattr(C, "MAX_TABLE_ENTRIES", 0)
    pruned = []
    real_prune = S.prune
    monkeypatch.setattr(S, "prune", lambda p: pruned.append(p) or real_prune(p))
    del recalls[:]
    assert _raw(orbit_counts(A, B, r)) == want
    assert recalls == [False]
    if change == "both thresholds":      # the reduction runs on every count, so nothing is remembered
        assert pruned
        assert _raw(orbit_counts(A, B, r)) == want and recalls == [False, False]
    else:                                # remembered anew
        assert not pruned
        assert _raw(orbit_counts(A, B, r)) == want and recalls == [False, True]


@needs_numba
def test_choices_are_bounded(recalls, monkeypatch):
    monkeypatch.setattr(S, "CHOICES_PER_ROWS", 2)
    A = [(1, 0, 2, 3, 0), (0, 2, 1, 1, 3)]
    B = [(0, 1, 1, 0, 2), (3, 0, 0, 2, 1)]
    shapes = [[1, 2, 3, 4, 5], [1, 1, 3, 4, 5], [1, 1, 1, 4, 5], [1, 1, 1, 1, 5]]
    for r in shapes + [[2**62, 1, 2, 3, 4]]:
        for _ in range(3):
            assert _raw(orbit_counts(A, B, r)) == naive_orbit_counts(A, B, r)
    (facts,) = [facts for _, facts in scaling._FACTS.values() if S._CHOICES in facts]
    assert 1 <= len(facts[S._CHOICES]) <= 2


#: Rows past int64 at d = 6 (about 70-bit entries, as the visit distributions of a 6-state MDP at γ = 9/10 once
#: scaled to integers), two of them equal in every coordinate but one, so that some elements tie exactly.
_BIG_A = [(7 * 2**68, 3, 2**69, 5, 11, 2**67), (2**69, 2**68 + 1, 9, 2**66, 4, 6)]
_BIG_B = [(7 * 2**68, 3, 2**69, 5, 12, 2**67), (2**68, 2**69, 2**66, 8, 3, 2**67 + 5), (1, 2, 3, 2**70, 5, 6)]


@pytest.fixture
def big(recalls, monkeypatch):
    """:func:`recalls` with the loops past int64 loaded too (a plan still charging their load is not settled)."""
    C._coarse_kernel()      # noqa: B018
    C._fine_kernel()        # noqa: B018
    monkeypatch.setattr(C, "_LOADED", C._LOADED | {"coarse", "fine"})
    return recalls


@needs_numba
def test_past_int64_the_choice_is_remembered_and_counts_as_the_selection(big):
    # sums past int64 (the coarse loop of one pair, its band recounted in int64 and then Python integers):
    # remembered per reward shape like any other choice, each count equal to the selection's own (engine and work
    # estimate included) and to the brute force, at rewards of other values and sizes
    rewards = [[5, 1, 4, 2, 6, 3], [0, 0, 1, 1, 2, 9], [10**6, 3, 7, -2, 0, 1], [Fraction(1, 3), 2, 0, 5, 1, 7],
               [9, 8, 7, 6, 5, 4], [1, 1, 1, 1, 1, 1]]
    combined = _as_the_selection_counts(_BIG_A, _BIG_B, rewards)
    assert sum(big) >= 12
    (rows,) = combined
    choices = row_facts(rows)[S._CHOICES]
    assert any(key[4] is None for key in choices)            # the sums' type: past int64
    assert all(choice.prepared is None for key, choice in choices.items() if key[4] is None)


@needs_numba
def test_past_int64_relative_counts_take_remembered_choices(big):
    # relative to C past int64: C holding A, B and more (three groups, each pair of them), and C holding A and part
    # of B, where the weak question is asked of each pair's second set less its first (against_the_rest), whose
    # plans' key is not the question's; remembered all the same, and exact
    extra = [(2**69, 2**69, 0, 0, 1, 1), (2**68, 0, 2**70, 1, 1, 0)]
    for Cset in (_BIG_A + _BIG_B + extra, _BIG_A + _BIG_B[:1] + extra):
        del big[:]
        for r in ([5, 1, 4, 2, 6, 3], [0, 0, 1, 1, 2, 9], [2, 2, 2, 7, 7, 7], [10**6, 1, 0, 0, 3, 2]):
            want = naive_orbit_counts(_BIG_A, _BIG_B, r, Cset)
            for _ in range(5):
                assert _raw(orbit_counts(_BIG_A, _BIG_B, r, relative_to=Cset)) == want
        assert sum(big) >= 8        # each C: from the third count of a reward's shape on, the remembered choice
    keys = [key for _, facts in scaling._FACTS.values() for key in facts.get(S._CHOICES, {})]
    assert any(key[4] is None and key[S._PLANS_KEY_LEN] for key in keys)     # weak, past int64


@needs_numba
def test_a_remembered_count_past_int64_that_gives_up_counts_with_mitm(big, monkeypatch):
    # a remembered count whose band is too wide (CoarseGaveUp) is counted with mitm, as the selection does: the
    # same counts and engine as the selection's, here with no budget at all for the band in Python integers
    from symorbit.orbits.engines import problem as P

    r = [1, 1, 2, 2, 3, 3]          # ties in the reward: the rows equal but in one coordinate tie exactly
    want = naive_orbit_counts(_BIG_A, _BIG_B, r)
    for _ in range(4):
        assert _raw(orbit_counts(_BIG_A, _BIG_B, r)) == want
    assert big[-1]
    monkeypatch.setattr(P, "RECOUNT_WORK", 0)
    got = orbit_counts(_BIG_A, _BIG_B, r)
    assert big[-1] and (_raw(got), got.engine) == (want, "mitm")
    monkeypatch.setattr(S, "REMEMBER_BELOW", 0)
    fresh = orbit_counts([list(v) for v in _BIG_A], [list(v) for v in _BIG_B], r)
    assert (_raw(fresh), fresh.engine, fresh.evaluations) == (want, "mitm", got.evaluations)


@needs_numba
def test_counts_estimated_past_the_bound_are_not_remembered(recalls, monkeypatch):
    monkeypatch.setattr(S, "REMEMBER_BELOW", 0)
    A, B, r = [(1, 0, 2, 3, 0)], [(0, 1, 1, 0, 2), (3, 0, 0, 2, 1)], [4, 1, 3, 0, 2]
    for _ in range(4):
        assert _raw(orbit_counts(A, B, r)) == naive_orbit_counts(A, B, r)
    assert not any(recalls) and not any(S._CHOICES in facts for _, facts in scaling._FACTS.values())


@needs_numba
def test_a_remembered_count_reports_its_progress_and_permutations(recalls):
    # progress: the elements each split accounts for add up to the orbit, remembered or not; count="permutations"
    # multiplies by the stabiliser either way
    A, B = [(1, 0, 2, 3, 0, 1), (0, 2, 1, 1, 3, 0)], [(0, 1, 1, 0, 2, 3), (3, 0, 0, 2, 1, 1)]
    for r in ([4, 1, 3, 0, 2, 5], [1, 1, 2, 2, 3, 3]):
        want = naive_orbit_counts(A, B, r)
        for _ in range(5):
            seen = []
            c = orbit_counts(A, B, r, progress=seen.append)
            assert _raw(c) == want and sum(seen) == c.orbit_size
            p = orbit_counts(A, B, r, count="permutations")
            assert _raw(p) == tuple(x * c.stabilizer for x in want) and p.orbit_size == 720
    assert sum(recalls) >= 6


@needs_numba
def test_relative_to_a_disjoint_c_takes_remembered_choices(recalls):
    # C sharing no vector with A or B, all plain ints: the count compares A and B with C on the sets' kept
    # combination (no distinct rows to work out), as tuple rows and as list rows kept by their content
    A = [(1, 0, 2, 3, 0, 1), (0, 2, 1, 1, 3, 0)]
    B = [(0, 1, 1, 0, 2, 3), (3, 0, 0, 2, 1, 1)]
    Cset = [(2, 1, 1, 1, 1, 0), (0, 0, 3, 1, 2, 1), (1, 1, 1, 1, 1, 1)]
    for form in (tuple, list):
        a, b, c = ([form(v) for v in S_] for S_ in (A, B, Cset))
        for r in ([5, 1, 4, 2, 6, 3], [0, 0, 1, 1, 2, 9], [10**8, 3, 7, -2, 0, 1]):
            for _ in range(5):
                assert _raw(orbit_counts(a, b, r, relative_to=c)) == naive_orbit_counts(A, B, r, Cset)
    assert sum(recalls) >= 12


@needs_numba
@settings(max_examples=25, deadline=None)
@given(st.integers(3, 6).flatmap(lambda d: st.tuples(
    st.lists(st.tuples(*[st.integers(-10**9, 10**9)] * d), min_size=1, max_size=3),
    st.lists(st.tuples(*[st.integers(-10**9, 10**9)] * d), min_size=1, max_size=3),
    st.lists(st.tuples(st.lists(st.integers(-9, 9), min_size=d, max_size=d),
                       st.sampled_from([1, 1000, 10**6, 10**9])), min_size=2, max_size=4))))
def test_a_remembered_coarse_loop_counts_at_rewards_of_other_sizes_exactly(inst):
    # the compiled coarse loop (int64 sums, one pair; its set-up charge waived so that it is chosen at small d)
    # remembered with its set-up, its int32 inputs made at each reward: rewards of other sizes shift differently
    A, B, rewards = inst
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(C, "COARSE_SETUP", 0)
        C._kernel("int64")      # noqa: B018 - the loops loaded: the plans weigh no load
        mp.setattr(C, "_LOADED", C._LOADED | {"int32", "int64", "coarse"})
        hits = []
        real = S._recalled
        mp.setattr(S, "_recalled", lambda *a, **k: hits.append(real(*a, **k)) or hits[-1])
        _forget()
        for values, size in rewards:
            r = [v * size for v in values]
            want = naive_orbit_counts(A, B, r)
            for _ in range(4):
                assert _raw(orbit_counts(A, B, r)) == want
        choices = [c for _, facts in scaling._FACTS.values() if S._CHOICES in facts
                   for c in facts[S._CHOICES].values()]
        assert all(c.prepared is not None for c in choices if c.engine == "compiled" and c.plan.dtype != "big")


@needs_numba
def test_the_coarse_loop_is_remembered_with_its_set_up(monkeypatch):
    # int64 sums and one pair at d = 6 with the set-up charge waived: the remembered choice is the coarse loop's, with
    # its set-up kept, and its counts at rewards of one shape and other sizes are the brute force's
    monkeypatch.setattr(C, "COARSE_SETUP", 0)
    C._kernel("int64")      # noqa: B018
    monkeypatch.setattr(C, "_LOADED", C._LOADED | {"int32", "int64", "coarse"})
    A = [(10**9, 3, 5 * 10**8, 7, 0, 10**9 - 1), (1, 10**9, 2, 3 * 10**8, 10**9, 4)]
    B = [(5 * 10**8, 5 * 10**8, 10**9, 1, 2, 3), (7 * 10**8, 0, 0, 10**9, 9 * 10**8, 1)]
    hits = []
    real = S._recalled
    monkeypatch.setattr(S, "_recalled", lambda *a, **k: hits.append(real(*a, **k)) or hits[-1])
    for size in (10**6, 10**3, 10**8, 1):
        r = [size * v for v in (5, 1, 4, 2, 6, 3)]
        for _ in range(4):
            assert _raw(orbit_counts(A, B, r)) == naive_orbit_counts(A, B, r)
    choices = [c for _, facts in scaling._FACTS.values() if S._CHOICES in facts for c in facts[S._CHOICES].values()]
    coarse = [c for c in choices if c.engine == "compiled" and c.plan.coarse and c.plan.dtype != "big"]
    assert coarse and all(c.prepared is not None for c in coarse)
    assert sum(h is not None and h[1] == "compiled" for h in hits) >= 6


# ---------------------------------------------------------------- a core install: maxima's choice remembered
@pytest.fixture
def core(monkeypatch):
    """numba hidden from the selection, as a core install counts (no compiled plan is weighed)."""
    monkeypatch.setattr(C, "numba_installed", lambda: False)
    hits = []
    real = S._recalled

    def spy(*args, **kwargs):
        got = real(*args, **kwargs)
        hits.append(None if got is None else got[1])
        return got

    monkeypatch.setattr(S, "_recalled", spy)
    return hits


@settings(max_examples=30, deadline=None)
@given(st.integers(3, 6).flatmap(lambda d: st.tuples(
    st.lists(st.tuples(*[_ENTRY] * d), min_size=1, max_size=4),
    st.lists(st.tuples(*[_ENTRY] * d), min_size=1, max_size=4),
    st.lists(st.lists(st.integers(-3, 5), min_size=d, max_size=d), min_size=1, max_size=3),
    st.sampled_from([1, 10**6, 10**12]))))
def test_a_core_install_counts_from_remembered_maxima_choices_exactly(inst):
    # the same kept rows at rewards of other values, ties and sizes, each counted four times, raw and relative to C,
    # as a core install counts them: every count the brute force, whether or not the choice was remembered
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(C, "numba_installed", lambda: False)
        _counted_four_times_at_each_reward(*inst)


def test_a_core_install_remembers_the_choice_of_maxima(core):
    # with no compiled plan to weigh, maxima's choice is remembered like the compiled loop's; the remembered count
    # equals the selection's own (nothing remembered), engine and work estimate included
    A = [(1, 0, 2, 3, 0, 1), (0, 2, 1, 1, 3, 0), (2, 2, 0, 1, 0, 1)]
    B = [(0, 1, 1, 0, 2, 3), (3, 0, 0, 2, 1, 1)]
    rewards = [[5, 1, 4, 2, 6, 3], [0, 0, 1, 1, 2, 9], [10**8, 3, 7, -2, 0, 1], [9, 8, 7, 6, 5, 4]]
    combined = _as_the_selection_counts(A, B, rewards, engine="maxima")
    assert core.count("maxima") >= 8 and set(core) <= {None, "maxima"}
    choices = row_facts(combined[0])[S._CHOICES].values()
    assert len(combined) == 1 and {c.engine for c in choices} == {"maxima"}
    # each with maxima's set-up (maxima.prepare), but the coarse tables', which read the reward's size
    assert all((c.prepared is None) == c.plan.coarse for c in choices) and any(c.prepared for c in choices)


@needs_numba
def test_core_and_compiled_choices_are_kept_apart(core, monkeypatch):
    # whether numba is there is part of the key: a choice remembered as a core install is never taken with the
    # compiled loop available, nor the other way round; with the loop loaded and cheaper, the loop is taken
    A = [(1, 0, 2, 3, 0), (0, 2, 1, 1, 3)]
    B = [(0, 1, 1, 0, 2), (3, 0, 0, 2, 1)]
    r = [5, 1, 4, 2, 6]
    for _ in range(5):
        assert orbit_counts(A, B, r).engine == "maxima"
    assert core[-1] == "maxima"
    monkeypatch.setattr(C, "numba_installed", lambda: True)
    C._kernel("int32")      # noqa: B018 - the loop loaded, so that the selection takes it where it is cheapest
    C._LOADED.update(("int32", "int64"))
    core.clear()
    for _ in range(5):
        c = orbit_counts(A, B, r)
        assert _raw(c) == naive_orbit_counts(A, B, r)
    assert "maxima" not in core and c.engine == "compiled"
    monkeypatch.setattr(C, "numba_installed", lambda: False)
    core.clear()
    assert orbit_counts(A, B, r).engine == "maxima" and core == ["maxima"]
    engines = {c.engine for c in row_facts(next(rows for rows, facts in scaling._FACTS.values()
                                                 if S._CHOICES in facts))[S._CHOICES].values()}
    assert engines == {"maxima", "compiled"}


@needs_numba
def test_maxima_is_remembered_over_a_pending_compiled_plan_and_notes_its_regret(monkeypatch):
    # numba installed but the loop not loaded (the ski-rental rule picks maxima while the charge is pending): the
    # choice of maxima is remembered with the compiled plan it was chosen over, and each remembered count notes the
    # same regret the selection notes (against the compiled plan made afresh), exact counts throughout
    monkeypatch.setattr(C, "pending_charge", lambda *a, **k: 10**12)
    A = [(1, 0, 2, 3, 0), (0, 2, 1, 1, 3)]
    B = [(0, 1, 1, 0, 2), (3, 0, 0, 2, 1)]
    r = [5, 1, 4, 2, 6]
    want = naive_orbit_counts(A, B, r)
    hits = []
    real = S._recalled
    monkeypatch.setattr(S, "_recalled", lambda *a, **k: hits.append(real(*a, **k)) or hits[-1])
    steps = []
    for remember in (True, False):
        # each pass from the same state: what not loading the loop and not building side tables has cost (counts
        # of the same shape in an earlier test, or the first pass, would move the plans' charges at another count)
        for name, fresh in (("_REGRET", [0]), ("_FORGONE", {}), ("_TABLES", {})):
            monkeypatch.setattr(C, name, fresh)
        monkeypatch.setattr(S, "REMEMBER_BELOW", S.REMEMBER_BELOW if remember else 0)
        regret = []
        for _ in range(6):
            c = orbit_counts(A, B, r)
            assert _raw(c) == want and c.engine == "maxima"
            regret.append(C._REGRET[0])
        steps.append(regret)
    assert steps[0] == steps[1] and steps[0][0] > 0          # the same regret, count by count
    assert sum(h is not None for h in hits) >= 3
    choices = [c for _, facts in scaling._FACTS.items() if S._CHOICES in facts[1] for c in facts[1][S._CHOICES].values()]
    assert [(c.engine, c.over_compiled) for c in choices] == [("maxima", True)]


def _counts_until_the_loop_loads(monkeypatch, A, B, r, remember):
    """The engines of the counts of (A, B, r), one after another from a process state where the compiled loop is not
    loaded and loading it is charged 200 µs, until the loop has counted (at most 500 counts)."""
    _forget()
    for name, fresh in (("_LOADED", set()), ("_REGRET", [0]), ("_FORGONE", {}), ("_TABLES", {})):
        monkeypatch.setattr(C, name, fresh)
    for name, ns in (("COST_IMPORT", 0), ("COST_FIRST_CALL", 0), ("COST_LOAD", 200_000)):
        monkeypatch.setattr(C, name, ns)
    S._PLANS.clear()
    monkeypatch.setattr(S, "REMEMBER_BELOW", 1_000_000 if remember else 0)
    want, engines = naive_orbit_counts(A, B, r), []
    while "compiled" not in engines and len(engines) < 500:
        c = orbit_counts(A, B, r)
        assert _raw(c) == want
        engines.append(c.engine)
    return engines


@needs_numba
@pytest.mark.parametrize("d", [5, 6])
def test_a_remembered_maxima_choice_loads_the_loop_at_the_selections_own_count(monkeypatch, d):
    # the ski-rental rule is unchanged by the memo: with maxima's choice remembered the loop loads at the same count
    # as when every count goes through the selection
    A = [tuple((3 * i + 2 * j) % 7 for j in range(d)) for i in range(4)]
    B = [tuple((5 * i + j * j) % 9 for j in range(d)) for i in range(4)]
    r = [10 * j * j + 3 * j + 1 for j in range(d)]
    hits = []
    real = S._recalled
    monkeypatch.setattr(S, "_recalled", lambda *a, **k: hits.append(real(*a, **k)) or hits[-1])
    remembered = _counts_until_the_loop_loads(monkeypatch, A, B, r, True)
    assert sum(h is not None and h[1] == "maxima" for h in hits) >= 3
    hits.clear()
    selected = _counts_until_the_loop_loads(monkeypatch, A, B, r, False)
    assert not any(h is not None for h in hits)
    assert remembered == selected and set(remembered[:-1]) == {"maxima"} and remembered[-1] == "compiled"
    assert 5 <= len(remembered) < 500
