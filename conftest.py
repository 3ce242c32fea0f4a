"""Shared pytest configuration: doctest namespace and the --runslow switch."""

from fractions import Fraction

import pytest

# The notebooks run through nbmake (their .ipynb); their jupytext .py twins are not test modules.
collect_ignore_glob = ["notebooks/*.py", "benchmarks/*.py", "examples/*", "symorbit/__main__.py"]


def pytest_addoption(parser):
    parser.addoption("--runslow", action="store_true", default=False, help="run exhaustive sweeps")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--runslow"):
        return
    skip = pytest.mark.skip(reason="exhaustive sweep; run with --runslow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _doctest_namespace(doctest_namespace):
    import symorbit

    doctest_namespace["Fraction"] = Fraction
    doctest_namespace["symorbit"] = symorbit
    for name in symorbit.__all__:
        doctest_namespace[name] = getattr(symorbit, name)


@pytest.fixture(autouse=True)
def _fresh_kernel_memos():
    """Every test replays its own chamber trees, counts its own orbits and reads its own ND certificates. The kernel
    remembers them for the life of the process (a search repeats them, ``symorbit.kernel.check.remembered``); a
    test, or a mutant under mutation testing, must not be answered from another test's check."""
    from symorbit.kernel import certificate, chambers, check

    for memo in (chambers._REPLAYS, check._COUNTS, certificate._ND):
        memo.clear()
