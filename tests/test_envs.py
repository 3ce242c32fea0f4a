"""Environments: constructors, the file formats, and every validation error."""

import json
from fractions import Fraction

import networkx as nx
import pytest

from symorbit import (
    MDP,
    InvalidArgument,
    InvalidEnvironment,
    NotExact,
    load_environment,
)
from symorbit.exact.numbers import check_gamma, to_fraction
from symorbit.mdp.library import candy, coin, die_live, opts_figure1


def test_deterministic_adjacency_and_terminal_self_loop():
    env = candy()
    assert env.states == ("start", "candy", "wait", "chocolate", "hug")
    assert env.actions("start") == ("candy", "wait")
    assert env.transition("hug", "stay") == {"hug": Fraction(1)}
    assert env.is_terminal("hug") and not env.is_terminal("wait")
    assert env.is_deterministic


def test_stochastic_spec_and_reachability():
    env = coin()
    assert not env.is_deterministic
    assert env.reachable("start", action="flip") == {"heads", "tails", "gold", "silver"}
    assert env.reachable("heads") == {"heads", "gold", "silver"}


@pytest.mark.parametrize(
    "spec, error, match",
    [
        ({"s": {"a": {"s": 0.5, "t": "1/2"}}, "t": {}}, NotExact, r'T\(s, a\)\[s\]=0.5 is a float.*"1/2"'),
        ({"s": {"a": {"s": "-1/2", "t": "3/2"}}, "t": {}}, InvalidEnvironment, r"T\(s, a\)\[s\]=-1/2 is negative"),
        ({"s": {"a": {"s": "1/2", "t": "1/3"}}, "t": {}}, InvalidEnvironment, r"sum to 5/6, not 1"),
        ({"s": {"a": {"u": 1}}}, InvalidEnvironment, r"T\(s, a\) leads to unknown state 'u'"),
        ({}, InvalidEnvironment, r"no states"),
        ({"s": {"a": {}}}, InvalidEnvironment, r"T\(s, a\) is empty"),
        ({"s": {"a": {"s": "one"}}}, InvalidArgument, r"not an exact number"),
    ],
)
def test_stochastic_validation_errors(spec, error, match):
    with pytest.raises(error, match=match):
        MDP.stochastic(spec)


def test_deterministic_validation_errors():
    with pytest.raises(InvalidEnvironment, match="unknown state 'x'"):
        MDP.deterministic({"a": ["x"]})
    with pytest.raises(InvalidEnvironment, match="listed twice"):
        MDP.deterministic({"a": ["a", "a"]})
    with pytest.raises(InvalidEnvironment, match="no states"):
        MDP.deterministic({})
    with pytest.raises(InvalidArgument, match="state='nope' is not a state of candy"):
        candy().index("nope")
    with pytest.raises(InvalidArgument, match="action='x' is not available in state 'start'"):
        candy().transition("start", "x")


@pytest.mark.parametrize("gamma", [0, 1, -1, "3/2", Fraction(1)])
def test_discount_outside_unit_interval(gamma):
    with pytest.raises(InvalidArgument, match="outside \\(0, 1\\)"):
        check_gamma(gamma)


def test_float_discount_is_refused_with_the_exact_spelling():
    with pytest.raises(NotExact, match='gamma=0.9 is a float.*"9/10"'):
        check_gamma(0.9)
    with pytest.raises(NotExact, match=r"gamma=.0.25. is a decimal.*\"1/4\""):
        check_gamma("0.25")
    assert to_fraction("-2/7") == Fraction(-2, 7)


def test_networkx_deterministic_and_stochastic():
    g = nx.DiGraph([("start", "candy"), ("start", "wait"), ("wait", "chocolate"), ("wait", "hug")])
    assert MDP.from_networkx(g).transitions == candy().transitions
    h = nx.DiGraph()
    h.add_edge("s", "s", probs={"a": "1/2"})
    h.add_edge("s", "t", probs={"a": "1/2", "b": 1})
    h.add_node("t")
    env = MDP.from_networkx(h)
    assert env.transition("s", "a") == {"s": Fraction(1, 2), "t": Fraction(1, 2)}
    assert env.transition("s", "b") == {"t": Fraction(1)}


@pytest.mark.parametrize("env", [candy(), coin(), opts_figure1(), die_live(2, 3)])
def test_file_round_trip_json_and_toml(env, tmp_path):
    p = tmp_path / "env.json"
    p.write_text(json.dumps(env.to_dict()))
    assert MDP.from_file(p) == env
    toml_lines = [f'name = "{env.name}"', f"states = {json.dumps(list(env.states))}"]
    data = env.to_dict()
    if "deterministic" in data:
        toml_lines.append("[deterministic]")
        toml_lines += [f'"{s}" = {json.dumps(v)}' for s, v in data["deterministic"].items()]
    else:
        for s, acts in data["stochastic"].items():
            toml_lines.append(f'[stochastic."{s}"]')
            for a, dist in acts.items():
                inner = ", ".join(f'"{t}" = "{p}"' for t, p in dist.items())
                toml_lines.append(f'"{a}" = {{ {inner} }}')
    q = tmp_path / "env.toml"
    q.write_text("\n".join(toml_lines) + "\n")
    assert MDP.from_file(q) == env


def test_malformed_files_name_the_file(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(InvalidEnvironment, match=r"bad.json: malformed JSON at line 1"):
        MDP.from_file(bad)
    bad2 = tmp_path / "bad.toml"
    bad2.write_text('[stochastic.s.a]\ns = 0.5\n')
    with pytest.raises(NotExact, match=r"bad.toml: .*0.5 is a float"):
        MDP.from_file(bad2)
    with pytest.raises(InvalidEnvironment, match="cannot read"):
        MDP.from_file(tmp_path / "missing.toml")
    other = tmp_path / "x.json"
    other.write_text('{"graph": {}}')
    with pytest.raises(InvalidEnvironment, match="exactly one of the keys"):
        MDP.from_file(other)


def test_builtin_names():
    assert load_environment("die-live:2:51").n_states == 3 + 2 + 51
    with pytest.raises(InvalidArgument, match="neither a built-in"):
        load_environment("nowhere")
    with pytest.raises(InvalidArgument, match="die-live:M:N"):
        load_environment("die-live:2")
