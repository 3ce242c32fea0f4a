"""The vectorised and pruning engines: integer-scaled DFS over prefixes with a numpy table of suffixes.

vectorised  integer-scaled; a DFS over prefixes and a numpy table of suffix arrangements
pruning     as vectorised, plus rearrangement-inequality bounds at every prefix: a
            prefix whose signs are decided for every completion adds its whole subtree
"""

from __future__ import annotations

import math
from collections import Counter
from functools import lru_cache
from typing import Any, Callable, Sequence

import numpy as np
from more_itertools import distinct_permutations

from symorbit.orbits.engines.problem import (
    INT64_SAFE,
    PRUNE_SUFFIX_ROWS,
    SUFFIX_ROWS,
    Problem,
    Signs,
    multinomial,
)

__all__: list[str] = []


class Evaluator:
    """Evaluate batches of integer rewards: dots, group maxima, signs, weighted tally.

    Dots are kept transposed (n_vectors × N): each group's maximum is then a
    reduction over a few contiguous rows, which numpy does fastest.
    """

    def __init__(self, problem: Problem, vectors: Sequence[Sequence[int]] | None = None) -> None:
        """``vectors``: the rows to dot with the rewards, when not ``problem.vectors`` (one per vector, each of
        the same width; int64 only while every dot product of that width stays below INT64_SAFE)."""
        self.problem = problem
        rows = problem.vectors if vectors is None else vectors
        width = problem.d if vectors is None else len(rows[0]) if rows else 0
        bound = max(1, max((abs(x) for v in rows for x in v), default=0))       # at least 1: the reward's values
        bound *= max(1, max((abs(x) for x in problem.values), default=0)) * max(1, width)    # must fit as well
        self.dtype: Any = np.int64 if bound < INT64_SAFE else object
        self.V = np.array(rows, dtype=self.dtype).reshape(len(rows), width)
        self.vals = np.array(problem.values, dtype=self.dtype)
        self.tally: Counter = Counter()
        self.evaluations = 0
        self.selectors = [self._selector(g) for g in problem.groups]
        self.n_codes = 3 ** len(problem.pairs)

    @staticmethod
    def _selector(g: Sequence[int]) -> Any:
        if not g:
            return None
        if list(g) == list(range(g[0], g[0] + len(g))):
            return slice(g[0], g[0] + len(g))
        return list(g)

    def add(self, dots_t: np.ndarray, weights: np.ndarray | int) -> None:
        """dots_t: n_vectors × N. weights: an int (same for every column) or a length-N array."""
        p = self.problem
        n = dots_t.shape[1]
        self.evaluations += n
        maxima = [dots_t[sel].max(axis=0) if sel is not None else None for sel in self.selectors]
        code = np.zeros(n, dtype=np.int64)
        for k, (x, y) in enumerate(p.pairs):
            mx, my = maxima[x], maxima[y]
            if my is None:
                code += 2 * 3**k
            else:
                diff = mx - my
                code += ((diff >= 0).astype(np.int64) + (diff > 0).astype(np.int64)) * 3**k
        if isinstance(weights, (int, np.integer)):
            if self.n_codes <= 4096:
                hist = np.bincount(code, minlength=self.n_codes)
                for c in np.flatnonzero(hist).tolist():
                    self.tally[self._decode(c)] += int(hist[c]) * int(weights)
            else:
                uniq, cnt = np.unique(code, return_counts=True)
                for c, m in zip(uniq.tolist(), cnt.tolist()):
                    self.tally[self._decode(c)] += int(m) * int(weights)
        else:
            for c in np.unique(code).tolist():
                sel = weights[code == c]
                total = int(sel.sum()) if sel.dtype != object else sum(int(w) for w in sel)
                self.tally[self._decode(c)] += total

    def _decode(self, code: int) -> Signs:
        out = []
        for _ in self.problem.pairs:
            out.append(code % 3 - 1)
            code //= 3
        return tuple(out)


@lru_cache(maxsize=256)
def _suffix_table(counts: tuple[int, ...]) -> np.ndarray:
    """Distinct arrangements of the multiset {local id i repeated counts[i]} (all counts > 0),
    transposed: row j holds the id at suffix position j of every arrangement.

    Keyed on the multiplicity pattern only, so all prefixes leaving the same
    pattern (e.g. every prefix of a distinct-valued reward) share one table.
    """
    items = [i for i, c in enumerate(counts) for _ in range(c)]
    rows = list(distinct_permutations(items))
    return np.ascontiguousarray(np.array(rows, dtype=np.int64).reshape(len(rows), len(items)).T)


