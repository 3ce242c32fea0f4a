"""Orbit counting: every engine against the naive brute force, and the reference values of docs/theory.md."""

import itertools
import math
from collections import Counter
from fractions import Fraction

import pytest
from cpu_clock import SLACK, cpu_seconds
from hypothesis import given, settings
from hypothesis import strategies as st

from symorbit import (
    ENGINES,
    InvalidArgument,
    NotExact,
    TooLarge,
    optimality_counts,
    orbit,
    orbit_counts,
    orbit_size,
    visit_distributions,
)
from symorbit.mdp.library import candy, opts_figure1
from symorbit.orbits.engines.compiled import numba_installed
from symorbit.outcomes.outcome_sets import one_hot
from symorbit.testing.naive import naive_optimality_counts, naive_orbit_counts
from symorbit.testing.strategies import one_hot_sets, rewards, vector_sets

# engine="compiled" needs the `fast` extra (numba); tests/test_compiled.py covers its refusal without it.
AVAILABLE = [e for e in ENGINES if e != "compiled" or numba_installed()]
EXACT_ENGINES = [e for e in AVAILABLE if e != "topwalk"]


def e(d, *js):
    return [one_hot(d, j) for j in js]


@pytest.mark.parametrize(
    "r, expected",
    [((1, 2, 3), (4, 2, 0)), ((0, 5, 7), (4, 2, 0)), ((1, 1, 2), (2, 1, 0)), ((0, 0, 1), (2, 1, 0)),
     ((1, 2, 2), (1, 0, 2)), ((0, 1, 1), (1, 0, 2)), ((1, 1, 1), (0, 0, 1))],
)
@pytest.mark.parametrize("engine", AVAILABLE)
def test_candy_table_spec_section_4(r, expected, engine):
    c = orbit_counts(e(3, 0), e(3, 1, 2), r, engine=engine)
    assert (c.b_better, c.a_better, c.ties) == expected
    assert c.orbit_size == orbit_size(r)


def test_permutation_counts_scale_by_stabiliser():
    c = orbit_counts(e(3, 0), e(3, 1, 2), (1, 2, 2), count="permutations")
    assert (c.b_better, c.a_better, c.ties, c.orbit_size) == (2, 0, 4, 6)
    c = orbit_counts(e(3, 0), e(3, 1, 2), (1, 1, 1)).over_permutations()
    assert (c.b_better, c.a_better, c.ties) == (0, 0, 6)


def test_candy_mdp_discount_dependence_spec_p6_p7():
    F = visit_distributions(candy(), "start", "1/2")
    A, B = F.restrict("candy"), F.restrict("wait")
    c = orbit_counts(A, B, (0, 1, 2, 3, 4))
    assert (c.b_better, c.a_better, c.ties) == (62, 42, 16)
    c = orbit_counts(A, B, (0, 2, 3, 3, 3))
    assert (c.b_better, c.a_better) == (7, 9)      # the tendency reverses at γ = 1/2
    for g in ("9/10", "99/100"):
        F = visit_distributions(candy(), "start", g)
        c = orbit_counts(F.restrict("candy"), F.restrict("wait"), (0, 2, 3, 3, 3))
        assert (c.b_better, c.a_better, c.ties) == (8, 8, 4)


def test_two_versus_fifty_one_spec_section_3_5():
    for d in (53, 60):
        c = orbit_counts(e(d, 0, 1), e(d, *range(2, 53)), list(range(d)))
        assert c.strict_fraction == c.weak_fraction == Fraction(51, 53)
    tie = [1, 1] + [0] * 51
    c = orbit_counts(e(53, 0, 1), e(53, *range(2, 53)), tie)
    assert c.orbit_size == 1378
    assert (c.b_better, c.a_better) == (1275, 1)
    assert c.weak_fraction == Fraction(1377, 1378)


def test_distinct_entries_do_not_rule_out_ties_p2():
    c = orbit_counts([(1, 1, 0, 0)], [(0, 0, 1, 1)], (1, 4, 2, 3))
    assert c.ties > 0


def test_one_hot_family_large_d_is_closed_form():
    d = 1000
    c = orbit_counts(e(d, *range(3)), e(d, *range(3, 10)), list(range(d)))
    assert c.engine == "topwalk"
    assert c.strict_fraction == Fraction(7, 10)


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 6).flatmap(lambda d: st.tuples(vector_sets(d, max_size=3), vector_sets(d, max_size=3),
                                                     rewards(d, min_value=-2, max_value=2))))
def test_engines_agree_with_bruteforce(inst):
    A, B, r = inst
    want = naive_orbit_counts(A, B, r)
    for engine in EXACT_ENGINES:
        c = orbit_counts(A, B, r, engine=engine)
        assert (c.b_better, c.a_better, c.ties) == want, engine
        assert c.orbit_size == sum(want)


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 7).flatmap(lambda d: st.tuples(one_hot_sets(d, max_size=3), one_hot_sets(d, max_size=4),
                                                     rewards(d, min_value=0, max_value=3))))
