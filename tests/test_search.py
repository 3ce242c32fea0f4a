"""Counterexample search: families, checkpoints and resume, parallel backends, shrinking."""

import json

import pytest
from hypothesis import strategies as st

from symorbit import family, random_search, search
from symorbit.counterexamples.worker import check_instance_spec
from symorbit.errors import InvalidArgument, SearchExhausted, SymorbitError
from symorbit.outcomes.outcome_sets import one_hot
from symorbit.testing import kernel_problems


def test_family_sizes_are_known_before_the_search():
    assert family("one-hot:3").size == 13
    fam = family("det-mdp:3:2")
    assert fam.size == 155 and fam.duplicates > 0
    assert len({s["key"] for s in fam}) == fam.size
    with pytest.raises(InvalidArgument, match="family="):
        family("graphs:3")


def test_fractional_conjecture_as_stated_fails_for_n_below_m_and_certificates_verify():
    res = search("fractional_conjecture", "one-hot:4", "patterns:0,1", workers=1, progress=False)
    assert res.counterexamples
    for rec in res.counterexamples:
        assert kernel_problems(rec["certificate"]) == []
        assert rec["certificate"]["verdict"] == "fails"
    with_hyp = search("fractional_conjecture+n_at_least_m", "one-hot:4", "patterns:0,1", workers=1, progress=False)
    assert with_hyp.counterexamples == []


def test_fractional_conjecture_needs_a_condition_on_c():
    # det-mdp:3:45: A = {e0}, B = {e2}, C = F(s2) ∋ ½(e1+e2), not fixed by (0 2): fails even with n >= m.
    spec = next(s for s in family("det-mdp:3:3") if s["mdp"] == {"s0": [], "s1": ["s2"], "s2": ["s0", "s1", "s2"]}
                and s["state"] == "s2" and s["a"] == "s0" and s["b"] == "s2")
    rec = check_instance_spec("fractional_conjecture+n_at_least_m", spec, "patterns:0,1,2")
    assert rec["status"] == "fails" and kernel_problems(rec["certificate"]) == []
    fixed = check_instance_spec("fractional_conjecture+n_at_least_m+fix_C", spec, "patterns:0,1,2")
    assert fixed["status"] == "hypotheses not met"


