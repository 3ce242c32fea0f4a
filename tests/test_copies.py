"""Copies (PR Def. A.7): certificates always verify, and the maximum matches brute force."""

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symorbit.errors import CertificateRejected
from symorbit.orbits.copies import check_copies, copies, similar
from symorbit.outcomes.groups import apply_to_set
from symorbit.outcomes.outcome_sets import one_hot
from symorbit.testing.naive import naive_max_copies
from symorbit.testing.strategies import one_hot_sets, vector_sets


def e(d, j):
    return one_hot(d, j)


def test_ghost_apple_cherry_spec_section_2_4():
    res = copies([e(3, 0)], [e(3, 1), e(3, 2)])
    assert res.n == 2 and res.exhaustive and not res.vacuous
    assert check_copies({e(3, 0)}, {e(3, 1), e(3, 2)}, res.involutions) == len(res.involutions)


def test_vacuous_when_a_inside_b():
    res = copies([e(3, 0)], [e(3, 0), e(3, 1)])
    assert res.vacuous and res.n is None
    assert res.to_dict()["n"] is None


def test_disjoint_one_hot_gives_floor():
    for m, n in ((1, 5), (2, 5), (3, 7)):
        d = m + n
        res = copies([e(d, j) for j in range(m)], [e(d, j) for j in range(m, d)])
        assert res.n == n // m and res.exhaustive


def test_overlapping_copies_are_allowed():
    # Copies need not be disjoint from A or from each other (docs/theory.md#p4).
    A = [(1, 1, 0, 0)]
    B = [(1, 0, 1, 0), (0, 1, 1, 0), (1, 0, 0, 1)]
    res = copies(A, B)
    assert res.n == naive_max_copies(A, B)
    assert check_copies(set(map(tuple, A)), set(B), res.involutions) == len(res.involutions)


def test_tampered_involutions_are_rejected():
    A, B = {e(3, 0)}, {e(3, 1), e(3, 2)}
    with pytest.raises(CertificateRejected) as err:
        check_copies(A, B, [(1, 2, 0)])
    assert "phi_0 is not an involution" in err.value.problems and err.value.step == "copies"
    with pytest.raises(CertificateRejected) as err:
        check_copies(A, B, [(0, 2, 1)])
    assert err.value.problems == ("phi_0·A is not a subset of B",)


@settings(max_examples=80, deadline=None)
@given(st.integers(2, 4).flatmap(lambda d: st.tuples(vector_sets(d, max_size=2, max_value=2),
                                                     vector_sets(d, max_size=4, max_value=2))))
def test_max_copies_matches_bruteforce(inst):
    A, B = inst
    res = copies(A, B)
    want = naive_max_copies(A, B)
    if want is None:
        assert res.vacuous
    else:
        assert res.n == want and res.exhaustive
        exact = lambda X: {tuple(map(Fraction, v)) for v in X}  # noqa: E731
        assert check_copies(exact(A), exact(B), res.involutions) == len(res.involutions)


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 5).flatmap(lambda d: st.tuples(one_hot_sets(d, max_size=3), st.permutations(range(d)))))
def test_similar_finds_a_witness(inst):
    A, perm = inst
    B = apply_to_set(perm, [tuple(v) for v in A])
    phi = similar(A, list(B))
    assert phi is not None and apply_to_set(phi, [tuple(v) for v in A]) == B


def test_function_level_copies_with_symbolic_gamma_spec_p5():
    from symorbit import (
        GAMMA,
        nondominated,
        recurrent_state_distributions,
        visit_distributions,
    )
    from symorbit.mdp.library import candy, opts_figure1

    env = opts_figure1()
    F = visit_distributions(env, "star", GAMMA)
    res = copies(nondominated(F.restrict("l_mid")), F.restrict("r_mid"))
    idx = env.index
    phi = res.involutions[0]
    assert res.n == 1 and res.exhaustive
    assert (phi[idx("l_mid")], phi[idx("l_down")], phi[idx("l_up")]) == (idx("r_mid"), idx("r_down"), idx("r_up"))
    # Candy: no copy at any γ < 1 as functions, two copies of the recurrent state distributions.
    G = visit_distributions(candy(), "start", GAMMA)
    assert copies(G.restrict("candy"), G.restrict("wait")).n == 0
    R = recurrent_state_distributions(candy(), "start")
    assert copies(R.restrict("candy"), R.restrict("wait")).n == 2


