"""The kernel's edge cases, found by mutation testing (``bash benchmarks/mutation.sh``, docs/mutation.md).

Each test pins one behaviour a one-line change to ``symorbit/kernel`` could break while the
corpus in ``test_kernel.py`` stays green: a decision rule's value against the engine's (the
two are written independently from docs/theory.md#retargetability), Boltzmann comparisons against 80-digit
decimals, and every rejection with the kernel's exact message.
"""

from __future__ import annotations

import copy
import decimal
import itertools
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symorbit.analysis.decisions import rule as engine_rule
from symorbit.kernel import Malformed, verify
from symorbit.kernel.check import Budget, _boltzmann_sign, _exp_bounds, _rule_value, count_reward
from symorbit.testing import kernel_problems

F = Fraction


def e(d, j):
    return tuple(F(int(i == j)) for i in range(d))


def orbit(r):
    return sorted(set(itertools.permutations(r)))


# ------------------------------------------------------------------ decision rules
D = 4
HALF = (F(0), F(0), F(1, 2), F(1, 2))
OPTIONS = [e(D, 0), e(D, 1), e(D, 2), e(D, 3), HALF]
RULES = ["is_optimal", "anti_opt", "frac_optimal", "half_best_half_random", "satisfice:1", "satisfice:1/2",
         "satisfice:5", "best_of_k:1", "best_of_k:2", "best_of_k:3", "top_k:1", "top_k:2", "top_k:3", "top_k:9"]
REWARDS = [(0, 1, 2, 3), (0, 0, 1, 1), (1, 1, 1, 2), (0, 1, 1, 2), (0, 0, 0, 0), (0, 1, 1, 1)]


@pytest.mark.parametrize("name", [r for r in RULES if r != "best_of_k:3"])    # 5**3 draws: slow
def test_rule_values_match_the_engine(name):
    """f(X | C, r) for every non-empty X of five options and every orbit element of six rewards."""
    ref = engine_rule(name)
    subsets = [list(X) for k in (1, 2, 3) for X in itertools.combinations(OPTIONS, k)]
    for r0 in REWARDS[:2] if name.startswith("best_of_k") else REWARDS:     # k draws of 5 options: slow
        for r in orbit(tuple(map(F, r0))):
            for X in subsets:
                assert _rule_value(name, X, OPTIONS, r) == ref(X, OPTIONS, r), (name, X, r)


@pytest.mark.parametrize("name", RULES)
def test_rule_values_match_the_engine_with_one_coordinate(name):
    """d = 1 (a user's declaration may pair a rule with any d): options 1, 2, 2 and 1/2 at rewards -1, 0, 3."""
    ref = engine_rule(name)
    options = [(F(1),), (F(2),), (F(1, 2),)]
    for r in ((F(-1),), (F(0),), (F(3),)):
        for X in ([options[0]], [options[1]], options[:2], [options[2]]):
            assert _rule_value(name, X, options, r) == ref(X, options, r), (name, X, r)


@pytest.mark.parametrize("name", RULES + ["boltzmann:1", "boltzmann:1/3"])
def test_rule_counts_with_and_without_blocks(name):
    """The counts by blocks (coordinates 2, 3 swap in every set) equal the element-by-element counts."""
    A, B = [e(D, 0)], [e(D, 2), e(D, 3)]
    C = [e(D, 0), e(D, 1), e(D, 2), e(D, 3)]
    for r0 in REWARDS:
        r = tuple(map(F, r0))
        plain = count_reward(A, B, C, r, None, name, [], Budget())
        blocked = count_reward(A, B, C, r, [[0], [1], [2, 3]], name, [], Budget())
        assert plain == blocked and plain[3] == len(orbit(r)), (name, r)
        assert sum(plain[:3]) == plain[3]


