"""Figures: exact breakpoints labelled without overlap, coinciding lines drawn apart, legends
outside the data, grids drawn as grids, the plotted data exact, and reference renders.

The reference renders are tests/figures/*.png. After an intended change of a figure, look at the
new render and regenerate them with ``SYMORBIT_REGENERATE_FIGURES=1 pytest tests/test_plots.py``.
"""

import csv
import io
import json
import os
import sys
from fractions import Fraction
from pathlib import Path

import pytest

pytest.importorskip("matplotlib")

import matplotlib  # noqa: E402
from matplotlib.testing.compare import compare_images  # noqa: E402

from symorbit import plots  # noqa: E402
from symorbit.analysis.discount import counts_over_gamma  # noqa: E402
from symorbit.cli.commands import main  # noqa: E402
from symorbit.errors import InvalidArgument, MissingExtra  # noqa: E402
from symorbit.mdp.library import candy, coin, load_environment, opts_figure1  # noqa: E402

MAGIC = {".png": b"\x89PNG", ".pdf": b"%PDF", ".svg": b"<?xml"}
FIGURES = Path(__file__).parent / "figures"
GRID = Path(__file__).parent / "data" / "two_rooms.grid"
OPTS_REWARD = (0, 0, 1, 1, 2, 2, 3, 3)          # 39 breakpoints, 33 of them irrational


@pytest.fixture(scope="module")
def opts_counts():
    return plots.counts_over_gamma_figure(opts_figure1(), "star", ["l_mid"], ["r_mid"], OPTS_REWARD)