# ---------------------------------------------------------------- structure (issue 14)
def _scaled_one_hot(d, c):
    """Vectors c·e_j (c in {1, 2}) mixed with arbitrary small vectors in B."""
    return st.lists(st.integers(0, d - 1), min_size=1, max_size=d, unique=True).map(
        lambda js: [tuple(c * int(i == j) for i in range(d)) for j in js])


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 5).flatmap(lambda d: st.tuples(
    st.sampled_from([1, 2]).flatmap(lambda c: _scaled_one_hot(d, c)),
    st.tuples(_scaled_one_hot(d, 1), _scaled_one_hot(d, 2), vector_sets(d, max_size=2, max_value=1)))))
def test_one_hot_structure_matches_bruteforce(inst):
    """The structural answer (no search) equals the brute force over every involution of S_d."""
    A, parts = inst
    B = list({tuple(v) for part in parts for v in part})
    res = copies(A, B)
    want = naive_max_copies(A, B)
    if want is None:
        assert res.vacuous
        return
    assert res.n == want and res.exhaustive
    exact = lambda X: {tuple(map(Fraction, v)) for v in X}  # noqa: E731
    assert check_copies(exact(A), exact(B), res.involutions) == len(res.involutions)


def test_disjoint_one_hot_large_with_certificate():
    """|A| = 5 and 3 against |B| = 60: ⌊|B|/|A|⌋ copies, certified by disjoint block swaps
    (the search needed over 120 s here before; benchmarks/scale.py times it)."""
    for m in (5, 3):
        d = m + 60
        A = [e(d, j) for j in range(m)]
        B = [e(d, j) for j in range(m, d)]
        res = copies(A, B)
        assert res.n == 60 // m and res.exhaustive and len(res.involutions) == res.n
        assert check_copies(set(A), set(B), res.involutions) == len(res.involutions)
        assert len(set().union(*res.copies)) == m * res.n          # disjoint copies


def test_structure_defers_to_the_search_when_fixing_fails():
    """With an extra set the involutions must fix (PR Prop. A.11's C), block swaps may not fix it;
    then the general search decides, and its answer is still certified."""
    d = 5
    A, B = [e(d, 0)], [e(d, 1), e(d, 2)]
    C = [tuple([1, 1, 0, 0, 0])]                    # fixed by swapping 0↔1 only
    res = copies(A, B, fixing=lambda fam: [frozenset(tuple(map(Fraction, v)) for v in C)])
    assert res.n == 1 and res.exhaustive
    assert res.involutions == ((1, 0, 2, 3, 4),)


def _naive_common_copies(parts, B, d, fixed):
    """The largest n with B_1..B_n ⊆ B and involutions φ_ji (A_j ↔ B_i, fixing the other B's, A's and the fixed
    sets), by trying every family of subsets against every involution of S_d."""
    import itertools

    invs = [p for p in itertools.permutations(range(d)) if all(p[p[j]] == j for j in range(d))]
    subsets = [frozenset(S) for S in itertools.combinations(sorted(B), len(parts[0]))]

    def works(fam):
        for j, P in enumerate(parts):
            for i, S in enumerate(fam):
                need = [(P, S), (S, P)] + [(X, X) for t, X in enumerate(fam) if t != i] + \
                    [(X, X) for t, X in enumerate(parts) if t != j] + [(X, X) for X in fixed]
                if not any(all(apply_to_set(p, X) == Y for X, Y in need) for p in invs):
                    return False
        return True

    n = 0    # a subfamily of a working family works too (fewer sets to fix), so the sizes that work are 0..n
    while n < len(subsets) and any(works(list(f)) for f in itertools.combinations(subsets, n + 1)):
        n += 1
    return n


