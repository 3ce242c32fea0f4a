"""Orbit counter forming each set's maximum vector by vector, with numpy (private engine ``maxima``).

The algorithm of :mod:`.compiled` without a compiler, for the core install: split the
coordinates into L (the first k) and R (the rest); for each split of the reward multiset
the side sums u_x (one per L arrangement) and v_x (one per R arrangement) of every vector x,
and for a block of R arrangements at a time the table max_{x∈G} (u_x[l] + v_x[ρ]) of each
group G, built by one addition and one maximum per vector (in place, in a block that stays
in cache), then the signs of every compared pair counted over the table. The work is
|orbit| × (vectors), per *vector*: with many vectors (20 + 20) it beats the per-pair bitsets of
:mod:`.mitm` by an order of magnitude; with few, the selection weighs the two on their costs.

Exactness: the same bound as :func:`symorbit.orbits.engines.compiled.dtype_for` (int32 below
2^30, int64 below 2^62; past that, the rounded tables below, with their uncertain elements in Python integers).
The side sums are one float64 (BLAS) product where every sum of |products| is below 2^53, where doubles are
exact, and an integer product elsewhere (:func:`_side_sums`).

Where the sums need int64 and one pair is compared, the plan may build the tables in int32 first,
from the vectors and values shifted right (:func:`~symorbit.orbits.engines.problem.coarse_scale`),
which halves the memory every addition and maximum streams through. A coarse maximum is within a
known interval of the exact one scaled down, so a pair's sign is certain wherever the coarse
difference lies outside [−W, W]; the few elements inside are recounted exactly in int64, and a
block with many of them (ties, or vectors equal in their high bits) is counted in int64
throughout, as are all later blocks of that count.

Sums past int64 (one pair of non-empty sets; visit distributions at γ = 9/10 have 60-85-bit entries) take the
same way one level further: the int32 band is recounted from int64 tables of the problem shifted to fit
int64 (``coarse_scale(problem, "int64")``, a band narrower by about 2^32), and only that band, in practice
exact or near-exact ties, in Python integers from the elements' arrangements. A block with many elements in
the int32 band is counted on the int64 tables; one with more than :data:`BIG_MAX_SHARE` in their band, or a
count whose recounts would spend more than :data:`~.problem.RECOUNT_WORK` multiply-adds in Python integers, raises
:class:`CoarseGaveUp`, and the selection counts with :mod:`.mitm`. Several compared pairs past int64 (relative
to C, optimality counts) are counted on the int64 tables alone: each pair's sign is certain outside its band,
and an element with some pair inside is coded from its exact maxima (:func:`_banded_codes`).

References
----------
PR Def. 3.1 (orbit), Def. 3.2 (counting orbit elements); docs/theory.md#most, docs/theory.md#pitfalls P1.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from typing import Any, NamedTuple, cast

import numpy as np

from symorbit.orbits.engines.compiled import _decode, cheapest_split
from symorbit.orbits.engines.mitm import _arrangements
from symorbit.orbits.engines.problem import (
    COARSE_MAX_SHARE,
    COARSE_SETUP,
    Coarse,
    CoarseGaveUp,
    RecountBudget,
    Signs,
    coarse_arrays,
    coarse_scale,
    codes_of_maxima,
    multinomial,
    pairs_limit,
    past_int64_pair,
    split_refusal,
    submultisets,
    tally_radix,
    vector_array,
)
from symorbit.orbits.engines.scratch import kept

__all__: list[str] = []

#: Largest number of L arrangements a plan may use.
MAX_LEFT = 5_040
#: Splits enumerated exactly by :func:`plan`.
MAX_PLANNED_SPLITS = 50_000
#: Largest number of compared pairs.
MAX_PAIRS = 10
#: Entries of one block of the maxima table (R arrangements × L arrangements): 256 KB in int32.
BLOCK = 1 << 16

#: Cost model, nanoseconds of one core, fitted to measured CPU times (benchmarks/compiled_costs.py
#: --engine maxima; refitted in the ninth session on 141 runs at d = 5..11, predicted/measured 0.63-1.56,
#: where the previous fit on d = 8..11 predicted 2-9 times the time at d = 5..7).
#: Per orbit element and vector (one addition, one maximum, in int64 / int32):
COST_ELEM = 0.68
COST_ELEM_32 = 0.39
#: Per orbit element and compared pair (comparisons and counts; sign codes for several pairs).
COST_PAIR = 0.76
#: Per numpy call (two per vector and block, a few per pair and block).
COST_CALL = 975
#: Per R arrangement and vector: numpy's inner loop restarts once per row of the block.
COST_ROW = 3.3
#: Per multiply-add of the side dot products, in integers, and in float64 where that is exact (:func:`_side_sums`).
COST_DOT = 0.62
COST_DOT_DOUBLES = 0.22
#: Per split (its value tables and products, a Python loop over the splits).
COST_SPLIT = 9_300
#: Fixed cost of one count.
COST_FIXED = 4_600
#: What the coarse int32 tables add to a count (:data:`.problem.COARSE_SETUP`) and to a split (its coarse side
#: sums: about six numpy calls), in ns.
COARSE_FIXED = COARSE_SETUP
COARSE_SPLIT_CALLS = 6

_COSTS = (COST_ELEM, COST_ELEM_32, COST_PAIR, COST_CALL, COST_ROW, COST_DOT, COST_DOT_DOUBLES, COST_SPLIT)


class Plan(NamedTuple):
    """How :func:`maxima` will split an instance (k = |L|) and its estimated cost in ns."""

    k: int
    splits: int
    work: int
    dtype: str
    #: The tables built in int32 first (the sums need int64, one compared pair; :func:`_coarse_signs`).
    coarse: bool = False


def applicable(problem: Any) -> str | None:
    """None if :func:`maxima` handles the question, else the reason it does not. Sums past int64 are
    taken too: the int32 and int64 tables of one compared pair of non-empty sets, the int64 tables of several
    (their band in Python integers)."""
    return split_refusal(problem, "maxima", pairs_limit(problem, MAX_PAIRS))


#: Sums past int64: the share of a block in the band of the int64 tables past which the count is left to mitm
#: (a band element is recounted in Python integers, about 35 times mitm's average cost an element on such sums).
BIG_MAX_SHARE = 1 / 64


#: The suffixes of a cost model's ``dtype`` (:func:`split_features`, :func:`cost_dtype`): the side sums are float64
#: and exact, or (int64 sums) float64 within a band whose elements are recounted, with every value on L
#: (:func:`_one_side_banded`).
DOUBLES, BANDED = "+doubles", "+banded"


def cost_dtype(problem: Any, dtype: str) -> str:
    """The ``dtype`` :func:`split_features` reads for ``problem``'s sums of ``dtype``: with :data:`DOUBLES` where
    every side sum passes :func:`_side_sums`' float64 test (the largest |entry| × the largest |value| × d below
    2^53), else with :data:`BANDED` for int64 sums.

    >>> from symorbit.orbits.engines.problem import make_problem
    >>> p = make_problem([(1, 0), (0, 2)], [[0], [1]], [(1, 0)], (1, 2))
    >>> cost_dtype(p, "int32"), cost_dtype(make_problem([(1, 0), (0, 2)], [[0], [1]], [(1, 0)], (1, 2**52)), "int64")
    ('int32+doubles', 'int64+banded')
    """
    vmax, rmax = problem.magnitudes
    return dtype + DOUBLES if side_sums_in_doubles(vmax, rmax, problem.d) else dtype + BANDED if dtype == "int64" \
        else dtype


def side_sums_in_doubles(vmax: int, rmax: int, d: int) -> bool:
    """Whether every side sum of vectors with entries up to ``vmax`` and a reward with values up to ``rmax`` (in
    absolute value, scaled to integers) over ``d`` coordinates is exact in float64 (below 2^53): what
    :func:`cost_dtype` prices, so also what the selection's plans are remembered by.

    >>> side_sums_in_doubles(2**20, 2**30, 4), side_sums_in_doubles(2**20, 2**31, 4)
    (True, False)
    """
    return vmax * rmax * d < _EXACT_DOUBLES


def split_features(n_left: int, n_right: int, n_vec: int, n_pairs: int, k: int, d: int,
                   dtype: str) -> tuple[int, ...]:
    """What one split costs: (vector-elements in int64, in int32, pair-elements, numpy calls,
    vector-rows, multiply-adds in integers, in float64, 1).

    ``dtype`` is the sums' type, with :data:`DOUBLES` where the side sums are float64, or :data:`BANDED` where they
    are float64 too with every value on L (:func:`cost_dtype`; the band's recounts, a few elements on random
    inputs, are not modelled). With every value on L (k = d) the count is the side sums' maxima alone
    (:func:`_one_side_maxima`): a few numpy calls in all. With ``dtype="coarse"`` (int64 sums counted on coarse int32 tables, one pair): the elements at the
    int32 rate, a numpy call more per block and :data:`COARSE_SPLIT_CALLS` per split, the side sums twice.

    >>> split_features(6, 2, 3, 1, 3, 4, "int32"), split_features(6, 2, 3, 1, 3, 4, "int32+doubles")
    ((0, 36, 12, 9, 6, 60, 0, 1), (0, 36, 12, 9, 6, 0, 60, 1))
    >>> split_features(24, 1, 3, 1, 4, 4, "int64+banded"), split_features(6, 2, 3, 1, 3, 4, "int64+banded")
    ((72, 0, 24, 8, 3, 0, 288, 1), (36, 0, 12, 9, 6, 60, 0, 1))
    >>> split_features(6, 2, 3, 1, 3, 4, "coarse")
    (0, 36, 12, 16, 6, 120, 0, 1)
    """
    elems = n_left * n_right
    blocks = -(-n_right // max(1, BLOCK // max(1, n_left)))
    dots = n_vec * (n_left * k + n_right * (d - k))
    if dtype == "coarse":
        return (0, n_vec * elems, n_pairs * elems, blocks * (2 * n_vec + 3 * n_pairs + 1) + COARSE_SPLIT_CALLS,
                n_vec * n_right, 2 * dots, 0, 1)
    doubles = dtype.endswith(DOUBLES) or dtype.endswith(BANDED) and k == d
    dtype = dtype.removesuffix(DOUBLES).removesuffix(BANDED)
    calls = 2 + 6 * n_pairs if k == d else blocks * (2 * n_vec + 3 * n_pairs)
    return (n_vec * elems if dtype != "int32" else 0, n_vec * elems if dtype == "int32" else 0, n_pairs * elems,
            calls, n_vec * n_right, 0 if doubles else dots, dots if doubles else 0, 1)


def plan(problem: Any) -> Plan:
    """Choose k (|L|) and estimate the cost in nanoseconds of one core.

    >>> from fractions import Fraction
    >>> from symorbit.orbits.engines.problem import make_problem
    >>> e = [tuple(Fraction(int(i == j)) for i in range(6)) for j in range(6)]
    >>> q = plan(make_problem(e, [[0], [1, 2]], [(1, 0)], tuple(map(Fraction, range(6)))))
    >>> (q.splits, q.dtype)        # one split: all 6! = 720 arrangements on one side
    (1, 'int32')
    """
    n_vec = problem.n_vectors
    args = (tuple(problem.multiplicities), n_vec, len(problem.pairs))
    rest = (split_features, _COSTS, MAX_LEFT, MAX_PLANNED_SPLITS)
    if problem.sums_dtype is None:       # past int64: the coarse tables of one pair, else the int64 tables only
        one = past_int64_pair(problem)
        only = cheapest_split(*args, "coarse" if one else "int64", *rest)
        assert only is not None
        return Plan(only[0], only[1], only[2] + COARSE_FIXED + COST_FIXED, "big", one)
    dtype = problem.sums_dtype
    best = cheapest_split(*args, cost_dtype(problem, dtype), *rest)
    assert best is not None       # no node cost: some k always qualifies
    k, splits, work = best
    if dtype == "int64" and len(problem.pairs) == 1:     # or the coarse int32 tables (the band's rechecks: a few
        alt = cheapest_split(*args, "coarse", *rest)      # elements on random inputs, not modelled)
        if alt is not None and alt[2] + COARSE_FIXED < work:
            return Plan(alt[0], alt[1], alt[2] + COARSE_FIXED + COST_FIXED, dtype, True)
    return Plan(k, splits, work + COST_FIXED, dtype)


def _side_sums(V: np.ndarray, side: np.ndarray, at: np.ndarray, top: int | None = None,
               name: str = "") -> np.ndarray:
    """n_vec × N: each vector's dot product with every distinct arrangement of one side's values.

    ``side`` holds the side's distinct values, ascending, and ``at`` their arrangements (positions × N, indices into
    ``side``: :func:`~.mitm._arrangements`). ``top``, where given, is the largest |entry| of ``V``: where every sum of
    |products| is below 2^53 (:func:`_abs_bound`) the product is one float64 (BLAS) product, exact there (every
    partial sum is an integer below 2^53, in any order, with or without fused multiply-adds); numpy's integer product
    has no BLAS. With a ``name``, a table past :data:`KEPT_FROM` bytes is made in buffers kept per thread
    (:func:`_kept`), and the answer is valid until the next call with that name in this thread.
    """
    if V.shape[1] == 0:
        return np.zeros((V.shape[0], 1), dtype=V.dtype)
    if top is None or _abs_bound(top, side, V.shape[1]) >= _EXACT_DOUBLES:
        return _product(V, side, at, name)
    sums = _product(V.astype(np.float64), side.astype(np.float64), at, name and "sums")
    if not name or at.size * 8 < KEPT_FROM:     # one conversion, not a kept buffer's calls: 4-5 µs less at d = 5-6
        return sums.astype(V.dtype)
    out = _kept(name, sums.shape, V.dtype)
    np.copyto(out, sums, casting="unsafe")      # integers below 2^53: exact
    return out


def _product(V: np.ndarray, vals: np.ndarray, at: np.ndarray, name: str = "") -> np.ndarray:
    """``V @ vals[at]``, each vector's dot product with every arrangement ``at`` of ``vals``; with a ``name``, the
    value table and the product in buffers kept per thread (:func:`_kept`: "table" and ``name``) where the table is
    past :data:`KEPT_FROM` bytes (below it, fancy indexing and a fresh product are fastest)."""
    if not name or at.size * 8 < KEPT_FROM:
        return V @ vals[at]
    return np.matmul(V, np.take(vals, at, out=_kept("table", at.shape, vals.dtype)),
                     out=_kept(name, (V.shape[0], at.shape[1]), vals.dtype))


def _abs_bound(top: int, vals: np.ndarray, positions: int) -> int:
    """A bound on every sum of |products| of ``positions`` entries of at most ``top`` in size with values among
    ``vals`` (ascending, so the largest in size is at an end): the side sums' float64 test compares it with 2^53."""
    return top * max(abs(int(vals[0])), abs(int(vals[-1]))) * positions


