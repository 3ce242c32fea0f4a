"""The blocks engine: coordinates interchangeable in every group form symmetry blocks.

Support reduction is the block of coordinates outside every support. The engine enumerates how the
reward's multiset splits over the blocks and weights each split by its number of arrangements.
"""

from __future__ import annotations

import math
from typing import Any, Callable, Sequence

import numpy as np

from symorbit.orbits.engines.prefixes import Evaluator
from symorbit.orbits.engines.problem import BATCH_ROWS, Problem, Signs, multinomial, submultisets
from symorbit.outcomes.groups import factorial, product

__all__: list[str] = []


def coordinate_blocks(problem: Problem) -> list[list[int]]:
    """Classes of coordinates i ~ j whose transposition maps every group to itself.

    The relation is an equivalence ((ik) = (ij)(jk)(ij)), so each coordinate is
    compared only with one representative per class.
    """
    d = problem.d
    vecs = problem.vectors
    group_sets = [frozenset(vecs[i] for i in g) for g in problem.groups]
    zero = [j for j in range(d) if all(v[j] == 0 for v in vecs)]
    sym_blocks: list[list[int]] = [zero] if zero else []
    buckets: dict[Any, list[list[int]]] = {}

    def swaps_ok(i: int, j: int) -> bool:
        for gs in group_sets:
            for v in gs:
                if v[i] == v[j]:
                    continue
                w = list(v)
                w[i], w[j] = w[j], w[i]
                if tuple(w) not in gs:
                    return False
        return True

    zero_set = set(zero)
    for j in range(d):
        if j in zero_set:
            continue
        sig = tuple(tuple(sorted(vecs[i][j] for i in g)) for g in problem.groups)
        for cls in buckets.setdefault(sig, []):
            if swaps_ok(cls[0], j):
                cls.append(j)
                break
        else:
            new = [j]
            buckets[sig].append(new)
            sym_blocks.append(new)
    return sym_blocks


