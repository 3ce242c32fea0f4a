"""count_profiles: complete against dense sampling, every witness recounted, worst cases, errors."""

import functools
import itertools
import operator
import random
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import symorbit.orbits.profiles as profiles_module
from symorbit import (
    InvalidArgument,
    InvariantViolation,
    NotExact,
    TooLarge,
    count_profiles,
    orbit_counts,
    visit_distributions,
    worst_fractions,
    worst_ratio,
)
from symorbit.mdp.library import candy
from symorbit.testing.naive import naive_orbit_counts

# An instance in Q^4 (found by search): on every value pattern over {0, …, 4}, B is strictly better at
# least as often as A, yet the reward (0, 5, 6, 9) makes A strictly better more often (the example).
A4 = [(4, 1, 0, 0), (0, 3, 2, 0)]
B4 = [(2, 0, 0, 3), (0, 2, 3, 0)]


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test enumerates afresh (count_profiles remembers canonical forms; some tests patch the engine)."""
    profiles_module._enumerate_canonical.cache_clear()
    yield
    profiles_module._enumerate_canonical.cache_clear()


def key(counts):
    return (counts.b_better, counts.a_better, counts.ties, counts.orbit_size)


def naive_key(A, B, r, C=None):
    b, a, t = naive_orbit_counts(A, B, r, C)
    return (b, a, t, b + a + t)


def sample_rewards(d, rng, listed, n_random=60):
    """Random rationals, a fine grid, and random perturbations of the listed witnesses."""
    out = [tuple(Fraction(rng.randint(-30, 30), rng.randint(1, 7)) for _ in range(d)) for _ in range(n_random)]
    out += list(itertools.combinations_with_replacement(range(-1, 4), d))     # orbits of a fine grid
    for r in listed:
        for scale in (1, 10**6):
            out.append(tuple(x + Fraction(rng.randint(-2, 2), scale) for x in r))
            out.append(tuple(x + Fraction(rng.randint(-2, 2), scale) * (i % 2) for i, x in enumerate(r)))
    return out


def assert_complete(A, B, C=None, *, seed=0):
    ps = count_profiles(A, B, relative_to=C)
    listed = {p.counts for p in ps}
    assert len(listed) == len(ps)
    for p in ps:                           # every witness gives its profile, by the engine and by brute force
        assert key(orbit_counts(A, B, p.reward, relative_to=C)) == p.counts
        assert naive_key(A, B, p.reward, C) == p.counts
        assert list(p.reward) == sorted(p.reward)
        assert all(isinstance(x, Fraction) for x in p.reward)
    d = len(A[0])
    for r in sample_rewards(d, random.Random(seed), [p.reward for p in ps]):
        assert naive_key(A, B, r, C) in listed, r
    return ps


def test_candy_outcome_level_spec_section_4():
    A, B = [(1, 0, 0)], [(0, 1, 0), (0, 0, 1)]
    ps = assert_complete(A, B)
    assert [p.counts for p in ps] == [(0, 0, 1, 1), (1, 0, 2, 3), (2, 1, 0, 3), (4, 2, 0, 6)]
    assert worst_ratio(A, B).value == 2
    w = worst_fractions(A, B)
    assert (w.strict.value, w.weak.value) == (0, Fraction(2, 3))
    assert w.strict.profile.counts == (0, 0, 1, 1)


def test_patterns_over_0_to_4_say_holds_but_a_reward_refutes():
    patterns = list(itertools.combinations_with_replacement(range(5), 4))
    assert all(naive_orbit_counts(A4, B4, r)[0] >= naive_orbit_counts(A4, B4, r)[1] for r in patterns)
    ps = assert_complete(A4, B4)
    bad = [p for p in ps if p.b_better < p.a_better]
    assert bad
    assert naive_orbit_counts(A4, B4, (0, 5, 6, 9)) == (11, 12, 1)
    assert (11, 12, 1, 24) in {p.counts for p in bad}
    w = worst_ratio(A4, B4)
    assert w.value < 1 and naive_orbit_counts(A4, B4, w.reward)[:2] == (w.profile.b_better, w.profile.a_better)


def test_relative_to_c_and_unequal_sums():
    A, B = [(1, 0, 0, 0)], [(0, 1, 0, 0), (0, 0, 2, 0)]          # unequal sums: no common shift
    assert_complete(A, B, seed=1)
    C = A + B + [(0, 0, 0, 1), (1, 1, 0, 0)]
    assert_complete(A, B, C, seed=2)


def test_candy_mdp_at_gamma_one_half():
    F = visit_distributions(candy(), "start", "1/2")
    A, B = F.restrict("candy"), F.restrict("wait")
    ps = count_profiles(A, B)
    counts = {p.counts for p in ps}
    for r in [(0, 1, 2, 3, 4), (0, 2, 3, 3, 3), (0, 1, 2, 3, 10), (5, 5, 5, 5, 5)]:
        assert key(orbit_counts(A, B, r)) in counts
    assert (62, 42, 16, 120) in counts
    worst = worst_ratio(A, B)
    assert worst.value == min(p.ratio for p in ps if p.a_better) < 1      # the tendency reverses (docs/theory.md#p6)


vectors = st.lists(st.integers(0, 3), min_size=3, max_size=3).map(tuple)


@settings(max_examples=15, deadline=None)
@given(st.lists(vectors, min_size=1, max_size=2), st.lists(vectors, min_size=1, max_size=3),
       st.booleans(), st.integers(0, 10**6))
def test_complete_against_dense_sampling_d3(A, B, relative, seed):
    C = sorted(set(A) | set(B) | {(1, 1, 1)}) if relative else None
    assert_complete(A, B, C, seed=seed)


@settings(max_examples=3, deadline=None)
@given(st.lists(st.lists(st.integers(0, 2), min_size=4, max_size=4).map(tuple), min_size=1, max_size=2),
       st.lists(st.lists(st.integers(0, 2), min_size=4, max_size=4).map(tuple), min_size=1, max_size=2),
       st.integers(0, 10**6))
def test_complete_against_dense_sampling_d4(A, B, seed):
    assert_complete(A, B, seed=seed)


def tied_vectors(d):
    """Entries in {0, 1, 2}: many ties between coordinates, and often the same vector twice. At d = 5 the
    last entry makes the coordinate sum 4 (as for visit distributions), which keeps the chamber slice small."""
    if d == 5:
        return st.lists(st.integers(0, 2), min_size=4, max_size=4).map(lambda v: (*v, 4 - sum(v)))
    return st.lists(st.integers(0, 2), min_size=d, max_size=d).map(tuple)


@settings(max_examples=5, deadline=None)
@given(st.integers(4, 5).flatmap(lambda d: st.tuples(
           st.lists(tied_vectors(d), min_size=1, max_size=6 - d), st.lists(tied_vectors(d), min_size=1, max_size=2),
           st.integers(0, 2))), st.integers(0, 10**6))
def test_complete_with_ties_and_duplicates_d4_d5(sets, seed):
    """d = 4..5 against brute force: duplicate vectors in a set, vectors shared by A and B (and C at d = 4)."""
    A, B, shape = sets
    if shape == 1:
        A, B = A + A[:1], B + A[:1]                            # a repeated vector, and one shared by A and B
    C = sorted(set(A) | set(B) | {(1,) * len(A[0])}) if shape == 2 and len(A[0]) == 4 else None
    assert_complete(A, B, C, seed=seed)


@settings(max_examples=6, deadline=None)
@given(st.lists(tied_vectors(4), min_size=1, max_size=2), st.lists(tied_vectors(4), min_size=1, max_size=3),
       st.permutations(range(4)), st.integers(1, 5), st.booleans())
def test_a_permuted_or_scaled_instance_has_the_same_profiles(A, B, sigma, scale, relative):
    """Profiles depend on the sets only up to one coordinate permutation and scaling (the cache's key)."""
    C = sorted(set(A) | set(B) | {(0, 0, 1, 2)}) if relative else None
    move = lambda X: None if X is None else [tuple(Fraction(scale * v[i], 3) for i in sigma) for v in X]  # noqa: E731
    first = count_profiles(A, B, relative_to=C)
    cached = count_profiles(move(A), move(B), relative_to=move(C))   # a hit: the same witnesses, recounted here
    assert cached == first
    profiles_module._enumerate_canonical.cache_clear()
    fresh = count_profiles(move(A), move(B), relative_to=move(C))
    assert [p.counts for p in fresh] == [p.counts for p in first]
    for p in first:                                              # a witness of (A, B) is one of their images
        assert naive_key(move(A), move(B), p.reward, move(C)) == p.counts


def test_worst_cases_are_minima_over_the_profiles():
    ps = count_profiles(A4, B4)
    w = worst_fractions(A4, B4)
    assert w.strict.value == min(p.strict_fraction for p in ps) == w.strict.profile.strict_fraction
    assert w.weak.value == min(p.weak_fraction for p in ps) == w.weak.profile.weak_fraction
    assert w.weak.reward == w.weak.profile.reward


def test_worst_ratio_is_none_when_a_never_wins():
    w = worst_ratio([(1, 0)], [(1, 0), (0, 1)])
    assert w.value is None and w.profile is None and w.reward is None


def test_dimension_one_and_two():
    assert [p.counts for p in count_profiles([(1,)], [(2,)])] == [(0, 0, 1, 1), (0, 1, 0, 1), (1, 0, 0, 1)]
    assert_complete([(1, 0)], [(0, 1)])


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(20))
def test_complete_against_dense_sampling_sweep(seed):
    rng = random.Random(seed)
    d = 3 + seed % 2
    A = [tuple(rng.randint(0, 3) for _ in range(d)) for _ in range(rng.randint(1, 2))]
    B = [tuple(rng.randint(0, 3) for _ in range(d)) for _ in range(rng.randint(1, 3))]
    C = A + B + [tuple(rng.randint(0, 3) for _ in range(d))] if seed % 3 == 0 else None
    ps = assert_complete(A, B, C, seed=seed)
    listed = {p.counts for p in ps}
    for r in sample_rewards(d, rng, [p.reward for p in ps], n_random=2000):
        assert naive_key(A, B, r, C) in listed, r


