"""Issue 24: the per-vector engines, maxima (numpy) and compiled (numba), and the dominance pruning every engine but the reference
runs after; both against the reference engine and the naive brute force on small instances
(ties, negative and rational rewards, duplicate vectors, |A| or |B| = 1), plus the selection."""

import itertools
import math
import random
import sys
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from symorbit import MissingExtra, optimality_counts, orbit_counts
from symorbit.exact.sparse import reward_multiset
from symorbit.orbits.engines import compiled as C
from symorbit.orbits.engines import dominance as D
from symorbit.orbits.engines import maxima as X
from symorbit.orbits.engines import mitm as M
from symorbit.orbits.engines import problem as E
from symorbit.orbits.engines import select as S
from symorbit.orbits.engines.reference import reference
from symorbit.testing.naive import naive_optimality_counts, naive_orbit_counts
from symorbit.testing.strategies import rewards

needs_numba = pytest.mark.skipif(not C.numba_installed(), reason="numba (the 'fast' extra) is not installed")
#: The per-vector engines this install can run (compiled only with numba).
PER_VECTOR = ("maxima", "compiled") if C.numba_installed() else ("maxima",)


def vectors(d, max_size=4, lo=-2, hi=3):
    """Lists of integer vectors; duplicates allowed (inside a set and between sets)."""
    vec = st.lists(st.integers(lo, hi), min_size=d, max_size=d).map(tuple)
    return st.lists(vec, min_size=1, max_size=max_size)


def instance(max_d=6, max_size=4, rational=False):
    return st.integers(1, max_d).flatmap(lambda d: st.tuples(
        vectors(d, max_size), vectors(d, max_size),
        rewards(d, min_value=-2, max_value=2, rational=rational)))


def raw(tally):
    return tally.get((1,), 0), tally.get((-1,), 0), tally.get((0,), 0)


def problem_of(A, B, r, C_=None):
    vecs = [tuple(map(Fraction, v)) for v in A + B + (C_ or [])]
    groups = [list(range(len(A))), list(range(len(A), len(A) + len(B)))]
    pairs = [(1, 0)]
    if C_ is not None:
        groups.append(list(range(len(A) + len(B), len(vecs))))
        pairs = [(1, 2), (0, 2)]
    return E.make_problem(vecs, groups, pairs, tuple(map(Fraction, r)))


# ---------------------------------------------------------------- dominance
@settings(max_examples=200, deadline=None)
@given(st.integers(1, 5).flatmap(lambda d: st.tuples(
    st.lists(st.integers(-4, 4), min_size=d, max_size=d), rewards(d, min_value=-3, max_value=3))))
def test_min_over_orbit_is_the_minimum_over_all_permutations(case):
    w, r = case
    want = min(sum(a * b for a, b in zip(w, s)) for s in itertools.permutations(r))
    assert D.min_over_orbit(w, sorted(r, reverse=True)) == want


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 5).flatmap(lambda d: st.tuples(vectors(d, 6, -3, 3), rewards(d, min_value=-2, max_value=3))))
def test_survivors_keep_the_maximum_at_every_orbit_element(case):
    vecs, r = case
    keep = D.survivors(vecs, sorted(r, reverse=True))
    assert keep and keep == sorted(set(keep))
    for s in set(itertools.permutations(r)):
        dots = [sum(a * b for a, b in zip(v, s)) for v in vecs]
        assert max(dots) == max(dots[i] for i in keep)
    # and what is dropped is dominated by a kept vector (the brute-force definition)
    for i in set(range(len(vecs))) - set(keep):
        assert any(all(sum((a - b) * c for a, b, c in zip(vecs[j], vecs[i], s)) >= 0
                       for s in itertools.permutations(r)) for j in keep)


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 5).flatmap(lambda d: st.tuples(vectors(d, 7, -3, 3), rewards(d, min_value=-2, max_value=3))),
       st.integers(1, 40))
def test_dominance_matrix_in_chunks_is_the_brute_force_one(case, chunk):
    # the matrix is sorted in chunks of rows (CHUNK_ENTRIES); any chunk size gives the definition's matrix
    vecs, r = case
    saved, D.CHUNK_ENTRIES = D.CHUNK_ENTRIES, chunk
    try:
        got = D._dominance_matrix(vecs, sorted(r, reverse=True))
    finally:
        D.CHUNK_ENTRIES = saved
    perms = set(itertools.permutations(r))
    for i, vi in enumerate(vecs):
        for j, vj in enumerate(vecs):
            assert got[i, j] == all(sum((a - b) * c for a, b, c in zip(vj, vi, s)) >= 0 for s in perms)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 5).flatmap(lambda d: st.tuples(vectors(d, 7, -3, 3), rewards(d, min_value=-2, max_value=3),
                                                     st.integers(-4, 6))))
def test_one_coordinate_sum_keeps_what_the_dominance_test_keeps(case):
    # vectors of one coordinate sum (as visit distributions are): the shortcut keeps each distinct vector's first
    # occurrence, and that is what the n² test keeps, whenever the reward has two distinct values
    vecs, r, total = case
    vecs = [v[:-1] + (total - sum(v[:-1]),) for v in vecs]
    got = D.distinct_on_one_sum(vecs, len(set(r)))
    if len(set(r)) < 2:
        assert got is None
    else:
        assert got == D.survivors(vecs, sorted(r, reverse=True))
    if len({sum(v) for v in vecs + [tuple(x + 1 for x in vecs[0])]}) > 1 and len(vecs[0]) > 0:
        assert D.distinct_on_one_sum(vecs + [tuple(x + 1 for x in vecs[0])], 2) is None


@settings(max_examples=100, deadline=None)
@given(st.integers(2, 5).flatmap(lambda d: st.tuples(vectors(d, 6, -3, 3), vectors(d, 6, -3, 3),
                                                     rewards(d, min_value=-2, max_value=3), st.booleans())))
def test_prune_on_one_coordinate_sum_is_prune_by_the_test(case):
    # prune takes the shortcut group by group; with it disabled (the n² test everywhere) the groups are the same
    A, B, r, big = case
    shift = 2**70 if big else 0              # past int64 too, where the test runs on coarse_scale first
    A, B = ([tuple(x + (shift if i == 0 else 0) for i, x in enumerate(v[:-1] + (-sum(v[:-1]),)))
             for v in S_] for S_ in (A, B))
    p = problem_of(A, B, r)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(D, "distinct_on_one_sum", lambda vecs, n: None)
        want = D.prune(p)
    assert D.prune(p) == want


def test_survivors_drop_duplicates_and_ties_that_never_win():
    # (0, 1) ties (2, 0) at r' = (1, 2) and loses at (2, 1): dropped, and the tie is still counted
    assert D.survivors([(1, 0), (2, 0), (0, 1), (1, 0)], [2, 1]) == [1]
    A, B, r = [(2, 0)], [(2, 0), (0, 1), (1, 0)], (2, 1)
    assert naive_orbit_counts(A, B, r) == (0, 0, 2)
    for engine in ("mitm", "pruning", "vectorised", "blocks"):
        c = orbit_counts(A, B, r, engine=engine)
        assert (c.b_better, c.a_better, c.ties) == (0, 0, 2), engine


def test_survivors_on_entries_past_int64():
    big = 2**70
    assert D.survivors([(big, 0), (big + 1, 1), (0, big)], [3, 1]) == [1, 2]


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 5).flatmap(lambda d: st.tuples(vectors(d, 6, -3, 3), vectors(d, 6, -2, 2),
                                                     rewards(d, min_value=-3, max_value=3), st.integers(60, 90),
                                                     st.booleans())))
def test_dominance_past_int64_in_int64_first(case):
    # sums past int64: the minima formed on the shifted vectors and reward of coarse_scale(problem, "int64"), a pair
    # tested in Python integers only where its coarse minimum lies within the band; the matrix is the definition's,
    # near-ties (vectors equal in their high bits) and exact ties included
    high, low, r, bits, big_reward = case
    vecs = [tuple((h << bits) + x for h, x in zip(hv, lv)) for hv, lv in zip(high, low)]
    r = [x << bits if big_reward else x for x in r]
    assume(len(vecs) >= 2)
    p = problem_of(vecs[:1], vecs[1:], r)
    scale = E.coarse_scale(p, "int64")
    assume(scale is not None)
    got = D._dominance_matrix(vecs, sorted(r, reverse=True), (scale.a, scale.b, scale.width))
    perms = set(itertools.permutations(r))
    for i, vi in enumerate(vecs):
        for j, vj in enumerate(vecs):
            assert got[i, j] == all(sum((a - b) * c for a, b, c in zip(vj, vi, s)) >= 0 for s in perms)
    q = D.prune(p)
    assert M.mitm(q, workers=1)[0] == reference(p)[0]


@settings(max_examples=150, deadline=None)
@given(instance(max_d=5, max_size=5), st.booleans())
def test_pruned_problem_has_the_reference_tally(inst, relative):
    A, B, r = inst
    p = problem_of(A, B, r, A[:1] + B[-1:] if relative else None)
    q = D.prune(p)
    assert all(set(q.vectors[i] for i in gq) <= set(p.vectors[i] for i in gp) for gp, gq in zip(p.groups, q.groups))
    want, _ = reference(p)
    assert M.mitm(q, workers=1)[0] == want
    assert X.maxima(q)[0] == want
    if C.numba_installed():
        assert C.compiled(q)[0] == want


# ---------------------------------------------------------------- the per-vector engines
@settings(max_examples=150, deadline=None)
@given(instance())
def test_per_vector_engines_agree_with_bruteforce_and_reference(inst):
    A, B, r = inst
    want = naive_orbit_counts(A, B, r)
    for engine in PER_VECTOR:
        c = orbit_counts(A, B, r, engine=engine)
        assert (c.b_better, c.a_better, c.ties) == want and c.engine == engine
    ref = orbit_counts(A, B, r, engine="reference")
    assert (ref.b_better, ref.a_better, ref.ties) == want


@settings(max_examples=80, deadline=None)
@given(instance(max_d=5, rational=True))
def test_per_vector_engines_on_rational_rewards(inst):
    A, B, r = inst
    for engine in PER_VECTOR:
        c = orbit_counts(A, B, r, engine=engine)
        assert (c.b_better, c.a_better, c.ties) == naive_orbit_counts(A, B, r), engine


@settings(max_examples=60, deadline=None)
@given(instance(max_d=5))
def test_per_vector_engines_at_every_split_point_and_both_integer_types(inst):
    A, B, r = inst
    p = problem_of(A, B, r)
    want, _ = reference(p)
    for k in range(len(r) + 1):
        for dtype in ("int32", "int64"):
            assert X.maxima(p, X.Plan(k, 0, 0, dtype))[0] == want, (k, dtype)
            if C.numba_installed():      # each split's own dot products, and the table mode's prefix trees
                for tables in (False, True):
                    assert C.compiled(p, C.Plan(k, 0, 0, dtype, 0, tables))[0] == want, (k, dtype, tables)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 5).flatmap(lambda d: st.tuples(vectors(d, 3), vectors(d, 3), vectors(d, 3),
                                                     rewards(d, min_value=-2, max_value=2))),
       st.lists(st.lists(st.integers(0, 2), max_size=3), min_size=1, max_size=4))
def test_both_compiled_modes_with_several_pairs_and_empty_groups_at_every_split_point(inst, extra):
    # relative to C (two pairs), and extra groups (some empty) compared with one another: the tally of
    # sign patterns, in the table mode and split by split, against the reference engine
    A, B, Cs, r = inst
    vecs = [tuple(map(Fraction, v)) for v in A + B + Cs]
    groups = [list(range(len(A))), list(range(len(A), len(A) + len(B))), list(range(len(A) + len(B), len(vecs)))]
    groups += [[i for i in g if i < len(vecs)] for g in extra]
    pairs = [(1, 2), (0, 2)] + [(3 + i, (i + 1) % len(groups)) for i in range(len(extra))]
    pairs = [(x, y) for x, y in pairs if groups[x]][:C.MAX_PAIRS]
    p = E.make_problem(vecs, groups, pairs, tuple(map(Fraction, r)))
    want, _ = reference(p)
    for k in range(len(r) + 1):
        for tables in (False, True):
            if C.numba_installed():
                assert C.compiled(p, C.Plan(k, 0, 0, "int64", 0, tables))[0] == want, (k, tables)


def test_maxima_across_several_blocks(monkeypatch):
    # blocks of R arrangements smaller than one row each: every block boundary is crossed
    monkeypatch.setattr(X, "BLOCK", 5)
    A, B, r = [(1, 0, 2, 1, 0, 3)], [(0, 1, 1, 2, 3, 0), (2, 2, 0, 0, 1, 1)], (0, 1, 1, 2, 5, 5)
    for C_ in (None, [(3, 0, 0, 1, 1, 0), (0, 0, 2, 2, 1, 1)]):     # one compared pair; two, relative to C
        p = problem_of(A, B, r, C_)
        want, _ = reference(p)
        for k in range(7):
            assert X.maxima(p, X.Plan(k, 0, 0, "int64"))[0] == want, (k, C_)


# ---------------------------------------------------------------- maxima's float64 side sums and kept buffers
@settings(max_examples=120, deadline=None)
@given(st.integers(1, 6).flatmap(lambda k: st.tuples(
    st.lists(st.lists(st.integers(-2**20, 2**20), min_size=k, max_size=k), min_size=1, max_size=4),
    st.lists(st.integers(1, 3), min_size=1, max_size=k).filter(lambda c: sum(c) == k) if k <= 3 else
    st.just([1] * k))), st.integers(0, 40), st.booleans())