def _suffix_length(counts: Sequence[int], rows: int = SUFFIX_ROWS) -> int:
    """Longest suffix whose arrangement table stays below ``rows`` for any remaining multiset."""
    d = sum(counts)
    s = 0
    while s < d and math.factorial(s + 1) <= rows:
        s += 1
    return s


def _bounds(vec_rem: list[list[int]], vals_sorted_desc: list[int]) -> tuple[list[int], list[int]]:
    """Rearrangement inequality: max / min of Σ a_j r_σ(j) over arrangements of the values."""
    hi, lo = [], []
    asc = vals_sorted_desc[::-1]
    for coeffs in vec_rem:
        c = sorted(coeffs, reverse=True)
        hi.append(sum(a * b for a, b in zip(c, vals_sorted_desc)))
        lo.append(sum(a * b for a, b in zip(c, asc)))
    return lo, hi


def _decided(problem: Problem, lo: list[int], hi: list[int]) -> Signs | None:
    glo = [max(lo[i] for i in g) if g else None for g in problem.groups]
    ghi = [max(hi[i] for i in g) if g else None for g in problem.groups]
    out = []
    for x, y in problem.pairs:
        lx, hx, ly, hy = glo[x], ghi[x], glo[y], ghi[y]
        if ly is None or hy is None:
            out.append(1)
        elif lx is None or hx is None:  # an empty X against a non-empty Y
            out.append(-1)
        elif lx > hy:
            out.append(1)
        elif hx < ly:
            out.append(-1)
        elif glo[x] == ghi[x] == glo[y] == ghi[y]:
            out.append(0)
        else:
            return None
    return tuple(out)


def enumerate_prefixes(problem: Problem, *, prune: bool,
                       progress: Callable[[int], None] | None = None) -> tuple[dict[Signs, int], int, int]:
    """Vectorised / pruning engine. Returns (tally, evaluations, pruned subtrees)."""
    ev = Evaluator(problem)
    d, nvec = problem.d, len(problem.vectors)
    s = _suffix_length(problem.multiplicities, PRUNE_SUFFIX_ROWS if prune else SUFFIX_ROWS)
    p = d - s
    V_suffix = [ev.V[:, p + j][:, None] for j in range(s)]
    counts = list(problem.multiplicities)
    vals = problem.values
    prefix_dot = [0] * nvec
    pruned = 0
    cols = [[problem.vectors[i][j] for i in range(nvec)] for j in range(d)]

    def leaf() -> None:
        live = [k for k, c in enumerate(counts) if c]
        table = _suffix_table(tuple(counts[k] for k in live))
        live_vals = ev.vals[live]
        dots = np.empty((nvec, table.shape[1]), dtype=ev.dtype)
        dots[...] = np.array(prefix_dot, dtype=ev.dtype)[:, None]
        for j in range(s):
            dots += V_suffix[j] * live_vals[table[j]][None, :]
        ev.add(dots, 1)
        if progress is not None:
            progress(table.shape[1])

    def dfs(depth: int) -> None:
        nonlocal pruned
        if depth == p:
            leaf()
            return
        if prune and depth > 0:
            remaining = sorted((v for v, c in zip(vals, counts) for _ in range(c)), reverse=True)
            rem = [[problem.vectors[i][j] for j in range(depth, d)] for i in range(nvec)]
            lo, hi = _bounds(rem, remaining)
            signs = _decided(problem, [a + b for a, b in zip(prefix_dot, lo)], [a + b for a, b in zip(prefix_dot, hi)])
            if signs is not None:
                size = multinomial(counts)
                ev.tally[signs] += size
                pruned += 1
                if progress is not None:
                    progress(size)
                return
        col = cols[depth]
        for k, v in enumerate(vals):
            if counts[k] == 0:
                continue
            counts[k] -= 1
            for i in range(nvec):
                prefix_dot[i] += col[i] * v
            dfs(depth + 1)
            for i in range(nvec):
                prefix_dot[i] -= col[i] * v
            counts[k] += 1

    dfs(0)
    return dict(ev.tally), ev.evaluations + pruned, pruned


# ---------------------------------------------------------------- blocks (symmetry reduction)
