"""Packaging: one version, one-line errors for missing extras, and a core-only install that runs the tour.

The fresh-venv test (slow; ``.ci/run`` runs it once) builds symorbit from this checkout
into a new virtual environment with the core requirements only, then runs ``symorbit
tour`` and an ND computation there and checks that no extra came along.
"""

import importlib
import subprocess
import sys
import tomllib
import venv
from importlib import metadata
from pathlib import Path

import pytest

import symorbit
from symorbit.errors import MissingExtra, SymorbitError

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def test_version_has_one_source():
    version = PYPROJECT["version"]
    assert symorbit.__version__ == metadata.version("symorbit") == version
    copies = [p for p in (ROOT / "symorbit").rglob("*.py") if f'"{version}"' in p.read_text()]
    assert copies == []


def test_cli_version_reads_metadata(capsys):
    from symorbit.cli.commands import main

    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out.strip() == f"symorbit {PYPROJECT['version']}"


def test_metadata_fields():
    assert PYPROJECT["license"] == "MIT" and (ROOT / "LICENSE").read_text().startswith("MIT License")
    assert PYPROJECT["authors"] and PYPROJECT["urls"]
    assert "Programming Language :: Python :: 3.13" in PYPROJECT["classifiers"]
    heavy = ("pynormaliz", "dask", "distributed", "hypothesis", "matplotlib", "pplpy", "gmpy2")
    core = " ".join(PYPROJECT["dependencies"]).lower()
    assert not any(name in core for name in heavy)


def test_missing_extra_is_a_symorbit_error_and_an_import_error():
    assert issubclass(MissingExtra, SymorbitError) and issubclass(MissingExtra, ImportError)


def _block(monkeypatch, *modules):
    for name in modules:
        monkeypatch.setitem(sys.modules, name, None)  # `import name` now raises ImportError


def test_power_without_pynormaliz(monkeypatch):
    from fractions import Fraction

    from symorbit.analysis.power import _volume

    _block(monkeypatch, "PyNormaliz")
    with pytest.raises(MissingExtra, match=r"^exact POWER under iid-uniform rewards needs PyNormaliz: "
                                           r"pip install 'symorbit\[power\]'$"):
        _volume([[Fraction(1), Fraction(0)]], 1)


def test_random_search_without_hypothesis(monkeypatch):
    from symorbit.counterexamples.randomised import random_search

    _block(monkeypatch, "hypothesis", "hypothesis.errors")
    with pytest.raises(MissingExtra, match=r"pip install 'symorbit\[search\]'$"):
        random_search("scaling_law_raw", None, "patterns:0,1")


def test_strategies_without_hypothesis(monkeypatch):
    _block(monkeypatch, "hypothesis")
    monkeypatch.delitem(sys.modules, "symorbit.testing.strategies", raising=False)
    with pytest.raises(MissingExtra, match=r"pip install 'symorbit\[search\]'$"):
        importlib.import_module("symorbit.testing.strategies")


def test_cli_scheduler_without_dask(monkeypatch, capsys):
    from symorbit.cli.commands import main

    _block(monkeypatch, "distributed")
    rc = main(["search", "scaling_law_raw", "--family", "one-hot:3", "--rewards", "patterns:0,1",
               "--scheduler", "tcp://127.0.0.1:1"])
    err = capsys.readouterr().err.strip().splitlines()
    assert rc == 2 and len(err) == 1 and err[0].endswith("pip install 'symorbit[dask]'")


@pytest.mark.slow
def test_core_only_install_runs_the_tour(tmp_path):
    env = tmp_path / "venv"
    venv.create(env, with_pip=True)
    py = env / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    subprocess.run([py, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(ROOT)], check=True,
                   cwd=tmp_path)
    installed = subprocess.run([py, "-m", "pip", "list", "--format=freeze"], check=True, capture_output=True,
                               text=True, cwd=tmp_path).stdout.lower()
    for extra in ("pynormaliz", "dask", "distributed", "hypothesis", "matplotlib", "pplpy", "gmpy2"):
        assert f"\n{extra}==" not in "\n" + installed, extra
    script = tmp_path / "check.py"
    script.write_text(
        "import symorbit, sys\n"
        "assert 'site-packages' in symorbit.__file__, symorbit.__file__\n"
        "from symorbit.cli.commands import main\n"
        "assert main(['tour']) == 0\n"
        "F = symorbit.visit_distributions(symorbit.library.opts_figure1(), 'star', '9/10')\n"
        "assert len(symorbit.nondominated(F)) == 5\n"
        "from symorbit.analysis.power import _volume\n"
        "try:\n"
        "    _volume([], 1)\n"
        "except symorbit.MissingExtra as e:\n"
        "    print('MISSING', e)\n"
    )
    out = subprocess.run([py, script], check=True, capture_output=True, text=True, cwd=tmp_path).stdout
    assert "Candy vs Wait!" in out
    assert out.strip().splitlines()[-1] == ("MISSING exact POWER under iid-uniform rewards needs PyNormaliz: "
                                            "pip install 'symorbit[power]'")
