"""Issue 14, second part: a count on a real Dask cluster, and structure that pays, beside brute force.

    python benchmarks/scale.py cluster --dims 12 13 --workers 1 2     # speed-up from 1 to N worker processes
    python benchmarks/scale.py cluster --dims 14 --workers 2          # d = 14 on 2 local worker processes
    python benchmarks/scale.py structure                              # one-hot d = 10,000; copies 5 vs 60

cluster: for each N, starts ``dask scheduler`` and ``dask worker --nworkers N --nthreads 1`` as
separate processes on 127.0.0.1 (the way users start a cluster), connects with
:func:`symorbit.orbits.engines.distributed.connect`, and counts the issue's unstructured instance
(benchmarks/unstructured.py: 4 + 4 random vectors, r = 1..d) with ``executor=client``: the mitm
engine's splits run as independent blocks on the workers. Printed: wall seconds, CPU seconds
(the workers' own, read with ``client.run``, plus this process), the speed-up over N = 1, the
growth time(d+1)/time(d), and beside them, in the same run, the numpy and numba brute forces
(timed on a sample and extrapolated above --full-max; the output says so). The cluster's counts
must equal the local mitm count, or it stops.

structure: one-hot m-vs-n at d = 10,000 through ``orbit_counts`` end to end (input conversion
included), with int entries (the fast path) and with Fraction entries (the general path); brute
force is not possible there (d! orbit elements), so the numba figure is its per-permutation rate
times the orbit size. ``copies`` for disjoint one-hot |A| = 5, 3 against |B| = 60 with the
certificate checked. GAP is not installed on this machine, so there is no GAP column.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from unstructured import instance, make_numba, measure, numpy_bruteforce, run_numba  # noqa: E402

from symorbit import orbit_counts  # noqa: E402

DASK = Path(sys.executable).with_name("dask")


def _own_cpu() -> float:
    s = resource.getrusage(resource.RUSAGE_SELF)
    return s.ru_utime + s.ru_stime


def _worker_cpu() -> float:
    s = resource.getrusage(resource.RUSAGE_SELF)
    return s.ru_utime + s.ru_stime


class Cluster:
    """``dask scheduler`` + ``dask worker --nworkers N --nthreads 1`` processes, torn down on exit."""

    def __init__(self, n: int) -> None:
        self.n, self.procs, self.tmp = n, [], tempfile.TemporaryDirectory()

    def __enter__(self) -> str:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        sf = Path(self.tmp.name) / "s.json"
        log = open(Path(self.tmp.name) / "log", "w")
        self.procs.append(subprocess.Popen([str(DASK), "scheduler", "--host", "127.0.0.1", "--port", "0",
                                            "--no-dashboard", "--scheduler-file", str(sf)], env=env,
                                           stdout=log, stderr=log, start_new_session=True))
        deadline = time.monotonic() + 60
        while not sf.exists() or not sf.read_text().strip():
            if time.monotonic() > deadline:
                raise RuntimeError("the scheduler did not start")
            time.sleep(0.2)
        self.address = json.loads(sf.read_text())["address"]
        self.procs.append(subprocess.Popen([str(DASK), "worker", self.address, "--nworkers", str(self.n),
                                            "--nthreads", "1", "--no-dashboard", "--host", "127.0.0.1",
                                            "--local-directory", self.tmp.name], env=env, stdout=log,
                                           stderr=log, start_new_session=True))
        return self.address

    def __exit__(self, *exc: object) -> None:
        for p in reversed(self.procs):
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
                try:
                    p.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(p.pid, signal.SIGKILL)
        self.tmp.cleanup()


def cluster(args: argparse.Namespace) -> None:
    from symorbit.orbits.engines.distributed import connect

    heap = make_numba()
    rows: dict[int, dict[int, tuple[float, float]]] = {}
    for d in args.dims:
        A, B, r = instance(d)
        total = math.factorial(d)
        local = None
        if d <= args.local_max:
            local, l_cpu, l_wall = measure(lambda: orbit_counts(A, B, r, engine="mitm"))
            print(f"d={d:2d}  local mitm (ProcessPool, all cores)  cpu {l_cpu:8.2f} s  wall {l_wall:8.2f} s")
        for n in args.workers:
            with Cluster(n) as address:
                client = connect(address)
                client.wait_for_workers(n, timeout=120)
                before = sum(client.run(_worker_cpu).values())
                c0, w0 = _own_cpu(), time.perf_counter()
                c = orbit_counts(A, B, r, engine="mitm", executor=client)
                wall = time.perf_counter() - w0
                cpu = _own_cpu() - c0 + sum(client.run(_worker_cpu).values()) - before
                client.close()
            ours = (c.b_better, c.a_better, c.ties)
            if local is not None and ours != (local.b_better, local.a_better, local.ties):
                sys.exit(f"d={d}: the cluster's counts {ours} differ from the local count")
            rows.setdefault(d, {})[n] = (cpu, wall)
            base = rows[d].get(min(rows[d]))
            print(f"d={d:2d}  cluster {n} worker process(es)  cpu {cpu:8.2f} s  wall {wall:8.2f} s  "
                  f"counts gt/lt/eq={ours}  speed-up over {min(rows[d])} worker: {base[1] / wall:4.2f}x (wall)",
                  flush=True)

        def baseline(name, fn, full):
            if full:
                (*_, done), t_cpu, t_wall = measure(lambda: fn(None))
                return t_cpu, t_wall, "measured"
            (*_, done), t_cpu, t_wall = measure(lambda: fn(args.sample))
            return t_cpu * total / done, t_wall * total / done, f"extrapolated from {done:,} permutations"

        for name, fn in (("numpy", lambda lim: numpy_bruteforce(A, B, r, lim)),
                         ("numba", lambda lim: run_numba(heap, A, B, r, total if lim is None else lim))):
            b_cpu, b_wall, note = baseline(name, fn, d <= args.full_max)
            best = min(w for _, w in rows[d].values())
            print(f"d={d:2d}  {name} brute force (1 core)  cpu {b_cpu:8.2f} s  wall {b_wall:8.2f} s  ({note}); "
                  f"the fastest cluster run is {b_wall / best:5.1f}x faster (wall)", flush=True)
    print("\ngrowth time(d+1)/time(d), wall, per worker count:")
    for d in sorted(rows):
        if d + 1 in rows:
            for n in rows[d]:
                if n in rows[d + 1]:
                    print(f"  {n} worker(s): d={d}->{d + 1}: {rows[d + 1][n][1] / rows[d][n][1]:5.1f}")


def structure(args: argparse.Namespace) -> None:
    from symorbit.orbits.copies import check_copies, copies

    heap = make_numba()
    d = 10_000
    for m, n in ((2, 51), (5, 50), (50, 100)):
        A = [[int(i == j) for i in range(d)] for j in range(m)]
        B = [[int(i == j) for i in range(d)] for j in range(m, m + n)]
        r = list(range(d))
        c, t_cpu, t_wall = measure(lambda: orbit_counts(A, B, r))
        FA = [[Fraction(x) for x in v] for v in A]
        FB = [[Fraction(x) for x in v] for v in B]
        _, g_cpu, g_wall = measure(lambda: orbit_counts(FA, FB, r))
        print(f"one-hot {m} vs {n}, d = {d:,}: {c.strict_fraction} [{c.engine}]  int entries: cpu {t_cpu:.2f} s "
              f"wall {t_wall:.2f} s;  Fraction entries (general path): cpu {g_cpu:.2f} s wall {g_wall:.2f} s")
    # brute force rate (numba, 4 + 4 vectors at d = 12) times the orbit size: what brute force would need
    A, B, r = instance(12)
    (*_, done), b_cpu, _ = measure(lambda: run_numba(heap, A, B, r, 20_000_000))
    rate = b_cpu / done
    digits = int(math.lgamma(d + 1) / math.log(10))
    print(f"  brute force at d = {d:,}: numba does {1 / rate:.3g} permutations/s, the orbit has about 10^{digits} "
          f"elements: not feasible; numpy is slower still")
    for m in (5, 3):
        dd = m + 60
        e = [tuple(int(i == j) for i in range(dd)) for j in range(dd)]
        res, c_cpu, c_wall = measure(lambda: copies(e[:m], e[m:]))
        ok = check_copies(set(e[:m]), set(e[m:]), res.involutions) == []
        print(f"copies, disjoint one-hot |A| = {m}, |B| = 60: n = {res.n} (exhaustive {res.exhaustive}, "
              f"certificate {'verifies' if ok else 'FAILS'})  cpu {c_cpu:.3f} s  wall {c_wall:.3f} s")
    print("GAP is not installed on this machine: no GAP column.")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="what", required=True)
    cp = sub.add_parser("cluster")
    cp.add_argument("--dims", type=int, nargs="+", default=[12, 13])
    cp.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    cp.add_argument("--full-max", type=int, default=11, help="largest d for full brute-force loops")
    cp.add_argument("--local-max", type=int, default=13, help="largest d also counted locally (cross-check)")
    cp.add_argument("--sample", type=int, default=20_000_000, help="permutations timed when extrapolating")
    sub.add_parser("structure")
    args = ap.parse_args()
    cluster(args) if args.what == "cluster" else structure(args)


if __name__ == "__main__":
    main()
