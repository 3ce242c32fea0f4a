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
