"""Families of small instances for counterexample search, each listed up to isomorphism.

Families (each says how many instances it has before the search starts)

* ``det-mdp:K:B[:GAMMA]``: every deterministic MDP with at most K states and
  out-degree at most B (an empty successor list is terminal), up to isomorphism of
  the rooted instance (MDP, start state, the two first actions compared), listed by
  canonical forms (orderly generation, in independent chunks over the cores;
  ``det-mdp:4:3`` in about 15 s on one core, cached on disk), with
  A = F(s | a), B = F(s | b) at GAMMA (default ``average``: recurrent state
  distributions);
* ``one-hot:D``: blocks of one-hot vectors, A = {e_j : j ∈ J}, B = {e_k : k ∈ K} with
  J, K ⊆ {0..D-1}, up to relabelling (sizes of J∖K, K∖J, J∩K and the rest);
* ``random-vectors:D:COUNT:SEED``: COUNT random pairs of small integer vector sets;
* ``stoch-mdp:K:Q[:GAMMA]``: every stochastic MDP with K states in which each state has one
  or two distinct actions whose probabilities lie on the grid {0, 1/Q, …, 1}, up to
  relabelling the states, with the start state and two first actions (GAMMA default 1/2);
* ``split-mdp:K:B[:GAMMA]``: every deterministic MDP with K states whose start state s0 has
  exactly the two actions compared, to s1 (A) and s2 (B), and is entered from nowhere, the
  other states having out-degree at most B (empty: terminal), up to relabelling s3..s(K-1).
  Aimed at m ≥ 2 things in A (PR Conj. D.13): ``split-mdp:5:3`` has 25,680 instances, where
  ``det-mdp:5:3`` is too large to list;
* ``parts-vectors:D:COUNT:SEED``: COUNT random vector sets in Q^D built to meet D.13's
  fixing conditions with m ≥ 2 parts: A_j = {c_t·e_{x_j} + u_t}, B_i = {c_t·e_{y_i} + u_t}
  (one template of k ∈ {1, 2} vectors on the blocks x_1..x_m and y_1..y_n, shared offsets
  u_t on the other coordinates), B and C extended by vectors constant on the x's and y's
  (fixed by every swap x_j ↔ y_i). The spec carries its ``parts`` and ``C``.

Examples
--------
>>> fam = family("one-hot:3")
>>> fam.size, fam.specs[0]["key"]
(13, 'one-hot:3:0:0:1')
"""

from __future__ import annotations

import itertools
import json
import os
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from symorbit.errors import InvalidArgument
from symorbit.exact.display import ResultDisplay
from symorbit.exact.limits import check_limit, refuse_above
from symorbit.exact.numbers import check_gamma

__all__ = ["CACHE_VERSION", "MAX_FAMILY_WORK", "PARALLEL_FAMILY_WORK", "Family", "cache_dir", "family", "family_work"]

#: Bumped whenever a family's contents or keys change, so stale cache files are never read.
CACHE_VERSION = 1

#: The default work limit of :func:`family`: candidate instances examined, weighted by the
#: vector entries (or graph size) each costs; estimated from the spec before anything is built.
MAX_FAMILY_WORK = 10**7

#: With ``workers=None``, :func:`family` builds a det-mdp family in this process when
#: :func:`family_work` is below this (det-mdp:3:3 is about 1.6e4 units, det-mdp:4:2 about 6e5).
PARALLEL_FAMILY_WORK = 10**6

#: The family kinds whose instances are MDPs (cached on disk; a GAMMA may follow the sizes).
_MDP_KINDS = ("det-mdp", "stoch-mdp", "split-mdp")
_USAGE = ("use one-hot:D, random-vectors:D:COUNT:SEED, det-mdp:K:B[:GAMMA], stoch-mdp:K:Q[:GAMMA], "
          "split-mdp:K:B[:GAMMA] or parts-vectors:D:COUNT:SEED")


