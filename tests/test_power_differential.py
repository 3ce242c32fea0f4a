"""Exact POWER and optimality probability against an independent value-iteration sampler (issue 10).

The sampler never touches visit distributions or polytopes: it draws r iid uniform on [0, 1]^d
(seeded), runs value iteration on the MDP itself, and averages (1−γ)/γ·(V*(s) − r(s)) and the
indicator that a first action attains V*(s). Exact values must lie within 5 standard errors
(two-sided false-alarm rate about 6e-7 per comparison). The fast slice runs in the default
suite; --runslow runs up to 10 states, deterministic and stochastic.
"""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symorbit.analysis.power import optimality_probability, power
from symorbit.testing.strategies import deterministic_mdps, stochastic_mdps

TOLERANCE_SE = 5


def sampler(env, state, gamma, *, samples, seed):
    """(power mean, power se, {action: (p, se)}) by value iteration on sampled rewards."""
    n = env.n_states
    g = float(gamma)
    rng = np.random.default_rng(seed)
    r = rng.random((samples, n))
    acts = [env.transitions[i] for i in range(n)]
    mats = []  # per state: (actions, n) matrix of transition probabilities
    for i in range(n):
        rows = [[float(dict(t).get(s, 0)) for s in env.states] for _, t in acts[i]]
        mats.append(np.array(rows) if rows else np.eye(n)[[i]])
    v = r / (1 - g)
    while True:
        q = [r[:, [i]] + g * v @ mats[i].T for i in range(n)]
        new = np.stack([qi.max(axis=1) for qi in q], axis=1)
        if np.abs(new - v).max() < 1e-12:
            break
        v = new
    s = env.index(state)
    vals = (1 - g) / g * (v[:, s] - r[:, s])
    qs = q[s]
    best = qs.max(axis=1, keepdims=True)
    probs = {}
    for j, (a, _) in enumerate(acts[s]):
        hit = (qs[:, j:j + 1] >= best - 1e-9).astype(float)[:, 0]
        probs[a] = (hit.mean(), max(hit.std(ddof=1) / np.sqrt(samples), 1 / samples))
    return vals.mean(), max(vals.std(ddof=1) / np.sqrt(samples), 1e-12), probs


def check(env, gamma, samples, seed):
    state = env.states[0]
    exact = power(env, state, gamma)
    mean, se, probs = sampler(env, state, gamma, samples=samples, seed=seed)
    assert abs(float(exact) - mean) <= TOLERANCE_SE * se, (env, gamma, exact, mean, se)
    for a, (p, pse) in probs.items():
        want = optimality_probability(env, state, a, gamma)
        assert abs(float(want) - p) <= TOLERANCE_SE * pse + 1e-12, (env, a, want, p, pse)


gammas = st.sampled_from([Fraction(1, 4), Fraction(1, 2), Fraction(3, 4)])
slow_gammas = st.sampled_from([Fraction(1, 4), Fraction(1, 2), Fraction(9, 10)])


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(deterministic_mdps(max_states=5, max_degree=3), gammas, st.integers(0, 2**16))
def test_fast_deterministic(env, gamma, seed):
    check(env, gamma, 2000, seed)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stochastic_mdps(max_states=4, max_actions=2), gammas, st.integers(0, 2**16))
def test_fast_stochastic(env, gamma, seed):
    check(env, gamma, 2000, seed)


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(deterministic_mdps(min_states=6, max_states=10, max_degree=3), slow_gammas, st.integers(0, 2**16))
def test_slow_deterministic_up_to_10_states(env, gamma, seed):
    check(env, gamma, 20000, seed)


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stochastic_mdps(min_states=5, max_states=10, max_actions=2), slow_gammas, st.integers(0, 2**16))
def test_slow_stochastic_up_to_10_states(env, gamma, seed):
    check(env, gamma, 20000, seed)


def test_sampler_has_teeth():
    """A wrong exact value (off by 1/50) is rejected by the same tolerance."""
    from symorbit.mdp.library import opts_figure1

    env = opts_figure1()
    mean, se, _ = sampler(env, "l_down", Fraction(1, 2), samples=20000, seed=0)
    exact = (Fraction(2, 3) + Fraction(1, 4)) / Fraction(3, 2)
    assert abs(float(exact) - mean) <= TOLERANCE_SE * se
    assert abs(float(exact + Fraction(1, 50)) - mean) > TOLERANCE_SE * se
