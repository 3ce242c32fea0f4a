"""Sets of tuple rows read once and kept by their rows' identity (``symorbit.exact.kept_rows``), against the read
they stand for (``short_rows`` then ``scaled_rows``) and end to end against the brute force, including rows that
change between two counts, sets dropped and made afresh (so their rows' ids are reused), and the memo's bounds;
then kept parts combined once (``at_common_scale(..., keep=True)``) and the facts kept with them (``row_facts``:
the largest entry, the shifted int64 copies past int64), against the same computed afresh."""

import random
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symorbit import NotExact, optimality_counts, orbit_counts
from symorbit.exact import kept_rows
from symorbit.exact.kept_rows import forget_kept_rows, is_kept, read_short_rows
from symorbit.exact.scaling import scaled_rows
from symorbit.exact.sparse import short_rows
from symorbit.testing.naive import naive_optimality_counts, naive_orbit_counts

_ENTRY = st.one_of(st.integers(-4, 4), st.fractions(-3, 3, max_denominator=6))


def _rows(d, as_tuple=True):
    row = st.tuples(*[_ENTRY] * d) if as_tuple else st.lists(_ENTRY, min_size=d, max_size=d)
    return st.lists(row, min_size=1, max_size=5)


@pytest.fixture(autouse=True)
def _fresh_memo():
    forget_kept_rows()
    yield
    forget_kept_rows()


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 4).flatmap(lambda d: st.tuples(_rows(d), st.booleans(), st.booleans())))
def test_every_read_is_short_rows_then_scaled_rows(inst):
    rows, as_tuple, list_rows = inst
    value = tuple(rows) if as_tuple else list(rows)
    if list_rows:
        value = [list(v) for v in value]        # rows that may change: never kept
    want_rows, plain = short_rows(value)
    scaled = scaled_rows(want_rows)
    for read in range(3):
        got = read_short_rows(value)
        assert got[:2] == (want_rows, plain)
        if plain:
            assert got[2] == (want_rows, 1)
        elif read == 0 or list_rows:
            assert got[2] is None             # a set read once is not scaled at the read; list rows never are
        else:
            assert got[2] == scaled
    assert (tuple(map(id, value)) in kept_rows._KEPT) == (not list_rows)


def _counts(A, B, r, C=None):
    c = orbit_counts(A, B, r, relative_to=C)
    return c.b_better, c.a_better, c.ties


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 4).flatmap(lambda d: st.tuples(
    _rows(d), _rows(d), st.lists(st.integers(0, 3), min_size=d, max_size=d))), st.randoms(use_true_random=False))
def test_counts_repeated_on_kept_rows_are_the_brute_force(inst, rnd):
    # the same row objects in several sets and orders: each set its own key, every count the brute force's
    A, B, r = inst
    C = A + B + A[:1]
    rnd.shuffle(C)
    for _ in range(3):
        assert _counts(A, B, r) == naive_orbit_counts(A, B, r)
        assert _counts(B, A[::-1], r) == naive_orbit_counts(B, A[::-1], r)
        assert _counts(A, B, r, C) == naive_orbit_counts(A, B, r, C)
        sets = {"a": A, "b": B, "c": C}
        o = optimality_counts(sets, r)
        assert {k: (o.weak[k], o.strict[k]) for k in sets} == naive_optimality_counts(sets, r)


def test_rows_that_change_between_counts_are_read_again():
    third = Fraction(1, 3)
    r = [1, 2, 3]
    A = [(third, 0, 0)]
    B = [(0, third, 0), (0, 0, third)]
    before = naive_orbit_counts(A, B, r)
    for _ in range(2):
        assert _counts(A, B, r) == before
    A[0] = (0, 0, Fraction(1, 2))               # the list holds another row: a different key
    assert _counts(A, B, r) == naive_orbit_counts(A, B, r) != before
    L = [[third, 0, 0]]                          # list rows, changed in place: never kept
    for _ in range(2):
        assert _counts(L, B, r) == before
    L[0][0], L[0][2] = 0, Fraction(1, 2)
    assert _counts(L, B, r) == naive_orbit_counts(L, B, r) != before