def test_errors():
    with pytest.raises(NotExact, match="0.5 is a float"):
        count_profiles([(0.5, 1)], [(1, 0)])
    with pytest.raises(InvalidArgument, match="length 3"):
        count_profiles([(1, 0)], [(1, 0, 0)])
    with pytest.raises(InvalidArgument, match="empty"):
        worst_ratio([], [(1, 0)])
    with pytest.raises(TooLarge, match="d=8"):
        count_profiles([tuple(range(8))], [tuple(range(8))[::-1]])


def test_too_large_by_cell_bound(monkeypatch):
    monkeypatch.setattr(profiles_module, "MAX_CELLS", 10)
    with pytest.raises(TooLarge, match="hyperplanes cut the 2-dimensional chamber slice"):
        count_profiles(A4, B4)


def test_a_wrong_profile_is_never_returned(monkeypatch):
    real = profiles_module._evaluate

    def corrupted(problem, witnesses):
        found = real(problem, witnesses)
        (b, a, t, o), r = next(iter(found.items()))
        return {**found, (b + 1, a, t, o): r}

    monkeypatch.setattr(profiles_module, "_evaluate", corrupted)
    with pytest.raises(InvariantViolation, match="recounts to"):
        count_profiles(A4, B4)


@settings(max_examples=25, deadline=None)
@given(st.integers(2, 5).flatmap(lambda d: st.tuples(
           st.lists(st.lists(st.integers(-3, 3), min_size=d, max_size=d).map(tuple), min_size=1, max_size=3),
           st.lists(st.lists(st.integers(-3, 3), min_size=d, max_size=d).map(tuple), min_size=1, max_size=3),
           st.booleans(), st.lists(st.lists(st.integers(-4, 4), min_size=d, max_size=d), min_size=1, max_size=8),
           st.lists(st.booleans(), min_size=8, max_size=8))))
