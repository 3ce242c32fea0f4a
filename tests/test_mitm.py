"""The meet-in-the-middle engine (issue 14): against the naive brute force and the reference engine,
at every split point, on both ranking paths, in parallel, exact past int64, and its work guard."""

import multiprocessing
import platform
from concurrent.futures import ProcessPoolExecutor
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symorbit import InvalidArgument, TooLarge, optimality_counts, orbit_counts
from symorbit.orbits.engines import mitm as M
from symorbit.orbits.engines import problem as E
from symorbit.orbits.engines.select import MAX_EVALUATIONS, solve
from symorbit.testing.naive import naive_optimality_counts, naive_orbit_counts
from symorbit.testing.strategies import rewards


def vectors(d, max_size=3, lo=-2, hi=3):
    """Lists of integer vectors; duplicates allowed (inside a set and between sets)."""
    vec = st.lists(st.integers(lo, hi), min_size=d, max_size=d).map(tuple)
    return st.lists(vec, min_size=1, max_size=max_size)


def instance(max_d=6, max_size=3):
    return st.integers(1, max_d).flatmap(lambda d: st.tuples(vectors(d, max_size), vectors(d, max_size),
                                                             rewards(d, min_value=-2, max_value=2)))


def problem_of(A, B, r, C=None):
    vecs = [tuple(map(Fraction, v)) for v in A + B + (C or [])]
    groups = [list(range(len(A))), list(range(len(A), len(A) + len(B)))]
    pairs = [(1, 0)]
    if C is not None:
        groups.append(list(range(len(A) + len(B), len(vecs))))
        pairs = [(1, 2), (0, 2)]
    return E.make_problem(vecs, groups, pairs, tuple(map(Fraction, r)))


def raw(tally):
    return tally.get((1,), 0), tally.get((-1,), 0), tally.get((0,), 0)


@settings(max_examples=150, deadline=None)
@given(instance())
def test_agrees_with_bruteforce_and_reference(inst):
    A, B, r = inst
    want = naive_orbit_counts(A, B, r)
    c = orbit_counts(A, B, r, engine="mitm")
    assert (c.b_better, c.a_better, c.ties) == want
    ref = orbit_counts(A, B, r, engine="reference")
    assert (ref.b_better, ref.a_better, ref.ties) == want
    assert c.orbit_size == sum(want) and c.engine == "mitm"


@settings(max_examples=60, deadline=None)
@given(instance(max_d=5))
def test_every_split_point_gives_the_same_counts(inst):
    # k = 0 and k = d put everything on one side (the other side is the empty arrangement).
    A, B, r = inst
    want = naive_orbit_counts(A, B, r)
    problem = problem_of(A, B, r)
    for k in range(len(r) + 1):
        tally, _ = M.mitm(problem, M.Plan(k, 0, 0, True, 0), workers=1)
        assert raw(tally) == want, k


@settings(max_examples=60, deadline=None)
@given(instance(max_d=5))
def test_every_ranking_method_gives_the_same_counts(inst):
    A, B, r = inst
    problem = problem_of(A, B, r)
    want = naive_orbit_counts(A, B, r)
    old = M.RANK_METHOD
    try:
        for method in M.RANK_METHODS:
            M.RANK_METHOD = method
            tally, _ = M.mitm(problem, workers=1)
            assert raw(tally) == want, method
    finally:
        M.RANK_METHOD = old


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 6), st.integers(1, 9), st.integers(0, 2**61), st.data())
def test_ranks_agree_with_counting_by_hand(Q, N, scale, data):
    # every method against the definition, on ties, huge spans and Python integers
    big = data.draw(st.booleans())
    ints = st.integers(-scale, scale) if not big else st.integers(-2**70, 2**70)
    K = data.draw(st.lists(st.lists(ints, min_size=N, max_size=N), min_size=Q, max_size=Q))
    T = data.draw(st.lists(st.lists(ints | st.sampled_from(sum(K, [])), min_size=3, max_size=3),
                           min_size=Q, max_size=Q))
    Ka = np.array(K, dtype=object if big else np.int64)
    Ta = np.array(T, dtype=object if big else np.int64)
    old = M.RANK_METHOD
    try:
        for method in (M.RANK_METHODS if not big else ("dense",)):
            M.RANK_METHOD = method
            order, gt, ge = M._ranks(Ka, Ta)
            for q in range(Q):
                assert [K[q][i] for i in order[q]] == sorted(K[q])
                for j, t in enumerate(T[q]):
                    assert gt[q, j] == q * (N + 1) + sum(x > t for x in K[q]), method
                    assert ge[q, j] == q * (N + 1) + sum(x >= t for x in K[q]), method
    finally:
        M.RANK_METHOD = old


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 5).flatmap(lambda d: st.tuples(vectors(d, 2), vectors(d, 2), vectors(d, 2),
                                                     rewards(d, min_value=-2, max_value=2))))
