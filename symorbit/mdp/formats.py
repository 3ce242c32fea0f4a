"""Environments from and to other tools: POWERplay's Graphviz (.gv), ASCII gridworlds, networkx.

POWERplay (Gladstone AI) writes its MDPs as Graphviz digraphs in two forms:

* a *deterministic state graph*: one node per state and an edge ``s -> t`` for each
  successor (a terminal state has the edge ``s -> s``), e.g. its ``mdps/mdp_from_paper.gv``;
* a *stochastic action-node form*: state nodes ``"[s]"``, action nodes ``"[a]__[s]"``
  (edge ``"[s]" -> "[a]__[s]"``) and outcome nodes ``"[t]__[a]__[s]"`` with an edge from the
  action node carrying ``weight="p"``, the probability of reaching state ``[t]``.

Weights are read exactly: ``"1/3"`` as a fraction and a decimal such as ``"0.2"`` as the
exact decimal 1/5 (POWERplay writes decimals). Each row must then sum to exactly 1, so a
rounded ``0.3333333333333333`` is refused with the exact spelling to use instead.

Gridworld maps are ASCII text (``.grid``): ``#`` is a wall, ``.`` an open cell named
``r{row}c{col}``, and any other letter or digit an open cell named by that character.
From each open cell the agent may move to each open neighbour (up, down, left, right)
or stay; actions are named after the cell they lead to (deterministic MDP).

Examples
--------
>>> env = read_gv_text('digraph "tiny" { "a" -> "b"; "a" -> "c"; "b" -> "b"; "c" -> "c"; }')
>>> env.states, env.actions("a"), env.is_terminal("b")
(('a', 'b', 'c'), ('b', 'c'), True)
>>> read_gv_text(write_gv(env)).to_dict() == env.to_dict()
True
>>> grid = read_grid_text('''
... #####
... #S.G#
... #####''')
>>> grid.states, grid.actions("S")
(('S', 'r1c2', 'G'), ('S', 'r1c2'))
"""

from __future__ import annotations

import itertools
import re
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path
from typing import Any

from symorbit.errors import InvalidEnvironment, NotExact
from symorbit.exact.numbers import fraction_str
from symorbit.mdp.environment import MDP, check_mdp, register_reader

__all__ = ["read_grid", "read_grid_text", "read_gv", "read_gv_text", "to_networkx", "write_gv"]

_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|->|--|[{}\[\];,=]|[^\s{}\[\];,="]+')


def _strip_comments(text: str) -> str:
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.DOTALL)
    return "\n".join(re.sub(r"(^|\s)//.*$", "", line) for line in text.splitlines() if not line.lstrip().startswith("#"))


def _name(tok: str, where: str) -> str:
    """``tok`` where a node name must stand, else InvalidEnvironment (``a -> ;`` has no head)."""
    if tok in ("->", "--", "[", "]", "=", ";", ",", "{", "}"):
        raise InvalidEnvironment(f"{where}: expected a node name, found {tok!r}")
    return tok


def _unquote(tok: str) -> str:
    return tok[1:-1].replace('\\"', '"') if tok.startswith('"') else tok


def _tokens(text: str, where: str) -> list[str]:
    """DOT's tokens; anything between them but white space (an unclosed quote) is refused, not skipped."""
    toks, at = [], 0
    for m in _TOKEN.finditer(text):
        if text[at:m.start()].strip():
            raise InvalidEnvironment(f"{where}: unexpected {text[at:m.start()].strip()[:20]!r} (an unclosed quote?)")
        toks.append(m.group())
        at = m.end()
    if text[at:].strip():
        raise InvalidEnvironment(f"{where}: unexpected {text[at:].strip()[:20]!r} (an unclosed quote?)")
    return toks


