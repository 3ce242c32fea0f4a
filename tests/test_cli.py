"""The CLI: contract JSON keys, exit statuses, one-line errors."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from symorbit.cli.commands import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_count_json_contract(capsys):
    code, out, _ = run(capsys, "count", "examples/candy.toml", "--json")
    data = json.loads(out)
    assert code == 0
    assert {k: data[k] for k in ("b_better", "a_better", "ties", "orbit_size")} == \
        {"b_better": 4, "a_better": 2, "ties": 0, "orbit_size": 6}


def test_count_from_environment_instance(capsys):
    code, out, _ = run(capsys, "count", "examples/candy_mdp.toml", "--json", "--engine", "reference")
    data = json.loads(out)
    assert (data["b_better"], data["a_better"], data["ties"]) == (62, 42, 16)


def test_visits_json_vectors_are_fraction_strings(capsys):
    code, out, _ = run(capsys, "visits", "candy", "--state", "start", "--gamma", "1/2", "--json")
    data = json.loads(out)
    assert data["count"] == 3
    assert ["1", "0", "1/2", "1/2", "0"] in [row["vector"] for row in data["vectors"]]
    code, out, _ = run(capsys, "visits", "opts-figure-1", "--state", "star", "--gamma", "9/10", "--nondominated",
                       "--json")
    assert json.loads(out)["count"] == 5


def test_copies_json_contract(capsys):
    code, out, _ = run(capsys, "copies", "examples/candy.toml", "--json")
    data = json.loads(out)
    assert data["n"] == 2 and sorted(data["involutions"]) == [[1, 0, 2], [2, 1, 0]]


def test_check_then_verify_and_tamper(capsys, tmp_path):
    cert = tmp_path / "cert.json"
    code, out, _ = run(capsys, "check", "scaling_law_raw", "examples/candy.toml", "--rewards", "patterns:0,1,2",
                       "--certificate", str(cert), "--json")
    assert code == 0 and json.loads(out)["status"] == "holds"
    assert run(capsys, "verify", str(cert))[0] == 0
    data = json.loads(cert.read_text())
    data["rewards"][0]["b_better"] += 1
    cert.write_text(json.dumps(data))
    code, out, _ = run(capsys, "verify", str(cert))
    assert code == 1 and "refuted" in out
    cert.write_text("{broken")
    code, _, err = run(capsys, "verify", str(cert))
    assert code == 2 and err.count("\n") == 1 and "malformed certificate" in err


@pytest.mark.parametrize("argv, match", [
    (["visits", "candy", "--state", "start", "--gamma", "0.5"], 'decimal; write it as an exact fraction such as "1/2"'),
    (["visits", "candy", "--state", "nowhere", "--gamma", "1/2"], "state='nowhere' is not a state of candy"),
    (["visits", "candy", "--state", "start", "--gamma", "3/2"], "outside (0, 1)"),
    (["visits", "candy", "--state", "start", "--gamma", "1/" + "9" * 250], "252 characters is not accepted (at most 200)"),
    (["count", "missing.json"], "cannot read"),
    (["check", "no_such_theorem", "examples/candy.toml"], "unknown"),
    (["table", "nope"], "unknown"),
])
def test_errors_are_one_line_exit_2(capsys, argv, match):
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert err.count("\n") == 1 and match in err and "Traceback" not in err


def test_a_discount_on_the_command_line_reads_as_in_an_instance_file(capsys, tmp_path):
    """--gamma takes the spellings and the limit of an instance file's gamma, and is echoed canonically."""
    code, out, _ = run(capsys, "visits", "candy", "--state", "start", "--gamma", " 2/4 ", "--json")
    assert code == 0 and json.loads(out)["gamma"] == "1/2"
    for gamma in ("average", "symbolic"):
        code, out, _ = run(capsys, "visits", "candy", "--state", "start", "--gamma", gamma, "--json")
        assert code == 0 and json.loads(out)["gamma"] == gamma
    longest = "1/" + "9" * 198
    code, _, _ = run(capsys, "visits", "candy", "--state", "start", "--gamma", longest)
    assert code == 0
    code, _, err = run(capsys, "visits", "candy", "--state", "start", "--gamma", longest + "9")
    assert code == 2 and "at most 200" in err
    inst = tmp_path / "inst.json"
    inst.write_text(json.dumps({"env": "candy", "state": "start", "gamma": longest + "9", "a_actions": ["candy"],
                                "b_actions": ["wait"]}))
    code, _, err_file = run(capsys, "count", str(inst), "--reward", "1,2,3,4,5")
    assert code == 2 and "at most 200" in err_file