#: Sums of |products| below this are exact in float64 (integers up to 2^53 are).
_EXACT_DOUBLES = 1 << 53
#: :func:`_kept` keeps buffers from this many bytes (below, a fresh array is cheaper than finding a kept one) up to
#: :data:`KEPT_BYTES` each (past it, a fresh array each time).
KEPT_FROM = 64 * 2**10
KEPT_BYTES = 4 * 2**20


def _kept(name: str, shape: tuple[int, ...], dtype: Any) -> np.ndarray:
    """An uninitialised array of ``shape`` and ``dtype``, a view of the scratch buffer this thread keeps under
    ``name`` between counts (:func:`.scratch.kept`: not mapped afresh, so not page-faulting on first touch; a 280 KB
    table at d = 7 took 233 µs fresh, 57 µs kept), or a fresh array below :data:`KEPT_FROM` or past
    :data:`KEPT_BYTES`. A caller holds a view only until its next request of that name in the same thread.

    >>> a = _kept("doc", (200, 300), np.int32); b = _kept("doc", (30000,), np.int32)
    >>> a.shape, b.shape, np.shares_memory(a, b), np.shares_memory(_kept("doc", (3,), np.int32), a)
    ((200, 300), (30000,), True, False)
    """
    entries = 1
    for n in shape:
        entries *= n
    buf = kept("maxima." + name, entries, dtype, limit=KEPT_BYTES) \
        if entries * np.dtype(dtype).itemsize >= KEPT_FROM else None
    return np.empty(shape, dtype=dtype) if buf is None else buf.reshape(shape)


