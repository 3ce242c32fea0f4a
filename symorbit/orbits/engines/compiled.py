"""Compiled orbit counter over the splits of the reward multiset (private engine ``compiled``).

Needs numba (the ``fast`` extra, :func:`numba_installed`); :func:`applicable` says which
questions it takes, and :mod:`symorbit.orbits.engines.select` picks it on its cost estimate
only when both hold.

Algorithm
---------
The orbit is enumerated as :mod:`.mitm` enumerates it: split the coordinates into L (the
first k) and R (the other d − k); an orbit element is a sub-multiset of the reward values
for L, one distinct arrangement of it on L and one of the rest on R, and every distinct orbit
element arises exactly once (docs/theory.md#p1). For a split write u_x[l] = x_L·r_L and
v_x[ρ] = x_R·r_R. For every R arrangement ρ the compiled loop forms, for each group G,
the row max_{x∈G} (u_x[l] + v_x[ρ]) over all L arrangements l at once (a contiguous loop the
compiler vectorises), then the signs of every compared pair and their tally. The work is
|orbit| × (vectors) additions and maxima, per *vector* rather than per vector pair (the
bitsets of :mod:`.mitm` work per pair), plus the side dot products of each split.

The side dot products u_x and v_x come one of two ways. Where every side's dot products fit in
memory (at most :data:`MAX_TABLE_ENTRIES` entries, so about d ≤ 10 with distinct values) they are
the **table mode**: every distinct sequence of values that L (or R) takes is a leaf of a prefix
tree, and each node's dot product is its parent's plus one product, so a prefix shared by many
splits is added once (:func:`side_tables`). Otherwise each split forms its own from scratch
(k multiply-adds per arrangement and vector). The loop over R arrangements is the same.

Exactness: the vectors and values are the integers of
:func:`symorbit.orbits.engines.problem.make_problem`. :func:`dtype_for` bounds every partial
sum by d · max|x| · max|r|; the loop runs in int32 when that bound is below 2^30, in int64
when it is below 2^62. Past that, :func:`_big` counts: for one compared pair of non-empty sets the loop of
:func:`_coarse_kernel` on the problem shifted to fit int32, its band recounted from the problem shifted to
fit int64; for several pairs the loop of :func:`_fine_kernel` on that int64 problem; either way the
elements in the int64 problem's band (in practice exact or near-exact ties) are handed back and counted
in Python integers.

References
----------
PR Def. 3.1 (orbit), Def. 3.2 (counting orbit elements); docs/theory.md#most, docs/theory.md#pitfalls P1.
"""

from __future__ import annotations

import importlib.util
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from math import comb
from typing import Any, NamedTuple

import numpy as np

from symorbit.errors import InvariantViolation
from symorbit.orbits.engines.host import wide_integer_lanes
from symorbit.orbits.engines.mitm import _arrangements, count_splits, split_shapes
from symorbit.orbits.engines.problem import (
    COARSE_MAX_SHARE,
    COARSE_SETUP,
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
    weighted_cost,
)
from symorbit.orbits.engines.scratch import kept

__all__: list[str] = []

#: Whether this CPU takes int64 maxima in vector lanes (AVX-512; :func:`.host.wide_integer_lanes`): the int64 rates
#: of the cost model below, and how the coarse loop is charged (:data:`COARSE_INT64_SHARE`), depend on it.
WIDE_LANES = wide_integer_lanes()
#: Largest number of L arrangements a plan may use (the rows of maxima stay in cache).
MAX_LEFT = 5_040
#: Splits enumerated exactly by :func:`plan`.
MAX_PLANNED_SPLITS = 50_000
#: Largest number of compared pairs (the tally has 3^pairs sign patterns).
MAX_PAIRS = 10
#: The table mode holds at most this many dot products (vectors × prefix-tree nodes of both sides).
MAX_TABLE_ENTRIES = 2**22

#: Cost model, nanoseconds of one core (the unit of the guard), fitted by least squares to
#: measured CPU times (benchmarks/compiled_costs.py, d = 5..11, 141 runs, predicted/measured
#: 0.52-1.46; 2-core x86-64 with AVX-512, numba 0.68). Refitted in the ninth session, when the
#: loop had come to run once per split shape (a split went from 5.3 µs to 0.15 µs), and in the
#: nineteenth, when the side dot products came to gather each split's values once
#: (:func:`_side_sums`; a multiply-add went from 0.95 to 0.11 ns, and the k picked from 1.00-2.51x
#: the fastest k measured, mean 1.21, to 1.00-1.19x, mean 1.02).
#: Per orbit element and vector: one addition and one maximum, in int64 and in int32 lanes. The int64 rate is the
#: fitted one where the CPU has AVX-512 (:func:`.host.wide_integer_lanes`); without it the int64 loop measured
#: :data:`NARROW_ELEM_RATIO` times the int32 one (AMD EPYC znver3, AVX2: 0.540 against 0.068 ns, twenty-seventh
#: session), so COST_ELEM is COST_ELEM_32 times that ratio there.
COST_ELEM_32 = 0.043
NARROW_ELEM_RATIO = 7.9
#: The same for the table mode (0.658 against 0.090 ns; :data:`TABLE_ELEM`).
NARROW_TABLE_RATIO = 7.3
COST_ELEM = 0.112 if WIDE_LANES else round(COST_ELEM_32 * NARROW_ELEM_RATIO, 3)
#: Per orbit element and compared pair, when there are several (a sign digit per pair, then
#: one scatter of the sign pattern into the tally; one pair is a vectorised count).
COST_PAIR = 0.707
#: Per R arrangement and vector: loop set-up of one row.
COST_ROW = 3.77
#: Per multiply-add of the side dot products.
COST_DOT = 0.111
#: Per split: its side dot products' loop set-up inside the compiled loop.
COST_SPLIT = 328
#: Per split shape: one call of the compiled loop over every split of that shape (slicing the value
#: table, the arrangement tables, numba's dispatch).
COST_SHAPE = 4_100
#: Fixed cost of one count (the problem's arrays, the tally).
COST_FIXED = 3_570
#: Sums past int64: the fine loop (:func:`_fine_kernel`, int64 sums with every element tested against the band)
#: costs ``FINE_RATE`` times the int64 split model plus ``FINE_SETUP`` ns (the band, the exact arrays it spills
#: to), as :func:`fine_cost` charges it: measured 0.87-0.90 times that model at d = 9, 1.03-1.11 at d = 8 and
#: 28-40 µs above 0.9 times it at d = 6-7, on the visit distributions of random MDPs (``python
#: benchmarks/call_costs.py --loops``). For one pair it is weighed against the coarse loop with its set-up
#: (:data:`~.problem.COARSE_SETUP`), which small counts do not repay: at d = 6-7 the fine loop took 27-123 µs
#: where the coarse one took 61-167 µs.
FINE_RATE = 0.9
FINE_SETUP = 30_000


def fine_cost(int64_work: float) -> int:
    """What the fine loop is charged (ns, loaded) for a count whose int64 split model is ``int64_work``.

    >>> fine_cost(100_000) == int(FINE_RATE * 100_000) + FINE_SETUP
    True
    """
    return int(FINE_RATE * int64_work) + FINE_SETUP

#: Importing numba and its first compiled call in a process (about 0.33 s and 0.15 s of CPU),
#: charged while numba is not yet imported; then loading this loop for one integer type from
#: numba's on-disk cache (about 10 ms), charged until loaded. Compiling the loop the very first
#: time, before numba has cached it, takes about 1.3 s per integer type and is not charged.
COST_IMPORT = 500_000_000
COST_LOAD = 10_000_000
#: numba's first compiled call in a process (initialising its CPU target, about 0.13 s of CPU besides
#: the load), charged while numba is imported (by the user or another package) but has run nothing yet.
COST_FIRST_CALL = 130_000_000


_COSTS = (COST_ELEM, COST_ELEM_32, COST_PAIR, COST_ROW, COST_DOT, COST_SPLIT)

#: The table mode's cost model (ns; features of :func:`table_features`, fitted with
#: ``benchmarks/compiled_costs.py --tables``: 104 runs at d = 5..11): the same loop over R arrangements, no
#: per-split dot products, one addition and product per prefix-tree node and vector (:data:`COST_NODE`), one
#: call in all. COST_NODE is measured on the trees alone (the loop with no split; median over the runs) and
#: the rest fitted to what is left: fitted together, the trees' cost leaked into the other terms and k past
#: the best looked cheap (the k it picked up to 1.9x the fastest k measured, at d = 10); this way the k picked
#: is within 1.00-1.16x of the fastest (mean 1.003-1.008 over the 21 instances in two runs; the script prints it), with
#: predicted/measured 0.5-2.9 on single runs.
TABLE_ELEM_32 = 0.046
#: The int64 rate without AVX-512: TABLE_ELEM_32 times the ratio measured there (:data:`NARROW_TABLE_RATIO`).
TABLE_ELEM = 0.131 if WIDE_LANES else round(TABLE_ELEM_32 * NARROW_TABLE_RATIO, 3)
TABLE_PAIR = 0.62
TABLE_ROW = 3.58
TABLE_SPLIT = 208
COST_NODE = 0.98
TABLE_FIXED = 4_800
#: Building the prefix trees of one multiset shape and k (:func:`side_tables`, numpy, with the splits'
#: layout for that k): a fixed part and one per node (ns; ``benchmarks/compiled_costs.py --build``: 80
#: shapes at d = 6..12, each the first time in the process, predicted/measured 0.30-2.44, median about 1);
#: charged, as the ski-rental rule charges loading the loop, until built.
BUILD_FIXED = 300_000
BUILD_NODE = 80

