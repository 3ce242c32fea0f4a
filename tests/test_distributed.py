"""Counts and searches on a real Dask cluster (issue 14): ``dask scheduler`` and ``dask worker`` started
as separate processes on 127.0.0.1 (random free ports, bounded waits, always torn down), the way users
start one; and the culprit of ``ValueError: signal only works in main thread``.

Everything here passes run alone (``pytest tests/test_distributed.py``): the module starts its own cluster.
"""

from __future__ import annotations

import json
import subprocess
import sys
from fractions import Fraction

import pytest

from symorbit.errors import InvalidArgument, MissingExtra

distributed = pytest.importorskip("distributed")

from dask_cluster import local_cluster  # noqa: E402


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """A scheduler and 2 single-threaded worker processes, as separate OS processes."""
    with local_cluster(tmp_path_factory.mktemp("cluster")) as address:
        yield address


@pytest.fixture(scope="module")
def client(cluster):
    """One prepared client for the module (connect() is what users call)."""
    from symorbit.orbits.engines.distributed import connect

    c = connect(cluster)
    yield c
    c.close()


def _loaded(name: str) -> bool:
    return name in sys.modules


def test_the_culprit_is_a_native_import_in_a_thread():
    """pplpy (cysignals) installs signal handlers on first import; in a thread that raises. This is what
    `symorbit search --scheduler` hit on a real cluster, where tasks run in worker threads."""
    pytest.importorskip("ppl")
    code = ("import threading\nout = []\n"
            "def f():\n    try:\n        import ppl\n        out.append('ok')\n"
            "    except ValueError as e:\n        out.append(str(e))\n"
            "t = threading.Thread(target=f); t.start(); t.join(); print(out[0])")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "signal only works in main thread" in run.stdout


def test_count_on_a_real_cluster_equals_the_local_count(cluster, client):
    from symorbit.orbits.counting import orbit_counts
    from symorbit.testing.naive import naive_orbit_counts

    A = [[3, 1, 0, 2, 0, 1, 2], [0, 2, 1, 1, 3, 0, 0]]
    B = [[1, 0, 2, 0, 1, 3, 1], [2, 1, 0, 0, 1, 1, 0], [0, 0, 1, 2, 2, 0, 1]]
    r = [0, 1, 1, 2, 3, 5, 8]
    local = orbit_counts(A, B, r, engine="mitm")
    on_cluster = orbit_counts(A, B, r, engine="mitm", executor=client)
    C = A + B + [[1, 1, 1, 1, 1, 1, 1]]       # larger than A ∪ B: two compared pairs (C = A ∪ B counts as raw)
    relative = orbit_counts(A, B, r, engine="mitm", executor=client, relative_to=C)
    assert len(client.scheduler_info()["workers"]) == 2
    by_address = orbit_counts(A, B, r, engine="mitm", executor=cluster)
    truth = naive_orbit_counts(A, B, r)
    for c in (on_cluster, by_address):
        assert (c.b_better, c.a_better, c.ties) == truth == (local.b_better, local.a_better, local.ties)
    assert (relative.b_better, relative.a_better, relative.ties) == naive_orbit_counts(A, B, r, C)


def test_native_imports_happen_on_the_workers_main_thread(client):
    """After connect(), a task needing pplpy runs: the plugin imported it on each worker's main thread."""
    pytest.importorskip("ppl")
    import cloudpickle

    from symorbit.orbits.profiles import count_profiles

    cloudpickle.register_pickle_by_value(sys.modules[__name__])   # the workers cannot import this test file
    try:
        loaded = client.run(_loaded, "ppl")
        assert len(loaded) == 2 and all(loaded.values())
    finally:
        cloudpickle.unregister_pickle_by_value(sys.modules[__name__])
    from symorbit.orbits.engines.distributed import preimport

    assert client.submit(preimport, ("ppl",), pure=False).result(timeout=60) == {"ppl": True}   # in a task thread
    remote = client.submit(count_profiles, [[1, 0, 0]], [[0, 1, 0], [0, 0, 1]], pure=False).result(timeout=60)
    assert remote == count_profiles([[1, 0, 0]], [[0, 1, 0], [0, 0, 1]])


