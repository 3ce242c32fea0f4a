"""The command line always answers (issue 23): what the corpus cannot hold (FIFOs, pipes, processes).

Each case ends in one line on stderr and exit status 2 within seconds: FIFOs given as environment,
instance, certificate or checkpoint are refused from their ``stat`` (never opened and waited on);
a closed pipe, a user statement whose hypotheses raise, and a name the terminal cannot encode
never end in a traceback; checkpoint records are bound to their instance.
"""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys
import textwrap

import pytest
from cpu_clock import cpu_seconds
from test_hostile import assert_refused, run_cli

ROOT = pathlib.Path(__file__).resolve().parent.parent


@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "pipe.json"
    os.mkfifo(path)
    return str(path)


@pytest.mark.parametrize("argv", [
    ["visits", "{fifo}", "--state", "a", "--gamma", "1/2"],
    ["count", "{fifo}"],
    ["verify", "{fifo}"],
    ["check", "scaling_law_raw", "examples/candy.toml", "--rewards", "patterns:0,1", "--certificate", "{fifo}"],
    ["search", "fractional_conjecture", "--family", "one-hot:3", "--rewards", "patterns:0,1", "--checkpoint", "{fifo}",
     "--no-progress"],
    ["search", "fractional_conjecture", "--family", "one-hot:3", "--rewards", "patterns:0,1", "--resume", "{fifo}",
     "--no-progress"],
], ids=["environment", "instance", "certificate", "certificate-out", "checkpoint", "resume"])
def test_a_fifo_is_refused_without_waiting_for_a_writer(argv, fifo):
    run_cli(["theorems"])
    code, _, err, seconds = run_cli([a.replace("{fifo}", fifo) for a in argv])
    assert_refused(code, err, seconds, 3.0)
    assert "FIFO" in err or "not a regular file" in err


@pytest.mark.parametrize("argv, named", [
    (["search", "scaling_law_raw", "--family", "det-mdp:²:3", "--no-progress"], "sizes must be integers"),
    (["visits", "die-live:²:3", "--state", "s", "--gamma", "1/2"], "positive integers M and N"),
    (["check", "scaling_law_raw", "examples/candy.toml", "--rewards", "random:²:1"], "random:COUNT:SEED"),
    (["count", "examples/candy.toml", "--max-work=1²"], "not a positive integer"),
    (["check", "scaling_law", "one-hot:1:n", "--pattern", "levels:²"], "levels[0]"),
], ids=["family", "environment", "rewards", "limit", "pattern"])
def test_a_superscript_digit_is_refused_by_name(argv, named):
    # "²".isdigit() is True but int("²") raises: every number read from a string is checked with isdecimal, so the
    # refusal names the argument instead of reporting a ValueError from int
    code, _, err, seconds = run_cli(argv)
    assert_refused(code, err, seconds, 5.0)
    assert named in err and "ValueError" not in err, err


def _cli(args: list[str], **kw) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), kw.pop("path", "")])}
    return subprocess.run([sys.executable, "-m", "symorbit", *args], capture_output=True, cwd=ROOT, env=env,
                          timeout=60, check=False, **kw)


