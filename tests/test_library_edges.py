"""The library's edges (thirty-sixth session's audit of the public API): each call below answered wrongly, ran on
without a bound, or raised an internal exception; each is now refused by name or answered exactly."""

from __future__ import annotations

import dataclasses
from fractions import Fraction

import pytest
import sympy as sp

from symorbit import Copies, Instance, Statement, check_statement, orbit_counts, statement_spec
from symorbit.errors import InvalidArgument, NotExact, TooLarge
from symorbit.parametric import GT, LT, Claim, RewardPattern, count_formula, one_hot_family, prove

m, n, t, u = sp.symbols("m n t u")
CANDY = Instance(A=[[1, 0, 0]], B=[[0, 1, 0], [0, 0, 1]])


# ------------------------------------------------------------------ all-sizes proofs
@pytest.mark.parametrize("max_level", [0, -1, True, 1.5, "3"])
def test_prove_refuses_a_max_level_that_checks_no_level(max_level):
    # max_level=0 checked no level and said "PROVED for every integer m >= 1, n >= 1" of a false claim
    false = Claim(m * GT - n * LT, {}, "no_hypothesis", "m·gt ≥ n·lt")
    with pytest.raises(InvalidArgument, match="max_level="):
        prove(false, one_hot_family(m, n), RewardPattern.top_tie(t), max_level=max_level)
    assert prove(false, one_hot_family(m, n), RewardPattern.top_tie(t), max_level=3).status == "refuted"


def test_prove_refuses_a_level_range_that_starts_above_max_level():
    from symorbit.parametric import fractional_bound

    fam = one_hot_family(m, n)
    claim = fractional_bound(fam)
    claim = dataclasses.replace(claim, lower={**claim.lower, "t": 3})
    with pytest.raises(InvalidArgument, match="max_level=2 is below the level t's least value 3"):
        prove(claim, fam, RewardPattern.top_tie(t), max_level=2)


@pytest.mark.parametrize("pattern, max_level", [(RewardPattern.top_tie(t), 65), (RewardPattern((t, u)), 15)])
def test_prove_refuses_up_front_what_the_kernel_could_not_read(pattern, max_level):
    # max_level=40 ran for minutes before the kernel's budget refused it; 65 levels or 225 claims never verify
    from symorbit.parametric import fractional_bound

    fam = one_hot_family(m, n)
    with pytest.raises(TooLarge, match="the kernel reads at most 200 claims and levels of at most 64"):
        prove(fractional_bound(fam), fam, pattern, max_level=max_level)


@pytest.mark.parametrize("kw", [{"bound": 0}, {"kernel_work": 0}, {"kernel_work": 1.5}])
def test_prove_refuses_a_bound_or_budget_that_is_not_a_positive_integer(kw):
    from symorbit.parametric import fractional_bound

    fam = one_hot_family(m, n)
    with pytest.raises(InvalidArgument, match="must be a positive integer"):
        prove(fractional_bound(fam), fam, RewardPattern.top_tie(t), max_level=2, **kw)


def test_count_formula_refuses_levels_that_do_not_fit_and_a_level_below_one():
    # levels of 5 coordinates in d = 2 gave NaN counts and an orbit of 1/60; RewardPattern((0,)) was accepted
    with pytest.raises(InvalidArgument, match="the pattern's levels take 5 coordinates, but the family has d = 2"):
        count_formula(one_hot_family(1, 1), RewardPattern((5,)))
    for level in (0, -2):
        with pytest.raises(InvalidArgument, match=f"levels\\[0\\]={level} must be at least 1"):
            RewardPattern((level,))
    f = count_formula(one_hot_family(1, 1), RewardPattern((2,)))
    assert (f.b_better, f.a_better, f.ties, f.orbit_size) == (0, 0, 1, 1)


# ------------------------------------------------------------------ statements
@pytest.mark.parametrize("value", [None, 5, object()])
def test_statement_spec_refuses_what_is_not_a_statement(value):
    # None matched sys.pycache_prefix by identity and came back as 'sys:pycache_prefix'
    with pytest.raises(InvalidArgument, match="must be a name, 'module:attribute' or a Statement"):
        statement_spec(value)


def _statement(**kw):
    base = dict(name="x", title="t", source="s", status="conjectured", text=".", mode="raw",
                hypotheses=(Copies(of="ND(A)"),), claim={"kind": "most", "ratio": 1})
    return Statement(**{**base, **kw})