def _parse_dot(text: str, where: str) -> tuple[str, list[str], list[tuple[str, str, dict[str, str]]]]:
    """The subset of DOT that POWERplay writes: node and edge statements, attribute lists, graph attributes."""
    toks = _tokens(_strip_comments(text), where)
    i = 0
    while i < len(toks) and toks[i].lower() in ("strict", "digraph"):
        i += 1
    if i == 0 or toks[i - 1].lower() != "digraph":
        raise InvalidEnvironment(f"{where}: expected a Graphviz 'digraph {{ ... }}'")
    name = ""
    if i < len(toks) and toks[i] != "{":
        name, i = _unquote(toks[i]), i + 1
    if i >= len(toks) or toks[i] != "{" or toks[-1] != "}":
        raise InvalidEnvironment(f"{where}: expected '{{' after digraph and a closing '}}'")
    body = toks[i + 1:-1]
    nodes: list[str] = []
    seen: set[str] = set()
    edges: list[tuple[str, str, dict[str, str]]] = []

    def node(n: str) -> str:
        if n not in seen:
            seen.add(n)
            nodes.append(n)
        return n

    j = 0
    while j < len(body):
        if body[j] in (";", ","):
            j += 1
            continue
        if body[j] in ("{", "}") or body[j].lower() in ("subgraph",):
            raise InvalidEnvironment(f"{where}: subgraphs are not supported; list nodes and edges at the top level")
        if body[j].lower() in ("graph", "node", "edge") and j + 1 < len(body) and body[j + 1] == "[":
            j = body.index("]", j) + 1                      # default attributes: ignored
            continue
        if j + 1 < len(body) and body[j + 1] == "=":       # a graph attribute: rankdir=LR
            j += 3
            continue
        chain = [_unquote(_name(body[j], where))]
        j += 1
        while j < len(body) and body[j] == "->":
            chain.append(_unquote(_name(body[j + 1] if j + 1 < len(body) else "}", where)))
            j += 2
        if j < len(body) and body[j] == "--":
            raise InvalidEnvironment(f"{where}: undirected edges (--) are not an MDP; use a digraph with ->")
        attrs: dict[str, str] = {}
        if j < len(body) and body[j] == "[":
            end = body.index("]", j)
            k = j + 1
            while k < end:
                if body[k] in (",", ";"):
                    k += 1
                    continue
                if k + 2 <= end and body[k + 1] == "=":
                    attrs[_unquote(body[k])] = _unquote(body[k + 2])
                    k += 3
                else:
                    k += 1
            j = end + 1
        for n in chain:
            node(n)
        for u, v in itertools.pairwise(chain):
            edges.append((u, v, attrs))
    return name, nodes, edges


def _weight(text: str, where: str) -> Fraction:
    try:
        if "/" in text:
            return Fraction(text.strip())
        return Fraction(Decimal(text.strip()))
    except (ValueError, InvalidOperation, ZeroDivisionError):
        raise InvalidEnvironment(f"{where}: weight={text!r} is not a probability") from None