def test_side_sums_in_doubles_are_exact_up_to_the_bound(case, shift, kept):
    # vectors and values near the float64 test's bound 2^53 (sums of |products| below it: one BLAS product; at or
    # above it: the integer product); both against the sums in Python integers, kept buffers or not
    rows, shape = case
    k = sum(shape)
    V = np.array(rows, dtype=np.int64)
    top = int(np.abs(V).max()) or 1
    big = (1 << 53) // (top * k)                       # the largest value whose sums stay below 2^53 ... or not
    vals = np.array(sorted({big + 20 - shift - i * (shift + 1) for i in range(len(shape))} | {-(big >> 1)})
                    [-len(shape):], dtype=np.int64)           # the largest |value| from big + 20 down to big - 20
    assume(len(vals) == len(shape))
    table = M._arrangements(tuple(shape))
    got = X._side_sums(V, vals, table, int(np.abs(V).max()), "U" if kept else "")
    want = [[sum(int(V[x, j]) * int(vals[table[j, a]]) for j in range(k)) for a in range(table.shape[1])]
            for x in range(V.shape[0])]
    assert got.dtype == np.int64 and got.tolist() == want


@settings(max_examples=60, deadline=None)
@given(st.lists(instance(max_d=5), min_size=1, max_size=4), st.booleans())
def test_maxima_with_kept_buffers_counts_after_counts(insts, relative):
    # every table kept (KEPT_FROM = 0), for several counts in a row of other sizes and shapes, at every split
    # point (both sides' sums kept at once), raw and relative to C: each against the reference engine
    saved = X.KEPT_FROM
    X.KEPT_FROM = 0
    try:
        for A, B, r in insts:
            p = problem_of(A, B, r, A[:1] + B[-1:] if relative else None)
            want, _ = reference(p)
            for k in range(len(r) + 1):
                for dtype in ("int32", "int64"):
                    assert X.maxima(p, X.Plan(k, 0, 0, dtype))[0] == want, (k, dtype)
    finally:
        X.KEPT_FROM = saved


def test_maxima_groups_in_any_order_with_an_empty_side():
    # the empty R side (k = d) reads each group's rows as a range where they are one, else by index
    vecs = [tuple(map(Fraction, v)) for v in [(3, 0, 1, 2), (0, 2, 2, 1), (1, 1, 3, 0), (2, 3, 0, 0), (0, 0, 4, 1)]]
    r = tuple(map(Fraction, (0, 1, 1, 3)))
    for groups in ([[0, 1], [2, 3, 4]], [[3, 0], [4, 1, 2]], [[1, 3], [0, 2, 4]], [[4], [2, 0]]):
        p = E.make_problem(vecs, groups, [(1, 0)], r)
        want, _ = reference(p)
        assert X.maxima(p, X.Plan(4, 0, 0, "int32"))[0] == want, groups


def test_maxima_kept_buffers_are_per_thread():
    # two threads counting at once, each with its own kept buffers (tables past KEPT_FROM at d = 7)
    import threading

    rng = random.Random(5)
    cases = []
    for _ in range(2):
        A = [tuple(rng.randrange(10) for _ in range(7)) for _ in range(4)]
        B = [tuple(rng.randrange(10) for _ in range(7)) for _ in range(4)]
        r = tuple(rng.randrange(10**6) for _ in range(7))
        p = problem_of(A, B, r)
        cases.append((p, reference(p)[0]))
    assert M._arrangements((1,) * 7).size * 8 >= X.KEPT_FROM      # the tables are kept
    bad = []

    def run(p, want):
        for _ in range(20):
            got = X.maxima(p)[0]
            if got != want:
                bad.append(got)

    threads = [threading.Thread(target=run, args=case) for case in cases]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not bad


@settings(max_examples=80, deadline=None)
@given(instance(max_d=6), st.lists(st.randoms(use_true_random=False), min_size=1, max_size=3),
       st.sampled_from([1, 7, 10**6, 2**54]), st.booleans(), st.booleans(), st.booleans())
def test_maxima_counts_from_its_set_up_at_other_rewards(case, shuffles, scale, relative, listed, kept):
    # maxima's set-up made once (prepare) counts any reward of the same multiplicities and sums' type
    # (count_prepared): values permuted among the ties' classes, scaled (2^54: int64 sums past float64's exact
    # integers), at every split point (k = d: the side sums alone), raw and relative to C, with the splits listed
    # or formed as the count reaches them, every table kept or none; each against the reference engine
    A, B, r = case
    p = problem_of(A, B, [x * scale for x in r], A[:1] + B[-1:] if relative else None)
    dtype = p.sums_dtype
    assume(dtype is not None)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(X, "KEPT_FROM", 0 if kept else X.KEPT_FROM)
        for k in range(p.d + 1):
            mp.setattr(X, "PREPARED_SPLITS", 10**9 if listed else 0)
            q = X.prepare(p, X.Plan(k, len(list(E.submultisets(tuple(p.multiplicities), k))), 0, dtype))
            assert (q.layout is not None) == listed and (q.VLf is not None) == (k == p.d)
            for rng in shuffles:
                values = sorted(rng.sample(range(-3 * scale, 4 * scale), len(p.values)))   # same multiplicities
                other = E.with_reward(p, reward_multiset([v for v, c in zip(values, p.multiplicities)
                                                          for _ in range(c)]), dtype)
                need = E.sums_dtype_of(p.d, p.magnitudes[0], max(map(abs, values)))   # with_reward takes dtype as given
                assume(need == dtype or dtype == "int64" and need == "int32")
                want, _ = reference(other)
                assert X.count_prepared(q, other.values)[0] == want, (k, values)


@settings(max_examples=150, deadline=None)
@given(st.integers(2, 6).flatmap(lambda d: st.tuples(
    st.integers(2**44, 2**50),
    st.lists(st.lists(st.integers(-3, 3), min_size=d, max_size=d), min_size=1, max_size=4),
    st.lists(st.lists(st.integers(-3, 3), min_size=d, max_size=d), min_size=1, max_size=4),
    st.lists(st.integers(-2**7, 2**7), min_size=d, max_size=d),
    st.lists(st.booleans(), min_size=d, max_size=d))), st.sampled_from(["raw", "A + B + 1", "A[:1] + B[-1:]"]))
def test_maxima_banded_float64_sums_count_exactly(case, question):
    # int64 sums past float64's exact integers, every value on L: float64 side sums within a proven band, the
    # elements where some pair is inside it recounted in integers. Vectors one huge base apart from small offsets,
    # in some coordinates (near-ties of a few units among sums near 2^60, and exact ties); raw, and relative to a C
    # holding A and B (contained pairs: a bit each) or not (three signs each); against the reference engine
    base, offs_a, offs_b, r, huge = case
    A = [tuple(base * h + o for h, o in zip(huge, v)) for v in offs_a]
    B = [tuple(base * h + o for h, o in zip(huge, v)) for v in offs_b]
    assume(any(huge) and any(r))
    C_ = {"raw": None, "A + B + 1": A + B + [tuple(base * h for h in huge)], "A[:1] + B[-1:]": A[:1] + B[-1:]}[question]
    p = problem_of(A, B, r, C_)
    assume(p.sums_dtype == "int64")
    q = X.prepare(p, X.Plan(p.d, 1, 0, "int64"))
    banded = X._abs_sums(q, np.array(p.values, dtype=np.int64)) >= 2**53
    assert X.count_prepared(q, p.values)[0] == reference(p)[0], (banded, q.radix)
    c = orbit_counts(A, B, r, engine="maxima", relative_to=C_)      # the public call, against the brute force
    assert (c.b_better, c.a_better, c.ties) == naive_orbit_counts(A, B, r, C_)


def test_maxima_set_up_is_for_plain_plans_only():
    # the coarse tables read the reward's size, and sums past int64 are counted on rounded tables: neither has a
    # set-up apart from the reward
    p = problem_of([(1, 0, 2)], [(0, 3, 1)], (1, 2, 3))
    for the_plan in (X.Plan(3, 1, 0, "int64", True), X.Plan(3, 1, 0, "big", True)):
        with pytest.raises(ValueError, match="below int64"):
            X.prepare(p, the_plan)
    q = X.prepare(p, X.plan(p))
    assert X.count_prepared(q, p.values) == X.maxima(p)
    progress = []
    assert X.count_prepared(q, p.values, progress.append)[0] == reference(p)[0] and sum(progress) == 6


def test_scratch_buffers_are_released_per_thread():
    # the engines' scratch buffers (maxima's tables, the compiled loop's workspace) are kept per thread until
    # released; a count after a release makes them again, and a release in another thread leaves this one's alone
    import threading

    from symorbit.orbits.engines import scratch

    rng = random.Random(7)
    A = [tuple(rng.randrange(10) for _ in range(7)) for _ in range(4)]
    B = [tuple(rng.randrange(10) for _ in range(7)) for _ in range(4)]
    p = problem_of(A, B, tuple(rng.randrange(10**6) for _ in range(7)))
    want = reference(p)[0]
    scratch.release()
    assert X.maxima(p)[0] == want
    held = scratch.held()
    assert held >= M._arrangements((1,) * 7).size * 8        # the table of 5,040 arrangements, kept
    freed = []
    other = threading.Thread(target=lambda: freed.append(scratch.release()))
    other.start()
    other.join()
    assert freed == [0] and scratch.held() == held
    assert scratch.release() == held and scratch.held() == 0
    assert X.maxima(p)[0] == want and scratch.held() == held


# ---------------------------------------------------------------- maxima's coarse int32 tables
def _big_instance(draw_scale):
    """One pair of sets whose sums need int64: the vectors, the reward or both large (signs mixed)."""
    return st.tuples(st.integers(1, 6), st.sampled_from(("vectors", "reward", "both")), st.randoms()).map(draw_scale)


def _scaled(case):
    d, big, rng = case
    vx, vr = {"vectors": (2**45, 4), "reward": (9, 2**40), "both": (2**26, 2**24)}[big]
    base = [tuple(rng.randint(-vx, vx) for _ in range(d)) for _ in range(rng.randint(1, 4))]
    near = [tuple(x + rng.randint(-2, 2) for x in v) for v in base]        # near-ties: inside the band
    B = [tuple(rng.randint(-vx, vx) for _ in range(d)) for _ in range(rng.randint(0, 3))] + near
    r = [rng.randint(-vr, vr) for _ in range(d)]
    if rng.random() < 0.3:
        r = [rng.choice(r) for _ in range(d)]                               # repeated values
    return base, B, r


@settings(max_examples=120, deadline=None)
@given(_big_instance(_scaled), st.integers(0, 6), st.sampled_from((5, 64, 1 << 16)))
def test_maxima_coarse_tables_count_exactly(case, k, block):
    # every split point and block size, near-ties and exact ties included, against the reference engine in
    # Python integers; the band's elements recounted, and blocks with too many of them counted in int64
    A, B, r = case
    p = problem_of(A, B, r)
    assume(p.sums_dtype == "int64")
    k = min(k, p.d)
    want, _ = reference(p)
    saved = X.BLOCK
    X.BLOCK = block
    try:
        assert E.coarse_scale(p) is not None
        for coarse in (True, False):
            assert X.maxima(p, X.Plan(k, 0, 0, "int64", coarse))[0] == want, coarse
    finally:
        X.BLOCK = saved
    if C.numba_installed():      # the compiled split mode on coarse sums, and the same plan without them
        for coarse in (True, False):
            assert C.compiled(p, C.Plan(k, 0, 0, "int64", 0, False, coarse=coarse))[0] == want, coarse