def test_relative_mode_agrees_with_bruteforce(inst):
    A, B, C, r = inst
    want = naive_orbit_counts(A, B, r, C=A + B + C)
    c = orbit_counts(A, B, r, relative_to=A + B + C, engine="mitm")
    assert (c.b_better, c.a_better, c.ties) == want


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 5).flatmap(lambda d: st.tuples(vectors(d, 2, 0, 2), vectors(d, 2, 0, 2),
                                                     vectors(d, 2, 0, 2), rewards(d, min_value=0, max_value=2))))
def test_three_labels_optimality_counts(inst):
    X, Y, Z, r = inst
    sets = {"x": X, "y": Y, "z": Z}
    c = optimality_counts(sets, r, engine="mitm")
    assert {k: (c.weak[k], c.strict[k]) for k in sets} == naive_optimality_counts(sets, r)


@pytest.mark.parametrize(
    "A, B, r",
    [
        ([(1, 0, 0)], [(0, 1, 0), (0, 0, 1)], (1, 2, 3)),            # candy, docs/theory.md#candy
        ([(1, 0, 0)], [(0, 1, 0), (0, 0, 1)], (1, 2, 2)),            # ties in r: 1/0/2
        ([(1, 1, 0, 0)], [(0, 0, 1, 1)], (1, 4, 2, 3)),               # ties between vectors (docs/theory.md#p2)
        ([(2, 1, 0, 3)], [(2, 1, 0, 3)], (0, 1, 2, 3)),               # A = B: every element ties
        ([(1, 2, 3, 4), (1, 2, 3, 4)], [(4, 3, 2, 1)], (5, 5, 5, 5)),  # duplicates, constant r
        ([(0, 0, 0, 0, 0)], [(1, -1, 2, 0, 3)], (-2, -1, 0, 1, 2)),  # a zero vector, negative values
    ],
)
def test_worked_examples(A, B, r):
    c = orbit_counts(A, B, r, engine="mitm")
    assert (c.b_better, c.a_better, c.ties) == naive_orbit_counts(A, B, r)
    assert all(type(x) is int for x in (c.b_better, c.a_better, c.ties, c.orbit_size, c.evaluations))


def test_candy_counts_are_the_spec_table():
    c = orbit_counts([[1, 0, 0]], [[0, 1, 0], [0, 0, 1]], [0, 1, 1], engine="mitm")
    assert (c.b_better, c.a_better, c.ties, c.orbit_size) == (1, 0, 2, 3)


def test_rational_entries_are_scaled_exactly():
    A = [("1/3", "1/2", 0)]
    B = [(0, "1/6", "2/3")]
    r = ("1/2", "-1/3", "7/5")
    c = orbit_counts(A, B, r, engine="mitm")
    assert (c.b_better, c.a_better, c.ties) == naive_orbit_counts(
        [tuple(map(Fraction, v)) for v in A], [tuple(map(Fraction, v)) for v in B], tuple(map(Fraction, r)))


