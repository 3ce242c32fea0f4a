"""Brute-force references, written from the definitions in docs/theory.md and independent of the engine.

Everything here enumerates ``set(itertools.permutations(...))`` or every policy,
in plain ``Fraction`` arithmetic. Slow on purpose; used by the tests and doctests.

>>> naive_orbit_counts([[1, 0, 0]], [[0, 1, 0], [0, 0, 1]], [1, 2, 3])
(4, 2, 0)
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Any, Iterable, Sequence

__all__ = ["naive_orbit_counts", "naive_optimality_counts", "naive_visit_vectors", "naive_nondominated",
           "naive_max_copies", "naive_plane_regions", "naive_det_mdp_classes"]


def _fr(x: Any) -> Fraction:
    return x if isinstance(x, Fraction) else Fraction(x)


def _best(vectors: Iterable[Sequence[Any]], r: Sequence[Fraction]) -> Fraction:
    return max(sum((_fr(a) * b for a, b in zip(v, r)), Fraction(0)) for v in vectors)


def naive_orbit_counts(A: Iterable[Sequence[Any]], B: Iterable[Sequence[Any]], reward: Sequence[Any],
                       C: Iterable[Sequence[Any]] | None = None) -> tuple[int, int, int]:
    """(#B strictly better, #A strictly better, #ties) over the distinct orbit elements.

    Raw max comparison, or with ``C``: IsOptimal(X|C) = 1[max_X ≥ max_C] for X = A, B.
    """
    A, B = [tuple(map(_fr, v)) for v in A], [tuple(map(_fr, v)) for v in B]
    Cv = None if C is None else [tuple(map(_fr, v)) for v in C]
    gt = lt = eq = 0
    for r in set(itertools.permutations(tuple(map(_fr, reward)))):
        a: Fraction | int = _best(A, r)
        b: Fraction | int = _best(B, r)
        if Cv is not None:
            c = _best(Cv, r)
            a, b = int(a >= c), int(b >= c)
        gt += b > a
        lt += b < a
        eq += b == a
    return gt, lt, eq


def naive_optimality_counts(sets: dict[str, Iterable[Sequence[Any]]], reward: Sequence[Any]) -> dict[str, tuple[int, int]]:
    """{label: (#weakly optimal, #strictly optimal)} over the distinct orbit elements."""
    sets = {k: [tuple(map(_fr, v)) for v in vs] for k, vs in sets.items()}
    allv = {v for vs in sets.values() for v in vs}
    out = {k: [0, 0] for k in sets}
    for r in set(itertools.permutations(tuple(map(_fr, reward)))):
        best = _best(allv, r)
        argmax = {v for v in allv if _best([v], r) == best}
        for k, vs in sets.items():
            out[k][0] += bool(argmax & set(vs))
            out[k][1] += argmax <= set(vs)
    return {k: (w, s) for k, (w, s) in out.items()}


def naive_visit_vectors(env: Any, state: str, gamma: Fraction) -> dict[tuple[Fraction, ...], set[str]]:
    """F(s) by enumerating every stationary deterministic policy and solving exactly.

    f = Σ_t γ^t e_s P^t, computed by Gauss–Jordan elimination on (I − γPᵀ) f = e_s.
    """
    states = list(env.states)
    n = len(states)
    idx = {s: i for i, s in enumerate(states)}
    choices = [[(a, dict(dist)) for a, dist in row] for row in env.transitions]
    out: dict[tuple[Fraction, ...], set[str]] = {}
    for policy in itertools.product(*choices):
        M = [[Fraction(int(i == j)) for j in range(n)] + [Fraction(int(i == idx[state]))] for i in range(n)]
        for j, (_a, dist) in enumerate(policy):
            for t, p in dist.items():
                M[idx[t]][j] -= gamma * p
        for col in range(n):
            piv = next(r for r in range(col, n) if M[r][col] != 0)
            M[col], M[piv] = M[piv], M[col]
            inv = 1 / M[col][col]
            M[col] = [x * inv for x in M[col]]
            for r in range(n):
                if r != col and M[r][col] != 0:
                    f = M[r][col]
                    M[r] = [x - f * y for x, y in zip(M[r], M[col])]
        vec = tuple(M[i][n] for i in range(n))
        out.setdefault(vec, set()).add(policy[idx[state]][0])
    return out


def naive_nondominated(vectors: Iterable[Sequence[Any]]) -> set[tuple[Fraction, ...]]:
    """ND(X) for vectors in the plane or small dimension, by an independent test:
    x is dominated iff some convex combination of at most d+1 others equals x
    (Carathéodory), found by exact solving over every subset of the others.
    """
    X = sorted({tuple(map(_fr, v)) for v in vectors})
    d = len(X[0])
    nd = set()
    for x in X:
        others = [v for v in X if v != x]
        if not any(_in_hull(x, list(sub)) for k in range(1, min(len(others), d + 1) + 1)
                   for sub in itertools.combinations(others, k)):
            nd.add(x)
    return nd


def _in_hull(x: tuple[Fraction, ...], pts: list[tuple[Fraction, ...]]) -> bool:
    """Is x = Σ λ_i p_i with λ ≥ 0, Σλ = 1, for these affinely independent-or-not points?"""
    k, d = len(pts), len(x)
    # Equations: Σ λ_i p_i[j] = x[j] (d rows), Σ λ_i = 1.
    rows = [[p[j] for p in pts] + [x[j]] for j in range(d)] + [[Fraction(1)] * k + [Fraction(1)]]
    m = len(rows)
    piv_cols = []
    r = 0
    for c in range(k):
        piv = next((i for i in range(r, m) if rows[i][c] != 0), None)
        if piv is None:
            continue
        rows[r], rows[piv] = rows[piv], rows[r]
        inv = 1 / rows[r][c]
        rows[r] = [v * inv for v in rows[r]]
        for i in range(m):
            if i != r and rows[i][c] != 0:
                f = rows[i][c]
                rows[i] = [a - f * b for a, b in zip(rows[i], rows[r])]
        piv_cols.append(c)
        r += 1
    if any(all(v == 0 for v in row[:k]) and row[k] != 0 for row in rows):
        return False
    if len(piv_cols) < k:
        return False  # not unique; a smaller subset covers this case (Carathéodory)
    lam = [Fraction(0)] * k
    for i, c in enumerate(piv_cols):
        lam[c] = rows[i][k]
    return all(v >= 0 for v in lam)


def _all_involutions(d: int):
    for p in itertools.permutations(range(d)):
        if all(p[p[j]] == j for j in range(d)):
            yield p


def _act(p, X):
    out = set()
    for x in X:
        y = [None] * len(x)
        for j, v in enumerate(x):
            y[p[j]] = v
        out.add(tuple(y))
    return frozenset(out)


def naive_max_copies(A: Iterable[Sequence[Any]], B: Iterable[Sequence[Any]]) -> int | None:
    """Largest n with B ⊇ n copies of A (PR Def. A.7) by trying every involution of S_d;
    None when A ⊆ B (vacuous). Only for tiny d.
    """
    A = frozenset(tuple(map(_fr, v)) for v in A)
    B = frozenset(tuple(map(_fr, v)) for v in B)
    if A <= B:
        return None
    d = len(next(iter(A)))
    by_image: dict[frozenset, list] = {}
    for p in _all_involutions(d):
        img = _act(p, A)
        if img <= B:
            by_image.setdefault(img, []).append(p)
    images = list(by_image)
    best = 0
    for k in range(1, len(images) + 1):
        found = False
        for fam in itertools.combinations(images, k):
            for choice in itertools.product(*(by_image[S] for S in fam)):
                if all(_act(choice[i], fam[j]) == fam[j] for i in range(k) for j in range(k) if i != j):
                    found = True
                    break
            if found:
                break
        if not found:
            break
        best = k
    return best


def _clip(poly: list[tuple[Fraction, Fraction]], a: Fraction, b: Fraction) -> list[tuple[Fraction, Fraction]]:
    """Sutherland–Hodgman: keep the part of a convex polygon where a·p0 + b·p1 ≥ 0."""
    out = []
    for i, p in enumerate(poly):
        q = poly[(i + 1) % len(poly)]
        fp, fq = a * p[0] + b * p[1], a * q[0] + b * q[1]
        if fp >= 0:
            out.append(p)
        if (fp >= 0) != (fq >= 0) and fp != fq:
            t = fp / (fp - fq)
            out.append((p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])))
    return out


def naive_plane_regions(vectors: Iterable[Sequence[Any]]) -> dict[tuple[Fraction, ...], tuple[Fraction, Fraction]]:
    """For d = 2 and r uniform on [0,1]²: {x: (P(x optimal), E[xᵀr ; x optimal])} by exact polygon clipping.

    Independent of Normaliz: each region is the unit square clipped by (x − y)ᵀr ≥ 0, and the
    integral of a linear function over a triangle is its area times its value at the centroid.
    """
    X = sorted({tuple(map(_fr, v)) for v in vectors})
    out = {}
    for x in X:
        poly = [(Fraction(0), Fraction(0)), (Fraction(1), Fraction(0)), (Fraction(1), Fraction(1)),
                (Fraction(0), Fraction(1))]
        for y in X:
            if y != x and poly:
                poly = _clip(poly, x[0] - y[0], x[1] - y[1])
        area = integral = Fraction(0)
        for i in range(1, len(poly) - 1):
            p, q, s = poly[0], poly[i], poly[i + 1]
            tri = abs((q[0] - p[0]) * (s[1] - p[1]) - (s[0] - p[0]) * (q[1] - p[1])) / 2
            cx, cy = (p[0] + q[0] + s[0]) / 3, (p[1] + q[1] + s[1]) / 3
            area += tri
            integral += tri * (x[0] * cx + x[1] * cy)
        out[x] = (area, integral)
    return out


def naive_det_mdp_classes(max_states: int, max_degree: int) -> list[tuple[tuple[tuple[int, ...], ...], int, int, int]]:
    """Rooted deterministic MDPs up to isomorphism by pairwise tests (networkx), first representative kept.

    Every successor tuple on k ≤ ``max_states`` states with out-degree ≤ ``max_degree``, every
    start s and ordered pair (a, b) of its successors, as ``(succ, s, a, b)``; an instance is
    kept unless it is isomorphic (nodes tagged start / a / b) to one kept before. The
    reference for ``det-mdp:K:B`` families, which use canonical forms instead.
    """
    import networkx as nx

    kept: list[tuple[tuple[tuple[int, ...], ...], int, int, int]] = []
    buckets: dict[str, list[Any]] = {}
    for k in range(1, max_states + 1):
        nodes = list(range(k))
        choices = [c for r in range(max_degree + 1) for c in itertools.combinations(nodes, r)]
        for succ in itertools.product(choices, repeat=k):
            for start in nodes:
                for a, b in itertools.permutations(succ[start], 2):
                    g = nx.DiGraph()
                    g.add_nodes_from((v, {"tag": "s" if v == start else "a" if v == a else "b" if v == b else ""})
                                     for v in nodes)
                    g.add_edges_from((u, v) for u in nodes for v in succ[u])
                    # the hash is an isomorphism invariant: it only narrows which pairs are tested
                    bucket = buckets.setdefault(nx.weisfeiler_lehman_graph_hash(g, node_attr="tag"), [])
                    if any(nx.is_isomorphic(g, o, node_match=lambda x, y: x["tag"] == y["tag"]) for o in bucket):
                        continue
                    bucket.append(g)
                    kept.append((succ, start, a, b))
    return kept