def test_topwalk_agrees_with_bruteforce(inst):
    A, B, r = inst
    c = orbit_counts(A, B, r, engine="topwalk")
    assert (c.b_better, c.a_better, c.ties) == naive_orbit_counts(A, B, r)


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 7).flatmap(lambda d: st.tuples(one_hot_sets(d, max_size=3), one_hot_sets(d, max_size=4),
                                                     rewards(d, min_value=-30, max_value=30))))
def test_topwalk_runs_of_distinct_values_agree_with_bruteforce(inst):
    # mostly distinct values: the closed form over runs of values that occur once (hockey stick)
    A, B, r = inst
    c = orbit_counts(A, B, r, engine="topwalk")
    assert (c.b_better, c.a_better, c.ties) == naive_orbit_counts(A, B, r)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 5).flatmap(lambda d: st.tuples(vector_sets(d, max_size=2), vector_sets(d, max_size=2),
                                                     vector_sets(d, max_size=2), rewards(d, rational=True))))
def test_optimality_counts_agree_with_bruteforce(inst):
    X, Y, Z, r = inst
    sets = {"x": X, "y": Y, "z": Z}
    want = naive_optimality_counts(sets, r)
    for engine in ("reference", "pruning", "blocks", "vectorised"):
        c = optimality_counts(sets, r, engine=engine)
        assert {k: (c.weak[k], c.strict[k]) for k in sets} == want, engine



_FORMS = {"ints": lambda v: list(v), "fractions": lambda v: [Fraction(x) for x in v],
          "strings": lambda v: [f"{x}/1" for x in v]}


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 5).flatmap(lambda d: st.tuples(
    st.lists(st.tuples(*[st.integers(-3, 3)] * d), min_size=1, max_size=6, unique=True),
    st.lists(st.lists(st.integers(0, 5), min_size=1, max_size=4), min_size=1, max_size=4),
    st.lists(st.sampled_from(sorted(_FORMS)), min_size=4, max_size=4),
    rewards(d))))
def test_optimality_counts_read_each_label_in_any_form(inst):
    # labels share vectors, each label written its own way (plain ints are read as they are, the others as
    # outcome sets): a shared vector is one vector, so the counts are the brute force's whatever the forms
    pool, picks, forms, r = inst
    sets = {f"s{i}": [pool[j % len(pool)] for j in pick] for i, pick in enumerate(picks)}
    given_as = {k: [_FORMS[form](v) for v in vs] for (k, vs), form in zip(sets.items(), forms)}
    want = naive_optimality_counts(sets, r)
    c = optimality_counts(given_as, r)
    assert {k: (c.weak[k], c.strict[k]) for k in sets} == want



@settings(max_examples=60, deadline=None)
@given(st.integers(1, 5).flatmap(lambda d: st.tuples(
    st.lists(st.tuples(*[st.integers(-3, 3)] * d), min_size=1, max_size=4),
    st.lists(st.tuples(*[st.integers(-3, 3)] * d), min_size=1, max_size=4),
    st.sampled_from(("ints", "numpy", "uint64", "fractions", "halves", "strings")), st.booleans(), rewards(d))))
def test_orbit_counts_read_each_set_form_alike(inst):
    # short rows are read without an outcome set when they are plain ints, an integer numpy array or Fractions and
    # ints (those kept as given, repeats included); strings take the general path; every form gives the counts of
    # the brute force, raw and relative to C = A ∪ B plus a vector of its own
    import numpy as np

    A, B, form, relative, r = inst
    scale = Fraction(1, 2) if form == "halves" else 1
    if form == "uint64":
        A, B = [tuple(abs(x) for x in v) for v in A], [tuple(abs(x) for x in v) for v in B]
    C = A + B + [tuple(1 for _ in A[0])] if relative else None
    write = {"ints": lambda S: [list(v) for v in S], "numpy": lambda S: np.array(S, dtype=np.int64),
             "uint64": lambda S: np.array(S, dtype=np.uint64),
             "fractions": lambda S: [[Fraction(x) if i % 2 else x for i, x in enumerate(v)] for v in S + S[:1]],
             "halves": lambda S: [[Fraction(x, 2) for x in v] for v in S],
             "strings": lambda S: [[f"{x}/1" for x in v] for v in S]}[form]

    def exact(S):
        return [tuple(Fraction(x) * scale for x in v) for v in S]

    want = naive_orbit_counts(exact(A), exact(B), r, C=exact(C) if relative else None)
    c = orbit_counts(write(A), write(B), r, relative_to=write(C) if relative else None)
    assert (c.b_better, c.a_better, c.ties) == want, form


def test_set_forms_still_refused_alike():
    import numpy as np

    from symorbit import InvalidArgument, NotExact

    for bad, error in ((np.eye(2, dtype=bool), InvalidArgument), (np.zeros((2, 2)), NotExact),
                       ([[Fraction(1), 0.5]], NotExact), ([[Fraction(1), True]], InvalidArgument)):
        with pytest.raises(error):
            orbit_counts(bad, [[1, 0]], [1, 2])

