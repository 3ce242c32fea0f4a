"""Visit distributions kept with the environment: the same sets as built afresh, the same refusals, bounded."""

import copy
import dataclasses
import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symorbit import (
    GAMMA,
    MDP,
    InvalidArgument,
    TooLarge,
    orbit_counts,
    recurrent_state_distributions,
    visit_distributions,
)
from symorbit.mdp import visits
from symorbit.mdp.library import candy, opts_figure1
from symorbit.testing.naive import naive_orbit_counts
from symorbit.testing.strategies import deterministic_mdps, gammas, stochastic_mdps


def _fresh(env: MDP) -> MDP:
    """The same environment as another object, which keeps nothing yet."""
    return MDP(env.states, env.transitions, env.name)


def _outcome(call):
    """What a call gives: its set (vectors, tags, discount), or the error's type and message."""
    try:
        F = call()
    except (TooLarge, InvalidArgument) as error:
        return type(error).__name__, str(error)
    return F.coordinates, F.vectors, F.first_actions, F.gamma


def test_asked_again_the_same_set_and_the_same_parts():
    env = opts_figure1()
    F = visit_distributions(env, "star", "9/10")
    assert visit_distributions(env, "star", "9/10") is F
    assert visit_distributions(env, "star", "18/20") is F                 # the discount by value
    for a in env.actions("star"):
        part = visit_distributions(env, "star", "9/10", first_action=a)
        assert part is F.restrict(a)
        assert visit_distributions(env, "star", "9/10", first_action=a) is part
    # another discount, another state, another object: another set
    assert visit_distributions(env, "star", "1/2") is not F
    other = next(s for s in env.states if s != "star")
    assert visit_distributions(env, other, "9/10") is not F
    assert visit_distributions(_fresh(env), "star", "9/10") is not F
    R = recurrent_state_distributions(env, "star")
    assert recurrent_state_distributions(env, "star") is R
    assert R is not F


@settings(max_examples=60, deadline=None)
@given(deterministic_mdps(max_states=5, max_degree=3), st.data())
def test_deterministic_kept_sets_are_those_built_afresh(env, data):
    """Calls in any order (states, discounts, symbolic, first actions, RSD) give what a fresh environment gives."""
    for _ in range(6):
        state = data.draw(st.sampled_from(env.states))
        gamma = data.draw(st.one_of(gammas(), st.just(GAMMA), st.just("average")))
        action = data.draw(st.one_of(st.none(), st.sampled_from(env.actions(state))))
        if gamma == "average":
            got = _outcome(lambda: recurrent_state_distributions(env, state, first_action=action))
            want = _outcome(lambda: recurrent_state_distributions(_fresh(env), state, first_action=action))
        else:
            got = _outcome(lambda: visit_distributions(env, state, gamma, first_action=action))
            want = _outcome(lambda: visit_distributions(_fresh(env), state, gamma, first_action=action))
        assert got == want


@settings(max_examples=40, deadline=None)
@given(stochastic_mdps(max_states=3, max_actions=2), st.data())
def test_stochastic_kept_sets_are_those_built_afresh(env, data):
    for _ in range(4):
        state = data.draw(st.sampled_from(env.states))
        gamma = data.draw(st.one_of(gammas(), st.just("average")))
        if gamma == "average":
            got = _outcome(lambda: recurrent_state_distributions(env, state))
            want = _outcome(lambda: recurrent_state_distributions(_fresh(env), state))
        else:
            got = _outcome(lambda: visit_distributions(env, state, gamma))
            want = _outcome(lambda: visit_distributions(_fresh(env), state, gamma))
        assert got == want


@settings(max_examples=80, deadline=None)
@given(st.one_of(deterministic_mdps(min_states=2, max_states=5, max_degree=3),
                 stochastic_mdps(min_states=2, max_states=3, max_actions=2)),
       st.lists(st.integers(1, 200), min_size=2, max_size=8), st.booleans())
