"""Every script in benchmarks/ imports: a module of the library that moves breaks its benchmark here, not
on the day someone runs it (benchmarks/power.py imported ``symorbit.orbits.power`` long after it had moved
to ``symorbit.analysis.power``)."""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]

PROBE = r"""
import importlib.util, json, pathlib, sys
root = pathlib.Path(sys.argv[1])
sys.path[:0] = [str(root), str(root / "benchmarks")]
out = {}
for path in sorted((root / "benchmarks").glob("*.py")):
    spec = importlib.util.spec_from_file_location("bench_" + path.stem, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module               # as an import does (dataclasses look their module up there)
    try:
        spec.loader.exec_module(module)           # the scripts run only under __main__
        out[path.name] = "ok"
    except ModuleNotFoundError as err:            # an optional package this install lacks (numba, dask, ...)
        top = (err.name or "").split(".")[0]
        out[path.name] = f"missing {top}" if top not in ("symorbit", "benchmarks", "theorems") else repr(err)
    except Exception as err:
        out[path.name] = repr(err)
print(json.dumps(out))
"""


def test_every_benchmark_script_imports():
    run = subprocess.run([sys.executable, "-c", PROBE, str(ROOT)], capture_output=True, text=True, timeout=300,
                         cwd=ROOT)
    assert run.returncode == 0, run.stderr[-2000:]
    results = json.loads(run.stdout.strip().splitlines()[-1])
    assert set(results) == {p.name for p in (ROOT / "benchmarks").glob("*.py")}
    broken = {name: why for name, why in results.items() if why != "ok" and not why.startswith("missing ")}
    assert broken == {}
    assert results["power.py"] in ("ok", "missing numpy", "missing PyNormaliz")