_OPT_ENGINES = ("auto", "reference", "mitm", "maxima") + (("compiled",) if numba_installed() else ())


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 5).flatmap(lambda d: st.tuples(
    st.lists(st.tuples(*[st.integers(-3, 3)] * d), min_size=1, max_size=7, unique=True),
    st.lists(st.lists(st.integers(0, 6), min_size=1, max_size=4), min_size=3, max_size=6),
    rewards(d), st.sampled_from((0, 0, 70)))))
def test_optimality_counts_by_atoms_and_by_labels(inst):
    # three to six labels sharing vectors: by atoms (which atoms hold the maximum, one count) where they are at
    # most the engine's pair limit, else each label against its rest in counts of at most that many pairs (mitm:
    # 3); both against the brute force, for every engine, with the orbit heard once through progress
    pool, picks, r, scale = inst         # scale 70: sums past int64, three atoms compared pair by pair
    sets = {f"s{i}": [tuple(x << scale for x in pool[j % len(pool)]) for j in pick] for i, pick in enumerate(picks)}
    want = naive_optimality_counts(sets, r)
    for engine in _OPT_ENGINES:
        heard = []
        c = optimality_counts(sets, r, engine=engine, progress=heard.append)
        assert {k: (c.weak[k], c.strict[k]) for k in sets} == want, engine
        assert c.orbit_size == orbit_size(r)
        assert sum(heard) == c.orbit_size and min(heard) > 0, engine     # every engine, topwalk's one step too



@settings(max_examples=60, deadline=None)
@given(st.integers(2, 4).flatmap(lambda d: st.tuples(
    st.lists(st.tuples(*[st.integers(-2, 2)] * d), min_size=2, max_size=8, unique=True),
    st.lists(st.lists(st.integers(0, 7), min_size=1, max_size=3), min_size=3, max_size=7),
    st.integers(2, 4), st.sampled_from(("auto", "reference", "maxima")), rewards(d))))
def test_optimality_counts_in_chunks(inst):
    # a pair limit of 2-4 (the engines' own are 3 and 10): the labels in chunks whose atoms and one group for the
    # others fit it, or each label with its rest in counts of that many pairs; against the brute force
    from symorbit.orbits import counting

    pool, picks, limit, engine, r = inst
    sets = {f"s{i}": [pool[j % len(pool)] for j in pick] for i, pick in enumerate(picks)}
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(counting, "pair_limit", lambda engine, contained=False: limit)
        c = optimality_counts(sets, r, engine=engine)
    assert {k: (c.weak[k], c.strict[k]) for k in sets} == naive_optimality_counts(sets, r)