_TABLE_COSTS = (TABLE_ELEM, TABLE_ELEM_32, TABLE_PAIR, TABLE_ROW, 0.0, TABLE_SPLIT)


def split_features(n_left: int, n_right: int, n_vec: int, n_pairs: int, k: int, d: int,
                   dtype: str) -> tuple[int, ...]:
    """What one split costs, the features :data:`COST_ELEM` and the rest are charged on:
    (vector-elements in int64, in int32, pair-elements when more than one pair is compared,
    vector-rows, multiply-adds, 1).

    >>> split_features(6, 2, 3, 2, 3, 4, "int32")
    (0, 36, 24, 6, 60, 1)
    >>> f = split_features(6, 2, 3, 1, 3, 4, "coarse")   # int64 sums counted on int32 ones (one pair)
    >>> f[0] + f[1], f[0] == int(36 * COARSE_INT64_SHARE), f[2:]    # a share of the elements at the int64 rate
    (36, True, (0, 6, 60, 1))
    """
    elems = n_left * n_right
    dots = n_vec * (n_left * k + n_right * (d - k))
    if dtype == "coarse":        # _coarse_kernel: a share of its elements at the int64 rate (see COARSE)
        wide = int(n_vec * elems * COARSE_INT64_SHARE)
        return (wide, n_vec * elems - wide, 0, n_vec * n_right, dots, 1)
    return (n_vec * elems if dtype != "int32" else 0, n_vec * elems if dtype == "int32" else 0,
            n_pairs * elems if n_pairs > 1 else 0, n_vec * n_right, dots, 1)


def table_features(n_left: int, n_right: int, n_vec: int, n_pairs: int, k: int, d: int,
                   dtype: str) -> tuple[int, ...]:
    """What one split costs in the table mode: :func:`split_features` without its dot products
    (the prefix tree's nodes are charged once per count, :func:`table_nodes`).

    >>> table_features(6, 2, 3, 2, 3, 4, "int32")
    (0, 36, 24, 6, 0, 1)
    """
    f = split_features(n_left, n_right, n_vec, n_pairs, k, d, dtype)
    return f[:4] + (0,) + f[5:]


@lru_cache(maxsize=1024)
def sequence_counts(counts: tuple[int, ...], limit: int | None = None) -> tuple[int, ...]:
    """(s(1), s(2), ..., s(d)): s(j) distinct sequences of length j drawn from the multiset with
    ``counts[i]`` copies of value i; with ``limit``, cut short after the first length at which their
    running total exceeds it. s is nondecreasing (a sequence shorter than d extends), so a few
    lengths settle a large d: the lengths are computed 8, 16, 32, ... at a time.

    >>> sequence_counts((1, 1, 1)), sequence_counts((2, 1)), sequence_counts((1,) * 1000, 10**6)
    ((3, 6, 6), (2, 3, 3), (1000, 999000, 997002000))
    """
    d = sum(counts)
    longest = min(d, 8)
    while True:
        f = [1] + [0] * longest          # f[j]: sequences of length j from the values so far
        for m in counts:
            g = [0] * (longest + 1)
            for a, fa in enumerate(f):
                if fa:
                    for t in range(min(m, longest - a) + 1):
                        g[a + t] += fa * comb(a + t, t)
            f = g
        total = 0
        for j in range(1, longest + 1):
            total += f[j]
            if limit is not None and total > limit:
                return tuple(f[1:j + 1])
        if longest == d:
            return tuple(f[1:])
        longest = min(d, 2 * longest)


def table_nodes(counts: tuple[int, ...], k: int, limit: int | None = None) -> int:
    """Nodes of the table mode's prefix trees with k values on L: every distinct sequence of length
    1..k (L) and 1..d − k (R), and one node for an empty side; with ``limit``, any number above it
    once the count passes it.

    >>> table_nodes((1, 1, 1), 1)       # L: 3 sequences; R: 3 + 6
    12
    >>> table_nodes((1,) * 1000, 500, 10**6) > 10**6
    True
    """
    s = sequence_counts(counts, limit)
    total = 0
    for m in (k, sum(counts) - k):
        if m > len(s):
            return (limit or 0) + 1
        total += sum(s[:m]) if m else 1
    return total