def test_decision_rule_reference_counts():
    """Hand-counted: candy A = {e0}, B = {e1, e2}, C = A u B + {e3}; r = (0, 1, 2, 3) has 24 orbit elements."""
    A, B, C = [e(D, 0)], [e(D, 1), e(D, 2)], [e(D, j) for j in range(D)]
    r = (F(0), F(1), F(2), F(3))
    assert count_reward(A, B, C, r, None, "is_optimal", [], Budget()) == (12, 6, 6, 24)
    assert count_reward(A, B, C, r, None, "anti_opt", [], Budget()) == (12, 6, 6, 24)
    assert count_reward(A, B, C, r, None, "half_best_half_random", [], Budget()) == (18, 6, 0, 24)
    assert count_reward(A, B, C, r, None, "satisfice:2", [], Budget()) == (12, 4, 8, 24)
    assert count_reward(A, B, None, r, None, None, [], Budget()) == (16, 8, 0, 24)      # raw: max_B vs max_A
    assert count_reward(A, B, C, r, None, None, [], Budget()) == (12, 6, 6, 24)         # IsOptimal given C


@pytest.mark.parametrize("rule, message", [
    ("nonsense", "rule: unknown decision rule 'nonsense'"),
    ("top_k:0", "rule: top_k:0 needs a positive integer"),
    ("top_k:x", "rule: top_k:x needs a positive integer"),
    ("best_of_k:0", "rule: best_of_k:0 needs an integer k from 1 to 64"),
    ("best_of_k:65", "rule: best_of_k:65 needs an integer k from 1 to 64"),
    ("best_of_k:x", "rule: best_of_k:x needs an integer k from 1 to 64"),
    ("best_of_k:11", "too large: the certificate needs more than 3000000 units of kernel work"),  # 4**11 draws, charged
    ("satisfice:x", "rule threshold: 'x' is not an exact number"),
    ("boltzmann:0", "rule: a Boltzmann temperature must be positive"),
    ("boltzmann:-1", "rule: a Boltzmann temperature must be positive"),
    ("boltzmann:x", "rule temperature: 'x' is not an exact number"),
])
def test_bad_rules_are_malformed_with_their_message(rule, message):
    C = [e(D, j) for j in range(D)]
    with pytest.raises(Malformed) as err:
        count_reward([e(D, 0)], [e(D, 1)], C, (F(0), F(1), F(2), F(3)), None, rule, [], Budget())
    assert str(err.value) == message


def test_best_of_k_at_its_limits():
    """k = 64 is the largest k; 2 options drawn 22 times is over the work limit, 5 times is counted exactly."""
    assert _rule_value("best_of_k:64", [e(1, 0)], [e(1, 0)], (F(1),)) == 1
    C = [e(2, 0), e(2, 1)]
    with pytest.raises(Malformed, match="too large: best_of_k:22 has 4194304 draws"):
        _rule_value("best_of_k:22", [e(2, 1)], C, (F(0), F(1)))
    assert _rule_value("best_of_k:5", [e(2, 1)], C, (F(0), F(1))) == 1 - F(1, 2) ** 5
    assert _rule_value("best_of_k:5", [e(2, 1)], C, (F(1), F(1))) == F(1, 2)      # ties split evenly


def test_a_rule_needs_the_options():
    with pytest.raises(Malformed) as err:
        count_reward([e(2, 0)], [e(2, 1)], None, (F(0), F(1)), None, "is_optimal", [], Budget())
    assert str(err.value) == "rule: a decision rule needs the options C"


# ------------------------------------------------------------------ Boltzmann, exactly
decimal.getcontext().prec = 80


def _dexp(q):
    return (decimal.Decimal(q.numerator) / decimal.Decimal(q.denominator)).exp()


@pytest.mark.parametrize("q", [F(0), F(1), F(-1), F(1, 3), F(-7, 2), F(10), F(-25), F(999, 1), F(-1000)])
def test_exp_bounds_enclose_e_to_the_q(q):
    for terms in (1, 20, 60, 200):
        lo, hi = _exp_bounds(q, terms)
        assert lo <= hi
        assert decimal.Decimal(lo.numerator) / lo.denominator <= _dexp(q) <= decimal.Decimal(hi.numerator) / hi.denominator
    lo, hi = _exp_bounds(F(1, 2), 20)
    assert hi - lo < F(1, 10**20)                      # tight: the remainder term, not a loose bound


