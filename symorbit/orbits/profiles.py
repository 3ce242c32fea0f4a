"""Every count profile of an instance: all rewards r ∈ Q^d, not a sample (issue 13).

A *count profile* is what :func:`~symorbit.orbit_counts` returns for one reward r:
(#B strictly better, #A strictly better, #ties, |S_d·r|), counting distinct orbit
elements (PR Def. 3.1, 3.2; docs/theory.md#pitfalls P1, P2). A verdict such as "B ≥ⁿ_most A" quantifies
over **every** r, so checking it on value patterns over {0, …, 4} or on random draws
is only a sample. :func:`count_profiles` lists every profile that any r ∈ Q^d
produces, each with an exact witness reward, so "for every reward" becomes a finite,
complete check.

Method
------
1. **Only the sign pattern matters.** For one orbit element, "B strictly better"
   is ∃b ∀a: (b − a)·r > 0 and "A strictly better" is ∃a ∀b: (a − b)·r > 0 (with
   ``relative_to=C``: IsOptimal(X|C) is ∃x ∀c: (x − c)·r ≥ 0). Summing over the
   orbit replaces r by τ·r for all τ ∈ S_d, i.e. the vectors by their coordinate
   permutations. So the profile is constant on every face of the central
   arrangement of the hyperplanes (τx − τy)·r = 0 (x, y from the compared sets),
   together with the ties r_i = r_j (they fix |Stab(r)| and hence |S_d·r|). Only
   non-dominated vectors matter (OPTS Cor. E.11), so A, B, C are first reduced to
   ND(A), ND(B), ND(C).
2. **Quotients.** Every orbit meets the sorted chamber r_1 ≤ … ≤ r_d, whose walls
   are exactly the ties. Positive scaling changes no comparison. When every compared
   vector has the same coordinate sum (visit distributions: 1/(1 − γ)), adding c·1
   changes none either; then the slice {r_1 = 0, r_d = 1} of the chamber is a
   polytope of dimension d − 2, and the all-equal reward is handled on its own.
   Otherwise the two slices {r_1 ≥ 0, r_d = 1} and {r_1 ≤ 0, r_d − 2·r_1 = 1}
   (dimension d − 1; the hyperplane r_1 = 0 is added, which only refines) plus
   r = 0 cover every face up to positive scaling.
3. **Lazy binary space partition.** Start from the cone over the slice polytope Q,
   kept as its extreme rays (primitive integer vectors: Q's vertices up to their
   divisors), each with the bit set of the constraints tight on it; a split is the
   double description step (the rays on each side, plus the crossing of every
   adjacent pair across the hyperplane), the same step the kernel replays. For each
   permutation τ, a vector τx that is strictly beaten by another vector τx′ of the
   same set at every vertex of Q is beaten on all of Q and is never decisive there,
   so hyperplanes through it are irrelevant on Q; so are those of a permutation whose
   comparison is settled on Q (one vector beats every vector of the other set at every
   vertex). If some *relevant* hyperplane has vertices strictly on both sides, split Q by
   it and recurse; otherwise Q is a leaf. :func:`count_profiles` stops earlier (the same
   profiles from fewer leaves; :func:`profile_trees` keeps the test the kernel replays):
   with ``relative_to`` IsOptimal(X|C) also counts as settled when every c ∈ C has its own
   x ∈ X with x ≥ c at every vertex (up to 3.9x fewer leaves on the benchmark's instances);
   with or without C, Q is also a leaf when each permutation provably keeps one count on the
   relative interior of every face of Q (:func:`_face_leaf`), and then every face gets a witness
   (3.5-12x fewer leaves on three of the benchmark's five MDPs, 0-2 % on random vectors; the
   test stops being tried where it rarely makes a leaf, see :data:`_FACE_TRIAL`).
   Each ray carries its side of every hyperplane (τx_j − τx_i)·r = 0 as two bit sets
   (one exact product per new ray), so these tests are ANDs and ORs of integers.
   On a leaf every relevant hyperplane keeps one sign on the relative interior of
   each face of Q, so the profile is constant there (ties, too: the chamber walls
   are facets of the slice). Leaves cover the slice, and every point lies in the
   relative interior of exactly one face of a leaf containing it.
4. **Witnesses.** For every face of every leaf (faces are intersections of the
   facets' vertex sets) the sum of its primitive rays lies in its relative
   interior; it is scaled to a primitive integer vector. Profiles are evaluated for
   all witnesses at once with integer matrix products over the d! permutations
   (divided by |Stab(r)|), deduplicated, and each listed profile keeps its
   smallest witness. Before returning, every listed witness is recounted with
   :func:`~symorbit.orbit_counts`; a mismatch raises
   :class:`~symorbit.errors.InvariantViolation`.

Cost
----
With N relevant hyperplanes cutting a slice of dimension k (k = d − 2 with a common
shift), the leaves are unions of arrangement cells, so there are at most
Σ_{i≤k} C(N, i) of them; each costs one double description step, a
d!·|A ∪ B ∪ C|·(#new rays) product (exact in doubles below 2^53, else in integers) and
bit-set operations over the d!·|A ∪ B ∪ C|² ordered pairs (about 0.2 ms a leaf at d = 5). In practice the domination test
keeps far fewer leaves than that bound. Instances with d > 7, or whose bound exceeds
:data:`MAX_CELLS`, are refused up front with :class:`~symorbit.errors.TooLarge`, and the enumeration stops with
it once the trees certainly have more than ``max_leaves`` leaves (default :data:`MAX_LEAVES`).
Profiles, witnesses and trees depend on ND(A), ND(B), ND(C) only up to one permutation of
the coordinates and a positive scaling (the orbit runs over every permutation), so the last
4096 canonical forms are remembered; the witnesses are still recounted on the sets given.

Examples
--------
The post's candy example (docs/theory.md#candy): four profiles, and the table's rewards among them.

>>> A, B = [[1, 0, 0]], [[0, 1, 0], [0, 0, 1]]
>>> [(p.b_better, p.a_better, p.ties, p.orbit_size) for p in count_profiles(A, B)]
[(0, 0, 1, 1), (1, 0, 2, 3), (2, 1, 0, 3), (4, 2, 0, 6)]
>>> [tuple(map(int, p.reward)) for p in count_profiles(A, B)]
[(0, 0, 0), (0, 1, 1), (0, 0, 1), (0, 1, 2)]
>>> from symorbit.orbits.extremes import worst_fractions, worst_ratio
>>> worst_ratio(A, B).value, worst_fractions(A, B).strict.value
(Fraction(2, 1), Fraction(0, 1))

The same numbers by brute force at a witness:

>>> from symorbit.testing.naive import naive_orbit_counts
>>> naive_orbit_counts(A, B, (0, 1, 1))
(1, 0, 2)

References
----------
PR Def. 3.1, 3.2, Lemma B.3, Conj. D.13; OPTS Def. 6.5, Cor. E.11; docs/theory.md#most, docs/theory.md#pitfalls P1–P3, P10.
"""

from __future__ import annotations

import functools
import itertools
import math
import operator
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Iterable, NamedTuple, Sequence

import numpy as np

from symorbit.errors import InvalidArgument, InvariantViolation, TooLarge
from symorbit.exact.numbers import format_count
from symorbit.orbits.counting import CountFractions, _c_is_a_or_b, _exact_vectors, orbit_counts
from symorbit.orbits.engines.problem import sums_dtype_of
from symorbit.outcomes.nondominated import nondominated
from symorbit.outcomes.outcome_sets import as_outcome_set

__all__ = [
    "CountProfile",
    "WorstCase",
    "count_profiles",
    "profile_trees",
]

#: Refusal threshold: the bound Σ_{i≤k} C(N, i) on the cells of N hyperplanes in a k-dimensional slice.
MAX_CELLS = 2 * 10**9
#: The most leaves :func:`count_profiles` and :func:`profile_trees` build by default (about 0.3-0.7 ms a leaf on the
#: project's machine at d = 5, so about 10 minutes at most): an instance under :data:`MAX_CELLS` can still take
#: hours, and stops with TooLarge once its trees certainly pass this (``max_leaves=None`` goes on).
MAX_LEAVES = 10**6
#: Largest dimension d accepted (the method enumerates the d! permutations).
MAX_DIMENSION = 7
#: The face-leaf test (:func:`_face_leaf`) is tried on every node of the first _FACE_TRIAL, then only while at
#: least 1 in _FACE_RATE of its tries made a leaf: where it rarely succeeds, its cost outweighs the leaves saved.
_FACE_TRIAL, _FACE_RATE = 256, 16
_BATCH = 4096

Vector = tuple[Fraction, ...]


@dataclass(frozen=True, slots=True)
class CountProfile(CountFractions):
    """One count profile (b_better, a_better, ties, orbit_size) with a witness reward.

    Attributes
    ----------
    reward : tuple of Fraction
        An exact reward, sorted increasingly, whose orbit gives exactly these counts.
    b_better, a_better, ties : int
        Distinct orbit elements where B is strictly better, A is, neither is (as in
        :class:`~symorbit.OrbitCounts`).
    orbit_size : int
        |S_d·reward| = b_better + a_better + ties.

    Examples
    --------
    The post's candy example (docs/theory.md#candy): the profile of the tied reward (0, 1, 1).

    >>> p = count_profiles([[1, 0, 0]], [[0, 1, 0], [0, 0, 1]])[1]
    >>> p.counts, tuple(map(int, p.reward))
    ((1, 0, 2, 3), (0, 1, 1))
    >>> p.strict_fraction, p.weak_fraction, p.ratio
    (Fraction(1, 3), Fraction(1, 1), None)

    References
    ----------
    PR Def. 3.2, Lemma B.3; docs/theory.md#most, docs/theory.md#candy and docs/theory.md#pitfalls P1, P2.
    """

    reward: Vector
    b_better: int
    a_better: int
    ties: int
    orbit_size: int

    @property
    def ratio(self) -> Fraction | None:
        """b_better / a_better, or None when A is never strictly better on this orbit."""
        return Fraction(self.b_better, self.a_better) if self.a_better else None