def estimate_distributions(problem: Problem, sym_blocks: list[list[int]]) -> int:
    """A lower bound on the number of multiset distributions: |orbit| / ∏ |class|!."""
    orbit = multinomial(problem.multiplicities)
    return max(1, orbit // math.prod(math.factorial(len(c)) for c in sym_blocks))


def padding(problem: Problem, sym_blocks: list[list[int]]) -> int | None:
    """The value c every vector takes on every coordinate of the largest block, or None.

    Then v·r = Σ_{j outside it} (v_j − c)·r_j + c·Σ r, and c·Σ r is the same for every vector
    and every arrangement of r: comparisons need only the other coordinates, shifted by c.
    """
    last = sorted(sym_blocks, key=len)[-1]          # the block :func:`blocks` puts last
    c = problem.vectors[0][last[0]] if problem.vectors else 0
    return c if all(v[j] == c for v in problem.vectors for j in last) else None


def row_length(problem: Problem, sym_blocks: list[list[int]]) -> int:
    """Coordinates in one row of :func:`blocks`: all but the largest block when every vector is constant on it."""
    last = max(map(len, sym_blocks))
    return problem.d if padding(problem, sym_blocks) is None else problem.d - last


def blocks(problem: Problem, sym_blocks: list[list[int]],
           progress: Callable[[int], None] | None = None) -> tuple[dict[Signs, int], int]:
    """Tally the signs over every split of the reward's multiset across the symmetry blocks.

    The largest block comes last and takes the values left over. Its arrangements are never
    enumerated: with c the counts left and L its size, there are L!/∏ c_v! of them, which is
    (L!/∏ m_v!)·∏ (m_v)_(m_v − c_v); the falling factorials are carried as the earlier blocks take
    values (O(1) a value), and the common factor L!/∏ m_v! is applied to the totals (exactly: every
    split's weight is an integer). When every vector takes one value c on that block (0 for
    coordinates outside every support, any c for a constant padding), its values enter every dot
    product alike (:func:`padding`), so rows hold only the other blocks' coordinates, with the
    vectors shifted by c: a split costs O(d − L), not O(d) (two singletons against a block of 998
    zeros, or of 998 ones, is 10^6 splits of 2 coordinates each).
    """
    vals = problem.values
    order = sorted(sym_blocks, key=len)
    last = order[-1]
    shift = padding(problem, sym_blocks)
    inert = shift is not None                               # every vector is `shift` on the last block
    if shift is not None:       # rows of the other blocks' coordinates, the vectors shifted by c (it can double an entry)
        cols = [j for b in order[:-1] for j in b]
        ev = Evaluator(problem, [[v[j] - shift for j in cols] for v in problem.vectors])
    else:
        cols, ev = list(range(problem.d)), Evaluator(problem)
    where = {j: i for i, j in enumerate(cols)}
    m = list(problem.multiplicities)
    scale_num, scale_den = factorial(len(last)), product([factorial(c) for c in m if c > 1])
    rows: list[list[int]] = []
    weights: list[int] = []

    def flush() -> None:
        if not rows:
            return
        R = np.array(rows, dtype=ev.dtype).reshape(len(rows), len(cols))
        ev.add(ev.V @ R.T, np.array(weights, dtype=object))
        if progress is not None:
            progress(int(sum(weights)) * scale_num // scale_den)
        rows.clear()
        weights.clear()

    rep = [0] * len(cols)
    counts = list(m)

    def emit(weight: int) -> None:
        if not inert:                       # the leftover values, in any order: the last block is symmetric
            left = iter(last)
            for k, c in enumerate(counts):
                for _ in range(c):
                    rep[next(left)] = vals[k]
        rows.append(list(rep))
        weights.append(weight)
        if len(rows) >= BATCH_ROWS:
            flush()

    def place(i: int, weight: int) -> None:
        if i == len(order) - 1:
            emit(weight)
            return
        block = order[i]
        if len(block) == 1:                 # a singleton: each value still there, O(1) each
            pos = where[block[0]]
            for k, c in enumerate(counts):
                if c:
                    rep[pos] = vals[k]
                    counts[k] = c - 1
                    place(i + 1, weight * c)
                    counts[k] = c
            return
        for sub in submultisets(list(counts), len(block)):
            values = [vals[k] for k, t in enumerate(sub) for _ in range(t)]
            for pos, val in zip(block, values):
                rep[where[pos]] = val
            falling = product([product(range(c - t + 1, c + 1)) for c, t in zip(counts, sub) if t])
            saved = list(counts)
            counts[:] = [c - t for c, t in zip(counts, sub)]
            place(i + 1, weight * multinomial(sub) * falling)
            counts[:] = saved

    k = len(order) - 1
    if inert and 1 <= k <= 3 and all(len(b) == 1 for b in order[:-1]) and problem.d < 2 * 10**6:
        _singletons(ev, k, m, vals)         # every split at once in numpy: the rows are the u^k index tuples
    else:
        place(0, 1)
        flush()
    tally = {s: t * scale_num // scale_den for s, t in ev.tally.items()}
    return tally, ev.evaluations


def _singletons(ev: Evaluator, k: int, m: list[int], vals: Sequence[int]) -> None:
    """Every split of k singleton blocks: index tuples (i_1..i_k), weight ∏_j (m_{i_j} − #{l < j : i_l = i_j})
    (the falling factorials of :func:`blocks`), zero weights dropped; in batches of about BATCH_ROWS rows."""
    u = len(m)
    M, V = np.array(m, dtype=np.int64), np.array(vals, dtype=ev.dtype)
    if k == 2 and max(m) == 1:          # distinct values: every ordered pair (i, j), i != j, once
        step = max(1, BATCH_ROWS // u)
        for s0 in range(0, u, step):    # all pairs with weight 1 (an outer sum per vector), less the diagonal
            rows = V[s0:s0 + step]
            dots = ev.V[:, 0, None, None] * rows[None, :, None] + ev.V[:, 1, None, None] * V[None, None, :]
            ev.add(dots.reshape(len(ev.V), -1), 1)
        ev.add(ev.V @ np.vstack([V, V]), -1)
        return
    grid = np.indices((u,) * (k - 1)).reshape(k - 1, -1) if k > 1 else np.zeros((0, 1), dtype=np.intp)
    per = grid.shape[1]
    step = max(1, BATCH_ROWS // per)
    for s0 in range(0, u, step):
        first = np.arange(s0, min(u, s0 + step))
        idx = np.vstack([np.repeat(first, per), np.tile(grid, len(first))])
        w = np.ones(idx.shape[1], dtype=np.int64)
        for j in range(k):
            w *= M[idx[j]] - sum((idx[i] == idx[j]).astype(np.int64) for i in range(j))
        keep = w > 0
        idx, w = idx[:, keep], w[keep]
        if len(w) * max(m) ** k >= 2**62:   # the tally sums weights: exact beyond int64
            w = w.astype(object)
        # One weight for every split (distinct values: each arrangement once) takes the evaluator's histogram path.
        ev.add(ev.V @ V[idx], int(w[0]) if len(w) and (w == w[0]).all() else w)


# ---------------------------------------------------------------- topwalk (one-hot)
