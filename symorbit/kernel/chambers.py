"""Kernel completeness check for family "all": every count profile of every reward r in R^d.

Roots (fixed by the kernel): e_k = (0, .., 0, 1, .., 1), first 1 at coordinate k. When
every compared vector has the same coordinate sum (then adding c*1 changes no comparison
and no tie) the root is cone(e_2, .., e_d), else cone(1, e_2, ..) and cone(-1, e_2, ..);
with r = 0 they cover the sorted chamber r_1 <= .. <= r_d, which meets every orbit.
The certificate's ``chamber`` field has one preorder tree per root: ``0`` is a leaf, a
normal h (d integers) splits a cone Q into Q & {h.r >= 0} (first) and Q & {h.r <= 0}.
The kernel keeps every cone as its extreme rays, each with the set of constraints tight
on it, and splits by the double description step (rays on each side, plus the crossing
of every adjacent pair: no third ray is tight on all constraints the two share), so the
leaves cover the roots. On a leaf, for every permutation and comparison X vs Y, it checks
that one side wins strictly at every ray by one vector (for IsOptimal, X's vector may tie),
or that every difference x - y of live vectors keeps one sign over the rays (y is live when
no vector of Y beats it strictly at every ray; x when none of X does, nor of C for IsOptimal). Then each comparison is constant on the
relative interior of every face, and the kernel counts each face (an intersection of
the rays tight on some constraints) at the sum of its rays. With the zero reward's, these
counts are every profile a reward in R^d has.
"""

from __future__ import annotations

import itertools
import math
import operator
from typing import Any

from .check import Budget, Malformed, Vecs, _plain, remembered

__all__ = ["MAX_NODES", "MAX_NORMAL_ENTRY", "chamber_bounds", "chamber_profiles"]

#: The most nodes a chamber tree may have, and the bound on the size of a split normal's entries.
MAX_NODES, MAX_NORMAL_ENTRY = 100_000, 10 ** 18
Profile = tuple[int, int, int, int]
Gen = tuple[int, ...]
Cone = list[tuple[Gen, int]]     # extreme rays with the bit set of tight constraints