def table_entries(counts: tuple[int, ...], k: int, n_vec: int, limit: int) -> int:
    """The dot products the table mode holds (vectors × :func:`table_nodes`); any number above ``limit``
    once the count passes it.

    >>> table_entries((1, 1, 1), 1, 2, 100), table_entries((1,) * 1000, 500, 2, 10**6) > 10**6
    (24, True)
    """
    return n_vec * table_nodes(counts, k, limit // max(1, n_vec))


class Plan(NamedTuple):
    """How :func:`compiled` will split an instance (k = |L|) and its estimated cost in ns (a named
    tuple: made on every count, where a frozen dataclass took a microsecond more)."""

    k: int
    splits: int
    work: int
    dtype: str
    #: The part of ``work`` that is :func:`pending_charge` (making the loop ready), not counting.
    charge: int = 0
    #: The table mode (True), each split's own dot products (False), or whichever fits (None).
    tables: bool | None = None
    #: The part of ``charge`` that is building the side tables (:func:`table_charge`).
    build: int = 0
    #: The (multiplicities, k) of the table mode's plan where it is cheaper than splitting once its tables
    #: are built, and its cost then (ns, loop loaded), whether or not this plan uses it.
    table_key: tuple[tuple[int, ...], int] | None = None
    table_ready: int = 0
    #: The split mode on coarse int32 sums (:func:`_coarse_kernel`; int64 sums, one compared pair).
    coarse: bool = False
    #: One compared pair with int64 sums or sums past int64: what each count loses (ns) against the coarse loop
    #: (past int64: the other of the coarse and fine loops) once that one is loaded, where only its load made
    #: this one the cheaper (noted by :func:`compiled` as :func:`note_regret` does); 0 otherwise.
    forgone: int = 0


def dtype_for(problem: Any) -> str | None:
    """``"int32"`` or ``"int64"``: the narrowest type holding every partial sum, else None.

    Examples
    --------
    >>> from fractions import Fraction
    >>> from symorbit.orbits.engines.problem import make_problem
    >>> p = make_problem([(Fraction(10**15), Fraction(0))], [[0]], [(0, 0)], (Fraction(1), Fraction(2)))
    >>> dtype_for(p)
    'int64'
    """
    return problem.sums_dtype


def applicable(problem: Any) -> str | None:
    """None if :func:`compiled` handles the question (numba aside), else the reason it does not: sums of any
    size (past int64 in :func:`_big`), at most :data:`MAX_PAIRS` pairs (:data:`~.problem.MAX_CONTAINED_PAIRS`
    where every pair's first set lies in its second and the sums fit int64), each with a non-empty first set."""
    return split_refusal(problem, "compiled", pairs_limit(problem, MAX_PAIRS))


@lru_cache(maxsize=1)
def numba_installed() -> bool:
    """Whether numba can be imported (looked up without importing it: that costs about 0.3 s)."""
    return "numba" in sys.modules or importlib.util.find_spec("numba") is not None


#: dtypes whose compiled loop this process has already loaded (the first call loads it).
_LOADED: set[str] = set()
#: Nanoseconds the selection has lost so far by not using the compiled loop while it was not ready.
_REGRET = [0]


@lru_cache(maxsize=4096)
def cheapest_split(counts: tuple[int, ...], n_vec: int, n_pairs: int, dtype: str,
                   features: Callable[..., tuple[int, ...]], costs: tuple[float, ...], max_left: int,
                   max_splits: int, shape_cost: float = 0.0, node_cost: float = 0.0,
                   max_entries: int = 0) -> tuple[int, int, int] | None:
    """(k, splits, work): the k (|L|) whose splits cost least under ``features`` · ``costs``, over the k with
    at most ``max_splits`` splits and at most ``max_left`` L arrangements, plus ``shape_cost`` for each
    distinct split shape (the compiled loop is called once per shape); the plans of :func:`plan` and
    :func:`symorbit.orbits.engines.maxima.plan`. Remembered per argument tuple: the answer depends on
    nothing else, and planning every engine anew cost more than a small count itself.

    With ``node_cost`` the plan is the table mode's: each vector's prefix-tree nodes (:func:`table_nodes`)
    cost ``node_cost`` each, only k whose tables hold at most ``max_entries`` entries (vectors × nodes)
    qualify, and None means that none does.

    Six distinct values: with two vectors all six values on L (one split, 6! arrangements: a call of the loop
    per shape and the set-up of each split cost more than the side sums); with 40 vectors the side sums
    decide, and four values go on L (C(6, 4) = 15 splits, all of one shape).

    >>> cheapest_split((1,) * 6, 2, 1, "int32", split_features, _COSTS, MAX_LEFT, MAX_PLANNED_SPLITS, COST_SHAPE)[:2]
    (6, 1)
    >>> cheapest_split((1,) * 6, 40, 1, "int32", split_features, _COSTS, MAX_LEFT, MAX_PLANNED_SPLITS, COST_SHAPE)[:2]
    (4, 15)
    """
    d = sum(counts)
    best: tuple[int, int, int] | None = None
    for k in range(d + 1):
        n_splits = count_splits(counts, k)
        if n_splits > max_splits:
            continue
        nodes = 0
        if node_cost:
            nodes = table_entries(counts, k, n_vec, max_entries)
            if nodes > max_entries:
                continue
        shapes = split_shapes(counts, k)
        if max(nl for nl, _, _ in shapes) > max_left:
            continue
        work = sum(m * weighted_cost(costs, features(nl, nr, n_vec, n_pairs, k, d, dtype)) for nl, nr, m in shapes)
        work += (Fraction(shape_cost) if isinstance(work, Fraction) else shape_cost) * len(shapes)
        if nodes:          # at most max_entries: a float's range
            work += (Fraction(node_cost) if isinstance(work, Fraction) else node_cost) * nodes
        if best is None or work < best[2]:
            best = (k, n_splits, int(work))
    if best is None and node_cost:
        return None
    if best is None:       # pragma: no cover - k = 0 always qualifies below MAX_PLANNED_SPLITS
        best = (0, 1, int((costs[0] * n_vec + costs[2]) * multinomial(counts)))
    return best


def numba_started() -> bool:
    """Whether numba has initialised its CPU target in this process (its first compiled call, about
    0.13 s, is behind it). Read from numba's lazily set attribute without importing anything; a numba
    without it counts as not started, which only overstates a one-off charge.

    >>> numba_started() in (True, False)
    True
    """
    registry = sys.modules.get("numba.core.registry")
    target = getattr(registry, "cpu_target", None)
    return target is not None and "_toplevel_target_context" in vars(target)


def pending_charge(dtype: str) -> int:
    """What the plan still charges for making the compiled loop ready (ns): importing numba
    (:data:`COST_IMPORT`) while it is not imported, its first compiled call (:data:`COST_FIRST_CALL`)
    while it is imported but has not started (:func:`numba_started`), and loading the loop for
    ``dtype`` (:data:`COST_LOAD`) until it is loaded, less what the selection has already lost by
    leaving it unloaded (:func:`note_regret`).

    This is the ski-rental rule: a process that keeps counting on a core engine where the
    loaded loop would have been cheaper pays for the load once its losses reach the load's
    cost, so it never spends more than about twice the better of the two choices made in
    hindsight; a single small count still never pays for a load.

    >>> pending_charge("int32") >= 0
    True
    """
    if dtype in _LOADED:
        pending = 0 if "numba" in sys.modules else COST_IMPORT
    elif "numba" not in sys.modules:
        pending = COST_IMPORT + COST_LOAD
    else:
        pending = COST_LOAD + (0 if numba_started() else COST_FIRST_CALL)
    return max(0, pending - _REGRET[0])


def plan_settled(the_plan: "Plan | None", problem: Any) -> bool:
    """Whether :func:`plan` gives ``the_plan`` again for a problem of the same shape as ``problem`` while
    :func:`coarse_loaded` stays as it is (the selection keeps that in its memo's key): nothing is charged for
    making the loop ready (:func:`pending_charge` is 0, which it then stays), and where the plan names side
    tables not yet built, it is the split mode and building them still costs more than they would save
    (:func:`table_charge` falls as counts note the savings forgone, so this is checked again at each reuse; a
    table plan builds its tables on its first count). None (no compiled plan) is settled. The selection
    remembers the plans of a shape only while this holds: replanning every count cost 10-15 µs of a 100 µs count
    at d = 7 where the tables' savings were too small ever to pay for building them.

    >>> unbuilt = Plan(3, 20, 10**6, "int32", tables=True, table_key=((9, 9, 9), 3))   # tables never built
    >>> plan_settled(None, None), plan_settled(unbuilt, None)
    (True, False)
    """
    if the_plan is None:
        return True
    loop = the_plan.dtype if the_plan.dtype != "big" else "coarse" if the_plan.coarse else "fine"
    if pending_charge(loop) or the_plan.forgone:     # forgone: the other loop may load, and then be taken
        return False
    key = the_plan.table_key
    return key is None or key in _TABLES or (not the_plan.tables
                                              and the_plan.table_ready + table_charge(*key) >= the_plan.work)


def coarse_loaded() -> bool:
    """Whether the coarse loop has been loaded in this process: :func:`plan` weighs it without its load from
    then on, so a plan made before may no longer be the plan (the selection's memo keys by this)."""
    return "coarse" in _LOADED


def _split_mode(counts: tuple[int, ...], n_vec: int, n_pairs: int, dtype: str) -> tuple[int, int, int] | None:
    """The split mode's cheapest k, as :func:`plan` weighs it (``dtype`` "coarse": :func:`_coarse_kernel`)."""
    return cheapest_split(counts, n_vec, n_pairs, dtype, split_features, _COSTS, MAX_LEFT, MAX_PLANNED_SPLITS,
                          COST_SHAPE)


def note_regret(chosen_work: float, compiled_plan: "Plan") -> None:
    """Record a count the selection gave another engine at ``chosen_work`` ns where the compiled
    loop, once ready (loaded, its side tables built), would have cost ``compiled_plan.work −
    compiled_plan.charge``: against the load while it is pending, and against the tables' build.

    >>> note_regret(0, Plan(0, 1, 10, "int32", 0))      # compiled was not cheaper: nothing is owed
    """
    ready = compiled_plan.work - compiled_plan.charge
    if compiled_plan.charge > compiled_plan.build and chosen_work > ready:
        _REGRET[0] += int(chosen_work - ready)
    key = compiled_plan.table_key
    if key is not None and key not in _TABLES and chosen_work > compiled_plan.table_ready:
        note_forgone(key, chosen_work - compiled_plan.table_ready)


#: Side tables built in this process, by (multiplicities, k); at most :data:`TABLES_MEMO` of them and
#: :data:`TABLES_MEMO_BYTES` in all, the oldest dropped first.
_TABLES: dict[tuple[tuple[int, ...], int], "SideTables"] = {}
TABLES_MEMO = 32
TABLES_MEMO_BYTES = 256 * 2**20
#: Per (multiplicities, k): ns lost so far by not having built its side tables.
_FORGONE: dict[tuple[tuple[int, ...], int], int] = {}


def table_charge(counts: tuple[int, ...], k: int) -> int:
    """What the plan still charges (ns) for building the side tables of ``counts`` and k: their
    estimated cost (:data:`BUILD_FIXED`, :data:`BUILD_NODE`) until built, less what counts of the same
    shape have lost by not having them (:func:`note_forgone`): the ski-rental rule of
    :func:`pending_charge`, per shape, so that a shape counted once never pays for its tables and one
    counted often does.

    >>> table_charge((1,) * 5, 2) == (BUILD_FIXED + BUILD_NODE * table_nodes((1,) * 5, 2)
    ...                               if ((1,) * 5, 2) not in _TABLES else 0)
    True
    """
    if (counts, k) in _TABLES:
        return 0
    return max(0, BUILD_FIXED + BUILD_NODE * table_nodes(counts, k) - _FORGONE.get((counts, k), 0))


def note_forgone(key: tuple[tuple[int, ...], int], ns: float) -> None:
    """Add ``ns`` to what not having built the side tables of ``key`` has cost."""
    if len(_FORGONE) > 4 * TABLES_MEMO and key not in _FORGONE:
        _FORGONE.clear()
    _FORGONE[key] = _FORGONE.get(key, 0) + int(ns)


def plan(problem: Any) -> Plan:
    """Choose k (|L|) and estimate the cost in nanoseconds of one core (:data:`COST_ELEM` and the rest),
    with :func:`pending_charge` added while the compiled loop is not ready. Where the table mode
    (:func:`side_tables`) would be cheaper once its tables are built, the plan names it
    (``table_key``, ``table_ready``) and uses it once its cost with :func:`table_charge` is the lower.

    Examples
    --------
    >>> from fractions import Fraction
    >>> from symorbit.orbits.engines.problem import make_problem
    >>> e = [tuple(Fraction(int(i == j)) for i in range(6)) for j in range(6)]
    >>> p = make_problem(e, [[0], [1, 2]], [(1, 0)], tuple(map(Fraction, range(6))))
    >>> q = plan(p)              # all six values on L: one split of 6! arrangements
    >>> (q.k, q.splits, q.dtype)
    (6, 1, 'int32')
    """
    n_vec = problem.n_vectors
    dtype = problem.sums_dtype or "int64"
    counts, n_pairs = tuple(problem.multiplicities), len(problem.pairs)
    if problem.sums_dtype is None:          # past int64: the fine loop, or for one pair the coarse loop (_big)
        fine = _split_mode(counts, n_vec, n_pairs, "int64")
        assert fine is not None
        loops = {False: (fine[0], fine[1], fine_cost(fine[2]))}       # each loop's cost once loaded
        if past_int64_pair(problem):
            alt = _split_mode(counts, n_vec, n_pairs, "coarse")
            assert alt is not None
            loops[True] = (alt[0], alt[1], alt[2] + COARSE_SETUP)
        cost = {c: loops[c][2] + pending_charge("coarse" if c else "fine") for c in loops}
        coarse = min(cost, key=cost.__getitem__)
        k, splits, work = loops[coarse]
        load = cost[coarse] - work
        forgone = max(0, work - min(w for _, _, w in loops.values()))
        return Plan(k, splits, cost[coarse] + COST_FIXED, "big", load, False, coarse=coarse, forgone=forgone)
    best = _split_mode(counts, n_vec, n_pairs, dtype)
    assert best is not None
    coarse, forgone = False, 0
    if dtype == "int64" and n_pairs == 1 and COARSE:      # or the coarse int32 loop, loaded on first use
        alt = _split_mode(counts, n_vec, n_pairs, "coarse")
        if alt is not None:
            ready = alt[2] + COARSE_SETUP
            # what loading it adds to making the int64 loop ready (nothing where numba is still to be imported
            # and neither is loaded), charged until the counts have lost as much (ski rental, as pending_charge)
            extra = max(0, pending_charge("coarse") - pending_charge(dtype))
            if ready + extra < best[2]:
                best, coarse = (alt[0], alt[1], ready + extra), True
            else:
                forgone = max(0, best[2] - ready)      # only its load made the int64 loop the cheaper
    load = pending_charge(dtype)
    split_work = best[2] + COST_FIXED
    tables = cheapest_split(counts, n_vec, n_pairs, dtype, table_features, _TABLE_COSTS, MAX_LEFT,
                            MAX_PLANNED_SPLITS, 0.0, COST_NODE, MAX_TABLE_ENTRIES)
    if tables is None or tables[2] + TABLE_FIXED >= split_work:
        return Plan(best[0], best[1], split_work + load, dtype, load, False, coarse=coarse, forgone=forgone)
    key, ready = (counts, tables[0]), tables[2] + TABLE_FIXED
    build = table_charge(counts, tables[0])
    if ready + build < split_work:
        return Plan(tables[0], tables[1], ready + build + load, dtype, build + load, True, build, key, ready)
    return Plan(best[0], best[1], split_work + load, dtype, load, False, 0, key, ready, coarse, forgone)


#: The compiled side sums once :func:`_side_sums` has made them. The loops call them by this global name, not
#: as a closure variable: numba keys a closure's disk cache by its pickled cells, which for a compiled function
#: differ in every process, so each process would compile the loops again (1.5 s).
_SIDE_SUMS: Any = None


def _side_sums() -> Any:
    """The split mode's side dot products, shared by the compiled loops (compiled on first use, cached on disk
    by numba): ``out[v, i] = Σ_j V[v, first + j] · vals[tab[j, i]]`` over the ``width`` coordinates of one side,
    for every vector v and arrangement i of that side (the columns of ``tab``).

    The values of each arrangement are gathered once per call into ``T`` (width × arrangements), so that the
    loop over the arrangements, the inner one, reads contiguous rows and vectorises; gathering them afresh for
    every vector cost 4× more at d = 8 (72 vectors, 70 splits of 4 + 4). ``out`` may be narrower than the
    products (int32 lanes): the caller makes sure the sums fit.
    """
    global _SIDE_SUMS
    if _SIDE_SUMS is not None:
        return _SIDE_SUMS
    import numba

    @numba.njit(cache=True, nogil=True)
    def sums(V, first, width, vals, tab, T, out):  # pragma: no cover - compiled
        n = tab.shape[1]
        for j in range(width):
            for i in range(n):
                T[j, i] = vals[tab[j, i]]
        for v in range(V.shape[0]):
            for i in range(n):
                out[v, i] = 0
            for j in range(width):
                x = V[v, first + j]
                for i in range(n):
                    out[v, i] += x * T[j, i]

    _SIDE_SUMS = sums
    return sums


@lru_cache(maxsize=2)
def _kernel(dtype: str) -> Any:
    """The compiled loop for int32 or int64 arrays (compiled on first use, cached on disk by numba).

    One function for both ways of forming the side dot products, so that a process loads one loop
    per integer type: with ``par`` empty, each split of ``vl``/``vr`` forms its own from ``tab_l`` and
    ``tab_r``; otherwise the prefix trees of :func:`side_tables` give every split's at once and
    ``shapes`` lists the splits (``vl``, ``vr``, ``tab_l`` and ``tab_r`` are then empty).

    numba widens int32 arithmetic to int64; ``cast`` narrows each sum back, so that the
    maxima run in 32-bit lanes (twice as many a vector instruction). The sums fit: see
    :func:`dtype_for`.
    """
    import numba

    cast = np.int32 if dtype == "int32" else np.int64
    _side_sums()        # compiled loops below call it as _SIDE_SUMS

    @numba.njit(cache=True, nogil=True)
    def tally(V, vl, vr, tab_l, tab_r, k, vals, par, last, pos, n_nonfinal, n_left, shapes,
              gstart, gidx, px, py, radix, work, out):  # pragma: no cover - compiled
        n_vec = V.shape[0]
        n_groups = gstart.shape[0] - 1
        n_pairs = px.shape[0]
        dr = V.shape[1] - k
        tables = par.shape[0] > 0
        if tables:
            # every node's dot products: its parent's plus one product; the leaves by vector. Plain 2-D
            # indexing here, not row views: a view costs more than these short rows (1.5x at d = 7)
            n_nodes = par.shape[0]
            # three arrays in the workspace, each starting on a 64-byte line (16 lanes); every entry below is
            # written before it is read
            n_w, n_u, n_r = n_nonfinal * n_vec, n_vec * n_left, n_vec * (n_nodes - n_nonfinal - n_left)
            at_u = (n_w + 15) // 16 * 16
            at_r = (at_u + n_u + 15) // 16 * 16
            if work.shape[0] < at_r + n_r:
                work = np.empty(at_r + n_r, V.dtype)
            W = work[:n_w].reshape((n_nonfinal, n_vec))
            Ut = work[at_u:at_u + n_u].reshape((n_vec, n_left))
            Rt = work[at_r:at_r + n_r].reshape((n_vec, n_nodes - n_nonfinal - n_left))
            VT = np.ascontiguousarray(V.T)         # by coordinate: a node's products are one contiguous row
            for p in range(n_nonfinal):
                q = par[p]
                w = vals[last[p]]
                c = pos[p]
                if q < 0:
                    for v in range(n_vec):
                        W[p, v] = cast(VT[c, v] * w)
                else:
                    for v in range(n_vec):
                        W[p, v] = cast(W[q, v] + VT[c, v] * w)
            for side in range(2):                  # L's leaves into Ut, then R's into Rt
                T = Ut if side == 0 else Rt
                first = n_nonfinal if side == 0 else n_nonfinal + n_left
                for f in range(T.shape[1]):
                    p = first + f
                    q = par[p]
                    w = vals[last[p]]
                    c = pos[p]
                    if q == -2:                    # an empty side, whose dot products are 0
                        for v in range(n_vec):
                            T[v, f] = 0
                    elif q < 0:
                        for v in range(n_vec):
                            T[v, f] = cast(VT[c, v] * w)
                    else:
                        for v in range(n_vec):
                            T[v, f] = cast(W[q, v] + VT[c, v] * w)
            n_shapes = shapes.shape[0]
            max_l = 1
            for h in range(n_shapes):
                max_l = max(max_l, shapes[h, 1])
        else:
            Ut = np.zeros((n_vec, tab_l.shape[1]), V.dtype)
            Rt = np.zeros((n_vec, tab_r.shape[1]), V.dtype)
            TL = np.empty(tab_l.shape, V.dtype)
            TR = np.empty(tab_r.shape, V.dtype)
            n_shapes = 1
            max_l = tab_l.shape[1]
        M = np.zeros((n_groups, max_l), V.dtype)
        code = np.zeros(max_l, np.int64)
        live = np.zeros(n_groups, np.bool_)
        for g in range(n_groups):
            live[g] = gstart[g + 1] > gstart[g]
        for h in range(n_shapes):
            if tables:
                S, N_L, N_R = shapes[h, 0], shapes[h, 1], shapes[h, 2]
            else:
                S, N_L, N_R = vl.shape[0], tab_l.shape[1], tab_r.shape[1]
            for s in range(S):
                if tables:
                    u_at = shapes[h, 3] + s * N_L
                    r_at = shapes[h, 4] + s * N_R
                else:
                    u_at = 0
                    r_at = 0
                    _SIDE_SUMS(V, 0, k, vl[s], tab_l, TL, Ut)
                    _SIDE_SUMS(V, k, dr, vr[s], tab_r, TR, Rt)
                for p in range(N_R):
                    for g in range(n_groups):
                        if not live[g]:
                            continue
                        a = gstart[g]
                        row = M[g]
                        u0 = Ut[gidx[a], u_at:u_at + N_L]
                        c0 = Rt[gidx[a], r_at + p]
                        for i in range(N_L):
                            row[i] = cast(u0[i] + c0)
                        for t in range(a + 1, gstart[g + 1]):
                            u = Ut[gidx[t], u_at:u_at + N_L]
                            c = Rt[gidx[t], r_at + p]
                            for i in range(N_L):     # a select, not a branch: the loop vectorises
                                row[i] = max(row[i], cast(u[i] + c))
                    if n_pairs == 1:
                        x = px[0]
                        y = py[0]
                        if not live[y]:
                            out[0] += N_L
                            continue
                        gt = 0
                        eq = 0
                        mx = M[x]
                        my = M[y]
                        for i in range(N_L):
                            gt += mx[i] > my[i]
                            eq += mx[i] == my[i]
                        out[0] += gt
                        out[1] += eq
                        out[2] += N_L - gt - eq
                    else:
                        # sign digits pair by pair (vectorised loops), then one scatter into the tally
                        for i in range(N_L):
                            code[i] = 0
                        w = 1
                        for q in range(n_pairs):
                            if live[py[q]]:
                                mx = M[px[q]]
                                my = M[py[q]]
                                if radix == 2:         # X within Y: the sign is 0 or −1, one bit
                                    for i in range(N_L):
                                        code[i] += w * (mx[i] < my[i])
                                else:
                                    for i in range(N_L):
                                        code[i] += w * ((mx[i] <= my[i]) + (mx[i] < my[i]))
                            w *= radix
                        for i in range(N_L):
                            out[code[i]] += 1

    return tally


@lru_cache(maxsize=1)
def _coarse_kernel() -> Any:
    """The split mode's loop for one compared pair whose sums need int64, on coarse int32 sums (the
    band test of :func:`symorbit.orbits.engines.problem.coarse_scale`; compiled on first use, cached on
    disk by numba).

    Per split: each vector's side sums in int32 from the shifted vectors ``Vc`` and values ``vlc``/``vrc``;
    per R arrangement the two groups' coarse maxima over every L arrangement, their difference counted as
    certain outside [−width, width], and the elements inside recounted from the exact ``V``, ``vl``, ``vr``:
    one by one (each compared vector's dot product with the element's values) while that costs less than the
    split's int64 side sums would, and from those side sums, formed once, past it (a split with none inside
    costs its int32 sums only). Forming the side sums at the first element inside made the loop 1.2-1.5x as long on
    the visit distributions of random MDPs past int64 at d = 7-9, where a few dozen of 5,040 elements lie in the
    band at d = 7, spread over half the splits (docs/performance.md#band-elements). Returns (splits done, elements spilled): after a split with more than ``share`` of its elements
    inside the band it stops, and the caller counts the rest in int64; with ``share`` < 1 it also stops once
    :data:`GIVE_UP_SPLITS` or more splits, and more than half of those done, have met the band, where a split's
    side sums are not negligible beside its elements (:data:`GIVE_UP_SUMS`): each such split formed its side
    sums twice, which the plan charged once.

    Sums past int64: ``V``, ``vl``, ``vr`` are then the fine problem of ``coarse_scale(problem, "int64")``
    with band width ``fine`` (−1: they are exact), so a recounted element is certain only outside [−fine,
    fine]; the others are spilled as (split, R arrangement, L arrangement) into the rows of ``spill`` (as
    many as fit; all are counted) and left out of ``out``, for the caller to count in Python integers.
    """
    import numba

    cast = np.int32
    _side_sums()        # compiled loops below call it as _SIDE_SUMS

    @numba.njit(cache=True, nogil=True)
    def tally(V, Vc, vl, vr, vlc, vrc, tab_l, tab_r, k, gx, gy, width, share, fine, spill,
              out):  # pragma: no cover - compiled
        n_vec, d = V.shape
        spilled = 0
        dr = d - k
        n_l, n_r = tab_l.shape[1], tab_r.shape[1]
        Uc = np.empty((n_vec, n_l), np.int32)
        Rc = np.empty((n_vec, n_r), np.int32)
        Ux = np.empty((n_vec, n_l), np.int64)
        Rx = np.empty((n_vec, n_r), np.int64)
        TLc, TRc = np.empty(tab_l.shape, np.int32), np.empty(tab_r.shape, np.int32)
        TL, TR = np.empty(tab_l.shape, np.int64), np.empty(tab_r.shape, np.int64)
        mx = np.empty(n_l, np.int32)
        my = np.empty(n_l, np.int32)
        e = np.empty(d, np.int64)       # an element's values, for recounting it alone
        w = cast(width)
        # an element recounted alone costs its compared vectors' dot products, the split's int64 side sums every
        # vector's sums on both sides: the split forms those once its elements inside would cost more
        one = (gx.shape[0] + gy.shape[0]) * d
        sides = n_vec * (n_l * k + n_r * dr)
        needed = 0           # splits whose int64 side sums were formed (both sides' sums twice)
        may_stop = share < 1 and GIVE_UP_SUMS * (n_l * k + n_r * dr) >= n_l * n_r
        for s in range(vl.shape[0]):
            _SIDE_SUMS(Vc, 0, k, vlc[s], tab_l, TLc, Uc)
            _SIDE_SUMS(Vc, k, dr, vrc[s], tab_r, TRc, Rc)
            exact = False        # the int64 side sums, formed once the split first meets the band
            band = 0
            for p in range(n_r):
                for m, g in ((mx, gx), (my, gy)):
                    u0 = Uc[g[0]]
                    c0 = Rc[g[0], p]
                    for i in range(n_l):
                        m[i] = cast(u0[i] + c0)
                    for t in range(1, g.shape[0]):
                        u = Uc[g[t]]
                        c = Rc[g[t], p]
                        for i in range(n_l):     # a select, not a branch: the loop vectorises
                            m[i] = max(m[i], cast(u[i] + c))
                gt = 0
                lt = 0
                for i in range(n_l):
                    gt += mx[i] > cast(my[i] + w)
                    lt += my[i] > cast(mx[i] + w)
                eq = 0
                inside = n_l - gt - lt
                if inside:
                    band += inside
                    if not exact and band * one > sides:
                        _SIDE_SUMS(V, 0, k, vl[s], tab_l, TL, Ux)
                        _SIDE_SUMS(V, k, dr, vr[s], tab_r, TR, Rx)
                        exact = True
                        needed += 1
                    if not exact:
                        for j in range(dr):
                            e[k + j] = vr[s, tab_r[j, p]]
                    for i in range(n_l):
                        diff = mx[i] - my[i]
                        if -w <= diff <= w:
                            if exact:
                                ex = Ux[gx[0], i] + Rx[gx[0], p]
                                for t in range(1, gx.shape[0]):
                                    ex = max(ex, Ux[gx[t], i] + Rx[gx[t], p])
                                ey = Ux[gy[0], i] + Rx[gy[0], p]
                                for t in range(1, gy.shape[0]):
                                    ey = max(ey, Ux[gy[t], i] + Rx[gy[t], p])
                            else:           # this element alone: the same products, summed by vector
                                for j in range(k):
                                    e[j] = vl[s, tab_l[j, i]]
                                ex = ey = np.int64(0)
                                for side in range(2):
                                    g = gx if side == 0 else gy
                                    top = np.int64(0)
                                    for t in range(g.shape[0]):
                                        acc = np.int64(0)
                                        for j in range(d):
                                            acc += V[g[t], j] * e[j]
                                        if t == 0 or acc > top:
                                            top = acc
                                    if side == 0:
                                        ex = top
                                    else:
                                        ey = top
                            if fine < 0:
                                gt += ex > ey
                                eq += ex == ey
                                lt += ex < ey
                            elif ex - ey > fine:
                                gt += 1
                            elif ey - ex > fine:
                                lt += 1
                            else:
                                if spilled < spill.shape[0]:
                                    spill[spilled, 0] = s
                                    spill[spilled, 1] = p
                                    spill[spilled, 2] = i
                                spilled += 1
                out[0] += gt
                out[1] += eq
                out[2] += lt
            if band > share * n_l * n_r or (may_stop and needed >= GIVE_UP_SPLITS and 2 * needed > s + 1):
                return s + 1, spilled
        return vl.shape[0], spilled

    return tally


@lru_cache(maxsize=1)
def _fine_kernel() -> Any:
    """The split mode's loop for several compared pairs whose sums are past int64, on the int64 problem of
    ``coarse_scale(problem, "int64")`` (compiled on first use, cached on disk by numba).

    Per split: each vector's int64 side sums from ``V``, ``vl``, ``vr``; per R arrangement each group's
    maxima over every L arrangement; per element the sign code Σ 3^q (1 − sign_q) added to ``out`` where every
    pair's difference lies outside [−width, width] (or its second group is empty: sign 1), else the element
    spilled as (split, R arrangement, L arrangement) into the rows of ``spill`` (as many as fit; all are
    counted) for the caller to code in Python integers. Returns the number spilled.

    Every step is a loop over the L arrangements that vectorises, as in :func:`_kernel`'s loop: the maxima by
    a select, one pair's signs counted (the R arrangement read again for its spills only where an element lies
    in the band), several pairs' digits and open differences added pair by pair. Per element with a branch
    per pair, it took 1.1-1.2× as long on the visit distributions of random MDPs at d = 7-8.
    """
    import numba

    _side_sums()        # compiled loops below call it as _SIDE_SUMS

    @numba.njit(cache=True, nogil=True)
    def tally(V, vl, vr, tab_l, tab_r, k, gstart, gidx, px, py, width, spill, out):  # pragma: no cover - compiled
        n_vec, d = V.shape
        dr = d - k
        n_l, n_r = tab_l.shape[1], tab_r.shape[1]
        n_groups = gstart.shape[0] - 1
        n_pairs = px.shape[0]
        Ux = np.empty((n_vec, n_l), np.int64)
        Rx = np.empty((n_vec, n_r), np.int64)
        M = np.empty((n_groups, n_l), np.int64)
        code = np.empty(n_l, np.int64)
        open_ = np.empty(n_l, np.int64)
        live = np.zeros(n_groups, np.bool_)
        for g in range(n_groups):
            live[g] = gstart[g + 1] > gstart[g]
        spilled = 0
        TL, TR = np.empty(tab_l.shape, np.int64), np.empty(tab_r.shape, np.int64)
        for s in range(vl.shape[0]):
            _SIDE_SUMS(V, 0, k, vl[s], tab_l, TL, Ux)
            _SIDE_SUMS(V, k, dr, vr[s], tab_r, TR, Rx)
            for p in range(n_r):
                for g in range(n_groups):
                    if not live[g]:
                        continue
                    a = gstart[g]
                    row = M[g]
                    u0 = Ux[gidx[a]]
                    c0 = Rx[gidx[a], p]
                    for i in range(n_l):
                        row[i] = u0[i] + c0
                    for t in range(a + 1, gstart[g + 1]):
                        u = Ux[gidx[t]]
                        c = Rx[gidx[t], p]
                        for i in range(n_l):     # a select, not a branch: the loop vectorises
                            row[i] = max(row[i], u[i] + c)
                if n_pairs == 1:
                    if not live[py[0]]:          # an empty Y: sign 1, digit 0
                        out[0] += n_l
                        continue
                    mx = M[px[0]]
                    my = M[py[0]]
                    above = 0
                    below = 0
                    for i in range(n_l):
                        above += mx[i] - my[i] > width
                        below += mx[i] - my[i] < -width
                    out[0] += above
                    out[2] += below
                    if above + below == n_l:
                        continue
                    for i in range(n_l):
                        diff = mx[i] - my[i]
                        if -width <= diff <= width:
                            if spilled < spill.shape[0]:
                                spill[spilled, 0] = s
                                spill[spilled, 1] = p
                                spill[spilled, 2] = i
                            spilled += 1
                    continue
                for i in range(n_l):
                    code[i] = 0
                    open_[i] = 0
                w = 1
                for q in range(n_pairs):
                    if live[py[q]]:              # an empty Y: sign 1, digit 0
                        mx = M[px[q]]
                        my = M[py[q]]
                        for i in range(n_l):
                            diff = mx[i] - my[i]
                            code[i] += w * ((diff <= width) + (diff < -width))
                            open_[i] += (diff >= -width) & (diff <= width)
                    w *= 3
                for i in range(n_l):
                    if open_[i] == 0:
                        out[code[i]] += 1
                    else:
                        if spilled < spill.shape[0]:
                            spill[spilled, 0] = s
                            spill[spilled, 1] = p
                            spill[spilled, 2] = i
                        spilled += 1
        return spilled

    return tally


def compiled(problem: Any, the_plan: Plan | None = None,
             progress: Callable[[int], None] | None = None) -> tuple[dict[Signs, int], int]:
    """Count the signs over the orbit with the compiled loop. Returns (tally, estimated ns).

    Needs numba and an instance :func:`applicable` accepts. ``progress`` is called with the
    orbit elements each batch of splits of one shape covered.

    Examples
    --------
    The post's candy example (docs/theory.md#candy): A = {candy}, B = {chocolate, hug}, r = (1, 2, 3).

    >>> from fractions import Fraction
    >>> from symorbit.orbits.engines import problem as E
    >>> e = [tuple(Fraction(int(i == j)) for i in range(3)) for j in range(3)]
    >>> p = E.make_problem(e, [[0], [1, 2]], [(1, 0)], tuple(map(Fraction, (1, 2, 3))))
    >>> sorted(compiled(p)[0].items()) if numba_installed() else [((-1,), 2), ((1,), 4)]
    [((-1,), 2), ((1,), 4)]
    """
    the_plan = plan(problem) if the_plan is None else the_plan
    _REGRET[0] += the_plan.forgone           # the coarse or fine loop, once loaded, would have been cheaper (ski rental)
    if the_plan.dtype == "big":
        return _big(problem, the_plan, progress)
    return recount(prepare(problem, the_plan), problem, progress)


def recount(prepared: "Prepared", problem: Any,
            progress: Callable[[int], None] | None = None) -> tuple[dict[Signs, int], int]:
    """:func:`count_prepared` at the reward of ``problem``, a problem of the shape ``prepared`` was made for
    (:func:`~.problem.with_reward`), with the coarse loop's inputs made at that reward where the plan names the
    coarse loop: their shifts and band depend on the reward's size, the rest of the set-up does not."""
    coarse = _coarse_inputs(problem, prepared.V) if prepared.plan.coarse else None
    return count_prepared(prepared, problem.values, progress, coarse)


class Prepared(NamedTuple):
    """What a count with the compiled loop sets up from its vectors, question and plan alone, not from the reward's
    values (:func:`prepare`): a count asked again at another reward of the same multiplicities and sums' type
    (:func:`count_prepared`) sets up only the values.
    """

    plan: Plan
    counts: tuple[int, ...]
    dtype: Any
    V: np.ndarray
    structure: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]
    radix: int
    n_pairs: int
    #: The table mode's side tables, or None for the split mode.
    tables: "SideTables | None"
    #: The split mode's shapes: (L's arrangements, R's, value ids on L, on R, orbit elements), one per shape.
    splits: tuple[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, int], ...]