@pytest.mark.parametrize("kw, error, said", [
    ({"claim": {"kind": "most", "ratio": 1.5}}, NotExact, 'claim ratio=1.5 is a float, which is not exact; write it as "3/2"'),
    ({"claim": {"kind": "weak_fraction", "bound": 0.5}}, NotExact, "claim bound=0.5 is a float"),
    ({"claim": {"kind": "most"}}, InvalidArgument, "a claim of kind 'most' needs 'ratio'"),
])
def test_a_claim_dict_is_read_exactly_or_refused(kw, error, said):
    # ratio 1.5 gave the bound 3/2 from the binary float; a claim without its number raised KeyError: 'ratio'
    with pytest.raises(error, match=said):
        check_statement(_statement(**kw), CANDY, [[1, 2, 3]])
    assert check_statement(_statement(claim={"kind": "most", "ratio": "3/2"}), CANDY, [[1, 2, 3]]).bound == \
        Fraction(3, 2)


@pytest.mark.parametrize("kw, said", [
    ({"status": "maybe"}, "status must be one of proved, conjectured, claimed, not 'maybe'"),
    ({"name": None}, "Statement\\(name=None\\): the name must be a non-empty string"),
    ({"name": " "}, "the name must be a non-empty string"),
    ({"title": None}, "title must be a string"),
    ({"hypotheses": None}, "hypotheses must be a tuple of hypotheses"),
])
def test_a_statement_is_refused_when_it_is_built(kw, said):
    # each was accepted, and the check raised AttributeError or TypeError inside the kernel's declaration
    with pytest.raises(InvalidArgument, match=said):
        _statement(**kw)


@pytest.mark.parametrize("family, said", [
    ("bogus", "family='bogus' is not a reward family spec"),
    ("all", "family='all' is not a reward family spec"),
    ("patterns:0,1", "family='patterns:0,1': the 1 rewards given are not that family's"),
])
def test_a_family_that_is_not_the_rewards_own_is_bad_input_not_an_engine_error(family, said):
    # it raised InvariantViolation ("a bug, never bad input") when the kernel re-generated the family
    from symorbit.theorems import scaling_law_raw

    with pytest.raises(InvalidArgument, match=said):
        check_statement(scaling_law_raw.STATEMENT, CANDY, [[1, 2, 3]], family=family)
    from symorbit.orbits.rewards import reward_family

    v = check_statement(scaling_law_raw.STATEMENT, CANDY, reward_family("patterns:0,1", 3), family="patterns:0,1")
    assert v.status == "holds" and v.provenance == "kernel-checked"


# ------------------------------------------------------------------ rewards
@pytest.mark.parametrize("reward, kind", [({0: 5, 1: 5, 2: 1}, "dict"), ({1, 2, 3}, "set"),
                                          (frozenset({1, 2}), "frozenset")])
def test_a_mapping_or_a_set_is_no_reward(reward, kind):
    # {0: 5, 1: 5, 2: 1} was counted as the reward (0, 1, 2): its keys
    with pytest.raises(InvalidArgument, match=f"reward is a {kind}: give the vector as a list"):
        orbit_counts(CANDY.A, CANDY.B, reward)
    from symorbit.exact.numbers import to_vector

    with pytest.raises(InvalidArgument, match=f"v is a {kind}"):
        to_vector(reward, name="v")


# ------------------------------------------------------------------ arguments checked by name
def test_check_copies_reads_lists_and_refuses_what_is_not_a_permutation():
    # lists of lists raised "unhashable type: 'list'"; (1, 0, 5) an IndexError
    from symorbit import check_copies
    from symorbit.errors import CertificateRejected

    assert check_copies([[1, 0, 0]], [[0, 1, 0], [0, 0, 1]], [(1, 0, 2), (2, 1, 0)]) == 2
    for bad in [(1, 0, 5), (0, 1), (0, None, 2), None]:
        with pytest.raises(CertificateRejected, match="phi_0 is not a permutation of 0..2"):
            check_copies({(1, 0, 0)}, {(0, 1, 0), (0, 0, 1)}, [bad])