@dataclass(frozen=True, repr=False)
class Family(ResultDisplay):
    """A finite family of instance specs (plain, picklable dicts with a stable ``key``).

    Iterating over a family yields its specs.

    Attributes
    ----------
    name : str
        The family's full spec (``det-mdp:4:3:average``, with the default discount filled in).
    size : int
        The number of instances, ``len(specs)``.
    duplicates : int
        Instances generated but skipped as isomorphic to one already listed.
    specs : tuple of dict
        One spec per instance: ``key`` and either ``A``, ``B`` (outcome vectors) or an MDP
        (``mdp`` / ``stochastic``, ``state``, ``a``, ``b``, ``gamma``).

    Examples
    --------
    >>> fam = family("one-hot:3")
    >>> fam.name, fam.size, fam.duplicates, next(iter(fam))["key"]
    ('one-hot:3', 13, 0, 'one-hot:3:0:0:1')

    References
    ----------
    PR Conj. D.13 (what a search tests); docs/theory.md#proven (what is proven), docs/theory.md#p12 (vectors deduplicated at γ).
    """

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


def _det_mdp_family(max_states: int, max_degree: int, gamma: str, progress: Any = None,
                    workers: int = 1) -> Family:
    """Orderly generation: one canonical form per class, no pairwise isomorphism tests.

    An instance is (successor lists, start, a, b) up to relabelling the states. Relabel
    start → 0 and the compared successors a, b → the next labels; what is left is the
    action of the permutations of the other (at most K − 2) states, so a structure is kept
    when it is the smallest of its relabellings. Each class is then named exactly as the
    earlier pairwise search named it (its first labelled instance in the enumeration order
    over successor lists, start, (a, b)), so keys and checkpoints stay valid.

    The generation splits into independent chunks (K, the pattern (a, b), the successor
    lists of the first states); with ``workers > 1`` they run in a process pool. Each class
    comes out of exactly one chunk with its unique rank, and the classes are sorted by rank,
    so the keys and specs do not depend on ``workers`` or on the order chunks finish in.
    """
    chunks = list(_det_mdp_chunks(max_states, max_degree))
    specs: list[tuple[tuple[int, ...], dict[str, Any]]] = []
    if workers <= 1 or len(chunks) <= 1:
        for chunk in chunks:
            specs.extend(_det_mdp_chunk(*chunk, gamma, progress))
    else:
        from concurrent.futures import ProcessPoolExecutor, as_completed

        with ProcessPoolExecutor(max_workers=workers) as pool:
            # largest K first, so the long chunks do not start last
            futures = [pool.submit(_det_mdp_chunk, *chunk, gamma) for chunk in reversed(chunks)]
            for future in as_completed(futures):
                found = future.result()
                specs.extend(found)
                if progress is not None and found:
                    progress(len(found))
    duplicates = 0
    for k in range(1, max_states + 1):
        choices = [c for r in range(max_degree + 1) for c in itertools.combinations(range(k), r)]
        n = len(choices)
        duplicates += k * n ** (k - 1) * sum(len(c) * (len(c) - 1) for c in choices)
    specs.sort(key=lambda x: x[0])
    out = tuple({"key": f"det-mdp:{rank[0]}:{i}", **spec} for i, (rank, spec) in enumerate(specs))
    return Family(f"det-mdp:{max_states}:{max_degree}:{gamma}", len(out), duplicates - len(out), out)


_Chunk = tuple[int, int, int, int, tuple[tuple[int, ...], ...]]


def _det_mdp_chunks(max_states: int, max_degree: int) -> Iterator[_Chunk]:
    """The independent pieces of :func:`_det_mdp_family`: (K, B, a, b, prefix of successor lists)."""
    for k in range(1, max_states + 1):
        nodes = list(range(k))
        choices = [c for r in range(max_degree + 1) for c in itertools.combinations(nodes, r)]
        patterns = [(a, b) for a in range(min(k, 2)) for b in range(min(k, 3)) if a != b and (b < 2 or a == 1)]
        depth = 2 if k >= 4 else 1
        for a, b in patterns:
            first = [c for c in choices if a in c and b in c]
            for prefix in itertools.product(first, *[choices] * (depth - 1)):
                yield k, max_degree, a, b, prefix


