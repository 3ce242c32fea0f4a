"""The topwalk engine: one-hot groups, closed forms walking the reward's sorted values (polynomial in d)."""

from __future__ import annotations

import math
from collections import Counter

from symorbit.orbits.engines.problem import Problem, Signs
from symorbit.outcomes.groups import factorial, stabilizer_of

__all__: list[str] = []


def one_hot_supports(problem: Problem) -> list[frozenset[int]] | None:
    """If every vector is c·e_j with one common c > 0, the coordinate set of each group."""
    common = None
    out = []
    for g in problem.groups:
        coords = set()
        for i in g:
            if problem.sparse is not None:
                row = problem.sparse[i]
                if len(row) != 1:
                    return None
                (j, x), = row
            else:
                vec = problem.vectors[i]
                if len(vec) - vec.count(0) != 1:       # C-speed scans: long sparse vectors are common
                    return None
                x = max(vec)
                j = vec.index(x)
            if x <= 0 or (common is not None and x != common):
                return None
            common = x
            coords.add(j)
        out.append(frozenset(coords))
    return out


def topwalk(problem: Problem, supports: list[frozenset[int]]) -> tuple[dict[Signs, int], int]:
    """One pair (X, Y) of one-hot groups: count sign(max_X r − max_Y r) in closed form.

    Work over all d! labelled permutations (the items are the reward's entries,
    equal values told apart by label): the sets of items landing on X∖Y, Y∖X and
    X∩Y are uniformly random. Then divide by |Stab(r)| = ∏ m_v! (docs/theory.md#most).
    """
    (x_idx, y_idx), = problem.pairs
    X, Y = supports[x_idx], supports[y_idx]
    both = len(X & Y)
    only_x, only_y = len(X - Y), len(Y - X)
    counts = problem.multiplicities
    d = sum(counts)
    u = only_x + only_y + both
    rest = factorial(d - u)
    perm = math.perm
    below = 0
    greater = less = 0
    distinct = counts.count(1) == len(counts)      # every value once (C-speed test): one run, no scan
    i = 0
    while i < len(counts):                # values ascending
        c = counts[i]
        if c == 1:
            # A run of values that occur once, entries below = b0 .. b1 − 1: each term is
            # n·P(b, K + n − 1) (n = |X∖Y|, K = |Y|), and Σ_b P(b, j) = (P(b1, j + 1) − P(b0, j + 1)) / (j + 1)
            # (hockey stick), so the run costs O(1) big-integer operations however long it is.
            j = len(counts) if distinct else i
            while j < len(counts) and counts[j] == 1:
                j += 1
            b0, b1 = below, below + (j - i)
            if only_x:
                e = only_y + both + only_x
                greater += only_x * (perm(b1, e) - perm(b0, e)) // e
            if only_y:
                e = only_x + both + only_y
                less += only_y * (perm(b1, e) - perm(b0, e)) // e
            below, i = b1, j
            continue
        upto = below + c
        # max_X > max_Y: the top of X∖X∩Y is this value, every Y item is below it.
        if only_x and below >= only_y + both:
            greater += perm(below, only_y + both) * (
                _perm0(upto - only_y - both, only_x) - _perm0(below - only_y - both, only_x))
        if only_y and below >= only_x + both:
            less += perm(below, only_x + both) * (
                _perm0(upto - only_x - both, only_y) - _perm0(below - only_x - both, only_y))
        below = upto
        i += 1
    stab = 1 if distinct else stabilizer_of(counts)
    total = rest * perm(d, u)             # d! from (d − u)!: one product with a short factor, not a second factorial
    greater *= rest
    less *= rest
    if greater % stab or less % stab:  # pragma: no cover - each orbit element stands for |Stab(r)| permutations
        raise ArithmeticError("internal error: permutation counts are not multiples of |Stab(r)|")
    tally = {(1,): greater // stab, (-1,): less // stab, (0,): (total - greater - less) // stab}
    return {k: v for k, v in tally.items() if v}, len(problem.multiplicities)


def common_union(problem: Problem, supports: list[frozenset[int]]) -> frozenset[int] | None:
    """U when every pair (X, Y) covers the same coordinates U = supp X ∪ supp Y, else None."""
    unions = {supports[x] | supports[y] for x, y in problem.pairs}
    return next(iter(unions)) if len(unions) == 1 else None


def topwalk_atoms(problem: Problem, supports: list[frozenset[int]], union: frozenset[int],
                  max_atoms: int = 12) -> tuple[dict[Signs, int], int] | None:
    """One-hot groups, several pairs sharing one union U: signs depend only on which *atoms*
    (coordinates of U grouped by the groups containing them) hold U's top value.

    For each distinct value v (the top of U) and each set T of atoms, count the labelled
    permutations whose top over U is v and is held exactly by the atoms in T, by
    inclusion–exclusion over S ⊆ T with W(S) = P(L, u − s)·P(L − u + s + c, s)·(d − u)!
    (L entries below v, c equal to v, s = size of S's atoms). Work O(q · 3^t), q distinct
    values, t atoms. Returns None when there are more than ``max_atoms`` atoms.
    """
    signature: dict[int, tuple[bool, ...]] = {j: tuple(j in sup for sup in supports) for j in union}
    atom_of: dict[tuple[bool, ...], int] = {}
    sizes: list[int] = []
    members: list[tuple[bool, ...]] = []
    for j in sorted(union):
        sig = signature[j]
        if sig not in atom_of:
            atom_of[sig] = len(sizes)
            sizes.append(0)
            members.append(sig)
        sizes[atom_of[sig]] += 1
    t = len(sizes)
    if t > max_atoms:
        return None
    d, u = problem.d, len(union)
    rest = factorial(d - u)
    subset_size = [sum(sizes[i] for i in range(t) if m >> i & 1) for m in range(1 << t)]
    tally: Counter = Counter()
    below = 0
    for c in problem.multiplicities:
        w = [_perm0(below, u - subset_size[m]) * _perm0(below - u + subset_size[m] + c, subset_size[m]) * rest
             for m in range(1 << t)]
        for T in range(1, 1 << t):
            exact = 0
            S = T
            while True:                       # every S ⊆ T, including 0
                sign = -1 if bin(T & ~S).count("1") % 2 else 1
                exact += sign * w[S]
                if S == 0:
                    break
                S = (S - 1) & T
            if exact:
                holders = [i for i in range(t) if T >> i & 1]
                signs = []
                for x, y in problem.pairs:
                    in_x = any(members[i][x] for i in holders)
                    in_y = any(members[i][y] for i in holders)
                    signs.append(0 if in_x and in_y else 1 if in_x else -1)
                tally[tuple(signs)] += exact
        below += c
    stab = stabilizer_of(problem.multiplicities)
    if any(v % stab for v in tally.values()):  # pragma: no cover - each orbit element is |Stab(r)| permutations
        raise ArithmeticError("internal error: permutation counts are not multiples of |Stab(r)|")
    return {k: v // stab for k, v in tally.items() if v}, len(problem.multiplicities) * (1 << t)


def _perm0(n: int, k: int) -> int:
    return math.perm(n, k) if 0 <= k <= n else 0


# ---------------------------------------------------------------- guard
