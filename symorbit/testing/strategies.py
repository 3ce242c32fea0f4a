"""Hypothesis strategies for symorbit objects, for use in your own tests.

Each strategy shrinks towards fewer states, fewer vectors and smaller integers.

Examples
--------
>>> from hypothesis import given, settings
>>> @settings(max_examples=5)
... @given(deterministic_mdps(max_states=4))
... def check(env):
...     assert env.is_deterministic
>>> check()
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from symorbit.errors import MissingExtra
from symorbit.mdp.environment import MDP

try:
    from hypothesis import strategies as st
except ImportError:
    raise MissingExtra("symorbit.testing.strategies needs hypothesis: pip install 'symorbit[search]'") from None

__all__ = ["deterministic_mdps", "stochastic_mdps", "rewards", "vector_sets", "one_hot_sets", "gammas"]


@st.composite
def deterministic_mdps(draw: Any, *, min_states: int = 1, max_states: int = 5, max_degree: int = 3) -> MDP:
    """Deterministic MDPs with states ``s0..s{n-1}`` (an empty successor list is terminal)."""
    n = draw(st.integers(min_states, max_states))
    names = [f"s{i}" for i in range(n)]
    adj = {}
    for s in names:
        succ = draw(st.lists(st.sampled_from(names), max_size=max_degree, unique=True))
        adj[s] = succ
    return MDP.deterministic(adj, name="random")


@st.composite
def stochastic_mdps(draw: Any, *, min_states: int = 1, max_states: int = 4, max_actions: int = 2,
                    denominators: tuple[int, ...] = (1, 2, 3, 4)) -> MDP:
    """Stochastic MDPs whose probabilities lie on a small grid k/q."""
    n = draw(st.integers(min_states, max_states))
    names = [f"s{i}" for i in range(n)]
    spec: dict[str, dict[str, dict[str, Fraction]]] = {}
    for s in names:
        acts: dict[str, dict[str, Fraction]] = {}
        for a in range(draw(st.integers(0, max_actions))):
            q = draw(st.sampled_from(denominators))
            support = draw(st.lists(st.sampled_from(names), min_size=1, max_size=min(3, n), unique=True))
            cuts = sorted(draw(st.lists(st.integers(0, q), min_size=len(support) - 1, max_size=len(support) - 1)))
            parts = [b - a_ for a_, b in zip([0] + cuts, cuts + [q])]
            dist = {t: Fraction(p, q) for t, p in zip(support, parts) if p}
            if not dist:
                dist = {support[0]: Fraction(1)}
            acts[f"a{a}"] = dist
        spec[s] = acts
    return MDP.stochastic(spec, name="random")


def gammas(max_denominator: int = 10) -> st.SearchStrategy[Fraction]:
    """Rational discounts in (0, 1)."""
    return st.integers(2, max_denominator).flatmap(
        lambda q: st.integers(1, q - 1).map(lambda p: Fraction(p, q)))


def rewards(d: int, *, min_value: int = -3, max_value: int = 3, rational: bool = False) -> st.SearchStrategy:
    """Reward vectors of length d, small integers (or small fractions); ties are common."""
    value: st.SearchStrategy[Any] = st.integers(min_value, max_value)
    if rational:
        value = st.builds(Fraction, st.integers(min_value * 4, max_value * 4), st.sampled_from([1, 2, 3, 4]))
    return st.lists(value, min_size=d, max_size=d).map(tuple)


def vector_sets(d: int, *, min_size: int = 1, max_size: int = 4, min_value: int = 0,
                max_value: int = 3) -> st.SearchStrategy:
    """Sets of integer vectors in Z^d (zeros and repeated columns are common)."""
    vec = st.lists(st.integers(min_value, max_value), min_size=d, max_size=d).map(tuple)
    return st.lists(vec, min_size=min_size, max_size=max_size, unique=True)


def one_hot_sets(d: int, *, min_size: int = 1, max_size: int | None = None) -> st.SearchStrategy:
    """Sets of standard basis vectors e_j in Q^d."""
    return st.lists(st.integers(0, d - 1), min_size=min_size, max_size=max_size or d, unique=True).map(
        lambda js: [tuple(int(i == j) for i in range(d)) for j in js])