@st.composite
def _one_hot_parts(draw):
    """Parts of one-hot vectors c·e_j on disjoint coordinates (m of size k), B of one-hot vectors, some of them A's,
    some with another value, and at times a vector that is not one-hot or a set the involutions must fix."""
    d = draw(st.integers(3, 6))
    m, k = draw(st.integers(1, 3)), draw(st.integers(1, 2))
    if m * k > d:
        m = 1
    c = draw(st.sampled_from([Fraction(1), Fraction(-2, 3)]))
    coords = draw(st.permutations(range(d)))
    unit = lambda j, x=c: tuple(x if t == j else Fraction(0) for t in range(d))  # noqa: E731
    parts = [frozenset(unit(j) for j in coords[i * k:(i + 1) * k]) for i in range(m)]
    B = {unit(j) for j in draw(st.lists(st.sampled_from(range(d)), min_size=1, max_size=5))}
    if draw(st.booleans()):
        B.add(unit(draw(st.integers(0, d - 1)), Fraction(5)))
    if draw(st.booleans()):
        B.add(tuple(Fraction(int(t < 2)) for t in range(d)))
    fixed = [frozenset({tuple(Fraction(int(t in (0, 1))) for t in range(d))})] if draw(st.booleans()) else []
    return d, parts, frozenset(B), fixed


@settings(max_examples=150, deadline=None)
@given(_one_hot_parts())
def test_one_hot_common_copies_are_dealt_in_blocks_and_match_bruteforce(inst):
    """One-hot parts with one common value: common copies come from dealing B's vectors c·e_j outside A into blocks
    (no search), and n equals the brute force over S_d's involutions, with A ∩ B = ∅ or not (m ≥ 2 parts), with
    vectors of other values or shapes in B, and with a set to fix; every involution is re-checked."""
    from symorbit.orbits.copies import _one_hot_common_blocks, common_copies

    d, parts, B, fixed = inst
    fast = _one_hot_common_blocks(parts, B, d, fixed)
    A = frozenset().union(*parts)
    if not fixed and (len(parts) >= 2 or not (A & B)):
        assert fast is not None                     # the shape the blocks decide
    fam, phis, exhaustive = common_copies(parts, B, d, fixed=fixed)
    assert exhaustive and len(fam) == _naive_common_copies(parts, B, d, fixed)
    if fast is not None:
        assert len(fast[0]) == len(fam)
    for (j, i), phi in phis.items():
        assert all(phi[phi[t]] == t for t in range(d))
        assert apply_to_set(phi, parts[j]) == fam[i] and fam[i] <= B
        assert all(apply_to_set(phi, X) == X for X in fixed)
        assert all(apply_to_set(phi, X) == X for t, X in enumerate(fam) if t != i)
        assert all(apply_to_set(phi, X) == X for t, X in enumerate(parts) if t != j)
    assert len(phis) == len(parts) * len(fam)


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 4).flatmap(lambda d: st.tuples(st.just(d), st.integers(1, 2), vector_sets(d, max_size=4, max_value=2),
                                                     vector_sets(d, max_size=3, max_value=2), st.booleans())))
def test_common_copies_matches_bruteforce(inst):
    """PR Conj. D.13's common copies: the largest family equals the brute force over S_d's involutions (the
    search first skips subsets of B whose sorted vectors are not A_j's, which no permutation can map)."""
    from symorbit.orbits.copies import common_copies

    d, m, A, B, fix = inst
    exact = lambda X: frozenset(tuple(map(Fraction, v)) for v in X)  # noqa: E731
    A, B = sorted(exact(A)), exact(B)
    if len(A) % m:
        return
    k = len(A) // m
    parts = [frozenset(A[j * k:(j + 1) * k]) for j in range(m)]
    fixed = [frozenset(A) | B] if fix else []
    fam, phis, exhaustive = common_copies(parts, B, d, fixed=fixed)
    assert exhaustive and len(fam) == _naive_common_copies(parts, B, d, fixed)
    for (j, i), phi in phis.items():
        assert apply_to_set(phi, parts[j]) == fam[i] and all(apply_to_set(phi, X) == X for X in fixed)


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 4).flatmap(lambda d: st.tuples(vector_sets(d, max_size=2, max_value=2),
                                                      vector_sets(d, max_size=5, max_value=2))),
       st.sampled_from([1, 3, 200_000]))
