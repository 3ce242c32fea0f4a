"""A real Dask cluster for tests: ``dask scheduler`` and ``dask worker`` as separate processes.

Shared by ``test_distributed.py`` and ``test_dask_user_statements.py`` (not a test module). The
processes listen on 127.0.0.1 with free ports, every wait is bounded, and they are always torn down.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DASK = Path(sys.executable).with_name("dask")
START_TIMEOUT = 60


def _start(args: list[str], log: Path, env: dict[str, str]) -> subprocess.Popen:
    fh = log.open("w")
    return subprocess.Popen(args, stdout=fh, stderr=subprocess.STDOUT, env=env, cwd=log.parent,
                            start_new_session=True)


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)      # its own session: the worker's nanny and children go too
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=15)


@contextmanager
def local_cluster(tmp: Path, *, worker_path: str | None = None) -> Iterator[str]:
    """Start a scheduler and 2 single-threaded workers; yield the scheduler's address.

    ``worker_path`` is put first on the workers' PYTHONPATH (how a user ships a module to them).
    """
    import distributed

    if not DASK.exists():
        pytest.skip("the `dask` command is not installed next to this Python")
    base = {**os.environ, "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}
    path = os.pathsep.join(p for p in (str(ROOT), base.get("PYTHONPATH", "")) if p)
    sched_env = {**base, "PYTHONPATH": path}
    worker_env = {**base, "PYTHONPATH": os.pathsep.join(p for p in (worker_path, path) if p)}
    sched_file = tmp / "scheduler.json"
    procs = [_start([str(DASK), "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                     "--scheduler-file", str(sched_file)], tmp / "scheduler.log", sched_env)]
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not sched_file.exists() or not sched_file.read_text().strip():
            assert procs[0].poll() is None, (tmp / "scheduler.log").read_text()
            assert time.monotonic() < deadline, "the scheduler did not start in time"
            time.sleep(0.2)
        address = json.loads(sched_file.read_text())["address"]
        procs.append(_start([str(DASK), "worker", address, "--nworkers", "2", "--nthreads", "1",
                             "--no-dashboard", "--host", "127.0.0.1", "--local-directory", str(tmp)],
                            tmp / "worker.log", worker_env))
        with distributed.Client(address, timeout=START_TIMEOUT) as client:
            client.wait_for_workers(2, timeout=START_TIMEOUT)
        yield address
    finally:
        for proc in reversed(procs):
            _stop(proc)
