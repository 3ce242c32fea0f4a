"""worst_cases (branch and bound) against the minima over count_profiles' complete list and brute force."""

from __future__ import annotations

import itertools
import random
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symorbit import InvalidArgument, TooLarge, orbit_counts, visit_distributions
from symorbit.mdp.environment import MDP
from symorbit.orbits.extremes import claim_worst_cases, worst_cases
from symorbit.orbits.profiles import count_profiles
from symorbit.testing.naive import naive_orbit_counts


def _minima(A, B, C=None, generic_only=False):
    ps = [p for p in count_profiles(A, B, relative_to=C) if not (generic_only and p.ties)]
    ratios = [p.ratio for p in ps if p.ratio is not None]
    return (min(ratios) if ratios else None, min(p.strict_fraction for p in ps) if ps else None,
            min(p.weak_fraction for p in ps) if ps else None)


def _check(A, B, C=None, generic_only=False):
    w = worst_cases(A, B, relative_to=C, generic_only=generic_only)
    assert (w.ratio.value, w.strict.value, w.weak.value) == _minima(A, B, C, generic_only)
    for case, value in ((w.ratio, lambda p: p.ratio), (w.strict, lambda p: p.strict_fraction),
                        (w.weak, lambda p: p.weak_fraction)):
        if case.profile is not None:          # the witness attains the value, by brute force over its orbit
            b, a, t = naive_orbit_counts(A, B, case.reward, C=C)
            assert (b, a, t, b + a + t) == case.profile.counts and value(case.profile) == case.value
            assert not (generic_only and t)
    return w


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 4).flatmap(lambda d: st.tuples(
    st.lists(st.tuples(*[st.integers(0, 3)] * d), min_size=1, max_size=3, unique=True),
    st.lists(st.tuples(*[st.integers(0, 3)] * d), min_size=1, max_size=3, unique=True),
    st.lists(st.tuples(*[st.integers(0, 3)] * d), min_size=1, max_size=2),
    st.sampled_from(["raw", "A + B", "B + extra", "A + B + extra"]),
    st.booleans())))
def test_worst_cases_equal_the_minima_over_every_profile(case):
    """The same three minima as count_profiles' complete list, raw and relative to C (reduced to raw or not),
    over all rewards or the generic ones only; each witness recounted by brute force."""
    A, B, extra, kind, generic_only = case
    C = None if kind == "raw" else sorted(set({"A + B": A + B, "B + extra": B + extra,
                                               "A + B + extra": A + B + extra}[kind]))
    _check(A, B, C, generic_only)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(*[st.integers(0, 2)] * 3), min_size=1, max_size=3, unique=True),
       st.lists(st.tuples(*[st.integers(0, 2)] * 3), min_size=1, max_size=3, unique=True))
def test_no_sampled_reward_goes_below_a_worst_case(A, B):
    """Independent of count_profiles: every reward in {-2..2}^3 has ratio, strict and weak fraction at least the
    worst cases, and some reward attains each."""
    w = worst_cases(A, B)
    for r in itertools.product(range(-2, 3), repeat=3):
        b, a, t = naive_orbit_counts(A, B, r)
        o = b + a + t
        assert Fraction(b, o) >= w.strict.value and Fraction(b + t, o) >= w.weak.value
        if a:
            assert w.ratio.value is not None and Fraction(b, a) >= w.ratio.value


def test_the_candy_example_and_a_set_that_is_never_beaten():
    w = _check([[1, 0, 0]], [[0, 1, 0], [0, 0, 1]])
    assert (w.ratio.value, w.weak.value) == (2, Fraction(2, 3)) and w.ratio.profile.counts == (2, 1, 0, 3)
    w = worst_cases([[1, 0]], [[1, 0], [0, 1]])
    assert w.ratio.value is None and w.ratio.profile is None and w.weak.value == 1


def _six_state(seed):
    rng = random.Random(seed)
    states = [f"s{i}" for i in range(6)]
    env = MDP.deterministic({s: rng.sample(states, rng.randint(1, 3)) for s in states})
    s0 = next(s for s in env.states if len(env.actions(s)) >= 2)
    a, b = env.actions(s0)[:2]
    F = visit_distributions(env, s0, "1/2")
    return F.restrict(a), F.restrict(b)


