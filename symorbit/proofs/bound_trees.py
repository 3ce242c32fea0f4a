"""Split trees that show a claim over every reward by bounds alone: the kernel's check of a worst-case "holds".

:func:`~symorbit.orbits.extremes.worst_cases` decides a claim that bounds one quantity ("most", a strict or
weak fraction, pointwise) over every reward r ∈ Q^d without listing every count profile, but the kernel
replays split trees, not a branch and bound. The trees built here are what it replays instead
(:func:`symorbit.kernel.chambers.chamber_bounds`): the sorted chamber's root cones are cut by the same
hyperplanes as :func:`~symorbit.orbits.profiles.count_profiles` cuts (closed halves, the double description
step) only until, on the relative interior of **every face** of every leaf, the bounds of
:func:`symorbit.orbits.extremes._bounds` (at least so many permutations with B better, at most so many
with A better, read off the rays' bit sets) already satisfy the claim. Every reward but r = 0 lies in the
relative interior of exactly one face of one leaf, and every claim kind only grows with #B-better and
shrinks with #A-better (for "most" with a ratio q ≥ 0; a negative q holds everywhere), so the claim holds
at every reward. A leaf is usually found long before the comparisons are settled: for "most" at ratio 1/2
on ten of twelve random six-state MDPs the root cone alone suffices, where the profile list needs 10^3–10^5
leaves (docs/performance.md#worst-cases).

Where no relevant hyperplane cuts a cone, every comparison keeps its sign on each face's relative
interior, the bounds are the counts, and a face that fails is a true counterexample: :func:`bound_trees`
then returns None (the caller keeps the engine's verdict, which has its own witness).

References
----------
PR Def. 3.2, Lemma B.3, Conj. D.13; docs/guide.md#every-reward.
"""

from __future__ import annotations

import math
from typing import Any, Callable

from symorbit.orbits.extremes import _bounds
from symorbit.orbits.profiles import (
    _canonical_nd,
    _canonical_problem,
    _faces,
    _layout,
    _relevant_cuts,
    _root_cone,
    _roots,
    _split,
    _split_normal,
    _validated,
)

__all__ = ["bound_trees"]

def bound_trees(outcomes_a: Any, outcomes_b: Any, holds: Callable[[int, int, int], bool], *, relative_to: Any = None,
                max_units: int, max_nodes: int) -> list[list[Any]] | None:
    """Split trees whose leaves show ``holds`` on every face, or None when there are none within the limits.

    Parameters
    ----------
    outcomes_a, outcomes_b, relative_to
        As in :func:`~symorbit.orbits.profiles.count_profiles`.
    holds : callable
        ``holds(b, a, n)``: whether every count profile with at least ``b`` of the n = d! permutations
        B-better and at most ``a`` A-better satisfies the claim (it must only grow with b and shrink with a).
    max_units : int, keyword-only
        Give up once a lower bound on the kernel's charges for the replay (per leaf and permutation,
        (rays + faces) · compared pairs + 1; per ray and permutation, the vectors and 2) passes this.
    max_nodes : int, keyword-only
        Give up once a tree has more nodes.

    Returns
    -------
    list of list, or None
        One preorder tree per root cone of the sorted chamber (``0`` a leaf, else the normal of a split,
        its ≥ side first), over ND(A), ND(B) (and ND(C) unless C adds nothing: see
        :func:`~symorbit.orbits.profiles._compares_without_c`); the kernel's ``bounds`` field.

    Examples
    --------
    The candy example (docs/theory.md#candy): B = {chocolate, hug} wins at least twice as often as
    A = {candy} at every reward; the root cone alone shows it.

    >>> bound_trees([[1, 0, 0]], [[0, 1, 0], [0, 0, 1]], lambda b, a, n: b >= 2 * a, max_units=10**6,
    ...             max_nodes=100)
    [[0]]
    >>> bound_trees([[1, 0, 0]], [[0, 1, 0], [0, 0, 1]], lambda b, a, n: b >= 3 * a, max_units=10**6,
    ...             max_nodes=100) is None            # false: at r = (0, 0, 1) B wins 2 of 3, A 1
    True

    References
    ----------
    PR Def. 3.2, Lemma B.3; docs/guide.md#every-reward.
    """
    sets, _ = _validated(outcomes_a, outcomes_b, relative_to)
    key, relative = _canonical_nd(tuple(X.vectors for X in sets))
    return _build(key, relative, holds, max_units, max_nodes)


def _build(key: tuple[tuple[tuple[int, ...], ...], ...], relative: bool, holds: Callable[[int, int, int], bool],
           max_units: int, max_nodes: int, rule: str = "most") -> list[list[Any]] | None:
    """:func:`bound_trees` on a canonical form; ``rule`` chooses the splits
    (:func:`~symorbit.orbits.profiles._split_normal`; bound_trees keeps ``most``, the benchmark compares)."""
    problem = _canonical_problem(key, relative)
    layout, normals = _layout(problem)
    n_vec, T = len(problem.vectors), math.factorial(problem.d)
    sizes = [len(g) for g in problem.groups]          # the kernel's compared pairs (b, a), or (x, c) and (c, a)
    pairs = sizes[0] * sizes[1] if not relative else (sizes[0] + sizes[1]) * sizes[2] + sizes[2] * sizes[0]
    units, seen = 0, set()
    trees: list[list[Any]] = []
    for root in _roots(problem):
        k = len(root)
        tree: list[Any] = []
        stack = [(_root_cone(problem, layout, root), layout.candidates, k)]
        while stack:
            cone, cand, depth = stack.pop()
            new = [r.g for r in cone if r.g not in seen]
            seen.update(new)
            units += len(new) * T * (n_vec + 2)          # the kernel's x · τ(g) for every new ray
            if len(tree) >= max_nodes or units > max_units:
                return None
            faces = _faces(cone)
            if all(holds(*_bounds(problem, layout, [r for i, r in enumerate(cone) if F >> i & 1]), T) for F in faces):
                tree.append(0)
                units += T * ((len(cone) + len(faces)) * pairs + 1)
                continue
            cand, cuts = _relevant_cuts(problem, layout, cone, cand, replayable=False)
            if not any(cuts):
                return None        # the bounds are the counts here: the claim fails on a face of this cone
            normal = _split_normal(layout, normals, cuts, cone, rule, problem, cand, 1 << depth)
            tree.append(normal)
            upper, lower = _split(problem, layout, cone, normal, 1 << depth)
            stack += [(lower, cand, depth + 1), (upper, cand, depth + 1)]     # preorder: the ≥ side first
        trees.append(tree)
    return trees if units <= max_units else None
