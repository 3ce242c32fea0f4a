"""counts_over_gamma: every piece and every breakpoint against independent references (issues 10, 13).

References used here never call the engine under test:
- at rational γ, ``naive_visit_vectors`` (every policy, Gauss–Jordan) and ``naive_orbit_counts``
  (every distinct permutation);
- at irrational γ, the vectors as rational functions evaluated at sympy's ``CRootOf`` to 60
  digits, with exact ties confirmed by dividing by the minimal polynomial.
"""

from fractions import Fraction

import pytest
import sympy
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import symorbit.analysis.discount as D
from symorbit.analysis.discount import counts_over_gamma
from symorbit.errors import InvalidArgument, InvariantViolation, NotExact, SymorbitError, TooLarge
from symorbit.mdp.environment import MDP
from symorbit.mdp.library import candy, opts_figure1
from symorbit.mdp.visits import GAMMA, visit_distributions
from symorbit.testing.naive import naive_orbit_counts, naive_visit_vectors
from symorbit.testing.strategies import deterministic_mdps, stochastic_mdps

LASSO = MDP.deterministic({"s": ["a", "t"], "a": [], "t": ["u"], "u": ["v"], "v": ["u"]}, name="lasso")


# ------------------------------------------------------------------------ references
def naive_counts_at(env, state, a_set, b_set, reward, gamma, relative=False):
    """Counts at a rational γ by policy enumeration and permutation enumeration."""
    F = naive_visit_vectors(env, state, Fraction(gamma))
    A = [v for v, acts in F.items() if acts & set(a_set)]
    B = [v for v, acts in F.items() if acts & set(b_set)]
    gt, lt, eq = naive_orbit_counts(A, B, reward, C=list(F) if relative else None)
    return gt, lt, eq, gt + lt + eq         # the shape of every ``counts``: (b, a, ties, orbit_size)


def _value_cmp(u, v, alpha, minpoly):
    """sign(u − v) at γ = alpha for rational functions u, v: numeric, exact when close."""
    diff = sympy.cancel(u - v)
    num, den = sympy.fraction(diff)
    approx = sympy.N(diff.subs(GAMMA, alpha), 60)
    if abs(approx) > sympy.Float("1e-30"):
        return 1 if approx > 0 else -1
    assert sympy.rem(sympy.Poly(num, GAMMA), minpoly).is_zero, f"could not decide the sign of {diff}"
    return 0


def algebraic_counts_at(env, state, a_set, b_set, reward, alpha, relative=False):
    """Counts at an algebraic γ = alpha: maxima found numerically, ties confirmed exactly."""
    minpoly = sympy.Poly(sympy.minimal_polynomial(alpha, GAMMA), GAMMA)
    F = visit_distributions(env, state, GAMMA)
    A = [v for v, t in zip(F.vectors, F.first_actions) if t & set(a_set)]
    B = [v for v, t in zip(F.vectors, F.first_actions) if t & set(b_set)]
    gt = lt = eq = 0
    import itertools

    for r in set(itertools.permutations(tuple(Fraction(x) for x in reward))):
        def val(v):
            return sum(sympy.Rational(x.numerator, x.denominator) * sympy.sympify(c) for x, c in zip(r, v))

        def best(vs):
            vals = [val(v) for v in vs]
            nums = [sympy.N(x.subs(GAMMA, alpha), 60) for x in vals]
            return vals[max(range(len(vals)), key=lambda k: nums[k])]

        a, b = best(A), best(B)
        if relative:
            c = best(F.vectors)
            oa, ob = _value_cmp(a, c, alpha, minpoly) >= 0, _value_cmp(b, c, alpha, minpoly) >= 0
            s = int(ob) - int(oa)
        else:
            s = _value_cmp(b, a, alpha, minpoly)
        gt += s > 0
        lt += s < 0
        eq += s == 0
    return gt, lt, eq, gt + lt + eq


def reference_at(env, state, a_set, b_set, reward, point, relative=False):
    if point.is_Rational:
        return naive_counts_at(env, state, a_set, b_set, reward, Fraction(int(point.p), int(point.q)), relative)
    return algebraic_counts_at(env, state, a_set, b_set, reward, point, relative)


