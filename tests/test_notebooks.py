"""Each notebook's .ipynb and its jupytext .py twin hold the same cells (run: jupytext --sync)."""

import pathlib

import jupytext
import pytest

PAIRS = sorted(pathlib.Path("notebooks").glob("*.py"))


def test_four_notebooks_exist():
    assert len(PAIRS) >= 4


@pytest.mark.parametrize("script", PAIRS, ids=lambda p: p.stem)
def test_pair_in_sync(script):
    nb = jupytext.read(script.with_suffix(".ipynb"))
    py = jupytext.read(script)
    assert [c.source for c in nb.cells] == [c.source for c in py.cells]
