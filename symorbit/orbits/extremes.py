"""The worst cases over every reward by branch and bound, without listing every count profile (issue 24).

:func:`~symorbit.orbits.profiles.count_profiles` lists every profile an instance has, which
needs the sorted chamber cut until every comparison is settled on every piece: at d = 6 that is
often past 10^5 pieces. A statement such as "B ≥ⁿ_most A" or the scaling law needs only the
*minimum* over all rewards of one quantity: the ratio #B-better / #A-better (PR Def. 3.2), the
strict fraction b/|O| or the weak fraction (b + t)/|O| (PR Lemma B.3). :func:`worst_cases`
finds the three minima exactly, each with a witness reward, and cuts only where a minimum can
still be lower.

Method
------
1. **Pieces are relative interiors.** The sorted chamber slices of
   :func:`~symorbit.orbits.profiles.count_profiles` (cones kept as extreme rays with their
   tight constraints and their sides on every comparison hyperplane) are first split into the
   relative interiors of all their faces (the root cones are simplicial, so every set of rays
   spans a face). Cutting the relative interior of a cone Q by a hyperplane H that has rays
   strictly on both sides gives three relative interiors: Q ∩ {H > 0}, Q ∩ {H < 0} and
   Q ∩ H, the last one cone of dimension one less (its rays are Q's rays on H and the new
   crossings). So the pieces always partition the slice, every reward lies in exactly one, and
   a piece needs one witness: the sum of its rays.
2. **Bounds on a piece.** Per permutation τ, on the relative interior of Q (positive
   combinations of *all* its rays):

   * A is never strictly better when every a ∈ A has some b ∈ B with τb ≥ τa at every ray;
     so #A-better ≤ d! − #{such τ};
   * B is strictly better when some b ∈ B has τb ≥ τa at every ray and > at one, for every
     a ∈ A; so #B-better ≥ #{such τ}.

   With ``relative_to=C`` the same for IsOptimal(X|C): true on Q when every c ∈ C has an
   x ∈ X with τx ≥ τc at every ray, false when every x ∈ X has a c ∈ C with τc ≥ τx at every
   ray and > at one; B-better is IsOptimal(B|C) and not IsOptimal(A|C). Each test is ANDs and
   ORs of the rays' bit sets. The three quantities are counted over permutations (each orbit
   element is hit |Stab(r)| times, so the fractions are the same), and a piece whose bounds
   cannot beat any of the three best values found so far is dropped. A piece that is kept is
   split by a hyperplane that cuts it for a permutation its rays leave *open* (neither surely
   counted nor surely not, in a quantity it may still lower): only settling those can tighten a
   bound (:func:`_piece`, :func:`_focused_normal`).
3. **Leaves and witnesses.** A piece that no relevant hyperplane cuts (the test of
   :func:`~symorbit.orbits.profiles.count_profiles`: vectors beaten on all of it and settled
   permutations are irrelevant) has one profile on its relative interior; its witness is
   counted. The interior points of new pieces are counted as they are made, so that good
   values are found early. Every reported minimum is recounted at its witness with
   :func:`~symorbit.orbit_counts` before it is returned.

Examples
--------
The candy example (docs/theory.md#candy): #B-better / #A-better is never below 2, and the weak
fraction never below 2/3.

>>> w = worst_cases([[1, 0, 0]], [[0, 1, 0], [0, 0, 1]])
>>> w.ratio.value, w.weak.value, w.strict.value
(Fraction(2, 1), Fraction(2, 3), Fraction(0, 1))
>>> w.ratio.profile.counts, [int(x) for x in w.ratio.reward]
((2, 1, 0, 3), [0, 0, 1])

References
----------
PR Def. 3.2, Lemma B.3, Conj. D.13; docs/theory.md#most, docs/theory.md#p2.
"""

from __future__ import annotations

import functools
import itertools
import time
from fractions import Fraction
from typing import Any, Callable, NamedTuple, cast

import numpy as np

