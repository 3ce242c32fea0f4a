"""Meet-in-the-middle orbit counter with bitsets (private engine ``mitm``).

The question is the one of :mod:`symorbit.orbits.engines.problem`: pairs (X, Y) of groups of
integer vectors, and for every distinct orbit element r′ of the reward the signs
sign(max_X xᵀr′ − max_Y yᵀr′). The answer is ``{signs: number of orbit elements}``.

Algorithm
---------
Split the coordinates into L (the first k) and R (the other d − k). An orbit
element is a choice of the sub-multiset of reward values that lands on L, one
distinct arrangement of it on L and one distinct arrangement of the rest on R;
every orbit element arises exactly once, so the counts are element counts
(docs/theory.md#p1) with no weights. For one split write u_x = x_L·r_L (one entry per L
arrangement) and v_x = x_R·r_R (one per R arrangement). Then

    max_X > max_Y  ⇔  ∃x ∈ X ∀y ∈ Y:  u_x − u_y > v_y − v_x.

For each vector pair (x, y) sort the L arrangements by the key u_x − u_y. For a
fixed R arrangement the L arrangements meeting the pair condition form a suffix of
that order (a binary search finds where; ``side="right"`` for >, ``"left"`` for ≥),
so with the suffix bitsets precomputed the L arrangements where X beats Y form the
bitset OR_x AND_y S_xy[rank], and the count is its popcount. "≥" is the same with
the other side; sign 0 is GE ∧ ¬GT and sign −1 is ¬GE. Everything is vectorised
over the R arrangements with numpy (searchsorted, one gather, bitwise reductions,
``np.bitwise_count``) and the splits are spread over processes.

Cost per split: about |R| · P · (⌈|L|/64⌉ + 14) 64-bit word operations, P = 2 Σ |X||Y|
over the pairs (a gather for > and one for ≥), against |L||R| · (number of
vectors) multiply-adds for a brute force: the bitsets handle 64 L arrangements per
operation. :func:`plan` picks k by minimising this estimate plus a per-split
overhead and reports it; the guard in :mod:`symorbit.orbits.engines.select` refuses on it.

Exactness: the reward and the vectors are integers already (scaled by
:func:`symorbit.orbits.engines.problem.make_problem`). When 2·d·max|x|·max|r| could leave
int64, the partial sums are Python integers (numpy ``object`` arrays): the
bitset part never looks at the values, so only the sorting is slower.

References
----------
PR Def. 3.1 (orbit), Def. 3.2 (counting orbit elements); docs/theory.md#most, docs/theory.md#pitfalls P1, P2.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from itertools import product
from multiprocessing import get_all_start_methods, get_context
from typing import Any

import numpy as np
from more_itertools import distinct_permutations

from symorbit.orbits.engines.problem import INT64_SAFE, Signs, multinomial, submultisets

__all__: list[str] = []

#: Word-operation equivalent of the fixed numpy cost of one split (a few dozen calls).
SPLIT_OVERHEAD = 30_000
#: Fixed cost of gathering one bitset row, in words (measured: ~11 ns a row, ~0.8 ns a word).
ROW_WORDS = 14
#: Largest number of L arrangements (bitset length) a plan may use.
MAX_LEFT = 5_040
#: Gathered words per batch of R arrangements (bounds memory to a few tens of MB).
BATCH_WORDS = 1 << 21
#: Splits enumerated exactly by :func:`plan`; above this only a lower bound is computed.
MAX_PLANNED_SPLITS = 50_000
#: Below this estimate (word operations) one process is faster than starting a pool.
PARALLEL_MIN_WORK = 4 * 10**7
#: Independent tasks one count is split into on an executor (a cluster): enough to balance
#: a few dozen workers, few enough that scheduling stays a small part of the work.
CLUSTER_BLOCKS = 64
#: Largest number of compared pairs (the tally has 3^pairs sign patterns).
MAX_PAIRS = 3


@dataclass(frozen=True)
class Plan:
    """How :func:`mitm` will split an instance, and what that costs.

    ``work`` is the estimated number of 64-bit word operations (the unit of the
    guard); ``exact`` says whether it was summed over the actual splits (else it is
    a lower bound: the instance has too many splits to list).
    """

    k: int
    splits: int
    work: int
    exact: bool
    max_left: int


def applicable(problem: Any) -> str | None:
    """None if :func:`mitm` handles the question, else the reason it does not."""
    if len(problem.pairs) > MAX_PAIRS:
        return f"engine='mitm' compares at most {MAX_PAIRS} pairs of sets (got {len(problem.pairs)})"
    for x, _y in problem.pairs:
        if not problem.groups[x]:
            return "engine='mitm' needs a non-empty first set in every compared pair"
    return None


def _pair_weight(problem: Any) -> int:
    """P: gathered bitsets per R arrangement (two per vector pair: > and ≥)."""
    return 2 * sum(len(problem.groups[x]) * len(problem.groups[y]) for x, y in problem.pairs if problem.groups[y])


def _count_submultisets(counts: Sequence[int], k: int) -> int:
    ways = [1] + [0] * k
    for c in counts:
        new = [0] * (k + 1)
        for s in range(k + 1):
            if ways[s]:
                for t in range(min(c, k - s) + 1):
                    new[s + t] += ways[s]
        ways = new
    return ways[k]


def _split_work(n_left: int, n_right: int, weight: int) -> int:
    """Word operations of one split: per R arrangement and gathered bitset, its words plus
    :data:`ROW_WORDS` (a gather fetches whole rows); the reductions; building the P/2 tables
    (zeroing, scatter, running OR, transpose: about four passes of 2 words per bit row)."""
    words = -(-n_left // 64)
    return (n_right * weight * (words + ROW_WORDS) + 2 * n_right * words
            + 4 * weight * (n_left + 1) * words + SPLIT_OVERHEAD)


def plan(problem: Any) -> Plan:
    """Choose k (|L|) for :func:`mitm` and estimate its work in 64-bit word operations.

    For every k with at most :data:`MAX_PLANNED_SPLITS` splits the estimate is summed
    exactly over the splits (:func:`_split_work`); the cheapest k whose bitsets stay
    below :data:`MAX_LEFT` bits wins. When no k qualifies, the returned plan carries a
    lower bound (orbit size × P / 64 word operations), which is all the guard needs.
    """
    counts = problem.counts
    d = sum(counts)
    weight = _pair_weight(problem)
    best: Plan | None = None
    for k in range(d + 1):
        n_splits = _count_submultisets(counts, k)
        if n_splits > MAX_PLANNED_SPLITS:
            continue
        work, max_left = 0, 0
        for t in submultisets(counts, k):
            n_left = multinomial(t)
            max_left = max(max_left, n_left)
            work += _split_work(n_left, multinomial([c - x for c, x in zip(counts, t)]), weight)
        if max_left > MAX_LEFT:
            continue
        if best is None or work < best.work:
            best = Plan(k, n_splits, work, True, max_left)
    if best is None:
        orbit = multinomial(counts)
        return Plan(d // 2, _count_submultisets(counts, d // 2), max(1, orbit * max(weight, 1) // 64), False, 0)
    return best


# ---------------------------------------------------------------- one split
@lru_cache(maxsize=512)
def _arrangements(counts: tuple[int, ...]) -> np.ndarray:
    """Distinct arrangements of {value id i repeated counts[i]}, transposed (position × arrangement)."""
    items = [i for i, c in enumerate(counts) for _ in range(c)]
    rows = list(distinct_permutations(items)) if items else [()]
    return np.ascontiguousarray(np.array(rows, dtype=np.int64).reshape(len(rows), len(items)).T)


def _side_dots(V: np.ndarray, vals: np.ndarray, counts: tuple[int, ...]) -> np.ndarray:
    """n_vectors × N: each vector's dot product with every distinct arrangement of the side's values."""
    table = _arrangements(counts)
    out = np.zeros((V.shape[0], table.shape[1]), dtype=V.dtype)
    for j in range(table.shape[0]):
        out += V[:, j][:, None] * vals[table[j]][None, :]
    return out


#: Key ranges below this are ranked by a 16-bit radix sort and a cumulative histogram.
SMALL_RANGE = 30_000


@lru_cache(maxsize=64)
def _scatter_base(P: int, N: int, W: int) -> np.ndarray:
    """Flat word offsets of row (p, j), j = 1..N, in a table laid out (N+1) × P × W."""
    return (np.arange(1, N + 1, dtype=np.int64)[None, :] * P + np.arange(P, dtype=np.int64)[:, None]) * W


def _top_bitsets(order: np.ndarray) -> np.ndarray:
    """order: P × N, each row the L arrangements sorted by key (ascending).

    Returns a (P·(N+1)) × W uint64 table: row p·(N+1) + j holds the bits of the j
    arrangements with the largest keys of pair p (j = 0 is empty). The running OR is
    taken in the layout (N+1) × P × W, so that each step ORs P·W contiguous words.
    """
    P, N = order.shape
    W = -(-N // 64)
    rev = order[:, ::-1]
    M = np.zeros((N + 1) * P * W, dtype=np.uint64)
    M[_scatter_base(P, N, W) + (rev >> 6)] = np.left_shift(np.uint64(1), (rev & 63).astype(np.uint64))
    M = M.reshape(N + 1, P * W)
    np.bitwise_or.accumulate(M, axis=0, out=M)
    # Gathers then read one pair's rows at a time: store pair-major ((p, j) at row p·(N+1) + j).
    return np.ascontiguousarray(M.reshape(N + 1, P, W).transpose(1, 0, 2)).reshape(P * (N + 1), W)


def _ranks(K: np.ndarray, T: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For keys K (P × N) and thresholds T (P × n): the order of each row of K and, as
    row indices into :func:`_top_bitsets`'s table, the sets {key > t} and {key ≥ t}
    (the set of the c largest keys of pair p is row p·(N+1) + c).
    """
    P, N = K.shape
    pcol = np.arange(P, dtype=np.int64)[:, None]
    if K.dtype != object and K.size:
        kmin, kmax = int(K.min()), int(K.max())
        span = kmax - kmin
        if span < SMALL_RANGE:
            Ks = (K - kmin).astype(np.int16)
            order = np.argsort(Ks, axis=1, kind="stable")                # radix sort
            width = span + 2
            hist = np.bincount((Ks + (np.arange(P, dtype=np.int64) * width + 1)[:, None]).ravel(),
                               minlength=P * width).reshape(P, width)
            below = np.cumsum(hist, axis=1)       # below[p, v + 1] = #{key ≤ kmin + v}, below[p, 0] = 0
            rows = ((N - below) + pcol * (N + 1)).ravel()
            shift = (np.arange(P, dtype=np.int64) * width)[:, None]
            gt = np.take(rows, np.clip(T - (kmin - 1), 0, span + 1) + shift)
            ge = np.take(rows, np.clip(T - kmin, 0, span + 1) + shift)
            return order, gt, ge
    order = np.argsort(K, axis=1, kind="stable")
    sorted_keys = np.take_along_axis(K, order, axis=1)
    gt = np.empty(T.shape, dtype=np.int64)
    ge = np.empty(T.shape, dtype=np.int64)
    for p in range(P):
        gt[p] = np.searchsorted(sorted_keys[p], T[p], side="right")
        ge[p] = np.searchsorted(sorted_keys[p], T[p], side="left")
    return order, (N - gt) + pcol * (N + 1), (N - ge) + pcol * (N + 1)