def test_overflow_falls_back_to_python_integers():
    big = 2**40
    A = [(big, 1, 0, 3, 2), (0, big, 2, 1, 5)]
    B = [(1, 2, big, 0, 4), (3, 0, 1, big - 1, 0)]
    r = (big, big + 1, 5, 7, -big)
    problem = problem_of(A, B, r)
    assert problem.sums_dtype is None             # 2 · 5 · 2^40 · (2^40 + 1) ≥ 2^62: Python integers
    c = orbit_counts(A, B, r, engine="mitm")
    assert (c.b_better, c.a_better, c.ties) == naive_orbit_counts(A, B, r)
    tally, _ = M.mitm(problem, M.Plan(2, 0, 0, True, 0), workers=1)
    assert raw(tally) == naive_orbit_counts(A, B, r)


def test_two_processes_give_the_same_tally_as_one():
    A = [(3, 1, 4, 1, 5, 9, 2), (2, 7, 1, 8, 2, 8, 1)]
    B = [(1, 4, 1, 4, 2, 1, 3), (5, 6, 2, 9, 5, 1, 0)]
    r = (1, 2, 2, 3, 5, 8, 13)
    problem = problem_of(A, B, r)
    one, _ = M.mitm(problem, workers=1)
    two, _ = M.mitm(problem, workers=2)
    assert one == two
    assert raw(one) == naive_orbit_counts(A, B, r)


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="mallopt is glibc's")
def test_the_workers_keep_freed_memory_for_their_arrays():
    # the initializer changes the process it runs in, so it runs in a worker, as mitm runs it
    ctx = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
        assert pool.submit(M._reuse_freed_memory).result() is True


def test_progress_accounts_for_the_whole_orbit():
    seen = []
    c = orbit_counts([(1, 2, 0, 1, 3)], [(2, 0, 1, 1, 1)], (1, 1, 2, 3, 4), engine="mitm", progress=seen.append)
    assert sum(seen) == c.orbit_size == 60


def test_auto_picks_a_split_engine_for_unstructured_sets():
    # no symmetry, not one-hot: one of the engines over splits of the reward multiset, on cost
    A = [(3, 1, 4, 1, 5, 9, 2, 6), (2, 7, 1, 8, 2, 8, 1, 8)]
    B = [(1, 4, 1, 4, 2, 1, 3, 5), (5, 6, 2, 9, 5, 1, 0, 2)]
    c = orbit_counts(A, B, range(1, 9))
    assert c.engine in ("mitm", "maxima", "compiled")
    m = orbit_counts(A, B, range(1, 9), engine="mitm")
    assert tuple(c) == tuple(m)


def test_auto_keeps_blocks_when_symmetry_is_cheaper():
    d = 14                                   # coordinates 2..13 are interchangeable: 14·13 distributions
    A = [tuple([1, 0] + [0] * (d - 2))]
    B = [tuple([0, 2] + [1] * (d - 2))]
    assert orbit_counts(A, B, range(d)).engine in ("blocks", "topwalk")


def test_plan_estimate_is_the_reported_work():
    problem = problem_of([(1, 2, 0, 1, 3, 2)], [(2, 0, 1, 1, 1, 0)], (1, 1, 2, 3, 4, 5))
    plan = M.plan(problem)
    assert plan.exact
    by_hand = sum(M._split_work(E.multinomial(t), E.multinomial([c - x for c, x in zip(problem.multiplicities, t)]), 2,
                                2, plan.k, 6)
                  for t in E.submultisets(problem.multiplicities, plan.k))
    assert plan.work == by_hand
    assert plan.splits == sum(1 for _ in E.submultisets(problem.multiplicities, plan.k))
    c = orbit_counts([(1, 2, 0, 1, 3, 2)], [(2, 0, 1, 1, 1, 0)], (1, 1, 2, 3, 4, 5), engine="mitm")
    assert c.evaluations == plan.work