def prepare(problem: Any, the_plan: Plan) -> Prepared:
    """The set-up of a count of ``problem`` with ``the_plan`` (sums below int64) that does not read the reward's
    values: the vectors as a machine array (kept with kept rows, :func:`~.problem.vector_array`), the groups and
    pairs as the loop reads them, the tally's radix, and the side tables or the splits' layout."""
    dt = np.int32 if the_plan.dtype == "int32" else np.int64
    counts, k = tuple(problem.multiplicities), the_plan.k
    V = vector_array(problem, dt)
    use_tables = the_plan.tables
    if use_tables is None:
        use_tables = table_entries(counts, k, V.shape[0], MAX_TABLE_ENTRIES) <= MAX_TABLE_ENTRIES
    tables = side_tables(counts, k) if use_tables else None
    splits = () if use_tables else _splits(counts, k)
    return Prepared(the_plan, counts, dt, V, _structure(problem.groups, problem.pairs), tally_radix(problem),
                    len(problem.pairs), tables, splits)


def count_prepared(prepared: Prepared, values: Sequence[int], progress: Callable[[int], None] | None = None,
                   coarse: tuple[Any, ...] | None = None) -> tuple[dict[Signs, int], int]:
    """:func:`compiled`'s count from its set-up (:func:`prepare`) at the reward's scaled distinct ``values``
    (ascending); ``coarse`` the int32 inputs of :func:`_coarse_kernel` where the plan names it
    (:func:`_coarse_inputs`)."""
    the_plan, counts, k = prepared.plan, prepared.counts, prepared.plan.k
    kernel = _kernel(the_plan.dtype)
    V = prepared.V
    vals = np.array(values, dtype=prepared.dtype)
    gstart, gidx, px, py = prepared.structure
    radix = prepared.radix
    out = np.zeros(radix ** prepared.n_pairs, dtype=np.int64)
    t = prepared.tables
    if t is not None:
        none, no_tab = _NO_SPLITS[the_plan.dtype]
        # the workspace: a dot product per vector and node, and 2 × 16 lanes for the loop's 64-byte alignment
        kernel(V, none, none, no_tab, no_tab, k, vals, t.par, t.last, t.pos, t.n_nonfinal, t.n_left, t.shapes,
               gstart, gidx, px, py, radix, workspace(the_plan.dtype, V.shape[0] * t.par.shape[0] + 32), out)
        _LOADED.add(the_plan.dtype)
        if progress is not None:
            progress(multinomial(counts))
        return _decode(out, prepared.n_pairs, radix), the_plan.work
    if the_plan.tables is False and the_plan.table_key is not None and the_plan.table_key not in _TABLES:
        note_forgone(the_plan.table_key, the_plan.work - the_plan.charge - the_plan.table_ready)
    empty, no_shapes = _NO_TABLES
    for tab_l, tab_r, left, right, n in prepared.splits:
        vl, vr = np.ascontiguousarray(vals[left]), np.ascontiguousarray(vals[right])
        if coarse is not None:   # int32 sums, the band recounted in int64 (see _coarse_kernel)
            Vc, valsc, gx, gy, width = coarse
            done, _ = _coarse_kernel()(V, Vc, vl, vr, np.ascontiguousarray(valsc[left]),
                                       np.ascontiguousarray(valsc[right]), tab_l, tab_r, k,
                                       gx, gy, width, COARSE_MAX_SHARE, -1, _NO_SPILL, out)
            _LOADED.add("coarse")
            if done < vl.shape[0]:
                coarse = None    # too many elements in the band: int64 from the next split on
            vl, vr = vl[done:], vr[done:]
        if vl.shape[0]:
            kernel(V, vl, vr, tab_l, tab_r, k, vals, empty, empty, empty, 0, 0, no_shapes,
                   gstart, gidx, px, py, radix, _NO_WORK[the_plan.dtype], out)
        _LOADED.add(the_plan.dtype)
        if progress is not None:
            progress(n)
    return _decode(out, prepared.n_pairs, radix), the_plan.work