def test_a_value_with_a_leading_minus_is_read_as_a_value(capsys):
    """``--reward -1,2,3`` is the reward (argparse read "-1,2,3" as an option and said "expected one argument");
    ``--gamma -1/2`` reaches the discount's own check; a stray "-1" is still an unrecognised argument."""
    spaced = run(capsys, "count", "examples/candy.toml", "--reward", "-1,2,-3/2", "--json")
    joined = run(capsys, "count", "examples/candy.toml", "--reward=-1,2,-3/2", "--json")
    assert spaced[0] == 0 and spaced == joined and json.loads(spaced[1])["reward"] == ["-1", "2", "-3/2"]
    code, _, err = run(capsys, "visits", "candy", "--state", "start", "--gamma", "-1/2")
    assert code == 2 and "--gamma=-1/2 is outside (0, 1)" in err
    with pytest.raises(SystemExit) as exc:
        main(["count", "examples/candy.toml", "-1"])
    assert exc.value.code == 2 and "unrecognized arguments: -1" in capsys.readouterr().err


@pytest.mark.parametrize("argv, said", [
    (["examples/candy.toml", "--rewards", "patterns:0,1", "--reward", "1,2,3"],
     "--reward and --rewards patterns:0,1 both name the rewards to check; give one"),
    (["examples/candy.toml", "--rewards", "all", "--reward", "1,2,3"],
     "--reward and --rewards all both name the rewards to check; give one"),
    (["examples/candy.toml", "--pattern", "top-tie:2"], "--pattern applies to a block family one-hot:M:N[:REST]"),
    (["examples/candy.toml", "--max-level", "3"], "--max-level applies to a block family"),
    (["examples/candy.toml", "--bound", "3"], "--bound applies to a block family"),
    (["one-hot:m:n", "--reward", "1,2"], "--reward applies to an instance file; a block family one-hot:M:N is proved"),
    (["one-hot:m:n", "--rewards", "all"], "--rewards applies to an instance file"),
    (["one-hot:m:n", "--max-rewards", "5"], "--max-rewards applies to an instance file"),
])
def test_check_refuses_a_flag_it_would_ignore(capsys, argv, said):
    """Each of these was ignored without a word: --reward won over --rewards, a block family's flags did nothing on
    an instance file and an instance file's flags nothing on a block family."""
    code, out, err = run(capsys, "check", "scaling_law_raw" if argv[0].endswith(".toml") else "scaling_law", *argv)
    assert code == 2 and not out and err.count("\n") == 1 and said in err, err


def test_argparse_errors_are_one_line(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "symorbit", "count"], capture_output=True, text=True)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1


def test_too_large_is_refused_with_a_hint(capsys, tmp_path):
    inst = tmp_path / "big.json"
    d = 30
    inst.write_text(json.dumps({"A": [list(range(d))], "B": [list(range(d))[::-1]], "reward": list(range(d))}))
    code, _, err = run(capsys, "count", str(inst))
    assert code == 2 and "exceeds the limit" in err and "symmetry" in err


def test_tour_and_tables(capsys):
    code, out, _ = run(capsys, "tour")
    assert code == 0 and "1275/1378" in out and "51/53" in out
    code, out, _ = run(capsys, "table", "die-live", "--format", "latex")
    assert r"$5/7$" in out and r"\toprule" in out
    code, out, _ = run(capsys, "table", "candy", "--format", "csv")
    assert out.splitlines()[0].startswith('"r (candy, chocolate, hug)",orbit')
    code, out, _ = run(capsys, "theorems", "--json")
    assert {r["name"] for r in json.loads(out)} >= {"scaling_law_raw", "fractional_conjecture"}