def test_optimality_counts_formulations(monkeypatch):
    # which counts run: five disjoint labels are five atoms, one count of five pairs (each atom against all the
    # vectors, 2n vector maxima) with auto; mitm takes at most three pairs, so each label against its rest in counts
    # of three and two pairs; two complementary labels stay one pair
    from symorbit.orbits import counting

    calls = []
    real = counting._solve

    def spy(vectors, groups, pairs, *args, **kwargs):
        calls.append((len(pairs), sum(len(g) for g in groups)))
        return real(vectors, groups, pairs, *args, **kwargs)

    monkeypatch.setattr(counting, "_solve", spy)
    rng = __import__("random").Random(4)
    sets = {f"a{i}": [tuple(rng.randint(0, 9) for _ in range(6)) for _ in range(2)] for i in range(5)}
    r = [rng.randint(0, 9) for _ in range(6)]
    want = naive_optimality_counts(sets, r)
    for engine, expected in (("auto", [(5, 20)]), ("mitm", [(3, 30), (2, 20)])):
        calls.clear()
        heard = []
        c = optimality_counts(sets, r, engine=engine, progress=heard.append)
        assert calls == expected and {k: (c.weak[k], c.strict[k]) for k in sets} == want, engine
    assert c.engine == "mitm" and sum(heard) == c.orbit_size and min(heard) > 0     # two counts, heard once
    calls.clear()
    optimality_counts({"x": sets["a0"], "y": sets["a1"] + sets["a2"]}, r)
    assert calls == [(1, 6)]
    # three atoms: by atoms below int64 (3 pairs, the atoms' 6 vectors and all 6); past int64 each pair of atoms (3
    # pairs over the 6 vectors: no exact tie between an atom and the rest), for any engine with three pairs
    three = {k: sets[k] for k in ("a0", "a1", "a2")}
    for scale, groups in ((0, 12), (70, 6)):
        scaled = {k: [tuple(x << scale for x in v) for v in vs] for k, vs in three.items()}
        for engine in ("auto", "mitm"):
            calls.clear()
            c = optimality_counts(scaled, r, engine=engine)
            assert calls == [(3, groups)], (scale, engine)
            assert {k: (c.weak[k], c.strict[k]) for k in three} == naive_optimality_counts(scaled, r)
    # fourteen labels: fourteen atoms, each against all 28 vectors, a pair whose first set lies in its second: one
    # bit a pair, so one count of 14 pairs (28 + 28 vectors in the groups) with auto and with maxima; mitm takes
    # three pairs, so the labels go in chunks there
    many = {f"b{i}": [tuple(rng.randint(0, 9) for _ in range(6)) for _ in range(2)] for i in range(14)}
    want_many = naive_optimality_counts(many, r)
    for engine in ("auto", "maxima"):
        calls.clear()
        c = optimality_counts(many, r, engine=engine)
        assert calls == [(14, 56)], engine
        assert {k: (c.weak[k], c.strict[k]) for k in many} == want_many
    # with a limit of ten pairs (as before the one-bit tally): two chunks of labels, each chunk's atoms and one group
    # for all the other atoms against all 28 vectors (10 and 6 pairs, 56 vectors in the groups each)
    monkeypatch.setattr(counting, "pair_limit", lambda engine, contained=False: 10)
    calls.clear()
    c = optimality_counts(many, r)
    assert calls == [(10, 56), (6, 56)]
    assert {k: (c.weak[k], c.strict[k]) for k in many} == want_many
    monkeypatch.undo()
    monkeypatch.setattr(counting, "_solve", spy)
    # one label over seventeen atoms, more than maxima's sixteen contained pairs hold: each label with its rest
    # instead (18 labels, in counts of ten pairs and eight); over eleven atoms, one count of eleven pairs
    vs = [v for k in sorted(many) for v in many[k]][:17]
    nested = {"all": vs, **{f"v{i}": [vs[i]] for i in range(17)}}
    calls.clear()
    c = optimality_counts(nested, r, engine="maxima")
    assert [p for p, _ in calls] == [10, 8]
    assert {k: (c.weak[k], c.strict[k]) for k in nested} == naive_optimality_counts(nested, r)
    nested = {"all": vs[:11], **{f"v{i}": [vs[i]] for i in range(11)}}
    calls.clear()
    c = optimality_counts(nested, r, engine="maxima")
    assert [p for p, _ in calls] == [11]
    assert {k: (c.weak[k], c.strict[k]) for k in nested} == naive_optimality_counts(nested, r)
    # past int64 each atom is compared with the rest of the vectors (an atom holding the maximum ties exactly with
    # all of them, which no rounded sum could decide), so the machine-integer engines keep the count
    big = {k: [tuple(x << 70 for x in v) for v in vs] for k, vs in sets.items()}
    r = [rng.randrange(10**6) for _ in range(6)]                   # distinct values: no ties but the atoms'
    c = optimality_counts(big, r, engine="maxima")
    assert c.engine == "maxima" and {k: (c.weak[k], c.strict[k]) for k in sets} == naive_optimality_counts(big, r)

@pytest.mark.slow
def test_opts_figure1_first_action_optimality():
    """The full S_8 sweep against brute force over all 8! orbit elements (slow tier)."""
    F = visit_distributions(opts_figure1(), "star", "9/10")
    sets = {a: F.restrict(a) for a in ("empty", "l_mid", "r_mid")}
    r = list(range(8))
    c = optimality_counts(sets, r)
    want = naive_optimality_counts({k: list(v) for k, v in sets.items()}, r)
    assert {k: (c.weak[k], c.strict[k]) for k in sets} == want
    assert c.orbit_size == math.factorial(8)


def test_opts_figure1_first_action_optimality_fast_slice():
    """The same question on a tied reward (an orbit of 8!/(2!·2!·2!·2!) = 2520 elements), for the default suite."""
    F = visit_distributions(opts_figure1(), "star", "9/10")
    sets = {a: F.restrict(a) for a in ("empty", "l_mid", "r_mid")}
    r = [0, 0, 1, 1, 2, 2, 3, 3]
    c = optimality_counts(sets, r)
    want = naive_optimality_counts({k: list(v) for k, v in sets.items()}, r)
    assert {k: (c.weak[k], c.strict[k]) for k in sets} == want
    assert c.orbit_size == 2520


def test_orbit_lists_distinct_elements():
    assert sorted(orbit((2, 1, 1))) == sorted(set(itertools.permutations((1, 1, 2))))