def test_a_six_state_mdp_against_its_complete_profile_list():
    """d = 6: a random six-state deterministic MDP whose profiles count_profiles' enumeration lists (17,666 leaves;
    worst_cases examines about 200 pieces), the same minima."""
    from symorbit.orbits.profiles import _enumerate, _prepare

    A, B = _six_state(2)
    found, _ = _enumerate(_prepare(A, B, None)[0], replayable=False)
    ratio = min(Fraction(b, a) for b, a, t, o in found if a)
    strict, weak = min(Fraction(b, o) for b, a, t, o in found), min(Fraction(b + t, o) for b, a, t, o in found)
    w = worst_cases(A, B)
    assert (w.ratio.value, w.strict.value, w.weak.value) == (ratio, strict, weak)
    for case in w[:3]:
        assert orbit_counts(A, B, case.reward).counts == case.profile.counts


def test_too_many_pieces_is_refused_with_the_limit_and_what_to_do():
    A, B = _six_state(1)
    with pytest.raises(TooLarge, match=r"more than 10 pieces .*d=6.*max_pieces="):
        worst_cases(A, B, max_pieces=10)


def test_the_witness_is_exact_for_rational_vectors():
    A = [(Fraction(1, 3), 0, 0)]
    B = [(0, Fraction(1, 7), 0), (0, 0, Fraction(2, 9))]
    w = _check(A, B)
    assert orbit_counts(A, B, w.weak.reward).counts == w.weak.profile.counts


@settings(max_examples=40, deadline=None)
@given(st.integers(3, 4).flatmap(lambda d: st.tuples(
    st.lists(st.tuples(*[st.integers(0, 3)] * d), min_size=1, max_size=3, unique=True),
    st.lists(st.tuples(*[st.integers(0, 3)] * d), min_size=1, max_size=3, unique=True),
    st.sampled_from(["raw", "B + extra", "A + B + extra"]),
    st.tuples(*[st.integers(0, 3)] * d),
    st.integers(0, 2**31))))
def test_the_bounds_hold_at_every_point_of_a_piece(case):
    """On the relative interior of every piece (upper, lower and middle parts of random splits, faces of the roots),
    #B-better ≥ the lower bound and #A-better ≤ the upper bound at random interior points, by brute force.
    The pieces inside a hyperplane are where "≥ at every ray" without "> at one" would be wrong."""
    from symorbit.orbits import extremes
    from symorbit.orbits.profiles import _layout, _prepare, _root_cone, _roots, _split

    A, B, kind, extra, seed = case
    C = None if kind == "raw" else sorted(set({"B + extra": B + [extra], "A + B + extra": A + B + [extra]}[kind]))
    problem, (a, b, c) = _prepare(A, B, C)
    layout, normals = _layout(problem)
    rng = random.Random(seed)
    T = problem.px.shape[0]
    for root in _roots(problem):
        k = len(root)
        base = _root_cone(problem, layout, root)
        pieces = [[base[j] for j in face] for size in range(1, k + 1) for face in itertools.combinations(range(k), size)]
        depth = k
        for normal in rng.sample(normals.tolist(), min(4, len(normals))):
            cone = rng.choice(pieces)
            side = {(sum(x * y for x, y in zip(normal, r.g)) > 0) - (sum(x * y for x, y in zip(normal, r.g)) < 0)
                    for r in cone}
            if not {1, -1} <= side:
                continue
            upper, lower = _split(problem, layout, cone, normal, 1 << depth)
            pieces += [upper, lower, [r for r in upper if r.tight >> depth & 1]]
            depth += 1
        for cone in pieces:
            gt_lb, lt_ub = extremes._bounds(problem, layout, cone)
            *piece_bounds, b_open, a_open = extremes._piece(problem, layout, cone)
            assert tuple(piece_bounds) == (gt_lb, lt_ub)
            seen: dict[int, set[tuple[bool, bool]]] = {}
            for _ in range(3):
                w = [rng.randint(1, 5) for _ in cone]
                r = tuple(sum(wi * ray.g[i] for wi, ray in zip(w, cone)) for i in range(problem.d))
                bb, aa, tt = naive_orbit_counts(a, b, r, C=c)
                o = bb + aa + tt
                assert bb * T // o >= gt_lb and aa * T // o <= lt_ub, (cone, r)
                for tau, (b_better, a_better) in enumerate(_per_permutation(problem, r)):
                    seen.setdefault(tau, set()).add((b_better, a_better))
            # outside the open permutations the bounds are exact: the same answer at every point of the piece,
            # and the closed ones add up to the bounds
            for tau, answers in seen.items():
                assert b_open >> tau & 1 or len({x for x, _ in answers}) == 1, (cone, tau)
                assert a_open >> tau & 1 or len({y for _, y in answers}) == 1, (cone, tau)
            closed = [(tau, next(iter(ans))) for tau, ans in seen.items()]
            assert sum(x for tau, (x, _) in closed if not b_open >> tau & 1) == gt_lb
            assert sum(y for tau, (_, y) in closed if not a_open >> tau & 1) == lt_ub - a_open.bit_count()


