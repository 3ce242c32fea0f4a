"""How far from the fewest possible leaves are count_profiles' split trees? Components as a lower bound (issue 24).

    python benchmarks/profile_components.py                  # the five MDPs and 4 + 4 vectors in [0, 9]^4, seeds 0-4
    python benchmarks/profile_components.py --only "MDP #2"  # the instances whose name contains this
    python benchmarks/profile_components.py --rule lookahead # another split rule (profiles.SPLIT_RULES)
    python benchmarks/profile_components.py --check          # small d = 3, 4 instances against the full arrangement

count_profiles (``_enumerate(problem, replayable=False)``) partitions each root cone of the sorted chamber
(:func:`symorbit.orbits.profiles._roots`: one cone of dimension k = d - 1 with a common coordinate sum, else the
two halves r_1 >= 0 and r_1 <= 0, k = d) into full-dimensional leaf cones, and the count profile is constant on
the relative interior of every face of every leaf (the module's Method, step 3), in particular on each leaf's
open interior. A leaf's interior is convex, so it lies in one connected component of the open set
int{r : profile(r) = p} for its *generic* profile p, and every such component contains a leaf (the leaves cover
the cone). So, per root cone,

    #components of the sets int{profile = p}, summed over p   <=   #full-dimensional leaves of ANY such tree.

The components are computed exactly from the library's own tree (mirrored here, :func:`build_tree`, and checked
node for node against ``_enumerate``'s preorder trees): union-find over the leaves, merging two leaves with the same
generic profile p whose closures share a facet (a piece of dimension k - 1). Two such leaves are separated by the
split of their lowest common ancestor, whose hyperplane h holds both facets; each facet F of a leaf of one subtree
on h is pushed down the other subtree, cut by the double description step wherever a split hyperplane cuts it
strictly (:func:`_pieces`); the pieces that reach a leaf u are (k - 1)-dimensional parts of F ∩ u, so u's and F's
leaves share a facet exactly when a piece reaches u (integer arithmetic throughout). A subtree without a leaf of
profile p is not entered. Two counts:

- *strict*: merged only when the profile on the shared facet (at the sum of a piece's rays, a point of the relative
  interior of both facets) is p too: the components of int{profile = p} themselves, the bound for trees whose
  leaves keep one profile on their interior (the library's: its witnesses per face need it);
- *generic*: merged whatever the profile on the shared facet (the profile of the two open cells may be p on both
  sides of a relevant hyperplane with ties on it): the components of the union of the closed p-leaves glued along
  facets, a smaller bound, for trees that only need one generic profile per leaf.

Each bound is per root cone (the library's trees split the chamber at r_1 = 0 up front when the coordinate sums
differ); "across r_1 = 0" also merges through the wall r_1 = 0 between the two root cones: the bound for a tree
over the whole chamber. Every count is asserted between the number of generic profiles and the number of leaves,
every leaf's profile is evaluated at two interior points (the sum of its rays and a weighted sum), and every
merge's facet profile at three points (the piece and both facets); all must agree. Profiles are the library's
:func:`~symorbit.orbits.profiles._evaluate`, one point at a time.

Columns: the distinct profiles (all, from ``_enumerate``; generic: those of the leaves' interiors), the leaves,
the components per root cone, strict (generic), and across r_1 = 0 (two root cones only), leaves / components and
components / profiles (strict, generic), and the CPU seconds (``time.process_time``) of the row: ``_enumerate``, the
mirrored tree, and the components. The counts do not depend on the split rule (they are the regions' own); the
leaves do.

``--check`` recomputes the four counts of small instances (d = 3 with 1- and 2-dimensional slices, d = 4 with a
common coordinate sum, 2-dimensional; random vectors and 4-state MDPs) from the full arrangement of every hyperplane
(τb - τa)·r = 0 in each slice, exactly and without the library's tree (:func:`arrangement_components`), and
reports agreement. (A grid flood fill, as first tried, is no check: the arrangement's thin cells isolate grid
points, and its counts stayed above the exact ones as the grid was refined.)
"""