from symorbit.errors import InvalidArgument, InvariantViolation, TooLarge
from symorbit.exact.limits import check_limit, check_seconds
from symorbit.exact.numbers import format_count, to_fraction
from symorbit.orbits.counting import orbit_counts
from symorbit.orbits.profiles import (
    CountProfile,
    WorstCase,
    _any_chunk,
    _canonical_nd,
    _canonical_problem,
    _evaluate,
    _Layout,
    _layout,
    _positions,
    _primitive_sum,
    _Problem,
    _Ray,
    _relevant_cuts,
    _root_cone,
    _roots,
    _rows,
    _size,
    _split,
    _split_normal,
    _validated,
)

__all__ = ["MAX_PIECES", "REPORT_PIECES", "ClaimWorstCases", "WorstCases", "WorstFractions", "claim_worst_cases",
           "worst_cases", "worst_fractions", "worst_ratio"]

#: The most pieces :func:`worst_cases` examines before it refuses with TooLarge (about 0.2 ms a piece at d = 6).
MAX_PIECES = 1_000_000
#: Once a claim is found to fail (:func:`claim_worst_cases`) after N pieces, the search spends at most
#: max(N, REPORT_PIECES) more settling the exact minima for the report (at most doubling the decision's work, or a
#: few seconds); past them the values are the least found (``exact`` False). After "holds" it goes on to max_pieces.
REPORT_PIECES = 2_000

#: Witnesses are counted in batches of this many (a batch is one product per set).
_BATCH = 256

_QUANTITIES = ("ratio", "strict", "weak")


class WorstCases(NamedTuple):
    """The minima over every reward of #B-better / #A-better, the strict and the weak fraction.

    Parameters
    ----------
    ratio : WorstCase
        min of b_better / a_better over the rewards with a_better > 0; value None when there is none.
    strict : WorstCase
        min of b_better / orbit_size.
    weak : WorstCase
        min of (b_better + ties) / orbit_size.
    pieces : int
        The pieces (relative interiors of cones) examined: a measure of the work.

    Examples
    --------
    >>> worst_cases([[1, 0]], [[1, 0], [0, 1]]).ratio      # A ⊆ B: A is never strictly better
    WorstCase(value=None, profile=None)

    References
    ----------
    PR Def. 3.2, Lemma B.3.
    """

    ratio: WorstCase
    strict: WorstCase
    weak: WorstCase
    pieces: int


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


def _value(quantity: str, gt: int, lt: int, T: int) -> Fraction | None:
    """The quantity from per-permutation counts (each orbit element counted |Stab(r)| times)."""
    parts = _parts(quantity, gt, lt, T)
    return None if parts is None else Fraction(*parts)


def _parts(quantity: str, gt: int, lt: int, T: int) -> tuple[int, int] | None:
    """:func:`_value` as (numerator, denominator > 0), not reduced: compared with a best value as integers, where a
    Fraction made for each of them was a tenth of the search."""
    if quantity == "ratio":
        return (gt, lt) if lt else None
    return (gt if quantity == "strict" else T - lt), T


def _below(parts: tuple[int, int], value: Fraction) -> int:
    """The sign of parts[0] / parts[1] − value (parts[1] > 0)."""
    diff = parts[0] * value.denominator - value.numerator * parts[1]
    return (diff > 0) - (diff < 0)


def _bounds(problem: _Problem, layout: _Layout, cone: list[_Ray]) -> tuple[int, int]:
    """(#B-better at least, #A-better at most) over the permutations, on the relative interior of the cone."""
    gt_lb, lt_ub, _, _ = _piece(problem, layout, cone, gaps=False)
    return gt_lb, lt_ub