#: Sums past int64: the most elements one call of :func:`_coarse_kernel` may leave to Python integers (those
#: in the band of the int64 tables: exact or near-exact ties); past it the count raises CoarseGaveUp.
SPILL_ROWS = 1 << 16
_NO_SPILL = np.zeros((0, 3), dtype=np.int64)


def _big(problem: Any, the_plan: Plan, progress: Callable[[int], None] | None) -> tuple[dict[Signs, int], int]:
    """:func:`compiled` for sums past int64. One pair of non-empty groups (``the_plan.coarse``):
    :func:`_coarse_kernel` on the int32 problem of ``coarse_scale(problem)``, its band recounted from the int64
    problem of ``coarse_scale(problem, "int64")``; several pairs: :func:`_fine_kernel` on that int64 problem.
    The elements in its band (spilled by the loop) are coded here in Python integers. Raises CoarseGaveUp where
    one call spills more than :data:`SPILL_ROWS`, or where coding the spilled elements would spend more than
    :data:`~.problem.RECOUNT_WORK` multiply-adds over the whole count."""
    k, n_pairs = the_plan.k, len(problem.pairs)
    fine = coarse_scale(problem, "int64")
    assert fine is not None
    V, vals = coarse_arrays(problem, fine, "int64")
    if the_plan.coarse:
        coarse = _coarse_inputs(problem, V, fine)
        assert coarse is not None
        Vc, valsc, gx, gy, width32 = coarse
    else:
        gstart, gidx, px, py = _structure(problem.groups, problem.pairs)
    exact_v: Any = None     # the exact vectors and values in Python integers, made at the first spill
    exact_vals: Any = None
    out = np.zeros(3 ** n_pairs, dtype=np.int64)
    # kept from count to count in this thread (1.5 MB: mapped afresh, it cost a few µs a count at d = 6-7); read
    # below each call of the loop, before anything else in this thread can ask for it
    flat = kept("compiled.spill", SPILL_ROWS * 3, np.int64)
    assert flat is not None         # (no limit given)
    spill = flat.reshape(SPILL_ROWS, 3)
    budget = RecountBudget()
    for tab_l, tab_r, left, right, _n in _splits(tuple(problem.multiplicities), k):
        vl, vr = np.ascontiguousarray(vals[left]), np.ascontiguousarray(vals[right])
        if the_plan.coarse:
            _, spilled = _coarse_kernel()(V, Vc, vl, vr, np.ascontiguousarray(valsc[left]),
                                          np.ascontiguousarray(valsc[right]), tab_l, tab_r, k, gx, gy,
                                          width32, 1.0, fine.width, spill, out)
            _LOADED.add("coarse")
        else:
            spilled = _fine_kernel()(V, vl, vr, tab_l, tab_r, k, gstart, gidx, px, py, fine.width, spill, out)
            _LOADED.add("fine")
        if spilled > SPILL_ROWS:
            raise CoarseGaveUp(f"more than {SPILL_ROWS} elements of one split shape in the band of the int64 sums")
        if spilled:
            budget.charge(spilled, len(problem.vectors), problem.d)
            if exact_v is None:
                exact_v = np.array(problem.vectors, dtype=object).reshape(len(problem.vectors), problem.d)
                exact_vals = np.array(problem.values, dtype=object)
            s, p, i = spill[:spilled].T
            on_l = exact_vals[left[s[:, None], tab_l[:, i].T]]          # spilled × k, the exact values on L
            on_r = exact_vals[right[s[:, None], tab_r[:, p].T]]         # spilled × (d − k)
            sums = exact_v[:, :k] @ on_l.T + exact_v[:, k:] @ on_r.T    # vectors × spilled, Python integers
            best = {g: sums[list(problem.groups[g])].max(axis=0)
                    for g in {g for pair in problem.pairs for g in pair if problem.groups[g]}}
            out += np.bincount(codes_of_maxima(best, problem.groups, problem.pairs), minlength=out.size)
    if progress is not None:       # at the end: a count given up is counted again by mitm
        progress(multinomial(tuple(problem.multiplicities)))
    return _decode(out, n_pairs), the_plan.work