def _per_permutation(problem, r):
    """Per permutation τ of the search's problem, (B strictly better, A strictly better) at the reward r, computed
    from the permuted vectors by hand (raw: max_B vs max_A; relative: IsOptimal(B|C) and not IsOptimal(A|C))."""
    out = []
    for rows in problem.px.tolist():
        best = [max(sum(x * y for x, y in zip(rows[i], r)) for i in g) for g in problem.groups]
        if not problem.relative:
            out.append((best[1] > best[0], best[0] > best[1]))
        else:
            opt_a, opt_b = best[0] >= best[2], best[1] >= best[2]
            out.append((opt_b and not opt_a, opt_a and not opt_b))
    return out


def test_the_trace_sees_every_split_with_its_piece_bounds_and_a_cutting_hyperplane():
    """``_search(trace=...)`` (benchmarks/worst_stall.py): one call per split piece, before the split, with the
    piece's own bounds, a hyperplane with rays strictly on both sides, and depths that follow the tree; the search
    with a trace finds what worst_cases finds."""
    from symorbit.orbits import extremes
    from symorbit.orbits.profiles import _layout, _prepare, _roots

    A, B = _six_state(7)
    problem, _ = _prepare(A, B, None)
    layout, _ = _layout(problem)
    calls = []

    def trace(search, cone, depth, gt_lb, lt_ub, normal):
        assert (gt_lb, lt_ub) == extremes._bounds(problem, layout, cone)
        assert search.open(gt_lb, lt_ub)                 # only pieces that may still lower a minimum are split
        sides = {(v > 0) - (v < 0) for v in (sum(x * y for x, y in zip(normal, r.g)) for r in cone)}
        assert {1, -1} <= sides, (cone, normal)
        calls.append((search.pieces, depth))

    search = extremes._search(problem, False, extremes.MAX_PIECES, trace=trace)
    roots = [len(root) for root in _roots(problem)]
    # every piece is a face of a root cone or one of the three parts of a traced split
    assert calls and search.pieces == sum(2**k - 1 for k in roots) + 3 * len(calls)
    assert min(d for _, d in calls) >= min(roots)          # split bits never reuse a root constraint's bit
    w = worst_cases(A, B)
    assert {q: v[0] for q, v in search.best.items()} == {"ratio": w.ratio.value, "strict": w.strict.value,
                                                         "weak": w.weak.value}


def test_a_permuted_and_scaled_instance_reuses_the_search_and_its_witnesses_recount():
    """The search is remembered per canonical form (one coordinate permutation and a positive scaling of the sets):
    a permuted, doubled copy gets the same minima, and its witnesses recount on the sets given."""
    from symorbit.orbits import extremes

    A, B = [(3, 0, 1, 0)], [(0, 2, 0, 1), (1, 0, 0, 2)]
    first = worst_cases(A, B)
    hits = extremes._search_canonical.cache_info().hits
    perm = (2, 0, 3, 1)
    A2, B2 = ([tuple(2 * v[i] for i in perm) for v in X] for X in (A, B))
    second = worst_cases(A2, B2)
    assert extremes._search_canonical.cache_info().hits == hits + 1
    assert [c.value for c in second[:3]] == [c.value for c in first[:3]]
    for case in second[:3]:
        b, a, t = naive_orbit_counts(A2, B2, case.reward)
        assert (b, a, t, b + a + t) == case.profile.counts


def test_every_root_face_is_valued_before_either_root_is_searched():
    """Four random vectors each side in [0, 10^6)^6: all three minima are 0, at the ray -1 of the second root cone
    (the vector of least coordinate sum is in A). Searched one root after the other, the first root's pieces could
    not be pruned by it: 559,983 pieces (over 300 s of CPU); valued first, it prunes every piece of both roots."""
    rng = random.Random(0)
    A, B = ([tuple(rng.randrange(10**6) for _ in range(6)) for _ in range(4)] for _ in range(2))
    w = worst_cases(A, B, max_pieces=1_000)
    assert (w.ratio.value, w.strict.value, w.weak.value) == (0, 0, 0)
    assert w.ratio.profile.reward == (-1,) * 6 and w.pieces == 2 * (2 ** 6 - 1)
    assert min(map(sum, A)) < min(map(sum, B))
    assert naive_orbit_counts(A, B, [-1] * 6) == (0, 1, 0)