def _piece(problem: _Problem, layout: _Layout, cone: list[_Ray], gaps: bool = True) -> tuple[int, int, int, int]:
    """:func:`_bounds` and the permutations that leave each bound short: (#B-better at least, #A-better at most,
    B-open, A-open), the last two bit sets over the permutations (0 when ``gaps`` is false).

    A permutation is *B-open* when the rays show neither that B is strictly better on the whole relative interior
    nor that it never is, and *A-open* likewise for A; the bounds are exact on the others. So only a split that
    settles an open permutation can tighten a bound: :func:`_search` splits by such a hyperplane first.
    """
    chunk, T = layout.chunk, layout.T
    some_below = some_up = 0
    for r in cone:
        some_below |= r.down
        some_up |= r.up
    at_least = layout.universe ^ some_below                    # x_j ≥ x_i at every ray
    rows = problem.groups[0] if not problem.relative and not gaps else sorted(set().union(*problem.groups))
    ge, gt = _rows(at_least, layout, rows), _rows(at_least & some_up, layout, rows)    # ... and > at one

    def beaten(losers: int, winners: int) -> tuple[int, int]:
        """Per permutation: every loser has a winner ≥ it at every ray; the same and > at one."""
        weakly = strictly = chunk
        of_winners = layout.member_chunks[winners]
        for x in problem.groups[losers]:
            weakly &= _any_chunk(ge[x] & of_winners, layout)
            strictly &= _any_chunk(gt[x] & of_winners, layout)
        return weakly, strictly

    if not problem.relative:
        never_a, b_better = beaten(0, 1)              # some b ≥ a; some b > a (then max_B > max_A)
        never_b, a_better = beaten(1, 0) if gaps else (chunk, chunk)
    else:
        optimal, not_optimal = [], []
        C = problem.groups[2]
        of_c = layout.member_chunks[2]
        for k, X in enumerate(problem.groups[:2]):
            true = false = chunk
            of_x = layout.member_chunks[k]
            for c in C:
                true &= _any_chunk(ge[c] & of_x, layout)
            for x in X:
                false &= _any_chunk(gt[x] & of_c, layout)
            optimal.append(true)
            not_optimal.append(false)
        b_better, never_a = optimal[1] & not_optimal[0], not_optimal[0] | optimal[1]
        a_better, never_b = optimal[0] & not_optimal[1], not_optimal[1] | optimal[0]
    if not gaps:
        return b_better.bit_count(), T - never_a.bit_count(), 0, 0
    return (b_better.bit_count(), T - never_a.bit_count(), chunk & ~(b_better | never_b),
            chunk & ~(a_better | never_a))


def _witness(cone: list[_Ray]) -> tuple[int, ...]:
    """The sum of the cone's primitive rays over their gcd (:func:`~symorbit.orbits.profiles._face_sums` of the
    whole cone, in Python integers: two a split, where numpy's set-up cost more than the sum)."""
    return _primitive_sum(r.g for r in cone)


class _Search:
    """The best value of each quantity found so far, with its profile key and witness."""

    def __init__(self, problem: _Problem, generic_only: bool, goal: tuple[str, Fraction] | None = None) -> None:
        self.problem, self.generic_only, self.goal = problem, generic_only, goal
        self.T = problem.px.shape[0]
        self.best: dict[str, tuple[Fraction, tuple[int, int, int, int], tuple[int, ...]] | None] = \
            dict.fromkeys(_QUANTITIES)
        self.pending: list[tuple[int, ...]] = []
        self.pieces = 0
        #: With a goal (quantity, threshold): "holds" or "fails" once every piece that could break
        #: "quantity ≥ threshold" has been searched, and the pieces it took; whether the minima are exact.
        self.decided: str | None = None
        self.decided_at = 0
        self.exact = True

    def add(self, witnesses: list[tuple[int, ...]], now: bool = False) -> None:
        self.pending += witnesses
        if now or len(self.pending) >= _BATCH:
            self.flush()

    def flush(self) -> None:
        found = _evaluate(self.problem, sorted(set(self.pending)))
        self.pending = []
        for key, w in found.items():
            b, a, t, o = key
            if self.generic_only and t:
                continue
            gt, lt = b * self.T // o, a * self.T // o
            for q in _QUANTITIES:
                parts = _parts(q, gt, lt, self.T)
                if parts is None:
                    continue
                old = self.best[q]
                if old is None or (sign := _below(parts, old[0])) < 0 or sign == 0 and _size(w) < _size(old[2]):
                    self.best[q] = (Fraction(*parts), key, w)

    def decide(self) -> None:
        """Once every piece that could decide the goal is searched: its verdict and the pieces it took (first time
        only; the pending witnesses are valued first)."""
        self.flush()
        if self.goal is not None and self.decided is None:
            self.decided, self.decided_at = ("fails" if self.failed() else "holds"), self.pieces

    def failed(self) -> bool:
        """Whether a witness valued so far breaks the goal's claim (quantity ≥ threshold)."""
        if self.goal is None:
            return False
        found = self.best[self.goal[0]]
        return found is not None and found[0] < self.goal[1]

    def needed(self, gt_lb: int, lt_ub: int) -> bool:
        """Whether a piece with these bounds is needed to decide the goal: no witness breaks the claim yet and
        the piece may hold a reward that does (always, without a goal)."""
        if self.goal is None:
            return True
        if self.failed():
            return False
        bound = _value(self.goal[0], gt_lb, lt_ub, self.T)
        return bound is not None and bound < self.goal[1]

    def open(self, gt_lb: int, lt_ub: int) -> set[str]:
        """The quantities whose value a piece with these bounds may make smaller: :func:`_value`'s bound below the
        best value, compared as integers (asked of every piece)."""
        out = set()
        for q in _QUANTITIES:
            parts = _parts(q, gt_lb, lt_ub, self.T)        # None: no A-better in the piece
            old = self.best[q]
            if parts is not None and (old is None or _below(parts, old[0]) < 0):
                out.add(q)
        return out