@pytest.mark.parametrize("kw, error, said", [
    ({"max_pieces": 1e6}, InvalidArgument, "max_pieces=1000000.0 must be a positive integer"),
    ({"max_pieces": None}, InvalidArgument, "max_pieces=None must be a positive integer"),
    ({"max_seconds": 0}, InvalidArgument, "max_seconds=0: give a positive number of seconds"),
    ({"max_seconds": 0.5}, NotExact, "max_seconds=0.5 is a float"),
])
def test_worst_cases_reads_its_budgets_by_name(kw, error, said):
    from symorbit import worst_cases

    with pytest.raises(error, match=said):
        worst_cases(CANDY.A, CANDY.B, **kw)
    # "1/2" passed the check and failed as float("1/2") in the search
    assert worst_cases(CANDY.A, CANDY.B, max_seconds="1/2").ratio.value == Fraction(2)


def test_claim_worst_cases_refuses_a_report_budget_that_is_not_a_positive_integer():
    from symorbit.orbits.extremes import claim_worst_cases

    for bad in (-1, 1.5):
        with pytest.raises(InvalidArgument, match="report_pieces="):
            claim_worst_cases(CANDY.A, CANDY.B, "ratio", 2, report_pieces=bad)


@pytest.mark.parametrize("max_work", [float("nan"), None, "1", 0, True])
def test_power_refuses_a_work_limit_that_is_not_a_positive_number(max_work):
    # NaN passed every comparison and ran; None and "1" raised a TypeError
    from symorbit import power
    from symorbit.mdp.library import candy

    with pytest.raises(InvalidArgument, match="max_work=.* must be a positive number of work units"):
        power(candy(), "start", "1/2", max_work=max_work)
    assert power(candy(), "start", "1/2", max_work=float("inf")) == Fraction(11, 16)


def test_environment_arguments_are_refused_by_name():
    from symorbit import MDP
    from symorbit.errors import InvalidEnvironment
    from symorbit.mdp.library import load_environment

    with pytest.raises(InvalidArgument, match="max_states=-1 must be a positive integer"):
        load_environment("candy", max_states=-1)
    with pytest.raises(InvalidEnvironment, match="an environment file is .toml, .json, .dot, .grid, .gv"):
        MDP.from_file("/tmp")
    with pytest.raises(InvalidEnvironment, match="path=None must be a file name"):
        MDP.from_file(None)


@pytest.mark.parametrize("kw, said", [({"Z": [[1]]}, "Z has dimension 1 but A has 3"),
                                      ({"C": [[1, 0]]}, "C has dimension 2 but A has 3"),
                                      ({"parts": [[[1, 0]]]}, "parts\\[0\\] has dimension 2 but A has 3")])
def test_an_instance_refuses_sets_of_another_dimension(kw, said):
    # Z in Q^1 beside A in Q^2 was accepted, and fractional_conjecture then "held"
    with pytest.raises(InvalidArgument, match=said):
        Instance(A=CANDY.A, B=CANDY.B, **kw)


def test_a_decimal_is_read_exactly():
    # Decimal("0.5") was "not a number"; a decimal is exact, so it is read as the rational it writes
    from decimal import Decimal

    from symorbit.exact.numbers import to_fraction

    assert to_fraction(Decimal("0.1")) == Fraction(1, 10)
    assert orbit_counts(CANDY.A, CANDY.B, [Decimal("0.5"), 1, Decimal("1.5")]) == orbit_counts(
        CANDY.A, CANDY.B, ["1/2", 1, "3/2"])
    for bad in (Decimal("NaN"), Decimal("-Infinity")):
        with pytest.raises(NotExact, match="is not a finite number"):
            to_fraction(bad)


def test_power_figure_refuses_a_state_name_given_as_the_list_of_states():
    pytest.importorskip("matplotlib")
    from symorbit.mdp.library import candy
    from symorbit.plots import power_figure

    with pytest.raises(InvalidArgument, match="states='start' must be a list of states, such as \\['start'\\]"):
        power_figure(candy(), "start", gammas=["1/2"])


# ------------------------------------------------------------------ wrong types named, not met inside
def test_permutations_are_checked_where_they_are_built_or_combined():
    # identity(-1) was (), identity(10**12) a MemoryError, transposition(3, 0, -1) swapped 0 with 2, inverse((1, 1))
    # was (0, 1) and compose((1, 1), (0, 1)) was (1, 1)
    from symorbit.outcomes.groups import MAX_DEGREE, compose, identity, inverse, transposition

    with pytest.raises(InvalidArgument, match="d=-1 must be a number of coordinates"):
        identity(-1)
    with pytest.raises(TooLarge, match="a permutation of more than"):
        identity(MAX_DEGREE + 1)
    for i, j in ((0, -1), (0, 3), (True, 1)):
        with pytest.raises(InvalidArgument, match="i and j must be coordinates 0..2"):
            transposition(3, i, j)
    with pytest.raises(InvalidArgument, match="p=\\[1, 1\\] is not a permutation of 0..1"):
        inverse((1, 1))
    with pytest.raises(InvalidArgument, match="is not a permutation"):
        compose((1, 1), (0, 1))
    with pytest.raises(InvalidArgument, match="compose: p has 2 coordinates but q has 3"):
        compose((1, 0), (0, 1, 2))
    assert identity(3) == (0, 1, 2) and transposition(3, 0, 2) == (2, 1, 0)
    assert inverse((2, 0, 1)) == (1, 2, 0) and compose((1, 2, 0), (1, 2, 0)) == (2, 0, 1)


