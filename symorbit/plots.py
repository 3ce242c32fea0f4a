"""Figures of exact results: counts against γ, POWER against γ, m-vs-n fractions, the MDP itself.

Every function computes exactly (fractions, algebraic breakpoints) and only converts to
floats to draw. Each returns a ``matplotlib.figure.Figure`` (shown inline in a notebook);
:func:`save` writes it as PNG, PDF or SVG, and its plotted data, with exact values, as JSON or
CSV (:func:`figure_data` returns that data as a dict). matplotlib is imported only here,
when a figure is made; without it :class:`~symorbit.errors.MissingExtra` names the extra
``[plots]``.

The figures are made for papers: legends outside the data, lines that coincide drawn with
distinct dash patterns and staggered markers and named in a note, breakpoints labelled with
their exact values typeset by sympy (``√3/2``, never ``CRootOf``) and thinned so that no two
labels overlap, and a fixed style (DejaVu fonts, fixed size and dpi, no dates or random ids in
the files), so the same figure renders to the same pixels.

Examples
--------
>>> from symorbit.mdp.library import candy
>>> fig = counts_over_gamma_figure(candy(), "start", ["candy"], ["wait"], (0, 2, 3, 3, 3))
>>> [b["exact"] for b in figure_data(fig)["breakpoints"]]    # the breakpoint, exactly
['2/3']
>>> [t.get_text() for t in fig.axes[0].texts][:1]            # labelled with sympy's LaTeX
['$\\\\dfrac{2}{3}$']
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
from collections.abc import Callable, Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any, TypeVar, cast

from symorbit.errors import InvalidArgument, MissingExtra
from symorbit.exact.numbers import check_gamma, fraction_str
from symorbit.mdp.environment import MDP, check_mdp

__all__ = ["STYLE", "counts_over_gamma_figure", "figure_data", "fractions_figure", "mdp_figure", "power_figure",
           "save"]

#: Image formats :func:`save` writes, and data formats (the plotted data with exact values).
FORMATS = (".png", ".pdf", ".svg")
DATA_FORMATS = (".json", ".csv")

#: matplotlib settings every figure is made and saved with: fixed fonts (DejaVu, shipped with
#: matplotlib), sizes and dpi, and a fixed SVG id salt, so renders are the same on every machine.
STYLE: dict[str, Any] = {
    "font.family": "DejaVu Sans", "font.size": 9, "mathtext.fontset": "dejavusans", "axes.titlesize": 9,
    "axes.labelsize": 9, "xtick.labelsize": 8, "ytick.labelsize": 8, "legend.fontsize": 8,
    "figure.dpi": 100, "savefig.dpi": 200, "svg.hashsalt": "symorbit", "svg.fonttype": "path", "pdf.fonttype": 42,
    "axes.grid": True, "grid.color": "0.9", "grid.linewidth": 0.6, "axes.axisbelow": True,
    "legend.frameon": False, "lines.solid_capstyle": "butt", "path.simplify": False,
}
#: Metadata written into each format instead of the defaults (which hold the date).
_METADATA = {".pdf": {"CreationDate": None, "Producer": "symorbit (matplotlib)"}, ".svg": {"Date": None},
             ".png": {"Software": "symorbit (matplotlib)"}}
#: Colours (matplotlib's tab10, distinguishable in colour-blind simulation in this order),
#: markers, and dash patterns given to lines that coincide (solid first, drawn widest).
_COLORS = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
           "#17becf")
_PAIRED = (("#1f77b4", "#7fb2dc"), ("#d62728", "#f19a9b"), ("#2ca02c", "#8fd18a"), ("#ff7f0e", "#ffbb78"),
           ("#9467bd", "#c5b0d5"), ("#8c564b", "#c49c94"))
_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*", "<", ">")
_DASHES: tuple[Any, ...] = ("-", (0, (5, 2)), (0, (1.2, 1.6)), (0, (7, 2, 1.5, 2)), (0, (3, 3)))

F = TypeVar("F", bound=Callable[..., Any])


def _styled(func: F) -> F:
    """Run a figure function inside :data:`STYLE` (fonts are fixed when artists are made)."""
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            import matplotlib
        except ImportError:
            raise MissingExtra("figures need matplotlib: pip install 'symorbit[plots]'") from None
        if kwargs.get("title") is not None:
            _check_title(kwargs["title"])
        with matplotlib.rc_context(cast(Any, STYLE)):
            return func(*args, **kwargs)
    return wrapper  # type: ignore[return-value]


def _check_title(title: Any) -> None:
    r"""Refuse a title that is no string, or whose $...$ matplotlib cannot typeset (it failed only when the figure
    was drawn, as a ValueError of matplotlib's parser).

    >>> _check_title(r"$\fraac{1}{2}$")
    Traceback (most recent call last):
    ...
    symorbit.errors.InvalidArgument: title "$\fraac{1}{2}$": matplotlib cannot typeset its $...$ (Unknown symbol: \fraac); write a literal dollar sign as \$
    """
    if not isinstance(title, str):
        raise InvalidArgument(f"title={title!r} must be a string")
    from matplotlib import cbook
    from matplotlib.font_manager import FontProperties
    from matplotlib.mathtext import MathTextParser

    if not cbook.is_math_text(title):      # matplotlib's own test: an even number of unescaped $
        return
    try:
        MathTextParser("path").parse(title, dpi=72, prop=FontProperties())
    except ValueError as exc:
        last = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
        why = re.sub(r"^Parse(Fatal)?Exception: ", "", last)
        why = re.sub(r", found .*$", "", why)
        raise InvalidArgument(f'title "{title[:80]}": matplotlib cannot typeset its $...$ ({why[:120]}); write a '
                              "literal dollar sign as \\$") from None


def _figure(width: float = 6.4, height: float = 3.8) -> Any:
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError:
        raise MissingExtra("figures need matplotlib: pip install 'symorbit[plots]'") from None
    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _set_data(fig: Any, data: dict[str, Any]) -> None:
    fig._symorbit_data = data


def figure_data(fig: Any) -> dict[str, Any]:
    """The data a figure of this module plots, with exact values (strings ``"p/q"``, sympy forms).

    Every dict has ``kind``, ``title``, ``columns`` and ``rows`` (the plotted points, one row
    each: the exact value and the float drawn) and ``notes`` (what the figure's note says:
    coinciding lines, thinned labels); the counts figure adds ``breakpoints`` (every one, with
    its exact value, LaTeX, minimal polynomial, decimal and counts, and whether it is labelled).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        A figure returned by a function of this module.

    Returns
    -------
    dict
        JSON-serialisable.

    Raises
    ------
    InvalidArgument
        For a figure not made here.

    Examples
    --------
    >>> fig = power_figure(__import__("symorbit").mdp.library.candy(), ["start"], gammas=["1/2"])
    >>> figure_data(fig)["columns"], figure_data(fig)["rows"]
    (['state', 'gamma', 'POWER', 'POWER (float)'], [['start', '1/2', '11/16', 0.6875]])
    """
    data = getattr(fig, "_symorbit_data", None)
    if data is None:
        raise InvalidArgument("this figure was not made by symorbit.plots, so it has no exact data")
    return data


# ------------------------------------------------------------------ exact labels
def _fraction_latex(x: Fraction) -> str:
    if x.denominator == 1:
        return str(x.numerator)
    return ("-" if x < 0 else "") + rf"\frac{{{abs(x.numerator)}}}{{{x.denominator}}}"


def _exact(b: Any) -> dict[str, Any]:
    """A sympy breakpoint (Rational or CRootOf) as exact text, LaTeX, polynomial and decimal.

    Quadratic roots are written with radicals (``(√21 − 3)/6``); higher degrees with sympy's
    radicals when real ones exist, else as "the root of p near x".
    """
    import sympy

    if getattr(b, "is_Rational", False):
        q = Fraction(int(b.p), int(b.q))
        return {"exact": fraction_str(q), "latex": _fraction_latex(q), "label": _fraction_latex(q), "text": fraction_str(q),
                "polynomial": f"{q.denominator}*gamma - {q.numerator}" if q.denominator != 1 else f"gamma - {q}",
                "float": float(q)}
    poly = b.poly if hasattr(b, "poly") else sympy.Poly(sympy.minimal_polynomial(b, sympy.Symbol("gamma")))
    g = poly.gens[0]
    x = float(b)
    expr = b
    if poly.degree() == 2:
        from math import gcd, sqrt

        A, B, C = (int(c) for c in poly.all_coeffs())
        disc = B * B - 4 * A * C
        coeff, rest = sympy.sqrt(disc).as_coeff_Mul()                  # √disc = k √m, m squarefree
        k, m = int(coeff), int(rest**2)
        sign = min((1, -1), key=lambda sg: abs((-B + sg * sqrt(disc)) / (2 * A) - x))
        num_r, num_s, den = -B, sign * k, 2 * A
        d = gcd(gcd(abs(num_r), abs(num_s)), abs(den))
        num_r, num_s, den = num_r // d, num_s // d, den // d
        if den < 0:
            num_r, num_s, den = -num_r, -num_s, -den
        expr = (sympy.Integer(num_r) + num_s * sympy.sqrt(m)) / den
        root_tex = ("" if abs(num_s) == 1 else str(abs(num_s))) + rf"\sqrt{{{m}}}"
        root_txt = ("" if abs(num_s) == 1 else str(abs(num_s))) + f"√{m}"
        if num_s > 0:
            tex = root_tex + (f" - {-num_r}" if num_r < 0 else f" + {num_r}" if num_r else "")
            txt = root_txt + (f" − {-num_r}" if num_r < 0 else f" + {num_r}" if num_r else "")
        else:
            tex, txt = f"{num_r} - {root_tex}", f"{num_r} − {root_txt}"
        latex = tex if den == 1 else rf"\frac{{{tex}}}{{{den}}}"
        text = txt if den == 1 else (f"({txt})/{den}" if num_r else f"{txt}/{den}")
    else:
        real = [r for r in sympy.roots(poly.as_expr(), g, filter="R") if abs(float(r) - x) < 1e-9]
        if real and not real[0].has(sympy.I):
            expr = sympy.together(real[0])
            latex, text = sympy.latex(expr), str(expr)
        else:
            latex = rf"\approx {x:.4f}"
            text = f"the root of {poly.as_expr()} near {x:.6f}"
    label = latex if len(latex) <= 40 else rf"\approx {x:.4f}"     # long radicals: the decimal on the figure
    return {"exact": str(expr), "latex": latex, "label": label, "text": text, "polynomial": str(poly.as_expr()),
            "float": x}


# ------------------------------------------------------------------ coinciding lines
def _groups(series: Sequence[Sequence[Any]]) -> list[list[int]]:
    """Indices of series with exactly equal values, grouped (singletons included), in order."""
    groups: dict[tuple[Any, ...], list[int]] = {}
    for i, ys in enumerate(series):
        groups.setdefault(tuple(ys), []).append(i)
    return sorted(groups.values())


def _draw_lines(ax: Any, xs: Sequence[float], series: Sequence[tuple[str, Sequence[Any]]], *,
                markers: bool = True) -> tuple[list[list[str]], list[Any]]:
    """Draw exact series; lines that coincide get dash patterns, widths and staggered markers.

    Returns the groups of coinciding lines (their labels, one list per group of two or more) and
    the lines drawn, in the order of ``series``; each line of a group is relabelled
    ``"a (= b, c)"`` for the legend.
    """
    notes: list[list[str]] = []
    style: dict[int, tuple[Any, float, int, int]] = {}
    for group in _groups([ys for _, ys in series]):
        k = len(group)
        for rank, i in enumerate(group):
            style[i] = (_DASHES[rank % len(_DASHES)], (2.8, 1.5, 1.0, 0.8, 0.8)[min(rank, 4)] if k > 1 else 1.6, rank, k)
        if k > 1:
            notes.append([series[i][0] for i in group])
    # draw the widest (solid) lines first so the dashed ones stay visible on top of them
    handles: dict[int, Any] = {}
    for i in sorted(range(len(series)), key=lambda i: style[i][2]):
        label, ys = series[i]
        dash, width, rank, k = style[i]
        kw: dict[str, Any] = {"color": _COLORS[i % len(_COLORS)], "linestyle": dash, "linewidth": width,
                              "label": label, "zorder": 2 + rank}
        if markers:
            kw.update(marker=_MARKERS[i % len(_MARKERS)], markersize=4.5, markevery=(rank, k) if k > 1 else None,
                      markeredgewidth=0.6, markeredgecolor="white" if rank == 0 else kw["color"])
        (handles[i],) = ax.plot(list(xs), [float(y) for y in ys], **kw)
    for names in notes:
        for line in handles.values():
            if line.get_label() in names:
                line.set_label(f"{line.get_label()} (= {', '.join(n for n in names if n != line.get_label())})")
    return notes, [handles[i] for i in range(len(series))]           # the legend's order: the series' order


# ------------------------------------------------------------------ figures
@_styled
def counts_over_gamma_figure(env: MDP, state: Any, a_actions: Sequence[str], b_actions: Sequence[str],
                             reward: Sequence[Any], *, relative_to: Any = None,
                             names: tuple[str, str] | None = None, max_label_rows: int = 3, title: str | None = None,
                             ax: Any = None, max_polynomials: int | None = None) -> Any:
    """Orbit fractions of "B strictly better", "A strictly better" and ties as step functions of γ.

    The counts are piecewise constant in γ (:func:`symorbit.counts_over_gamma`). Each exact
    breakpoint is a thin vertical line; above the axes, as many breakpoints as fit without
    overlapping are labelled with their exact values in sympy's LaTeX (``√3/2``), in up to
    ``max_label_rows`` staggered rows, the simplest values first. Every breakpoint, labelled
    or not, is listed in :func:`figure_data` (``breakpoints``) with its exact value, minimal
    polynomial and counts; the figure's note says how many are labelled.

    Parameters
    ----------
    env, state : MDP and a state of it
    a_actions, b_actions : first actions giving A = F(s | a) and B = F(s | b)
    reward : the reward whose orbit is counted
    relative_to : None or "all", keyword-only
        As in :func:`~symorbit.analysis.discount.counts_over_gamma`: ``"all"`` compares optimality
        relative to all of F(s) (the optimality fractions) instead of raw maxima.
    names : (str, str), keyword-only, optional
        Legend names for A and B (default: the action names, ``{a, b}`` for several).
    max_label_rows : int, keyword-only
        Rows of breakpoint labels above the axes (default 3).
    title : str, keyword-only, optional
        The title (default: made from the inputs; ``""`` for none, when a caption says it).
    ax : matplotlib Axes, keyword-only, optional
        Draw into it instead of a new figure (the labels go above it).
    max_polynomials : int or None, keyword-only
        As in :func:`~symorbit.analysis.discount.counts_over_gamma` (None: its default).

    Returns
    -------
    matplotlib.figure.Figure
        The labels are annotations of ``fig.axes[0]`` (its ``texts``).

    Raises
    ------
    InvalidArgument
        For a negative ``max_label_rows``, and as :func:`~symorbit.analysis.discount.counts_over_gamma`
        (unknown state or action, a reward of the wrong length).

    Examples
    --------
    The post's candy environment: candy now (A) against waiting for chocolate or a hug (B).

    >>> from symorbit.mdp.library import candy
    >>> fig = counts_over_gamma_figure(candy(), "start", ["candy"], ["wait"], (0, 2, 3, 3, 3))
    >>> [line.get_label() for line in fig.axes[0].lines[:3]]
    ['wait strictly better', 'candy strictly better', 'tie']
    >>> figure_data(fig)["breakpoints"][0]["counts"]        # at γ = 2/3 itself
    [7, 8, 5, 20]

    References
    ----------
    PR Def. 3.2 (orbit fractions); OPTS Def. 4.1 (γ → 1), Lemma E.33 (finitely many breakpoints).
    """
    check_mdp(env, "counts_over_gamma_figure")
    from symorbit.analysis.discount import counts_over_gamma

    if max_label_rows < 0:
        raise InvalidArgument("max_label_rows must be 0 or more")
    limit = {} if max_polynomials is None else {"max_polynomials": max_polynomials}
    res = counts_over_gamma(env, state, a_actions, b_actions, reward, relative_to=relative_to, **limit)

    def side(actions: Any, default: str) -> str:
        acts = [actions] if isinstance(actions, str) else list(actions)
        if not all(isinstance(a, str) for a in acts):          # outcome sets, not first actions
            return default
        return acts[0] if len(acts) == 1 else "{" + ", ".join(acts) + "}"

    a_name, b_name = names if names is not None else (side(a_actions, "A"), side(b_actions, "B"))
    total = res.pieces[0].counts[3]       # (b_better, a_better, ties, orbit_size)
    labels = (f"{b_name} strictly better", f"{a_name} strictly better", "tie")
    exacts = [_exact(b) for b in res.breakpoints]

    size = 8.0
    heights = [h for _, h in _label_sizes(exacts, size)]
    row_pt = (max(heights) if heights else 10.0) + 4.0
    n_rows = min(max_label_rows, len(exacts))
    own = ax is None
    if ax is None:
        fig = _figure(6.4, 3.6 + n_rows * row_pt / 72)
        ax = fig.add_subplot()
    else:
        fig = ax.figure
    # the step functions: x = piece ends, y = fraction (exact Fractions, drawn as floats)
    xs = [float(p.low) for p in res.pieces] + [1.0]
    series = [(labels[i], [Fraction(p.counts[i], total) for p in res.pieces] + [Fraction(res.pieces[-1].counts[i],
                                                                                          total)])
              for i in range(3)]
    style = {0: ("-", 3.2, _COLORS[0]), 1: ((0, (5, 2)), 1.9, _COLORS[1]), 2: ((0, (1.2, 1.6)), 1.6, "0.35")}
    for i in range(3):
        dash, width, color = style[i]
        ax.plot(xs, [float(y) for y in series[i][1]], drawstyle="steps-post", color=color, linestyle=dash,
                linewidth=width, label=labels[i], zorder=3 + i)
    for e in exacts:
        ax.axvline(e["float"], color="0.6", linewidth=0.5, zorder=1)
    ax.set_xlim(0, 1)
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlabel("discount γ")
    ax.set_ylabel("fraction of the orbit")
    # where two of the three lines coincide on a piece, say so (the dash patterns show it too)
    overlaps: list[str] = []
    for i, j in ((0, 1), (0, 2), (1, 2)):
        same = [p for p in res.pieces if p.counts[i] == p.counts[j]]
        if same:
            where = ("all γ" if len(same) == len(res.pieces) else
                     ", ".join(f"({_exact_short(p.low)}, {_exact_short(p.high)})" for p in same[:3])
                     + (f" and {len(same) - 3} more pieces" if len(same) > 3 else ""))
            overlaps.append(f"'{labels[i]}' = '{labels[j]}' on {where}")
    _legend(ax, own, ax.get_legend_handles_labels()[0], loc="outside lower center", ncols=3)
    default_title = (f"{env.name}, s = {state}: {b_name} vs {a_name} over the orbit of r = "
             f"({', '.join(fraction_str(Fraction(x)) for x in reward)})"
             + (", optimality relative to F(s)" if relative_to == "all" else ""))
    title = default_title if title is None else title
    ax.set_title(title, pad=8 + n_rows * row_pt)
    fig.draw_without_rendering()                                    # fix the axes' width, then place labels
    placed = _place_labels(ax, exacts, max_label_rows, size, row_pt)
    notes = []
    if exacts and len(placed) < len(exacts):
        notes.append(f"{len(placed)} of {len(exacts)} breakpoints labelled; all are in the figure's data "
                     "(symorbit plot --json)")
    notes += [f"lines coincide: {o}" for o in overlaps]
    _note(ax, notes)
    def exact(x: Any) -> str:                 # sympy-readable: "2/3", "-1/2 + sqrt(21)/6"
        return fraction_str(x) if isinstance(x, (int, Fraction)) else str(_exact(x)["exact"])

    rows = [[labels[i], exact(p.low), exact(p.high), fraction_str(Fraction(p.counts[i], total)),
             float(Fraction(p.counts[i], total))] for i in range(3) for p in res.pieces]
    bps = [{**e, "labelled": k in placed, "counts": list(res.at_breakpoints[str(b)])}
           for k, (b, e) in enumerate(zip(res.breakpoints, exacts))]
    caption = (title or default_title) + ". Breakpoints: " + (", ".join("γ = " + e["text"] for e in exacts) or "none") + "."
    _set_data(fig, {"kind": "counts", "title": title, "caption": caption, "env": env.name, "state": str(state),
                    "a": list(a_actions), "b": list(b_actions), "reward": [fraction_str(Fraction(x)) for x in reward],
                    "relative_to": relative_to, "orbit_size": total, "counts_order": [*labels, "orbit size"],
                    "limit": list(res.limit), "columns": ["series", "gamma_low", "gamma_high", "fraction",
                                                          "fraction (float)"],
                    "rows": rows, "breakpoints": bps, "notes": notes})
    return fig


def _exact_short(x: Any) -> str:
    return fraction_str(x) if isinstance(x, (int, Fraction)) else _exact(x)["text"]


def _mathtext(latex: str) -> str:
    """A label's LaTeX for matplotlib: fractions in display style, so digits keep the label's size."""
    return "$" + latex.replace(r"\frac", r"\dfrac") + "$"


def _label_sizes(exacts: Sequence[dict[str, Any]], size: float) -> list[tuple[float, float]]:
    """(width, height) in points of each breakpoint's label as drawn."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    prop = FontProperties(family="DejaVu Sans", size=size)
    out = []
    for e in exacts:
        w, h, _ = text_to_path.get_text_width_height_descent(_mathtext(e["label"]), prop, ismath=True)
        out.append((float(w), float(h)))
    return out


def _place_labels(ax: Any, exacts: Sequence[dict[str, Any]], max_rows: int, size: float, row_pt: float) -> set[int]:
    """Label as many breakpoints as fit in ``max_rows`` rows above ``ax`` without overlap, simplest first.

    Rows are ``row_pt`` points apart; labels of one row keep 3 pt apart, within the axes' width
    (a label near an end is moved inwards and joined to its line by a leader).
    """
    if not exacts or max_rows == 0:
        return set()
    fig = ax.figure
    width_pt = ax.get_window_extent().width * 72 / fig.dpi
    pad = 3.0
    sizes = _label_sizes(exacts, size)
    labels: list[list[tuple[float, float]]] = [[] for _ in range(max_rows)]     # label spans, per row
    leaders: list[list[tuple[float, float]]] = [[] for _ in range(max_rows)]    # leader spans crossing a row

    def free(span: tuple[float, float], taken: list[tuple[float, float]], gap: float) -> bool:
        return all(span[1] + gap <= a or span[0] >= b + gap for a, b in taken)

    order = sorted(range(len(exacts)), key=lambda k: (len(exacts[k]["label"]), exacts[k]["float"]))
    placed: dict[int, tuple[int, float]] = {}
    for k in order:
        w = sizes[k][0]
        centre = exacts[k]["float"] * width_pt
        lo, hi = centre - w / 2, centre + w / 2
        if lo < 0:                                                    # keep inside the axes' width
            lo, hi = 0.0, w
        if hi > width_pt:
            lo, hi = width_pt - w, width_pt
        lead = (min(centre, (lo + hi) / 2) - 0.5, max(centre, (lo + hi) / 2) + 0.5)
        for r in range(max_rows):
            # the label must not touch a label or a leader of its row, and its leader must not cross
            # a label of a row below it
            if free((lo, hi), labels[r], pad) and free((lo, hi), leaders[r], 1.0) and all(
                    free(lead, labels[q], 1.0) for q in range(r)):
                labels[r].append((lo, hi))
                for q in range(r):
                    leaders[q].append(lead)
                placed[k] = (r, (lo + hi) / 2 - centre)
                break
    for k, (r, dx) in placed.items():
        ax.annotate(_mathtext(exacts[k]["label"]), xy=(exacts[k]["float"], 1.0), xycoords=("data", "axes fraction"),
                    xytext=(dx, 5 + r * row_pt), textcoords="offset points", ha="center", va="bottom", fontsize=size,
                    color="0.1", annotation_clip=False,
                    arrowprops={"arrowstyle": "-", "color": "0.45", "linewidth": 0.5, "shrinkA": 0.5, "shrinkB": 0})
    for k in range(len(exacts)):
        if k not in placed:
            ax.annotate("", xy=(exacts[k]["float"], 1.0), xycoords=("data", "axes fraction"), xytext=(0, 4),
                        textcoords="offset points", annotation_clip=False,
                        arrowprops={"arrowstyle": "-", "color": "0.6", "linewidth": 0.5, "shrinkA": 0, "shrinkB": 0})
    return set(placed)


def _legend(ax: Any, own: bool, handles: Sequence[Any], labels: Sequence[str] | None = None, **kw: Any) -> Any:
    """The legend outside the data: under or beside the axes in a figure of our own (kw's ``loc``,
    e.g. "outside lower center"); beside the given axes otherwise (give that figure
    ``layout="constrained"`` so that it fits)."""
    labels = [h.get_label() for h in handles] if labels is None else list(labels)
    if own:
        return ax.figure.legend(handles, labels, **kw)
    kw.pop("loc", None)
    kw.pop("ncols", None)
    return ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0, **kw)