def test_sets_made_afresh_reuse_ids_and_are_read_afresh():
    # each round drops the last round's rows, so CPython reuses their memory (and ids) for the new ones; the memo
    # holds the rows it keeps, so a kept id is never another row's, and every count is the brute force's
    rnd = random.Random(5)
    r = [0, 1, 2, 5]
    for _ in range(300):
        A = [tuple(Fraction(rnd.randint(0, 4), rnd.randint(1, 3)) for _ in range(4)) for _ in range(2)]
        B = [tuple(Fraction(rnd.randint(0, 4), rnd.randint(1, 3)) for _ in range(4)) for _ in range(2)]
        for _ in range(2):
            assert _counts(A, B, r) == naive_orbit_counts(A, B, r)


def test_the_memo_keeps_at_most_its_bounds(monkeypatch):
    monkeypatch.setattr(kept_rows, "KEEP_SETS", 3)
    monkeypatch.setattr(kept_rows, "KEEP_ENTRIES", 4)
    sets = [[(Fraction(1, k), 0)] for k in range(1, 6)]
    for s in sets:
        read_short_rows(s)
    assert list(kept_rows._KEPT) == [tuple(map(id, s)) for s in sets[-3:]]     # the oldest went first
    assert read_short_rows(sets[0])[2] is None                                   # dropped: read afresh
    big = [(Fraction(1, 2), 1, 2), (0, 1, 2)]                                    # 6 entries > 4: never kept
    for _ in range(2):
        assert read_short_rows(big)[2] is None
    assert tuple(map(id, big)) not in kept_rows._KEPT


def test_is_kept_names_the_rows_of_kept_sets_only(monkeypatch):
    monkeypatch.setattr(kept_rows, "KEEP_SETS", 2)
    sets = [[(k, 0, 1), (0, k, 2)] for k in range(1, 4)]
    rows = [read_short_rows(s)[0] for s in sets]
    assert not any(map(is_kept, rows))                                # read once: not named kept
    assert [is_kept(read_short_rows(s)[0]) for s in sets[1:]] == [True, True]
    assert read_short_rows(sets[0])[0] is not rows[0]                 # the oldest went first: read afresh
    assert not is_kept(read_short_rows([[Fraction(1, 2), 0, 1]])[0])    # Fraction list rows: never kept
    assert not is_kept(tuple(list(rows[2])))                          # equal rows, another object
    # named: exactly the kept sets read twice (sets[1] went when sets[0] came back, read once since)
    assert set(kept_rows._ROWS) == {id(e[1]) for e in kept_rows._KEPT.values() if e[4]} == {id(rows[2])}
    forget_kept_rows()
    assert not any(map(is_kept, rows)) and not kept_rows._ROWS


def test_a_float_in_tuple_rows_is_refused_every_time():
    A = [(Fraction(1, 2), 0.25)]
    for _ in range(2):
        with pytest.raises(NotExact, match='"1/4"'):
            orbit_counts(A, [(0, 1)], [1, 2])
    assert not kept_rows._KEPT


# ---------------------------------------------------------------- kept parts combined once (at_common_scale keep=True)
from symorbit import OutcomeSet  # noqa: E402
from symorbit.exact import scaling  # noqa: E402
from symorbit.exact.scaling import at_common_scale, row_facts  # noqa: E402
from symorbit.exact.sparse import reward_multiset  # noqa: E402
from symorbit.orbits.engines.problem import coarse_scale, make_problem, max_abs, shifted_vectors  # noqa: E402


def _forget_combined():
    scaling.forget_combined()
    assert not scaling._COMBINED and not scaling._SEEN and not scaling._FACTS


@pytest.fixture
def _fresh_combined():
    _forget_combined()
    yield
    _forget_combined()


def _parts(d_max, bound, denominator, min_parts):
    """Lists of parts, each a list of 1-4 Fraction rows of one length d ≤ d_max."""
    return st.integers(1, d_max).flatmap(lambda d: st.lists(
        st.lists(st.tuples(*[st.fractions(-bound, bound, max_denominator=denominator)] * d), min_size=1, max_size=4),
        min_size=min_parts, max_size=4))


@settings(max_examples=150, deadline=None)
@given(_parts(4, 5, 12, 1))
def test_kept_parts_combine_as_at_common_scale(parts):
    _forget_combined()
    scaled = [scaled_rows(p) for p in parts]
    want = at_common_scale(scaled)
    got = [at_common_scale(scaled, keep=True) for _ in range(3)]
    assert got == [want] * 3
    assert row_facts(got[0][0]) is None and row_facts(got[1][0]) == {}      # kept from the second meeting on
    assert got[2][0] is got[1][0]
    assert row_facts(want[0]) is None                                         # equal rows, another object