def _at_the_band_edge(case, fit="int32"):
    """Pairs whose coarse and exact differences disagree as far as the band allows: x with every bit below
    the shift set (its exact value the most above its coarse one), y one step higher on one coordinate
    with those bits clear, and reward values with those bits set at every other position. The coarse
    parts sit just inside the bound of ``fit`` (int32, or int64 for the fine tables of sums past int64),
    so the shifts are the ones coarse_scale picks (checked; a few rounds find them where its greedy order
    splits a and b otherwise)."""
    d, big, rng = case
    top = E.FITS[fit] // (2 * d)
    xm, rm = {"vectors": (top // 16 - 2, 16), "reward": (16, top // 16 - 1),
              "both": (math.isqrt(7 * top // 10),) * 2, "past int64": (top // 16 - 2, 16)}[big]
    a, b = {"vectors": (20, 0), "reward": (0, 20), "both": (8, 8), "past int64": (70, 0)}[big]
    rows = [[rng.randint(1 - xm, xm - 1) for _ in range(d)] for _ in range(2)]
    rows[0][0] = xm - 1
    R = [rng.randint(1 - rm, rm - 1) for _ in range(d)]
    R[0] = rm - 1
    for _ in range(4):
        A = [tuple(x * 2**a + 2**a - 1 for x in row) for row in rows]
        B = [tuple((x + (j == i)) * 2**a for j, x in enumerate(row)) for i, row in enumerate(rows)]
        r = [v * 2**b + (2**b - 1 if k % 2 else 0) for k, v in enumerate(R)]
        c = E.coarse_scale(problem_of(A, B, r), fit)
        if c is None:
            return None
        if (c.a, c.b) == (a, b):
            return A, B, r
        a, b = c.a, c.b
    return None


def _fine_edge(case):
    """:func:`_at_the_band_edge` at the int64 bound: sums past int64 whose fine (int64) band is tight."""
    return _at_the_band_edge(case, "int64")


def _check_band(p, c, bound):
    """Outside [-W, W] the coarse difference of two vectors' values (and so of two maxima) of the shifts ``c``
    has the sign of the exact one, for every arrangement of the reward (the first 120); every coarse value is
    below ``bound`` in magnitude."""
    vals = [v for v, m in zip(p.values, p.multiplicities) for _ in range(m)]
    coarse_vals = [v >> c.b for v in vals]
    vecs = p.vectors
    for perm in itertools.islice(itertools.permutations(range(p.d)), 120):
        rv, rc = [vals[i] for i in perm], [coarse_vals[i] for i in perm]
        exact = [sum(x * y for x, y in zip(v, rv)) for v in vecs]
        rough = [sum((x >> c.a) * y for x, y in zip(v, rc)) for v in vecs]
        for i, j in itertools.combinations(range(len(vecs)), 2):
            if rough[i] - rough[j] > c.width:
                assert exact[i] > exact[j]
            elif rough[i] - rough[j] < -c.width:
                assert exact[i] < exact[j]
        assert all(abs(x) < bound for x in rough)


@settings(max_examples=200, deadline=None)
@given(st.one_of(_big_instance(_scaled), _big_instance(_at_the_band_edge)))
def test_coarse_band_bounds_every_exact_difference(case):
    # the fact the coarse tables rest on: outside [-W, W] the coarse difference of two vectors' values
    # (and so of two maxima) has the sign of the exact one, for every arrangement of the reward
    assume(case is not None)
    A, B, r = case
    p = problem_of(A, B, r)
    assume(p.sums_dtype == "int64")
    _check_band(p, E.coarse_scale(p), 2**29)      # the int32 bound the coarse tables are built under


@settings(max_examples=500, deadline=None)
@given(st.integers(1, 2**200), st.integers(1, 2**200), st.integers(1, 40), st.sampled_from(sorted(E.FITS.values())))
def test_greedy_shifts_are_the_one_bit_loop(vmax, rmax, d, limit):
    # the shifts taken a run of bits at a time are those of shifting the larger bound one bit at a time
    a = b = 0
    while 2 * d * -(-vmax >> a) * -(-rmax >> b) >= limit:
        a, b = (a + 1, b) if -(-vmax >> a) >= -(-rmax >> b) else (a, b + 1)
    assert E.greedy_shifts(vmax, rmax, d, limit) == (a, b)
    # and from the shifts of a wider limit, which lie on the same path
    for wider in (w for w in E.FITS.values() if w > limit):
        assert E.greedy_shifts(vmax, rmax, d, limit, E.greedy_shifts(vmax, rmax, d, wider)) == (a, b)


@settings(max_examples=500, deadline=None)
@given(st.integers(1, 2**120), st.integers(-3, 3), st.integers(1, 40), st.integers(0, 3))
def test_greedy_shifts_jump_only_onto_the_one_bit_path(vmax, skew, d, extra):
    # balanced bounds (bit lengths within a few), where the turns are jumped several bits a side at a time; the
    # limits include ones that are not the machine types'
    rmax = max(1, (vmax << skew) if skew >= 0 else vmax >> -skew)
    limit = (1 << (vmax.bit_length() // 2 + 3)) + extra + 2 * d      # above 2 · d: bounds of 1 stop the loop
    a = b = 0
    while 2 * d * -(-vmax >> a) * -(-rmax >> b) >= limit:
        a, b = (a + 1, b) if -(-vmax >> a) >= -(-rmax >> b) else (a, b + 1)
    assert E.greedy_shifts(vmax, rmax, d, limit) == (a, b)


def test_greedy_shifts_jump_off_the_path_is_refused():
    # small bounds where jumping the turns without checking the path gives other shifts: (481, 64) at d = 3
    # against 1000 would land on (5, 3), off the one-bit loop's path, and stop there; the loop stops at (6, 2)
    def one_bit(vmax, rmax, d, limit):
        a = b = 0
        while 2 * d * -(-vmax >> a) * -(-rmax >> b) >= limit:
            a, b = (a + 1, b) if -(-vmax >> a) >= -(-rmax >> b) else (a, b + 1)
        return a, b

    assert one_bit(481, 64, 3, 1000) == (6, 2) == E.greedy_shifts(481, 64, 3, 1000)
    for vmax in range(1, 600):
        for rmax in (1, 8, 64, 99, 400):
            for d, limit in ((1, 7), (2, 100), (3, 1000), (3, 257)):
                assert E.greedy_shifts(vmax, rmax, d, limit) == one_bit(vmax, rmax, d, limit), (vmax, rmax, d, limit)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 4).flatmap(lambda d: st.lists(st.lists(st.integers(-2**90, 2**90), min_size=d, max_size=d),
                                                    min_size=1, max_size=4)),
       st.lists(st.integers(30, 95), min_size=1, max_size=4))
def test_shifted_vectors_are_the_floors_whatever_was_shifted_before(vecs, shifts):
    # each shift's array is floor(x / 2^a), formed directly or from a smaller shift remembered on the problem
    p = E.make_problem([tuple(v) for v in vecs], [list(range(len(vecs)))], [(0, 0)], None,
                       reward_multiset(range(1, len(vecs[0]) + 1)), ints=True)
    for a in shifts:
        got = E.shifted_vectors(p, a)
        assert got.dtype == np.int64 and got.tolist() == [[x >> a for x in v] for v in vecs]


def test_coarse_arrays_refuse_entries_past_their_type():
    p = E.make_problem([(2**40, 1)], [[0]], [(0, 0)], None, reward_multiset([1, 2]), ints=True)
    with pytest.raises(OverflowError, match="int32"):
        E.coarse_arrays(p, E.Coarse(0, 0, 0, 0))
    assert E.coarse_arrays(p, E.Coarse(10, 0, 0, 0))[0].tolist() == [[2**30, 0]]      # fits once shifted


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 5).flatmap(lambda d: st.tuples(
    st.lists(st.tuples(*[st.integers(-2**90, 2**90)] * d), min_size=1, max_size=4),
    st.lists(st.tuples(st.integers(29, 95), st.integers(0, 40), st.lists(st.integers(-2**60, 2**60), min_size=d,
                                                                         max_size=d)), min_size=1, max_size=6))))
def test_coarse_band_remembered_with_kept_rows_is_the_band_worked_out_afresh(case):
    # the vectors' part of the band is remembered with the rows per shift a; at every reward and pair of shifts the
    # band on kept rows (the memo shared by every problem of those rows) is the one of rows read afresh (shifts a
    # under which the entries fit int64, as coarse_scale's do)
    from symorbit.exact.kept_rows import forget_kept_rows
    from symorbit.exact.scaling import at_common_scale, row_facts

    vecs, asks = case
    forget_kept_rows()
    part = tuple(vecs)
    for _ in range(2):          # the same part met twice: combined and kept
        kept, _ = at_common_scale([(part, 1)], keep=True)
    assert row_facts(kept) is not None
    for a, b, r in asks:
        at = reward_multiset(r)
        on_kept = E.make_problem(kept, [list(range(len(vecs)))], [(0, 0)], None, at, ints=True, scaled=(kept, 1))
        assert on_kept.vectors is kept
        afresh = E.make_problem([tuple(v) for v in vecs], [list(range(len(vecs)))], [(0, 0)], None, at, ints=True)
        assert E.coarse_band(on_kept, a, b) == E.coarse_band(afresh, a, b)
    forget_kept_rows()


def test_coarse_band_is_remembered_per_shift():
    from symorbit.exact.kept_rows import forget_kept_rows
    from symorbit.exact.scaling import at_common_scale, row_facts

    forget_kept_rows()
    part = ((2**80, -2**70), (-2**75, 3))
    kept = [at_common_scale([(part, 1)], keep=True)[0] for _ in range(2)][1]
    at = reward_multiset([5, -9])
    for a in (30, 40, 30, 62):
        on_kept = E.make_problem(kept, [[0, 1]], [(0, 0)], None, at, ints=True, scaled=(kept, 1))
        assert row_facts(on_kept.vectors) is not None
        low, width = E.coarse_band(on_kept, a, 1)
        shifted = [[x >> a for x in v] for v in part]
        # the vectors' part, the reward's (values -9 and 5 once each, shifted by b = 1), and d = 2 (a and b both > 0)
        assert low == min(sum(min(0, x) for x in v) for v in shifted) + (-9 >> 1)
        assert low + width == max(sum(max(0, x) for x in v) for v in shifted) + (5 >> 1) + 2
    forget_kept_rows()


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 5), st.sampled_from(((5, 0), (0, 5), (3, 4))), st.booleans(), st.randoms())
def test_coarse_offsets_lie_in_the_band_and_reach_its_top(d, shifts, extreme, rng):
    # x · r / 2^(a+b) − x' · r' over every vector and arrangement lies in [low, low + width]; where every
    # bit below the shifts is set and every entry is nonnegative (each of the three terms of the bound
    # near its largest: a share 1 − 2^-a or 1 − 2^-b of it) the offsets come that close to the top
    a, b = shifts
    if extreme:
        A = [tuple(rng.randint(0, 3) * 2**a + 2**a - 1 for _ in range(d)) for _ in range(3)]
        r = [rng.randint(0, 3) * 2**b + 2**b - 1 for _ in range(d)]
    else:
        A = [tuple(rng.randint(-2**9, 2**9) for _ in range(d)) for _ in range(3)]
        r = [rng.randint(-2**9, 2**9) for _ in range(d)]
    low, width = E.coarse_band(problem_of(A, A[:1], r), a, b)
    top = Fraction(-10**9)
    for perm in itertools.permutations(r):
        for v in A:
            off = Fraction(sum(x * y for x, y in zip(v, perm)), 2**(a + b)) - sum(
                (x >> a) * (y >> b) for x, y in zip(v, perm))
            assert low <= off <= low + width
            top = max(top, off)
    if extreme:
        share = 1 - Fraction(1, 2 ** min(s for s in shifts if s))
        assert low == 0 and top >= (low + width) * share**2


@settings(max_examples=60, deadline=None)
@given(_big_instance(_at_the_band_edge), st.integers(0, 6))
def test_maxima_coarse_tables_at_the_band_edge(case, k):
    assume(case is not None)
    A, B, r = case
    p = problem_of(A, B, r)
    want, _ = reference(p)
    assert X.maxima(p, X.Plan(min(k, p.d), 0, 0, "int64", True))[0] == want
    if C.numba_installed():
        assert C.compiled(p, C.Plan(min(k, p.d), 0, 0, "int64", 0, False, coarse=True))[0] == want


def test_the_maxima_plan_weighs_the_coarse_tables_where_they_pay():
    # int64 sums and one pair: the coarse tables at d = 11, not at d = 5 (their fixed costs are most of the count),
    # nor for int32 sums or two pairs
    rng = np.random.default_rng(2)
    for d, coarse in ((11, True), (5, False)):
        big = [tuple(int(x) for x in rng.integers(0, 10**15, d)) for _ in range(8)]
        assert X.plan(problem_of(big[:4], big[4:], range(1, d + 1))).coarse == coarse, d
    small = [tuple(int(x) for x in rng.integers(0, 9, 11)) for _ in range(8)]
    assert not X.plan(problem_of(small[:4], small[4:], range(1, 12))).coarse
    assert not X.plan(problem_of(big[:3], big[3:6], range(1, 6), big[6:])).coarse


def _past_int64(case):
    """One pair whose sums need more than int64: vectors with entries up to 2^70 (near-ties among them, repeated
    reward values now and then), or rewards that large."""
    d, big, rng = case
    vx, vr = (2**70, 9) if big != "reward" else (9, 2**70)
    A = [tuple(rng.randint(-vx, vx) for _ in range(d)) for _ in range(rng.randint(1, 3))]
    B = [tuple(rng.randint(-vx, vx) for _ in range(d)) for _ in range(rng.randint(0, 2))]
    B += [tuple(x + rng.randint(-2, 2) for x in v) for v in A[:1]]
    r = [rng.randint(-vr, vr) for _ in range(d)]
    if rng.random() < 0.3:
        r = [rng.choice(r) for _ in range(d)]
    return A, B, r


@settings(max_examples=80, deadline=None)
@given(st.one_of(_big_instance(_past_int64), st.tuples(st.integers(1, 5), st.just("past int64"), st.randoms())
                 .map(_at_the_band_edge)), st.sampled_from((5, 1 << 16)))
def test_maxima_counts_sums_past_int64_on_coarse_tables(case, block):
    # sums past int64 (no machine engine took them before): the coarse tables, the band recounted in Python
    # integers from its arrangements; where too much of a block is in the band, CoarseGaveUp (orbit_counts then
    # counts with mitm); against the reference engine
    assume(case is not None)
    A, B, r = case
    p = problem_of(A, B, r)
    assume(p.sums_dtype is None and X.applicable(p) is None)
    want, _ = reference(p)
    saved = X.BLOCK
    X.BLOCK = block
    try:
        q = X.plan(p)
        assert q.dtype == "big" and q.coarse
        try:
            assert X.maxima(p, q)[0] == want
        except X.CoarseGaveUp:
            c = orbit_counts(A, B, r)
            assert (c.b_better, c.a_better, c.ties) == (raw(want)[0], raw(want)[1], raw(want)[2])
    finally:
        X.BLOCK = saved
    if C.numba_installed():      # the compiled loop's coarse mode on the same sums, at every split point
        for k in range(p.d + 1):
            try:
                assert C.compiled(p, C.Plan(k, 0, 0, "big", coarse=True))[0] == want, k
            except X.CoarseGaveUp:
                pass


@settings(max_examples=120, deadline=None)
@given(st.one_of(_big_instance(_past_int64), st.tuples(st.integers(1, 5), st.sampled_from(("vectors", "reward", "both")),
                                                       st.randoms()).map(_fine_edge)))
def test_fine_band_bounds_every_exact_difference_past_int64(case):
    # the same fact for the int64 tables of sums past int64 (maxima recounts the int32 band from them), at
    # random and at the edge of the int64 bound; and the int32 shifts of the same problem
    assume(case is not None)
    A, B, r = case
    p = problem_of(A, B, r)
    assume(p.sums_dtype is None)
    _check_band(p, E.coarse_scale(p, "int64"), 2**61)
    _check_band(p, E.coarse_scale(p), 2**29)