def _note(ax: Any, notes: Sequence[str], *, below: float = 30.0) -> None:
    """The figure's note: small grey text under the axes' x label, wrapped to the axes' width."""
    import textwrap

    if notes:
        width = max(40, int(ax.figure.get_figwidth() * 72 * ax.get_position().width / 4.2))
        text = "\n".join(textwrap.fill(n, width) for n in notes)
        ax.annotate(text, xy=(0, 0), xycoords="axes fraction", xytext=(0, -below), textcoords="offset points",
                    ha="left", va="top", fontsize=7, color="0.3")


@_styled
def power_figure(env: MDP, states: Sequence[Any], *, gammas: Sequence[Any] | None = None,
                 distribution: Any = None, title: str | None = None, ax: Any = None) -> Any:
    """POWER_D(s, γ) against γ for each state, computed exactly at rational γ (OPTS Def. 5.2).

    States whose POWER is equal at every drawn γ are drawn with distinct dash patterns and
    staggered markers, named together in the legend ("r_down (= r_up)") and in the note.

    Parameters
    ----------
    env : MDP
    states : the states to draw
    gammas : rational discounts (default 1/20, 2/20, ..., 19/20)
    distribution : IID_UNIFORM (default) or a FiniteDistribution
    title : str, keyword-only, optional
        The title (default: made from the inputs; ``""`` for none, when a caption says it).
    ax : matplotlib Axes, keyword-only, optional
        Draw into it instead of a new figure.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    InvalidArgument
        When ``gammas`` is empty (a γ outside (0, 1) or a float is refused by the γ check).

    Examples
    --------
    The post's candy environment: POWER at the start and after waiting.

    >>> from symorbit.mdp.library import candy
    >>> fig = power_figure(candy(), ["start", "wait", "candy", "hug"], gammas=["1/4", "1/2", "3/4"])
    >>> [line.get_label() for line in fig.axes[0].lines]
    ['start', 'wait', 'candy (= hug)', 'hug (= candy)']
    >>> figure_data(fig)["notes"]
    ['equal at every drawn γ: candy = hug']

    References
    ----------
    OPTS Def. 5.2, Fig. 3.
    """
    check_mdp(env, "power_figure")
    from symorbit.analysis.power import IID_UNIFORM, power

    if isinstance(states, str):         # "start" was read as the states s, t, a, r, t
        raise InvalidArgument(f"states={states!r} must be a list of states, such as [{states!r}]")
    gs = [check_gamma(g) for g in (gammas if gammas is not None else [Fraction(k, 20) for k in range(1, 20)])]
    if not gs:
        raise InvalidArgument("gammas must not be empty")
    dist = IID_UNIFORM if distribution is None else distribution
    own = ax is None
    fig = _figure() if ax is None else ax.figure
    ax = fig.add_subplot() if ax is None else ax
    series = [(str(s), [power(env, s, g, distribution=dist) for g in gs]) for s in states]
    groups, handles = _draw_lines(ax, [float(g) for g in gs], series)
    ax.set_xlabel("discount γ")
    ax.set_ylabel("POWER(s, γ)")
    title = f"{env.name}: POWER, exact at each marked γ" if title is None else title
    ax.set_title(title)
    _legend(ax, own, handles, loc="outside right upper", title="state")
    notes = ["equal at every drawn γ: " + "; ".join(" = ".join(g) for g in groups)] if groups else []
    _note(ax, notes)
    rows = [[name, fraction_str(g), fraction_str(y), float(y)] for name, ys in series for g, y in zip(gs, ys)]
    _set_data(fig, {"kind": "power", "title": title, "env": env.name, "columns": ["state", "gamma", "POWER",
                                                                                 "POWER (float)"],
                    "rows": rows, "notes": notes})
    return fig