def read_gv_text(text: str, *, name: str | None = None, where: str = "graphviz input") -> MDP:
    """An MDP from POWERplay Graphviz text (either form; see the module notes).

    Parameters
    ----------
    text : str
        The ``digraph`` source.
    name : str, optional
        The MDP's name (default: the graph's name, else ``where``'s stem).
    where : str
        Named in error messages.

    Returns
    -------
    MDP

    Raises
    ------
    InvalidEnvironment
        On text that is not a digraph of either form, an outcome node that names no state,
        or an action whose weights do not sum to 1.
    NotExact
        When the weights sum to 1 only approximately (rounded decimals); the message gives the
        exact spelling.

    Examples
    --------
    >>> env = read_gv_text('''digraph { "[1]" -> "[H]__[1]"; "[1]" -> "[R]__[1]";
    ...   "[H]__[1]" -> "[1]__[H]__[1]" [weight="1.0"];
    ...   "[R]__[1]" -> "[1]__[R]__[1]" [weight="1/4"]; "[R]__[1]" -> "[2]__[R]__[1]" [weight="0.75"];
    ...   "[2]" -> "[H]__[2]"; "[H]__[2]" -> "[2]__[H]__[2]" [weight="1"]; }''')
    >>> env.states, env.transition("[1]", "R")
    (('[1]', '[2]'), {'[1]': Fraction(1, 4), '[2]': Fraction(3, 4)})

    References
    ----------
    POWERplay (github.com/gladstoneai/POWERplay), ``mdps/*.gv``.
    """
    gname, nodes, edges = _parse_dot(text, where)
    label = name or gname or (Path(where).stem if where != "graphviz input" else "mdp")
    stochastic = any("__" in n for n in nodes) or any("weight" in a for _, _, a in edges)
    if not stochastic:
        adj: dict[str, list[str]] = {n: [] for n in nodes}
        for u, v, _ in edges:
            if v in adj[u]:
                raise InvalidEnvironment(f"{where}: the edge {u} -> {v} is listed twice")
            adj[u].append(v)
        return MDP.deterministic(adj, name=label)
    states = [n for n in nodes if "__" not in n]
    known = set(states)
    spec: dict[str, dict[str, dict[str, Fraction]]] = {s: {} for s in states}
    owner: dict[str, tuple[str, str]] = {}
    for u, v, _ in edges:
        if u in known:
            parts = v.split("__")
            if len(parts) != 2 or parts[1] != u:
                raise InvalidEnvironment(f"{where}: edge {u} -> {v}: an action node of {u} is written \"[a]__{u}\"")
            act = parts[0][1:-1] if parts[0].startswith("[") and parts[0].endswith("]") else parts[0]
            spec[u][act] = {}
            owner[v] = (u, act)
    for u, v, attrs in edges:
        if u in known:
            continue
        if u not in owner:
            raise InvalidEnvironment(f"{where}: edge {u} -> {v} leaves an action node that no state points to")
        s, act = owner[u]
        nxt = v.split("__")[0]
        if nxt not in known:
            raise InvalidEnvironment(f"{where}: outcome node {v} names {nxt!r}, which is not a state")
        if "weight" not in attrs:
            raise InvalidEnvironment(f"{where}: edge {u} -> {v} has no weight=\"p\"")
        spec[s][act][nxt] = spec[s][act].get(nxt, Fraction(0)) + _weight(attrs["weight"], f"{where}: {u} -> {v}")
    for s, acts in spec.items():
        for act, dist in acts.items():
            total = sum(dist.values(), Fraction(0))
            if total != 1 and abs(total - 1) < Fraction(1, 10**6):
                hints = ", ".join(f"{t}: \"{fraction_str(p.limit_denominator(1000))}\"" for t, p in dist.items())
                raise NotExact(f"{where}: the weights of action {act} at {s} sum to {float(total)!r}, not exactly 1 "
                               f"(rounded decimals); write them exactly, e.g. {hints}")
    return MDP.stochastic(spec, name=label)


def _read_text(p: Path) -> str:
    """A regular file's UTF-8 text (at most MAX_DOCUMENT_BYTES), or InvalidEnvironment in one line."""
    from symorbit.exact.documents import MAX_DOCUMENT_BYTES, read_regular_file

    try:
        raw = read_regular_file(p, MAX_DOCUMENT_BYTES)
    except OSError as exc:
        raise InvalidEnvironment(f"environment file {p}: cannot read it ({exc.strerror})") from None
    if len(raw) > MAX_DOCUMENT_BYTES:
        raise InvalidEnvironment(f"environment file {p}: larger than {MAX_DOCUMENT_BYTES} bytes")
    try:
        return raw.decode("utf-8-sig")       # a byte-order mark (Windows editors write one) is read and dropped
    except UnicodeDecodeError as exc:
        raise InvalidEnvironment(f"environment file {p}: not UTF-8 text (byte {exc.start}); save it as UTF-8") from None