def check_against_references(env, state, a_set, b_set, reward, relative, fractions_inside):
    """Every breakpoint and a rational point inside every piece, against the references."""
    res = counts_over_gamma(env, state, a_set, b_set, reward, relative_to="all" if relative else None)
    assert [str(b) for b in res.breakpoints] == list(res.at_breakpoints)
    for b in res.breakpoints:
        assert res.at_breakpoints[str(b)] == reference_at(env, state, a_set, b_set, reward, b, relative), b
    for k, p in enumerate(res.pieces):
        lo, hi = p.interval("low")[1], p.interval("high")[0]
        assert lo < hi
        for t in fractions_inside:
            x = lo + t * (hi - lo)
            assert naive_counts_at(env, state, a_set, b_set, reward, x, relative) == p.counts, (k, x)
        assert naive_counts_at(env, state, a_set, b_set, reward, p.sample, relative) == p.counts
    assert res.limit == res.pieces[-1].counts
    # Breakpoints are exactly where the counts are not locally constant.
    for k, b in enumerate(res.breakpoints):
        assert not res.pieces[k].counts == res.at_breakpoints[str(b)] == res.pieces[k + 1].counts
    return res


# ---------------------------------------------------------------- the issue's cases
def test_issue10_breakpoint_with_equal_sides_keeps_its_own_counts():
    r = (0, 1, 2, 3, 10)
    res = counts_over_gamma(candy(), "start", ["candy"], ["wait"], r)
    half = sympy.Rational(1, 2)
    assert half in res.breakpoints
    assert res.at_breakpoints["1/2"] == (84, 32, 4, 120) == naive_counts_at(candy(), "start", {"candy"}, {"wait"}, r, "1/2")
    for p in res.pieces:            # no piece claims constant counts across γ = 1/2
        assert not p.low < half < p.high
    left, right = (p for p in res.pieces if half in (p.low, p.high))
    assert left.counts == right.counts == (86, 34, 0, 120)


def test_issue10_second_case_one_third():
    r = (0, 0, 1, 3, 4)
    res = counts_over_gamma(candy(), "start", ["candy"], ["wait"], r)
    assert res.at_breakpoints["1/3"] == (34, 22, 4, 60) == naive_counts_at(candy(), "start", {"candy"}, {"wait"}, r, "1/3")
    assert [str(b) for b in res.breakpoints] == ["1/4", "1/3", "2/3", "3/4"]
    assert [p.counts for p in res.pieces] == [(33, 27, 0, 60), (36, 24, 0, 60), (36, 24, 0, 60), (37, 23, 0, 60), (40, 20, 0, 60)]


@pytest.mark.parametrize("r", [(0, 1, 2, 3, 10), (0, 0, 1, 3, 4), (0, 1, 2, 3, 4), (0, 2, 3, 3, 3)])
@pytest.mark.parametrize("relative", [False, True])
def test_candy_every_breakpoint_and_piece(r, relative):
    check_against_references(candy(), "start", {"candy"}, {"wait"}, r, relative, [Fraction(1, 3), Fraction(4, 5)])


def test_candidates_that_are_not_breakpoints_have_their_piece_counts():
    r = (0, 1, 2, 3, 10)
    res = counts_over_gamma(candy(), "start", ["candy"], ["wait"], r)
    hidden = [z for z in res.candidates if z not in res.breakpoints]
    assert [str(z) for z in hidden] == ["7/10", "4/5", "9/10"]
    for z in hidden:
        (piece,) = [p for p in res.pieces if p.low < z < p.high]
        assert naive_counts_at(candy(), "start", {"candy"}, {"wait"}, r, Fraction(str(z))) == piece.counts


# ----------------------------------------------------------- issue 13: irrational points
def test_irrational_breakpoints_have_exact_counts():
    r = (0, 1, 0, 2, 1)
    res = check_against_references(LASSO, "s", {"a"}, {"t"}, r, False, [Fraction(1, 2)])
    golden = sympy.CRootOf(GAMMA**2 + GAMMA - 1, 1)
    root_half = sympy.CRootOf(2 * GAMMA**2 - 1, 1)
    assert res.breakpoints == (sympy.Rational(1, 2), golden, root_half)
    assert res.at_breakpoints[str(golden)] == (14, 14, 2, 30)
    assert res.at_breakpoints[str(root_half)] == (14, 14, 2, 30)
    for p in res.pieces[1:]:
        lo, hi = p.interval("low")
        assert lo <= p.low <= hi and isinstance(lo, Fraction)


