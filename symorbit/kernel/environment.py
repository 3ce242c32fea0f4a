"""Kernel outcome sets: F(s), F(s | pi(s) = a) and RSD(s) re-derived from an environment spec.

Written from docs/theory.md#mdps (OPTS Def. 3.3, 3.4, 6.10), not from the engine. The environment is
the file format (``{"deterministic": {s: [next, ...]}}`` or ``{"stochastic": {s: {a: {t: p}}}}``,
optional ``name`` and ``states``). A state without actions is terminal: one action ``stay``
looping to itself (OPTS Def. 3.2).

* deterministic: one vector per lasso (a simple path, then a simple cycle) followed from s:
  sum_{t<k} g^t e_{p_t} + g^k/(1-g^L) sum_l g^l e_{c_l}; average: 1/L on the cycle;
* stochastic: every deterministic stationary policy on the states reachable from s, with
  f = (I - g T_pi)^{-1} e_s by an exact linear solve; average: the recurrent limit
  sum_K P(absorbed in K) * stationary(K) over the closed classes K of the chain.
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Any

from .check import Budget, Malformed, Vec, _num, _short

__all__ = ["outcome_sets"]

Env = dict[str, dict[str, dict[str, Fraction]]]


def _name(x: Any, where: str) -> str:
    if not isinstance(x, str) or not x:
        raise Malformed(f"{where}: {_short(x)} must be a non-empty string")
    return x


def parse_environment(spec: Any, budget: Budget | None = None) -> tuple[list[str], Env]:
    """(coordinates, {state: {action: {next: prob}}}) from the environment file format."""
    known = {"name", "states", "deterministic", "stochastic"}
    if not isinstance(spec, dict):
        raise Malformed("environment.mdp: must be an environment in the file format")
    if not set(spec) <= known:
        raise Malformed(f"environment.mdp: unknown field {min(map(_short, set(spec) - known))}")
    kinds = [k for k in ("deterministic", "stochastic") if k in spec]
    if len(kinds) != 1 or not isinstance(spec[kinds[0]], dict) or not spec[kinds[0]]:
        raise Malformed("environment.mdp: needs exactly one non-empty 'deterministic' or 'stochastic' table")
    env: Env = {}
    table = spec[kinds[0]]      # charged up front (~5 us a state, ~8 a probability): refused before it is read
    if budget is not None:
        budget.spend(sum(3 + (len(a) if isinstance(a, (list, dict)) else 0) for a in table.values()) + 4 * sum(
            len(d) for a in table.values() if isinstance(a, dict) for d in a.values() if isinstance(d, dict)))
    for s, acts in table.items():
        if kinds[0] == "deterministic":
            if not isinstance(acts, list) or len({_name(t, _short(s, str)) for t in acts}) != len(acts):
                raise Malformed(f"environment.mdp: successors of {_short(s)} must be a list without repeats")
            env[s] = {_name(t, s): {t: Fraction(1)} for t in acts}
        else:
            if not isinstance(acts, dict):
                raise Malformed(f"environment.mdp: actions of {_short(s)} must be a table")
            env[s] = {}
            for a, dist in acts.items():
                if not isinstance(dist, dict) or not dist:
                    raise Malformed(f"environment.mdp: T({_short(s, str)}, {_short(a, str)}) must be a non-empty table")
                row = {_name(t, s): _num(p, f"T({_short(s, str)}, {_short(a, str)})[{_short(t, str)}]") for t, p in dist.items()}
                if any(p < 0 for p in row.values()) or sum(row.values()) != 1:
                    raise Malformed(f"environment.mdp: T({_short(s, str)}, {_short(a, str)}) is not a probability distribution")
                env[s][a] = {t: p for t, p in row.items() if p}
        if not env[s]:
            env[s] = {"stay": {s: Fraction(1)}}
    states = list(env)
    if "states" in spec:
        if not isinstance(spec["states"], list) or not all(isinstance(u, str) for u in spec["states"]) or \
                sorted(spec["states"]) != sorted(states) or len(spec["states"]) != len(states):
            raise Malformed("environment.mdp: states must list every state once")
        states = list(spec["states"])
    if any(t not in env for row in env.values() for dist in row.values() for t in dist):
        raise Malformed("environment.mdp: a transition leads to an unknown state")
    return states, env


def _solve(M: list[list[Fraction]], b: list[Fraction]) -> list[Fraction]:
    """The unique solution of M x = b (Gauss-Jordan over the rationals)."""
    n = len(b)
    rows = [M[i][:] + [b[i]] for i in range(n)]
    for c in range(n):
        p = next((i for i in range(c, n) if rows[i][c] != 0), None)
        if p is None:
            raise Malformed("environment: a singular system (the chain is not well defined)")
        rows[c], rows[p] = rows[p], rows[c]
        piv = rows[c][c]
        rows[c] = [x / piv for x in rows[c]]
        for i in range(n):
            if i != c and rows[i][c] != 0:
                f = rows[i][c]
                rows[i] = [x - f * y for x, y in zip(rows[i], rows[c])]
    return [rows[i][n] for i in range(n)]


def _reach(env: Env, s: str) -> list[str]:
    """The states reachable from s, s first (at most len(env) rounds, each expanding only the new states)."""
    seen = new = {s}
    for _ in env:
        new = {t for u in new for dist in env[u].values() for t in dist} - seen
        seen |= new     # in place: a copy per round made a long chain quadratic, before any charge
    return [s] + [u for u in env if u in seen and u != s]


def _discounted(P: dict[str, dict[str, Fraction]], R: list[str], s: str, g: Fraction) -> dict[str, Fraction]:
    """f with f = e_s + g T_pi^T f, i.e. sum_t g^t P(s_t = .)."""
    idx = {u: i for i, u in enumerate(R)}
    M = [[Fraction(int(i == j)) for j in range(len(R))] for i in range(len(R))]
    for u in R:
        for t, p in P[u].items():
            M[idx[t]][idx[u]] -= g * p
    x = _solve(M, [Fraction(int(u == s)) for u in R])
    return dict(zip(R, x))


def _average(P: dict[str, dict[str, Fraction]], R: list[str], s: str) -> dict[str, Fraction]:
    """The Cesaro limit of the chain's distribution from s (OPTS Def. 6.10)."""
    reach = {u: set(_reach({k: {"a": v} for k, v in P.items()}, u)) for u in R}
    recurrent = [u for u in R if all(u in reach[v] for v in reach[u])]
    classes: list[list[str]] = []
    for u in recurrent:
        if not any(u in K for K in classes):
            classes.append([v for v in R if v in reach[u]])
    transient = [u for u in R if u not in recurrent]
    out = {u: Fraction(0) for u in R}
    for K in classes:
        n = len(K)   # pi (P_K - I) = 0 with sum pi = 1: the last equation replaced by the sum
        M = [[P[K[j]].get(K[i], Fraction(0)) - int(i == j) for j in range(n)] for i in range(n - 1)] + [[Fraction(1)] * n]
        pi = _solve(M, [Fraction(0)] * (n - 1) + [Fraction(1)])
        if s in K:
            h = Fraction(1)
        elif s not in transient:
            continue
        else:
            ti = {u: i for i, u in enumerate(transient)}
            T = [[Fraction(int(i == j)) - P[u].get(v, Fraction(0)) for j, v in enumerate(transient)]
                 for i, u in enumerate(transient)]
            h = _solve(T, [sum((p for t, p in P[u].items() if t in K), Fraction(0)) for u in transient])[ti[s]]
        for u, p in zip(K, pi):
            out[u] += h * p
    return out