def test_a_dense_one_hot_vector_past_ten_million_entries_is_refused():
    # one_hot(10**9, 1) took 252 s and gigabytes; the sparse form is read at any d
    from symorbit.outcomes.outcome_sets import MAX_DENSE, one_hot

    with pytest.raises(TooLarge, match="pass sparse=True"):
        one_hot(MAX_DENSE + 1, 1)
    assert len(one_hot(10**9, 1, sparse=True)) == 10**9


@pytest.mark.parametrize("call", ["visit_distributions", "power", "lassos", "write_gv", "to_networkx",
                                  "counts_over_gamma"])
def test_a_call_on_an_environment_refuses_what_is_not_one(call):
    # each raised AttributeError ('NoneType' object has no attribute ...) from inside
    from symorbit import counts_over_gamma, power, visit_distributions
    from symorbit.mdp.formats import to_networkx, write_gv
    from symorbit.mdp.visits import lassos

    calls = {"visit_distributions": lambda: visit_distributions(None, "s", "1/2"),
             "power": lambda: power(None, "s", "1/2"), "lassos": lambda: list(lassos(None, "s")),
             "write_gv": lambda: write_gv(None), "to_networkx": lambda: to_networkx(5),
             "counts_over_gamma": lambda: counts_over_gamma(None, "s", ["a"], ["b"], [1, 2])}
    with pytest.raises(InvalidArgument, match=f"{call}: env=.* must be an MDP"):
        calls[call]()


def test_check_statement_names_its_arguments():
    from symorbit.theorems import scaling_law_raw

    st = scaling_law_raw.STATEMENT
    for args, kw, said in [((None, CANDY, [[1, 2, 3]]), {}, "statement=None must be a Statement"),
                           ((st, None, [[1, 2, 3]]), {}, "instance=None must be an Instance"),
                           ((st, CANDY, None), {}, "rewards=None must be a list of reward vectors"),
                           ((st, CANDY, [[1, 2, 3]]), {"progress": 5}, "progress=5 must be a callable")]:
        with pytest.raises(InvalidArgument, match=said):
            check_statement(*args, **kw)
    with pytest.raises(InvalidArgument, match="progress=5 must be a callable"):
        orbit_counts(CANDY.A, CANDY.B, [1, 2, 3], progress=5)


def test_other_arguments_are_named():
    import networkx as nx

    from symorbit import MDP, search, visit_distributions
    from symorbit.errors import InvalidEnvironment
    from symorbit.mdp.library import candy
    from symorbit.tables import Table

    with pytest.raises(InvalidArgument, match="first_action=\\['candy'\\] must be one action's name"):
        visit_distributions(candy(), "start", "1/2").restrict(["candy"])
    with pytest.raises(InvalidArgument, match="levels=None must be a sequence of level sizes"):
        RewardPattern(None)
    with pytest.raises(InvalidArgument, match="Table: rows=None must be a sequence"):
        Table(("a",), None)
    with pytest.raises(InvalidArgument, match="row 0 is NoneType"):
        Table(("a",), [None])
    with pytest.raises(InvalidArgument, match="a folder; name a file"):
        search("fractional_conjecture", "one-hot:3", "patterns:0,1", workers=1, progress=False, checkpoint="/tmp")
    with pytest.raises(InvalidArgument, match="fam=None must be a family spec"):
        search("fractional_conjecture", None, "patterns:0,1", workers=1, progress=False)
    g = nx.DiGraph()
    g.add_edge("s", "t", probs="1/2")
    g.add_edge("t", "t", probs={"a": 1})
    with pytest.raises(InvalidEnvironment, match="edge \\(s, t\\): probs='1/2' must be a mapping"):
        MDP.from_networkx(g)