def _coarse_inputs(problem: Any, V: np.ndarray, fine: Any = None) -> tuple[Any, ...] | None:
    """(shifted vectors, shifted values, X's members, Y's members, band width) for :func:`_coarse_kernel`
    where one pair of non-empty groups is counted on int64 arrays ``V`` (the split mode's, or past int64 the
    fine problem's of :func:`_big`, whose int64 scale ``fine`` the int32 shifts go on from) whose sums need more
    than int32, else None."""
    if V.dtype != np.int64 or len(problem.pairs) != 1:
        return None
    x, y = problem.pairs[0]
    if not problem.groups[x] or not problem.groups[y]:
        return None
    scale = coarse_scale(problem, wider=fine)
    if scale is None:
        return None
    members = [np.array(problem.groups[g], dtype=np.int64) for g in (x, y)]
    return (*coarse_arrays(problem, scale), members[0], members[1], scale.width)


#: Whether :func:`plan` weighs :func:`_coarse_kernel` for int64 sums and one pair. Its loop, measured at
#: d = 12 (big-vec and rational classes of benchmarks/side_by_side.py) on a CPU with AVX-512, costs about midway
#: between the int32 and int64 loops a vector-element (0.097 ns against 0.078 and 0.128), so :func:`split_features`
#: charges :data:`COARSE_INT64_SHARE` (half) of its elements at the int64 rate and the rest at the int32 rate, and
#: both sides' sums once: the int64 ones are formed only in splits that meet the band, and where most do the loop
#: hands the rest of the count to the int64 loop (:data:`GIVE_UP_SPLITS`).
COARSE = True
#: The share of the coarse loop's vector-elements charged at the int64 rate: half with AVX-512 (above); without
#: it the coarse loop took 1.13 times the int32 loop of the same shape where the int64 loop took 4.1-4.9 times
#: (d = 10 and 11, 4 + 4 vectors, AVX2), which is about one element in fifty at the int64 rate.
COARSE_INT64_SHARE = 0.5 if WIDE_LANES else 0.02
#: Below int64, the coarse loop stops once at least this many splits, and more than half of those it has done,
#: met the band. Rational visit-like rows at d = 10 meet it in most splits (the coarse loop took 1.23x the int64
#: loop's time), the visit distributions of die_live at d = 10 in few (0.62x).
GIVE_UP_SPLITS = 4
#: ... and only where one split's int64 side sums cost at least a quarter of what its int32 elements save:
#: COST_DOT · (n_l · k + n_r · (d − k)) ≥ ¼ · (1 − COARSE_INT64_SHARE) · (COST_ELEM − COST_ELEM_32) · n_l · n_r per
#: vector (the coarse loop's elements as :func:`split_features` charges them), about 12.9 (n_l · k + n_r · (d − k)) ≥
#: n_l · n_r with AVX-512. At d = 12 with six values on L the sums are 2 % of a split, and giving up on the big-vec
#: and rational classes of benchmarks/side_by_side.py (most splits meet the band there too) cost 1.3-1.9x.
GIVE_UP_SUMS = 4 * COST_DOT / ((1 - COARSE_INT64_SHARE) * (COST_ELEM - COST_ELEM_32))