_THRESHOLDS = (Fraction(0), Fraction(1, 3), Fraction(1, 2), Fraction(2, 3), Fraction(1), Fraction(3, 2), Fraction(2))


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 4).flatmap(lambda d: st.tuples(
    st.lists(st.tuples(*[st.integers(0, 3)] * d), min_size=1, max_size=3, unique=True),
    st.lists(st.tuples(*[st.integers(0, 3)] * d), min_size=1, max_size=3, unique=True),
    st.lists(st.tuples(*[st.integers(0, 3)] * d), min_size=1, max_size=2),
    st.sampled_from(["raw", "B + extra"]),
    st.booleans(),
    st.sampled_from(["ratio", "strict", "weak"]),
    st.sampled_from(_THRESHOLDS),
    st.sampled_from([0, 1, 3, 10**6]))))
def test_a_claim_led_search_decides_as_the_minima_do(case):
    """claim_worst_cases decides "quantity ≥ threshold" exactly as the minima over count_profiles' list do, whatever
    its report budget; every value is at least the minimum (the minimum itself when ``exact``), and each witness
    recounts by brute force; a failure's witness is below the threshold."""
    A, B, extra, kind, generic_only, quantity, threshold, report = case
    C = None if kind == "raw" else sorted(set(B + extra))
    minima = dict(zip(("ratio", "strict", "weak"), _minima(A, B, C, generic_only)))
    got = claim_worst_cases(A, B, quantity, threshold, relative_to=C, generic_only=generic_only,
                            report_pieces=report)
    least = minima[quantity]
    assert got.holds == (least is None or least >= threshold)
    for q, case_ in zip(("ratio", "strict", "weak"), got.worst[:3]):
        if case_.value is None:
            assert minima[q] is None or not got.exact
            continue
        assert minima[q] is not None and case_.value >= minima[q]
        assert case_.value == minima[q] or not got.exact
        b, a, t = naive_orbit_counts(A, B, case_.reward, C=C)
        assert (b, a, t, b + a + t) == case_.profile.counts and not (generic_only and t)
    if not got.holds:
        assert got.worst[("ratio", "strict", "weak").index(quantity)].value < threshold
    if report >= 10**6:
        assert got.exact


def test_a_failing_claim_is_answered_before_the_minima_are_settled():
    # 2 + 2 vectors in {0..3}^6 (benchmarks/profiles.py, seed 1): the minima take about 24,000 pieces; "ratio ≥ 1"
    # fails at a witness valued first, and with no pieces for the report the search stops there
    rng = random.Random(1)
    A, B = ([tuple(rng.randint(0, 3) for _ in range(6)) for _ in range(2)] for _ in range(2))
    got = claim_worst_cases(A, B, "ratio", 1, report_pieces=0)
    assert not got.holds and not got.exact and got.worst.pieces < 1000
    assert got.worst.ratio.value < 1
    assert orbit_counts(A, B, got.worst.ratio.reward).counts == got.worst.ratio.profile.counts
    with pytest.raises(InvalidArgument, match="quantity='most'"):
        claim_worst_cases(A, B, "most", 1)


def test_the_search_stops_at_max_seconds_and_names_the_least_values_found(capsys, tmp_path):
    # 20 + 20 vectors in [0, 9]^6: past 900 s undecided (docs/performance.md); with max_seconds the search stops
    # and says the least values found so far (upper bounds on the minima: each is a value some reward attains);
    # `count --rewards all` stops at its --max-seconds the same way, in one line with exit status 2
    import json

    from symorbit.cli.commands import main

    rng = random.Random(1)
    A, B = ([tuple(rng.randint(0, 9) for _ in range(6)) for _ in range(20)] for _ in range(2))
    with pytest.raises(TooLarge, match=r"undecided after 1/2 s \(\d+ pieces .*the least values found, not proven "
                                       r"minimal: ratio \d+(/\d+)?, strict \d+(/\d+)?, weak \d+(/\d+)?; pass a larger"):
        worst_cases(A, B, max_seconds=Fraction(1, 2))
    with pytest.raises(InvalidArgument, match="max_seconds=0: give a positive number of seconds"):
        worst_cases(A, B, max_seconds=0)
    (tmp_path / "hard.json").write_text(json.dumps({"A": A, "B": B, "reward": list(range(6))}))
    assert main(["count", str(tmp_path / "hard.json"), "--rewards", "all", "--max-seconds", "1/2"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "undecided after 1/2 s" in err and "--max-seconds" in err