@pytest.mark.parametrize("relative", [False, True])
def test_irrational_breakpoints_relative_mode(relative):
    check_against_references(LASSO, "s", {"a"}, {"t"}, (0, 0, 1, 1, 2), relative, [Fraction(1, 2)])


def test_root_sign_is_exact_near_and_at_the_root():
    z = D._Root(D._monic((Fraction(-1), Fraction(1), Fraction(1))), Fraction(0), Fraction(1))   # γ² + γ − 1
    below, above = Fraction(618033988749, 10**12), Fraction(618033988750, 10**12)
    assert z.sign_of((-below, Fraction(1))) == 1 and z.sign_of((-above, Fraction(1))) == -1
    assert z.sign_of(z.poly) == 0
    assert z.sign_of(tuple(2 * c for c in z.poly)) == 0
    prod = (Fraction(1), Fraction(0), Fraction(-3), Fraction(0), Fraction(1))   # (γ² + γ − 1)(γ² − γ − 1)
    assert z.sign_of(prod) == 0
    assert z.cmp(below) == 1 and z.cmp(above) == -1


@given(st.fractions(0, 5), st.fractions(0, 5))
def test_simplest_between_is_strictly_inside(a, b):
    assume(a != b)
    a, b = min(a, b), max(a, b)
    x = D._simplest_between(a, b)
    assert a < x < b


# ------------------------------------------------------------- invariants have teeth
def _old_merge(roots, samples, gap_counts, point_counts):
    """The merge that shipped with issue 10: merge whenever the two sides agree."""
    keep = [j for j in range(len(point_counts)) if gap_counts[j] != gap_counts[j + 1]]
    kept = [roots[0]] + [roots[j + 1] for j in keep] + [roots[-1]]
    starts = [0] + [j + 1 for j in keep]
    pieces = tuple(D.Piece(lo.to_sympy(), hi.to_sympy(), samples[k], gap_counts[k], (lo.lo, lo.hi), (hi.lo, hi.hi))
                   for lo, hi, k in zip(kept, kept[1:], starts))
    at = {str(roots[j + 1].to_sympy()): point_counts[j] for j in keep}
    cands = tuple(z.to_sympy() for z in roots[1:-1])
    return D.GammaPieces(tuple(p.low for p in pieces[1:]), pieces, pieces[-1].counts, at, cands), kept


def test_the_old_merge_is_caught_by_the_invariants(monkeypatch):
    monkeypatch.setattr(D, "_assemble", _old_merge)
    with pytest.raises(InvariantViolation, match=r"counts_over_gamma: the piece \(1/3, 2/3\) says \(86, 34, 0, 120\) "
                                                 r"but at γ = 1/2 inside it the counts are \(84, 32, 4, 120\); "
                                                 r"instance: env='candy', state='start'.*reward=\(0, 1, 2, 3, 10\)"):
        counts_over_gamma(candy(), "start", ["candy"], ["wait"], (0, 1, 2, 3, 10))


def test_a_wrong_irrational_evaluation_is_caught(monkeypatch):
    real = D._counts_from_signs
    monkeypatch.setattr(D, "_counts_from_signs", lambda c, at, A, B, C: tuple(x + (k == 0) - (k == 1) for k, x in
                                                                            enumerate(real(c, at, A, B, C))))
    with pytest.raises(InvariantViolation, match="exact sign evaluator.*env='lasso'"):
        counts_over_gamma(LASSO, "s", ["a"], ["t"], (0, 1, 0, 2, 1))


def test_a_wrong_rational_evaluation_is_caught(monkeypatch):
    real = D.orbit_counts
    calls = []

    def flaky(*args, **kwargs):
        calls.append(1)
        c = real(*args, **kwargs)
        return c if len(calls) < 6 else type(c)(c.b_better + 1, c.a_better - 1, c.ties, c.orbit_size)

    monkeypatch.setattr(D, "orbit_counts", flaky)
    with pytest.raises(InvariantViolation, match="counts_over_gamma: "):
        counts_over_gamma(candy(), "start", ["candy"], ["wait"], (0, 1, 2, 3, 4))


