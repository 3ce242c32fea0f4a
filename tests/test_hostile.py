"""Hostile and oversized input (issue 17): refused up front, in one line, exit 2, quickly.

Three layers: the regression corpus of the issue's cases (``tests/fuzz/corpus.json``), run
through the CLI in-process; hypothesis fuzzing of files and arguments for every command;
and the library boundary (numbers, documents, MDPs, families, work limits, processes).
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import pathlib
import signal
import subprocess
import sys
import tempfile
import time
from fractions import Fraction

import pytest
from cpu_clock import SLACK, cpu_seconds
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symorbit.cli.commands import main
from symorbit.errors import InvalidArgument, InvalidEnvironment, NotExact, TooLarge
from symorbit.exact.documents import parse_json
from symorbit.exact.numbers import to_fraction

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = json.loads((ROOT / "tests" / "fuzz" / "corpus.json").read_text(encoding="utf-8"))
FUZZ = settings(max_examples=25, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def _expand(value):
    """A corpus file's content: text, ``{"hex": ...}`` bytes, or ``{"runs": [[char, count], ...]}``."""
    if isinstance(value, dict) and "hex" in value:
        return bytes.fromhex(value["hex"])
    if isinstance(value, dict):
        return "".join(ch * n for ch, n in value["runs"]).encode("utf-8")
    return value.encode("utf-8")


def run_cli(argv: list[str]) -> tuple[int, str, str, float]:
    """``symorbit argv`` in-process: (exit status, stdout, stderr, seconds); argparse exits count too."""
    out, err = io.StringIO(), io.StringIO()
    t0 = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 2
    return code, out.getvalue(), err.getvalue(), time.perf_counter() - t0


def assert_refused(code: int, err: str, seconds: float, bound: float) -> None:
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("symorbit: error: "), err
    assert "Traceback" not in err
    assert len(lines[0]) < 1000
    assert seconds < bound * SLACK, f"took {seconds:.2f} s"


# ------------------------------------------------------------------ the corpus
@pytest.mark.parametrize("case", CORPUS, ids=[c["name"] for c in CORPUS])
def test_corpus_case_is_refused_in_one_line(case, tmp_path):
    for name, content in case["files"].items():
        (tmp_path / name).write_bytes(_expand(content))
    argv = []
    for a in case["argv"]:
        if a.startswith("RUNS:"):
            a = "".join(ch * n for ch, n in json.loads(a[5:]))
        argv.append(a.replace("{dir}", str(tmp_path)))
    run_cli(["theorems"])  # import everything first: the bound is on the work, not on imports
    code, _out, err, seconds = run_cli(argv)
    assert code == case["expect"]
    if case["expect"] == 2:
        assert_refused(code, err, seconds, case["seconds"])
        if "match" in case:
            assert case["match"] in err


def _ladder(n: int) -> dict:
    return {"deterministic": {f"s{i}": [f"s{j}" for j in (i + 1, i + 2) if j < n] for i in range(n)}}


def _complete(n: int) -> dict:
    return {"deterministic": {f"s{i}": [f"s{j}" for j in range(n)] for i in range(n)}}


def _stochastic(n: int) -> dict:
    return {"stochastic": {f"s{i}": {"a": {f"s{(i + 1) % n}": "1/2", f"s{(i + 2) % n}": "1/2"},
                                     "b": {f"s{(i + 3) % n}": 1}} for i in range(n)}}


@pytest.mark.parametrize("build", [_ladder, _complete, _stochastic], ids=["ladder", "complete", "stochastic"])
@pytest.mark.parametrize("gamma", ["1/2", "average", "symbolic"])
def test_200_state_visits_are_refused_well_under_a_second_with_the_estimate(build, gamma, tmp_path):
    env = tmp_path / "env.json"
    env.write_text(json.dumps(build(200)))
    run_cli(["theorems"])
    code, _, err, seconds = run_cli(["visits", str(env), "--state", "s0", "--gamma", gamma])
    # reading the complete graph's 40,000 transitions is most of this (timed below without it)
    assert_refused(code, err, seconds, 5.0)
    assert "over the limit" in err and "--max-work" in err
    from symorbit.mdp.environment import MDP
    from symorbit.mdp.visits import (
        GAMMA,
        recurrent_state_distributions,
        visit_distributions,
    )

    env = MDP.from_dict(build(200))
    call = {"1/2": lambda: visit_distributions(env, "s0", "1/2"), "average": lambda: recurrent_state_distributions(
        env, "s0"), "symbolic": lambda: visit_distributions(env, "s0", GAMMA)}[gamma]
    with cpu_seconds() as clock, pytest.raises(TooLarge, match="over the limit"):
        call()
    assert clock.seconds < 1.0 * SLACK