def test_copies_of_outcome_sets_are_kept_with_a(inst, max_nodes):
    # the same result as a search on fresh sets (another budget, another entry), kept with A only for two outcome
    # sets without a deadline or a user's condition, and bounded
    from symorbit.orbits import copies as module
    from symorbit.outcomes.outcome_sets import OutcomeSet

    A, B = (OutcomeSet.from_vectors(list(X)) for X in inst)
    first = copies(A, B, max_nodes=max_nodes)
    assert copies(A, B, max_nodes=max_nodes) is first
    fresh = copies(OutcomeSet.from_vectors(list(inst[0])), OutcomeSet.from_vectors(list(inst[1])),
                   max_nodes=max_nodes)
    assert first == fresh
    assert A.kept()["copies"][(max_nodes, (), id(B))] == ((B,), first)
    equal = OutcomeSet.from_vectors(list(inst[1]))            # an equal B, another object: its own search
    assert copies(A, equal, max_nodes=max_nodes) == first and len(A.kept()["copies"]) == 2
    del A.kept()["copies"][(max_nodes, (), id(equal))]
    other = copies(A, B, max_nodes=max_nodes + 1)
    assert other == copies(OutcomeSet.from_vectors(list(inst[0])), OutcomeSet.from_vectors(list(inst[1])),
                           max_nodes=max_nodes + 1)
    assert len(A.kept()["copies"]) == 2
    before = dict(A.kept()["copies"])
    assert copies(A, B, fixing=lambda family: []) == copies(list(inst[0]), list(inst[1]), fixing=lambda family: [])
    copies(A, B, max_seconds=60)
    copies(list(A.vectors), B)
    assert A.kept()["copies"] == before                      # nothing kept for those
    if first.exhaustive and first.n:
        assert check_copies(list(inst[0]), list(inst[1]), first.involutions)
    assert module.KEPT_COPIES == 16


def test_copies_kept_are_bounded(monkeypatch):
    from symorbit.orbits import copies as module
    from symorbit.outcomes.outcome_sets import OutcomeSet

    monkeypatch.setattr(module, "KEPT_COPIES", 2)
    e = lambda j: tuple(int(i == j) for i in range(5))   # noqa: E731
    A = OutcomeSet.from_vectors([e(0)])
    Bs = [OutcomeSet.from_vectors([e(j) for j in range(1, k)]) for k in (3, 4, 5)]
    results = [copies(A, B) for B in Bs]
    assert [r.n for r in results] == [2, 3, 4]
    assert list(A.kept()["copies"]) == [(200_000, (), id(Bs[1])), (200_000, (), id(Bs[2]))]
    assert copies(A, Bs[0]) is not results[0] and copies(A, Bs[0]) == results[0]


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 4).flatmap(lambda d: st.tuples(vector_sets(d, max_size=2, max_value=2),
                                                      vector_sets(d, max_size=4, max_value=2),
                                                      vector_sets(d, max_size=3, max_value=2),
                                                      vector_sets(d, max_size=3, max_value=2))),
       st.sampled_from(["none", "C", "Z_minus_extra"]), st.sampled_from(["A", "ND(A)"]))
def test_the_copies_hypothesis_kept_by_its_fixing_sets_is_decided_as_afresh(inst, fixing, of):
    # the hypothesis keeps its search with A by B and the sets its condition reads (C, Z): two instances that share
    # A and B but not C (or Z) are each decided as on fresh sets, and a repeat is the same decision
    from symorbit.outcomes.outcome_sets import OutcomeSet
    from symorbit.proofs.statements import Instance
    from symorbit.proofs.vocabulary import Copies

    A, B, extra1, extra2 = (list(X) for X in inst)
    hyp = Copies(of=of, fixing=fixing)
    shared_a, shared_b = OutcomeSet.from_vectors(A), OutcomeSet.from_vectors(B)
    decisions = []
    for extra in (extra1, extra2, extra1):
        C = A + B + [v for v in extra if v not in A + B]
        Z = [v for v in C if v not in extra] + [v for v in extra if v in A + B] if fixing == "Z_minus_extra" else None
        kept = Instance(A=shared_a, B=shared_b, C=C, Z=Z)
        fresh = Instance(A=A, B=B, C=C, Z=Z)
        got = hyp.check(kept, {})
        assert got == hyp.check(kept, {}) == hyp.check(fresh, {})
        decisions.append(got)
    assert decisions[0] == decisions[2]