def test_list_parts_and_bounds(_fresh_combined, monkeypatch):
    listed = [([(1, 2)], 2), ([(1, 1)], 3)]                      # rows that may change: never kept
    for _ in range(3):
        assert at_common_scale(listed, keep=True) == (((3, 6), (2, 2)), 6)
    assert not scaling._COMBINED
    monkeypatch.setattr(scaling, "KEEP_COMBINED", 2)
    parts = [[(((k, 1),), 2), (((1, k),), 3)] for k in range(4)]
    rows = [[at_common_scale(p, keep=True) for _ in range(2)][1][0] for p in parts]
    assert [row_facts(r) is not None for r in rows] == [False, False, True, True]     # the oldest went first
    assert len(scaling._FACTS) == 2


def _past_int64_sets():
    # two parts of one tagged set with 70-bit entries at different least denominators: sums past int64
    big = 2**70
    F = OutcomeSet.build(("0", "1", "2", "3"), [
        ((Fraction(big, 3), 1, 0, Fraction(5, 7)), ["a"]), ((2, Fraction(big + 1, 5), 1, 0), ["a"]),
        ((Fraction(big - 9, 7), 0, 3, Fraction(big, 11)), ["b"]), ((1, 1, Fraction(big, 13), 2), ["b"])])
    return F.restrict("a"), F.restrict("b")


def test_counts_on_kept_facts_are_the_brute_force(_fresh_combined):
    # the same kept rows counted at rewards of very different sizes (so different shifts), alternately, each
    # against the brute force, raw and relative to F (whose distinct rows are kept with its combination); the
    # shifted copies the counts share are read-only
    A, B = _past_int64_sets()
    F = OutcomeSet.build(("0", "1", "2", "3"), [(v, ["x"]) for v in A.vectors + B.vectors[:1]])
    rewards = [[0, 1, 2, 3], [10**15, 7, 10**15 - 1, 2], [5, 5, 1, 9], [2**40, 1, 3, 2**41]]
    for _ in range(3):
        for r in rewards:
            assert _counts(A, B, r) == naive_orbit_counts(A, B, r)
            assert _counts(B, A, r) == naive_orbit_counts(B, A, r)
            assert _counts(A, B, r, F) == naive_orbit_counts(A, B, r, F)
    kept = [rows for rows, _ in scaling._FACTS.values()]
    assert len(kept) == 4          # A + B, B + A, A + B + F, and the last one's distinct rows (derived)
    assert all(row_facts(rows)["max_abs"] == max_abs(rows) for rows in kept if "max_abs" in row_facts(rows))
    assert sum("shifted" in row_facts(rows) for rows in kept) == 3
    for rows in kept:
        for a, arr in row_facts(rows).get("shifted", {}).items():
            assert arr.tolist() == [[x >> a for x in v] for v in rows] and not arr.flags.writeable


def test_kept_plain_int_sets_are_combined_once_with_their_facts(_fresh_combined):
    # sets of plain-int tuple rows, kept: their combination is kept from the second count on, with its largest
    # entry and its machine arrays (read-only); plain-int list rows too, kept by their content; every count the
    # brute force's
    import numpy as np

    from symorbit.orbits.engines.problem import vector_array

    A, B = [(3, 0, 1, 7), (0, 2, 2, 1)], [(1, 1, 5, 0), (-4, 0, 0, 9)]
    for r in ([1, 2, 3, 4], [0, 0, 5, 1], [10**9, 2, 1, 0]):
        for _ in range(3):
            assert _counts(A, B, r) == naive_orbit_counts(A, B, r)
            assert _counts([list(v) for v in A], B, r) == naive_orbit_counts(A, B, r)
    # the tuple sets and the list A (kept by its content, another kept object) with B: two combinations
    assert [rows for rows, _ in scaling._FACTS.values()] == [tuple(A + B)] * 2
    rows, facts = next(iter(scaling._FACTS.values()))
    assert facts["max_abs"] == 9
    p = make_problem(rows, [[0, 1], [2, 3]], [(1, 0)], None, reward_multiset([1, 2, 3, 4]), scaled=(rows, 1))
    for dt in (np.int32, np.int64):
        V = vector_array(p, dt)
        assert V is vector_array(p, dt) and V.tolist() == [list(v) for v in rows] and not V.flags.writeable
    fresh = make_problem([list(v) for v in rows], [[0, 1], [2, 3]], [(1, 0)], None, reward_multiset([1, 2, 3, 4]))
    assert vector_array(fresh, np.int64) is not vector_array(fresh, np.int64)      # rows not kept: made afresh