def test_raising_the_work_limit_is_explicit_and_works(tmp_path):
    env = tmp_path / "env.json"
    env.write_text(json.dumps(_ladder(12)))
    code, _, err, _ = run_cli(["visits", str(env), "--state", "s0", "--gamma", "1/2", "--max-work", "100"])
    assert code == 2 and "over the limit 100" in err
    code, out, _, _ = run_cli(["visits", str(env), "--state", "s0", "--gamma", "1/2", "--max-work", "100000",
                               "--json"])
    assert code == 0 and json.loads(out)["count"] == 144  # lassos of a 12-state ladder: Fibonacci(12)


def test_patterns_of_ten_values_at_d_53_are_refused(tmp_path):
    inst = tmp_path / "i.json"
    e = [[int(i == j) for i in range(53)] for j in range(3)]
    inst.write_text(json.dumps({"A": e[:1], "B": e[1:]}))
    code, _, err, seconds = run_cli(["check", "scaling_law_raw", str(inst), "--rewards",
                                     "patterns:0,1,2,3,4,5,6,7,8,9"])
    assert_refused(code, err, seconds, 1.0)
    assert "C(10 + 53 - 1, 53)" in err


def test_copies_max_nodes_is_a_real_bound_on_10_vs_40_one_hot_vectors(tmp_path):
    e = [[int(i == j) for i in range(50)] for j in range(50)]
    inst = tmp_path / "i.json"
    # Disjoint one-hot sets with one common value are answered by structure (block swaps), exhaustively:
    inst.write_text(json.dumps({"A": e[:10], "B": e[10:]}))
    code, out, _, seconds = run_cli(["copies", str(inst), "--max-nodes", "2000", "--json"])
    assert code == 0 and json.loads(out)["exhaustive"] is True and json.loads(out)["n"] == 4 and seconds < 3
    # One vector 2·e_0 breaks that structure, so the search runs, and max_nodes bounds it:
    inst.write_text(json.dumps({"A": [[2 * x for x in e[0]]] + e[1:10], "B": e[10:]}))
    run_cli(["theorems"])
    code, out, _, seconds = run_cli(["copies", str(inst), "--max-nodes", "2000", "--json"])
    assert code == 0 and json.loads(out)["exhaustive"] is False and seconds < 3
    code, out, _, seconds = run_cli(["copies", str(inst), "--max-seconds", "1/2", "--json"])
    assert code == 0 and json.loads(out)["exhaustive"] is False and seconds < 3


def test_all_zero_reward_at_d_1500_is_decided_or_refused_in_one_line(tmp_path):
    d = 1500
    inst = tmp_path / "z.json"
    inst.write_text(json.dumps({"A": [[1] + [0] * (d - 1)], "B": [[0, 1] + [0] * (d - 2)], "reward": [0] * d}))
    code, _, err, _ = run_cli(["check", "scaling_law_raw", str(inst)])
    assert "Traceback" not in err
    if code != 0:
        assert_refused(code, err, 0, 1e9)