def test_the_copies_hypothesis_reads_each_instances_own_c():
    # A and B shared, C differing: an involution swapping coordinates 0 and 1 fixes C1 = A ∪ B but moves C2's extra
    # vector out of C2, so "B contains copies of A fixing C" holds for the first instance only, in either order
    from symorbit.outcomes.outcome_sets import OutcomeSet
    from symorbit.proofs.statements import Instance
    from symorbit.proofs.vocabulary import Copies

    A, B = OutcomeSet.from_vectors([[1, 0, 0, 0]]), OutcomeSet.from_vectors([[0, 1, 0, 0], [0, 0, 1, 0]])
    C1 = [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]]
    C2 = C1 + [[1, 0, 0, 1]]
    hyp = Copies(of="A", fixing="C")
    for order in ((C1, C2), (C2, C1)):
        for C in order:
            met, _, found = hyp.check(Instance(A=A, B=B, C=C), {})
            assert met == (C is C1) and found["n"] == (2 if C is C1 else 0)
        A, B = OutcomeSet.from_vectors(list(A.vectors)), OutcomeSet.from_vectors(list(B.vectors))


@st.composite
def _copies_instances(draw):
    """A, B holding images of A under one or two transpositions (so copies exist), extra vectors, and a C with
    entries A and B lack; entries negative, zero and fractional."""
    d = draw(st.integers(2, 5))
    entry = st.builds(Fraction, st.integers(-2, 3), st.sampled_from([1, 1, 2, 3]))
    vec = st.tuples(*[entry] * d)
    A = draw(st.lists(vec, min_size=1, max_size=3, unique=True))
    B = set(draw(st.lists(vec, max_size=3)))
    for i, j in draw(st.lists(st.tuples(st.integers(0, d - 1), st.integers(0, d - 1)), min_size=1, max_size=3)):
        perm = list(range(d))
        perm[i], perm[j] = j, i
        B |= {tuple(a[perm[c]] for c in range(d)) for a in A}
    extra = draw(st.lists(st.tuples(*[st.builds(Fraction, st.integers(-9, 9), st.just(7))] * d), max_size=2))
    return A, sorted(B), A + sorted(B) + extra


@settings(max_examples=150, deadline=None)
@given(_copies_instances(), st.sampled_from(["none", "C", "half"]), st.sampled_from([3, 40, 200_000]))
def test_the_search_on_ranks_takes_the_same_steps(inst, fixing_kind, max_nodes):
    # entries replaced by their ranks: the same family, involutions, exhaustiveness and nodes as the search on the
    # rational entries themselves, with or without a fixing condition (whose sets may hold other entries)
    from symorbit.orbits import copies as module

    A, B, C = inst
    fixing = {"none": None, "C": lambda fam: [frozenset(C)], "half": lambda fam: [frozenset(C[: len(C) // 2])]}
    on_ranks = copies(A, B, fixing=fixing[fixing_kind], max_nodes=max_nodes)
    real = module._ranked
    module._ranked = lambda *args: None
    try:
        on_entries = copies(A, B, fixing=fixing[fixing_kind], max_nodes=max_nodes)
    finally:
        module._ranked = real
    assert on_ranks == on_entries
    if on_ranks.n:
        assert check_copies(A, B, on_ranks.involutions) == on_ranks.n
        assert all(X <= frozenset(B) for X in on_ranks.copies)


def test_ranks_keep_zero_order_and_equality():
    from symorbit.orbits.copies import _ranked

    A = frozenset({(Fraction(-1, 2), Fraction(0), Fraction(3))})
    B = frozenset({(Fraction(3), Fraction(0), Fraction(-1, 2)), (1, Fraction(1), Fraction(2, 3))})
    A2, B2, _, decoded = _ranked(A, B, None)
    assert A2 == {(-1, 0, 3)} and B2 == {(3, 0, -1), (2, 2, 1)}      # -1/2 < 0 < 2/3 < 1 < 3
    assert {decoded[v] for v in B2} == B
    no_zero = _ranked(frozenset({(Fraction(1, 2), Fraction(-1))}), frozenset({(Fraction(-1), Fraction(1, 2))}), None)
    assert no_zero[0] == {(1, -1)}                     # 0 absent: still no entry ranked 0
    assert _ranked(frozenset({(1, 0)}), frozenset({(0, __import__("sympy").Symbol("g"))}), None) is None