def _focus(open_: set[str], b_open: int, a_open: int) -> int:
    """The permutations whose settling could tighten the bound of an open quantity: the strict fraction reads
    #B-better, the weak one #A-better, the ratio both."""
    return (b_open if open_ & {"ratio", "strict"} else 0) | (a_open if open_ & {"ratio", "weak"} else 0)


def _focused_normal(layout: _Layout, normals: Any, cuts: tuple[int, ...], focus: int, cone: list[_Ray], rule: str,
                    problem: _Problem, cand: tuple[int, ...], bit: int) -> list[int]:
    """The split of a piece: among the hyperplanes that cut it for a permutation in ``focus`` (the open ones of
    :func:`_focus`), the one with the most such cuts, ties to the most relevant cuts in all (rule ``most``; the
    other rules choose among the focused cuts); every relevant cut where none is focused.

    Measured against ``most`` on all cuts (docs/performance.md#worst-cases): fewer pieces on the d = 6 MDPs
    (seed 9: 40,480 to 20,431; seed 11: 4,849 to 1,888), more on three small instances.
    """
    if rule != "most":
        rep = layout.universe // layout.chunk      # 1 at the start of every pair's chunk: focus in every pair
        focused = tuple(c & focus * rep for c in cuts)
        return _split_normal(layout, normals, focused if any(focused) else cuts, cone, rule, problem, cand, bit)
    at = np.concatenate([_positions(bits, layout) for bits in cuts])       # the relevant cuts' bits (i, j, τ)
    flags = np.unpackbits(np.frombuffer(focus.to_bytes(layout.S // 8, "little"), dtype=np.uint8), bitorder="little")
    total = np.bincount(layout.normal_of_bit[at], minlength=len(normals))
    on_open = np.bincount(layout.normal_of_bit[at[flags[at % layout.S] == 1]], minlength=len(normals))
    score = on_open * (int(total.max()) + 1) + total        # in integers; no focused cut: total alone
    return [int(c) for c in normals[int(np.argmax(score))]]


def _search(problem: _Problem, generic_only: bool, max_pieces: int, rule: str = "most",
            trace: Callable[..., None] | None = None, goal: tuple[str, Fraction] | None = None,
            report_pieces: int = REPORT_PIECES, max_seconds: Any = None) -> _Search:
    """The branch and bound over the relative interiors of the sorted chamber's cones; ``rule`` chooses the
    splits among the cuts of open permutations (:func:`_focused_normal`; worst_cases keeps ``most``, the benchmark
    compares). ``trace(search, cone, depth, gt_lb, lt_ub, normal)`` is called before each split
    (benchmarks/worst_stall.py reads where a search stalls).

    With a ``goal`` (quantity, threshold) the pieces that may hold a reward breaking "quantity ≥ threshold" are
    searched first, split to settle that quantity, and the others (which only the minima need) are put aside; once
    the first kind is exhausted the claim is decided (``search.decided``) after N pieces, and the pieces put aside
    are searched for the exact minima: up to ``max_pieces`` in all after "holds", for at most max(N,
    ``report_pieces``) more after "fails" (``search.exact`` False if that stops short).
    Past ``max_pieces`` before the claim is decided: TooLarge, as without a goal. ``max_seconds`` (wall clock, read
    every 16 pieces) bounds the search as ``max_pieces`` does; its TooLarge names the least values found so far.
    """
    deadline = None if max_seconds is None else time.monotonic() + float(max_seconds)
    layout, normals = _layout(problem)
    search = _Search(problem, generic_only, goal)
    # the relative interior of every face of each simplicial root cone; every face's witness is valued before
    # either root is searched, so the best values found at one root prune the other's pieces from the start
    # (4 + 4 vectors in [0, 10^6)^6, seed 0: its minima sit at the second root's ray -1)
    roots = [(_root_cone(problem, layout, root), len(root)) for root in _roots(problem)]
    faces = [[[base[j] for j in face] for size in range(1, k + 1) for face in itertools.combinations(range(k), size)]
             for base, k in roots]
    search.add([tuple([0] * problem.d)] + [_witness(cone) for cones in faces for cone in cones], now=True)
    # one stack for both roots, the first root's faces on top: the order in which they were searched one after
    # the other. Entries: (cone, candidates, depth, its _piece or None).
    Entry = tuple[list[_Ray], Any, int, Any]
    stack: list[Entry] = [(cone, layout.candidates, k, None)
                          for (_, k), cones in reversed(list(zip(roots, faces))) for cone in cones]
    aside: list[Entry] = []                 # with a goal: the pieces only the minima need
    while stack or aside:
        if not stack:                       # every piece that could decide the goal is searched
            search.decide()
            if search.decided == "fails" and \
                    search.pieces >= search.decided_at + max(search.decided_at, report_pieces):
                search.exact = not _any_open(search, problem, layout, aside)
                break
            cone, cand, depth, piece = aside.pop()
        else:
            cone, cand, depth, piece = stack.pop()
            if search.goal is not None and search.failed():       # decided: the rest is for the minima alone
                aside.append((cone, cand, depth, piece))
                aside.extend(stack)
                stack.clear()
                continue
        search.pieces += 1
        late = deadline is not None and not search.pieces & 15 and time.monotonic() > deadline
        if search.pieces > max_pieces or late:
            if search.decided is not None:
                search.exact = not _any_open(search, problem, layout, aside + [(cone, cand, depth, piece)])
                break
            if late:
                search.flush()
                raise TooLarge(f"worst_cases: undecided after {max_seconds} s ({format_count(search.pieces)} pieces "
                               f"of the sorted chamber, d={problem.d}, {len(problem.vectors)} non-dominated vectors); "
                               f"the least values found, not proven minimal: {_least_found(search)}; pass a larger "
                               "max_seconds= (symorbit count --max-seconds)")
            raise TooLarge(f"worst_cases: more than {format_count(max_pieces)} pieces of the sorted chamber "
                           f"(d={problem.d}, {len(problem.vectors)} non-dominated vectors); pass a larger "
                           "max_pieces=, or fewer coordinates")
        gt_lb, lt_ub, b_open, a_open = _piece(problem, layout, cone) if piece is None else piece
        open_ = search.open(gt_lb, lt_ub)
        if not open_:
            continue
        if search.goal is not None and search.decided is None:
            if not search.needed(gt_lb, lt_ub):
                search.pieces -= 1          # counted when it is taken up again
                aside.append((cone, cand, depth, (gt_lb, lt_ub, b_open, a_open)))
                continue
            open_ = {search.goal[0]}        # split to settle the claim's quantity
        cand, cuts = _relevant_cuts(problem, layout, cone, cand, replayable=False)
        if not any(cuts):
            search.add([_witness(cone)])
            continue
        bit = 1 << depth
        normal = _focused_normal(layout, normals, cuts, _focus(open_, b_open, a_open), cone, rule, problem,
                                 cand, bit)
        if trace is not None:
            trace(search, cone, depth, gt_lb, lt_ub, normal)
        upper, lower = _split(problem, layout, cone, normal, bit)
        middle = [r for r in upper if r.tight & bit]       # the crossings and the rays on the hyperplane
        search.add([_witness(upper), _witness(lower)], now=True)
        stack += [(middle, cand, depth + 1, None), (lower, cand, depth + 1, None), (upper, cand, depth + 1, None)]
    search.decide()
    return search


def _least_found(search: _Search) -> str:
    """The best value of each quantity a search has found so far, for a message ("ratio 1, strict 0, weak 1/2")."""
    return ", ".join(f"{q} {best[0]}" for q in _QUANTITIES if (best := search.best[q]) is not None) or "none yet"


def _any_open(search: _Search, problem: _Problem, layout: _Layout, entries: list[Any]) -> bool:
    """Whether some piece left in ``entries`` could still lower a minimum (stops at the first that could)."""
    for cone, _, _, piece in reversed(entries):
        if search.open(*(_piece(problem, layout, cone) if piece is None else piece)[:2]):
            return True
    return False


@functools.lru_cache(maxsize=1024)
def _search_canonical(key: tuple[tuple[tuple[int, ...], ...], ...], relative: bool, generic_only: bool,
                      max_pieces: int, max_seconds: Any = None) -> tuple[dict[str, Any], int]:
    """The best values and the pieces examined for one canonical form (:func:`~symorbit.orbits.profiles._canonical`),
    remembered: the minima and their sorted witnesses are the same for every coordinate permutation and positive
    scaling of the sets, and a search meets each form many times. The witnesses are recounted on the sets given."""
    problem = _canonical_problem(key, relative)
    search = _search(problem, generic_only, max_pieces, max_seconds=max_seconds)
    return dict(search.best), search.pieces


def worst_cases(outcomes_a: Any, outcomes_b: Any, *, relative_to: Any = None, generic_only: bool = False,
                max_pieces: int = MAX_PIECES, max_seconds: Any = None) -> WorstCases:
    """The minima over every reward r ∈ Q^d of #B-better/#A-better and of the strict and weak fractions.

    The same values as the minima over :func:`~symorbit.orbits.profiles.count_profiles`' list,
    found by branch and bound (the module's Method): pieces of the sorted chamber that cannot
    hold a smaller value are never cut, so instances whose profile list is out of reach (most at
    d = 6) are decided in seconds.

    Parameters
    ----------
    outcomes_a, outcomes_b : OutcomeSet or list of vectors
        Exact entries (ints, ``Fraction``, ``"p/q"``); floats are refused.
    relative_to : OutcomeSet or list of vectors, keyword-only, optional
        As in :func:`~symorbit.orbit_counts`: IsOptimal(B|C) against IsOptimal(A|C).
    generic_only : bool, keyword-only
        Leave out the rewards whose orbit has a tie (the "almost every reward" of a strict
        conjecture).
    max_pieces : int, keyword-only
        Refuse with :class:`~symorbit.errors.TooLarge` past this many pieces (default
        :data:`MAX_PIECES`).
    max_seconds : int or Fraction, keyword-only, optional
        Refuse with :class:`~symorbit.errors.TooLarge` once the search has run this long (wall
        clock; default no limit). The message gives the least values found so far, which are
        upper bounds on the minima, not proven minimal.

    Returns
    -------
    WorstCases
        ``ratio``, ``strict``, ``weak``: each a :class:`~symorbit.orbits.profiles.WorstCase`
        whose profile's witness reward (sorted, integer) has been recounted with
        :func:`~symorbit.orbit_counts`; ``pieces``, the work done.

    Raises
    ------
    InvalidArgument, NotExact
        As :func:`~symorbit.orbits.profiles.count_profiles`.
    TooLarge
        d > 7, more than ``max_pieces`` pieces, or more than ``max_seconds``.
    InvariantViolation
        A witness did not recount to its profile (an internal error; nothing is returned).

    Examples
    --------
    Two "things" against one (docs/theory.md#two-vs-51 in miniature): B is strictly better at
    least twice as often as A, and weakly better on at least 2/3 of every orbit.

    >>> w = worst_cases([[1, 0, 0, 0]], [[0, 1, 0, 0], [0, 0, 1, 0]])
    >>> w.ratio.value, w.weak.value, w.strict.value
    (Fraction(2, 1), Fraction(2, 3), Fraction(0, 1))

    Over the rewards without ties only, the strict fraction is 2/3 as well:

    >>> worst_cases([[1, 0, 0, 0]], [[0, 1, 0, 0], [0, 0, 1, 0]], generic_only=True).strict.value
    Fraction(2, 3)

    References
    ----------
    PR Def. 3.2, Lemma B.3, Conj. D.13; docs/theory.md#most.
    """
    sets, (A, B, C) = _validated(outcomes_a, outcomes_b, relative_to)
    key, relative = _canonical_nd(tuple(X.vectors for X in sets))
    max_pieces = cast(int, check_limit(max_pieces, name="max_pieces"))     # a float (1e6) or None got through
    max_seconds = check_seconds(max_seconds)
    best, pieces = _search_canonical(key, relative, generic_only, max_pieces, max_seconds)
    return _recounted(best, pieces, A, B, C)


def _recounted(best: dict[str, Any], pieces: int, A: Any, B: Any, C: Any) -> WorstCases:
    """The best values of a search as WorstCases, every witness recounted with :func:`~symorbit.orbit_counts`."""
    out: dict[str, WorstCase] = {}
    for q in _QUANTITIES:
        found = best[q]
        if found is None:
            out[q] = WorstCase(None, None)
            continue
        value, counts, w = found
        profile = CountProfile(tuple(Fraction(x) for x in w), *counts)
        got = orbit_counts(A, B, profile.reward, relative_to=C).counts
        if got != profile.counts:
            raise InvariantViolation(f"worst_cases: witness reward={tuple(map(str, profile.reward))} recounts to "
                                     f"{got}, not {profile.counts}")
        out[q] = WorstCase(value, profile)
    return WorstCases(out["ratio"], out["strict"], out["weak"], pieces)


class ClaimWorstCases(NamedTuple):
    """What :func:`claim_worst_cases` found: the claim decided, and the worst cases as far as they were settled.

    Parameters
    ----------
    holds : bool
        Whether quantity ≥ threshold at every reward (decided exactly, whatever ``exact`` says).
    worst : WorstCases
        The least value of each quantity found, each with a recounted witness: the minima when ``exact``.
        When the claim fails, the claim's quantity is below the threshold at its witness.
    exact : bool
        Whether every value in ``worst`` is the minimum over every reward (else an upper bound on it).
    decided_at : int
        The pieces the decision took (``worst.pieces`` counts the report's too).

    Examples
    --------
    >>> c = claim_worst_cases([[1, 0, 0]], [[0, 1, 0], [0, 0, 1]], "weak", "1/2")
    >>> c.holds, c.exact, c.worst.weak.value
    (True, True, Fraction(2, 3))

    References
    ----------
    PR Def. 3.2, Lemma B.3; docs/guide.md#every-reward.
    """

    holds: bool
    worst: WorstCases
    exact: bool
    decided_at: int


@functools.lru_cache(maxsize=1024)
def _decide_canonical(key: tuple[tuple[tuple[int, ...], ...], ...], relative: bool, generic_only: bool,
                      max_pieces: int, goal: tuple[str, Fraction], report_pieces: int
                      ) -> tuple[dict[str, Any], int, str, bool, int]:
    """:func:`_search_canonical` with a goal: the best values, the pieces, the decision, whether the values are
    the minima, and the pieces the decision took."""
    search = _search(_canonical_problem(key, relative), generic_only, max_pieces, goal=goal,
                     report_pieces=report_pieces)
    assert search.decided is not None
    return dict(search.best), search.pieces, search.decided, search.exact, search.decided_at


def claim_worst_cases(outcomes_a: Any, outcomes_b: Any, quantity: str, threshold: Any, *, relative_to: Any = None,
                      generic_only: bool = False, max_pieces: int = MAX_PIECES,
                      report_pieces: int | None = None) -> ClaimWorstCases:
    """Decide "quantity ≥ threshold at every reward", then the worst cases as far as a budget allows.

    The branch and bound of :func:`worst_cases`, led by one claim: it first searches only the pieces that may
    hold a reward breaking the claim (so a counterexample ends that part at once, and a claim with room to spare
    prunes more than the minima would), then settles the three minima: within ``max_pieces`` in all after "holds";
    after "fails", in at most as many pieces again as the decision took (and at least ``report_pieces``). So a claim is answered where :func:`worst_cases` would run on for the minima of quantities the
    claim does not read, or for the exact value of a quantity far below the threshold.

    Parameters
    ----------
    outcomes_a, outcomes_b : OutcomeSet or list of vectors
        Exact entries; floats are refused.
    quantity : {"ratio", "strict", "weak"}
        #B-better / #A-better (a reward with no A-better element satisfies every ratio claim, as
        ≥ⁿ_most reads: #B-better ≥ n · #A-better), the strict or the weak fraction.
    threshold : int, Fraction or "p/q" string
        The claim is quantity ≥ threshold.
    relative_to, generic_only, max_pieces
        As in :func:`worst_cases`; past ``max_pieces`` before the claim is decided: TooLarge.
    report_pieces : int, keyword-only, optional
        After "fails", the least number of pieces spent on the minima, if they need it (default
        :data:`REPORT_PIECES`, read at the call); at most as many as the decision took, if that is more.

    Returns
    -------
    ClaimWorstCases

    Raises
    ------
    InvalidArgument, NotExact, TooLarge, InvariantViolation
        As :func:`worst_cases`; InvalidArgument also for an unknown quantity.

    Examples
    --------
    Two things against one: B ≥²_most A holds (the ratio's minimum is 2), B ≥³_most A fails.

    >>> A, B = [[1, 0, 0, 0]], [[0, 1, 0, 0], [0, 0, 1, 0]]
    >>> c = claim_worst_cases(A, B, "ratio", 2)
    >>> c.holds, c.worst.ratio.value, c.exact
    (True, Fraction(2, 1), True)
    >>> claim_worst_cases(A, B, "ratio", 3).holds
    False

    References
    ----------
    PR Def. 3.2, Lemma B.3, Conj. D.13; docs/theory.md#most.
    """
    if quantity not in _QUANTITIES:
        raise InvalidArgument(f"quantity={quantity!r} must be one of {', '.join(_QUANTITIES)}")
    goal = (quantity, to_fraction(threshold, name="threshold"))
    sets, (A, B, C) = _validated(outcomes_a, outcomes_b, relative_to)
    key, relative = _canonical_nd(tuple(X.vectors for X in sets))
    max_pieces = cast(int, check_limit(max_pieces, name="max_pieces"))
    if report_pieces is not None and (isinstance(report_pieces, bool) or not isinstance(report_pieces, int)
                                      or report_pieces < 0):
        raise InvalidArgument(f"report_pieces={report_pieces!r} must be an integer >= 0 (0: stop once decided)")
    report = REPORT_PIECES if report_pieces is None else report_pieces
    best, pieces, decided, exact, at = _decide_canonical(key, relative, generic_only, max_pieces, goal, report)
    return ClaimWorstCases(decided == "holds", _recounted(best, pieces, A, B, C), exact, at)


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
        As in :func:`~symorbit.orbits.profiles.count_profiles`.

    Returns
    -------
    WorstCase
        The least ratio over every reward r ∈ Q^d and a profile attaining it, found by
        :func:`worst_cases`' branch and bound (the same minimum as
        over :func:`~symorbit.orbits.profiles.count_profiles`' list, without listing it).

    Raises
    ------
    InvalidArgument, NotExact, TooLarge, InvariantViolation
        As :func:`worst_cases`.

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
    return worst_cases(outcomes_a, outcomes_b, relative_to=relative_to).ratio


def worst_fractions(outcomes_a: Any, outcomes_b: Any, *, relative_to: Any = None) -> WorstFractions:
    """min over all rewards of the strict fraction b/|O| and of the weak fraction (b + t)/|O|.

    Parameters
    ----------
    outcomes_a, outcomes_b : OutcomeSet or list of vectors
        Exact entries; floats are refused.
    relative_to : OutcomeSet or list of vectors, keyword-only, optional
        As in :func:`~symorbit.orbits.profiles.count_profiles`.

    Returns
    -------
    WorstFractions
        ``strict`` and ``weak``, each the minimum over every reward r ∈ Q^d with a
        profile attaining it (by :func:`worst_cases`).

    Raises
    ------
    InvalidArgument, NotExact, TooLarge, InvariantViolation
        As :func:`worst_cases`.

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
    worst = worst_cases(outcomes_a, outcomes_b, relative_to=relative_to)
    return WorstFractions(worst.strict, worst.weak)
