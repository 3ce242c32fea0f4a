"""Orbit-counting engines (private). Public entry points live in :mod:`symorbit.counting`.

A *question* is a list of pairs (X, Y) of groups of outcome vectors; for each orbit
element r′ each pair has a sign, sign(max_{x∈X} xᵀr′ − max_{y∈Y} yᵀr′) (an empty Y
counts as −∞). The engines return ``{signs: number of distinct orbit elements}``.

Engines
-------
reference   enumerate the distinct orbit, exact Fraction arithmetic (obviously correct)
vectorised  integer-scaled; a DFS over prefixes and a numpy table of suffix arrangements
pruning     as vectorised, plus rearrangement-inequality bounds at every prefix: a
            prefix whose signs are decided for every completion adds its whole subtree
blocks      coordinates interchangeable in every group form classes (support reduction
            is the class of coordinates outside every support); enumerate how the
            reward's multiset splits over the classes, weight by the arrangements
topwalk     one-hot groups and one pair: closed form walking the reward's sorted values
mitm        meet in the middle over a split of the coordinates, with bitsets (:mod:`symorbit._mitm`)
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import Any, Callable, Iterator, Sequence

import numpy as np
from more_itertools import distinct_permutations

from .errors import TooLarge

__all__: list[str] = []

Signs = tuple[int, ...]
INT64_SAFE = 2**62
SUFFIX_ROWS = 50_000
PRUNE_SUFFIX_ROWS = 5_040
BATCH_ROWS = 200_000


@dataclass(frozen=True)
class Problem:
    """Integer-scaled instance: vectors (n × d ints), groups, pairs, reward multiset."""

    vectors: tuple[tuple[int, ...], ...]
    groups: tuple[tuple[int, ...], ...]
    pairs: tuple[tuple[int, int], ...]
    values: tuple[int, ...]        # distinct reward values (scaled), ascending
    counts: tuple[int, ...]        # their multiplicities
    exact_vectors: tuple[tuple[Fraction, ...], ...]
    exact_values: tuple[Fraction, ...]

    @property
    def d(self) -> int:
        return sum(self.counts)


def _lcm(nums: Sequence[int]) -> int:
    out = 1
    for n in nums:
        out = out * n // math.gcd(out, n)
    return out


def make_problem(vectors: Sequence[Sequence[Fraction]], groups: Sequence[Sequence[int]],
                 pairs: Sequence[tuple[int, int]], reward: Sequence[Fraction]) -> Problem:
    lv = _lcm([x.denominator for v in vectors for x in v])
    lr = _lcm([x.denominator for x in reward])
    if lv == 1:
        ivecs = tuple(tuple(x.numerator for x in v) for v in vectors)
    else:
        ivecs = tuple(tuple(int(x * lv) for x in v) for v in vectors)
    cnt = Counter(reward)
    exact_values = tuple(sorted(cnt))
    return Problem(
        ivecs, tuple(tuple(g) for g in groups), tuple(pairs),
        tuple(int(v * lr) for v in exact_values), tuple(cnt[v] for v in exact_values),
        tuple(tuple(v) for v in vectors), exact_values,
    )


def multinomial(counts: Sequence[int]) -> int:
    """(Σ c)! / ∏ c!: distinct arrangements of a multiset with these multiplicities."""
    out, total = 1, 0
    for c in counts:
        total += c
        out *= math.comb(total, c)
    return out


# ---------------------------------------------------------------- signs
def _sign(a: Any, b: Any) -> int:
    if b is None:
        return 1
    return (a > b) - (a < b)


def signs_of_maxima(problem: Problem, maxima: Sequence[Any]) -> Signs:
    return tuple(_sign(maxima[x], maxima[y]) for x, y in problem.pairs)


def _group_maxima(problem: Problem, dots: Sequence[Any]) -> list[Any]:
    return [max(dots[i] for i in g) if g else None for g in problem.groups]


# ---------------------------------------------------------------- reference
def reference(problem: Problem) -> tuple[dict[Signs, int], int]:
    """Enumerate every distinct orbit element with Fraction arithmetic."""
    tally: Counter = Counter()
    multiset = [v for v, c in zip(problem.exact_values, problem.counts) for _ in range(c)]
    n = 0
    for r in distinct_permutations(multiset):
        dots = [sum((a * b for a, b in zip(vec, r)), Fraction(0)) for vec in problem.exact_vectors]
        tally[signs_of_maxima(problem, _group_maxima(problem, dots))] += 1
        n += 1
    return dict(tally), n


# ---------------------------------------------------------------- numpy evaluation
class _Evaluator:
    """Evaluate batches of integer rewards: dots, group maxima, signs, weighted tally.

    Dots are kept transposed (n_vectors × N): each group's maximum is then a
    reduction over a few contiguous rows, which numpy does fastest.
    """

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        bound = max((abs(x) for v in problem.vectors for x in v), default=0)
        bound *= max((abs(x) for x in problem.values), default=0) * problem.d
        self.dtype: Any = np.int64 if bound < INT64_SAFE else object
        self.V = np.array(problem.vectors, dtype=self.dtype).reshape(len(problem.vectors), problem.d)
        self.vals = np.array(problem.values, dtype=self.dtype)
        self.tally: Counter = Counter()
        self.evaluations = 0
        self.selectors = [self._selector(g) for g in problem.groups]
        self.n_codes = 3 ** len(problem.pairs)

    @staticmethod
    def _selector(g: Sequence[int]) -> Any:
        if not g:
            return None
        if list(g) == list(range(g[0], g[0] + len(g))):
            return slice(g[0], g[0] + len(g))
        return list(g)

    def add(self, dots_t: np.ndarray, weights: np.ndarray | int) -> None:
        """dots_t: n_vectors × N. weights: an int (same for every column) or a length-N array."""
        p = self.problem
        n = dots_t.shape[1]
        self.evaluations += n
        maxima = [dots_t[sel].max(axis=0) if sel is not None else None for sel in self.selectors]
        code = np.zeros(n, dtype=np.int64)
        for k, (x, y) in enumerate(p.pairs):
            if maxima[y] is None:
                code += 2 * 3**k
            else:
                diff = maxima[x] - maxima[y]
                code += ((diff >= 0).astype(np.int64) + (diff > 0).astype(np.int64)) * 3**k
        if isinstance(weights, (int, np.integer)):
            if self.n_codes <= 4096:
                hist = np.bincount(code, minlength=self.n_codes)
                for c in np.flatnonzero(hist).tolist():
                    self.tally[self._decode(c)] += int(hist[c]) * int(weights)
            else:
                uniq, cnt = np.unique(code, return_counts=True)
                for c, m in zip(uniq.tolist(), cnt.tolist()):
                    self.tally[self._decode(c)] += int(m) * int(weights)
        else:
            for c in np.unique(code).tolist():
                sel = weights[code == c]
                total = int(sel.sum()) if sel.dtype != object else sum(int(w) for w in sel)
                self.tally[self._decode(c)] += total

    def _decode(self, code: int) -> Signs:
        out = []
        for _ in self.problem.pairs:
            out.append(code % 3 - 1)
            code //= 3
        return tuple(out)


@lru_cache(maxsize=256)
def _suffix_table(counts: tuple[int, ...]) -> np.ndarray:
    """Distinct arrangements of the multiset {local id i repeated counts[i]} (all counts > 0),
    transposed: row j holds the id at suffix position j of every arrangement.

    Keyed on the multiplicity pattern only, so all prefixes leaving the same
    pattern (e.g. every prefix of a distinct-valued reward) share one table.
    """
    items = [i for i, c in enumerate(counts) for _ in range(c)]
    rows = list(distinct_permutations(items))
    return np.ascontiguousarray(np.array(rows, dtype=np.int64).reshape(len(rows), len(items)).T)


def _suffix_length(counts: Sequence[int], rows: int = SUFFIX_ROWS) -> int:
    """Longest suffix whose arrangement table stays below ``rows`` for any remaining multiset."""
    d = sum(counts)
    s = 0
    while s < d and math.factorial(s + 1) <= rows:
        s += 1
    return s


def _bounds(vec_rem: list[list[int]], vals_sorted_desc: list[int]) -> tuple[list[int], list[int]]:
    """Rearrangement inequality: max / min of Σ a_j r_σ(j) over arrangements of the values."""
    hi, lo = [], []
    asc = vals_sorted_desc[::-1]
    for coeffs in vec_rem:
        c = sorted(coeffs, reverse=True)
        hi.append(sum(a * b for a, b in zip(c, vals_sorted_desc)))
        lo.append(sum(a * b for a, b in zip(c, asc)))
    return lo, hi


def _decided(problem: Problem, lo: list[int], hi: list[int]) -> Signs | None:
    glo = [max(lo[i] for i in g) if g else None for g in problem.groups]
    ghi = [max(hi[i] for i in g) if g else None for g in problem.groups]
    out = []
    for x, y in problem.pairs:
        if ghi[y] is None:
            out.append(1)
        elif glo[x] > ghi[y]:
            out.append(1)
        elif ghi[x] < glo[y]:
            out.append(-1)
        elif glo[x] == ghi[x] == glo[y] == ghi[y]:
            out.append(0)
        else:
            return None
    return tuple(out)


def enumerate_prefixes(problem: Problem, *, prune: bool,
                       progress: Callable[[int], None] | None = None) -> tuple[dict[Signs, int], int, int]:
    """Vectorised / pruning engine. Returns (tally, evaluations, pruned subtrees)."""
    ev = _Evaluator(problem)
    d, nvec = problem.d, len(problem.vectors)
    s = _suffix_length(problem.counts, PRUNE_SUFFIX_ROWS if prune else SUFFIX_ROWS)
    p = d - s
    V_suffix = [ev.V[:, p + j][:, None] for j in range(s)]
    counts = list(problem.counts)
    vals = problem.values
    prefix_dot = [0] * nvec
    pruned = 0
    cols = [[problem.vectors[i][j] for i in range(nvec)] for j in range(d)]

    def leaf() -> None:
        live = [k for k, c in enumerate(counts) if c]
        table = _suffix_table(tuple(counts[k] for k in live))
        live_vals = ev.vals[live]
        dots = np.empty((nvec, table.shape[1]), dtype=ev.dtype)
        dots[...] = np.array(prefix_dot, dtype=ev.dtype)[:, None]
        for j in range(s):
            dots += V_suffix[j] * live_vals[table[j]][None, :]
        ev.add(dots, 1)
        if progress is not None:
            progress(table.shape[1])

    def dfs(depth: int) -> None:
        nonlocal pruned
        if depth == p:
            leaf()
            return
        if prune and depth > 0:
            remaining = sorted((v for v, c in zip(vals, counts) for _ in range(c)), reverse=True)
            rem = [[problem.vectors[i][j] for j in range(depth, d)] for i in range(nvec)]
            lo, hi = _bounds(rem, remaining)
            signs = _decided(problem, [a + b for a, b in zip(prefix_dot, lo)], [a + b for a, b in zip(prefix_dot, hi)])
            if signs is not None:
                size = multinomial(counts)
                ev.tally[signs] += size
                pruned += 1
                if progress is not None:
                    progress(size)
                return
        col = cols[depth]
        for k, v in enumerate(vals):
            if counts[k] == 0:
                continue
            counts[k] -= 1
            for i in range(nvec):
                prefix_dot[i] += col[i] * v
            dfs(depth + 1)
            for i in range(nvec):
                prefix_dot[i] -= col[i] * v
            counts[k] += 1

    dfs(0)
    return dict(ev.tally), ev.evaluations + pruned, pruned


# ---------------------------------------------------------------- blocks (symmetry reduction)
def coordinate_classes(problem: Problem) -> list[list[int]]:
    """Classes of coordinates i ~ j whose transposition maps every group to itself.

    The relation is an equivalence ((ik) = (ij)(jk)(ij)), so each coordinate is
    compared only with one representative per class.
    """
    d = problem.d
    vecs = problem.vectors
    group_sets = [frozenset(vecs[i] for i in g) for g in problem.groups]
    zero = [j for j in range(d) if all(v[j] == 0 for v in vecs)]
    classes: list[list[int]] = [zero] if zero else []
    buckets: dict[Any, list[list[int]]] = {}

    def swaps_ok(i: int, j: int) -> bool:
        for gs in group_sets:
            for v in gs:
                if v[i] == v[j]:
                    continue
                w = list(v)
                w[i], w[j] = w[j], w[i]
                if tuple(w) not in gs:
                    return False
        return True

    zero_set = set(zero)
    for j in range(d):
        if j in zero_set:
            continue
        sig = tuple(tuple(sorted(vecs[i][j] for i in g)) for g in problem.groups)
        for cls in buckets.setdefault(sig, []):
            if swaps_ok(cls[0], j):
                cls.append(j)
                break
        else:
            new = [j]
            buckets[sig].append(new)
            classes.append(new)
    return classes


def _submultisets(counts: list[int], k: int, start: int = 0) -> Iterator[list[int]]:
    """Every way to take k items from the multiset with these multiplicities (as count vectors)."""
    if k == 0:
        yield [0] * (len(counts) - start)
        return
    if start == len(counts):
        return
    rest_total = sum(counts[start + 1:])
    for take in range(min(counts[start], k), -1, -1):
        if k - take > rest_total:
            break
        for tail in _submultisets(counts, k - take, start + 1):
            yield [take] + tail


def estimate_distributions(problem: Problem, classes: list[list[int]]) -> int:
    """A lower bound on the number of multiset distributions: |orbit| / ∏ |class|!."""
    orbit = multinomial(problem.counts)
    return max(1, orbit // math.prod(math.factorial(len(c)) for c in classes))


def blocks(problem: Problem, classes: list[list[int]],
           progress: Callable[[int], None] | None = None) -> tuple[dict[Signs, int], int]:
    ev = _Evaluator(problem)
    d = problem.d
    vals = problem.values
    order = sorted(classes, key=len)
    rows: list[list[int]] = []
    weights: list[int] = []

    def flush() -> None:
        if not rows:
            return
        R = np.array(rows, dtype=ev.dtype).reshape(len(rows), d)
        W = np.array(weights, dtype=object)
        ev.add(ev.V @ R.T, W)
        if progress is not None:
            progress(int(sum(weights)))
        rows.clear()
        weights.clear()

    rep = [0] * d

    def place(i: int, counts: list[int], weight: int) -> None:
        if i == len(order) - 1:
            take = counts
            subsets: Iterator[list[int]] = iter([list(take)])
        else:
            subsets = _submultisets(counts, len(order[i]))
        for sub in subsets:
            values = [vals[k] for k, c in enumerate(sub) for _ in range(c)]
            for pos, val in zip(order[i], values):
                rep[pos] = val
            w = weight * multinomial(sub)
            if i == len(order) - 1:
                rows.append(list(rep))
                weights.append(w)
                if len(rows) >= BATCH_ROWS:
                    flush()
            else:
                place(i + 1, [c - t for c, t in zip(counts, sub)], w)

    place(0, list(problem.counts), 1)
    flush()
    return dict(ev.tally), ev.evaluations


# ---------------------------------------------------------------- topwalk (one-hot)
def one_hot_supports(problem: Problem) -> list[frozenset[int]] | None:
    """If every vector is c·e_j with one common c > 0, the coordinate set of each group."""
    common = None
    out = []
    for g in problem.groups:
        coords = set()
        for i in g:
            nz = [(j, x) for j, x in enumerate(problem.vectors[i]) if x != 0]
            if len(nz) != 1:
                return None
            j, x = nz[0]
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
    X∩Y are uniformly random. Then divide by |Stab(r)| = ∏ m_v! (SPEC §2.3).
    """
    (x_idx, y_idx), = problem.pairs
    X, Y = supports[x_idx], supports[y_idx]
    both = len(X & Y)
    only_x, only_y = len(X - Y), len(Y - X)
    d = problem.d
    rest = math.factorial(d - only_x - only_y - both)
    perm = math.perm
    below = 0
    greater = less = 0
    for c in problem.counts:              # values ascending
        upto = below + c
        # max_X > max_Y: the top of X∖X∩Y is this value, every Y item is below it.
        if only_x and below >= only_y + both:
            greater += perm(below, only_y + both) * (
                _perm0(upto - only_y - both, only_x) - _perm0(below - only_y - both, only_x))
        if only_y and below >= only_x + both:
            less += perm(below, only_x + both) * (
                _perm0(upto - only_x - both, only_y) - _perm0(below - only_x - both, only_y))
        below = upto
    stab = math.prod(math.factorial(c) for c in problem.counts)
    total = math.factorial(d)
    greater *= rest
    less *= rest
    if greater % stab or less % stab:  # pragma: no cover - each orbit element stands for |Stab(r)| permutations
        raise ArithmeticError("internal error: permutation counts are not multiples of |Stab(r)|")
    tally = {(1,): greater // stab, (-1,): less // stab, (0,): (total - greater - less) // stab}
    return {k: v for k, v in tally.items() if v}, len(problem.counts)


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
    rest = math.factorial(d - u)
    subset_size = [sum(sizes[i] for i in range(t) if m >> i & 1) for m in range(1 << t)]
    tally: Counter = Counter()
    below = 0
    for c in problem.counts:
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
    stab = math.prod(math.factorial(c) for c in problem.counts)
    if any(v % stab for v in tally.values()):  # pragma: no cover - each orbit element is |Stab(r)| permutations
        raise ArithmeticError("internal error: permutation counts are not multiples of |Stab(r)|")
    return {k: v // stab for k, v in tally.items() if v}, len(problem.counts) * (1 << t)


def _perm0(n: int, k: int) -> int:
    return math.perm(n, k) if 0 <= k <= n else 0


# ---------------------------------------------------------------- guard
def refuse_if_too_large(estimate: int, limit: int, engine: str, problem: Problem, hint: str,
                        unit: str = "evaluations") -> None:
    if estimate > limit:
        raise TooLarge(
            f"engine={engine}: about {estimate:.3g} {unit} (d={problem.d}, |orbit|="
            f"{multinomial(problem.counts):.3g}) exceeds the limit {limit:.3g}; {hint}"
        )