def test_sums_past_int64_recount_the_band_in_python_integers(monkeypatch):
    # the near-ties of _near_ties_then_exact_ties (moved on the last coordinate) times 2^20, sums past int64:
    # elements in the band, recounted from their arrangements (give-up switched off)
    seen = []
    real = X._coarse_signs

    def spy(ctable, exact, groups, pair, lo, width, tmp, flag, share):
        x, y = pair
        seen.append(int(np.count_nonzero(np.abs(ctable[x].astype(np.int64) - ctable[y]) <= width)))
        return real(ctable, exact, groups, pair, lo, width, tmp, flag, share)

    monkeypatch.setattr(X, "_coarse_signs", spy)
    (A, B, _), _ = _near_ties_then_exact_ties()
    v, u, w = A[0], tuple(x // 2 for x in A[1]), tuple(x // 2 for x in B[1])   # v and its move the maxima
    A, B = [v, u], [v[:6] + (v[6] + 1,), w]      # moved on the last coordinate: on R's side of every split
    A, B = ([tuple(x << 20 for x in x_) for x_ in S_] for S_ in (A, B))
    p = problem_of(A, B, range(1, 8))
    want, _ = reference(p)
    monkeypatch.setattr(X, "BIG_MAX_SHARE", 1.0)     # every band recounted, however wide
    assert p.sums_dtype is None and X.maxima(p)[0] == want and any(seen)
    seen.clear()                                     # the moved coordinate on R's side: three values on L
    assert X.maxima(p, X.Plan(3, 0, 0, "big", True))[0] == want and any(seen)


@settings(max_examples=60, deadline=None)
@given(st.tuples(st.integers(1, 5), st.sampled_from(("vectors", "reward", "both")), st.randoms()).map(_fine_edge),
       st.integers(0, 6))
def test_maxima_past_int64_at_the_fine_band_edge(case, k):
    # sums past int64 whose int64 differences disagree with the exact ones as far as the fine band allows:
    # the band of the int32 tables recounted from the int64 ones, theirs in Python integers (nothing given up)
    assume(case is not None)
    A, B, r = case
    p = problem_of(A, B, r)
    assume(p.sums_dtype is None and X.applicable(p) is None)
    want, _ = reference(p)
    saved = X.BLOCK, X.COARSE_MAX_SHARE, X.BIG_MAX_SHARE
    try:
        for block, share in ((1 << 16, 1.0), (5, 0.0)):     # the int32 tables kept, or given up at once
            X.BLOCK, X.COARSE_MAX_SHARE, X.BIG_MAX_SHARE = block, share, 1.0
            assert X.maxima(p, X.Plan(min(k, p.d), 0, 0, "big", True))[0] == want, (block, share)
    finally:
        X.BLOCK, X.COARSE_MAX_SHARE, X.BIG_MAX_SHARE = saved
    if C.numba_installed():      # the coarse loop, and the fine loop counting one pair's signs
        for coarse in (True, False):
            assert C.compiled(p, C.Plan(min(k, p.d), 0, 0, "big", coarse=coarse))[0] == want, coarse


def _python_recounts(monkeypatch):
    """The elements maxima recounts in Python integers (``_exact_from_arrangements``), one entry per call, as the
    list it fills."""
    calls = []
    real = X._exact_from_arrangements

    def spy(*args):
        best = real(*args)

        def counted(members, rows, cols):
            calls.append(len(rows))
            return best(members, rows, cols)
        return counted

    monkeypatch.setattr(X, "_exact_from_arrangements", spy)
    return calls


def test_sums_past_int64_recount_the_fine_band_in_python_integers(monkeypatch):
    # near-ties one unit apart in sums past int64: inside the band of the int64 tables too, so recounted from
    # their arrangements in Python integers, whether the int32 tables are kept or given up
    calls = _python_recounts(monkeypatch)
    monkeypatch.setattr(X, "BIG_MAX_SHARE", 1.0)
    (A, B, _), _ = _near_ties_then_exact_ties()
    A, B = ([tuple(x << 20 for x in x_) for x_ in S_] for S_ in (A, B))
    B[0] = A[0][:6] + (A[0][6] + 1,)             # A's first vector moved by one unit: a near-tie of the int64 tables
    p = problem_of(A, B, range(1, 8))
    want, _ = reference(p)
    assert p.sums_dtype is None
    for share in (1.0, 0.0):
        calls.clear()
        monkeypatch.setattr(X, "COARSE_MAX_SHARE", share)
        for k in (3, 4):
            assert X.maxima(p, X.Plan(k, 0, 0, "big", True))[0] == want, (share, k)
        assert sum(calls) > 0, share
    if C.numba_installed():      # the compiled loops, coarse and fine, spill the same elements and count them here
        for k, coarse in itertools.product((3, 4), (True, False)):
            assert C.compiled(p, C.Plan(k, 0, 0, "big", coarse=coarse))[0] == want, (k, coarse)
        monkeypatch.setattr(C, "SPILL_ROWS", 0)          # every spill over the limit: given up, so there were some
        for coarse in (True, False):
            with pytest.raises(X.CoarseGaveUp):
                C.compiled(p, C.Plan(3, 0, 0, "big", coarse=coarse))


def _relative_past_int64(case):
    """A, B, C with sums past int64 compared relative to C (two pairs): C holds A, B, near-ties of them (moved by a
    unit or two) and a vector of its own; or, as optimality counts do, one label's set against the rest."""
    A, B, r = _past_int64(case)
    rng = case[2]
    C = A + B + [tuple(x + rng.randint(-2, 2) for x in rng.choice(A + B))] + [tuple(rng.randint(-2**70, 2**70)
                                                                                   for _ in range(len(r)))]
    return A, B, C, r


def _check_several_pairs(p, want, k, blocks=(5, 1 << 16)):
    saved = X.BLOCK, X.BIG_MAX_SHARE
    try:
        for block in blocks:
            X.BLOCK, X.BIG_MAX_SHARE = block, 1.0          # every band recounted, however wide
            assert X.maxima(p, X.Plan(min(k, p.d), 0, 0, "big"))[0] == want, block
    finally:
        X.BLOCK, X.BIG_MAX_SHARE = saved
    if C.numba_installed():      # the compiled fine loop, its band spilled and coded in Python integers
        q = C.plan(p)
        assert q.dtype == "big" and q.coarse == E.past_int64_pair(p)
        assert C.compiled(p, C.Plan(min(k, p.d), 0, 0, "big", coarse=False))[0] == want


@settings(max_examples=60, deadline=None)
@given(_big_instance(_relative_past_int64), st.sampled_from(("auto", "compiled", "maxima", "mitm")))
def test_relative_to_a_larger_c_past_int64_as_a_tournament(case, engine):
    # C holding A and B (disjoint) and more, sums past int64: B against A and each against the rest of C (three
    # disjoint groups, counting._rest_of_c), against the relative brute force; each set written with Fractions too
    A, B, C_, r = case
    A = list(dict.fromkeys(A))
    B = [v for v in dict.fromkeys(B) if v not in A]
    assume(B and C_)
    C_ = A + B + [v for v in C_ if v not in A and v not in B]
    if engine == "compiled" and not C.numba_installed():
        engine = "auto"
    want = naive_orbit_counts(A, B, r, C=C_)
    as_fractions = [tuple(map(Fraction, v)) for v in C_[::-1]]
    for c in (orbit_counts(A, B, r, relative_to=C_, engine=engine),
              orbit_counts(A, B, r, relative_to=as_fractions, engine=engine)):
        assert (c.b_better, c.a_better, c.ties) == want


@settings(max_examples=80, deadline=None)
@given(_big_instance(_relative_past_int64), st.integers(0, 6))
def test_maxima_counts_several_pairs_past_int64(case, k):
    # relative to C, past int64: the int64 tables of the fine problem, a pair's sign certain outside its band, any
    # element with a pair inside coded from its exact maxima; and one set against the rest of the vectors, the
    # rest empty too (optimality counts of a set holding every vector); against the reference engine
    A, B, C_, r = case
    p = problem_of(A, B, r, C_)
    assume(p.sums_dtype is None)
    assert X.applicable(p) is None and X.plan(p).dtype == "big" and not X.plan(p).coarse
    _check_several_pairs(p, reference(p)[0], k)
    vecs = [tuple(map(Fraction, v)) for v in dict.fromkeys(A + C_)]
    for inside in (list(range(len(dict.fromkeys(A)))), list(range(len(vecs)))):
        q = E.make_problem(vecs, [inside, [i for i in range(len(vecs)) if i not in inside], list(range(len(vecs)))],
                           [(0, 1), (0, 2)], tuple(map(Fraction, r)))
        _check_several_pairs(q, reference(q)[0], k, blocks=(1 << 16,))



def test_one_set_holding_every_vector_past_int64(monkeypatch):
    # optimality counts whose labels all hold every vector: one compared pair, its Y empty, X better everywhere;
    # past int64 maxima read the empty Y's codes from an array it had not allocated (found by a randomised audit)
    rng = np.random.default_rng(1)
    S_ = [tuple(int(x) for x in rng.integers(-2**62, 2**62, 5)) for _ in range(3)]
    r = [int(x) for x in rng.integers(-2**62, 2**62, 5)]
    p = E.make_problem([tuple(map(Fraction, v)) for v in S_], [[0, 1, 2], []], [(0, 1)], tuple(map(Fraction, r)))
    assert p.sums_dtype is None and reference(p)[0] == {(1,): 120}
    for k in range(6):
        assert X.maxima(p, X.Plan(k, 0, 0, "big"))[0] == {(1,): 120}, k
        if C.numba_installed():
            assert C.compiled(p, C.Plan(k, 0, 0, "big"))[0] == {(1,): 120}, k
    want = naive_optimality_counts({"a": S_, "b": S_[::-1]}, r)
    assert want == {"a": (120, 120), "b": (120, 120)}     # each strictly optimal: every optimal vector is its own
    for engine in ("maxima", "mitm", "auto"):
        c = optimality_counts({"a": S_, "b": S_[::-1]}, r, engine=engine)
        assert {k: (c.weak[k], c.strict[k]) for k in "ab"} == want and c.orbit_size == 120, engine
    S_ = [tuple(int(x) << 10 for x in rng.integers(0, 2**60, 7)) for _ in range(6)]
    monkeypatch.setattr(C, "numba_installed", lambda: False)       # one label at d = 7: a core install's choice
    c = optimality_counts({"a": S_}, list(range(7)))
    assert (c.engine, c.weak["a"], c.strict["a"]) == ("maxima", 5040, 5040)

@settings(max_examples=40, deadline=None)
@given(st.tuples(st.integers(1, 5), st.sampled_from(("vectors", "reward", "both")), st.randoms()).map(_fine_edge),
       st.integers(0, 6))
def test_maxima_several_pairs_at_the_fine_band_edge(case, k):
    assume(case is not None)
    A, B, r = case
    p = problem_of(A, B, r, A + B + [tuple(x + 1 for x in A[0])])
    assume(p.sums_dtype is None)
    _check_several_pairs(p, reference(p)[0], k)


def test_several_pairs_past_int64_recount_their_band_in_python_integers(monkeypatch):
    # near-ties one unit apart relative to C: inside the int64 band, recoded from their arrangements; past
    # BIG_MAX_SHARE given up, and orbit_counts falls back to mitm
    calls = _python_recounts(monkeypatch)
    (A, B, _), _ = _near_ties_then_exact_ties()
    A, B = ([tuple(x << 20 for x in x_) for x_ in S_] for S_ in (A, B))
    B[0] = A[0][:6] + (A[0][6] + 1,)
    C_ = A + B + [tuple(x // 2 for x in A[1])]
    p = problem_of(A, B, range(1, 8), C_)
    want = reference(p)[0]
    monkeypatch.setattr(X, "BIG_MAX_SHARE", 1.0)
    for k in (3, 4):
        assert X.maxima(p, X.Plan(k, 0, 0, "big"))[0] == want, k
    assert sum(calls) > 0
    monkeypatch.setattr(X, "BIG_MAX_SHARE", 0.0)
    with pytest.raises(X.CoarseGaveUp):
        X.maxima(p, X.Plan(3, 0, 0, "big"))
    c = orbit_counts(A, B, range(1, 8), relative_to=C_, engine="maxima")
    assert c.engine == "mitm" and (c.b_better, c.a_better, c.ties) == naive_orbit_counts(A, B, range(1, 8), C=C_)
    if C.numba_installed():      # the compiled fine loop spills the same elements, and gives up past SPILL_ROWS
        for k in (3, 4):
            assert C.compiled(p, C.Plan(k, 0, 0, "big"))[0] == want, k
        monkeypatch.setattr(C, "SPILL_ROWS", 0)
        with pytest.raises(X.CoarseGaveUp):
            C.compiled(p, C.Plan(3, 0, 0, "big"))
        c = orbit_counts(A, B, range(1, 8), relative_to=C_, engine="compiled")
        assert c.engine == "mitm" and (c.b_better, c.a_better, c.ties) == naive_orbit_counts(A, B, range(1, 8), C=C_)


def test_the_selection_weighs_mitm_on_python_integers():
    # sums past int64: mitm sorts Python integers, about 14 times its int64 cost on the sort and the side dot
    # products (measured 12.5-18.9 on visit distributions at γ = 9/10), so at d = 12 with 1 + 10 vectors the
    # selection now takes maxima (2.6 s measured on such an MDP) where it took mitm (12.9 s)
    rng = np.random.default_rng(0)
    V = [tuple(int(x) << 30 for x in rng.integers(0, 2**31, 12)) for _ in range(11)]
    p = problem_of(V[:1], V[1:], [int(x) for x in rng.integers(0, 10**6, 12)])
    assert p.sums_dtype is None
    S._PLANS.clear()
    plans, costs = S._split_costs(p, None)
    assert min((c, e) for c, e in costs if e != "compiled")[1] == "maxima"    # compiled (numba) aside
    if C.numba_installed():
        assert plans["compiled"].dtype == "big" and plans["compiled"].coarse
    q = M.plan(p)
    assert q.work > M._plan(tuple(p.multiplicities), M._pair_weight(p), len(p.vectors), False).work * 5


def test_sums_past_int64_with_exact_ties_fall_back_to_mitm(monkeypatch):
    rng = np.random.default_rng(3)
    A = [tuple(int(x) * 2**40 for x in rng.integers(0, 10**8, 6)) for _ in range(2)]
    B = A + [tuple(int(x) * 2**40 for x in rng.integers(0, 10**6, 6))]
    p = problem_of(A, B, range(1, 7))
    assert p.sums_dtype is None and X.plan(p).dtype == "big"
    with pytest.raises(X.CoarseGaveUp):
        X.maxima(p)
    want = naive_orbit_counts(A, B, range(1, 7))
    c = orbit_counts(A, B, range(1, 7), engine="maxima")
    assert c.engine == "mitm" and (c.b_better, c.a_better, c.ties) == want
    if C.numba_installed():      # the compiled loop spills the ties (720 fit) and counts them in Python integers
        assert raw(C.compiled(p)[0]) == (want[0], want[1], want[2])
        monkeypatch.setattr(C, "SPILL_ROWS", 100)     # more than fit: given up, and mitm counts
        with pytest.raises(X.CoarseGaveUp):
            C.compiled(p)
        c = orbit_counts(A, B, range(1, 7), engine="compiled")
        assert c.engine == "mitm" and (c.b_better, c.a_better, c.ties) == want



def test_python_recounts_share_one_budget_per_count(monkeypatch):
    # exact ties past int64 spread over several blocks (maxima) and split shapes (one call of the compiled loop
    # each): every Python-integer recount of one count is charged to one RecountBudget, so with exactly what the
    # count spends it finishes, and with one multiply-add less it gives up before spending it (mitm then counts)
    rng = np.random.default_rng(3)
    A = [tuple(int(x) * 2**40 for x in rng.integers(0, 10**8, 6)) for _ in range(2)]
    B = A + [tuple(int(x) * 2**40 for x in rng.integers(0, 10**6, 6))]
    r = [1, 1, 2, 3, 4, 4]
    p = problem_of(A, B, r)
    want = naive_orbit_counts(A, B, r)
    assert p.sums_dtype is None and want == (0, 0, 180)
    charged = []
    real = E.RecountBudget.charge

    def spy(self, elements, vectors, d):
        charged.append(elements * vectors * d)
        real(self, elements, vectors, d)

    monkeypatch.setattr(E.RecountBudget, "charge", spy)
    monkeypatch.setattr(X, "BIG_MAX_SHARE", 1.0)
    monkeypatch.setattr(X, "BLOCK", 8)
    engines = [lambda: X.maxima(p, X.Plan(3, 0, 0, "big", True))]
    if C.numba_installed():
        monkeypatch.setattr(C, "SPILL_ROWS", 1 << 16)
        engines.append(lambda: C.compiled(p, C.Plan(3, 0, 0, "big", coarse=True)))
    for count in engines:
        charged.clear()
        monkeypatch.setattr(E, "RECOUNT_WORK", 1 << 40)
        assert raw(count()[0]) == want
        work = sum(charged)
        assert len(charged) > 1 and max(charged) < work - 1        # so only a budget per count can run out
        monkeypatch.setattr(E, "RECOUNT_WORK", work)
        assert raw(count()[0]) == want
        monkeypatch.setattr(E, "RECOUNT_WORK", work - 1)
        charged.clear()
        with pytest.raises(X.CoarseGaveUp):
            count()
        assert sum(charged) > work - 1             # the charge that ran out was not spent
    monkeypatch.setattr(E, "RECOUNT_WORK", 1)
    for engine in ("maxima", "compiled") if C.numba_installed() else ("maxima",):
        c = orbit_counts(A, B, r, engine=engine)
        assert c.engine == "mitm" and (c.b_better, c.a_better, c.ties) == want


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 10), st.lists(st.tuples(st.integers(0, 3**10 - 1), st.integers(1, 2**62)), max_size=40))
def test_decode_reads_every_used_code(n_pairs, entries):
    # the engines' tally index Σ 3^q (1 − sign_q), read back to signs: by scanning every code (up to 27) or only
    # the used ones (up to 3^10 at ten pairs), against the signs written out one pair at a time
    out = np.zeros(3 ** n_pairs, dtype=np.int64)
    for code, n in entries:
        out[code % out.size] = n
    want = {}
    for signs in itertools.product((1, 0, -1), repeat=n_pairs):
        code = sum(3 ** q * (1 - s_) for q, s_ in enumerate(signs))
        if out[code]:
            want[signs] = int(out[code])
    assert C._decode(out, n_pairs) == want

def _near_ties_then_exact_ties():
    """(A, B, gives up) for the coarse counts at d = 7 with r = 1..7: B holds A's first vector moved by 1 in
    one coordinate (near-ties: elements in the band, recounted), then B contains A (exact ties: too many)."""
    rng = np.random.default_rng(5)
    v, u, w = [tuple(int(x) for x in rng.integers(0, 10**15, 7)) for _ in range(3)]
    v = tuple(x * 95 // 100 for x in v)
    moved = v[:2] + (v[2] + 1,) + v[3:]
    return (([v, u], [moved, w], False), ([v, u], [v, u, w], True))


def test_maxima_coarse_tables_recount_the_band_and_give_up_on_ties(monkeypatch):
    # near-ties (B holds A's first vector moved by 1 in one coordinate): the elements in the band are
    # recounted and the coarse tables kept; exact ties (B contains A): the count goes on in int64
    seen = []
    real = X._coarse_signs

    def spy(ctable, exact, groups, pair, lo, width, tmp, flag, share):
        x, y = pair
        band = int(np.count_nonzero(np.abs(ctable[x].astype(np.int64) - ctable[y]) <= width))
        got = real(ctable, exact, groups, pair, lo, width, tmp, flag, share)
        seen.append((band, got is None))
        return got

    monkeypatch.setattr(X, "_coarse_signs", spy)
    monkeypatch.setattr(X, "BLOCK", 64)
    for A, B, gives_up in _near_ties_then_exact_ties():
        seen.clear()
        p = problem_of(A, B, range(1, 8))
        want, _ = reference(p)
        assert X.maxima(p, X.Plan(3, 0, 0, "int64", True))[0] == want
        if gives_up:      # the first block with too many ties is the last the coarse tables see
            assert seen[-1][1] and not any(none for _, none in seen[:-1])
        else:
            assert len(seen) == 105 and any(band for band, _ in seen) and not any(none for _, none in seen)


@needs_numba
def test_compiled_coarse_loop_recounts_the_band_and_gives_up_on_ties(monkeypatch):
    # as for maxima: near-ties recounted split by split; exact ties stop the coarse loop after the first split
    # and the int64 loop counts the rest
    done = []
    real = C._coarse_kernel()

    def spy(*args):
        n, spilled = real(*args)
        done.append((n, args[2].shape[0]))
        return n, spilled

    monkeypatch.setattr(C, "_coarse_kernel", lambda: spy)
    for A, B, gives_up in _near_ties_then_exact_ties():
        done.clear()
        p = problem_of(A, B, range(1, 8))
        want, _ = reference(p)
        assert C.compiled(p, C.Plan(3, 0, 0, "int64", 0, False, coarse=True))[0] == want
        if gives_up:
            assert done[-1][0] < done[-1][1] and all(n == total for n, total in done[:-1])
        else:
            assert done and all(n == total for n, total in done)


def _coarse_loop(p, k, share, splits=None):
    """One call of the coarse loop on the int64 problem ``p``, over its splits at k (the first ``splits`` of them,
    one shape): (splits done, its counts, the loop's inputs)."""
    V = np.array(p.vectors, dtype=np.int64).reshape(len(p.vectors), p.d)
    vals = np.array(p.values, dtype=np.int64)
    Vc, valsc, gx, gy, width = C._coarse_inputs(p, V)
    ((tl, tr, left, right, _),) = C._split_layout(tuple(p.multiplicities), k)
    left, right, tab_l, tab_r = left[:splits], right[:splits], C._arrangements(tl), C._arrangements(tr)
    out = np.zeros(3, dtype=np.int64)
    done, _ = C._coarse_kernel()(V, Vc, np.ascontiguousarray(vals[left]), np.ascontiguousarray(vals[right]),
                                 np.ascontiguousarray(valsc[left]), np.ascontiguousarray(valsc[right]), tab_l, tab_r,
                                 k, gx, gy, width, share, -1, C._NO_SPILL, out)
    return done, out, (V, vals, Vc, valsc, gx, gy, width, left, right, tab_l, tab_r)


@needs_numba
def test_compiled_coarse_loop_hands_over_where_most_splits_meet_the_band():
    # B's vectors are A's moved by a few units: most splits have an element or two in the band, each forming the
    # int64 side sums as well, so below int64 (share < 1) the loop stops after GIVE_UP_SPLITS or a few more, with
    # fewer of its elements in the band than the share allows; with share = 1 (past int64) it never stops early.
    # Either way the caller's count (coarse loop, then the int64 loop) is the brute force's.
    A = [(38839, 35666, 8547, 24245, 39578, 31067), (38066, 4294, 39688, 862, 30751, 16997)]
    B = [(38880, 35625, 8496, 24328, 39598, 31105), (38106, 4315, 39689, 925, 30689, 16956)]
    r = [650000, 155000, 888000, 948000, 535000, 399000]
    p = problem_of(A, B, r)
    assert p.sums_dtype == "int64"
    done = {share: _coarse_loop(p, 3, share)[0] for share in (0.99, 1.0)}
    assert C.GIVE_UP_SPLITS <= done[0.99] < done[1.0] == math.comb(6, 3)
    want = naive_orbit_counts(A, B, r)
    assert raw(C.compiled(p, C.Plan(3, 0, 0, "int64", 0, False, coarse=True))[0]) == want
    assert raw(reference(p)[0]) == want


@needs_numba
def test_compiled_coarse_loop_keeps_on_where_the_side_sums_are_negligible():
    # d = 12, six values on L: a split's side sums are 2 % of its elements (below GIVE_UP_SUMS), so the loop keeps
    # the int32 elements even though every one of the first eight splits meets the band, and counts as the int64 loop
    rng = random.Random(1)
    A = [tuple(rng.randint(0, 40000) for _ in range(12)) for _ in range(2)]
    B = [tuple(x + rng.randint(-300, 300) for x in a) for a in A]
    r = [x * 1000 for x in rng.sample(range(1000), 12)]
    p = problem_of(A, B, r)
    assert p.sums_dtype == "int64"
    done, out, (V, vals, Vc, valsc, gx, gy, width, left, right, tab_l, tab_r) = _coarse_loop(p, 6, 0.99, 8)
    for s in range(8):             # the coarse maxima by numpy: each split has an element in the band
        T = (Vc[:, :6] @ valsc[left[s]][tab_l])[:, None, :] + (Vc[:, 6:] @ valsc[right[s]][tab_r])[:, :, None]
        assert (np.abs(T[gx].max(0) - T[gy].max(0)) <= width).any()
    assert C.GIVE_UP_SUMS * (720 * 6 + 720 * 6) < 720 * 720
    assert done == 8
    want = np.zeros(3, dtype=np.int64)
    empty, no_shapes = C._NO_TABLES
    C._kernel("int64")(V, np.ascontiguousarray(vals[left]), np.ascontiguousarray(vals[right]), tab_l, tab_r, 6, vals,
                       empty, empty, empty, 0, 0, no_shapes, *C._structure(p.groups, p.pairs), 3, C._NO_WORK["int64"],
                       want)
    assert out.tolist() == want.tolist() and want.sum() == 8 * 720 * 720


def test_the_compiled_plan_charges_the_coarse_setup(monkeypatch):
    # d = 8, 2 + 2 vectors of 10^9: the coarse loop's elements save a few us (more where the CPU has no AVX-512,
    # host.wide_integer_lanes); where setting up its int32 problem (COARSE_SETUP) costs more, the plan keeps the
    # int64 loop, and where it costs less, the plan takes the coarse one
    rng = random.Random(0)
    A, B = ([tuple(rng.randint(0, 10**9) for _ in range(8)) for _ in range(2)] for _ in range(2))
    p = problem_of(A, B, range(1, 9))
    monkeypatch.setattr(C, "_LOADED", {"int32", "int64", "coarse"})
    monkeypatch.setattr(C, "MAX_TABLE_ENTRIES", 0)          # the split mode alone
    args = (tuple(p.multiplicities), p.n_vectors, 1)
    saving = C._split_mode(*args, "int64")[2] - C._split_mode(*args, "coarse")[2]
    assert p.sums_dtype == "int64" and 0 < saving
    monkeypatch.setattr(C, "COARSE_SETUP", saving + 1)
    assert not C.plan(p).coarse and C.plan(p).forgone == 0      # dearer by its set-up, not by a load: nothing owed
    monkeypatch.setattr(C, "COARSE_SETUP", saving - 1)
    assert C.plan(p).coarse


def test_the_compiled_plan_weighs_the_coarse_loop_only_for_int64_sums_and_one_pair(monkeypatch):
    monkeypatch.setattr(C, "_LOADED", {"int32", "int64", "coarse"})
    rng = np.random.default_rng(1)
    big = [tuple(int(x) for x in rng.integers(0, 10**15, 12)) for _ in range(8)]
    small = [tuple(int(x) for x in rng.integers(0, 9, 12)) for _ in range(8)]
    r = list(range(1, 13))
    assert C.plan(problem_of(big[:4], big[4:], r)).coarse            # d = 12: the loop costs less in int32
    assert not C.plan(problem_of(small[:4], small[4:], r)).coarse     # int32 sums already
    assert not C.plan(problem_of(big[:3], big[3:6], r, big[6:])).coarse   # two compared pairs
    monkeypatch.setattr(C, "COARSE", False)
    assert not C.plan(problem_of(big[:4], big[4:], r)).coarse


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 5).flatmap(lambda d: st.tuples(vectors(d, 3), vectors(d, 3), vectors(d, 3),
                                                     rewards(d, min_value=-2, max_value=2))))
