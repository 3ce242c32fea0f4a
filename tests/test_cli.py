"""The CLI: contract JSON keys, exit statuses, one-line errors."""

import json
import subprocess
import sys

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
    (["count", "missing.json"], "cannot read"),
    (["check", "no_such_theorem", "examples/candy.toml"], "unknown"),
    (["table", "nope"], "unknown"),
])
def test_errors_are_one_line_exit_2(capsys, argv, match):
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert err.count("\n") == 1 and match in err and "Traceback" not in err


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
