"""Copies (PR Def. A.7): certificates always verify, and the maximum matches brute force."""

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

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
    assert check_copies({e(3, 0)}, {e(3, 1), e(3, 2)}, res.involutions) == []


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
    # Copies need not be disjoint from A or from each other (SPEC P4).
    A = [(1, 1, 0, 0)]
    B = [(1, 0, 1, 0), (0, 1, 1, 0), (1, 0, 0, 1)]
    res = copies(A, B)
    assert res.n == naive_max_copies(A, B)
    assert check_copies(set(map(tuple, A)), set(B), res.involutions) == []


def test_tampered_involutions_are_rejected():
    A, B = {e(3, 0)}, {e(3, 1), e(3, 2)}
    assert "phi_0 is not an involution" in check_copies(A, B, [(1, 2, 0)])
    assert check_copies(A, B, [(0, 2, 1)]) == ["phi_0·A is not a subset of B"]


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
        assert check_copies(exact(A), exact(B), res.involutions) == []


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