@dataclass(frozen=True, slots=True)
class WorstCase:
    """The minimum of a quantity over all rewards, with the profile that attains it.

    ``value`` and ``profile`` are None only for :func:`worst_ratio` when no reward
    makes A strictly better anywhere in its orbit (the ratio is then unbounded).

    Parameters
    ----------
    value : Fraction or None
        The minimum.
    profile : CountProfile or None
        A profile attaining it, with its witness reward.

    Examples
    --------
    The post's candy example (docs/theory.md#candy): #B-better / #A-better is never below 2, the
    number of copies of candy in {chocolate, hug}.

    >>> from symorbit.orbits.extremes import worst_ratio
    >>> w = worst_ratio([[1, 0, 0]], [[0, 1, 0], [0, 0, 1]])
    >>> w.value, w.profile.counts
    (Fraction(2, 1), (2, 1, 0, 3))

    References
    ----------
    PR Def. 3.2, Def. A.7, Thm. 3.6; docs/theory.md#candy.
    """

    value: Fraction | None
    profile: CountProfile | None

    @property
    def reward(self) -> Vector | None:
        """The witness reward (``profile.reward``), or None with ``profile``."""
        return None if self.profile is None else self.profile.reward


# ----------------------------------------------------------------------------------------------------------------
# Setup


@dataclass(frozen=True)
class _Problem:
    d: int
    vectors: tuple[Vector, ...]          # ND vectors of every compared set, deduplicated
    groups: tuple[tuple[int, ...], ...]  # raw: (A, B); relative: (A, B, C)
    pairs: tuple[tuple[int, int], ...]   # (g, h): hyperplanes (h-vector − g-vector)
    relative: bool
    common_sum: bool
    px: Any                              # (d!, n, d) integer array: every coordinate permutation of each vector
    px_max: int = 0                      # the largest |entry| of px

    @functools.cached_property
    def doubles(self) -> Any:
        """px as (d!·n, d) float64 rows when it is int64, else None."""
        return self.px.reshape(-1, self.d).astype(np.float64) if self.px.dtype == np.int64 else None

    @functools.cached_property
    def evaluation_arrays(self) -> tuple[list[Any], list[Any], Any]:
        """What :func:`_evaluate` reads on every batch: px per group; the same as float64 columns (d, |group|·d!),
        vector-major, so that a witness's products with a group are one contiguous row whose maximum over the
        group's vectors is an elementwise maximum of |group| runs of d! (a reduction over a short last axis
        cost 5x more) (when px is int64); and :attr:`doubles`."""
        groups = [self.px[:, list(g), :] for g in self.groups]
        if self.doubles is None:
            return groups, [], None
        return groups, [np.ascontiguousarray(px.transpose(1, 0, 2).reshape(-1, self.d).T.astype(np.float64))
                        for px in groups], self.doubles


def _integer_rows(vectors: list[Vector]) -> list[list[int]]:
    lcm = 1
    for v in vectors:
        for x in v:
            lcm = lcm * x.denominator // math.gcd(lcm, x.denominator)
    return [[int(x * lcm) for x in v] for v in vectors]


def _prepare(outcomes_a: Any, outcomes_b: Any, relative_to: Any) -> tuple[_Problem, tuple[Any, Any, Any]]:
    sets, (A, B, C) = _nd_sets(outcomes_a, outcomes_b, relative_to)
    return _problem(sets, C is not None), (A, B, C)


def _nd_sets(outcomes_a: Any, outcomes_b: Any, relative_to: Any) -> tuple[list[list[Vector]], tuple[Any, Any, Any]]:
    """ND(A), ND(B) (and ND(C)), validated, with the outcome sets themselves."""
    sets, given = _validated(outcomes_a, outcomes_b, relative_to)
    return _nd(sets), given


def _nd(sets: Sequence[Any]) -> list[list[Vector]]:
    return [list(nondominated(X).vectors) if len(X) > 1 else list(as_outcome_set(X).vectors) for X in sets]


def _validated(outcomes_a: Any, outcomes_b: Any, relative_to: Any) -> tuple[list[Any], tuple[Any, Any, Any]]:
    """The outcome sets (C only when given), checked: one dimension, exact entries, d at most MAX_DIMENSION."""
    A = as_outcome_set(outcomes_a, name="outcomes_a")
    B = as_outcome_set(outcomes_b, name="outcomes_b")
    C = None if relative_to is None else as_outcome_set(relative_to, name="relative_to")
    d = A.dimension
    for name, X in (("outcomes_b", B), ("relative_to", C)):
        if X is not None and X.dimension != d:
            raise InvalidArgument(f"{name} has vectors of length {X.dimension} but outcomes_a has length {d}")
    sets = [A, B] if C is None else [A, B, C]
    for name, X in zip(("outcomes_a", "outcomes_b", "relative_to"), sets):
        _exact_vectors(X, name)
    if d > MAX_DIMENSION:
        raise TooLarge(f"d={d}: count_profiles enumerates the d! = {format_count(math.factorial(d))} permutations and "
                       f"accepts d ≤ {MAX_DIMENSION}; drop coordinates that no outcome vector distinguishes")
    return sets, (A, B, C)


def _problem(sets: list[list[Vector]], relative: bool) -> _Problem:
    d = len(sets[0][0])
    index: dict[Vector, int] = {}
    groups = [tuple(index.setdefault(v, len(index)) for v in X) for X in sets]
    vectors = tuple(index)
    common_sum = len({sum(v, Fraction(0)) for v in vectors}) == 1
    rows = np.array(_integer_rows(list(vectors)), dtype=object)
    perms = list(itertools.permutations(range(d)))
    px = np.stack([rows[:, list(p)] for p in perms])
    if max((abs(int(x)) for x in px.flat), default=0) < 2**40:
        px = px.astype(np.int64)
    pairs = ((0, 1),) if not relative else ((2, 1), (2, 0))
    px_max = max((abs(int(x)) for x in px.flat), default=0)
    px.flags.writeable = False         # a problem is shared between the searches of one form (_canonical_problem)
    return _Problem(d, vectors, tuple(groups), pairs, relative, common_sum, px, px_max)