def read_gv(path: str | Path) -> MDP:
    """:func:`read_gv_text` of a file; errors name the file.

    Parameters
    ----------
    path : str or Path
        A POWERplay Graphviz file (``.gv`` or ``.dot``), UTF-8.

    Returns
    -------
    MDP
        Named after the graph (else the file's stem).

    Raises
    ------
    InvalidEnvironment
        If the file cannot be read, or its text is refused by :func:`read_gv_text`
        (which may also raise NotExact); the message names the file.

    Examples
    --------
    The post's candy environment, written and read back:

    >>> import pathlib, tempfile
    >>> from symorbit.mdp.library import candy
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "candy.gv"
    >>> _ = path.write_text(write_gv(candy()))
    >>> env = read_gv(path)
    >>> env.name, env.actions("wait")
    ('candy', ('chocolate', 'hug'))

    References
    ----------
    POWERplay (github.com/gladstoneai/POWERplay), ``mdps/*.gv``; OPTS Def. 3.1.
    """
    p = Path(path)
    text = _read_text(p)
    return read_gv_text(text, where=str(p), name=None)


def _quote(s: str) -> str:
    return '"' + s.replace('"', '\\"') + '"'


def _weight_str(p: Fraction) -> str:
    """A decimal when it is exact (POWERplay reads those), else ``p/q``."""
    den = p.denominator
    for f in (2, 5):
        while den % f == 0:
            den //= f
    if den == 1:
        return str(Decimal(p.numerator) / Decimal(p.denominator))
    return fraction_str(p)


def write_gv(env: MDP) -> str:
    """``env`` as POWERplay Graphviz text: the state-graph form when deterministic (actions named
    after their successors), else the action-node form with exact weights.

    Parameters
    ----------
    env : MDP
        Any MDP; weights are written as decimals when exact, else as ``p/q``.

    Returns
    -------
    str
        The ``digraph`` source, ending in a newline; :func:`read_gv_text` reads it back.

    Examples
    --------
    The post's candy environment (deterministic: the state-graph form):

    >>> from symorbit.mdp.library import candy, coin
    >>> print(write_gv(candy()).splitlines()[9])
    "wait" -> "chocolate";
    >>> print(write_gv(coin()).splitlines()[7])
    "[start]" -> "[safe]__[start]";

    References
    ----------
    POWERplay (github.com/gladstoneai/POWERplay), ``mdps/*.gv``; OPTS Def. 3.1.
    """
    check_mdp(env, "write_gv")
    det = env.to_dict()
    lines = [f"digraph {_quote(env.name)} {{"]
    if "deterministic" in det:
        lines += [f"{_quote(s)};" for s in env.states]
        for s, succ in det["deterministic"].items():
            lines += [f"{_quote(s)} -> {_quote(t)};" for t in (succ or [s])]
    else:
        def st(s: str) -> str:
            return s if s.startswith("[") and s.endswith("]") else f"[{s}]"
        lines += [f"{_quote(st(s))};" for s in env.states]
        for s, row in zip(env.states, env.transitions):
            for a, dist in row:
                act = f"[{a}]__{st(s)}"
                lines.append(f"{_quote(st(s))} -> {_quote(act)};")
                lines += [f"{_quote(act)} -> {_quote(st(t) + '__' + act)} [weight={_quote(_weight_str(p))}];"
                          for t, p in dist]
    lines.append("}")
    return "\n".join(lines) + "\n"


def read_grid_text(text: str, *, name: str = "gridworld", stay: bool = True, where: str = "grid") -> MDP:
    """A deterministic gridworld MDP from an ASCII map (see the module notes).

    Parameters
    ----------
    text : str
        The map; blank lines around it are ignored, rows may differ in length.
    name : str
        The MDP's name.
    stay : bool
        Whether each cell may stay where it is (a self-loop), as in POWERplay's
        ``gridworld_selfloop`` maps. Without it a cell with no open neighbour is terminal.

    Raises
    ------
    InvalidEnvironment
        For an empty map, a character that is neither a wall, ``.``, a letter nor a digit,
        or a cell name used twice.

    Examples
    --------
    >>> env = read_grid_text("A.\\n#B", stay=False)
    >>> env.states, env.actions("A"), env.actions("B")
    (('A', 'r0c1', 'B'), ('r0c1',), ('r0c1',))
    """
    rows = [line.rstrip() for line in text.strip("\n").splitlines()]
    while rows and not rows[0].strip():
        rows.pop(0)
    names: dict[tuple[int, int], str] = {}
    for r, line in enumerate(rows):
        for c, ch in enumerate(line):
            if ch in "# ":
                continue
            if ch == ".":
                names[(r, c)] = f"r{r}c{c}"
            elif ch.isascii() and ch.isalnum():
                if ch in names.values():
                    raise InvalidEnvironment(f"{where}: the cell name {ch!r} is used twice (row {r}, column {c})")
                names[(r, c)] = ch
            else:
                raise InvalidEnvironment(f"{where}: row {r}, column {c}: {ch!r} is not '#', '.', a letter or a digit")
    if not names:
        raise InvalidEnvironment(f"{where}: the map has no open cell")
    adj: dict[str, list[str]] = {}
    for (r, c), s in names.items():
        succ = [s] if stay else []
        for dr, dc in ((-1, 0), (1, 0), (0, -1), (0, 1)):              # up, down, left, right
            if (r + dr, c + dc) in names:
                succ.append(names[(r + dr, c + dc)])
        adj[s] = succ
    return MDP.deterministic(adj, name=name)