def test_per_vector_engines_relative_to_and_optimality_counts(inst):
    A, B, Cs, r = inst
    want_rel = naive_orbit_counts(A, B, r, C=Cs)     # any C: A and B need not lie in it
    sets = {"a": A, "b": B, "c": Cs}
    for engine in PER_VECTOR:
        rel = orbit_counts(A, B, r, relative_to=Cs, engine=engine)
        assert (rel.b_better, rel.a_better, rel.ties) == want_rel
        if len({v for s in sets.values() for v in s}) == sum(len(set(s)) for s in sets.values()):
            opt = optimality_counts(sets, r, engine=engine)
            want = naive_optimality_counts(sets, r)
            assert {k: (opt.weak[k], opt.strict[k]) for k in sets} == want


@needs_numba
def test_compiled_int64_path_and_refusal_past_int64():
    A, B, r = [(10**12, 3, 0, 7)], [(0, 10**12, 5, 1), (2, 2, 10**12 - 1, 2)], (5, 1, 4, 4)
    p = problem_of(A, B, r)
    assert C.dtype_for(p) == "int64"
    c = orbit_counts(A, B, r, engine="compiled")
    assert (c.b_better, c.a_better, c.ties) == naive_orbit_counts(A, B, r)
    huge = [(2**62, 0, 1)], [(0, 2**62, 1)], (1, 2, 3)
    assert C.dtype_for(problem_of(*huge)) is None
    for engine in ("compiled", "maxima"):     # several compared pairs: the int64 tables, the band in Python ints
        c = orbit_counts(*huge, relative_to=huge[0], engine=engine)
        assert c.engine == engine and (c.b_better, c.a_better, c.ties) == naive_orbit_counts(*huge, C=huge[0])
    for engine in ("compiled", "maxima", "auto"):   # one pair: the int32 and int64 tables, the last band in Python ints
        c = orbit_counts(*huge, engine=engine)
        assert (c.b_better, c.a_better, c.ties) == naive_orbit_counts(*huge)