# ------------------------------------------------------------------ fuzzing: files
HOSTILE_SCALARS = st.one_of(
    st.sampled_from(["nan", "NaN", "Infinity", "-inf", "1e100000000", "9" * 5000, "1/0", "0.5", "", "x",
                     "1/-3", "½", "1" * 40 + "e" + "9" * 40]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.none(), st.booleans(), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.text(max_size=20).filter(lambda t: not t.strip().lstrip("+-").replace("/", "", 1).isdigit()),
)


def _nest(value, depth):
    for _ in range(depth):
        value = [value]
    return value


@st.composite
def hostile_instances(draw, keys=("A", "B", "reward", "rewards", "C")):
    """A valid instance with one field made hostile (so every one must be refused)."""
    doc = {"A": [[1, 0, 0]], "B": [[0, 1, 0], [0, 0, 1]], "reward": [0, 1, 2]}
    key = draw(st.sampled_from(keys))
    bad = draw(HOSTILE_SCALARS)
    shape = draw(st.sampled_from(["whole", "vector", "entry"]))
    if shape == "whole":
        doc[key] = bad
    elif shape == "vector":
        doc[key] = [bad]
    else:
        doc[key] = [0, bad, 1] if key == "reward" else [[0, bad, 1]]
    return doc


@FUZZ
@given(data=st.data(), command=st.sampled_from(["count", "copies", "check"]), suffix=st.sampled_from([".json", ".inst"]))
def test_fuzz_hostile_instance_fields_exit_2_in_one_line(data, command, suffix):
    doc = data.draw(hostile_instances(("A", "B")) if command == "copies" else hostile_instances())
    with tempfile.TemporaryDirectory() as tmp:
        path = pathlib.Path(tmp) / f"i{suffix}"
        path.write_text(json.dumps(doc, allow_nan=True), encoding="utf-8")
        argv = [command, str(path)] if command != "check" else ["check", "scaling_law_raw", str(path)]
        code, _, err, seconds = run_cli(argv)
    assert_refused(code, err, seconds, 5.0)


@FUZZ
@given(data=st.binary(max_size=200), command=st.sampled_from(["count", "copies", "visits"]),
       suffix=st.sampled_from([".json", ".toml"]))
def test_fuzz_random_bytes_exit_2_in_one_line(data, command, suffix):
    with tempfile.TemporaryDirectory() as tmp:
        path = pathlib.Path(tmp) / f"f{suffix}"
        path.write_bytes(data)
        argv = [command, str(path)] if command != "visits" else ["visits", str(path), "--state", "s", "--gamma", "1/2"]
        code, _, err, seconds = run_cli(argv)
    assert_refused(code, err, seconds, 5.0)


@st.composite
def hostile_environments(draw):
    """A valid environment document with one hostile change."""
    doc = {"deterministic": {"s": ["t", "u"], "t": [], "u": ["s"]}}
    change = draw(st.sampled_from(["prob", "succ", "states", "key", "deep", "body", "name"]))
    bad = draw(HOSTILE_SCALARS)
    if change == "prob":
        doc = {"stochastic": {"s": {"go": {"t": bad, "u": "1/2"}}, "t": {}, "u": {}}}
    elif change == "succ":
        doc["deterministic"]["s"] = [bad] if not isinstance(bad, str) or bad not in ("t", "u", "s") else [[bad]]
    elif change == "states":
        doc["states"] = bad if not isinstance(bad, list) else "stu"
    elif change == "key":
        doc["deterministic"][1] = ["1"]
        doc["deterministic"]["s"] = [1, "1"]
    elif change == "deep":
        doc["deterministic"]["s"] = _nest("t", draw(st.integers(65, 150)))
    elif change == "body":
        doc["deterministic"] = bad
    else:
        doc["name"] = bad if not isinstance(bad, str) else ""
    return doc


@FUZZ
@given(doc=hostile_environments(), gamma=st.sampled_from(["1/2", "average", "symbolic"]))
def test_fuzz_hostile_environment_files_exit_2_in_one_line(doc, gamma):
    with tempfile.TemporaryDirectory() as tmp:
        path = pathlib.Path(tmp) / "e.json"
        path.write_text(json.dumps(doc, allow_nan=True), encoding="utf-8")
        code, _, err, seconds = run_cli(["visits", str(path), "--state", "s", "--gamma", gamma])
    assert_refused(code, err, seconds, 5.0)


# ------------------------------------------------------------------ fuzzing: arguments
NOT_POSITIVE = st.one_of(st.integers(max_value=0).map(str),
                         st.sampled_from(["1e3", "nan", "", "2.5", "9" * 30, "²", "1²"]),    # "²".isdigit(), not int
                         st.text(max_size=12).filter(lambda t: not (t.isdecimal() and 0 < int(t) < 10**18)))


@FUZZ
@given(value=NOT_POSITIVE, flag=st.sampled_from([
    ("copies", "--max-nodes"), ("copies", "--max-work"), ("count", "--max-work"), ("check", "--max-rewards"),
    ("visits", "--max-work"), ("visits", "--max-states"), ("search", "--workers"), ("search", "--max-family-work"),
    ("search", "--max-rewards")]))
def test_fuzz_limit_flags_refuse_anything_but_a_positive_integer(value, flag):
    command, name = flag
    head = {"copies": ["copies", "examples/candy.toml"], "count": ["count", "examples/candy.toml"],
            "check": ["check", "scaling_law_raw", "examples/candy.toml"],
            "visits": ["visits", "candy", "--state", "start", "--gamma", "1/2"],
            "search": ["search", "scaling_law_raw", "--family", "one-hot:3", "--no-progress"]}[command]
    code, _, err, seconds = run_cli(head + [f"{name}={value}"])
    assert_refused(code, err, seconds, 5.0)


@FUZZ
@given(spec=st.one_of(
    st.tuples(st.sampled_from(["one-hot", "random-vectors", "det-mdp", "stoch-mdp", "graphs", ""]),
              st.lists(st.one_of(st.integers(-10**6, 0).map(str), st.sampled_from(["x", "1.5", "", "9" * 40])),
                       min_size=1, max_size=4)).map(lambda t: ":".join([t[0], *t[1]])),
    st.sampled_from(["one-hot:200", "one-hot:100000", "random-vectors:3:100000000:0", "det-mdp:9:9",
                     "stoch-mdp:3:3", "random-vectors:100000:100000:1"])))
def test_fuzz_family_specs_exit_2_in_one_line(spec):
    code, _, err, seconds = run_cli(["search", "scaling_law_raw", "--family", spec, "--workers", "1",
                                     "--no-progress"])
    assert_refused(code, err, seconds, 5.0)


@FUZZ
@given(spec=st.one_of(
    st.sampled_from(["random:100000000:0", "random:0:0", "random:-1:0", "random:1", "random:x:y", "patterns:",
                     "patterns:nan", "patterns:0,1e100000000", "patterns:" + ",".join(map(str, range(40))), "file2"]),
    st.text(max_size=15).filter(lambda t: not t.startswith(("patterns:", "random:")) and t != "file")))
def test_fuzz_reward_specs_exit_2_in_one_line(spec):
    code, _, err, seconds = run_cli(["check", "scaling_law_raw", "examples/candy.toml", f"--rewards={spec}"])
    assert_refused(code, err, seconds, 5.0)


@FUZZ
@given(gamma=HOSTILE_SCALARS.map(lambda v: v if isinstance(v, str) else repr(v)).filter(
    lambda g: g not in ("average", "symbolic")), env=st.sampled_from(["candy", "coin", "die-live:2:3"]))
def test_fuzz_gamma_exit_2_in_one_line(gamma, env):
    code, _, err, seconds = run_cli(["visits", env, "--state", "start", f"--gamma={gamma}"])
    assert_refused(code, err, seconds, 5.0)


@pytest.mark.parametrize("argv", [
    ["visits", "candy", "--state", "start", "--gamma", "1e100000000"],
    ["search", "scaling_law_raw", "--family", "one-hot:200", "--workers", "1"],
    ["visits", "die-live:1000000:1000000", "--state", "start", "--gamma", "1/2"],
])
def test_subprocess_runs_refuse_without_a_traceback(argv):
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "symorbit", *argv], capture_output=True, text=True, cwd=ROOT, check=False,
                          timeout=60)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("symorbit: error: ")
    assert time.perf_counter() - t0 < 30