#: The most memory (bytes) a thread keeps between counts for the table mode's dot products (:func:`workspace`).
WORKSPACE_BYTES = 64 * 2**20
#: The split mode's workspace: none (its arrays are small).
_NO_WORK = {name: np.zeros(0, dtype=name) for name in ("int32", "int64")}


def workspace(dtype: str, entries: int) -> np.ndarray:
    """A buffer of ``entries`` integers of ``dtype`` for the table mode's dot products, starting on a 64-byte line,
    kept per thread and per type between counts (:func:`.scratch.kept`), or an empty one (the loop then allocates
    its own) past :data:`WORKSPACE_BYTES`. Allocating megabytes afresh on every count cost a page fault per 4 KB:
    at d = 10 a count took 5.4-5.8 ms where the same loop over a kept buffer takes 3.9 ms.

    >>> a = workspace("int32", 10); b = workspace("int32", 5)
    >>> (a.size, b.size, np.shares_memory(a, b), a.ctypes.data % 64, workspace("int64", 2**40).size)
    (10, 5, True, 0, 0)
    """
    buf = kept("compiled.workspace", entries, dtype, limit=WORKSPACE_BYTES, align=64)
    return _NO_WORK[dtype] if buf is None else buf


#: The table mode's arguments when each split forms its own dot products: read-only, like the
#: tables, so that both modes call one compiled specialisation (numba types read-only arrays apart,
#: and each specialisation is loaded from its disk cache separately, about 10 ms).
_NO_TABLES = (np.zeros(0, dtype=np.int64), np.zeros((0, 5), dtype=np.int64))
for _a in _NO_TABLES:
    _a.flags.writeable = False
#: The split mode's arguments in the table mode, per integer type: writeable, like the value and
#: arrangement tables that split mode passes there (the loop never writes them).
_NO_SPLITS = {name: (np.zeros((0, 0), dtype=name), np.zeros((0, 0), dtype=np.int64)) for name in ("int32", "int64")}