@settings(max_examples=100, deadline=None)
@given(_parts(3, 2, 3, 2))
def test_distinct_rows_of_kept_rows_are_worked_out_once(parts):
    # the distinct rows of kept rows: as distinct_rows works them out afresh, the same kept tuple at every call,
    # with facts of its own; dropped with the combination they came from
    from symorbit.orbits.engines.problem import distinct_rows

    _forget_combined()
    exact = [v for p in parts for v in p]
    scaled = [scaled_rows(p) for p in parts]
    for _ in range(2):
        keys, scale = at_common_scale(scaled, keep=True)
    want = distinct_rows(exact, scaled=(list(keys), scale))        # a list: not kept, worked out afresh
    got = [distinct_rows(exact, scaled=(keys, scale)) for _ in range(2)]
    for g in got:
        assert (g[0], list(g[1]), g[2], g[3]) == (want[0], list(want[1]), want[2], want[3])
    assert got[0][1] is got[1][1] and row_facts(got[0][1]) is not None
    assert (got[0][1] is keys) == (len(want[1]) == len(keys))      # all distinct: the kept rows themselves
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(scaling, "KEEP_COMBINED", 1)
        other = [(((7,) * len(keys[0]),), 1)] * 2
        for _ in range(2):
            at_common_scale(other, keep=True)        # kept in place of the first, which goes with what was derived
    assert len(scaling._COMBINED) == 1
    assert row_facts(keys) is None and row_facts(got[0][1]) is None


def test_shifted_vectors_of_kept_rows_are_shared_and_exact(_fresh_combined):
    A, B = _past_int64_sets()
    parts = [A.integer_rows(), B.integer_rows()]
    for _ in range(2):
        rows, scale = at_common_scale(parts, keep=True)
    from symorbit.exact.sparse import reward_multiset
    problems = [make_problem(rows, [[0, 1], [2, 3]], [(1, 0)], None, reward_multiset(r), scaled=(rows, scale))
                for r in ([1, 2, 3, 4], [10**12, 1, 2, 3])]
    shifts = {coarse_scale(p, "int64").a for p in problems}
    for p in problems:
        for a in sorted(shifts, reverse=True):      # the larger shift first: the smaller is not made from it
            assert shifted_vectors(p, a).tolist() == [[x >> a for x in v] for v in rows]
    assert shifted_vectors(problems[0], min(shifts)) is shifted_vectors(problems[1], min(shifts))