def test_errors():
    with pytest.raises(NotExact, match=r"outcomes_a\[0\]\[1\]=0.5 is a float"):
        orbit_counts([[1, 0.5]], [[0, 1]], [1, 2])
    with pytest.raises(InvalidArgument, match="outcomes_b has vectors of length 3 but reward has 2"):
        orbit_counts([[1, 0]], [[0, 1, 0]], [1, 2])
    with pytest.raises(InvalidArgument, match="outcomes_a is empty"):
        orbit_counts([], [[0, 1]], [1, 2])
    with pytest.raises(InvalidArgument, match="engine='fast' is unknown"):
        orbit_counts([[1, 0]], [[0, 1]], [1, 2], engine="fast")
    with pytest.raises(InvalidArgument, match="topwalk"):
        orbit_counts([[1, 1]], [[0, 1]], [1, 2], engine="topwalk")
    with pytest.raises(TooLarge, match=r"engine=reference: about 4.79e\+08 evaluations \(d=12"):
        orbit_counts([list(range(12))], [list(range(12))[::-1]], list(range(12)), engine="reference")
    d = 30
    with pytest.raises(TooLarge, match="exceeds the limit"):
        orbit_counts([list(range(d))], [list(range(d))[::-1]], list(range(d)))


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 5).flatmap(lambda d: st.tuples(vector_sets(d, max_size=2), vector_sets(d, max_size=2),
                                                     vector_sets(d, max_size=2), rewards(d))))
def test_relative_mode_agrees_with_bruteforce(inst):
    A, B, C, r = inst
    want = naive_orbit_counts(A, B, r, C=A + B + C)
    for engine in EXACT_ENGINES:
        c = orbit_counts(A, B, r, relative_to=A + B + C, engine=engine)
        assert (c.b_better, c.a_better, c.ties) == want, engine


def _spy_pairs(monkeypatch):
    """The compared pairs of every count (``counting._solve``'s third argument), as the list it fills."""
    from symorbit.orbits import counting

    seen, real = [], counting._solve

    def spy(vectors, groups, pairs, *rest, **kw):
        seen.append(list(pairs))
        return real(vectors, groups, pairs, *rest, **kw)

    monkeypatch.setattr(counting, "_solve", spy)
    return seen


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 5).flatmap(lambda d: st.tuples(vector_sets(d, max_size=3), vector_sets(d, max_size=3),
                                                     rewards(d), st.randoms())))
def test_relative_to_the_union_is_one_compared_pair(inst):
    # C with exactly the vectors of A and B (any order, repeats): IsOptimal(B|C) is max_B >= max_A, so the raw
    # counts, from one compared pair; against the relative brute force
    A, B, r, rng = inst
    C = A + B + rng.sample(A + B, rng.randint(0, len(A + B)))
    rng.shuffle(C)
    want = naive_orbit_counts(A, B, r, C=C)
    assert want == naive_orbit_counts(A, B, r)
    with pytest.MonkeyPatch.context() as mp:
        seen = _spy_pairs(mp)
        for engine in EXACT_ENGINES:
            c = orbit_counts(A, B, r, relative_to=C, engine=engine)
            assert (c.b_better, c.a_better, c.ties) == want, engine
        assert all(len(pairs) == 1 for pairs in seen)
        top = max(x for v in C for x in v) + 1
        # one vector more: B and A against C (two pairs), or, A and B disjoint and not one-hot, B against A and
        # each against the rest of C (three)
        nonzero = [[x for x in v if x] for v in A + B + C + [(top,) * len(r)]]
        one_hot = all(len(n) == 1 and n[0] > 0 for n in nonzero) and len({n[0] for n in nonzero}) == 1
        tournament = not set(A) & set(B) and not one_hot
        orbit_counts(A, B, r, relative_to=C + [(top,) * len(r)])
        assert len(seen[-1]) == (3 if tournament else 2)
        # C written with Fractions (and A with some): the same vectors, so still one pair, and the same counts
        as_fractions = [tuple(map(Fraction, v)) for v in C]
        half = [tuple(Fraction(x) if i % 2 else x for i, x in enumerate(v)) for v in A]
        c = orbit_counts(half, B, r, relative_to=as_fractions)
        assert (c.b_better, c.a_better, c.ties) == want and len(seen[-1]) == 1
        more = [(Fraction(2 * top + 1, 2),) * len(r)]
        c = orbit_counts(half, B, r, relative_to=as_fractions + more)
        assert (c.b_better, c.a_better, c.ties) == naive_orbit_counts(A, B, r, C=C + more)
        assert len(seen[-1]) == (3 if tournament else 2)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 5).flatmap(lambda d: st.tuples(vector_sets(d, max_size=3), vector_sets(d, max_size=3),
                                                     vector_sets(d, max_size=2), rewards(d, rational=True))))
def test_optimality_counts_compare_mirror_labels_once(inst):
    # two labels whose sets are each other's rest (two actions): one compared pair, the second label's sign the
    # first's negated; with a third label, or overlapping sets, a pair each; against brute force
    X, Y, Z, r = inst
    Y = [v for v in Y if v not in X] or [tuple(x + 7 for x in X[0])]
    with pytest.MonkeyPatch.context() as mp:
        seen = _spy_pairs(mp)
        for sets, n_pairs in (({"x": X, "y": Y}, 1), ({"x": X, "y": Y, "z": Z}, 3), ({"x": X, "y": X + Y}, 2),
                              ({"x": X, "y": Y, "x again": X}, 1)):
            want = naive_optimality_counts(sets, r)
            for engine in ("auto", "reference", "mitm"):
                c = optimality_counts(sets, r, engine=engine)
                assert {k: (c.weak[k], c.strict[k]) for k in sets} == want, (engine, list(sets))
            if not (n_pairs == 3 and any(v in X + Y for v in Z)):     # Z overlapping X or Y: not each other's rest
                assert len(seen[-1]) == n_pairs, list(sets)


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 5).flatmap(lambda d: st.tuples(vector_sets(d, max_size=3), vector_sets(d, max_size=3),
                                                     vector_sets(d, max_size=3), rewards(d), st.booleans())))