def _det_mdp_chunk(k: int, max_degree: int, a: int, b: int, prefix: tuple[tuple[int, ...], ...], gamma: str,
                   progress: Any = None) -> list[tuple[tuple[int, ...], dict[str, Any]]]:
    """The classes (rank, spec) whose canonical structure has pattern (a, b) and starts with ``prefix``."""
    nodes = list(range(k))
    choices = [c for r in range(max_degree + 1) for c in itertools.combinations(nodes, r)]
    position = {c: i for i, c in enumerate(choices)}
    n = len(choices)
    perms = list(itertools.permutations(nodes))
    fixed = {0, a, b}
    free = [v for v in nodes if v not in fixed]
    relabels = [dict(zip(free, p)) | {v: v for v in fixed} for p in itertools.permutations(free)][1:]
    specs: list[tuple[tuple[int, ...], dict[str, Any]]] = []
    for rest in itertools.product(choices, repeat=k - len(prefix)):
        succ = prefix + rest
        if any(_relabelled(succ, m) < succ for m in relabels):
            continue
        best = min(
            (sum(position[t[u]] * n ** (k - 1 - u) for u in nodes), sigma[0],
             list(itertools.permutations(t[sigma[0]], 2)).index((sigma[a], sigma[b])), t, sigma)
            for sigma in perms for t in [_relabelled(succ, dict(enumerate(sigma)))])
        _, start, _, t, sigma = best
        specs.append(((k, *best[:3]), {"mdp": {f"s{u}": [f"s{v}" for v in t[u]] for u in nodes},
                                       "state": f"s{start}", "a": f"s{sigma[a]}", "b": f"s{sigma[b]}",
                                       "gamma": gamma}))
        if progress is not None:
            progress(1)
    return specs


def _relabelled(succ: tuple[tuple[int, ...], ...], m: dict[int, int]) -> tuple[tuple[int, ...], ...]:
    """The successor lists after renaming every state u to m[u]."""
    out: list[tuple[int, ...]] = [()] * len(succ)
    for u, row in enumerate(succ):
        out[m[u]] = tuple(sorted(m[v] for v in row))
    return tuple(out)


def _stoch_mdp_family(k: int, q: int, gamma: str, progress: Any = None) -> Family:
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
                if progress is not None:
                    progress(1)
                spec = {f"s{u}": {f"a{i}": {f"s{t}": f"{d[t]}/{q}" for t in nodes if d[t]}
                                  for i, d in enumerate(rows[u])} for u in nodes}
                specs.append({"key": f"stoch-mdp:{k}:{q}:{len(specs)}", "stochastic": spec, "state": f"s{start}",
                              "a": f"a{a}", "b": f"a{b}", "gamma": gamma})
    return Family(f"stoch-mdp:{k}:{q}:{gamma}", len(specs), duplicates, tuple(specs))


def _split_mdp_family(k: int, max_degree: int, gamma: str, progress: Any = None) -> Family:
    """s0 → {s1 (a), s2 (b)}, nothing enters s0; every successor set of s1..s(K-1) up to relabelling s3..s(K-1).

    A structure (successor sets of s1..s(K-1), each a subset of {1..K-1}) is kept when it is the
    smallest of its relabellings by the permutations of the free states 3..K-1 (s0, s1, s2 are
    fixed by the instance: start, a, b), so each class is listed once.
    """
    if k < 3:
        raise InvalidArgument(f"split-mdp:{k}:{max_degree}: K must be at least 3 (s0, s1, s2)")
    nodes = list(range(1, k))
    choices = [c for r in range(max_degree + 1) for c in itertools.combinations(nodes, r)]
    free = list(range(3, k))
    relabels = [dict(zip(free, perm)) | {0: 0, 1: 1, 2: 2} for perm in itertools.permutations(free)][1:]
    specs: list[dict[str, Any]] = []
    total = 0
    for rest in itertools.product(choices, repeat=k - 1):
        total += 1
        succ = ((1, 2),) + rest
        if any(_relabelled(succ, m) < succ for m in relabels):
            continue
        specs.append({"key": f"split-mdp:{k}:{max_degree}:{len(specs)}",
                      "mdp": {f"s{u}": [f"s{v}" for v in succ[u]] for u in range(k)},
                      "state": "s0", "a": "s1", "b": "s2", "gamma": gamma})
        if progress is not None:
            progress(1)
    return Family(f"split-mdp:{k}:{max_degree}:{gamma}", len(specs), total - len(specs), tuple(specs))