def _boxes(fig, artists):
    """Display boxes of ``artists``; of an annotation, its text only (not its leader line)."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    return [matplotlib.text.Text.get_window_extent(a, renderer) if isinstance(a, matplotlib.text.Annotation)
            else a.get_window_extent(renderer) for a in artists]


def test_counts_figure_draws_the_exact_pieces():
    r = (0, 2, 3, 3, 3)
    fig = plots.counts_over_gamma_figure(candy(), "start", ["candy"], ["wait"], r)
    ax = fig.axes[0]
    res = counts_over_gamma(candy(), "start", ["candy"], ["wait"], r)
    total = res.pieces[0].counts[3]
    b_line = ax.lines[0]
    assert list(b_line.get_ydata()) == [p.counts[0] / total for p in res.pieces] + [res.pieces[-1].counts[0] / total]
    assert [t.get_text() for t in ax.texts if t.get_text().startswith("$")] == [r"$\dfrac{2}{3}$"]
    data = plots.figure_data(fig)
    assert data["breakpoints"] == [{"exact": "2/3", "latex": r"\frac{2}{3}", "label": r"\frac{2}{3}", "text": "2/3",
                                    "polynomial": "3*gamma - 2", "float": 2 / 3, "labelled": True,
                                    "counts": [7, 8, 5, 20]}]
    assert ["wait strictly better", "0", "2/3", "7/20", 0.35] in data["rows"]
    # wait and candy are both strictly better on 8 of 20 for γ > 2/3: the note says the lines coincide
    assert any("coincide" in n and "(2/3, 1)" in n for n in data["notes"])
    # names come from the actions, the legend sits outside the axes
    legend = fig.legends[0]
    assert [t.get_text() for t in legend.get_texts()] == ["wait strictly better", "candy strictly better", "tie"]
    axes_box, legend_box = _boxes(fig, [ax, legend])
    assert not axes_box.overlaps(legend_box)


def test_irrational_breakpoints_are_radicals_and_labels_never_overlap(opts_counts):
    fig = opts_counts
    data = plots.figure_data(fig)
    bps = data["breakpoints"]
    assert len(bps) == 39 and "sqrt(3)/2" in [b["exact"] for b in bps]
    assert next(b for b in bps if b["exact"] == "sqrt(3)/2")["latex"] == r"\frac{\sqrt{3}}{2}"
    texts = [t for t in fig.axes[0].texts if t.get_text().startswith("$")]
    assert all("CRootOf" not in t.get_text() for t in fig.findobj(matplotlib.text.Text))
    assert 15 <= len(texts) == sum(b["labelled"] for b in bps) < 39     # thinned, and the note says so
    assert any("breakpoints labelled" in n for n in data["notes"])
    boxes = _boxes(fig, texts)
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b), "two breakpoint labels overlap"
    axes_box, title_box = _boxes(fig, [fig.axes[0], fig.axes[0].title])
    fig_box = fig.bbox
    for box in boxes:                       # above the data, under the title, inside the figure
        assert box.y0 >= axes_box.y1 and box.y1 <= title_box.y0 and fig_box.x0 <= box.x0 <= box.x1 <= fig_box.x1
    assert "CRootOf" not in json.dumps(data)                          # radicals in the data and the CSV too
    assert ["r_mid strictly better", "1/4", "-1/2 + sqrt(21)/6", "181/360", 181 / 360] in data["rows"]
    # the caption lists every breakpoint, exactly
    assert data["caption"].count("γ = ") == 39 and "√3/2" in data["caption"]


def test_coinciding_power_lines_stay_visible_and_are_named():
    env = opts_figure1()
    fig = plots.power_figure(env, list(env.states), gammas=["1/4", "1/2", "3/4"])
    ax = fig.axes[0]
    labels = [line.get_label() for line in ax.lines]
    assert sorted(labels) == sorted(["star", "empty", "l_mid (= l_down)", "l_down (= l_mid)", "l_up",
                                     "r_mid (= r_down, r_up)", "r_down (= r_mid, r_up)", "r_up (= r_mid, r_down)"])
    assert plots.figure_data(fig)["notes"] == ["equal at every drawn γ: l_mid = l_down; r_mid = r_down = r_up"]
    group = [line for line in ax.lines if line.get_label().startswith(("r_mid", "r_down", "r_up"))]
    # distinct dash patterns, widths and markers, markers staggered so each line shows its own
    assert [line.get_linestyle() for line in sorted(group, key=lambda line: -line.get_linewidth())][:2] == ["-", "--"]
    assert len({line.get_linewidth() for line in group}) == 3 and len({line.get_marker() for line in group}) == 3
    assert sorted(str(line.get_markevery()) for line in group) == ["(0, 3)", "(1, 3)", "(2, 3)"]
    # the legend keeps the states' order and lies outside the axes
    legend = fig.legends[0]
    assert [t.get_text().split(" ")[0] for t in legend.get_texts()] == list(env.states)
    axes_box, legend_box = _boxes(fig, [ax, legend])
    assert not axes_box.overlaps(legend_box)
    rows = plots.figure_data(fig)["rows"]
    assert ["r_down", "1/2", "2/3", 2 / 3] in rows


def test_candy_power_names_all_five_states():
    fig = plots.power_figure(candy(), list(candy().states), gammas=["1/2", "3/4"])
    assert plots.figure_data(fig)["notes"] == ["equal at every drawn γ: candy = chocolate = hug"]
    assert len({(line.get_marker(), str(line.get_markevery())) for line in fig.axes[0].lines}) == 5


def test_fractions_and_mdp_figures():
    fig = plots.fractions_figure(max_m=2, max_n=4)
    exact = fig.axes[0].lines[0].get_ydata()
    assert list(exact) == [n / (n + 1) for n in range(1, 5)]          # m = 1: the exact n/(n+m)
    assert plots.figure_data(fig)["notes"] == ["equal for every n: m=1 exact = m=1 proved = n/(n+1)"]
    fig = plots.mdp_figure(coin(), state="start", compare=["safe", "flip"])
    assert fig.axes[0].get_title() == "coin: from start"
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["first action safe", "first action flip"]
    with pytest.raises(InvalidArgument, match="not an action"):
        plots.mdp_figure(coin(), state="start", compare=["jump"])
    with pytest.raises(InvalidArgument):
        plots.power_figure(candy(), ["start"], gammas=[])
    for m, n in ((1, plots.FRACTIONS_MAX_N + 1), (plots.FRACTIONS_MAX_M + 1, 1), (1, 10**8)):   # 4 GB in 15 s
        with pytest.raises(InvalidArgument, match=f"max_m={m}, max_n={n}: the figure draws at most"):
            plots.fractions_figure(max_m=m, max_n=n)


def test_figures_draw_into_given_axes_with_the_legend_beside_them():
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(11, 4), layout="constrained")
    FigureCanvasAgg(fig)
    left, right = fig.subplots(1, 2)
    assert plots.counts_over_gamma_figure(candy(), "start", ["candy"], ["wait"], (0, 2, 3, 3, 3), ax=left) is fig
    plots.power_figure(candy(), ["start", "wait"], gammas=["1/2"], ax=right)
    assert not fig.legends and left.get_legend() is not None and right.get_legend() is not None
    axes_box, legend_box = _boxes(fig, [left, left.get_legend()])
    assert legend_box.x0 >= axes_box.x1


def test_a_gridworld_is_drawn_as_its_grid():
    env = load_environment(str(GRID))
    fig = plots.mdp_figure(env, state="S", compare=["r1c2", "r2c1"], grid=GRID)
    ax = fig.axes[0]
    squares = [p for p in ax.patches if type(p).__name__ == "Rectangle"]
    walls = GRID.read_text().count("#")
    assert len(squares) == len(env.states) + walls + 1                  # open cells, walls, the start's frame
    centres = {t.get_text(): t.get_position() for t in ax.texts}
    assert centres["S"] == (1, 1) and centres["G"] == (5, 3)             # (column, row) of the map
    assert plots.figure_data(fig)["rows"][0] == ["S", 1, 1]
    with pytest.raises(InvalidArgument, match="not the map"):
        plots.mdp_figure(candy(), grid=GRID)


@pytest.mark.parametrize("suffix", [".png", ".pdf", ".svg", ".json", ".csv"])
def test_cli_plot_writes_each_format(tmp_path, suffix, capsys):
    out = tmp_path / f"f{suffix}"
    assert main(["plot", "counts", "candy", "--state", "start", "--a", "candy", "--b", "wait", "--reward",
                 "0,2,3,3,3", "-o", str(out)]) == 0
    if suffix in MAGIC:
        assert out.read_bytes().startswith(MAGIC[suffix])
    elif suffix == ".json":
        assert json.loads(out.read_text())["breakpoints"][0]["exact"] == "2/3"
    else:
        rows = list(csv.reader(io.StringIO(out.read_text())))
        assert rows[0] == ["series", "gamma_low", "gamma_high", "fraction", "fraction (float)"]
        assert ["tie", "2/3", "1", "1/5", "0.2"] in rows
    assert main(["plot", "mdp", "candy", "-o", str(tmp_path / "x.gif")]) == 2
    assert "suffix" in capsys.readouterr().err


def test_cli_plot_json_is_the_plotted_data(tmp_path, capsys):
    assert main(["plot", "power", "candy", "--states", "start,wait", "--gammas", "1/2", "--json",
                 "-o", str(tmp_path / "p.pdf"), "-o", str(tmp_path / "p.png")]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["rows"] == [["start", "1/2", "11/16", 0.6875], ["wait", "1/2", "2/3", 2 / 3]]
    assert data["outputs"] == [str(tmp_path / "p.pdf"), str(tmp_path / "p.png")]
    assert (tmp_path / "p.pdf").exists() and (tmp_path / "p.png").exists()
    assert main(["plot", "mdp", str(GRID), "--state", "S", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["columns"] == ["cell", "row", "column"]
    assert main(["plot", "fractions", "--max-m", "1", "--max-n", "2", "--title", "", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == ""                  # a paper's caption says it
    assert main(["plot", "mdp", "candy"]) == 2
    assert "-o FILE" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [
    ["power", "candy", "--gammas", ""], ["power", "candy", "--gammas", "1/2,,1/3"], ["power", "candy", "--gammas", ","],
    ["power", "candy", "--states", ""], ["mdp", "candy", "--compare", ""],
    ["counts", "candy", "--a", "candy", "--b", "wait", "--reward", "1,2,,3,4,5"],
])
def test_cli_plot_refuses_an_empty_item(argv, tmp_path, capsys):
    """An empty list or item is refused in one line (``--gammas ""`` used to draw the default grid)."""
    assert main(["plot", *argv, "-o", str(tmp_path / "x.json")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "an empty item" in err and not (tmp_path / "x.json").exists()


@pytest.mark.parametrize("kind", [["fractions", "--max-m", "1", "--max-n", "2"], ["mdp", "candy"],
                                  ["power", "candy", "--gammas", "1/2"],
                                  ["counts", "candy", "--state", "start", "--a", "candy", "--b", "wait", "--reward",
                                   "1,2,3,4,5"]], ids=["fractions", "mdp", "power", "counts"])
@pytest.mark.parametrize("title, why", [(r"$\fraac{1}$", "Unknown symbol: \\fraac"), ("$$", "Expected end of text")])
def test_a_title_matplotlib_cannot_typeset_is_refused_before_drawing(kind, title, why, tmp_path, capsys):
    # it failed when the figure was saved, as "ValueError at _mathtext.py:2350: ... ParseFatalException ..."
    assert main(["plot", *kind, "--title", title, "-o", str(tmp_path / "x.png")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f'symorbit: error: title "{title}": matplotlib cannot typeset its $...$ ({why}); write a literal '
                   "dollar sign as \\$"], err
    assert not (tmp_path / "x.png").exists()
    with pytest.raises(InvalidArgument, match="cannot typeset"):
        plots.fractions_figure(max_m=1, max_n=2, title=title)


def test_a_title_with_a_literal_dollar_and_math_is_drawn(tmp_path):
    fig = plots.fractions_figure(max_m=1, max_n=2, title=r"costs \$5, and $\frac{1}{2}$ of them")
    plots.save(fig, tmp_path / "x.png")
    assert fig.axes[0].get_title() == r"costs \$5, and $\frac{1}{2}$ of them"


def test_saving_is_deterministic(tmp_path):
    for suffix in (".svg", ".pdf", ".png"):
        a, b = tmp_path / f"a{suffix}", tmp_path / f"b{suffix}"
        plots.save(plots.fractions_figure(max_m=1, max_n=3), a)
        plots.save(plots.fractions_figure(max_m=1, max_n=3), b)
        assert a.read_bytes() == b.read_bytes(), suffix


def test_missing_matplotlib_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(MissingExtra, match=r"symorbit\[plots\]"):
        plots.fractions_figure(max_m=1, max_n=2)


# ------------------------------------------------------------------ reference renders
REFERENCES = {
    "counts_candy": lambda: plots.counts_over_gamma_figure(candy(), "start", ["candy"], ["wait"], (0, 2, 3, 3, 3)),
    "counts_opts_figure1": lambda: plots.counts_over_gamma_figure(opts_figure1(), "star", ["l_mid"], ["r_mid"],
                                                                  OPTS_REWARD),
    "power_candy": lambda: plots.power_figure(candy(), list(candy().states)),
    "power_opts_figure1": lambda: plots.power_figure(opts_figure1(), list(opts_figure1().states)),
    "power_opts_figure1_notebook": lambda: plots.power_figure(
        opts_figure1(), ["empty", "l_down", "r_down"], gammas=[Fraction(k, 10) for k in range(1, 10)]),
    "fractions": lambda: plots.fractions_figure(),
    "mdp_opts_figure1": lambda: plots.mdp_figure(opts_figure1(), state="star", compare=["l_mid", "r_mid"]),
    "mdp_coin": lambda: plots.mdp_figure(coin(), state="start", compare=["safe", "flip"]),
    "mdp_two_rooms": lambda: plots.mdp_figure(load_environment(str(GRID)), state="S", compare=["r1c2", "r2c1"],
                                              grid=GRID),
}
#: The matplotlib the references were rendered with: text rendering changes between releases,
#: so another version skips the comparison (with a message) rather than failing on font hinting.
REFERENCE_MATPLOTLIB = (FIGURES / "MATPLOTLIB_VERSION").read_text().strip() if (FIGURES / "MATPLOTLIB_VERSION").exists() \
    else None


def overlapping_texts(fig):
    """Pairs of drawn texts (titles, labels, ticks, legend entries, notes, annotations) that overlap."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    hidden = set()                                      # tick labels of ticks outside the view are not drawn
    for ax in fig.axes:
        for axis, (lo, hi) in ((ax.xaxis, sorted(ax.get_xlim())), (ax.yaxis, sorted(ax.get_ylim()))):
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                if not lo - 1e-9 <= tick.get_loc() <= hi + 1e-9:
                    hidden |= {id(tick.label1), id(tick.label2)}
    texts = [t for t in fig.findobj(matplotlib.text.Text)
             if t.get_visible() and t.get_text().strip() and id(t) not in hidden]
    boxes = [(t.get_text(), matplotlib.text.Text.get_window_extent(t, renderer)) for t in texts]
    return [(a, b) for i, (a, box) in enumerate(boxes) for b, other in boxes[i + 1:] if box.overlaps(other)]


@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_figure_matches_its_reference_render(tmp_path, name):
    fig = REFERENCES[name]()
    expected = FIGURES / f"{name}.png"
    if os.environ.get("SYMORBIT_REGENERATE_FIGURES"):
        FIGURES.mkdir(exist_ok=True)
        plots.save(fig, expected)
        (FIGURES / "MATPLOTLIB_VERSION").write_text(matplotlib.__version__ + "\n")
        pytest.skip(f"regenerated {expected}")
    if REFERENCE_MATPLOTLIB != matplotlib.__version__:
        pytest.skip(f"the reference renders were made with matplotlib {REFERENCE_MATPLOTLIB}, this is "
                    f"{matplotlib.__version__}: regenerate them (see the module docstring) to compare")
    actual = plots.save(fig, tmp_path / f"{name}.png")
    result = compare_images(str(expected), str(actual), tol=2)
    assert result is None, f"{name}: the render differs from tests/figures/{name}.png: {result}"


@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_no_two_texts_of_a_figure_overlap(name):
    overlaps = overlapping_texts(REFERENCES[name]())
    assert not overlaps, f"{name}: texts overlap: {overlaps[:3]}"
