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

Exactness: the vectors and values are the integers of
:func:`symorbit.orbits.engines.problem.make_problem`. :func:`dtype_for` bounds every partial
sum by d · max|x| · max|r|; the loop runs in int32 when that bound is below 2^30, in int64
when it is below 2^62, and otherwise :func:`applicable` refuses the instance (the selection
falls back to the engines that use Python integers).

References
----------
PR Def. 3.1 (orbit), Def. 3.2 (counting orbit elements); docs/theory.md#most, docs/theory.md#pitfalls P1.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import Any

import numpy as np

from symorbit.orbits.engines.mitm import _arrangements, count_splits, split_shapes
from symorbit.orbits.engines.problem import Signs, multinomial, split_refusal, submultisets, weighted_cost

__all__: list[str] = []

#: Largest number of L arrangements a plan may use (the rows of maxima stay in cache).
MAX_LEFT = 5_040
#: Splits enumerated exactly by :func:`plan`.
MAX_PLANNED_SPLITS = 50_000
#: Largest number of compared pairs (the tally has 3^pairs sign patterns).
MAX_PAIRS = 10

#: Cost model, nanoseconds of one core (the unit of the guard), fitted by least squares to
#: measured CPU times (benchmarks/compiled_costs.py, d = 5..11, 141 runs, predicted/measured
#: 0.73-1.20; 2-core x86-64 with AVX-512, numba 0.68; refitted in the ninth session, when the
#: loop had come to run once per split shape: a split went from 5.3 µs to 0.15 µs).
#: Per orbit element and vector: one addition and one maximum, in int64 and in int32 lanes.
COST_ELEM = 0.10
COST_ELEM_32 = 0.05
#: Per orbit element and compared pair, when there are several (a sign digit per pair, then
#: one scatter of the sign pattern into the tally; one pair is a vectorised count).
COST_PAIR = 0.64
#: Per R arrangement and vector: loop set-up of one row.
COST_ROW = 4.6
#: Per multiply-add of the side dot products.
COST_DOT = 0.95
#: Per split: its side dot products' loop set-up inside the compiled loop.
COST_SPLIT = 150
#: Per split shape: one call of the compiled loop over every split of that shape (slicing the value
#: table, the arrangement tables, numba's dispatch).
COST_SHAPE = 2_600
#: Fixed cost of one count (the problem's arrays, the tally).
COST_FIXED = 7_300
#: Importing numba and its first compiled call in a process (about 0.33 s and 0.15 s of CPU),
#: charged while numba is not yet imported; then loading this loop for one integer type from
#: numba's on-disk cache (about 10 ms), charged until loaded. Compiling the loop the very first
#: time, before numba has cached it, takes about 1.3 s per integer type and is not charged.
COST_IMPORT = 500_000_000
COST_LOAD = 10_000_000


_COSTS = (COST_ELEM, COST_ELEM_32, COST_PAIR, COST_ROW, COST_DOT, COST_SPLIT)


def split_features(n_left: int, n_right: int, n_vec: int, n_pairs: int, k: int, d: int,
                   dtype: str) -> tuple[int, ...]:
    """What one split costs, the features :data:`COST_ELEM` and the rest are charged on:
    (vector-elements in int64, in int32, pair-elements when more than one pair is compared,
    vector-rows, multiply-adds, 1).

    >>> split_features(6, 2, 3, 2, 3, 4, "int32")
    (0, 36, 24, 6, 60, 1)
    """
    elems = n_left * n_right
    return (n_vec * elems if dtype != "int32" else 0, n_vec * elems if dtype == "int32" else 0,
            n_pairs * elems if n_pairs > 1 else 0, n_vec * n_right, n_vec * (n_left * k + n_right * (d - k)), 1)


@dataclass(frozen=True)
class Plan:
    """How :func:`compiled` will split an instance (k = |L|) and its estimated cost in ns."""

    k: int
    splits: int
    work: int
    dtype: str
    #: The part of ``work`` that is :func:`pending_charge` (making the loop ready), not counting.
    charge: int = 0


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
    vmax, rmax = problem.magnitudes
    bound = 2 * max(1, problem.d) * max(1, vmax) * max(1, rmax)
    if bound < 2**30:
        return "int32"
    if bound < 2**62:
        return "int64"
    return None


def applicable(problem: Any) -> str | None:
    """None if :func:`compiled` handles the question (numba aside), else the reason it does not."""
    return split_refusal(problem, "compiled", MAX_PAIRS) or machine_sums_refusal(problem, "compiled")


