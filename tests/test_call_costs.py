"""The shortcuts that cut a small count's fixed cost (issue 24, twentieth session), each against the plain
definition it replaced, and end to end against the brute force.

At d ≤ 7 a call of ``orbit_counts`` or ``optimality_counts`` spends most of its time reading, scaling and
sorting its arguments, not counting. These tests pin what each cheaper step must still give: the rows read
(``short_rows``), the rows scaled to integers (``scaled_rows``), the reward's multiset (sorted for short
rewards), the problem asked another question (``with_question``), the number of compared pairs of labels
(``_compared_pairs``), the atoms (``_atoms``) and the weak and strict counts read from the atoms at the top
(``_read_top``); and (twenty-second session) the integer rows an outcome set keeps once read
(``OutcomeSet.integer_rows``), passed on to its restrictions and subsets and put on one scale by the counts
(``at_common_scale``).
"""

import math
import pickle
from collections import Counter
from dataclasses import replace
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symorbit import (
    InvalidArgument,
    NotExact,
    OutcomeSet,
    nondominated,
    nondomination_certificates,
    optimality_counts,
    orbit_counts,
)
from symorbit.exact import sparse as sparse_module
from symorbit.exact.scaling import at_common_scale
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
from symorbit.testing.naive import naive_nondominated, naive_optimality_counts, naive_orbit_counts

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


# ---------------------------------------------------------------- integer rows kept by an outcome set (21st session)
_ROW_ENTRIES = st.fractions(-4, 4, max_denominator=9)
_ACTIONS = st.frozensets(st.sampled_from("abc"), min_size=1)


def _tagged_sets(d_min=1, d_max=4, max_size=6):
    """An OutcomeSet of Fraction vectors, each tagged with some of the first actions a, b, c."""
    return st.integers(d_min, d_max).flatmap(lambda d: st.lists(
        st.tuples(st.tuples(*[_ROW_ENTRIES] * d), _ACTIONS), min_size=1, max_size=max_size)).map(
        lambda items: OutcomeSet.build([str(i) for i in range(len(items[0][0]))], items, gamma=Fraction(1, 2)))


def _restrict_by_definition(F, action):
    """F(s | a) as OutcomeSet.build makes it from the tagged vectors that carry a."""
    return OutcomeSet.build(F.coordinates, [(v, t) for v, t in zip(F.vectors, F.first_actions) if action in t],
                            gamma=F.gamma)


@settings(max_examples=200, deadline=None)
@given(_tagged_sets(), st.booleans())
def test_outcome_set_keeps_its_integer_rows_and_passes_them_on(F, read_first):
    if read_first:      # the parent read before its parts are taken: they derive their rows from its rows
        assert F.integer_rows() == scaled_rows(F.vectors)
    for action in sorted(F.actions()):
        part = F.restrict(action)
        want = _restrict_by_definition(F, action)
        assert part == want and part.first_actions == want.first_actions and part.gamma == want.gamma
        assert part.integer_rows() == scaled_rows(want.vectors)       # at its own least common denominator
    early = F.restrict(sorted(F.actions())[0])              # taken before F may have read its rows
    lookalike = OutcomeSet.build(F.coordinates, [(v, ()) for v in F.vectors[:2]] + [((Fraction(7),) * F.dimension, ())])
    F.integer_rows()
    assert early.integer_rows(within=F) == scaled_rows(early.vectors)    # from F's rows, or its own: the same
    assert lookalike.integer_rows(within=F) == scaled_rows(lookalike.vectors)  # a vector not F's: its own
    some = F.vectors[::2]
    assert F.subset(some) == OutcomeSet.build(F.coordinates, [(v, F.tags(v)) for v in some], gamma=F.gamma)
    assert F.subset(some).integer_rows() == scaled_rows(some)
    kept = F.integer_rows()
    assert F.integer_rows() is kept and kept == scaled_rows(F.vectors)       # read once, then kept
    assert F == OutcomeSet(F.coordinates, F.vectors, F.first_actions, F.gamma)    # not part of the value
    assert hash(F) == hash(OutcomeSet(F.coordinates, F.vectors, F.first_actions, F.gamma))
    again = pickle.loads(pickle.dumps(F))           # as a search sends it to a worker process
    assert again == F and again.integer_rows() == kept
    other = replace(F, vectors=F.vectors[:1], first_actions=F.first_actions[:1])     # a new value reads its own
    assert other.integer_rows() == scaled_rows(F.vectors[:1])


