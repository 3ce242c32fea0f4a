"""Exact POWER and optimality probability (OPTS Def. 5.2 and 4.3).

POWER_D(s, γ) = ((1−γ)/γ) E_{r∼D}[max_{f∈F(s)} (f(γ) − e_s)ᵀ r]
P_D(F′, γ)    = P_{r∼D}(max_{F′} fᵀr ≥ max_{F(s)} fᵀr)

Distributions
-------------
* a :class:`FiniteDistribution` (any finite weighted set of rewards), e.g.
  :func:`orbit_distribution` (uniform over the distinct orbit of a reward): exact
  rational sums;
* :data:`IID_UNIFORM` (OPTS's default, iid uniform on [0, 1]^d): exact sums of
  polytope volumes. With g_f = f − e_s ≥ 0, E[max_f g_fᵀr] = Σ_f ∫_{P_f} g_fᵀr dr over
  the regions P_f where f is optimal, and each integral is the (k+1)-volume of
  {(r, y) : r ∈ P_f, 0 ≤ y ≤ g_fᵀr}; volumes come from Normaliz (PyNormaliz), exact
  rationals. Only coordinates in the supports enter (the rest integrate to 1).

A Monte Carlo estimator is provided only as a cross-check, with its standard error.

Examples
--------
OPTS Fig. 3 values under iid uniform rewards: POWER(∅) = 1/2, POWER(r↘) = 2/3,
POWER(ℓ↙) = (2/3 + γ/2)/(1+γ), here at γ = 1/2 (= 11/18):

>>> from symorbit.mdp.library import opts_figure1
>>> env = opts_figure1()
>>> [power(env, s, "1/2") for s in ("empty", "r_down", "l_down")]
[Fraction(1, 2), Fraction(2, 3), Fraction(11, 18)]
>>> power(env, "empty", "1/2", orbit_distribution(range(8)))
Fraction(7, 2)
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Iterable, Sequence

from more_itertools import distinct_permutations

from symorbit.errors import InvalidArgument, MissingExtra, TooLarge
from symorbit.exact.numbers import check_gamma, format_count, to_fraction, to_vector
from symorbit.mdp.environment import MDP
from symorbit.mdp.visits import minus_start, visit_distributions
from symorbit.outcomes.groups import orbit_size
from symorbit.outcomes.nondominated import _dot, _integer_row, nondominated
from symorbit.outcomes.outcome_sets import OutcomeSet

__all__ = ["FiniteDistribution", "IID_UNIFORM", "orbit_distribution", "power", "optimality_probability",
           "expected_max", "region_volumes", "power_monte_carlo"]

#: OPTS's default reward distribution: iid uniform on [0, 1]^d.
IID_UNIFORM = "iid-uniform"
MAX_ORBIT = 2_000_000

Vector = tuple[Fraction, ...]


@dataclass(frozen=True)
class FiniteDistribution:
    """A finite distribution over reward vectors: ``((reward, probability), ...)``, probabilities summing to 1."""

    outcomes: tuple[tuple[Vector, Fraction], ...]

    @classmethod
    def weighted(cls, items: Iterable[tuple[Sequence[Any], Any]]) -> "FiniteDistribution":
        pairs = [(to_vector(r, name="reward"), to_fraction(w, name="weight")) for r, w in items]
        if not pairs or any(w < 0 for _, w in pairs):
            raise InvalidArgument("a finite distribution needs at least one reward and non-negative weights")
        total = sum((w for _, w in pairs), Fraction(0))
        if total == 0:
            raise InvalidArgument("the weights sum to 0")
        return cls(tuple((r, w / total) for r, w in pairs))

    @classmethod
    def uniform(cls, rewards: Iterable[Sequence[Any]]) -> "FiniteDistribution":
        return cls.weighted((r, 1) for r in rewards)


def orbit_distribution(reward: Iterable[Any]) -> FiniteDistribution:
    """The uniform distribution over the distinct orbit elements of ``reward``.

    >>> len(orbit_distribution([0, 1, 1]).outcomes)
    3
    """
    r = to_vector(reward, name="reward")
    if orbit_size(r) > MAX_ORBIT:
        raise TooLarge(f"the orbit of reward has {format_count(orbit_size(r))} elements (> {format_count(MAX_ORBIT)}) to list")
    return FiniteDistribution.uniform(distinct_permutations(sorted(r)))


def _volume(inequalities: list[list[Fraction]], dim: int) -> Fraction:
    """Euclidean volume of {x ∈ R^dim : a·x + b ≥ 0 for each row [a..., b]}, exact (0 if not full-dimensional)."""
    try:
        from PyNormaliz import Cone
    except ImportError:
        raise MissingExtra("exact POWER under iid-uniform rewards needs PyNormaliz: pip install 'symorbit[power]'") from None

    cone = Cone(inhom_inequalities=[_integer_row(row) for row in inequalities])
    if cone.AffineDim() < dim:
        return Fraction(0)
    return Fraction(cone.Volume()) / math.factorial(dim)


def region_volumes(vectors: Sequence[Vector], *, integrand: bool = False) -> list[Fraction]:
    """For r iid uniform on [0,1]^d: per vector x, P(x is optimal) or, with ``integrand``,
    E[xᵀr ; x optimal] (requires every vector ≥ 0). Vectors must be distinct.
    """
    coords = sorted({j for v in vectors for j, x in enumerate(v) if x != 0})
    k = len(coords)
    vecs = [[v[j] for j in coords] for v in vectors]
    if integrand and any(x < 0 for v in vecs for x in v):
        raise InvalidArgument("integrals need non-negative vectors")
    out = []
    for i, x in enumerate(vecs):
        if k == 0:
            out.append(Fraction(1, len(vecs)) if not integrand else Fraction(0))
            continue
        dim = k + (1 if integrand else 0)
        rows: list[list[Fraction]] = []
        for j in range(k):
            unit = [Fraction(int(t == j)) for t in range(dim)]
            rows.append(unit + [Fraction(0)])                        # r_j ≥ 0
            rows.append([-u for u in unit] + [Fraction(1)])           # r_j ≤ 1
        for t, y in enumerate(vecs):
            if t != i:
                rows.append([a - b for a, b in zip(x, y)] + ([Fraction(0)] if integrand else []) + [Fraction(0)])
        if integrand:
            rows.append([Fraction(0)] * k + [Fraction(1), Fraction(0)])  # y ≥ 0
            rows.append(list(x) + [Fraction(-1), Fraction(0)])             # y ≤ xᵀr
        out.append(_volume(rows, dim))
    if not integrand and sum(out) != 1:  # pragma: no cover - the regions tile the cube up to measure zero
        raise AssertionError(f"optimality regions have total volume {sum(out)}, not 1")
    return out


def expected_max(vectors: Iterable[Sequence[Any]], distribution: Any = IID_UNIFORM) -> Fraction:
    """E_{r∼D}[max_x xᵀr], exact.

    >>> expected_max([[1, 0], [0, 1]])          # E[max of two iid uniforms]
    Fraction(2, 3)
    """
    X = sorted({to_vector(v, name="vector") for v in vectors})
    if isinstance(distribution, FiniteDistribution):
        return sum((w * max(_dot(x, r) for x in X) for r, w in distribution.outcomes), Fraction(0))
    if distribution != IID_UNIFORM:
        raise InvalidArgument(f"distribution={distribution!r}: use IID_UNIFORM or a FiniteDistribution")
    nd = [tuple(v) for v in nondominated(X)] if len(X) > 1 else X
    return sum(region_volumes(nd, integrand=True), Fraction(0))


def power(env: MDP, state: Any, gamma: Any, distribution: Any = IID_UNIFORM) -> Fraction:
    """POWER_D(s, γ) (OPTS Def. 5.2), exact.

    Parameters
    ----------
    env : MDP
    state : str
    gamma : rational in (0, 1)
    distribution : IID_UNIFORM (default) or FiniteDistribution

    References
    ----------
    OPTS Def. 5.2, Fig. 3.
    """
    g = check_gamma(gamma)
    if isinstance(distribution, FiniteDistribution):
        for r, _ in distribution.outcomes:
            if len(r) != env.n_states:
                raise InvalidArgument(f"a reward of the distribution has {len(r)} entries; {env.name} has "
                                      f"{env.n_states} states")
    F = visit_distributions(env, state, g)
    return (1 - g) / g * expected_max(minus_start(F, env.index(state)), distribution)


def optimality_probability(env: MDP, state: Any, outcome_subset: Any, gamma: Any,
                           distribution: Any = IID_UNIFORM) -> Fraction:
    """P_D(F′, γ): the probability that some f ∈ F′ ⊆ F(s) is optimal (OPTS Def. 4.3), exact.

    ``outcome_subset`` is a first action (F′ = F(s | π(s) = a), OPTS Def. 4.4) or a set of
    vectors of F(s).

    >>> from symorbit.mdp.library import candy
    >>> optimality_probability(candy(), "start", "wait", "1/2")
    Fraction(7, 12)
    """
    g = check_gamma(gamma)
    F = visit_distributions(env, state, g)
    sub = F.restrict(outcome_subset) if isinstance(outcome_subset, str) else OutcomeSet.from_vectors(outcome_subset)
    chosen = set(sub)
    if not chosen <= set(F):
        raise InvalidArgument("outcome_subset must be a subset of F(state) at this gamma")
    if isinstance(distribution, FiniteDistribution):
        total = Fraction(0)
        for r, w in distribution.outcomes:
            best = max(_dot(f, r) for f in F)
            total += w * any(_dot(f, r) == best for f in chosen)
        return total
    if distribution != IID_UNIFORM:
        raise InvalidArgument(f"distribution={distribution!r}: use IID_UNIFORM or a FiniteDistribution")
    nd = [tuple(v) for v in nondominated(F)]
    vols = region_volumes(nd)
    return sum((v for f, v in zip(nd, vols) if f in chosen), Fraction(0))


def power_monte_carlo(env: MDP, state: Any, gamma: Any, *, samples: int, seed: int) -> tuple[float, float]:
    """A sampling estimate of POWER under iid uniform rewards: (mean, standard error). Cross-check only."""
    g = check_gamma(gamma)
    F = visit_distributions(env, state, g)
    s = env.index(state)
    shifted = [[float(x) - (1.0 if j == s else 0.0) for j, x in enumerate(v)] for v in F]
    rng = random.Random(seed)
    scale = float((1 - g) / g)
    vals = []
    for _ in range(samples):
        r = [rng.random() for _ in range(env.n_states)]
        vals.append(scale * max(sum(a * b for a, b in zip(v, r)) for v in shifted))
    mean = sum(vals) / samples
    var = sum((v - mean) ** 2 for v in vals) / max(1, samples - 1)
    return mean, math.sqrt(var / samples)
