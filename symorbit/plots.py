"""Figures of exact results: counts against γ, POWER against γ, m-vs-n fractions, the MDP itself.

Every function computes exactly (fractions, algebraic breakpoints) and only converts to
floats to draw. Each returns a ``matplotlib.figure.Figure`` (shown inline in a notebook;
:func:`save` writes PNG, PDF or SVG). matplotlib is imported only here, when a figure is
made; without it :class:`~symorbit.errors.MissingExtra` names the extra ``[plots]``.

Examples
--------
>>> from symorbit.mdp.library import candy
>>> fig = counts_over_gamma_figure(candy(), "start", ["candy"], ["wait"], (0, 2, 3, 3, 3))
>>> [t.get_text().strip() for t in fig.axes[0].texts]    # the breakpoint, labelled exactly
['γ = 2/3']
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

from symorbit.errors import InvalidArgument, MissingExtra
from symorbit.exact.numbers import check_gamma, fraction_str
from symorbit.mdp.environment import MDP

__all__ = ["counts_over_gamma_figure", "fractions_figure", "mdp_figure", "power_figure", "save"]

FORMATS = (".png", ".pdf", ".svg")


def _figure(width: float = 6.4, height: float = 3.8) -> Any:
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise MissingExtra("figures need matplotlib: pip install 'symorbit[plots]'") from None
    return Figure(figsize=(width, height), layout="constrained")


def _label(x: Any) -> str:
    return fraction_str(Fraction(int(x.p), int(x.q))) if getattr(x, "is_Rational", False) else str(x)


def counts_over_gamma_figure(env: MDP, state: Any, a_actions: Sequence[str], b_actions: Sequence[str],
                             reward: Sequence[Any], *, relative_to: Any = None, names: tuple[str, str] = ("A", "B"),
                             ax: Any = None, max_polynomials: int | None = None) -> Any:
    """Orbit fractions of "B strictly better", "A strictly better" and ties as step functions of γ.

    The counts are piecewise constant in γ (:func:`symorbit.counts_over_gamma`); each exact
    breakpoint is drawn as a dotted line labelled with its value (a rational, or an algebraic
    number printed by sympy).

    Parameters
    ----------
    env, state : MDP and a state of it
    a_actions, b_actions : first actions giving A = F(s | a) and B = F(s | b)
    reward : the reward whose orbit is counted
    relative_to : None or "all", keyword-only
        As in :func:`~symorbit.orbits.discount.counts_over_gamma`: ``"all"`` compares optimality
        relative to all of F(s) (the optimality fractions) instead of raw maxima.
    names : (str, str)
        Legend names for A and B.
    ax : matplotlib Axes, optional
        Draw into it instead of a new figure.
    max_polynomials : int or None, keyword-only
        As in :func:`~symorbit.orbits.discount.counts_over_gamma` (None: its default).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    The post's candy environment: candy now (A) against waiting for chocolate or a hug (B).

    >>> from symorbit.mdp.library import candy
    >>> fig = counts_over_gamma_figure(candy(), "start", ["candy"], ["wait"], (0, 2, 3, 3, 3),
    ...                                names=("candy", "wait"))
    >>> [t.get_text().strip() for t in fig.axes[0].texts]
    ['γ = 2/3']

    References
    ----------
    PR Def. 3.2 (orbit fractions); OPTS Def. 4.1 (γ → 1); SPEC P6.
    """
    from symorbit.orbits.discount import counts_over_gamma

    limit = {} if max_polynomials is None else {"max_polynomials": max_polynomials}
    res = counts_over_gamma(env, state, a_actions, b_actions, reward, relative_to=relative_to, **limit)
    fig = _figure() if ax is None else ax.figure
    ax = fig.add_subplot() if ax is None else ax
    total = sum(res.pieces[0].counts)
    series = ((0, f"{names[1]} strictly better", "C0", "-", 3.0), (1, f"{names[0]} strictly better", "C3", "--", 1.8),
              (2, "ties", "C7", ":", 1.8))
    for i, label, color, style, width in series:
        xs, ys = [], []
        for p in res.pieces:
            xs += [float(p.low), float(p.high)]
            ys += [p.counts[i] / total] * 2
        ax.plot(xs, ys, color=color, label=label, linestyle=style, linewidth=width)
    for b in res.breakpoints:
        x = float(b)
        ax.axvline(x, color="k", linestyle=":", linewidth=1)
        ax.text(x, 0.98, f" γ = {_label(b)}", ha="left", va="top", fontsize=8, transform=ax.get_xaxis_transform(),
                bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 1})
    ax.set_xlim(0, 1)
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlabel("discount γ")
    ax.set_ylabel("fraction of the orbit")
    ax.set_title(f"{env.name}, s = {state}: orbit of r = ({', '.join(fraction_str(Fraction(x)) for x in reward)})"
                 + (" (optimality relative to F(s))" if relative_to == "all" else ""), fontsize=9)
    ax.legend(fontsize=8, loc="best")
    return fig


def power_figure(env: MDP, states: Sequence[Any], *, gammas: Sequence[Any] | None = None,
                 distribution: Any = None, ax: Any = None) -> Any:
    """POWER_D(s, γ) against γ for each state, computed exactly at rational γ (OPTS Def. 5.2).

    Parameters
    ----------
    env : MDP
    states : the states to draw
    gammas : rational discounts (default 1/20, 2/20, ..., 19/20)
    distribution : IID_UNIFORM (default) or a FiniteDistribution
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
    >>> fig = power_figure(candy(), ["start", "wait"], gammas=["1/4", "1/2", "3/4"])
    >>> [line.get_label() for line in fig.axes[0].lines], [float(x) for x in fig.axes[0].lines[0].get_xdata()]
    (['start', 'wait'], [0.25, 0.5, 0.75])

    References
    ----------
    OPTS Def. 5.2, Fig. 3.
    """
    from symorbit.orbits.power import IID_UNIFORM, power

    gs = [check_gamma(g) for g in (gammas if gammas is not None else [Fraction(k, 20) for k in range(1, 20)])]
    if not gs:
        raise InvalidArgument("gammas must not be empty")
    dist = IID_UNIFORM if distribution is None else distribution
    fig = _figure() if ax is None else ax.figure
    ax = fig.add_subplot() if ax is None else ax
    for s in states:
        ax.plot([float(g) for g in gs], [float(power(env, s, g, distribution=dist)) for g in gs], marker="o", markersize=3,
                label=str(s))
    ax.set_xlabel("discount γ")
    ax.set_ylabel("POWER(s, γ)")
    ax.set_title(f"{env.name}: POWER, exact at each marked γ", fontsize=9)
    ax.legend(fontsize=8)
    return fig


def fractions_figure(*, max_m: int = 4, max_n: int = 12, ax: Any = None) -> Any:
    """m ways to die vs n ways to live: the exact generic fraction against n/(n+1)-style and n/(n+m) bounds.

    For one-hot outcomes and a generic reward the exact fraction of the orbit where "live"
    wins is n/(n+m); the proved copies bound is k/(k+1) with k = ⌊n/m⌋ (PR Cor. D.12). One
    line of exact values per m, with the proved bound dashed.

    Parameters
    ----------
    max_m : int, keyword-only
        The largest number m of ways to die (lines m = 1..max_m).
    max_n : int, keyword-only
        The largest number n of ways to live (points n = 1..max_n).
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
        When ``max_m`` or ``max_n`` is not positive.

    Examples
    --------
    The post's candy example is m = 1 (candy) against n = 2 (chocolate, hug): 2/3.

    >>> fig = fractions_figure(max_m=1, max_n=2)
    >>> exact = fig.axes[0].lines[0]
    >>> exact.get_label(), [f"{float(y):.4f}" for y in exact.get_ydata()]
    ('m = 1: exact', ['0.5000', '0.6667'])
    """
    from symorbit.orbits.counting import orbit_counts

    if max_m < 1 or max_n < 1:
        raise InvalidArgument("max_m and max_n must be positive")
    fig = _figure() if ax is None else ax.figure
    ax = fig.add_subplot() if ax is None else ax
    ns = list(range(1, max_n + 1))
    for m in range(1, max_m + 1):
        exact = []
        for n in ns:
            d = m + n
            A = [tuple(int(i == j) for i in range(d)) for j in range(m)]
            B = [tuple(int(i == j) for i in range(d)) for j in range(m, d)]
            exact.append(orbit_counts(A, B, tuple(range(d))).strict_fraction)
        color = f"C{m - 1}"
        ax.plot(ns, [float(x) for x in exact], marker="o", color=color, label=f"m = {m}: exact")
        ax.plot(ns, [float(Fraction(n // m, n // m + 1)) for n in ns], linestyle="--", color=color, alpha=0.7,
                label=f"m = {m}: proved ⌊n/m⌋/(⌊n/m⌋+1)")
    ax.plot(ns, [float(Fraction(n, n + 1)) for n in ns], linestyle=":", color="k", label="n/(n+1)")
    ax.set_xlabel("n (ways to live)")
    ax.set_ylabel("fraction of the orbit: live strictly better")
    ax.set_title("m vs n one-hot outcomes (generic reward): exact = n/(n+m)", fontsize=9)
    ax.legend(fontsize=7, ncol=2)
    return fig


def mdp_figure(env: MDP, *, state: Any = None, compare: Sequence[str] = (), ax: Any = None) -> Any:
    """The MDP drawn: states, actions as arrows (labelled when stochastic), the start state and the
    compared first actions highlighted.

    Parameters
    ----------
    env : MDP
    state : the state whose options are compared (drawn with a thick border)
    compare : first actions of ``state`` to highlight (the first in red, the second in blue)
    ax : matplotlib Axes, keyword-only, optional
        Draw into it instead of a new figure.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    The post's candy environment, candy against waiting:

    >>> from symorbit.mdp.library import candy
    >>> fig = mdp_figure(candy(), state="start", compare=["candy", "wait"])
    >>> fig.axes[0].get_title()
    'candy: from start; compared: candy (red), wait (blue)'

    References
    ----------
    OPTS Def. 3.1 (the MDP), Def. 3.4 (F(s | π(s) = a), the compared first actions); the post.
    """
    import networkx as nx

    fig = _figure(6.4, 4.4) if ax is None else ax.figure
    ax = fig.add_subplot() if ax is None else ax
    g = nx.DiGraph()
    g.add_nodes_from(env.states)
    labels: dict[tuple[str, str], str] = {}
    for s, row in zip(env.states, env.transitions):
        for a, dist in row:
            for t, p in dist:
                g.add_edge(s, t)
                if not env.is_deterministic:
                    labels[(s, t)] = (labels.get((s, t), "") + f"\n{a}: {fraction_str(p)}").strip()
    start = env.states[env.index(state)] if state is not None else None
    try:
        pos = nx.kamada_kawai_layout(g) if len(g) > 2 else nx.circular_layout(g)
    except ImportError:  # pragma: no cover - scipy missing: fall back to a layout without it
        pos = nx.circular_layout(g)
    colors = ["C3", "C0", "C2", "C1"]
    highlight = {}
    for i, a in enumerate(compare):
        for t in env.transition(start, a):
            highlight[(start, t)] = colors[i % len(colors)]
    edge_colors = [highlight.get(e, "0.55") for e in g.edges]
    widths = [2.5 if e in highlight else 1.0 for e in g.edges]
    nx.draw_networkx_nodes(g, pos, ax=ax, node_color=["#ffe9a8" if n == start else "#e8eef7" for n in g.nodes],
                           edgecolors=["k" if n == start else "0.4" for n in g.nodes],
                           linewidths=[2.5 if n == start else 1 for n in g.nodes], node_size=900)
    nx.draw_networkx_labels(g, pos, ax=ax, font_size=8)
    nx.draw_networkx_edges(g, pos, ax=ax, edge_color=edge_colors, width=widths, arrows=True, arrowsize=14,
                           node_size=900, connectionstyle="arc3,rad=0.12")
    if labels:
        nx.draw_networkx_edge_labels(g, pos, edge_labels=labels, ax=ax, font_size=7)
    title = env.name + (f": from {start}" if start is not None else "")
    if compare:
        title += "; compared: " + ", ".join(f"{a} ({c})" for a, c in zip(compare, ["red", "blue", "green", "orange"]))
    ax.set_title(title, fontsize=9)
    ax.set_axis_off()
    return fig


def save(fig: Any, path: str | Path) -> Path:
    """Write ``fig`` to ``path``; the suffix (``.png``, ``.pdf``, ``.svg``) picks the format.

    Raises
    ------
    InvalidArgument
        For another suffix.
    """
    p = Path(path)
    if p.suffix.lower() not in FORMATS:
        raise InvalidArgument(f"figure path {str(p)!r}: the suffix must be one of {', '.join(FORMATS)}")
    fig.savefig(p, dpi=150 if p.suffix.lower() == ".png" else None)
    return p