def _parts_vector_family(d: int, count: int, seed: int) -> Family:
    """Random instances of D.13's hypotheses with m ≥ 2 parts (see the module docs)."""
    if d < 4:
        raise InvalidArgument(f"parts-vectors:{d}: D must be at least 4 (two parts and two copies)")
    rng = random.Random(seed)
    specs = []
    for i in range(count):
        m = rng.choice([2, 2, 3]) if d >= 6 else 2
        n = rng.randint(m, d - m)
        xs, ys, zs = list(range(m)), list(range(m, m + n)), list(range(m + n, d))
        size = rng.choice([1, 1, 2]) if zs else 1
        template: list[tuple[int, tuple[int, ...]]] = []
        while len(template) < size:
            t = (rng.randint(1, 2), tuple(rng.randint(0, 2) for _ in zs))
            if t not in template:
                template.append(t)

        def vec(block: int, c: int, u: tuple[int, ...]) -> list[int]:
            v = [0] * d
            v[block] = c
            for z, x in zip(zs, u):
                v[z] = x
            return v

        parts = [[vec(x, c, u) for c, u in template] for x in xs]
        copies = [vec(y, c, u) for y in ys for c, u in template]

        def invariant() -> list[int]:            # constant on the blocks: fixed by every swap x_j ↔ y_i
            level = rng.randint(0, 1)
            return [level] * (m + n) + [rng.randint(0, 2) for _ in zs]

        extra_b = [invariant() for _ in range(rng.randint(0, 2))]
        extra_c = [invariant() for _ in range(rng.randint(0, 1))]
        A = [v for p in parts for v in p]
        B = copies + [v for v in extra_b if v not in copies and v not in A]
        C = A + B + [v for v in extra_c if v not in A and v not in B]
        specs.append({"key": f"parts-vectors:{d}:{seed}:{i}", "A": A, "B": B, "C": C, "parts": parts})
    return Family(f"parts-vectors:{d}:{count}:{seed}", count, 0, tuple(specs))


