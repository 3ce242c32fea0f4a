"""The split rules of count_profiles' trees (profiles.SPLIT_RULES; docs/performance.md#split-choice, issue 24).

Every rule only changes which cutting hyperplane splits a cone, so every rule must list the same profiles as the
rule of issue 13 (``most``) and as brute force, and every rule's replayable trees must be accepted by the kernel.
"""

import itertools
import random
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_profiles import A4, B4, fresh_cache  # noqa: F401  (tests/ is on sys.path; the autouse fixture too)

import symorbit.orbits.profiles as profiles_module
from symorbit import InvalidArgument, count_profiles
from symorbit.kernel.chambers import chamber_profiles
from symorbit.kernel.check import Budget
from symorbit.orbits.extremes import MAX_PIECES, _search, worst_cases
from symorbit.orbits.profiles import SPLIT_RULES, _enumerate, _prepare, profile_trees
from symorbit.testing.naive import naive_orbit_counts


def naive_key(A, B, r, C=None):
    b, a, t = naive_orbit_counts(A, B, r, C)
    return (b, a, t, b + a + t)


def kernel_profiles(problem, trees):
    """The kernel's replay of ``trees`` on the problem's ND sets: (profile set, problems it reported)."""
    sets = [[problem.vectors[i] for i in g] for g in problem.groups]
    problems: list[str] = []
    found = chamber_profiles(sets[0], sets[1], sets[2] if problem.relative else None, trees, Budget(10**10), problems)
    return found, problems


def common_sum(d):
    return st.lists(st.integers(0, 2), min_size=d - 1, max_size=d - 1).map(lambda v: (*v, 2 * (d - 1) - sum(v)))


def tied(d):
    return st.lists(st.integers(0, 2), min_size=d, max_size=d).map(tuple)


def sets_a_b_c(max_d, max_c):
    """A and B (1 to 3 vectors), extra vectors for C (at most ``max_c``), d ∈ [3, max_d], with or without a common
    coordinate sum, and whether C = A ∪ B ∪ extra is used."""
    return st.tuples(st.integers(3, max_d), st.booleans()).flatmap(lambda ds: st.tuples(
        st.lists(common_sum(ds[0]) if ds[1] else tied(ds[0]), min_size=1, max_size=3),
        st.lists(common_sum(ds[0]) if ds[1] else tied(ds[0]), min_size=1, max_size=3),
        st.lists(common_sum(ds[0]) if ds[1] else tied(ds[0]), min_size=1, max_size=max_c),
        st.booleans()))


@settings(max_examples=15, deadline=None)
@given(sets_a_b_c(4, 2), st.integers(0, 10**6))
def test_every_rule_lists_the_same_profiles_as_most_and_brute_force_and_the_kernel_replays_its_trees(case, seed):
    A, B, extra, relative = case
    C = sorted(set(A) | set(B) | set(extra)) if relative else None
    problem, _ = _prepare(A, B, C)
    reference, _ = _enumerate(problem, rule="most")
    d = len(A[0])
    rng = random.Random(seed)
    sampled = [tuple(Fraction(rng.randint(-9, 9), rng.randint(1, 4)) for _ in range(d)) for _ in range(30)]
    sampled += list(itertools.combinations_with_replacement(range(-1, 3), d))
    assert {naive_key(A, B, r, C) for r in sampled} <= set(reference)         # brute force: nothing is missing
    for rule in SPLIT_RULES:
        for replayable in (True, False):
            found, stats = _enumerate(problem, replayable=replayable, rule=rule)
            assert set(found) == set(reference), (rule, replayable)
            for counts, r in found.items():                                  # brute force: every witness
                assert naive_key(A, B, r, C) == counts
            if replayable:
                replayed, problems = kernel_profiles(problem, stats["trees"])
                assert problems == [] and replayed == set(reference), (rule, problems)
            assert stats["rule"] == rule


@pytest.mark.parametrize("rule", SPLIT_RULES)
def test_count_profiles_and_profile_trees_follow_the_switch_and_remember_per_rule(monkeypatch, rule):
    """SPLIT_RULE is read at each call and is part of the remembered key: the trees of one rule are never
    handed out under another."""
    most_profiles, most_trees = profile_trees(A4, B4)
    monkeypatch.setattr(profiles_module, "SPLIT_RULE", rule)
    profiles, trees = profile_trees(A4, B4)
    assert [p.counts for p in profiles] == [p.counts for p in most_profiles]
    assert [p.counts for p in count_profiles(A4, B4)] == [p.counts for p in most_profiles]
    problem, _ = _prepare(A4, B4, None)
    fresh = _enumerate(problem, rule=rule)[1]["trees"]
    assert trees == fresh
    replayed, problems = kernel_profiles(problem, trees)
    assert problems == [] and replayed == {p.counts for p in profiles}


def test_the_rules_make_different_trees_with_the_leaves_measured():
    """Worked example (the Q^4 instance of tests/test_profiles.py): leaves of the replayable trees and of
    count_profiles' enumeration per rule, as measured when the rules were added (24 profiles either way)."""
    problem, _ = _prepare(A4, B4, None)
    leaves = {}
    for rule in SPLIT_RULES:
        found, stats = _enumerate(problem, rule=rule)
        strong, strong_stats = _enumerate(problem, replayable=False, rule=rule)
        assert len(found) == len(strong) == 24
        leaves[rule] = (stats["leaves"], strong_stats["leaves"])
    assert leaves == EXPECTED_LEAVES


EXPECTED_LEAVES = {"most": (30, 26), "lookahead": (27, 22), "lookahead-rays": (35, 32)}


def test_an_unknown_rule_is_refused(monkeypatch):
    problem, _ = _prepare(A4, B4, None)
    with pytest.raises(InvalidArgument, match="split rule 'widest'"):
        _enumerate(problem, rule="widest")
    monkeypatch.setattr(profiles_module, "SPLIT_RULE", "widest")
    with pytest.raises(InvalidArgument, match="expected one of most, "):
        count_profiles(A4, B4)


@settings(max_examples=10, deadline=None)
@given(sets_a_b_c(4, 1))
def test_worst_cases_search_finds_the_same_minima_under_every_rule(case):
    A, B, _, _ = case
    problem, _ = _prepare(A, B, None)
    want = worst_cases(A, B)
    values = (want.ratio.value, want.strict.value, want.weak.value)
    for rule in SPLIT_RULES:
        best = _search(problem, False, MAX_PIECES, rule).best
        assert tuple(None if best[q] is None else best[q][0] for q in ("ratio", "strict", "weak")) == values, rule