def test_invariant_violation_is_a_symorbit_error_with_the_documented_docstring():
    assert issubclass(InvariantViolation, SymorbitError)
    # The summary line is pinned; the numpydoc sections below it are checked by tests/test_docstrings.py.
    assert InvariantViolation.__doc__.split("\n\n")[0] == ("An internal consistency check failed: the result would "
                                                           "have been wrong, so none is returned.")


# -------------------------------------------------------------------------- errors
def test_errors():
    with pytest.raises(InvalidArgument, match="a_actions=\\['fly'\\] must name actions available in 'start'"):
        counts_over_gamma(candy(), "start", ["fly"], ["wait"], (0, 1, 2, 3, 4))
    with pytest.raises(NotExact, match=r'reward\[4\]=0.5 is a float.*write it as "1/2"'):
        counts_over_gamma(candy(), "start", ["candy"], ["wait"], (0, 1, 2, 3, 0.5))
    with pytest.raises(InvalidArgument, match="reward has 3 entries but candy has 5 states"):
        counts_over_gamma(candy(), "start", ["candy"], ["wait"], (0, 1, 2))
    with pytest.raises(InvalidArgument, match="end='middle'"):
        counts_over_gamma(candy(), "start", "candy", "wait", (0, 1, 2, 3, 4)).pieces[0].interval("middle")


def test_too_large_names_the_keyword_and_the_flag():
    with pytest.raises(TooLarge, match=r"counts_over_gamma: comparison polynomials \(2 compared pairs × \|orbit\| "
                                       r"120\): about 240, over the limit 10; compare fewer outcomes .*"
                                       r"visit_distributions\(env, "
                                       r"state, GAMMA\).* or raise the limit with max_polynomials=\.\.\. "
                                       r"\(CLI: --max-polynomials N\)"):
        counts_over_gamma(candy(), "start", ["candy"], ["wait"], (0, 1, 2, 3, 4), max_polynomials=10)
    # Raising the limit is all it takes.
    res = counts_over_gamma(candy(), "start", ["candy"], ["wait"], (0, 1, 2, 3, 4), max_polynomials=1000)
    assert res.limit == counts_over_gamma(candy(), "start", ["candy"], ["wait"], (0, 1, 2, 3, 4)).limit


@pytest.mark.parametrize("bad", [0, -3, True, 2.5, "100"])
def test_max_polynomials_must_be_a_positive_integer(bad):
    with pytest.raises(InvalidArgument, match="max_polynomials=.* must be a positive integer"):
        counts_over_gamma(candy(), "start", ["candy"], ["wait"], (0, 1, 2, 3, 4), max_polynomials=bad)


# ------------------------------------------------------------- outcome sets instead of actions
def _pieces(res):
    return [(str(p.low), str(p.high), p.counts) for p in res.pieces], res.at_breakpoints


@pytest.mark.parametrize("relative", [None, "all"])
def test_outcome_sets_give_what_their_actions_give(relative):
    F = visit_distributions(candy(), "start", GAMMA)
    r = (0, 1, 2, 3, 10)
    by_sets = counts_over_gamma(candy(), "start", F.restrict("candy"), F.restrict("wait"), r, relative_to=relative)
    by_actions = counts_over_gamma(candy(), "start", ["candy"], ["wait"], r, relative_to=relative)
    assert _pieces(by_sets) == _pieces(by_actions)
    as_lists = counts_over_gamma(candy(), "start", [list(v) for v in F.restrict("candy")],
                                 list(F.restrict("wait")), r, relative_to=relative)
    assert _pieces(as_lists) == _pieces(by_actions)