def test_relative_mode_compares_each_set_with_the_rest_of_c(inst):
    # IsOptimal(X|C) = 1[max_X >= max_{C minus X}] for any C (A and B inside it or not; C minus X empty: always
    # optimal): whether each sign is >= 0 is the same with the pairs (B, C minus B) and (A, C minus A), which
    # the selection uses past int64; every engine on both forms against the relative brute force
    from symorbit.orbits.engines.problem import against_the_rest, make_problem
    from symorbit.orbits.engines.reference import reference

    A, B, C, r, inside = inst
    if inside:
        C = C + A + B
    want = naive_orbit_counts(A, B, r, C=C)
    for engine in EXACT_ENGINES:
        c = orbit_counts(A, B, r, relative_to=C, engine=engine)
        assert (c.b_better, c.a_better, c.ties) == want, engine
    vecs = [tuple(map(Fraction, v)) for v in A + B + C]
    na, nb = len(A), len(B)
    p = make_problem(vecs, [list(range(na)), list(range(na, na + nb)), list(range(na + nb, len(vecs)))],
                     [(1, 2), (0, 2)], tuple(map(Fraction, r)))
    q = against_the_rest(p)
    for x, y in q.pairs:
        assert not {q.vectors[i] for i in q.groups[x]} & {q.vectors[i] for i in q.groups[y]}
    weak = [Counter(), Counter()]
    for counter, m in zip(weak, (p, q)):
        for signs, n in reference(m)[0].items():
            counter[tuple(s >= 0 for s in signs)] += n
    assert weak[0] == weak[1]


def test_raw_and_relative_differ_when_c_is_larger_p3():
    A, B, C = [(1, 0, 0)], [(0, 1, 0)], [(0, 0, 1)]
    raw = orbit_counts(A, B, (1, 2, 3))
    rel = orbit_counts(A, B, (1, 2, 3), relative_to=A + B + C)
    assert (raw.b_better, raw.a_better, raw.ties) == (3, 3, 0)
    assert (rel.b_better, rel.a_better, rel.ties) == (2, 2, 2)


def test_overflow_falls_back_to_python_integers():
    # Entries near 2^40 make d·max|v|·max|r| exceed 2^62: the integer kernel must switch to exact Python ints.
    from symorbit.orbits.engines.prefixes import Evaluator
    from symorbit.orbits.engines.problem import make_problem

    big = 2**40
    A = [(big, 1, 0, 3), (0, big, 2, 1)]
    B = [(1, 2, big, 0), (3, 0, 1, big - 1)]
    r = (big, big + 1, 5, 7)
    problem = make_problem([tuple(map(Fraction, v)) for v in A + B], [[0, 1], [2, 3]], [(1, 0)],
                             tuple(map(Fraction, r)))
    assert Evaluator(problem).dtype is object
    want = naive_orbit_counts(A, B, r)
    for engine in ("vectorised", "pruning", "blocks"):
        c = orbit_counts(A, B, r, engine=engine)
        assert (c.b_better, c.a_better, c.ties) == want
        assert all(type(x) is int for x in (c.b_better, c.a_better, c.ties, c.orbit_size))


def test_results_are_python_ints_not_numpy():
    c = orbit_counts([(1, 0, 2)], [(0, 1, 1)], (1, 2, 3), engine="vectorised")
    assert all(type(x) is int for x in (c.b_better, c.a_better, c.ties, c.orbit_size, c.evaluations))


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 6).flatmap(lambda d: st.tuples(one_hot_sets(d, max_size=3), one_hot_sets(d, max_size=3),
                                                     one_hot_sets(d, max_size=2), rewards(d, min_value=0, max_value=2))))
def test_top_value_walk_over_atoms_agrees_with_bruteforce(inst):
    X, Y, Z, r = inst
    sets = {"x": X, "y": Y, "z": Z}
    c = optimality_counts(sets, r, engine="topwalk")
    assert {k: (c.weak[k], c.strict[k]) for k in sets} == naive_optimality_counts(sets, r)
    C = X + Y + Z
    rel = orbit_counts(X, Y, r, relative_to=C, engine="topwalk")
    assert (rel.b_better, rel.a_better, rel.ties) == naive_orbit_counts(X, Y, r, C=C)


def test_one_hot_optimality_at_d_1000_is_polynomial():
    d = 1000
    A, B = e(d, *range(10)), e(d, *range(10, 310))
    c = optimality_counts({"die": A, "live": B}, list(range(d)))
    assert c.engine == "topwalk"
    assert Fraction(c.strict["live"], c.orbit_size) == Fraction(300, 310)