def test_the_double_description_split_has_the_exact_polyhedra_vertices_and_sides(case):
    """The engine's cones (rays, tight bits, sides of every comparison hyperplane) against PPL and direct products.

    Random splits of the chamber's root cones, following a random side: every cone's primitive rays are the
    minimized generators PPL computes for the root cone cut by the same half-spaces; a ray has a split's bit
    exactly when it lies on that hyperplane; its up/down bits are the signs of τx_j·g − τx_i·g.
    """
    ppl = pytest.importorskip("ppl")
    A, B, relative, normals, sides = case
    d = len(A[0])
    C = sorted(set(A) | set(B)) if relative else None
    problem, _ = profiles_module._prepare(A, B, C)
    layout, _ = profiles_module._layout(problem)
    for root in profiles_module._roots(problem):
        k = len(root)
        cone = profiles_module._root_cone(problem, layout, root)
        gens = ppl.Generator_System(ppl.point())
        for g in root:
            gens.insert(ppl.ray(ppl.Linear_Expression(list(g), 0)))
        Q = ppl.C_Polyhedron(gens)
        splits = []
        for depth, (h, upper) in enumerate(zip(normals, sides), start=k):
            values = [sum(a * b for a, b in zip(h, r.g)) for r in cone]
            if not (max(values) > 0 > min(values)):
                continue                                     # the engine splits only by cutting hyperplanes
            cone = profiles_module._split(problem, layout, cone, h, 1 << depth)[0 if upper else 1]
            sign = 1 if upper else -1
            Q.add_constraint(ppl.Linear_Expression([sign * c for c in h], 0) >= 0)
            splits.append((h, 1 << depth))
            expected = {tuple(int(c) for c in g.coefficients()) for g in Q.minimized_generators() if g.is_ray()}
            assert {r.g for r in cone} == expected
            assert len(cone) == len(expected)
            for r in cone:
                for normal, bit in splits:
                    assert bool(r.tight & bit) == (sum(a * b for a, b in zip(normal, r.g)) == 0)
                T, n, _ = problem.px.shape
                for tau, i, j in itertools.product(range(T), range(n), range(n)):
                    diff = sum(int(problem.px[tau, j, c] - problem.px[tau, i, c]) * r.g[c] for c in range(d))
                    at = (i * n + j) * layout.S + tau
                    assert (r.up >> at & 1, r.down >> at & 1) == (int(diff > 0), int(diff < 0))


