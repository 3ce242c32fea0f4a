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


@pytest.mark.parametrize("script", PAIRS, ids=lambda p: p.stem)
def test_no_pair_records_the_jupytext_version(script):
    """Both files of a pair filter out jupytext's version, so a newer jupytext release (CI installs the newest)
    does not rewrite them: notebooks/05_every_size lacked the filter and jupytext 1.19.7 rewrote its header."""
    wanted = "-jupytext.text_representation.jupytext_version,-jupytext.text_representation.format_version"
    assert f"notebook_metadata_filter: {wanted}" in script.read_text(encoding="utf-8")
    assert "jupytext_version" not in script.read_text(encoding="utf-8").replace(wanted, "")
    nb = jupytext.read(script.with_suffix(".ipynb"))
    assert nb.metadata["jupytext"]["notebook_metadata_filter"] == wanted


@pytest.mark.parametrize("newer", ["py", "ipynb"])
def test_jupytext_sync_as_the_readme_says_rewrites_nothing(tmp_path, newer):
    """`jupytext --sync notebooks/*.ipynb` on the committed pairs leaves every byte alone, whichever side is newer.

    The headers carry a ``notebook_metadata_filter`` that leaves out jupytext's own version, so the
    files do not change with the jupytext release that syncs them.
    """
    import os
    import subprocess
    import sys

    for source in sorted(pathlib.Path("notebooks").glob("*.py")) + sorted(pathlib.Path("notebooks").glob("*.ipynb")):
        (tmp_path / source.name).write_bytes(source.read_bytes())
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    for p in tmp_path.iterdir():
        later = p.suffix == f".{newer}"
        os.utime(p, (1_700_000_000 + 100 * later, 1_700_000_000 + 100 * later))
    proc = subprocess.run([sys.executable, "-m", "jupytext", "--sync", *sorted(str(p) for p in tmp_path.glob("*.ipynb"))],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert after == before, f"jupytext --sync rewrote {sorted(n for n in before if after.get(n) != before[n])}"