def test_a_closed_pipe_ends_in_one_line():
    """``visits ... | head -1``: the reader goes away; no BrokenPipeError traceback."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = f"{sys.executable} -m symorbit visits die-live:2:300 --state start --gamma 1/2 | head -c 10 >/dev/null"
    out = subprocess.run(["bash", "-o", "pipefail", "-c", cmd], capture_output=True, text=True, cwd=ROOT, env=env,
                         timeout=120, check=False)
    assert "Traceback" not in out.stderr and len(out.stderr.strip().splitlines()) <= 1, out.stderr
    assert out.returncode in (0, 2), out.stderr


def test_a_name_the_terminal_cannot_encode_is_written_escaped():
    out = _cli(["visits", "candy", "--state", os.fsdecode(b"s\xed\xa0\x80"), "--gamma", "1/2"])
    err = out.stderr.decode("utf-8")
    assert out.returncode == 2 and "Traceback" not in err and len(err.strip().splitlines()) == 1, err


def test_a_user_statement_whose_hypotheses_raise_ends_in_one_line(tmp_path):
    (tmp_path / "raising_stmt.py").write_text(textwrap.dedent('''
        from symorbit import Hypotheses, Statement

        def _hyp(inst):
            return 1 // 0

        BAD = Statement(name="bad", title="raises", source="a test", status="conjectured", text="raises",
                        mode="raw", hypotheses=_hyp, conclusion=lambda data: {"kind": "most", "ratio": 1})
    '''))
    out = _cli(["check", "raising_stmt:BAD", "examples/candy.toml", "--reward", "1,2,3"], path=str(tmp_path))
    err = out.stderr.decode("utf-8")
    assert out.returncode == 2 and "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert "ZeroDivisionError" in err and "raising_stmt.py" in err


@pytest.mark.parametrize("source, named", [
    ("import sys\nsys.exit(7)\n", "raised sys.exit(7) at user_mod.py:2"),
    ("def f(n):\n    return f(n + 1)\nf(0)\n", "raised RecursionError: maximum recursion depth exceeded at user_mod.py:2"),
    ("def f(:\n", "raised SyntaxError: invalid syntax at user_mod.py:1"),
    ("x = 1\nraise ValueError('no')\n", "raised ValueError: no at user_mod.py:2"),
], ids=["sys.exit", "recursion", "syntax", "exception"])
def test_a_user_module_that_fails_on_import_is_named_with_what_it_did(source, named, tmp_path):
    # sys.exit(7) in the user's module ended the command with status 7, and its recursion was blamed on the
    # instance's depth; each is now refused by the module's name, with what it raised and where
    (tmp_path / "user_mod.py").write_text(source)
    out = _cli(["check", "user_mod:S", "examples/candy.toml", "--reward", "1,2,3"], path=str(tmp_path))
    err = out.stderr.decode("utf-8")
    assert out.returncode == 2 and "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert err.strip() == f"symorbit: error: statement 'user_mod:S': importing user_mod {named}", err


# ------------------------------------------------------------------ checkpoints bound to their instance
def _search(tmp_path, family, flag, path, statement="fractional_conjecture"):
    return run_cli(["search", statement, "--family", family, "--rewards", "patterns:0,1", flag, str(path),
                    "--no-progress"])


def test_a_record_pasted_under_another_key_is_refused_on_resume(tmp_path):
    """A genuine "fails" record of one-hot:3 under a one-hot:4 key: refused by its digest, and, with the digest
    forged to the key's, by its certificate (A and B are not that instance's)."""
    from symorbit.counterexamples.checkpoints import instance_digest
    from symorbit.counterexamples.families import family

    assert _search(tmp_path, "one-hot:3", "--checkpoint", tmp_path / "a.jsonl")[0] == 1     # counterexamples: exit 1
    assert _search(tmp_path, "one-hot:4", "--checkpoint", tmp_path / "b.jsonl")[0] == 1
    a = [json.loads(line) for line in (tmp_path / "a.jsonl").read_text().splitlines()]
    b = (tmp_path / "b.jsonl").read_text().splitlines()
    fails = next(r for r in a[1:] if r["status"] == "fails")
    key = json.loads(b[1])["key"]
    spec = {s["key"]: s for s in family("one-hot:4")}[key]
    for forged, match in ((False, "its instance digest differs"), (True, "its A and B are not the instance's")):
        rec = {**fails, "key": key, **({"instance": instance_digest(spec)} if forged else {})}
        (tmp_path / "c.jsonl").write_text("\n".join([b[0], json.dumps(rec), *b[2:]]) + "\n")
        code, _, err, _ = _search(tmp_path, "one-hot:4", "--resume", tmp_path / "c.jsonl")
        assert code == 2 and match in err and "c.jsonl:2" in err, err
    (tmp_path / "c.jsonl").write_text("\n".join(b) + "\n")            # the run's own records resume
    assert _search(tmp_path, "one-hot:4", "--resume", tmp_path / "c.jsonl")[0] == 1


def test_a_changed_user_statement_is_detected_on_resume(tmp_path, monkeypatch):
    source = (ROOT / "examples" / "my_conjectures.py").read_text()
    (tmp_path / "mine_23.py").write_text(source)
    monkeypatch.syspath_prepend(str(tmp_path))
    ck = tmp_path / "run.jsonl"
    assert _search(tmp_path, "one-hot:3", "--checkpoint", ck, "mine_23:power_seeking_is_optimal")[0] in (0, 2)
    assert json.loads(ck.read_text().splitlines()[0])["statement_code"]
    (tmp_path / "mine_23.py").write_text(source + "\n# changed\n")
    code, _, err, _ = _search(tmp_path, "one-hot:3", "--resume", ck, "mine_23:power_seeking_is_optimal")
    assert code == 2 and "statement_code" in err, err


@pytest.mark.parametrize("values, expect", [("distinct", 2), ("seven", 2), ("one-one", 0)])
def test_a_reward_of_length_100000_is_answered_or_refused_in_seconds(tmp_path, values, expect):
    """Orbit sizes of 100000! / ... have far over 4300 digits: refused before the count, not after it."""

    d = 100_000
    reward = {"distinct": list(range(d)), "seven": [i % 7 for i in range(d)], "one-one": [0] * (d - 1) + [1]}[values]
    path = tmp_path / "long.json"
    e = [[int(i == j) for i in range(d)] for j in range(3)]
    path.write_text(json.dumps({"A": e[:1], "B": e[1:], "reward": reward}))
    run_cli(["theorems"])       # import everything first: the bound is on the work
    with cpu_seconds() as clock:
        code, out, err, _ = run_cli(["count", str(path), "--json"])
    seconds = clock.seconds
    if expect == 2:
        assert_refused(code, err, seconds, 2.0)
        assert "too long to print" in err
    else:                       # an orbit of 100000 elements: answered, exactly
        assert code == 0 and seconds < 2.0, (err, seconds)
        data = json.loads(out)
        assert (data["b_better"], data["a_better"], data["ties"], data["orbit_size"]) == (2, 1, d - 3, d)


@pytest.mark.parametrize("value", ["false", "true", 0, 1, None, [], {}])
def test_relative_must_be_a_json_boolean(value, tmp_path):
    # bool("false") is True: a string once turned the relative comparison on, with exit status 0 and other counts
    inst = tmp_path / "inst.json"
    inst.write_text(json.dumps({"env": "candy", "state": "start", "gamma": "1/2", "a_actions": ["candy"],
                                "b_actions": ["wait"], "relative": value, "reward": [0, 1, 2, 3, 4]}))
    code, _, err, seconds = run_cli(["count", str(inst)])
    assert_refused(code, err, seconds, 5.0)
    assert "relative must be true or false" in err


def test_relative_as_a_boolean_is_read(tmp_path):
    from symorbit import orbit_counts, visit_distributions
    from symorbit.mdp.library import opts_figure1

    raw = {"env": "opts-figure-1", "state": "star", "gamma": "1/2", "a_actions": ["l_mid"], "b_actions": ["r_mid"],
           "reward": [0, 1, 2, 3, 4, 5, 6, 6]}
    F = visit_distributions(opts_figure1(), "star", "1/2")
    for relative in (False, True):
        path = tmp_path / f"relative-{relative}.json"
        path.write_text(json.dumps({**raw, "relative": relative}))
        code, out, err, _ = run_cli(["count", str(path), "--json"])
        assert code == 0, err
        want = orbit_counts(F.restrict("l_mid"), F.restrict("r_mid"), raw["reward"], relative_to=F if relative else None)
        assert (json.loads(out)["b_better"], json.loads(out)["a_better"]) == (want.b_better, want.a_better)
    assert orbit_counts(F.restrict("l_mid"), F.restrict("r_mid"), raw["reward"]).counts != want.counts


@pytest.mark.parametrize("extra, named", [
    ({"rewards": [[1, 2, 3]]}, "rewards[0] has 3 entries but the outcomes have 2 coordinates"),
    ({"rewards": [[1, 2], [1]]}, "rewards[1] has 1 entries"),
    ({"rewards": []}, "rewards must be a non-empty list"),
    ({"reward": [1, 2, 3]}, "reward has 3 entries"),
], ids=["too-long", "second-short", "empty", "one"])
@pytest.mark.parametrize("every", [False, True])
def test_an_instance_files_rewards_are_checked_in_every_mode(extra, named, every, tmp_path):
    # `count --rewards all` does not read the file's rewards, and once ignored a wrong one with exit status 0
    inst = tmp_path / "inst.json"
    inst.write_text(json.dumps({"A": [[1, 0]], "B": [[0, 1]], **extra}))
    code, _, err, seconds = run_cli(["count", str(inst)] + (["--rewards", "all"] if every else []))
    assert_refused(code, err, seconds, 5.0)
    assert named in err


@pytest.mark.parametrize("argv, named", [
    (["--reward="], "--reward[0]=''"),
    (["--reward=--"], "--reward[0]="),          # '--', or '' where argparse reads it as an empty list (3.11)
    (["--rewards", "all", "--reward="], "drop --reward"),
], ids=["empty", "dashes", "empty-with-all"])
def test_a_given_reward_that_is_empty_is_refused_not_replaced_by_the_files(argv, named, tmp_path):
    # an empty --reward once fell back to the file's reward (or to every reward) with exit status 0
    inst = tmp_path / "inst.json"
    inst.write_text(json.dumps({"A": [[1, 0]], "B": [[0, 1]], "reward": [1, 2]}))
    code, _, err, seconds = run_cli(["count", str(inst)] + argv)
    assert_refused(code, err, seconds, 5.0)
    assert named in err