def test_the_memos_from_several_threads(_fresh_combined, monkeypatch):
    # small bounds, so that threads evict while others read and insert: every answer is still the one computed afresh
    import threading

    monkeypatch.setattr(kept_rows, "KEEP_SETS", 3)
    monkeypatch.setattr(scaling, "KEEP_COMBINED", 2)
    sets = [[(Fraction(k, 3), Fraction(1, k + 1)), (Fraction(1, 2), k)] for k in range(1, 9)]
    parts = [scaled_rows(s) for s in sets]
    wrong, errors = [], []

    def work(seed):
        rnd = random.Random(seed)
        try:
            for _ in range(400):
                i, j = rnd.randrange(8), rnd.randrange(8)
                got = read_short_rows(sets[i])
                if got[0] != tuple(sets[i]) or got[2] not in (None, parts[i]):
                    wrong.append(("read", i))
                if at_common_scale([parts[i], parts[j]], keep=True) != at_common_scale([parts[i], parts[j]]):
                    wrong.append(("combined", i, j))
        except Exception as e:      # noqa: BLE001 - any exception from a thread is a failure of this test
            errors.append(e)

    threads = [threading.Thread(target=work, args=(seed,)) for seed in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and not wrong
    assert len(kept_rows._KEPT) <= 3 and len(scaling._COMBINED) <= 2 and len(scaling._FACTS) <= 2


def test_a_kept_combination_or_distinct_rows_that_do_not_fit_are_refused(_fresh_combined):
    # the cheap checks on what the memos hand back: a combination whose rows or scale are not its parts', and kept
    # distinct positions for another number of rows, raise rather than count with them
    from symorbit import InvariantViolation
    from symorbit.orbits.engines.problem import distinct_rows

    parts = [(((1, 2), (1, 2)), 2), (((1, 1),), 3)]
    for _ in range(2):
        keys, scale = at_common_scale(parts, keep=True)
    exact = [(Fraction(1, 2), 1), (Fraction(1, 2), 1), (Fraction(1, 3), Fraction(1, 3))]
    assert distinct_rows(exact, scaled=(keys, scale))[3] == [0, 0, 1]
    with pytest.raises(InvariantViolation, match="2 rows against 3 kept integer rows"):
        distinct_rows(exact[:2], scaled=(keys, scale))
    (entry,) = scaling._COMBINED.values()
    entry[1] = (keys[:2], scale)
    with pytest.raises(InvariantViolation, match="kept rows"):
        at_common_scale(parts, keep=True)


# ---------------------------------------------------------------- integer arrays kept by their content
@settings(max_examples=60, deadline=None)
@given(st.integers(2, 5).flatmap(lambda d: st.tuples(
    st.lists(st.lists(st.integers(-5, 9), min_size=d, max_size=d), min_size=1, max_size=4),
    st.lists(st.lists(st.integers(-5, 9), min_size=d, max_size=d), min_size=1, max_size=4),
    st.lists(st.integers(0, 4), min_size=d, max_size=d),
    st.sampled_from(["int8", "int32", "int64", "uint64"]), st.booleans())))
def test_integer_arrays_are_kept_by_their_content(inst):
    # an integer array is remembered by its dtype, shape and bytes: read again, the same rows; changed in place,
    # another key, read afresh; a strided view is keyed by its content too; every count the brute force's
    import numpy as np

    forget_kept_rows()
    A, B, r, dtype, strided = inst
    if dtype == "uint64":
        A, B = [[abs(x) for x in v] for v in A], [[abs(x) for x in v] for v in B]
    a, b = np.array(A, dtype=dtype), np.array(B, dtype=dtype)
    if strided:       # the same content as a view with other strides
        a = np.repeat(a, 2, axis=0)[::2]
    for _ in range(5):
        assert _counts(a, b, r) == naive_orbit_counts(A, B, r)
    assert read_short_rows(a)[0] is read_short_rows(np.array(A, dtype=dtype))[0]     # equal content, one key
    assert is_kept(read_short_rows(a)[0])
    a[0, 0] += 1                                  # changed in place: another key
    A[0][0] += 1
    for _ in range(5):
        assert _counts(a, b, r) == naive_orbit_counts(A, B, r)
    assert read_short_rows(a)[0][0][0] == A[0][0]


def test_arrays_that_are_not_kept_by_content():
    import numpy as np

    from symorbit import InvalidArgument

    for bad in (np.array([[0.5, 1.0]]), np.array([[True, False]])):     # refused at every count, never kept
        for _ in range(2):
            with pytest.raises((NotExact, InvalidArgument)):
                orbit_counts(bad, [(0, 1)], [1, 2])
    big = np.zeros((kept_rows.KEEP_ARRAY_ENTRIES // 2 + 1, 2), dtype=np.int64)       # past the bound: read afresh
    big[0] = (1, 0)
    assert read_short_rows(big)[0] is not read_short_rows(big)[0]
    assert not kept_rows._KEPT


def test_plain_int_list_rows_are_kept_by_their_content():
    # list rows of plain ints: read at every count, the read then kept under its distinct rows in order, so equal
    # rows read again give the same kept rows (named kept from the second read); rows changed in place are read
    # as they now are; every count the brute force's
    A = [[1, 0, 2], [0, 1, 1], [1, 0, 2]]
    B = [[0, 2, 0], [2, 0, 1]]
    first, second = read_short_rows(A)[0], read_short_rows([list(v) for v in A[:2]])[0]
    assert first is second and is_kept(second) and first == ((1, 0, 2), (0, 1, 1))
    for r in ([1, 2, 3], [0, 0, 5], [7, 7, 7]):
        for _ in range(5):
            assert _counts(A, B, r) == naive_orbit_counts(A, B, r)
        A[0][1] += 1                              # changed in place between rewards
        for _ in range(2):
            assert _counts(A, B, r) == naive_orbit_counts(A, B, r)
    assert read_short_rows(A)[0][0] == tuple(A[0])