def _parse(spec: str) -> tuple[str, list[int], str | None]:
    """The kind, the integer sizes and the optional GAMMA of a spec, validated (no work done)."""
    if not isinstance(spec, str):
        raise InvalidArgument(f"family={spec!r} must be a string; {_USAGE}")
    shown = spec if len(spec) <= 60 else spec[:40] + "..."
    parts = spec.split(":")
    arity = {"one-hot": (2, 2), "random-vectors": (4, 4), "det-mdp": (3, 4), "stoch-mdp": (3, 4),
             "split-mdp": (3, 4), "parts-vectors": (4, 4)}
    if parts[0] not in arity or not arity[parts[0]][0] <= len(parts) <= arity[parts[0]][1]:
        raise InvalidArgument(f"family={shown!r}: {_USAGE}")
    kind = parts[0]
    n_ints = {"one-hot": 1, "random-vectors": 3, "det-mdp": 2, "stoch-mdp": 2, "split-mdp": 2, "parts-vectors": 3}[kind]
    numbers = parts[1:1 + n_ints]
    if not all(p.lstrip("-").isdecimal() and len(p) <= 18 for p in numbers):
        raise InvalidArgument(f"family={shown!r}: the sizes must be integers; {_USAGE}")
    ints = [int(p) for p in numbers]
    names = {"one-hot": ["D"], "random-vectors": ["D", "COUNT", "SEED"], "det-mdp": ["K", "B"],
             "stoch-mdp": ["K", "Q"], "split-mdp": ["K", "B"], "parts-vectors": ["D", "COUNT", "SEED"]}[kind]
    for label, value in zip(names, ints):
        if label != "SEED" and value < 1:
            raise InvalidArgument(f"family={shown!r}: {label}={value} must be a positive integer")
    gamma = parts[3] if kind in _MDP_KINDS and len(parts) == 4 else None
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

    References
    ----------
    docs/theory.md#pitfalls (instances too large to enumerate are refused up front, with an estimate).
    """
    from math import comb

    kind, ints, _ = _parse(spec)
    if kind == "one-hot":
        d = ints[0]
        return (d + 1) ** 3 + comb(d + 3, 3) * 2 * d * d
    if kind == "random-vectors":
        d, count, _seed = ints
        return count * 7 * d
    if kind == "parts-vectors":
        d, count, _seed = ints
        return count * 20 * d
    if kind == "split-mdp":  # every successor tuple of s1..s(K-1) once, a few µs each
        k_max, b = ints
        return (sum(comb(k_max - 1, r) for r in range(min(b, k_max - 1) + 1)) ** (k_max - 1)) * k_max * 10
    if kind == "det-mdp":   # orderly generation: every successor tuple once, a few µs each
        k_max, b = ints
        total = 0
        for k in range(1, k_max + 1):    # past 10^30 the sum only grows: stop (det-mdp:20000:2 summed for minutes)
            total += (sum(comb(k, r) for r in range(min(b, k) + 1)) ** k) * k * 10
            if total > 10 ** 30:
                break
        return total
    k, q = ints
    if k > 3 or q > 3:
        return 0  # refused with its own message by _stoch_mdp_family
    return comb(q + k - 1, k - 1) ** (2 * k) * k * 2 * k * k * 3


def cache_dir() -> Path:
    """Where built families are cached: ``$SYMORBIT_CACHE_DIR``, else ``$XDG_CACHE_HOME/symorbit``
    (``~/.cache/symorbit``)."""
    if os.environ.get("SYMORBIT_CACHE_DIR"):
        return Path(os.environ["SYMORBIT_CACHE_DIR"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "symorbit"


def _cache_path(name: str) -> Path:
    safe = "".join(ch if ch.isalnum() or ch in "-." else "_" for ch in name)
    return cache_dir() / "families" / f"{safe}.v{CACHE_VERSION}.json"


def _read_cache(name: str) -> Family | None:
    try:
        data = json.loads(_cache_path(name).read_text(encoding="utf-8"))
        if data["name"] != name or data["version"] != CACHE_VERSION or len(data["specs"]) != data["size"]:
            return None
        return Family(name, data["size"], data["duplicates"], tuple(data["specs"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None                                      # missing or damaged: rebuild


def _write_cache(fam: Family) -> None:
    path = _cache_path(fam.name)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"name": fam.name, "version": CACHE_VERSION, "size": fam.size,
                                   "duplicates": fam.duplicates, "specs": list(fam.specs)}), encoding="utf-8")
        os.replace(tmp, path)                            # atomic: a reader never sees half a file
    except OSError:
        pass                                             # a read-only home only costs the rebuild


def family(spec: str, *, cache: bool = True, progress: bool | Callable[[int], None] = False,
           max_work: int = MAX_FAMILY_WORK, workers: int | None = None) -> Family:
    """Build a family from its CLI spec (see module docs).

    Parameters
    ----------
    spec : str
        ``one-hot:D``, ``random-vectors:D:COUNT:SEED``, ``det-mdp:K:B[:GAMMA]``, ``stoch-mdp:K:Q[:GAMMA]``,
        ``split-mdp:K:B[:GAMMA]`` or ``parts-vectors:D:COUNT:SEED``.
    cache : bool, keyword-only
        MDP families are cached on disk under :func:`cache_dir`, keyed by the family
        (``det-mdp:4:3:average``) and :data:`CACHE_VERSION`, so a resumed search does not
        rebuild them. False builds afresh (and does not write).
    progress : bool or callable, keyword-only
        True shows a progress bar (classes found) while an MDP family is built; a callable
        is called with the number of new classes instead.
    max_work : int, keyword-only
        Refuse (:class:`~symorbit.errors.TooLarge`) when :func:`family_work` exceeds this,
        before anything is built (:data:`MAX_FAMILY_WORK` by default).
    workers : int or None, keyword-only
        Processes that build a ``det-mdp`` family (independent chunks of the orderly
        generation, merged by rank, so the keys and specs are identical for every value).
        None uses every core, but builds a family under :data:`PARALLEL_FAMILY_WORK` in this
        process (starting processes would cost more); 1 builds in this process. At most
        the core count. The other families are built in this process.

    Returns
    -------
    Family

    Raises
    ------
    InvalidArgument
        For an unknown or malformed spec, a size that is not a positive integer, or
        ``workers`` not a positive integer or above the core count.
    TooLarge
        The estimated work exceeds ``max_work``.

    Examples
    --------
    >>> fam = family("det-mdp:3:2", cache=False)
    >>> fam.size, fam.duplicates, fam.specs[0]["key"]
    (155, 743, 'det-mdp:2:0')
    >>> family("one-hot:200")
    Traceback (most recent call last):
    ...
    symorbit.errors.TooLarge: family one-hot:200: estimated work (units of about a microsecond): about 1.10e+11, over the limit 1.00e+07; use a smaller D, or raise the limit with max_work=... (CLI: --max-family-work N)

    References
    ----------
    OPTS Def. 4.4 (F(s | a)), Def. 6.10 (RSD); docs/theory.md#mdps, docs/theory.md#pitfalls.
    """
    check_limit(max_work, name="max_work")
    n_workers = _check_workers(workers)
    kind, _ints, _gamma = _parse(spec)
    shrink = {"one-hot": "use a smaller D", "random-vectors": "use a smaller D or COUNT",
              "det-mdp": "use a smaller K or B", "stoch-mdp": "use a smaller K or Q",
              "split-mdp": "use a smaller K or B", "parts-vectors": "use a smaller D or COUNT"}[kind]
    refuse_above(family_work(spec), max_work, what=f"family {spec}: estimated work (units of about a microsecond)",
                 shrink=shrink, raise_with="max_work=... (CLI: --max-family-work N)")
    parts = spec.split(":")
    if parts[0] in _MDP_KINDS and len(parts) == 3:
        parts.append("1/2" if parts[0] == "stoch-mdp" else "average")
    name = ":".join(parts)
    if parts[0] in _MDP_KINDS and cache:
        cached = _read_cache(name)
        if cached is not None:
            return cached
    bar = None
    tick: Callable[[int], None] | None = progress if callable(progress) else None
    if progress is True and parts[0] in _MDP_KINDS:
        from tqdm import tqdm

        bar = tqdm(desc=f"building {name}", unit=" classes", mininterval=0.5)
        tick = bar.update
    try:
        if workers is None and family_work(spec) < PARALLEL_FAMILY_WORK:
            n_workers = 1
        fam = _build(parts, spec, tick, n_workers)
    finally:
        if bar is not None:
            bar.close()
    if parts[0] in _MDP_KINDS and cache:
        _write_cache(fam)
    return fam


def _check_workers(workers: int | None) -> int:
    """``workers`` validated as :func:`symorbit.counterexamples.runner.check_workers` does
    (not imported from there: the runner imports this module)."""
    cores = os.cpu_count() or 1
    if workers is None:
        return cores
    check_limit(workers, name="workers")
    if workers > cores:
        raise InvalidArgument(f"workers={workers} exceeds the {cores} cores of this machine; use at most {cores}")
    return workers


def _build(parts: list[str], spec: str, tick: Callable[[int], None] | None, workers: int = 1) -> Family:
    try:
        if parts[0] == "one-hot" and len(parts) == 2:
            return _one_hot_family(int(parts[1]))
        if parts[0] == "random-vectors" and len(parts) == 4:
            return _random_vector_family(int(parts[1]), int(parts[2]), int(parts[3]))
        if parts[0] == "det-mdp" and len(parts) == 4:
            return _det_mdp_family(int(parts[1]), int(parts[2]), parts[3], tick, workers)
        if parts[0] == "stoch-mdp" and len(parts) == 4:
            return _stoch_mdp_family(int(parts[1]), int(parts[2]), parts[3], tick)
        if parts[0] == "split-mdp" and len(parts) == 4:
            return _split_mdp_family(int(parts[1]), int(parts[2]), parts[3], tick)
        if parts[0] == "parts-vectors" and len(parts) == 4:
            return _parts_vector_family(int(parts[1]), int(parts[2]), int(parts[3]))
    except InvalidArgument:
        raise
    except ValueError:  # a non-integer size in the spec
        pass
    raise InvalidArgument(f"family={spec!r}: {_USAGE}")