def machine_sums_refusal(problem: Any, engine: str) -> str | None:
    """None if every partial sum fits int64 (:func:`dtype_for`), else why ``engine`` refuses."""
    if dtype_for(problem) is None:
        return (f"engine={engine!r} needs partial sums below 2^62 (d · max|x| · max|r| after scaling to "
                "integers); the other engines take any size")
    return None


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
                   max_splits: int, shape_cost: float = 0.0) -> tuple[int, int, int]:
    """(k, splits, work): the k (|L|) whose splits cost least under ``features`` · ``costs``, over the k with
    at most ``max_splits`` splits and at most ``max_left`` L arrangements, plus ``shape_cost`` for each
    distinct split shape (the compiled loop is called once per shape); the plans of :func:`plan` and
    :func:`symorbit.orbits.engines.maxima.plan`. Remembered per argument tuple: the answer depends on
    nothing else, and planning every engine anew cost more than a small count itself.

    Six distinct values, two vectors: four values on L (C(6, 4) = 15 splits, all of one shape).

    >>> cheapest_split((1,) * 6, 2, 1, "int32", split_features, _COSTS, MAX_LEFT, MAX_PLANNED_SPLITS, COST_SHAPE)[:2]
    (4, 15)
    """
    d = sum(counts)
    best: tuple[int, int, int] | None = None
    for k in range(d + 1):
        n_splits = count_splits(counts, k)
        if n_splits > max_splits:
            continue
        shapes = split_shapes(counts, k)
        if max(nl for nl, _, _ in shapes) > max_left:
            continue
        work = sum(m * weighted_cost(costs, features(nl, nr, n_vec, n_pairs, k, d, dtype)) for nl, nr, m in shapes)
        work += (Fraction(shape_cost) if isinstance(work, Fraction) else shape_cost) * len(shapes)
        if best is None or work < best[2]:
            best = (k, n_splits, int(work))
    if best is None:       # pragma: no cover - k = 0 always qualifies below MAX_PLANNED_SPLITS
        best = (0, 1, int((costs[0] * n_vec + costs[2]) * multinomial(counts)))
    return best


def pending_charge(dtype: str) -> int:
    """What the plan still charges for making the compiled loop ready (ns): importing numba
    (:data:`COST_IMPORT`) while it is not imported and loading the loop for ``dtype``
    (:data:`COST_LOAD`) until it is loaded, less what the selection has already lost by
    leaving it unloaded (:func:`note_regret`).

    This is the ski-rental rule: a process that keeps counting on a core engine where the
    loaded loop would have been cheaper pays for the load once its losses reach the load's
    cost, so it never spends more than about twice the better of the two choices made in
    hindsight; a single small count still never pays for a load.

    >>> pending_charge("int32") >= 0
    True
    """
    pending = (0 if "numba" in sys.modules else COST_IMPORT) + (0 if dtype in _LOADED else COST_LOAD)
    return max(0, pending - _REGRET[0])


def note_regret(chosen_work: float, compiled_plan: "Plan") -> None:
    """Record a count the selection gave another engine at ``chosen_work`` ns where the compiled
    loop, once ready, would have cost ``compiled_plan.work − compiled_plan.charge``.

    >>> note_regret(0, Plan(0, 1, 10, "int32", 0))      # compiled was not cheaper: nothing is owed
    """
    ready = compiled_plan.work - compiled_plan.charge
    if compiled_plan.charge and chosen_work > ready:
        _REGRET[0] += int(chosen_work - ready)


def plan(problem: Any) -> Plan:
    """Choose k (|L|) and estimate the cost in nanoseconds of one core (:data:`COST_ELEM` and the rest),
    with :func:`pending_charge` added while the compiled loop is not ready.

    Examples
    --------
    >>> from fractions import Fraction
    >>> from symorbit.orbits.engines.problem import make_problem
    >>> e = [tuple(Fraction(int(i == j)) for i in range(6)) for j in range(6)]
    >>> p = make_problem(e, [[0], [1, 2]], [(1, 0)], tuple(map(Fraction, range(6))))
    >>> q = plan(p)              # three values on L: C(6, 3) = 20 splits, each 3! × 3! arrangements
    >>> (q.k, q.splits, q.dtype)
    (3, 20, 'int32')
    """
    n_vec = len({i for g in problem.groups for i in g})
    dtype = dtype_for(problem) or "int64"
    k, splits, work = cheapest_split(tuple(problem.multiplicities), n_vec, len(problem.pairs), dtype,
                                     split_features, _COSTS, MAX_LEFT, MAX_PLANNED_SPLITS, COST_SHAPE)
    charge = pending_charge(dtype)
    return Plan(k, splits, work + COST_FIXED + charge, dtype, charge)


