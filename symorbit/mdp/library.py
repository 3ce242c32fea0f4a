"""Built-in environments: the post's examples, OPTS Figure 1, and a stochastic one.

Each is available by name on the CLI (``symorbit visits candy --state start``);
:func:`load_environment` resolves a name or a file path.

Examples
--------
>>> sorted(BUILTIN)
['candy', 'coin', 'die-live', 'opts-figure-1']
>>> load_environment("die-live:2:3").states[:3]
('start', 'dying', 'living')
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from symorbit.errors import InvalidArgument
from symorbit.exact.limits import check_limit, refuse_above
from symorbit.mdp.environment import MDP

__all__ = ["candy", "die_live", "opts_figure1", "coin", "BUILTIN", "load_environment", "MAX_STATES"]

#: The most states a built-in family (``die-live:M:N``) is built with unless raised explicitly.
MAX_STATES = 20_000


def candy() -> MDP:
    """The post's candy / chocolate / hug environment.

    From ``start`` the agent either takes ``candy`` (a terminal state) or waits
    (``wait``), after which it chooses ``chocolate`` or ``hug`` (both terminal).
    States, in vector order: start, candy, wait, chocolate, hug.

    Returns
    -------
    MDP
        Deterministic, five states.

    Examples
    --------
    >>> candy().actions("wait")
    ('chocolate', 'hug')

    References
    ----------
    The post ("Why this is true"); docs/theory.md#candy.
    """
    return MDP.deterministic(
        {"start": ["candy", "wait"], "candy": [], "wait": ["chocolate", "hug"], "chocolate": [], "hug": []},
        name="candy",
    )


def die_live(m: int, n: int, *, max_states: int = MAX_STATES) -> MDP:
    """The "m ways to die, n ways to live" family.

    ``start`` has two actions: ``dying`` leads to a hub from which the agent picks
    one of m terminal death states ``die1..diem``; ``living`` leads to a hub with n
    terminal states ``live1..liven``. The recurrent state distributions from
    ``start`` are one-hot: m against n (PR Cor. D.12's setting).

    Parameters
    ----------
    m : int
        Ways to die (≥ 1).
    n : int
        Ways to live (≥ 1).
    max_states : int, keyword-only
        Refuse (:class:`~symorbit.errors.TooLarge`) above this many states (m + n + 3)
        before building anything; :data:`MAX_STATES` by default.

    Returns
    -------
    MDP
        Deterministic, 3 + m + n states, named ``die-live:m:n``.

    Raises
    ------
    InvalidArgument
        When m or n is not a positive integer.
    TooLarge
        When m + n + 3 exceeds ``max_states``.

    Examples
    --------
    >>> die_live(1, 2).states
    ('start', 'dying', 'living', 'die1', 'live1', 'live2')
    >>> die_live(2, 51).n_states          # the post's "2 vs 51" example (docs/theory.md#two-vs-51)
    56

    References
    ----------
    The post ("2 vs 51"); PR Cor. D.12, Conj. D.13; docs/theory.md#two-vs-51.
    """
    for name, value in (("m", m), ("n", n)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise InvalidArgument(f"{name}={value!r} must be a positive integer")
    check_limit(max_states, name="max_states")
    refuse_above(m + n + 3, max_states, what=f"die-live:{m}:{n} has {m + n + 3} states",
                 shrink="use smaller M and N", raise_with="max_states=... (CLI: --max-states)")
    deaths = [f"die{i}" for i in range(1, m + 1)]
    lives = [f"live{i}" for i in range(1, n + 1)]
    adj: dict[str, list[str]] = {"start": ["dying", "living"], "dying": deaths, "living": lives}
    adj.update({s: [] for s in deaths + lives})
    return MDP.deterministic(adj, name=f"die-live:{m}:{n}")


def opts_figure1() -> MDP:
    """The running example of OPTS (Figure 1), as reconstructed in docs/theory.md#opts-theorems.

    From ``star``: ``up`` reaches the terminal state ``empty`` (∅); ``left`` reaches
    ``l_mid`` (ℓ◁) and then ``l_down`` (ℓ↙) or ``l_up`` (ℓ↖); ``l_down`` is a
    1-cycle that can alternate with ``l_up``, and ``l_up`` only leads back to
    ``l_down``; ``right`` reaches ``r_mid`` (r▷), then ``r_down`` (r↘) or ``r_up``
    (r↗), both 1-cycles that reach each other. Actions are named after the state
    they lead to. Eight states, so rewards live in Q^8 and S_8 acts.

    This is the better reconstruction (docs/theory.md#opts-theorems), with the edge ℓ◁ → ℓ↖ (as in
    POWERplay's ``mdps/mdp_from_paper.gv``): the involution ℓ◁↔r▷, ℓ↙↔r↘,
    ℓ↖↔r↗ maps every left edge onto a right edge, and the right side has one
    edge more (the self-loop at r↗).

    Returns
    -------
    MDP
        Deterministic, eight states.

    Examples
    --------
    >>> opts_figure1().n_states
    8
    >>> opts_figure1().actions("l_mid")
    ('l_down', 'l_up')

    References
    ----------
    OPTS Fig. 1; docs/theory.md#opts-theorems (reconstruction from the text, with the edge ℓ◁ → ℓ↖).
    """
    return MDP.deterministic(
        {
            "star": ["empty", "l_mid", "r_mid"],
            "empty": [],
            "l_mid": ["l_down", "l_up"],
            "l_down": ["l_down", "l_up"],
            "l_up": ["l_down"],
            "r_mid": ["r_down", "r_up"],
            "r_down": ["r_down", "r_up"],
            "r_up": ["r_up", "r_down"],
        },
        name="opts-figure-1",
    )


def coin() -> MDP:
    """A stochastic example: a safe terminal state against a fair coin flip.

    From ``start``: ``safe`` reaches the terminal state ``safe``; ``flip`` reaches
    ``heads`` or ``tails`` with probability 1/2 each. From ``heads`` the agent can
    pick ``gold`` or ``silver`` (terminal); ``tails`` is terminal.

    Returns
    -------
    MDP
        Stochastic, six states.

    Examples
    --------
    >>> coin().transition("start", "flip")
    {'heads': Fraction(1, 2), 'tails': Fraction(1, 2)}

    References
    ----------
    OPTS Def. 3.1 (T : S × A → Δ(S)), Def. 3.3 (visit distributions of stochastic MDPs).
    """
    return MDP.stochastic(
        {
            "start": {"safe": {"safe": 1}, "flip": {"heads": "1/2", "tails": "1/2"}},
            "safe": {},
            "heads": {"gold": {"gold": 1}, "silver": {"silver": 1}},
            "tails": {},
            "gold": {},
            "silver": {},
        },
        name="coin",
    )


BUILTIN: dict[str, Callable[..., MDP]] = {
    "candy": candy,
    "die-live": die_live,
    "opts-figure-1": opts_figure1,
    "coin": coin,
}


def load_environment(spec: str, *, max_states: int = MAX_STATES) -> MDP:
    """Resolve a built-in name (``candy``, ``die-live:M:N``, ...) or a ``.toml``/``.json``/``.gv``/``.grid`` path.

    Parameters
    ----------
    spec : str
        A name of :data:`BUILTIN` (``die-live`` takes ``:M:N``), or the path of an
        environment file ending in ``.toml``, ``.json``, ``.gv`` or ``.grid``.
    max_states : int, keyword-only
        Refuse built-ins with more states (:class:`~symorbit.errors.TooLarge`).

    Returns
    -------
    MDP

    Raises
    ------
    InvalidArgument
        For an unknown name or bad parameters; :class:`~symorbit.errors.InvalidEnvironment`
        for a bad file.
    TooLarge
        For a built-in over ``max_states``.

    Examples
    --------
    The post's candy environment and its "2 ways to die, 51 to live" example (docs/theory.md#two-vs-51):

    >>> load_environment("candy").states
    ('start', 'candy', 'wait', 'chocolate', 'hug')
    >>> load_environment("die-live:2:51").n_states
    56
    >>> load_environment("die-live:1000000:1000000")
    Traceback (most recent call last):
    ...
    symorbit.errors.TooLarge: die-live:1000000:1000000 has 2000003 states: about 2.00e+06, over the limit 20000; use smaller M and N, or raise the limit with max_states=... (CLI: --max-states)
    >>> load_environment("die-live:2")
    Traceback (most recent call last):
    ...
    symorbit.errors.InvalidArgument: environment 'die-live:2': write die-live:M:N with positive integers M and N, e.g. die-live:2:51

    References
    ----------
    The post ("Why this is true"; "2 vs 51"); docs/theory.md#two-vs-51, docs/theory.md#candy; OPTS Fig. 1.
    """
    if not isinstance(spec, str):
        raise InvalidArgument(f"environment={spec!r} must be a name or a path (a string)")
    check_limit(max_states, name="max_states")      # -1 was accepted and read as a limit
    name, _, args = spec.partition(":")
    if name in BUILTIN:
        if name == "die-live":
            parts = args.split(":")
            if len(parts) != 2 or not all(p.isdecimal() and len(p) <= 18 for p in parts):
                raise InvalidArgument(f"environment {spec[:60]!r}: write die-live:M:N with positive integers M "
                                      "and N, e.g. die-live:2:51")
            return die_live(int(parts[0]), int(parts[1]), max_states=max_states)
        if args:
            raise InvalidArgument(f"environment {spec[:60]!r}: {name} takes no parameters")
        return BUILTIN[name]()
    path = Path(spec)
    if path.suffix.lower() in (".toml", ".json", ".gv", ".dot", ".grid"):
        return MDP.from_file(path)
    raise InvalidArgument(
        f"environment {spec[:60]!r} is neither a built-in ({', '.join(sorted(BUILTIN))}) nor a .toml/.json/.gv/.grid file"
    )
