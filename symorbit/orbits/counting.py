"""Exact orbit counts: over the orbit of r, how often is B better than A (PR Def. 3.2).

The papers count **distinct orbit elements** (docs/theory.md#p1); ties count on neither
side (P2). Every count here is an exact integer.

Examples
--------
The post's candy example (docs/theory.md#candy): A = {candy}, B = {chocolate, hug}.

>>> A, B = [[1, 0, 0]], [[0, 1, 0], [0, 0, 1]]
>>> c = orbit_counts(A, B, [1, 2, 3])
>>> (c.b_better, c.a_better, c.ties, c.orbit_size)
(4, 2, 0, 6)
>>> c = orbit_counts(A, B, [0, 1, 1])
>>> (c.b_better, c.a_better, c.ties), c.strict_fraction, c.weak_fraction
((1, 0, 2), Fraction(1, 3), Fraction(1, 1))
>>> c.over_permutations().ties        # 3! = 6 permutations, |Stab(r)| = 2
4

The same numbers by brute force over the distinct orbit:

>>> from symorbit.testing.naive import naive_orbit_counts
>>> naive_orbit_counts(A, B, [0, 1, 1])
(1, 0, 2)
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace
from fractions import Fraction
from operator import itemgetter
from typing import Any, Callable, Mapping, NamedTuple, Sequence

from symorbit.errors import InvalidArgument, InvariantViolation
from symorbit.exact.display import ResultDisplay
from symorbit.exact.kept_rows import is_kept, keep_sets, kept_sets, read_short_rows
from symorbit.exact.numbers import fraction_str
from symorbit.exact.scaling import at_common_scale, row_facts
from symorbit.exact.sparse import (
    SparseVector,
    exact_rows,
    has_sparse_form,
    reward_multiset,
    sparse_int_rows,
)
from symorbit.orbits.engines.distributed import resolve_executor
from symorbit.orbits.engines.problem import distinct_rows, with_question
from symorbit.orbits.engines.select import ENGINES, pair_limit, recount, scaled_problem, sums_dtype_at
from symorbit.orbits.engines.select import solve as _solve
from symorbit.orbits.engines.topwalk import one_hot_supports
from symorbit.outcomes.groups import stabilizer_of
from symorbit.outcomes.outcome_sets import OutcomeSet, as_outcome_set

__all__ = ["ENGINES", "OrbitCounts", "OptimalityCounts", "orbit_counts", "optimality_counts"]

#: Engines selectable with ``engine=``; ``"auto"`` picks the fastest that applies.



class CountFractions(ResultDisplay):
    """The fractions every count record shares: b_better, a_better, ties over orbit_size.

    Subclasses are dataclasses with the integer fields ``b_better``, ``a_better``,
    ``ties`` and ``orbit_size`` (:class:`OrbitCounts`, and
    :class:`~symorbit.orbits.profiles.CountProfile`).
    """

    __slots__ = ()
    b_better: int
    a_better: int
    ties: int
    orbit_size: int

    @property
    def counts(self) -> tuple[int, int, int, int]:
        """(b_better, a_better, ties, orbit_size): the shape of every ``counts`` in symorbit.

        :class:`OrbitCounts`, :class:`~symorbit.orbits.profiles.CountProfile` and the pieces of
        :func:`~symorbit.analysis.discount.counts_over_gamma` all give this 4-tuple.

        Examples
        --------
        >>> orbit_counts([[1, 0, 0]], [[0, 1, 0], [0, 0, 1]], [0, 1, 1]).counts
        (1, 0, 2, 3)
        """
        return (self.b_better, self.a_better, self.ties, self.orbit_size)

    @property
    def strict_fraction(self) -> Fraction:
        """b_better / orbit_size: B strictly optimal."""
        return Fraction(self.b_better, self.orbit_size)

    @property
    def weak_fraction(self) -> Fraction:
        """(b_better + ties) / orbit_size: B weakly optimal (the n/(n+1) bound is on this, PR Lemma B.3)."""
        return Fraction(self.b_better + self.ties, self.orbit_size)

    @property
    def decided_fraction(self) -> Fraction | None:
        """b_better / (b_better + a_better), or None when every element ties."""
        n = self.b_better + self.a_better
        return Fraction(self.b_better, n) if n else None


@dataclass(frozen=True, slots=True)
class OrbitCounts(CountFractions):
    """Counts over the orbit of a reward: B strictly better, A strictly better, ties.

    Attributes
    ----------
    b_better, a_better, ties : int
        Numbers of distinct orbit elements r′ with max_B bᵀr′ > max_A aᵀr′, <, =.
    orbit_size : int
        |S_d·r| = b_better + a_better + ties.
    counting : str
        ``"elements"`` (the papers' convention) or ``"permutations"`` (all d!).
    engine : str
        The engine that produced the counts.
    evaluations : int
        Orbit elements (or classes of them) the engine evaluated.
    stabilizer : int
        |Stab(r)|; permutation counts are element counts times this.

    Examples
    --------
    The post's candy example (docs/theory.md#candy), A = {candy}, B = {chocolate, hug}, at the
    tied reward r = (0, 1, 1): B is strictly better on one orbit element of three, so
    the strict fraction is 1/3 while the weak fraction is 1 (docs/theory.md#p2).

    >>> c = orbit_counts([[1, 0, 0]], [[0, 1, 0], [0, 0, 1]], [0, 1, 1])
    >>> (c.b_better, c.a_better, c.ties, c.orbit_size, c.stabilizer)
    (1, 0, 2, 3, 2)
    >>> c.strict_fraction, c.weak_fraction, c.decided_fraction
    (Fraction(1, 3), Fraction(1, 1), Fraction(1, 1))

    References
    ----------
    PR Def. 3.2 (≥ⁿ_most counts these), Lemma B.3 (the weak fraction); OPTS Def. 6.5;
    docs/theory.md#most, docs/theory.md#candy and docs/theory.md#pitfalls P1, P2.
    """

    b_better: int
    a_better: int
    ties: int
    orbit_size: int
    counting: str = "elements"
    engine: str = "reference"
    evaluations: int = 0
    stabilizer: int = 1

    def __iter__(self) -> Any:
        """Unpacks as ``(b_better, a_better, ties, orbit_size)``."""
        return iter((self.b_better, self.a_better, self.ties, self.orbit_size))

    def over_permutations(self) -> "OrbitCounts":
        """The same counts over all d! permutations (each element × |Stab(r)|).

        Returns
        -------
        OrbitCounts
            With ``counting="permutations"``; the fractions are unchanged (docs/theory.md#most).

        Examples
        --------
        The candy table (docs/theory.md#candy): counting all 3! permutations doubles the counts
        for r = (0, 1, 1).

        >>> c = orbit_counts([[1, 0, 0]], [[0, 1, 0], [0, 0, 1]], [0, 1, 1]).over_permutations()
        >>> (c.b_better, c.a_better, c.ties, c.orbit_size), c.strict_fraction
        ((2, 0, 4, 6), Fraction(1, 3))

        References
        ----------
        docs/theory.md#most ("elements versus permutations") and docs/theory.md#p1.
        """
        if self.counting == "permutations":
            return self
        s = self.stabilizer
        return replace(self, b_better=self.b_better * s, a_better=self.a_better * s, ties=self.ties * s,
                       orbit_size=self.orbit_size * s, counting="permutations")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the contract keys plus fractions as ``"p/q"`` strings.

        Returns
        -------
        dict
            ``b_better``, ``a_better``, ``ties``, ``orbit_size``, ``counting``,
            ``strict_fraction``, ``weak_fraction``, ``decided_fraction`` (None when every
            element ties), ``engine`` and ``evaluations``.

        Examples
        --------
        >>> d = orbit_counts([[1, 0, 0]], [[0, 1, 0], [0, 0, 1]], [1, 2, 3]).to_dict()
        >>> d["b_better"], d["a_better"], d["ties"], d["strict_fraction"]
        (4, 2, 0, '2/3')

        References
        ----------
        docs/theory.md#candy (the post's candy numbers, r = (1, 2, 3) → 4/2/0).
        """
        dec = self.decided_fraction
        return {
            "b_better": self.b_better,
            "a_better": self.a_better,
            "ties": self.ties,
            "orbit_size": self.orbit_size,
            "counting": self.counting,
            "strict_fraction": fraction_str(self.strict_fraction),
            "weak_fraction": fraction_str(self.weak_fraction),
            "decided_fraction": None if dec is None else fraction_str(dec),
            "engine": self.engine,
            "evaluations": self.evaluations,
        }


@dataclass(frozen=True, slots=True)
class OptimalityCounts(ResultDisplay):
    """Per label: orbit elements where that outcome set is weakly / strictly optimal.

    ``weak[label]``: the set contains an optimal outcome (max over it equals the max
    over all sets). ``strict[label]``: every optimal outcome is in it.

    Parameters
    ----------
    labels : tuple of str
        The outcome sets' labels (for example first actions).
    weak_counts, strict_counts : tuple of int
        Per label, the orbit elements where the set is weakly / strictly optimal.
    orbit_size : int
        |S_d·r|.
    engine : str
        The engine that produced the counts; where the labels were compared in several counts (more
        atoms than the engine compares pairs), each engine used, joined by ``"+"``.
    evaluations : int
        Orbit elements (or classes of them) the engine evaluated.

    Attributes
    ----------
    weak, strict : dict
        ``{label: count}`` views of ``weak_counts`` and ``strict_counts``.

    Examples
    --------
    The post's candy example (docs/theory.md#candy) with r = (0, 1, 1): Wait! is optimal on all
    three orbit elements but strictly only on (0, 1, 1); on the other two candy ties
    with the best of chocolate and hug.

    >>> c = optimality_counts({"candy": [[1, 0, 0]], "wait": [[0, 1, 0], [0, 0, 1]]}, [0, 1, 1])
    >>> c.weak, c.strict, c.orbit_size
    ({'candy': 2, 'wait': 3}, {'candy': 0, 'wait': 1}, 3)

    References
    ----------
    OPTS Def. 4.3, 4.4 (optimality probability, here over a finite orbit); PR Def. A.2.
    """

    labels: tuple[str, ...]
    weak_counts: tuple[int, ...]
    strict_counts: tuple[int, ...]
    orbit_size: int
    engine: str = "reference"
    evaluations: int = 0
    weak: Mapping[str, int] = field(init=False, compare=False, hash=False)
    strict: Mapping[str, int] = field(init=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "weak", dict(zip(self.labels, self.weak_counts)))
        object.__setattr__(self, "strict", dict(zip(self.labels, self.strict_counts)))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: counts per label, and fractions as ``"p/q"`` strings.

        Returns
        -------
        dict
            ``orbit_size``, ``weak``, ``strict``, ``weak_fraction``,
            ``strict_fraction`` (each ``{label: ...}``), ``engine`` and ``evaluations``.

        Examples
        --------
        >>> c = optimality_counts({"candy": [[1, 0, 0]], "wait": [[0, 1, 0], [0, 0, 1]]}, [1, 2, 3])
        >>> c.to_dict()["weak_fraction"]
        {'candy': '1/3', 'wait': '2/3'}

        References
        ----------
        docs/theory.md#post-claims (the post: Wait! is optimal for 2/3 of every orbit in the candy example).
        """
        return {
            "orbit_size": self.orbit_size,
            "weak": dict(self.weak),
            "strict": dict(self.strict),
            "weak_fraction": {k: fraction_str(Fraction(v, self.orbit_size)) for k, v in self.weak.items()},
            "strict_fraction": {k: fraction_str(Fraction(v, self.orbit_size)) for k, v in self.strict.items()},
            "engine": self.engine,
            "evaluations": self.evaluations,
        }


def _exact_vectors(X: OutcomeSet, name: str) -> list[tuple[Fraction, ...]]:
    X.integer_rows(name=name)       # refuses an entry that is a function of gamma, and keeps the rows for the count
    return list(X.vectors)


Row = tuple[Fraction, ...] | tuple[int, ...] | SparseVector
Scaled = tuple[tuple[tuple[int, ...], ...], int]


def _set_rows(value: Any, name: str, *, sparse: bool = True,
              within: Any = None) -> tuple[list[Row], int, bool, Scaled | None]:
    """A set argument's exact vectors, their length, whether they are tuples of plain ints, and their integer rows
    with its scale where they are at hand (an :class:`OutcomeSet` keeps them, :meth:`OutcomeSet.integer_rows`, and
    so does a set of tuple rows read before, :func:`~symorbit.exact.kept_rows.read_short_rows`; plain ints are
    their own, at scale 1), else None: numpy arrays and sets listing a SparseVector or an array
    are read as they are (no dense copy, no OutcomeSet), and so are lists of plain ints (long, mostly-zero ones
    as SparseVector, short ones as int tuples); anything else becomes an :class:`OutcomeSet` first. With
    ``sparse=False`` every vector is a dense tuple (callers that identify one vector across sets: a SparseVector
    never equals a tuple). An outcome set ``within`` that has read its rows lends them to a part of it
    (:meth:`OutcomeSet.integer_rows`)."""
    if type(value) is not OutcomeSet:       # an outcome set is read once already, or validated and read below
        if (short := read_short_rows(value)) is not None:     # short ints or Fractions: exact as they are
            rows, plain, scaled = short      # a set of tuple rows read before: kept, with its integer rows
            return list(rows), len(rows[0]), plain, scaled
        if sparse and has_sparse_form(value):
            exact = exact_rows(value, name=name)
            return list(exact), len(exact[0]), False, None
        if sparse and (long := sparse_int_rows(value)) is not None:     # long, mostly-zero ints: read at C speed
            return list(long), len(long[0]), False, None
        value = as_outcome_set(value, name=name)
    return list(value.vectors), value.dimension, False, value.integer_rows(name=name, within=within)


def _integer_rows(read: Sequence[tuple[Any, Any, bool, Scaled | None]]) -> Scaled | None:
    """The sets' integer rows at one scale (:func:`~symorbit.exact.scaling.at_common_scale`), in the order their
    vectors are listed, where each set (a :func:`_set_rows` answer) has them at hand; else None, and the count
    scales the rows itself. Sets all of plain ints need no scale: their rows are combined only where every set
    is kept (:func:`~symorbit.exact.kept_rows.is_kept`), so that the combination is kept too, with what the
    engines work out about it (its largest entry, its machine arrays: :func:`~symorbit.exact.scaling.row_facts`);
    plain rows read afresh are left to the count as they are."""
    parts, plain = [], True
    for _, _, ints, scaled in read:
        if scaled is None:
            return None
        parts.append(scaled)
        plain = plain and ints
    if plain and not all(map(is_kept, map(itemgetter(0), parts))):
        return None
    return at_common_scale(parts, keep=True)


def _c_is_a_or_b(sets: Sequence[Sequence[Any]], nd: Sequence[Sequence[Any]]) -> bool:
    """True when max_C = max(max_A, max_B) at every reward, by the test the kernel makes: ND(C) ⊆ A ∪ B and
    ND(A) ∪ ND(B) ⊆ C (``sets`` are A, B, C as exact vectors, ``nd`` their non-dominated vectors, or the sets
    themselves, a cheaper and weaker test: a maximum over X is one over ND(X) and over X).

    IsOptimal(B|C) is then max_B ≥ max_A and IsOptimal(A|C) is max_A ≥ max_B, so every reward has the same
    counts relative to C as without C (B strictly better exactly when max_B > max_A; neither set optimal never
    happens): the comparison runs without C, one compared pair instead of two (``orbit_counts``, testing the
    sets) and over fewer hyperplanes (``count_profiles``, testing ND). C = A ∪ B, D.13's default, is such a C,
    and so is F(s) against two actions' F(s | a). Sparse vectors never equal a tuple, which only leaves the
    comparison relative to C.

    Examples
    --------
    >>> A, B = [(1, 0, 0)], [(0, 1, 0), (0, 0, 1)]
    >>> _c_is_a_or_b([A, B, A + B], [A, B, A + B]), _c_is_a_or_b([A, B, B], [A, B, B])
    (True, False)
    >>> _c_is_a_or_b([A, B, B + A + A], [A, B, B + A + A])      # any order, repeats
    True
    """
    if len(sets) < 3:
        return False
    union, C = set(sets[0]) | set(sets[1]), set(sets[2])
    return set(nd[2]) <= union and set(nd[0]) | set(nd[1]) <= C


def _rest_of_c(groups: Sequence[Sequence[int]], base: Any) -> list[int] | None:
    """C's vectors outside A and B (``groups`` A, B, C as indices of the distinct vectors of ``base``), where C
    holds every vector of A and of B, A and B share none, some vector of C is in neither, and the vectors are
    not one-hot (:func:`_one_hot`: the walk over top values needs pairs over the same coordinates); else None.

    Then max_C is the largest of max_A, max_B and max over that rest, so IsOptimal(B|C) is max_B ≥ max_A and
    max_B ≥ max_rest, and IsOptimal(A|C) likewise: three disjoint groups compared pairwise (D.13's question,
    F(s | a) and F(s | b) against F(s), is of this kind). Each element takes |C| vector maxima, where B and A
    against C take |A| + |B| + |C|, or, past int64, against C ∖ B and C ∖ A (whose rounded sums decide), about
    2|C|; and three disjoint groups tie only where different vectors do. On two actions' visit distributions
    against F(s) of three (warm calls) this took 560 → 516 µs at d = 7 and 1.95 → 1.57 ms at d = 8 past int64,
    21.3 → 14.0 ms at d = 9 below it (γ = 1/2); on random vectors with C = A + B + 3 or 10 more
    (benchmarks/input_classes.py ``rel``, ``rel10``) 5-16 % less at d = 8-10 (docs/performance.md#fraction-keys).

    >>> from symorbit.orbits.engines.problem import make_problem
    >>> from symorbit.exact.sparse import reward_multiset
    >>> base = make_problem([(2, 1), (1, 2), (1, 1), (3, 3)], [], [], None, reward_multiset([5, 6]))
    >>> _rest_of_c([[0], [1], [0, 1, 2, 3]], base), _rest_of_c([[0], [0, 1], [0, 1, 2]], base)
    ([2, 3], None)
    """
    if base is None or len(groups) != 3:
        return None
    a, b = set(groups[0]), set(groups[1])
    if a & b or not a | b <= set(groups[2]):
        return None
    rest = [i for i in groups[2] if i not in a and i not in b]
    return rest if rest and not _one_hot(base) else None


class _Question(NamedTuple):
    """What a count of two sets (and C) keeps for the next count of the same set objects
    (:func:`~symorbit.exact.kept_rows.keep_sets`): the integer rows its question was asked on, kept with the facts
    the engines work out about them (:func:`~symorbit.exact.scaling.row_facts`), the question as the selection got
    it (groups, compared pairs, whether only signs ≥ 0 are read), the vectors' length, and how its tally reads
    (:func:`_counts_of`)."""

    rows: tuple[tuple[int, ...], ...]
    groups: list[list[int]]
    pairs: list[tuple[int, int]]
    weak: bool
    d: int
    kind: str


class _LabelsRead(NamedTuple):
    """What :func:`optimality_counts` reads from its sets, kept for the next count of the same set objects
    (:func:`~symorbit.exact.kept_rows.keep_sets`) under the same labels: none of it reads the reward."""

    labels: list[str]
    d: int
    #: (distinct vectors, their integer rows, scale, each label's members, compared pairs, atoms, all plain ints)
    read: tuple[Any, ...]
    #: The counts asked of these sets with ``engine="auto"`` (:class:`_Route`), by whether the sums were past int64
    #: (the one fact of the reward the route reads), filled as they are first asked.
    routes: dict[bool, _Route]


class _Route(NamedTuple):
    """How :func:`optimality_counts` counts its sets (:func:`_route`): ``kind`` ``"tournament"`` (each pair of three
    atoms), ``"atoms"`` (which atoms hold the maximum, per chunk of labels) or ``"labels"`` (each label against its
    rest); the counts it asks, as (groups, compared pairs, whether only signs ≥ 0 are read); and how their tallies
    are read (:func:`_read_route`): the chunks of labels, or each label's (pair, orientation)."""

    kind: str
    queries: list[tuple[list[list[int]], list[tuple[int, int]], bool]]
    reading: Any


#: The raw comparison's one compared pair: B (group 1) against A (group 0).
_RAW = [(1, 0)]
#: IsOptimal relative to C as two compared pairs, B against C and A against C (only signs ≥ 0 are read).
_AGAINST_C = [(1, 2), (0, 2)]


def _counted_again(question: _Question, r: Any) -> OrbitCounts | None:
    """The counts of a question kept for the same set objects (:class:`_Question`) at ``r`` (a reward multiset),
    where the selection remembers its choice for the question at rewards of this shape
    (:func:`~.engines.select.recount`); else None. This is what :func:`orbit_counts` does with those sets, less
    reading them: the same rows and question go to the same remembered choice."""
    if r.d != question.d:
        return None
    got = recount(question.rows, question.groups, question.pairs, r, question.weak)
    return None if got is None else _counts_of(question.kind, *got, r)


def _counts_of(kind: str, tally: Mapping[tuple[int, ...], int], used: str, evals: int, r: Any) -> OrbitCounts:
    """:class:`OrbitCounts` at the reward multiset ``r`` from the tally of a question of ``kind``: ``"raw"`` (the
    signs of max_B − max_A), ``"three"`` (A, B and the rest of C, each pair of them) or ``"against C"`` (B against C
    and A against C, where only whether each sign is ≥ 0 is read)."""
    if kind == "raw":
        gt, lt, eq = tally.get((1,), 0), tally.get((-1,), 0), tally.get((0,), 0)
    elif kind == "three":           # IsOptimal(X|C): X holds the maximum of A, B and the rest
        gt = lt = 0
        for signs, n in tally.items():
            a_optimal, b_optimal, _ = _holders(signs)
            gt += n if b_optimal and not a_optimal else 0
            lt += n if a_optimal and not b_optimal else 0
        eq = sum(tally.values()) - gt - lt
    else:
        gt = sum(n for (sb, sa), n in tally.items() if sb >= 0 > sa)
        lt = sum(n for (sb, sa), n in tally.items() if sa >= 0 > sb)
        eq = sum(tally.values()) - gt - lt
    return OrbitCounts(gt, lt, eq, gt + lt + eq, engine=used, evaluations=evals,
                       stabilizer=stabilizer_of(r.multiplicities))


def _check_dims(d: int, *named: tuple[str, int]) -> None:
    for name, dim in named:
        if dim != d:
            raise InvalidArgument(f"{name} has vectors of length {dim} but reward has {d} entries")


def orbit_counts(outcomes_a: Any, outcomes_b: Any, reward: Any, *, relative_to: Any = None,
                 engine: str = "auto", count: str = "elements",
                 progress: Callable[[int], None] | None = None, executor: Any = None) -> OrbitCounts:
    """Count, over the orbit of ``reward``, when B beats A, A beats B, and they tie.

    Parameters
    ----------
    outcomes_a, outcomes_b : OutcomeSet, list of vectors, or 2-D integer numpy array
        Entries are ints, ``Fraction`` or ``"p/q"`` strings (floats are refused). A vector
        may also be a :class:`~symorbit.exact.sparse.SparseVector` (e.g.
        ``one_hot(d, j, sparse=True)``) or a 1-D integer numpy array; these, integer arrays
        and long mostly-zero lists of ints are read without per-entry Python work, so
        one-hot sets at d = 10^6 take well under a second where gmpy2 (the ``profiles``
        extra) computes the factorials (float and bool arrays are refused). Counting
        many rewards against the same sets reads each set once where it can: an
        :class:`OutcomeSet` keeps its rows scaled to integers, and so does a set whose
        vectors are tuples, by the tuples' identity, and a list of plain-int rows or a small
        2-D integer array, by its content (:mod:`symorbit.exact.kept_rows`); the same two
        set objects counted again (outcome sets, or sets of tuple rows) go straight to
        the engine chosen before for rewards of that shape, reading only the reward.
    reward : sequence, range or 1-D integer numpy array
        The reward vector r ∈ Q^d whose orbit S_d·r is counted; a ``range`` or an integer
        array is reduced to its multiset of values at C speed.
    relative_to : OutcomeSet or list of vectors, keyword-only, optional
        The comparison mode. None (default): the **raw** comparison max_B bᵀr′ vs
        max_A aᵀr′ (PR Lemma D.3). A set C: **IsOptimal relative to C**, comparing
        1[max_B ≥ max_C] with 1[max_A ≥ max_C] (PR Def. A.2, Lemma D.5, Conj. D.13);
        B is better when it is optimal and A is not, and when both or neither are
        optimal the element is a tie (docs/theory.md#p3).
    engine : str, keyword-only
        One of :data:`ENGINES`; ``"auto"`` (default) picks topwalk for one-hot sets,
        else the cheapest by its fitted cost model of blocks (when coordinates can be
        interchanged), mitm (meet in the middle with bitsets), maxima (per-vector maxima,
        numpy) and compiled (the same loop compiled by numba, with the ``fast`` extra);
        with an ``executor`` it keeps to mitm.
    count : {"elements", "permutations"}, keyword-only
        Count distinct orbit elements (the papers' convention) or all d! permutations.
    progress : callable, optional
        Called with the number of orbit elements accounted for since the last call.
    executor : keyword-only, optional
        Where the mitm engine's independent blocks (its splits of the reward multiset)
        run: a :class:`concurrent.futures.Executor`, a Dask ``distributed.Client``, or a
        scheduler address ``"tcp://host:port"`` (a client is opened and closed here; see
        :mod:`symorbit.orbits.engines.distributed`). Other engines run in this process.
        The counts are the same exact integers wherever the blocks run.

    Returns
    -------
    OrbitCounts

    Raises
    ------
    InvalidArgument
        Empty sets, mismatched dimensions, unknown engine.
    NotExact
        A float entry.
    TooLarge
        The chosen engine's own work estimate is above its limit (for mitm, 64-bit word
        operations summed over its actual splits); the message says how much.
    MissingExtra
        ``executor`` names a scheduler but dask.distributed (the ``[dask]`` extra) is missing.

    Examples
    --------
    The post's candy example (docs/theory.md#candy): r = (1, 2, 3) gives 4/2/0, r = (0, 1, 1)
    gives 1/0/2; the same numbers by brute force over the distinct orbit.

    >>> A, B = [[1, 0, 0]], [[0, 1, 0], [0, 0, 1]]
    >>> c = orbit_counts(A, B, [1, 2, 3])
    >>> (c.b_better, c.a_better, c.ties)
    (4, 2, 0)
    >>> c = orbit_counts(A, B, [0, 1, 1])
    >>> (c.b_better, c.a_better, c.ties)
    (1, 0, 2)
    >>> from symorbit.testing.naive import naive_orbit_counts
    >>> naive_orbit_counts(A, B, [0, 1, 1])
    (1, 0, 2)

    The post's 2-vs-51 example: a generic reward gives 51/53 exactly.

    >>> d = 53
    >>> A = [[int(i == j) for i in range(d)] for j in range(2)]
    >>> B = [[int(i == j) for i in range(d)] for j in range(2, 53)]
    >>> c = orbit_counts(A, B, list(range(d)))
    >>> c.strict_fraction, c.engine
    (Fraction(51, 53), 'topwalk')

    The same at d = 10^5 with sparse one-hot vectors and r = range(d): B wins on 51/53 of d!.

    >>> import math
    >>> from symorbit.outcomes.outcome_sets import one_hot
    >>> d = 10**5
    >>> A = [one_hot(d, j, sparse=True) for j in range(2)]
    >>> B = [one_hot(d, j, sparse=True) for j in range(2, 53)]
    >>> orbit_counts(A, B, range(d)).b_better == math.factorial(d) // 53 * 51
    True

    References
    ----------
    PR Def. 3.1, 3.2; OPTS Def. 6.5; docs/theory.md#most and docs/theory.md#pitfalls P1, P2.
    """
    if count not in ("elements", "permutations"):
        raise InvalidArgument(f"count={count!r} must be 'elements' or 'permutations'")
    if progress is not None and not callable(progress):     # 5 raised "'int' object is not callable" mid-count
        raise InvalidArgument(f"progress={progress!r:.60} must be a callable (it is called with each chunk's size) "
                              "or None")
    # the same sets counted again (the same objects, holding the same rows): their rows kept, not read again
    sets = (outcomes_a, outcomes_b) if relative_to is None else (outcomes_a, outcomes_b, relative_to)
    again = engine == "auto" and progress is None and executor is None
    question = r = None
    if again and (question := kept_sets("orbit_counts", sets)) is not None:
        r = reward_multiset(reward, name="reward")
        if (out := _counted_again(question, r)) is not None:
            return out.over_permutations() if count == "permutations" else out
    # C (F(s), say) read first, so that A and B, parts of it (F(s | a)), take their integer rows from its own
    within = relative_to if type(relative_to) is OutcomeSet else None
    read_c = _set_rows(relative_to, "relative_to") if within is not None else None
    read = [_set_rows(outcomes_a, "outcomes_a", within=within), _set_rows(outcomes_b, "outcomes_b", within=within)]
    (va, dim_a, ints_a, _), (vb, dim_b, ints_b, _) = read
    if r is None:
        r = reward_multiset(reward, name="reward")
    if not dim_a == dim_b == r.d:
        _check_dims(r.d, ("outcomes_a", dim_a), ("outcomes_b", dim_b))
    vectors = va + vb
    groups = [list(range(len(va))), list(range(len(va), len(vectors)))]
    ints = ints_a and ints_b
    base = kept = None
    if relative_to is not None:
        read.append(read_c if read_c is not None else _set_rows(relative_to, "relative_to"))
        vc, dim_c, ints_c, _ = read[2]
        _check_dims(r.d, ("relative_to", dim_c))
        vectors, ints = vectors + vc, ints and ints_c
        groups.append(list(range(len(vectors) - len(vc), len(vectors))))
        dense = SparseVector not in set(map(type, vectors))
        if dense:
            # each vector once, told apart by its integer row (C holds A's and B's vectors again, and hashing a
            # Fraction costs a modular inverse), and Fraction rows scaled once for the count (or not at all, where
            # the outcome sets keep theirs); plain int rows listed once each are passed on as they are
            kept = _integer_rows(read)       # A's, B's and C's integer rows in order, where the sets keep theirs
            distinct, scaled, scale, at = distinct_rows(vectors, ints, scaled=kept)
            repeats = len(distinct) < len(vectors)
            if repeats:
                vectors, groups = distinct, [list(dict.fromkeys(map(at.__getitem__, g))) for g in groups]
            if repeats or not ints:
                base = scaled_problem(distinct, r, ints, scaled=(scaled, scale))
        named = groups if dense else [[vectors[i] for i in g] for g in groups]   # dense: one index per vector
        if _c_is_a_or_b(named, named):
            relative_to = None     # C = A ∪ B: IsOptimal(B|C) is max_B ≥ max_A, so the raw counts
            vectors, groups = vectors if base is not None else vectors[:len(va) + len(vb)], groups[:2]
    rest = _rest_of_c(groups, base) if relative_to is not None else None
    # the question as the selection gets it: outcome sets that keep their integer rows (_integer_rows) give them
    # with no Fraction read; with no base the vectors are the sets' as listed, whose kept integer rows are ``kept``
    if relative_to is None:
        kind, q_groups, q_pairs, weak, q_ints = "raw", groups, _RAW, False, ints
        integer = _integer_rows(read) if base is None else None
    elif rest is not None:          # A, B and the rest of C, each pair of them
        kind, q_groups, q_pairs, weak, q_ints, integer = "three", [groups[0], groups[1], rest], _THREE_GROUPS, \
            False, False, None
    else:      # only whether each sign is ≥ 0 is read (IsOptimal), so the engines may compare X with C ∖ X
        kind, q_groups, q_pairs, weak, q_ints = "against C", groups, _AGAINST_C, True, ints
        integer = kept if base is None else None
    rows = base.vectors if base is not None else integer[0] if integer is not None else None
    asked = question is not None and rows is not None and question.rows is rows      # kept_sets asked it, in vain
    pool, owned = resolve_executor(executor) if executor is not None else (None, None)
    try:
        tally, used, evals = _solve(vectors, q_groups, q_pairs, r, engine, progress, pool, ints=q_ints, weak=weak,
                                    base=base, scaled=integer, recall=not asked)
    finally:
        if owned is not None:
            owned.close()
    if again and rows is not None and not asked and row_facts(rows) is not None:
        keep_sets("orbit_counts", sets, _Question(rows, q_groups, q_pairs, weak, r.d, kind),
                  fixed=tuple(type(s) is OutcomeSet for s in sets))
    out = _counts_of(kind, tally, used, evals, r)
    return out.over_permutations() if count == "permutations" else out


def optimality_counts(outcome_sets: Mapping[str, Any], reward: Any, *, engine: str = "auto",
                      progress: Callable[[int], None] | None = None, executor: Any = None) -> OptimalityCounts:
    """For each labelled outcome set, count orbit elements where it is weakly / strictly optimal.

    Optimality is relative to the union of all the given sets (pass F(s | a) for
    every first action a to get action optimality over F(s)). ``executor`` is as in
    :func:`orbit_counts`.

    Parameters
    ----------
    outcome_sets : mapping of str to OutcomeSet or list of vectors
        ``{label: outcome set}``, at least one; exact entries.
    reward : sequence
        The reward vector r ∈ Q^d whose orbit is counted.
    engine : str, keyword-only
        One of :data:`ENGINES` (default ``"auto"``).
    progress : callable, keyword-only, optional
        Called with the number of orbit elements accounted for since the last call.
    executor : keyword-only, optional
        As in :func:`orbit_counts`: where the mitm engine's independent blocks run.

    Returns
    -------
    OptimalityCounts
        Per label, the distinct orbit elements where that set is weakly and strictly
        optimal.

    Raises
    ------
    InvalidArgument
        An empty or non-mapping ``outcome_sets``, mismatched dimensions, unknown engine.
    NotExact
        A float entry.
    TooLarge
        The chosen engine's work estimate is above its limit.
    InvariantViolation
        The counts read back are inconsistent (the weak counts do not cover the orbit, or a strict count
        exceeds its weak one): an engine bug; no counts are returned.

    Examples
    --------
    The post's candy example at the outcome level (docs/theory.md#candy), r = (1, 2, 3):

    >>> c = optimality_counts({"candy": [[1, 0, 0]], "wait": [[0, 1, 0], [0, 0, 1]]}, [1, 2, 3])
    >>> c.weak["wait"], c.weak["candy"], c.orbit_size
    (4, 2, 6)

    The candy MDP at γ = 1/2 (docs/theory.md#p6):

    >>> from symorbit.mdp.library import candy
    >>> from symorbit.mdp.visits import visit_distributions
    >>> F = visit_distributions(candy(), "start", "1/2")
    >>> c = optimality_counts({a: F.restrict(a) for a in ("candy", "wait")}, [0, 1, 2, 3, 4])
    >>> c.weak["wait"], c.strict["candy"], c.orbit_size
    (78, 42, 120)

    References
    ----------
    OPTS Def. 4.3, 4.4 (with a finite orbit distribution); PR Def. A.2 (IsOptimal).
    """
    if not isinstance(outcome_sets, Mapping) or not outcome_sets:
        raise InvalidArgument("outcome_sets must be a non-empty mapping {label: outcome set}")
    if progress is not None and not callable(progress):
        raise InvalidArgument(f"progress={progress!r:.60} must be a callable or None")
    r = reward_multiset(reward, name="reward")
    labels = [str(k) for k in outcome_sets]
    values = tuple(outcome_sets.values())
    # the same sets counted again (the same objects, holding the same rows): what was read from them, kept
    again = engine == "auto" and progress is None and executor is None
    seen = kept_sets("optimality_counts", values) if again else None
    if seen is not None and seen.labels == labels and seen.d == r.d:
        if (counted := _optimality_again(seen, r)) is not None:
            return counted
        vectors, scaled, scale, members, n_pairs, atoms, ints = seen.read
    else:
        # dense tuples, of ints or Fractions (equal and hashing alike for the same vector), so that a vector in
        # several sets is one vector
        read = [_set_rows(value, f"outcome_sets[{k}]", sparse=False) for k, value in zip(labels, values)]
        sets = [rows for rows, *_ in read]
        ints = all(plain for _, _, plain, _ in read)
        _check_dims(r.d, *((f"outcome_sets[{k}]", dim) for k, (_, dim, *_) in zip(labels, read)))
        # the vectors scaled once, for every count below (or not at all, where the outcome sets keep their integer
        # rows), and told apart by their integer rows
        vectors, scaled, scale, at = distinct_rows([v for s in sets for v in s], ints, scaled=_integer_rows(read))
        ends = list(itertools.accumulate(map(len, sets)))
        members = [frozenset(at[end - len(s):end]) for s, end in zip(sets, ends)]
        n_pairs = _compared_pairs(members, len(vectors))
        atoms = _atoms(members, len(vectors))
        if again and row_facts(scaled) is not None:      # kept rows: the selection's choices are kept with them
            seen = _LabelsRead(labels, r.d, (vectors, scaled, scale, members, n_pairs, atoms, ints), {})
            keep_sets("optimality_counts", values, seen, fixed=tuple(type(v) is OutcomeSet for v in values))
        else:
            seen = None
    base = scaled_problem(vectors, r, ints, scaled=(scaled, scale))
    route = _route(base, members, atoms, n_pairs, len(labels), engine)
    pool, owned = resolve_executor(executor)
    try:
        tallies, used, evals = _chunked_solve(vectors, route.queries, r, engine, progress, pool, base)
    finally:
        if owned is not None:
            owned.close()
    if seen is not None:        # (kept only with engine auto): counted again, they go straight to these choices
        seen.routes[base.sums_dtype is None] = route
    return _optimality_result(labels, _read_route(route, tallies, atoms, len(labels)), used, evals)


def _optimality_again(seen: _LabelsRead, r: Any) -> OptimalityCounts | None:
    """:func:`optimality_counts` of sets read before (``seen``) at the reward multiset ``r``, where their route at
    rewards of this size is known and the selection remembers its choice for each of the route's counts
    (:func:`~.engines.select.recount`); else None. This is what :func:`optimality_counts` does with those sets, less
    working out the route and the problem: the same counts go to the same remembered choices."""
    _, scaled, _, _, _, atoms, _ = seen.read
    facts = row_facts(scaled)
    route = seen.routes.get(sums_dtype_at(scaled, facts, r) is None) if facts is not None else None
    if route is None:
        return None
    tallies, engines, evals = [], [], 0
    for groups, pairs, weak in route.queries:
        got = recount(scaled, groups, pairs, r, weak)
        if got is None:
            return None
        tallies.append(got[0])
        engines.append(got[1])
        evals += got[2]
    return _optimality_result(seen.labels, _read_route(route, tallies, atoms, len(seen.labels)),
                              "+".join(dict.fromkeys(engines)), evals)


def _optimality_result(labels: list[str], counts: tuple[list[int], list[int], int], used: str,
                       evals: int) -> OptimalityCounts:
    """The :class:`OptimalityCounts` of ``counts`` (weak, strict, orbit size), checked for consistency."""
    weak, strict, orbit_len = counts
    # every element's maximum is some label's vector, and a label strictly optimal is weakly optimal
    if sum(weak) < orbit_len or any(not 0 <= s <= w <= orbit_len for w, s in zip(weak, strict)):  # pragma: no cover
        raise InvariantViolation(f"optimality counts weak {weak}, strict {strict} over an orbit of {orbit_len} "
                                 f"(engine {used}) are inconsistent; no counts are returned")
    return OptimalityCounts(tuple(labels), tuple(weak), tuple(strict), orbit_len, engine=used, evaluations=evals)


def _route(base: Any, members: list[frozenset[int]], atoms: list[tuple[frozenset[int], list[int]]], n_pairs: int,
           n_labels: int, engine: str) -> _Route:
    """How :func:`optimality_counts` counts the sets of ``members`` (:class:`_Route`) on the scaled vectors
    ``base``: it reads the reward only through whether the sums are past int64."""
    n = len(base.vectors)
    # each atom against all the vectors: a pair whose first set lies in its second (one bit a pair below int64)
    chunks = _atom_chunks(atoms, n_labels, pair_limit(engine, contained=base.sums_dtype is not None))
    if len(atoms) == 3 and n_pairs >= 3 and engine != "topwalk" and _past_int64_not_one_hot(base):
        # three atoms (three actions' F(s | a)) with sums past int64: each pair of them, exact-tie free, where an
        # atom against the rest of the vectors forms 3n vector maxima an element (see _read_tournament)
        return _Route("tournament", [([ix for _, ix in atoms], _THREE_GROUPS, False)], None)
    if chunks is not None and 2 * len(chunks) < n_pairs:
        # which atoms hold the maximum: 2n vector maxima an element per chunk, where each label with its rest forms
        # n (see _atom_queries)
        return _Route("atoms", _atom_queries(atoms, chunks, n), chunks)
    groups, pairs, reads = _label_pairs(members, n)
    return _Route("labels", _label_queries(groups, pairs, pair_limit(engine)), reads)


def _read_route(route: _Route, tallies: list[dict[tuple[int, ...], int]],
                atoms: list[tuple[frozenset[int], list[int]]], n_labels: int) -> tuple[list[int], list[int], int]:
    """(weak, strict, orbit size) per label from the tallies of the route's counts."""
    if route.kind == "tournament":
        return _read_tournament(tallies[0], atoms, n_labels)
    if route.kind == "atoms":
        return _read_atoms(tallies, route.queries, route.reading, atoms, n_labels)
    return _read_labels(tallies, route.queries, route.reading)


def _past_int64_not_one_hot(base: Any) -> bool:
    """Whether the sums of the scaled vectors ``base`` (:func:`~.engines.select.scaled_problem`) need more than int64
    and the vectors are not the one-hot sets the walk over top values counts (which needs every compared pair to
    cover the same coordinates)."""
    return base.sums_dtype is None and not _one_hot(base)


def _one_hot(base: Any) -> bool:
    """Whether the scaled vectors ``base`` are one-hot (vectors c·e_j, c > 0), which the walk over top values
    counts where every compared pair covers the same coordinates."""
    return one_hot_supports(with_question(base, [range(len(base.vectors))], [])) is not None


def _label_pairs(members: Sequence[frozenset[int]],
                 n: int) -> tuple[list[list[int]], list[tuple[int, int]], list[tuple[int, int]]]:
    """(groups, pairs, reads) comparing each label's vectors ``members[l]`` with the rest of the ``n``: weakly
    optimal where the sign is ≥ 0, strictly where it is > 0. A label whose set is another's rest, and whose rest is
    that set, reads the other's sign negated (two actions: one compared pair, not two mirror images); ``reads`` is
    (pair, orientation) per label.

    >>> _label_pairs([frozenset({0}), frozenset({1, 2})], 3)
    ([[0], [1, 2]], [(0, 1)], [(0, 1), (0, -1)])
    """
    groups: list[list[int]] = []
    pairs: list[tuple[int, int]] = []
    compared: dict[tuple[frozenset[int], frozenset[int]], int] = {}
    reads: list[tuple[int, int]] = []
    everything = frozenset(range(n))
    for inside in members:
        outside = everything - inside
        if (outside, inside) in compared:
            reads.append((compared[outside, inside], -1))
            continue
        if (inside, outside) not in compared:
            compared[inside, outside] = len(pairs)
            pairs.append((len(groups), len(groups) + 1))
            groups += [sorted(inside), sorted(outside)]
        reads.append((compared[inside, outside], 1))
    return groups, pairs, reads


def _compared_pairs(members: Sequence[frozenset[int]], n: int) -> int:
    """How many pairs :func:`_label_pairs` compares, without forming its groups: one per distinct unordered pair
    {a label's vectors, the rest of the ``n``} (a label whose set is another's rest, and whose rest is that set,
    reads the other's pair).

    >>> members = [frozenset({0}), frozenset({1, 2}), frozenset({0})]
    >>> _compared_pairs(members, 3), len(_label_pairs(members, 3)[1])
    (1, 1)
    """
    everything = frozenset(range(n))
    return len({frozenset((m, everything - m)) for m in members})


def _atoms(members: Sequence[frozenset[int]], n: int) -> list[tuple[frozenset[int], list[int]]]:
    """The vectors 0..n−1 grouped by the labels whose sets hold them: (those labels, the vectors), in order of
    first vector.

    >>> _atoms([frozenset({0, 1}), frozenset({1, 2})], 3)
    [(frozenset({0}), [0]), (frozenset({0, 1}), [1]), (frozenset({1}), [2])]
    """
    if sum(map(len, members)) == n == len(frozenset().union(*members)):    # each vector in one label's set (F(s | a)
        # of the actions a): the atoms are the sets
        return sorted(((frozenset((label,)), sorted(m)) for label, m in enumerate(members) if m),
                      key=lambda atom: atom[1][0])
    holders: list[list[int]] = [[] for _ in range(n)]
    for label, m in enumerate(members):        # one step per membership, not per label and vector
        for i in m:
            holders[i].append(label)
    atoms: dict[frozenset[int], list[int]] = {}
    for i, h in enumerate(holders):
        atoms.setdefault(frozenset(h), []).append(i)
    return list(atoms.items())


def _atom_chunks(atoms: list[tuple[frozenset[int], list[int]]], n_labels: int,
                 limit: int | None) -> list[list[int]] | None:
    """The labels in chunks whose atoms, and one group more for all the other atoms, fit ``limit`` compared
    pairs (all in one chunk where there is no limit); None where one label alone has too many atoms.

    >>> atoms = [(frozenset({q}), [q]) for q in range(5)]
    >>> _atom_chunks(atoms, 5, 3), _atom_chunks(atoms, 5, None), _atom_chunks(atoms[:3], 3, 3)
    ([[0, 1], [2, 3], [4]], [[0, 1, 2, 3, 4]], [[0, 1, 2]])
    """
    if limit is None:
        return [list(range(n_labels))]
    own = [{a for a, (holders, _) in enumerate(atoms) if q in holders} for q in range(n_labels)]
    chunks: list[list[int]] = []
    held: set[int] = set()
    for q in range(n_labels):
        grown = held | own[q]
        if chunks and len(grown) + (len(grown) < len(atoms)) <= limit:
            chunks[-1].append(q)
            held = grown
            continue
        if len(own[q]) + (len(own[q]) < len(atoms)) > limit:
            return None
        chunks.append([q])
        held = set(own[q])
    return chunks


def _atom_queries(atoms: list[tuple[frozenset[int], list[int]]], chunks: list[list[int]],
                  n: int) -> list[tuple[list[list[int]], list[tuple[int, int]], bool]]:
    """The counts of which atoms hold the maximum, one per chunk of labels: each of the chunk's atoms, and all the
    other atoms as one group, against all the ``n`` vectors, read only as ≥ 0 (the group holds the maximum). An
    element forms 2n vector maxima per chunk (the groups' n and all n), where comparing each label with its rest
    forms n a label."""
    queries = []
    for chunk in chunks:
        labels = set(chunk)
        inside = [a for a, (holders, _) in enumerate(atoms) if holders & labels]
        others = [i for holders, ix in atoms if not holders & labels for i in ix]
        groups = [atoms[a][1] for a in inside] + ([others] if others else []) + [list(range(n))]
        queries.append((groups, [(g, len(groups) - 1) for g in range(len(groups) - 1)], True))
    return queries


def _read_atoms(tallies: list[dict[tuple[int, ...], int]],
                queries: list[tuple[list[list[int]], list[tuple[int, int]], bool]], chunks: list[list[int]],
                atoms: list[tuple[frozenset[int], list[int]]], n_labels: int) -> tuple[list[int], list[int], int]:
    """(weak, strict, orbit size) from the counts of :func:`_atom_queries`: a label is weakly optimal where one of
    its atoms holds the maximum, strictly where all that hold it are its own (so not the other atoms' group)."""
    weak, strict = [0] * n_labels, [0] * n_labels
    for chunk, tally in zip(chunks, tallies):
        labels = set(chunk)
        holders = [h for h, _ in atoms if h & labels]
        for signs, count in tally.items():
            top = [holders[g] for g in range(len(holders)) if signs[g] >= 0]
            outside = len(signs) > len(holders) and signs[-1] >= 0       # some atom of no label here holds it
            _read_top(top, outside, chunk, count, weak, strict)
    return weak, strict, sum(tallies[0].values())


def _read_top(top: list[frozenset[int]], outside: bool, labels: Sequence[int], count: int, weak: list[int],
              strict: list[int]) -> None:
    """Add ``count`` elements, where the atoms with labels ``top`` hold the maximum (and, with ``outside``, some
    atom of none of ``labels``), to the weak and strict counts of ``labels``: weak where one of a label's atoms holds
    it, strict where all that hold it are the label's own."""
    held = frozenset().union(*top)                                          # labels with an atom in top
    own = frozenset.intersection(*top) if top and not outside else frozenset()      # labels holding all of top
    for label in labels:
        if label in held:
            weak[label] += count
            if label in own:
                strict[label] += count


def _read_tournament(tally: dict[tuple[int, ...], int], atoms: list[tuple[frozenset[int], list[int]]],
                     n_labels: int) -> tuple[list[int], list[int], int]:
    """(weak, strict, orbit size) for three atoms from one count comparing each pair of them (:data:`_THREE_GROUPS`):
    an atom holds the maximum where it is at least each other atom. A pair of atoms ties exactly only where two
    different vectors do, so past int64 the rounded sums decide nearly every element with 2n vector maxima an
    element, where an atom against all the vectors ties wherever it holds the maximum and is compared with the rest
    of them instead (3n). Below int64 the atoms against all the vectors are cheaper: all the vectors' group loses
    most of its members to dominance (measured 0.068 s against 0.093 s at d = 11, three labels of four random
    vectors)."""
    weak, strict = [0] * n_labels, [0] * n_labels
    for signs, count in tally.items():
        holds = _holders(signs)
        _read_top([atoms[a][0] for a in range(3) if holds[a]], False, range(n_labels), count, weak, strict)
    return weak, strict, sum(tally.values())


#: Three groups compared pairwise, in the order :func:`_holders` reads their signs.
_THREE_GROUPS = [(0, 1), (0, 2), (1, 2)]


def _holders(signs: tuple[int, ...]) -> tuple[bool, bool, bool]:
    """Which of three groups hold the maximum, from the signs of their pairs :data:`_THREE_GROUPS`: a group
    holds it where it is at least each other group.

    >>> _holders((1, 1, 0)), _holders((0, 1, 1)), _holders((-1, -1, -1))
    ((True, False, False), (True, True, False), (False, False, True))
    """
    s01, s02, s12 = signs
    return s01 >= 0 and s02 >= 0, s01 <= 0 and s12 >= 0, s02 <= 0 and s12 <= 0


def _label_queries(groups: list[list[int]], pairs: list[tuple[int, int]],
                   limit: int | None) -> list[tuple[list[list[int]], list[tuple[int, int]], bool]]:
    """The counts comparing each label with its rest (:func:`_label_pairs`), at most ``limit`` pairs a count (the
    split engines' tally has 3^pairs codes); only each pair's own signs are read, so the counts need not be
    joint."""
    chunks = [pairs[i:i + limit] for i in range(0, len(pairs), limit)] if limit else [pairs]
    queries = []
    for chunk in chunks:
        used_groups = sorted({g for pair in chunk for g in pair})
        at = {g: j for j, g in enumerate(used_groups)}
        queries.append(([groups[g] for g in used_groups], [(at[x], at[y]) for x, y in chunk], False))
    return queries


def _read_labels(tallies: list[dict[tuple[int, ...], int]],
                 queries: list[tuple[list[list[int]], list[tuple[int, int]], bool]],
                 reads: list[tuple[int, int]]) -> tuple[list[int], list[int], int]:
    """(weak, strict, orbit size) from the counts of :func:`_label_queries`, each label reading its pair's signs
    in its orientation (``reads``)."""
    marginal: list[dict[int, int]] = []
    for tally, (_, chunk_pairs, _) in zip(tallies, queries):
        for j in range(len(chunk_pairs)):
            sums: dict[int, int] = {}
            for signs, count in tally.items():
                sums[signs[j]] = sums.get(signs[j], 0) + count
            marginal.append(sums)
    weak = [sum(n for sign, n in marginal[q].items() if o * sign >= 0) for q, o in reads]
    strict = [sum(n for sign, n in marginal[q].items() if o * sign > 0) for q, o in reads]
    return weak, strict, sum(tallies[0].values())


def _chunked_solve(vectors: list[Row], queries: list[tuple[list[list[int]], list[tuple[int, int]], bool]], r: Any,
                   engine: str, progress: Callable[[int], None] | None, pool: Any,
                   base: Any) -> tuple[list[dict[tuple[int, ...], int]], str, int]:
    """One count per (groups, pairs, weak) query: (their tallies, the engines used joined by "+", evaluations).
    ``progress`` hears the orbit once in all: each count's elements over the number of counts."""
    done = [0, 0]

    def share(n: int) -> None:
        done[0] += n
        if progress is not None and (step := done[0] // len(queries) - done[1]):
            done[1] += step
            progress(step)

    tallies, engines, evals = [], [], 0
    for groups, pairs, weak in queries:
        tally, used, e = _solve(vectors, groups, pairs, r, engine, share if progress is not None else None, pool,
                                weak=weak, base=base)
        tallies.append(tally)
        engines.append(used)
        evals += e
    return tallies, "+".join(dict.fromkeys(engines)), evals