from __future__ import annotations

import argparse
import functools
import itertools
import math
import operator
import random
import sys
import time
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from profiles import random_mdp, split_instances  # noqa: E402

from symorbit import orbit_counts, visit_distributions  # noqa: E402
from symorbit.orbits.profiles import (  # noqa: E402
    _FACE_RATE,
    _FACE_TRIAL,
    _canonical_nd,
    _cut_counts,
    _enumerate,
    _evaluate,
    _face_leaf,
    _layout,
    _lookahead,
    _Problem,
    _problem,
    _relevant_cuts,
    _root_cone,
    _roots,
    _rule,
    _split,
    _split_normal,
    _validated,
)

#: Tight-constraint bits of the cuts made while pushing a facet down a subtree start here (far above the bits of the
#: library's constraints: the root cone's, then one per tree depth).
_PIECE_BITS = 4096


# ----------------------------------------------------------------------------------------------------------------
# The library's tree, mirrored with its nodes kept


@dataclass
class Node:
    """A node of a split tree: a leaf (``rays``) or a split by ``normal`` (its ≥ 0 side ``upper``).

    Attributes
    ----------
    root : int
        The root cone (index into ``_roots(problem)``) whose tree holds the node.
    depth : int
        The node's depth as ``_enumerate`` counts it: its split adds the constraint bit ``1 << depth``.
    parent : int
        The parent's index, -1 at a root.
    normal : list of int or None
        The split hyperplane's normal h (None at a leaf).
    upper, lower : int
        The children on h·r ≥ 0 and h·r ≤ 0 (-1 at a leaf).
    rays : list of (tuple of int, int)
        A leaf's extreme rays with their tight-constraint bit sets (empty at a split).
    profile : int
        A leaf's generic profile, as an index into :attr:`Tree.profiles`.
    mask : int
        The generic profiles of the subtree's leaves, one bit per profile index.
    """

    root: int
    depth: int
    parent: int
    normal: list[int] | None = None
    upper: int = -1
    lower: int = -1
    rays: list[tuple[tuple[int, ...], int]] = field(default_factory=list)
    profile: int = -1
    mask: int = 0