# ------------------------------------------------------------------ the library boundary
@pytest.mark.parametrize("value", [float("nan"), float("inf"), -math.inf, "nan", "Infinity", "1e100000000",
                                   "1" * 4301, "1/" + "2" * 4301, b"1"])
def test_to_fraction_refuses_non_finite_and_oversized_values_instantly(value):
    with cpu_seconds() as clock, pytest.raises(InvalidArgument):
        to_fraction(value, name="x")
    assert clock.seconds < 0.1 * SLACK


def test_numpy_non_finite_values_are_refused_in_one_line():
    np = pytest.importorskip("numpy")
    for v in (np.float64("inf"), np.float64("nan"), np.float32("nan")):
        with pytest.raises(NotExact) as info:
            to_fraction(v, name="r")
        assert "\n" not in str(info.value)


def test_the_4300_digit_boundary_is_exact():
    assert to_fraction("7" * 4300) == int("7" * 4300)
    with pytest.raises(InvalidArgument, match="4300 digits"):
        to_fraction("7" * 4301)


@given(st.fractions(max_denominator=10**6))
def test_exact_spellings_still_round_trip(x):
    assert to_fraction(f"{x.numerator}/{x.denominator}") == x
    assert to_fraction(str(x)) == x


def test_json_duplicates_and_constants_are_refused_and_plain_json_is_kept():
    assert parse_json('{"a": [1, "1/2", {"b": null}]}') == {"a": [1, "1/2", {"b": None}]}
    for text in ('{"a": 1, "a": 1}', "[NaN]", "[-Infinity]", "[1e999]", "[" * 100 + "]" * 100):
        with pytest.raises(InvalidArgument):
            parse_json(text)


def test_mdp_constructor_validates():
    from symorbit.mdp.environment import MDP

    one = Fraction(1)
    with pytest.raises(InvalidEnvironment, match="unknown state"):
        MDP(("a",), ((("go", (("b", one),)),),))
    with pytest.raises(InvalidEnvironment, match="sum to 1/2"):
        MDP(("a",), ((("go", (("a", Fraction(1, 2)),)),),))
    with pytest.raises(NotExact):
        MDP(("a",), ((("go", (("a", 1.0),)),),))
    with pytest.raises(InvalidEnvironment, match="twice"):
        MDP(("a", "a"), ((("go", (("a", one),)),), (("go", (("a", one),)),)))
    assert MDP(("a",), ((("go", (("a", one),)),),)).is_terminal("a")