# ------------------------------------------------------------------ issue 25: search, power, progress
def test_search_exits_1_on_a_counterexample_and_0_when_it_holds(capsys):
    base = ["--rewards", "patterns:0,1", "--workers", "1", "--no-progress"]
    code, out, _ = run(capsys, "search", "fractional_conjecture", "--family", "one-hot:3", *base)
    assert code == 1 and "counterexamples" in out                       # as `check` does when a statement fails
    code, out, _ = run(capsys, "search", "scaling_law_raw", "--family", "one-hot:3", *base)
    assert code == 0 and " 0 counterexamples" in out
    # --expect found declares the outcome: finding it is success; not finding it is exit 2
    assert run(capsys, "search", "fractional_conjecture", "--family", "one-hot:3", *base, "--expect", "found")[0] == 0
    assert run(capsys, "search", "scaling_law_raw", "--family", "one-hot:3", *base, "--expect", "found")[0] == 2
    code, _, err = run(capsys, "search", "fractional_conjecture", "--family", "one-hot:3", *base, "--expect", "none")
    assert code == 2 and err.splitlines()[-1].startswith("symorbit: error: expected no counterexample")


def test_search_summary_lists_every_counterexample_or_says_how_many_more(capsys, monkeypatch):
    import symorbit.cli.commands as commands

    argv = ["search", "fractional_conjecture", "--family", "one-hot:4", "--rewards", "patterns:0,1",
            "--workers", "1", "--no-progress"]
    code, out, _ = run(capsys, *argv, "--json")
    found = json.loads(out)["counterexamples"]
    assert code == 1 and len(found) >= 3
    code, out, _ = run(capsys, *argv)
    assert all(rec["key"] in out for rec in found) and "more" not in out      # few enough: every one listed
    monkeypatch.setattr(commands, "SEARCH_LISTED", 2)
    code, out, _ = run(capsys, *argv)
    listed = [line for line in out.splitlines() if line.startswith("  ") and ": r = (" in line]
    assert code == 1 and len(listed) == 1
    assert out.rstrip().endswith(f"... and {len(found) - 1} more (--json lists every one)")


def test_power_command_exact_and_monte_carlo(capsys):
    pytest.importorskip("PyNormaliz")
    code, out, _ = run(capsys, "power", "opts-figure-1", "l_down", "--gamma", "1/2")
    assert code == 0 and out.startswith("POWER(l_down, γ = 1/2) = 11/18 ≈ 0.611111")   # OPTS Fig. 3
    code, out, _ = run(capsys, "power", "opts-figure-1", "l_down", "--gamma", "1/2", "--monte-carlo", "4000",
                       "--seed", "3", "--json")
    data = json.loads(out)
    assert code == 0 and data["exact"] == "11/18" and data["monte_carlo"]["samples"] == 4000
    mc = data["monte_carlo"]
    assert 0 < mc["standard_error"] <= 1 / (2 * 4000 ** 0.5) and abs(mc["mean"] - 11 / 18) < 5 * mc["standard_error"]
    code, out, _ = run(capsys, "power", "opts-figure-1", "l_down", "--gamma", "1/2", "--monte-carlo", "500",
                       "--max-estimate", "1/10000000000", "--json")         # exact refused: the estimate still comes
    data = json.loads(out)
    assert code == 0 and data["exact"] is None and "max_work" in data["exact_refused"] and data["monte_carlo"]