def test_a_kept_set_refuses_exactly_where_a_fresh_call_does(env, limits, symbolic):
    """Whatever limits were passed before, a call refuses (with the same message) exactly when it would on an
    environment that keeps nothing: the memo skips the estimate only above a limit it passed."""
    gamma = GAMMA if symbolic else "9/10"
    state = env.states[0]
    for limit in limits:
        got = _outcome(lambda: visit_distributions(env, state, gamma, max_work=limit))
        assert got == _outcome(lambda: visit_distributions(_fresh(env), state, gamma, max_work=limit))
        got = _outcome(lambda: recurrent_state_distributions(env, state, max_work=limit))
        assert got == _outcome(lambda: recurrent_state_distributions(_fresh(env), state, max_work=limit))


def test_a_kept_set_still_refuses_a_small_limit_and_a_bad_one():
    env = opts_figure1()
    F = visit_distributions(env, "star", "9/10")
    with pytest.raises(TooLarge, match="over the limit 2;"):
        visit_distributions(env, "star", "9/10", max_work=2)
    for bad in (0, -1, True, 2.5, 10.0**9, "1000000", None):     # (some above the limit passed before)
        with pytest.raises(InvalidArgument, match="max_work"):
            visit_distributions(env, "star", "9/10", max_work=bad)
    # a smaller limit that passes is remembered as passed, and the set is still the kept one
    enough = len(F) * env.n_states * 10
    assert visit_distributions(env, "star", "9/10", max_work=enough) is F
    assert env._memo["visit_distributions"][("star", F.gamma)][1] == enough
    assert visit_distributions(env, "star", "9/10", max_work=enough) is F


def test_the_memo_is_not_part_of_the_value():
    env = opts_figure1()
    empty = _fresh(env)
    size = len(pickle.dumps(env))
    visit_distributions(env, "star", "9/10")
    recurrent_state_distributions(env, "star")
    assert env._memo and not empty._memo
    assert env == empty and hash(env) == hash(empty) and repr(env) == repr(empty)
    assert len(pickle.dumps(env)) == size
    for copied in (pickle.loads(pickle.dumps(env)), copy.copy(env), copy.deepcopy(env),
                   dataclasses.replace(env)):
        assert copied == env and copied._memo == {}
        assert copied.index("star") == env.index("star")
        assert visit_distributions(copied, "star", "9/10").vectors == visit_distributions(env, "star", "9/10").vectors
    # a pickle made before the memo held every field's value in a list, the index among them
    old = MDP.__new__(MDP)
    old.__setstate__([env.states, env.transitions, env.name, {s: i for i, s in enumerate(env.states)}])
    assert old == env and old._memo == {} and old.index("star") == env.index("star")


def test_the_memo_is_bounded(monkeypatch):
    env = opts_figure1()
    monkeypatch.setattr(visits, "KEPT_SETS", 2)
    first = visit_distributions(env, "star", "1/2")
    second = visit_distributions(env, "star", "1/3")
    assert visit_distributions(env, "star", "1/2") is first
    visit_distributions(env, "star", "1/4")                   # a third: the oldest goes
    assert len(env._memo["visit_distributions"]) == 2
    again = visit_distributions(env, "star", "1/2")
    assert again is not first and again.vectors == first.vectors
    assert visit_distributions(env, "star", "1/4") is visit_distributions(env, "star", "1/4")
    assert second is not visit_distributions(env, "star", "1/3")     # gone when 1/2 came back
    monkeypatch.setattr(visits, "KEPT_SETS", 64)
    size = len(first) * env.n_states
    monkeypatch.setattr(visits, "KEPT_ENTRIES", 2 * size)
    kept = env._memo["visit_distributions"]
    kept.clear()
    sets = [visit_distributions(env, "star", g) for g in ("1/5", "1/6", "1/7")]
    assert len(kept) <= 2 and sum(len(v) * v.dimension for v, _ in kept.values()) <= 2 * size
    assert visit_distributions(env, "star", "1/7") is sets[2]
    monkeypatch.setattr(visits, "KEPT_ENTRIES", size - 1)     # a set larger than the bound alone: not kept
    kept.clear()
    big = visit_distributions(env, "star", "1/8")
    assert not kept and visit_distributions(env, "star", "1/8") is not big