def read_grid(path: str | Path, *, stay: bool = True) -> MDP:
    """:func:`read_grid_text` of a file; errors name the file.

    Parameters
    ----------
    path : str or Path
        An ASCII gridworld map (``.grid``), UTF-8; the MDP is named after its stem.
    stay : bool, keyword-only
        Whether each cell may stay where it is (see :func:`read_grid_text`).

    Returns
    -------
    MDP
        A deterministic MDP.

    Raises
    ------
    InvalidEnvironment
        If the file cannot be read or the map is refused by :func:`read_grid_text`;
        the message names the file.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "corridor.grid"
    >>> _ = path.write_text("#####\\n#S.G#\\n#####\\n")
    >>> env = read_grid(path, stay=False)
    >>> env.name, env.states, env.actions("r1c2")
    ('corridor', ('S', 'r1c2', 'G'), ('S', 'G'))

    References
    ----------
    POWERplay (github.com/gladstoneai/POWERplay), ``gridworld_selfloop`` maps; OPTS Def. 3.1.
    """
    p = Path(path)
    text = _read_text(p)
    return read_grid_text(text, name=p.stem, stay=stay, where=str(p))


def to_networkx(env: MDP) -> Any:
    """``env`` as a ``networkx.DiGraph`` that :meth:`MDP.from_networkx` reads back.

    A deterministic MDP whose actions are named after their successors becomes its plain
    state graph (terminal states without out-edges); any other MDP gets ``probs={action: p}``
    on each edge (exact ``Fraction`` probabilities). The graph keeps the state order.

    Parameters
    ----------
    env : MDP
        Any MDP.

    Returns
    -------
    networkx.DiGraph
        Nodes are the states (in order); the graph's ``name`` is ``env.name``.

    Examples
    --------
    The post's candy environment: terminal states get no out-edges.

    >>> from symorbit.mdp.library import candy, coin
    >>> sorted(to_networkx(candy()).successors("wait"))
    ['chocolate', 'hug']
    >>> MDP.from_networkx(to_networkx(candy())) == candy()
    True
    >>> g = to_networkx(coin())
    >>> g.edges["start", "heads"]["probs"]
    {'flip': Fraction(1, 2)}
    >>> MDP.from_networkx(g).to_dict() == coin().to_dict()
    True

    References
    ----------
    OPTS Def. 3.1; networkx (networkx.org) ``DiGraph``.
    """
    check_mdp(env, "to_networkx")
    import networkx as nx

    g = nx.DiGraph(name=env.name)
    g.add_nodes_from(env.states)
    det = env.to_dict()
    if "deterministic" in det:
        g.add_edges_from((s, t) for s, succ in det["deterministic"].items() for t in succ)
        return g
    for s, row in zip(env.states, env.transitions):
        for a, dist in row:
            for t, p in dist:
                if g.has_edge(s, t):
                    g.edges[s, t]["probs"][a] = p
                else:
                    g.add_edge(s, t, probs={a: p})
    return g


register_reader((".gv", ".dot"), read_gv)
register_reader((".grid",), read_grid)