@pytest.mark.parametrize("argv, match", [
    (["power", "candy", "nowhere", "--gamma", "1/2"], "not a state of candy"),
    (["power", "candy", "wait", "--gamma", "0.5"], "exact fraction"),
    (["power", "candy", "wait", "--gamma", "1/2", "--no-exact"], "add --monte-carlo N"),
    (["power", "candy", "wait", "--gamma", "1/2", "--max-estimate", "1/10000000000"], "--max-estimate SECONDS"),
    (["power", "candy", "wait", "--gamma", "1/2", "--monte-carlo", "0"], "not a positive integer"),
    (["power", "candy", "wait", "--gamma", "1/2", "--monte-carlo", "10", "--seed=-1"], "argument --seed: '-1' is not"),
    (["power", "candy", "wait", "--gamma", "1/2", "--monte-carlo", "9" * 20], "is too large: give at most 18 digits"),
    (["power", "candy", "wait", "--gamma", "1/" + "9" * 250, "--monte-carlo", "10"], "at most 200"),
    (["power", "candy", "wait", "--gamma", "average", "--monte-carlo", "10"], "0 < gamma < 1 (OPTS Def. 5.2)"),
])
def test_power_command_errors_are_one_line(capsys, argv, match):
    if "--max-estimate" in argv:
        pytest.importorskip("PyNormaliz")
    try:
        code = main(argv)
    except SystemExit as exc:                  # argparse's own refusals, also one line and exit 2
        code = exc.code
    err = capsys.readouterr().err
    assert code == 2 and match in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


@pytest.mark.parametrize("command", ["tour", "count", "check", "search", "table", "plot", "power"])
def test_every_long_command_takes_the_same_progress_flag(command):
    from symorbit.cli.commands import build_parser

    sub = next(a for a in build_parser()._actions if a.dest == "command").choices[command]
    flags = {s for a in sub._actions for s in a.option_strings}
    assert {"--progress", "--no-progress"} <= flags
    assert not any("progress" in f for f in flags - {"--progress", "--no-progress"})


def test_progress_is_on_for_a_terminal_and_off_otherwise(capsys, monkeypatch):
    import symorbit.cli.commands as commands

    monkeypatch.setattr(commands, "TICK_DELAY", 0.0)
    monkeypatch.setattr(commands, "TICK_EVERY", 0.01)
    code, out, err = run(capsys, "table", "candy")                  # stderr is not a terminal here: silent
    assert code == 0 and err == ""
    code, out, err = run(capsys, "table", "candy", "--no-progress")
    assert code == 0 and err == ""
    monkeypatch.setattr(commands.sys.stderr, "isatty", lambda: True, raising=False)
    code, out2, err = run(capsys, "table", "opts-figure-1")         # a terminal: the status line, then erased
    assert code == 0 and "symorbit table: working (" in err and err.endswith("\r")
    assert "symorbit table" not in out2                              # stdout is the table alone
    code, _, err = run(capsys, "table", "candy", "--no-progress")
    assert code == 0 and err == ""


def test_tour_progress_names_each_table(capsys, monkeypatch):
    import symorbit.cli.commands as commands

    monkeypatch.setattr(commands, "TICK_DELAY", 0.0)
    monkeypatch.setattr(commands, "TICK_EVERY", 0.005)
    code, out, err = run(capsys, "tour", "--progress")
    assert code == 0 and "symorbit tour: table 5 of 6: opts-figure-1" in err and "table 6 of 6: every-size" in err and out.startswith("symorbit tour:")


@pytest.mark.parametrize("argv, terminal, ticks", [
    (["tour"], True, True), (["tour"], False, False), (["tour", "--no-progress"], True, False),
    (["tour", "--progress"], False, True), (["power", "candy", "wait", "--gamma", "1/2"], True, True),
    (["check", "scaling_law_raw", "x.toml", "--rewards", "all"], True, True),
    (["check", "scaling_law_raw", "x.toml"], True, False),                   # a bar over the rewards instead
    (["check", "scaling_law_raw", "x.toml", "--rewards", "all", "--reward", "1,2,3"], True, False),
    (["search", "scaling_law_raw", "--family", "one-hot:3"], True, False),   # its own bars
    (["visits", "candy", "--state", "start", "--gamma", "1/2"], True, False),
])
def test_which_commands_show_the_status_line(monkeypatch, argv, terminal, ticks):
    import symorbit.cli.commands as commands

    monkeypatch.setattr(commands.sys.stderr, "isatty", lambda: terminal, raising=False)
    args = commands.build_parser().parse_args(argv)
    assert commands._ticks(args) is ticks