# ------------------------------------------------------------------ long exact vectors built in bulk (issue 23)
entries = st.one_of(st.integers(-3, 3), st.fractions(max_denominator=4).filter(lambda x: abs(x) <= 3),
                    st.sampled_from(["1/2", "-3", "2/4", "0"]))


@settings(max_examples=200, deadline=None)
@given(st.lists(entries, min_size=1, max_size=6))
def test_bulk_conversion_and_multiplicities_agree_with_the_entry_by_entry_brute_force(values):
    from symorbit.exact.numbers import to_fraction, to_vector
    from symorbit.outcomes.groups import multiplicities, stabilizer_order

    exact = [to_fraction(v) for v in values]
    for given_as in (list(values), tuple(values), iter(values)):
        r = to_vector(given_as)
        assert r == tuple(exact) and all(type(x) is Fraction for x in r)
    fractions = tuple(exact)
    assert to_vector(fractions) is fractions            # already exact: returned as it is, no copy
    assert dict(multiplicities(values)) == {v: exact.count(v) for v in set(exact)}
    assert all(type(v) is Fraction for v in multiplicities(values))
    arrangements = set(itertools.permutations(exact))
    fixing = sum(1 for p in itertools.permutations(range(len(exact))) if tuple(exact[i] for i in p) == tuple(exact))
    for given_as in (list(values), fractions, [str(x) for x in exact]):
        assert orbit_size(given_as) == len(arrangements)
        assert stabilizer_order(given_as) == fixing


@pytest.mark.parametrize("reward", [list(range(10**5)), [i % 7 for i in range(10**5)]], ids=["distinct", "seven"])
def test_the_orbit_size_of_a_100000_entry_reward_is_exact_and_cheap(reward):

    from symorbit.outcomes.groups import stabilizer_order

    with cpu_seconds() as clock:
        size, stab = orbit_size(reward), stabilizer_order(reward)
    assert clock.seconds < 2.0 * SLACK                # generous: about 0.05 s (GMP's factorial when installed)
    counts = Counter(reward).values()
    assert stab == math.prod(math.factorial(m) for m in counts)
    assert size * stab == math.factorial(len(reward))


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 3).flatmap(lambda k: st.tuples(
    st.integers(k + 2, 7),
    st.lists(st.lists(st.integers(-2, 3), min_size=k, max_size=k), min_size=1, max_size=3),
    st.lists(st.lists(st.integers(-2, 3), min_size=k, max_size=k), min_size=1, max_size=3),
    st.integers(-1, 1), st.lists(st.integers(0, 3), min_size=7, max_size=7))))
def test_blocks_on_a_large_block_of_zeros_or_a_constant_agrees_with_bruteforce(inst):
    """The blocks engine never enumerates the largest block's arrangements (their number is carried
    as falling factorials) and, when every vector is 0 there, leaves it out of the rows."""
    d, A, B, pad, r = inst
    A = [tuple(v) + (pad,) * (d - len(v)) for v in A]
    B = [tuple(v) + (pad,) * (d - len(v)) for v in B]
    r = r[:d]
    c = orbit_counts(A, B, r, engine="blocks")
    assert (c.b_better, c.a_better, c.ties) == naive_orbit_counts(A, B, r)
    assert c.orbit_size == sum((c.b_better, c.a_better, c.ties))


def test_blocks_two_coordinates_against_a_thousand_zeros_by_pairs():
    """3·e_0 against e_1 at d = 1000: (d − 2)! times the ordered pairs (x, y) of reward values with 3x ≷ y
    (was more than 300 s: every split built a row of 1000 entries and a multinomial of 1000 counts)."""
    d = 1000
    a, b = [0] * d, [0] * d
    a[0], b[1] = 3, 1
    c = orbit_counts([a], [b], range(d))
    rest = math.factorial(d - 2)
    assert c.a_better == rest * sum(1 for x in range(d) for y in range(d) if x != y and 3 * x > y)
    assert c.b_better == rest * sum(1 for x in range(d) for y in range(d) if x != y and 3 * x < y)
    assert c.ties == rest * sum(1 for x in range(d) for y in range(d) if x != y and 3 * x == y)


@pytest.mark.parametrize("pad", [1, -2])
def test_blocks_two_coordinates_against_a_thousand_copies_of_a_constant_by_pairs(pad):
    """The same with every other coordinate `pad` in both vectors: v·r = (v − pad)·r + pad·Σr, so the
    constant block leaves the rows as a block of zeros does (it built rows of 1000 entries)."""
    from symorbit.orbits.engines.blocks import coordinate_blocks, padding, row_length
    from symorbit.orbits.engines.problem import make_problem

    d = 1000
    a, b = [pad] * d, [pad] * d
    a[0], b[1] = pad + 3, pad + 1                   # 3·e_0 and e_1, shifted by pad
    problem = make_problem([tuple(map(Fraction, a)), tuple(map(Fraction, b))], [(0,), (1,)], [(0, 1)],
                           [Fraction(x) for x in range(d)])
    sym = coordinate_blocks(problem)
    assert padding(problem, sym) == pad and row_length(problem, sym) == 2
    c = orbit_counts([a], [b], range(d), engine="blocks")
    rest = math.factorial(d - 2)
    assert c.a_better == rest * sum(1 for x in range(d) for y in range(d) if x != y and 3 * x > y)
    assert c.b_better == rest * sum(1 for x in range(d) for y in range(d) if x != y and 3 * x < y)
    assert c.ties == rest * sum(1 for x in range(d) for y in range(d) if x != y and 3 * x == y)