def test_compiled_without_numba_is_a_missing_extra(monkeypatch):
    monkeypatch.setattr(C, "numba_installed", lambda: False)
    with pytest.raises(MissingExtra, match=r"symorbit\[fast\]"):
        orbit_counts([(1, 0, 2)], [(0, 1, 1)], (1, 2, 3), engine="compiled")
    A, B = [(1, 0, 2, 1, 0, 3, 1)], [(0, 1, 1, 2, 3, 0, 0)]
    c = orbit_counts(A, B, range(1, 8))            # auto still answers, with a core engine
    assert c.engine in ("mitm", "maxima") and (c.b_better, c.a_better, c.ties) == naive_orbit_counts(A, B, range(1, 8))


def test_compiled_refuses_too_many_pairs():
    sets = {str(i): [tuple(int(i == j) * (j + 1) for j in range(12))] for i in range(12)}
    p = E.make_problem([tuple(map(Fraction, s[0])) for s in sets.values()],
                       [[i] for i in range(12)] + [[]], [(i, 12) for i in range(12)], tuple(map(Fraction, range(12))))
    assert "at most" in (C.applicable(p) or "") and "at most" in (X.applicable(p) or "")


# ---------------------------------------------------------------- the cost model and the selection
def test_plan_charges_the_numba_import_only_before_it(monkeypatch):
    p = problem_of([(1, 2, 0, 1, 3, 2, 0)], [(2, 0, 1, 1, 1, 0, 3)], range(7))
    monkeypatch.setattr(C, "_REGRET", [0])
    monkeypatch.setitem(sys.modules, "numba", object())
    monkeypatch.setattr(C, "_LOADED", {"int32", "int64"})
    loaded = C.plan(p).work
    monkeypatch.delitem(sys.modules, "numba")
    assert C.plan(p).work == loaded + C.COST_IMPORT
    monkeypatch.setattr(C, "_LOADED", set())
    assert C.plan(p).work == loaded + C.COST_IMPORT + C.COST_LOAD
    # imported by someone else: the first compiled call in the process is charged until numba has run one
    monkeypatch.setitem(sys.modules, "numba", object())
    monkeypatch.setattr(C, "numba_started", lambda: False)
    assert C.plan(p).work == loaded + C.COST_FIRST_CALL + C.COST_LOAD
    monkeypatch.setattr(C, "numba_started", lambda: True)
    assert C.plan(p).work == loaded + C.COST_LOAD


@needs_numba
def test_numba_started_reads_whether_numba_has_run_a_compiled_call():
    import numba

    @numba.njit
    def one():
        return 1

    assert one() == 1 and C.numba_started()


@needs_numba
def test_auto_picks_compiled_for_many_vectors_once_numba_is_loaded():
    import random

    import numba  # noqa: F401  (loaded: the plan no longer charges the import)

    rng = random.Random(0)
    d = 8
    A = [tuple(rng.randint(0, 9) for _ in range(d)) for _ in range(20)]
    B = [tuple(rng.randint(0, 9) for _ in range(d)) for _ in range(20)]
    r = [rng.randrange(1000) for _ in range(d)]
    orbit_counts(A, B, r, engine="compiled")        # loads the compiled loop
    c = orbit_counts(A, B, r)
    m = orbit_counts(A, B, r, engine="mitm")
    assert c.engine == "compiled" and tuple(c) == tuple(m)


def test_auto_without_numba_loaded_keeps_small_counts_off_it(monkeypatch):
    # a count of a few milliseconds never pays for importing numba
    monkeypatch.delitem(sys.modules, "numba", raising=False)
    monkeypatch.setattr(C, "_LOADED", set())
    monkeypatch.setattr(C, "_REGRET", [0])
    A, B = [(1, 0, 2, 1, 0, 3)], [(0, 1, 1, 2, 3, 0)]
    assert orbit_counts(A, B, range(6)).engine != "compiled"
    assert "compiled" in S.ENGINES


def test_the_load_is_charged_less_what_not_loading_has_cost(monkeypatch):
    # the ski-rental rule: each count given to another engine where the ready loop was cheaper
    # adds the difference; the pending load is charged less that sum, and never below 0
    p = problem_of([(1, 2, 0, 1, 3, 2, 0)], [(2, 0, 1, 1, 1, 0, 3)], range(7))
    monkeypatch.setitem(sys.modules, "numba", object())
    monkeypatch.setattr(C, "numba_started", lambda: True)
    monkeypatch.setattr(C, "_LOADED", set())
    monkeypatch.setattr(C, "_REGRET", [0])
    monkeypatch.setattr(C, "MAX_TABLE_ENTRIES", 0)   # the load alone (the tables' build: the test below)
    q = C.plan(p)
    ready = q.work - q.charge
    assert q.charge == C.COST_LOAD and C.pending_charge(q.dtype) == C.COST_LOAD
    C.note_regret(ready - 1, q)                      # the other engine was cheaper: nothing owed
    assert C.plan(p) == q
    C.note_regret(ready + 4_000_000, q)
    assert C.plan(p).charge == C.COST_LOAD - 4_000_000 and C.plan(p).work == ready + C.COST_LOAD - 4_000_000
    C.note_regret(ready + C.COST_LOAD, q)
    assert C.plan(p).charge == 0 and C.plan(p).work == ready
    monkeypatch.setattr(C, "_LOADED", {q.dtype})     # once loaded nothing more is owed or charged
    C.note_regret(ready + 10**9, C.plan(p))
    assert C._REGRET[0] == 4_000_000 + C.COST_LOAD


def test_the_side_tables_build_is_charged_per_shape_less_what_not_building_has_cost(monkeypatch):
    # a shape counted once never pays for its prefix trees; counted again and again it does, once
    p = problem_of([(1, 2, 0, 1, 3)], [(2, 0, 1, 1, 1)], range(5))
    if C.numba_installed():
        import numba  # noqa: F401  (imported: the plan charges no import)
    else:
        monkeypatch.setitem(sys.modules, "numba", object())
    monkeypatch.setattr(C, "_LOADED", {"int32", "int64"})
    monkeypatch.setattr(C, "_REGRET", [0])
    monkeypatch.setattr(C, "_TABLES", {})
    monkeypatch.setattr(C, "_FORGONE", {})
    q = C.plan(p)
    assert q.table_key is not None and not q.tables and q.charge == 0      # splitting wins while unbuilt
    counts, k = q.table_key
    build = C.BUILD_FIXED + C.BUILD_NODE * C.table_nodes(counts, k)
    assert C.table_charge(counts, k) == build
    saving = q.work - q.table_ready
    assert 0 < saving < build
    if C.numba_installed():
        runs = 0
        while not q.tables:
            assert C.compiled(p, q)[0] == reference(p)[0]       # each split-mode run notes its saving forgone
            runs += 1
            q = C.plan(p)
        # it switched once building had come to cost less than it saves, and not before
        assert q.build == q.charge == max(0, build - runs * saving) and q.build < saving <= build - (runs - 1) * saving
        assert C.compiled(p, q)[0] == reference(p)[0]
        assert C.plan(p).tables and C.plan(p).charge == 0 and C.table_charge(counts, k) == 0   # built
    C._TABLES.clear()
    C._FORGONE.clear()
    other = C.Plan(q.k, 1, q.table_ready + build + 50, q.dtype, build, True, build, (counts, k), q.table_ready)
    C.note_regret(q.table_ready + 1000, other)    # another engine took the count: the build is owed that much less
    assert C.table_charge(counts, k) == build - 1000 and C._REGRET[0] >= 0


@needs_numba
def test_past_the_table_limit_each_split_forms_its_own_dot_products(monkeypatch):
    A, B, r = [(1, 2, 0, 1, 3, 2, 0), (0, 1, 3, 0, 0, 2, 1)], [(2, 0, 1, 1, 1, 0, 3)], (1, 1, 2, 3, 3, 5, 4)
    p = problem_of(A, B, r)
    assert C.plan(p).table_key is not None       # small: the table mode is the cheaper once built
    monkeypatch.setattr(C, "MAX_TABLE_ENTRIES", 3 * C.table_nodes(tuple(p.multiplicities), 3) - 1)

    def refuse(*args):
        raise AssertionError("the side tables were built past MAX_TABLE_ENTRIES")

    monkeypatch.setattr(C, "side_tables", refuse)
    q = C.plan(p)               # only k whose tables fit qualify
    assert q.table_key is None or 3 * C.table_nodes(*q.table_key) <= C.MAX_TABLE_ENTRIES
    monkeypatch.setattr(C, "MAX_TABLE_ENTRIES", 0)
    q = C.plan(p)
    assert q.tables is False and q.table_key is None
    assert raw(C.compiled(p, q)[0]) == naive_orbit_counts(A, B, r)
    assert raw(C.compiled(p, C.Plan(3, 0, 0, "int64"))[0]) == naive_orbit_counts(A, B, r)   # tables=None: too big


def test_side_tables_that_miss_a_sequence_are_refused(monkeypatch):
    from symorbit.errors import InvariantViolation

    real = C.table_nodes
    monkeypatch.setattr(C, "table_nodes", lambda counts, k, limit=None: real(counts, k, limit) + 1)
    with pytest.raises(InvariantViolation, match="no count is made"):
        C._build_side_tables((2, 1, 1), 2)