def test_checkpoint_resume_after_interruption(tmp_path):
    ck = tmp_path / "run.jsonl"
    full = search("fractional_conjecture", "one-hot:4", "patterns:0,1", workers=1, progress=False)
    search("fractional_conjecture", "one-hot:4", "patterns:0,1", workers=1, progress=False, checkpoint=ck)
    lines = ck.read_text().splitlines()
    # Simulate a kill: keep the header and the first 5 records, and a torn sixth line.
    ck.write_text("\n".join(lines[:6]) + "\n" + lines[6][: len(lines[6]) // 2])
    resumed = search("fractional_conjecture", "one-hot:4", "patterns:0,1", workers=1, progress=False, checkpoint=ck)
    assert resumed.resumed == 5
    assert resumed.checked == full.checked
    assert len(resumed.counterexamples) == len(full.counterexamples)
    keys = [json.loads(line)["key"] for line in ck.read_text().splitlines()[1:] if line.strip().endswith("}")]
    assert sorted(set(keys)) == sorted(s["key"] for s in family("one-hot:4"))


def test_process_pool_and_expect():
    res = search("scaling_law_raw", "det-mdp:3:2", "patterns:0,1", workers=2, progress=False, expect="none")
    assert res.checked == 155 and not res.counterexamples
    with pytest.raises(SymorbitError, match="expected no counterexample"):
        search("fractional_conjecture", "one-hot:3", "patterns:0,1", workers=1, progress=False, expect="none")


def test_dask_local_cluster_backend():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        res = search("fractional_conjecture", "one-hot:4", "patterns:0,1", executor=client.get_executor(),
                     progress=False)
    local = search("fractional_conjecture", "one-hot:4", "patterns:0,1", workers=1, progress=False)
    assert res.checked == local.checked
    assert sorted(c["key"] for c in res.counterexamples) == sorted(c["key"] for c in local.counterexamples)


def _e(d, j):
    return list(one_hot(d, j))


@st.composite
def one_hot_specs(draw):
    d = draw(st.integers(2, 6))
    a = draw(st.lists(st.integers(0, d - 1), min_size=1, max_size=d, unique=True))
    b = draw(st.lists(st.integers(0, d - 1), min_size=1, max_size=d, unique=True))
    return {"key": f"h:{d}:{a}:{b}", "A": [_e(d, j) for j in a], "B": [_e(d, j) for j in b]}


def test_random_search_shrinks_to_a_minimal_counterexample():
    found = random_search("fractional_conjecture", one_hot_specs(), "patterns:0,1", max_examples=300, seed=1)
    spec = found.spec
    # Minimal: two things against one, in three coordinates; the record carries the kernel-checked failure.
    assert len(spec["A"]) == 2 and len(spec["B"]) == 1 and len(spec["A"][0]) == 3
    assert found.record["status"] == "fails" and found.record["provenance"] == "kernel-checked"
    assert (found.statement, found.seed) == ("fractional_conjecture", 1)
    with pytest.raises(SearchExhausted, match="does not mean none exists"):
        random_search("scaling_law_raw", one_hot_specs(), "patterns:0,1", max_examples=30, seed=1)


def test_random_search_raises_internal_errors_instead_of_reading_them_as_no_counterexample(monkeypatch):
    from symorbit.counterexamples import randomised
    from symorbit.errors import InvariantViolation

    def broken(*args, **kwargs):
        raise InvariantViolation("the engine and the kernel disagree")

    monkeypatch.setattr(randomised, "check_instance_spec", broken)
    with pytest.raises(InvariantViolation, match="disagree"):
        random_search("fractional_conjecture", one_hot_specs(), "patterns:0,1", max_examples=5, seed=1)


def test_search_cli(tmp_path, capsys):
    from symorbit.cli.commands import main

    ck = tmp_path / "c.jsonl"
    certs = tmp_path / "certs"
    code = main(["search", "fractional_conjecture", "--family", "one-hot:3", "--rewards", "patterns:0,1",
                 "--checkpoint", str(ck), "--workers", "1", "--no-progress", "--certificates", str(certs), "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 1 and out["checked"] == 13 and out["counterexamples"]     # found: exit 1, as check
    for path in certs.iterdir():
        assert main(["verify", str(path)]) == 0
    capsys.readouterr()
    code = main(["search", "fractional_conjecture", "--family", "one-hot:3", "--rewards", "patterns:0,1",
                 "--resume", str(ck), "--workers", "1", "--no-progress", "--json"])
    assert json.loads(capsys.readouterr().out)["resumed_from_checkpoint"] == 13


def test_stochastic_family():
    fam = family("stoch-mdp:2:2")
    assert fam.size == 36 and fam.duplicates > 0
    res = search("fractional_conjecture+n_at_least_m+fix_C", fam, "patterns:0,1", workers=1, progress=False)
    assert res.checked == 36 and res.counterexamples == []
    with pytest.raises(InvalidArgument, match="too large"):
        family("stoch-mdp:4:2")


def test_killed_search_resumes_without_loss(tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    ck = tmp_path / "killed.jsonl"
    cmd = [sys.executable, "-m", "symorbit", "search", "fractional_conjecture", "--family", "one-hot:9",
           "--rewards", "patterns:0,1,2", "--workers", "1", "--no-progress", "--checkpoint", str(ck), "--json"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline and (not ck.exists() or len(ck.read_text().splitlines()) < 6):
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    before = len([line for line in ck.read_text().splitlines()[1:] if line.endswith("}")])
    assert before >= 5
    resumed = search("fractional_conjecture", "one-hot:9", "patterns:0,1,2", workers=1, progress=False,
                     checkpoint=ck)
    fresh = search("fractional_conjecture", "one-hot:9", "patterns:0,1,2", workers=1, progress=False)
    assert resumed.resumed >= before and resumed.checked == fresh.checked
    assert sorted(c["key"] for c in resumed.counterexamples) == sorted(c["key"] for c in fresh.counterexamples)
    lines = ck.read_text().splitlines()[1:]          # after the header
    assert len(lines) == len({json.loads(line)["key"] for line in lines}) == fresh.checked   # nothing redone


def test_cli_scheduler_option_uses_a_dask_cluster(capsys):
    distributed = pytest.importorskip("distributed")
    from symorbit.cli.commands import main

    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        code = main(["search", "scaling_law_raw", "--family", "one-hot:3", "--rewards", "patterns:0,1",
                     "--scheduler", cluster.scheduler_address, "--no-progress", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out["checked"] == 13 and out["counterexamples"] == []


def test_vacuous_instances_are_counted_apart_not_as_counterexamples(tmp_path, capsys):
    """An instance where a statement over generic rewards counts no reward (every listed reward ties on it) is
    "vacuous": counted as such, not listed as a counterexample. The summary once read such a record's counterexample
    and stopped with a KeyError (exit 2); a checkpoint read back counts the same."""
    from symorbit.cli.commands import main

    res = search("strict_scaling_conjecture", "one-hot:4", "patterns:0,1", workers=1, progress=False)
    assert res.vacuous > 0 and res.counterexamples == []
    assert res.checked == res.holds + res.hypotheses_not_met + res.vacuous
    assert res.to_dict()["vacuous"] == res.vacuous
    run = tmp_path / "run.jsonl"
    assert main(["search", "strict_scaling_conjecture", "--family", "one-hot:4", "--rewards", "patterns:0,1",
                 "--workers", "1", "--checkpoint", str(run)]) == 0
    out = capsys.readouterr().out
    assert f"{res.vacuous} vacuous (no reward counted), 0 counterexamples" in out
    again = search("strict_scaling_conjecture", "one-hot:4", "patterns:0,1", workers=1, progress=False,
                   checkpoint=run, resume=True)
    assert (again.resumed, again.vacuous, again.counterexamples) == (res.checked, res.vacuous, [])
