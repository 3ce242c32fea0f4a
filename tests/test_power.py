"""POWER, optimality probability and answers over every discount, against independent values."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from symorbit import InvalidArgument, visit_distributions
from symorbit.analysis.discount import counts_over_gamma
from symorbit.analysis.power import (
    FiniteDistribution,
    expected_max,
    optimality_probability,
    orbit_distribution,
    power,
    power_monte_carlo,
    region_volumes,
)
from symorbit.mdp.library import candy, coin, opts_figure1
from symorbit.testing.naive import naive_orbit_counts


@pytest.mark.parametrize("gamma", ["1/4", "1/2", "9/10"])
def test_opts_figure3_closed_forms(gamma):
    g = Fraction(gamma)
    env = opts_figure1()
    assert power(env, "empty", gamma) == Fraction(1, 2)
    assert power(env, "r_down", gamma) == Fraction(2, 3)
    assert power(env, "l_down", gamma) == (Fraction(2, 3) + g / 2) / (1 + g)


@pytest.mark.parametrize("k", [1, 2, 3, 4])
def test_one_hot_known_values(k):
    vecs = [[int(i == j) for i in range(k)] for j in range(k)]
    assert expected_max(vecs) == Fraction(k, k + 1)          # E[max of k iid uniforms]
    assert region_volumes([tuple(map(Fraction, v)) for v in vecs]) == [Fraction(1, k)] * k


def test_optimality_probabilities_sum_to_one_and_match_sampling():
    env = candy()
    p_wait = optimality_probability(env, "start", "wait", "1/2")
    p_candy = optimality_probability(env, "start", "candy", "1/2")
    assert p_wait + p_candy == 1
    mean, se = power_monte_carlo(env, "start", "1/2", samples=4000, seed=3)
    assert abs(mean - float(power(env, "start", "1/2"))) < 5 * se


def test_finite_distributions_against_direct_sums():
    env = candy()
    r = (0, 1, 2, 3, 4)
    F = visit_distributions(env, "start", "1/2")
    orb = orbit_distribution(r)
    # P(wait optimal) under the orbit distribution = weakly-optimal orbit fraction.
    gt, lt, eq = naive_orbit_counts(list(F.restrict("candy")), list(F.restrict("wait")), r)
    assert optimality_probability(env, "start", "wait", "1/2", distribution=orb) == Fraction(gt + eq, gt + lt + eq)
    point = FiniteDistribution.uniform([r])
    best = max(sum(a * b for a, b in zip(v, r)) for v in F)
    assert power(env, "start", "1/2", distribution=point) == (best - r[0]) * 1      # (1-γ)/γ = 1 at γ = 1/2
    with pytest.raises(InvalidArgument, match="entries"):
        power(env, "start", "1/2", distribution=FiniteDistribution.uniform([(1, 2)]))


def test_stochastic_power_is_exact():
    val = power(coin(), "start", "1/2")
    assert isinstance(val, Fraction)
    mean, se = power_monte_carlo(coin(), "start", "1/2", samples=4000, seed=1)
    assert abs(mean - float(val)) < 5 * se


@settings(max_examples=15, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3), st.integers(0, 3)), min_size=1, max_size=4,
                unique=True))
def test_expected_max_matches_a_fine_grid_bound(vecs):
    # E[max] lies between the grid lower sum and upper sum on a 4-point grid per axis (monotone integrand).
    exact = expected_max(vecs)
    n = 4
    grid = [Fraction(i, n) for i in range(n)]
    lower = sum(max(sum(a * x for a, x in zip(v, (p, q, s))) for v in vecs) for p in grid for q in grid for s in grid)
    upper = sum(max(sum(a * (x + Fraction(1, n)) for a, x in zip(v, (p, q, s))) for v in vecs)
                for p in grid for q in grid for s in grid)
    assert lower / n**3 <= exact <= upper / n**3


def test_counts_over_gamma_candy_pieces_are_consistent():
    res = counts_over_gamma(candy(), "start", ["candy"], ["wait"], (0, 1, 2, 3, 4))
    for piece in res.pieces:
        F = visit_distributions(candy(), "start", piece.sample)
        want = naive_orbit_counts(list(F.restrict("candy")), list(F.restrict("wait")), (0, 1, 2, 3, 4))
        assert piece.counts == (*want, sum(want))
    assert res.limit == (80, 40, 0, 120)
    # γ = 1/2 is itself a breakpoint: there 2 r_candy = r_wait + r_x ties 16 orbit elements (docs/theory.md#p6).
    assert res.at_breakpoints["1/2"] == (62, 42, 16, 120)


_plane_vectors = st.lists(st.tuples(st.integers(0, 4), st.integers(0, 4)), min_size=1, max_size=5, unique=True)


@settings(max_examples=12, deadline=None)
@given(_plane_vectors)
def test_normaliz_volumes_match_independent_polygon_clipping(vecs):
    check_plane_volumes(vecs)


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(_plane_vectors)
def test_normaliz_volumes_match_independent_polygon_clipping_long(vecs):
    check_plane_volumes(vecs)


def check_plane_volumes(vecs):
    from symorbit.outcomes.nondominated import nondominated
    from symorbit.testing.naive import naive_plane_regions

    regions = naive_plane_regions(vecs)
    nd = [tuple(v) for v in nondominated(vecs)] if len(vecs) > 1 else [tuple(map(Fraction, vecs[0]))]
    # Dominated vectors are optimal on a null set; ND vectors tile the square.
    vols = region_volumes(nd)
    ints = region_volumes(nd, integrand=True)
    for x, v, i in zip(nd, vols, ints):
        assert regions[x] == (v, i)
    assert expected_max(vecs) == sum(i for _, i in regions.values())


# ---------------------------------------------------------------- issue 10: wrong (negative) POWER

#: A random deterministic 10-state MDP (random.Random(16)) on which Normaliz's machine-integer
#: path overflowed: POWER(s0, 9/10) came out as 5.5e22, one region volume as 3.8e9.
ISSUE10 = {"s0": ["s7", "s9"], "s1": ["s6", "s3"], "s2": ["s0", "s6"], "s3": ["s4", "s3", "s8"], "s4": ["s4"],
           "s5": ["s5", "s2"], "s6": ["s9", "s4", "s0"], "s7": ["s9"], "s8": ["s0", "s2"],
           "s9": ["s0", "s7", "s8"]}


def test_issue10_instance_power_is_within_bounds_and_sampling():
    from symorbit import MDP

    env = MDP.deterministic(ISSUE10, name="issue10")
    exact = power(env, "s0", "9/10")
    assert Fraction(1, 2) <= exact <= Fraction(10, 11)
    assert power(env, "s0", "9/10") == exact                       # deterministic across calls
    mean, se = power_monte_carlo(env, "s0", "9/10", samples=4000, seed=5)
    assert abs(float(exact) - mean) < 5 * se


def test_issue10_instance_regions_tile_the_cube():
    from symorbit import MDP
    from symorbit.outcomes.nondominated import nondominated

    env = MDP.deterministic(ISSUE10, name="issue10")
    nd = [tuple(v) for v in nondominated(visit_distributions(env, "s0", "9/10"))]
    vols = region_volumes(nd)
    assert sum(vols) == 1 and all(v >= 0 for v in vols)


def test_a_wrong_volume_raises_invariant_violation(monkeypatch):
    import importlib

    from symorbit import InvariantViolation

    power_module = importlib.import_module("symorbit.analysis.power")

    real = power_module._volume
    monkeypatch.setattr(power_module, "_volume", lambda rows, dim, **kw: real(rows, dim, **kw) * 2)
    with pytest.raises(InvariantViolation, match=r"region_volumes\(\[\(1, 0\).*total volume 2"):
        region_volumes([(Fraction(1), Fraction(0)), (Fraction(0), Fraction(1))])
    with pytest.raises(InvariantViolation, match=r"optimality_probability\(env='candy'"):
        optimality_probability(candy(), "start", "wait", "1/2")
    monkeypatch.setattr(power_module, "_volume", lambda rows, dim, **kw: real(rows, dim, **kw) + 5)
    with pytest.raises(InvariantViolation, match=r"power\(env='opts-figure-1'|power\(env="):
        power(opts_figure1(), "star", "1/2")


def test_too_large_is_refused_up_front_with_the_sampler_named():
    from symorbit import MDP, TooLarge

    n = 15   # k = 15 coordinates: even the volume for k + 1 live vectors is far above max_work
    adj = {f"s{i}": [f"s{(i + 1) % n}", f"s{(i + 2) % n}"] for i in range(n)}
    env = MDP.deterministic(adj, name="ring15")
    with pytest.raises(TooLarge, match=r"power\(env='ring15'.*facet detection and volumes.*estimated .* work units.*max_work=60.*"
                                       r"power_monte_carlo.*standard error"):
        power(env, "s0", "1/2")
    with pytest.raises(TooLarge, match="optimality_probability"):
        optimality_probability(env, "s0", "s1", "1/2")


def test_max_work_raises_or_lowers_the_refusal():
    from symorbit import TooLarge
    from symorbit.analysis.power import MAX_WORK, estimate_work

    env = opts_figure1()
    with pytest.raises(TooLarge, match="max_work=1e-09"):
        power(env, "star", "1/2", max_work=1e-9)
    with pytest.raises(TooLarge, match="max_work=1e-09"):
        optimality_probability(env, "star", "l_mid", "1/2", max_work=1e-9)
    with pytest.raises(TooLarge, match="max_work=1e-09"):
        expected_max([[1, 0], [0, 1]], max_work=1e-9)
    assert power(env, "star", "1/2", max_work=MAX_WORK) == power(env, "star", "1/2")
    # The model grows with the dimension and the number of vectors; a 4×3 gridworld from a corner passes the
    # up-front check (facet detection by LPs is cheap) and is refused by default once its 57 live vectors are known.
    assert estimate_work(9, 25) < estimate_work(10, 25) and estimate_work(9, 25) < estimate_work(9, 200)
    assert estimate_work(9, 200, live=25) < estimate_work(9, 200, live=200)
    assert estimate_work(9, 25, live=25, regions=True) > estimate_work(9, 25, live=25)
    assert estimate_work(12, 871) < MAX_WORK < estimate_work(12, 871, live=57)


def test_expected_max_epigraph_matches_region_integrals():
    vecs = [(Fraction(3), Fraction(1), Fraction(0)), (Fraction(1), Fraction(2), Fraction(2)),
            (Fraction(0), Fraction(0), Fraction(4)), (Fraction(1), Fraction(1), Fraction(1))]
    assert expected_max(vecs) == sum(region_volumes(vecs, integrand=True))


def test_monte_carlo_is_one_matrix_product_per_batch_and_reproducible():
    # against a plain loop over the same uniforms (numpy's PCG64, one double a draw), across batches
    import math as _math

    import numpy as np

    from symorbit.analysis import power as P

    env = candy()
    samples = P.MC_BATCH + 123                    # two batches, the second partial
    mean, se = power_monte_carlo(env, "start", "1/2", samples=samples, seed=11)
    assert (mean, se) == power_monte_carlo(env, "start", "1/2", samples=samples, seed=11)
    assert (mean, se) != power_monte_carlo(env, "start", "1/2", samples=samples, seed=12)
    F = [[float(x) for x in v] for v in visit_distributions(env, "start", "1/2")]
    s = env.index("start")
    u = np.random.default_rng(11).random((samples, env.n_states))
    vals = [max(sum(a * b for a, b in zip(v, row)) - row[s] for v in F) for row in u.tolist()]
    m = sum(vals) / samples
    want_se = _math.sqrt(sum((x - m) ** 2 for x in vals) / (samples - 1) / samples)
    assert abs(mean - m) < 1e-12 and abs(se - want_se) < 1e-12
    with pytest.raises(InvalidArgument, match="samples"):
        power_monte_carlo(env, "start", "1/2", samples=0, seed=0)
    for seed in (-1, 1.5, True):        # numpy's ValueError named no argument
        with pytest.raises(InvalidArgument, match=r"seed=.*: give an integer >= 0"):
            power_monte_carlo(env, "start", "1/2", samples=10, seed=seed)


_small_sets = st.lists(st.tuples(*[st.integers(0, 4)] * 3), min_size=1, max_size=9, unique=True)


@settings(max_examples=60, deadline=None)
@given(_small_sets)
def test_live_by_lp_matches_the_dual_description_and_a_grid_of_rewards(vecs):
    from symorbit.analysis.power import _facet_vectors, _live_by_lp
    from symorbit.outcomes.nondominated import nondominated

    X = sorted({tuple(Fraction(a) for a in v) for v in vecs})
    live = _live_by_lp(X)
    assert live == _facet_vectors(X)
    # Independent necessary conditions: a strict winner at any grid reward in the open orthant is live,
    # and a live vector is a vertex of conv(X).
    grid = [Fraction(i, 5) for i in range(1, 6)]
    for r in ((p, q, s) for p in grid for q in grid for s in grid):
        vals = [sum(a * b for a, b in zip(x, r)) for x in X]
        if vals.count(max(vals)) == 1:
            assert vals.index(max(vals)) in live
    vertices = set(nondominated(X)) if len(X) > 1 else set(X)
    assert {X[i] for i in live} <= vertices


def test_live_by_lp_matches_the_dual_description_on_a_12_state_mdp():
    from benchmarks.power import random_mdp, shape
    from symorbit.analysis.power import _facet_vectors, _live_by_lp

    k, vecs = shape(random_mdp(17, 12), "s0")      # k = 9, 99 vectors, 55 live
    assert (k, len(vecs)) == (9, 99)
    live = _live_by_lp(vecs)
    assert live == _facet_vectors(vecs) and len(live) == 55


@settings(max_examples=12, deadline=None)
@given(_small_sets, st.integers(0, 3), st.integers(0, 2))
def test_pulled_coordinates_do_not_change_expected_max(vecs, constant, where):
    from symorbit.analysis.power import _epigraph_expected_max, _pulled_coordinates

    X = sorted({tuple(Fraction(a) for a in v[:where]) + (Fraction(constant),) + tuple(Fraction(a) for a in v[where:])
                for v in vecs})
    pulled, reduced = _pulled_coordinates(X)
    assert pulled >= Fraction(constant, 2) and len(reduced[0]) <= 3
    assert expected_max(X) == _epigraph_expected_max(X)


# ---------------------------------------------------------------- issue 24: LPs under a budget, then the dual description

def _counting_clock():
    """A clock that advances by 1 at each reading: a budget of b lets the LPs run until their b-th reading."""
    ticks = iter(range(10**6))
    return lambda: next(ticks)


_facet_sets = st.lists(st.tuples(*[st.integers(0, 5)] * 4), min_size=9, max_size=24, unique=True)


@settings(max_examples=40, deadline=None)
@given(_facet_sets, st.one_of(st.just(0), st.integers(1, 30), st.just(float("inf"))))
def test_live_vectors_fallback_matches_both_methods(vecs, budget):
    from symorbit.analysis.power import _facet_vectors, _live_by_lp, _live_vectors, _lp_verdicts

    X = sorted({tuple(Fraction(a) for a in v) for v in vecs})
    want = _facet_vectors(X)
    assert _live_by_lp(X) == want
    assert _live_vectors(X, budget=budget, clock=_counting_clock()) == want
    # The verdicts the LPs leave behind are certified and agree with the dual description; with a
    # budget that runs out at once they are the unique coordinatewise maxima and the unique largest
    # under the random rewards r ≥ 0, all live (no LP runs).
    partial = _lp_verdicts(X, budget=budget, clock=_counting_clock())
    assert all(live == (i in want) for i, live in partial.items())
    if budget == 0:
        unique_max = {i for j in range(4) for i, x in enumerate(X)
                      if [y[j] for y in X].count(x[j]) == 1 and x[j] == max(y[j] for y in X)}
        assert set(partial) >= unique_max and all(partial.values())
    if budget == float("inf"):
        assert len(partial) == len(X)


def test_live_vectors_fallback_stops_early_on_a_low_projection():
    """With a clock that counts LPs, the LPs stop after a tenth of the open vectors once the projection exceeds the budget."""
    from symorbit.analysis.power import _facet_vectors, _live_vectors, _lp_verdicts

    X = sorted({(Fraction(a), Fraction(b), Fraction(c)) for a in range(4) for b in range(4) for c in range(4)})
    free = len(_lp_verdicts(X, budget=0))
    full = len(X) - free                                   # one clock reading per LP, and one at the start
    for budget in (full // 2, full - 2):
        decided = len(_lp_verdicts(X, budget=budget, clock=_counting_clock())) - free
        assert decided == -(-full // 10)                    # ceil(full / 10): the first projection over budget
        assert _live_vectors(X, budget=budget, clock=_counting_clock()) == _facet_vectors(X)
    assert len(_lp_verdicts(X, budget=2 * full, clock=_counting_clock())) == len(X)   # the projection stays below


def _expected_max_by(method, X):
    """expected_max(X) with facet detection replaced by ``method`` (vectors → live indices)."""
    from symorbit.analysis import power as P

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(P, "_live_vectors", method)
        return expected_max(X)


@settings(max_examples=15, deadline=None)
@given(_facet_sets, st.integers(0, 12))
def test_expected_max_is_the_same_whichever_method_finds_the_live_vectors(vecs, budget):
    from symorbit.analysis.power import _facet_vectors, _live_by_lp, _live_vectors

    X = sorted({tuple(Fraction(a) for a in v) for v in vecs})
    values = {_expected_max_by(_facet_vectors, X), _expected_max_by(_live_by_lp, X),
              _expected_max_by(lambda v: _live_vectors(v, budget=0), X),
              _expected_max_by(lambda v: _live_vectors(v, budget=budget, clock=_counting_clock()), X),
              expected_max(X)}
    assert len(values) == 1
    # Independent: the maximum over all vectors, by a brute-force sum on a grid (monotone integrand).
    (value,) = values
    n = 3
    grid = [Fraction(i, n) for i in range(n)]
    points = [(a, b, c, d) for a in grid for b in grid for c in grid for d in grid]
    lower = sum(max(sum(x * p for x, p in zip(v, r)) for v in X) for r in points) / n**4
    upper = sum(max(sum(x * (p + Fraction(1, n)) for x, p in zip(v, r)) for v in X) for r in points) / n**4
    assert lower <= value <= upper


def test_power_on_a_gridworld_is_the_same_whichever_method_finds_the_live_vectors():
    from benchmarks.power import GAMMA, gridworld, shape
    from symorbit.analysis import power as P

    env = gridworld(3, 3)
    k, vecs = shape(env, "11")                          # k = 9, 153 vectors, 13 live
    live = P._facet_vectors(vecs)
    assert len(live) == 13 and P._live_by_lp(vecs) == live
    assert P._live_vectors(vecs, budget=0) == live == P._live_vectors(vecs, budget=5, clock=_counting_clock())
    values = set()
    fallback = P._live_vectors
    for method in (P._facet_vectors, P._live_by_lp, lambda v: fallback(v, budget=0)):
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(P, "_live_vectors", method)
            values.add(power(env, "11", GAMMA))
    assert len(values) == 1
    # The previous measurement's value (docs/performance.md, "What exact POWER finishes"), and the sampler.
    (value,) = values
    assert f"{float(value):.6f}" == "0.887823"
    mean, se = power_monte_carlo(env, "11", GAMMA, samples=4000, seed=3)
    assert abs(mean - float(value)) < 5 * se


def test_power_and_the_regions_are_kept_with_f_and_refuse_as_afresh(monkeypatch):
    # under iid uniform rewards POWER and the optimality regions are F(s)'s alone: kept with it (F is kept with the
    # environment), the same values as on a fresh environment, no volume computed again, and a max_work below the
    # one they passed refused exactly as a fresh call refuses it; a finite distribution is computed every time
    import importlib

    from symorbit import TooLarge

    power_module = importlib.import_module("symorbit.analysis.power")
    volumes = []
    real = power_module._volume
    monkeypatch.setattr(power_module, "_volume", lambda rows, dim, **kw: volumes.append(dim) or real(rows, dim, **kw))
    env, fresh = opts_figure1(), lambda: opts_figure1()
    value = power(env, "star", "1/2")
    n = len(volumes)
    assert n and power(env, "star", "1/2") == value == power(fresh(), "star", "1/2")
    assert len(volumes) == 2 * n                       # the fresh environment's, none for the repeat
    for small in (1e-9, 1e-3):
        with pytest.raises(TooLarge) as kept_error:
            power(env, "star", "1/2", max_work=small)
        with pytest.raises(TooLarge) as fresh_error:
            power(fresh(), "star", "1/2", max_work=small)
        assert str(kept_error.value) == str(fresh_error.value)
    assert power(env, "star", "1/2", max_work=float("inf")) == value
    F = visit_distributions(env, "star", "1/2")
    assert F.kept()["power"] == (value, 60)
    actions = sorted(F.actions())
    volumes.clear()
    probs = {a: optimality_probability(env, "star", a, "1/2") for a in actions}
    n = len(volumes)
    assert probs == {a: optimality_probability(fresh(), "star", a, "1/2") for a in actions}
    assert len(volumes) == n * (len(actions) + 1)    # the regions once for env, once per fresh environment
    assert sum(probs.values()) >= 1
    with pytest.raises(TooLarge, match="max_work=1e-09"):
        optimality_probability(env, "star", actions[0], "1/2", max_work=1e-9)
    volumes.clear()
    r = orbit_distribution([0] * (env.n_states - 1) + [1])       # n rewards: a finite distribution
    assert power(env, "star", "1/2", distribution=r) == power(env, "star", "1/2", distribution=r)
    assert not volumes and F.kept()["power"] == (value, 60)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 4).flatmap(lambda d: st.tuples(
    st.lists(st.tuples(*[st.fractions(-3, 3, max_denominator=6)] * d), min_size=1, max_size=5, unique=True),
    st.lists(st.tuples(st.tuples(*[st.fractions(-4, 4, max_denominator=5)] * d), st.integers(1, 4)),
             min_size=1, max_size=6))),
    st.sampled_from([1, 2**40, 2**70]))
@example(inst=([(Fraction(1),)], [((Fraction(0),), 1)]), big=2**70)       # every reward 0: entries still past int64
@example(inst=([(Fraction(0),)], [((Fraction(0),), 1)]), big=2**70)       # every entry 0: int64 is exact
def test_finite_distributions_by_one_integer_product_are_the_fraction_sums(inst, big):
    # E[max] and each vector's winning mass under a finite distribution, from one integer matrix product (int64, or
    # Python integers past it: entries scaled by 2^40 or 2^70), are the direct sums over Fraction dot products
    from symorbit.analysis.power import _expected_max, _products

    X, items = inst
    X = [tuple(x * big for x in v) for v in X]
    D = FiniteDistribution.weighted(items)
    dot = lambda x, r: sum((a * b for a, b in zip(x, r)), Fraction(0))      # noqa: E731
    assert _expected_max(X, D, "test", "test", 60) == sum((w * max(dot(x, r) for x in X) for r, w in D.outcomes),
                                                          Fraction(0))
    P, scale = _products(X, [r for r, _ in D.outcomes])
    assert [[Fraction(p, scale) for p in row] for row in P.tolist()] == [[dot(x, r) for x in X] for r, _ in D.outcomes]
    if big < 2**62:
        assert P.dtype == np.int64                   # every entry and every sum fits
    elif any(any(v) for v in X):
        assert P.dtype == object                     # an entry past int64, whatever the rewards (all zero included)


def test_finite_optimality_probability_matches_direct_winners():
    # ties included (r with repeated values): each action's probability is the weight of the rewards where one of its
    # vectors attains the maximum, computed here by Fraction dot products
    env = opts_figure1()
    F = visit_distributions(env, "star", "1/2")
    D = orbit_distribution([0, 0, 1, 1, 2] + [0] * (env.n_states - 5))
    dot = lambda x, r: sum((a * b for a, b in zip(x, r)), Fraction(0))      # noqa: E731
    for a in sorted(F.actions()):
        part = set(F.restrict(a))
        want = sum((w for r, w in D.outcomes if max(dot(f, r) for f in part) == max(dot(f, r) for f in F)),
                   Fraction(0))
        assert optimality_probability(env, "star", a, "1/2", distribution=D) == want