def test_guard_uses_the_engines_work_not_the_orbit_size():
    # d = 13, 4 + 4 vectors: |orbit| = 6.2e9 is far above every enumeration limit, but the
    # bitset work is not; d = 15 is refused with the estimate in the message.
    def inst(d):
        A = [tuple((i * 7 + j * 3) % 10 for j in range(d)) for i in range(4)]
        B = [tuple((i * 5 + j * 11 + 1) % 10 for j in range(d)) for i in range(4)]
        return A, B, tuple(range(1, d + 1))

    A, B, r = inst(13)
    plan = M.plan(problem_of(A, B, r))
    assert plan.exact and plan.work < MAX_EVALUATIONS["mitm"]
    assert 6227020800 > MAX_EVALUATIONS["pruning"]             # the old guard refused on |orbit|
    A, B, r = inst(15)
    with pytest.raises(TooLarge, match=r"engine=mitm: about [0-9.e+]+ word operations \(d=15"):
        orbit_counts(A, B, r, engine="mitm")
    with pytest.raises(TooLarge, match=r"engine=(mitm|maxima|compiled): about .* exceeds the limit"):
        orbit_counts(A, B, r)           # auto: the cheapest engine's own estimate, still over its limit


def test_guard_is_cheap_for_huge_d():
    d = 40
    with pytest.raises(TooLarge, match="exceeds the limit"):
        orbit_counts([list(range(d))], [list(range(d))[::-1]], list(range(d)), engine="mitm")


def test_too_many_pairs_is_refused_with_a_reason():
    # mitm compares at most three pairs; optimality_counts over four labels then compares each label with its rest
    # in two counts (three pairs and one), each within the limit
    sets = {k: [tuple(int(i == j) + 1 for i in range(4))] for j, k in enumerate("wxyz")}
    vectors = [tuple(map(Fraction, v[0])) for v in sets.values()]
    groups = [g for j in range(4) for g in ([j], [i for i in range(4) if i != j])]
    p = E.make_problem(vectors, groups, [(2 * j, 2 * j + 1) for j in range(4)], tuple(map(Fraction, (1, 2, 3, 4))))
    assert "at most 3 pairs" in M.applicable(p)
    with pytest.raises(InvalidArgument, match="at most 3 pairs"):
        solve(vectors, groups, list(p.pairs), tuple(map(Fraction, (1, 2, 3, 4))), "mitm", None)
    c = optimality_counts(sets, (1, 2, 3, 4), engine="mitm")
    assert c.engine == "mitm" and {k: (c.weak[k], c.strict[k]) for k in sets} == \
        naive_optimality_counts(sets, (1, 2, 3, 4))


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 5), st.sampled_from(["ties", "rational", "big-int", "wide"]), st.data())
def test_every_input_class_agrees_with_bruteforce(d, cls, data):
    # the input classes of issue 24 at small d: many ties, rationals with large denominators,
    # integers past int64 (Python-int fallback) and int64 keys too wide to pack (argsort path)
    if cls == "ties":
        vals = st.integers(0, 1)
    elif cls == "rational":
        vals = st.fractions(min_value=-10**6, max_value=10**6, max_denominator=10**9)
    elif cls == "big-int":
        vals = st.integers(-2**70, 2**70)
    else:
        vals = st.integers(-2**28, 2**28)
    vec = st.lists(vals, min_size=d, max_size=d).map(tuple)
    A = data.draw(st.lists(vec, min_size=1, max_size=3))
    B = data.draw(st.lists(vec, min_size=1, max_size=3))
    r = data.draw(st.lists(vals, min_size=d, max_size=d))
    want = naive_orbit_counts(A, B, r)
    for engine in ("mitm", "auto"):
        c = orbit_counts(A, B, r, engine=engine)
        assert (c.b_better, c.a_better, c.ties) == want, engine
