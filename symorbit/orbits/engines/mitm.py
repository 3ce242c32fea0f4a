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
that order (its rank among the keys says where: #{key > t} for >, #{key ≥ t} for ≥),
so with the suffix bitsets precomputed the L arrangements where X beats Y form the
bitset OR_x AND_y S_xy[rank], and the count is its popcount. "≥" is the same with
the other rank; sign 0 is GE ∧ ¬GT and sign −1 is ¬GE. Everything is vectorised with
numpy: the splits whose sides have the same multiplicities are counted together, a batch
at a time; keys and thresholds of every row are ranked by one sort (:func:`_ranks`); the
≥ bitsets are gathered only where a key equals its threshold; the batches are spread over
processes.

Cost per split: for Q = Σ |X||Y| vector pairs, a sort of Q rows of |L| + 2|R| entries,
a table of Q·(|L| + 1)·⌈|L|/64⌉ words, and Q·|R| gathered rows of ⌈|L|/64⌉ words, against
|L||R| · (number of vectors) multiply-adds for a brute force: the bitsets handle 64 L
arrangements per word. :func:`plan` picks k by minimising this estimate (coefficients fitted
to measured CPU times, :data:`COST_SORT` and the rest, in nanoseconds of one core) and
reports it; the guard in :mod:`symorbit.orbits.engines.select` refuses on it. The work is
per vector *pair*: with 20 + 20 vectors (400 pairs) a compiled brute force is faster.

Exactness: the reward and the vectors are integers already (scaled by
:func:`symorbit.orbits.engines.problem.make_problem`). When 2·d·max|x|·max|r| could leave
int64, the partial sums are Python integers (numpy ``object`` arrays): the
bitset part never looks at the values, so only the sorting is slower.

References
----------
PR Def. 3.1 (orbit), Def. 3.2 (counting orbit elements); docs/theory.md#most, docs/theory.md#pitfalls P1, P2.
"""

from __future__ import annotations

import ctypes
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

from symorbit.orbits.engines.problem import Signs, split_refusal, submultisets, weighted_cost
from symorbit.outcomes.groups import factorial, multinomial

__all__: list[str] = []

#: Largest number of L arrangements (bitset length) a plan may use.
MAX_LEFT = 5_040
#: Gathered words per batch of R arrangements (bounds memory to a few tens of MB).
BATCH_WORDS = 1 << 21
#: Splits enumerated exactly by :func:`plan`; above this only a lower bound is computed.
MAX_PLANNED_SPLITS = 50_000
#: Below this estimate (ns of one core) one process: forking a pool costs about 40 ms of CPU.
PARALLEL_MIN_WORK = 3 * 10**8
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
    return split_refusal(problem, "mitm", MAX_PAIRS)


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


#: Largest number of states :func:`split_census` keeps before it gives up (and the plans list splits).
CENSUS_STATES = 200_000


@lru_cache(maxsize=256)
def split_census(counts: tuple[int, ...]) -> dict[int, dict[tuple[int, int], int]] | None:
    """Per k, how many splits of the multiset put k values on L with each pair of side sizes:
    ``{k: {(n_left, n_right): splits}}`` (n_left, n_right: distinct arrangements of each side).

    The costs of :func:`plan` depend on a split only through these sizes, so the plans sum over
    this census instead of listing every split: a product of factorials per side, by dynamic
    programming over the distinct values. None when the census grows past :data:`CENSUS_STATES`.

    Examples
    --------
    The multiset {a, b, b} with one value on L: {b} | {a, b} (two arrangements on R) and {a} | {b, b} (one).

    >>> split_census((1, 2))[1]
    {(1, 2): 1, (1, 1): 1}
    """
    states: dict[tuple[int, int, int], int] = {(0, 1, 1): 1}
    for c in counts:
        new: dict[tuple[int, int, int], int] = {}
        for (s, pl, pr), m in states.items():
            for t in range(c + 1):
                key = (s + t, pl * factorial(t), pr * factorial(c - t))
                new[key] = new.get(key, 0) + m
        states = new
        if len(states) > CENSUS_STATES:
            return None
    d = sum(counts)
    out: dict[int, dict[tuple[int, int], int]] = {}
    for (s, pl, pr), m in sorted(states.items()):
        shapes = out.setdefault(s, {})
        shape = (factorial(s) // pl, factorial(d - s) // pr)
        shapes[shape] = shapes.get(shape, 0) + m
    return out


def split_shapes(counts: Sequence[int], k: int) -> list[tuple[int, int, int]]:
    """(n_left, n_right, splits) for every split of ``counts`` with k values on L, from
    :func:`split_census` or, when it gives up, by listing the splits."""
    census = split_census(tuple(counts))
    if census is not None:
        return [(nl, nr, m) for (nl, nr), m in census.get(k, {}).items()]
    return [(multinomial(t), multinomial([c - x for c, x in zip(counts, t)]), 1) for t in submultisets(counts, k)]


def count_splits(counts: Sequence[int], k: int) -> int:
    """Number of splits with k values on L (sub-multisets of size k), from the census when it exists."""
    census = split_census(tuple(counts))
    return sum(census.get(k, {}).values()) if census is not None else _count_submultisets(counts, k)


#: Cost model of one split, in nanoseconds of one core (the unit of the guard, "word operations"
#: for short): coefficients of the features of :func:`_split_features`, fitted by least squares
#: to measured CPU times (benchmarks/mitm_costs.py; 2-core x86-64 with AVX-512, numpy 2).
COST_SORT = 1.6        # per packed key or threshold, per bit of log2(row length): the row sort
COST_TABLE = 2.5       # per table word: scatter, running OR
COST_ROW = 25.0        # per gathered bitset row (index arithmetic, tie check, the gather's fixed cost)
COST_WORD = 1.0        # per gathered word: gather, AND over Y, OR over X, popcount
COST_DOT = 7.0         # per multiply-add of the side dot products
COST_SPLIT = 30_000    # per split: grouping, the per-batch numpy calls shared out
#: Sums past int64 (Python integers in ``object`` arrays): the factor on the sort and the side dot products,
#: fitted on visit distributions of random deterministic MDPs at γ = 9/10, d = 9..12 (74-85-bit entries, 10-27
#: vector pairs): 12.5-18.9 there, so 14. The bitset part does not read the values.
OBJECT_FACTOR = 14


def _split_features(n_left: int, n_right: int, pairs: int, n_vec: int, k: int, d: int,
                    big: bool = False) -> tuple[int, ...]:
    """What one split costs: (sorted entries × log2 of the row length, table words, gathered rows,
    gathered words, multiply-adds, 1), for ``pairs`` vector pairs (rows Q = pairs); with ``big`` (sums past
    int64) the sorted entries and multiply-adds weigh :data:`OBJECT_FACTOR` times as much.

    >>> _split_features(6, 2, 1, 2, 3, 4), _split_features(6, 2, 1, 2, 3, 4, big=True)
    ((40, 7, 2, 2, 40, 1), (560, 7, 2, 2, 560, 1))
    """
    words = -(-n_left // 64)
    row = n_left + 2 * n_right
    slow = OBJECT_FACTOR if big else 1
    return (slow * pairs * row * max(1, (row - 1).bit_length()), pairs * (n_left + 1) * words, pairs * n_right,
            pairs * n_right * words, slow * n_vec * (n_left * k + n_right * (d - k)), 1)


_COSTS = (COST_SORT, COST_TABLE, COST_ROW, COST_WORD, COST_DOT, COST_SPLIT)


def _split_work(n_left: int, n_right: int, weight: int, n_vec: int = 0, k: int = 0, d: int = 0,
                big: bool = False) -> int:
    """Estimated cost of one split (see :data:`COST_SORT` and the rest), ``weight`` = 2 × pairs."""
    feats = _split_features(n_left, n_right, max(1, weight // 2), n_vec, k, d, big)
    return int(weighted_cost(_COSTS, feats))


def plan(problem: Any) -> Plan:
    """Choose k (|L|) for :func:`mitm` and estimate its cost (the unit of the guard).

    For every k with at most :data:`MAX_PLANNED_SPLITS` splits the estimate is summed
    exactly over the splits (:func:`_split_work`, a cost model fitted to measured CPU
    times); the cheapest k whose bitsets stay below :data:`MAX_LEFT` bits wins. When no k
    qualifies, the returned plan carries a lower bound (orbit size × P / 64), which is all
    the guard needs.
    """
    return _plan(tuple(problem.multiplicities), _pair_weight(problem), len(problem.vectors),
                 problem.sums_dtype is None)


@lru_cache(maxsize=4096)
def _plan(counts: tuple[int, ...], weight: int, n_vec: int, big: bool = False) -> Plan:
    """:func:`plan` from what it depends on (remembered: planning cost more than a small count)."""
    d = sum(counts)
    best: Plan | None = None
    for k in range(d + 1):
        n_splits = count_splits(counts, k)
        if n_splits > MAX_PLANNED_SPLITS:
            continue
        work, max_left = 0, 0
        for n_left, n_right, m in split_shapes(counts, k):
            max_left = max(max_left, n_left)
            work += m * _split_work(n_left, n_right, weight, n_vec, k, d, big)
        if max_left > MAX_LEFT:
            continue
        if best is None or work < best.work:
            best = Plan(k, n_splits, work, True, max_left)
    if best is None:
        orbit = multinomial(counts)
        return Plan(d // 2, _count_submultisets(counts, d // 2), max(1, orbit * max(weight, 1) // 64), False, 0)
    return best


# ---------------------------------------------------------------- one batch of splits
@lru_cache(maxsize=512)
def _arrangements(counts: tuple[int, ...]) -> np.ndarray:
    """Distinct arrangements of {value id i repeated counts[i]}, transposed (position × arrangement)."""
    items = [i for i, c in enumerate(counts) for _ in range(c)]
    rows = list(distinct_permutations(items)) if items else [()]
    return np.ascontiguousarray(np.array(rows, dtype=np.int64).reshape(len(rows), len(items)).T)


def _side_dots(V: np.ndarray, vals: np.ndarray, counts: tuple[int, ...]) -> np.ndarray:
    """n_vectors × S × N: each vector's dot product with every distinct arrangement of each
    split's side values (``vals`` is S × len(counts), one row of distinct values per split)."""
    table = _arrangements(counts)
    out = np.zeros((V.shape[0], vals.shape[0], table.shape[1]), dtype=V.dtype)
    for j in range(table.shape[0]):
        out += V[:, j][:, None, None] * vals[:, table[j]][None, :, :]
    return out


#: Ranking methods of :func:`_ranks`; None lets it choose (tests force each in turn).
RANK_METHODS = ("radix", "merge", "dense")
RANK_METHOD: str | None = None
#: The radix histogram costs O(rows × key span): used only when the span is at most this
#: many times the number of keys in a row (the "cliff" of issue 24 was O(rows × span) for
#: any span under 30,000, however few keys).
RADIX_SPAN_FACTOR = 4


@lru_cache(maxsize=64)
def _scatter_base(Q: int, N: int, W: int) -> np.ndarray:
    """Flat word offsets of row (q, j), j = 1..N, in a table laid out Q × (N+1) × W."""
    return (np.arange(Q, dtype=np.int64)[:, None] * (N + 1) + np.arange(1, N + 1, dtype=np.int64)[None, :]) * W


def _top_bitsets(order: np.ndarray) -> np.ndarray:
    """order: Q × N, each row the L arrangements sorted by key (ascending).

    Returns a (Q·(N+1)) × W uint64 table: row q·(N+1) + j holds the bits of the j
    arrangements with the largest keys of row q (j = 0 is empty): one bit scattered per
    row and a running OR along each row's N + 1 bitsets (about a nanosecond a word; the
    running OR across rows and a transpose cost ten times more).

    Examples
    --------
    >>> t = _top_bitsets(np.array([[2, 0, 1]]))     # keys ascending at positions 2, 0, 1
    >>> [bin(int(w)) for w in t[:, 0]]
    ['0b0', '0b10', '0b11', '0b111']
    """
    Q, N = order.shape
    W = -(-N // 64)
    rev = order[:, ::-1]
    M = np.zeros(Q * (N + 1) * W, dtype=np.uint64)
    M[_scatter_base(Q, N, W) + (rev >> 6)] = np.left_shift(np.uint64(1), (rev & 63).astype(np.uint64))
    M = M.reshape(Q, N + 1, W)
    np.bitwise_or.accumulate(M, axis=1, out=M)
    return M.reshape(Q * (N + 1), W)


def _rank_method(K: np.ndarray, n: int) -> tuple[str, int, int]:
    """The method :func:`_ranks` uses for keys K (and n thresholds a row), with the keys' minimum and maximum."""
    if K.dtype == object or not K.size:
        return "dense", 0, 0
    kmin, kmax = int(K.min()), int(K.max())
    span = kmax - kmin
    Q, N = K.shape
    if RANK_METHOD is not None:
        method = RANK_METHOD
    elif span <= RADIX_SPAN_FACTOR * N and span < 2**15 - 2:
        method = "radix"
    else:
        method = "merge"
    if method == "radix" and span >= 2**15 - 2:
        method = "merge"
    if method == "merge" and 2 * span + 8 >= 2**63:
        method = "dense"
    return method, kmin, kmax


def _ranks(K: np.ndarray, T: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For keys K (Q × N) and thresholds T (Q × n): the order of each row of K and, as
    row indices into :func:`_top_bitsets`'s table, the sets {key > t} and {key ≥ t}
    (the set of the c largest keys of row q is row q·(N+1) + c).

    Every row is ranked at once, by one of three exact methods (:data:`RANK_METHODS`):

    * ``radix``: a 16-bit radix sort and a cumulative histogram per row, O(Q × (N + span));
      chosen only when the key span is at most :data:`RADIX_SPAN_FACTOR` × N;
    * ``merge``: keys and thresholds packed into one int64 each and sorted together, one
      sort a row (:func:`_merge_ranks`; a binary search per threshold costs more); an
      argsort of the same values when value and column do not fit in 63 bits together;
    * ``dense``: keys replaced by their index among the distinct keys (``np.unique``), the
      thresholds by the matching bounds, then ``merge``; the path for spans too wide to
      pack and for Python integers (``object`` arrays).

    Examples
    --------
    >>> K = np.array([[5, 1, 3]]); T = np.array([[3, 0, 9]])
    >>> order, gt, ge = _ranks(K, T)
    >>> order.tolist(), gt.tolist(), ge.tolist()     # #{key > t} and #{key ≥ t}
    ([[1, 2, 0]], [[1, 3, 0]], [[2, 3, 0]])
    """
    Q, N = K.shape
    qcol = np.arange(Q, dtype=np.int64)[:, None]
    method, kmin, kmax = _rank_method(K, T.shape[1])
    if method == "radix":
        span = kmax - kmin
        Ks = (K - kmin).astype(np.int16)
        order = np.argsort(Ks, axis=1, kind="stable")                # radix sort
        width = span + 2
        hist = np.bincount((Ks + (np.arange(Q, dtype=np.int64) * width + 1)[:, None]).ravel(),
                           minlength=Q * width).reshape(Q, width)
        below = np.cumsum(hist, axis=1)       # below[q, v + 1] = #{key ≤ kmin + v}, below[q, 0] = 0
        rows = ((N - below) + qcol * (N + 1)).ravel()
        shift = qcol * width
        Tc = np.clip(T, kmin - 1, kmax + 1) - (kmin - 1)         # in [0, span + 2]; ranks unchanged
        gt = np.take(rows, np.minimum(Tc, span + 1) + shift)
        ge = np.take(rows, np.maximum(Tc - 1, 0) + shift)
        return order, gt, ge
    if method == "dense":
        distinct = np.unique(K.ravel())
        codes = np.searchsorted(distinct, K).astype(np.int64)
        # key ≤ t ⇔ code ≤ #{distinct ≤ t} − 1;  key < t ⇔ code < #{distinct < t}
        t_le = np.searchsorted(distinct, T.ravel(), side="right").astype(np.int64).reshape(T.shape) - 1
        t_lt = np.searchsorted(distinct, T.ravel(), side="left").astype(np.int64).reshape(T.shape)
        return _merge_ranks(codes, t_le, t_lt, 0, len(distinct) - 1)
    return _merge_ranks(K, T, T, kmin, kmax)


def _merge_ranks(K: np.ndarray, T_le: np.ndarray, T_lt: np.ndarray, kmin: int,
                 kmax: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`_ranks` by one sort per row of keys and thresholds together: #{key > T_le} and
    #{key ≥ T_lt} per row, for int64 keys in [kmin, kmax].

    Each entry becomes one int64, its value in the high bits and its column in the low
    ``B`` bits: a key k as 2(k − kmin) + 3, a threshold t of ">" as 2(t − kmin) + 4 (after k ≤ t),
    of "≥" as 2(t − kmin) + 2 (before k = t); thresholds are clipped to [kmin − 1, kmax + 1]
    first, which keeps their ranks. A plain sort of these (no argsort) orders every row; the
    low bits give each key's place and the running count of keys each threshold's rank.
    When the values need more than 63 − ``B`` bits (wide spans), the row is argsorted instead.
    """
    Q, N = K.shape
    n = T_le.shape[1]
    L = N + 2 * n
    B = max(1, (L - 1).bit_length())
    packed = _fits_merge(kmax - kmin, L)
    if not packed:                           # values alone fit, not values and columns: argsort instead
        B = 0
    C = np.empty((Q, L), dtype=np.int64)
    col = np.arange(L, dtype=np.int64) if packed else np.zeros(L, dtype=np.int64)
    C[:, :N] = (((K - kmin) * 2 + 3) << B) | col[:N]
    C[:, N:N + n] = (((np.clip(T_le, kmin - 1, kmax + 1) - kmin) * 2 + 4) << B) | col[N:N + n]
    C[:, N + n:] = (((np.clip(T_lt, kmin - 1, kmax + 1) - kmin) * 2 + 2) << B) | col[N + n:]
    if packed:
        C.sort(axis=1)
        idx = (C & ((1 << B) - 1)).astype(np.int32)
    else:
        idx = np.argsort(C, axis=1).astype(np.int32)
    is_key = idx < N
    # keys at or before each position: one flat running count in int32 (a batch has far fewer
    # than 2^31 entries; int64 and axis=1 are each several times slower), less the N keys of
    # every earlier row
    below = (np.cumsum(is_key.ravel().view(np.int8), dtype=np.int32).reshape(Q, L)
             - np.arange(0, Q * N, N, dtype=np.int32)[:, None])
    order = idx[is_key].reshape(Q, N)
    thr = ~is_key
    slot = (idx[thr].reshape(Q, 2 * n) - N) + np.arange(0, Q * 2 * n, 2 * n, dtype=np.int32)[:, None]
    counts = np.empty(Q * 2 * n, dtype=np.int64)
    counts[slot.ravel()] = below[thr]
    counts = counts.reshape(Q, 2 * n)
    base = np.arange(Q, dtype=np.int64)[:, None] * (N + 1) + N       # row q·(N+1) + N − #{key ≤ t}
    return order, base - counts[:, :n], base - counts[:, n:]


def _fits_merge(span: int, L: int) -> bool:
    """Whether :func:`_merge_ranks` can pack keys spanning ``span`` and L columns into int64."""
    return (2 * span + 8) << max(1, (L - 1).bit_length()) < 2**63


def _popcount(a: np.ndarray) -> int:
    return int(np.bitwise_count(a).sum(dtype=np.int64))


def _gather_reduce(table: np.ndarray, rows: np.ndarray, nx: int, ny: int) -> np.ndarray:
    """OR over X of the AND over Y of the bitset rows ``rows`` (nx·ny × m): m × W."""
    W = table.shape[1]
    m = rows.shape[1]
    if W == 1:                     # one word a row: a flat take (np.take along axis 0 pays ~10 ns a row)
        g = np.take(table.reshape(-1), rows).reshape(nx, ny, m, 1)
    else:
        g = np.take(table, rows, axis=0).reshape(nx, ny, m, W)
    # numpy ≥ 2.5's stubs reject ufunc.reduce on these arrays, so the reductions are typed through Any.
    reduce_and: Any = np.bitwise_and.reduce
    reduce_or: Any = np.bitwise_or.reduce
    out = g[:, 0] if ny == 1 else reduce_and(g, axis=1)
    return out[0] if nx == 1 else reduce_or(out, axis=0)


def _batch_tally(V: np.ndarray, vals_left: np.ndarray, vals_right: np.ndarray,
                 groups: Sequence[Sequence[int]], pairs: Sequence[tuple[int, int]], k: int,
                 left: tuple[int, ...], right: tuple[int, ...]) -> Counter:
    """Sign tally of S splits of the same shape: row s of ``vals_left``/``vals_right`` holds the
    distinct values split s puts on L/R, with multiplicities ``left``/``right`` (shared)."""
    S = vals_left.shape[0]
    U = _side_dots(V[:, :k], vals_left, left)                  # n_vec × S × n_left
    Vr = _side_dots(V[:, k:], vals_right, right)               # n_vec × S × n_right
    n_left, n_right = U.shape[2], Vr.shape[2]
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
    cols = S * n_right                                          # a column: (split, R arrangement)
    if xs:
        # x beats y at (l, ρ)  ⇔  U[x, l] − U[y, l] > Vr[y, ρ] − Vr[x, ρ]; row q = pair·S + split
        P = len(xs)
        order, gt_rows, ge_rows = _ranks((U[xs] - U[ys]).reshape(P * S, n_left),
                                         (Vr[ys] - Vr[xs]).reshape(P * S, n_right))
        table = _top_bitsets(order)
        gt_rows = gt_rows.reshape(P, cols)
        ge_rows = ge_rows.reshape(P, cols)
    tally: Counter = Counter()
    batch = max(1, BATCH_WORDS // max(1, len(xs) * W))
    for lo in range(0, cols, batch):
        hi = min(cols, lo + batch)
        n = hi - lo
        masks: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        for span in spans:
            if span is None:                  # Y empty: max_Y = −∞, X always wins
                masks.append((np.broadcast_to(full, (n, W)), np.zeros((n, W), np.uint64),
                              np.zeros((n, W), np.uint64)))
                continue
            start, nx, ny = span
            g_rows = gt_rows[start:start + nx * ny, lo:hi]
            e_rows = ge_rows[start:start + nx * ny, lo:hi]
            gt = _gather_reduce(table, g_rows, nx, ny)
            # ≥ differs from > only in columns where some key equals its threshold: gather those alone
            tie = np.flatnonzero((g_rows != e_rows).any(axis=0))
            if tie.size == 0:
                ge = gt
            elif tie.size == n:
                ge = _gather_reduce(table, e_rows, nx, ny)
            else:
                ge = gt.copy()
                ge[tie] = _gather_reduce(table, e_rows[:, tie], nx, ny)
            masks.append((gt, ge & ~gt, ~ge & full))
        if len(masks) == 1:
            g = _popcount(masks[0][0])
            e = _popcount(masks[0][1])
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


#: Table words (Q·(N+1)·W) one batch of splits may build: 2 MB, so that a batch works in cache.
TABLE_WORDS = 1 << 18


def _chunk_tally(V: np.ndarray, vals: np.ndarray, groups: Sequence[Sequence[int]],
                 pairs: Sequence[tuple[int, int]], k: int, counts: tuple[int, ...],
                 lefts: Sequence[tuple[int, ...]]) -> tuple[Counter, int]:
    """Tally of several splits (one worker task); also the number of orbit elements covered.

    Splits whose sides have the same multiplicities (all of them when the reward values are
    distinct) share their arrangement tables and are counted together, a batch at a time,
    so the fixed numpy cost is paid per batch rather than per split.
    """
    tally: Counter = Counter()
    covered = 0
    shapes: dict[tuple[tuple[int, ...], tuple[int, ...]], list[tuple[list[int], list[int]]]] = {}
    for t in lefts:
        right = tuple(c - x for c, x in zip(counts, t))
        live_l = [i for i, c in enumerate(t) if c]
        live_r = [i for i, c in enumerate(right) if c]
        key = (tuple(t[i] for i in live_l), tuple(right[i] for i in live_r))
        shapes.setdefault(key, []).append((live_l, live_r))
    P = max(1, sum(len(groups[x]) * len(groups[y]) for x, y in pairs if groups[y]))
    for (tl, tr), members in shapes.items():
        n_left, n_right = multinomial(tl), multinomial(tr)
        per_split = P * ((n_left + 1) * -(-n_left // 64) + n_right + n_left)
        step = max(1, TABLE_WORDS // per_split)
        for i in range(0, len(members), step):
            part = members[i:i + step]
            vl = vals[np.array([m[0] for m in part], dtype=np.int64).reshape(len(part), len(tl))]
            vr = vals[np.array([m[1] for m in part], dtype=np.int64).reshape(len(part), len(tr))]
            tally.update(_batch_tally(V, vl, vr, groups, pairs, k, tl, tr))
        covered += len(members) * n_left * n_right
    return tally, covered


#: glibc's mallopt parameters (malloc.h) and the values the worker processes set: freed memory is kept
#: for reuse up to 256 MB, and arrays up to 32 MB (glibc's largest mmap threshold) come from the heap.
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
KEEP_FREED, HEAP_ARRAYS = 1 << 28, 1 << 25


def _reuse_freed_memory() -> bool:
    """Initializer of the worker processes: let glibc reuse freed memory for large arrays.

    Every batch allocates arrays of a few MB; glibc maps each afresh (and unmaps it when freed) until
    its dynamic threshold has grown, which a freshly forked worker has not, so every 4 KB page of every
    batch cost a page fault: 290,000-550,000 of them in one count at d = 12, 0.5-1 s of CPU (measured with
    ``ru_minflt``). The workers exit after the count, so keeping their memory costs nothing after it.
    Returns whether both settings were accepted (False where the C library has no ``mallopt``).
    It changes the process it runs in, so it runs only in the workers (tests/test_mitm.py runs it in one).
    """
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # pragma: no cover - not glibc
        return False
    return bool(mallopt(_M_TRIM_THRESHOLD, KEEP_FREED)) and bool(mallopt(_M_MMAP_THRESHOLD, HEAP_ARRAYS))


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
    counts = tuple(problem.multiplicities)
    # the reward's values fit too (all-zero vectors with a reward past int64 once made int64 arrays of them)
    dtype: Any = np.int64 if problem.sums_dtype is not None else object
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
        step = max(1, len(lefts) // 16)        # progress reports, each a batch of splits
        for i in range(0, len(lefts), step):
            part, covered = _chunk_tally(V, vals, groups, pairs, the_plan.k, counts, lefts[i:i + step])
            tally.update(part)
            if progress is not None:
                progress(covered)
    else:
        n_chunks = min(len(lefts), 8 * workers)
        chunks = [lefts[i::n_chunks] for i in range(n_chunks)]     # round robin balances split sizes
        ctx = get_context("fork") if "fork" in get_all_start_methods() else None
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx,
                                 initializer=_reuse_freed_memory) as pool:
            futures = [pool.submit(_chunk_tally, V, vals, groups, pairs, the_plan.k, counts, c) for c in chunks]
            for f in futures:
                part, covered = f.result()
                tally.update(part)
                if progress is not None:
                    progress(covered)
    out = {tuple(int(s) for s in signs): int(n) for signs, n in tally.items() if n}
    return out, int(the_plan.work)