@pytest.mark.parametrize("relative", [False, True])
def test_count_every_reward_lists_the_brute_force_profiles_and_worst_cases(capsys, tmp_path, relative):
    # every profile a reward in {-2..2}^3 attains is listed, every listed witness has its profile, and the worst
    # values are the minima over the listed profiles, attained in the grid (C holds (1, 1, 1), beyond A and B)
    import itertools
    from fractions import Fraction

    from symorbit.testing.naive import naive_orbit_counts

    A, B = [[1, 0, 0]], [[0, 1, 0], [0, 0, 1]]
    C = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]] if relative else None
    inst = tmp_path / "inst.json"
    inst.write_text(json.dumps({"A": A, "B": B, **({"C": C, "relative": True} if relative else {})}))
    code, out, _ = run(capsys, "count", str(inst), "--rewards", "all", "--profiles", "--json")
    data = json.loads(out)
    assert code == 0 and data["rewards"] == "all" and data["pieces"] >= 1
    brute = {}
    for r in itertools.product(range(-2, 3), repeat=3):
        gt, lt, eq = naive_orbit_counts(A, B, r, C)
        brute.setdefault((gt, lt, eq, gt + lt + eq), r)
    listed = {(p["b_better"], p["a_better"], p["ties"], p["orbit_size"]): p["reward"] for p in data["profiles"]}
    assert set(listed) == set(brute)
    for counts, reward in listed.items():      # every witness really has its profile
        assert naive_orbit_counts(A, B, [Fraction(x) for x in reward], C) == counts[:3]
    ratios = [Fraction(b, a) for b, a, _, _ in brute if a]
    weak = min(Fraction(b + t, o) for b, _, t, o in brute)
    assert data["worst_ratio"]["value"] == (str(min(ratios)) if ratios else None)
    assert Fraction(data["worst_weak_fraction"]["value"]) == weak
    w = data["worst_weak_fraction"]
    c = w["counts"]
    assert naive_orbit_counts(A, B, [Fraction(x) for x in w["reward"]], C) == (c["b_better"], c["a_better"], c["ties"])
    code, out, _ = run(capsys, "count", str(inst), "--rewards", "all")
    assert code == 0 and f"worst weak fraction: {weak}" in out


@pytest.mark.parametrize("argv", [["--rewards", "all", "--reward", "1,2,3"], ["--rewards", "all", "--permutations"],
                                  ["--rewards", "all", "--engine", "mitm"], ["--profiles"]])
def test_count_every_reward_refuses_per_reward_flags_in_one_line(capsys, argv):
    code, out, err = run(capsys, "count", "examples/candy.toml", *argv)
    assert code == 2 and not out and len(err.strip().splitlines()) == 1 and "--" in err


def test_count_every_reward_prints_the_guides_example(capsys):
    # docs/guide.md shows this run's output verbatim: keep the two in step
    from pathlib import Path

    guide = (Path(__file__).resolve().parents[1] / "docs" / "guide.md").read_text(encoding="utf-8")
    block = guide.split("$ symorbit count examples/candy.toml --rewards all\n", 1)[1].split("```", 1)[0]
    code, out, _ = run(capsys, "count", "examples/candy.toml", "--rewards", "all")
    assert code == 0 and [line.strip() for line in out.strip().splitlines()] == \
        [line.strip() for line in block.strip().splitlines()]


def test_a_certificate_is_never_written_over_the_instance_and_a_missing_one_is_said(capsys, tmp_path):
    # --certificate naming the instance file overwrote it silently; a verdict without a certificate ("hypotheses
    # not met") wrote no file and said nothing
    inst = tmp_path / "candy.toml"
    inst.write_text(Path("examples/candy.toml").read_text())
    before = inst.read_text()
    assert main(["check", "scaling_law_raw", str(inst), "--certificate", str(inst)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "this is the input" in err and inst.read_text() == before
    out_file = tmp_path / "none.json"
    assert main(["check", "scaling_law_raw", "examples/candy_mdp.toml", "--certificate", str(out_file)]) == 0
    out = capsys.readouterr().out
    assert "hypotheses not met" in out and f"no certificate written to {out_file}" in out and not out_file.exists()