def test_side_tables_memo_keeps_to_its_count_and_bytes(monkeypatch):
    monkeypatch.setattr(C, "_TABLES", {})
    monkeypatch.setattr(C, "TABLES_MEMO", 3)
    keys = [((1,) * d, d // 2) for d in range(3, 9)]
    for key in keys:
        C.side_tables(*key)
        assert len(C._TABLES) <= 3 and next(reversed(C._TABLES)) == key
    assert list(C._TABLES) == keys[-3:]                  # the oldest dropped first
    newest, second = C._TABLES[keys[-1]].nbytes, C._TABLES[keys[-2]].nbytes
    monkeypatch.setattr(C, "TABLES_MEMO_BYTES", newest + second)
    big = C.side_tables((1,) * 9, 4)     # larger than the newest: beside either it passes the bytes, all dropped
    assert big.nbytes > newest > second and list(C._TABLES) == [((1,) * 9, 4)]
    monkeypatch.setattr(C, "TABLES_MEMO_BYTES", 2 * big.nbytes)
    C.side_tables(*keys[0])                                  # small: kept beside it
    assert list(C._TABLES) == [((1,) * 9, 4), keys[0]]


@settings(max_examples=120, deadline=None)
@given(st.lists(st.integers(1, 3), min_size=1, max_size=4).filter(lambda c: sum(c) <= 7), st.data())
def test_side_tables_are_the_prefix_trees_of_every_splits_arrangements(counts, data):
    counts = tuple(counts)
    d = sum(counts)
    k = data.draw(st.integers(0, d))
    t = C._build_side_tables(counts, k)
    assert len(t.par) == C.table_nodes(counts, k)

    def sequence(p):                       # (coordinate, value) from the root down to node p
        out = []
        while p >= 0:
            out.append((int(t.pos[p]), int(t.last[p])))
            p = int(t.par[p])
        return out[::-1] if p == -1 else []

    leaves = [sequence(p) for p in range(t.n_nonfinal, len(t.par))]
    left, right = leaves[:t.n_left], leaves[t.n_left:]
    want_l, want_r = [], []
    for (tl, tr, lids, rids, _n), (n_splits, n_l, n_r, u_at, r_at) in zip(C._split_layout(counts, k),
                                                                         t.shapes.tolist()):
        assert (n_splits, u_at, r_at) == (len(lids), len(want_l), len(want_r))
        for s_ in range(n_splits):          # each split's arrangements, contiguous, in lexicographic order
            for shape, ids, want, first, n in ((tl, lids, want_l, 0, n_l), (tr, rids, want_r, k, n_r)):
                items = [v for v, c in zip(ids[s_].tolist(), shape) for _ in range(c)]
                arrangements = sorted(set(itertools.permutations(items)))
                assert len(arrangements) == n
                want.extend([list(enumerate(a, first)) for a in arrangements])
    assert left == want_l and right == want_r
    # every value sequence of length 1..k (L) and 1..d − k (R) is a node, once
    for m, first in ((k, 0), (d - k, k)):
        for j in range(1, m + 1):
            assert C.sequence_counts(counts)[j - 1] == len({a for a in itertools.permutations(
                [v for v, c in enumerate(counts) for _ in range(c)], j)})


@needs_numba
def test_auto_loads_the_compiled_loop_once_not_loading_it_has_cost_as_much(monkeypatch):
    import random

    import numba  # noqa: F401  (imported: only the load of the loop is pending)

    monkeypatch.setattr(C, "numba_started", lambda: True)
    monkeypatch.setattr(C, "_LOADED", set())
    monkeypatch.setattr(C, "_REGRET", [0])
    rng = random.Random(1)
    d = 9
    A = [tuple(rng.randint(0, 9) for _ in range(d)) for _ in range(4)]
    B = [tuple(rng.randint(0, 9) for _ in range(d)) for _ in range(4)]
    r = [rng.randrange(10**6) for _ in range(d)]
    want = tuple(orbit_counts(A, B, r, engine="mitm"))
    used = []
    for _ in range(40):
        c = orbit_counts(A, B, r)
        assert tuple(c) == want
        used.append(c.engine)
        if c.engine == "compiled":
            break
    assert used[0] != "compiled" and used[-1] == "compiled", used


@needs_numba
def test_compiled_layouts_remembered_or_listed_count_the_same(monkeypatch):
    A, B, r = [(1, 2, 0, 1, 3, 2, 0), (0, 1, 3, 0, 0, 2, 1)], [(2, 0, 1, 1, 1, 0, 3)], (1, 1, 2, 3, 3, 5, 4)
    want = naive_orbit_counts(A, B, r)
    p = problem_of(A, B, r)
    for memo in (C.LAYOUT_MEMO_SPLITS, 0):
        monkeypatch.setattr(C, "LAYOUT_MEMO_SPLITS", memo)
        for k in range(len(r) + 1):         # every split point, each layout listed once and then remembered
            q = C.Plan(k, 0, 0, "int64")
            assert raw(C.compiled(p, q)[0]) == want and raw(C.compiled(p, q)[0]) == want


def test_small_counts_skip_the_pruning_and_still_count_right(monkeypatch):
    # below SMALL_COUNT, and below PAYBACK times the reduction's own cost, the selection runs the
    # engine on the problem as given (no prune, no blocks)
    calls = []
    monkeypatch.setattr(S, "prune", lambda p: calls.append(p) or D.prune(p))
    A, B, r = [(1, 0, 2), (0, 0, 1)], [(0, 1, 1), (0, 1, 0)], (1, 2, 3)
    c = orbit_counts(A, B, r)
    assert not calls and (c.b_better, c.a_better, c.ties) == naive_orbit_counts(A, B, r)
    monkeypatch.setattr(S, "SMALL_COUNT", 0)
    c = orbit_counts(A, B, r)
    assert not calls and (c.b_better, c.a_better, c.ties) == naive_orbit_counts(A, B, r)
    monkeypatch.setattr(S, "PAYBACK", 0)
    c = orbit_counts(A, B, r)
    assert calls and (c.b_better, c.a_better, c.ties) == naive_orbit_counts(A, B, r)


def test_reduction_runs_where_it_pays_back(monkeypatch):
    """Pruning runs once the cheapest count's estimate reaches PAYBACK × the reduction's estimate,
    and not below it; the counts are the brute force's either way."""
    calls, seen = [], []
    monkeypatch.setattr(S, "prune", lambda p: calls.append(p) or D.prune(p))
    split_costs = S._split_costs
    monkeypatch.setattr(S, "_split_costs", lambda p, e: seen.append(split_costs(p, e)) or seen[-1])
    A, B, r = [(1, 0, 2, 5), (0, 0, 1, 1), (3, 1, 0, 0)], [(0, 1, 1, 2), (0, 1, 0, 4)], (1, 2, 3, 7)
    want = naive_orbit_counts(A, B, r)
    monkeypatch.setattr(S, "SMALL_COUNT", 0)
    monkeypatch.setattr(S, "PAYBACK", 2)
    for ratio, runs in ((1.99, False), (2.0, True)):       # the cheapest estimate over the reduction's
        calls.clear()
        monkeypatch.setattr(S, "reduction_cost", lambda p: min(seen[-1][1])[0] / ratio)
        c = orbit_counts(A, B, r)
        assert bool(calls) == runs and (c.b_better, c.a_better, c.ties) == want


@settings(max_examples=60, deadline=None)
@given(instance(max_d=7, max_size=5), st.sampled_from(("int", "big")), st.integers(1, 2),
       st.sampled_from(((), ("int32", "int64"), ("int32", "int64", "coarse"))))
def test_remembered_plans_are_the_plans_a_fresh_selection_makes(inst, scale, n_pairs, loaded):
    # the selection's plans by shape: equal to planning afresh in every state of the compiled loop, and a
    # caller's changes to them do not reach the memo
    A, B, r = inst
    if scale == "big":
        A = [tuple(x * 10**12 + 7 for x in v) for v in A]
    p = problem_of(A, B, r, A[:1] if n_pairs == 2 else None)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(C, "_LOADED", set(loaded))
        m.setattr(C, "pending_charge", lambda dtype: 0 if dtype in C._LOADED else C.COST_LOAD)
        m.setattr(C, "_TABLES", _EveryTable())
        m.setattr(S, "_PLANS", {})
        first = S._split_costs(p, None)
        if loaded and C.numba_installed():
            assert len(S._PLANS) == C.plan_settled(first[0]["compiled"], p)
            assert len(S._PLANS) == 1 or "coarse" not in loaded
        first[1].append((0, "blocks"))              # what solve does with the costs it is given
        first[0]["blocks"] = None
        m.setattr(C, "_LOADED", set())               # a state in which nothing is settled
        assert S._split_costs(p, None) == _fresh_split_costs(p)
        m.setattr(C, "_LOADED", set(loaded))
        for _ in range(2):                           # a remembered answer changed by its caller, and again
            again = S._split_costs(p, None)
            assert again == _fresh_split_costs(p) and "blocks" not in again[0]
            assert all(name != "blocks" for _, name in again[1])
            again[1].append((0, "blocks"))
            again[0]["blocks"] = None


class _EveryTable(dict):
    """Side tables as if every one were built (for planning only)."""

    def __contains__(self, key):
        return True


def _fresh_split_costs(p):
    with pytest.MonkeyPatch.context() as m:
        m.setattr(S, "_PLANS", {})
        return S._split_costs(p, None)


def test_plans_are_remembered_only_once_settled(monkeypatch):
    A, B, r = [(1, 0, 2, 1, 0, 3)], [(0, 1, 1, 2, 3, 0), (2, 2, 0, 0, 1, 1)], (0, 1, 1, 2, 5, 5)
    p = problem_of(A, B, r)
    monkeypatch.setattr(S, "_PLANS", {})
    monkeypatch.setattr(C, "_REGRET", [0])
    monkeypatch.setattr(C, "_LOADED", set())
    S._split_costs(p, None)
    assert S._PLANS == {} or not C.numba_installed()        # the load still charged: nothing kept
    monkeypatch.setattr(C, "_LOADED", {"int32", "int64", "coarse"})
    monkeypatch.setattr(C, "_TABLES", {})
    q = C.plan(p)
    S._split_costs(p, None)
    assert (len(S._PLANS) == 1) == C.plan_settled(q, p)
    if q.table_key is not None:       # tables not built: settled only as the split mode they would not yet pay for
        assert C.plan_settled(q, p) == (not q.tables and q.table_ready + C.table_charge(*q.table_key) >= q.work)
    if C.numba_installed():   # int64 sums where the coarse loop is dearer only by its load: it waits for the load
        import numba  # noqa: F401

        monkeypatch.setattr(C, "numba_started", lambda: True)
        rng = np.random.default_rng(1)
        big = [tuple(int(x) for x in rng.integers(0, 10**15, 11)) for _ in range(2)]
        p = problem_of(big[:1], big[1:], [1, 1] + list(range(2, 11)))
        monkeypatch.setattr(C, "_LOADED", {"int32", "int64"})
        monkeypatch.setattr(C, "COST_LOAD", 10**12)    # far above what the coarse loop saves, on any CPU
        q = S._split_costs(p, None)[0]["compiled"]
        assert not q.coarse and q.forgone > 0 and not C.plan_settled(q, p) and S._plans_key(p) not in S._PLANS
        monkeypatch.setattr(C, "_LOADED", {"int32", "int64", "coarse"})
        assert S._split_costs(p, None)[0]["compiled"].coarse
        monkeypatch.setattr(C, "COARSE", False)       # the switch is part of what is remembered
        assert not S._split_costs(p, None)[0]["compiled"].coarse


@needs_numba
def test_a_split_plan_stays_remembered_until_its_forgone_savings_pay_for_the_tables(monkeypatch):
    # d = 5, one vector a side: the table mode is cheaper once built, not by enough to build at once. The split
    # plan is remembered (no planning per count) while building costs more than it saves, and as counts note the
    # savings forgone the remembered plan gives way to the table plan at the count planning afresh switches at
    p = problem_of([(1, 2, 0, 1, 3)], [(2, 0, 1, 1, 1)], range(5))
    import numba  # noqa: F401  (imported: the plan charges no import)
    monkeypatch.setattr(C, "_LOADED", {"int32", "int64"})
    monkeypatch.setattr(C, "_REGRET", [0])
    monkeypatch.setattr(C, "_TABLES", {})
    monkeypatch.setattr(C, "_FORGONE", {})
    monkeypatch.setattr(S, "_PLANS", {})
    planned = []
    real_plan = C.plan
    monkeypatch.setattr(C, "plan", lambda problem: planned.append(1) or real_plan(problem))
    q = S._split_costs(p, None)[0]["compiled"]
    assert q.table_key is not None and not q.tables and C.plan_settled(q, p) and len(S._PLANS) == 1
    runs = 0
    while not q.tables:
        before = len(planned)
        fresh = real_plan(p)
        q = S._split_costs(p, None)[0]["compiled"]
        assert q == fresh                                   # the memo gives what planning afresh gives
        assert (len(planned) == before) == (not fresh.tables)    # and plans again only once that has changed
        assert C.plan_settled(q, p) == (not q.tables)      # a table plan is settled once its first count built them
        assert C.compiled(p, q)[0] == reference(p)[0]
        runs += 1
    assert runs > 1 and q.table_key in C._TABLES and C.plan_settled(q, p)
    C._TABLES.clear()


# ---------------------------------------------------------------- the split census the plans sum over
@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(1, 4), min_size=1, max_size=5), st.data())
def test_split_census_lists_the_same_shapes_as_the_splits(counts, data):
    k = data.draw(st.integers(0, sum(counts)))
    listed: dict = {}
    for t in E.submultisets(counts, k):
        shape = (E.multinomial(t), E.multinomial([c - x for c, x in zip(counts, t)]))
        listed[shape] = listed.get(shape, 0) + 1
    assert M.split_census(tuple(counts)).get(k, {}) == listed
    assert sorted(M.split_shapes(counts, k)) == sorted((a, b, m) for (a, b), m in listed.items())
    assert M.count_splits(counts, k) == sum(listed.values())


def test_plans_without_the_census_list_the_splits(monkeypatch):
    p = problem_of([(1, 2, 0, 1, 3, 2, 0)], [(2, 0, 1, 1, 1, 0, 3)], (1, 1, 2, 3, 3, 3, 4))
    plans = (M.plan(p), X.plan(p), C.plan(p))
    M.split_census.cache_clear()
    M._plan.cache_clear()                 # the plans are remembered per shape: forget them, so the
    C.cheapest_split.cache_clear()        # ones below are computed without the census
    monkeypatch.setattr(M, "CENSUS_STATES", 1)
    assert M.split_census((1, 2, 3, 1)) is None
    assert (M.plan(p), X.plan(p), C.plan(p)) == plans
    M.split_census.cache_clear()


@pytest.mark.parametrize("engine", PER_VECTOR)
def test_per_vector_engines_report_progress_over_the_whole_orbit(engine):
    seen: list[int] = []
    c = orbit_counts([(1, 2, 0, 1, 3)], [(2, 0, 1, 1, 1)], (1, 1, 2, 3, 4), engine=engine, progress=seen.append)
    assert sum(seen) == c.orbit_size == 60


def test_auto_with_an_executor_keeps_the_engine_that_uses_it():
    from concurrent.futures import ThreadPoolExecutor

    A, B = [(1, 0, 2, 1, 0, 3, 1, 2)], [(0, 1, 1, 2, 3, 0, 0, 1)]
    with ThreadPoolExecutor(max_workers=1) as pool:
        c = orbit_counts(A, B, range(8), executor=pool)
    assert c.engine == "mitm" and tuple(c) == tuple(orbit_counts(A, B, range(8), engine="reference"))


@pytest.mark.skipif(not C.numba_installed(), reason="needs numba (the fast extra)")
@settings(max_examples=40, deadline=None)
@given(instance(max_d=5), st.integers(-2**30, 2**30))
def test_the_table_mode_writes_every_workspace_entry_it_reads(inst, junk):
    """The kept workspace (:func:`workspace`) holds the previous count's dot products: filled with junk before
    each count, and absent (the loop allocates its own), the table mode still gives the reference counts."""
    A, B, r = inst
    p = problem_of(A, B, r)
    want, _ = reference(p)
    for k in range(len(r) + 1):
        for dtype in ("int32", "int64"):
            nodes = C.side_tables(tuple(p.multiplicities), k).par.shape[0]
            space = C.workspace(dtype, len(p.vectors) * nodes + 32)
            space[:] = np.random.default_rng(junk % 2**32).integers(-2**20, 2**20, size=space.size)
            assert C.compiled(p, C.Plan(k, 0, 0, dtype, 0, True))[0] == want, (k, dtype)


def test_no_workspace_is_kept_past_its_bound(monkeypatch):
    monkeypatch.setattr(C, "WORKSPACE_BYTES", 0)
    assert C.workspace("int64", 1).size == 0
    p = problem_of([(1, 0, 2)], [(0, 3, 1)], [1, 2, 2])
    if C.numba_installed():
        assert C.compiled(p, C.Plan(1, 0, 0, "int64", 0, True))[0] == reference(p)[0]


def _visit_like_past_int64(d, n, seed):
    """n + n rows past int64 (entries near 2^60, like visit distributions at γ = 9/10 scaled to integers) and
    a reward of d distinct values: one pair of sets whose sums need Python integers."""
    rng = random.Random(seed)
    rows = [tuple(rng.randrange(2**58, 2**60) for _ in range(d)) for _ in range(2 * n)]
    return rows[:n], rows[n:], [rng.randrange(10**6) for _ in range(d)]