def _taylor_bounds(q, terms):
    """The partial sum term by term in Fractions, and the Lagrange remainder: what the kernel's integer sum must equal."""
    x = abs(q)
    term = lo = F(1)
    for i in range(1, terms + 1):
        term = term * x / i
        lo += term
    hi = lo + term * x / (terms + 1) * 3 ** (x.numerator // x.denominator + 1)
    return (lo, hi) if q >= 0 else (1 / hi, 1 / lo)


@given(st.fractions(min_value=-1000, max_value=1000, max_denominator=10 ** 12), st.integers(0, 70))
@settings(max_examples=200, deadline=None)
def test_exp_bounds_are_the_taylor_sum_and_remainder_exactly(q, terms):
    assert _exp_bounds(q, terms) == _taylor_bounds(q, terms)


def test_exp_bounds_refuse_huge_exponents():
    assert _exp_bounds(F(1000), 1)[0] > 1
    for q in (F(1001), F(-1001), F(2001, 2)):
        with pytest.raises(Malformed) as err:
            _exp_bounds(q, 20)
        assert str(err.value) == f"too large: a Boltzmann exponent {q} exceeds 1000"


@pytest.mark.parametrize("a, b", [
    ([0], [1]), ([1], [0]), ([0, 0], [1]), ([1], [0, 0]), ([0, 0, 0], [F(11, 10)]), ([F(11, 10)], [0, 0, 0]),
    ([F(-3), F(2)], [F(2), F(-3)]), ([1, 2], [2, 1]), ([], [0]), ([0], []), ([F(1, 2)], [F(1, 2)]),
    ([0, 0, 0], [F(10986, 10000)]), ([F(10986, 10000)], [0, 0, 0]),        # e^1.0986 = 2.99996..., close to 3
    ([5, 5], [F(5) + F(6931, 10000)]), ([-30, -30], [F(-30) + F(69315, 100000)]),
])
def test_boltzmann_sign_against_decimals(a, b):
    a, b = [F(x) for x in a], [F(x) for x in b]
    ref = sum((_dexp(q) for q in b), decimal.Decimal(0)) - sum((_dexp(q) for q in a), decimal.Decimal(0))
    expected = 0 if sorted(a) == sorted(b) else (ref > 0) - (ref < 0)
    assert _boltzmann_sign(a, b) == expected


def test_boltzmann_counts_are_exact():
    """Boltzmann at T = 1 on candy: B = {e1, e2} beats A = {e0} unless A's value dominates both."""
    A, B, C = [e(3, 0)], [e(3, 1), e(3, 2)], [e(3, j) for j in range(3)]
    # A wins where it gets the 2: e^2 = 7.39 > e^0 + e^1 = 3.72; elsewhere B
    assert count_reward(A, B, C, (F(0), F(1), F(2)), None, "boltzmann:1", [], Budget()) == (4, 2, 0, 6)
    # e^3 = 20.09 > e^2 + e^2 = 14.78; e^1 = 2.718 > e^0 + e^0 = 2
    assert count_reward(A, B, C, (F(3), F(2), F(2)), None, "boltzmann:1", [], Budget()) == (2, 1, 0, 3)
    assert count_reward(A, B, C, (F(1), F(0), F(0)), None, "boltzmann:1", [], Budget()) == (2, 1, 0, 3)
    assert count_reward(A, [e(3, 1)], C, (F(1), F(1), F(1)), None, "boltzmann:1", [], Budget()) == (0, 0, 1, 1)
    # T = 1/2 doubles the exponents: (0, 1, 1) gives e^0 vs e^2 + e^2 and e^2 vs e^0 + e^2
    assert count_reward(A, B, C, (F(0), F(1), F(1)), None, "boltzmann:1/2", [], Budget()) == (3, 0, 0, 3)


# ------------------------------------------------------------------ forged certificates, exact answers
def _corpus(name):
    from test_kernel import CORPUS  # the project-written corpus (tests/ is on sys.path)

    return CORPUS[name]


FORGERIES = [
    ("rule", lambda c: c.update(C=c["C"][:2]), ['A and B must be subsets of C', 'involutions[0] does not fix C', 'involutions[1] does not fix C', 'rewards[1]: claimed a_better=1, kernel counts 0', 'rewards[1]: claimed ties=0, kernel counts 1', 'rewards[2]: claimed a_better=1, kernel counts 0', 'rewards[2]: claimed ties=0, kernel counts 1', 'rewards[3]: claimed b_better=1, kernel counts 3', 'rewards[3]: claimed ties=2, kernel counts 0', 'rewards[4]: claimed b_better=2, kernel counts 6', 'rewards[4]: claimed ties=4, kernel counts 0', 'rewards[5]: claimed b_better=1, kernel counts 3', 'rewards[5]: claimed ties=2, kernel counts 0']),
    ("rule", lambda c: c.update(involutions=[[0,2,1],[2,1,0]]), ['involutions[0] maps the copied set outside B', 'involutions[0] does not fix the copy B_1', 'involutions[1] does not fix the copy B_0']),
    ("rule", lambda c: c["rewards"][0].update(b_better=c["rewards"][0]["b_better"]+1), ['rewards[0]: claimed b_better=1, kernel counts 0']),
    ("relative", lambda c: c.update(Z=c["Z"][:1]), ['Z is not between ND(C) and C', 'involutions[1] does not fix Z minus B_extra']),
    ("relative", lambda c: c.update(Z=c["C"]+[[5,5,5]]), ['Z is not between ND(C) and C']),
    ("fractional", lambda c: c.update(statement="fractional_conjecture+n_at_least_m+fix_C+disjoint"), []),
    ("fractional", lambda c: c.update(parts=c["parts"][:1], involution_table=c["involution_table"][:1]), ['parts: their union is not A', "verdict: claimed 'holds', kernel finds 'fails'"]),
    ("fractional", lambda c: c.update(copies=[c["copies"][0]+[[1,1,1,1,1]]]+c["copies"][1:]), ['copies[0] is not a subset of B', 'involution_table[0][0] does not map parts[0] onto copies[0]', 'involution_table[1][0] does not map parts[1] onto copies[0]']),
    ("raw", lambda c: c.update(rewards=[]), ["rewards: the listed rewards are not the family 'patterns:0,1,2'", "verdict: claimed 'holds', kernel finds 'vacuous'"]),
    ("raw", lambda c: c.update(verdict="fails"), ["verdict: claimed 'fails', kernel finds 'holds'"]),
    ("raw", lambda c: c.update(statement=7), Malformed('statement: must name a statement (at most 1000 characters)')),
    ("raw", lambda c: c.update(statement="nope"), Malformed("statement: 'nope' is not a built-in name, so the certificate needs its declaration")),
    ("raw", lambda c: c.update(statement="scaling_law_raw+fix_C"), Malformed("statement: 'scaling_law_raw+fix_C' misuses a built-in name (unknown added hypotheses, or no rule)")),
    ("raw", lambda c: c.update(verdict="counted"), Malformed("verdict: must be one of ['holds', 'fails', 'vacuous']")),
    ("raw", lambda c: c.update(A="x"), Malformed('A: must be a non-empty list of non-empty vectors')),
    ("raw", lambda c: c.update(B=[[1,2]]), Malformed('B: vectors must all have the same length d')),
    ("raw", lambda c: c.update(B=[[0,1,0],[0,1,0]]), Malformed('B: a vector is listed twice')),
    ("raw", lambda c: c.update(A=[[True,0,0]]), Malformed("A[0]: True must be an integer or a 'p/q' string")),
    ("raw", lambda c: c.update(A=[[" 1",0,0]]), Malformed("A[0]: ' 1' is not an exact number")),
    ("raw", lambda c: c.update(A=[["1_0",0,0]]), Malformed("A[0]: '1_0' is not an exact number")),
    ("raw", lambda c: c.update(A=[["1/0",0,0]]), Malformed("A[0]: '1/0' is not an exact number")),
    ("raw", lambda c: c.update(A=[["x"*201,0,0]]), Malformed(f"A[0]: {('x' * 201)!r:.40}...(203 characters) is not an exact number")),
    ("raw", lambda c: c.update(involutions="x"), Malformed('involutions: must be a non-empty list of permutations')),
    ("raw", lambda c: c.update(involutions=[[0,1]]), Malformed('involutions[0]: must be a permutation of 0..2')),
    ("raw", lambda c: c["rewards"][0].update(ties=-1), Malformed('rewards[0].ties: must be a non-negative integer')),
    ("raw", lambda c: c["rewards"][0].update(extra=1), Malformed('rewards[0]: needs exactly reward, b_better, a_better, ties, orbit_size (and blocks)')),
    ("raw", lambda c: c["rewards"][0].update(reward=[1,2]), Malformed('rewards[0].reward: vectors must all have the same length d')),
    ("raw", lambda c: c["rewards"][0].update(blocks=[[0,1]]), Malformed('blocks: must partition the coordinates 0..d-1')),
    ("raw", lambda c: c["rewards"][0].update(blocks=[[0],[1],[2]]), []),
    ("raw", lambda c: c.update(nd_A="x"), Malformed('nd_A: must be a list of entries')),
    ("raw", lambda c: c.update(nd_A=[{"vector":[1,0,0]}]), Malformed('nd_A[0]: must be {vector, witness} or {vector, combination}')),
    ("raw", lambda c: c.update(family="random:2:1"), ["rewards: the listed rewards are not the family 'random:2:1'"]),
    ("raw", lambda c: c.update(rewards="x"), Malformed('rewards: must be a list of entries and family a string')),
    ("raw", lambda c: c.update(family="patterns:x"), Malformed("family value: 'x' is not an exact number")),
    ("power", lambda c: c["environment"].update(discount="average"), Malformed('environment.discount: POWER needs a discount in (0, 1)')),
    ("power", lambda c: c.update(involutions=c["involutions"]*2), Malformed('involutions: Prop. 6.6 takes exactly one involution')),
    ("power", lambda c: c.update(environment=1), Malformed("environment: must have exactly the fields ['discount', 'mdp', 'other', 'state']")),
    ("stochastic-1/2", lambda c: c["environment"].update(relative=1), Malformed('environment.relative: must be true or false')),
    ("stochastic-1/2", lambda c: c["environment"].update(a_actions=[]), Malformed('environment.a_actions: must be a non-empty list of actions')),
    ("stochastic-1/2", lambda c: c["environment"].update(relative=True), ['environment.relative: the certificate compares against C = F(s) but has no C']),
]


@pytest.mark.parametrize("name, forge, expected", FORGERIES)
def test_forgeries_get_the_kernels_exact_answer(name, forge, expected):
    """Each hand edit: the exact problem list (refuted) or the exact one-line message (malformed)."""
    cert = copy.deepcopy(_corpus(name))
    forge(cert)
    if isinstance(expected, Malformed):
        with pytest.raises(Malformed) as err:
            kernel_problems(cert)
        assert str(err.value) == str(expected)
    else:
        assert kernel_problems(cert) == expected


def test_added_hypotheses_of_the_fractional_conjecture_are_checked():
    """fix_C, disjoint and n_at_least_m each fail on an instance made to break exactly that one."""
    cert = copy.deepcopy(_corpus("fractional"))
    assert kernel_problems({**cert, "statement": "fractional_conjecture+fix_C+disjoint+n_at_least_m"}) == []
    extra = [1, 1, 0, 0, 0]           # kept by the reward blocks {0, 1}, {2, 3, 4}; moved by every phi_ji
    counts = ["rewards[2]: claimed a_better=1, kernel counts 0", "rewards[2]: claimed ties=6, kernel counts 7"]
    bad_c = {**cert, "statement": "fractional_conjecture+fix_C", "C": cert["C"] + [extra]}
    assert kernel_problems(bad_c) == [f"involution_table[{j}][{i}] does not fix C"
                                        for j in range(2) for i in range(3)] + counts
    assert kernel_problems({**bad_c, "statement": "fractional_conjecture"}) == counts
    shared = {**cert, "statement": "fractional_conjecture+disjoint", "B": cert["B"] + [cert["A"][0]],
              "C": cert["C"]}
    problems = kernel_problems(shared)
    assert "hypothesis disjoint fails: A and B intersect" in problems
    assert "hypothesis disjoint fails: A and B intersect" not in kernel_problems(
        {**shared, "statement": "fractional_conjecture"})
    few = {**cert, "statement": "fractional_conjecture+n_at_least_m", "copies": cert["copies"][:1],
           "involution_table": [row[:1] for row in cert["involution_table"]]}
    assert "hypothesis n_at_least_m fails: n = 1 < m = 2" in kernel_problems(few)
    two = {**few, "copies": cert["copies"][:2], "involution_table": [row[:2] for row in cert["involution_table"]]}
    assert not any("n_at_least_m" in p for p in kernel_problems(two))          # n = m is allowed


REPORTS = {   # status, claim, hypotheses, rewards checked, skipped as non-generic, outcome sets from the environment
    "counterexample": ("verified", "gt >= 1/2 * lt", ["m = 2 parts of A, n = 1 common copies in B (PR D.13 table)"],
                       1, 0, False),
    "fractional": ("verified", "gt >= 3/2 * lt", ["m = 2 parts of A, n = 3 common copies in B (PR D.13 table)"],
                   6, 0, False),
    "power": ("verified", "gt >= 1 * lt", ["F(s) contains a copy of F_nd(s') (Def. A.7, F_nd by its certificate)"],
              9, 0, True),
    "raw": ("verified", "gt >= 2 * lt", ["B contains n = 2 copies of ND(A) (Def. A.7: involutive, into B, fixing "
                                         "the other copies)"], 10, 0, False),
    "relative": ("verified", "gt >= 2 * lt", ["B contains n = 2 copies of ND(A) (Def. A.7: involutive, into B, "
                                              "fixing the other copies)",
                                              "ND(C) <= Z <= C and every phi_i fixes Z minus B_extra"], 10, 0, False),
    "rule": ("verified", "gt >= 2 * lt", ["B contains n = 2 copies of A (Def. A.7: involutive, into B, fixing the "
                                          "other copies)", "A, B <= C and every phi_i fixes C"], 10, 0, False),
    "stochastic-1/2": ("verified", "gt >= 1 * lt", ["B contains n = 1 copies of ND(A) (Def. A.7: involutive, into B, "
                                                    "fixing the other copies)"], 4, 0, True),
    "strict": ("verified", "strict fraction >= 2/3 (generic rewards)",
               ["B contains n = 2 copies of ND(A) (Def. A.7: involutive, into B, fixing the other copies)",
                "A and B are disjoint"], 3, 0, False),
}


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_reports_say_exactly_what_was_checked(name):
    """Counts: patterns:0,1,2 in d = 3 is C(5, 3) = 10 rewards; the claim is n, n/(n+1) or n/m."""
    rep = verify(_corpus(name))
    got = (rep.status, rep.claim, rep.hypotheses, rep.rewards_checked, rep.rewards_skipped_non_generic,
           rep.outcome_sets_from_environment)
    assert got == REPORTS[name] and rep.problems == [] and rep.family == _corpus(name)["family"]
    assert rep.to_dict()["claim"] == rep.claim
