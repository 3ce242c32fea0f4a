"""Dropping vectors that never change a group's maximum over the orbit (exact, before any engine).

Every engine answers sign(max_X xᵀr′ − max_Y yᵀr′) for orbit elements r′ = σr. Within one
group G, a vector x is *dominated* by another member x′ when

    (x′ − x)·σr ≥ 0   for every permutation σ.

Then x′ᵀr′ ≥ xᵀr′ at every orbit element, so max_G is the same number with or without x, and
every sign, ties included, is unchanged: the maxima are values, not arg-maxima, so a dominated
vector that ties the maximum somewhere changes nothing either. The test is exact and costs
O(d log d): by the rearrangement inequality the smallest value of w·σr over all σ pairs the
entries of w in ascending order with those of r in descending order.

Dominance is a preorder (sums of such differences stay non-negative), so keeping, per group,
one vector of each maximal class drops every dominated vector while each dropped one has a
kept dominator. Vectors that are equal up to the preorder (x′ − x orthogonal to the whole
orbit, for example duplicates) keep their first member.

References
----------
Rearrangement inequality (Hardy, Littlewood and Pólya, Inequalities, Thm. 368); PR Def. 3.1.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np

from symorbit.orbits.engines.problem import INT64_SAFE, Problem, coarse_scale, contained_pairs, max_abs

__all__: list[str] = []

#: A group of n vectors in d coordinates is tested when n² · d is at most this (the test is
#: O(n² d log d)); larger groups are left as they are.
MAX_TEST_ENTRIES = 4 * 10**6
#: Entries of the differences sorted in one numpy call (rows i × all j × d; 2 MB of int64).
CHUNK_ENTRIES = 1 << 18


def min_over_orbit(w: Any, reward_desc: Any) -> int:
    """min over σ of w·σr, for ``reward_desc`` the reward's entries in descending order.

    Examples
    --------
    >>> min_over_orbit([1, -2, 0], [3, 2, 1])      # -2·3 + 0·2 + 1·1
    -5
    """
    return sum(a * b for a, b in zip(sorted(w), reward_desc))


def _min_matrix(V: np.ndarray, reward_desc: np.ndarray) -> np.ndarray:
    """M[i, j] = min over σ of (V_j − V_i)·σr in int64, a few numpy calls in all (the caller makes sure the sums
    fit)."""
    n, d = V.shape
    M = np.empty((n, n), dtype=np.int64)
    step = max(1, CHUNK_ENTRIES // max(1, n * d))      # rows i per call
    for lo in range(0, n, step):
        M[lo:lo + step] = np.sort(V[None, :, :] - V[lo:lo + step, None, :], axis=2) @ reward_desc
    return M


def _dominance_matrix(vecs: list[tuple[int, ...]], reward_desc: list[int],
                      coarse: tuple[int, int, int] | None = None) -> np.ndarray:
    """D[i, j] = True when vector j dominates vector i (min over σ of (v_j − v_i)·σr ≥ 0).

    In int64 where the differences' sums fit; past that, with ``coarse`` = (a, b, W) from
    :func:`.problem.coarse_scale` (``"int64"``), on the vectors ⌊v / 2^a⌋ and reward ⌊r / 2^b⌋, where each
    difference's exact value at every σ, scaled down by 2^(a+b), lies within W of its coarse one. So a coarse
    minimum above W makes every exact value positive (j dominates i), one below −W makes the exact value at that
    σ negative (it does not), and only the pairs in between are tested in Python integers. (The coarse reward
    stays in descending order: the shift is monotone.)

    Examples
    --------
    Vectors of 2^64 shifted by a = 40, the reward left (b = 0), so W = 1 + 2 + 3: the first and third are equal
    once shifted, and tested in Python integers (the first dominates the third); the second is far from both.

    >>> big = [(2**64, 0, 5), (0, 2**64, 0), (2**64, 0, 4)]
    >>> _dominance_matrix(big, [3, 2, 1], (40, 0, 6)).astype(int).tolist()
    [[1, 0, 0], [0, 1, 0], [1, 0, 1]]
    """
    n = len(vecs)
    vmax = max_abs(vecs)
    rmax = max((abs(x) for x in reward_desc), default=0)
    d = len(reward_desc)
    if 2 * d * max(1, 2 * vmax) * max(1, rmax) < INT64_SAFE:
        return _min_matrix(np.array(vecs, dtype=np.int64).reshape(n, d), np.array(reward_desc, dtype=np.int64)) >= 0
    if coarse is not None:
        a, b, width = coarse
        M = _min_matrix(np.array([[x >> a for x in v] for v in vecs], dtype=np.int64).reshape(n, d),
                        np.array([x >> b for x in reward_desc], dtype=np.int64))
        D = M > width
        for i, j in zip(*np.nonzero(np.abs(M) <= width)):
            D[i, j] = min_over_orbit([x - y for x, y in zip(vecs[j], vecs[i])], reward_desc) >= 0
        return D
    return np.array([[min_over_orbit([a - b for a, b in zip(vj, vi)], reward_desc) >= 0 for vj in vecs]
                     for vi in vecs], dtype=bool).reshape(n, n)


def survivors(vecs: list[tuple[int, ...]], reward_desc: list[int],
              coarse: tuple[int, int, int] | None = None) -> list[int]:
    """Indices (into ``vecs``) of one vector per maximal class of the dominance preorder, ascending.

    Examples
    --------
    For r = (2, 1), (2, 0) dominates (1, 0) and (0, 1): (0, 1) ties (2, 0) at r′ = (1, 2) and
    loses at r′ = (2, 1), so it never changes the maximum and is dropped with the duplicate.

    >>> survivors([(1, 0), (2, 0), (0, 1), (1, 0)], [2, 1])
    [1]
    >>> survivors([(1, 0), (0, 1)], [2, 1])         # neither dominates: both stay
    [0, 1]
    """
    n = len(vecs)
    if n <= 1:
        return list(range(n))
    D = _dominance_matrix(vecs, reward_desc, coarse).tolist()     # Python bools: read n² times below
    kept: list[int] = []
    for i in range(n):
        row = D[i]
        if any(row[j] for j in kept):
            continue                       # a kept vector dominates i (so do all i dominated)
        kept = [j for j in kept if not D[j][i]]
        kept.append(i)
    return sorted(kept)


def distinct_on_one_sum(vecs: list[tuple[int, ...]], n_values: int) -> list[int] | None:
    """:func:`survivors` without the n² test where every vector has the same coordinate sum and the reward has
    at least two distinct values (``n_values``): the index of each distinct vector's first occurrence. None
    where that does not apply (the caller then runs the test).

    Why nothing else is dropped: for w = x′ − x with Σ_j w_j = 0, the sum of w·σr over all d! permutations σ is
    (d − 1)! · Σ_j w_j · Σ_j r_j = 0, so w·σr ≥ 0 at every σ forces w·σr = 0 at every σ. The orbit of a reward
    with two distinct values spans every vector of coordinate sum 0 (σr − τr, τ = σ composed with a
    transposition, is a non-zero multiple of e_i − e_j), so w is orthogonal to all of them and, itself of sum
    0, is 0: x′ = x. Distinct vectors of one sum never dominate each other, and equal ones keep their first
    member, as :func:`survivors` does. Visit distributions are such vectors: every one sums to 1/(1 − γ).

    Examples
    --------
    >>> distinct_on_one_sum([(2, 0, 1), (1, 1, 1), (2, 0, 1), (0, 3, 0)], 2)
    [0, 1, 3]
    >>> distinct_on_one_sum([(2, 0, 1), (1, 1, 0)], 2) is None          # two sums: the test decides
    True
    >>> distinct_on_one_sum([(2, 0, 1), (1, 1, 1)], 1) is None          # a constant reward ties them all
    True
    """
    if n_values < 2 or len({sum(v) for v in vecs}) != 1:
        return None
    first: dict[tuple[int, ...], int] = {}
    for i, v in enumerate(vecs):
        first.setdefault(v, i)
    return sorted(first.values())


def prune(problem: Problem) -> Problem:
    """The same question with every dominated vector dropped from every group (and the vectors
    no group uses dropped from ``vectors``): every engine gives the same tally on both.

    Examples
    --------
    >>> from fractions import Fraction
    >>> from symorbit.orbits.engines.problem import make_problem
    >>> vecs = [tuple(map(Fraction, v)) for v in [(1, 0, 0), (2, 1, 0), (0, 1, 0), (0, 0, 1)]]
    >>> p = prune(make_problem(vecs, [[0, 1], [2, 3]], [(1, 0)], tuple(map(Fraction, (1, 2, 3)))))
    >>> p.groups, len(p.vectors)
    (((0,), (1, 2)), 3)
    """
    d = problem.d
    reward_desc = sorted((v for v, c in zip(problem.values, problem.multiplicities) for _ in range(c)), reverse=True)
    coarse: tuple[int, int, int] | None = None
    scaled = False
    groups: list[tuple[int, ...]] = []
    for g in problem.groups:
        if len(g) <= 1 or len(g) * len(g) * d > MAX_TEST_ENTRIES:
            groups.append(tuple(g))
            continue
        vecs = [problem.vectors[i] for i in g]
        keep = distinct_on_one_sum(vecs, len(problem.values))
        if keep is None:
            if not scaled and problem.sums_dtype is None:        # past int64: in int64 first
                scale = coarse_scale(problem, "int64")
                coarse = (scale.a, scale.b, scale.width) if scale is not None else None
            scaled = True
            keep = survivors(vecs, reward_desc, coarse)
        groups.append(tuple(g[i] for i in keep))
    if all(len(a) == len(b) for a, b in zip(groups, problem.groups)):
        return problem
    used = sorted({i for g in groups for i in g})
    new = {old: k for k, old in enumerate(used)}
    return replace(
        problem,
        vectors=tuple(problem.vectors[i] for i in used),
        groups=tuple(tuple(new[i] for i in g) for g in groups),
        exact_vectors=tuple(problem.exact_vectors[i] for i in used) if problem.exact_vectors else (),
        contained=contained_pairs(problem),     # every maximum kept: still true where the groups no longer show it
    )