def test_a_subset_of_outcomes_against_brute_force():
    """B = one of Wait!'s two outcomes only: every piece and breakpoint against naive counts of that subset."""
    env, r = LASSO, (0, 1, 0, 2, 1)
    F = visit_distributions(env, "s", GAMMA)
    A, B = F.restrict("a"), F.restrict("t")
    res = counts_over_gamma(env, "s", A, list(B)[:1], r)

    def naive(g):
        at = sympy.Rational(g.numerator, g.denominator)
        val = [[tuple(Fraction(str(sympy.nsimplify(sympy.sympify(x).subs(GAMMA, at)))) for x in v) for v in X]
               for X in (A, list(B)[:1])]
        gt, lt, eq = naive_orbit_counts(val[0], val[1], r)
        return gt, lt, eq, gt + lt + eq

    for p in res.pieces:
        lo, hi = p.interval("low")[1], p.interval("high")[0]
        for t in (Fraction(1, 3), Fraction(2, 3)):
            assert naive(lo + t * (hi - lo)) == p.counts
    for b in res.breakpoints:
        if b.is_Rational:
            assert res.at_breakpoints[str(b)] == naive(Fraction(int(b.p), int(b.q)))


def test_outcome_set_errors_are_one_line():
    F = visit_distributions(candy(), "start", GAMMA)
    with pytest.raises(InvalidArgument, match=r"b_actions holds a vector that is not in F\('start'\) as a function "
                                              r"of γ; pass first actions or a subset of visit_distributions"):
        counts_over_gamma(candy(), "start", F.restrict("candy"), [(1, 0, 0, 0, 0)], (0, 1, 2, 3, 4))
    with pytest.raises(InvalidArgument, match=r"a_actions=\[\] must name actions"):
        counts_over_gamma(candy(), "start", [], ["wait"], (0, 1, 2, 3, 4))
    with pytest.raises(InvalidArgument, match="a_actions must be first actions or outcome vectors"):
        counts_over_gamma(candy(), "start", 7, ["wait"], (0, 1, 2, 3, 4))


# ------------------------------------------------------ the fast paths agree with the plain ones
def test_the_exact_index_and_sign_paths_agree_with_the_fast_ones(monkeypatch):
    cases = [(candy(), "start", ["candy"], ["wait"], (0, 1, 2, 3, 10)), (LASSO, "s", ["a"], ["t"], (0, 1, 0, 2, 1))]
    fast = [_pieces(counts_over_gamma(*c, relative_to=rel)) for c in cases for rel in (None, "all")]
    monkeypatch.setattr(D._Comparisons, "_index_vectorised", staticmethod(
        lambda ints, per_pair, width: D._Comparisons._index_exact(ints, per_pair)))
    monkeypatch.setattr(D._Comparisons, "_float_view", lambda self, width: None)
    plain = [_pieces(counts_over_gamma(*c, relative_to=rel)) for c in cases for rel in (None, "all")]
    assert fast == plain


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(-6, 6), min_size=2, max_size=6).filter(lambda c: any(c[1:])))
def test_irreducible_factors_against_sympy(coeffs):
    while coeffs[-1] == 0:
        coeffs.pop()
    p = tuple(coeffs)
    mine = D._irreducible_factors(p)
    poly = sympy.Poly(list(reversed(p)), GAMMA, domain="ZZ")
    theirs = frozenset(D._monic(D._from_sympy(f)) for f, _ in poly.factor_list()[1])
    assert mine == theirs


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 30), st.integers(-40, 40), st.integers(-40, 40))
def test_quadratic_roots_in_the_unit_interval_against_sympy(a, b, c):
    poly = sympy.Poly(a * GAMMA**2 + b * GAMMA + c, GAMMA)
    assume(len(poly.factor_list()[1]) == 1 and poly.factor_list()[1][0][1] == 1)     # irreducible over Q
    monic = D._monic((Fraction(c), Fraction(b), Fraction(a)))
    mine = [z.to_sympy() for z in D._quadratic_roots_in_unit_interval(monic)]
    theirs = [x for x in poly.real_roots() if 0 < x < 1]
    assert sorted(str(sympy.N(x, 40)) for x in mine) == sorted(str(sympy.N(x, 40)) for x in theirs)
    for z in D._quadratic_roots_in_unit_interval(monic):
        assert z.lo < z.hi and 0 <= z.lo and z.hi <= 1


# ----------------------------------------------------------------------- OPTS Figure 1 over S_8
def test_opts_figure1_with_ties_against_brute_force():
    """OPTS Figure 1 (ℓ◁ vs r▷) over S_8 for r = (0, 0, 0, 0, 0, 1, 1, 2): every piece inside it, and every
    breakpoint, against policy enumeration and permutation enumeration."""
    check_against_references(opts_figure1(), "star", {"l_mid"}, {"r_mid"}, (0, 0, 0, 0, 0, 1, 1, 2), False,
                             [Fraction(1, 2)])