#: :func:`fractions_figure`'s largest m (lines) and n (points a line): 20 × 200 points take about 13 s, and a figure
#: with more lines or points is no longer readable (the audit's ``--max-n 100000000`` took 4 GB in 15 s).
FRACTIONS_MAX_M = 20
FRACTIONS_MAX_N = 200


@_styled
def fractions_figure(*, max_m: int = 4, max_n: int = 12, title: str | None = None, ax: Any = None) -> Any:
    """m ways to die vs n ways to live: the exact generic fraction against the proved and n/(n+1) bounds.

    For one-hot outcomes and a generic reward the exact fraction of the orbit where "live"
    wins is n/(n+m); the proved copies bound is k/(k+1) with k = ⌊n/m⌋ (PR Cor. D.12). One
    line of exact values per m, with the proved bound dashed; lines that coincide (for m = 1
    all three) are drawn with distinct dash patterns and named in the legend and the note.

    Parameters
    ----------
    max_m : int, keyword-only
        The largest number m of ways to die (lines m = 1..max_m).
    max_n : int, keyword-only
        The largest number n of ways to live (points n = 1..max_n).
    title : str, keyword-only, optional
        The title (default: made from the inputs; ``""`` for none, when a caption says it).
    ax : matplotlib Axes, keyword-only, optional
        Draw into it instead of a new figure.

    Returns
    -------
    matplotlib.figure.Figure

    References
    ----------
    PR Lemma D.3, Cor. D.12, Conjecture D.13; the post.

    Raises
    ------
    InvalidArgument
        When ``max_m`` or ``max_n`` is not positive, or above :data:`FRACTIONS_MAX_M` or :data:`FRACTIONS_MAX_N`.

    Examples
    --------
    The post's candy example is m = 1 (candy) against n = 2 (chocolate, hug): 2/3.

    >>> fig = fractions_figure(max_m=1, max_n=2)
    >>> exact = fig.axes[0].lines[0]
    >>> exact.get_label(), [f"{float(y):.4f}" for y in exact.get_ydata()]
    ('m=1 exact (= m=1 proved, n/(n+1))', ['0.5000', '0.6667'])
    """
    from symorbit.orbits.counting import orbit_counts

    if max_m < 1 or max_n < 1:
        raise InvalidArgument("max_m and max_n must be positive")
    if max_m > FRACTIONS_MAX_M or max_n > FRACTIONS_MAX_N:     # each point counts one-hot sets of m + n coordinates
        raise InvalidArgument(f"max_m={max_m}, max_n={max_n}: the figure draws at most {FRACTIONS_MAX_M} lines of "
                              f"{FRACTIONS_MAX_N} points (about 13 s); for larger m or n count the one instance with "
                              "orbit_counts (one-hot sets take the walk at any d)")
    own = ax is None
    fig = _figure(6.4, 3.8) if ax is None else ax.figure
    ax = fig.add_subplot() if ax is None else ax
    ns = list(range(1, max_n + 1))
    series: list[tuple[str, list[Fraction]]] = []
    for m in range(1, max_m + 1):
        exact = []
        for n in ns:
            d = m + n
            A = [tuple(int(i == j) for i in range(d)) for j in range(m)]
            B = [tuple(int(i == j) for i in range(d)) for j in range(m, d)]
            exact.append(orbit_counts(A, B, tuple(range(d))).strict_fraction)
        series.append((f"m={m} exact", exact))
        series.append((f"m={m} proved", [Fraction(n // m, n // m + 1) for n in ns]))
    series.append(("n/(n+1)", [Fraction(n, n + 1) for n in ns]))
    # colours by m: exact dark, the proved bound of the same m light and dashed; n/(n+1) black
    groups, handles = _draw_lines(ax, ns, series)
    for k, line in enumerate(handles):
        if k == len(series) - 1:
            line.set_color("k")
            line.set_markeredgecolor("k")
        elif k % 2 == 0:
            line.set_color(_PAIRED[(k // 2) % len(_PAIRED)][0])
        else:
            line.set_color(_PAIRED[(k // 2) % len(_PAIRED)][1])
            line.set_marker("")
            if line.get_linestyle() == "-":
                line.set_linestyle((0, (5, 2)))                       # a proved bound alone: dashed
    ax.set_xlabel("n (ways to live)")
    ax.set_ylabel("fraction of the orbit: live strictly better")
    title = "m ways to die vs n ways to live (one-hot, generic reward)" if title is None else title
    ax.set_title(title)
    ax.set_xticks(ns if max_n <= 20 else ns[::max(1, max_n // 10)])
    _legend(ax, own, handles, loc="outside right upper", title="exact n/(n+m); proved ⌊n/m⌋/(⌊n/m⌋+1)",
               title_fontsize=7.5)
    notes = ["equal for every n: " + "; ".join(" = ".join(g) for g in groups)] if groups else []
    _note(ax, notes)
    rows = [[label, n, fraction_str(y), float(y)] for label, ys in series for n, y in zip(ns, ys)]
    _set_data(fig, {"kind": "fractions", "title": title, "columns": ["series", "n", "fraction", "fraction (float)"],
                    "rows": rows, "notes": notes})
    return fig


def _grid_map(grid: str | Path) -> tuple[dict[str, tuple[int, int]], set[tuple[int, int]]]:
    """The open cells (name -> (row, column), named as ``read_grid_text`` names them) and the walls of
    an ASCII gridworld map, given as a path or as the map's text."""
    text = str(grid)
    if "\n" not in text and text.endswith(".grid"):
        try:
            text = Path(text).read_text(encoding="utf-8")
        except OSError as exc:
            raise InvalidArgument(f"grid map {str(grid)!r}: cannot read it ({exc.strerror})") from None
    rows = [line.rstrip() for line in text.strip("\n").splitlines()]
    while rows and not rows[0].strip():
        rows.pop(0)
    cells, walls = {}, set()
    for r, line in enumerate(rows):
        for c, ch in enumerate(line):
            if ch == "#":
                walls.add((r, c))
            elif ch != " ":
                cells[f"r{r}c{c}" if ch == "." else ch] = (r, c)
    return cells, walls


@_styled
def mdp_figure(env: MDP, *, state: Any = None, compare: Sequence[str] = (), grid: str | Path | None = None,
               title: str | None = None, ax: Any = None) -> Any:
    """The MDP drawn: states, actions as arrows (labelled when stochastic), the start state and the
    compared first actions highlighted; a gridworld is drawn as its grid.

    Parameters
    ----------
    env : MDP
    state : the state whose options are compared (drawn with a thick border)
    compare : first actions of ``state`` to highlight (in the colours named in the legend)
    grid : str or Path, keyword-only, optional
        The ``.grid`` map ``env`` was read from (a path, or the map's text): the figure then
        draws the grid, walls dark, each open cell with its name, and the compared moves
        as arrows between cells.
    title : str, keyword-only, optional
        The title (default: made from the inputs; ``""`` for none, when a caption says it).
    ax : matplotlib Axes, keyword-only, optional
        Draw into it instead of a new figure.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    InvalidArgument
        When ``grid`` is not the map of ``env`` (its open cells are not the states).

    Examples
    --------
    The post's candy environment, candy against waiting:

    >>> from symorbit.mdp.library import candy
    >>> fig = mdp_figure(candy(), state="start", compare=["candy", "wait"])
    >>> fig.axes[0].get_title()
    'candy: from start'
    >>> [t.get_text() for t in fig.legends[0].get_texts()]
    ['first action candy', 'first action wait']

    References
    ----------
    OPTS Def. 3.1 (the MDP), Def. 3.4 (F(s | π(s) = a), the compared first actions); the post.
    """
    check_mdp(env, "mdp_figure")
    start = env.states[env.index(state)] if state is not None else None
    compare = list(compare)
    for a in compare:
        if start is None:
            raise InvalidArgument("compare needs the state whose first actions are compared")
        if a not in env.actions(start):
            raise InvalidArgument(f"compare: {a!r} is not an action of {start!r}: {', '.join(env.actions(start))}")
    if grid is not None:
        return _grid_figure(env, *_grid_map(grid), start, compare, title, ax)
    import networkx as nx
    from matplotlib.lines import Line2D

    own = ax is None
    fig = _figure(6.4, 4.4) if ax is None else ax.figure
    ax = fig.add_subplot() if ax is None else ax
    ax.grid(False)
    g = nx.DiGraph()
    g.add_nodes_from(env.states)
    labels: dict[tuple[str, str], str] = {}
    for s, row in zip(env.states, env.transitions):
        for a, dist in row:
            for t, p in dist:
                g.add_edge(s, t)
                if not env.is_deterministic:
                    labels[(s, t)] = (labels.get((s, t), "") + f"\n{a}: {fraction_str(p)}").strip()
    try:
        pos = nx.kamada_kawai_layout(g) if len(g) > 2 else nx.circular_layout(g)
    except ImportError:  # pragma: no cover - scipy missing: fall back to a layout without it
        pos = nx.circular_layout(g)
    highlight: dict[tuple[Any, str], str] = {}
    for i, a in enumerate(compare):
        for t in env.transition(start, a):
            highlight[(start, t)] = _COLORS[i % len(_COLORS)]
    edge_colors = [highlight.get(e, "0.55") for e in g.edges]
    widths = [2.5 if e in highlight else 1.0 for e in g.edges]
    size = max(len(str(n)) for n in g.nodes)
    node_size = 900 if size <= 6 else 1300
    nx.draw_networkx_nodes(g, pos, ax=ax, node_color=["#ffe9a8" if n == start else "#e8eef7" for n in g.nodes],
                           edgecolors=["k" if n == start else "0.4" for n in g.nodes],
                           linewidths=[2.5 if n == start else 1 for n in g.nodes], node_size=node_size)
    nx.draw_networkx_labels(g, pos, ax=ax, font_size=8 if size <= 6 else 7, font_family="DejaVu Sans")
    nx.draw_networkx_edges(g, pos, ax=ax, edge_color=edge_colors, width=widths, arrows=True, arrowsize=14,
                           node_size=node_size, connectionstyle="arc3,rad=0.12")
    if labels:
        nx.draw_networkx_edge_labels(g, pos, edge_labels=labels, ax=ax, font_size=7, font_family="DejaVu Sans",
                                     connectionstyle="arc3,rad=0.12", node_size=node_size,
                                     bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"})
    title = env.name + (f": from {start}" if start is not None else "") if title is None else title
    ax.set_title(title)
    ax.set_axis_off()
    if compare:
        _legend(ax, own, [Line2D([], [], color=_COLORS[i % len(_COLORS)], linewidth=2.5) for i in range(len(compare))],
                   [f"first action {a}" for a in compare], loc="outside lower center", ncols=min(4, len(compare)))
    edges = [[s, t] for s, t in g.edges]
    _set_data(fig, {"kind": "mdp", "title": title, "env": env.name, "state": start, "compare": compare,
                    "columns": ["from", "to", "x_from", "y_from", "x_to", "y_to"],
                    "rows": [[s, t, float(pos[s][0]), float(pos[s][1]), float(pos[t][0]), float(pos[t][1])]
                             for s, t in edges], "notes": []})
    return fig


def _grid_figure(env: MDP, cells: dict[str, tuple[int, int]], walls: set[tuple[int, int]], start: Any,
                 compare: Sequence[str], title_arg: str | None, ax: Any) -> Any:
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch, Rectangle

    if set(cells) != set(env.states):
        missing = sorted(set(env.states) - set(cells))[:3] or sorted(set(cells) - set(env.states))[:3]
        raise InvalidArgument(f"the grid map is not the map of {env.name!r}: its cells and the states differ "
                              f"(e.g. {', '.join(missing)})")
    n_rows = 1 + max(r for r, _ in [*cells.values(), *walls])
    n_cols = 1 + max(c for _, c in [*cells.values(), *walls])
    own = ax is None
    fig = _figure(min(8.0, 0.8 + 0.5 * n_cols), min(8.0, 1.3 + 0.5 * n_rows)) if ax is None else ax.figure
    ax = fig.add_subplot() if ax is None else ax
    ax.grid(False)
    open_at = {rc: s for s, rc in cells.items()}
    for (r, c) in sorted(walls):
        ax.add_patch(Rectangle((c - 0.5, r - 0.5), 1, 1, facecolor="0.3", edgecolor="0.3", linewidth=0.6))
    for (r, c), s in sorted(open_at.items()):
        ax.add_patch(Rectangle((c - 0.5, r - 0.5), 1, 1, facecolor="#ffe9a8" if s == start else "white",
                               edgecolor="0.7", linewidth=0.6))
        named = not re.fullmatch(r"r\d+c\d+", s)
        ax.text(c, r, s, ha="center", va="center", fontsize=10 if named else 6,
                fontweight="bold" if named else "normal", color="0.1" if named else "0.5")
    if start is not None:
        r, c = cells[start]
        ax.add_patch(Rectangle((c - 0.5, r - 0.5), 1, 1, fill=False, edgecolor="k", linewidth=2.2))
    for i, a in enumerate(compare):
        color = _COLORS[i % len(_COLORS)]
        for t in env.transition(start, a):
            (r0, c0), (r1, c1) = cells[start], cells[t]
            if (r0, c0) == (r1, c1):
                ax.add_patch(FancyArrowPatch((c0 - 0.2, r0 + 0.28), (c0 + 0.2, r0 + 0.28), connectionstyle="arc3,rad=-1.4",
                                             arrowstyle="-|>", mutation_scale=10, color=color, linewidth=1.8))
            else:
                ax.add_patch(FancyArrowPatch((c0, r0), (c1, r1), arrowstyle="-|>", mutation_scale=14, color=color,
                                             linewidth=2.2, shrinkA=9, shrinkB=9))
    ax.set_xlim(-0.55, n_cols - 0.45)
    ax.set_ylim(n_rows - 0.45, -0.55)
    ax.set_aspect("equal")
    ax.set_axis_off()
    stays = all(s in env.actions(s) for s in env.states)
    title = (f"{env.name}: {len(cells)} cells" + (f", from {start}" if start is not None else "")
             if title_arg is None else title_arg)
    ax.set_title(title)
    handles = [Line2D([], [], color=_COLORS[i % len(_COLORS)], linewidth=2.2) for i in range(len(compare))]
    if handles:
        _legend(ax, own, handles, [f"first action {a}" for a in compare], loc="outside lower center",
                   ncols=min(3, len(compare)))
    note = "moves: up, down, left, right to an open cell" + ("; every cell may also stay" if stays else "")
    _note(ax, [note], below=4)
    for _ in range(2):            # settle the layout (fixed aspect): the first draws move the axes by a pixel
        fig.draw_without_rendering()
    _set_data(fig, {"kind": "mdp", "title": title, "env": env.name, "state": start, "compare": list(compare),
                    "columns": ["cell", "row", "column"], "rows": [[s, r, c] for s, (r, c) in cells.items()],
                    "notes": [note]})
    return fig


# ------------------------------------------------------------------ files
def save(fig: Any, path: str | Path) -> Path:
    """Write ``fig`` to ``path``; the suffix picks the format.

    ``.png``, ``.pdf`` and ``.svg`` write the image (PNG at 200 dpi; no dates or random ids,
    so a figure saves to the same bytes every time); ``.json`` writes :func:`figure_data`
    and ``.csv`` its ``columns`` and ``rows`` (exact values as ``p/q``).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    path : str or Path

    Returns
    -------
    Path

    Raises
    ------
    InvalidArgument
        For another suffix, or data asked of a figure not made here.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> fig = fractions_figure(max_m=1, max_n=2)
    >>> p = save(fig, pathlib.Path(tempfile.mkdtemp()) / "fractions.csv")
    >>> print(p.read_text().splitlines()[1])
    m=1 exact,1,1/2,0.5
    """
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in FORMATS + DATA_FORMATS:
        raise InvalidArgument(f"figure path {str(p)!r}: the suffix must be one of {', '.join(FORMATS + DATA_FORMATS)}")
    if suffix == ".json":
        p.write_text(json.dumps(figure_data(fig), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    elif suffix == ".csv":
        data = figure_data(fig)
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(data["columns"])
        writer.writerows(data["rows"])
        p.write_text(buf.getvalue(), encoding="utf-8")
    else:
        import matplotlib

        with matplotlib.rc_context(cast(Any, STYLE)):
            fig.savefig(p, metadata=_METADATA[suffix])
    return p