def _popcount(a: np.ndarray) -> int:
    return int(np.bitwise_count(a).sum(dtype=np.int64))


def _split_tally(V: np.ndarray, vals_left: np.ndarray, vals_right: np.ndarray,
                 groups: Sequence[Sequence[int]], pairs: Sequence[tuple[int, int]], k: int,
                 left: tuple[int, ...], right: tuple[int, ...]) -> Counter:
    """Sign tally of one split: ``left``/``right`` are the multiplicities of ``vals_left``/``vals_right``."""
    U = _side_dots(V[:, :k], vals_left, left)
    Vr = _side_dots(V[:, k:], vals_right, right)
    n_left, n_right = U.shape[1], Vr.shape[1]
    W = -(-n_left // 64)
    full = np.full(W, np.uint64(2**64 - 1), dtype=np.uint64)
    if n_left % 64:
        full[-1] = np.uint64((1 << (n_left % 64)) - 1)
    xs: list[int] = []
    ys: list[int] = []
    spans: list[tuple[int, int, int] | None] = []
    for x, y in pairs:
        if not groups[y]:
            spans.append(None)
            continue
        spans.append((len(xs), len(groups[x]), len(groups[y])))
        for a in groups[x]:
            for b in groups[y]:
                xs.append(a)
                ys.append(b)
    if xs:
        # x beats y at (l, ρ)  ⇔  U[x, l] − U[y, l] > Vr[y, ρ] − Vr[x, ρ]
        order, gt_rows, ge_rows = _ranks(U[xs] - U[ys], Vr[ys] - Vr[xs])
        table = _top_bitsets(order)
    tally: Counter = Counter()
    batch = max(1, BATCH_WORDS // max(1, len(xs) * W))
    for lo in range(0, n_right, batch):
        hi = min(n_right, lo + batch)
        n = hi - lo
        masks: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        for span in spans:
            if span is None:                  # Y empty: max_Y = −∞, X always wins
                masks.append((np.broadcast_to(full, (n, W)), np.zeros((n, W), np.uint64),
                              np.zeros((n, W), np.uint64)))
                continue
            start, nx, ny = span
            sl = slice(start, start + nx * ny)
            # OR over X of the AND over Y of the suffix bitsets (numpy ≥ 2.5's stubs reject ufunc.reduce
            # on these arrays, so the reductions are typed through Any).
            reduce_and: Any = np.bitwise_and.reduce
            reduce_or: Any = np.bitwise_or.reduce
            gt = reduce_or(reduce_and(np.take(table, gt_rows[sl, lo:hi], axis=0).reshape(nx, ny, n, W), axis=1), axis=0)
            ge = reduce_or(reduce_and(np.take(table, ge_rows[sl, lo:hi], axis=0).reshape(nx, ny, n, W), axis=1), axis=0)
            masks.append((gt, ge & ~gt, ~ge & full))
        if len(masks) == 1:
            g, e = _popcount(masks[0][0]), _popcount(masks[0][1])
            tally[(1,)] += g
            tally[(0,)] += e
            tally[(-1,)] += n * n_left - g - e
            continue
        for signs in product((1, 0, -1), repeat=len(masks)):
            acc = masks[0][1 - signs[0]]
            for m, sgn in zip(masks[1:], signs[1:]):
                acc = acc & m[1 - sgn]
            c = _popcount(acc)
            if c:
                tally[signs] += c
    return tally


def _chunk_tally(V: np.ndarray, vals: np.ndarray, groups: Sequence[Sequence[int]],
                 pairs: Sequence[tuple[int, int]], k: int, counts: tuple[int, ...],
                 lefts: Sequence[tuple[int, ...]]) -> tuple[Counter, int]:
    """Tally of several splits (one worker task); also the number of orbit elements covered."""
    tally: Counter = Counter()
    covered = 0
    for t in lefts:
        right = tuple(c - x for c, x in zip(counts, t))
        live_l = [i for i, c in enumerate(t) if c]
        live_r = [i for i, c in enumerate(right) if c]
        tl, tr = tuple(t[i] for i in live_l), tuple(right[i] for i in live_r)
        tally.update(_split_tally(V, vals[live_l], vals[live_r], groups, pairs, k, tl, tr))
        covered += multinomial(tl) * multinomial(tr)
    return tally, covered


def _workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def mitm(problem: Any, the_plan: Plan | None = None, *, workers: int | None = None,
         progress: Callable[[int], None] | None = None, executor: Any = None,
         blocks: int | None = None) -> tuple[dict[Signs, int], int]:
    """Count the signs over the orbit by meet in the middle. Returns (tally, word operations).

    ``workers``: processes to use (default: the CPUs available when the planned work
    exceeds :data:`PARALLEL_MIN_WORK`, else 1). ``executor``: anything with
    ``submit(fn, *args)`` returning futures with ``result()`` (a ``ProcessPoolExecutor``,
    a Dask ``Client`` or its ``get_executor()``); the splits are then dealt round robin
    into ``blocks`` independent tasks (default :data:`CLUSTER_BLOCKS`) and ``workers``
    is ignored. Counts are Python ints, of distinct orbit elements (PR Def. 3.2; docs/theory.md#p1),
    summed exactly whatever the spread.

    Examples
    --------
    The post's candy example (docs/theory.md#candy): A = {candy}, B = {chocolate, hug}, r = (1, 2, 3).

    >>> from fractions import Fraction
    >>> from symorbit.orbits.engines import problem as E
    >>> e = [tuple(Fraction(int(i == j)) for i in range(3)) for j in range(3)]
    >>> p = E.make_problem(e, [[0], [1, 2]], [(1, 0)], tuple(map(Fraction, (1, 2, 3))))
    >>> sorted(mitm(p, workers=1)[0].items())
    [((-1,), 2), ((1,), 4)]

    The same by brute force over the distinct orbit:

    >>> from symorbit.testing.naive import naive_orbit_counts
    >>> naive_orbit_counts([[1, 0, 0]], [[0, 1, 0], [0, 0, 1]], [1, 2, 3])
    (4, 2, 0)
    """
    the_plan = plan(problem) if the_plan is None else the_plan
    counts = tuple(problem.counts)
    bound = max((abs(x) for v in problem.vectors for x in v), default=0)
    bound *= 2 * max((abs(x) for x in problem.values), default=0) * max(1, problem.d)
    dtype: Any = np.int64 if bound < INT64_SAFE else object
    V = np.array(problem.vectors, dtype=dtype).reshape(len(problem.vectors), problem.d)
    vals = np.array(problem.values, dtype=dtype)
    groups = [list(g) for g in problem.groups]
    pairs = list(problem.pairs)
    lefts = list(submultisets(counts, the_plan.k))
    if workers is None:
        workers = _workers() if the_plan.work >= PARALLEL_MIN_WORK else 1
    workers = max(1, min(workers, len(lefts)))
    tally: Counter = Counter()
    if executor is not None:
        n_chunks = max(1, min(len(lefts), blocks or CLUSTER_BLOCKS))
        chunks = [lefts[i::n_chunks] for i in range(n_chunks)]
        futures = [executor.submit(_chunk_tally, V, vals, groups, pairs, the_plan.k, counts, c) for c in chunks]
        for f in futures:
            part, covered = f.result()
            tally.update(part)
            if progress is not None:
                progress(covered)
    elif workers == 1:
        for t in lefts:
            part, covered = _chunk_tally(V, vals, groups, pairs, the_plan.k, counts, [t])
            tally.update(part)
            if progress is not None:
                progress(covered)
    else:
        n_chunks = min(len(lefts), 8 * workers)
        chunks = [lefts[i::n_chunks] for i in range(n_chunks)]     # round robin balances split sizes
        ctx = get_context("fork") if "fork" in get_all_start_methods() else None
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
            futures = [pool.submit(_chunk_tally, V, vals, groups, pairs, the_plan.k, counts, c) for c in chunks]
            for f in futures:
                part, covered = f.result()
                tally.update(part)
                if progress is not None:
                    progress(covered)
    out = {tuple(int(s) for s in signs): int(n) for signs, n in tally.items() if n}
    return out, int(the_plan.work)