def common_sum(d):
    """Vectors in {0, 1, 2}^(d-1) completed to the coordinate sum 2(d - 1) (as visit distributions share one sum)."""
    return st.lists(st.integers(0, 2), min_size=d - 1, max_size=d - 1).map(lambda v: (*v, 2 * (d - 1) - sum(v)))


def sets_a_b_c(max_d, max_c):
    """A and B (1 to 3 vectors) and C (at most ``max_c``) in d ∈ [3, max_d], either sharing one coordinate sum or
    with ties, and a flag (whether C is used)."""
    return st.tuples(st.integers(3, max_d), st.booleans()).flatmap(lambda ds: st.tuples(
        st.lists(common_sum(ds[0]) if ds[1] else tied_vectors(ds[0]), min_size=1, max_size=3),
        st.lists(common_sum(ds[0]) if ds[1] else tied_vectors(ds[0]), min_size=1, max_size=3),
        st.lists(common_sum(ds[0]) if ds[1] else tied_vectors(ds[0]), max_size=max_c),
        st.booleans()))


@settings(max_examples=30, deadline=None)
@given(sets_a_b_c(5, 1))
def test_the_forall_exists_leaf_test_lists_the_same_profiles(case):
    """count_profiles' leaf tests (∀∃ with C, a count per face without) against the kernel-replayable one (∃∀):
    the same profile set, every witness recounted by brute force."""
    A, B, extra, relative = case
    if sum(len(v) for v in A + B + extra) > 40 and not relative:
        A, B = A[:2], B[:2]
    C = sorted(set(A) | set(B) | set(extra)) if relative else None
    problem, _ = profiles_module._prepare(A, B, C)
    classic, classic_stats = profiles_module._enumerate(problem)
    strong, stats = profiles_module._enumerate(problem, replayable=False)
    assert set(strong) == set(classic)
    for counts, r in strong.items():
        assert naive_key(A, B, r, C) == counts
    assert not stats["replayable"] and classic_stats["replayable"]


def test_the_forall_exists_leaf_test_needs_fewer_leaves_on_an_example(monkeypatch):
    """A relative instance in Q^4 where the replayable test stops at 539 leaves, the ∀∃ test at 205, and with the
    face test as well at 145. As C = A ∪ B, count_profiles and profile_trees compare B with A alone: the same
    profiles from the raw tree of 116 leaves."""
    A, B = [(0, 0, 1, 0)], [(1, 2, 0, 2), (0, 2, 2, 0)]
    C = A + B
    problem, _ = profiles_module._prepare(A, B, C)
    classic, classic_stats = profiles_module._enumerate(problem)
    strong, stats = profiles_module._enumerate(problem, replayable=False)
    assert (classic_stats["leaves"], stats["leaves"], len(strong)) == (539, 145, 168)
    with monkeypatch.context() as m:
        m.setattr(profiles_module, "_face_leaf", lambda *args: None)
        assert profiles_module._enumerate(problem, replayable=False)[1]["leaves"] == 205
    assert set(strong) == set(classic)
    listed = count_profiles(A, B, relative_to=C)                  # the ∀∃ test; profile_trees keeps the other
    replayable, trees = profiles_module.profile_trees(A, B, relative_to=C)
    assert [p.counts for p in listed] == [p.counts for p in replayable]
    assert sorted(p.counts for p in listed) == sorted(strong)
    assert trees == profiles_module.profile_trees(A, B)[1] and sum(node == 0 for tree in trees for node in tree) == 116


@settings(max_examples=40, deadline=None)
@given(st.integers(3, 4).flatmap(lambda d: st.tuples(
    st.lists(st.tuples(*[st.integers(0, 3)] * d), min_size=1, max_size=3, unique=True),
    st.lists(st.tuples(*[st.integers(0, 3)] * d), min_size=1, max_size=3, unique=True),
    st.lists(st.tuples(*[st.integers(0, 3)] * d), max_size=2),
    st.sampled_from(["A + B", "A + B + extra", "B + extra", "A + extra"]))))
def test_relative_to_c_whose_maximum_is_that_of_a_and_b_compares_without_c(case):
    """count_profiles relative to C equals the enumeration that keeps C (every x against every c), and compares
    without C exactly when ND(C) ⊆ A ∪ B and ND(A) ∪ ND(B) ⊆ C, the test the kernel makes (max_C = max(max_A,
    max_B): the counts are then max_B against max_A); every witness recounted by brute force relative to C."""
    from symorbit.outcomes.nondominated import nondominated

    A, B, extra, kind = case
    C = sorted(set({"A + B": A + B, "A + B + extra": A + B + extra, "B + extra": B + extra, "A + extra": A + extra}[kind]))
    kept, _ = profiles_module._enumerate(profiles_module._prepare(A, B, C)[0])
    listed = count_profiles(A, B, relative_to=C)
    assert sorted(p.counts for p in listed) == sorted(kept)
    for p in listed:
        assert naive_key(A, B, p.reward, C) == p.counts
    nd = [set(nondominated(X).vectors) for X in (A, B, C)]
    frac = [{tuple(map(Fraction, v)) for v in X} for X in (A, B, C)]
    expected = nd[2] <= frac[0] | frac[1] and nd[0] | nd[1] <= frac[2]
    assert profiles_module._compares_without_c(A, B, C) == expected
    if expected:
        assert sorted(p.counts for p in listed) == sorted(p.counts for p in count_profiles(A, B))


