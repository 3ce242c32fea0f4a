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

__all__ = ["Family", "family"]


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
        choices = [c for r in range(0, max_degree + 1) for c in itertools.combinations(nodes, r)]
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


def family(spec: str) -> Family:
    """Build a family from its CLI spec (see module docs)."""
    parts = spec.split(":")
    try:
        if parts[0] == "one-hot" and len(parts) == 2:
            return _one_hot_family(int(parts[1]))
        if parts[0] == "random-vectors" and len(parts) == 4:
            return _random_vector_family(int(parts[1]), int(parts[2]), int(parts[3]))
        if parts[0] == "det-mdp" and len(parts) in (3, 4):
            return _det_mdp_family(int(parts[1]), int(parts[2]), parts[3] if len(parts) == 4 else "average")
        if parts[0] == "stoch-mdp" and len(parts) in (3, 4):
            return _stoch_mdp_family(int(parts[1]), int(parts[2]), parts[3] if len(parts) == 4 else "1/2")
    except InvalidArgument:
        raise
    except ValueError:  # a non-integer size in the spec
        pass
    raise InvalidArgument(f"family={spec!r}: use one-hot:D, random-vectors:D:COUNT:SEED, det-mdp:K:B[:GAMMA] "
                          "or stoch-mdp:K:Q[:GAMMA]")