class _Chamber:
    def __init__(self, sets: list[list[Gen]], relative: bool, d: int, budget: Budget) -> None:
        self.vectors = [x for X in sets for x in X]
        starts = list(itertools.accumulate([0] + [len(X) for X in sets]))
        self.groups = [range(starts[i], starts[i + 1]) for i in range(len(sets))]
        self.pairs = [(1, 0)] if not relative else [(0, 2), (1, 2)]     # (X, Y): B vs A; A vs C, B vs C
        self.relative, self.d, self.budget = relative, d, budget
        self.perms = list(itertools.permutations(range(d)))
        # g permuted by tau, as a tuple even when d = 1 (the spare last entry is never read: map stops at x's end)
        self.permuted = [operator.itemgetter(*tau, 0) for tau in self.perms]
        self.slices = [slice(S.start, S.stop) for S in self.groups]
        self.seen: dict[Gen, list[list[int]]] = {}
        self.bits = max((abs(c).bit_length() for x in self.vectors for c in x), default=0)
        self.faces: dict[frozenset[Gen], Profile] = {}
        A, B, C = self.groups[0], self.groups[1], self.groups[-1]     # bounded reads (b, a); relative (x, c), (c, a)
        self.bound = [(b, a) for b in B for a in A] if not relative else \
            [(x, c) for x in [*A, *B] for c in C] + [(c, a) for c in C for a in A]

    def values(self, g: Gen) -> list[list[int]]:
        """x . (g permuted by tau), for every permutation tau and vector x (a ray's are kept)."""
        if g not in self.seen:
            self.seen[g] = self.dots(g)
        return self.seen[g]

    def dots(self, g: Gen) -> list[list[int]]:
        """x . (g permuted by tau), for every permutation tau and vector x: not kept, and prepaid (dot_units)."""
        return [[sum(map(operator.mul, x, gt)) for x in self.vectors] for gt in (get(g) for get in self.permuted)]

    def dot_units(self, g: Gen) -> int:
        bits = max(abs(c).bit_length() for c in g)      # products of big numbers cost more: fitted, 0.2-0.4 us a unit
        return len(self.perms) * (len(self.vectors) + 2) * (1 + (self.bits + bits) // 512 + self.bits * bits // 65536)

    def prepay(self, leaves: list[Cone], bounds: bool) -> list[list[int]]:
        """Each leaf's face masks, all leaves' work charged before any leaf is checked (over the budget: refused at
        once): new rays' values, then bounded's rounds, or settled's and the dots of each new face of 2+ rays."""
        rays, faces, n, out = set[Gen](), set[frozenset[Gen]](), len(self.perms), []
        for cone in leaves:
            masks = self.face_masks(cone)
            out.append(masks)
            units = sum(self.dot_units(g) for g, _ in cone if g not in rays)
            rays.update(g for g, _ in cone)
            if bounds:
                units += n * ((len(cone) + len(masks)) * len(self.bound) + 1)
            else:
                units += n * sum(len(cone) * (len(self.groups[x]) + len(self.groups[y])) ** 2 + 1 for x, y in self.pairs)
                new = {frozenset(g for k, (g, _) in enumerate(cone) if F >> k & 1) for F in masks} - faces
                faces |= new
                units += sum(self.dot_units(tuple(map(sum, zip(*face)))) for face in new if len(face) > 1)
            self.budget.spend(units)
        return out

    def settled(self, cone: Cone, where: str, problems: list[str]) -> bool:
        rows = [self.values(g) for g, _ in cone]
        for t, (xi, yi) in itertools.product(range(len(self.perms)), self.pairs):
            v = [row[t] for row in rows]
            X, Y = self.groups[xi], self.groups[yi]     # prepaid: len(v) * (len(X) + len(Y)) ** 2 + 1
            mx, my = [max(r[x] for x in X) for r in v], [max(r[y] for y in Y) for r in v]
            if any(all(r[x] > m or self.relative and r[x] == m for r, m in zip(v, my)) for x in X) or \
                    any(all(r[y] > m for r, m in zip(v, mx)) for y in Y):
                continue
            beaters = (list(X) + list(Y) if self.relative else X, Y)   # c > x makes x no witness of IsOptimal
            live = [[x for x in S if not any(all(r[z] > r[x] for r in v) for z in T)] for S, T in zip((X, Y), beaters)]
            for x, y in itertools.product(*live):
                if {(r[x] > r[y]) - (r[x] < r[y]) for r in v} >= {1, -1}:
                    problems.append(f"chamber: {where} is a leaf but x{x} - x{y} changes sign on it "
                                    f"under permutation {self.perms[t]}")
                    return False
        return True

    def profile(self, face: list[Gen]) -> Profile:
        key = frozenset(face)
        if key not in self.faces:
            w = tuple(sum(g[i] for g in face) for i in range(self.d))     # x . tau(w) sums the rays' x . tau(g)
            tally, (sa, sb, *sc) = [0, 0], self.slices
            for v in self.values(face[0]) if len(face) == 1 else self.dots(w):
                a, b = max(v[sa]), max(v[sb])
                if sc:      # IsOptimal(A | C) against IsOptimal(B | C)
                    a, b = a >= max(v[sc[0]]), b >= max(v[sc[0]])
                if a != b:
                    tally[a > b] += 1
            stab = math.prod(math.factorial(w.count(x)) for x in set(w))
            n = len(self.perms)
            self.faces[key] = (tally[0] // stab, tally[1] // stab, (n - sum(tally)) // stab, n // stab)
        return self.faces[key]

    def face_masks(self, cone: Cone) -> list[int]:
        """Every nonempty face of the cone, as the bit set of its rays: the intersections of the constraints' tight sets."""
        masks = {z for _, z in cone}
        bits = [1 << b for b in range(max(masks, default=0).bit_length()) if any(z >> b & 1 for z in masks)]
        on = [sum(1 << k for k, (_, z) in enumerate(cone) if z & bit) for bit in bits]     # the rays tight on each
        faces = new = {(1 << len(cone)) - 1}
        for _ in cone:      # each round's new faces are smaller than the last round's: len(cone) rounds find all
            self.budget.spend(len(new) * len(bits) * len(cone) + 1)
            new = {F & S for F in new for S in on} - faces
            faces = faces | new
        return sorted(F for F in faces if F)

    def leaf(self, cone: Cone, masks: list[int]) -> set[Profile]:
        """The profiles of the relative interiors of every face of the cone (``masks``: :meth:`face_masks`)."""
        return {self.profile([g for k, (g, _) in enumerate(cone) if F >> k & 1]) for F in masks}

    def bounded(self, cone: Cone, faces: list[int], holds: Any, where: str, problems: list[str]) -> bool:
        """Whether bounds alone show the claim on the relative interior of every face: per permutation, B is
        better there when (B vs A) every a has a b >= a at every ray and > at one, (relative) B is optimal (every
        c has a b >= c at every ray) and A is not (every a has a c >= a at every ray, > at one); A is never better
        when every a has a b >= a at every ray, or (relative) when B is optimal or A is not. ``holds(at least
        B better, at most A better, d!)`` decides; its claims only grow with the first and shrink with the second.
        Per permutation and pair (x, y) the rays with x >= y (and x > y) are one bit set, read by every face."""
        rows, pairs = [self.values(g) for g, _ in cone], self.bound
        A, B, C = self.groups[0], self.groups[1], self.groups[2] if self.relative else None
        t_b, t_a = [0] * len(faces), [0] * len(faces)
        for t in range(len(self.perms)):     # prepaid: (len(cone) + len(faces)) * len(pairs) + 1 a round
            ge = {p: sum(1 << k for k, row in enumerate(rows) if row[t][p[0]] >= row[t][p[1]]) for p in pairs}
            gt = {p: sum(1 << k for k, row in enumerate(rows) if row[t][p[0]] > row[t][p[1]]) for p in pairs}
            for i, F in enumerate(faces):
                def some(xs: Any, y: int, strict: bool) -> bool:      # some x >= y at F's rays (and > at one)
                    return any(ge[(x, y)] & F == F and (not strict or gt[(x, y)] & F) for x in xs)
                if C is None:
                    better, never = (all(some(B, a, s) for a in A) for s in (True, False))
                else:
                    opt = [all(some(X, c, False) for c in C) for X in (A, B)]
                    not_a = all(some(C, a, True) for a in A)
                    better, never = opt[1] and not_a, opt[1] or not_a
                t_b[i], t_a[i] = t_b[i] + better, t_a[i] + (not never)
        for i, F in enumerate(faces):
            if not holds(t_b[i], t_a[i], len(self.perms)):
                problems.append(f"bounds: {where} is a leaf but its bounds do not show the claim on the face spanned "
                                f"by {F.bit_count()} of its rays ({t_b[i]} permutations B better at least, {t_a[i]} A "
                                f"better at most, of {len(self.perms)})")
                return False
        return True


def split(cone: Cone, h: list[int], bit: int) -> tuple[Cone, Cone]:
    """Q & {h >= 0} and Q & {h <= 0}, as extreme rays with tight sets (double description step)."""
    side = [sum(a * b for a, b in zip(h, g)) for g, _ in cone]
    new = []
    for (i, (gp, zp)), (j, (gm, zm)) in itertools.product(enumerate(cone), repeat=2):
        if side[i] > 0 > side[j] and not any(k not in (i, j) and z & zp & zm == zp & zm
                                             for k, (_, z) in enumerate(cone)):
            p = [side[i] * b - side[j] * a for a, b in zip(gp, gm)]
            g = math.gcd(*p)
            new.append((tuple(x // g for x in p), zp & zm | bit))
    on = [(g, z | bit) if s == 0 else (g, z) for (g, z), s in zip(cone, side)]
    return ([r for r, s in zip(on, side) if s >= 0] + new, [r for r, s in zip(on, side) if s <= 0] + new)


def _integers(sets: list[Vecs]) -> list[list[Gen]]:
    lcm = math.lcm(*(c.denominator for X in sets for x in X for c in x))
    if lcm.bit_length() > 256:
        raise Malformed("too large: family 'all' needs the vectors' common denominator below 2^256")
    return [[tuple(int(c * lcm) for c in x) for x in X] for X in sets]


#: Replays by their full exact input, repr((A, B, C, trees)): (profiles, units charged, problems found).
_REPLAYS: dict[str, tuple[set[Profile], int, list[str]]] = {}


def chamber_profiles(A: Vecs, B: Vecs, C: Vecs | None, trees: Any, budget: Budget,
                     problems: list[str]) -> set[Profile]:
    """Every count profile (b_better, a_better, ties, orbit_size) of a reward in R^d, from the trees. A replay
    is a function of its input: a repeat (a search meets the same sets and trees many times) charges the same
    units and reports the same problems without replaying; one that raised was not kept, and raises again."""
    return set(remembered(_REPLAYS, repr((A, B, C, trees)) if _plain(trees) else None, budget, problems,
                          lambda own, found: _replay(A, B, C, trees, own, found)))


def chamber_bounds(A: Vecs, B: Vecs, C: Vecs | None, trees: Any, holds: Any, budget: Budget,
                   problems: list[str]) -> bool:
    """Whether the trees' leaves show the claim on every face by bounds alone (:meth:`_Chamber.bounded`): then it
    holds at every reward in R^d but the zero reward, which the caller checks (every element ties there)."""
    return bool(_replay(A, B, C, trees, budget, problems, holds))


def _replay(A: Vecs, B: Vecs, C: Vecs | None, trees: Any, budget: Budget, problems: list[str],
            holds: Any = None) -> set[Profile]:
    d = len(A[0])
    if d > 8 or math.factorial(d) * len(A + B + (C or [])) > 10**5:
        raise Malformed(f"too large: family 'all' is checked for d! * |A + B + C| <= 100000 (d = {d})")
    ints = _integers([A, B] + ([C] if C is not None else []))
    chamber, field = _Chamber(ints, C is not None, d, budget), "chamber" if holds is None else "bounds"
    e = [tuple(int(i >= k) for i in range(d)) for k in range(1, d)]
    common = len({sum(x) for X in ints for x in X}) == 1
    roots = ([e] if d > 1 else []) if common else [[tuple([s] * d)] + e for s in (1, -1)]
    if not isinstance(trees, list) or len(trees) != len(roots):
        raise Malformed(f"{field}: must be a list of {len(roots)} tree(s), one per root cone")
    leaves: list[tuple[Cone, str]] = []      # checked once the walk is done and their work is paid for
    for n, (root, tree) in enumerate(zip(roots, trees)):
        if not isinstance(tree, list) or len(tree) > MAX_NODES:
            raise Malformed(f"{field}[{n}]: must be a list of at most {MAX_NODES} nodes")
        k = len(root)
        stack: list[tuple[Cone, int]] = [([(g, ((1 << k) - 1) ^ (1 << j)) for j, g in enumerate(root)], k)]
        pos = 0
        for _ in range(len(tree) + 1):      # each round reads one node: bounded even if pos stopped advancing
            if not stack:
                break
            cone, depth = stack.pop()
            if pos >= len(tree):
                raise Malformed(f"{field}[{n}]: the tree ends early")
            node, where = tree[pos], f"{field}[{n}][{pos}]"
            pos += 1
            budget.spend(len(cone) ** 2)
            if node == 0 and not isinstance(node, bool):
                leaves.append((cone, where))
                continue
            if not isinstance(node, list) or len(node) != d or not all(
                    isinstance(c, int) and not isinstance(c, bool) and abs(c) < MAX_NORMAL_ENTRY for c in node) or not any(node):
                raise Malformed(f"{field}: {where} must be 0 or a non-zero normal of {d} integers")
            budget.spend(len(cone) ** 3)
            side = {(sum(a * b for a, b in zip(node, g)) > 0) - (sum(a * b for a, b in zip(node, g)) < 0)
                    for g, _ in cone}
            if not {1, -1} <= side:     # one side is the whole cone again: replaying it would only repeat work
                raise Malformed(f"{field}: {where} does not cut its cone (no ray lies strictly on each side)")
            upper, lower = split(cone, node, 1 << depth)
            stack += [(lower, depth + 1), (upper, depth + 1)]
        if stack or pos != len(tree):
            raise Malformed(f"{field}[{n}]: {len(tree) - pos} nodes after the tree ends")
    profiles = {(0, 0, 1, 1)}
    for (cone, where), masks in zip(leaves, chamber.prepay([cone for cone, _ in leaves], holds is not None)):
        if holds is not None:
            if not chamber.bounded(cone, masks, holds, where, problems):
                return set()
            continue
        if not chamber.settled(cone, where, problems):
            return set()
        profiles |= chamber.leaf(cone, masks)
    return profiles