@lru_cache(maxsize=2)
def _kernel(dtype: str) -> Any:
    """The compiled loop for int32 or int64 arrays (compiled on first use, cached on disk by numba).

    numba widens int32 arithmetic to int64; ``cast`` narrows each sum back, so that the
    maxima run in 32-bit lanes (twice as many a vector instruction). The sums fit: see
    :func:`dtype_for`.
    """
    import numba

    cast = np.int32 if dtype == "int32" else np.int64

    @numba.njit(cache=True, nogil=True)
    def tally_splits(V, vl, vr, tab_l, tab_r, k, gstart, gidx, px, py, out):  # pragma: no cover - compiled
        n_vec = V.shape[0]
        S = vl.shape[0]
        N_L = tab_l.shape[1]
        N_R = tab_r.shape[1]
        n_groups = gstart.shape[0] - 1
        n_pairs = px.shape[0]
        dr = V.shape[1] - k
        U = np.zeros((n_vec, N_L), V.dtype)
        R = np.zeros((n_vec, N_R), V.dtype)
        M = np.zeros((n_groups, N_L), V.dtype)
        code = np.zeros(N_L, np.int64)
        live = np.zeros(n_groups, np.bool_)
        for g in range(n_groups):
            live[g] = gstart[g + 1] > gstart[g]
        for s in range(S):
            for v in range(n_vec):
                for i in range(N_L):
                    U[v, i] = 0
                    for j in range(k):
                        U[v, i] += V[v, j] * vl[s, tab_l[j, i]]
                for p in range(N_R):
                    R[v, p] = 0
                    for j in range(dr):
                        R[v, p] += V[v, k + j] * vr[s, tab_r[j, p]]
            for p in range(N_R):
                for g in range(n_groups):
                    if not live[g]:
                        continue
                    a = gstart[g]
                    row = M[g]
                    u0 = U[gidx[a]]
                    c0 = R[gidx[a], p]
                    for i in range(N_L):
                        row[i] = cast(u0[i] + c0)
                    for t in range(a + 1, gstart[g + 1]):
                        u = U[gidx[t]]
                        c = R[gidx[t], p]
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
                            for i in range(N_L):
                                code[i] += w * ((mx[i] <= my[i]) + (mx[i] < my[i]))
                        w *= 3
                    for i in range(N_L):
                        out[code[i]] += 1

    return tally_splits


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
    kernel = _kernel(the_plan.dtype)
    dt = np.int32 if the_plan.dtype == "int32" else np.int64
    counts = tuple(problem.multiplicities)
    V = np.array(problem.vectors, dtype=dt).reshape(len(problem.vectors), problem.d)
    vals = np.array(problem.values, dtype=dt)
    gstart = np.zeros(len(problem.groups) + 1, dtype=np.int64)
    for g, members in enumerate(problem.groups):
        gstart[g + 1] = gstart[g] + len(members)
    gidx = np.array([i for g in problem.groups for i in g], dtype=np.int64)
    px = np.array([x for x, _ in problem.pairs], dtype=np.int64)
    py = np.array([y for _, y in problem.pairs], dtype=np.int64)
    out = np.zeros(3 ** len(problem.pairs), dtype=np.int64)
    for tl, tr, left, right, n in _split_layout(counts, the_plan.k):
        kernel(V, np.ascontiguousarray(vals[left]), np.ascontiguousarray(vals[right]), _arrangements(tl),
               _arrangements(tr), the_plan.k, gstart, gidx, px, py, out)
        _LOADED.add(the_plan.dtype)
        if progress is not None:
            progress(n)
    return _decode(out, len(problem.pairs)), the_plan.work


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


def _decode(out: np.ndarray, n_pairs: int) -> dict[Signs, int]:
    """The tally array (code Σ 3^q (1 − sign_q)) as ``{signs: count}``, zero counts left out.

    >>> _decode(np.array([4, 0, 2]), 1)
    {(1,): 4, (-1,): 2}
    """
    tally: dict[Signs, int] = {}
    for code, n in enumerate(out.tolist()):
        if n:
            signs, c = [], code
            for _ in range(n_pairs):
                signs.append(1 - c % 3)
                c //= 3
            tally[tuple(signs)] = int(n)
    return tally
