"""The researcher's workflow: own statements by 'module:attribute', claim kinds, cached families."""

import itertools
import json
import multiprocessing
import sys
import textwrap
from concurrent.futures import ProcessPoolExecutor
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symorbit import Hypotheses, Instance, Statement, check_statement, family, search
from symorbit.analysis.power import optimality_probability, orbit_distribution, power
from symorbit.cli.commands import main
from symorbit.counterexamples import families
from symorbit.errors import InvalidArgument
from symorbit.mdp.environment import MDP
from symorbit.mdp.library import candy
from symorbit.orbits.counting import orbit_counts
from symorbit.proofs.statements import claim_holds
from symorbit.testing import kernel_problems
from symorbit.testing.naive import naive_det_mdp_classes
from symorbit.theorems import resolve, statement_spec

USER_MODULE = '''
from symorbit import Hypotheses, Statement

def _hyp(inst):
    if inst.env is None:
        return Hypotheses(False, "needs an MDP")
    reach_a = inst.env.reachable(inst.state, action=inst.context["a"])
    reach_b = inst.env.reachable(inst.state, action=inst.context["b"])
    if inst.state not in reach_b and reach_a < reach_b:
        return Hypotheses(True, "wider reach")
    return Hypotheses(False, "not wider")

wider = Statement(name="wider", title="t", source="me", status="conjectured", text="t", mode="relative",
                  hypotheses=_hyp, conclusion=lambda data: {"kind": "optimal_fraction", "bound": "1/2"})
always = Statement(name="always", title="t", source="me", status="conjectured", text="t", mode="raw",
                   hypotheses=lambda inst: Hypotheses(True, "none"),
                   conclusion=lambda data: {"kind": "weak_fraction", "bound": "1/3"})
not_a_statement = 3
'''


@pytest.fixture
def user_module(tmp_path, monkeypatch):
    (tmp_path / "my_user_claims.py").write_text(textwrap.dedent(USER_MODULE))
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    yield "my_user_claims"
    sys.modules.pop("my_user_claims", None)


def test_resolve_user_statements(user_module):
    st_ = resolve(f"{user_module}:wider")
    assert isinstance(st_, Statement) and st_.name == "wider"
    assert resolve(st_) is st_
    assert statement_spec(st_) == f"{user_module}:wider"
    with pytest.raises(InvalidArgument, match="not a symorbit Statement"):
        resolve(f"{user_module}:not_a_statement")
    with pytest.raises(InvalidArgument, match="cannot import"):
        resolve("no_such_module_xyz:claim")
    with pytest.raises(InvalidArgument, match="module:attribute"):
        statement_spec(Statement("x", "t", "s", "conjectured", "t", "raw", lambda i: Hypotheses(True, ""),
                                 lambda d: {"kind": "most", "ratio": 1}))


def brute_optimal_fraction(env, state, a, b, r):
    """Independent: enumerate the orbit, take maxima over the RSDs by first action."""
    from symorbit.mdp.visits import recurrent_state_distributions

    F = recurrent_state_distributions(env, state)
    Fb, everything = list(F.restrict(b)), list(F)
    orbit = set(itertools.permutations(r))
    def dot(f, x):
        return sum(Fraction(p) * q for p, q in zip(f, x))
    good = sum(max(dot(f, x) for f in Fb) >= max(dot(f, x) for f in everything) for x in orbit)
    return Fraction(good, len(orbit))


@given(st.lists(st.integers(0, 3), min_size=4, max_size=4))
@settings(max_examples=30, deadline=None)
def test_optimal_fraction_claim_matches_brute_force(r):
    env = MDP.deterministic({"s": ["x", "y", "z"], "x": [], "y": ["x"], "z": ["z", "s"]})
    inst = Instance.from_mdp(env, "s", "x", "y")
    frac = brute_optimal_fraction(env, "s", "x", "y", r)
    for q in (Fraction(1, 3), Fraction(1, 2), frac):
        c = orbit_counts(inst.A, inst.B, r, relative_to=inst.C)
        assert claim_holds({"kind": "optimal_fraction", "bound": q}, c, instance=inst, reward=r) == (frac >= q)


def test_user_conjecture_fails_on_four_states_and_the_kernel_accepts(user_module):
    # s -> x (terminal), y -> x, z -> {z, s}: b = y reaches more than a = x, but C = F(s) also has e_z and
    # the cycle (s z), which take the optimum from B for more than half of the orbit.
    env = MDP.deterministic({"s": ["x", "y", "z"], "x": [], "y": ["x"], "z": ["z", "s"]})
    inst = Instance.from_mdp(env, "s", "x", "y")
    v = check_statement(resolve(f"{user_module}:wider"), inst, [(0, 1, 2, 3)])
    # A user's statement gets its own certificate: its name and declaration, the counts of the failing
    # reward (outcome sets re-derived from the environment) and the claim, all kernel-checked; only the
    # hypotheses written as Python code are the engine's word, and the certificate says so.
    assert v.status == "fails" and v.provenance == "kernel-checked: counts and claim (hypotheses engine-only: Python code)"
    assert v.certificate["statement"] == "wider" and "environment" in v.certificate
    assert v.certificate["declaration"]["hypotheses"][0]["kind"] == "python"
    assert kernel_problems(v.certificate) == []
    assert brute_optimal_fraction(env, "s", "x", "y", (0, 1, 2, 3)) < Fraction(1, 2)