@pytest.mark.slow
def test_opts_figure1_with_more_values_against_brute_force():
    check_against_references(opts_figure1(), "star", {"l_mid"}, {"r_mid"}, (0, 0, 0, 0, 1, 1, 2, 3), False,
                             [Fraction(1, 3), Fraction(3, 4)])


@pytest.mark.slow
def test_opts_figure1_with_the_tours_reward_over_every_gamma():
    """OPTS Figure 1 with r = (0, …, 7): 24 pairs × 8! = 967,680 polynomials, over the default limit; raising
    it computes every γ exactly (the result re-checks each of its pieces with orbit_counts). Three pieces and
    the last are compared here with permutation enumeration."""
    env, r = opts_figure1(), tuple(range(8))
    with pytest.raises(TooLarge, match="max_polynomials="):
        counts_over_gamma(env, "star", ["l_mid"], ["r_mid"], r)
    res = counts_over_gamma(env, "star", ["l_mid"], ["r_mid"], r, max_polynomials=10**6)
    assert len(res.pieces) == 287 and len(res.breakpoints) == 286 and len(res.candidates) == 2656
    assert res.pieces[0].counts == (20160, 20160, 0) and res.limit == (24600, 15720, 0)
    for p in (res.pieces[0], res.pieces[100], res.pieces[-1]):
        assert naive_counts_at(env, "star", {"l_mid"}, {"r_mid"}, r, p.sample) == p.counts


def test_results_are_exact_types():
    res = counts_over_gamma(LASSO, "s", ["a"], ["t"], (0, 1, 0, 2, 1))
    for p in res.pieces:
        assert all(type(x) is int for x in p.counts) and type(p.sample) is Fraction
        assert all(type(x) is Fraction for x in p.interval("low") + p.interval("high"))
    assert all(isinstance(b, (sympy.Rational, sympy.CRootOf)) for b in res.breakpoints)


@pytest.mark.parametrize("reward", [(0, 0, 0), (0, 0, 1), (1, 2, 3)])
def test_coefficients_past_int64_with_any_reward(reward):
    # a probability 1/3^45 puts the comparison numerators' coefficients past int64; the all-zero reward (whose
    # products are all 0) once took the int64 path and overflowed building its arrays
    q = 3**45
    env = MDP.stochastic({"s": {"a": {"x": Fraction(1, q), "y": 1 - Fraction(1, q)}, "b": {"y": Fraction(1)}},
                          "x": {"stay": {"x": 1}}, "y": {"stay": {"y": 1}, "go": {"x": 1}}}, name="big")
    check_against_references(env, "s", {"a"}, {"b"}, reward, False, [Fraction(1, 3)])
    check_against_references(env, "s", {"a"}, {"b"}, reward, True, [Fraction(1, 3)])


@pytest.mark.parametrize("relative", [False, True])
def test_the_same_outcomes_tie_everywhere_without_comparing_pairs(relative):
    # a_actions and b_actions naming the same outcomes (in any order): every orbit element ties at every γ, so no
    # pair is compared; with a reward of 2^69 denominators this took over 30 s of root isolation before
    env = MDP.stochastic({"s0": {"a0": {"s1": Fraction(1, 3), "s2": Fraction(2, 3)}, "a1": {"s1": 1}},
                          "s1": {"a0": {"s2": 1}, "a1": {"s0": 1}}, "s2": {"a0": {"s2": Fraction(4, 9), "s0":
                                                                                  Fraction(5, 9)}}}, name="same")
    reward = (Fraction(2, 3), -3, Fraction(-1, 2**69))
    for a_set, b_set in ((["a0"], ["a0"]), (["a0", "a1"], ["a1", "a0"])):
        res = counts_over_gamma(env, "s0", a_set, b_set, reward, relative_to="all" if relative else None)
        assert not res.breakpoints and not res.candidates and [p.counts for p in res.pieces] == [(0, 0, 6, 6)]
        check_against_references(env, "s0", set(a_set), set(b_set), reward, relative, [Fraction(1, 3)])
    assert D._relevant_pairs([0, 2], [2, 0], None) == [] and D._relevant_pairs([0], [2], None) == [(0, 2)]