def _lassos(env: Env, s: str, width: int, budget: Budget) -> list[tuple[list[str], list[str], str]]:
    """(prefix, cycle, first action) for every lasso from s of a deterministic environment.

    A depth-first walk on an explicit stack (no recursion on the path length); each step costs one
    unit and each lasso found ``width`` (its vector's coordinates) plus its length, charged before
    the lasso is stored, so a graph with too many lassos is refused before it fills memory.
    """
    found: list[tuple[list[str], list[str], str]] = []
    path, firsts, on_path = [s], [""], {s}
    stack = [iter(env[s].items())]
    while stack:
        step = next(stack[-1], None)
        if step is None:
            stack.pop()
            on_path.discard(path.pop())
            firsts.pop()
            continue
        a, dist = step
        budget.spend()
        t = next(iter(dist))
        act = firsts[-1] or a
        if t in on_path:
            budget.spend(width + len(path))
            i = path.index(t)
            found.append((path[:i], path[i:], act))
        else:
            path.append(t)
            firsts.append(act)
            on_path.add(t)
            stack.append(iter(env[t].items()))
    return found


def outcome_sets(spec: Any, state: Any, discount: Any, budget: Budget) -> tuple[list[str], dict[Vec, set[str]]]:
    """(coordinates, {vector of F(s) or RSD(s): the first actions that produce it})."""
    states, env = parse_environment(spec, budget)
    if not isinstance(state, str) or state not in env:
        raise Malformed(f"environment.state: {_short(state)} is not a state")
    g = None if discount == "average" else _num(discount, "environment.discount")
    if g is not None and not 0 < g < 1:
        raise Malformed("environment.discount: must lie in (0, 1) or be 'average'")
    out: dict[Vec, set[str]] = {}
    size = 1 if g is None else g.numerator.bit_length() + g.denominator.bit_length()
    if all(len(d) == 1 for row in env.values() for d in row.values()):   # one successor: probability 1
        lassos = _lassos(env, state, len(states), budget)
        units = 0           # every lasso's vector charged before the first is computed: refused before the work
        for prefix, cycle, _ in lassos:
            n, N = len(prefix) + len(cycle), (len(prefix) + len(cycle)) * size    # g^t, t <= n: N-bit numbers
            cycle_units = 0 if g is None else len(cycle) * (N // 100 + N * N // 2_500_000)    # a gcd each: quadratic
            units += n * (1 + N // 2000 + N * N // 25_000_000) + cycle_units
        budget.spend(units)
        for prefix, cycle, first in lassos:
            vec = dict.fromkeys(states, Fraction(0))
            if g is None:
                for c in cycle:
                    vec[c] += Fraction(1, len(cycle))
            else:
                for t, p in enumerate(prefix):
                    vec[p] += g ** t
                for l_, c in enumerate(cycle):
                    vec[c] += g ** (len(prefix) + l_) / (1 - g ** len(cycle))
            out.setdefault(tuple(vec[u] for u in states), set()).add(first)
        return states, out
    R = _reach(env, state)
    choices = [list(env[u].items()) for u in R]
    total = 1
    for options in choices:
        total *= len(options)
    n = len(R)      # per policy: an n x n exact elimination (n^3 steps on entries that grow with n)
    size = max([size] + [p.numerator.bit_length() + p.denominator.bit_length()
                         for row in env.values() for d in row.values() for p in d.values()])
    budget.spend(total * (n ** 3 + n * n + sum(map(len, choices))) * (1 + n * size // 400))
    for pick in itertools.product(*choices):
        P = {u: dist for u, (_, dist) in zip(R, pick)}
        f = _average(P, R, state) if g is None else _discounted(P, R, state, g)
        out.setdefault(tuple(f.get(u, Fraction(0)) for u in states), set()).add(pick[0][0])
    return states, out
