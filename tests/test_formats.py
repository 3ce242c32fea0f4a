"""Environments from other tools: POWERplay Graphviz (both forms), ASCII gridworlds, networkx."""

import json
import re
from fractions import Fraction

import networkx as nx
import pytest
from hypothesis import given, settings

from symorbit import (
    MDP,
    load_environment,
    recurrent_state_distributions,
    visit_distributions,
)
from symorbit.cli.commands import main
from symorbit.errors import InvalidEnvironment, NotExact
from symorbit.mdp.formats import read_grid_text, read_gv_text, to_networkx, write_gv
from symorbit.mdp.library import opts_figure1
from symorbit.testing.strategies import deterministic_mdps, stochastic_mdps

RENAME = {"★": "star", "∅": "empty", "ℓ_◁": "l_mid", "r_▷": "r_mid", "ℓ_↖": "l_up", "ℓ_↙": "l_down",
          "r_↗": "r_up", "r_↘": "r_down"}


def test_figure1_by_hand_is_the_builtin():
    env = MDP.from_file("tests/data/figure1.gv")
    assert env.name == "figure 1 by hand" and env.n_states == 8
    adj = {RENAME[s]: sorted(RENAME[t] for a in env.actions(s) for t in env.transition(s, a)) for s in env.states}
    ref = opts_figure1()
    assert adj == {s: sorted(t for a in ref.actions(s) for t in ref.transition(s, a)) for s in ref.states}
    assert len(recurrent_state_distributions(env, "★")) == len(recurrent_state_distributions(ref, "star")) == 6
    for g in ("1/2", "9/10"):
        assert len(visit_distributions(env, "★", g)) == len(visit_distributions(ref, "star", g))


def test_stochastic_action_node_form():
    env = load_environment("tests/data/three_cells.gv")
    assert env.states == ("[1]", "[2]", "[3]")
    assert env.actions("[2]") == ("L", "R")
    assert env.transition("[2]", "R") == {"[2]": Fraction(1, 4), "[3]": Fraction(3, 4)}
    assert env.is_terminal("[3]") and not env.is_deterministic
    assert read_gv_text(write_gv(env)).to_dict()["stochastic"] == env.to_dict()["stochastic"]


def test_rounded_decimals_are_refused_with_the_exact_spelling():
    text = ('digraph { "[1]" -> "[A]__[1]"; ' + " ".join(
        f'"[A]__[1]" -> "[{t}]__[A]__[1]" [weight="0.3333333333333333"];' for t in (1, 2, 3))
        + ' "[2]"; "[3]"; }')
    with pytest.raises(NotExact, match='"1/3"'):
        read_gv_text(text)
    with pytest.raises(InvalidEnvironment, match="not a state"):
        read_gv_text('digraph { "[1]" -> "[A]__[1]"; "[A]__[1]" -> "[9]__[A]__[1]" [weight="1"]; }')
    with pytest.raises(InvalidEnvironment, match="digraph"):
        read_gv_text('graph { a -- b }')


def test_gridworld_map():
    env = MDP.from_file("tests/data/two_rooms.grid")
    assert env.name == "two_rooms" and "S" in env.states and "G" in env.states
    assert set(env.actions("S")) == {"S", "r1c2", "r2c1"}           # stay, right, down
    assert env.reachable("S") == frozenset(env.states) - {"r1c5"}    # the cell walled off top right
    assert read_grid_text("A.B", stay=False).actions("A") == ("r0c1",)
    with pytest.raises(InvalidEnvironment, match="used twice"):
        read_grid_text("AA")
    with pytest.raises(InvalidEnvironment, match="'@'"):
        read_grid_text("A@")


def test_cli_reads_the_other_formats(capsys):
    assert main(["visits", "tests/data/figure1.gv", "--state", "★", "--gamma", "9/10", "--nondominated",
                 "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["count"] == 5
    assert main(["visits", "tests/data/two_rooms.grid", "--state", "G", "--gamma", "1/2", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["count"] > 1


@given(deterministic_mdps(max_states=5))
@settings(max_examples=40, deadline=None)
def test_gv_and_networkx_round_trips_deterministic(env):
    assert read_gv_text(write_gv(env)).to_dict()["deterministic"] == env.to_dict()["deterministic"]
    g = to_networkx(env)
    assert isinstance(g, nx.DiGraph) and list(g.nodes) == list(env.states)
    assert MDP.from_networkx(g).to_dict()["deterministic"] == env.to_dict()["deterministic"]


@given(stochastic_mdps(max_states=4))
@settings(max_examples=40, deadline=None)
def test_gv_and_networkx_round_trips_stochastic(env):
    back = read_gv_text(write_gv(env))
    det = "deterministic" in env.to_dict()            # written in the state-graph form, names kept
    if det:
        assert back.to_dict()["deterministic"] == env.to_dict()["deterministic"]
        return

    def name(x):
        return x if det or x.startswith("[") else f"[{x}]"

    for s in env.states:
        t = name(s)
        for a in env.actions(s):
            want = {name(x): p for x, p in env.transition(s, a).items()}
            assert back.transition(t, a) == want
    assert MDP.from_networkx(to_networkx(env)).to_dict() == {**env.to_dict(), "name": env.name}


@pytest.mark.parametrize("text, named", [
    ("digraph { a -> ; }", "expected a node name, found ';'"),
    ("digraph { a -> }", "expected a node name"),
    ("digraph { -> b }", "expected a node name, found '->'"),
    ("digraph { a -> [weight=1] }", "expected a node name, found '['"),
    ('digraph { "a -> b }', "unclosed quote"),
    ('digraph { a -> "b }', "unclosed quote"),
], ids=["no-head", "no-head-at-end", "no-tail", "attributes-as-head", "unclosed-first", "unclosed-last"])
def test_malformed_graphviz_is_refused_not_read_as_something_else(text, named):
    # these once loaded: ';' as a state and an action, and an unclosed quote skipped (read as the edge a -> b)
    with pytest.raises(InvalidEnvironment, match=re.escape(named)):
        read_gv_text(text)


def test_graphviz_quotes_and_chains_still_read():
    env = read_gv_text('digraph { "a b" -> c -> "a b"; c -> c [color="red, blue"] }')
    assert env.states == ("a b", "c") and env.actions("c") == ("a b", "c")


@pytest.mark.parametrize("source", ["examples/candy.toml", "examples/two_vs_51.json", "examples/candy_mdp.toml",
                                    "tests/data/figure1.gv", "tests/data/two_rooms.grid"])
def test_a_byte_order_mark_is_read_and_dropped(source, tmp_path, capsys):
    """A file saved with a UTF-8 byte-order mark (as Windows editors save it) reads as the same file without one:
    it was "malformed TOML (Invalid statement (at line 1, column 1))" or "Unexpected UTF-8 BOM"."""
    from pathlib import Path

    original = Path(source)
    marked = tmp_path / original.name
    marked.write_bytes(b"\xef\xbb\xbf" + original.read_bytes())
    state = {".gv": "★", ".grid": "G"}.get(original.suffix)
    argv = (lambda p: ["visits", str(p), "--state", state, "--gamma", "1/2", "--json"]) if state else \
        (lambda p: ["count", str(p), "--json"])
    assert main(argv(original)) == 0
    plain = capsys.readouterr().out
    assert main(argv(marked)) == 0
    assert capsys.readouterr().out == plain
