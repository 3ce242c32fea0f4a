"""Families of small instances for counterexample search, each listed up to isomorphism.

Families (each says how many instances it has before the search starts)

* ``det-mdp:K:B[:GAMMA]``: every deterministic MDP with at most K states and
  out-degree at most B (an empty successor list is terminal), up to isomorphism of
  the rooted instance (MDP, start state, the two first actions compared), with
  A = F(s | a), B = F(s | b) at GAMMA (default ``average``: recurrent state
  distributions);
* ``one-hot:D``: blocks of one-hot vectors, A = {e_j : j ∈ J}, B = {e_k : k ∈ K} with
  J, K ⊆ {0..D-1}, up to relabelling (sizes of J∖K, K∖J, J∩K and the rest);
* ``random-vectors:D:COUNT:SEED``: COUNT random pairs of small integer vector sets;
* ``stoch-mdp:K:Q[:GAMMA]``: every stochastic MDP with K states in which each state has one
  or two distinct actions whose probabilities lie on the grid {0, 1/Q, …, 1}, up to
  relabelling the states, with the start state and two first actions (GAMMA default 1/2).

Examples
--------
>>> fam = family("one-hot:3")
>>> fam.size, fam.specs[0]["key"]
(13, 'one-hot:3:0:0:1')
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass
from typing import Any, Iterator

import networkx as nx

from symorbit.errors import InvalidArgument
from symorbit.exact.limits import check_limit, refuse_above
from symorbit.exact.numbers import check_gamma

__all__ = ["MAX_FAMILY_WORK", "Family", "family", "family_work"]

#: The default work limit of :func:`family`: candidate instances examined, weighted by the
#: vector entries (or graph size) each costs; estimated from the spec before anything is built.
MAX_FAMILY_WORK = 10**7
_USAGE = "use one-hot:D, random-vectors:D:COUNT:SEED, det-mdp:K:B[:GAMMA] or stoch-mdp:K:Q[:GAMMA]"


@dataclass(frozen=True)
class Family:
    """A finite family of instance specs (plain, picklable dicts with a stable ``key``)."""

    name: str
    size: int
    duplicates: int
    specs: tuple[dict[str, Any], ...]

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.specs)


def _e(d: int, j: int) -> list[int]:
    return [int(i == j) for i in range(d)]


def _one_hot_family(d: int) -> Family:
    specs = []
    for only_a, only_b, both in itertools.product(range(d + 1), repeat=3):
        if only_a + both == 0 or only_b + both == 0 or only_a + only_b + both > d:
            continue
        A = [_e(d, j) for j in range(only_a)] + [_e(d, j) for j in range(only_a, only_a + both)]
        B = [_e(d, j) for j in range(only_a, only_a + both + only_b)]
        specs.append({"key": f"one-hot:{d}:{only_a}:{only_b}:{both}", "A": A, "B": B})
    return Family(f"one-hot:{d}", len(specs), 0, tuple(specs))


def _random_vector_family(d: int, count: int, seed: int) -> Family:
    rng = random.Random(seed)
    specs = []
    for i in range(count):
        A = [[rng.randint(0, 2) for _ in range(d)] for _ in range(rng.randint(1, 3))]
        B = [[rng.randint(0, 2) for _ in range(d)] for _ in range(rng.randint(1, 4))]
        specs.append({"key": f"random-vectors:{d}:{seed}:{i}", "A": A, "B": B})
    return Family(f"random-vectors:{d}:{count}:{seed}", count, 0, tuple(specs))


def _det_mdp_family(max_states: int, max_degree: int, gamma: str) -> Family:
    specs: list[dict[str, Any]] = []
    buckets: dict[str, list[Any]] = {}
    duplicates = 0
    for k in range(1, max_states + 1):
        nodes = list(range(k))
        choices = [c for r in range(max_degree + 1) for c in itertools.combinations(nodes, r)]
        for succ in itertools.product(choices, repeat=k):
            for start in nodes:
                out = succ[start]
                for a, b in itertools.permutations(out, 2):
                    g = nx.DiGraph()
                    g.add_nodes_from((v, {"tag": "s" if v == start else "a" if v == a else "b" if v == b else ""})
                                     for v in nodes)
                    g.add_edges_from((u, v) for u in nodes for v in succ[u])
                    h = nx.weisfeiler_lehman_graph_hash(g, node_attr="tag")
                    bucket = buckets.setdefault(h, [])
                    if any(nx.is_isomorphic(g, o, node_match=lambda x, y: x["tag"] == y["tag"]) for o in bucket):
                        duplicates += 1
                        continue
                    bucket.append(g)
                    adj = {f"s{u}": [f"s{v}" for v in succ[u]] for u in nodes}
                    specs.append({"key": f"det-mdp:{k}:{len(specs)}", "mdp": adj, "state": f"s{start}",
                                  "a": f"s{a}", "b": f"s{b}", "gamma": gamma})
    return Family(f"det-mdp:{max_states}:{max_degree}:{gamma}", len(specs), duplicates, tuple(specs))


def _stoch_mdp_family(k: int, q: int, gamma: str) -> Family:
    if k > 3 or q > 3:
        raise InvalidArgument(f"stoch-mdp:{k}:{q} is too large to enumerate here; use K <= 3 and Q <= 3")
    nodes = list(range(k))
    dists = [c for c in itertools.product(range(q + 1), repeat=k) if sum(c) == q]
    choices = [tuple(c) for r in (1, 2) for c in itertools.combinations(dists, r)]
    seen: set[Any] = set()
    specs: list[dict[str, Any]] = []
    duplicates = 0
    for rows in itertools.product(choices, repeat=k):
        for start in nodes:
            for a, b in itertools.permutations(range(len(rows[start])), 2):
                canon = min(
                    (tuple(tuple(sorted(tuple(d[perm.index(t)] for t in nodes) for d in rows[perm.index(u)]))
                           for u in nodes),
                     perm[start], tuple(rows[start][a][perm.index(t)] for t in nodes),
                     tuple(rows[start][b][perm.index(t)] for t in nodes))
                    for perm in itertools.permutations(nodes))
                if canon in seen:
                    duplicates += 1
                    continue
                seen.add(canon)
                spec = {f"s{u}": {f"a{i}": {f"s{t}": f"{d[t]}/{q}" for t in nodes if d[t]}
                                  for i, d in enumerate(rows[u])} for u in nodes}
                specs.append({"key": f"stoch-mdp:{k}:{q}:{len(specs)}", "stochastic": spec, "state": f"s{start}",
                              "a": f"a{a}", "b": f"a{b}", "gamma": gamma})
    return Family(f"stoch-mdp:{k}:{q}:{gamma}", len(specs), duplicates, tuple(specs))


def _parse(spec: str) -> tuple[str, list[int], str | None]:
    """The kind, the integer sizes and the optional GAMMA of a spec, validated (no work done)."""
    if not isinstance(spec, str):
        raise InvalidArgument(f"family={spec!r} must be a string; {_USAGE}")
    shown = spec if len(spec) <= 60 else spec[:40] + "..."
    parts = spec.split(":")
    arity = {"one-hot": (2, 2), "random-vectors": (4, 4), "det-mdp": (3, 4), "stoch-mdp": (3, 4)}
    if parts[0] not in arity or not arity[parts[0]][0] <= len(parts) <= arity[parts[0]][1]:
        raise InvalidArgument(f"family={shown!r}: {_USAGE}")
    kind = parts[0]
    n_ints = {"one-hot": 1, "random-vectors": 3, "det-mdp": 2, "stoch-mdp": 2}[kind]
    numbers = parts[1:1 + n_ints]
    if not all(p.lstrip("-").isdigit() and len(p) <= 18 for p in numbers):
        raise InvalidArgument(f"family={shown!r}: the sizes must be integers; {_USAGE}")
    ints = [int(p) for p in numbers]
    names = {"one-hot": ["D"], "random-vectors": ["D", "COUNT", "SEED"], "det-mdp": ["K", "B"],
             "stoch-mdp": ["K", "Q"]}[kind]
    for label, value in zip(names, ints):
        if label != "SEED" and value < 1:
            raise InvalidArgument(f"family={shown!r}: {label}={value} must be a positive integer")
    gamma = parts[3] if kind in ("det-mdp", "stoch-mdp") and len(parts) == 4 else None
    if gamma is not None and gamma != "average":
        check_gamma(gamma, name=f"family={shown}: GAMMA")
    return kind, ints, gamma


def family_work(spec: str) -> int:
    """The work :func:`family` would do to build ``spec``, computed from the spec alone (an upper bound).

    Parameters
    ----------
    spec : str
        A family spec (see the module docs).

    Returns
    -------
    int
        Candidate instances examined, each weighted by the vector entries (or graph size) it
        costs, in units of about a microsecond.

    Raises
    ------
    InvalidArgument
        A malformed spec, a size that is not a positive integer, a GAMMA that is not exact.

    Examples
    --------
    >>> family_work("one-hot:3") < family_work("one-hot:4") < family_work("one-hot:200")
    True
    >>> family_work("random-vectors:3:-1:0")
    Traceback (most recent call last):
    ...
    symorbit.errors.InvalidArgument: family='random-vectors:3:-1:0': COUNT=-1 must be a positive integer
    """
    from math import comb

    kind, ints, _ = _parse(spec)
    if kind == "one-hot":
        d = ints[0]
        return (d + 1) ** 3 + comb(d + 3, 3) * 2 * d * d
    if kind == "random-vectors":
        d, count, _seed = ints
        return count * 7 * d
    if kind == "det-mdp":
        k_max, b = ints
        return sum((sum(comb(k, r) for r in range(min(b, k) + 1)) ** k) * k * b * max(b - 1, 1) * k * k * 30
                   for k in range(1, k_max + 1))
    k, q = ints
    if k > 3 or q > 3:
        return 0  # refused with its own message by _stoch_mdp_family
    return comb(q + k - 1, k - 1) ** (2 * k) * k * 2 * k * k * 3


def family(spec: str, *, max_work: int = MAX_FAMILY_WORK) -> Family:
    """Build a family from its CLI spec (see module docs), after estimating its size.

    Parameters
    ----------
    spec : str
        ``one-hot:D``, ``random-vectors:D:COUNT:SEED``, ``det-mdp:K:B[:GAMMA]`` or
        ``stoch-mdp:K:Q[:GAMMA]``; every size a positive integer.
    max_work : int, keyword-only
        Refuse (:class:`~symorbit.errors.TooLarge`) when :func:`family_work` exceeds this,
        before anything is built (:data:`MAX_FAMILY_WORK` by default).

    Returns
    -------
    Family

    Raises
    ------
    InvalidArgument
        A malformed spec or a size that is not a positive integer.
    TooLarge
        The estimated work exceeds ``max_work``.

    Examples
    --------
    >>> family("one-hot:3").size
    13
    >>> family("one-hot:200")
    Traceback (most recent call last):
    ...
    symorbit.errors.TooLarge: family one-hot:200: estimated work (units of about a microsecond): about 1.10e+11, over the limit 1.00e+07; use a smaller D, or raise the limit with max_work=... (CLI: --max-family-work N)
    """
    check_limit(max_work, name="max_work")
    kind, ints, gamma = _parse(spec)
    work = family_work(spec)
    shrink = {"one-hot": "use a smaller D", "random-vectors": "use a smaller D or COUNT",
              "det-mdp": "use a smaller K or B", "stoch-mdp": "use a smaller K or Q"}[kind]
    refuse_above(work, max_work, what=f"family {spec}: estimated work (units of about a microsecond)",
                 shrink=shrink, raise_with="max_work=... (CLI: --max-family-work N)")
    if kind == "one-hot":
        return _one_hot_family(ints[0])
    if kind == "random-vectors":
        return _random_vector_family(*ints)
    if kind == "det-mdp":
        return _det_mdp_family(ints[0], ints[1], gamma or "average")
    return _stoch_mdp_family(ints[0], ints[1], gamma or "1/2")