@needs_numba
@pytest.mark.parametrize("d, coarse", [(6, False), (10, True)])
def test_past_int64_one_pair_takes_the_cheaper_of_the_fine_and_coarse_loops(monkeypatch, d, coarse):
    # both loops loaded: the fine loop at its rate, the coarse one with its set-up; small counts do not repay the
    # coarse set-up (d = 6), large ones do (d = 10); either loop counts as the brute force
    import numba  # noqa: F401

    monkeypatch.setattr(C, "_LOADED", {"int32", "int64", "coarse", "fine"})
    A, B, r = _visit_like_past_int64(d, 3, d)
    p = problem_of(A, B, r)
    assert p.sums_dtype is None and E.past_int64_pair(p)
    q = C.plan(p)
    fine = C.fine_cost(C._split_mode(tuple(p.multiplicities), p.n_vectors, 1, "int64")[2])
    alt = C._split_mode(tuple(p.multiplicities), p.n_vectors, 1, "coarse")[2] + E.COARSE_SETUP
    assert q.coarse == coarse == (alt < fine) and q.forgone == 0 and C.plan_settled(q, p)
    assert q.work == int(alt if coarse else fine) + C.COST_FIXED
    if d <= 7:
        want = naive_orbit_counts(A, B, r)
        for loop in (False, True):
            tally = C.compiled(p, q._replace(coarse=loop))[0]
            assert (tally.get((1,), 0), tally.get((-1,), 0), tally.get((0,), 0)) == want, loop


@needs_numba
def test_past_int64_the_unloaded_cheaper_loop_loads_once_its_losses_reach_its_load(monkeypatch):
    # the coarse loop loaded, the fine one not: a small count takes the coarse loop while the fine loop's load is
    # owed, notes what each count loses against the fine loop, and takes the fine loop once that reaches the load
    import numba  # noqa: F401

    monkeypatch.setattr(C, "numba_started", lambda: True)
    monkeypatch.setattr(C, "_LOADED", {"int32", "int64", "coarse"})
    monkeypatch.setattr(C, "_REGRET", [0])
    A, B, r = _visit_like_past_int64(6, 3, 1)
    p = problem_of(A, B, r)
    q = C.plan(p)
    fine = C.fine_cost(C._split_mode(tuple(p.multiplicities), p.n_vectors, 1, "int64")[2])
    assert q.coarse and q.forgone == q.work - C.COST_FIXED - fine > 0 and not C.plan_settled(q, p)
    want = C.compiled(p, q._replace(forgone=0))[0]
    counts = 0
    while C.plan(p).coarse and counts < 100_000:
        assert C.compiled(p, C.plan(p))[0] == want
        counts += 1
    # the fine loop is taken once its load, less the losses noted, is below what it saves on this count
    assert counts == (C.COST_LOAD - q.forgone) // q.forgone + 1 and C._REGRET[0] == counts * q.forgone
    q2 = C.plan(p)
    assert not q2.coarse and q2.forgone == 0 and C.compiled(p, q2)[0] == want


@needs_numba
def test_int64_sums_the_unloaded_coarse_loop_loads_once_its_losses_reach_its_load(monkeypatch):
    # int64 sums, one pair, the int64 loop loaded and the coarse one not: while its load is owed each count takes the
    # int64 loop and notes what it loses against the coarse loop; once that reaches the load, the coarse loop counts
    import numba  # noqa: F401

    monkeypatch.setattr(C, "numba_started", lambda: True)
    monkeypatch.setattr(C, "_LOADED", {"int32", "int64"})
    monkeypatch.setattr(C, "_REGRET", [0])
    monkeypatch.setattr(C, "MAX_TABLE_ENTRIES", 0)          # the split mode alone
    rng = np.random.default_rng(3)
    big = [tuple(int(x) for x in rng.integers(0, 10**15, 10)) for _ in range(8)]
    p = problem_of(big[:4], big[4:], list(range(1, 11)))
    args = (tuple(p.multiplicities), p.n_vectors, 1)
    saving = C._split_mode(*args, "int64")[2] - C._split_mode(*args, "coarse")[2] - C.COARSE_SETUP
    assert p.sums_dtype == "int64" and saving > 0           # cheaper once loaded, on any CPU (d = 10, 4 + 4)
    monkeypatch.setattr(C, "COST_LOAD", 5 * saving + 7)     # five counts' losses and a little more (< saving)
    q = C.plan(p)
    assert not q.coarse and q.forgone == saving and not C.plan_settled(q, p)
    want = C.compiled(p, q._replace(forgone=0))[0]          # the int64 loop's count (checked against brute force
    engines = []                                            # elsewhere); the coarse loop's must equal it
    while len(engines) < 20:
        q = C.plan(p)
        assert C.compiled(p, q)[0] == want
        engines.append(q.coarse)
        if q.coarse:
            break
    # taken once its load, less the losses noted (five counts' worth), is below what it saves on one count
    assert engines == [False] * 5 + [True] and C._REGRET[0] == 5 * saving
    assert "coarse" in C._LOADED and C.plan(p).coarse and C.plan(p).forgone == 0


@st.composite
def _contained_question(draw):
    """Up to 16 pairs (X, Y) with X's vectors among Y's, on 1-6 small vectors at d = 2-5, and a reward."""
    d = draw(st.integers(2, 5))
    vecs = draw(st.lists(st.tuples(*[st.integers(-3, 3)] * d), min_size=1, max_size=6, unique=True))
    n_pairs = draw(st.integers(2, 16))
    groups, pairs = [], []
    for _ in range(n_pairs):
        y = draw(st.lists(st.integers(0, len(vecs) - 1), min_size=1, max_size=len(vecs), unique=True))
        x = draw(st.lists(st.sampled_from(y), min_size=1, max_size=len(y), unique=True))
        pairs.append((len(groups), len(groups) + 1))
        groups += [sorted(x), sorted(y)]
    r = draw(rewards(d))
    return vecs, groups, pairs, r


@needs_numba
@settings(max_examples=60, deadline=None)
@given(_contained_question(), st.booleans())
def test_contained_pairs_tally_one_bit_a_pair(inst, tables):
    # every pair's first set among its second: each sign is 0 or −1, coded in one bit; the compiled loop, in both
    # modes and at every k, tallies what the reference engine does, past MAX_PAIRS pairs too
    vecs, groups, pairs, r = inst
    p = E.make_problem([tuple(map(Fraction, v)) for v in vecs], groups, pairs, tuple(map(Fraction, r)))
    assert E.contained_pairs(p) and C.applicable(p) is None and X.applicable(p) is None
    assert E.pairs_limit(p, C.MAX_PAIRS) == (E.MAX_CONTAINED_PAIRS if len(pairs) > C.MAX_PAIRS else C.MAX_PAIRS)
    want, _ = reference(p)
    assert all(s <= 0 for signs in want for s in signs)
    for k in range(len(r) + 1):
        for dtype in ("int32", "int64"):
            assert C.compiled(p, C.Plan(k, 0, 0, dtype, 0, tables))[0] == want, (k, dtype)
        assert X.maxima(p, X.Plan(k, 0, 0, "int64"))[0] == want, k          # the numpy engine's bits too


@settings(max_examples=60, deadline=None)
@given(_contained_question())
def test_a_contained_question_stays_one_bit_a_pair_once_pruned(inst):
    # prune records the containment: dropping dominated vectors keeps every group's maxima, so the pruned question
    # (whose groups may no longer show it) counts as the question asked
    vecs, groups, pairs, r = inst
    base = problem_of(vecs, [], r)
    asked = E.with_question(base, groups, pairs)
    pruned = D.prune(asked)
    assert E.contained_pairs(asked) and E.contained_pairs(pruned)
    want, _ = reference(asked)
    assert X.maxima(pruned)[0] == want
    if C.numba_installed():
        assert C.compiled(pruned)[0] == want


def test_pairs_limit_by_kind_of_question():
    # one bit a pair only where every pair is contained and the sums fit int64, for the engines with a tally of
    # codes (compiled, maxima); mitm keeps its three
    vecs = [(1, 0, 2), (0, 1, 1), (2, 2, 0)]
    contained = [[0], [0, 1, 2]] * 6 + [[1, 2], [0, 1, 2]] * 6
    pairs = [(2 * q, 2 * q + 1) for q in range(12)]
    p = problem_of(vecs, [], [1, 2, 3])
    p = E.with_question(p, contained, pairs)
    assert E.contained_pairs(p) and E.pairs_limit(p, C.MAX_PAIRS) == E.MAX_CONTAINED_PAIRS
    assert C.applicable(p) is None and X.applicable(p) is None and M.applicable(p) is not None
    crossed = E.with_question(p, contained, pairs[:-1] + [(1, 0)])           # one pair the other way round
    assert not E.contained_pairs(crossed) and E.pairs_limit(crossed, C.MAX_PAIRS) == C.MAX_PAIRS
    assert C.applicable(crossed) and X.applicable(crossed)
    big = problem_of([tuple(x << 70 for x in v) for v in vecs], [], [1, 2, 3])
    big = E.with_question(big, contained, pairs)
    assert big.sums_dtype is None and E.pairs_limit(big, C.MAX_PAIRS) == C.MAX_PAIRS and C.applicable(big)
    assert S.pair_limit("maxima", contained=True) == S.pair_limit("auto", contained=True) == E.MAX_CONTAINED_PAIRS
    assert S.pair_limit("mitm", contained=True) == M.MAX_PAIRS and S.pair_limit("auto") == C.MAX_PAIRS


@needs_numba
def test_pruning_keeps_a_question_contained(monkeypatch):
    # eleven atoms against all the vectors, one atom's vector dominated by another's: pruning drops it from the
    # all-vectors group but not from its atom, so the groups no longer show the containment; prune records it, so
    # the eleven pairs stay one bit each and within the split engines' limits (not the slow enumeration of
    # prefixes), asked through with_question or built directly
    monkeypatch.setattr(S, "SMALL_COUNT", 0)
    monkeypatch.setattr(S, "PAYBACK", 0)
    rng = random.Random(5)
    vecs = [(0, 0, 0, 0, 0)] + [tuple(rng.randint(1, 9) for _ in range(5)) for _ in range(10)]
    vecs[1] = (9, 9, 9, 9, 9)
    sets = {f"l{i}": [v] for i, v in enumerate(vecs)}
    r = [0, 1, 2, 3, 5]
    for engine in ("compiled", "maxima"):
        c = optimality_counts(sets, r, engine=engine)
        assert c.engine == engine
        assert {k: (c.weak[k], c.strict[k]) for k in sets} == naive_optimality_counts(sets, r)
    groups = [[i] for i in range(11)] + [list(range(11))]
    pairs = [(g, 11) for g in range(11)]
    asked = E.with_question(problem_of(vecs, [], r), groups, pairs)
    pruned = D.prune(asked)            # the question as asked is recorded: still one bit a pair once pruned
    assert len(pruned.groups[11]) < 11 and E.contained_pairs(pruned) and C.applicable(pruned) is None
    assert C.compiled(pruned)[0] == X.maxima(pruned)[0] == reference(asked)[0]
    p = E.make_problem([tuple(map(Fraction, v)) for v in vecs], groups, pairs, tuple(map(Fraction, r)))
    assert p.contained is None and D.prune(p).contained and E.contained_pairs(D.prune(p))
    assert C.applicable(D.prune(p)) is None and X.applicable(D.prune(p)) is None
    assert not all(set(D.prune(p).groups[x]) <= set(D.prune(p).groups[y]) for x, y in pairs)   # groups don't show it
    tally, used, _ = S.solve(list(p.exact_vectors), groups, pairs, tuple(map(Fraction, r)), "auto", None)
    assert used in ("compiled", "maxima") and tally == reference(p)[0]


# ---------------------------------------------------------------- the host's integer lanes
def test_wide_integer_lanes_reads_avx512_from_the_first_flags_line(tmp_path):
    # AVX-512 F and VL both needed; only the first "flags" line read; an unreadable file or no flags: False
    from symorbit.orbits.engines.host import wide_integer_lanes

    cases = {"both": ("fpu sse2 avx2 avx512f avx512dq avx512vl", True), "f only": ("fpu avx2 avx512f", False),
             "avx2": ("fpu sse2 avx2 fma", False)}
    for name, (flags, want) in cases.items():
        f = tmp_path / name
        f.write_text(f"processor\t: 0\nflags\t\t: {flags}\n\nprocessor\t: 1\nflags\t\t: avx512f avx512vl\n")
        assert wide_integer_lanes(str(f)) is want
    (tmp_path / "none").write_text("processor\t: 0\nFeatures\t: fp asimd\n")      # ARM: no flags line
    assert wide_integer_lanes(str(tmp_path / "none")) is False
    assert wide_integer_lanes(str(tmp_path / "missing")) is False
    # the compiled loop's int64 rates follow the host's (the fitted ones with AVX-512, the measured ratio without)
    assert C.WIDE_LANES is wide_integer_lanes()
    assert C.COST_ELEM == (0.112 if C.WIDE_LANES else round(C.COST_ELEM_32 * C.NARROW_ELEM_RATIO, 3))
    assert C.COARSE_INT64_SHARE == (0.5 if C.WIDE_LANES else 0.02) and C.COST_ELEM > C.COST_ELEM_32


@needs_numba
@settings(max_examples=60, deadline=None)
@given(st.integers(4, 7).flatmap(lambda d: st.tuples(
    st.just(d), st.integers(1, 4), st.integers(1, 4), st.sampled_from((0, 1, 3, 40, 400, 4000)),
    st.sampled_from((0, 44)), st.integers(1, d - 1), st.randoms(use_true_random=False))))
def test_the_coarse_loop_recounts_its_band_element_by_element_or_from_side_sums(case):
    # B's vectors are A's moved by at most `move` units (0: exact ties), so a split has from none to all of its
    # elements in the band: the coarse loop recounts the first few one by one and forms the split's int64 side sums
    # once those would cost less; below int64 (shift 0) and past it (shift 44: the fine band, then Python integers),
    # the brute force's counts either way
    d, n_a, n_b, move, shift, k, rng = case
    A = [tuple(rng.randrange(40000) for _ in range(d)) for _ in range(n_a)]
    B = [tuple(x + rng.randint(-move, move) for x in A[i % n_a]) for i in range(n_b)]
    B = list(dict.fromkeys(B))
    r = [rng.randrange(10**6) for _ in range(d)]
    A, B = ([tuple(x << shift | (shift > 0) for x in v) for v in S_] for S_ in (A, B))    # odd: nothing to divide
    p = problem_of(A, B, r)
    assume(p.sums_dtype == (None if shift else "int64"))    # (a reward of small values: sums within int32)
    tally = C.compiled(p, C.Plan(k, 0, 0, "big" if shift else "int64", 0, False, coarse=True))[0]
    assert raw(tally) == naive_orbit_counts(A, B, r)
