"""The blocks engine: coordinates interchangeable in every group form symmetry blocks.

Support reduction is the block of coordinates outside every support. The engine enumerates how the
reward's multiset splits over the blocks and weights each split by its number of arrangements.
"""

from __future__ import annotations

import math
from typing import Any, Callable, Iterator, Sequence

import numpy as np

from symorbit.orbits.engines.prefixes import Evaluator
from symorbit.orbits.engines.problem import BATCH_ROWS, Problem, Signs, multinomial, submultisets

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


def blocks(problem: Problem, sym_blocks: list[list[int]],
           progress: Callable[[int], None] | None = None) -> tuple[dict[Signs, int], int]:
    ev = Evaluator(problem)
    d = problem.d
    vals = problem.values
    order = sorted(sym_blocks, key=len)
    rows: list[list[int]] = []
    weights: list[int] = []

    def flush() -> None:
        if not rows:
            return
        R = np.array(rows, dtype=ev.dtype).reshape(len(rows), d)
        W = np.array(weights, dtype=object)
        ev.add(ev.V @ R.T, W)
        if progress is not None:
            progress(int(sum(weights)))
        rows.clear()
        weights.clear()

    rep = [0] * d

    def place(i: int, counts: list[int], weight: int) -> None:
        if i == len(order) - 1:
            take = counts
            subsets: Iterator[Sequence[int]] = iter([tuple(take)])
        else:
            subsets = submultisets(counts, len(order[i]))
        for sub in subsets:
            values = [vals[k] for k, c in enumerate(sub) for _ in range(c)]
            for pos, val in zip(order[i], values):
                rep[pos] = val
            w = weight * multinomial(sub)
            if i == len(order) - 1:
                rows.append(list(rep))
                weights.append(w)
                if len(rows) >= BATCH_ROWS:
                    flush()
            else:
                place(i + 1, [c - t for c, t in zip(counts, sub)], w)

    place(0, list(problem.multiplicities), 1)
    flush()
    return dict(ev.tally), ev.evaluations


# ---------------------------------------------------------------- topwalk (one-hot)
