"""Visit distributions against hand derivations and an independent policy-enumeration brute force."""

from fractions import Fraction

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from symorbit import (
    GAMMA,
    InvalidArgument,
    recurrent_state_distributions,
    visit_distributions,
)
from symorbit.mdp.library import candy, coin, opts_figure1
from symorbit.testing.naive import naive_visit_vectors
from symorbit.testing.strategies import deterministic_mdps, gammas, stochastic_mdps

F = Fraction


def test_candy_at_one_half_by_hand():
    # Coordinates (start, candy, wait, chocolate, hug), γ = 1/2.
    # candy: e_start + γ/(1−γ) e_candy = (1, 1, 0, 0, 0)
    # wait→chocolate: e_start + γ e_wait + γ²/(1−γ) e_choc = (1, 0, 1/2, 1/2, 0); likewise hug.
    out = visit_distributions(candy(), "start", "1/2")
    assert len(out) == 3
    assert set(out) == {
        (F(1), F(1), F(0), F(0), F(0)),
        (F(1), F(0), F(1, 2), F(1, 2), F(0)),
        (F(1), F(0), F(1, 2), F(0), F(1, 2)),
    }
    assert out.tags((F(1), F(1), F(0), F(0), F(0))) == {"candy"}
    assert len(visit_distributions(candy(), "start", "1/2", first_action="wait")) == 2


def test_l1_norm_is_one_over_one_minus_gamma():
    for vec in visit_distributions(opts_figure1(), "star", "9/10"):
        assert sum(vec) == 10


def test_symbolic_agrees_with_rational():
    for env, s in ((opts_figure1(), "star"), (coin(), "start")):
        sym = visit_distributions(env, s, GAMMA)
        at = visit_distributions(env, s, "2/7")
        subs = {tuple(F(str(sympy.sympify(x).subs(GAMMA, sympy.Rational(2, 7)))) for x in v) for v in sym}
        assert subs == set(at)


def test_errors():
    with pytest.raises(InvalidArgument, match="first_action='x' is not available"):
        visit_distributions(candy(), "start", "1/2", first_action="x")
    with pytest.raises(InvalidArgument, match="outside"):
        visit_distributions(candy(), "start", 1)


def test_rsd_of_opts_figure1():
    R = recurrent_state_distributions(opts_figure1(), "star")
    assert len(R) == 6
    half = F(1, 2)
    idx = opts_figure1().index
    vec = [F(0)] * 8
    vec[idx("r_down")] = vec[idx("r_up")] = half
    assert tuple(vec) in R


def _matches_policy_enumeration(env, gamma, data):
    s = data.draw(st.sampled_from(env.states))
    fast = visit_distributions(env, s, gamma)
    naive = naive_visit_vectors(env, s, gamma)
    assert set(fast) == set(naive)
    for v in fast:
        assert fast.tags(v) == naive[v]


@settings(max_examples=60, deadline=None)
@given(deterministic_mdps(max_states=5, max_degree=3), gammas(), st.data())
def test_deterministic_lassos_match_policy_enumeration(env, gamma, data):
    _matches_policy_enumeration(env, gamma, data)


@settings(max_examples=40, deadline=None)
@given(stochastic_mdps(max_states=4, max_actions=2), gammas(), st.data())
def test_stochastic_matches_policy_enumeration(env, gamma, data):
    _matches_policy_enumeration(env, gamma, data)


@settings(max_examples=25, deadline=None)
@given(stochastic_mdps(max_states=3, max_actions=2), st.data())
def test_rsd_is_limit_of_normalised_visits(env, data):
    s = data.draw(st.sampled_from(env.states))
    R = recurrent_state_distributions(env, s)
    for v in R:
        assert sum(v) == 1 and all(x >= 0 for x in v)


@settings(max_examples=60, deadline=None)
@given(deterministic_mdps(max_states=5), st.data())
def test_deterministic_rsd_is_uniform_on_each_policys_cycle(env, data):
    """RSD(s) of a deterministic MDP by brute force over every stationary policy: the walk from s under the policy
    ends in a cycle, and the limit distribution is uniform on it, tagged with the policy's action at s."""
    import itertools

    s = data.draw(st.sampled_from(env.states))
    moves = [[(a, next(iter(dict(t)))) for a, t in row] for row in env.transitions]
    want: dict[tuple[Fraction, ...], set[str]] = {}
    for policy in itertools.product(*moves):
        seen, at = [], env.index(s)
        while at not in seen:
            seen.append(at)
            at = env.index(policy[at][1])
        cycle = seen[seen.index(at):]
        vec = tuple(Fraction(1, len(cycle)) if i in cycle else Fraction(0) for i in range(len(env.states)))
        want.setdefault(vec, set()).add(policy[env.index(s)][0])
    R = recurrent_state_distributions(env, s)
    assert {v: set(tags) for v, tags in zip(R.vectors, R.first_actions)} == want
