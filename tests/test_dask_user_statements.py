"""A user's own statement (``mymod:claim``) searched on a real Dask cluster (issue 15).

The cluster is started the way users start one: ``dask scheduler`` and ``dask worker`` as separate OS
processes on 127.0.0.1 (free ports, bounded waits, always torn down). The user's module lives in a folder
that is *not* the repository; the workers can import it because that folder is on ``PYTHONPATH`` in the
workers' environment (what docs/own_statements.md tells users to do). The results must equal a local run:
the same counterexample keys, records and provenance, through a checkpoint and a resume.

Self-contained: run alone with ``pytest tests/test_dask_user_statements.py``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from symorbit.errors import InvalidArgument

distributed = pytest.importorskip("distributed")

from dask_cluster import ROOT, local_cluster  # noqa: E402

MODULE = "symorbit_dask_user_claims"           # a name no other test or package uses

# b reaches strictly more than a  =>  b optimal (relative to every option at s) for half the orbit.
# The hypotheses read the MDP of the instance; the claim fails on 8 of det-mdp:3:2's 155 instances.
USER_MODULE = '''
from symorbit import Hypotheses, Statement

def _wider(inst):
    if inst.env is None:
        return Hypotheses(False, "needs an MDP")
    reach_a = inst.env.reachable(inst.state, action=inst.context["a"])
    reach_b = inst.env.reachable(inst.state, action=inst.context["b"])
    if reach_a < reach_b:
        return Hypotheses(True, "b reaches strictly more")
    return Hypotheses(False, "b does not reach strictly more")

claim = Statement(name="wider", title="wider reach, optimal for half the orbit", source="a user",
                  status="conjectured", text="Reach(s,a) < Reach(s,b) => b optimal for 1/2 of the orbit",
                  mode="relative", hypotheses=_wider,
                  conclusion=lambda data: {"kind": "optimal_fraction", "bound": "1/2"})
'''


@pytest.fixture(scope="module")
def user_dir(tmp_path_factory):
    """The user's own module, in a folder of its own (not the repository, not the cwd)."""
    folder = tmp_path_factory.mktemp("user_code")
    (folder / f"{MODULE}.py").write_text(textwrap.dedent(USER_MODULE))
    sys.path.insert(0, str(folder))              # the client side: the user's own Python sees it too
    try:
        yield folder
    finally:
        sys.path.remove(str(folder))
        sys.modules.pop(MODULE, None)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, user_dir):
    """A scheduler and 2 single-threaded workers; the workers get the user's folder on PYTHONPATH."""
    with local_cluster(tmp_path_factory.mktemp("cluster"), worker_path=str(user_dir)) as address:
        yield address


def _by_key(records):
    return {r["key"]: r for r in records}


@pytest.fixture(scope="module")
def local():
    from symorbit.counterexamples.runner import search

    return search(f"{MODULE}:claim", "det-mdp:3:2", "patterns:0,1", workers=1, progress=False)


def test_the_module_is_not_importable_without_the_users_path():
    """The workers really depend on PYTHONPATH: a plain Python in the repository cannot import it."""
    run = subprocess.run([sys.executable, "-c", f"import {MODULE}"], capture_output=True, text=True,
                         timeout=60, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert run.returncode != 0 and "ModuleNotFoundError" in run.stderr


def test_search_user_statement_on_the_cluster_equals_local(cluster, local, tmp_path):
    from symorbit.counterexamples.runner import search

    ck = tmp_path / "ck.jsonl"
    remote = search(f"{MODULE}:claim", "det-mdp:3:2", "patterns:0,1", scheduler=cluster, progress=False,
                    checkpoint=ck)
    assert remote.statement == local.statement == f"{MODULE}:claim"
    assert (remote.checked, remote.holds, remote.hypotheses_not_met) == \
        (local.checked, local.holds, local.hypotheses_not_met) == (155, 26, 121)
    assert len(local.counterexamples) == 8
    assert _by_key(remote.counterexamples) == _by_key(local.counterexamples)   # keys, records, provenance
    assert {c["provenance"] for c in remote.counterexamples} == \
        {"kernel-checked: counts and claim (hypotheses engine-only: Python code)"}
    assert len(ck.read_text().splitlines()) == 1 + 155          # header + one record per instance


def test_cli_search_with_checkpoint_and_resume_on_the_cluster(cluster, local, tmp_path, capsys):
    from symorbit.cli.commands import main
    from symorbit.testing import kernel_problems

    ck = tmp_path / "run.jsonl"
    args = [f"{MODULE}:claim", "--family", "det-mdp:3:2", "--rewards", "patterns:0,1", "--scheduler", cluster,
            "--no-progress", "--json"]
    assert main(["search", *args, "--checkpoint", str(ck)]) == 1      # counterexamples found: exit 1
    first = json.loads(capsys.readouterr().out)
    lines = ck.read_text().splitlines()
    assert len(lines) == 1 + 155
    ck.write_text("\n".join(lines[:1 + 60]) + "\n")        # interrupted after 60 instances
    assert main(["search", *args, "--resume", str(ck)]) == 1
    resumed = json.loads(capsys.readouterr().out)
    assert resumed["checked"] == first["checked"] == local.checked == 155
    assert resumed["resumed_from_checkpoint"] == 60 and first["resumed_from_checkpoint"] == 0
    want = _by_key(local.counterexamples)
    for out in (first, resumed):
        got = _by_key(out["counterexamples"])
        assert got.keys() == want.keys()
        assert {k: g["provenance"] for k, g in got.items()} == {k: w["provenance"] for k, w in want.items()}
        assert {k: g["counterexample"] for k, g in got.items()} == {k: w["counterexample"] for k, w in want.items()}
    assert all(kernel_problems(c["certificate"]) == [] for c in resumed["counterexamples"])
    assert len(ck.read_text().splitlines()) == 1 + 155


def test_a_module_the_workers_cannot_import_is_one_error(cluster, tmp_path, monkeypatch, capsys):
    """Importable here but not on the workers: the workers' import error naming the fix, not a hang or a
    pickle error; the CLI prints it as one line and exits 2."""
    from symorbit.cli.commands import main
    from symorbit.counterexamples.runner import search

    (tmp_path / "only_on_the_client_q.py").write_text(
        textwrap.dedent(USER_MODULE).replace('name="wider"', 'name="client_only"'))
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        with pytest.raises(InvalidArgument, match=r"cannot import only_on_the_client_q.*on a Dask worker of "
                                                   r"tcp://.*folder on PYTHONPATH\]$"):
            search("only_on_the_client_q:claim", "det-mdp:2:2", "patterns:0,1", scheduler=cluster,
                   progress=False)
        assert main(["search", "only_on_the_client_q:claim", "--family", "det-mdp:2:2", "--rewards",
                     "patterns:0,1", "--scheduler", cluster, "--no-progress"]) == 2
        err = capsys.readouterr().err.strip().splitlines()    # the family line, then the error's one line
        assert err[-1].startswith("symorbit: error: statement 'only_on_the_client_q:claim': cannot import")
        assert err[-1].endswith("folder on PYTHONPATH]") and not any("Traceback" in e for e in err)
    finally:
        sys.modules.pop("only_on_the_client_q", None)