class Split(NamedTuple):
    """One split of the reward multiset (a count vector t of the values going to L, :func:`.problem.submultisets`):
    the indices of the distinct values on each side, as an index array, and their arrangements there
    (:func:`~.mitm._arrangements` of their multiplicities on that side)."""

    live_l: np.ndarray
    at_l: np.ndarray
    live_r: np.ndarray
    at_r: np.ndarray


def _layout(counts: tuple[int, ...], k: int) -> Iterator[Split]:
    """The splits of a count with ``k`` values in L, in the order of :func:`.problem.submultisets`; they read the
    reward's multiplicities only.

    >>> [(s.live_l.tolist(), s.at_l.shape, s.live_r.tolist(), s.at_r.shape) for s in _layout((2, 1), 2)]
    [([0], (2, 1), [1], (1, 1)), ([0, 1], (2, 2), [0], (1, 1))]
    """
    for t in submultisets(counts, k):
        live_l = [i for i, c in enumerate(t) if c]
        live_r = [i for i, (c, x) in enumerate(zip(counts, t)) if c > x]
        yield Split(np.array(live_l, dtype=np.int64), _arrangements(tuple(t[i] for i in live_l)),
                    np.array(live_r, dtype=np.int64), _arrangements(tuple(counts[i] - t[i] for i in live_r)))


