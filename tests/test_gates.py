"""The static gates run with the tests: ruff (lint and import order) and mypy over the package.

They run as part of ``python -m pytest`` so that the README's one test command, and CI,
cannot skip them.
"""

import pathlib
import shutil
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent


def _tool(name: str) -> list[str]:
    local = pathlib.Path(sys.executable).with_name(name)
    return [str(local)] if local.exists() else [shutil.which(name) or name]


def test_ruff_is_clean():
    proc = subprocess.run(_tool("ruff") + ["check", "--no-cache", "."], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]


def test_mypy_is_clean():
    proc = subprocess.run([sys.executable, "-m", "mypy", "--no-incremental"], cwd=ROOT, capture_output=True,
                          text=True)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