def _random_cones(problem, layout, normals, sides):
    """Per root cone of the chamber slices, the part left after splitting by each normal that cuts it (upper or
    lower side as ``sides`` says): random cones of the kind the enumeration meets."""
    for root in profiles_module._roots(problem):
        k = len(root)
        cone = profiles_module._root_cone(problem, layout, root)
        for depth, (h, upper) in enumerate(zip(normals, sides), start=k):
            values = [sum(a * b for a, b in zip(h, r.g)) for r in cone]
            if max(values) > 0 > min(values):
                cone = profiles_module._split(problem, layout, cone, h, 1 << depth)[0 if upper else 1]
        yield cone


def _tau_present(bits, layout, tau):
    return any(bits >> (c * layout.S + tau) & 1 for c in range(layout.n * layout.n))


@settings(max_examples=25, deadline=None)
@given(st.integers(3, 4).flatmap(lambda d: st.tuples(
           st.lists(st.lists(st.integers(0, 3), min_size=d, max_size=d).map(tuple), min_size=1, max_size=3),
           st.lists(st.lists(st.integers(0, 3), min_size=d, max_size=d).map(tuple), min_size=1, max_size=3),
           st.lists(st.lists(st.integers(-3, 3), min_size=d, max_size=d), min_size=1, max_size=6),
           st.lists(st.booleans(), min_size=6, max_size=6), st.integers(0, 10**6))))
def test_the_forall_exists_settled_test_against_brute_force(case):
    """On random cones of the chamber: a permutation drops out of the ∀∃ test's comparisons exactly when, by direct
    products at the rays, every c has an x ≥ it (IsOptimal(X|C) True) or every x a c above it (False: every x
    is dead) at every ray, or the replayable test drops it; and where it does, IsOptimal(X|C) has one value all
    over the cone."""
    A, B, normals, sides, seed = case
    C = sorted(set(A) | set(B) | {(1,) * len(A[0])})
    problem, _ = profiles_module._prepare(A, B, C)
    layout, _ = profiles_module._layout(problem)
    rng = random.Random(seed)
    T = problem.px.shape[0]
    dot = lambda tau, x, g: sum(int(a) * b for a, b in zip(problem.px[tau, x], g))  # noqa: E731
    for cone in _random_cones(problem, layout, normals, sides):
        classic, _ = profiles_module._relevant_cuts(problem, layout, cone, layout.candidates)
        strong, _ = profiles_module._relevant_cuts(problem, layout, cone, layout.candidates, replayable=False)
        rays = [r.g for r in cone]
        weights = [[rng.randint(1, 5) for _ in rays] for _ in range(5)]        # points inside the cone
        points = rays + [tuple(sum(w * g[c] for w, g in zip(ws, rays)) for c in range(len(rays[0]))) for ws in weights]
        for kind, (gi, hi) in enumerate(problem.pairs):
            assert strong[kind] & ~classic[kind] == 0
            X, Cs = problem.groups[hi], problem.groups[gi]
            for tau in range(T):
                true = all(any(all(dot(tau, x, g) >= dot(tau, c, g) for g in rays) for x in X) for c in Cs)
                false = all(any(all(dot(tau, c, g) > dot(tau, x, g) for g in rays) for c in Cs) for x in X)
                dropped = _tau_present(classic[kind], layout, tau) and not _tau_present(strong[kind], layout, tau)
                assert not (true or false) or not _tau_present(strong[kind], layout, tau)
                assert not dropped or true or false
                if true or false:
                    optimal = {max(dot(tau, x, g) for x in X) >= max(dot(tau, c, g) for c in Cs) for g in points}
                    assert optimal == {true}


@settings(max_examples=25, deadline=None)
@given(st.tuples(st.integers(3, 5), st.booleans()).flatmap(lambda ds: st.tuples(
           st.lists(common_sum(ds[0]) if ds[1] else tied_vectors(ds[0]), min_size=1, max_size=3),
           st.lists(common_sum(ds[0]) if ds[1] else tied_vectors(ds[0]), min_size=1, max_size=3),
           st.lists(st.lists(st.integers(-3, 3), min_size=ds[0], max_size=ds[0]), min_size=1, max_size=6),
           st.lists(st.booleans(), min_size=6, max_size=6), st.integers(0, 10**6))))