def test_state_names_must_not_merge():
    from symorbit.mdp.environment import MDP

    for adjacency in ({1: [], "1": []}, {"s": [1, "1"], "1": []}, {"s": ["1"], 1: []}):
        with pytest.raises(InvalidEnvironment):
            MDP.deterministic(adjacency)
    with pytest.raises(InvalidEnvironment, match="same state"):
        MDP.stochastic({"s": {"go": {1: "1/2", "1": "1/2"}}, "1": {}})
    with pytest.raises(InvalidEnvironment, match="list of state names"):
        MDP.from_dict({"states": "st", "deterministic": {"s": ["t"], "t": []}})
    assert MDP.deterministic({1: [2], 2: []}).states == ("1", "2")  # one spelling throughout is fine


def test_work_limits_are_keywords_and_refuse_before_building():
    from symorbit.counterexamples.families import family
    from symorbit.mdp.library import die_live
    from symorbit.orbits.rewards import reward_family

    calls = (lambda: die_live(10**6, 10**6), lambda: family("one-hot:200"),
             lambda: family("random-vectors:3:100000000:0"), lambda: reward_family("random:100000000:0", 3),
             lambda: reward_family("patterns:0,1,2,3,4,5,6,7,8,9", 53))
    with cpu_seconds() as clock:
        for call in calls:
            with pytest.raises(TooLarge, match="raise the limit with"):
                call()
    assert clock.seconds < 1 * SLACK
    assert die_live(30, 30, max_states=100).n_states == 63
    assert len(reward_family("random:20:0", 3, max_rewards=20)) == 20
    with pytest.raises(InvalidArgument):
        family("one-hot:3", max_work=0)


def test_search_workers_are_validated_and_capped():
    from symorbit.counterexamples.runner import check_workers

    cores = os.cpu_count() or 1
    assert check_workers(None) == cores
    for bad in (0, -1, True, 2.0):
        with pytest.raises(InvalidArgument):
            check_workers(bad)
    with pytest.raises(InvalidArgument, match="oversubscribe"):
        check_workers(cores + 1)
    assert check_workers(cores + 1, oversubscribe=True) == cores + 1


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in pathlib.Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _alive(pid: int) -> bool:
    try:
        return pathlib.Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


def _search_then_kill(sig: int) -> None:
    code = ("from symorbit.counterexamples.runner import search\n"
            "search('scaling_law_raw', 'one-hot:9', 'random:400:0', workers=2, progress=False)\n")
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT)
    kids: list[int] = []
    try:
        t0 = time.monotonic()
        while len(kids) < 2 and time.monotonic() - t0 < 30:
            time.sleep(0.05)
            kids = _children(proc.pid)
        assert len(kids) >= 2, "the search did not start its workers"
        os.kill(proc.pid, sig)
        proc.wait(timeout=10)
        t0 = time.monotonic()
        while any(_alive(k) for k in kids) and time.monotonic() - t0 < 5:
            time.sleep(0.05)
        assert not any(_alive(k) for k in kids), "workers outlived their parent"
    finally:
        for k in kids:  # never leave a stray worker behind, even when the test fails
            if _alive(k):
                os.kill(k, signal.SIGKILL)
        if proc.poll() is None:
            proc.kill()


@pytest.mark.skipif(not pathlib.Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_search_workers_end_when_the_parent_is_sigkilled():
    _search_then_kill(signal.SIGKILL)


@pytest.mark.slow
@pytest.mark.skipif(not pathlib.Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_search_workers_end_when_the_parent_is_sigtermed():
    _search_then_kill(signal.SIGTERM)


def test_a_hostile_name_echoed_back_is_cut_to_one_short_line(tmp_path):
    # found by the fuzz test above: a 5000-digit successor name was echoed twice in a 10,000-character line
    path = tmp_path / "e.json"
    path.write_text(json.dumps({"deterministic": {"s": ["9" * 5000], "t": [], "u": ["s"]}}), encoding="utf-8")
    code, _, err, seconds = run_cli(["visits", str(path), "--state", "s", "--gamma", "1/2"])
    assert_refused(code, err, seconds, 5.0)
    assert "characters left out" in err and err.rstrip().endswith("known states: s, t, u")   # the end still says what
