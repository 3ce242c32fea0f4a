"""Figures: exact breakpoints marked, every format written, the CLI command, the missing extra."""

import sys

import pytest

pytest.importorskip("matplotlib")

from symorbit import plots
from symorbit.cli.commands import main
from symorbit.errors import InvalidArgument, MissingExtra
from symorbit.mdp.library import candy, coin, opts_figure1
from symorbit.orbits.discount import counts_over_gamma

MAGIC = {".png": b"\x89PNG", ".pdf": b"%PDF", ".svg": b"<?xml"}


def test_counts_figure_draws_the_exact_pieces():
    r = (0, 2, 3, 3, 3)
    fig = plots.counts_over_gamma_figure(candy(), "start", ["candy"], ["wait"], r)
    ax = fig.axes[0]
    res = counts_over_gamma(candy(), "start", ["candy"], ["wait"], r)
    total = sum(res.pieces[0].counts)
    b_line = ax.lines[0]
    assert list(b_line.get_ydata()) == [p.counts[0] / total for p in res.pieces for _ in (0, 1)]
    assert [t.get_text().strip() for t in ax.texts] == ["γ = 2/3"]


def test_other_figures():
    assert len(plots.power_figure(opts_figure1(), ["empty", "r_down"], gammas=["1/2", "9/10"]).axes[0].lines) == 2
    fig = plots.fractions_figure(max_m=2, max_n=4)
    exact = fig.axes[0].lines[0].get_ydata()
    assert list(exact) == [n / (n + 1) for n in range(1, 5)]          # m = 1: the exact n/(n+m)
    assert plots.mdp_figure(coin(), state="start", compare=["safe", "flip"]).axes[0].get_title().startswith("coin")
    with pytest.raises(InvalidArgument):
        plots.power_figure(candy(), ["start"], gammas=[])


@pytest.mark.parametrize("suffix", [".png", ".pdf", ".svg"])
def test_cli_plot_writes_each_format(tmp_path, suffix, capsys):
    out = tmp_path / f"f{suffix}"
    assert main(["plot", "counts", "candy", "--state", "start", "--a", "candy", "--b", "wait", "--reward",
                 "0,2,3,3,3", "-o", str(out)]) == 0
    assert out.read_bytes().startswith(MAGIC[suffix])
    assert main(["plot", "mdp", "candy", "-o", str(tmp_path / "x.gif")]) == 2
    assert "suffix" in capsys.readouterr().err


def test_missing_matplotlib_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    with pytest.raises(MissingExtra, match=r"symorbit\[plots\]"):
        plots.fractions_figure(max_m=1, max_n=2)