def test_a_face_leaf_has_one_profile_on_each_face_against_brute_force(case):
    """On random cones of the chamber, without C and with C = A ∪ B (∪ one more): where _face_leaf accepts a cone,
    its witnesses are one point per face, and random points inside each face (positive combinations of its rays)
    have that face's profile by brute force; where it refuses, some relevant hyperplane cuts the cone."""
    A, B, normals, sides, seed = case
    rng = random.Random(seed)
    for C in (None, sorted(set(A) | set(B) | {tuple(sorted(A[0], reverse=True))})):
        problem, _ = profiles_module._prepare(A, B, C)
        layout, _ = profiles_module._layout(problem)
        for cone in _random_cones(problem, layout, normals, sides):
            _, cuts = profiles_module._relevant_cuts(problem, layout, cone, layout.candidates)
            cutting = functools.reduce(operator.or_, cuts)
            found = profiles_module._face_leaf(problem, layout, cone, cutting)
            faces = profiles_module._faces(cone)
            if found is None:
                assert cutting
                continue
            assert len(found) == len(faces)
            for F, w in zip(faces, found):
                rays = [r.g for j, r in enumerate(cone) if F >> j & 1]
                expected = naive_key(A, B, w, C)
                for _ in range(3):
                    ws = [rng.randint(1, 6) for _ in rays]
                    point = tuple(sum(c * g[i] for c, g in zip(ws, rays)) for i in range(len(rays[0])))
                    assert naive_key(A, B, point, C) == expected, (F, point, w, C)


@pytest.mark.parametrize("A, B, leaves", [
    ([(0, 1, 2, 3), (0, 2, 1, 3)], [(0, 1, 1, 4), (0, 0, 2, 4)], (5, 1)),
    ([(1, 1, 0, 4), (2, 2, 1, 1)], [(2, 2, 2, 0), (1, 1, 2, 2)], (9, 2)),
    ([(0, 1, 0, 2, 5), (1, 1, 0, 0, 6)], [(0, 2, 0, 0, 6), (0, 1, 2, 0, 5)], (31, 16)),
])
def test_face_leaves_need_fewer_leaves_on_examples(A, B, leaves):
    """Instances with a common coordinate sum where count_profiles stops earlier than the replayable test."""
    problem, _ = profiles_module._prepare(A, B, None)
    classic, classic_stats = profiles_module._enumerate(problem)
    strong, stats = profiles_module._enumerate(problem, replayable=False)
    assert (classic_stats["leaves"], stats["leaves"]) == leaves
    assert set(strong) == set(classic)
    assert [p.counts for p in count_profiles(A, B)] == [p.counts for p in profiles_module.profile_trees(A, B)[0]]


def test_the_face_leaf_test_stops_being_tried_where_it_rarely_makes_a_leaf(monkeypatch):
    """Tried on the first _FACE_TRIAL nodes, then only while 1 in _FACE_RATE tries makes a leaf: a test that never
    succeeds runs exactly _FACE_TRIAL times, and the tree is then the replayable one, with the same profiles."""
    rng = random.Random(0)
    A = [tuple(rng.randint(0, 9) for _ in range(4)) for _ in range(4)]
    B = [tuple(rng.randint(0, 9) for _ in range(4)) for _ in range(4)]
    calls = []

    def never(*args):
        calls.append(1)
        return None

    monkeypatch.setattr(profiles_module, "_face_leaf", never)
    problem, _ = profiles_module._prepare(A, B, None)
    found, stats = profiles_module._enumerate(problem, replayable=False)
    classic, classic_stats = profiles_module._enumerate(problem)
    assert len(calls) == profiles_module._FACE_TRIAL < classic_stats["leaves"]
    assert (found, stats["leaves"], stats["trees"]) == (classic, classic_stats["leaves"], classic_stats["trees"])


@settings(max_examples=30, deadline=None)
@given(sets_a_b_c(4, 2))
def test_the_relative_interior_partition_of_the_benchmark_lists_the_same_profiles(case):
    """benchmarks/profiles.py --interiors (issue 24, docs/performance.md#every-reward): worst_cases' partition into
    relative interiors cut to leaves without pruning, with its plain leaf test and with the test that every
    permutation's count is constant on the piece, lists count_profiles' profile set; every leaf witness's counts
    by brute force."""
    import pathlib
    import sys

    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "benchmarks"))
    from profiles import interior_partition

    A, B, extra, relative = case
    C = sorted(set(A) | set(B) | set(extra)) if relative else None
    problem, _ = profiles_module._prepare(A, B, C)
    listed, _ = profiles_module._enumerate(problem, replayable=False)
    for constant_test in (False, True):
        found, leaves = interior_partition(problem, constant_test)
        assert set(found) == set(listed) and leaves >= 1
        for counts, r in found.items():
            assert naive_key(A, B, r, C) == counts