def _canonical(sets: list[list[Vector]]) -> tuple[tuple[tuple[int, ...], ...], ...]:
    """The sets up to one translation, one positive scaling and one permutation of the coordinates applied to
    all of them.

    Count profiles, their (sorted) witnesses and the split trees of the sorted chamber depend on the
    sets only through {τx : τ ∈ S_d} for each compared vector x, so they are the same for every
    σ-image (σA, σB, σC) and every positive multiple: instances with one canonical form share them. They
    depend on those only through the differences τx − τy of two vectors at one τ (every comparison and
    every hyperplane is one), so subtracting one vector z from every vector changes none of them: z is the
    coordinatewise minimum (σ-equivariant, so the form stays canonical), which keeps the entries small where
    the vectors share a large part (entries near 2^64 that differ by a few units are counted as the few units).
    """
    rows = _integer_rows([v for X in sets for v in X])
    low = [min(column) for column in zip(*rows)]
    rows = [[x - m for x, m in zip(row, low)] for row in rows]
    g = math.gcd(*(x for row in rows for x in row)) or 1
    rows = [[x // g for x in row] for row in rows]
    sizes = list(itertools.accumulate([0] + [len(X) for X in sets]))
    parts = [rows[sizes[k]:sizes[k + 1]] for k in range(len(sets))]
    d = len(rows[0])
    return min(tuple(tuple(sorted(tuple(row[i] for i in p) for row in part)) for part in parts)
               for p in itertools.permutations(range(d)))


@functools.lru_cache(maxsize=32)
def _canonical_problem(key: tuple[tuple[tuple[int, ...], ...], ...], relative: bool) -> _Problem:
    """The problem of a canonical form (:func:`_canonical`), remembered: the enumeration, the worst cases
    (symorbit.orbits.extremes) and the bound trees (symorbit.proofs.bound_trees) of one form share it."""
    return _problem([[tuple(Fraction(x) for x in v) for v in X] for X in key], relative)


@functools.lru_cache(maxsize=4096)
def _enumerate_canonical(key: tuple[tuple[tuple[int, ...], ...], ...], relative: bool,
                         replayable: bool = True, max_leaves: int | None = None, rule: str = "most") -> tuple[Any, ...]:
    """:func:`_enumerate` on a canonical form, remembered (a search meets each form many times); the split rule
    is part of the key, since the trees depend on it."""
    problem = _canonical_problem(key, relative)
    found, stats = _enumerate(problem, replayable=replayable, max_leaves=max_leaves, rule=rule)
    trees = tuple(tuple(node if node == 0 else tuple(node) for node in tree) for tree in stats.pop("trees"))
    return tuple(found.items()), trees, tuple(stats.items())


@functools.lru_cache(maxsize=8192)
def _canonical_nd(vectors: tuple[tuple[Vector, ...], ...]) -> tuple[tuple[tuple[tuple[int, ...], ...], ...], bool]:
    """The canonical form of ND(A), ND(B) (and ND(C)) for these vectors, and whether C stays in the comparison
    (not when :func:`_c_is_a_or_b`: the form is then ND(A), ND(B)'s), remembered: a search meets the same outcome
    sets many times, and ND (exact LPs) and the d! images of :func:`_canonical` depend on nothing else."""
    nd = _nd(list(vectors))
    if _c_is_a_or_b(vectors, nd):
        return _canonical(nd[:2]), False
    return _canonical(nd), len(nd) == 3


def _compares_without_c(outcomes_a: Any, outcomes_b: Any, relative_to: Any) -> bool:
    """True when the counts relative to C are the counts of max_B against max_A (see :func:`_c_is_a_or_b`): the
    engine then enumerates, and the kernel replays, the comparison without C.

    Examples
    --------
    >>> A, B = [[1, 0, 0]], [[0, 1, 0], [0, 0, 1]]
    >>> _compares_without_c(A, B, A + B), _compares_without_c(A, B, B), _compares_without_c(A, B, None)
    (True, False, False)
    """
    if relative_to is None:
        return False
    sets, _ = _validated(outcomes_a, outcomes_b, relative_to)
    return not _canonical_nd(tuple(X.vectors for X in sets))[1]


def _profiles_and_trees(outcomes_a: Any, outcomes_b: Any, relative_to: Any,
                        replayable: bool = True, max_leaves: int | None = None) -> tuple[Any, Any, Any, Any]:
    """({profile: witness}, trees, stats, (A, B, C)) through the cache of canonical forms, not yet recounted.

    ``replayable=False`` uses the stronger leaf tests (see :func:`_enumerate`); its trees are then no certificate.
    Relative to a C with max_C = max(max_A, max_B) (:func:`_c_is_a_or_b`) the comparison runs without C: the
    same counts, and the trees the kernel replays without C too."""
    sets, given = _validated(outcomes_a, outcomes_b, relative_to)
    key, relative = _canonical_nd(tuple(X.vectors for X in sets))
    found, trees, stats = _enumerate_canonical(key, relative, replayable, max_leaves, _rule(None))
    return dict(found), [[node if node == 0 else list(node) for node in tree] for tree in trees], dict(stats), given


def _matmul(px: Any, m: Any, px_max: int | None = None) -> Any:
    """(d!, n, d) × (d, k) → (d!, n, k), in int64 when no overflow is possible, else Python ints.

    ``px_max``, when given, is the largest |entry| of px (saves a pass over it)."""
    if px.size == 0 or m.size == 0:
        return np.zeros((px.shape[0], px.shape[1], m.shape[1]), dtype=px.dtype)
    if px.dtype == np.int64:
        top = int(np.abs(px).max()) if px_max is None else px_max
        if m.dtype == np.int64:
            m_top = int(np.abs(m).max())
        else:
            m_top = max((abs(int(x)) for x in m.flat), default=0)
        if sums_dtype_of(px.shape[2], top, m_top) is not None:      # m's entries fit too, even where px is 0
            return px @ np.asarray(m, dtype=np.int64)
    return px.astype(object) @ m.astype(object)


# ----------------------------------------------------------------------------------------------------------------
# Cones over the slices of the sorted chamber, split by the double description step


#: Products of at most this many multiply-adds run on one thread (OpenBLAS's default threshold is 4·65536);
#: larger ones are cut into row blocks, so that no BLAS thread spins beside the caller.
_BLAS_ONE_THREAD = 2**18


def _doubles(rows: Any, cols: Any) -> Any:
    """rows @ cols for float64 arrays whose products and sums are exact (integers below 2^53), by row blocks."""
    m, k = rows.shape
    step = max(1, _BLAS_ONE_THREAD // max(1, k * cols.shape[1]))
    if m <= step:
        return rows @ cols
    out = np.empty((m, cols.shape[1]), dtype=np.float64)
    for start in range(0, m, step):
        np.matmul(rows[start:start + step], cols, out=out[start:start + step])
    return out


#: Unit roundoff of float64 (u = 2^-53).
_UNIT_ROUNDOFF = 2.0**-53


def _ordered_products(px: Any, px_max: int, gens: Sequence[Sequence[int]], doubles: Any = None) -> Any:
    """px (T, n, d) × the rays ``gens`` (k, d) → (T, n, k), exact in its comparisons within a column: for every
    permutation τ and ray g, any two entries [τ, i, g] and [τ, j, g] compare as the exact products τx_i·g and τx_j·g.

    The products themselves where int64 holds them, or where doubles would overflow or px is not int64 (then in
    Python integers). Otherwise (rays with entries near 10^12 against vectors near 10^6), a double product with a
    bound on its error: each
    entry is within E = 2(d + 2)·u·max|px|·‖g‖₁ of the exact one (u = 2^-53; the bound of a sum of d products in
    any order, with g rounded, taken twice), so a column whose sorted entries are all more than 3E apart is in
    the exact order; the other columns (ties, or near ties) are recomputed in Python integers and replaced by
    their exact ranks. ``doubles`` is px as (T·n, d) float64 rows when the caller has it.

    >>> px = np.array([[[10**6, 3], [10**6 - 1, 7]]], dtype=np.int64)       # one permutation, two vectors
    >>> g = [(10**12, 10**12 // 4), (10**13 + 1, 2)]
    >>> W = _ordered_products(px, 10**6, g)
    >>> [bool(W[0, 0, r] > W[0, 1, r]) for r in range(2)], [(10**6 * a + 3 * b) - ((10**6 - 1) * a + 7 * b) > 0 for a, b in g]
    ([False, True], [False, True])
    """
    T, n, d = px.shape
    k = len(gens)
    tops = [max(map(abs, g), default=0) for g in gens]
    top = max(tops, default=0)
    if px.dtype != np.int64 or px_max >= 2**53 or max(1, px_max) * top * d >= 2**1000 or n < 2 or k == 0:  # finite
        G = np.array(gens, dtype=object).reshape(k, d)
        return _matmul(px, (G.astype(np.int64) if top < 2**40 else G).T, px_max)
    if sums_dtype_of(d, px_max, top) is not None:          # the generators fit too, even where px is 0
        return px @ np.array(gens, dtype=np.int64).reshape(k, d).T
    rows = px.reshape(T * n, d).astype(np.float64) if doubles is None else doubles
    W = _doubles(rows, np.array(gens, dtype=np.float64).reshape(k, d).T).reshape(T, n, k)
    bound = np.array([2.0 * (d + 2) * _UNIT_ROUNDOFF * px_max * float(sum(map(abs, g))) * 1.001 for g in gens])
    ordered = np.sort(np.ascontiguousarray(W.transpose(0, 2, 1)), axis=2)             # (T, k, n)
    unsure = (ordered[:, :, 1:] - ordered[:, :, :-1]).min(axis=2) <= 3 * bound     # (T, k)
    ts, rs = np.nonzero(unsure)
    if ts.size:         # exact ranks: equal products share one
        G = np.array(gens, dtype=object).reshape(k, d)
        exact = (px[ts].astype(object) * G[rs][:, None, :]).sum(axis=2)             # (columns, n) Python ints
        order = np.argsort(exact, axis=1, kind="stable")
        ascending = np.take_along_axis(exact, order, axis=1)
        steps = np.zeros(exact.shape, dtype=np.int64)
        steps[:, 1:] = (ascending[:, 1:] != ascending[:, :-1]).astype(bool)
        ranks = np.empty(exact.shape, dtype=np.float64)
        np.put_along_axis(ranks, order, np.cumsum(steps, axis=1).astype(np.float64), axis=1)
        W[ts, :, rs] = ranks
    return W


def _dot(rows: Any, cols: Any) -> Any:
    """(m, d) × (d, k) integer product: int64 when no overflow is possible, else Python ints."""
    return _matmul(rows[None, :, :], cols)[0]


def _roots(problem: _Problem) -> list[list[tuple[int, ...]]]:
    """The extreme rays of the cones over the slices: those the kernel starts from (symorbit.kernel.chambers).

    e_k = (0, …, 0, 1, …, 1) with its first 1 at coordinate k. With a common coordinate sum the slice
    {r_1 = 0, r_d = 1} is the section of cone(e_2, …, e_d); otherwise {±r_1 ≥ 0} of the chamber is
    cone(±1, e_2, …, e_d). A slice's vertices are its cone's primitive rays, each over its own divisor.
    """
    d = problem.d
    e = [tuple(int(i >= k) for i in range(d)) for k in range(1, d)]
    if problem.common_sum:
        return [e] if d >= 2 else []
    return [[tuple([sign] * d)] + e for sign in (1, -1)]


class _Layout(NamedTuple):
    """Bit positions (i·n + j)·S + τ of the ordered pairs (i, j) of vectors under each permutation τ < T = d!.

    Bit (i, j, τ) of a ray's ``up`` is set when τx_j·g > τx_i·g, of its ``down`` when τx_j·g < τx_i·g:
    the side of the ray on the hyperplane (τx_j − τx_i)·r = 0. Each pair's T bits (a *chunk*) start at a
    multiple of S ≥ T, a multiple of 8, so that a row (the chunks of one i) is a run of whole bytes.
    ``candidates[k]`` has the bits of the comparisons of kind k (x_i from the first set of
    ``_Problem.pairs[k]``, x_j from the second).
    """

    n: int
    T: int
    S: int
    universe: int               # every pair's chunk
    candidates: tuple[int, ...]
    normal_of_bit: Any          # (n·n·S,) index into normals, -1 where no comparison has this bit
    chunk: int                  # (1 << T) - 1
    members: tuple[int, ...]    # per group: Σ 2^(j·S) over its vectors j
    member_chunks: tuple[int, ...]  # per group: chunk · members, its vectors' chunks in a row
    beaters: tuple[int, ...]    # per group: the chunks, in a row, of the vectors that can beat a member
    doubles: Any                # px as (d!·n, d) float64 rows when it is int64, else None
    folds: tuple[int, ...]      # the shifts that OR a row's n chunks into one (:func:`_any_chunk`)


def _layout(problem: _Problem) -> tuple[_Layout, Any]:
    """The bit layout and the distinct primitive normals τx_j − τx_i, sorted (the split order's tie-break)."""
    T, n, d = problem.px.shape
    S = -(-T // 8) * 8
    chunk = (1 << T) - 1
    triples = [(k, i, j) for k, (gi, hi) in enumerate(problem.pairs)
               for i in problem.groups[gi] for j in problem.groups[hi] if i != j]
    normal_of_bit = np.full(n * n * S, -1, dtype=np.int64)
    members = tuple(sum(1 << j * S for j in group) for group in problem.groups)
    beaters = tuple(chunk * (members[k] | (members[2] if problem.relative and k < 2 else 0))
                    for k in range(len(problem.groups)))
    universe = chunk * sum(1 << c * S for c in range(n * n))
    candidates = [0] * len(problem.pairs)
    for k, i, j in triples:
        candidates[k] |= chunk << (i * n + j) * S
    doubles = problem.doubles
    member_chunks = tuple(chunk * m for m in members)
    folds = tuple(S << s for s in reversed(range((n - 1).bit_length())))
    if not triples:
        return (_Layout(n, T, S, universe, tuple(candidates), normal_of_bit, chunk, members, member_chunks, beaters,
                        doubles, folds),
                np.zeros((0, d), dtype=problem.px.dtype))
    pairs = sorted({(i, j) for _, i, j in triples})
    ii, jj = np.array([p[0] for p in pairs]), np.array([p[1] for p in pairs])
    normals = (problem.px[:, jj] - problem.px[:, ii]).reshape(-1, d)         # [τ, pair] rows
    div = np.array([math.gcd(*(int(c) for c in row)) for row in normals], dtype=normals.dtype)
    reduced = normals // div[:, None]
    if reduced.dtype == object:     # past 2^40 (Python integers): numpy's unique has no axis for them; the same order
        rows = [tuple(row) for row in reduced.tolist()]
        distinct = sorted(set(rows))
        at = {row: k for k, row in enumerate(distinct)}
        unique = np.array(distinct, dtype=object).reshape(len(distinct), d)
        index = np.array([at[row] for row in rows], dtype=np.int64)
    else:
        unique, index = np.unique(reduced, axis=0, return_inverse=True)
    position = ((ii * n + jj)[None, :] * S + np.arange(T)[:, None]).reshape(-1)
    normal_of_bit[position] = index.reshape(-1)
    return _Layout(n, T, S, universe, tuple(candidates), normal_of_bit, chunk, members, member_chunks, beaters,
                   doubles, folds), unique


class _Ray(NamedTuple):
    """An extreme ray g (primitive integers) of a cone, with the bit set of its tight constraints."""

    g: tuple[int, ...]
    tight: int
    up: int
    down: int
    top: int        # max |g_i|


def _rays(problem: _Problem, layout: _Layout, gens: list[tuple[tuple[int, ...], int]]) -> list[_Ray]:
    """The rays (g, tight) with their sides on every comparison's hyperplane, from one product."""
    T, n, d = problem.px.shape
    k = len(gens)
    tops = [max(map(abs, g)) for g, _ in gens]
    top = max(tops)
    if layout.doubles is not None and max(1, problem.px_max) * top * d < 2**53:     # exact in doubles: one product
        W = _doubles(layout.doubles, np.array([g for g, _ in gens], dtype=np.float64).T)
        W = W.reshape(T, n, k).transpose(2, 1, 0)                                   # [ray, x, τ]
    else:               # exact in its comparisons within each (τ, ray): all that the bits below read
        W = _ordered_products(problem.px, problem.px_max, [g for g, _ in gens], layout.doubles).transpose(2, 1, 0)
    if layout.S > T:        # equal padding: neither side
        W = np.concatenate([W, np.zeros((k, n, layout.S - T), dtype=W.dtype)], axis=2)
    W = np.ascontiguousarray(W)
    up = W[:, None, :, :] > W[:, :, None, :]                           # [ray, i, j, τ]: x_j above x_i
    # x_j below x_i is x_i above x_j: the same bytes with i and j swapped (S is a multiple of 8, so each pair's
    # bits are whole bytes), moved after packing (an eighth of the memory of swapping the booleans)
    packed = np.packbits(up.reshape(k, -1), axis=1, bitorder="little").reshape(k, n, n, -1)    # [ray, i, j, S / 8]
    ups, downs = packed.reshape(k, -1), np.ascontiguousarray(packed.transpose(0, 2, 1, 3)).reshape(k, -1)
    return [_Ray(g, z, int.from_bytes(ups[r].tobytes(), "little"), int.from_bytes(downs[r].tobytes(), "little"), tops[r])
            for r, (g, z) in enumerate(gens)]


def _root_cone(problem: _Problem, layout: _Layout, root: list[tuple[int, ...]]) -> list[_Ray]:
    """The cone of one of :func:`_roots`' ray lists, each ray tight on every root constraint but its own."""
    k = len(root)
    return _rays(problem, layout, [(g, ((1 << k) - 1) ^ (1 << j)) for j, g in enumerate(root)])


#: The rules :func:`_split_normal` can choose a split by (docs/performance.md#split-choice). count_profiles and
#: profile_trees read :data:`SPLIT_RULE` at each call; :mod:`symorbit.orbits.extremes` and
#: :mod:`symorbit.proofs.bound_trees` take a rule argument in their search (default ``most``).
SPLIT_RULES = ("most", "lookahead", "lookahead-rays")
#: The split rule in use: one of :data:`SPLIT_RULES` (a module-level switch for benchmarks and tests; every rule
#: gives the same profiles, and trees that the kernel replays).
SPLIT_RULE = "most"
#: ``lookahead`` splits the cone by each of this many hyperplanes with the most cutting comparisons.
_LOOKAHEAD = 4
#: ``lookahead-rays`` scores this many hyperplanes with the most cutting comparisons.
_LOOKAHEAD_RAYS = 16


def _rule(rule: str | None) -> str:
    """``rule``, or :data:`SPLIT_RULE` when None, checked against :data:`SPLIT_RULES`."""
    rule = SPLIT_RULE if rule is None else rule
    if rule not in SPLIT_RULES:
        raise InvalidArgument(f"split rule {rule!r}: expected one of {', '.join(SPLIT_RULES)}")
    return rule


def _split_normal(layout: _Layout, normals: Any, cuts: tuple[int, ...], cone: list[_Ray] | None = None,
                  rule: str = "most", problem: _Problem | None = None, cand: tuple[int, ...] = (),
                  bit: int = 0) -> list[int]:
    """The normal of a hyperplane that cuts the cone, chosen by ``rule`` (one of :data:`SPLIT_RULES`).

    Every rule picks among the hyperplanes of the relevant cutting comparisons (``cuts``, bit sets per kind),
    so every rule's tree has the same leaf test, and its leaves list the same profiles; they differ in how
    many leaves they need. Let c(h) be the number of relevant cutting comparisons (τx_j − τx_i)·r = 0 on the
    hyperplane h:

    - ``most``: the largest c(h) (the rule of issue 13);
    - ``lookahead``: of the :data:`_LOOKAHEAD` largest c(h), the one whose two children keep the fewest relevant
      cutting comparisons in all (``problem``, ``cand`` and the new constraint's ``bit`` are needed);
    - ``lookahead-rays``: of the :data:`_LOOKAHEAD_RAYS` largest c(h) with at least half the largest, the one
      after which the fewest permutations keep a relevant comparison cut by the old rays of a side
      (:func:`_lookahead_rays`; no split is made).

    Ties go to the first normal in :func:`_layout`'s sorted order. ``cone`` is needed by the lookahead rules;
    without it they fall back to ``most``. Five more rules were measured and
    removed (docs/performance.md#split-choice).

    Examples
    --------
    The first split of an instance in Q^4 (tests/test_profiles.py's A4, B4) by two rules (here the same):

    >>> problem, _ = _prepare([(4, 1, 0, 0), (0, 3, 2, 0)], [(2, 0, 0, 3), (0, 2, 3, 0)], None)
    >>> layout, normals = _layout(problem)
    >>> cone = _root_cone(problem, layout, _roots(problem)[0])
    >>> cand, cuts = _relevant_cuts(problem, layout, cone, layout.candidates)
    >>> _split_normal(layout, normals, cuts, cone, "most"), _split_normal(layout, normals, cuts, cone, "lookahead-rays")
    ([-3, 2, 3, -2], [-3, 2, 3, -2])
    """
    count = _cut_counts(layout, normals, cuts)
    if rule == "most" or cone is None:
        return [int(c) for c in normals[int(np.argmax(count))]]
    index = np.flatnonzero(count)                         # the cutting hyperplanes, in sorted order
    if rule == "lookahead":
        return _lookahead(problem, layout, normals, cone, cand, bit, index, count[index])[0]
    if rule == "lookahead-rays":
        return _lookahead_rays(layout, normals, cone, cuts, index, count[index])
    raise InvalidArgument(f"split rule {rule!r}: expected one of {', '.join(SPLIT_RULES)}")


def _cut_counts(layout: _Layout, normals: Any, cuts: tuple[int, ...]) -> Any:
    """c(h) for every normal h: how many relevant cutting comparisons (``cuts``, bit sets per kind) lie on it."""
    at = np.concatenate([layout.normal_of_bit[_positions(bits, layout)] for bits in cuts])
    return np.bincount(at, minlength=len(normals))


def _lookahead_rays(layout: _Layout, normals: Any, cone: list[_Ray], cuts: tuple[int, ...], index: Any,
                    count: Any) -> list[int]:
    """:func:`_lookahead` without the splits: of the :data:`_LOOKAHEAD_RAYS` hyperplanes with the most cutting
    comparisons, those with at least half the most, the one after which the fewest permutations (summed over the
    two sides) still have a relevant comparison cut by the old rays of a side. The new rays, on the hyperplane,
    are left out (a lower bound on what the children keep), so the score costs bit operations, no product."""
    order = sorted(range(len(index)), key=lambda k: (-int(count[k]), k))[:_LOOKAHEAD_RAYS]
    order = [k for k in order if 2 * int(count[k]) >= int(count[order[0]])]
    top = max(r.top for r in cone)
    V = np.array([r.g for r in cone], dtype=np.int64 if top < 2**40 else object)
    sides = _dot(normals[index[order]], V.T if top < 2**40 else V.T.astype(object)).tolist()
    cutting = functools.reduce(operator.or_, cuts)
    shifts = [layout.S << s for s in reversed(range((layout.n * layout.n - 1).bit_length()))]
    best: tuple[int, int, int] | None = None
    for k, row in zip(order, sides):
        left = 0
        for sign in (1, -1):
            up = down = 0
            for r, x in zip(cone, row):
                if sign * x >= 0:
                    up |= r.up
                    down |= r.down
            x = up & down & cutting
            for shift in shifts:                  # OR every pair's chunk into one: the permutations still cut
                x |= x >> shift
            left += (x & layout.chunk).bit_count()
        key = (left, -int(count[k]), k)
        if best is None or key < best:
            best = key
    assert best is not None
    return [int(x) for x in normals[int(index[best[2]])]]


def _lookahead(problem: _Problem | None, layout: _Layout, normals: Any, cone: list[_Ray], cand: tuple[int, ...],
               bit: int, index: Any, count: Any, replayable: bool = True) -> tuple[list[int], list[Any]]:
    """Of the :data:`_LOOKAHEAD` hyperplanes with the most cutting comparisons, the one whose children keep the
    fewest relevant cutting comparisons (bits) in all; ties to the most comparisons, then the sorted order.

    Returns the normal and, for its ≥ and ≤ sides, (child cone, :func:`_relevant_cuts` of the child with
    ``cand`` and ``replayable``): exactly what the enumeration computes next for them, so it is not repeated."""
    if problem is None:
        raise InvalidArgument("the lookahead split rule needs the problem")
    order = sorted(range(len(index)), key=lambda k: (-int(count[k]), k))[:_LOOKAHEAD]
    best: tuple[tuple[int, int, int], list[int], list[Any]] | None = None
    for k in order:
        normal = [int(x) for x in normals[int(index[k])]]
        parts = [(part, _relevant_cuts(problem, layout, part, cand, replayable))
                 for part in _split(problem, layout, cone, normal, bit)]
        left = sum(c.bit_count() for _, (_, cuts) in parts for c in cuts)
        key = (left, -int(count[k]), k)
        if best is None or key < best[0]:
            best = (key, normal, parts)
    assert best is not None
    return best[1], best[2]


def _split(problem: _Problem, layout: _Layout, cone: list[_Ray], normal: list[int],
           bit: int) -> tuple[list[_Ray], list[_Ray]]:
    """Q ∩ {h·r ≥ 0} and Q ∩ {h·r ≤ 0} by the double description step (the kernel's, written again here).

    The new rays are the crossings of the adjacent pairs with rays strictly on both sides (no third
    ray is tight on every constraint the two share); the rays on the hyperplane and the new ones get
    the new constraint's bit.
    """
    side = [sum(a * b for a, b in zip(normal, r.g)) for r in cone]
    plus = [k for k, s in enumerate(side) if s > 0]
    minus = [k for k, s in enumerate(side) if s < 0]
    gens = []
    on = _tight_on(cone)
    for i in plus:
        zi = cone[i].tight
        for j in minus:
            common = zi & cone[j].tight
            pair = 1 << i | 1 << j
            shared = (1 << len(cone)) - 1      # the rays tight on every constraint in common
            while common and shared != pair:
                b = common & -common
                common ^= b
                shared &= on[b]
            if shared == pair:
                si, sj = side[i], side[j]
                p = [si * b - sj * a for a, b in zip(cone[i].g, cone[j].g)]
                g = math.gcd(*p)
                gens.append((tuple(x // g for x in p), zi & cone[j].tight | bit))
    new = _rays(problem, layout, gens) if gens else []
    cone = [r._replace(tight=r.tight | bit) if s == 0 else r for r, s in zip(cone, side)]
    return ([r for r, s in zip(cone, side) if s >= 0] + new, [r for r, s in zip(cone, side) if s <= 0] + new)


def _tight_on(cone: list[_Ray]) -> dict[int, int]:
    """{constraint bit: the rays tight on it, as a bit set over the cone's rays}."""
    on: dict[int, int] = {}
    for k, r in enumerate(cone):
        t = r.tight
        while t:
            b = t & -t
            t ^= b
            on[b] = on.get(b, 0) | 1 << k
    return on


def _rows(bits: int, layout: _Layout, only: Iterable[int] | None = None) -> dict[int, int]:
    """A bit set over (i, j, τ) cut into its rows, keyed by i: row i holds the chunks of the pairs (i, j), j < n.
    Every row, or those in ``only``."""
    width = layout.n * layout.S // 8
    raw = bits.to_bytes(layout.n * width, "little")
    return {i: int.from_bytes(raw[i * width:(i + 1) * width], "little")
            for i in (range(layout.n) if only is None else only)}


def _any_chunk(x: int, layout: _Layout) -> int:
    """The OR of a row's chunks: bit τ set when some pair of the row has its bit τ set."""
    for shift in layout.folds:
        x |= x >> shift
    return x & layout.chunk


def _relevant_cuts(problem: _Problem, layout: _Layout, cone: list[_Ray], cand: tuple[int, ...],
                   replayable: bool = True) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(meeting, cutting) per comparison kind: the relevant candidates that meet the cone, and those that cut it.

    A hyperplane *meets* the cone when it has rays on both closed sides, and *cuts* it when it
    has rays strictly on both sides. Sound to pass the meeting ones on to any part of the cone:
    a hyperplane that misses it, a vector beaten on all of it, and a permutation whose comparison
    is settled on all of it stay so on every part. Each is a bit set over (i, j, τ).

    A permutation's comparison counts as settled when one vector of a set beats every vector of
    the other at every ray (∃∀, the test the kernel replays). With ``replayable=False`` in relative
    mode, IsOptimal(X|C) also counts as settled True when every c ∈ C has some x ∈ X with x ≥ c at
    every ray (∀∃): then max_X ≥ max_C on the whole closed cone (each x ≥ c is linear, so it holds
    on the cone when it holds at its rays). The kernel does not accept such trees. (The converse,
    every x with some c > x at every ray, needs no test: every x is then dead, as C beats it.)
    """
    n, S, chunk, members = layout.n, layout.S, layout.chunk, layout.members
    above = below = layout.universe          # x_j above x_i (below) at every ray
    some_above = some_below = 0
    for r in cone:
        above &= r.up
        below &= r.down
        some_above |= r.up
        some_below |= r.down
    meets = layout.universe ^ (above | below)
    cuts = some_above & some_below
    width = n * S // 8
    rows = _rows(above, layout)                                  # chunk j of row i: x_j beats x_i
    any_chunk = functools.partial(_any_chunk, layout=layout)
    groups = problem.groups
    dead = [{x: any_chunk(rows[x] & layout.beaters[k]) for x in group} for k, group in enumerate(groups)]
    # rows of "no c above x_j at any ray", for IsOptimal(· | C) settled True
    first = _rows(layout.universe ^ some_below, layout) if problem.relative else rows
    meeting, cutting = [], []
    for kind, (gi, hi) in enumerate(problem.pairs):
        g, h = groups[gi], groups[hi]
        # settled on the whole cone: some x_j beats every x_i, or some x_i beats every x_j (strictly; under
        # IsOptimal(h-set | C) the first is x_j ≥ every c ∈ C, i.e. no c above x_j at any ray)
        every_i = every_j = -1
        for i in g:
            every_i &= first[i]
        for j in h:
            every_j &= rows[j]
        settled = any_chunk(every_i & layout.member_chunks[hi]) | any_chunk(every_j & layout.member_chunks[gi])
        if problem.relative and not replayable:     # ∀∃: every c has an x ≥ it at every ray
            true = chunk
            for i in g:
                true &= any_chunk(first[i] & layout.member_chunks[hi])
            settled |= true
        rep, full = members[hi], layout.member_chunks[hi]
        dead_h = 0
        for j in h:
            dead_h |= dead[hi][j] << j * S
        live = [b"\0" * width] * n
        for i in g:
            live[i] = (full ^ ((dead[gi][i] | settled) * rep | dead_h)).to_bytes(width, "little")
        keep = cand[kind] & meets & int.from_bytes(b"".join(live), "little")
        meeting.append(keep)
        cutting.append(keep & cuts)
    return tuple(meeting), tuple(cutting)


def _face_leaf(problem: _Problem, layout: _Layout, cone: list[_Ray], cutting: int) -> list[tuple[int, ...]] | None:
    """Without C: a witness on every face of the cone when each permutation keeps one count on each face, else None.

    For a permutation τ some of whose relevant hyperplanes cut the cone (the bits ``cutting``), say
    every a ∈ A has a b ∈ B with τb ≥ τa at every ray. Then max_B ≥ max_A on the closed cone, so τ
    counts "B better" or "tie", and a tie at r means some a with a ≥ max_B at r. On the relative
    interior of a face F, an a with some b ≥ a at every ray of F and > at one never ties there;
    an a that no hyperplane (τb − τa)·r = 0 cuts F against keeps one answer to "a ≥ every b" there.
    If one of the two holds for every a and every face F (or the same with A and B exchanged), τ
    keeps one count on the relative interior of each face; the other permutations do by the
    classic leaf test. (The per-face condition alone is sound: it keeps "some a ≥ every b" and "some
    a > every b", hence the count, constant on each face. The cover comes first as a cheap bit test:
    on the benchmark's ten d = 5 instances, dropping it accepted exactly the same leaves and took
    1.4-1.9x the CPU time.) Every point of the cone lies in the relative interior of exactly one face
    (and inside or off each chamber wall with it), so a witness per face lists every profile the
    cone has. The kernel does not replay such leaves (it re-derives a leaf's profiles by ∃∀).

    Examples
    --------
    At the root of the candy example nothing cuts, so there is no such permutation and every face gets a witness:

    >>> problem, _ = _prepare([[1, 0, 0]], [[0, 1, 0], [0, 0, 1]], None)
    >>> layout, _ = _layout(problem)
    >>> cone = _root_cone(problem, layout, _roots(problem)[0])
    >>> sorted(_face_leaf(problem, layout, cone, 0))
    [(0, 0, 1), (0, 1, 1), (0, 1, 2)]
    """
    S, chunk = layout.S, layout.chunk
    taus = np.unique(_positions(cutting, layout) % S) if cutting else np.zeros(0, dtype=np.int64)
    if problem.relative:
        return _face_leaf_relative(problem, layout, cone, taus)
    A, B = problem.groups
    if len(taus):
        # Bit test first: every a has a b ≥ it at every ray (B ≥ A), or every b an a ≥ it (A ≥ B).
        some_below = 0
        for r in cone:
            some_below |= r.down
        rows = _rows(layout.universe ^ some_below, layout)                        # chunk j of row i: x_j ≥ x_i

        def covered(losers: tuple[int, ...], winners: int) -> int:
            out, of_winners = chunk, layout.member_chunks[winners]
            for i in losers:
                out &= _any_chunk(rows[i] & of_winners, layout)
            return out

        sides = [covered(A, 1), covered(B, 0)]       # per τ: B ≥ A, A ≥ B at every ray by one winner per loser
        if any(not (sides[0] | sides[1]) >> t & 1 for t in taus.tolist()):
            return None
    faces = _faces(cone)
    if len(taus):
        pos, neg = _face_signs(problem, cone, taus, faces, list(A), list(B))      # (τ, a, b, face): τb vs τa
        cut = (pos > 0) & (neg > 0)
        ok = np.zeros(len(taus), dtype=bool)
        for side, above, axis in ((sides[0], (neg == 0) & (pos > 0), 2), (sides[1], (pos == 0) & (neg > 0), 1)):
            # per loser and face: a winner ≥ it at every ray of F and > at one, or no hyperplane against it cuts F
            steady = (above.any(axis=axis) | ~cut.any(axis=axis)).all(axis=(1, 2))
            ok |= steady & np.array([side >> t & 1 for t in taus.tolist()], dtype=bool)
        if not ok.all():
            return None
    return _face_sums(cone, faces)


def _face_leaf_relative(problem: _Problem, layout: _Layout, cone: list[_Ray], taus: Any) -> list[tuple[int, ...]] | None:
    """:func:`_face_leaf` under IsOptimal(·|C): a witness on every face when each permutation τ in ``taus`` keeps
    IsOptimal(A|C) and IsOptimal(B|C) constant on the relative interior of every face, else None.

    IsOptimal(X|C) at r is "some x ∈ X has x ≥ every c ∈ C". On the relative interior of a face F, an x with
    some c ≥ x at every ray of F and > at one is never optimal there, and an x that no hyperplane
    (τc − τx)·r = 0 cuts F against keeps one answer to "x ≥ every c" there. If one of the two holds for every
    x ∈ A ∪ B and every face, both answers, hence the count, are constant on each face's relative interior.
    The cone itself is the first face, tested on the rays' bit sets before any product.
    """
    X, C = sorted(set(problem.groups[0]) | set(problem.groups[1])), list(problem.groups[2])
    if len(taus):
        chunk = layout.chunk
        some_up = some_down = 0
        for r in cone:
            some_up |= r.up
            some_down |= r.down
        winners = layout.member_chunks[2]
        beaten, cut = _rows(some_up & ~some_down, layout), _rows(some_up & some_down, layout)   # chunk c of row x
        ok = chunk
        for x in X:
            ok &= _any_chunk(beaten[x] & winners, layout) | (chunk ^ _any_chunk(cut[x] & winners, layout))
        if any(not ok >> t & 1 for t in taus.tolist()):
            return None
    faces = _faces(cone)
    if len(taus):
        pos, neg = _face_signs(problem, cone, taus, faces, X, C)                  # (τ, x, c, face): τc vs τx
        beaten_on = ((neg == 0) & (pos > 0)).any(axis=2)                           # (τ, x, face)
        steady = ~((pos > 0) & (neg > 0)).any(axis=2)
        if not (beaten_on | steady).all():
            return None
    return _face_sums(cone, faces)


def _face_signs(problem: _Problem, cone: list[_Ray], taus: Any, faces: list[int], losers: list[int],
                winners: list[int]) -> tuple[Any, Any]:
    """(above, below): per (τ, loser, winner, face), how many rays of the face have τ·winner above (below) τ·loser,
    from one product of the permutations' vectors with the rays, exact in its comparisons (:func:`_ordered_products`)."""
    W = _ordered_products(problem.px[taus], problem.px_max, [r.g for r in cone])   # (τ, vector, ray)
    diff = W[:, None, winners, :] - W[:, losers, None, :]                          # (τ, loser, winner, ray)
    incidence = np.array([[F >> k & 1 for F in faces] for k in range(len(cone))], dtype=np.int64)   # (ray, face)
    return (diff > 0).astype(np.int64) @ incidence, (diff < 0).astype(np.int64) @ incidence


def _face_sums(cone: list[_Ray], faces: Any, V: Any = None) -> list[tuple[int, ...]]:
    """Per face (a bit set of rays), the sum of its primitive rays over their gcd: a point of its relative interior.

    ``V`` is the rays as an array when the caller has it already."""
    nv, top = len(cone), max(r.top for r in cone)
    if nv < 62 and top < 2**62 // (nv * 2**8):
        V = np.array([r.g for r in cone], dtype=np.int64) if V is None else V
        masks = np.fromiter(faces, dtype=np.int64, count=len(faces))
        incidence = (masks[:, None] >> np.arange(nv, dtype=np.int64)) & 1
        totals = incidence @ V                                                # (faces, d)
        g = np.gcd.reduce(totals, axis=1)
        return list(map(tuple, (totals // np.where(g == 0, 1, g)[:, None]).tolist()))
    return [_primitive_sum(r.g for k, r in enumerate(cone) if F >> k & 1) for F in faces]


def _primitive_sum(rays: Iterable[tuple[int, ...]]) -> tuple[int, ...]:
    """The sum of the rays over its gcd, in Python integers (the zero vector as it is).

    >>> _primitive_sum([(2, 0, 4), (0, 2, 2)])
    (1, 1, 3)
    """
    total = [sum(column) for column in zip(*rays)]
    g = math.gcd(*total)
    return tuple(x // g for x in total) if g else tuple(total)


def _faces(cone: list[_Ray]) -> list[int]:
    """Every nonempty face of the cone, as the bit set of its rays: intersections of the constraints' tight sets."""
    return sorted(_closure({(1 << len(cone)) - 1}, set(_tight_on(cone).values())))


def _closure(faces: set[int], facets: set[int]) -> set[int]:
    """``faces`` and every nonempty intersection of one of them with facets (ray bit sets): the faces they contain."""
    faces, frontier = set(faces), list(faces)
    while frontier:
        F = frontier.pop()
        for S in facets:
            G = F & S
            if G and G not in faces:
                faces.add(G)
                frontier.append(G)
    return faces


def _positions(bits: int, layout: _Layout) -> Any:
    """The indices of the set bits, increasing."""
    raw = np.frombuffer(bits.to_bytes((bits.bit_length() + 7) // 8, "little"), dtype=np.uint8)
    at = np.flatnonzero(raw)                  # the bytes with a set bit (most are empty), then their bits
    byte, bit = np.nonzero(np.unpackbits(raw[at][:, None], axis=1, bitorder="little"))
    return at[byte] * 8 + bit


def _face_witnesses(cone: list[_Ray], special: Any, doubles: Any, walls: list[int]) -> list[tuple[int, ...]]:
    """One small interior point of every face of the cone on which the profile can differ from its interior.

    On a leaf every relevant hyperplane keeps one sign on the relative interior of each
    face; a face that lies in no ``special`` hyperplane (the relevant hyperplanes meeting
    the cone, and the chamber walls r_i = r_{i+1}) has every sign of the interior, hence its
    profile. So only the cone itself and the faces inside a special hyperplane get a witness.
    ``walls`` are the bits of the root constraints r_i ≤ r_{i+1} (every one but r_1 ≥ 0 or r_1 ≤ 0);
    ``doubles`` is ``special`` as float64 when the products with the rays are exact in doubles, else None.
    A special hyperplane meets the cone in a face (no relevant hyperplane cuts a leaf; the
    walls bound the chamber), so these are the faces of those faces: intersections of them with
    the facets (the rays tight on a constraint). The witness of a face is the sum of its
    primitive rays, an interior point of it; it is much smaller than the centroid over a common
    denominator.
    """
    nv, d = len(cone), len(cone[0].g)
    on = _tight_on(cone)
    zero_sets = {on.get(b, 0) for b in walls}        # the tight bits are exact: a ray is on a wall iff it has its bit
    top = max(r.top for r in cone)
    V = np.array([r.g for r in cone], dtype=np.int64 if top < 2**62 else object)
    if len(special):
        if doubles is not None and top < 2**53 // (d * 2**20):       # exact in doubles (normals below 2^20)
            zero = _doubles(doubles, V.T.astype(np.float64)) == 0
        else:
            zero = _dot(special, V.T if top < 2**40 else V.T.astype(object)) == 0     # (hyperplanes, nv)
        if nv < 62:
            zero_sets.update((zero.astype(np.int64) @ (np.int64(1) << np.arange(nv, dtype=np.int64))).tolist())
        else:
            zero_sets.update(sum(1 << k for k in np.flatnonzero(row).tolist()) for row in zero)
    zero_sets.discard(0)
    faces = {(1 << nv) - 1} | _closure(zero_sets, set(on.values()))
    return _face_sums(cone, faces, V)


# ----------------------------------------------------------------------------------------------------------------
# Enumeration and evaluation


def _estimate(roots: list[list[tuple[int, ...]]], normals: Any) -> tuple[int, int, int]:
    """(N, k, bound): hyperplanes cutting a slice, slice dimension, Σ_{i≤k} C(N, i) cells at most."""
    cutting = np.zeros(len(normals), dtype=bool)
    k = 0
    for root in roots:
        k = max(k, len(root) - 1)
        vals = _dot(normals, np.array(root, dtype=object).T)
        cutting |= (vals.max(axis=1, initial=0) > 0) & (vals.min(axis=1, initial=0) < 0)
    N = int(cutting.sum())
    return N, k, sum(math.comb(N, i) for i in range(k + 1))


def _enumerate(problem: _Problem, replayable: bool = True, max_leaves: int | None = None, rule: str | None = None
               ) -> tuple[dict[tuple[int, int, int, int], tuple[int, ...]], dict[str, Any]]:
    """({profile: smallest witness}, stats) by the lazy binary space partition (the module's Method).

    ``replayable=False`` uses stronger leaf tests (the same profiles from fewer leaves): the ∀∃ test of
    :func:`_relevant_cuts` in relative mode, :func:`_face_leaf` without C. The trees in ``stats`` are then
    not replayable by the kernel. ``max_leaves`` stops with TooLarge as soon as the trees certainly have more
    leaves than that (every open node makes one at least): past the kernel's budget no certificate can be
    checked, and a claim that bounds one quantity has a faster way (:mod:`symorbit.orbits.extremes`).
    ``rule`` chooses the splits (:func:`_split_normal`; None: :data:`SPLIT_RULE`).
    """
    rule = _rule(rule)
    roots = _roots(problem)
    layout, normals = _layout(problem)
    N, k, bound = _estimate(roots, normals)
    if bound > MAX_CELLS:
        raise TooLarge(f"count_profiles: {N} hyperplanes cut the {k}-dimensional chamber slice (d={problem.d}), "
                       f"up to {format_count(bound)} cells, over the limit {format_count(MAX_CELLS)}; pass the non-dominated "
                       "vectors only, fewer coordinates, or outcome sets with a common coordinate sum")
    witnesses: set[tuple[int, ...]] = {tuple([0] * problem.d)}
    small = normals.dtype == np.int64 and (not len(normals) or int(np.abs(normals).max()) < 2**20)
    doubles = normals.astype(np.float64) if small else None
    leaves = 0
    trees: list[list[Any]] = []
    tried = accepted = 0            # face-leaf tests run and passed (the test stops paying below 1 in _FACE_RATE)
    for root in roots:
        tree: list[Any] = []           # preorder: 0 for a leaf, else the split normal (the ≥ 0 side first)
        trees.append(tree)
        depth0 = len(root)
        walls = [1 << j for j in range(depth0 - problem.d + 1, depth0)]    # the facet opposite e_k is r_{k-1} = r_k
        stack: list[tuple[list[_Ray], tuple[int, ...], int, Any]] = [
            (_root_cone(problem, layout, root), layout.candidates, depth0, None)]
        while stack:
            cone, cand, depth, known = stack.pop()
            cand, cuts = _relevant_cuts(problem, layout, cone, cand, replayable) if known is None else known
            if any(cuts) and not replayable and (
                    tried < _FACE_TRIAL or accepted * _FACE_RATE >= tried):
                faces = _face_leaf(problem, layout, cone, functools.reduce(operator.or_, cuts))
                tried += 1
                if faces is not None:
                    accepted += 1
                    leaves += 1
                    tree.append(0)
                    witnesses.update(faces)
                    continue
            if not any(cuts):
                leaves += 1
                tree.append(0)
                meeting, off = 0, layout.universe        # off: hyperplanes through no ray (no face lies in them)
                for bits in cand:
                    meeting |= bits
                for r in cone:
                    off &= r.up | r.down
                meeting &= ~off
                present = np.zeros(len(normals), dtype=bool)
                present[layout.normal_of_bit[_positions(meeting, layout)]] = True
                witnesses.update(_face_witnesses(cone, normals[present],
                                                 None if doubles is None else doubles[present], walls))
                continue
            if rule == "lookahead":
                count = _cut_counts(layout, normals, cuts)
                index = np.flatnonzero(count)
                normal, ((upper, seen_upper), (lower, seen_lower)) = _lookahead(
                    problem, layout, normals, cone, cand, 1 << depth, index, count[index], replayable)
            else:
                normal = _split_normal(layout, normals, cuts, cone, rule, problem, cand, 1 << depth)
                (upper, lower), seen_upper, seen_lower = _split(problem, layout, cone, normal, 1 << depth), None, None
            tree.append(normal)
            stack.append((lower, cand, depth + 1, seen_lower))
            stack.append((upper, cand, depth + 1, seen_upper))
            if max_leaves is not None and leaves + len(stack) > max_leaves:
                raise TooLarge(f"count_profiles: the split trees have more than {format_count(max_leaves)} leaves "
                               f"(d={problem.d}, {N} hyperplanes; about a millisecond a leaf): pass a larger "
                               "max_leaves=, or use worst_cases for the three minima alone")
    profiles = _evaluate(problem, sorted(witnesses))
    stats = {"hyperplanes": N, "dimension": k, "cell_bound": bound, "leaves": leaves, "witnesses": len(witnesses),
             "profiles": len(profiles), "trees": trees, "replayable": replayable, "rule": rule}
    return profiles, stats


def _stabilizer(r: tuple[int, ...]) -> int:
    out = 1
    for _, run in itertools.groupby(sorted(r)):
        out *= math.factorial(len(list(run)))
    return out


def _evaluate(problem: _Problem, witnesses: list[tuple[int, ...]]) -> dict[tuple[int, int, int, int], tuple[int, ...]]:
    """{profile: smallest witness} over the given integer rewards (each sorted), smallest by :func:`_size`."""
    best: dict[tuple[int, int, int, int], tuple[int, ...]] = {}
    perms, n, d = problem.px.shape
    if not witnesses:
        return best
    if len(witnesses) <= _FEW_WITNESSES and (few := _evaluate_few(problem, witnesses)) is not None:
        return few
    try:
        R = np.array(witnesses, dtype=np.int64).reshape(len(witnesses), d)
        small = bool(R.max() < 2**40 and R.min() > -2**40)
    except OverflowError:
        small = False
    # Small witnesses first and apart, so that most batches stay in int64.
    if small:
        size = np.abs(R)
        order = np.lexsort(tuple(R[:, k] for k in reversed(range(d))) + (size.sum(axis=1), size.max(axis=1)))
    else:
        R = np.array(witnesses, dtype=object).reshape(len(witnesses), d)
        order = np.array(sorted(range(len(witnesses)), key=lambda k: _size(witnesses[k])), dtype=np.int64)
    R = R[order]
    groups, flat, every = problem.evaluation_arrays
    batch = max(64, 2**20 // (perms * n))
    for start in range(0, len(R), batch):
        chunk = R[start:start + batch]
        if flat and chunk.dtype == np.int64 and problem.px_max * int(np.abs(chunk).max()) * d < 2**53:
            rows = chunk.astype(np.float64)                 # exact in doubles: one BLAS product per set
            top = [_doubles(rows, px).reshape(len(chunk), -1, perms).max(axis=1).T for px in flat]   # each (d!, m)
        else:           # exact in its comparisons within each (τ, witness), all that the maxima below need
            W = _ordered_products(problem.px, problem.px_max, chunk.tolist(), every)
            top = [W[:, list(g), :].max(axis=1) for g in problem.groups]               # each (d!, m)
        gt, lt = _better(problem, top)
        # |Stab(r)| of a sorted r: the product, over each run of equal entries, of 1, 2, …, its length
        ordered = np.sort(chunk, axis=1)
        stab = np.ones(len(chunk), dtype=np.int64)
        run = np.ones(len(chunk), dtype=np.int64)
        for k in range(1, d):
            run = np.where(ordered[:, k] == ordered[:, k - 1], run + 1, 1)
            stab *= run
        keys = np.stack([gt // stab, lt // stab, (perms - gt - lt) // stab, perms // stab], axis=1).astype(np.int64)
        if len(keys) > 256:
            found, first = np.unique(keys, axis=0, return_index=True)
            firsts = dict(zip(map(tuple, found.tolist()), first.tolist()))
        else:                                   # a few rows: np.unique(axis=0) costs more than reading them
            firsts = {}
            for at, key in enumerate(map(tuple, keys.tolist())):
                firsts.setdefault(key, at)
        for key in sorted(firsts):
            if key not in best:                 # the batches are in increasing size: the first one is the smallest
                best[key] = tuple(int(x) for x in chunk[firsts[key]])
    return best


#: :func:`_evaluate` takes at most this many witnesses one by one in Python (:func:`_evaluate_few`): the branch and
#: bound of :mod:`symorbit.orbits.extremes` values two at each split, where sorting and batching them in numpy
#: cost more than their products.
_FEW_WITNESSES = 8


def _evaluate_few(problem: _Problem, witnesses: list[tuple[int, ...]]) -> dict[tuple[int, int, int, int],
                                                                                  tuple[int, ...]] | None:
    """:func:`_evaluate` of a few witnesses, where their products with every vector are exact in doubles; else
    None. The same profiles with the same smallest witnesses: each witness in order of :func:`_size`, the first
    of each profile kept."""
    groups, flat, _ = problem.evaluation_arrays
    if not flat:
        return None
    ordered = sorted(witnesses, key=_size)
    top_entry = max(max(map(abs, w)) for w in ordered)
    if problem.px_max * top_entry * problem.d >= 2**53:
        return None
    perms = problem.px.shape[0]
    rows = np.array(ordered, dtype=np.float64)
    gt, lt = _better(problem, [_doubles(rows, px).reshape(len(ordered), -1, perms).max(axis=1).T for px in flat])
    firsts: dict[tuple[int, int, int, int], tuple[int, ...]] = {}
    for w, g, lo in zip(ordered, gt.tolist(), lt.tolist()):
        stab = _stabilizer(w)
        firsts.setdefault((g // stab, lo // stab, (perms - g - lo) // stab, perms // stab), tuple(map(int, w)))
    return {key: firsts[key] for key in sorted(firsts)}


def _better(problem: _Problem, top: list[Any]) -> tuple[Any, Any]:
    """(#B-better, #A-better) per witness, over the permutations, from each group's maxima ``top`` (each (d!, m)):
    max_B against max_A, or relative to C which of A and B is optimal (≥ max_C)."""
    if problem.relative:
        opt_a, opt_b = top[0] >= top[2], top[1] >= top[2]
        return (opt_b & ~opt_a).sum(axis=0), (opt_a & ~opt_b).sum(axis=0)
    return (top[1] > top[0]).sum(axis=0), (top[1] < top[0]).sum(axis=0)


def _size(r: tuple[int, ...]) -> tuple[int, int, tuple[int, ...]]:
    return (max(abs(x) for x in r), sum(abs(x) for x in r), r)


# ----------------------------------------------------------------------------------------------------------------
# Public functions


def count_profiles(outcomes_a: Any, outcomes_b: Any, *, relative_to: Any = None,
                   max_leaves: int | None = MAX_LEAVES) -> tuple[CountProfile, ...]:
    """Every distinct count profile that some reward r ∈ Q^d produces, each with a witness.

    Parameters
    ----------
    outcomes_a, outcomes_b : OutcomeSet or list of vectors
        Exact entries (ints, ``Fraction``, ``"p/q"``); floats are refused.
    relative_to : OutcomeSet or list of vectors, keyword-only, optional
        As in :func:`~symorbit.orbit_counts`: None compares max_B with max_A (PR
        Lemma D.3); a set C compares IsOptimal(B|C) with IsOptimal(A|C) (PR Def. A.2).
    max_leaves : int or None, keyword-only
        Stop with TooLarge once the split trees certainly have more leaves than this (default
        :data:`MAX_LEAVES`, about ten minutes at d = 5); None: no limit but :data:`MAX_CELLS`.

    Returns
    -------
    tuple of CountProfile
        Complete: every r ∈ Q^d has the counts of one of them. Sorted by
        (orbit_size, b_better, a_better, ties); each witness is a sorted integer
        vector, the smallest found for its profile. Every witness has been
        recounted with :func:`~symorbit.orbit_counts`.

    Raises
    ------
    InvalidArgument
        Empty sets, mismatched dimensions, entries that are functions of γ.
    NotExact
        A float entry.
    TooLarge
        d > 7, or more than :data:`MAX_CELLS` possible cells (the message gives the
        number of hyperplanes and the cell bound), or more than ``max_leaves`` leaves.
    InvariantViolation
        A witness did not recount to its profile (an internal error; nothing is returned).

    Examples
    --------
    The post's candy example (docs/theory.md#candy): every reward in Q^3 has one of four profiles,
    the table's rows among them.

    >>> ps = count_profiles([[1, 0, 0]], [[0, 1, 0], [0, 0, 1]])
    >>> [p.counts for p in ps]
    [(0, 0, 1, 1), (1, 0, 2, 3), (2, 1, 0, 3), (4, 2, 0, 6)]

    Two "things" against one (docs/theory.md#two-vs-51 in miniature): the ratio b/a is never below 2.

    >>> A = [[1, 0, 0, 0]]
    >>> B = [[0, 1, 0, 0], [0, 0, 1, 0]]
    >>> ps = count_profiles(A, B)
    >>> min(p.ratio for p in ps if p.a_better)
    Fraction(2, 1)
    >>> len(ps), all(orbit_counts(A, B, p.reward).b_better == p.b_better for p in ps)
    (8, True)

    References
    ----------
    PR Def. 3.1, 3.2; OPTS Def. 6.5, Cor. E.11; docs/theory.md#most.
    """
    found, _, _, (A, B, C) = _profiles_and_trees(outcomes_a, outcomes_b, relative_to, replayable=False,
                                                 max_leaves=_leaf_limit(max_leaves))
    out = _listed(found)
    recount_witnesses(out, A, B, C)
    return out


def _leaf_limit(max_leaves: int | None) -> int | None:
    """``max_leaves`` checked: None or a positive integer."""
    if max_leaves is not None and (isinstance(max_leaves, bool) or not isinstance(max_leaves, int) or max_leaves < 1):
        raise InvalidArgument(f"max_leaves={max_leaves!r} must be a positive integer or None")
    return max_leaves


def profile_trees(outcomes_a: Any, outcomes_b: Any, *, relative_to: Any = None,
                  max_leaves: int | None = MAX_LEAVES) -> tuple[tuple[CountProfile, ...], list[list[Any]]]:
    """:func:`count_profiles` and the split trees that prove the list complete (for the kernel).

    Parameters
    ----------
    outcomes_a, outcomes_b, relative_to, max_leaves
        As in :func:`count_profiles`.

    Returns
    -------
    profiles : tuple of CountProfile
        The profiles :func:`count_profiles` returns; a witness may differ from
        count_profiles' (which uses stronger leaf tests; the same counts).
    trees : list of list
        One preorder tree per slice of the chamber (one with a common coordinate sum, else
        two: r_1 ≥ 0 and r_1 ≤ 0): ``0`` is a leaf, a list of d integers the normal h of a
        split, its h·r ≥ 0 side first. The kernel (:mod:`symorbit.kernel.chambers`)
        replays the splits on the cones over ND(A), ND(B), ND(C) and re-derives every
        profile from the leaves: these trees always use the leaf test it replays (∃∀).

    Raises
    ------
    InvalidArgument, NotExact, TooLarge, InvariantViolation
        As :func:`count_profiles`.

    Examples
    --------
    The candy example (docs/theory.md#candy): the chamber needs no split.

    >>> ps, trees = profile_trees([[1, 0, 0]], [[0, 1, 0], [0, 0, 1]])
    >>> len(ps), trees
    (4, [[0]])

    References
    ----------
    PR Def. 3.1, 3.2; docs/theory.md#most; issue 13 (a completeness certificate).
    """
    found, trees, _, (A, B, C) = _profiles_and_trees(outcomes_a, outcomes_b, relative_to,
                                                     max_leaves=_leaf_limit(max_leaves))
    out = _listed(found)
    recount_witnesses(out, A, B, C)
    return out, trees


def recount_witnesses(profiles: Sequence[CountProfile], outcomes_a: Any, outcomes_b: Any, relative_to: Any) -> None:
    """Raise InvariantViolation unless every profile's witness recounts to it with :func:`orbit_counts`."""
    for p in profiles:
        got = orbit_counts(outcomes_a, outcomes_b, p.reward, relative_to=relative_to).counts
        if got != p.counts:
            raise InvariantViolation(f"count_profiles: witness reward={tuple(map(str, p.reward))} recounts to {got}, "
                                     f"not {p.counts}")


def _listed(found: dict[tuple[int, int, int, int], tuple[int, ...]]) -> tuple[CountProfile, ...]:
    return tuple(CountProfile(tuple(Fraction(x) for x in found[key]), *key)
                 for key in sorted(found, key=lambda k: (k[3], k[0], k[1], k[2])))