def test_a_loop_over_rewards_counts_the_kept_parts():
    """The natural loop: F(s | a) at every reward, counted against F(s | b), the brute force's counts."""
    env = candy()
    rewards = [(1, 2, 3, 4, 5), (5, 4, 3, 2, 1), (0, 1, 1, 2, 2), (3, 0, 0, 3, 1)]
    for r in rewards:
        A = visit_distributions(env, "start", "1/2", first_action="candy")
        B = visit_distributions(env, "start", "1/2", first_action="wait")
        assert A is visit_distributions(env, "start", "1/2").restrict("candy")
        c = orbit_counts(A, B, r)
        assert (c.b_better, c.a_better, c.ties) == naive_orbit_counts(list(A), list(B), r)


@settings(max_examples=200, deadline=None)
@given(st.integers(-12, 12), st.integers(-12, 12), st.sampled_from(["{}/{}", " {}/{} ", "{}/{}.0", "{}", "0.{}"]))
def test_discount_spellings_read_once_are_read_as_before(p, q, spelling):
    """check_gamma keeps the text of a valid discount: the same Fraction, and the same refusal every time."""
    from symorbit.exact import numbers

    text = spelling.format(p, q)
    numbers._GAMMAS.clear()
    first = _outcome_of_gamma(text)
    assert _outcome_of_gamma(text) == first == _outcome_of_gamma(text)
    if isinstance(first, tuple):                  # refused: nothing kept
        assert text not in numbers._GAMMAS
    else:
        assert numbers._GAMMAS[text] == first and first == numbers.to_fraction(text) and 0 < first < 1


def _outcome_of_gamma(text):
    from symorbit.errors import SymorbitError
    from symorbit.exact.numbers import check_gamma

    try:
        return check_gamma(text)
    except SymorbitError as error:
        return type(error).__name__, str(error)


def test_discount_spellings_kept_are_bounded():
    from symorbit.exact import numbers

    numbers._GAMMAS.clear()
    for q in range(2, 400):
        assert numbers.check_gamma(f"1/{q}") == numbers.Fraction(1, q)
    assert len(numbers._GAMMAS) == 256 and "1/399" not in numbers._GAMMAS
    assert numbers.check_gamma("1/399") == numbers.Fraction(1, 399)


@settings(max_examples=40, deadline=None)
@given(deterministic_mdps(min_states=2, max_states=5, max_degree=3), st.data())
def test_minus_start_is_kept_with_f(env, data):
    # {f − e_s}: the same set each time for F and an index, equal to the definition; two instances of one state's
    # POWER comparison share their sets (and so what is kept with them)
    from symorbit.mdp.visits import minus_start

    state = data.draw(st.sampled_from(env.states))
    F = visit_distributions(env, state, "9/10")
    i = env.index(state)
    G = minus_start(F, i)
    assert minus_start(F, i) is G and F.kept()["minus_start"][i] is G
    want = {tuple(x - (j == i) for j, x in enumerate(v)): F.tags(v) for v in F}
    assert {v: G.tags(v) for v in G} == want and G.gamma == F.gamma
    other = (i + 1) % env.n_states
    assert minus_start(F, other) is not G and minus_start(F, other) == minus_start(_fresh_set(F), other)
    with pytest.raises(IndexError):
        minus_start(F, env.n_states + 3)


def _fresh_set(F):
    from symorbit import OutcomeSet

    return OutcomeSet(F.coordinates, F.vectors, F.first_actions, F.gamma)