@st.composite
def _big_products(draw):
    """px (T, n, d) with entries near 10^6 and rays with entries near 10^13 (past int64 and exact doubles), with
    ties and near ties: some vector pairs differ by (c, −c, 0, …) against rays whose first two entries are equal
    or one apart."""
    import numpy as np

    d, n, T, k = draw(st.integers(2, 5)), draw(st.integers(2, 4)), draw(st.integers(1, 4)), draw(st.integers(1, 5))
    entry = st.integers(-10**6, 10**6)
    px = [[[draw(entry) for _ in range(d)] for _ in range(n)] for _ in range(T)]
    for block in px:
        if draw(st.booleans()):
            c = draw(st.integers(-5, 5))
            block[1] = [block[0][0] + c, block[0][1] - c] + block[0][2:]
    big = st.integers(-10**13, 10**13)
    gens = []
    for _ in range(k):
        g = [draw(big) for _ in range(d)]
        if draw(st.booleans()):
            g[1] = g[0] + draw(st.integers(-1, 1))
        gens.append(g)
    gens[0][0] = 10**13          # past int64 and exact doubles: 10^6 · 10^13 · d ≥ 2^62
    px[0][-1][-1] = 10**6
    return np.array(px, dtype=np.int64), gens


@settings(max_examples=300, deadline=None)
@given(_big_products())
def test_ordered_products_compare_as_the_exact_ones(case):
    """Every comparison within a column (one permutation, one ray) has the sign of the exact products', through
    the double product with an error bound and the exact ranks of uncertain columns."""
    px, gens = case
    W = profiles_module._ordered_products(px, int(abs(px).max()), gens)
    assert W.dtype == float       # the filtered double product, not the exact fallbacks
    T, n, d = px.shape
    for t in range(T):
        exact = [[sum(int(a) * b for a, b in zip(px[t, i], g)) for g in gens] for i in range(n)]
        for r in range(len(gens)):
            for i in range(n):
                for j in range(n):
                    want = (exact[j][r] > exact[i][r]) - (exact[j][r] < exact[i][r])
                    assert int(W[t, j, r] > W[t, i, r]) - int(W[t, j, r] < W[t, i, r]) == want, (t, r, i, j)


@pytest.mark.parametrize("scale, top", [(10**6, 2**970), (2**40, 2**999), (10**6, 2**1100)])
def test_ordered_products_stay_finite_for_huge_rays(scale, top):
    """Products so large that doubles would overflow (vector entries near 2^40 against rays near 2^999) go the
    exact way; below that the double product is finite and still compares as the exact one."""
    import numpy as np

    rng = random.Random(top % 1000)
    px = np.array([[[rng.randrange(-scale, scale) for _ in range(4)] for _ in range(3)] for _ in range(5)],
                  dtype=np.int64)
    px[0, 0, 0] = scale
    gens = [[rng.randrange(-top, top) for _ in range(4)] for _ in range(3)] + [[top, top, -top, 0]]
    W = profiles_module._ordered_products(px, scale, gens)
    for t in range(5):
        for r, g in enumerate(gens):
            exact = [sum(int(a) * b for a, b in zip(px[t, i], g)) for i in range(3)]
            for i in range(3):
                for j in range(3):
                    assert (W[t, j, r] > W[t, i, r]) == (exact[j] > exact[i])
                    assert (W[t, j, r] == W[t, i, r]) == (exact[j] == exact[i])


@pytest.mark.parametrize("top", [2**40, 2**70, 2**1100])
def test_products_of_zero_vectors_with_huge_rays(top):
    """All-zero vectors against rays past int64 (and past doubles): every product is 0, and the rays themselves
    must still fit the arrays they are put in (a zero bound once chose int64 and overflowed building them)."""
    import numpy as np

    px = np.zeros((2, 3, 4), dtype=np.int64)
    gens = [[top, -top, 1, 0], [0, 0, 0, top]]
    W = profiles_module._ordered_products(px, 0, gens)
    assert W.shape == (2, 3, 2) and not W.any()
    M = profiles_module._matmul(px, np.array(gens, dtype=object).T)
    assert M.shape == (2, 3, 2) and not M.any()


@settings(max_examples=12, deadline=None)
@given(st.lists(vectors, min_size=1, max_size=2), st.lists(vectors, min_size=1, max_size=3), st.booleans(),
       st.sampled_from([2**40, 2**64, 10**30, Fraction(1, 3**45)]), st.integers(0, 10**6))
