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
3. **Lazy binary space partition.** Start from the slice polytope Q (kept by the
   Parma Polyhedra Library in exact integer arithmetic) and its vertices. For each
   permutation τ, a vector τx that is strictly beaten by another vector τx′ of the
   same set at every vertex of Q is beaten on all of Q and is never decisive there,
   so hyperplanes through it are irrelevant on Q. If some *relevant* hyperplane has
   vertices strictly on both sides, split Q by it and recurse; otherwise Q is a leaf.
   On a leaf every relevant hyperplane keeps one sign on the relative interior of
   each face of Q, so the profile is constant there (ties, too: the chamber walls
   are facets of the slice). Leaves cover the slice, and every point lies in the
   relative interior of exactly one face of a leaf containing it.
4. **Witnesses.** For every face of every leaf (faces are intersections of the
   facets' vertex sets) the centroid of its vertices lies in its relative
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
Σ_{i≤k} C(N, i) of them; each costs one exact polyhedron split (a few tens of µs)
and a d!·|A ∪ B ∪ C|·(#vertices) integer product. In practice the domination test
keeps far fewer leaves than that bound. Instances with d > 7, or whose bound exceeds
:data:`MAX_CELLS`, are refused up front with :class:`~symorbit.errors.TooLarge`.
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
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, NamedTuple, Sequence

import numpy as np

from symorbit.errors import InvalidArgument, InvariantViolation, MissingExtra, TooLarge
from symorbit.exact.numbers import format_count
from symorbit.orbits.counting import CountFractions, _exact_vectors, orbit_counts
from symorbit.outcomes.nondominated import nondominated
from symorbit.outcomes.outcome_sets import as_outcome_set

__all__ = [
    "CountProfile",
    "WorstCase",
    "WorstFractions",
    "count_profiles",
    "profile_trees",
    "worst_fractions",
    "worst_ratio",
]

#: Refusal threshold: the bound Σ_{i≤k} C(N, i) on the cells of N hyperplanes in a k-dimensional slice.
MAX_CELLS = 2 * 10**9
#: Largest dimension d accepted (the method enumerates the d! permutations).
MAX_DIMENSION = 7
_INT64_SAFE = 2**62
_BATCH = 4096

Vector = tuple[Fraction, ...]


def _ppl() -> Any:
    """pplpy (exact rational polyhedra), an optional dependency: the ``[profiles]`` extra."""
    try:
        import ppl
    except ImportError:
        raise MissingExtra("count_profiles needs pplpy (exact polyhedra): pip install 'symorbit[profiles]'") from None
    return ppl


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


class WorstFractions(NamedTuple):
    """The minima of the strict and the weak fraction over all rewards.

    Parameters
    ----------
    strict : WorstCase
        The minimum of b_better / orbit_size.
    weak : WorstCase
        The minimum of (b_better + ties) / orbit_size.

    Examples
    --------
    The post's candy example (docs/theory.md#candy): the weak fraction is at least 2/3 = n/(n+1)
    for n = 2 copies, while the strict fraction drops to 0 at a constant reward.

    >>> w = worst_fractions([[1, 0, 0]], [[0, 1, 0], [0, 0, 1]])
    >>> w.weak.value, w.strict.value
    (Fraction(2, 3), Fraction(0, 1))

    References
    ----------
    PR Lemma B.3; docs/theory.md#proven and docs/theory.md#p2.
    """

    strict: WorstCase
    weak: WorstCase


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
    return _Problem(d, vectors, tuple(groups), pairs, relative, common_sum, px)


def _canonical(sets: list[list[Vector]]) -> tuple[tuple[tuple[int, ...], ...], ...]:
    """The sets up to one positive scaling and one permutation of the coordinates applied to all of them.

    Count profiles, their (sorted) witnesses and the split trees of the sorted chamber depend on the
    sets only through {τx : τ ∈ S_d} for each compared vector x, so they are the same for every
    σ-image (σA, σB, σC) and every positive multiple: instances with one canonical form share them.
    """
    rows = _integer_rows([v for X in sets for v in X])
    g = math.gcd(*(x for row in rows for x in row)) or 1
    rows = [[x // g for x in row] for row in rows]
    sizes = list(itertools.accumulate([0] + [len(X) for X in sets]))
    parts = [rows[sizes[k]:sizes[k + 1]] for k in range(len(sets))]
    d = len(rows[0])
    return min(tuple(tuple(sorted(tuple(row[i] for i in p) for row in part)) for part in parts)
               for p in itertools.permutations(range(d)))


@functools.lru_cache(maxsize=4096)
def _enumerate_canonical(key: tuple[tuple[tuple[int, ...], ...], ...], relative: bool) -> tuple[Any, ...]:
    """:func:`_enumerate` on a canonical form, remembered (a search meets each form many times)."""
    problem = _problem([[tuple(Fraction(x) for x in v) for v in X] for X in key], relative)
    found, stats = _enumerate(problem)
    trees = tuple(tuple(node if node == 0 else tuple(node) for node in tree) for tree in stats.pop("trees"))
    return tuple(found.items()), trees, tuple(stats.items())


@functools.lru_cache(maxsize=8192)
def _canonical_nd(vectors: tuple[tuple[Vector, ...], ...]) -> tuple[tuple[tuple[int, ...], ...], ...]:
    """The canonical form of ND(A), ND(B) (and ND(C)) for these vectors, remembered: a search meets the same
    outcome sets many times, and ND (exact LPs) and the d! images of :func:`_canonical` depend on nothing else."""
    return _canonical(_nd(list(vectors)))


def _profiles_and_trees(outcomes_a: Any, outcomes_b: Any, relative_to: Any) -> tuple[Any, Any, Any, Any]:
    """({profile: witness}, trees, stats, (A, B, C)) through the cache of canonical forms, not yet recounted."""
    sets, given = _validated(outcomes_a, outcomes_b, relative_to)
    key = _canonical_nd(tuple(X.vectors for X in sets))
    found, trees, stats = _enumerate_canonical(key, relative_to is not None)
    return dict(found), [[node if node == 0 else list(node) for node in tree] for tree in trees], dict(stats), given


def _matmul(px: Any, m: Any) -> Any:
    """(d!, n, d) × (d, k) → (d!, n, k), in int64 when no overflow is possible, else Python ints."""
    if px.size == 0 or m.size == 0:
        return np.zeros((px.shape[0], px.shape[1], m.shape[1]), dtype=px.dtype)
    if px.dtype == np.int64:
        if m.dtype == np.int64:
            bound = int(np.abs(px).max()) * int(np.abs(m).max()) * px.shape[2]
        else:
            bound = int(np.abs(px).max()) * max((abs(int(x)) for x in m.flat), default=0) * px.shape[2]
        if bound < _INT64_SAFE:
            return px @ np.asarray(m, dtype=np.int64)
    return px.astype(object) @ m.astype(object)


# ----------------------------------------------------------------------------------------------------------------
# Slices of the sorted chamber


def _slices(problem: _Problem) -> list[Any]:
    ppl = _ppl()
    C_Polyhedron, Constraint_System, Linear_Expression, Variable = ppl.C_Polyhedron, ppl.Constraint_System, ppl.Linear_Expression, ppl.Variable

    d = problem.d
    x = [Variable(i) for i in range(d)]
    chamber = [x[i] - x[i + 1] <= 0 for i in range(d - 1)]
    out = []
    if problem.common_sum:
        if d >= 2:
            cs = Constraint_System()
            for c in chamber + [Linear_Expression(x[0]) == 0, Linear_Expression(x[d - 1]) == 1]:
                cs.insert(c)
            out.append(C_Polyhedron(cs))
        return out
    # cone(±1, e_2, …, e_d) = chamber ∩ {±r_1 ≥ 0}, sliced where r_d = 1, resp. r_d − 2·r_1 = 1
    # (the kernel's root cones, so that the split tree is a certificate it can replay).
    for sign in (1, -1):
        cs = Constraint_System()
        for c in chamber + [sign * x[0] >= 0, Linear_Expression(x[d - 1]) - (1 - sign) * x[0] == 1]:
            cs.insert(c)
        out.append(C_Polyhedron(cs))
    return out


def _vertex_array(coeffs: list[tuple[int, ...]]) -> Any:
    """The vertices' integer coefficients as rows: int64 when small, else Python ints."""
    V = np.array(coeffs, dtype=object)
    if max((abs(x) for c in coeffs for x in c), default=0) < 2**40:
        V = V.astype(np.int64)
    return V


def _vertices(Q: Any) -> tuple[list[tuple[int, ...]], list[int]]:
    coeffs, divisors = [], []
    for g in Q.minimized_generators():
        if not g.is_point():  # pragma: no cover - every slice is bounded
            raise InvariantViolation("internal error: a slice of the chamber is unbounded")
        coeffs.append(tuple(int(c) for c in g.coefficients()))
        divisors.append(int(g.divisor()))
    return coeffs, divisors


class _Triples(NamedTuple):
    """Candidate hyperplanes: τ, the pair kind, and the two vector indices; normal = τx_h − τx_g."""

    tau: Any
    kind: Any
    i: Any
    j: Any
    normal: Any      # index into _Problem.normals (primitive, deduplicated)


def _all_triples(problem: _Problem) -> tuple[_Triples, Any]:
    parts = []
    n_tau = problem.px.shape[0]
    for pair, (gi, hi) in enumerate(problem.pairs):
        for x in problem.groups[gi]:
            for y in problem.groups[hi]:
                if x != y:
                    parts.append((np.arange(n_tau), np.full(n_tau, pair), np.full(n_tau, x), np.full(n_tau, y)))
    if not parts:
        e = np.zeros(0, dtype=np.int64)
        return _Triples(e, e, e, e, e), np.zeros((0, problem.d), dtype=problem.px.dtype)
    tau, kind, i, j = (np.concatenate(c) for c in zip(*parts))
    normals = problem.px[tau, j] - problem.px[tau, i]
    keep = (normals != 0).any(axis=1)
    normals = normals[keep]
    div = np.array([math.gcd(*(int(c) for c in n)) for n in normals], dtype=normals.dtype)
    unique, index = np.unique(normals // div[:, None], axis=0, return_inverse=True)
    return _Triples(tau[keep], kind[keep], i[keep], j[keep], index.reshape(-1)), unique


def _select(t: _Triples, mask: Any) -> _Triples:
    return _Triples(t.tau[mask], t.kind[mask], t.i[mask], t.j[mask], t.normal[mask])


def _relevant_cuts(problem: _Problem, normals: Any, V: Any, cand: _Triples) -> tuple[_Triples, _Triples]:
    """(meeting, cutting): the relevant candidates that meet Q = conv(V), and those that cut it.

    A hyperplane *meets* Q when it has vertices on both closed sides, and *cuts* Q when it
    has vertices strictly on both sides. Sound to pass the meeting ones on to any
    sub-polytope of Q: a hyperplane that misses Q, a vector beaten on all of Q, and a
    permutation whose comparison is settled on all of Q stay so on every part of Q.
    """
    present = _distinct(cand.normal, len(normals))
    vals = _matmul(normals[present][None, :, :], V.T)[0]                       # (distinct normals, nv)
    hi_v, lo_v = vals.max(axis=1), vals.min(axis=1)
    meets = np.zeros(len(normals), dtype=bool)
    cutting = np.zeros(len(normals), dtype=bool)
    meets[present] = (hi_v >= 0) & (lo_v <= 0)
    cutting[present] = (hi_v > 0) & (lo_v < 0)
    cand = _select(cand, meets[cand.normal])
    if not len(cand.tau):
        return cand, cand
    taus = _distinct(cand.tau, problem.px.shape[0])
    position = np.zeros(problem.px.shape[0], dtype=np.int64)
    position[taus] = np.arange(len(taus))
    row = position[cand.tau]
    W = _matmul(problem.px[taus], V.T)                                          # (k, n, nv): τx · v
    n = W.shape[1]
    # live[k][τ, i]: vector i can decide a comparison in its role as a member of group k. It cannot when
    # a vector of its own group beats it at every vertex, nor, as an A or B member under IsOptimal(·|C),
    # when a vector of C does (it is then never ≥ max C). A vector shared by two groups has one role each.
    live = []
    for k, group in enumerate(problem.groups):
        beaters = list(group) + (list(problem.groups[2]) if problem.relative and k < 2 else [])
        Wg, Wb = W[:, list(group), :], W[:, beaters, :]
        beaten = ((Wb[:, :, None, :] - Wg[:, None, :, :]).min(axis=3) > 0).any(axis=1)   # [τ, position in group]
        role = np.zeros((len(taus), n), dtype=bool)
        role[:, list(group)] = ~beaten
        live.append(role)
    settled = np.zeros((len(taus), len(problem.pairs)), dtype=bool)
    for kind, (gi, hi) in enumerate(problem.pairs):
        g, h = list(problem.groups[gi]), list(problem.groups[hi])
        D = W[:, h, :][:, None, :, :] - W[:, g, :][:, :, None, :]                   # [τ, i∈g, j∈h, v]
        lo, hi_ = D.min(axis=3), D.max(axis=3)
        if problem.relative:   # IsOptimal(h-set | C) is True (False) on all of Q
            settled[:, kind] = (lo >= 0).all(axis=1).any(axis=1) | (hi_ < 0).all(axis=2).any(axis=1)
        else:                  # B strictly better (A strictly better) on all of Q
            settled[:, kind] = (lo > 0).all(axis=1).any(axis=1) | (hi_ < 0).all(axis=2).any(axis=1)
    first = np.array([g for g, _ in problem.pairs])[cand.kind]
    second = np.array([h for _, h in problem.pairs])[cand.kind]
    roles = np.stack(live)                                                      # [group, τ, vector]
    keep = roles[first, row, cand.i] & roles[second, row, cand.j] & ~settled[row, cand.kind]
    meeting = _select(cand, keep)
    return meeting, _select(meeting, cutting[meeting.normal])


def _distinct(indices: Any, size: int) -> Any:
    """The distinct values of an index array into range(size), increasing (np.unique without sorting)."""
    mark = np.zeros(size, dtype=bool)
    mark[indices] = True
    return np.flatnonzero(mark)


def _face_witnesses(Q: Any, special: Any, coeffs: list[tuple[int, ...]], divisors: list[int],
                    C: Any) -> list[tuple[int, ...]]:
    """One small interior point of every face of Q on which the profile can differ from Q's interior.

    On a leaf every relevant hyperplane keeps one sign on the relative interior of each
    face; a face that lies in no ``special`` hyperplane (the relevant hyperplanes meeting
    Q, and the chamber walls r_i = r_{i+1}) has every sign of Q's interior, hence its
    profile. So only Q itself and the faces inside a special hyperplane get a witness.
    The witness of a face with vertices c_k/q_k (integer c_k, q_k > 0) is Σ c_k, a
    positive combination of the vertices and so, up to positive scaling, a point of the
    face's relative interior; it is much smaller than the centroid over a common
    denominator.
    """
    nv = len(coeffs)
    zero_sets = set()
    if len(special):
        vals = _matmul(special[None, :, :], C.T)[0]                             # (hyperplanes, nv)
        zero = vals == 0
        for row in np.unique(zero[zero.any(axis=1)], axis=0):
            zero_sets.add(frozenset(np.flatnonzero(row).tolist()))
    full = frozenset(range(nv))
    faces = {full}
    if zero_sets:
        rows, rhs = [], []
        for c in Q.minimized_constraints():
            if not c.is_equality():
                rows.append([int(t) for t in c.coefficients()])
                rhs.append(int(c.inhomogeneous_term()))
        on = _matmul(np.array(rows, dtype=object)[None, :, :], C.T)[0] \
            + np.array(rhs, dtype=object)[:, None] * np.array(divisors, dtype=object)[None, :]
        facets = [frozenset(int(k) for k in np.flatnonzero(row == 0)) for row in on]
        frontier = [full]
        seen = {full}
        while frontier:
            F = frontier.pop()
            for S in facets:
                G = F & S
                if G and G not in seen:
                    seen.add(G)
                    frontier.append(G)
                    if any(G <= Z for Z in zero_sets):
                        faces.add(G)
    out = []
    for F in faces:
        total = [sum(coeffs[k][i] for k in F) for i in range(len(coeffs[0]))]
        g = math.gcd(*total)
        out.append(tuple(x // g for x in total) if g else tuple(total))
    return out


# ----------------------------------------------------------------------------------------------------------------
# Enumeration and evaluation


def _estimate(slices: list[Any], normals: Any) -> tuple[int, int, int]:
    """(N, k, bound): hyperplanes cutting a slice, slice dimension, Σ_{i≤k} C(N, i) cells at most."""
    cutting = np.zeros(len(normals), dtype=bool)
    k = 0
    for Q in slices:
        k = max(k, Q.affine_dimension())
        vals = _matmul(normals[None, :, :], np.array(_vertices(Q)[0], dtype=object).T)[0]
        cutting |= (vals.max(axis=1) > 0) & (vals.min(axis=1) < 0)
    N = int(cutting.sum())
    return N, k, sum(math.comb(N, i) for i in range(k + 1))


def _enumerate(problem: _Problem) -> tuple[dict[tuple[int, int, int, int], tuple[int, ...]], dict[str, Any]]:
    ppl = _ppl()
    C_Polyhedron, Linear_Expression = ppl.C_Polyhedron, ppl.Linear_Expression

    slices = [Q for Q in _slices(problem) if not Q.is_empty()]
    root, normals = _all_triples(problem)
    N, k, bound = _estimate(slices, normals)
    if bound > MAX_CELLS:
        raise TooLarge(f"count_profiles: {N} hyperplanes cut the {k}-dimensional chamber slice (d={problem.d}), "
                       f"up to {format_count(bound)} cells, over the limit {format_count(MAX_CELLS)}; pass the non-dominated "
                       "vectors only, fewer coordinates, or outcome sets with a common coordinate sum")
    witnesses: set[tuple[int, ...]] = {tuple([0] * problem.d)}
    leaves = 0
    walls = np.array([[0] * i + [1, -1] + [0] * (problem.d - i - 2) for i in range(problem.d - 1)],
                     dtype=normals.dtype).reshape(-1, problem.d)
    trees: list[list[Any]] = []
    for slice_ in slices:
        tree: list[Any] = []           # preorder: 0 for a leaf, else the split normal (the ≥ 0 side first)
        trees.append(tree)
        stack = [(slice_, root)]
        while stack:
            Q, cand = stack.pop()
            coeffs, divisors = _vertices(Q)
            V = _vertex_array(coeffs)
            cand, cuts = _relevant_cuts(problem, normals, V, cand)
            if not len(cuts.tau):
                leaves += 1
                tree.append(0)
                special = np.concatenate([normals[_distinct(cand.normal, len(normals))], walls])
                witnesses.update(_face_witnesses(Q, special, coeffs, divisors, V))
                continue
            # Split by the hyperplane that the most relevant comparisons lie on.
            normal = [int(c) for c in normals[int(np.argmax(np.bincount(cuts.normal, minlength=len(normals))))]]
            tree.append(normal)
            for sign in (-1, 1):
                half = C_Polyhedron(Q)
                half.add_constraint(Linear_Expression([sign * c for c in normal], 0) >= 0)
                stack.append((half, cand))
    profiles = _evaluate(problem, sorted(witnesses))
    stats = {"hyperplanes": N, "dimension": k, "cell_bound": bound, "leaves": leaves, "witnesses": len(witnesses),
             "profiles": len(profiles), "trees": trees}
    return profiles, stats


def _stabilizer(r: tuple[int, ...]) -> int:
    out = 1
    for _, run in itertools.groupby(sorted(r)):
        out *= math.factorial(len(list(run)))
    return out


def _evaluate(problem: _Problem, witnesses: list[tuple[int, ...]]) -> dict[tuple[int, int, int, int], tuple[int, ...]]:
    """{profile: smallest witness} over the given integer rewards (each sorted)."""
    best: dict[tuple[int, int, int, int], tuple[int, ...]] = {}
    perms = problem.px.shape[0]
    # Small witnesses first and apart, so that most batches stay in int64.
    witnesses = sorted(witnesses, key=_size)
    for start in range(0, len(witnesses), _BATCH):
        chunk = witnesses[start:start + _BATCH]
        W = _matmul(problem.px, np.array(chunk, dtype=object).T)    # (d!, n, m)
        top = [W[:, list(g), :].max(axis=1) for g in problem.groups]  # each (d!, m)
        if problem.relative:
            opt_a, opt_b = top[0] >= top[2], top[1] >= top[2]
            gt, lt = (opt_b & ~opt_a).sum(axis=0), (opt_a & ~opt_b).sum(axis=0)
        else:
            gt, lt = (top[1] > top[0]).sum(axis=0), (top[1] < top[0]).sum(axis=0)
        for col, r in enumerate(chunk):
            s = _stabilizer(r)
            b, a = int(gt[col]), int(lt[col])
            key = (b // s, a // s, (perms - b - a) // s, perms // s)
            if key not in best or _size(r) < _size(best[key]):
                best[key] = r
    return best


def _size(r: tuple[int, ...]) -> tuple[int, int, tuple[int, ...]]:
    return (max(abs(x) for x in r), sum(abs(x) for x in r), r)


# ----------------------------------------------------------------------------------------------------------------
# Public functions


def count_profiles(outcomes_a: Any, outcomes_b: Any, *, relative_to: Any = None) -> tuple[CountProfile, ...]:
    """Every distinct count profile that some reward r ∈ Q^d produces, each with a witness.

    Parameters
    ----------
    outcomes_a, outcomes_b : OutcomeSet or list of vectors
        Exact entries (ints, ``Fraction``, ``"p/q"``); floats are refused.
    relative_to : OutcomeSet or list of vectors, keyword-only, optional
        As in :func:`~symorbit.orbit_counts`: None compares max_B with max_A (PR
        Lemma D.3); a set C compares IsOptimal(B|C) with IsOptimal(A|C) (PR Def. A.2).

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
        d > 7, or more than :data:`MAX_CELLS` possible cells; the message gives the
        number of hyperplanes and the cell bound.
    MissingExtra
        pplpy is not installed (the ``[profiles]`` extra).
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
    return profile_trees(outcomes_a, outcomes_b, relative_to=relative_to)[0]


def profile_trees(outcomes_a: Any, outcomes_b: Any, *,
                  relative_to: Any = None) -> tuple[tuple[CountProfile, ...], list[list[Any]]]:
    """:func:`count_profiles` and the split trees that prove the list complete (for the kernel).

    Parameters
    ----------
    outcomes_a, outcomes_b, relative_to
        As in :func:`count_profiles`.

    Returns
    -------
    profiles : tuple of CountProfile
        What :func:`count_profiles` returns.
    trees : list of list
        One preorder tree per slice of the chamber (one with a common coordinate sum, else
        two: r_1 ≥ 0 and r_1 ≤ 0): ``0`` is a leaf, a list of d integers the normal h of a
        split, its h·r ≥ 0 side first. The kernel (:mod:`symorbit.kernel.chambers`)
        replays the splits on the cones over ND(A), ND(B), ND(C) and re-derives every
        profile from the leaves.

    Raises
    ------
    InvalidArgument, NotExact, TooLarge, MissingExtra, InvariantViolation
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
    found, trees, _, (A, B, C) = _profiles_and_trees(outcomes_a, outcomes_b, relative_to)
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


def worst_ratio(outcomes_a: Any, outcomes_b: Any, *, relative_to: Any = None) -> WorstCase:
    """min over all rewards of #B-better / #A-better, with a witness reward.

    Rewards whose orbit has a_better = 0 are left out. If **no** reward makes A
    strictly better anywhere in its orbit, the ratio is unbounded and the result is
    ``WorstCase(value=None, profile=None)``.

    Parameters
    ----------
    outcomes_a, outcomes_b : OutcomeSet or list of vectors
        Exact entries; floats are refused.
    relative_to : OutcomeSet or list of vectors, keyword-only, optional
        As in :func:`count_profiles`.

    Returns
    -------
    WorstCase
        The least ratio over every reward r ∈ Q^d and a profile attaining it.

    Raises
    ------
    InvalidArgument, NotExact, TooLarge, MissingExtra, InvariantViolation
        As :func:`count_profiles`.

    Examples
    --------
    >>> w = worst_ratio([[1, 0, 0]], [[0, 1, 0], [0, 0, 1]])
    >>> w.value, w.reward
    (Fraction(2, 1), (Fraction(0, 1), Fraction(0, 1), Fraction(1, 1)))
    >>> worst_ratio([[1, 0]], [[1, 0], [0, 1]])       # A ⊆ B: A is never strictly better
    WorstCase(value=None, profile=None)

    References
    ----------
    PR Def. 3.2 (≥ⁿ_most holds iff this value is ≥ n or None), Conj. D.13.
    """
    best: WorstCase = WorstCase(None, None)
    for p in count_profiles(outcomes_a, outcomes_b, relative_to=relative_to):
        if p.ratio is not None and (best.value is None or p.ratio < best.value):
            best = WorstCase(p.ratio, p)
    return best


def worst_fractions(outcomes_a: Any, outcomes_b: Any, *, relative_to: Any = None) -> WorstFractions:
    """min over all rewards of the strict fraction b/|O| and of the weak fraction (b + t)/|O|.

    Parameters
    ----------
    outcomes_a, outcomes_b : OutcomeSet or list of vectors
        Exact entries; floats are refused.
    relative_to : OutcomeSet or list of vectors, keyword-only, optional
        As in :func:`count_profiles`.

    Returns
    -------
    WorstFractions
        ``strict`` and ``weak``, each the minimum over every reward r ∈ Q^d with a
        profile attaining it.

    Raises
    ------
    InvalidArgument, NotExact, TooLarge, MissingExtra, InvariantViolation
        As :func:`count_profiles`.

    Examples
    --------
    The candy example (docs/theory.md#candy): the weak fraction never drops below 2/3, the
    strict one drops to 0 at the constant reward.

    >>> w = worst_fractions([[1, 0, 0]], [[0, 1, 0], [0, 0, 1]])
    >>> w.weak.value, w.strict.value, w.strict.reward
    (Fraction(2, 3), Fraction(0, 1), (Fraction(0, 1), Fraction(0, 1), Fraction(0, 1)))

    References
    ----------
    PR Lemma B.3 (the n/(n+1) bound is on the weak fraction); docs/theory.md#p2.
    """
    ps = count_profiles(outcomes_a, outcomes_b, relative_to=relative_to)
    strict = min(ps, key=lambda p: p.strict_fraction)
    weak = min(ps, key=lambda p: p.weak_fraction)
    return WorstFractions(WorstCase(strict.strict_fraction, strict), WorstCase(weak.weak_fraction, weak))