def test_power_claims_against_direct_computation():
    env = candy()
    inst = Instance.from_mdp(env, "start", "candy", "wait", gamma="1/2")
    for r in [(0, 1, 2, 3, 4), (0, 0, 0, 1, 1), (4, 3, 2, 1, 0)]:
        D = orbit_distribution(r)
        pa, pb = power(env, "candy", "1/2", distribution=D), power(env, "wait", "1/2", distribution=D)
        qa, qb = (optimality_probability(env, "start", x, "1/2", distribution=D) for x in ("candy", "wait"))
        c = orbit_counts(inst.A, inst.B, r, relative_to=inst.C)
        assert claim_holds({"kind": "power", "ratio": 1}, c, instance=inst, reward=r) == (pb >= pa)
        assert claim_holds({"kind": "optimality_probability", "ratio": 1}, c, instance=inst, reward=r) == (qb >= qa)
        assert claim_holds({"kind": "power_implies_optimality"}, c, instance=inst, reward=r) == \
            (not pb > pa or qb >= qa)
    with pytest.raises(InvalidArgument, match="discount"):
        claim_holds({"kind": "power"}, c, instance=Instance.from_mdp(env, "start", "candy", "wait"), reward=r)
    with pytest.raises(InvalidArgument, match="unknown"):
        claim_holds({"kind": "nope"}, c)


def test_search_user_statement_in_spawned_processes(user_module, tmp_path):
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=2, mp_context=ctx) as ex:
        res = search(f"{user_module}:always", "one-hot:3", "patterns:0,1", executor=ex, progress=False,
                     checkpoint=tmp_path / "ck.jsonl")
    serial = search(resolve(f"{user_module}:always"), "one-hot:3", "patterns:0,1", workers=1, progress=False)
    assert res.statement == serial.statement == f"{user_module}:always"
    assert res.checked == serial.checked == 13
    assert len(res.counterexamples) == len(serial.counterexamples)
    resumed = search(f"{user_module}:always", "one-hot:3", "patterns:0,1", workers=1, progress=False,
                     checkpoint=tmp_path / "ck.jsonl")
    assert resumed.resumed == 13


def test_cli_check_and_search_user_statement(user_module, tmp_path, capsys):
    inst = tmp_path / "inst.json"
    inst.write_text(json.dumps({"env": "candy", "state": "start", "gamma": "1/2", "a_actions": ["candy"],
                                "b_actions": ["wait"], "reward": [0, 1, 2, 3, 4]}))
    assert main(["check", f"{user_module}:wider", str(inst), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["statement"] == "wider" and data["status"] == "hypotheses not met"
    assert main(["search", f"{user_module}:always", "--family", "one-hot:3", "--rewards", "patterns:0,1",
                 "--workers", "1", "--no-progress", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["checked"] == 13
    assert main(["check", "nope_module_q:x", str(inst)]) == 2
    assert "cannot import" in capsys.readouterr().err


@pytest.mark.parametrize("k,deg,workers", [(2, 2, 1), (3, 2, 1), (3, 2, 2)])
def test_canonical_forms_agree_with_pairwise_isomorphism(k, deg, workers):
    fam = family(f"det-mdp:{k}:{deg}", cache=False, workers=workers)
    reps = naive_det_mdp_classes(k, deg)
    assert fam.size == len(reps)
    got = [({int(u[1:]): [int(v[1:]) for v in vs] for u, vs in s["mdp"].items()}, s["state"], s["a"], s["b"])
           for s in fam]
    want = [({u: list(succ[u]) for u in range(len(succ))}, f"s{start}", f"s{a}", f"s{b}")
            for succ, start, a, b in reps]
    assert got == want


def test_family_cache_is_keyed_by_the_family_and_avoids_rebuilding(tmp_path, monkeypatch):
    monkeypatch.setenv("SYMORBIT_CACHE_DIR", str(tmp_path))
    built = []
    real = families._det_mdp_family
    monkeypatch.setattr(families, "_det_mdp_family", lambda *a: built.append(a) or real(*a))
    first = family("det-mdp:3:2")
    again = family("det-mdp:3:2:average")              # the same family, spelled in full
    other = family("det-mdp:3:2:1/2")
    assert len(built) == 2 and first == again and other.size == first.size and other != first
    assert len(list((tmp_path / "families").glob("*.json"))) == 2
    (next((tmp_path / "families").glob("det-mdp_3_2_average*"))).write_text("{torn")
    assert family("det-mdp:3:2") == first and len(built) == 3
    ticks = []
    family("det-mdp:2:2", cache=False, progress=ticks.append)
    assert sum(ticks) == 8


@pytest.mark.parametrize("spec", ["det-mdp:3:3", "det-mdp:4:2"])
def test_parallel_family_build_is_identical_to_the_serial_one(spec, tmp_path, monkeypatch):
    serial = family(spec, cache=False, workers=1)
    ticks = []
    monkeypatch.setenv("SYMORBIT_CACHE_DIR", str(tmp_path))
    parallel = family(spec, workers=2, progress=ticks.append)        # chunks in a process pool, then cached
    assert parallel == serial and [s["key"] for s in parallel] == [s["key"] for s in serial]
    assert sum(ticks) == serial.size and len(ticks) > 1               # progress arrives chunk by chunk
    assert len(list((tmp_path / "families").glob("*.json"))) == 1
    monkeypatch.setattr(families, "_det_mdp_family", lambda *a: pytest.fail("rebuilt instead of read"))
    assert family(spec, workers=2) == serial                          # the cached file reads back equal


def test_family_workers_are_validated(monkeypatch):
    monkeypatch.setattr(families.os, "cpu_count", lambda: 2)
    for bad in (0, -1, 1.5, True, "2"):
        with pytest.raises(InvalidArgument, match="workers"):
            family("det-mdp:2:2", cache=False, workers=bad)
    with pytest.raises(InvalidArgument, match="exceeds the 2 cores"):
        family("det-mdp:2:2", cache=False, workers=3)
    assert family("det-mdp:2:2", cache=False, workers=None).size == 8      # small: built in this process