def test_entries_past_2_to_the_40_are_counted(A, B, relative, scale, seed):
    """Entries whose integer rows reach 2^40 (large integers, or denominators that scale the rows up) are held as
    Python integers. A's first vector scaled (the others not): complete against sampling and brute force. All
    scaled: the profiles of the unscaled sets (a positive scale changes no comparison). numpy's unique has no axis
    for such rows, which once raised TypeError."""
    C = sorted(set(A) | set(B) | {(1, 1, 1)}) if relative else None
    up = lambda v: tuple(x * scale for x in v)      # noqa: E731
    A1 = [up(A[0])] + A[1:]
    assert_complete(A1, B, None if C is None else sorted(set(C) | {A1[0]}), seed=seed)
    every = lambda X: None if X is None else [up(v) for v in X]      # noqa: E731
    want = [key(p) for p in count_profiles(A, B, relative_to=C)]
    assert [key(p) for p in count_profiles(every(A), every(B), relative_to=every(C))] == want


@settings(max_examples=10, deadline=None)
@given(st.lists(vectors, min_size=1, max_size=2), st.lists(vectors, min_size=1, max_size=3), st.booleans(),
       st.lists(st.sampled_from([0, 1, -7, 2**64, -(2**70), Fraction(10**30, 7)]), min_size=3, max_size=3))
def test_one_vector_subtracted_from_every_vector_changes_nothing(A, B, relative, z):
    """Every comparison is of two vectors at one permutation, so z subtracted from all of them changes no profile,
    witness or tree: the canonical form is the same (it subtracts the coordinatewise minimum), and so are the
    results, and they are complete by brute force (entries near 2^70 that differ by a few units)."""
    C = sorted(set(A) | set(B) | {(1, 1, 1)}) if relative else None
    moved = lambda X: None if X is None else [tuple(x - y for x, y in zip(v, z)) for v in X]      # noqa: E731
    sets = [[tuple(Fraction(x) for x in v) for v in X] for X in (A, B, C) if X is not None]
    assert profiles_module._canonical(sets) == profiles_module._canonical([moved(X) for X in sets])
    want = count_profiles(A, B, relative_to=C)
    profiles_module._enumerate_canonical.cache_clear()
    assert count_profiles(moved(A), moved(B), relative_to=moved(C)) == want
    assert profiles_module.profile_trees(moved(A), moved(B), relative_to=moved(C))[1] == \
        profiles_module.profile_trees(A, B, relative_to=C)[1]
    assert_complete(moved(A), moved(B), moved(C), seed=0)


_VEC4 = st.tuples(*[st.integers(0, 9)] * 4)


@settings(max_examples=60, deadline=None)
@given(st.lists(_VEC4, min_size=1, max_size=3), st.lists(_VEC4, min_size=1, max_size=3),
       st.one_of(st.none(), st.lists(_VEC4, min_size=1, max_size=2)),
       st.lists(st.tuples(*[st.integers(-50, 50)] * 4), min_size=1, max_size=8),
       st.sampled_from([1, 2**20, 2**40]))
def test_a_few_witnesses_are_valued_as_a_batch_is(A, B, extra, witnesses, scale):
    """_evaluate's path for a few witnesses (one by one, what worst_cases' splits ask) gives the batch path's
    profiles and smallest witnesses, raw and relative to C, with entries past exact doubles too (then the batch
    path is taken)."""
    C = None if extra is None else A + B + extra
    problem, _ = profiles_module._prepare(A, B, C)
    ws = sorted({tuple(x * scale for x in w) for w in witnesses})
    few = profiles_module._evaluate(problem, ws)
    old = profiles_module._FEW_WITNESSES
    try:
        profiles_module._FEW_WITNESSES = 0
        batch = profiles_module._evaluate(problem, ws)
    finally:
        profiles_module._FEW_WITNESSES = old
    assert few == batch and list(few) == list(batch)
    for (b, a, t, o), w in few.items():     # and each is the brute force's count at its witness
        assert (b, a, t) == naive_orbit_counts(A, B, w, C) and o == b + a + t


def test_the_enumeration_stops_at_its_leaf_limit():
    """count_profiles and profile_trees stop with TooLarge once their trees certainly pass max_leaves (default
    MAX_LEAVES), naming what else works; None, or a limit above the trees, gives the same profiles."""
    A, B = [(1, 10, 3, 0, 0)], [(3, 1, 0, 3, 0)]        # about 10^5 leaves: a minute on the project's machine
    for listing in (count_profiles, profiles_module.profile_trees):
        with pytest.raises(TooLarge, match=r"more than 1000 leaves .*max_leaves=, or use worst_cases"):
            listing(A, B, max_leaves=1000)
        for bad in (0, -5, 2.5, True, "10"):
            with pytest.raises(InvalidArgument, match="max_leaves"):
                listing(A, B, max_leaves=bad)
    assert profiles_module.MAX_LEAVES == 10**6
    assert count_profiles(A4, B4, max_leaves=None) == count_profiles(A4, B4) == count_profiles(A4, B4, max_leaves=40)
    with pytest.raises(TooLarge, match="more than 3 leaves"):
        count_profiles(A4, B4, max_leaves=3)