def test_search_on_a_real_cluster(cluster, capsys):
    from symorbit.cli.commands import main
    from symorbit.counterexamples.runner import search

    remote = search("fractional_conjecture", "det-mdp:3:2", "patterns:0,1", scheduler=cluster, progress=False)
    local = search("fractional_conjecture", "det-mdp:3:2", "patterns:0,1", workers=1, progress=False)
    assert remote.checked == local.checked == 155
    assert sorted(c["key"] for c in remote.counterexamples) == sorted(c["key"] for c in local.counterexamples)
    code = main(["search", "scaling_law_raw", "--family", "one-hot:3", "--rewards", "patterns:0,1",
                 "--scheduler", cluster, "--no-progress", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out["checked"] == 13 and out["counterexamples"] == []


def test_cli_count_on_a_real_cluster(cluster, capsys, tmp_path):
    from symorbit.cli.commands import main

    inst = tmp_path / "inst.json"
    inst.write_text(json.dumps({"A": [[1, 0, 0, 2], [0, 1, 1, 0]], "B": [[0, 0, 2, 1], [2, 1, 0, 0]],
                                "reward": [0, 1, 2, 4]}))
    assert main(["count", str(inst), "--engine", "mitm", "--scheduler", cluster, "--json"]) == 0
    remote = json.loads(capsys.readouterr().out)
    assert main(["count", str(inst), "--engine", "mitm", "--json"]) == 0
    local = json.loads(capsys.readouterr().out)
    assert remote == local


def test_executor_arguments_are_checked():
    from symorbit.orbits.counting import orbit_counts

    with pytest.raises(InvalidArgument, match="must be a concurrent.futures.Executor"):
        orbit_counts([[1, 0]], [[0, 1]], [1, 2], executor=3)
    with pytest.raises(InvalidArgument, match="must be an address"):
        orbit_counts([[1, 0]], [[0, 1]], [1, 2], executor="nowhere")


def test_process_pool_executor_gives_the_same_counts():
    from concurrent.futures import ProcessPoolExecutor

    from symorbit.orbits.counting import orbit_counts

    A, B, r = [[1, 2, 0, 0, 1], [0, 1, 1, 2, 0]], [[2, 0, 1, 0, 1]], [Fraction(1, 2), 1, 2, 3, 5]
    with ProcessPoolExecutor(2) as pool:
        c = orbit_counts(A, B, r, engine="mitm", executor=pool)
    assert c == orbit_counts(A, B, r, engine="mitm")


def test_missing_dask_is_one_line(monkeypatch):
    from symorbit.orbits.counting import orbit_counts

    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(MissingExtra, match=r"pip install 'symorbit\[dask\]'$"):
        orbit_counts([[1, 0]], [[0, 1]], [1, 2], executor="tcp://127.0.0.1:1")


# ---------------------------------------------------------------- the fast conversion path (issue 14)
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 6).flatmap(lambda d: st.lists(st.lists(st.integers(-3, 3), min_size=d, max_size=d),
                                                    min_size=1, max_size=5)))
def test_int_fast_path_equals_the_general_path(vectors):
    """Plain-int vectors (the fast path) give the same canonical OutcomeSet as Fraction entries (general path)."""
    from symorbit.outcomes.outcome_sets import OutcomeSet

    fast = OutcomeSet.from_vectors(vectors)
    general = OutcomeSet.from_vectors([[Fraction(x) for x in v] for v in vectors])
    assert fast == general
    assert all(type(x) is Fraction for v in fast for x in v)


def test_fast_path_keeps_validation():
    from symorbit.errors import NotExact
    from symorbit.outcomes.outcome_sets import OutcomeSet

    with pytest.raises(NotExact, match='write it as "1/2"'):
        OutcomeSet.from_vectors([[1, 0], [0.5, 0]])
    with pytest.raises(InvalidArgument, match="has 1 entries"):
        OutcomeSet.from_vectors([[1, 0], [1]])
    with pytest.raises(InvalidArgument, match="is a bool"):
        OutcomeSet.from_vectors([[True, 0]])


def test_long_one_hot_counts_are_exact():
    """d = 2,000 one-hot 3 vs 7 through orbit_counts (the fast path) against the closed form n/(n+m)."""
    from symorbit.orbits.counting import orbit_counts

    d = 2000
    A = [[int(i == j) for i in range(d)] for j in range(3)]
    B = [[int(i == j) for i in range(d)] for j in range(3, 10)]
    c = orbit_counts(A, B, list(range(d)))
    assert c.strict_fraction == Fraction(7, 10) and c.engine == "topwalk"


def test_search_waits_for_a_scheduler_only_its_connect_timeout(capsys):
    # --connect-timeout was parsed and never passed on: search waited 30 s whatever it said
    from symorbit.cli.commands import main

    argv = ["search", "fractional_conjecture", "--family", "one-hot:3", "--scheduler", "tcp://127.0.0.1:1",
            "--connect-timeout", "1", "--no-progress"]
    assert main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert "no Dask scheduler answers at tcp://127.0.0.1:1" in err and "after 1 s" in err


@pytest.mark.parametrize("address, named", [
    ("inproc://foo", "scheduler='inproc://foo' is not an address Dask can read (not enough values to unpack"),
    ("tcp://[::1:80", "--scheduler 'tcp://[::1:80' is not a scheduler address; write tcp://HOST:PORT"),
    ("tcp://127.0.0.1:notaport", "--scheduler 'tcp://127.0.0.1:notaport' is not a scheduler address"),
])
@pytest.mark.parametrize("command", [["count", "examples/candy.toml"],
                                     ["search", "fractional_conjecture", "--family", "one-hot:3", "--no-progress"]])
def test_an_address_dask_cannot_read_is_refused_by_its_flag(address, named, command, capsys):
    # count passed a malformed --scheduler straight to dask ("ValueError at inproc.py:72: not enough values to
    # unpack"); an address that passes the command line's check and that dask cannot read is refused by connect
    from symorbit.cli.commands import main

    assert main([*command, "--scheduler", address]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith(f"symorbit: error: {named}"), err
    assert "ValueError" not in err[-1] and "tcp://127.0.0.1:8786" in err[-1]