# --------------------------------------------------------- differential, hypothesis
inside = st.lists(st.fractions(0, 1).filter(lambda t: 0 < t < 1), min_size=1, max_size=2)


@st.composite
def instances(draw, *, stochastic, max_states):
    if stochastic:
        env = draw(stochastic_mdps(max_states=max_states, max_actions=3))
    else:
        env = draw(deterministic_mdps(max_states=max_states, max_degree=3))
    acts = env.actions("s0")
    assume(len(acts) >= 2)
    order = draw(st.permutations(acts))
    k = draw(st.integers(1, len(order) - 1))
    ties = draw(st.booleans())
    d = env.n_states
    if ties:
        reward = tuple(draw(st.lists(st.integers(0, 2), min_size=d, max_size=d)))
    else:
        reward = tuple(draw(st.permutations(range(d))))
    return env, set(order[:k]), set(order[k:]), reward, draw(st.booleans())


def _differential(inst, ts):
    env, a_set, b_set, reward, relative = inst
    check_against_references(env, "s0", a_set, b_set, reward, relative, ts)


_fast = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.filter_too_much,
                                                                        HealthCheck.too_slow])
_long = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.filter_too_much,
                                                                         HealthCheck.too_slow])


@_fast
@given(instances(stochastic=False, max_states=4), inside)
def test_deterministic_against_references(inst, ts):
    _differential(inst, ts)


@_fast
@given(instances(stochastic=True, max_states=3), inside)
def test_stochastic_against_references(inst, ts):
    _differential(inst, ts)


@pytest.mark.slow
@_long
@given(instances(stochastic=False, max_states=5), inside)
def test_deterministic_against_references_long(inst, ts):
    _differential(inst, ts)


@pytest.mark.slow
@_long
@given(instances(stochastic=True, max_states=4), inside)
def test_stochastic_against_references_long(inst, ts):
    _differential(inst, ts)


@pytest.mark.slow
@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 3), min_size=5, max_size=5).map(tuple), st.booleans())
def test_lasso_family_against_references_long(reward, relative):
    # Quadratic numerators: irrational breakpoints are common here.
    check_against_references(LASSO, "s", {"a"}, {"t"}, reward, relative, [Fraction(1, 2)])


def test_cli_max_polynomials_flag(tmp_path, capsys):
    pytest.importorskip("matplotlib")
    from symorbit.cli import main

    args = ["plot", "counts", "candy", "--state", "start", "--a", "candy", "--b", "wait", "--reward", "0,1,2,3,4",
            "-o", str(tmp_path / "f.png")]
    assert main(args + ["--max-polynomials", "10"]) == 2
    err = capsys.readouterr().err
    assert "over the limit 10" in err and "--max-polynomials N" in err and len(err.strip().splitlines()) == 1
    assert main(args + ["--max-polynomials", "1000"]) == 0


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(deterministic_mdps(min_states=3, max_states=4, max_degree=2), st.data())
def test_a_loop_over_rewards_reads_each_pair_once_and_counts_as_afresh(env, data):
    # the comparison numerators are remembered by the pair of vectors, and their factors by the numerator: counts over
    # several rewards (and the same reward again) are those of a cold start, and a pair met again is not worked out
    # again
    acts = [a for a in env.actions(env.states[0])]
    assume(len(acts) >= 2)
    rewards = [tuple(data.draw(st.lists(st.integers(0, 2), min_size=env.n_states, max_size=env.n_states)))
               for _ in range(3)]
    D._pair_numerators.cache_clear()
    warm = [counts_over_gamma(env, env.states[0], [acts[0]], [acts[1]], r) for r in rewards + rewards[:1]]
    misses = D._pair_numerators.cache_info().misses
    again = counts_over_gamma(env, env.states[0], [acts[0]], [acts[1]], rewards[0])
    assert D._pair_numerators.cache_info().misses == misses
    cold = []
    for r in rewards + rewards[:1]:
        D._pair_numerators.cache_clear()
        D._irreducible_factors.cache_clear()
        cold.append(counts_over_gamma(env, env.states[0], [acts[0]], [acts[1]], r))
    assert warm == cold and again == cold[0]
