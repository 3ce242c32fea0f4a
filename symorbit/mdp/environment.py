"""Finite MDPs with exact rational transitions (OPTS Def. 3.1).

An :class:`MDP` is a rewardless MDP ⟨S, A, T⟩. The discount is not part of it:
it is given per question. A *terminal* state (OPTS Def. 3.2) is a state whose
every action loops to itself; it keeps collecting its own reward forever.

Examples
--------
>>> env = MDP.deterministic({"start": ["candy", "wait"], "candy": [],
...                          "wait": ["chocolate", "hug"], "chocolate": [], "hug": []})
>>> env.states
('start', 'candy', 'wait', 'chocolate', 'hug')
>>> env.actions("start"), env.is_terminal("candy")
(('candy', 'wait'), True)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

from symorbit.errors import InvalidArgument, InvalidEnvironment
from symorbit.exact.documents import load_document
from symorbit.exact.numbers import fraction_str, to_fraction

__all__ = ["MDP", "TERMINAL_ACTION", "check_mdp"]

#: Name of the single self-loop action given to a terminal state.
TERMINAL_ACTION = "stay"

Transition = tuple[tuple[str, Fraction], ...]
_ONE = Fraction(1)


def _state_name(s: Any, where: str) -> str:
    if isinstance(s, str):
        if not s:
            raise InvalidEnvironment(f"{where}: state names must be non-empty strings")
        return s
    if isinstance(s, (int,)) and not isinstance(s, bool):
        return str(s)
    text = repr(s)
    raise InvalidEnvironment(f"{where}: state {text if len(text) <= 60 else text[:40] + '...'} "
                             "must be a string or an integer")


def _unique(names: dict[str, Any], raw: Any, name: str, where: str) -> None:
    """Refuse a state given twice as a key (also as ``1`` and ``"1"``)."""
    if name in names:
        _same_spelling(names, raw, name, where)
        raise InvalidEnvironment(f"{where}: state {name!r} is given twice; give each state once")
    names[name] = raw


def _same_spelling(spellings: dict[str, Any], raw: Any, name: str, where: str) -> None:
    """Refuse ``1`` and ``"1"`` for one state anywhere in an MDP: they must not merge silently."""
    first = spellings.setdefault(name, raw)
    if type(first) is not type(raw):
        raise InvalidEnvironment(f"{where}: {first!r} and {raw!r} would name the same state {name!r}; "
                                 "spell every state name one way (as a string)")


#: Readers of other file formats by suffix (``.gv``, ``.dot``, ``.grid``: registered by
#: :mod:`symorbit.mdp.formats`, which :mod:`symorbit.mdp` loads); TOML and JSON are read here.
FILE_READERS: dict[str, Callable[[Any], "MDP"]] = {}


def register_reader(suffixes: tuple[str, ...], reader: Callable[[Any], "MDP"]) -> None:
    """Let :meth:`MDP.from_file` read files with these suffixes through ``reader(path)``.

    Parameters
    ----------
    suffixes : tuple of str
        Lower-case suffixes with their dot, e.g. ``(".gv", ".dot")``.
    reader : callable
        ``path -> MDP``, raising :class:`~symorbit.errors.InvalidEnvironment` on bad input.

    Examples
    --------
    >>> sorted(FILE_READERS)
    ['.dot', '.grid', '.gv']
    """
    for suffix in suffixes:
        FILE_READERS[suffix] = reader


@dataclass(frozen=True, slots=True)
class MDP:
    """A finite rewardless MDP with exact rational transition probabilities.

    Build one with :meth:`deterministic`, :meth:`stochastic`, :meth:`from_networkx`
    or :meth:`from_file`; the constructor itself takes the canonical form.

    Parameters
    ----------
    states : tuple of str
        The states, in the order that indexes every vector (visit distributions, rewards).
    transitions : tuple
        For each state (same order), a tuple of ``(action, ((next, prob), ...))``.
    name : str
        A label for tables and error messages.

    Raises
    ------
    InvalidEnvironment
        When the canonical form is malformed (unknown next states, rows that do not
        sum to 1, non-positive probabilities, repeated states or actions).

    Examples
    --------
    The post's candy environment: candy now, or wait for chocolate or a hug.

    >>> env = MDP.deterministic({"start": ["candy", "wait"], "candy": [],
    ...                          "wait": ["chocolate", "hug"], "chocolate": [], "hug": []})
    >>> env
    MDP(name='mdp', deterministic, states=5)
    >>> MDP(env.states, env.transitions, "candy") == MDP.deterministic(env.to_dict()["deterministic"], name="candy")
    True

    References
    ----------
    OPTS Def. 3.1 (rewardless MDP), Def. 3.2 (terminal state).
    """

    states: tuple[str, ...]
    transitions: tuple[tuple[tuple[str, Transition], ...], ...]
    name: str = "mdp"
    _index: dict = field(init=False, repr=False, compare=False, hash=False)
    #: What is worked out from the environment alone and asked for again, by the function that works it out (the
    #: visit distributions of :func:`~symorbit.mdp.visits.visit_distributions`): not part of its value, so it is
    #: never compared, hashed, printed, copied or pickled.
    _memo: dict = field(init=False, repr=False, compare=False, hash=False)

    # ------------------------------------------------------------------ build
    @classmethod
    def deterministic(cls, adjacency: Mapping[Any, Iterable[Any]], *, name: str = "mdp") -> "MDP":
        """A deterministic MDP from an adjacency mapping ``{state: [next states]}``.

        Each action is named after the state it leads to; an empty list makes the
        state terminal (one action, :data:`TERMINAL_ACTION`, that loops to itself).

        Parameters
        ----------
        adjacency : mapping
            ``{state: [next states]}``; states are strings (integers are turned into strings).
        name : str, keyword-only
            A label for tables and error messages.

        Returns
        -------
        MDP

        Raises
        ------
        InvalidEnvironment
            On an empty mapping, an unknown next state, or a repeated successor.

        Examples
        --------
        The post's candy environment:

        >>> env = MDP.deterministic({"start": ["candy", "wait"], "candy": [],
        ...                          "wait": ["chocolate", "hug"], "chocolate": [], "hug": []})
        >>> env.actions("wait"), env.transition("hug", "stay")
        (('chocolate', 'hug'), {'hug': Fraction(1, 1)})

        References
        ----------
        OPTS Def. 3.1, Def. 3.2 (terminal states loop to themselves).
        """
        if not isinstance(adjacency, Mapping):
            raise InvalidEnvironment(f"adjacency={adjacency!r} must be a mapping {{state: [next states]}}")
        spec: dict[str, dict[str, dict[str, Fraction]]] = {}
        names: dict[str, Any] = {}
        spellings: dict[str, Any] = {}
        for raw, succ in adjacency.items():
            s = _state_name(raw, "adjacency")
            _unique(names, raw, s, "adjacency")
            _same_spelling(spellings, raw, s, "adjacency")
            if isinstance(succ, (str, bytes, Mapping)) or not isinstance(succ, Iterable):
                raise InvalidEnvironment(f"state {s!r}: successors must be a list of states, got {succ!r}")
            acts: dict[str, dict[str, Fraction]] = {}
            for t in succ:
                tn = _state_name(t, f"state {s!r}")
                _same_spelling(spellings, t, tn, f"state {s!r}")
                if tn in acts:
                    raise InvalidEnvironment(f"state {s!r}: successor {tn!r} is listed twice")
                acts[tn] = {tn: _ONE}
            spec[s] = acts
        return cls._build(spec, name=name)

    @classmethod
    def stochastic(cls, spec: Mapping[Any, Mapping[str, Mapping[Any, Any]]], *, name: str = "mdp") -> "MDP":
        """An MDP from ``{state: {action: {next: prob}}}`` with exact probabilities.

        Probabilities are integers, ``Fraction`` or ``"p/q"`` strings; floats are refused.
        A state with no actions is terminal.

        Parameters
        ----------
        spec : mapping
            ``{state: {action: {next: prob}}}``.
        name : str, keyword-only
            A label for tables and error messages.

        Returns
        -------
        MDP

        Raises
        ------
        InvalidEnvironment
            On negative probabilities, rows that do not sum to 1, unknown next states.
        NotExact
            On a float probability.

        Examples
        --------
        The post's candy environment, with a waiting step that reaches chocolate or a hug at random:

        >>> env = MDP.stochastic({"start": {"candy": {"candy": 1}, "wait": {"chocolate": "1/2", "hug": "1/2"}},
        ...                       "candy": {}, "chocolate": {}, "hug": {}})
        >>> env.transition("start", "wait")
        {'chocolate': Fraction(1, 2), 'hug': Fraction(1, 2)}
        >>> env = MDP.stochastic({"s": {"go": {"s": "1/2", "t": "1/2"}}, "t": {}})
        >>> env.transition("s", "go")
        {'s': Fraction(1, 2), 't': Fraction(1, 2)}
        >>> MDP.stochastic({"s": {"go": {"s": 0.5, "t": "1/2"}}, "t": {}})
        Traceback (most recent call last):
        ...
        symorbit.errors.NotExact: T(s, go)[s]=0.5 is a float, which is not exact; write it as "1/2" or Fraction(1, 2)

        References
        ----------
        OPTS Def. 3.1 (T : S×A → Δ(S)), Def. 3.2.
        """
        if not isinstance(spec, Mapping):
            raise InvalidEnvironment(f"spec must be a mapping {{state: {{action: {{next: prob}}}}}}, got {spec!r}")
        out: dict[str, dict[str, dict[str, Fraction]]] = {}
        names: dict[str, Any] = {}
        spellings: dict[str, Any] = {}
        for raw, acts in spec.items():
            s = _state_name(raw, "spec")
            _unique(names, raw, s, "spec")
            _same_spelling(spellings, raw, s, "spec")
            if not isinstance(acts, Mapping):
                raise InvalidEnvironment(f"state {s!r}: actions must be a mapping {{action: {{next: prob}}}}")
            row: dict[str, dict[str, Fraction]] = {}
            for a, dist in acts.items():
                if not isinstance(a, (str, int)) or isinstance(a, bool):
                    raise InvalidEnvironment(f"state {s!r}: action {a!r} must be a string")
                if str(a) in row:
                    raise InvalidEnvironment(f"state {s!r}: action {str(a)!r} is given twice")
                a = str(a)
                if not isinstance(dist, Mapping):
                    raise InvalidEnvironment(f"T({s}, {a}) must be a mapping {{next: prob}}, got {type(dist).__name__}")
                succ_names: dict[str, Any] = {}
                probs: dict[str, Fraction] = {}
                for t, p in dist.items():
                    tn = _state_name(t, f"T({s}, {a})")
                    _unique(succ_names, t, tn, f"T({s}, {a})")
                    _same_spelling(spellings, t, tn, f"T({s}, {a})")
                    probs[tn] = to_fraction(p, name=f"T({s}, {a})[{tn}]")
                row[a] = probs
            out[s] = row
        return cls._build(out, name=name)

    @classmethod
    def from_networkx(cls, graph: Any, *, name: str | None = None) -> "MDP":
        """An MDP from a ``networkx.DiGraph``.

        Without edge data the graph is read as a deterministic adjacency (a node
        without out-edges is terminal). An edge may carry ``probs={action: prob}``:
        then every edge out of that node must, and the MDP is stochastic.

        Parameters
        ----------
        graph : networkx.DiGraph
            The graph; nodes are states.
        name : str, keyword-only, optional
            A label; by default the graph's ``name`` attribute, else ``"mdp"``.

        Returns
        -------
        MDP

        Raises
        ------
        InvalidEnvironment
            If ``graph`` is not a DiGraph, or only some edges out of a node carry ``probs``.

        Examples
        --------
        The post's candy environment:

        >>> import networkx as nx
        >>> g = nx.DiGraph([("start", "candy"), ("start", "wait"), ("wait", "chocolate"), ("wait", "hug")])
        >>> env = MDP.from_networkx(g)
        >>> env.actions("start"), env.is_terminal("hug")
        (('candy', 'wait'), True)

        References
        ----------
        OPTS Def. 3.1.
        """
        import networkx as nx

        if not isinstance(graph, nx.DiGraph) or graph.is_multigraph():
            raise InvalidEnvironment(f"graph must be a networkx.DiGraph, got {type(graph).__name__}")
        label = name or str(graph.graph.get("name") or "mdp")
        if not any("probs" in d for _, _, d in graph.edges(data=True)):
            return cls.deterministic({u: list(graph.successors(u)) for u in graph.nodes}, name=label)
        spec: dict[Any, dict[str, dict[Any, Any]]] = {}
        for u in graph.nodes:
            acts: dict[str, dict[Any, Any]] = {}
            for _, v, data in graph.out_edges(u, data=True):
                if "probs" not in data:
                    raise InvalidEnvironment(f"edge ({u}, {v}) has no probs={{action: prob}} but other edges do")
                if not isinstance(data["probs"], Mapping):     # "1/2" raised a ValueError, None a TypeError
                    raise InvalidEnvironment(f"edge ({u}, {v}): probs={data['probs']!r:.60} must be a mapping "
                                             "{action: probability}, such as {'a': '1/2'}")
                for a, p in data["probs"].items():
                    acts.setdefault(str(a), {})[v] = p
            spec[u] = acts
        return cls.stochastic(spec, name=label)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, name: str | None = None, where: str = "input") -> "MDP":
        """An MDP from the file format (docs/guide.md#environments): ``{"deterministic": ...}`` or ``{"stochastic": ...}``.

        Parameters
        ----------
        data : mapping
            The parsed document: exactly one of ``deterministic`` or ``stochastic``, and
            optionally ``name`` and ``states`` (the order of the coordinates).
        name : str, keyword-only, optional
            A label that overrides ``data["name"]``.
        where : str, keyword-only
            Where the data came from (a file name), put in front of error messages.

        Returns
        -------
        MDP

        Raises
        ------
        InvalidEnvironment
            (or another :class:`InvalidArgument`, such as NotExact) on a malformed document,
            with ``where`` in front of the message.

        Examples
        --------
        The post's candy environment, with the coordinates in a chosen order:

        >>> env = MDP.from_dict({"name": "candy", "states": ["start", "wait", "candy", "chocolate", "hug"],
        ...                      "deterministic": {"start": ["candy", "wait"], "candy": [],
        ...                                        "wait": ["chocolate", "hug"], "chocolate": [], "hug": []}})
        >>> env.name, env.states
        ('candy', ('start', 'wait', 'candy', 'chocolate', 'hug'))

        References
        ----------
        OPTS Def. 3.1; docs/guide.md#environments (environment file format).
        """
        if not isinstance(data, Mapping):
            raise InvalidEnvironment(f"{where}: the top level must be a table/object")
        kinds = [k for k in ("deterministic", "stochastic") if k in data]
        if len(kinds) != 1:
            raise InvalidEnvironment(
                f"{where}: expected exactly one of the keys 'deterministic' or 'stochastic', found {sorted(data)}"
            )
        unknown = sorted(str(k) for k in data if k not in ("name", "states", "deterministic", "stochastic"))
        if unknown:
            raise InvalidEnvironment(f"{where}: unknown key {unknown[0][:60]!r}; an environment has only name, states "
                                     "and one of deterministic or stochastic")
        label = name or data.get("name", Path(where).stem if where != "input" else "mdp")
        if not isinstance(label, str) or not label or len(label) > 200:
            raise InvalidEnvironment(f"{where}: name must be a non-empty string (at most 200 characters)")
        body = data[kinds[0]]
        if not isinstance(body, Mapping):
            raise InvalidEnvironment(f"{where}: {kinds[0]} must be a table/object of states, "
                                     f"not {type(body).__name__}")
        try:
            env = cls.deterministic(body, name=label) if kinds[0] == "deterministic" else cls.stochastic(body, name=label)
        except InvalidArgument as exc:
            raise type(exc)(f"{where}: {exc}") from None
        if "states" in data:
            if not isinstance(data["states"], (list, tuple)):
                raise InvalidEnvironment(f"{where}: states must be a list of state names, "
                                         f"not {type(data['states']).__name__}")
            env = env.reordered(data["states"])
        return env

    @classmethod
    def from_file(cls, path: str | Path) -> "MDP":
        """Read an MDP from a ``.toml`` or ``.json`` file (format: docs/guide.md#environments), a POWERplay
        Graphviz file (``.gv``/``.dot``) or an ASCII gridworld map (``.grid``); see
        :mod:`symorbit.mdp.formats`.

        Parameters
        ----------
        path : str or Path
            The file; its suffix picks the format.

        Returns
        -------
        MDP

        Raises
        ------
        InvalidEnvironment
            If the file is missing, malformed, or describes an invalid MDP; the
            message names the file and the place.

        Examples
        --------
        The post's candy environment, written and read back:

        >>> import json, pathlib, tempfile
        >>> env = MDP.deterministic({"start": ["candy", "wait"], "candy": [],
        ...                          "wait": ["chocolate", "hug"], "chocolate": [], "hug": []}, name="candy")
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "candy.json"
        >>> _ = path.write_text(json.dumps(env.to_dict()))
        >>> MDP.from_file(path) == env
        True

        References
        ----------
        OPTS Def. 3.1; docs/guide.md#environments (environment file format).
        """
        if not isinstance(path, (str, Path)):
            raise InvalidEnvironment(f"path={path!r} must be a file name (a string or Path)")
        suffix = Path(path).suffix.lower()
        reader = FILE_READERS.get(suffix)
        if reader is not None:
            return reader(path)
        if suffix not in (".toml", ".json"):     # it said "use .toml or .json", leaving out the other formats
            raise InvalidEnvironment(f"{path}: unknown file type {suffix!r}; an environment file is .toml, .json, "
                                     f"{', '.join(sorted(FILE_READERS))}")
        data = load_document(path, error=InvalidEnvironment, what="environment file")
        return cls.from_dict(data, where=str(Path(path)))

    @classmethod
    def _build(cls, spec: Mapping[str, Mapping[str, Mapping[str, Fraction]]], *, name: str) -> "MDP":
        if not spec:
            raise InvalidEnvironment("the MDP has no states; give at least one")
        states = tuple(spec)
        known = set(states)
        rows: list[tuple[tuple[str, tuple[tuple[str, Fraction], ...]], ...]] = []
        for s in states:
            acts = spec[s]
            if not acts:
                rows.append(((TERMINAL_ACTION, ((s, Fraction(1)),)),))
                continue
            row: list[tuple[str, tuple[tuple[str, Fraction], ...]]] = []
            for a, dist in acts.items():
                if len(dist) == 1:
                    ((t, p),) = dist.items()
                    if t in known and p is _ONE:  # the common case: a point mass from the builders
                        row.append((a, ((t, p),)))
                        continue
                if not dist:
                    raise InvalidEnvironment(f"T({s}, {a}) is empty; give at least one next state")
                for t, p in dist.items():
                    if t not in known:
                        raise InvalidEnvironment(
                            f"T({s}, {a}) leads to unknown state {t!r}; known states: {', '.join(states)}"
                        )
                    if p < 0:
                        raise InvalidEnvironment(f"T({s}, {a})[{t}]={p} is negative")
                total = next(iter(dist.values())) if len(dist) == 1 else sum(dist.values(), Fraction(0))
                if total != 1:
                    raise InvalidEnvironment(f"probabilities of T({s}, {a}) sum to {total}, not 1")
                row.append((a, tuple((t, p) for t, p in dist.items() if p != 0)))
            rows.append(tuple(row))
        return cls(states, tuple(rows), name)

    # ------------------------------------------------------------------ read
    def __post_init__(self) -> None:
        """Validate the canonical form, so ``MDP(...)`` called directly is as safe as the builders."""
        states, transitions = self.states, self.transitions
        if not isinstance(states, tuple) or not states:
            raise InvalidEnvironment("states must be a non-empty tuple of state names")
        if not isinstance(self.name, str):
            raise InvalidEnvironment(f"name={self.name!r} must be a string")
        index: dict[str, int] = {}
        for i, s in enumerate(states):
            if not isinstance(s, str) or not s:
                raise InvalidEnvironment(f"states[{i}]={s!r} must be a non-empty string")
            if s in index:
                raise InvalidEnvironment(f"state {s!r} is listed twice in states")
            index[s] = i
        if not isinstance(transitions, tuple) or len(transitions) != len(states):
            raise InvalidEnvironment(f"transitions must be a tuple with one row per state ({len(states)})")
        rows = []
        for s, row in zip(states, transitions):
            if not isinstance(row, tuple) or not row:
                raise InvalidEnvironment(f"state {s!r}: its row must be a non-empty tuple of (action, transition)")
            seen_actions: set[str] = set()
            new_row = []
            for entry in row:
                if not (isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[0], str)
                        and isinstance(entry[1], tuple) and entry[1]):
                    raise InvalidEnvironment(f"state {s!r}: each action must be (name, ((next, prob), ...))")
                a, dist = entry
                if a in seen_actions:
                    raise InvalidEnvironment(f"state {s!r}: action {a!r} is given twice")
                seen_actions.add(a)
                if len(dist) == 1 and isinstance(dist[0], tuple) and len(dist[0]) == 2 \
                        and dist[0][0] in index and (dist[0][1] is _ONE or
                                                     (type(dist[0][1]) is Fraction and dist[0][1] == 1)):
                    new_row.append(entry)  # the common case: a point mass, already canonical
                    continue
                total, new_dist, targets = Fraction(0), [], set()
                for pair in dist:
                    if not (isinstance(pair, tuple) and len(pair) == 2):
                        raise InvalidEnvironment(f"T({s}, {a}): each outcome must be a pair (next, prob)")
                    t, p = pair
                    if t not in index:
                        raise InvalidEnvironment(f"T({s}, {a}) leads to unknown state {t!r}")
                    if t in targets:
                        raise InvalidEnvironment(f"T({s}, {a}) lists {t!r} twice")
                    targets.add(t)
                    p = to_fraction(p, name=f"T({s}, {a})[{t}]")
                    if p <= 0:
                        raise InvalidEnvironment(f"T({s}, {a})[{t}]={p} must be positive (leave zeros out)")
                    total += p
                    new_dist.append((t, p))
                if total != 1:
                    raise InvalidEnvironment(f"probabilities of T({s}, {a}) sum to {total}, not 1")
                new_row.append((a, tuple(new_dist)))
            rows.append(tuple(new_row))
        object.__setattr__(self, "transitions", tuple(rows))
        object.__setattr__(self, "_index", index)
        object.__setattr__(self, "_memo", {})

    def __getstate__(self) -> tuple[Any, ...]:
        """The environment's value for pickle and copy: its states, transitions and name (not what is kept)."""
        return self.states, self.transitions, self.name

    def __setstate__(self, state: Any) -> None:
        # (a list of every field's value, with the index, from pickles made before the memo)
        states, transitions, name = state[:3]
        for key, value in (("states", states), ("transitions", transitions), ("name", name),
                           ("_index", {s: i for i, s in enumerate(states)}), ("_memo", {})):
            object.__setattr__(self, key, value)

    def __repr__(self) -> str:
        kind = "deterministic" if self.is_deterministic else "stochastic"
        return f"MDP(name={self.name!r}, {kind}, states={len(self.states)})"

    @property
    def n_states(self) -> int:
        """The number of states d (the dimension of every vector)."""
        return len(self.states)

    def index(self, state: Any) -> int:
        """The coordinate of ``state``; raises :class:`InvalidArgument` for an unknown state.

        Parameters
        ----------
        state : str or int
            A state name (an integer is read as its string).

        Returns
        -------
        int
            Its position in :attr:`states`, the coordinate in every vector.

        Raises
        ------
        InvalidArgument
            If ``state`` is not a state of this MDP.

        Examples
        --------
        >>> env = MDP.deterministic({"start": ["candy", "wait"], "candy": [],
        ...                          "wait": ["chocolate", "hug"], "chocolate": [], "hug": []})
        >>> env.index("hug")
        4

        References
        ----------
        OPTS Def. 3.2 (e_s, the standard basis vector of s).
        """
        key = state if isinstance(state, str) else str(state)
        try:
            return self._index[key]  # type: ignore[attr-defined]
        except KeyError:
            raise InvalidArgument(
                f"state={state!r} is not a state of {self.name}; states: {', '.join(self.states)}"
            ) from None

    def actions(self, state: Any) -> tuple[str, ...]:
        """The actions available in ``state``, in the order given.

        Parameters
        ----------
        state : str or int
            A state of this MDP.

        Returns
        -------
        tuple of str
            The action names (:data:`TERMINAL_ACTION` alone for a terminal state).

        Examples
        --------
        >>> env = MDP.deterministic({"start": ["candy", "wait"], "candy": [],
        ...                          "wait": ["chocolate", "hug"], "chocolate": [], "hug": []})
        >>> env.actions("start"), env.actions("candy")
        (('candy', 'wait'), ('stay',))

        References
        ----------
        OPTS Def. 3.1 (the action set A).
        """
        return tuple(a for a, _ in self.transitions[self.index(state)])

    def transition(self, state: Any, action: str) -> dict[str, Fraction]:
        """T(state, action) as ``{next: prob}`` (a fresh dict).

        Parameters
        ----------
        state : str or int
            A state of this MDP.
        action : str
            One of :meth:`actions` of ``state``.

        Returns
        -------
        dict of str to Fraction
            The next states with positive probability.

        Raises
        ------
        InvalidArgument
            If ``action`` is not available in ``state`` (or ``state`` is unknown).

        Examples
        --------
        >>> env = MDP.deterministic({"start": ["candy", "wait"], "candy": [],
        ...                          "wait": ["chocolate", "hug"], "chocolate": [], "hug": []})
        >>> env.transition("start", "wait")
        {'wait': Fraction(1, 1)}

        References
        ----------
        OPTS Def. 3.1 (T : S×A → Δ(S)).
        """
        for a, dist in self.transitions[self.index(state)]:
            if a == action:
                return dict(dist)
        raise InvalidArgument(
            f"action={action!r} is not available in state {state!r}; available: {', '.join(self.actions(state))}"
        )

    @property
    def is_deterministic(self) -> bool:
        """True when every T(s, a) is a point mass."""
        return all(len(dist) == 1 for row in self.transitions for _, dist in row)

    def is_terminal(self, state: Any) -> bool:
        """OPTS Def. 3.2: every action of ``state`` loops to itself.

        Parameters
        ----------
        state : str or int
            A state of this MDP.

        Returns
        -------
        bool

        Examples
        --------
        >>> env = MDP.deterministic({"start": ["candy", "wait"], "candy": [],
        ...                          "wait": ["chocolate", "hug"], "chocolate": [], "hug": []})
        >>> env.is_terminal("candy"), env.is_terminal("wait")
        (True, False)

        References
        ----------
        OPTS Def. 3.2 (terminal state).
        """
        s = self.states[self.index(state)]
        return all(dist == ((s, Fraction(1)),) for _, dist in self.transitions[self.index(state)])

    def reachable(self, state: Any, *, action: str | None = None) -> frozenset[str]:
        """Reach(s) (or Reach(s, a), OPTS Def. 6.8): states reachable with positive probability.

        With ``action`` the start is the support of T(state, action) and ``state``
        itself is included only if it is reached again.

        Parameters
        ----------
        state : str or int
            The start state.
        action : str, keyword-only, optional
            An action of ``state``; None gives Reach(s), which includes ``state``.

        Returns
        -------
        frozenset of str

        Examples
        --------
        >>> env = MDP.deterministic({"start": ["candy", "wait"], "candy": [],
        ...                          "wait": ["chocolate", "hug"], "chocolate": [], "hug": []})
        >>> sorted(env.reachable("start", action="wait"))
        ['chocolate', 'hug', 'wait']

        References
        ----------
        OPTS Def. 6.8 (Reach(s, a)).
        """
        if action is None:
            frontier = [self.states[self.index(state)]]
        else:
            frontier = list(self.transition(state, action))
        seen = set(frontier)
        while frontier:
            s = frontier.pop()
            for _, dist in self.transitions[self.index(s)]:
                for t, _p in dist:
                    if t not in seen:
                        seen.add(t)
                        frontier.append(t)
        return frozenset(seen)

    def reordered(self, states: Iterable[Any]) -> "MDP":
        """The same MDP with its states listed in a different order.

        Parameters
        ----------
        states : iterable of str
            Every state exactly once, in the new order.

        Returns
        -------
        MDP

        Raises
        ------
        InvalidEnvironment
            If ``states`` is not a list naming every state exactly once.

        Examples
        --------
        >>> env = MDP.deterministic({"start": ["candy", "wait"], "candy": [],
        ...                          "wait": ["chocolate", "hug"], "chocolate": [], "hug": []})
        >>> env.reordered(["hug", "chocolate", "wait", "candy", "start"]).index("hug")
        0

        References
        ----------
        OPTS Def. 3.2 (the coordinates e_s); docs/theory.md#orbits (permutations act on coordinates).
        """
        if isinstance(states, (str, bytes)) or not isinstance(states, Iterable):
            raise InvalidEnvironment(f"states must be a list of state names, not {type(states).__name__}")
        order = [_state_name(s, "states") for s in states]
        if sorted(order) != sorted(self.states):
            raise InvalidEnvironment(
                f"states={order} must list each state of {self.name} exactly once: {', '.join(self.states)}"
            )
        rows = {s: self.transitions[self.index(s)] for s in order}
        return MDP(tuple(order), tuple(rows[s] for s in order), self.name)

    def to_dict(self) -> dict[str, Any]:
        """The file format of this MDP (probabilities as ``"p/q"`` strings).

        Deterministic MDPs whose actions are named after their successors are written
        as an adjacency; every other MDP in the stochastic form.

        Returns
        -------
        dict
            ``{"name", "states", "deterministic" or "stochastic"}``, readable by :meth:`from_dict`.

        Examples
        --------
        >>> MDP.from_dict(MDP.deterministic({"a": ["b"], "b": []}).to_dict()).states
        ('a', 'b')
        >>> MDP.deterministic({"start": ["candy", "wait"], "candy": [], "wait": ["chocolate", "hug"],
        ...                    "chocolate": [], "hug": []}, name="candy").to_dict()["deterministic"]["wait"]
        ['chocolate', 'hug']

        References
        ----------
        OPTS Def. 3.1; docs/guide.md#environments (environment file format).
        """
        body: dict[str, Any]
        if all(
            self.is_terminal(s) or a == dist[0][0]
            for s, row in zip(self.states, self.transitions)
            for a, dist in row
        ) and self.is_deterministic:
            body = {
                s: [] if self.is_terminal(s) else [a for a, _ in row]
                for s, row in zip(self.states, self.transitions)
            }
            kind = "deterministic"
        else:
            body = {
                s: {a: {t: fraction_str(p) for t, p in dist} for a, dist in row}
                for s, row in zip(self.states, self.transitions)
            }
            kind = "stochastic"
        return {"name": self.name, "states": list(self.states), kind: body}


def check_mdp(env: Any, where: str) -> MDP:
    """``env`` if it is an :class:`MDP`, else a refusal naming ``where`` (None raised an AttributeError inside).

    >>> check_mdp(None, "visit_distributions")
    Traceback (most recent call last):
    ...
    symorbit.errors.InvalidArgument: visit_distributions: env=None must be an MDP (MDP.from_dict, MDP.from_networkx, MDP.from_file or load_environment make one)
    """
    if not isinstance(env, MDP):
        raise InvalidArgument(f"{where}: env={env!r:.60} must be an MDP (MDP.from_dict, MDP.from_networkx, "
                              "MDP.from_file or load_environment make one)")
    return env