@settings(max_examples=40, deadline=None)
@given(st.integers(4, 7).flatmap(lambda d: st.tuples(
    st.just(d),
    st.lists(st.lists(st.integers(-3, 3), min_size=2, max_size=2), min_size=1, max_size=3),
    st.lists(st.lists(st.integers(-3, 3), min_size=2, max_size=2), min_size=1, max_size=3),
    st.integers(-1, 1), st.lists(st.integers(-20, 20), min_size=d, max_size=d, unique=True))))
def test_blocks_two_singletons_and_distinct_values_agree_with_bruteforce(inst):
    """Two coordinates against a block, every reward value distinct: all ordered pairs of values at once (an
    outer sum per vector), less the pairs that would use one value twice."""
    d, A, B, pad, r = inst
    A = [tuple(v) + (pad,) * (d - 2) for v in A]
    B = [tuple(v) + (pad,) * (d - 2) for v in B]
    c = orbit_counts(A, B, r, engine="blocks")
    assert (c.b_better, c.a_better, c.ties) == naive_orbit_counts(A, B, r)


@pytest.mark.parametrize("pad", [-(2**62), 2**62 + 5])
def test_blocks_shifted_by_a_huge_padding_stay_exact(pad):
    """The vectors shifted by the padding can pass int64's safe bound (their entries double): the evaluator
    picks its dtype from the shifted rows, so the counts stay exact."""
    X = 2**62
    A = [(X, 0) + (pad,) * 3, (X // 3, -X) + (pad,) * 3]
    B = [(0, X) + (pad,) * 3]
    r = [0, 7, -5, 11, 3]
    c = orbit_counts(A, B, r, engine="blocks")
    assert (c.b_better, c.a_better, c.ties) == naive_orbit_counts(A, B, r)


@pytest.mark.parametrize("A, B, r", [([(0, 0)], [(0, 0)], [2**63, 5]), ([(2**63, 0)], [(0, 0)], [0, 0]),
                                     ([(0, 0)], [(0, 1)], [-2**64, 2**63]), ([(0,)], [(0,)], [2**63])])
def test_zero_vectors_or_reward_beside_entries_past_int64(A, B, r):
    # one side all zeros: the sums fit any integer type while the other side's entries do not; the engines sized
    # their arrays by the sums' bound alone (mitm, pruning, blocks, vectorised raised OverflowError)
    want = naive_orbit_counts(A, B, r)
    for engine in ("auto", "reference", "vectorised", "pruning", "blocks", "mitm", "maxima") + \
            (("compiled",) if numba_installed() else ()):
        c = orbit_counts(A, B, r, engine=engine)
        assert (c.b_better, c.a_better, c.ties) == want, engine


def test_three_atoms_tied_at_the_top_past_int64():
    # each pair of atoms compared: an atom holds the maximum where it is at least both others, ties included; here
    # every two atoms tie at the top on some orbit element (r has a repeated value), past int64
    big = 2**70
    sets = {"a": [(big, 0, 1)], "b": [(0, big, 1)], "c": [(1, 1, big)]}     # not one-hot (the walk takes those)
    for r in ([1, 1, 0], [0, 1, 1], [2, 2, 2]):
        want = naive_optimality_counts(sets, r)
        for engine in _OPT_ENGINES:
            c = optimality_counts(sets, r, engine=engine)
            assert {k: (c.weak[k], c.strict[k]) for k in sets} == want, (r, engine)


def test_optimality_counts_refuse_inconsistent_readings(monkeypatch):
    # the cheap invariant before returning: every element's maximum is some label's vector (the weak counts cover
    # the orbit) and strict never exceeds weak; a reading that breaks it raises instead of returning counts
    from symorbit import InvariantViolation
    from symorbit.orbits import counting

    sets = {"a": [(1, 0, 0)], "b": [(0, 1, 0)], "c": [(0, 0, 1), (1, 1, 0)]}
    r = [1, 2, 3]
    c = optimality_counts(sets, r)
    assert {k: (c.weak[k], c.strict[k]) for k in sets} == naive_optimality_counts(sets, r)
    monkeypatch.setattr(counting, "_read_top", lambda top, outside, labels, count, weak, strict: None)
    with pytest.raises(InvariantViolation, match="inconsistent"):
        optimality_counts(sets, r)
