"""Check that symorbit's core installs from wheels alone on every platform it claims.

    python scripts/check_wheels.py                    # core, 4 platforms x Python 3.11-3.13
    python scripts/check_wheels.py --extra power      # also an extra (reports, e.g., a missing wheel)

For each (platform, Python) pair this resolves the closure of the core requirements in
pyproject.toml with ``pip install --dry-run --only-binary=:all: --platform TAG
--python-version V --report`` (wheel metadata only, nothing is installed). pip evaluates
environment markers for the machine it runs on, not for the target, so the script
re-evaluates every resolved package's ``Requires-Dist`` markers for the target platform
(with ``packaging``) and resolves again until nothing new is required (for example
``colorama`` for tqdm on Windows). It fails if any requirement has no wheel, or if any
resolved version is a pre-release. Needs network access to PyPI.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]

# name -> (pip --platform tags, marker environment)
PLATFORMS: dict[str, tuple[list[str], dict[str, str]]] = {
    "linux-x86_64": (
        ["manylinux_2_28_x86_64", "manylinux_2_17_x86_64", "manylinux2014_x86_64"],
        {"sys_platform": "linux", "platform_system": "Linux", "platform_machine": "x86_64", "os_name": "posix"},
    ),
    "linux-aarch64": (
        ["manylinux_2_28_aarch64", "manylinux_2_17_aarch64", "manylinux2014_aarch64"],
        {"sys_platform": "linux", "platform_system": "Linux", "platform_machine": "aarch64", "os_name": "posix"},
    ),
    "macos-arm64": (
        ["macosx_14_0_arm64", "macosx_13_0_arm64", "macosx_12_0_arm64", "macosx_11_0_arm64"],
        {"sys_platform": "darwin", "platform_system": "Darwin", "platform_machine": "arm64", "os_name": "posix"},
    ),
    "windows-amd64": (
        ["win_amd64"],
        {"sys_platform": "win32", "platform_system": "Windows", "platform_machine": "AMD64", "os_name": "nt"},
    ),
}
PYTHONS = ["3.11", "3.12", "3.13"]


def requirements(extras: list[str]) -> list[str]:
    """The core requirements plus those of ``extras`` (self-references expanded)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    optional = project.get("optional-dependencies", {})
    out = list(project["dependencies"])
    todo, seen = list(extras), set()
    while todo:
        extra = todo.pop()
        if extra in seen:
            continue
        seen.add(extra)
        if extra not in optional:
            sys.exit(f"extra={extra!r} is not in pyproject.toml; choose from {sorted(optional)}")
        for raw in optional[extra]:
            req = Requirement(raw)
            if canonicalize_name(req.name) == "symorbit":
                todo.extend(req.extras)
            else:
                out.append(raw)
    return out


def marker_env(platform: str, python: str) -> dict[str, str]:
    env = dict(PLATFORMS[platform][1])
    env.update(python_version=python, python_full_version=f"{python}.0", implementation_name="cpython",
               platform_python_implementation="CPython", extra="")
    return env


def resolve(platform: str, python: str, reqs: list[str]) -> tuple[bool, str, dict[str, str]]:
    """(ok, message, {name: version}) for one target."""
    tags, _ = PLATFORMS[platform]
    env = marker_env(platform, python)
    wanted = []
    for raw in reqs:
        marker = Requirement(raw).marker
        if marker is None or marker.evaluate(env):
            wanted.append(raw)
    abi = "cp" + python.replace(".", "")
    for _ in range(10):
        with tempfile.TemporaryDirectory() as tmp:
            report = Path(tmp) / "report.json"
            cmd = [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--quiet",
                   "--disable-pip-version-check", "--only-binary=:all:", "--python-version", python,
                   "--implementation", "cp", "--abi", abi, "--abi", "abi3", "--abi", "none",
                   "--target", str(Path(tmp) / "t"), "--report", str(report)]
            for tag in tags:
                cmd += ["--platform", tag]
            proc = subprocess.run(cmd + [str(Requirement(r)).split(";")[0] for r in wanted],
                                  capture_output=True, text=True, check=False)
            if proc.returncode != 0:
                lines = [ln for ln in proc.stderr.splitlines() if ln.startswith("ERROR")]
                return False, (lines[0] if lines else proc.stderr.strip()[-300:]), {}
            installed = json.loads(report.read_text())["install"]
        versions: dict[str, str] = {str(canonicalize_name(i["metadata"]["name"])): i["metadata"]["version"]
                                    for i in installed}
        pre = sorted(f"{n}=={v}" for n, v in versions.items() if Version(v).is_prerelease)
        if pre:
            return False, f"pre-release resolved: {', '.join(pre)}", versions
        missing = []
        for item in installed:
            for raw in item["metadata"].get("requires_dist", []):
                req = Requirement(raw)
                if req.marker is not None and not req.marker.evaluate(env):
                    continue
                if canonicalize_name(req.name) not in versions and not any(
                        canonicalize_name(Requirement(w).name) == canonicalize_name(req.name) for w in wanted):
                    missing.append(str(Requirement(re.sub(r";.*", "", raw))))
        if not missing:
            return True, "ok", versions
        wanted += missing
    return False, "marker closure did not settle after 10 rounds", versions


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--extra", action="append", default=[], help="also check this extra (repeatable)")
    ap.add_argument("--python", nargs="+", default=PYTHONS)
    ap.add_argument("--platform", nargs="+", default=list(PLATFORMS), choices=list(PLATFORMS))
    args = ap.parse_args(argv)
    reqs = requirements(args.extra)
    print(f"requirements: {', '.join(reqs)}")
    jobs = [(p, v) for p in args.platform for v in args.python]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda job: resolve(job[0], job[1], reqs), jobs))
    failures = 0
    for (platform, python), (ok, msg, versions) in zip(jobs, results):
        failures += not ok
        pins = " ".join(f"{n}=={v}" for n, v in sorted(versions.items()))
        print(f"{'OK  ' if ok else 'FAIL'} {platform:14s} {python:5s} {msg if not ok else pins}")
    print(f"{len(jobs) - failures}/{len(jobs)} targets install from wheels alone")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