@settings(max_examples=100, deadline=None)
@given(_tagged_sets(), st.booleans())
def test_restrict_is_taken_once_per_action(F, read_first):
    # F.restrict(a) is the same object each time (both immutable), equal to the definition; a part taken before F
    # read its rows takes them from F's once F has; an unknown action is refused every time and nothing is kept
    # for it; the kept parts are not part of F's value, travel with it through pickle and not through replace
    if read_first:
        F.integer_rows()
    parts = {a: F.restrict(a) for a in sorted(F.actions())}
    for a, part in parts.items():
        assert F.restrict(a) is part and part == _restrict_by_definition(F, a)
    for _ in range(2):
        with pytest.raises(InvalidArgument, match="produces no vector"):
            F.restrict("no such action")
    assert sorted(F._restricted) == sorted(F.actions())
    kept = F.integer_rows()
    for a, part in parts.items():
        assert F.restrict(a)._integer_rows == scaled_rows(part.vectors)     # from F's rows where not read before
        assert F.restrict(a).integer_rows() == scaled_rows(_restrict_by_definition(F, a).vectors)
    assert F == OutcomeSet(F.coordinates, F.vectors, F.first_actions, F.gamma)
    assert hash(F) == hash(OutcomeSet(F.coordinates, F.vectors, F.first_actions, F.gamma))
    again = pickle.loads(pickle.dumps(F))
    assert again == F and again.integer_rows() == kept
    assert all(again.restrict(a) == part for a, part in parts.items())
    some = replace(F, vectors=F.vectors[:1], first_actions=F.first_actions[:1])
    assert some._restricted is None
    assert all(some.restrict(a) == _restrict_by_definition(some, a) for a in some.actions())


@settings(max_examples=100, deadline=None)
@given(_tagged_sets(max_size=7), st.booleans())
def test_nondominated_is_taken_once_per_set(F, restrict_first):
    # nondominated(F) is the same object each time (both immutable), the brute force's vertices with F's tags; it
    # is not part of F's value, travels with F through pickle and not through replace; a list is read afresh
    if restrict_first:
        F = F.restrict(sorted(F.actions())[0])
    nd = nondominated(F)
    assert nondominated(F) is nd and F.kept()["nondominated"] is nd
    assert nondomination_certificates(F) is F.kept()["certificates"] is nondomination_certificates(F)
    assert set(nd.vectors) == naive_nondominated(F.vectors)
    assert all(nd.tags(v) == F.tags(v) for v in nd) and nd.gamma == F.gamma
    assert F == OutcomeSet(F.coordinates, F.vectors, F.first_actions, F.gamma)
    assert hash(F) == hash(OutcomeSet(F.coordinates, F.vectors, F.first_actions, F.gamma))
    again = pickle.loads(pickle.dumps(F))
    assert again == F and again._kept is None and nondominated(again) == nd
    assert replace(F)._kept is None and nondominated(replace(F)) == nd
    listed = [list(v) for v in F.vectors]
    assert nondominated(listed) is not nondominated(listed) and set(nondominated(listed).vectors) == set(nd.vectors)


def test_certificates_of_a_large_set_are_kept_with_it(monkeypatch):
    # past the size remembered by content, an outcome set still keeps its own certificates; a list does not
    from symorbit.outcomes import nondominated as module

    monkeypatch.setattr(module, "REMEMBERED_ENTRIES", 0)
    made = []
    real = module._certificates
    monkeypatch.setattr(module, "_certificates", lambda vecs: made.append(len(vecs)) or real(vecs))
    F = OutcomeSet.from_vectors([[1, 0, 2], [0, 1, 1], [1, 1, 1], [0, 0, 1]])
    first = nondomination_certificates(F)
    assert nondomination_certificates(F) is first and nondominated(F) is nondominated(F) and made == [4]
    listed = [list(v) for v in F.vectors]
    assert nondomination_certificates(listed) == first and nondomination_certificates(listed) == first
    assert made == [4, 4, 4]
    assert [c.nondominated for c in first] == [v in naive_nondominated(F.vectors) for v in F.vectors]


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 4).flatmap(lambda d: st.lists(
    st.lists(st.tuples(*[st.fractions(-5, 5, max_denominator=12)] * d), min_size=1, max_size=4),
    min_size=1, max_size=4)))
def test_at_common_scale_is_the_rows_scaled_together(parts):
    # each part at its own least scale, put on one: the rows of all the parts scaled at once
    together = at_common_scale([scaled_rows(p) for p in parts])
    assert together == scaled_rows([v for p in parts for v in p])