@lru_cache(maxsize=256)
def _structure(groups: tuple[tuple[int, ...], ...],
               pairs: tuple[tuple[int, int], ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The groups and compared pairs as the compiled loop reads them: (group starts, members, X of
    each pair, Y of each pair), read-only; remembered, since most counts share a few structures.

    >>> [a.tolist() for a in _structure(((0, 1), (2,)), ((1, 0),))]
    [[0, 2, 3], [0, 1, 2], [1], [0]]
    """
    gstart = np.zeros(len(groups) + 1, dtype=np.int64)
    for g, members in enumerate(groups):
        gstart[g + 1] = gstart[g] + len(members)
    arrays = (gstart, np.array([i for g in groups for i in g], dtype=np.int64),
              np.array([x for x, _ in pairs], dtype=np.int64), np.array([y for _, y in pairs], dtype=np.int64))
    for a in arrays:
        a.flags.writeable = False
    return arrays


@dataclass(frozen=True)
class SideTables:
    """The table mode's prefix trees of both sides (:func:`side_tables`), as the compiled loop reads them.

    Nodes are numbered inner nodes first (L's levels 1..k − 1, then R's levels 1..d − k − 1), then L's
    leaves, then R's leaves. Node p adds value ``last[p]`` at coordinate ``pos[p]`` to its parent
    ``par[p]`` (an inner node; −1 for none, −2 for the one leaf of an empty side). The leaves are in the
    order of :func:`_split_layout`: shape by shape, split by split, arrangement by arrangement, so that a
    split's arrangements are contiguous; ``shapes`` has a row (splits, L arrangements, R arrangements,
    first L leaf, first R leaf) per shape.
    """

    par: np.ndarray
    last: np.ndarray
    pos: np.ndarray
    n_nonfinal: int
    n_left: int
    shapes: np.ndarray

    @property
    def nbytes(self) -> int:
        """Memory held by the arrays."""
        return self.par.nbytes + self.last.nbytes + self.pos.nbytes + self.shapes.nbytes


def _prefix_tree(leaves: np.ndarray, base: int, first: int, offset: int) -> tuple[list[np.ndarray], np.ndarray]:
    """One side's prefix tree over ``leaves`` (sequences of value ids, one per row, at coordinates
    ``first``, ``first`` + 1, ...): its inner nodes level by level as [par, last, pos] arrays numbered
    from ``offset``, and the leaves' [par, last, pos] stacked. A node is named by (its parent's rank in
    its level) · ``base`` + its value, so no name exceeds the nodes times the values."""
    n, m = leaves.shape
    if m == 0:
        z = np.zeros(n, dtype=np.int64)
        return [z[:0]] * 3, np.stack([np.full(n, -2, dtype=np.int64), z, z])
    inner: list[list[np.ndarray]] = [[], [], []]
    rank = np.zeros(n, dtype=np.int64)          # each leaf's prefix: its rank in the level above
    start, level_start = offset, -1
    width = 1                                    # nodes in the level above
    for j in range(1, m):
        name = rank * base + leaves[:, j - 1]
        seen = np.zeros(width * base, dtype=np.int64)      # names are dense: rank by a running count, no sort
        seen[name] = 1
        names = np.flatnonzero(seen)
        rank = (np.cumsum(seen) - 1)[name]
        width = len(names)
        inner[0].append(np.full(len(names), -1, dtype=np.int64) if j == 1 else level_start + names // base)
        inner[1].append(names % base)
        inner[2].append(np.full(len(names), first + j - 1, dtype=np.int64))
        level_start, start = start, start + len(names)
    par = np.full(n, -1, dtype=np.int64) if m == 1 else level_start + rank.reshape(n)
    final = np.stack([par, leaves[:, m - 1].astype(np.int64), np.full(n, first + m - 1, dtype=np.int64)])
    return [np.concatenate(a) if a else np.zeros(0, dtype=np.int64) for a in inner], final


def side_tables(counts: tuple[int, ...], k: int) -> SideTables:
    """The prefix trees of the table mode for the splits with k values on L (see :class:`SideTables`).

    Remembered per argument (:data:`TABLES_MEMO` of them, :data:`TABLES_MEMO_BYTES` in all): the trees depend on the multiplicities
    alone, and the table mode is used only while they are small (:data:`MAX_TABLE_ENTRIES`).

    Three distinct values, one on L: L's leaves are the sequences (0), (1), (2) at coordinate 0 (nodes
    3-5); R's inner nodes are the three values at coordinate 1 (nodes 0-2), and its leaves, split by
    split, add one of the two others at coordinate 2: L = (0) leaves R = (1, 2) and (2, 1), and so on.

    >>> t = side_tables((1, 1, 1), 1)
    >>> t.n_nonfinal, t.n_left, len(t.par) - t.n_nonfinal - t.n_left, t.shapes.tolist()
    (3, 3, 6, [[3, 1, 2, 0, 0]])
    >>> t.par.tolist(), t.last.tolist(), t.pos.tolist()
    ([-1, -1, -1, -1, -1, -1, 1, 2, 0, 2, 0, 1], [0, 1, 2, 0, 1, 2, 2, 1, 2, 0, 1, 0], [1, 1, 1, 0, 0, 0, 2, 2, 2, 2, 2, 2])
    """
    if (counts, k) in _TABLES:
        return _TABLES[counts, k]
    tables = _build_side_tables(counts, k)
    while _TABLES and (len(_TABLES) >= TABLES_MEMO
                       or sum(t.nbytes for t in _TABLES.values()) + tables.nbytes > TABLES_MEMO_BYTES):
        del _TABLES[next(iter(_TABLES))]
    _TABLES[counts, k] = tables
    _FORGONE.pop((counts, k), None)
    return tables


def _build_side_tables(counts: tuple[int, ...], k: int) -> SideTables:
    base = max(1, len(counts))
    sides: list[list[np.ndarray]] = [[], []]
    shapes = []
    at = [0, 0]
    for tl, tr, left, right, _n in _split_layout(counts, k):
        for side, (ids, tab) in enumerate(((left, _arrangements(tl)), (right, _arrangements(tr)))):
            sides[side].append(ids[:, tab].transpose(0, 2, 1).reshape(ids.shape[0] * tab.shape[1], tab.shape[0]))
        n_l, n_r = _arrangements(tl).shape[1], _arrangements(tr).shape[1]
        shapes.append((left.shape[0], n_l, n_r, at[0], at[1]))
        at[0] += left.shape[0] * n_l
        at[1] += left.shape[0] * n_r
    inner_l, leaves_l = _prefix_tree(np.concatenate(sides[0]), base, 0, 0)
    inner_r, leaves_r = _prefix_tree(np.concatenate(sides[1]), base, k, len(inner_l[0]))
    par, last, pos = (np.ascontiguousarray(np.concatenate((a, b, c, e)))
                      for a, b, c, e in zip(inner_l, inner_r, leaves_l, leaves_r))
    for a in (par, last, pos):
        a.flags.writeable = False
    table = np.array(shapes, dtype=np.int64).reshape(len(shapes), 5)
    table.flags.writeable = False
    # every distinct sequence a node once, every sequence of length k an L leaf once
    if len(par) != table_nodes(counts, k) or at[0] != (sequence_counts(counts)[k - 1] if k else 1):
        raise InvariantViolation(f"side tables of {counts} with k = {k}: {len(par)} nodes and {at[0]} L leaves, "
                                 f"not {table_nodes(counts, k)}; no count is made from them")
    return SideTables(par, last, pos, len(inner_l[0]) + len(inner_r[0]), at[0], table)


#: Layouts of at most this many splits are remembered (at most 64 of them, each under 1 MB).
LAYOUT_MEMO_SPLITS = 4_096

Layout = tuple[tuple[tuple[int, ...], tuple[int, ...], np.ndarray, np.ndarray, int], ...]


def _split_layout(counts: tuple[int, ...], k: int) -> Layout:
    """The splits with k values on L grouped by shape: per shape (L's multiplicities, R's, the value
    ids on L per split (splits × |tl|), those on R, the orbit elements the group covers). Remembered
    when small (:data:`LAYOUT_MEMO_SPLITS`): listing the splits in Python cost more than the compiled
    loop on small instances, and is a small part of a large count's time.

    >>> [(tl, tr, left.tolist(), n) for tl, tr, left, _r, n in _split_layout((2, 1), 1)]
    [((1,), (1, 1), [[0]], 2), ((1,), (2,), [[1]], 1)]
    """
    if count_splits(counts, k) <= LAYOUT_MEMO_SPLITS:
        return _remembered_layout(counts, k)
    return _list_layout(counts, k)


def _list_layout(counts: tuple[int, ...], k: int) -> Layout:
    shapes: dict[tuple[tuple[int, ...], tuple[int, ...]], list[tuple[list[int], list[int]]]] = {}
    for t in submultisets(counts, k):
        right = tuple(c - x for c, x in zip(counts, t))
        live_l = [i for i, c in enumerate(t) if c]
        live_r = [i for i, c in enumerate(right) if c]
        key = (tuple(t[i] for i in live_l), tuple(right[i] for i in live_r))
        shapes.setdefault(key, []).append((live_l, live_r))
    layout = []
    for (tl, tr), members in shapes.items():
        left = np.array([m[0] for m in members], dtype=np.int64).reshape(len(members), len(tl))
        right_ids = np.array([m[1] for m in members], dtype=np.int64).reshape(len(members), len(tr))
        left.flags.writeable = right_ids.flags.writeable = False
        layout.append((tl, tr, left, right_ids, len(members) * multinomial(tl) * multinomial(tr)))
    return tuple(layout)


_remembered_layout = lru_cache(maxsize=64)(_list_layout)


def _splits(counts: tuple[int, ...], k: int) -> tuple[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, int], ...]:
    """The split mode's shapes as the loop reads them: (L's arrangements, R's, value ids on L, on R, orbit
    elements) per shape of :func:`_split_layout` (remembered where it is).

    >>> [(tab_l.tolist(), left.tolist(), n) for tab_l, _, left, _, n in _splits((2, 1), 1)]
    [([[0]], [[0]], 2), ([[0]], [[1]], 1)]
    """
    got = _SPLITS.get((counts, k))
    if got is None:
        got = tuple((_arrangements(tl), _arrangements(tr), left, right, n)
                    for tl, tr, left, right, n in _split_layout(counts, k))
        if count_splits(counts, k) <= LAYOUT_MEMO_SPLITS:
            with _SPLITS_LOCK:
                while len(_SPLITS) >= 64:
                    del _SPLITS[next(iter(_SPLITS))]
                _SPLITS[counts, k] = got
    return got


#: :func:`_splits` of at most :data:`LAYOUT_MEMO_SPLITS` splits, by (multiplicities, k); at most 64, oldest first out.
_SPLITS: dict[tuple[tuple[int, ...], int], Any] = {}
_SPLITS_LOCK = threading.Lock()


_ONE_PAIR = ((1,), (0,), (-1,))


def _decode(out: np.ndarray, n_pairs: int, radix: int = 3) -> dict[Signs, int]:
    """The tally array (code Σ 3^q (1 − sign_q), or with ``radix`` 2, where every sign is 0 or −1, Σ 2^q · −sign_q)
    as ``{signs: count}``, zero counts left out.

    >>> _decode(np.array([4, 0, 2]), 1), _decode(np.array([0, 5, 0, 1]), 2, radix=2)
    ({(1,): 4, (-1,): 2}, {(-1, 0): 5, (-1, -1): 1})
    """
    if n_pairs == 1 and radix == 3:        # the raw comparison: codes 0, 1, 2 are signs 1, 0, −1
        return {signs: n for signs, n in zip(_ONE_PAIR, out.tolist()) if n}
    tally: dict[Signs, int] = {}
    if len(out) > 27:          # up to 3^10 or 2^16 codes, few of them used: read only those
        codes = np.flatnonzero(out != 0)       # 9x faster than on the int64 array itself
        used: Any = zip(codes.tolist(), out[codes].tolist())
    else:
        used = enumerate(out.tolist())
    shift = 1 if radix == 3 else 0             # digit 0, 1, 2 is sign 1, 0, −1; bit 0, 1 is sign 0, −1
    for code, n in used:
        if n:
            signs, c = [], code
            for _ in range(n_pairs):
                signs.append(shift - c % radix)
                c //= radix
            tally[tuple(signs)] = int(n)
    return tally