@dataclass
class Tree:
    """The split trees of every root cone, their leaves' generic profiles, and the evaluation memo.

    Attributes
    ----------
    problem : _Problem
        The canonical problem.
    nodes : list of Node
        Every node; ``roots[j]`` is the index of root cone j's node.
    roots : list of int
    leaves : list of int
        The leaves' node indices.
    k : int
        The dimension of the root cones (and of every leaf).
    profiles : list of tuple
        The distinct generic profiles (b_better, a_better, ties, orbit_size), in order of first sight.
    preorder : list of list
        The trees in ``_enumerate``'s format (0 for a leaf, else the split normal, preorder, ≥ 0 side first).
    """

    problem: _Problem
    nodes: list[Node]
    roots: list[int]
    leaves: list[int]
    k: int
    profiles: list[tuple[int, int, int, int]]
    preorder: list[list[Any]]
    memo: dict[tuple[int, ...], tuple[int, int, int, int]] = field(default_factory=dict)

    def profile_at(self, point: list[int] | tuple[int, ...]) -> tuple[int, int, int, int]:
        """The count profile at an integer reward of the chamber, by the library's :func:`_evaluate`."""
        g = math.gcd(*point) or 1
        key = tuple(x // g for x in point)
        if key not in self.memo:
            (self.memo[key],) = _evaluate(self.problem, [key]).keys()
        return self.memo[key]


def build_tree(problem: _Problem, rule: str | None = None) -> Tree:
    """The trees of ``_enumerate(problem, replayable=False, rule=rule)``, node for node, with their leaves' cones.

    The loop is ``_enumerate``'s (the same relevance, face-leaf and split calls, the same face-leaf trial counters
    shared by the root cones), without its witnesses; each leaf's generic profile is evaluated at the sum of its
    rays and checked at a second interior point.

    Parameters
    ----------
    problem : _Problem
        A canonical problem (``_problem`` of ``_canonical_nd``'s form).
    rule : str or None
        A split rule of ``profiles.SPLIT_RULES`` (None: ``profiles.SPLIT_RULE``).

    Returns
    -------
    Tree
    """
    rule = _rule(rule)
    layout, normals = _layout(problem)
    roots = _roots(problem)
    tree = Tree(problem, [], [], [], len(roots[0]) if roots else 0, [], [])
    index: dict[tuple[int, int, int, int], int] = {}
    tried = accepted = 0
    for number, root in enumerate(roots):
        preorder: list[Any] = []
        tree.preorder.append(preorder)
        tree.roots.append(len(tree.nodes))
        tree.nodes.append(Node(number, len(root), -1))
        stack: list[tuple[Any, ...]] = [(_root_cone(problem, layout, root), layout.candidates, len(root), None,
                                         tree.roots[-1])]
        while stack:
            cone, cand, depth, known, at = stack.pop()
            cand, cuts = _relevant_cuts(problem, layout, cone, cand, False) if known is None else known
            leaf = not any(cuts)
            if not leaf and (tried < _FACE_TRIAL or accepted * _FACE_RATE >= tried):
                tried += 1
                leaf = _face_leaf(problem, layout, cone, functools.reduce(operator.or_, cuts)) is not None
                accepted += int(leaf)
            node = tree.nodes[at]
            if leaf:
                preorder.append(0)
                node.rays = [(r.g, r.tight) for r in cone]
                profile = tree.profile_at([sum(col) for col in zip(*(r.g for r in cone))])
                other = tree.profile_at([sum((j + 1) * x for j, x in enumerate(col)) for col in zip(*(r.g for r in cone))])
                assert other == profile, ("two interior points of a leaf with different profiles", profile, other)
                node.profile = index.setdefault(profile, len(index))
                tree.leaves.append(at)
                continue
            if rule == "lookahead":
                count = _cut_counts(layout, normals, cuts)
                where = np.flatnonzero(count)
                normal, ((upper, seen_upper), (lower, seen_lower)) = _lookahead(
                    problem, layout, normals, cone, cand, 1 << depth, where, count[where], False)
            else:
                normal = _split_normal(layout, normals, cuts, cone, rule, problem, cand, 1 << depth)
                (upper, lower), seen_upper, seen_lower = _split(problem, layout, cone, normal, 1 << depth), None, None
            preorder.append(normal)
            node.normal = [int(x) for x in normal]
            node.upper, node.lower = len(tree.nodes), len(tree.nodes) + 1
            tree.nodes += [Node(number, depth + 1, at), Node(number, depth + 1, at)]
            stack.append((lower, cand, depth + 1, seen_lower, node.lower))
            stack.append((upper, cand, depth + 1, seen_upper, node.upper))
    tree.profiles = list(index)
    for at in reversed(range(len(tree.nodes))):      # children come after their parent
        node = tree.nodes[at]
        node.mask = 1 << node.profile if node.normal is None else tree.nodes[node.upper].mask | tree.nodes[node.lower].mask
    for at in tree.leaves:
        assert _rank([g for g, _ in tree.nodes[at].rays]) == tree.k, "a leaf of lower dimension"
    return tree


def _rank(rows: list[tuple[int, ...]] | list[list[int]]) -> int:
    """The rank of integer rows, exactly (fraction-free elimination)."""
    rows = [list(r) for r in rows]
    rank = 0
    for col in range(len(rows[0]) if rows else 0):
        pivot = next((i for i in range(rank, len(rows)) if rows[i][col]), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        p = rows[rank]
        for i in range(rank + 1, len(rows)):
            if rows[i][col]:
                f = rows[i][col]
                rows[i] = [p[col] * a - f * b for a, b in zip(rows[i], p)]
        rank += 1
    return rank


# ----------------------------------------------------------------------------------------------------------------
# Shared facets


def _facets(tree: Tree) -> tuple[dict[int, tuple[list[Any], list[Any]]], tuple[list[Any], list[Any]]]:
    """The leaves' facets on the split hyperplanes of their ancestors, and on the wall r_1 = 0 between the roots.

    A ray lies on an ancestor's hyperplane when it has the ancestor's tight bit (asserted against the product);
    a facet is the rays on it when they have rank k - 1.

    Returns
    -------
    per_node : dict
        {split node: (facets of its upper subtree's leaves on its hyperplane, those of the lower subtree's)}, each
        facet (leaf, its rays on the hyperplane).
    wall : tuple
        (facets on r_1 = 0 of root 0's leaves, those of root 1's) when there are two roots, else two empty lists.
        The wall is the root constraint bit 0 of both roots (the facet opposite ±1).
    """
    nodes, k = tree.nodes, tree.k
    per_node: dict[int, tuple[list[Any], list[Any]]] = {}
    wall: tuple[list[Any], list[Any]] = ([], [])
    for leaf in tree.leaves:
        rays = nodes[leaf].rays
        child, at = leaf, nodes[leaf].parent
        while at >= 0:
            bit, h = 1 << nodes[at].depth, nodes[at].normal or []
            on = [(g, t) for g, t in rays if t & bit]
            assert len(on) == sum(sum(a * b for a, b in zip(h, g)) == 0 for g, _ in rays), "an inexact tight bit"
            if len(on) >= k - 1 and _rank([g for g, _ in on]) == k - 1:
                per_node.setdefault(at, ([], []))[0 if nodes[at].upper == child else 1].append((leaf, on))
            child, at = at, nodes[at].parent
        if len(tree.roots) == 2:
            on = [(g, t) for g, t in rays if t & 1]
            assert len(on) == sum(g[0] == 0 for g, _ in rays), "an inexact tight bit"
            if len(on) >= k - 1 and _rank([g for g, _ in on]) == k - 1:
                wall[nodes[leaf].root].append((leaf, on))
    return per_node, wall


def _cut(rays: list[tuple[tuple[int, ...], int]], side: list[int], bit: int) -> tuple[list[Any], list[Any]]:
    """A cone's ≥ 0 and ≤ 0 parts by a hyperplane that cuts it strictly: the double description step (as
    ``profiles._split``: crossings of the adjacent pairs, adjacency by the tight sets), on (ray, tight bits) pairs."""
    on: dict[int, int] = {}
    for k, (_, t) in enumerate(rays):
        while t:
            b = t & -t
            t ^= b
            on[b] = on.get(b, 0) | 1 << k
    new = []
    everything = (1 << len(rays)) - 1
    for i, si in enumerate(side):
        if si <= 0:
            continue
        gi, ti = rays[i]
        for j, sj in enumerate(side):
            if sj >= 0:
                continue
            gj, tj = rays[j]
            common, shared, pair = ti & tj, everything, 1 << i | 1 << j
            while common and shared != pair:
                b = common & -common
                common ^= b
                shared &= on[b]
            if shared == pair:
                p = [si * b - sj * a for a, b in zip(gi, gj)]
                g = math.gcd(*p)
                new.append((tuple(x // g for x in p), ti & tj | bit))
    kept = [(g, t | bit) if s == 0 else (g, t) for (g, t), s in zip(rays, side)]
    return ([r for r, s in zip(kept, side) if s >= 0] + new, [r for r, s in zip(kept, side) if s <= 0] + new)


def _pieces(tree: Tree, start: int, facet: list[Any], profile: int) -> list[tuple[int, list[Any]]]:
    """The leaves of the subtree at ``start`` with generic profile ``profile`` whose closure shares a facet with
    the (k - 1)-dimensional cone ``facet`` (which lies in the subtree's cone, on its boundary hyperplane), each with
    a (k - 1)-dimensional piece of the common part.

    The facet is pushed down: a split hyperplane that cuts the current piece strictly cuts it in two (both stay
    (k - 1)-dimensional), otherwise the piece goes to the side that holds it (a hyperplane through the whole piece
    is impossible: it would not cut the subtree's cone strictly). A piece that reaches a leaf lies in it, so every
    leaf reached shares a facet with ``facet``; every leaf that shares one is reached (the pieces cover the facet up
    to lower-dimensional parts). Subtrees without the profile are skipped.
    """
    nodes, want = tree.nodes, 1 << profile
    out = []
    stack = [(start, facet, _PIECE_BITS)]        # (node, piece, the next cut's bit index)
    while stack:
        at, rays, level = stack.pop()
        node = nodes[at]
        if not node.mask & want:
            continue
        if node.normal is None:
            out.append((at, rays))
            continue
        side = [sum(a * b for a, b in zip(node.normal, g)) for g, _ in rays]
        if min(side) >= 0 and max(side) > 0:
            stack.append((node.upper, rays, level))
        elif max(side) <= 0 and min(side) < 0:
            stack.append((node.lower, rays, level))
        else:
            assert min(side) < 0 < max(side), "a split hyperplane through a whole facet"
            upper, lower = _cut(rays, side, 1 << level)
            stack += [(node.upper, upper, level + 1), (node.lower, lower, level + 1)]
    return out


def _sum(rays: list[Any]) -> list[int]:
    return [sum(col) for col in zip(*(g for g, _ in rays))]


@dataclass
class Components:
    """Component counts of one tree (see the module docstring), with the merges that made them.

    Attributes
    ----------
    strict, generic : int
        Per root cone, summed: merging through facets whose profile is the leaves' (strict) or through any shared
        facet (generic).
    strict_all, generic_all : int
        The same, also merging through the wall r_1 = 0 between two root cones.
    pairs : tuple of int
        Same-profile leaf pairs found sharing a facet: within the root cones, and across the wall.
    """

    strict: int
    generic: int
    strict_all: int
    generic_all: int
    pairs: tuple[int, int]


class _Union:
    def __init__(self, n: int) -> None:
        self.up = list(range(n))

    def find(self, x: int) -> int:
        while self.up[x] != x:
            self.up[x] = self.up[self.up[x]]
            x = self.up[x]
        return x

    def join(self, x: int, y: int) -> None:
        self.up[self.find(x)] = self.find(y)

    def count(self, items: list[int]) -> int:
        return len({self.find(x) for x in items})


def components(tree: Tree) -> Components:
    """The connected components of the constant-profile regions, from the tree's leaves (module docstring).

    For every split node, the facets on its hyperplane of one subtree's leaves (the smaller list) are pushed down
    the other subtree (:func:`_pieces`); with two root cones, the facets on r_1 = 0 of one root's leaves are pushed
    down the other root's tree. Each leaf pair found is a merge; the profile at the piece's ray sum decides the
    strict merges, and must equal the profile at both facets' ray sums (the library keeps one profile on the
    relative interior of each face of a leaf).
    """
    per_node, wall = _facets(tree)
    nodes = tree.nodes
    facet_profile: dict[tuple[int, int], tuple[int, int, int, int]] = {}

    def merges(sides: tuple[list[Any], list[Any]], targets: tuple[int, int], where: int) -> list[tuple[int, int, bool]]:
        push = 0 if len(sides[0]) <= len(sides[1]) else 1
        other = {leaf: rays for leaf, rays in sides[1 - push]}
        out = []
        for leaf, facet in sides[push]:
            p = nodes[leaf].profile
            for hit, piece in _pieces(tree, targets[1 - push], facet, p):
                at = tree.profile_at(_sum(piece))
                for key, rays in ((leaf, facet), (hit, other[hit])):
                    if (key, where) not in facet_profile:
                        facet_profile[key, where] = tree.profile_at(_sum(rays))
                    assert facet_profile[key, where] == at, ("a facet with two profiles", key, where)
                out.append((leaf, hit, at == tree.profiles[p]))
        return out

    inner = [m for at, sides in per_node.items() for m in merges(sides, (nodes[at].upper, nodes[at].lower), at)]
    across = merges(wall, (tree.roots[0], tree.roots[-1]), -1) if len(tree.roots) == 2 else []
    counts = []
    for found in (inner, inner + across):
        strict, generic = _Union(len(nodes)), _Union(len(nodes))
        for a, b, same in found:
            generic.join(a, b)
            if same:
                strict.join(a, b)
        counts += [strict.count(tree.leaves), generic.count(tree.leaves)]
    return Components(counts[0], counts[1], counts[2], counts[3], (len(inner), len(across)))


# ----------------------------------------------------------------------------------------------------------------
# The benchmark


def canonical(A: Any, B: Any, C: Any = None) -> _Problem:
    """The canonical problem count_profiles enumerates for A, B (and C), as ``benchmarks/profiles.py --split``."""
    sets, _ = _validated(A, B, C)
    key, rel = _canonical_nd(tuple(X.vectors for X in sets))
    return _problem([[tuple(Fraction(x) for x in v) for v in X] for X in key], rel)


def measure(problem: _Problem, rule: str | None = None) -> dict[str, Any]:
    """Profiles, leaves and components of one problem, checked against ``_enumerate`` and the bounds."""
    t = time.process_time()
    found, stats = _enumerate(problem, replayable=False, rule=rule)
    tree = build_tree(problem, rule)
    assert tree.preorder == stats["trees"], "the mirrored tree differs from _enumerate's"
    assert len(tree.leaves) == stats["leaves"]
    assert set(tree.profiles) <= set(found), "a leaf's generic profile that count_profiles does not list"
    comp = components(tree)
    cpu = time.process_time() - t
    generic = len(tree.profiles)
    for name, c in (("strict", comp.strict), ("generic", comp.generic), ("strict across r_1 = 0", comp.strict_all),
                    ("generic across r_1 = 0", comp.generic_all)):
        assert generic <= c <= len(tree.leaves), (name, generic, c, len(tree.leaves))
    assert comp.generic <= comp.strict and comp.generic_all <= comp.strict_all
    assert comp.strict_all <= comp.strict and comp.generic_all <= comp.generic
    return {"profiles": len(found), "generic": generic, "leaves": len(tree.leaves), "roots": len(tree.roots),
            "components": comp, "cpu": cpu}


def benchmark(rule: str | None, only: str | None) -> None:
    """Print the table of the module docstring on the five MDPs and the five vector seeds (``split_instances``)."""
    print(f"split rule: {_rule(rule)}; components per root cone: strict (generic)")
    print("| instance | profiles: all (generic) | full-dim leaves | components (lower bound) | across r_1 = 0 "
          "| leaves / components | components / generic profiles | components / all profiles | CPU s |")
    print("|---|---|---|---|---|---|---|---|---|")
    total = 0.0
    for name, A, B, C in split_instances("none"):
        if only is not None and only not in name:
            continue
        m = measure(canonical(A, B, C), rule)
        c = m["components"]
        total += m["cpu"]
        across = f"{c.strict_all:,} ({c.generic_all:,})" if m["roots"] == 2 else "-"
        print(f"| {name} | {m['profiles']} ({m['generic']}) | {m['leaves']:,} | {c.strict:,} ({c.generic:,}) | {across} "
              f"| {m['leaves'] / c.strict:.2f} ({m['leaves'] / c.generic:.2f}) "
              f"| {c.strict / m['generic']:.2f} ({c.generic / m['generic']:.2f}) "
              f"| {c.strict / m['profiles']:.2f} ({c.generic / m['profiles']:.2f}) | {m['cpu']:.1f} |", flush=True)
    print(f"\ntotal CPU: {total:.1f} s")


# ----------------------------------------------------------------------------------------------------------------
# --check: the full arrangement of small instances


def check_instances() -> list[tuple[str, Any, Any]]:
    """Small instances: d = 3 without a common coordinate sum (two 2-dimensional slices), d = 3 with one
    (1-dimensional), d = 4 with one (2-dimensional: random vectors and 4-state deterministic MDPs, gamma = 1/2)."""
    cases: list[tuple[str, Any, Any]] = [("candy, d = 3 (common sum)", [(1, 0, 0)], [(0, 1, 0), (0, 0, 1)])]
    for n, top, seeds in ((3, 5, 5), (4, 9, 3)):
        for seed in range(seeds):
            rng = random.Random(seed)
            A, B = ([tuple(rng.randint(0, top) for _ in range(3)) for _ in range(n)] for _ in range(2))
            cases.append((f"{n} + {n} vectors in [0, {top}]^3, seed {seed}", A, B))
    for d, n, total in ((3, 4, 9), (4, 3, 6), (4, 4, 9)):
        parts = [c for c in itertools.product(range(total + 1), repeat=d) if sum(c) == total]
        for seed in range(3):
            rng = random.Random(100 + seed)
            A, B = ([rng.choice(parts) for _ in range(n)] for _ in range(2))
            cases.append((f"{n} + {n} vectors of sum {total} in Z^{d}, seed {seed}", A, B))
    rng, made = random.Random(0), 0
    while made < 4:
        env = random_mdp(rng, 4)
        acts = env.actions("s0")
        if len(acts) >= 2:
            made += 1
            F = visit_distributions(env, "s0", "1/2")
            cases.append((f"4-state det. MDP #{made}, {acts[0]} vs {acts[1]}", F.restrict(acts[0]), F.restrict(acts[1])))
    return cases


def _crossing(points: list[tuple[Fraction, ...]], values: list[Fraction]) -> tuple[list[Any], list[Any]]:
    """A convex polygon (barycentric vertices in order) cut by a line (the values of its linear form at the
    vertices, of both strict signs): its two parts, with the crossing points added to both."""
    plus, minus = [], []
    for i, (v, fv) in enumerate(zip(points, values)):
        u, fu = points[(i + 1) % len(points)], values[(i + 1) % len(points)]
        if fv >= 0:
            plus.append(v)
        if fv <= 0:
            minus.append(v)
        if fv * fu < 0:
            t = fv / (fv - fu)
            x = tuple(a + t * (b - a) for a, b in zip(v, u))
            plus.append(x)
            minus.append(x)
    return plus, minus


def arrangement_components(problem: _Problem) -> tuple[tuple[int, int, int, int], int]:
    """((strict, generic, strict across r_1 = 0, generic across r_1 = 0), cells): the same counts as
    :func:`components`, from the full arrangement of every hyperplane (τb - τa)·r = 0 in slices of dimension 1 or 2.

    Independent of the library's tree and of this script's facet pushing: each root cone's slice is the simplex
    of its rays (they all lie on one affine hyperplane: r_d = 1, or r_d - 2·r_1 = 1), in barycentric coordinates
    (Fractions); the hyperplanes, listed here from the sets, cut it into the cells of their arrangement (in 2-D,
    every cell cut by every line that crosses it, clipping convex polygons; in 1-D, intervals). Each cell's profile is
    ``orbit_counts`` at its centroid; two cells of one profile that share an edge (2-D: the same two end points,
    which the full arrangement makes exact; 1-D: an end point) are merged, strictly only when the profile at the
    edge's midpoint is theirs too. The wall r_1 = 0 between two root cones is the face λ_0 = 0 of both simplices,
    with the same barycentric coordinates on both sides.
    """
    assert not problem.relative, "the check compares max_B with max_A (no C)"
    d = problem.d
    A, B = ([problem.vectors[i] for i in g] for g in problem.groups[:2])
    hyper = set()
    for p in itertools.permutations(range(d)):
        for a in A:
            for b in B:
                n = [b[p[i]] - a[p[i]] for i in range(d)]
                if any(n):
                    lead = next(x for x in n if x)
                    hyper.add(tuple(x / abs(lead) for x in n))
    roots = _roots(problem)
    k = len(roots[0])
    assert k in (2, 3), "the check handles slices of dimension 1 and 2"
    cells: list[tuple[int, list[tuple[Fraction, ...]]]] = []         # (root, vertices)
    for number, root in enumerate(roots):
        forms = [[sum(x * y for x, y in zip(n, g)) for g in root] for n in sorted(hyper)]
        forms = [w for w in forms if min(w) < 0 < max(w)]           # the lines that cross the open simplex
        corners = [tuple(Fraction(int(i == j)) for j in range(k)) for i in range(k)]
        if k == 2:      # intervals of λ_1 between the crossing points
            cuts = sorted({Fraction(w[0], w[0] - w[1]) for w in forms} | {Fraction(0), Fraction(1)})
            cells += [(number, [(1 - s, s), (1 - t, t)]) for s, t in zip(cuts, cuts[1:])]
            continue
        polygons = [corners]
        for w in forms:
            out: list[list[tuple[Fraction, ...]]] = []
            for poly in polygons:
                values = [sum((x * y for x, y in zip(w, v)), Fraction(0)) for v in poly]
                if min(values) < 0 < max(values):
                    out += _crossing(poly, values)
                else:
                    out.append(poly)
            polygons = out
        cells += [(number, poly) for poly in polygons]
    memo: dict[tuple[Fraction, ...], tuple[int, int, int, int]] = {}

    def profile(number: int, point: list[Fraction] | tuple[Fraction, ...]) -> tuple[int, int, int, int]:
        r = tuple(sum((x * g[i] for x, g in zip(point, roots[number])), Fraction(0)) for i in range(d))
        if r not in memo:
            memo[r] = orbit_counts(A, B, r).counts
        return memo[r]

    prof = [profile(number, [sum(col) / len(poly) for col in zip(*poly)]) for number, poly in cells]
    edges: dict[Any, list[int]] = {}
    for c, (number, poly) in enumerate(cells):
        if k == 2:
            sides = [frozenset([v]) for v in poly]
        else:
            sides = [frozenset([v, poly[(i + 1) % len(poly)]]) for i, v in enumerate(poly)]
        for side in sides:        # the root's own, but for the wall λ_0 = 0 shared by two roots
            edges.setdefault((-1 if len(roots) == 2 and all(v[0] == 0 for v in side) else number, side), []).append(c)
    unions = [_Union(len(cells)) for _ in range(4)]
    for (_, side), owners in edges.items():
        assert len(owners) <= 2, "an edge of three cells"
        if len(owners) < 2 or prof[owners[0]] != prof[owners[1]]:
            continue
        x, y = owners
        number = cells[x][0]
        strict = profile(number, [sum(col) / len(side) for col in zip(*side)]) == prof[x]
        across = cells[y][0] != number
        for u, ok in zip(unions, (strict and not across, not across, strict, True)):
            if ok:
                u.join(x, y)
    everything = list(range(len(cells)))
    return tuple(u.count(everything) for u in unions), len(cells)        # type: ignore[return-value]


def check() -> None:
    """--check: the exact component counts against :func:`arrangement_components` on :func:`check_instances`."""
    print("| instance | slice dim | generic profiles | leaves | components: strict, generic (across r_1 = 0: strict, "
          "generic) | arrangement: cells; the same | agree |")
    print("|---|---|---|---|---|---|---|")
    bad = 0
    for name, A, B in check_instances():
        problem = canonical(A, B)
        m = measure(problem)
        c = m["components"]
        exact = (c.strict, c.generic, c.strict_all, c.generic_all)
        other, cells = arrangement_components(problem)
        bad += exact != other
        dim = problem.d - 2 if problem.common_sum else problem.d - 1
        print(f"| {name} | {dim} | {m['generic']} | {m['leaves']} | {exact[0]}, {exact[1]} ({exact[2]}, {exact[3]}) "
              f"| {cells:,}; {other[0]}, {other[1]} ({other[2]}, {other[3]}) | {'yes' if exact == other else 'NO'} |",
              flush=True)
    print(f"\n{'all agree' if not bad else f'{bad} disagree'}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rule", help="split rule (profiles.SPLIT_RULES; default profiles.SPLIT_RULE)")
    ap.add_argument("--only", help="the instances whose name contains this")
    ap.add_argument("--check", action="store_true", help="small instances against the full arrangement")
    args = ap.parse_args()
    if args.check:
        check()
    else:
        benchmark(args.rule, args.only)


if __name__ == "__main__":
    main()