@settings(max_examples=80, deadline=None)
@given(_tagged_sets(d_min=2, d_max=4), st.data())
def test_counts_on_kept_integer_rows_are_the_brute_force(F, data):
    # counts of F's parts, relative to F and over its actions, before and after F or its parts have read their
    # rows (kept rows at different scales are put on one), and beside a plain int set and a list of Fractions
    d = F.dimension
    r = data.draw(st.lists(st.integers(0, 3), min_size=d, max_size=d))
    if data.draw(st.booleans()):
        F.integer_rows()
    acts = sorted(F.actions())
    A, B = F.restrict(acts[0]), F.restrict(acts[-1])
    plain = [list(map(int, map(math.floor, v))) for v in F.vectors[:2]]
    listed = [tuple(v) for v in A.vectors]
    relative_first = data.draw(st.booleans())      # then A and B take their rows from F's (read first)
    for _ in range(2):          # the second time every outcome set has its rows at hand
        if relative_first:
            c = orbit_counts(A, B, r, relative_to=F)
            assert (c.b_better, c.a_better, c.ties) == naive_orbit_counts(A, B, r, F)
        c = orbit_counts(A, B, r)
        assert (c.b_better, c.a_better, c.ties) == naive_orbit_counts(A, B, r)
        c = orbit_counts(A, B, r, relative_to=F)
        assert (c.b_better, c.a_better, c.ties) == naive_orbit_counts(A, B, r, F)
        assert A.integer_rows() == scaled_rows(A.vectors) and B.integer_rows() == scaled_rows(B.vectors)
        c = orbit_counts(plain, B, r, relative_to=listed + plain)
        assert (c.b_better, c.a_better, c.ties) == naive_orbit_counts(plain, B, r, listed + plain)
        sets = {a: F.restrict(a) for a in acts}
        o = optimality_counts({**sets, "plain": plain}, r)
        assert {k: (o.weak[k], o.strict[k]) for k in o.weak} == naive_optimality_counts({**sets, "plain": plain}, r)


def test_a_symbolic_outcome_set_is_refused_by_name():
    import sympy

    g = sympy.Symbol("gamma")
    F = OutcomeSet(("0", "1"), ((Fraction(1), 1 / (1 - g)), (Fraction(0), Fraction(2))), (frozenset(),) * 2, g)
    with pytest.raises(InvalidArgument, match=r"outcomes_b has the entry 1/\(1 - gamma\), a function of gamma"):
        orbit_counts([[1, 0]], F, [1, 2])
    with pytest.raises(InvalidArgument, match=r"outcome_sets\[x\] has the entry"):
        optimality_counts({"x": F}, [1, 2])
    assert F._integer_rows is None           # nothing kept from a refused read


@pytest.mark.parametrize("entry, error, message", [
    (0.5, NotExact, r'outcomes_a entry=0\.5 is a float, which is not exact; write it as "1/2"'),
    (True, InvalidArgument, r"outcomes_a entry=True is a bool, not a number"),
    ("1/2", InvalidArgument, r"outcomes_a has the entry '1/2' of type str; make the set with OutcomeSet.from_vectors"),
])
def test_a_built_set_with_an_inexact_entry_is_refused_by_name(entry, error, message):
    # OutcomeSet.build takes its vectors as given; a count says what the entry is and how to write it
    F = OutcomeSet.build(("0", "1"), [((Fraction(1), entry), ["a"])])
    with pytest.raises(error, match=message):
        orbit_counts(F, [[0, 1]], [1, 2])


def test_a_built_set_of_plain_ints_counts_as_its_fractions():
    F = OutcomeSet.build(("0", "1", "2"), [((1, 0, 0), ["a"]), ((0, Fraction(1, 2), 1), ["b"])])
    c = orbit_counts(F.restrict("a"), F.restrict("b"), [1, 2, 3])
    assert (c.b_better, c.a_better, c.ties) == naive_orbit_counts([(1, 0, 0)], [(0, Fraction(1, 2), 1)], [1, 2, 3])
    assert F.integer_rows() == (((0, 1, 2), (2, 0, 0)), 2)


def test_kept_integer_rows_stay_out_of_json():
    from symorbit.exact.display import _plain

    F = OutcomeSet.from_vectors([["1/2", 0], [0, 1]])
    F.integer_rows()
    assert set(_plain(F)) == {"coordinates", "vectors", "first_actions", "gamma"}
    G = OutcomeSet.build(["0", "1"], [((Fraction(1, 2), Fraction(0)), ["a"]), ((Fraction(0), Fraction(1)), ["b"])])
    G.restrict("a")       # the kept parts too, and the non-dominated set
    nondominated(G)
    assert set(_plain(G)) == {"coordinates", "vectors", "first_actions", "gamma"}
    assert "_restricted" not in repr(G) and "_kept" not in repr(G) and G.kept()