@lru_cache(maxsize=64)
def _kept_layout(counts: tuple[int, ...], k: int) -> tuple[Split, ...]:
    """:func:`_layout` listed, remembered by shape (the splits read the multiplicities alone) with its index arrays
    read-only, since every count of that shape shares them: :func:`prepare` listed them afresh for each new set
    counted (about 13 µs of a 165 µs first count at d = 6).

    >>> _kept_layout((2, 1), 2) is _kept_layout((2, 1), 2), _kept_layout((2, 1), 2)[0].live_l.flags.writeable
    (True, False)
    """
    splits = tuple(_layout(counts, k))
    for split in splits:
        split.live_l.flags.writeable = split.live_r.flags.writeable = False
    return splits


def _row_selectors(groups: Sequence[Sequence[int]]) -> tuple[Any, ...]:
    """Each group's rows as a slice where they are a range (a view: the groups of ``orbit_counts`` are), else as
    a list (a copy).

    >>> _row_selectors([[0, 1, 2], [4, 3], [5], []])
    (slice(0, 3, None), [4, 3], slice(5, 6, None), [])
    """
    return tuple(slice(g[0], g[-1] + 1) if g and list(g) == list(range(g[0], g[-1] + 1)) else list(g)
                 for g in groups)


#: :func:`prepare` lists the splits of a plan with at most this many; a plan with more forms each split as the
#: count reaches it (:func:`_layout`).
PREPARED_SPLITS = 64


class Prepared(NamedTuple):
    """:func:`maxima`'s set-up of a count of sums below int64 that does not read the reward's values
    (:func:`prepare`): the plan, the tables' integer type, the vectors' L and R columns, their largest |entry|
    (:func:`_side_sums`' float64 test), the question, the reward's multiplicities, and the splits where the plan
    has at most :data:`PREPARED_SPLITS`."""

    plan: Plan
    dtype: Any
    VL: np.ndarray
    VR: np.ndarray
    top: int
    groups: tuple[tuple[int, ...], ...]
    rows: tuple[Any, ...]
    used: tuple[int, ...]
    pairs: tuple[tuple[int, int], ...]
    radix: int
    counts: tuple[int, ...]
    layout: tuple[Split, ...] | None
    #: With every value on L (k = d, one split, no R side), the L columns in float64 (:func:`_one_side_maxima`).
    VLf: np.ndarray | None = None


def prepare(problem: Any, the_plan: Plan) -> Prepared:
    """The set-up of a count of ``problem`` with ``the_plan`` (sums below int64, not the coarse tables) apart from
    the reward's values: :func:`count_prepared` counts it at any reward of the same multiplicities whose sums keep
    the plan's integer type. The selection keeps it with a remembered choice of ``maxima``.

    >>> from symorbit.orbits.engines.problem import make_problem
    >>> p = make_problem([(1, 0, 0), (0, 1, 0), (0, 0, 1)], [[0], [1, 2]], [(1, 0)], (1, 2, 3))
    >>> q = prepare(p, plan(p))
    >>> count_prepared(q, (1, 2, 3))[0], count_prepared(q, (0, 5, 7))[0]
    ({(1,): 4, (-1,): 2}, {(1,): 4, (-1,): 2})
    """
    if the_plan.dtype == "big" or the_plan.coarse:
        raise ValueError(f"prepare takes a plan of sums below int64 without the coarse tables, not {the_plan}")
    dt = np.int32 if the_plan.dtype == "int32" else np.int64
    k, counts = the_plan.k, tuple(problem.multiplicities)
    V = vector_array(problem, dt)        # read-only, kept with rows kept from count to count
    groups = tuple(map(tuple, problem.groups))
    pairs = tuple(problem.pairs)
    VL = np.ascontiguousarray(V[:, :k])
    return Prepared(the_plan, dt, VL, np.ascontiguousarray(V[:, k:]), problem.magnitudes[0], groups,
                    _row_selectors(groups), tuple(sorted({x for p in pairs for x in p if groups[x]})), pairs,
                    tally_radix(problem), counts,
                    _kept_layout(counts, k) if the_plan.splits <= PREPARED_SPLITS else None,
                    VL.astype(np.float64) if k == sum(counts) else None)


def _y_empty(groups: Sequence[Sequence[int]], pairs: Sequence[tuple[int, int]]) -> bool:
    """One compared pair whose Y is empty: X is better at every element (sign 1, :func:`_x_everywhere`)."""
    return len(pairs) == 1 and not groups[pairs[0][1]]


def _x_everywhere(counts: tuple[int, ...], the_plan: Plan,
                  progress: Callable[[int], None] | None) -> tuple[dict[Signs, int], int]:
    """The count of one pair whose Y is empty: sign 1 at every element of the orbit."""
    orbit = multinomial(counts)
    if progress is not None:
        progress(orbit)
    return {(1,): orbit}, the_plan.work


