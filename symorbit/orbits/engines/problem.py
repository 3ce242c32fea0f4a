"""The integer-scaled counting problem every engine solves, and the helpers they share.

A *question* is a list of pairs (X, Y) of groups of outcome vectors; for each orbit
element r′ each pair has a sign, sign(max_{x∈X} xᵀr′ − max_{y∈Y} yᵀr′) (an empty Y
counts as −∞). The engines return ``{signs: number of distinct orbit elements}``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields, replace
from fractions import Fraction
from functools import cached_property
from itertools import chain, repeat
from operator import rshift
from typing import Any, Iterator, NamedTuple, Sequence

from symorbit.errors import InvariantViolation, TooLarge
from symorbit.exact.numbers import format_count
from symorbit.exact.scaling import keep_derived, row_facts, scaled_rows
from symorbit.exact.sparse import RewardMultiset, SparseVector, reward_multiset
from symorbit.outcomes.groups import multinomial

__all__: list[str] = []

Signs = tuple[int, ...]
INT64_SAFE = 2**62
#: The bounds on 2 · d · max|x| · max|r| under which the partial sums fit each machine integer type (see
#: :attr:`Problem.sums_dtype`; :func:`coarse_scale` shifts until they hold).
FITS = {"int32": 2**30, "int64": 2**62}

SUFFIX_ROWS = 50_000
PRUNE_SUFFIX_ROWS = 5_040
BATCH_ROWS = 200_000


@dataclass(frozen=True)
class Problem:
    """Integer-scaled instance: vectors (n × d ints), groups, pairs, reward multiset.

    ``values[i] / denominator`` is the reward's i-th distinct value. A problem built from
    sparse vectors keeps them in ``sparse`` (per vector its nonzero (coordinate, scaled
    entry) pairs) and leaves ``vectors`` and ``exact_vectors`` empty until :func:`densify`
    fills them; topwalk reads the sparse form, every other engine the dense one.
    """

    vectors: tuple[tuple[int, ...], ...]
    groups: tuple[tuple[int, ...], ...]
    pairs: tuple[tuple[int, int], ...]
    values: tuple[int, ...]        # distinct reward values (scaled), ascending
    multiplicities: tuple[int, ...]    # how often each value occurs in the reward
    exact_vectors: tuple[tuple[Fraction | int, ...], ...]     # plain ints where the input was plain ints
    denominator: int = 1
    sparse: tuple[tuple[tuple[int, int], ...], ...] | None = None
    vector_denominator: int = 1    # the vectors' scale: exact entry = scaled entry / vector_denominator
    #: Whether every compared pair's first set lay in its second before dominated vectors were dropped
    #: (:func:`~.dominance.prune` records it; None: read off the groups). Dropping them keeps every group's
    #: maxima, so max_X ≤ max_Y stays true of the pruned question where its groups no longer show it.
    contained: bool | None = field(default=None, compare=False)

    @cached_property
    def d(self) -> int:
        return sum(self.multiplicities)

    @cached_property
    def n_vectors(self) -> int:
        """How many distinct vectors the groups name (the vectors the split engines read)."""
        return len(set().union(*self.groups))

    @cached_property
    def sums_dtype(self) -> str | None:
        """``"int32"`` or ``"int64"``: the narrowest machine integer holding every partial sum
        x_S · r_S (bounded by 2 · d · max|x| · max|r| after scaling), else None."""
        vmax, rmax = self.magnitudes
        return sums_dtype_of(sum(self.multiplicities), vmax, rmax)

    @cached_property
    def magnitudes(self) -> tuple[int, int]:
        """(max |x| over the scaled vectors' entries, max |value| of the scaled reward), 0 when empty: read by
        :attr:`sums_dtype` and by both scales of :func:`coarse_scale` past int64 (a pass over every entry)."""
        vmax = kept_max_abs(self.vectors, row_facts(self.vectors))
        return vmax, max(-self.values[0], self.values[-1]) if self.values else 0    # ascending

    @property
    def exact_values(self) -> tuple[Fraction, ...]:
        """The reward's distinct values as Fractions, ascending."""
        return tuple(Fraction(v, self.denominator) for v in self.values)


def kept_max_abs(vectors: Sequence[Sequence[int]], facts: dict[Any, Any] | None) -> int:
    """:func:`max_abs` of ``vectors``, read once and kept in ``facts`` where the rows are kept from count to count
    (their :func:`~symorbit.exact.scaling.row_facts`; None: worked out afresh).

    >>> facts = {}
    >>> kept_max_abs([(1, -7)], facts), facts, kept_max_abs([(1, -7)], None)
    (7, {'max_abs': 7}, 7)
    """
    if facts is None:
        return max_abs(vectors)
    vmax = facts.get("max_abs")
    if vmax is None:
        vmax = facts["max_abs"] = max_abs(vectors)
    return vmax


def sums_dtype_of(d: int, vmax: int, rmax: int) -> str | None:
    """``"int32"`` or ``"int64"``: the narrowest machine integer holding every partial sum of d products of
    entries at most ``vmax`` and values at most ``rmax`` in size (bounded by 2 · d · vmax · rmax), else None.

    >>> sums_dtype_of(6, 9, 10**6), sums_dtype_of(6, 9, 10**8), sums_dtype_of(6, 2**40, 2**40)
    ('int32', 'int64', None)
    """
    bound = 2 * max(1, d) * max(1, vmax) * max(1, rmax)
    return "int32" if bound < FITS["int32"] else "int64" if bound < FITS["int64"] else None


def max_abs(vectors: Sequence[Sequence[int]]) -> int:
    """max |x| over the entries of integer vectors, 0 when there are none.

    >>> max_abs([(1, -7, 2), (3,), ()]), max_abs([])
    (7, 0)
    """
    return max(map(abs, chain.from_iterable(vectors)), default=0)


def make_problem(vectors: Sequence[Any], groups: Sequence[Sequence[int]],
                 pairs: Sequence[tuple[int, int]], reward: Sequence[Fraction] | None,
                 multiset: RewardMultiset | None = None, *, ints: bool = False,
                 scaled: tuple[Sequence[tuple[int, ...]], int] | None = None) -> Problem:
    """The integer-scaled problem. ``vectors`` are tuples of Fraction, tuples of plain ints (kept as
    they are: already integers, read by :func:`~symorbit.exact.sparse.short_int_rows`), or
    :class:`~symorbit.exact.sparse.SparseVector`; if any is sparse, all are kept sparse.
    The reward is ``multiset`` when given (``reward`` is then ignored), else ``reward``.
    ``ints=True`` says that the caller has already checked that every vector is a tuple of plain
    ints (:func:`~symorbit.exact.sparse.short_int_rows` does), so they are not scanned again.
    ``scaled`` is the dense vectors already scaled, as :func:`scaled_rows` gives them (e.g. by
    :func:`distinct_rows`)."""
    if multiset is None:
        multiset = _multiset(reward or ())
    groups_t = tuple(map(tuple, groups))
    if scaled is not None:
        return Problem(tuple(scaled[0]), groups_t, tuple(pairs), multiset.values, multiset.multiplicities,
                       tuple(map(tuple, vectors)), multiset.denominator, None, scaled[1])
    if not ints and SparseVector in set(map(type, vectors)):
        return _sparse_problem(vectors, groups, pairs, multiset)
    if ints or all(set(map(type, v)) <= {int} for v in vectors):    # plain ints: already scaled
        ivecs = tuple(map(tuple, vectors))
        return Problem(ivecs, groups_t, tuple(pairs), multiset.values, multiset.multiplicities, ivecs,
                       multiset.denominator, None, 1)
    ivecs, lv = scaled_rows(vectors)
    return Problem(ivecs, groups_t, tuple(pairs), multiset.values, multiset.multiplicities,
                   tuple(map(tuple, vectors)), multiset.denominator, None, lv)


def distinct_rows(rows: Sequence[Any], ints: bool = False, *,
                  scaled: tuple[Sequence[tuple[int, ...]], int] | None = None,
                  ) -> tuple[list[Any], Sequence[tuple[int, ...]], int, list[int]]:
    """The distinct vectors among dense exact ``rows`` (first occurrence first), their rows scaled to integers
    (:func:`scaled_rows`; ``ints=True``: the rows are plain ints already; ``scaled``: the rows' integer rows and
    scale, already at hand), the scale, and each row's index among the distinct ones.

    Where ``scaled`` are rows kept from count to count (:func:`~symorbit.exact.scaling.row_facts`), which are
    distinct is worked out once and kept with them, and the distinct integer rows come back as the same kept tuple
    at every call, with facts of their own (:func:`~symorbit.exact.scaling.keep_derived`).

    Vectors are told apart by their integer rows: equal exactly when the vectors are (one common scale), and
    hashed without the modular inverse that hashing a ``Fraction`` costs (45 % of a warm optimality count
    of two actions' visit distributions at d = 7, which hashed each vector twice). A row object given more
    than once (an outcome set's vectors are its restrictions' too) is scaled once.

    >>> from fractions import Fraction as F
    >>> distinct_rows([(F(1, 2), 0), (1, 2), (F(1, 2), F(0))])
    ([(Fraction(1, 2), 0), (1, 2)], [(1, 0), (2, 4)], 2, [0, 1, 0])
    >>> v = (F(1, 3), 1)
    >>> distinct_rows([v, (1, 2), v, (F(1, 3), F(1))])
    ([(Fraction(1, 3), 1), (1, 2)], [(1, 3), (3, 6)], 3, [0, 1, 0, 0])
    """
    keys: Sequence[tuple[int, ...]]
    facts = row_facts(scaled[0]) if scaled is not None else None
    if facts is not None:       # rows kept from count to count: which are distinct worked out once, and kept
        keys, scale = scaled      # type: ignore[misc]
        if "distinct" not in facts:
            distinct, at, firsts = _distinct_positions(keys)
            facts["distinct"] = (keys if firsts is None else keep_derived(keys, tuple(distinct)), at, firsts)
        distinct, at, firsts = facts["distinct"]
        if len(at) != len(rows):
            raise InvariantViolation(f"distinct_rows: {len(rows)} rows against {len(at)} kept integer rows")
        at = list(at)
    else:
        if scaled is not None:
            keys, scale = scaled
        elif ints:
            keys, scale = list(map(tuple, rows)), 1
        else:           # a row object listed again (a set's vectors in C too) is scaled once
            ids = list(map(id, rows))
            first_of = _first_positions(ids)
            if len(first_of) == len(ids):
                keys, scale = scaled_rows(rows)
            else:
                once = sorted(first_of.values())
                scaled_once, scale = scaled_rows([rows[at] for at in once])
                keys = list(map(dict(zip([ids[at] for at in once], scaled_once)).__getitem__, ids))
        distinct, at, firsts = _distinct_positions(keys)
    return (list(rows) if firsts is None else [rows[i] for i in firsts]), distinct, scale, at


def _distinct_positions(keys: Sequence[tuple[int, ...]]) -> tuple[list[tuple[int, ...]], list[int], list[int] | None]:
    """The distinct ``keys`` (first occurrence first), each key's index among them, and the first position of each
    distinct key (None where every key is distinct): every pass a map or a dictionary at C speed.

    >>> _distinct_positions([(2, 0), (0, 2), (2, 0)]), _distinct_positions([(1,), (2,)])
    (([(2, 0), (0, 2)], [0, 1, 0], [0, 1]), ([(1,), (2,)], [0, 1], None))
    """
    distinct = list(dict.fromkeys(keys))
    at = list(map(dict(zip(distinct, range(len(distinct)))).__getitem__, keys))
    if len(distinct) == len(keys):
        return distinct, at, None
    first = _first_positions(keys)
    return distinct, at, [first[key] for key in distinct]


def _first_positions(keys: Sequence[Any]) -> dict[Any, int]:
    """Each key's first position in ``keys``, at C speed: the keys go in last to first, so the position a
    dictionary keeps for a key, the last one written, is its first.

    >>> _first_positions(["a", "b", "a"])
    {'a': 0, 'b': 1}
    """
    return dict(zip(reversed(keys), range(len(keys) - 1, -1, -1)))


def against_the_rest(problem: Problem) -> Problem:
    """The same problem with each compared pair (X, Y) replaced by (X, Y ∖ X), Y ∖ X the members of Y whose vector
    is not one of X's, for callers that read only whether each sign is ≥ 0 (IsOptimal relative to Y).

    max_X ≥ max_Y exactly when max_X ≥ max_{Y ∖ X}: max_Y is the larger of max_{Y ∩ X} and max_{Y ∖ X}, and
    max_X ≥ max_{Y ∩ X} always (an empty Y ∖ X is −∞: X always optimal). The exact signs differ (where X holds
    Y's maximum the pair ties, and no longer does), which is the point: the engines that read signs off rounded
    sums past int64 (:func:`coarse_scale`) recount every tie exactly, and with Y ⊇ X those ties are most of the
    orbit.

    >>> p = make_problem([(1, 0), (0, 1), (1, 0)], [[0], [1, 2]], [(0, 1)], None, _multiset((1, 2)), ints=True)
    >>> q = against_the_rest(p)
    >>> q.groups, q.pairs
    (((0,), (1,)), ((0, 1),))
    """
    groups: list[tuple[int, ...]] = []
    index: dict[tuple[int, ...], int] = {}      # groups kept once each, in order of first use

    def group(members: tuple[int, ...]) -> int:
        if members not in index:
            index[members] = len(groups)
            groups.append(members)
        return index[members]

    pairs = []
    for x, y in problem.pairs:
        own = {problem.vectors[i] for i in problem.groups[x]}
        pairs.append((group(problem.groups[x]), group(tuple(i for i in problem.groups[y]
                                                           if problem.vectors[i] not in own))))
    return with_question(problem, groups, pairs)


#: The fields of :class:`Problem`, as :func:`with_question` copies them.
_FIELDS = tuple(f.name for f in fields(Problem))
#: What a problem works out about its vectors and reward alone, kept by :func:`with_question`.
VECTOR_FACTS = ("d", "magnitudes", "sums_dtype", "_shifted")


def with_reward(template: Problem, multiset: RewardMultiset, dtype: str) -> Problem:
    """``template``'s question asked at another reward of the same multiplicities, whose sums' integer type is
    ``dtype`` (worked out by the caller, :func:`sums_dtype_of`): the same vectors, groups and pairs, the reward's
    values and denominator. Nothing ``template`` worked out about its own reward is kept (the magnitudes; the
    sums' type is ``dtype``).

    >>> from symorbit.exact.sparse import reward_multiset
    >>> t = make_problem([(1, 2), (3, 4)], [[0], [1]], [(1, 0)], None, reward_multiset([5, 6]))
    >>> p = with_reward(t, reward_multiset(["1/2", 7]), "int32")
    >>> p.values, p.denominator, p.groups, p.vectors is t.vectors, p.sums_dtype
    ((1, 14), 2, ((0,), (1,)), True, 'int32')
    """
    if multiset.multiplicities != template.multiplicities:
        raise InvariantViolation(f"with_reward: multiplicities {multiset.multiplicities} against the question's "
                                 f"{template.multiplicities}")
    problem = object.__new__(Problem)
    state = problem.__dict__
    state.update(template.__dict__)        # the fields, and what is worked out from the vectors alone
    state.update(values=multiset.values, denominator=multiset.denominator, sums_dtype=dtype)
    state.pop("magnitudes", None)          # the reward's largest value is the new reward's
    return problem


def with_question(base: Problem, groups: Sequence[Sequence[int]], pairs: Sequence[tuple[int, int]]) -> Problem:
    """``base`` asking another question: the same vectors and reward, compared in ``groups`` and ``pairs``.

    What ``base`` has worked out about its vectors and reward alone (:data:`VECTOR_FACTS`: d, the entries'
    magnitudes, the sums' integer type, the shifted vectors of :func:`shifted_vectors`) is kept, where
    ``dataclasses.replace`` would start afresh; the sums' type is worked out on ``base`` first, since every count
    reads it (8 µs a question for 30 vectors at d = 7, asked once per chunk of labels by ``optimality_counts``).

    >>> from symorbit.exact.sparse import reward_multiset
    >>> base = make_problem([(1, 2), (3, 4)], [], [], None, reward_multiset([5, 6]))
    >>> p = with_question(base, [[0], [1]], [(1, 0)])
    >>> p.groups, p.pairs, p.vectors == base.vectors, "sums_dtype" in p.__dict__
    (((0,), (1,)), ((1, 0),), True, True)
    """
    base.sums_dtype    # noqa: B018 - worked out once, on the problem every question shares
    problem = object.__new__(Problem)       # base's fields and vector facts, a new question's own groups and pairs:
    state = problem.__dict__                # as dataclasses.replace gives them, at a third of its cost
    state.update((name, base.__dict__[name]) for name in _FIELDS + VECTOR_FACTS if name in base.__dict__)
    state.update(groups=tuple(map(tuple, groups)), pairs=tuple(pairs), contained=None)
    return problem


def _multiset(reward: Sequence[Fraction]) -> RewardMultiset:
    return reward_multiset(reward) if reward else RewardMultiset(1, (), ())


def _sparse_problem(vectors: Sequence[Any], groups: Sequence[Sequence[int]], pairs: Sequence[tuple[int, int]],
                    multiset: RewardMultiset) -> Problem:
    rows = [v.entries if isinstance(v, SparseVector) else tuple((j, x) for j, x in enumerate(v) if x)
            for v in vectors]
    lv = math.lcm(*{x.denominator for row in rows for _, x in row})
    sparse = tuple(tuple((j, x.numerator * (lv // x.denominator)) for j, x in row) for row in rows)
    return Problem((), tuple(tuple(g) for g in groups), tuple(pairs), multiset.values, multiset.multiplicities,
                   (), multiset.denominator, sparse, lv)


def densify(problem: Problem) -> Problem:
    """The same problem with dense ``vectors`` and ``exact_vectors`` (itself when already dense).

    >>> from symorbit.exact.sparse import SparseVector, reward_multiset
    >>> p = make_problem([SparseVector(3, {1: "1/2"})], [[0]], [], None, reward_multiset([1, 2, 3]))
    >>> p.vectors, densify(p).vectors, densify(p).exact_vectors[0][1]
    ((), ((0, 1, 0),), Fraction(1, 2))
    """
    if problem.sparse is None:
        return problem
    d, lv = problem.d, problem.vector_denominator
    zero = Fraction(0)
    exact = {x: Fraction(x, lv) for row in problem.sparse for _, x in row}
    ivecs, evecs = [], []
    for row in problem.sparse:
        iv: list[int] = [0] * d
        ev: list[Fraction] = [zero] * d
        for j, x in row:
            iv[j], ev[j] = x, exact[x]
        ivecs.append(tuple(iv))
        evecs.append(tuple(ev))
    return replace(problem, vectors=tuple(ivecs), exact_vectors=tuple(evecs), sparse=None)


def submultisets(counts: Sequence[int], k: int) -> Iterator[tuple[int, ...]]:
    """Every count vector t ≤ counts with Σ t = k (the multisets of k values that can go to L),
    each position taking its values in descending order (an odometer: no recursion, so a reward
    with thousands of distinct values is no deeper than one with three).

    >>> list(submultisets((2, 1, 1), 2))
    [(2, 0, 0), (1, 1, 0), (1, 0, 1), (0, 1, 1)]
    >>> list(submultisets((2, 1, 1), 4)), list(submultisets((2, 1, 1), 5))
    ([(2, 1, 1)], [])
    """
    if k == sum(counts):             # all of them: the one submultiset (a split with an empty R side), at once
        yield tuple(counts)
        return
    n = len(counts)
    suffix = [0] * (n + 1)
    for i in range(n - 1, -1, -1):
        suffix[i] = suffix[i + 1] + counts[i]
    if not 0 <= k <= suffix[0]:
        return
    take = [0] * n
    left = [0] * (n + 1)      # left[i]: how many of the k remain for positions i, i + 1, ...
    left[0] = k

    def fill(start: int) -> None:    # positions start.. take as many as they can (the first in the order)
        for j in range(start, n):
            take[j] = min(counts[j], left[j])
            left[j + 1] = left[j] - take[j]

    fill(0)
    while True:
        yield tuple(take)
        i = n - 1                    # the last position that can still give one back to those after it
        while i >= 0 and take[i] <= max(0, left[i] - suffix[i + 1]):
            i -= 1
        if i < 0:
            return
        take[i] -= 1
        left[i + 1] = left[i] - take[i]
        fill(i + 1)


def weighted_cost(costs: Sequence[float], features: Sequence[int]) -> float | Fraction:
    """Σ costs·features (a cost model's estimate); exact, as a Fraction, when a feature is beyond a
    float's range (sides with astronomically many arrangements at large d).

    >>> weighted_cost((0.5, 2.0), (3, 1)), weighted_cost((0.5,), (10**400,)) == 10**400 // 2
    (3.5, True)
    """
    try:
        return sum(c * f for c, f in zip(costs, features))
    except OverflowError:
        return sum((Fraction(c) * f for c, f in zip(costs, features)), Fraction(0))


def split_refusal(problem: Any, engine: str, max_pairs: int) -> str | None:
    """Why a split engine (mitm, maxima, compiled) cannot take ``problem``, or None.

    Those engines compare at most ``max_pairs`` pairs of sets, each with a non-empty first set.
    """
    if len(problem.pairs) > max_pairs:
        return f"engine={engine!r} compares at most {max_pairs} pairs of sets (got {len(problem.pairs)})"
    if any(not problem.groups[x] for x, _y in problem.pairs):
        return f"engine={engine!r} needs a non-empty first set in every compared pair"
    return None


def contained_pairs(problem: Any) -> bool:
    """Whether every compared pair (X, Y) had X's vectors among Y's before any were dropped as dominated
    (:attr:`Problem.contained`, recorded by :func:`~.dominance.prune`, else read off the groups): then
    max_X ≤ max_Y at every reward, so each sign is 0 or −1 and a tally needs two codes a pair, not three
    (``optimality_counts`` asks such questions: each atom of labels against all the vectors).

    >>> from symorbit.exact.sparse import reward_multiset
    >>> p = make_problem([(1, 0), (0, 1)], [[0], [0, 1], [1]], [(0, 1), (2, 1)], None, reward_multiset([1, 2]))
    >>> contained_pairs(p), contained_pairs(with_question(p, p.groups, [(0, 1), (1, 2)]))
    (True, False)
    """
    if problem.contained is not None:
        return problem.contained
    return all(set(problem.groups[x]) <= set(problem.groups[y]) for x, y in problem.pairs)


def tally_radix(problem: Any) -> int:
    """The digits a compared pair takes in the engines' tally codes: 2 where there are several pairs, the sums fit
    int64 and every pair is contained (:func:`contained_pairs`: each sign 0 or −1, coded −sign), else 3 (1 − sign).

    >>> from symorbit.exact.sparse import reward_multiset
    >>> p = make_problem([(1, 0), (0, 1)], [[0], [0, 1]], [(0, 1), (0, 1)], None, reward_multiset([1, 2]))
    >>> tally_radix(p), tally_radix(with_question(p, p.groups, [(0, 1)])), tally_radix(with_question(p, p.groups,
    ...                                                                                   [(0, 1), (1, 0)]))
    (2, 3, 3)
    """
    return 2 if len(problem.pairs) > 1 and problem.sums_dtype is not None and contained_pairs(problem) else 3


#: The most compared pairs the split engines with a tally of codes (compiled, maxima) take where every pair's first
#: set lies in its second and the sums fit int64: one bit a pair, 2^16 codes (as many as 3^10).
MAX_CONTAINED_PAIRS = 16


def pairs_limit(problem: Any, max_pairs: int) -> int:
    """The most compared pairs an engine whose tally holds ``max_pairs`` pairs of three signs takes for
    ``problem``'s kind of question: :data:`MAX_CONTAINED_PAIRS` where every pair's first set lies in its second
    (:func:`contained_pairs`, one bit a pair) and the sums fit int64, else ``max_pairs``.

    >>> from symorbit.exact.sparse import reward_multiset
    >>> p = make_problem([(1, 0), (0, 1)], [[0], [0, 1]], [(0, 1)] * 12, None, reward_multiset([1, 2]))
    >>> pairs_limit(p, 10), pairs_limit(with_question(p, p.groups, [(1, 0)] * 12), 10)
    (16, 10)
    """
    return MAX_CONTAINED_PAIRS if len(problem.pairs) > max_pairs and tally_radix(problem) == 2 else max_pairs


# ---------------------------------------------------------------- coarse int32 sums
class Coarse(NamedTuple):
    """The coarse int32 problem of :func:`coarse_scale`: vectors ⌊x / 2^a⌋, reward values ⌊v / 2^b⌋; every
    exact value x · r / 2^(a+b) lies in [c + low, c + low + width] around its coarse value c, so ``width``
    is the half-width W of the band of coarse differences whose sign is not certain."""

    a: int
    b: int
    low: int
    width: int


#: What setting up the coarse int32 problem adds to a count, in ns (its shifts and band, :func:`coarse_scale`, and
#: its arrays, :func:`coarse_arrays`): 12-40 µs measured at d = 5..11 for :mod:`.maxima`, and 26-46 µs for
#: :mod:`.compiled` (which also reads its groups' members) at d = 7-10 with 4-10 vectors. Both plans add it where
#: they weigh the coarse tables against the int64 ones.
COARSE_SETUP = 40_000
#: The coarse tables are given up for the rest of a count once a block (maxima) or split (compiled) has
#: more than this share of its elements inside the band (each is recounted exactly, one by one).
COARSE_MAX_SHARE = 1 / 16


def coarse_scale(problem: Any, fit: str = "int32", wider: Coarse | None = None) -> Coarse | None:
    """The shifts a, b that bring every partial sum of ⌊x / 2^a⌋ · ⌊r / 2^b⌋ within ``fit`` (``"int32"`` or
    ``"int64"``, with the bounds of :attr:`~symorbit.orbits.engines.problem.Problem.sums_dtype`), each side
    shifted while it is the larger, and the band width W; None when the sums fit already. Sums past int64
    get int32 shifts and int64 ones (:mod:`.maxima` counts them on the int32 tables, recounts their band
    from the int64 ones and that band in Python integers); ``wider``, the problem's scale for a wider ``fit``,
    is where :func:`greedy_shifts` goes on from (the same shifts, taken from there).

    Why the band is enough: write x_j = 2^a x'_j + f_j and r_j = 2^b r'_j + g_j with 0 ≤ f_j < 2^a and
    0 ≤ g_j < 2^b. Then x · r / 2^(a+b) − x' · r' is Σ_j x'_j g_j / 2^b (in [Σ min(0, x'_j), Σ max(0,
    x'_j)], present when b > 0) plus Σ_j f_j r'_j / 2^a (in [Σ min(0, r'_j), Σ max(0, r'_j)] over the
    reward's values with their multiplicities, whatever the arrangement; present when a > 0) plus
    Σ_j f_j g_j / 2^(a+b) (in [0, d), present when both are): every vector's exact value, scaled
    down, lies in [c + lo, c + hi] around its coarse value c, with lo and hi taken over all vectors.
    So does each group's maximum around the coarse maximum, and a coarse difference of two maxima
    above W = hi − lo (below −W) makes the exact difference positive (negative).

    Examples
    --------
    >>> from symorbit.exact.sparse import reward_multiset
    >>> from symorbit.orbits.engines.problem import make_problem
    >>> p = make_problem([(10**15, 1), (3, 10**15)], [[0], [1]], [(1, 0)], None,
    ...                  reward_multiset([1, 2]))
    >>> coarse_scale(p)       # 2 · d · ⌈10^15 / 2^23⌉ · 2 < 2^30; the values 1, 2 stay, so W = 1 + 2
    Coarse(a=23, b=0, low=0, width=3)
    >>> coarse_scale(make_problem([(1, 2)], [[0]], [(0, 0)], None, reward_multiset([3, 4]))) is None
    True
    >>> coarse_scale(p, "int64") is None                         # the sums fit int64 already
    True
    """
    limit = FITS[fit]
    vmax, rmax = (max(1, m) for m in problem.magnitudes)     # as sums_dtype: every entry then fits too
    d = max(1, problem.d)
    if 2 * d * vmax * rmax < limit:
        return None
    a, b = greedy_shifts(vmax, rmax, d, limit, (0, 0) if wider is None else (wider.a, wider.b))
    return Coarse(a, b, *coarse_band(problem, a, b))


def greedy_shifts(vmax: int, rmax: int, d: int, limit: int, start: tuple[int, int] = (0, 0)) -> tuple[int, int]:
    """The shifts (a, b) of :func:`coarse_scale`: from (0, 0), shift the side whose bound ⌈vmax / 2^a⌉ or
    ⌈rmax / 2^b⌉ is the larger (the vectors' on a tie) by one bit while 2 · d · (the two bounds) ≥ ``limit``.
    ``start``: shifts this loop reaches for a larger ``limit`` (the loop's path does not depend on ``limit``, only
    where it stops), from which it goes on.

    Taken a run of bits at a time. With X ≥ Y the two bounds, m the difference of their bit lengths and q
    that of 2 · d · X · Y and ``limit``, the next min(m, q) − 1 steps all shift X, since ⌈X / 2^s⌉ ≥
    2^(bit length of X − 1 − s) > Y and 2 · d · ⌈X / 2^s⌉ · Y > ``limit`` for s ≤ that many − 1. Once the bounds
    are balanced (m ≤ 1) the loop shifts the two sides in turn, about; it jumps s = ⌊q / 2⌋ − 1 bits on each side
    where the shifts it lands on are on the loop's path: the loop merges the two falling sequences x_i = ⌈vmax /
    2^i⌉ and y_j = ⌈rmax / 2^j⌉ (the larger head first, x on a tie), so it passes (a, b) exactly when x_(a−1) ≥
    y_b and y_(b−1) > x_a (every shifted bound comes before every one still to shift), and there the product is
    still at least ``limit`` (each bound falls at most by half a bit: 2 · d · X · Y / 4^s ≥ 2^(q + bit length of
    ``limit`` − 1 − 2s)), so the loop has not stopped before. So the result is that of the one-bit loop (about
    a hundred steps for 100-bit visit distributions against int32, and a dozen turns once balanced).

    >>> greedy_shifts(10**30, 10**6, 8, 2**30)
    (87, 7)
    >>> a, b = 0, 0                              # the one-bit loop it stands for
    >>> while 2 * 8 * -(-10**30 >> a) * -(-10**6 >> b) >= 2**30:
    ...     a, b = (a + 1, b) if -(-10**30 >> a) >= -(-10**6 >> b) else (a, b + 1)
    >>> (a, b)
    (87, 7)
    >>> greedy_shifts(10**30, 10**6, 8, 2**30, start=greedy_shifts(10**30, 10**6, 8, 2**62))
    (87, 7)
    """
    a, b = start
    while True:
        x, y = -(-vmax >> a), -(-rmax >> b)          # ⌈vmax / 2^a⌉ bounds |⌊x / 2^a⌋|
        product = 2 * d * x * y
        if product < limit:
            return a, b
        big, small = (x, y) if x >= y else (y, x)
        q = product.bit_length() - limit.bit_length()
        run = min(big.bit_length() - small.bit_length(), q) - 1
        if run <= 1 and (s := q // 2 - 1) >= 1:      # balanced: s bits on each side, where that is on the path
            x2, y2 = -(-vmax >> (a + s)), -(-rmax >> (b + s))
            if -(-vmax >> (a + s - 1)) >= y2 and -(-rmax >> (b + s - 1)) > x2:
                a, b = a + s, b + s
                continue
        if x >= y:
            a += max(1, run)
        else:
            b += max(1, run)


def vector_array(problem: Any, dtype: Any) -> Any:
    """The problem's integer vectors as a read-only C-contiguous (n × d) numpy array of ``dtype``, the form the
    compiled and numpy engines read: kept with rows kept from count to count (:func:`~symorbit.exact.scaling.
    row_facts`), so that a warm count does not convert them again, and formed afresh for any other rows. Read-only
    either way, so the compiled loops see one array type (and a kept array, shared by every count of those rows,
    is never written).

    >>> from symorbit.exact.sparse import reward_multiset
    >>> p = make_problem([(1, -2), (3, 4)], [[0], [1]], [(1, 0)], None, reward_multiset([1, 2]))
    >>> V = vector_array(p, "int32")
    >>> V.tolist(), V.dtype.name, V.flags.writeable
    ([[1, -2], [3, 4]], 'int32', False)
    """
    import numpy as np

    facts = row_facts(problem.vectors)
    key = ("array", dtype)
    if facts is not None and (kept := facts.get(key)) is not None:
        return kept
    V = np.array(problem.vectors, dtype=dtype).reshape(len(problem.vectors), problem.d)
    V.flags.writeable = False
    if facts is not None:
        facts[key] = V
    return V


def _rows_memo(problem: Any, name: str) -> dict[Any, Any]:
    """A memo remembered with the problem's rows: in their facts where the rows are kept from count to count
    (:func:`~symorbit.exact.scaling.row_facts`), else on the problem itself."""
    facts = row_facts(problem.vectors)
    return problem.__dict__.setdefault("_" + name, {}) if facts is None else facts.setdefault(name, {})


def shifted_vectors(problem: Any, a: int) -> Any:
    """⌊x / 2^a⌋ for the problem's vectors as an int64 array (n × d), for a shift a of :func:`coarse_scale`
    (whose entries then fit int64). Remembered on the problem per a, and formed in numpy from the array of a
    smaller shift where one is remembered (⌊⌊x / 2^a₀⌋ / 2^(a − a₀)⌋ = ⌊x / 2^a⌋): past int64 a count takes the
    int64 shifts first and the int32 ones from them, where each was a pass over every entry in Python integers.

    >>> from symorbit.exact.sparse import reward_multiset
    >>> p = make_problem([(2**70, -5), (3, 2**69)], [[0], [1]], [(1, 0)], None, reward_multiset([1, 2]))
    >>> shifted_vectors(p, 60).tolist(), shifted_vectors(p, 68).tolist()     # the second from the first
    ([[1024, -1], [0, 512]], [[4, -1], [0, 2]])
    """
    import numpy as np

    memo = _rows_memo(problem, "shifted")      # rows kept from count to count keep their shifted copies too
    if a not in memo:
        below = [a0 for a0 in memo if a0 <= a]
        if below:
            memo[a] = memo[max(below)] >> (a - max(below))
        else:
            n = len(problem.vectors)      # one map over every entry, at C speed (1.6x a nested comprehension)
            memo[a] = np.fromiter(map(rshift, chain.from_iterable(problem.vectors), repeat(a)), dtype=np.int64,
                                  count=n * problem.d).reshape(n, problem.d)
        memo[a].flags.writeable = False       # shared by every problem of these rows: read, never written
    return memo[a]


class CoarseGaveUp(Exception):
    """Sums past int64 with too many elements in the band of the int64 tables (exact ties between the compared
    sets): no exact machine tables to fall back on, so the selection counts with :mod:`.mitm` instead."""


#: Sums past int64: the most multiply-adds in Python integers one count may spend recounting the elements in the
#: band of its int64 tables (exact or near-exact ties). Measured at 56-80 ns each (an element costs its vectors
#: times d), so about 2-3 s; past it the count raises :class:`CoarseGaveUp` and the selection counts with
#: :mod:`.mitm`, under mitm's own work limit. The engines' limits per block or per call of the compiled loop
#: bound what one step holds, this one what a whole count spends, however its elements are spread.
RECOUNT_WORK = 1 << 25


class RecountBudget:
    """What one count past int64 may still spend in Python integers: :data:`RECOUNT_WORK` multiply-adds, read
    when the count starts. :meth:`charge` is called before each recount and raises :class:`CoarseGaveUp` once
    the count would spend more, so nothing past the budget is computed.

    >>> budget = RecountBudget(100)
    >>> budget.charge(2, 5, 10)           # two elements, five vectors, d = 10: exactly the budget
    >>> budget.left
    0
    >>> budget.charge(1, 1, 1)
    Traceback (most recent call last):
    ...
    symorbit.orbits.engines.problem.CoarseGaveUp: more than 100 multiply-adds in Python integers on the band of the int64 tables
    """

    __slots__ = ("left", "work")

    def __init__(self, work: int | None = None) -> None:
        self.work = RECOUNT_WORK if work is None else work
        self.left = self.work

    def charge(self, elements: int, vectors: int, d: int) -> None:
        """Spend ``elements × vectors × d`` multiply-adds, or raise :class:`CoarseGaveUp` if that is more than
        is left."""
        cost = elements * vectors * d
        if cost > self.left:
            raise CoarseGaveUp(f"more than {self.work} multiply-adds in Python integers on the band of the int64 "
                               "tables")
        self.left -= cost


def codes_of_maxima(best: dict[int, Any], groups: Sequence[Sequence[int]], pairs: Sequence[tuple[int, int]]) -> Any:
    """The sign codes Σ 3^q (1 − sign_q) (the engines' tally index) at some elements, from ``best``: each used
    non-empty group's exact maxima there (arrays of one length, Python integers or not); an empty Y is −∞.

    >>> import numpy as np
    >>> codes_of_maxima({0: np.array([3, 1]), 1: np.array([2, 2]), 2: np.array([5, 0])},
    ...                 ((0,), (1,), (2,), ()), ((0, 1), (2, 3)))            # 3 > 2, then 1 < 2; Y empty: sign 1
    array([0, 2])
    """
    import numpy as np

    codes = np.zeros(len(next(iter(best.values()))), dtype=np.int64)
    for q, (x, y) in enumerate(pairs):
        if groups[y]:
            codes += 3 ** q * (1 - (best[x] > best[y]).astype(np.int64) + (best[x] < best[y]).astype(np.int64))
    return codes


def past_int64_pair(problem: Any) -> bool:
    """Whether the sums need more than int64 and one pair of non-empty groups is compared: the counts
    :mod:`.maxima` and :mod:`.compiled` take on the int32 and int64 tables of :func:`coarse_scale`, with their
    last band in Python integers."""
    return problem.sums_dtype is None and len(problem.pairs) == 1 and all(problem.groups[g] for g in problem.pairs[0])


def coarse_arrays(problem: Any, scale: Coarse, dtype: str = "int32") -> tuple[Any, Any]:
    """The coarse problem of ``scale`` as arrays of ``dtype`` (the ``fit`` it was made for): (vectors ⌊x / 2^a⌋,
    n × d; values ⌊v / 2^b⌋), shifted in Python integers (so sums past int64 take the same way), numpy raising
    OverflowError should one not fit.

    >>> from symorbit.exact.sparse import reward_multiset
    >>> p = make_problem([(10**15, 1), (3, 10**15)], [[0], [1]], [(1, 0)], None, reward_multiset([1, 2]))
    >>> [a.tolist() for a in coarse_arrays(p, coarse_scale(p))]
    [[[119209289, 0], [0, 119209289]], [1, 2]]
    """
    import numpy as np

    return _shifted_as(problem, scale.a, dtype), np.array([v >> scale.b for v in problem.values], dtype=dtype)


def _shifted_as(problem: Any, a: int, dtype: str) -> Any:
    """:func:`shifted_vectors` as ``dtype``, checked to fit and remembered beside them (on the kept rows where the
    problem's rows are kept): a count asked again at rewards of one size takes the same coarse vectors, and
    converting them afresh was a third of the coarse loop's set-up at d = 7. A writable copy, as the coarse loops
    were compiled for (numba compiles a loop anew for another array type), shared by every count of these rows:
    the engines read it, never write it."""
    import numpy as np

    memo = _rows_memo(problem, "shifted_as")
    key = (a, dtype)
    if key not in memo:
        vectors = shifted_vectors(problem, a)
        if dtype != "int64":
            info = np.iinfo(dtype)
            if vectors.size and (vectors.max() > info.max or vectors.min() < info.min):
                raise OverflowError(f"a shifted vector's entry does not fit {dtype}")
        memo[key] = vectors.astype(dtype)       # a copy either way
    return memo[key]


def coarse_band(problem: Any, a: int, b: int) -> tuple[int, int]:
    """(low, width): every x · r / 2^(a+b) − ⌊x / 2^a⌋ · ⌊r / 2^b⌋ over the problem's vectors x and the
    reward's arrangements r lies in [low, low + width] (the three terms of :func:`coarse_scale`).

    >>> from symorbit.exact.sparse import reward_multiset
    >>> from symorbit.orbits.engines.problem import make_problem
    >>> coarse_band(make_problem([(5, -3)], [[0]], [(0, 0)], None, reward_multiset([-1, 6])), 1, 2)
    (-3, 8)
    """
    import numpy as np

    lo = hi = 0
    if b:        # the shifted vectors' negative and positive parts, summed per vector (each sum fits int64): a fact of
        memo = _rows_memo(problem, "band")     # the rows and a alone, remembered with them (four numpy reductions)
        if a not in memo:
            scaled = shifted_vectors(problem, a)
            memo[a] = (int(np.minimum(scaled, 0).sum(axis=1).min()), int(np.maximum(scaled, 0).sum(axis=1).max()))
        lo, hi = memo[a]
    if a:        # the shifted reward's negative and positive parts, values ascending: one pass
        for v, m in zip(problem.values, problem.multiplicities):
            if v < 0:
                lo += m * (v >> b)
            else:
                hi += m * (v >> b)
    if a and b:
        hi += problem.d
    return lo, hi - lo


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


def refuse_if_too_large(estimate: int, limit: int, engine: str, problem: Problem, hint: str,
                        unit: str = "evaluations") -> None:
    if estimate > limit:
        raise TooLarge(
            f"engine={engine}: about {format_count(estimate)} {unit} (d={problem.d}, |orbit|="
            f"{format_count(multinomial(problem.multiplicities))}) exceeds the limit {format_count(limit)}; {hint}"
        )