def count_prepared(prepared: Prepared, values: Sequence[int],
                   progress: Callable[[int], None] | None = None) -> tuple[dict[Signs, int], int]:
    """:func:`maxima`'s count from its set-up (:func:`prepare`) at the reward's scaled distinct ``values``
    (ascending). Returns (tally, estimated ns)."""
    the_plan, groups, pairs, radix = prepared.plan, prepared.groups, prepared.pairs, prepared.radix
    n_pairs = len(pairs)
    if _y_empty(groups, pairs):
        return _x_everywhere(prepared.counts, the_plan, progress)
    dt, used = prepared.dtype, prepared.used
    vals = np.array(values, dtype=dt)
    out = np.zeros(radix ** n_pairs, dtype=np.int64)
    weights = [radix ** q for q in range(n_pairs)]
    if prepared.VLf is not None:     # k = d: one split, one block of one row, each group's maxima of its side sums
        if _abs_sums(prepared, vals) >= _EXACT_DOUBLES:    # float64 sums all the same, their band recounted
            out[:] = _one_side_banded(prepared, vals)
            if progress is not None:
                progress(int(out.sum()))
            return _decode(out, n_pairs, radix), the_plan.work
        table = _one_side_maxima(prepared, vals)
        n = table[used[0]].shape[1]
        tmp, _, flags, codes = _block_buffers(n, dt, (), n_pairs)
        _tally_block(table, groups, pairs, weights, radix, tmp.reshape(1, n), flags, codes, out)
        if progress is not None:
            progress(n)
        return _decode(out, n_pairs, radix), the_plan.work
    size = 0
    layout = prepared.layout if prepared.layout is not None else _layout(prepared.counts, the_plan.k)
    for live_l, at_l, live_r, at_r in layout:
        U = _side_sums(prepared.VL, vals[live_l], at_l, prepared.top, "U")
        R = _side_sums(prepared.VR, vals[live_r], at_r, prepared.top, "R")
        n_left, n_right = U.shape[1], R.shape[1]
        step = max(1, BLOCK // n_left)
        if min(step, n_right) * n_left > size:
            size = min(step, n_right) * n_left
            tmp_buf, max_buf, flags, codes = _block_buffers(size, dt, used, n_pairs)
        for lo in range(0, n_right, step):
            hi = min(n_right, lo + step)
            tmp = tmp_buf[:(hi - lo) * n_left].reshape(hi - lo, n_left)
            table = _block_maxima(U, R, groups, prepared.rows, used, lo, hi, max_buf, tmp)
            _tally_block(table, groups, pairs, weights, radix, tmp, flags, codes, out)
        if progress is not None:
            progress(n_left * n_right)
    return _decode(out, n_pairs, radix), the_plan.work


def _abs_sums(prepared: Prepared, vals: np.ndarray) -> int:
    """:func:`_abs_bound` of the side sums with every value on L."""
    return _abs_bound(prepared.top, vals, prepared.VL.shape[1])


def _one_side_sums(prepared: Prepared, vals: np.ndarray, doubles: bool, cols: np.ndarray | None = None) -> np.ndarray:
    """The side sums with every value on L (n_vec × N, or the arrangements ``cols`` only): a float64 (BLAS) product
    of the L columns kept in float64 with ``doubles``, else an integer product, exact (:func:`_product`, kept under
    "U")."""
    at = prepared.layout[0].at_l if prepared.layout else _arrangements(prepared.counts)
    if cols is not None:
        at = at[:, cols]
    if doubles:
        return _product(cast(np.ndarray, prepared.VLf), vals.astype(np.float64), at, "U")
    return _product(prepared.VL, vals, at, "U")


def _group_maxima(prepared: Prepared, sums: np.ndarray) -> dict[int, np.ndarray]:
    """Each used group's maximum over its rows of ``sums`` (vectors × arrangements): one value an arrangement."""
    return {g: np.maximum.reduce(sums[prepared.rows[g]], axis=0) for g in prepared.used}


def _one_side_maxima(prepared: Prepared, vals: np.ndarray) -> dict[int, np.ndarray]:
    """Each used group's maxima (one row) over every arrangement of the reward, where every value is on L (k = d)
    and :func:`_side_sums`' float64 test passes (the caller checks it): the float64 side sums
    (:func:`_one_side_sums`), then one maximum over each group's rows. The maxima stay float64 (exact integers) for
    one compared pair, whose signs are only compared; else they are in the tables' type."""
    best = _group_maxima(prepared, _one_side_sums(prepared, vals, True))
    as_is, dt = len(prepared.pairs) == 1, prepared.dtype
    return {g: (m if as_is else m.astype(dt)).reshape(1, -1) for g, m in best.items()}


def _one_side_banded(prepared: Prepared, vals: np.ndarray) -> np.ndarray:
    """The tally (:func:`count_prepared`'s ``out``) with every value on L where the side sums are past float64's exact
    integers (int64 sums): from float64 side sums, each within a proven distance of the exact one, each pair's sign
    certain where its groups' maxima differ by more than the band W, and the elements where some pair is inside the
    band recounted from integer side sums of their arrangements alone.

    The bound: a dot product of p terms in float64, from entries and values rounded to float64 (relative error u =
    2^−53 each), summed in any order, with or without fused multiply-adds, is within γ_{p+2} · Σ|a_j b_j| of the
    exact one (Higham, *Accuracy and Stability of Numerical Algorithms*, 2nd ed., §3.1), and Σ|a_j b_j| ≤ S =
    :func:`_abs_sums`. So each group's float64 maximum is within (p + 3) · S · 2^−52 of its exact maximum (p + 3 ≪
    2^52), their difference within twice that, and rounding the difference adds at most S · 2^−52: W = (p + 4) · S ·
    2^−51, rounded up. The recount is exact in int64 (the plan's sums fit it).
    """
    groups, pairs, radix = prepared.groups, prepared.pairs, prepared.radix
    width = float(((prepared.VL.shape[1] + 4) * _abs_sums(prepared, vals) >> 51) + 1)
    sums = _one_side_sums(prepared, vals, True)
    best = _group_maxima(prepared, sums)
    compared = [(q, x, y) for q, (x, y) in enumerate(pairs) if groups[y] or radix == 2]   # an empty Y: digit 0
    diffs = [best[x] - best[y] for _, x, y in compared]
    n = sums.shape[1]
    unsure = np.zeros(n, dtype=bool)
    for diff in diffs:
        unsure |= np.abs(diff) <= width
    inside = np.flatnonzero(unsure)
    if inside.size:            # every pair's sign there from the exact maxima
        exact = _group_maxima(prepared, _one_side_sums(prepared, vals, False, inside))
    if len(pairs) == 1:
        (_, x, y), diff = compared[0], diffs[0]
        gt, lt = int(np.count_nonzero(diff > width)), int(np.count_nonzero(diff < -width))
        if inside.size:
            gt += int(np.count_nonzero(exact[x] > exact[y]))
            lt += int(np.count_nonzero(exact[x] < exact[y]))
        return np.array((gt, n - gt - lt, lt), dtype=np.int64)
    code = np.zeros(n, dtype=np.int64)
    for (q, x, y), diff in zip(compared, diffs):
        sign = np.sign(diff).astype(np.int64)         # certain outside the band
        if inside.size:
            sign[inside] = np.sign(exact[x] - exact[y])
        code += radix ** q * (-sign if radix == 2 else 1 - sign)   # a bit whether X is below Y, or 1 − sign
    return np.bincount(code, minlength=radix ** len(pairs))


def _block_buffers(size: int, dt: Any, used: Sequence[int], n_pairs: int,
                   ) -> tuple[np.ndarray, dict[int, np.ndarray], np.ndarray, np.ndarray]:
    """A block's buffers of ``size`` entries (:func:`_kept`): scratch, each used group's maxima, flags, and sign
    codes where several pairs are compared. One each, reused by every block and kept between counts: a fresh
    array of a block's size (256-512 KB) is mapped afresh by glibc, so each block would pay a page fault per 4 KB
    (2.6x the time at d = 11). Small ones (all below :data:`KEPT_FROM`) are fresh without asking :func:`_kept`."""
    codes = size if n_pairs > 1 else 0
    if size * 8 < KEPT_FROM:
        return (np.empty(size, dt), {g: np.empty(size, dt) for g in used}, np.empty(size, bool),
                np.empty(codes, np.int64))
    return (_kept("tmp", (size,), dt), {g: _kept(f"max{g}", (size,), dt) for g in used},
            _kept("flags", (size,), bool), _kept("codes", (codes,), np.int64))


def _tally_block(table: dict[int, np.ndarray], groups: Sequence[Sequence[int]], pairs: Sequence[tuple[int, int]],
                 weights: Sequence[int], radix: int, tmp: np.ndarray, flags: np.ndarray, codes: np.ndarray,
                 out: np.ndarray) -> None:
    """Add one block's signs to the tally ``out`` from its groups' maxima ``table`` (``tmp``, of the block's shape,
    is scratch; ``flags`` and ``codes`` buffers of at least its size): one pair's (X better, tie, Y better), or
    several pairs' sign codes Σ radix^q · digit_q (:func:`~.problem.tally_radix`)."""
    n, shape = tmp.size, tmp.shape
    if len(pairs) == 1:
        x, y = pairs[0]
        flag = flags[:n].reshape(shape)
        gt = int(np.count_nonzero(np.greater(table[x], table[y], out=flag)))
        eq = int(np.count_nonzero(np.equal(table[x], table[y], out=flag)))
        out[0] += gt
        out[1] += eq
        out[2] += n - gt - eq
        return
    code = codes[:n].reshape(shape)
    code.fill(0)
    for w, (x, y) in zip(weights, pairs):
        if radix == 2:            # X within Y: the sign is 0 or −1, the bit whether X is below Y
            np.less(table[x], table[y], out=tmp)       # 0 or 1 into tmp (free now), weighted in place
            tmp *= w
            code += tmp
        elif groups[y]:           # Y empty: sign 1, code digit 0; else digit 1 - sign, into tmp (free now)
            np.sign(np.subtract(table[x], table[y], out=tmp), out=tmp)
            tmp *= w
            np.subtract(code, tmp, out=code)
            code += w
    out += np.bincount(code.ravel(), minlength=len(out))


def maxima(problem: Any, the_plan: Plan | None = None,
           progress: Callable[[int], None] | None = None) -> tuple[dict[Signs, int], int]:
    """Count the signs over the orbit, each set's maximum formed vector by vector. Returns
    (tally, estimated ns).

    Sums below int64 are counted from the count's set-up (:func:`prepare`, :func:`count_prepared`); the coarse
    int32 tables and sums past int64 by :func:`_banded_maxima`.

    Examples
    --------
    The post's candy example (docs/theory.md#candy): A = {candy}, B = {chocolate, hug}, r = (1, 2, 3).

    >>> from fractions import Fraction
    >>> from symorbit.orbits.engines import problem as E
    >>> e = [tuple(Fraction(int(i == j)) for i in range(3)) for j in range(3)]
    >>> p = E.make_problem(e, [[0], [1, 2]], [(1, 0)], tuple(map(Fraction, (1, 2, 3))))
    >>> sorted(maxima(p)[0].items())
    [((-1,), 2), ((1,), 4)]
    """
    the_plan = plan(problem) if the_plan is None else the_plan
    if _y_empty(problem.groups, problem.pairs):
        return _x_everywhere(tuple(problem.multiplicities), the_plan, progress)
    # past int64 the int64 shifts first, and the int32 ones on from them (problem.greedy_shifts)
    fine = coarse_scale(problem, "int64") if the_plan.dtype == "big" else None
    coarse = coarse_scale(problem, wider=fine) if the_plan.coarse and len(problem.pairs) == 1 else None
    if fine is not None or coarse is not None:
        return _banded_maxima(problem, the_plan, coarse, progress, fine)
    return count_prepared(prepare(problem, the_plan._replace(coarse=False)), problem.values, progress)


def _banded_maxima(problem: Any, the_plan: Plan, coarse: Coarse | None,
                   progress: Callable[[int], None] | None, scale64: Coarse | None = None) -> tuple[dict[Signs, int], int]:
    """:func:`maxima` on rounded tables: the coarse int32 tables of int64 sums (``coarse``, one pair), or sums past
    int64 (``the_plan.dtype`` "big", whose int64 scale is ``scale64``), each with its band recounted exactly (see the
    module's docstring)."""
    big = the_plan.dtype == "big"         # sums past int64: Python integers for the last band, nothing else exact
    dt = np.int64                         # the tables' type once the coarse ones give up (big: the fine problem's)
    counts = tuple(problem.multiplicities)
    k = the_plan.k
    # object rows past int64; else read-only, and kept with rows kept from count to count (vector_array)
    V = np.array(problem.vectors, dtype=object).reshape(len(problem.vectors), problem.d) if big else \
        vector_array(problem, dt)
    VL, VR = np.ascontiguousarray(V[:, :k]), np.ascontiguousarray(V[:, k:])
    vals = np.array(problem.values, dtype=object if big else dt)
    top = None if big else problem.magnitudes[0]        # max |entry|, for the side sums' float64 test (_side_sums)
    groups = [list(g) for g in problem.groups]
    rows = _row_selectors(groups)
    pairs = list(problem.pairs)
    used = sorted({x for p in pairs for x in p if groups[x]})
    n_pairs = len(pairs)
    radix = tally_radix(problem)          # a bit a pair where every sign is 0 or −1 (below int64 only)
    out = np.zeros(radix ** n_pairs, dtype=np.int64)
    weights = [radix ** q for q in range(n_pairs)]
    if coarse is not None:       # the int32 problem the tables are built from first (see problem.coarse_scale)
        Vc, valsc = coarse_arrays(problem, coarse)
        VcL, VcR = np.ascontiguousarray(Vc[:, :k]), np.ascontiguousarray(Vc[:, k:])
    if big:                      # and the int64 one its band is recounted from (its own band in Python integers)
        fine = cast(Coarse, scale64)
        Vf, valsf = coarse_arrays(problem, fine, "int64")
        VfL, VfR = np.ascontiguousarray(Vf[:, :k]), np.ascontiguousarray(Vf[:, k:])
        budget = RecountBudget()     # that band's Python integers, for the whole count
    size = 0
    for live_l, at_l, live_r, at_r in _layout(counts, k):
        if coarse is not None:
            Uc, Rc = _side_sums(VcL, valsc[live_l], at_l), _side_sums(VcR, valsc[live_r], at_r)
        if big:    # the int64 tables of the fine problem, their band's maxima in Python integers
            U, R = _side_sums(VfL, valsf[live_l], at_l), _side_sums(VfR, valsf[live_r], at_r)
            exact = _exact_from_arrangements(VL, VR, vals[live_l], vals[live_r], at_l, at_r, budget)
            in_python = _compared(exact)
            recount = _banded(_exact_from_side_sums(U, R), fine.width, in_python)
        else:
            U = _side_sums(VL, vals[live_l], at_l, top, "U")
            R = _side_sums(VR, vals[live_r], at_r, top, "R")
            recount = _compared(_exact_from_side_sums(U, R))
        n_left, n_right = U.shape[1], R.shape[1]
        step = max(1, BLOCK // n_left)
        if min(step, n_right) * n_left > size:    # a block holds step rows of n_left (more than BLOCK when n_left
            size = min(step, n_right) * n_left     # is), or all the split's rows where they are fewer
            tmp_buf, max_buf, flags, codes = _block_buffers(size, dt, used, n_pairs)
            unsure = _kept("unsure", (size if big and n_pairs > 1 else 0,), bool)
            if coarse is not None:
                ctmp_buf = _kept("ctmp", (size,), np.int32)
                cmax_buf = {g: _kept(f"cmax{g}", (size,), np.int32) for g in used}
        for lo in range(0, n_right, step):
            hi = min(n_right, lo + step)
            n = (hi - lo) * n_left
            shape = (hi - lo, n_left)
            if coarse is not None:
                ctable = _block_maxima(Uc, Rc, groups, rows, used, lo, hi, cmax_buf, ctmp_buf[:n].reshape(shape))
                signs = _coarse_signs(ctable, recount, groups, pairs[0], lo, coarse.width,
                                      ctmp_buf[:n].reshape(shape), flags[:n].reshape(shape), COARSE_MAX_SHARE)
                if signs is not None:
                    out[:3] += signs
                    continue
                coarse = None        # too many elements in the band: int64 tables from here on
            tmp = tmp_buf[:n].reshape(shape)
            table = _block_maxima(U, R, groups, rows, used, lo, hi, max_buf, tmp)
            if not big:
                _tally_block(table, groups, pairs, weights, radix, tmp, flags, codes, out)
                continue
            # the fine problem's tables: its band in Python integers
            if n_pairs == 1:
                signs = _coarse_signs(table, in_python, groups, pairs[0], lo, fine.width, tmp,
                                      flags[:n].reshape(shape), BIG_MAX_SHARE)
            else:
                signs = _banded_codes(table, exact, groups, pairs, weights, lo, fine.width,
                                      codes[:n].reshape(shape), tmp, unsure[:n].reshape(shape), BIG_MAX_SHARE)
            if signs is None:
                raise CoarseGaveUp(f"more than {BIG_MAX_SHARE:.3g} of a block in the band of the int64 tables")
            out[:len(signs)] += signs
        if progress is not None and not big:
            progress(n_left * n_right)
    if progress is not None and big:       # at the end: a count given up is counted again by mitm
        progress(multinomial(counts))
    return _decode(out, n_pairs, radix), the_plan.work


def _block_maxima(U: np.ndarray, R: np.ndarray, groups: Sequence[Sequence[int]], rows: Sequence[Any],
                  used: Sequence[int], lo: int, hi: int, bufs: dict[int, np.ndarray],
                  tmp: np.ndarray) -> dict[int, np.ndarray]:
    """Each used group's table max_{x∈G} (U_x[l] + R_x[ρ]) over R arrangements lo..hi (rows) and every L
    arrangement (columns), written into ``bufs`` (``tmp``, of the block's shape, is scratch; ``rows`` each group's
    rows, :func:`_row_selectors`)."""
    shape = tmp.shape
    table: dict[int, np.ndarray] = {}
    if R.shape[1] == 1 and not R.any():      # an empty R side (one block, one row): each group's maximum of U alone
        for g in used:
            m = bufs[g][:tmp.size].reshape(shape)
            np.maximum.reduce(U[rows[g]], axis=0, out=m[0])
            table[g] = m
        return table
    for g in used:
        m = bufs[g][:tmp.size].reshape(shape)
        np.add.outer(R[groups[g][0], lo:hi], U[groups[g][0]], out=m)
        for v in groups[g][1:]:
            np.add.outer(R[v, lo:hi], U[v], out=tmp)
            np.maximum(m, tmp, out=m)
        table[g] = m
    return table


def _exact_from_side_sums(U: np.ndarray, R: np.ndarray) -> Callable[..., np.ndarray]:
    """The exact maximum of a group at (R arrangement, L arrangement) positions, from int64 side sums."""
    def best(members: list[int], rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        m = U[members[0], cols] + R[members[0], rows]
        for v in members[1:]:
            np.maximum(m, U[v, cols] + R[v, rows], out=m)
        return m
    return best


def _exact_from_arrangements(VL: np.ndarray, VR: np.ndarray, vl: np.ndarray, vr: np.ndarray,
                             arr_l: np.ndarray, arr_r: np.ndarray,
                             budget: RecountBudget) -> Callable[..., np.ndarray]:
    """The same in Python integers (object arrays), each position's dot products formed from its two
    arrangements: for sums past int64, where there are no int64 side sums. Each call is charged to ``budget``
    first (positions × members × d multiply-adds)."""
    d = VL.shape[1] + VR.shape[1]

    def best(members: list[int], rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        budget.charge(len(rows), len(members), d)
        sums = VL[members] @ vl[arr_l[:, cols]] + VR[members] @ vr[arr_r[:, rows]]
        return np.array([max(column) for column in sums.T], dtype=object)
    return best


def _compared(best: Callable[..., np.ndarray]) -> Callable[..., tuple[int, int]]:
    """(X better, tie) at given positions from ``best``, a group's exact maximum there."""
    def recount(xs: list[int], ys: list[int], rows: np.ndarray, cols: np.ndarray) -> tuple[int, int]:
        mx, my = best(xs, rows, cols), best(ys, rows, cols)
        return int(np.count_nonzero(mx > my)), int(np.count_nonzero(mx == my))
    return recount


def _banded(best: Callable[..., np.ndarray], width: int,
            then: Callable[..., tuple[int, int]]) -> Callable[..., tuple[int, int]]:
    """(X better, tie) at given positions from the maxima ``best`` of a coarse problem of band width ``width``
    (:func:`.problem.coarse_scale`): certain outside [−width, width], the positions inside left to ``then``."""
    def recount(xs: list[int], ys: list[int], rows: np.ndarray, cols: np.ndarray) -> tuple[int, int]:
        diff = best(xs, rows, cols) - best(ys, rows, cols)
        gt = int(np.count_nonzero(diff > width))
        inside = np.flatnonzero(np.abs(diff) <= width)
        if not inside.size:
            return gt, 0
        more, eq = then(xs, ys, rows[inside], cols[inside])
        return gt + more, eq
    return recount


def _banded_codes(table: dict[int, np.ndarray], exact: Callable[..., np.ndarray], groups: list[list[int]],
                  pairs: list[tuple[int, int]], weights: list[int], lo: int, width: int, code: np.ndarray,
                  tmp: np.ndarray, unsure: np.ndarray, share: float) -> np.ndarray | None:
    """The tally of sign codes Σ 3^q (1 − sign_q) over one block for several compared pairs, from tables whose
    group maxima are each within the band ``width`` of :func:`.problem.coarse_scale` of the exact ones: a pair's
    sign is certain where its difference lies outside [−width, width]; an element with any pair inside is
    coded from its exact maxima (``exact``: a group's exact maximum at given positions). None when more than
    ``share`` of the block has such elements."""
    code.fill(0)
    unsure.fill(False)
    for w, (x, y) in zip(weights, pairs):
        if groups[y]:                 # Y empty: sign 1, code digit 0
            np.subtract(table[x], table[y], out=tmp)
            unsure |= np.abs(tmp) <= width
            np.sign(tmp, out=tmp)
            tmp *= w
            np.subtract(code, tmp, out=code)
            code += w
    inside = np.flatnonzero(unsure)
    if inside.size > share * unsure.size:
        return None
    if inside.size:
        rows, cols = np.divmod(inside, unsure.shape[1])
        rows += lo
        best = {g: exact(groups[g], rows, cols) for g in {g for pair in pairs for g in pair if groups[g]}}
        code.ravel()[inside] = codes_of_maxima(best, groups, pairs)
    return np.bincount(code.ravel(), minlength=3 ** len(pairs))


def _coarse_signs(ctable: dict[int, np.ndarray], recount: Callable[..., tuple[int, int]], groups: list[list[int]],
                  pair: tuple[int, int], lo: int, width: int, tmp: np.ndarray, flag: np.ndarray,
                  share: float = COARSE_MAX_SHARE) -> np.ndarray | None:
    """(X better, tie, Y better) over one block from the coarse tables of :func:`.problem.coarse_scale`: certain
    outside the band [−width, width], the elements inside recounted exactly (``recount``: (X better, tie) at
    given positions); None when more than ``share`` of the block is inside."""
    x, y = pair
    n, n_left = tmp.size, tmp.shape[1]
    diff = np.subtract(ctable[x], ctable[y], out=tmp)
    gt = int(np.count_nonzero(np.greater(diff, width, out=flag)))
    lt = int(np.count_nonzero(np.less(diff, -width, out=flag)))
    band = n - gt - lt
    if band > share * n:
        return None
    eq = 0
    if band:
        np.less_equal(np.abs(diff, out=diff), width, out=flag)
        rows, cols = np.divmod(np.flatnonzero(flag), n_left)
        rows += lo
        more, eq = recount(groups[x], groups[y], rows, cols)
        gt, lt = gt + more, lt + band - more - eq
    return np.array((gt, eq, lt), dtype=np.int64)
